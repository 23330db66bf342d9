"""LibreOffice reads the tables whose Excel Total Row a recompute moved: the table's range
ends at the total row, and the total row's SUBTOTAL sums the table's data rows."""

from __future__ import annotations

import openpyxl
import pytest

from lkjip_xl.workbook.api import recompute_file
from tests.test_exchange_review_collect import many_units_master
from tests.test_total_row import REKAP, _blank_employees, _last_row, total_row_on

pytestmark = pytest.mark.libreoffice


@pytest.mark.parametrize("blanked", [20, 0], ids=["shrunk", "same"])
def test_libreoffice_sums_the_recap_data_rows_under_the_moved_total_row(
    libreoffice, tmp_path, blanked
):
    path = many_units_master(tmp_path / "induk.xlsx")
    total_row_on(path, REKAP.name, REKAP.sheet, 1, 3)
    _blank_employees(path, blanked)
    recompute_file(path)
    ws = openpyxl.load_workbook(path)[REKAP.sheet]
    last = _last_row(ws.tables[REKAP.name].ref)
    data = [ws.cell(r, 3).value for r in range(REKAP.first_data_row, last)]
    assert ws.cell(last - 1, 1).value == "Seluruh Pegawai"
    info = libreoffice.inspect(path)
    assert info["database_ranges"][REKAP.name] == f"{REKAP.sheet}!A{REKAP.header_row}:K{last}"
    cells = info["cells"][REKAP.sheet]
    assert cells[f"A{last}"] == "Total"
    assert cells[f"C{last}"] == sum(data)
    # Nothing of the total row is left under it.
    assert not [c for c in cells if int("".join(ch for ch in c if ch.isdigit())) > last]
