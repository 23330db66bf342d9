"""Efficiency bands that belong to the other method are said: the template fills the ratio's
(Efisien from 1), and a workbook set to ``selisih`` labelled a difference of 0,5 points
"Kurang Efisien" without a word."""

from __future__ import annotations

import openpyxl
import pytest

from lkjip_xl.workbook.api import check_file
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table
from tests.workbooks import ANGGARAN, INDIKATOR, filled_kinerja

KINERJA = template("kinerja")
SELISIH_BANDS = [
    {"Predikat": "Efisien", "Batas Bawah": 0, "Termasuk Batas": "Ya"},
    {"Predikat": "Kurang Efisien", "Termasuk Batas": "Tidak"},
]


def _workbook(tmp_path, metode: str, bands: list[dict] | None = None):
    path = filled_kinerja(tmp_path / f"{metode}.xlsx", INDIKATOR, ANGGARAN)
    wb = openpyxl.load_workbook(path)
    named = KINERJA.named("Metode_Efisiensi")
    wb[named.sheet][named.cell] = metode
    if bands is not None:
        spec = KINERJA.table("tblSkalaEfisiensi")
        ws = wb[spec.sheet]
        for row in ws.iter_rows(min_row=spec.first_data_row, max_row=spec.first_data_row + 9,
                                min_col=spec.first_col, max_col=spec.last_col):  # fmt: skip
            for cell in row:
                cell.value = None
        fill_table(wb, spec, bands)
    wb.save(path)
    return path


def _said(path) -> list:
    return [m for m in check_file(path).masalah if m.code == "bands-of-other-method"]


def test_the_ratios_bands_under_the_difference_method_are_said(tmp_path):
    (found,) = _said(_workbook(tmp_path, "selisih"))
    assert found.tingkat.value == "peringatan" and found.sheet == "Pengaturan"
    assert "selisih" in found.message and "rasio" in found.message
    assert "Efisien >= 0" in found.message, found.message


@pytest.mark.parametrize(("metode", "bands"), [("rasio", None), ("selisih", SELISIH_BANDS)])
def test_a_methods_own_bands_are_not(tmp_path, metode, bands):
    assert _said(_workbook(tmp_path, metode, bands)) == []


def test_the_differences_bands_under_the_ratio_method_are_said(tmp_path):
    (found,) = _said(_workbook(tmp_path, "rasio", SELISIH_BANDS))
    assert "rasio" in found.message and "selisih" in found.message


@pytest.mark.parametrize(
    ("typed", "refused"),
    [("SAKIP ", False), ("Permendagri86", False), ("efisiensi-rasio", True), ("sakip2", True)],
)
def test_a_scale_preset_is_named_as_any_setting(tmp_path, typed, refused):
    """Letter case and spacing aside, as every other setting ("SAKIP " was refused)."""
    path = filled_kinerja(tmp_path / "skala.xlsx", INDIKATOR)
    wb = openpyxl.load_workbook(path)
    named = KINERJA.named("Skala_Capaian")
    wb[named.sheet][named.cell] = typed
    wb.save(path)
    bad = [m for m in check_file(path).masalah if m.code == "bad-setting"]
    assert bool(bad) is refused, bad
