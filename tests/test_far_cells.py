"""Stray cells far outside every table: read as if absent, named as a warning, never changed.

A user who presses Ctrl+Down and types lands on row 1,048,576; a value at ZZ200000 or
XFD1048576 once made the reader allocate the whole used range (gigabytes, or an abort). The
engine reads only the template's tables (and a margin around them): such a cell changes no
figure, is kept as typed, and ``far-cells`` says where it is. Memory and time are measured in
``benchmarks/bench_far_cells.py``; here only the behaviour is asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl

from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.ooxml.package import Package
from tests.workbooks import ANGGARAN, INDIKATOR, filled_kinerja

KINERJA = template("kinerja")
IND = KINERJA.table("tblIndikator")


def _with_far_cells(path: Path, cells: dict[str, object]) -> Path:
    filled_kinerja(path, INDIKATOR, ANGGARAN)
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb[IND.sheet][ref] = value
    wb.save(path)
    return path


def _computed(path: Path) -> list[list[object]]:
    """Every cell of the Indikator table, as openpyxl reads it back."""
    ws = openpyxl.load_workbook(path)[IND.sheet]
    ref = ws.tables[IND.name].ref
    return [[c.value for c in row] for row in ws[ref]]


def test_far_cells_change_no_figure_and_are_named(tmp_path):
    far = {"ZZ200000": "jauh", "XFD1048576": 5, "CZ5": "=1+1", "XFD4": "catatan"}
    plain = filled_kinerja(tmp_path / "plain.xlsx", INDIKATOR, ANGGARAN)
    stray = _with_far_cells(tmp_path / "stray.xlsx", far)

    checked = check_file(stray)
    found = [m for m in checked.masalah if m.code == "far-cells"]
    assert [(m.tingkat.value, m.place) for m in found] == [("peringatan", "Indikator!XFD4")]
    # Row by row, then left to right, as the sheet holds them.
    assert found[0].message == (
        "4 sel berisi data jauh di luar tabel (XFD4, CZ5, ZZ200000, XFD1048576); sel itu tidak "
        "dibaca dan tidak diubah."
    )
    assert "far-cells" not in {m.code for m in check_file(plain).masalah}

    recompute_file(plain)
    laporan = recompute_file(stray)
    assert "far-cells" in {m.code for m in laporan.masalah}
    # The same figures as the workbook without them: the far cells were not read.
    assert _computed(stray) == _computed(plain)
    ws = openpyxl.load_workbook(stray)[IND.sheet]
    assert {ref: ws[ref].value for ref in far} == far


def test_a_styled_far_cell_without_data_is_not_reported(tmp_path):
    path = filled_kinerja(tmp_path / "k.xlsx", INDIKATOR)
    wb = openpyxl.load_workbook(path)
    wb[IND.sheet]["ZZ200000"].number_format = "0.00"  # formatted, empty
    wb.save(path)
    assert "far-cells" not in {m.code for m in check_file(path).masalah}


def test_every_command_reads_a_far_cell_workbook(tmp_path):
    """check --json and recompute as a user runs them: the warning, exit codes of a clean file."""
    path = _with_far_cells(tmp_path / "k.xlsx", {"ZZ200000": "jauh"})
    env = {**os.environ, "COLUMNS": "200", "LKJIP_USER": "penguji"}
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "lkjip_xl.cli", *a], capture_output=True, text=True, env=env,
        timeout=300,
    )  # fmt: skip
    done = run("recompute", str(path))
    assert done.returncode == 0, done.stderr[-2000:]
    checked = run("check", "--json", str(path))
    assert checked.returncode == 0, checked.stderr[-2000:]
    problems = json.loads(checked.stdout)["masalah"]
    assert [m["place"] for m in problems if m["code"] == "far-cells"] == ["Indikator!ZZ200000"]
    assert not [m for m in problems if m["tingkat"] == "galat"]


def test_a_book_read_from_a_package_already_open_reads_what_it_reads_alone(tmp_path):
    """Collect's check of a returned file hands the file book the package it opened: every
    table, name, far cell and formula is read as when the book opens the file itself (a sheet
    with far cells read from a copy without them, made from that package)."""
    stray = _with_far_cells(tmp_path / "stray.xlsx", {"ZZ200000": "jauh", "XFD4": "catatan"})
    plain = filled_kinerja(tmp_path / "plain.xlsx", INDIKATOR, ANGGARAN)
    for path in (stray, plain):
        alone = FileBook(path, formulas=True)
        with zipfile.ZipFile(path) as archive:
            given = FileBook(path, formulas=True, package=Package(archive))
        assert given.table_names() == alone.table_names()
        for name in alone.table_names():
            assert given.read_table(name) == alone.read_table(name)
        names = ["Tahun", "Unit_Kerja", "Versi_Template"]
        assert [given.read_name(n) for n in names] == [alone.read_name(n) for n in names]
        assert [m.message for m in given.reading_problems()] == [
            m.message for m in alone.reading_problems()
        ]
        sheets = alone.sheet_names()
        assert [given.holds_formulas(s) for s in sheets] == [
            alone.holds_formulas(s) for s in sheets
        ]
    assert FileBook(stray).reading_problems() and not FileBook(plain).reading_problems()
