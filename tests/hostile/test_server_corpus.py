"""Hostile requests to ``lkjip-xl serve`` with an access token (a real uvicorn in a subprocess):
no token, a wrong one, a spoofed Host, bodies too large, too deep or not JSON. Each is
answered with a 4xx and one Indonesian sentence (the ``detail`` the clients show), never a
500, and the manifest's address is always the configured one.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys

import pytest

from tests.hostile.corpus import REPO
from tests.serving import serving

TOKEN = "korpus-token-rahasia-0123456789"
PUBLIC = "https://lkjip.instansi.go.id:8443"
FUNCTIONS = "/xlwings/custom-functions-call"
SCRIPTS = "/xlwings/custom-scripts-call/"
WRONG_TOKEN = "Token akses tidak ada atau salah."


def _call(func_name: str = "LKJ_SERAPAN", args=None) -> dict:
    return {"func_name": func_name, "args": args if args is not None else [[[100]], [[50]]],
            "caller_address": "[k.xlsx]Indikator!Q5", "content_language": "id-ID",
            "version": "0.37.8", "runtime": "1.4", "client": "Office.js"}  # fmt: skip


class Guarded:
    def __init__(self, port: int) -> None:
        self.port = port

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, object]:  # fmt: skip
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        try:
            return response.status, json.loads(data)
        except ValueError:
            return response.status, data.decode(errors="replace")

    def post(self, path: str, body: object, token: str | None = TOKEN, **headers) -> tuple:
        head = {"Content-Type": "application/json", **headers}
        if token is not None:
            head["Authorization"] = f"Bearer {token}"
        return self.request("POST", path, json.dumps(body).encode(), head)


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path_factory.mktemp("guarded") / "server.log"
    env = {**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial", "LKJIP_SERVER_TOKEN": TOKEN}
    with open(log, "w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "lkjip_xl.cli", "serve", "--port", str(port), "--url", PUBLIC,
             "--batas-mb", "1"],
            cwd=REPO, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = Guarded(port)
    ready = lambda: server.request("GET", "/xlwings/custom-functions-meta")[0] == 200  # noqa: E731
    with serving(process, log, ready, 30):
        yield server
    # The token never reaches the log, even when sent in a query.
    assert TOKEN not in log.read_text()


UNAUTHORISED = {
    "no token": {},
    "wrong token": {"Authorization": "Bearer salah-salah-salah-salah-salah"},
    "one character off": {"Authorization": f"Bearer {TOKEN[:-1]}X"},
    "prefix of the token": {"Authorization": f"Bearer {TOKEN[:8]}"},
    "empty bearer": {"Authorization": "Bearer "},
    "basic scheme": {"Authorization": f"Basic {TOKEN}"},
    "token in another header": {"X-Token": TOKEN},
}


@pytest.mark.parametrize("case", UNAUTHORISED, ids=list(UNAUTHORISED))
def test_a_call_without_the_right_token_is_refused(guarded, case):
    status, body = guarded.post(FUNCTIONS, _call(), token=None, **UNAUTHORISED[case])
    assert (status, body) == (401, {"detail": WRONG_TOKEN})


@pytest.mark.parametrize("query", ["", "?token=", "?token=salah", f"?token={TOKEN[:-1]}"],
                         ids=["none", "empty", "wrong", "one-short"])  # fmt: skip
def test_the_manifest_needs_the_token(guarded, query):
    status, body = guarded.request("GET", "/manifest.xml" + query)
    assert (status, body) == (401, {"detail": WRONG_TOKEN})


def test_the_scripts_need_the_token_before_their_body_is_looked_at(guarded):
    status, body = guarded.post(SCRIPTS + "periksa", {"sheets": "apa saja"}, token=None)
    assert (status, body) == (401, {"detail": WRONG_TOKEN})


def test_the_right_token_computes(guarded):
    status, body = guarded.post(FUNCTIONS, _call())
    assert (status, body) == (200, {"result": [[50.0]]})  # serapan: 50 of 100 = 50 %


@pytest.mark.parametrize(
    "headers",
    [{"Host": "penyerang.invalid"}, {"Host": "penyerang.invalid", "X-Forwarded-Host": "x.invalid",
                                      "X-Forwarded-Proto": "http"}],
    ids=["host", "forwarded"],
)  # fmt: skip
def test_a_spoofed_host_never_reaches_the_manifest(guarded, headers):
    status, text = guarded.request("GET", f"/manifest.xml?token={TOKEN}", headers=headers)
    assert status == 200 and "invalid" not in text
    assert f'<SourceLocation DefaultValue="{PUBLIC}/taskpane?token={TOKEN}" />' in text
    assert f'DefaultValue="{PUBLIC}/xlwings/custom-functions-meta"' in text


def _raw(port: int, head: bytes, body_chunks: list[bytes]) -> tuple[int, dict]:
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(head)
        for chunk in body_chunks:
            try:
                sock.sendall(chunk)
            except OSError:
                break  # the server answered and closed: what we want
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.endswith(b"}"):
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    status = int(answer.split(b" ", 2)[1])
    body = answer.split(b"\r\n\r\n", 1)[1]
    try:
        return status, json.loads(body)
    except ValueError:
        return status, {"detail": body.decode(errors="replace")}


def _head(length: str | None, chunked: bool = False) -> bytes:
    lines = [f"POST {FUNCTIONS} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json",
             f"Authorization: Bearer {TOKEN}"]  # fmt: skip
    if length is not None:
        lines.append(f"Content-Length: {length}")
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def test_a_declared_length_over_the_limit_is_413_without_reading(guarded):
    status, body = _raw(guarded.port, _head(str(2 << 20)), [])
    assert status == 413
    assert body["detail"].startswith("Data permintaan melebihi batas 1 MB")


def test_a_chunked_body_growing_over_the_limit_is_413(guarded):
    piece = b"x" * 65536
    chunks = [f"{len(piece):x}\r\n".encode() + piece + b"\r\n"] * 40 + [b"0\r\n\r\n"]
    status, body = _raw(guarded.port, _head(None, chunked=True), chunks)
    assert status == 413
    assert body["detail"].startswith("Data permintaan melebihi batas 1 MB")


@pytest.mark.parametrize("length", ["banyak", "-5"], ids=["words", "negative"])
def test_a_nonsense_length_is_a_4xx(guarded, length):
    # No body: the server refuses on the header and closes, and a body it never read could make
    # its close a reset that drops the answer before this client reads it.
    status, _body = _raw(guarded.port, _head(length), [])
    assert 400 <= status < 500


MALFORMED = {
    "not json": (FUNCTIONS, b"{func_name: LKJ", "Isi permintaan bukan JSON yang sah"),
    "empty body": (FUNCTIONS, b"", "Isi permintaan bukan JSON yang sah"),
    "a number": (FUNCTIONS, b"42", "Isi permintaan harus berupa objek JSON."),
    "nested too deep": (FUNCTIONS, b"[" * 200_000 + b"]" * 200_000, "bersarang terlalu dalam"),
    "nested too deep in an object": (FUNCTIONS, b'{"args": ' + b"[" * 200_000 + b"]" * 200_000
                                     + b"}", "bersarang terlalu dalam"),
    "unknown function": (FUNCTIONS, json.dumps(_call("LKJ_TIDAK_ADA")).encode(),
                         "Fungsi 'LKJ_TIDAK_ADA' tidak dikenal."),
    "huge function name": (FUNCTIONS, json.dumps(_call("X" * 500_000)).encode(),
                           "Fungsi 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX…' "
                           "tidak dikenal."),
    "args as text": (FUNCTIONS, json.dumps(_call(args="75")).encode(),
                     "Argumen fungsi (args) harus berupa daftar."),
    # Python's TypeError, in English with a 500, for a count the clients never send
    "one argument short": (FUNCTIONS, json.dumps(_call(args=[[[100]]])).encode(),
                           "Fungsi LKJ_SERAPAN menerima 2 argumen, bukan 1."),
    "no argument": (FUNCTIONS, json.dumps(_call("LKJ_CAPAIAN", args=[])).encode(),
                    "Fungsi LKJ_CAPAIAN menerima 2 sampai 5 argumen, bukan 0."),
    "arguments too many": (FUNCTIONS, json.dumps(_call("LKJ_CAPAIAN", [[[1]]] * 7)).encode(),
                           "Fungsi LKJ_CAPAIAN menerima 2 sampai 5 argumen, bukan 7."),
    # NaN was read as a blank cell: an empty answer where the input was no number at all
    "NaN argument": (FUNCTIONS, json.dumps(_call(args=[[[float("nan")]], [[5]]])).encode(),
                     "Argumen ke-1 memuat NaN atau Infinity, yang bukan angka JSON."),
    "ragged range": (FUNCTIONS, json.dumps(_call(args=[[[1, 2], [3]], [[5]]])).encode(),
                     "Argumen ke-1 tidak persegi: panjang barisnya berbeda-beda."),
    # an integer past Excel's numbers inside a typed cell: OverflowError in the answer cell
    "typed value too large": (
        FUNCTIONS,
        json.dumps(_call(args=[[[{"type": "Double", "basicValue": 10**400}], [100]],
                               [[5], [5]]])).encode(),
        "Argumen ke-1 memuat angka di luar jangkauan angka Excel."),
    # an "error" holding a number was computed as that number
    "error object with a number": (
        FUNCTIONS, json.dumps(_call(args=[[[{"type": "Error", "basicValue": 5}]], [[5]]])).encode(),
        "Argumen ke-1 memuat objek sel yang bukan galat Excel atau nilai bertipe."),
    "unknown script": (SCRIPTS + "hapus_semua", b"{}", "Skrip 'hapus_semua' tidak dikenal"),
    "script without a book": (SCRIPTS + "hitung_ulang", b'{"sheets": []}',
                              "Permintaan tidak berisi data buku kerja"),
    "script with no sheets": (SCRIPTS + "periksa", b'{"book": {"name": "a.xlsx"}, "sheets": []}',
                              "Permintaan tidak berisi lembar buku kerja"),
}  # fmt: skip


def test_an_unknown_address_and_method_are_answered_in_indonesian(guarded):
    assert guarded.request("GET", "/admin") == (
        404,
        {"detail": "Alamat ini tidak ada di server lkjip_xl."},
    )
    status, body = guarded.request(
        "DELETE", FUNCTIONS, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert (status, body) == (
        405,
        {"detail": "Metode permintaan ini tidak diizinkan untuk alamat ini."},
    )


def test_json_sent_as_text_is_told_its_content_type(guarded):
    # It was told "Isi permintaan harus berupa objek JSON." though it was one.
    headers = {"Content-Type": "text/plain", "Authorization": f"Bearer {TOKEN}"}
    status, answer = guarded.request("POST", FUNCTIONS, json.dumps(_call()).encode(), headers)
    assert (status, answer) == (400, {"detail": "Isi permintaan harus dikirim sebagai JSON "
                                                "(Content-Type: application/json)."})  # fmt: skip


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_a_malformed_body_is_a_400_in_indonesian(guarded, case):
    path, body, words = MALFORMED[case]
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
    status, answer = guarded.request("POST", path, body, headers)
    assert status == 400, (status, answer)
    assert words in answer["detail"]


def test_the_javascript_client_sends_the_token_from_its_page_address(guarded):
    import shutil

    from tests.conftest import missing_counterpart

    node = shutil.which("node")
    if node is None:
        missing_counterpart("Node.js", "the node executable is not on PATH")
    harness = REPO / "tests" / "node" / "custom_functions_client.mjs"
    origin = f"http://127.0.0.1:{guarded.port}"
    args = json.dumps([[[100]], [[50]]])
    ran = {}
    for label, token in (("with", TOKEN), ("without", "")):
        result = subprocess.run([node, str(harness), origin, "LKJ_SERAPAN", args],
                                capture_output=True, text=True, timeout=60,
                                env={**os.environ, "LKJIP_TOKEN": token})  # fmt: skip
        assert result.returncode == 0, result.stderr
        ran[label] = json.loads(result.stdout)
    assert ran["with"]["result"] == [[50.0]]
    assert ran["without"]["error"] == {"code": "#VALUE!", "message": WRONG_TOKEN}


# --- a button's workbook as no Excel sends it ------------------------------------------------


@pytest.fixture(scope="module")
def book_body(tmp_path_factory):
    """The body the task pane sends for a filled kinerja workbook."""
    from tests.hostile.corpus import kinerja
    from tests.test_xlwings_book import officejs_payload

    return officejs_payload(kinerja(tmp_path_factory.mktemp("buku") / "kinerja.xlsx"))


def _table(body: dict, name: str) -> tuple[dict, dict]:
    return next((s, t) for s in body["sheets"] for t in s["tables"] if t["name"] == name)


def _far_rows(body: dict) -> None:
    """tblIndikator down to Excel's last row: 13 bytes more than the real body, and the remote
    book padded it to 25 million cells (89 s and 1.3 GB of one request, then 200)."""
    _, table = _table(body, "tblIndikator")
    table["range_address"], table["data_body_range_address"] = "A4:X1048576", "A5:X1048576"


def _far_columns(body: dict) -> None:
    # Columns beyond the sent values are padded cell by cell, row by row: to XFD1048576 that
    # was 17 billion cells, more memory than any server has.
    _, table = _table(body, "tblIndikator")
    table["range_address"], table["data_body_range_address"] = "A4:XFD200", "A5:XFD200"
    table["header_row_range_address"] = "A4:XFD4"


def _set(name: str, key: str, value: object):
    def change(body: dict) -> None:
        _table(body, name)[1][key] = value

    return change


def _drop(key: str):
    def change(body: dict) -> None:
        del _table(body, "tblIndikator")[1][key]

    return change


def _short_row(body: dict) -> None:
    # A data row without its last cells: the run failed in English half-way through its
    # writes (IndexError), or with a cell of another column (KeyError) when one was missing.
    sheet, _ = _table(body, "tblIndikator")
    del sheet["values"][6][3]


def _twice_sheet(body: dict) -> None:
    sheet, _ = _table(body, "tblIndikator")
    body["sheets"].append({**sheet, "name": "INDIKATOR", "tables": []})


def _twice_table(body: dict) -> None:
    sheet, table = _table(body, "tblIndikator")
    sheet["tables"].append(dict(table))


def _nan_target(body: dict) -> None:
    # Python's JSON reader takes NaN, which then read as a blank target: a figure lost.
    sheet, _ = _table(body, "tblIndikator")
    sheet["values"][4][6] = float("nan")


def _client(body: dict) -> None:
    body["client"], body["version"] = "Excel", "0.0.1"  # 500: "Your xlwings version is ..."


CELLS_OVER = "sel, melebihi 524.288 sel yang dapat dihitung server ini; perkecil rentang tabel"
INDIKATOR_TABLE = "Tabel 'tblIndikator' di lembar 'Indikator'"
BOOK_REFUSALS = {
    # 1,048,573 rows x 24 columns, and 197 x 16,384, plus the other tables' 1,850 cells
    "table to the last row": (_far_rows, "mencakup 25.167.602 " + CELLS_OVER),
    "table to the last column": (_far_columns, "mencakup 3.229.498 " + CELLS_OVER),
    "table address not a range": (
        _set("tblIndikator", "data_body_range_address", "hello"),
        f"{INDIKATOR_TABLE}: Rentang sel tidak sah: 'hello' (contoh yang benar: 'A4:K120').",
    ),
    "table beyond the sheet": (
        _set("tblIndikator", "range_address", "A4:X1048577"),
        f"{INDIKATOR_TABLE}: Rentang sel di luar batas lembar kerja: 'A4:X1048577'.",
    ),
    "header outside the table": (
        _set("tblIndikator", "header_row_range_address", "A1:B1"),
        f"{INDIKATOR_TABLE}: header_row_range_address 'A1:B1' di luar rentang tabel A4:X34.",
    ),
    "table without its header key": (
        _drop("header_row_range_address"),
        f"{INDIKATOR_TABLE} tidak menyebut header_row_range_address.",
    ),
    "table without its flags": (
        _drop("show_totals"),
        f"{INDIKATOR_TABLE} tidak menyebut show_headers/show_totals (benar atau salah).",
    ),
    "ragged rows": (_short_row, "Isi lembar 'Indikator' tidak persegi: panjang barisnya"),
    "a sheet name twice": (_twice_sheet, "Nama lembar 'INDIKATOR' muncul dua kali"),
    "a table name twice": (_twice_table, "Nama tabel 'tblIndikator' muncul dua kali"),
    "NaN in a sheet": (_nan_target, "Isi lembar 'Indikator' memuat NaN atau Infinity"),
    "another client": (_client, "Klien 'Excel' tidak didukung: server ini melayani add-in"),
}


@pytest.mark.parametrize("case", BOOK_REFUSALS, ids=list(BOOK_REFUSALS))
def test_a_workbook_no_excel_sends_is_refused_before_it_is_read(guarded, book_body, case):
    import copy

    change, words = BOOK_REFUSALS[case]
    body = copy.deepcopy(book_body)
    change(body)
    status, answer = guarded.post(SCRIPTS + "hitung_ulang", body)
    assert status == 400, (status, answer)
    assert words in answer["detail"], answer


def test_the_workbook_as_sent_computes(guarded, book_body):
    """The same body unchanged (its tables reaching below the sent values, as a template's
    blank rows do) is computed: the refusals above are of the changes alone."""
    status, answer = guarded.post(SCRIPTS + "hitung_ulang", book_body)
    assert status == 200, answer
    (alert,) = [a["args"][0] for a in answer["actions"] if a["func"] == "alert"]
    assert alert.startswith("Hitung Ulang selesai") and ": 0 galat" in alert


# --- connections that never finish their request ----------------------------------------------


def _slow_heads(port: int, count: int) -> list:
    """``count`` connections that send half a request head and nothing more."""
    import socket

    opened = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        sock.sendall(f"POST {FUNCTIONS} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
        opened.append(sock)
    return opened


def test_connections_that_never_send_their_head_do_not_shut_others_out(guarded):
    """uvicorn counted open connections against its limit of 64: 64 sockets sending half a
    head, without any token, answered every other client "503 Service Unavailable"."""
    opened = _slow_heads(guarded.port, 70)
    try:
        assert guarded.post(FUNCTIONS, _call()) == (200, {"result": [[50.0]]})
    finally:
        for sock in opened:
            sock.close()


@pytest.mark.slow
def test_a_connection_that_never_finishes_its_head_is_closed(guarded):
    """uvicorn waited for a request's head without end, and the Guard sees a request only once
    its head is complete: the server now closes such a connection after HEAD_SECONDS (15)."""
    (sock,) = _slow_heads(guarded.port, 1)
    with sock:
        assert sock.recv(100) == b""  # closed by the server (HEAD_SECONDS), not our timeout
