"""``lkjip-xl perbarui`` keeps the cells a user merged on a template sheet beside its tables
(a note over two columns); they were carried as a value in one cell, the merge gone unseen.
"""

from __future__ import annotations

import openpyxl

from lkjip_xl.workbook.upgrade import upgrade_file
from tests.test_upgrade import copy_of


def test_cells_merged_beside_the_tables_stay_merged_or_are_named(tmp_path):
    path = copy_of("kinerja-2026.2", tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Anggaran"]["P3"] = "dicek Bidang Keuangan"
    wb["Anggaran"].merge_cells("P3:R4")  # free in the new template too
    wb["Indikator"]["S3"] = "gabung"
    wb["Indikator"].merge_cells("S3:T3")  # the title row of the wider tblIndikator now
    wb.save(path)
    hasil = upgrade_file(path)
    after = openpyxl.load_workbook(path)
    assert "P3:R4" in {m.coord for m in after["Anggaran"].merged_cells.ranges}
    assert after["Anggaran"]["P3"].value == "dicek Bidang Keuangan"
    assert "S3:T3" not in {m.coord for m in after["Indikator"].merged_cells.ranges}
    (said,) = [p for p in hasil.peringatan if p.startswith("Lembar Indikator: sel gabungan")]
    assert "sel gabungan S3:T3 tidak dibawa" in said
    assert not any(p.startswith("Lembar Anggaran") for p in hasil.peringatan)
