"""Review of the table-range refusals: tables real programs write are still read, computed and
written (a user's own table beside the template's, as Excel and openpyxl save it)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import load_workbook
from openpyxl.worksheet.table import Table
from python_calamine import CalamineWorkbook

from lkjip_xl.workbook.file_book import FileBook
from tests.hostile.corpus import kinerja, one_line, run_cli


def _with_own_table(path: Path, rows: list[list[object]], **table: object) -> Path:
    """The kinerja workbook at ``path`` with a sheet Catatan holding ``rows`` as a table of
    the user's own (``tblSaya``), saved by openpyxl."""
    book = load_workbook(path)
    sheet = book.create_sheet("Catatan")
    for row in rows:
        sheet.append(row)
    last = f"{chr(ord('A') + len(rows[0]) - 1)}{len(rows)}"
    sheet.add_table(Table(displayName="tblSaya", ref=f"A1:{last}", **table))
    book.save(path)
    return path


CASES = {
    # Excel's "Header Row" box unticked: one data row is the whole range.
    "no-header-one-row": ([["x", 2]], {"headerRowCount": 0}),
    "no-header-one-cell": ([["x"]], {"headerRowCount": 0}),
    "header-and-one-row": ([["a", "b"], [1, 2]], {}),
    "one-column": ([["a"], [1], [2]], {}),
    "total-row": ([["a", "b"], [1, 2], ["Total", 2]], {"totalsRowCount": 1}),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_users_own_table_excel_can_write_is_read_and_computed(tmp_path, case):
    rows, table = CASES[case]
    path = _with_own_table(kinerja(tmp_path / "kinerja.xlsx"), rows, **table)
    # calamine itself (the reader the engine stands on) takes the table as written.
    found = CalamineWorkbook.from_path(str(path), load_tables=True).get_table_by_name("tblSaya")
    assert found.to_python()[0][0] == rows[0 if table.get("headerRowCount") == 0 else 1][0]
    for command in ("periksa", "hitung"):
        done = run_cli(command, str(path))
        assert done.returncode == 0, (command, one_line(done.stderr))
    book = load_workbook(path)  # what hitung wrote opens, the user's table as it was
    last = f"{chr(ord('A') + len(rows[0]) - 1)}{len(rows)}"
    assert book["Catatan"].tables["tblSaya"].ref == f"A1:{last}"
    assert [[c.value for c in r] for r in book["Catatan"].iter_rows()] == rows


def test_tables_of_every_shape_xlsxwriter_writes_are_opened(tmp_path):
    """Another writer's tables (xlsxwriter writes the table XML itself): none is refused, and
    calamine reads each as written."""
    path = tmp_path / "xw.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Data")
    sheet.add_table("A1:B2", {"name": "tSatuBaris", "data": [[1, 2]]})
    sheet.add_table("D1:E1", {"name": "tTanpaJudul", "header_row": False, "data": [["x", 2]]})
    total = [{"header": "a", "total_string": "Total"}, {"header": "b", "total_function": "sum"}]
    sheet.add_table("G1:H3", {"name": "tTotal", "data": [[1, 2]], "total_row": True,
                              "columns": total})  # fmt: skip
    sheet.add_table("J1:J3", {"name": "tSatuKolom", "data": [[1], [2]]})
    sheet.add_table("L1:M2", {"name": "tKosong"})
    book.add_worksheet("Kosong")
    book.close()
    opened = FileBook(path)  # every table's range checked as the engine opens a workbook
    assert opened.sheet_names() == ["Data", "Kosong"]
    read = CalamineWorkbook.from_path(str(path), load_tables=True)
    assert read.get_table_by_name("tTanpaJudul").to_python() == [["x", 2.0]]
    assert read.get_table_by_name("tTotal").to_python() == [[1.0, 2.0]]
    assert read.get_table_by_name("tSatuBaris").to_python() == [[1.0, 2.0]]


@pytest.mark.libreoffice
def test_a_header_off_table_libreoffice_saves_is_read_and_computed(libreoffice, tmp_path):
    """LibreOffice writes such a table as Excel does (one row, headerRowCount="0")."""
    made = _with_own_table(kinerja(tmp_path / "kinerja.xlsx"), [["x", 2]], headerRowCount=0)
    saved = libreoffice.edit(made, tmp_path / "simpan-lo.xlsx", [])
    with zipfile.ZipFile(saved) as archive:
        tables = [archive.read(n) for n in archive.namelist() if n.startswith("xl/tables/")]
    own = next(t for t in tables if b'displayName="tblSaya"' in t)
    assert b'headerRowCount="0"' in own and b'ref="A1:B1"' in own
    for command in ("periksa", "hitung"):
        done = run_cli(command, str(saved))
        assert done.returncode == 0, (command, one_line(done.stderr))
