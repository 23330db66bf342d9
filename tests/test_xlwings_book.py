"""The xlwings ``Book`` over xlwings' real remote engine (the JSON book of xlwings Server).

The JSON book is built from a real workbook file the way the Office.js client builds it (every
sheet's used values from A1, its Excel tables, the workbook-scoped names), read through
xlwings' own ``xw.Book(json=...)``, and the actions it returns are applied back to a copy of the
file. Reads must equal the file book's; a recompute through it must give, cell by cell, what
``recompute_file`` gives.

The helpers here (payload, applying actions, comparing workbooks) serve tests/test_server.py too.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import math
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.cell import get_column_letter, range_boundaries
from typer.testing import CliRunner

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # PolyForm NC, DESIGN §7

from lkjip_xl.cli import app
from lkjip_xl.core.persen import Persen
from lkjip_xl.excel import server
from lkjip_xl.excel.buttons import (
    HITUNG,
    PERIKSA,
    PERINTAH,
    STATUS_CELL,
    STATUS_LABEL_CELL,
    jalankan,
)
from lkjip_xl.excel.xlwings_book import PROTECT_MACRO, STALE_REPORT, UNPROTECT_MACRO, XlwingsBook
from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.contract import TEMPLATES, Role
from lkjip_xl.workbook.demo import build_demo
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.recompute import check, recompute
from tests.workbooks import ANGGARAN, INDIKATOR, TRIWULAN, filled_kinerja

xw = pytest.importorskip("xlwings")
server._xlwings_server()  # the remote engine, even if xlwings was imported before the key

STATUS_CELLS = {("Identitas", STATUS_LABEL_CELL), ("Identitas", STATUS_CELL)}


# --- the Office.js client's side, in Python -----------------------------------------------


def officejs_payload(path: Path) -> dict[str, Any]:
    """The request body the Office.js client sends for ``path`` (getBookData): the cached
    values of every sheet from A1 to its last used cell ("" for blanks, error texts as shown,
    date cells as ISO strings), each sheet's tables with their addresses, the workbook names,
    and (lkjip_percent) the number cells whose format code, as the file holds it, has a %."""
    wb = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        values = []
        percent = []
        for row in ws.iter_rows(min_row=1, max_row=max(ws.max_row, 1),
                                max_col=max(ws.max_column, 1)):  # fmt: skip
            line = []
            for cell in row:
                value = cell.value
                if value is None:
                    value = ""
                elif isinstance(value, dt.datetime):
                    value = value.isoformat(timespec="milliseconds") + "Z"
                elif type(value) in (int, float) and "%" in cell.number_format:
                    percent.append([cell.row, cell.column, cell.number_format])
                line.append(value)
            values.append(line)
        tables = []
        for table in ws.tables.values():
            c1, r1, c2, r2 = range_boundaries(table.ref)
            first, last = get_column_letter(c1), get_column_letter(c2)
            totals = int(table.totalsRowCount or 0)  # Excel's Total Row: under the data body
            tables.append(
                {
                    "name": table.name,
                    "range_address": table.ref,
                    "header_row_range_address": f"{first}{r1}:{last}{r1}",
                    "data_body_range_address": f"{first}{r1 + 1}:{last}{r2 - totals}",
                    "total_row_range_address": f"{first}{r2}:{last}{r2}" if totals else None,
                    "show_headers": True,
                    "show_totals": bool(totals),
                    "table_style": table.tableStyleInfo.name if table.tableStyleInfo else "",
                    "show_autofilter": True,
                }
            )
        sheets.append({"name": ws.title, "values": values, "lkjip_percent": percent,
                       "pictures": [], "tables": tables})  # fmt: skip
    names = []
    for name, defined in wb.defined_names.items():
        for sheet, ref in defined.destinations:
            names.append(
                {
                    "name": name,
                    "sheet_index": wb.sheetnames.index(sheet),
                    "address": ref.replace("$", ""),
                    "scope_sheet_name": None,
                    "scope_sheet_index": None,
                    "book_scope": True,
                }
            )
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1"},
        "names": names,
        "sheets": sheets,
    }


class Applied:
    """What applying a response's actions did, beyond the cells."""

    def __init__(self) -> None:
        self.alerts: list[list[Any]] = []
        self.unprotected: set[str] = set()
        self.reprotected: list[str] = []
        self.written_cells: set[tuple[str, str]] = set()


def apply_actions(path: Path, actions: list[dict[str, Any]], target: Path) -> Applied:
    """Apply the actions as the lkjip task pane does (setValues, setNumberFormat, resizeTable,
    runMacro, alert)
    to a copy of ``path``; writing to a protected sheet that was not unprotected fails."""
    wb = openpyxl.load_workbook(path)
    done = Applied()
    for action in actions:
        func = action["func"]
        if func in ("setValues", "setNumberFormat", "resizeTable"):
            ws = wb.worksheets[action["sheet_position"]]
            if ws.protection.sheet:
                assert ws.title in done.unprotected, f"{func} on protected sheet {ws.title}"
        if func == "setValues":
            for i, row in enumerate(action["values"]):
                assert len(row) == action["column_count"]
                for j, value in enumerate(row):
                    cell = ws.cell(action["start_row"] + 1 + i, action["start_column"] + 1 + j)
                    if not cell.has_style and cell.row > 1:
                        # Excel gives a new table row its column's format (the row above).
                        cell._style = copy.copy(ws.cell(cell.row - 1, cell.column)._style)
                    cell.value = None if value == "" else value
                    done.written_cells.add((ws.title, cell.coordinate))
            assert len(action["values"]) == action["row_count"]
        elif func == "setNumberFormat":
            for i in range(action["row_count"]):
                for j in range(action["column_count"]):
                    cell = ws.cell(action["start_row"] + 1 + i, action["start_column"] + 1 + j)
                    cell.number_format = action["args"][0]
        elif func == "resizeTable":
            table = list(ws.tables.values())[int(action["args"][0])]
            table.ref = action["args"][1].replace("$", "")
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref
        elif func == "runMacro":
            name, sheet = action["args"]
            if name == UNPROTECT_MACRO:
                done.unprotected.add(sheet)
            elif name == PROTECT_MACRO:
                assert sheet in done.unprotected
                done.unprotected.discard(sheet)
                done.reprotected.append(sheet)
            else:
                pytest.fail(f"unknown client macro {name}")
        elif func == "alert":
            done.alerts.append(action["args"])
        else:
            pytest.fail(f"action {func} is not one the lkjip task pane applies")
    assert not done.unprotected, f"sheets left unprotected: {done.unprotected}"
    wb.save(target)
    return done


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def differences(expected: Path, actual: Path, skip: set[tuple[str, str]] = frozenset()):
    """Every cell whose value differs, and every table whose range differs."""
    a = openpyxl.load_workbook(expected, data_only=True)
    b = openpyxl.load_workbook(actual, data_only=True)
    assert a.sheetnames == b.sheetnames
    found = []
    for ws_a, ws_b in zip(a.worksheets, b.worksheets, strict=True):
        if ws_a.title == "Laporan":  # laid out by the file writer only (XlwingsBook.rewrite_sheet)
            continue
        rows = max(ws_a.max_row, ws_b.max_row)
        cols = max(ws_a.max_column, ws_b.max_column)
        for r in range(1, rows + 1):
            for c in range(1, cols + 1):
                coordinate = f"{get_column_letter(c)}{r}"
                if (ws_a.title, coordinate) in skip:
                    continue
                va, vb = ws_a.cell(r, c).value, ws_b.cell(r, c).value
                if not _same(va, vb):
                    found.append((ws_a.title, coordinate, va, vb))
        refs_a = {n: ws_a.tables[n].ref for n in ws_a.tables}
        refs_b = {n: ws_b.tables[n].ref for n in ws_b.tables}
        if refs_a != refs_b:
            found.append((ws_a.title, "tables", refs_a, refs_b))
    return found


def new_log_time(path: Path) -> tuple[tuple[str, str], Any]:
    """(sheet, cell) and value of the time of the last Log row."""
    ws = openpyxl.load_workbook(path, data_only=True)["Log"]
    ref = ws.tables["tblLog"].ref
    c1, _, _, r2 = range_boundaries(ref)
    cell = f"{get_column_letter(c1)}{r2}"
    return ("Log", cell), ws[cell].value


def blank_computed(source: Path, target: Path) -> Path:
    """A copy of a filled workbook with every computed cell emptied (inputs kept)."""
    wb = openpyxl.load_workbook(source)
    names = set(wb.sheetnames)
    spec = next(t for t in TEMPLATES.values() if {s.name for s in t.sheets} <= names
                and t.tables[0].name in wb[t.tables[0].sheet].tables)  # fmt: skip
    for table in spec.tables:
        if table.name == "tblLog":
            continue
        ws = wb[table.sheet]
        c1, r1, _, r2 = range_boundaries(ws.tables[table.name].ref)
        for column in table.computed_columns:
            c = c1 + [col.name for col in table.columns].index(column.name)
            for r in range(r1 + 1, r2 + 1):
                ws.cell(r, c).value = None
    for named in spec.names:
        if named.role is Role.COMPUTED and named.name != "Versi_Template":
            wb[named.sheet][named.cell] = None
    wb.save(target)
    return target


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def kinerja_file(tmp_path: Path) -> Path:
    rows = [dict(r) for r in INDIKATOR]
    rows.append({"Kode": "IKU-4", "Sasaran": "Pelayanan kepegawaian", "Indikator": "Galat",
                 "Satuan": "%", "Polaritas": "Positif", "Target": "#DIV/0!",
                 "Realisasi": "95,5"})  # fmt: skip
    rows.append({"Kode": "IKU-5", "Sasaran": "Pelayanan kepegawaian", "Indikator": "Kosong",
                 "Satuan": "%", "Polaritas": "Negatif", "Target": 0, "Realisasi": 4})  # fmt: skip
    return filled_kinerja(tmp_path / "kinerja.xlsx", rows, ANGGARAN, TRIWULAN)


@pytest.fixture(scope="module")
def ipasn_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ipasn")
    demo, _ = build_demo("ipasn-000", folder)
    return blank_computed(demo, folder / "ipasn-inputs.xlsx")


def remote(path: Path) -> Any:
    return xw.Book(json=officejs_payload(path))


def live(path: Path) -> XlwingsBook:
    """The book a button sees on the server: the percent cells the client sent taken out of
    the request as the server takes them, the rest read by xlwings."""
    data = officejs_payload(path)
    percent = server.take_percent_cells(data)
    return XlwingsBook(xw.Book(json=data), percent=percent)


# --- reading -------------------------------------------------------------------------------


def test_error_cell_survives_the_payload_as_an_error(kinerja_file):
    """openpyxl stored the typed #DIV/0! as an error cell; the remote book reads it back as that
    error (err_to_str), not as a blank, exactly as the file book does."""
    book = XlwingsBook(remote(kinerja_file))
    table = book.read_table("tblIndikator")
    assert "#DIV/0!" in table.values("Target")
    assert table.values("Target") == FileBook(kinerja_file).read_table("tblIndikator").values(
        "Target"
    )


@pytest.mark.parametrize("which", ["kinerja", "ipasn"])
def test_reads_equal_the_file_book(which, kinerja_file, ipasn_file):
    path = kinerja_file if which == "kinerja" else ipasn_file
    file_book, xl_book = FileBook(path), XlwingsBook(remote(path))
    assert sorted(xl_book.table_names()) == sorted(file_book.table_names())
    for name in file_book.table_names():
        a, b = file_book.read_table(name), xl_book.read_table(name)
        assert (b.sheet, b.header_row, b.first_column, b.headers) == (
            a.sheet, a.header_row, a.first_column, a.headers
        ), name  # fmt: skip
        assert len(b.rows) == len(a.rows), name
        for i, (row_a, row_b) in enumerate(zip(a.rows, b.rows, strict=True)):
            for header, va, vb in zip(a.headers, row_a, row_b, strict=True):
                if isinstance(va, dt.datetime):  # the Log's time: same instant
                    assert vb == va, (name, i, header)
                else:
                    assert _same(va, vb), (name, i, header, va, vb)
    spec = TEMPLATES[which]
    for named in spec.names:
        assert xl_book.name_address(named.name) == file_book.name_address(named.name)
        assert _same(xl_book.read_name(named.name), file_book.read_name(named.name)), named.name
    assert xl_book.name_address("Tidak_Ada") is None
    assert xl_book.read_name("Tidak_Ada") is None


# --- writing -------------------------------------------------------------------------------


def test_writes_are_column_blocks_inside_protection(kinerja_file, tmp_path):
    book = XlwingsBook(remote(kinerja_file))
    table = book.read_table("tblIndikator")
    book.write_column(table, "Capaian", [1.5] * len(table.rows))
    ringkasan = book.read_table("tblRingkasanSasaran")
    book.write_rows(
        ringkasan, [["A", 1, 1, 2.0, "AA"], ["B", 3, 2, 4.0, "B"], ["C", 5, 5, 6.0, "C"]]
    )
    log = book.read_table("tblLog")
    book.append_row(log, [dt.datetime(2025, 1, 2, 3, 4, 5), "u", "x", "1", "a", "f", 0, 0, "k"])
    book.append_row(log, [dt.datetime(2025, 1, 2, 3, 4, 6), "u", "y", "1", "a", "f", 0, 0, "k"])
    book.write_name("Rata_Capaian", 12.5)
    book.commit()
    actions = book.book.json()["actions"]
    writes = [a for a in actions if a["func"] == "setValues"]
    capaian = writes[0]
    assert capaian["column_count"] == 1 and capaian["row_count"] == len(table.rows)
    assert [a["func"] for a in actions].count("resizeTable") == 2  # Ringkasan grew; Log grew
    out = apply_actions(kinerja_file, actions, tmp_path / "out.xlsx")
    assert set(out.reprotected) == {"Indikator", "Ringkasan", "Log"}
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert wb["Ringkasan"].tables["tblRingkasanSasaran"].ref == "A10:E13"
    log_ref = wb["Log"].tables["tblLog"].ref
    assert log_ref == "A4:I6"  # the template's empty row was filled, then one row added
    assert wb["Log"]["A5"].is_date and wb["Log"]["A5"].value == dt.datetime(2025, 1, 2, 3, 4, 5)
    assert wb["Ringkasan"]["E13"].value == "C"


def test_shrinking_a_computed_table_clears_the_rows_it_leaves(kinerja_file, tmp_path):
    book = XlwingsBook(remote(kinerja_file))
    ringkasan = book.read_table("tblRingkasanSasaran")
    book.write_rows(
        ringkasan, [["A", 1, 1, 2.0, "AA"], ["B", 3, 2, 4.0, "B"], ["C", 5, 5, 6.0, "C"]]
    )
    book.commit()
    grown = tmp_path / "grown.xlsx"
    apply_actions(kinerja_file, book.book.json()["actions"], grown)
    book = XlwingsBook(remote(grown))
    book.write_rows(book.read_table("tblRingkasanSasaran"), [["Z", 9, 9, 9.0, "D"]])
    book.commit()
    apply_actions(grown, book.book.json()["actions"], tmp_path / "shrunk.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "shrunk.xlsx")["Ringkasan"]
    assert ws.tables["tblRingkasanSasaran"].ref == "A10:E11"
    assert [ws.cell(r, 1).value for r in (11, 12, 13)] == ["Z", None, None]


class _FakeProtection:
    def __init__(self):
        for name in ("AllowFormattingCells", "AllowSorting", "AllowFiltering"):
            setattr(self, name, True)

    def __getattr__(self, name):  # the other Allow* permissions are off
        return False


class _FakeSheetApi:
    """Just the COM members XlwingsBook touches for protection (Worksheet.ProtectContents,
    Protection, Unprotect, Protect)."""

    def __init__(self):
        self.ProtectContents = True
        self.ProtectDrawingObjects = False
        self.ProtectScenarios = False
        self.Protection = _FakeProtection()
        self.calls: list[tuple[str, dict]] = []

    def Unprotect(self):
        self.calls.append(("Unprotect", {}))
        self.ProtectContents = False

    def Protect(self, **options):
        self.calls.append(("Protect", options))
        self.ProtectContents = True


def test_com_protection_is_lifted_and_restored_with_its_permissions():
    """The desktop branch (no Excel here): unprotect once before the first write, protect
    again on commit with the permissions read before."""

    class Range:
        def __init__(self, log):
            self.log = log

        @property
        def value(self):
            return None

        @value.setter
        def value(self, v):
            self.log.append(("write", v))

    class Sheet:
        name = "Indikator"

        def __init__(self):
            self.api = _FakeSheetApi()
            self.writes: list = []

        def range(self, *args):
            return Range(self.writes)

    class Engine:
        type = "desktop"

    class App:
        engine = Engine()

    class Book:
        name = "k.xlsm"
        app = App()

        def __init__(self):
            self.sheet = Sheet()
            self.sheets = {"Indikator": self.sheet}

    fake = Book()
    book = XlwingsBook(fake)
    from lkjip_xl.workbook.book import TableData

    table = TableData("tblIndikator", "Indikator", 4, 1, ["Kode", "Capaian"], [["a", None]] * 2)
    book.write_column(table, "Capaian", [1.0, 2.0])
    book.write_column(table, "Capaian", [3.0, 4.0])
    book.commit()
    calls = fake.sheet.api.calls
    assert [c[0] for c in calls] == ["Unprotect", "Protect"]
    options = calls[1][1]
    assert options["Contents"] is True and options["AllowSorting"] is True
    assert options["AllowInsertingColumns"] is False
    assert fake.sheet.writes == [("write", [[1.0], [2.0]]), ("write", [[3.0], [4.0]])]


# --- recompute through the remote book equals the file recompute --------------------------


def _recompute_both(path: Path, tmp_path: Path, monkeypatch) -> tuple[Path, Path, Applied]:
    monkeypatch.setenv("LKJIP_USER", "penguji")
    expected = tmp_path / "file.xlsx"
    shutil.copy(path, expected)
    recompute_file(expected)
    book = live(path)
    recompute(book)
    book.commit()
    actual = tmp_path / "xlwings.xlsx"
    applied = apply_actions(path, book.book.json()["actions"], actual)
    return expected, actual, applied


@pytest.mark.parametrize("which", ["kinerja", pytest.param("ipasn", marks=pytest.mark.slow)])
def test_recompute_equals_the_file_recompute(which, kinerja_file, ipasn_file, tmp_path,
                                             monkeypatch):  # fmt: skip
    path = kinerja_file if which == "kinerja" else ipasn_file
    expected, actual, applied = _recompute_both(path, tmp_path, monkeypatch)
    time_cell, time_value = new_log_time(actual)
    assert isinstance(time_value, dt.datetime)
    assert abs(time_value - dt.datetime.now()) < dt.timedelta(minutes=5)
    assert differences(expected, actual, skip={time_cell}) == []
    # and the recompute did write: every computed column of the first data table was written
    first = TEMPLATES[which].table("tblIndikator" if which == "kinerja" else "tblPegawai")
    assert first.sheet in {sheet for sheet, _ in applied.written_cells}
    blank_before = differences(path, expected, skip={time_cell})
    assert blank_before, "the input file had no computed cell left to fill"
    # The Laporan sheet is laid out by the file recompute only; live Excel is told so.
    assert openpyxl.load_workbook(actual)["Laporan"]["A2"].value == STALE_REPORT


def test_buttons_report_in_status_cell_and_alert(kinerja_file, tmp_path):
    book = remote(kinerja_file)
    hasil = jalankan(book, PERIKSA)
    assert not hasil.gagal and hasil.laporan is not None
    actions = book.json()["actions"]
    applied = apply_actions(kinerja_file, actions, tmp_path / "checked.xlsx")
    # a check computes nothing: only the status cells are written
    assert applied.written_cells == STATUS_CELLS
    ws = openpyxl.load_workbook(tmp_path / "checked.xlsx")["Identitas"]
    assert ws[STATUS_LABEL_CELL].value == "Status Terakhir"
    assert ws[STATUS_CELL].value.startswith(f"{PERIKSA} selesai diperiksa")
    assert f"{len(hasil.laporan.galat)} galat" in ws[STATUS_CELL].value
    (alert,) = applied.alerts
    assert alert[0].startswith(ws[STATUS_CELL].value)
    assert "Indikator!" in alert[0]  # the problems are listed with their cells
    assert alert[3] == ("critical" if hasil.laporan.galat else "info")

    book = remote(kinerja_file)
    assert not jalankan(book, HITUNG).gagal


def test_a_broken_workbook_gives_a_sentence_not_a_traceback(kinerja_file, tmp_path):
    data = officejs_payload(kinerja_file)
    for sheet in data["sheets"]:
        sheet["tables"] = [t for t in sheet["tables"] if t["name"] != "tblIndikator"]
    book = xw.Book(json=data)
    hasil = jalankan(book, HITUNG)
    assert hasil.gagal
    assert hasil.pesan.startswith("Hitung Ulang gagal: ") and "tblIndikator" in hasil.pesan
    assert "Traceback" not in hasil.pesan
    applied = apply_actions(kinerja_file, book.json()["actions"], tmp_path / "x.xlsx")
    assert applied.written_cells == STATUS_CELLS
    assert applied.alerts[0][3] == "critical"


def test_an_unforeseen_failure_says_what_to_do_and_logs_pythons_text(
    kinerja_file, tmp_path, monkeypatch, caplog
):
    # The message box showed "Hitung Ulang gagal karena kesalahan tak terduga: RuntimeError:
    # C:\\Users\\..." (Python's English words, a path) and nothing to do about it.
    def broken(*args, **kwargs):
        raise RuntimeError(r"C:\Users\budi\rahasia.xlsx cannot be read")

    monkeypatch.setattr("lkjip_xl.workbook.compute.kinerja.hitung_kinerja", broken)
    book = remote(kinerja_file)
    with caplog.at_level(logging.ERROR, logger="lkjip_xl.excel.buttons"):
        hasil = jalankan(book, HITUNG)
    assert hasil.gagal
    assert hasil.pesan == (
        "Hitung Ulang gagal karena kesalahan tak terduga di lkjip_xl (RuntimeError). Simpan dan "
        "tutup buku kerja ini, lalu di jendela perintah (cmd) jalankan lkjip-xl hitung diikuti "
        "nama berkasnya: perintah itu menampilkan rinciannya. Bila gagal juga, laporkan "
        "pesannya ke bagian TI."
    )
    (record,) = caplog.records
    assert record.exc_info and "rahasia.xlsx cannot be read" in caplog.text
    applied = apply_actions(kinerja_file, book.json()["actions"], tmp_path / "x.xlsx")
    assert applied.written_cells == STATUS_CELLS
    assert applied.alerts[0][0] == hasil.pesan and applied.alerts[0][3] == "critical"
    # The command it names exists and does the button's work.
    done = CliRunner().invoke(app, [PERINTAH[HITUNG], "--help"])
    assert done.exit_code == 0 and "BERKAS" in done.output


# --- rows typed right under a table (DESIGN §3) ---------------------------------------------


def test_rows_below_a_table_are_taken_in_as_the_file_book_takes_them(kinerja_file, tmp_path,
                                                                     monkeypatch):  # fmt: skip
    """Typed under tblIndikator and tblAnggaran (as LibreOffice leaves them): the remote book
    warns as the file book does, and its recompute extends the tables (resizeTable) and writes
    the same cells."""
    spec = TEMPLATES["kinerja"]
    wb = openpyxl.load_workbook(kinerja_file)
    typed = {"tblIndikator": [{"Kode": "IKU-8", "Sasaran": "Pelayanan kepegawaian",
                               "Indikator": "Baru", "Satuan": "%", "Polaritas": "Positif",
                               "Target": 80, "Realisasi": 88},
                              {"Kode": "IKU-9", "Indikator": "Baru 2", "Target": 10}],
             "tblAnggaran": [{"Kode Indikator": "IKU-2", "Pagu": 1000,
                              "Realisasi Anggaran": 900}]}  # fmt: skip
    for name, rows in typed.items():
        table = spec.table(name)
        for i, row in enumerate(rows, start=table.last_row + 1):
            for header, value in row.items():
                wb[table.sheet][f"{table.letter(header)}{i}"] = value
    wb.save(kinerja_file)

    def warnings(book):
        return sorted((m.place, m.message) for m in check(book).masalah
                      if m.code == "rows-below-table")  # fmt: skip

    expected_warnings = warnings(FileBook(kinerja_file))
    assert len(expected_warnings) == 2
    assert warnings(XlwingsBook(remote(kinerja_file))) == expected_warnings

    expected, actual, _applied = _recompute_both(kinerja_file, tmp_path, monkeypatch)
    time_cell, _ = new_log_time(actual)
    assert differences(expected, actual, skip={time_cell}) == []
    out = openpyxl.load_workbook(actual)
    ind, ang = spec.table("tblIndikator"), spec.table("tblAnggaran")
    assert out["Indikator"].tables["tblIndikator"].ref == f"A4:{ind.last_letter}{ind.last_row + 2}"
    assert out["Anggaran"].tables["tblAnggaran"].ref == f"A4:I{ang.last_row + 1}"
    assert out["Indikator"][f"{ind.letter('Capaian')}{ind.last_row + 1}"].value == 110

    # The button says so in its message box.
    book = remote(kinerja_file)
    assert not jalankan(book, HITUNG).gagal
    applied = apply_actions(kinerja_file, book.json()["actions"], tmp_path / "button.xlsx")
    (alert,) = applied.alerts
    assert (f"- 1 baris di bawah tabel tblAnggaran (baris {ang.last_row + 1}) dimasukkan ke "
            "dalam tabel.") in alert[0]  # fmt: skip


# --- a percentage typed in Excel (typed "75%": 0.75 in a percent format) --------------------


def _percent_file(tmp_path: Path) -> Path:
    """tblIndikator with IKU-1's target typed "75%", IKU-2's realisasi "6,23%", IKU-3's target
    a plain 0.75, and a row typed under the table with its target "80%"."""
    path = filled_kinerja(tmp_path / "persen.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    ind = TEMPLATES["kinerja"].table("tblIndikator")
    wb = openpyxl.load_workbook(path)
    ws = wb[ind.sheet]
    first = ind.first_data_row
    below = {"Kode": "IKU-8", "Sasaran": "Pelayanan kepegawaian", "Indikator": "Baru",
             "Satuan": "%", "Polaritas": "Positif", "Target": 0.8, "Realisasi": 88}  # fmt: skip
    for header, value in below.items():
        ws[f"{ind.letter(header)}{ind.last_row + 1}"] = value
    for ref, value, code in [
        (f"{ind.letter('Target')}{first}", 0.75, "0%"),
        (f"{ind.letter('Realisasi')}{first + 1}", 0.0623, "0.00%"),
        (f"{ind.letter('Target')}{first + 2}", 0.75, "General"),
        (f"{ind.letter('Target')}{ind.last_row + 1}", 0.8, "0%"),
    ]:
        ws[ref].value, ws[ref].number_format = value, code  # fmt: skip
    wb.save(path)
    return path


def test_a_percentage_typed_in_excel_is_read_as_the_file_book_reads_it(tmp_path):
    """The remote book read 0.75 where the cell shows 75%; it now reads what FileBook reads:
    a Persen (the figure shown) in the percent cells, a plain float in the others."""
    path = _percent_file(tmp_path)
    expected, actual = FileBook(path), live(path)
    for name in ("tblIndikator", "tblAnggaran", "tblTriwulan"):
        want, got = expected.read_table(name), actual.read_table(name)
        assert got.rows == want.rows
        assert [list(map(type, r)) for r in got.rows] == [list(map(type, r)) for r in want.rows]
        below = actual.read_below(got)
        assert below == expected.read_below(want)
        assert [list(map(type, r)) for r in below] == [
            list(map(type, r)) for r in expected.read_below(want)
        ]
    target = actual.read_table("tblIndikator").values("Target")
    assert type(target[0]) is Persen and type(target[2]) is float
    # the row under the table is marked as well
    (row,) = actual.read_below(actual.read_table("tblIndikator"))
    assert Persen(0.8) in row


def test_a_recompute_with_percent_cells_equals_the_file_recompute(tmp_path, monkeypatch):
    path = _percent_file(tmp_path)
    expected, actual, _applied = _recompute_both(path, tmp_path, monkeypatch)
    time_cell, _ = new_log_time(actual)
    assert differences(expected, actual, skip={time_cell}) == []
    ind = TEMPLATES["kinerja"].table("tblIndikator")
    ws = openpyxl.load_workbook(actual, data_only=True)[ind.sheet]
    first = ind.first_data_row
    assert ws[f"{ind.letter('Capaian')}{first}"].value == 95.45  # 71.59 / 75, not / 0.75
    assert ws[f"{ind.letter('Capaian')}{ind.last_row + 1}"].value == 110  # 88 / 80%
    # the cells keep what the user typed
    assert ws[f"{ind.letter('Target')}{first}"].value == 0.75


def test_a_client_that_sends_no_percent_cells_is_read_as_before(tmp_path):
    """An older task pane sends no lkjip_percent: its values are read as they come."""
    path = _percent_file(tmp_path)
    data = officejs_payload(path)
    for sheet in data["sheets"]:
        del sheet["lkjip_percent"]
    assert server.take_percent_cells(data) == {}
    book = XlwingsBook(xw.Book(json=data))
    assert type(book.read_table("tblIndikator").values("Target")[0]) is float


def test_desktop_excel_is_asked_one_number_format_per_column(tmp_path):
    """The COM branch (no Excel here): Range.NumberFormat of a column gives its code, or None
    when its cells' formats differ (Excel's Null), then each number cell is asked. A fake
    answers so from the real file's formats; the cells marked must be FileBook's."""
    path = _percent_file(tmp_path)
    ind = TEMPLATES["kinerja"].table("tblIndikator")
    ws = openpyxl.load_workbook(path)[ind.sheet]
    asked: list[tuple[int, int, int]] = []

    class Range:
        def __init__(self, first, last=None):
            self.cells = [(r, first[1]) for r in range(first[0], (last or first)[0] + 1)]

        @property
        def number_format(self):
            asked.append((self.cells[0][0], self.cells[-1][0], self.cells[0][1]))
            codes = {ws.cell(r, c).number_format for r, c in self.cells}
            return codes.pop() if len(codes) == 1 else None

    class Sheet:
        name = ind.sheet

        def range(self, first, last=None):
            return Range(first, last)

    class Book:
        name = "k.xlsm"
        app = None  # no engine: the desktop branch

    file_table = FileBook(path).read_table(ind.name)
    # the values as COM gives them: plain floats
    rows = [[float(v) if type(v) is Persen else v for v in r] for r in file_table.rows]
    start = (file_table.excel_row(0), file_table.first_column)
    XlwingsBook(Book())._mark_percent(Sheet(), *start, rows)
    assert [list(map(type, r)) for r in rows] == [list(map(type, r)) for r in file_table.rows]
    assert rows == file_table.rows
    mixed = {ind.col_index("Target"), ind.col_index("Realisasi")}
    per_column = Counter(c for _, _, c in asked)
    assert per_column and all(k == 1 for c, k in per_column.items() if c not in mixed)
    # asked again (halves, cells) only in the columns whose formats differ
    assert {c for c, k in per_column.items() if k > 1} <= mixed


def test_desktop_excel_is_not_asked_cell_by_cell_for_a_long_column_of_two_formats():
    """A roster column of 2,000 numbers, its first half General and its second typed "75%":
    the column's NumberFormat is None (mixed), and each number cell was then asked on its
    own, 2,000 COM round trips in one click. The halves of a mixed range are asked instead,
    down to ranges of one format: a few dozen calls, the same cells marked."""
    n, asked = 2000, []

    class Range:
        def __init__(self, first, last=None):
            self.rows = range(first[0], (last or first)[0] + 1)

        @property
        def number_format(self):
            asked.append(self.rows)
            codes = {"0%" if r > n // 2 else "General" for r in self.rows}
            return codes.pop() if len(codes) == 1 else None

    class Sheet:
        name = "Pegawai"

        def range(self, first, last=None):
            return Range(first, last)

    class Book:
        name = "k.xlsm"
        app = None  # no engine: the desktop branch

    rows = [[0.75] for _ in range(n)]
    XlwingsBook(Book())._mark_percent(Sheet(), 1, 1, rows)
    assert [type(r[0]) for r in rows] == [float] * (n // 2) + [Persen] * (n // 2)
    assert len(asked) <= 4 * n.bit_length(), len(asked)


def test_the_places_desimal_shows_are_those_of_the_file_recompute(kinerja_file, tmp_path,
                                                                   monkeypatch):  # fmt: skip
    """At Desimal 3 the remote book's setNumberFormat actions give every cell the format the
    file book gives it (the figures hold three places; two would hide one)."""
    wb = openpyxl.load_workbook(kinerja_file)
    sheet, cell = next(iter(wb.defined_names["Desimal"].destinations))
    wb[sheet][cell.replace("$", "")] = 3
    wb.save(kinerja_file)
    expected, actual, _ = _recompute_both(kinerja_file, tmp_path, monkeypatch)
    a, b = openpyxl.load_workbook(expected), openpyxl.load_workbook(actual)
    shown = []
    for ws_a in a.worksheets:
        if ws_a.title == "Laporan":  # laid out by the file writer only
            continue
        ws_b = b[ws_a.title]
        for row in ws_a.iter_rows():
            for c in row:
                if c.number_format != ws_b[c.coordinate].number_format:
                    shown.append((ws_a.title, c.coordinate, c.number_format,
                                  ws_b[c.coordinate].number_format))  # fmt: skip
    assert shown == []
    indikator = TEMPLATES["kinerja"].table("tblIndikator")
    capaian = f"{indikator.letter('capaian')}{indikator.first_data_row}"
    assert b[indikator.sheet][capaian].number_format == "#,##0.000"
