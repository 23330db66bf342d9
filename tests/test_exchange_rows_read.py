"""A table's rows as :func:`~lkjip_xl.workbook.exchange.rows.read_rows` reads them (texts,
hashes and keys made column by column, a few thousand rows at a time) are the rows the
per-row definitions give: :func:`text_of` of each input, :func:`row_hash` of the texts,
:func:`fold_key` of the key's texts, blank rows left out, for a table with one key, with two
and with none."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from lkjip_xl.workbook.book import TableData
from lkjip_xl.workbook.contract import Role, template
from lkjip_xl.workbook.exchange.rows import fold_key, read_rows, row_hash, text_of

_VALUES: list[Any] = [None, "", " ", "PNS", "pns ", " S1", "ã", 0.0, -0.0, 1.0, 2.5, 1e16, 7,
                      True, dt.date(2024, 1, 2), "#N/A", "a\x1fb", "\x00"]  # fmt: skip


def _rows(width: int, count: int, seed: int) -> list[list[Any]]:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        if i % 97 == 0:
            rows.append([None] * width)  # a blank row
        elif i % 101 == 0:
            rows.append([rng.choice(_VALUES) for _ in range(width // 2)])  # a short row
        else:
            rows.append([rng.choice(_VALUES) for _ in range(width)])
    return rows


@pytest.mark.parametrize(
    ("kind", "table"),
    [("ipasn", "tblPegawai"), ("kinerja", "tblTriwulan"), ("kinerja", "tblAnggaran")],
)
@pytest.mark.parametrize("lean", [False, True])
def test_rows_read_are_the_rows_defined_one_by_one(kind: str, table: str, lean: bool) -> None:
    spec = template(kind).table(table)
    headers = [c.name for c in spec.columns]
    data = TableData(table, "X", 4, 1, headers, _rows(len(headers), 9000, seed=len(table)))
    positions = [headers.index(c.name) for c in spec.input_columns]
    key_at = [i for i, c in enumerate(spec.input_columns) if c.role is Role.KEY]
    expected = []
    for index, cells in enumerate(data.rows):
        raw = tuple(cells[p] if p < len(cells) else None for p in positions)
        texts = tuple(map(text_of, raw))
        if all(t is None for t in texts):
            continue
        key = fold_key(tuple(texts[i] for i in key_at)) if key_at else None
        expected.append((index, raw, texts, row_hash(texts), key))
    got = read_rows(spec, data, lean=lean)
    assert [(r.index, r.raw, r.texts, r.hash, r.key) for r in got.rows] == expected
    assert len(expected) > 8000
