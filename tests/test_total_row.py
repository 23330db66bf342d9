"""Tables with Excel's Total Row (Table Design > Total Row, ``totalsRowCount="1"``): the total
row is not data when read, and stays the table's last row, whole, when a recompute resizes it."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from lkjip_xl.core.problems import Kode
from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_names, fill_table
from lkjip_xl.workbook.exchange.codes import StatusKiriman
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.file_book import FileBook, WorkbookError
from lkjip_xl.workbook.patcher import PatchError
from lkjip_xl.workbook.safe_write import backups
from tests.test_distribute_collect import IDENTITAS, PEG, UNITS, edit_unit, nip, pegawai
from tests.test_exchange_distribute_exact import assert_recompute_changes_nothing
from tests.test_exchange_review_collect import many_units_master

REKAP = template("ipasn").table("tblRekap")
_CELL = re.compile(r"([A-Z]+)([0-9]+)")


def _last_row(ref: str) -> int:
    return int(_CELL.fullmatch(ref.split(":")[1]).group(2))  # type: ignore[union-attr]


def total_row_on(path: Path, table: str, sheet: str, label_col: int, sum_col: int) -> int:
    """Switch Excel's Total Row on: the row under the data joins the table's range, with a
    label and a SUBTOTAL of one column (as Excel writes them); returns the total row."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    xl = ws.tables[table]
    first, last = xl.ref.split(":")
    column = _CELL.fullmatch(last).group(1)  # type: ignore[union-attr]
    total = _last_row(xl.ref) + 1
    xl.ref = f"{first}:{column}{total}"
    xl.totalsRowCount = 1
    xl.tableColumns[label_col - 1].totalsRowLabel = "Total"
    xl.tableColumns[sum_col - 1].totalsRowFunction = "sum"
    header = xl.tableColumns[sum_col - 1].name
    ws.cell(total, label_col, "Total").font = Font(bold=True)
    ws.cell(total, sum_col, f"=SUBTOTAL(109,{table}[{header}])").font = Font(bold=True)
    wb.save(path)
    for backup in backups(path):
        backup.unlink()
    return total


def _blank_employees(path: Path, count: int) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[PEG.sheet]
    for row in range(PEG.first_data_row, PEG.first_data_row + count):
        for column in range(1, len(PEG.columns) + 1):
            ws.cell(row, column).value = None
    wb.save(path)
    for backup in backups(path):
        backup.unlink()


def _rekap(path: Path) -> tuple[str, str | None, int, list[list[object]]]:
    wb = openpyxl.load_workbook(path)
    ws = wb[REKAP.sheet]
    xl = ws.tables[REKAP.name]
    rows = [[c.value for c in row[:3]] for row in ws.iter_rows(min_row=REKAP.first_data_row)]
    af = xl.autoFilter.ref if xl.autoFilter is not None else None
    return xl.ref, af, xl.totalsRowCount or 0, rows


@pytest.fixture(scope="module")
def master_with_total(tmp_path_factory) -> Path:
    path = many_units_master(tmp_path_factory.mktemp("induk") / "induk.xlsx")
    total_row_on(path, REKAP.name, REKAP.sheet, 1, 3)
    return path


def _assert_total_row_last(path: Path, expect_data: int) -> int:
    ref, af, totals, rows = _rekap(path)
    last = _last_row(ref)
    first = REKAP.first_data_row
    assert totals == 1
    assert last == first + expect_data, (ref, expect_data)
    assert af == f"{ref.split(':')[0]}:{ref.split(':')[1][0]}{last - 1}"
    table_rows = rows[: last - first + 1]
    assert table_rows[-1][0] == "Total"
    assert table_rows[-1][2] == f"=SUBTOTAL(109,{REKAP.name}[Jumlah Pegawai])"
    assert table_rows[-2][0] == "Seluruh Pegawai"
    # Nothing of the total row is left under the table.
    assert all(v is None for row in rows[last - first + 1 :] for v in row), rows[last - first :]
    return last


def test_a_shrinking_recap_keeps_its_total_row_last(master_with_total, tmp_path):
    """Before: the recap's range was cut to its data rows, so "Seluruh Pegawai" became Excel's
    total row and the real Total row, with its SUBTOTAL, was left under the table."""
    path = tmp_path / "induk.xlsx"
    path.write_bytes(master_with_total.read_bytes())
    _blank_employees(path, 20)
    recompute_file(path)
    # 22 employees left, in 8 units: 15 unit rows, 2 status sums, one grand total.
    last = _assert_total_row_last(path, 18)
    # The total row's style moved with it; the row it left took the data rows' style.
    wb = openpyxl.load_workbook(master_with_total)
    before = wb[REKAP.sheet]
    old = _last_row(before.tables[REKAP.name].ref)
    after = openpyxl.load_workbook(path)[REKAP.sheet]
    assert after.cell(last, 3).style_id == before.cell(old, 3).style_id
    assert after.cell(old, 3).style_id == before.cell(old - 1, 3).style_id
    # calamine reads the table's data rows only.
    book = CalamineWorkbook.from_path(path, load_tables=True)
    assert book.get_table_by_name(REKAP.name).to_python()[-1][0] == "Seluruh Pegawai"
    # A second recompute changes nothing (but the Log's new line).
    assert_recompute_changes_nothing(path, tmp_path)


def test_a_growing_recap_moves_its_total_row_down(tmp_path):
    path = many_units_master(tmp_path / "induk.xlsx")
    _blank_employees(path, 30)
    recompute_file(path)
    total_row_on(path, REKAP.name, REKAP.sheet, 1, 3)
    wb = openpyxl.load_workbook(path)
    ws = wb[PEG.sheet]
    for n in range(30):
        row = pegawai(0, n, **{"Unit Kerja": f"Bidang {'ABCDEFGHIJ'[n // 3]}"})
        row["NIP"] = f"19800101200501{n:04d}"
        for column in PEG.input_columns:
            if column.name in row:
                ws.cell(PEG.first_data_row + n, PEG.col_index(column.key), row[column.name])
    wb.save(path)
    recompute_file(path)
    _assert_total_row_last(path, 14 * 2 + 3)
    assert_recompute_changes_nothing(path, tmp_path)


def test_a_note_under_a_growing_total_row_is_refused_and_nothing_written(tmp_path):
    path = many_units_master(tmp_path / "induk.xlsx")
    _blank_employees(path, 30)
    recompute_file(path)
    total = total_row_on(path, REKAP.name, REKAP.sheet, 1, 3)
    wb = openpyxl.load_workbook(path)
    wb[REKAP.sheet].cell(total + 1, 2, "Catatan kepala bidang")
    ws = wb[PEG.sheet]
    for n in range(3):
        row = pegawai(0, n, **{"Unit Kerja": "Bidang A", "NIP": f"1980010120050100{n:02d}"})
        for column in PEG.input_columns:
            if column.name in row:
                ws.cell(PEG.first_data_row + n, PEG.col_index(column.key), row[column.name])
    wb.save(path)
    for backup in backups(path):
        backup.unlink()
    before = path.read_bytes()
    with pytest.raises((WorkbookError, PatchError)) as refused:
        recompute_file(path)
    assert path.read_bytes() == before
    # The recap grows by two rows (Bidang A's PNS and PPPK): its total row would go to
    # total + 2, over the note.
    said = Kode("total-row-blocked").message(
        tabel=REKAP.name, baris=total + 2, sel=f"'{REKAP.sheet}'!B{total + 1}"
    )
    assert said in str(refused.value)


def _roster_with_total(path: Path, per_unit: int = 6, units: int = 1, note: bool = True) -> int:
    rows = [pegawai(u, n) for u in range(units) for n in range(per_unit)]
    wb = make_workbook("ipasn")
    fill_names(wb, "ipasn", IDENTITAS)
    fill_table(wb, PEG, rows)
    wb.save(path)
    recompute_file(path)
    # Cut to its filled rows, as a user's table is, then Excel's Total Row.
    wb = openpyxl.load_workbook(path)
    ws = wb[PEG.sheet]
    xl = ws.tables[PEG.name]
    first, last = xl.ref.split(":")
    column = _CELL.fullmatch(last).group(1)  # type: ignore[union-attr]
    end = PEG.first_data_row + len(rows) - 1
    for r in range(end + 1, _last_row(xl.ref) + 1):
        for c in range(1, len(PEG.columns) + 1):
            ws.cell(r, c).value = None
    xl.ref = f"{first}:{column}{end}"
    xl.autoFilter.ref = xl.ref
    wb.save(path)
    nama = PEG.col_index("nama")
    skp = PEG.col_index("nilai_skp")
    total = total_row_on(path, PEG.name, PEG.sheet, nama, skp)
    if not note:
        return total
    # A note typed under the total row (outside the table, as Excel leaves it).
    wb = openpyxl.load_workbook(path)
    wb[PEG.sheet].cell(total + 1, nama, "Diperiksa oleh Kepala Subbagian")
    wb.save(path)
    for backup in backups(path):
        backup.unlink()
    return total


def test_an_input_table_total_row_is_not_an_employee(tmp_path):
    """Before: the total row, right under the data rows as calamine reads them, was taken in as
    a row typed under the table: an employee "Total" without NIP, with problems on it."""
    path = tmp_path / "pegawai.xlsx"
    total = _roster_with_total(path)
    book = FileBook(path)
    from lkjip_xl.workbook.below import take_rows_below

    assert take_rows_below(book, template("ipasn")) == []
    assert len(book.read_table(PEG.name).rows) == 6
    laporan = check_file(path)
    assert not [m for m in laporan.masalah if str(total) in re.sub(r"[A-Z]", "", m.cell or "")]
    before = openpyxl.load_workbook(path)[PEG.sheet]
    recompute_file(path)
    wb = openpyxl.load_workbook(path)
    ws = wb[PEG.sheet]
    xl = ws.tables[PEG.name]
    assert _last_row(xl.ref) == total and xl.totalsRowCount == 1
    for c in range(1, len(PEG.columns) + 1):
        assert ws.cell(total, c).value == before.cell(total, c).value, c


def _rows_with_values(path: Path, sheet: str, columns: tuple[int, ...]) -> dict[int, list]:
    ws = openpyxl.load_workbook(path)[sheet]
    found = {}
    for r in range(PEG.first_data_row, ws.max_row + 1):
        values = [ws.cell(r, c).value for c in columns]
        if any(v is not None for v in values):
            found[r] = values
    return found


@pytest.mark.parametrize("label_only", [False, True], ids=["subtotal", "label"])
def test_distribute_and_collect_keep_the_rosters_total_row(tmp_path, label_only):
    """Before: distribute failed on the master (its hollow copy cut tblPegawai to a header and
    one row, the total row left none for data); the units' total row lost its label and formula;
    collect wrote a unit's new employee over the master's total row, which then stood as
    Excel's total row (left out of sorting, filtering and every tblPegawai[...] formula)."""
    master = tmp_path / "induk.xlsx"
    total = _roster_with_total(master, per_unit=4, units=3, note=False)
    if label_only:  # no formula in the sheet: collect writes whole columns
        wb = openpyxl.load_workbook(master)
        wb[PEG.sheet].cell(total, PEG.col_index("nilai_skp")).value = None
        wb.save(master)
        for backup in backups(master):
            backup.unlink()
    nama, skp = PEG.col_index("nama"), PEG.col_index("nilai_skp")
    sent = distribute(master, tmp_path / "kirim")
    for made in sent.workbooks:
        wb = openpyxl.load_workbook(made.path)
        xl = wb[PEG.sheet].tables[PEG.name]
        end = _last_row(xl.ref)
        assert xl.totalsRowCount == 1
        assert wb[PEG.sheet].cell(end, nama).value == "Total", made.unit
        assert wb[PEG.sheet].cell(end - 1, 1).value is None  # a spare row, not an employee
        assert len(FileBook(made.path).read_table(PEG.name).rows) == end - PEG.first_data_row
    unit0 = next(w.path for w in sent.workbooks if w.unit == UNITS[0])
    edit_unit(unit0, set_={nip(0, 0): {"Nilai SKP": 95}}, add=[pegawai(0, 9, Nama="Baru")])
    result = collect(master, [w.path for w in sent.workbooks])
    assert [k.status for k in result.kiriman] == [StatusKiriman.DITERIMA] * 3
    wb = openpyxl.load_workbook(master)
    ws = wb[PEG.sheet]
    xl = ws.tables[PEG.name]
    assert xl.ref == f"A{PEG.header_row}:{PEG.last_letter}{total + 1}"
    assert xl.autoFilter.ref == f"A{PEG.header_row}:{PEG.last_letter}{total}"
    rows = _rows_with_values(master, PEG.sheet, (1, nama, skp))
    assert rows[total] == [nip(0, 9), "Baru", 79.5]
    assert rows[total + 1] == [None, "Total", None if label_only else
                               "=SUBTOTAL(109,tblPegawai[Nilai SKP])"]  # fmt: skip
    assert max(rows) == total + 1
    assert len(FileBook(master).read_table(PEG.name).rows) == 13


def test_the_xlwings_book_reads_an_input_table_total_row_as_the_file_book(tmp_path):
    """Over xlwings' remote engine (the Office.js client's book): the total row is not data,
    and the note under it is not a row typed under the table."""
    from lkjip_xl.excel.xlwings_book import XlwingsBook
    from tests.test_xlwings_book import remote

    path = tmp_path / "pegawai.xlsx"
    _roster_with_total(path)
    xl_book, file_book = XlwingsBook(remote(path)), FileBook(path)
    xl_table, file_table = xl_book.read_table(PEG.name), file_book.read_table(PEG.name)
    assert len(xl_table.rows) == len(file_table.rows) == 6
    assert xl_book.read_below(xl_table) == file_book.read_below(file_table) == []


def test_kinerja_tables_and_the_log_keep_their_total_rows(tmp_path):
    """An input table, a result table and the Log (which each recompute grows by a row), each
    with a Total Row: a recompute reads no total row as data and leaves each last."""
    from tests.workbooks import INDIKATOR, filled_kinerja

    spec = template("kinerja")
    path = filled_kinerja(tmp_path / "kinerja.xlsx", INDIKATOR)
    recompute_file(path)
    placed = {"tblIndikator": (3, 7), "tblRingkasanSasaran": (1, 2), "tblLog": (3, 7)}
    for name, (label, summed) in placed.items():
        total_row_on(path, name, spec.table(name).sheet, label, summed)
    data_rows = {n: len(FileBook(path).read_table(n).rows) for n in placed}
    assert data_rows["tblIndikator"] == spec.table("tblIndikator").min_rows
    for _ in range(2):
        recompute_file(path)
        wb = openpyxl.load_workbook(path)
        for name, (label, summed) in placed.items():
            ws = wb[spec.table(name).sheet]
            xl = ws.tables[name]
            last = _last_row(xl.ref)
            assert xl.totalsRowCount == 1
            assert ws.cell(last, label).value == "Total", name
            assert str(ws.cell(last, summed).value).startswith("=SUBTOTAL(109,"), name
            assert ws.cell(last - 1, 1).value is not None or name == "tblIndikator", name
            below = [ws.cell(r, c).value for r in range(last + 1, ws.max_row + 1)
                     for c in range(1, len(xl.tableColumns) + 1)]  # fmt: skip
            assert set(below) <= {None}, (name, below)
    book = FileBook(path)
    assert len(book.read_table("tblIndikator").rows) == data_rows["tblIndikator"]
    assert len(book.read_table("tblLog").rows) == data_rows["tblLog"] + 2
    indikator = [r[0] for r in book.read_table("tblIndikator").rows if r[0] is not None]
    assert indikator == [r["Kode"] for r in INDIKATOR]


def test_a_total_row_formula_spanning_cells_is_refused_and_nothing_written(
    master_with_total, tmp_path
):
    """An array formula's ``ref`` names its own cells: moved as bytes, it would name the old
    row. Refused, in one sentence naming the cell, before anything is written."""
    from openpyxl.worksheet.formula import ArrayFormula

    path = tmp_path / "induk.xlsx"
    path.write_bytes(master_with_total.read_bytes())
    wb = openpyxl.load_workbook(path)
    ws = wb[REKAP.sheet]
    total = _last_row(ws.tables[REKAP.name].ref)
    ws.cell(total, 4).value = ArrayFormula(f"D{total}", "=SUM(tblRekap[Jumlah Pegawai]*1)")
    wb.save(path)
    for backup in backups(path):
        backup.unlink()
    _blank_employees(path, 20)
    before = path.read_bytes()
    with pytest.raises((WorkbookError, PatchError)) as refused:
        recompute_file(path)
    assert path.read_bytes() == before
    said = Kode("total-row-blocked").message(
        "bentuk", tabel=REKAP.name, sel=f"'{REKAP.sheet}'!D{total}"
    )
    assert said in str(refused.value)


def test_the_xlwings_book_recomputes_a_roster_with_a_total_row_as_the_file_book(
    tmp_path, monkeypatch
):
    """A Total Row on an input table the engine writes computed columns into, not resized:
    a recompute through xlwings' remote engine gives, cell by cell, what the file gives."""
    from tests.test_xlwings_book import _recompute_both, differences, new_log_time

    path = tmp_path / "pegawai.xlsx"
    total = _roster_with_total(path)
    expected, actual, _applied = _recompute_both(path, tmp_path, monkeypatch)
    time_cell, _ = new_log_time(actual)
    assert differences(expected, actual, skip={time_cell}) == []
    ws = openpyxl.load_workbook(actual)[PEG.sheet]
    assert ws.cell(total, PEG.col_index("nama")).value == "Total"


def test_the_xlwings_book_refuses_to_resize_a_table_with_a_total_row(tmp_path):
    """Live Excel's resize is not known to move a Total Row: refused, in the catalog's
    sentence, before the table is written (every recompute grows the Log by a row)."""
    from lkjip_xl.excel.xlwings_book import XlwingsBook, XlwingsBookError
    from lkjip_xl.workbook.recompute import recompute
    from tests.test_xlwings_book import remote
    from tests.workbooks import INDIKATOR, filled_kinerja

    path = filled_kinerja(tmp_path / "kinerja.xlsx", INDIKATOR)
    recompute_file(path)
    total_row_on(path, "tblLog", "Log", 3, 7)
    book = XlwingsBook(remote(path))
    with pytest.raises(XlwingsBookError) as refused:
        recompute(book)
    assert str(refused.value) == Kode("total-row-blocked").message("excel", tabel="tblLog")
    log_sheet = openpyxl.load_workbook(path).sheetnames.index("Log")
    touched = [a for a in book.book.json()["actions"] if a.get("sheet_position") == log_sheet]
    assert touched == []


def test_an_upgrade_carries_no_total_row_as_an_employee(tmp_path):
    """Before: the upgrade copied every row of the old table's range, its total row too: an
    employee "Total" whose Nilai SKP was the text of the SUBTOTAL formula."""
    from lkjip_xl.workbook.upgrade import upgrade_file
    from tests.test_upgrade import copy_of

    path = copy_of("ipasn-2026.2", tmp_path)
    before = FileBook(path).read_table(PEG.name)
    filled = [r for r in before.rows if any(v is not None for v in r)]
    wb = openpyxl.load_workbook(path)
    old = wb[PEG.sheet].tables[PEG.name]
    headers = [c.name for c in old.tableColumns]
    wb.close()
    total_row_on(path, PEG.name, PEG.sheet, headers.index("Nama") + 1,
                 headers.index("Nilai SKP") + 1)  # fmt: skip
    hasil = upgrade_file(path)
    assert any("Baris Total tidak dibawa" in p for p in hasil.peringatan)
    after = FileBook(path).read_table(PEG.name)
    nama = after.headers.index("Nama")
    names = [r[nama] for r in after.rows if r[nama] is not None]
    assert "Total" not in names
    assert len(names) == len(filled)
