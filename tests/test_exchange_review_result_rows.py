"""Review of the result tables cut in a unit's workbook (:mod:`lkjip_xl.workbook.exchange.
result_rows`) against what users do to a master's result sheets in Excel."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from openpyxl.worksheet.filters import FilterColumn, Filters

from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.safe_write import backups
from tests.test_exchange_review_collect import NAMES, many_units_master
from tests.test_total_row import total_row_on

REKAP = template("ipasn").table("tblRekap")


def _with_total_row(master: Path) -> None:
    """``tblRekap`` given Excel's Total Row (Table Design > Total Row): a label and a SUBTOTAL
    of the employees under the last data row, ``totalsRowCount="1"`` in the table part."""
    total_row_on(master, REKAP.name, REKAP.sheet, 1, REKAP.col_index("jumlah_pegawai"))
    for backup in backups(master):
        backup.unlink()


def _texts(path: Path, sheet: str) -> set[str]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}


def test_a_recap_with_a_total_row_shows_no_other_units_figures(tmp_path):
    """Cut to its first rows, a table with a total row had the last of them (another unit's
    recap row, from the master) taken for its total row, then left beside it by the unit's
    recompute: the unit's Rekap showed another unit's figures."""
    master = many_units_master(tmp_path / "induk.xlsx")
    _with_total_row(master)
    result = distribute(master, tmp_path / "kirim")
    assert len(result.workbooks) == len(NAMES)
    for made in result.workbooks:
        others = set(NAMES) - {made.unit}
        shown = _texts(made.path, REKAP.sheet)
        assert made.unit in shown
        assert not shown & others, (made.unit, sorted(shown & others))


def test_a_recap_filtered_in_the_master_is_shown_whole_in_each_unit(tmp_path):
    """The master's recap filtered to PNS (Excel hides the other rows and saves the filter):
    the cut table loses its saved filter, so none of the unit's own recap rows may stay hidden
    (hidden rows without a filter are not seen to be missing)."""
    master = many_units_master(tmp_path / "induk.xlsx")
    wb = openpyxl.load_workbook(master)
    ws = wb[REKAP.sheet]
    table = ws.tables[REKAP.name]
    status = REKAP.col_index("status")
    last = int(re.sub(r"[A-Z]", "", table.ref.split(":")[1]))
    hidden = [r for r in range(REKAP.first_data_row, last + 1) if ws.cell(r, status).value != "PNS"]
    for row in hidden:
        ws.row_dimensions[row].hidden = True
    table.autoFilter.filterColumn.append(FilterColumn(colId=status - 1, filters=Filters(["PNS"])))
    wb.save(master)
    for backup in backups(master):
        backup.unlink()
    result = distribute(master, tmp_path / "kirim")
    for made in result.workbooks:
        ws = openpyxl.load_workbook(made.path)[REKAP.sheet]
        table = ws.tables[REKAP.name]
        if table.autoFilter is not None and table.autoFilter.filterColumn:
            continue  # a filter the user can see and clear
        last = int(re.sub(r"[A-Z]", "", table.ref.split(":")[1]))
        rows = range(REKAP.first_data_row, last + 1)
        assert [r for r in rows if ws.row_dimensions[r].hidden] == [], made.unit
