"""``lkjip-xl perbarui`` carries what was typed a row or more under a table to the same cell.

LibreOffice does not grow a table, and people leave a blank row before a note or a row of
figures they are not sure of yet. Such cells, free in the new workbook, were named as
"bertabrakan dengan templat baru" and left out, though nothing of the new template is there:
only the validations the template lays down to row 1000 under its tables.
"""

from __future__ import annotations

import openpyxl

from lkjip_xl.workbook.upgrade import upgrade_file
from tests.test_upgrade import copy_of


def test_values_typed_under_a_table_after_a_blank_row_stay_where_they_were(tmp_path):
    path = copy_of("kinerja-2026.2", tmp_path)  # tblIndikator A4:Q34
    wb = openpyxl.load_workbook(path)
    ws = wb["Indikator"]
    typed = {"A36": "IKU-50", "B36": "Sasaran X", "G36": 100, "H36": 80.5,
             "L37": "di bawah Capaian", "A60": "catatan jauh"}  # fmt: skip
    for ref, value in typed.items():
        ws[ref] = value
    ws["R36"] = "di samping tabel lama"  # now under a column the table gained: named
    wb.save(path)
    hasil = upgrade_file(path)
    after = openpyxl.load_workbook(path)["Indikator"]
    assert after.tables["tblIndikator"].ref == "A4:X34"
    assert {ref: after[ref].value for ref in typed} == typed
    assert after["A35"].value is None and after["R36"].value is None
    (said,) = [p for p in hasil.peringatan if p.startswith("Lembar Indikator")]
    assert "isian di sel R36 (di luar tabel)" in said
