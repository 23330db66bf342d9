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

from tests.serving import serving
from tests.taskpane_click import proxy_error

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # PolyForm NC, DESIGN §7

import lkjip_xl as lx
from lkjip_xl.excel import udfs
from lkjip_xl.workbook.api import recompute_file
from tests.conftest import missing_counterpart
from tests.reference import REPO, golden_cases, printed
from tests.test_xlwings_book import (
    STATUS_CELLS,
    _percent_file,
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
    ready = lambda: server.get("/xlwings/custom-functions-meta")[0] == 200  # noqa: E731
    with serving(process, log, ready, START_TIMEOUT):
        yield server


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


def test_a_percentage_typed_in_excel_is_computed_as_the_file_recompute_computes_it(
    served, tmp_path, monkeypatch
):
    """A target typed "75%" (0.75 shown as 75%) gave a capaian of 9545 through the task pane;
    the cells it sends as shown in a percent format are now read as the figure shown."""
    monkeypatch.setenv("LKJIP_USER", "penguji")
    source = _percent_file(tmp_path)
    expected = tmp_path / "cli.xlsx"
    shutil.copy(source, expected)
    recompute_file(expected)

    payload = officejs_payload(source)
    assert any(sheet["lkjip_percent"] for sheet in payload["sheets"])
    status, answer = served.post("/xlwings/custom-scripts-call/hitung_ulang", payload)
    assert status == 200, answer
    actual = tmp_path / "officejs.xlsx"
    apply_actions(source, answer["actions"], actual)
    time_cell, _ = new_log_time(actual)
    assert differences(expected, actual, skip={time_cell, *STATUS_CELLS}) == []
    import openpyxl

    from lkjip_xl.workbook.contract import TEMPLATES

    ind = TEMPLATES["kinerja"].table("tblIndikator")
    ws = openpyxl.load_workbook(actual, data_only=True)[ind.sheet]
    assert ws[f"{ind.letter('Capaian')}{ind.first_data_row}"].value == 95.45  # 71.59 vs 75%


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


def _run_node(
    served, function: str, args: list, rename: str | None = None, page: str | None = None
) -> dict:
    """``page``: the origin the page calls, when not the server that gave the code."""
    env = {**os.environ, **({"LKJIP_PAGE_ORIGIN": page} if page else {})}
    result = subprocess.run(
        [_node(), str(NODE_HARNESS), served.origin, function, json.dumps(args),
         *([rename] if rename else [])],
        capture_output=True, text=True, timeout=60, env=env,
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
    for name in ("setValues", "setNumberFormat", "resizeTable", "runMacro", "alert",
                 "lkjipUnprotect", "lkjipProtect"):  # fmt: skip
        assert f"async {name}(context" in script, name


def test_task_pane_sends_the_number_cells_shown_as_a_percentage(served, tmp_path):
    """The task pane's getBookData, run in Node on each sheet's values, number format codes
    and categories (read from a real file), sends in lkjip_percent the cells the Python
    client above sends: the number cells whose code holds a %, none of the texts."""
    import datetime as dt

    import openpyxl
    from openpyxl.utils.datetime import to_excel

    path = _percent_file(tmp_path)
    wb = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(max_row=max(ws.max_row, 1), max_col=max(ws.max_column, 1)))
        sheets.append(
            {
                "name": ws.title,
                "values": [[to_excel(c.value) if isinstance(c.value, dt.datetime)
                            else "" if c.value is None else c.value for c in row]
                           for row in rows],
                "formats": [[c.number_format for c in row] for row in rows],
                "categories": [["Date" if isinstance(c.value, dt.datetime) else "General"
                                for c in row] for row in rows],
            }
        )  # fmt: skip
    book_file = tmp_path / "book.json"
    book_file.write_text(json.dumps({"name": path.name, "sheets": sheets}), encoding="utf-8")
    node = Path(__file__).parent / "node" / "taskpane_book_data.mjs"
    result = subprocess.run([_node(), str(node), served.origin, str(book_file)],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    sent = {s["name"]: s["lkjip_percent"] for s in json.loads(result.stdout)["sheets"]}
    expected = {s["name"]: s["lkjip_percent"] for s in officejs_payload(path)["sheets"]}
    assert sent == expected
    assert len(sent["Indikator"]) == 3  # 75%, 6,23% and the 80% typed under the table


def test_javascript_client_reports_a_server_refusal_as_an_excel_error(served):
    out = _run_node(served, "LKJ_SERAPAN", [[[100]], [[50]]])
    assert out["result"] == [[50.0]]
    # The same call naming a function the server does not know (as after an upgrade).
    out = _run_node(served, "LKJ_SERAPAN", [[[100]], [[50]]], rename="LKJ_TIDAK_ADA")
    assert "result" not in out
    assert out["error"] == {"code": "#VALUE!", "message": "Fungsi 'LKJ_TIDAK_ADA' tidak dikenal."}


def test_javascript_client_says_in_indonesian_that_the_server_cannot_be_reached(served):
    """A stopped server, and a proxy's error page in its place: the cell said "TypeError:
    fetch failed" (the browser's "Failed to fetch"), and showed the page's HTML."""
    out = _run_node(
        served, "LKJ_SERAPAN", [[[100]], [[50]]], page=f"http://127.0.0.1:{_free_port()}"
    )
    assert out["error"]["code"] == "#VALUE!"
    assert out["error"]["message"].startswith("Server lkjip_xl tidak terjangkau")
    assert "fetch" not in out["error"]["message"].lower()
    with proxy_error() as proxy:
        out = _run_node(served, "LKJ_SERAPAN", [[[100]], [[50]]], page=proxy)
    assert out["error"]["code"] == "#VALUE!" and "HTTP 502" in out["error"]["message"]
    assert "<html" not in out["error"]["message"]


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


# --- deployment: token, limits, address, HTTPS ----------------------------------------------


def _serve(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``lkjip-xl serve ARGS`` expected to refuse before listening."""
    clean = {k: v for k, v in os.environ.items() if k != "LKJIP_SERVER_TOKEN"}
    return subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", "serve", *args],
        capture_output=True, text=True, cwd=REPO, timeout=60,
        env={**clean, "COLUMNS": "200", **(env or {})},
    )  # fmt: skip


TOKEN = "uji-token-yang-cukup-panjang-123"
PERIKSA = "/xlwings/custom-scripts-call/periksa"


def test_serving_beyond_loopback_without_a_token_is_refused():
    """The README suggested --host 0.0.0.0 while the server had no authentication."""
    run = _serve("--host", "0.0.0.0", "--port", str(_free_port()))
    assert run.returncode == 2
    message = " ".join(run.stderr.split())
    assert message.startswith(
        "Gagal: Server yang mendengarkan di 0.0.0.0 (bukan hanya komputer ini) wajib memakai "
        "token akses: setel variabel lingkungan LKJIP_SERVER_TOKEN atau --token."
    ), message


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (["--host", "0.0.0.0"], {"LKJIP_SERVER_TOKEN": TOKEN}, "Sebutkan alamat yang dipakai"),
        (["--host", "0.0.0.0", "--token", "pendek", "--url", "https://x"], {},
         "Token akses harus minimal 16 karakter"),
        (["--token", TOKEN + "<&>"], {}, "hanya memuat huruf, angka"),
        (["--cert", "tidak-ada.pem"], {}, "HTTPS butuh keduanya: --cert (sertifikat) dan --key"),
        (["--cert", "tidak-ada.pem", "--key", "juga.pem"], {}, "Sertifikat tidak-ada.pem tidak"),
        (["--url", "ftp://server"], {}, "--url ftp://server bukan alamat web yang sah"),
    ],
    ids=["no-url", "short-token", "token-chars", "cert-without-key", "missing-cert", "bad-url"],
)  # fmt: skip
def test_a_configuration_that_must_not_start_is_refused_in_indonesian(args, env, words):
    run = _serve(*args, "--port", str(_free_port()), env=env)
    assert run.returncode == 2, run.stderr
    assert words in " ".join(run.stderr.split())
    assert "Traceback" not in run.stderr


def test_a_manifest_with_http_beyond_loopback_is_warned_about():
    from lkjip_xl.excel.server_guard import server_settings

    settings = server_settings("0.0.0.0", 8000, public_url="http://10.1.2.3:8000", token=TOKEN)
    assert settings.warnings == (
        "Peringatan: manifest akan memuat alamat http:// (http://10.1.2.3:8000), padahal Excel "
        "hanya memuat add-in lewat HTTPS. Pasang sertifikat dengan --cert dan --key, atau "
        "jalankan server di balik reverse proxy HTTPS dan berikan alamat https:// itu pada --url.",
    )
    assert server_settings("127.0.0.1", 8000).warnings == ()
    proxied = server_settings("0.0.0.0", 8000, public_url="https://lkjip.go.id", token=TOKEN)
    assert proxied.warnings == () and proxied.public_url == "https://lkjip.go.id"


def test_the_manifest_address_never_comes_from_the_host_header(served):
    """Without --url the manifest took its base URL from the request's Host header."""
    import http.client

    host, port = served.origin.rsplit("/", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("GET", "/manifest.xml", headers={"Host": "penyerang.invalid:666"})
    response = connection.getresponse()
    text = response.read().decode()
    connection.close()
    assert response.status == 200
    assert "penyerang.invalid" not in text
    assert f'<SourceLocation DefaultValue="{served.origin}/taskpane" />' in text


def test_a_body_over_the_limit_is_refused_from_its_length_before_it_is_read(served):
    """A 16 MB body kept the server busy past 120 s; now 413 at once, from Content-Length."""
    import http.client

    host, port = served.origin.rsplit("/", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.putrequest("POST", "/xlwings/custom-scripts-call/hitung_ulang")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(17 << 20))
    connection.endheaders()  # and no body at all: the answer must not wait for it
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    assert response.status == 413
    assert body["detail"].startswith("Data permintaan melebihi batas 16 MB")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (PERIKSA,
         {"book": {"name": "x.xlsx"}, "sheets": [{"name": "A", "values": "bukan larik"}]}),
        (PERIKSA, {"book": {"name": "x.xlsx"}, "sheets": [{"name": 5}]}),
        (PERIKSA, {"book": {"name": "x.xlsx"}, "sheets": [
            {"name": "A", "values": [[1]]}], "names": [{"name": "n", "sheet_index": 9,
                                                       "address": "A1"}]}),
        (PERIKSA, {"book": {"name": "x.xlsx"}, "sheets": [
            {"name": "A", "values": [[1]], "lkjip_percent": [[0, 1, "0%"]]}]}),
        (PERIKSA, {"book": {"name": "x.xlsx"}, "sheets": [
            {"name": "A", "values": [[1]], "lkjip_percent": "A1"}]}),
        (PERIKSA, [1, 2, 3]),
        ("/xlwings/custom-functions-call", {"func_name": "LKJ_CAPAIAN", "args": "75"}),
        ("/xlwings/custom-functions-call", {"func_name": "LKJ_CAPAIAN", "args": [[[[1]]]]}),
        ("/xlwings/custom-functions-call", {"args": []}),
        ("/xlwings/custom-functions-call", {"func_name": "LKJ_SERAPAN",
                                            "args": [[[{"foo": 1}]], [[5]]]}),
        ("/xlwings/custom-functions-call", {"func_name": "LKJ_SERAPAN",
                                            "args": [[[{"type": "Error"}]], [[5]]]}),
        ("/xlwings/custom-functions-call", {"func_name": "LKJ_SERAPAN",
                                            "args": [[[{"type": "Double", "basicValue": [1]}]],
                                                     [[5]]]}),
        ("/xlwings/custom-functions-call", {"func_name": "LKJ_SERAPAN",
                                            "args": [[[10**400]], [[5]]]}),
    ],
    ids=["values-not-a-grid", "sheet-without-name", "name-on-no-sheet", "percent-row-0",
         "percent-not-a-list", "json-array",
         "args-not-a-list", "args-too-deep", "no-function",
         "cell-object-without-type", "error-without-value", "cell-object-value-a-list",
         "integer-beyond-excel"],
)  # fmt: skip
def test_a_malformed_body_is_a_4xx_never_a_500(served, path, body):
    """A malformed scripts body gave 500."""
    status, answer = served.post(path, body)
    assert 400 <= status < 500, (status, answer)
    assert isinstance(answer["detail"], str | list) and answer["detail"]


def test_a_body_that_is_not_json_is_a_4xx(served):
    request = urllib.request.Request(
        served.origin + "/xlwings/custom-scripts-call/periksa", data=b"{bukan json",
        headers={"Content-Type": "application/json"}, method="POST",
    )  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=30)
    assert 400 <= info.value.code < 500


def _run_guard(guard, messages, scope_extra=None):
    """Drive the Guard as uvicorn does: ``messages`` are what the client sends (a float: a
    pause of that many seconds first); returns (status, detail) of the answer."""
    import asyncio

    async def main():
        queue = list(messages)

        async def receive():
            item = queue.pop(0) if queue else {"type": "http.disconnect"}
            while isinstance(item, float):
                await asyncio.sleep(item)
                item = queue.pop(0)
            return item

        sent = []

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/x", "headers": [],
                 "query_string": b"", **(scope_extra or {})}  # fmt: skip
        await guard(scope, receive, send)
        return sent

    sent = asyncio.run(main())
    status = sent[0]["status"]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return status, json.loads(body)["detail"] if body.startswith(b"{") else body


def test_an_unexpected_failure_is_a_500_in_indonesian_and_python_goes_to_the_log(
    monkeypatch, caplog
):
    """A failure nothing foresaw answered Python's own English text (``str(exc)``) as the
    detail the clients show."""
    from lkjip_xl.excel import server

    def broken(_module, _data):
        raise KeyError("'header_row_range_address' in /srv/lkjip/xlwings/_xlremote.py")

    app = server.create_app()
    monkeypatch.setattr(server, "call_function", broken)
    body = json.dumps(js_body("LKJ_SERAPAN", [[100]], [[50]])).encode()
    scope = {"path": server.CALL_PATH, "headers": [(b"content-type", b"application/json")],
             "scheme": "http", "server": ("127.0.0.1", 8000), "root_path": "",
             "http_version": "1.1"}  # fmt: skip
    with caplog.at_level("ERROR", logger="lkjip_xl.excel.server"):
        status, detail = _run_guard(app, [{"type": "http.request", "body": body}], scope)
    assert (status, detail) == (500, server.UNEXPECTED.format("KeyError"))
    assert detail == (
        "Kesalahan tak terduga di server lkjip_xl (KeyError); tidak ada yang dihitung. Laporkan "
        "ke pengelola server beserta waktunya: rinciannya tercatat di log server."
    )
    assert "_xlremote.py" in caplog.text and "Traceback" in caplog.text


def _echo_app():
    async def app(scope, receive, send):
        message = await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": message["body"]})

    return app


def test_the_guard_refuses_a_body_that_arrives_too_slowly_and_one_that_grows_too_large():
    from lkjip_xl.excel.server_guard import Guard

    guard = Guard(_echo_app(), token=None, protect=lambda m, p: True, max_body=10, pause=0.2)
    chunk = {"type": "http.request", "body": b"12345", "more_body": True}
    end = {"type": "http.request", "body": b"", "more_body": False}
    assert _run_guard(guard, [chunk, end]) == (200, b"12345")
    status, detail = _run_guard(guard, [chunk, 1.0, end])
    assert (status, detail) == (408, "Data permintaan terlalu lambat dikirim; ulangi.")
    status, detail = _run_guard(guard, [chunk, chunk, chunk, end])  # no Content-Length
    assert status == 413 and detail.startswith("Data permintaan melebihi batas")


def test_the_guard_answers_503_in_indonesian_past_its_requests_at_once():
    """With uvicorn's limit_concurrency gone (it counted idle connections), the Guard bounds
    the requests being read or computed; one more is told so, in Indonesian, and one refused
    for its token holds no place."""
    import asyncio

    from lkjip_xl.excel.server_guard import BUSY, Guard

    entered, release = asyncio.Event(), asyncio.Event()

    async def slow_app(scope, receive, send):
        await receive()
        entered.set()
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    guard = Guard(slow_app, token=TOKEN, protect=lambda m, p: True, max_active=1)

    async def call(token: str):
        sent = []

        async def receive():
            return {"type": "http.request", "body": b"{}", "more_body": False}

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/x", "query_string": b"",
                 "headers": [(b"authorization", f"Bearer {token}".encode())]}  # fmt: skip
        await guard(scope, receive, send)
        body = b"".join(m.get("body", b"") for m in sent[1:])
        return sent[0]["status"], body

    async def main():
        first = asyncio.create_task(call(TOKEN))
        await entered.wait()
        refused = await call("salah-salah-salah-salah")
        busy = await call(TOKEN)
        release.set()
        return await first, refused, busy, guard.active

    first, refused, busy, active = asyncio.run(main())
    assert first == (200, b"ok") and active == 0
    assert refused[0] == 401
    assert busy == (503, json.dumps({"detail": BUSY.format(1)}).encode())
    assert BUSY.format(1) == (
        "Server sedang melayani 1 permintaan sekaligus (batasnya); coba lagi sebentar lagi."
    )


def test_the_guard_holds_no_more_body_bytes_at_once_than_four_bodies_at_the_limit():
    """64 requests with a body at the limit (16 MB) were all read and parsed at once, many
    times their bytes in memory; the Guard now holds four limits' worth of bodies at once."""
    import asyncio

    from lkjip_xl.excel.server_guard import BODIES_AT_ONCE, BUSY_BYTES, Guard

    limit = 1 << 20
    entered, release = [], asyncio.Event()

    async def slow_app(scope, receive, send):
        await receive()
        entered.append(scope)
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    guard = Guard(slow_app, token=None, protect=lambda m, p: True, max_body=limit)

    async def call(size: int, declared: bool):
        sent = []
        chunks = [b"x" * (size // 2), b"x" * (size - size // 2)]

        async def receive():
            chunk = chunks.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

        async def send(message):
            sent.append(message)

        headers = [(b"content-length", str(size).encode())] if declared else []
        scope = {"type": "http", "method": "POST", "path": "/x", "query_string": b"",
                 "headers": headers}  # fmt: skip
        await guard(scope, receive, send)
        return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])

    async def main():
        sizes = [limit] * (BODIES_AT_ONCE - 1) + [limit - 10]
        first = [asyncio.create_task(call(n, declared=i % 2 == 0)) for i, n in enumerate(sizes)]
        while len(entered) < BODIES_AT_ONCE:  # each body held while its request computes
            await asyncio.sleep(0)
        told = await call(100, declared=True), await call(100, declared=False)
        fits = guard.held
        release.set()
        return await asyncio.gather(*first), told, fits, guard.held

    answered, told, fits, after = asyncio.run(main())
    assert answered == [(200, b"ok")] * BODIES_AT_ONCE
    assert fits == BODIES_AT_ONCE * limit - 10 and after == 0
    busy = (503, json.dumps({"detail": BUSY_BYTES.format(BODIES_AT_ONCE)}).encode())
    assert told == (busy, busy)
    assert BUSY_BYTES.format(4) == (
        "Server sedang mengolah 4 MB data permintaan lain (batasnya); coba lagi sebentar lagi."
    )


def test_the_guard_compares_the_token_in_constant_time_and_accepts_it_two_ways():
    from lkjip_xl.excel.server_guard import Guard

    guard = Guard(_echo_app(), token=TOKEN, protect=lambda m, p: True)
    end = {"type": "http.request", "body": b"ok", "more_body": False}
    bearer = {"headers": [(b"authorization", f"Bearer {TOKEN}".encode())]}
    assert _run_guard(guard, [end], bearer) == (200, b"ok")
    assert _run_guard(guard, [end], {"query_string": f"token={TOKEN}".encode()}) == (200, b"ok")
    for wrong in ({}, {"headers": [(b"authorization", b"Bearer " + TOKEN[:-1].encode() + b"X")]},
                  {"query_string": b"token="}):  # fmt: skip
        assert _run_guard(guard, [end], wrong) == (401, "Token akses tidak ada atau salah.")
    import inspect

    from lkjip_xl.excel import server_guard

    assert "hmac.compare_digest" in inspect.getsource(server_guard.Guard.authorised)


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    openssl = shutil.which("openssl")
    if openssl is None:
        missing_counterpart("openssl", "the openssl executable is not on PATH")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "sertifikat.pem", folder / "kunci.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)  # fmt: skip
    return cert, key


def test_https_with_cert_and_key_serves_an_https_manifest(tls_files, tmp_path):
    import ssl

    cert, key = tls_files
    port = _free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial", "LKJIP_SERVER_TOKEN": TOKEN}
    with open(log, "w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "lkjip_xl.cli", "serve", "--port", str(port),
             "--cert", str(cert), "--key", str(key)],
            cwd=REPO, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
    context = ssl.create_default_context(cafile=str(cert))
    context.check_hostname = False  # the certificate names 127.0.0.1 as its CN only
    origin = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"lkjip-xl serve exited: {log.read_text()}")
            try:
                url = f"{origin}/manifest.xml?token={TOKEN}"
                with urllib.request.urlopen(url, timeout=10, context=context) as response:
                    text = response.read().decode()
                break
            except (OSError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    pytest.fail(f"no HTTPS answer in {START_TIMEOUT} s: {log.read_text()}")
                time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert f'<SourceLocation DefaultValue="{origin}/taskpane?token={TOKEN}" />' in text
    assert "http://" not in text.replace("http://schemas", "").replace("http://www.w3", "")
    assert "Peringatan" not in log.read_text()


def test_the_readme_systemd_unit_starts_a_configuration_serve_accepts():
    """The unit IT copies from the README: every option is one ``serve`` knows, and the
    configuration it gives (with the token from its environment file) passes the start checks."""
    import configparser
    import re as regex
    import shlex

    import typer.main

    from lkjip_xl.cli import app
    from lkjip_xl.excel.server_guard import server_settings

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    unit_text = regex.search(r"```ini\n(\[Unit\].*?)```", readme, regex.S).group(1)
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read_string(unit_text)
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    assert unit["Service"]["EnvironmentFile"] == "/etc/lkjip-xl/server.env"
    argv = shlex.split(unit["Service"]["ExecStart"])
    assert argv[0].endswith("/bin/lkjip-xl") and argv[1] == "serve"
    command = typer.main.get_command(app).commands["serve"]
    known = {name for p in command.params for name in p.opts}
    options = dict(zip(argv[2::2], argv[3::2], strict=True))
    assert set(options) <= known, set(options) - known
    settings = server_settings(options["--host"], int(options["--port"]),
                               public_url=options["--url"], token=TOKEN)  # fmt: skip
    assert settings.public_url.startswith("https://") and settings.warnings == ()
