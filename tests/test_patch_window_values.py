"""Columns of distinct values (a roster's NIP, names, SKP scores: what a collect writes after a
removed row moves every row up) written by windows give the bytes the row-by-row path gives.

Their tails are made at C speed, joined and cut again, not value by value through the renderer
(:mod:`lkjip_xl.workbook.ooxml.cell_edits`); the expected file is the same values given cell by
cell, which renders each one. Floats whose repr is long or short, signed zeros beside a zero
another column rendered first, texts with line breaks, non-ASCII and empty texts, and a window
holding a NaN or a text that needs escaping (which goes value by value) are among them.
"""

from __future__ import annotations

import math

import openpyxl
import pytest

from lkjip_xl.workbook.ooxml import cell_edits
from lkjip_xl.workbook.patcher import patch_workbook
from tests.test_patch_windows import FIRST, _sheet, _workbook, count_windows

ROWS = 3_000


def _floats(rows: int) -> list[object]:
    odd = {
        7: 5e-324, 8: 1.7976931348623157e308, 9: -1e-7, 10: 1 / 3, 11: 123456789012345680.0,
        12: 0.1 + 0.2, 13: -0.0, 500: 0.0, 1_700: float("nan"), 2_000: 1e16, 2_001: -2.5,
    }  # fmt: skip
    return [odd.get(r, r * 0.37 + 1e-9 * r) for r in range(rows)]


def _texts(rows: int) -> list[object]:
    odd = {5: "", 6: "dua\nbaris", 7: "Ñandú 😀", 8: "  spasi  ", 1_200: "a & b <c>",
           2_500: "kode_x0041_"}  # fmt: skip
    return [odd.get(r, f"Pegawai {r}") for r in range(rows)]


def _shown(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


@pytest.mark.parametrize("window", [600, 1 << 20])
@pytest.mark.parametrize("kind", ["floats", "texts"])
def test_distinct_values_by_windows_are_the_bytes_of_the_cells(tmp_path, monkeypatch, window, kind):
    from lkjip_xl.workbook.ooxml import column_runs

    monkeypatch.setattr(column_runs, "WINDOW_BYTES", window)
    taken = count_windows(monkeypatch)
    made: list[int] = []
    float_tails = cell_edits._float_tails

    def seen(values, renderer):
        got = float_tails(values, renderer)
        made.append(0 if got is None else len(values))
        return got

    monkeypatch.setattr(cell_edits, "_float_tails", seen)
    src = _workbook(tmp_path / "in.xlsx", _sheet("lkjip_xl", {}))
    # Column C first, of few values (kept by the renderer: 0.0 among them), then D's.
    zeros = [[0.0, 1.5, 2.5][r % 3] for r in range(ROWS)]
    distinct = _floats(ROWS) if kind == "floats" else _texts(ROWS)
    cells = {
        f"{letter}{FIRST + i}": v
        for letter, vs in (("C", zeros), ("D", distinct))
        for i, v in enumerate(vs)
    }
    by_column, by_cell = tmp_path / "columns.xlsx", tmp_path / "cells.xlsx"
    patch_workbook(src, by_column, {}, columns={"Data": [(3, FIRST, zeros), (4, FIRST, distinct)]})
    patch_workbook(src, by_cell, {"Data": cells})
    assert by_column.read_bytes() == by_cell.read_bytes()
    assert sum(taken) > ROWS // 2  # most rows went by windows
    if kind == "floats" and window < 1000:  # (one real-size window holds the zeros too)
        assert sum(made) > ROWS // 2  # and most floats by their joined reprs
        assert 0 in made  # the windows of a zero and of a NaN went value by value
    ws = openpyxl.load_workbook(by_column)["Data"]
    # openpyxl does not undo Excel's _xHHHH_ escape (the row-by-row path wrote the same bytes).
    got = [ws.cell(FIRST + i, 4).value for i in range(ROWS)]
    assert got[2_500] == ("kode_x005F_x0041_" if kind == "texts" else distinct[2_500])
    assert got[:2_500] + got[2_501:] == list(map(_shown, distinct[:2_500] + distinct[2_501:]))


def test_a_window_of_distinct_floats_renders_each_as_the_renderer(tmp_path):
    del tmp_path
    renderer = cell_edits._Renderer(b"x:")
    values = [r * 0.37 + 1e-9 * r for r in range(1, 1_000)] + [5e-324, -2.5, 1e22]
    got = cell_edits._float_tails(values, renderer)
    assert got is not None
    assert [got[v] for v in values] == [renderer.render("", v, False)[1] for v in values]
    assert got[-2.5] == b"><x:v>-2.5</x:v></x:c>"
    assert cell_edits._float_tails([1.5, 0.0], renderer) is None  # a zero: by the renderer
    assert cell_edits._float_tails([1.5, math.inf], renderer) is None
    assert cell_edits._float_tails([1.5, 2], renderer) is None  # not all floats


def test_distinct_texts_are_cut_where_they_were_joined():
    renderer = cell_edits._Renderer(b"")
    values = ["", "satu", "dua\nbaris", "Ñandú 😀", ""]
    got = cell_edits._plain_texts(values, renderer)
    assert got == [renderer.render("", v, False)[1] for v in values]
    assert cell_edits._plain_texts(["a\x00b", "c"], renderer) is None  # escaped: one by one
    assert cell_edits._plain_texts(["c", "kode_x0041_"], renderer) is None  # Excel's escape
    assert cell_edits._plain_texts(["x" * (cell_edits.MAX_TEXT_CHARS + 1)], renderer) is None
    assert cell_edits._plain_texts(["x" * 20_000, "y" * 20_000], renderer) is not None
