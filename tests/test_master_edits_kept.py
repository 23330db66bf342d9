"""Which changed columns collect may write whole from the values read
(:func:`~lkjip_xl.workbook.exchange.master_edits.kept_as_typed`): a date, an error value, a
number no cell can hold (NaN, infinity) or a text longer than a cell holds keeps the column cell
by cell; ordinary numbers, texts and blanks do not, however large their sum."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from lkjip_xl.workbook.book import TableData
from lkjip_xl.workbook.exchange.master_edits import kept_as_typed
from lkjip_xl.workbook.ooxml.cell_edits import MAX_TEXT_CHARS


def _kept(new: list[object], old: list[object] | None = None) -> bool:
    old = old if old is not None else [None] * len(new)
    data = TableData("tblX", "X", 4, 1, ["a"], [[v] for v in old])
    return kept_as_typed(data, 0, 0, len(new) - 1, new)


@pytest.mark.parametrize(
    "values",
    [
        [1.0, None, 2.5, 0.0, -0.0],
        [1e308, 1e308, None],  # a sum beyond the largest float: each number is finite
        ["PNS", None, "", "S1 # 2"],  # a "#" that is no error value
        [None, None],
        [1, 2.0, "x", None],
    ],
)
def test_ordinary_values_are_written_whole(values: list[object]) -> None:
    assert not _kept(values)
    assert not _kept([None] * len(values), old=values)


@pytest.mark.parametrize(
    "values",
    [
        [1.0, math.inf, None],
        [None, math.nan],
        [-math.inf, math.inf],
        [1e308, 1e308, math.inf],
        [1.0, "#N/A"],
        ["PNS", None, "#DIV/0!"],
        [dt.date(2024, 1, 2), None],
        ["x" * (MAX_TEXT_CHARS + 1)],
    ],
)
def test_values_no_whole_write_may_rewrite_keep_the_column_cell_by_cell(
    values: list[object],
) -> None:
    assert _kept(values)
    assert _kept([None] * len(values), old=values)
