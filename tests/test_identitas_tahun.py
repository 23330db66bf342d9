"""A filled Tahun that is not a year of the template's range is an error of its cell, in check
and recompute alike (it reaches the report's title and decides which Riwayat year is last
year's); a blank one, as in a new workbook, is not."""

from __future__ import annotations

import subprocess
import sys

import openpyxl
import pytest

from lkjip_xl.core.problems import Kode, Tingkat
from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import template

CASES = [
    (2150, Kode.OUT_OF_RANGE,
     "Tahun Laporan: nilai 2150 di luar rentang yang diizinkan (2000 sampai 2100)."),
    (1999, Kode.OUT_OF_RANGE,
     "Tahun Laporan: nilai 1999 di luar rentang yang diizinkan (2000 sampai 2100)."),
    ("abc", Kode.NOT_A_NUMBER, "Tahun Laporan: Teks 'abc' bukan angka."),
    (2024.5, Kode.OUT_OF_RANGE, "Tahun Laporan: 2024,5 bukan bilangan bulat."),
    (True, Kode.BOOLEAN_AS_NUMBER,
     "Tahun Laporan: Berisi nilai logika (TRUE/FALSE), bukan angka."),
]  # fmt: skip


def _with_tahun(tmp_path, kind: str, tahun):
    path = build_template(kind, tmp_path / f"{kind}.xlsx")
    named = template(kind).named("Tahun")
    wb = openpyxl.load_workbook(path)
    wb[named.sheet][named.cell] = tahun
    wb.save(path)
    return path


def _tahun_problems(masalah):
    return [(m.code, m.tingkat, m.cell, m.message) for m in masalah if m.field == "Tahun"]


@pytest.mark.parametrize("kind", ["kinerja", "ipasn"])
@pytest.mark.parametrize(("tahun", "kode", "message"), CASES)
def test_a_filled_tahun_that_is_no_year_is_an_error_of_its_cell(tmp_path, kind, tahun, kode,
                                                                 message):  # fmt: skip
    path = _with_tahun(tmp_path, kind, tahun)
    cell = template(kind).named("Tahun").cell
    expected = [(kode, Tingkat.GALAT, cell, message)]
    assert _tahun_problems(check_file(path).masalah) == expected
    assert _tahun_problems(recompute_file(path).masalah) == expected


@pytest.mark.parametrize("tahun", [None, 2024, "2024", 2000, 2100])
def test_a_blank_or_proper_tahun_says_nothing(tmp_path, tahun):
    path = _with_tahun(tmp_path, "kinerja", tahun)
    assert _tahun_problems(check_file(path).masalah) == []


def test_periksa_exits_1_on_a_tahun_of_2150(tmp_path):
    path = _with_tahun(tmp_path, "ipasn", 2150)
    done = subprocess.run([sys.executable, "-m", "lkjip_xl.cli", "periksa", str(path)],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Identitas!B7" in done.stdout
