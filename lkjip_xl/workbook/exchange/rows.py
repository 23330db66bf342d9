"""Rows of a distributed table as typed: cell values, a stable text of each, a hash, an identity.

Rows are compared as the cells hold them (raw values, never parsed), so that what a unit typed is
what reaches the master, and a blank never becomes 0. A number is compared to 15 significant digits
(what Excel keeps), so a value that went through another program compares equal to itself.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from itertools import repeat
from operator import itemgetter
from typing import Any

from lkjip_xl.core.persen import Persen
from lkjip_xl.core.values import is_blank
from lkjip_xl.workbook.book import TableData
from lkjip_xl.workbook.contract import Column, Role, Table


def text_of(value: Any) -> str | None:
    """A stable text for a raw cell value, tagged with its kind; None for a blank cell.

    ``20`` and ``20.0`` are the same number ("n:20"); the text "20" is another value ("s:20").
    """
    # Called for every input cell of a roster (millions): the exact types calamine returns
    # are settled first, without the generic checks below.
    kind = type(value)
    if kind is str:
        return f"s:{value}" if value.strip() else None
    if value is None:
        return None
    if kind is float:
        if value != value:
            return "n:nan"
        if value.is_integer() and abs(value) < 1e15:
            return f"n:{int(value)}"
        return f"n:{value:.15g}"
    return _text_of_other(value)


def _text_of_other(value: Any) -> str | None:
    if isinstance(value, float) and value != value:
        return "n:nan"  # stored as NaN in the file: a value, never a blank
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return "b:TRUE" if value else "b:FALSE"
    if type(value) is Persen:
        # Shown as a percentage, 0.75 reads as 75: another value than 0.75 shown plainly, so
        # that a unit formatting its 0.75 as 75% changes the row (the text keeps the number
        # stored, as a seal of the file's cells must).
        return f"p:{float(value):.15g}"
    if isinstance(value, int | float):
        number = float(value)
        if number.is_integer() and abs(number) < 1e15:
            return f"n:{int(number)}"
        return f"n:{number:.15g}"
    if isinstance(value, datetime | date | time):
        return f"d:{value.isoformat()}"
    if isinstance(value, timedelta):
        return f"t:{value.total_seconds():.15g}"
    return f"s:{value}"


def plain(text: str | None) -> str:
    """The text of a value without its kind tag, as a person reads it ("" for a blank)."""
    return "" if text is None else text[2:]


def row_hash(texts: tuple[str | None, ...]) -> str:
    joined = "\x1f".join([t or "\x00" for t in texts])  # a text is never empty: "s:" at least
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def fold_text(text: str) -> str:
    """One part of a key as the engine compares keys: trimmed, upper case."""
    return plain(text).strip().upper()


def fold_key(texts: tuple[str | None, ...]) -> tuple[str, ...] | None:
    """A key as the engine compares keys (each part by :func:`fold_text`); None when a part is
    blank."""
    folded = []
    for text in texts:
        if text is None:
            return None
        folded.append(fold_text(text))
    return tuple(folded)


class Row:
    """One filled row of a table: its input cells, in the contract's column order.

    A master's rows are held without their texts (``texts`` then makes them again from
    ``raw``): ~80 MB for a roster of 100,000 rows, and the merge needs the texts of a few."""

    __slots__ = ("_texts", "hash", "index", "key", "raw")

    def __init__(self, index: int, raw: tuple[Any, ...], texts: tuple[str | None, ...] | None,
                 hash: str, key: tuple[str, ...] | None) -> None:  # fmt: skip
        self.index = index  # 0-based data row inside the table as read
        self.raw = raw  # input values as the cells hold them
        self._texts = texts
        self.hash = hash
        self.key = key  # folded key; None for keyless tables and blank keys

    def __repr__(self) -> str:
        return f"Row({self.index}, {self.raw!r}, {self.hash})"

    @property
    def texts(self) -> tuple[str | None, ...]:
        texts = self._texts
        return texts if texts is not None else tuple(map(text_of, self.raw))

    def text_at(self, position: int) -> str | None:
        """The text of one input cell (a lean row makes only that one)."""
        texts = self._texts
        return texts[position] if texts is not None else text_of(self.raw[position])

    @property
    def identity(self) -> tuple[str, ...]:
        """Rows are the same row when their keys are equal, or (keyless) their contents are."""
        return ("k", *self.key) if self.key is not None else ("h", self.hash)

    def shown_key(self, spec: Table) -> str:
        keys = [i for i, c in enumerate(spec.input_columns) if c.role is Role.KEY]
        return " / ".join(plain(self.texts[i]) or "(kosong)" for i in keys)


@dataclass
class RowsOf:
    """The filled rows of one table, with where each input column is in the sheet."""

    spec: Table
    data: TableData
    rows: list[Row]
    columns: tuple[Column, ...]  # input columns, in the contract's order
    positions: tuple[int, ...]  # their index in ``data.headers``

    def address(self, row: Row, column: Column) -> str:
        return self.data.address(row.index, column.name)

    def let_go_of_cells(self) -> int:
        """Let go of the table's cells as read (the rows keep their input values; a roster's
        results, texts and row lists are ~40 MB): ``data`` keeps only where the table is.
        Returns how many data rows the table had."""
        count = len(self.data.rows)
        self.data = replace(self.data, rows=[])
        return count

    def text(self, row: Row, key: str) -> str | None:
        return row.texts[[c.key for c in self.columns].index(key)]


def non_finite(rows: RowsOf, as_sent: frozenset[str] = frozenset()) -> str | None:
    """The first cell holding a number no cell can hold (NaN, infinity), or None; rows whose
    hash is in ``as_sent`` (unchanged since they went out) are not looked at."""
    for row in rows.rows:
        if row.hash in as_sent:
            continue
        for column, value in zip(rows.columns, row.raw, strict=True):
            if isinstance(value, float) and not math.isfinite(value):
                return rows.address(row, column)
    return None


def read_rows(spec: Table, data: TableData, *, lean: bool = False) -> RowsOf:
    """Every row of ``data`` with at least one input filled (the headers were checked); with
    ``lean``, the rows are held without their texts (:class:`Row`)."""
    columns = spec.input_columns
    positions = tuple(data.headers.index(c.name) for c in columns)
    key_at = [i for i, c in enumerate(columns) if c.role is Role.KEY]
    rows: list[Row] = []
    width = max(positions) + 1
    # Per column, the texts made in the chunks before (see _column_texts).
    known: list[dict[type | None, dict[Any, str | None] | None]] = [{} for _ in columns]
    pick = itemgetter(*positions) if len(positions) > 1 else None
    for start in range(0, len(data.rows), _CHUNK):
        chunk = data.rows[start : start + _CHUNK]
        if pick is not None and min(map(len, chunk)) >= width:
            raws = list(map(pick, chunk))  # the usual rows, whole: their input cells at C speed
        else:
            raws = []
            for cells in chunk:
                if pick is not None and len(cells) >= width:
                    raws.append(pick(cells))
                else:
                    raws.append(tuple(cells[p] if p < len(cells) else None for p in positions))
        # Column by column: a column's few distinct values are made texts once each; the
        # rows' hashes and keys are made from the columns, without a call per row.
        by_column = list(map(_column_texts, zip(*raws, strict=True), known))
        hashes = _row_hashes(by_column)
        keys_of = _keys(by_column, key_at, len(raws))
        # A lean read holds no texts: they are not made into rows only to be dropped.
        texts_of = repeat(None, len(raws)) if lean else zip(*by_column, strict=True)
        for index, raw, texts, digest, key in zip(
            range(start, start + len(raws)), raws, texts_of, hashes, keys_of, strict=True
        ):
            if digest is not None:  # None: no input filled
                rows.append(Row(index, raw, texts, digest, key))
    return RowsOf(spec, data, rows, columns, positions)


#: Rows made texts at once (their texts are let go chunk by chunk in a lean read).
_CHUNK = 4096


def _row_hashes(by_column: list[list[str | None]]) -> list[str | None]:
    """:func:`row_hash` of each row of ``by_column`` (the texts of a few rows, column by
    column); None for a row without a filled input."""
    filled = [column if None not in column else [t or "\x00" for t in column]
              for column in by_column]  # fmt: skip
    # A row's texts joined are these only when none is filled: a text begins with its tag.
    blank = "\x1f".join(["\x00"] * len(by_column))
    sha256 = hashlib.sha256
    return [
        None
        if joined == blank
        else sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        for joined in map("\x1f".join, zip(*filled, strict=True))
    ]


def _keys(
    by_column: list[list[str | None]], key_at: list[int], count: int
) -> list[tuple[str, ...] | None]:
    """:func:`fold_key` of each of ``count`` rows' key (the columns at ``key_at``); None
    without a key."""
    if not key_at or not by_column:
        return [None] * count
    if len(key_at) == 1:  # fold_text of each part, inline
        return [None if t is None else (t[2:].strip().upper(),) for t in by_column[key_at[0]]]
    return list(map(fold_key, zip(*(by_column[i] for i in key_at), strict=True)))


_NUMBERS = frozenset({bool, int, float})
#: The kinds a reader gives, of which only the numbers may compare equal across kinds (a
#: ``Decimal`` or a NumPy number equals an ``int``: such a column is made text value by value).
_PLAIN = _NUMBERS | {str, type(None), datetime, date, time, timedelta}
_TEXTS = frozenset({str, type(None)})


#: Texts of a column's distinct values kept from one chunk to the next, at most (a column of
#: scores repeats thousands of them in every chunk; one of distinct values is not kept).
_KNOWN_TEXTS = 1 << 13


def _column_texts(
    values: tuple[Any, ...], known: dict[type | None, dict[Any, str | None] | None] | None = None
) -> list[str | None]:
    """:func:`text_of` of every value of a column. A column repeating few values maps them
    through its distinct values, when no two values of different kinds in it may compare equal
    (``1``, ``1.0`` and ``True`` are one dict key, but not one text). ``known``: the texts of
    the column's values made before (the earlier chunks of its rows), by the kind of number
    they were made beside, updated here: a chunk of other numbers (ints after floats, bools)
    never maps its values through the texts of another kind's."""
    kinds = set(map(type, values))
    if kinds <= _PLAIN and len(kinds & _NUMBERS) <= 1:
        try:
            distinct = dict.fromkeys(values)
        except TypeError:  # an unhashable value: made text one by one
            distinct = None
        number = next(iter(kinds & _NUMBERS), None)
        table = None if known is None else known.setdefault(number, {})
        if distinct is not None and known is not None and table is not None:
            new = [v for v in distinct if v not in table]
            if len(table) + len(new) <= _KNOWN_TEXTS:
                table.update(zip(new, map(text_of, new), strict=True))
                return list(map(table.__getitem__, values))
            # Too many (a column of distinct names): made text as without it from now on.
            known[number] = None
        if distinct is not None and 2 * len(distinct) <= len(values):
            table = {v: text_of(v) for v in distinct}
            return list(map(table.__getitem__, values))
    if kinds <= _TEXTS:  # a roster's NIP and names: text_of of each, inline
        return [None if v is None else f"s:{v}" if v.strip() else None for v in values]
    return list(map(text_of, values))


def group_name(value: Any) -> str | None:
    """The unit a split value names: trimmed, inner spaces collapsed; None when blank."""
    if is_blank(value):
        return None
    text = plain(text_of(value))
    return " ".join(text.split())
