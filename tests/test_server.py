"""xlwings Server for Office.js, started with ``lkjip-xl serve`` on loopback (a real uvicorn in a
subprocess), spoken to the way Excel's clients speak to it.

- custom-functions-meta lists every function; custom-functions-call, with the body the
  JavaScript client posts, answers the golden cases;
- custom-scripts-call for the "Hitung Ulang" button, given the JSON book of a filled template
  (built as the Office.js client builds it), answers actions which, applied to the file, give
  exactly the cells ``recompute_file`` gives;
- the server's own JavaScript client runs in Node and returns a correct LKJ_CAPAIAN.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from defusedxml import ElementTree

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # PolyForm NC, DESIGN §7

import lkjip_xl as lx
from lkjip_xl.excel import udfs
from lkjip_xl.workbook.api import recompute_file
from tests.conftest import missing_counterpart
from tests.reference import REPO, golden_cases, printed
from tests.test_xlwings_book import (
    STATUS_CELLS,
    apply_actions,
    differences,
    new_log_time,
    officejs_payload,
)
from tests.workbooks import ANGGARAN, INDIKATOR, TRIWULAN, filled_kinerja

pytestmark = pytest.mark.slow
NODE_HARNESS = Path(__file__).parent / "node" / "custom_functions_client.mjs"
START_TIMEOUT = 30


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, origin: str, process: subprocess.Popen):
        self.origin, self.process = origin, process

    def get(self, path: str) -> tuple[int, str, str]:
        try:
            with urllib.request.urlopen(self.origin + path, timeout=30) as response:
                return (
                    response.status,
                    response.headers["content-type"],
                    response.read().decode(errors="replace"),
                )
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers["content-type"], exc.read().decode()

    def post(self, path: str, body) -> tuple[int, object]:
        request = urllib.request.Request(
            self.origin + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial", "LKJIP_USER": "penguji"}
    with open(log, "w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "lkjip_xl.cli", "serve", "--host", "127.0.0.1",
             "--port", str(port)],
            cwd=REPO, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", process)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            pytest.fail(f"lkjip-xl serve exited: {log.read_text()}")
        try:
            if server.get("/xlwings/custom-functions-meta")[0] == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"lkjip-xl serve did not start in {START_TIMEOUT} s: {log.read_text()}")
        time.sleep(0.2)
    try:
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def js_body(func_name: str, *args) -> dict:
    """The body the JavaScript client posts for one call (see tests/node for the real one):
    every argument a 2-D array, omitted optional arguments null."""
    import xlwings as xw

    return {
        "func_name": func_name,
        "args": list(args),
        "caller_address": "[kinerja.xlsx]Indikator!Q5",
        "content_language": "id-ID",
        "version": xw.__version__,
        "runtime": "1.4",
        "client": "Office.js",
    }


# --- functions -----------------------------------------------------------------------------


def test_meta_lists_every_function(served):
    status, kind, text = served.get("/xlwings/custom-functions-meta")
    assert status == 200 and kind.startswith("application/json")
    meta = json.loads(text)
    functions = {f["name"]: f for f in meta["functions"]}
    assert set(functions) == set(udfs.UDFS)
    for name, spec in udfs.UDFS.items():
        entry = functions[name]
        assert entry["id"] == name and entry["description"] == spec.description
        assert entry["result"] == {"dimensionality": "matrix", "type": "any"}
        import inspect

        params = inspect.signature(spec.func).parameters
        assert [p["name"] for p in entry["parameters"]] == list(params)
        for p in entry["parameters"]:
            assert p["description"] == spec.args[p["name"]]
            optional = params[p["name"]].default is not inspect.Parameter.empty
            assert p.get("optional", False) is optional


def test_function_calls_answer_the_golden_cases(served):
    capaian = golden_cases("capaian")
    assert capaian
    for case in capaian:
        i = case["inputs"]
        batas = i.get("batas_atas")
        status, body = served.post(
            "/xlwings/custom-functions-call",
            js_body("LKJ_CAPAIAN", [[i["target"]]], [[i["realisasi"]]],
                    [[i["polaritas"].capitalize()]], [[i.get("metode_negatif", "lan")]],
                    None if batas is None else [[batas]]),
        )  # fmt: skip
        assert status == 200, body
        ((value,),) = body["result"]
        assert printed(value, case) == pytest.approx(case["expected"], abs=1e-9), case["id"]

    serapan = golden_cases("serapan")
    status, body = served.post(
        "/xlwings/custom-functions-call",
        js_body("LKJ_SERAPAN", [[c["inputs"]["pagu"]] for c in serapan] + [[""]],
                [[c["inputs"]["realisasi_anggaran"]] for c in serapan] + [[5]]),
    )  # fmt: skip
    assert status == 200
    for case, (value,) in zip(serapan, body["result"], strict=False):
        assert printed(value, case) == pytest.approx(case["expected"], abs=1e-9), case["id"]
    assert body["result"][-1] == [""]

    predikat = golden_cases("predikat")
    for case in predikat:
        status, body = served.post(
            "/xlwings/custom-functions-call",
            js_body("LKJ_PREDIKAT", [[case["inputs"]["nilai"]]], [[case["inputs"]["skala"]]]),
        )
        assert body["result"] == [[case["expected"]]], case["id"]

    pegawai = golden_cases("ipasn_pegawai")
    case = pegawai[0]
    fields = [case["inputs"][f] for f in ("pendidikan", "jenis_jabatan", "diklat_jenjang",
              "jp_diklat_teknis", "seminar", "nilai_skp", "hukuman_disiplin")]  # fmt: skip
    fields = [("Ya" if v else "Tidak") if isinstance(v, bool) else v for v in fields]
    status, body = served.post(
        "/xlwings/custom-functions-call", js_body("LKJ_IPASN_RINCI", *[[[v]] for v in fields])
    )
    row = body["result"][0]
    assert [printed(v, case) for v in row[:5]] == [
        case["expected"][k] for k in ("kualifikasi", "kompetensi", "kinerja", "disiplin", "total")
    ]
    assert row[5] == case["expected"]["kategori"]


def test_an_excel_error_argument_is_answered_not_raised(served):
    error = {"type": "Error", "errorType": "Div0", "basicValue": "#DIV/0!"}
    status, body = served.post(
        "/xlwings/custom-functions-call", js_body("LKJ_CAPAIAN", [[error]], [[5]], None, None, None)
    )
    assert status == 200
    assert body["result"] == [["Target: Sel berisi galat Excel #DIV/0!; perbaiki rumusnya."]]
    status, body = served.post("/xlwings/custom-functions-call", js_body("open", [[1]]))
    assert status == 400 and "tidak dikenal" in body["detail"]


# --- scripts -------------------------------------------------------------------------------


def test_scripts_meta_names_the_buttons(served):
    status, _, text = served.get("/xlwings/custom-scripts-meta")
    assert status == 200
    scripts = {s["function_name"]: s["name"] for s in json.loads(text)}
    assert scripts == {"hitung_ulang": "Hitung Ulang", "periksa": "Periksa"}


def test_recompute_button_gives_the_cells_of_the_file_recompute(served, tmp_path, monkeypatch):
    monkeypatch.setenv("LKJIP_USER", "penguji")  # the server runs with the same user name
    source = filled_kinerja(tmp_path / "kinerja.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    expected = tmp_path / "cli.xlsx"
    shutil.copy(source, expected)
    recompute_file(expected)

    status, answer = served.post(
        "/xlwings/custom-scripts-call/hitung_ulang", officejs_payload(source)
    )
    assert status == 200, answer
    actual = tmp_path / "officejs.xlsx"
    applied = apply_actions(source, answer["actions"], actual)

    time_cell, _ = new_log_time(actual)
    assert differences(expected, actual, skip={time_cell, *STATUS_CELLS}) == []
    assert differences(source, actual, skip={time_cell, *STATUS_CELLS})  # it did compute
    # the button's own report: the status cell and the message in the task pane
    import openpyxl

    status_text = openpyxl.load_workbook(actual)["Identitas"]["B10"].value
    assert status_text.startswith("Hitung Ulang selesai")
    assert applied.alerts and applied.alerts[0][0].startswith(status_text)


def test_unknown_script_is_refused(served):
    status, body = served.post("/xlwings/custom-scripts-call/os", {"sheets": []})
    assert status == 400 and "hitung_ulang" in body["detail"]
    status, body = served.post("/xlwings/custom-scripts-call/periksa", {"bukan": "buku"})
    assert status == 400 and "buku kerja" in body["detail"]


# --- add-in files --------------------------------------------------------------------------


def test_manifest_taskpane_and_static_files(served):
    status, kind, text = served.get("/manifest.xml")
    assert status == 200 and "xml" in kind
    root = ElementTree.fromstring(text.encode())
    ns = {"o": "http://schemas.microsoft.com/office/appforoffice/1.1",
          "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
          "v": "http://schemas.microsoft.com/office/taskpaneappversionoverrides"}  # fmt: skip
    assert root.find("o:DefaultSettings/o:SourceLocation", ns).get("DefaultValue") == (
        served.origin + "/taskpane"
    )
    strings = {s.get("id"): s.get("DefaultValue") for s in root.iter(f"{{{ns['bt']}}}String")}
    assert strings["Functions.Namespace"] == "LKJIP"
    urls = {u.get("id"): u.get("DefaultValue") for u in root.iter(f"{{{ns['bt']}}}Url")}
    assert urls["Functions.Metadata.Url"] == served.origin + "/xlwings/custom-functions-meta"
    images = [i.get("DefaultValue") for i in root.iter(f"{{{ns['bt']}}}Image")]
    for url in [*urls.values(), *filter(None, images)]:
        path = url[len(served.origin) :]
        assert served.get(path)[0] == 200, path

    status, _, page = served.get("/taskpane")
    assert 'data-skrip="hitung_ulang"' in page and 'data-skrip="periksa"' in page
    assert "{{" not in page
    status, kind, script = served.get("/static/lkjip-taskpane.js")
    assert status == 200 and "javascript" in kind and "lkjipUnprotect" in script
    assert served.get("/static/..%2Fserver.py")[0] == 404


# --- the JavaScript client in Node ---------------------------------------------------------


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        missing_counterpart("Node.js", "the node executable is not on PATH")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout
    if int(version.strip().lstrip("v").split(".")[0]) < 18:
        missing_counterpart("Node.js 18+", f"found {version.strip()}, which has no fetch")
    return node


def _run_node(served, function: str, args: list, rename: str | None = None) -> dict:
    result = subprocess.run(
        [_node(), str(NODE_HARNESS), served.origin, function, json.dumps(args),
         *([rename] if rename else [])],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_javascript_client_in_node_returns_capaian(served):
    case = next(c for c in golden_cases("capaian") if c["inputs"]["polaritas"] == "negatif")
    i = case["inputs"]
    out = _run_node(served, "LKJ_CAPAIAN",
                    [[[i["target"]]], [[i["realisasi"]]], [["Negatif"]], None, None])  # fmt: skip
    assert out["registered"] == sorted(udfs.UDFS)
    ((value,),) = out["result"]
    assert value == lx.capaian(i["target"], i["realisasi"], polaritas="negatif")
    assert printed(value, case) == pytest.approx(case["expected"], abs=1e-9)

    out = _run_node(served, "LKJ_CAPAIAN", [[[75], [0], [""]], [[71.59], [5], [5]], None, None,
                                            None])  # fmt: skip
    zero = "Target bernilai 0: capaian tidak dapat dihitung."
    assert out["result"] == [[lx.capaian(75, 71.59)], [zero], [""]]


def test_task_pane_script_parses_and_handles_every_action_the_scripts_send(served, tmp_path):
    status, _, script = served.get("/static/lkjip-taskpane.js")
    assert status == 200
    path = tmp_path / "lkjip-taskpane.js"
    path.write_text(script, encoding="utf-8")
    result = subprocess.run([_node(), "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # the actions the Python side emits (see apply_actions) and the client macros it calls
    for name in ("setValues", "resizeTable", "runMacro", "alert", "lkjipUnprotect",
                 "lkjipProtect"):  # fmt: skip
        assert f"async {name}(context" in script, name


def test_javascript_client_reports_a_server_refusal_as_an_excel_error(served):
    out = _run_node(served, "LKJ_SERAPAN", [[[100]], [[50]]])
    assert out["result"] == [[50.0]]
    # The same call naming a function the server does not know (as after an upgrade).
    out = _run_node(served, "LKJ_SERAPAN", [[[100]], [[50]]], rename="LKJ_TIDAK_ADA")
    assert "result" not in out
    assert out["error"] == {"code": "#VALUE!", "message": "Fungsi 'LKJ_TIDAK_ADA' tidak dikenal."}


# --- without the extra ---------------------------------------------------------------------


def test_serve_without_the_extra_says_how_to_install_it():
    code = (
        "import sys; sys.modules['fastapi'] = None; sys.argv = ['lkjip-xl', 'serve']; "
        "from lkjip_xl.cli import main; main()"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, timeout=60)  # fmt: skip
    assert result.returncode == 2
    assert "pip install 'lkjip_xl[server]'" in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
