"""A year out of its range is named as its cell shows it, without a thousands dot: the
contract's year format decides it, for a Riwayat row's Tahun as for the Identitas Tahun."""

from __future__ import annotations

import openpyxl

from lkjip_xl.core.problems import Kode
from lkjip_xl.workbook.api import check_file
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table
from tests.workbooks import INDIKATOR, filled_kinerja


def test_a_riwayat_year_out_of_range_is_named_without_a_thousands_dot(tmp_path):
    path = filled_kinerja(tmp_path / "riwayat.xlsx", INDIKATOR)
    spec = template("kinerja").table("tblRiwayat")
    wb = openpyxl.load_workbook(path)
    rows = [
        {"Kode": "IKU-1", "Tahun": tahun, "Target": 75, "Realisasi": 70} for tahun in (2150, 1999)
    ]
    fill_table(wb, spec, rows)
    wb.save(path)
    said = [
        (m.cell, m.message)
        for m in check_file(path).masalah
        if m.code == Kode.OUT_OF_RANGE and m.sheet == spec.sheet
    ]
    tahun, first = spec.letter("tahun"), spec.first_data_row
    assert said == [
        (f"{tahun}{first}",
         "Tahun: nilai 2150 di luar rentang yang diizinkan (2000 sampai 2100)."),
        (f"{tahun}{first + 1}",
         "Tahun: nilai 1999 di luar rentang yang diizinkan (2000 sampai 2100)."),
    ]  # fmt: skip


def test_a_riwayat_year_given_twice_is_named_as_typed(tmp_path):
    # A year is read as a float: the message said "IKU-1 / 2024.0", an English decimal point.
    path = filled_kinerja(tmp_path / "riwayat.xlsx", INDIKATOR)
    spec = template("kinerja").table("tblRiwayat")
    wb = openpyxl.load_workbook(path)
    rows = [{"Kode": "IKU-1", "Tahun": 2024, "Target": 75, "Realisasi": r} for r in (70, 71)]
    fill_table(wb, spec, rows)
    wb.save(path)
    said = [(m.cell, m.message) for m in check_file(path).masalah if m.code == Kode.DUPLICATE_KEY]
    assert said == [
        (f"{spec.letter('tahun')}{spec.first_data_row + 1}",
         f"Tahun: IKU-1 / 2024 sudah dipakai di baris {spec.first_data_row}; setiap baris harus "
         "unik."),
    ]  # fmt: skip
