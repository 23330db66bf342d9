"""Review of columns rendered a stretch at a time: a value no cell can hold, reached late in a
column (past the first stretches, on a stretch's edge, in columns of each shape), is refused
naming its own cell, and nothing is written; values on the edges are written as openpyxl
reads them back."""

from __future__ import annotations

import hashlib
import math

import openpyxl
import pytest

from lkjip_xl.workbook.patcher import PatchError, patch_workbook
from lkjip_xl.workbook.safe_write import atomic_update
from tests.test_patch_stream import ROWS, large  # noqa: F401  (the fixture)

FIRST = 2  # the column's first row


def _column(kind: str, bad_at: int) -> tuple[list[object], str]:
    """A column of ROWS values of ``kind`` with, at ``bad_at``, a value no cell can hold."""
    if kind == "repeated-numbers":
        values: list[object] = [float(i % 7) for i in range(ROWS)]
    elif kind == "distinct-numbers":
        values = [i + 0.5 for i in range(ROWS)]
    elif kind == "distinct-texts":
        values = [f"Pegawai {i}" for i in range(ROWS)]
    else:  # mixed: numbers, texts, blanks, booleans
        values = [[1.5, "a", None, True][i % 4] for i in range(ROWS)]
    if kind.endswith("texts"):
        values[bad_at] = "x" * 32_768  # one more than a cell holds
        return values, "terlalu panjang"
    values[bad_at] = math.inf
    return values, "tak hingga"


@pytest.mark.parametrize("bad_at", [4095, 4096, ROWS - 1], ids=["piece-end", "piece-start", "last"])
@pytest.mark.parametrize(
    "kind", ["repeated-numbers", "distinct-numbers", "distinct-texts", "mixed"]
)
def test_a_bad_value_late_in_a_column_is_refused_naming_its_cell(large, tmp_path, kind, bad_at):  # noqa: F811
    values, words = _column(kind, bad_at)
    dst = tmp_path / "out.xlsx"
    with pytest.raises(PatchError, match=words) as refused:
        patch_workbook(large, dst, {}, columns={"Data": [(4, FIRST, values)]})
    assert f"D{FIRST + bad_at}" in str(refused.value)
    assert not dst.exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_in_place_a_bad_value_late_leaves_the_file_as_it_was(large, tmp_path):  # noqa: F811
    book = tmp_path / "buku.xlsx"
    book.write_bytes(large.read_bytes())
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    values, _ = _column("distinct-numbers", ROWS - 2)
    columns = {"Data": [(4, FIRST, values)]}
    with pytest.raises(PatchError, match=f"D{FIRST + ROWS - 2}"):  # as a recompute writes it
        atomic_update(book, lambda tmp: patch_workbook(book, tmp, {}, columns=columns))
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before
    assert [p.name for p in tmp_path.iterdir()] == ["buku.xlsx"]


EDGES: list[object] = [
    -0.0, 0.0, 1e308, -1e308, 5e-324, 2.0**53 + 1, 10**20, True, False,
    "007", "1e5", "'awal kutip", "x" * 32_767, "baris\nkedua\ttab",
    "  spasi  ", "Ω ñ 😀", None,
]  # fmt: skip


def test_values_on_the_edges_read_back_as_written(large, tmp_path):  # noqa: F811
    # Spread across stretches: each edge value at a stretch's end, its start and the last row.
    values: list[object] = [float(i) for i in range(ROWS)]
    places = {}
    for k, value in enumerate(EDGES):
        for at in (4095 - k, 4096 + k, ROWS - 1 - k):
            values[at] = value
            places[at] = value
    dst = tmp_path / "out.xlsx"
    patch_workbook(large, dst, {}, columns={"Data": [(4, FIRST, values)]})
    sheet = openpyxl.load_workbook(dst, read_only=True)["Data"]
    got = {
        i - FIRST: row[0].value for i, row in enumerate(sheet.iter_rows(min_col=4, max_col=4), 1)
    }
    for at, value in places.items():
        read = got[at]
        if isinstance(value, str):
            assert read == value, at
        elif value is None:
            assert read is None, at
        elif isinstance(value, bool):
            assert read is value, at
        else:
            # -0.0 may be written as 0 (one number to Excel, which shows and stores it as 0).
            assert read == float(value), (at, value, read)
