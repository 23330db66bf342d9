"""A setting typed outside its list (LibreOffice lets a person type past the validation list)
is a named problem at its cell, as every broken setting is: nothing is computed from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from lkjip_xl.workbook.contract import template
from tests.hostile.corpus import kinerja, one_line, run_cli

KINERJA = template("kinerja")


def _results(path) -> list[object]:
    table = KINERJA.table("tblIndikator")
    sheet = openpyxl.load_workbook(path, data_only=True)[table.sheet]
    letter = table.letter("capaian")
    return [sheet[f"{letter}{table.first_data_row + i}"].value for i in range(3)]


def _typed(source: Path, path: Path, name: str, text: str) -> Path:
    shutil.copy(source, path)
    named = KINERJA.named(name)
    book = openpyxl.load_workbook(path)
    book[named.sheet][named.cell] = text
    book.save(path)
    return path


def test_an_unknown_metode_negatif_is_a_problem_at_its_cell(tmp_path):
    plain = kinerja(tmp_path / "biasa.xlsx")
    assert run_cli("hitung", str(plain)).returncode == 0
    assert _results(plain) == [95.45, 137.7, None]
    typed = _typed(plain, tmp_path / "diketik.xlsx", "Metode_Negatif", "lain-lain")
    other = _typed(plain, tmp_path / "pembulatan.xlsx", "Pembulatan", "sesuka hati")
    named = KINERJA.named("Metode_Negatif")

    checked = run_cli("periksa", str(typed))
    assert checked.returncode == 1, one_line(checked.stdout + checked.stderr)
    said = one_line(checked.stdout)
    assert f"{named.sheet}!{named.cell}" in said
    assert "Metode negatif 'lain-lain' tidak dikenal" in said

    done = run_cli("hitung", str(typed))
    assert done.returncode == 1, one_line(done.stdout + done.stderr)
    assert run_cli("hitung", str(other)).returncode == 1
    assert _results(typed) == _results(other)  # as any other broken setting leaves them
    assert openpyxl.load_workbook(typed)[named.sheet][named.cell].value == "lain-lain"
