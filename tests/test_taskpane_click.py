"""The Office.js task pane clicked as a person clicks it: the real page script run in Node on a
stand-in for Excel's workbook (tests/node/taskpane_click.mjs), made from a real workbook file,
talking to a real ``lkjip-xl serve`` on loopback.

Each button on the demo workbooks leaves the cells, number formats and table ranges that
``recompute_file`` gives; what goes wrong (the server stopped, a proxy's error page, a sheet
that cannot be unprotected, two clicks at once) is said in Indonesian and leaves the workbook
protected and its Log whole.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import get_column_letter, range_boundaries

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.demo import build_demo
from tests.taskpane_click import cells_after, click, excel_book, proxy_error
from tests.test_server import _free_port, served  # noqa: F401 - the module's server
from tests.test_xlwings_book import STATUS_CELLS, blank_computed, differences, new_log_time

pytestmark = pytest.mark.slow
ROSTER_ROWS = 100


def _set_desimal(path: Path, places: int) -> None:
    wb = openpyxl.load_workbook(path)
    sheet, cell = next(iter(wb.defined_names["Desimal"].destinations))
    wb[sheet][cell.replace("$", "")] = places
    wb.save(path)


def _cut_roster(path: Path, rows: int) -> None:
    """Keep the first ``rows`` rows of the IP-ASN roster (the demo's has 2,777)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Pegawai"]
    table = ws.tables["tblPegawai"]
    c1, header, c2, _ = range_boundaries(table.ref)
    ws.delete_rows(header + 1 + rows, ws.max_row)
    table.ref = f"{get_column_letter(c1)}{header}:{get_column_letter(c2)}{header + rows}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref
    wb.save(path)


@pytest.fixture(scope="module")
def demos(tmp_path_factory) -> dict[str, Path]:
    """The kinerja and IP-ASN demos with every computed cell emptied (inputs kept)."""
    folder = tmp_path_factory.mktemp("demos")
    made = {}
    for kind, name in (("kinerja", "kinerja-000"), ("ipasn", "ipasn-000")):
        demo, _ = build_demo(name, folder)
        made[kind] = blank_computed(demo, folder / f"{kind}-inputs.xlsx")
    _cut_roster(made["ipasn"], ROSTER_ROWS)
    return made


def _formats(path: Path) -> dict[tuple[str, str], str]:
    wb = openpyxl.load_workbook(path)
    return {
        (ws.title, c.coordinate): c.number_format
        for ws in wb.worksheets
        if ws.title != "Laporan"  # laid out by the file writer only
        for row in ws.iter_rows()
        for c in row
    }


def _protected(book: dict) -> dict[str, bool]:
    return {sheet["name"]: sheet["protected"] for sheet in book["sheets"]}


@pytest.mark.parametrize(("kind", "places"), [("kinerja", 0), ("kinerja", 3), ("ipasn", 2)])
def test_each_button_leaves_the_cells_and_formats_of_the_file_recompute(
    served,  # noqa: F811
    demos,
    tmp_path,
    monkeypatch,
    kind,
    places,
):
    monkeypatch.setenv("LKJIP_USER", "penguji")  # the server runs with the same user name
    source = tmp_path / f"{kind}.xlsx"
    source.write_bytes(demos[kind].read_bytes())
    _set_desimal(source, places)
    expected = tmp_path / "cli.xlsx"
    expected.write_bytes(source.read_bytes())
    recompute_file(expected)

    book = excel_book(source)
    after = click(served.origin, book, tmp_path, clicks=["hitung_ulang"])
    assert [m for m in after["messages"] if m[1]] == []
    assert after["messages"][-1][0].startswith("Hitung Ulang selesai")
    assert _protected(after["book"]) == _protected({"sheets": book["sheets"]})
    actual = cells_after(source, after, tmp_path / "pane.xlsx")
    time_cell, _ = new_log_time(actual)
    assert differences(expected, actual, skip={time_cell, *STATUS_CELLS}) == []
    formats_expected, formats_actual = _formats(expected), _formats(actual)
    assert {k: (v, formats_actual.get(k)) for k, v in formats_expected.items()
            if formats_actual.get(k) != v} == {}  # fmt: skip

    checked = click(served.origin, excel_book(actual), tmp_path, clicks=["periksa"])
    assert checked["messages"][-1] == [checked["messages"][-1][0], False]
    assert checked["messages"][-1][0].startswith("Periksa selesai diperiksa")
    again = cells_after(actual, checked, tmp_path / "checked.xlsx")
    assert differences(actual, again, skip=STATUS_CELLS) == []


def test_a_server_that_is_not_running_is_said_in_indonesian(served, demos, tmp_path):  # noqa: F811
    stopped = f"http://127.0.0.1:{_free_port()}"
    after = click(stopped, excel_book(demos["kinerja"]), tmp_path, clicks=["hitung_ulang"],
                  script_origin=served.origin)  # fmt: skip
    text, is_error = after["messages"][-1]
    assert is_error and text.startswith("Gagal: Server lkjip_xl tidak terjangkau")
    assert "fetch" not in text.lower()  # the browser's "Failed to fetch" was shown as it was


def test_an_error_page_instead_of_lkjip_json_is_said_in_indonesian(served, demos, tmp_path):  # noqa: F811
    with proxy_error() as proxy:
        after = click(proxy, excel_book(demos["kinerja"]), tmp_path, clicks=["periksa"],
                      script_origin=served.origin)  # fmt: skip
    text, is_error = after["messages"][-1]
    assert is_error and "HTTP 502" in text
    assert "<html" not in text and "nginx" not in text


def test_a_sheet_that_cannot_be_unprotected_leaves_every_sheet_protected(
    served,  # noqa: F811
    demos,
    tmp_path,
    monkeypatch,
):
    """The script unprotects sheet after sheet as it writes: when one refuses (a password,
    which Office.js cannot ask for), those unprotected before it stayed open to edits."""
    book = excel_book(demos["kinerja"])
    protected_before = _protected(book)
    sheets = [s["name"] for s in book["sheets"] if s["protected"]]
    locked = sheets[sheets.index("Indikator") + 1]  # Indikator is unprotected before it
    next(s for s in book["sheets"] if s["name"] == locked)["password"] = "rahasia"
    after = click(served.origin, book, tmp_path, clicks=["hitung_ulang"])
    assert _protected(after["book"]) == protected_before
    text, is_error = after["messages"][-1]
    assert is_error and f"Lembar {locked} tidak dapat dibuka proteksinya" in text
    assert "password" not in text.lower()


def test_two_clicks_at_once_run_one_after_the_other(served, demos, tmp_path, monkeypatch):  # noqa: F811
    """The pane's button and the ribbon's pressed together: both read the workbook before
    either wrote it, and the second Log row was written over the first."""
    book = excel_book(demos["kinerja"])
    log_before = next(s for s in book["sheets"] if s["name"] == "Log")["tables"][0]["ref"]
    after = click(served.origin, book, tmp_path,
                  together=["hitung_ulang", "ribbon:lkjipHitungUlang"])  # fmt: skip
    assert after["completed"] == ["ribbon:lkjipHitungUlang"]
    finished = [text for text, error in after["messages"] if text.startswith("Hitung Ulang")]
    assert len(finished) == 2 and not any(error for _, error in after["messages"])
    log = next(s for s in after["book"]["sheets"] if s["name"] == "Log")
    first, grown = range_boundaries(log_before)[3], range_boundaries(log["tables"][0]["ref"])[3]
    assert [row[2] for row in log["values"][first:grown]] == ["Hitung Ulang", "Hitung Ulang"]


def test_a_roster_larger_than_one_sync_of_excel_on_the_web_is_read_and_written(
    served,  # noqa: F811
    demos,
    tmp_path,
):
    """Excel on the web carries at most 5 MB in one sync, each way: a roster of 16,000 rows
    read in one went over it, and so did the Saran column of 44,000 rows written in one; the
    pane said Excel's English "payload size has exceeded the limit"."""
    book = excel_book(demos["ipasn"])
    sheet = next(s for s in book["sheets"] if s["name"] == "Pegawai")
    table = sheet["tables"][0]
    c1, header, c2, last = range_boundaries(table["ref"])
    rows = 44_000
    body = sheet["values"][header:last]
    for i in range(last - header, rows):
        row = list(body[i % len(body)])
        row[c1 - 1] = str(int(row[c1 - 1]) + i)  # NIP: 18 digits, one per person
        sheet["values"].append(row)
        sheet["formats"].append(list(sheet["formats"][header + i % len(body)]))
    table["ref"] = f"{get_column_letter(c1)}{header}:{get_column_letter(c2)}{header + rows}"
    assert len(json.dumps([sheet["values"], sheet["formats"]])) > 5 << 20

    after = click(served.origin, book, tmp_path, clicks=["hitung_ulang"])
    text, is_error = after["messages"][-1]
    assert not is_error and text.startswith("Hitung Ulang selesai"), text
    assert " 0 galat" in text
    pegawai = next(s for s in after["book"]["sheets"] if s["name"] == "Pegawai")
    filled = lambda row: sum(v != "" for v in row)  # noqa: E731
    assert filled(pegawai["values"][header + rows - 1]) > filled(sheet["values"][-1])


def test_an_empty_roster_is_computed_as_the_file_recompute_computes_it(
    served,  # noqa: F811
    demos,
    tmp_path,
    monkeypatch,
):
    """A roster with its one row emptied: the agency's figures blank, not 0, in both."""
    monkeypatch.setenv("LKJIP_USER", "penguji")
    source = tmp_path / "ipasn.xlsx"
    source.write_bytes(demos["ipasn"].read_bytes())
    _cut_roster(source, 1)
    wb = openpyxl.load_workbook(source)
    c1, header, c2, _ = range_boundaries(wb["Pegawai"].tables["tblPegawai"].ref)
    for column in range(c1, c2 + 1):
        wb["Pegawai"].cell(header + 1, column).value = None
    wb.save(source)
    expected = tmp_path / "cli.xlsx"
    expected.write_bytes(source.read_bytes())
    recompute_file(expected)

    after = click(served.origin, excel_book(source), tmp_path, clicks=["hitung_ulang"])
    assert after["messages"][-1][0].startswith("Hitung Ulang selesai")
    actual = cells_after(source, after, tmp_path / "pane.xlsx")
    time_cell, _ = new_log_time(actual)
    assert differences(expected, actual, skip={time_cell, *STATUS_CELLS}) == []


def test_a_moved_table_a_renamed_and_a_hidden_sheet_change_nothing_computed(
    served,  # noqa: F811
    demos,
    tmp_path,
):
    """tblIndikator two rows down and one column right, its sheet renamed (the names follow,
    as in Excel) and Petunjuk hidden: the same figures, in the moved cells."""
    book = excel_book(demos["kinerja"])
    plain = click(served.origin, book, tmp_path, clicks=["hitung_ulang"])
    moved = excel_book(demos["kinerja"])
    sheet = next(s for s in moved["sheets"] if s["name"] == "Indikator")
    width = len(sheet["values"][0]) + 1
    sheet["values"] = [[""] * width] * 2 + [["", *row] for row in sheet["values"]]
    sheet["formats"] = [["General"] * width] * 2 + [["General", *row] for row in sheet["formats"]]
    c1, r1, c2, r2 = range_boundaries(sheet["tables"][0]["ref"])
    sheet["tables"][0]["ref"] = (
        f"{get_column_letter(c1 + 1)}{r1 + 2}:{get_column_letter(c2 + 1)}{r2 + 2}"
    )
    sheet["name"] = "IKU 2021"
    moved["names"] = [dict(n, sheet="IKU 2021") if n["sheet"] == "Indikator" else n
                      for n in moved["names"]]  # fmt: skip
    next(s for s in moved["sheets"] if s["name"] == "Petunjuk")["visibility"] = "Hidden"
    after = click(served.origin, moved, tmp_path, clicks=["hitung_ulang"])
    assert after["messages"][-1][1] is False, after["messages"]
    before = next(s for s in plain["book"]["sheets"] if s["name"] == "Indikator")["values"]
    shifted = next(s for s in after["book"]["sheets"] if s["name"] == "IKU 2021")["values"]
    assert [row[1:] for row in shifted[2:]] == before
