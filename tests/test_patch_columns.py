"""Whole columns written without a reference per cell: the same file as cell by cell, and what
a recompute leaves outside its computed cells is the source, as openpyxl reads both.

A recompute writes its computed columns as column blocks (``patch_workbook(columns=...)``);
the cell-by-cell form (``edits``) is the one the patcher's own tests check against openpyxl
and LibreOffice. Here the two give identical bytes, a cell given one by one wins over a column,
overlapping columns are refused, and a recompute of the shipped examples changes no input cell
and no package part but the sheets, tables and workbook part it writes.
"""

from __future__ import annotations

import math
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import get_column_letter

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import DEMOS, build_demo
from lkjip_xl.workbook.patcher import PatchError, patch_workbook

SHEET = "Pegawai"


@pytest.fixture(scope="module")
def demos(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demos")
    for name in DEMOS:
        build_demo(name, folder)
    return folder


def _ipasn(demos: Path) -> Path:
    return demos / DEMOS["ipasn-000"]


COLUMNS = [
    (12, 5, [1.5, float("nan"), "teks <&>", None, 7, True, "Sangat Tinggi"] * 20),
    (14, 9, [0.1 + 0.2, -3.25, "", "x" * 50]),
]


def _cell_by_cell() -> dict[str, object]:
    return {
        f"{get_column_letter(col)}{first + i}": value
        for col, first, values in COLUMNS
        for i, value in enumerate(values)
    }


def test_columns_write_the_same_bytes_as_cell_by_cell(demos, tmp_path):
    source = _ipasn(demos)
    by_cell, by_column = tmp_path / "cells.xlsx", tmp_path / "columns.xlsx"
    patch_workbook(source, by_cell, {SHEET: _cell_by_cell()})
    patch_workbook(source, by_column, {}, columns={SHEET: COLUMNS})
    assert by_column.read_bytes() == by_cell.read_bytes()
    ws = openpyxl.load_workbook(by_column)[SHEET]
    for ref, value in _cell_by_cell().items():
        got = ws[ref].value
        if value is None or (isinstance(value, float) and math.isnan(value)):
            assert got is None, ref
        else:
            assert got == value, ref


def test_a_cell_given_one_by_one_wins_over_its_column(demos, tmp_path):
    out = tmp_path / "out.xlsx"
    patch_workbook(_ipasn(demos), out, {SHEET: {"L6": "satu"}}, columns={SHEET: COLUMNS[:1]})
    ws = openpyxl.load_workbook(out)[SHEET]
    assert (ws["L5"].value, ws["L6"].value, ws["L7"].value) == (1.5, "satu", "teks <&>")


def test_overlapping_columns_are_refused(demos, tmp_path):
    out = tmp_path / "out.xlsx"
    with pytest.raises(PatchError, match="L6"):
        patch_workbook(_ipasn(demos), out, {}, columns={SHEET: [(12, 5, [1, 2]), (12, 6, [3])]})
    assert not out.exists()


def _values(path: Path) -> dict[tuple[str, str], object]:
    wb = openpyxl.load_workbook(path)
    return {
        (ws.title, cell.coordinate): cell.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    }


def _computed_cells(kind: str, rows: int) -> set[tuple[str, str]]:
    """Every cell a recompute may write: computed columns, computed tables, the Log."""
    spec = template(kind)
    cells = set()
    for table in spec.tables:
        written = table.columns if table.name == "tblLog" or not table.input_columns else (
            table.computed_columns
        )  # fmt: skip
        for column in written:
            for r in range(table.first_data_row, table.first_data_row + rows):
                cells.add((table.sheet, f"{table.letter(column.key)}{r}"))
    for named in spec.names:
        if not named.is_input:
            cells.add((named.sheet, named.cell))
    return cells


@pytest.mark.parametrize("name", sorted(DEMOS))
def test_a_recompute_changes_only_computed_cells(demos, tmp_path, name):
    source = demos / DEMOS[name]
    work = tmp_path / source.name
    shutil.copy(source, work)
    recompute_file(work)
    kind = "ipasn" if name.startswith("ipasn") else "kinerja"
    before, after = _values(source), _values(work)
    computed = _computed_cells(kind, rows=max(r for _, r in _rows(before)) + 2)
    kept = {k: v for k, v in before.items() if k not in computed}
    assert {k: after.get(k) for k in kept} == kept
    assert not {k for k in after if k not in before and k not in computed}
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(work) as b:
        names = [i.filename for i in a.infolist()]
        assert [i.filename for i in b.infolist()] == names
        changed = {n for n in names if a.read(n) != b.read(n)}
    assert changed <= {n for n in names if n.startswith(("xl/worksheets/", "xl/tables/"))} | {
        "xl/workbook.xml"
    }


def _rows(values: dict[tuple[str, str], object]):
    for sheet, ref in values:
        yield sheet, int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def test_a_shorter_later_column_write_keeps_the_rows_after_it(demos, tmp_path):
    from lkjip_xl.workbook.file_book import FileBook

    spec = template("ipasn").table("tblPegawai")
    header = spec.computed_columns[0].name
    book = FileBook(_ipasn(demos))
    table = book.read_table(spec.name)
    letter, first = table.column_letter(header), table.excel_row(0)
    book.write_column(table, header, [1.0, 1.0, 1.0])
    book.write_column(table, header, [2.0])  # shorter: the rows after it keep the first write
    out = book.commit(tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(out)[spec.sheet]
    assert [ws[f"{letter}{first + i}"].value for i in range(3)] == [2.0, 1.0, 1.0]
