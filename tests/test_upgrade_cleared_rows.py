"""``lkjip-xl perbarui`` keeps a cell the user emptied in a table the template fills in.

The Evaluasi components and the efficiency bands come prefilled (LKE 2015's five components,
the ratio's bands). An agency evaluated under PermenPAN-RB 88/2021 has four components and
clears the fifth; one using ``selisih`` rewrites the bands and clears the last. The upgrade
carried only filled cells, so the new template's prefill came back into the cleared ones: the
SAKIP total was lost ("Nilai komponen belum lengkap: Capaian") and a band read Kurang Efisien
from 1.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from lkjip_xl.workbook.upgrade import upgrade_file

FIXTURE = Path(__file__).parent / "data" / "fixtures" / "kinerja-2026.1.xlsx"

# PermenPAN-RB 88/2021: four components, 30 / 30 / 15 / 25.
SAKIP = [
    ["Perencanaan Kinerja", 30, 24.85],
    ["Pengukuran Kinerja", 30, 21.4],
    ["Pelaporan Kinerja", 15, 11.25],
    ["Evaluasi Akuntabilitas Kinerja Internal", 25, 14.6],
    [None, None, None],
]
BANDS = [
    ["Efisien", 0, "Ya", "#9CCC65", None],
    ["Kurang Efisien", None, "Tidak", "#FFB74D", None],
    [None, None, None, None, None],
]


def rows(ws, name: str, count: int) -> list[list[object]]:
    cells = list(ws[ws.tables[name].ref])[1 : count + 1]
    return [[c.value for c in r] for r in cells]


def test_cells_the_user_cleared_stay_clear(tmp_path):
    path = tmp_path / "dinkes.xlsx"
    shutil.copyfile(FIXTURE, path)
    wb = openpyxl.load_workbook(path)
    for ws, name, values in (
        (wb["Evaluasi"], "tblEvaluasiSakip", SAKIP),
        (wb["Pengaturan"], "tblSkalaEfisiensi", BANDS),
    ):
        for row, cells in zip(values, list(ws[ws.tables[name].ref])[1:], strict=False):
            for value, cell in zip(row, cells, strict=True):
                cell.value = value
    wb["Pengaturan"]["B8"] = "selisih"  # Metode_Efisiensi
    wb.save(path)

    hasil = upgrade_file(path)

    wb = openpyxl.load_workbook(path)
    assert rows(wb["Evaluasi"], "tblEvaluasiSakip", 5) == SAKIP
    assert rows(wb["Pengaturan"], "tblSkalaEfisiensi", 3) == BANDS
    # 24,85 + 21,4 + 11,25 + 14,6 = 72,10: BB (above 70)
    assert wb["Evaluasi"]["B4"].value == 72.1
    assert wb["Evaluasi"]["B5"].value == "BB"
    assert not [m for m in hasil.laporan.masalah if m.code == "sakip"]
