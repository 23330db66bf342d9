"""Computed cells that do not hold what the rules give: a figure typed over a result.

The Log's fingerprint covers the inputs only, so a result typed over (a user can unprotect a
sheet) would pass a check. When the inputs are those of the last recompute, ``check`` replays
the analysis' planned writes onto a :class:`ComparingBook`, which compares each value with the
cell as read instead of writing it. The Laporan sheet, rewritten whole from a plan, is not
compared (its figures come from the cells compared here).

Reader and writer legitimately differ in form only: the writer stores ``85`` where the reader
gives ``85.0``, an empty text reads as a blank, and a program that saves the file again
(LibreOffice) may write a float with 15 significant digits instead of the 17 that read back
exactly. Those are not differences; anything else is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np

from lkjip_xl.core.problems import teks_diketik
from lkjip_xl.core.rounding import format_persis
from lkjip_xl.workbook.book import ROWS_BELOW_LIMIT, Book, TableData
from lkjip_xl.workbook.compute.base import cell_position
from lkjip_xl.workbook.ooxml.letters import get_column_letter
from lkjip_xl.workbook.ooxml.report_sheet import SheetRewrite
from lkjip_xl.workbook.problems import Kode, Masalah

__all__ = ["ComparingBook", "edited_results", "same_value"]

#: Two numbers closer than this (relative) are one figure: 15 significant digits, what Excel
#: shows and what LibreOffice writes, leave at most 5e-16 of it; a figure typed over differs
#: in a digit a person reads.
_RELATIVE = 1e-13


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def same_value(written: Any, read: Any) -> bool:
    """Whether a cell read as ``read`` holds the value the engine writes as ``written``."""
    if _blank(written) or _blank(read):
        return _blank(written) and _blank(read)
    if _number(written) and _number(read):
        a, b = float(written), float(read)
        return a == b or abs(a - b) <= _RELATIVE * max(abs(a), abs(b))
    if isinstance(written, bool) or isinstance(read, bool):
        return type(written) is type(read) and written == read
    if isinstance(written, str) and isinstance(read, str):
        # A line break saved as CR LF by another program is the same text.
        return written == read or written.replace("\r\n", "\n") == read.replace("\r\n", "\n")
    return False


def _differing(written: Sequence[Any], read: Sequence[Any]) -> list[int]:
    """The positions where ``read`` does not hold ``written`` (a missing item is a blank)."""
    if len(written) == len(read) and written == read:  # the usual column: one C-level pass
        return []
    n = max(len(written), len(read))
    w = np.full(n, None, dtype=object)
    r = np.full(n, None, dtype=object)
    w[: len(written)] = written
    r[: len(read)] = read
    unequal = np.flatnonzero(~(w == r).astype(bool))  # 85 == 85.0: only real candidates left
    return [int(i) for i in unequal if not same_value(w[i], r[i])]


def _shown(value: Any) -> str:
    """A cell's value as a message quotes it."""
    if _blank(value):
        return "kosong"
    if _number(value):
        number = float(value)
        return format_persis(number) if math.isfinite(number) else str(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return teks_diketik(str(value))


@dataclass
class _First:
    """The first differing cell: its place and both values."""

    sheet: str
    row: int
    column: int
    written: Any
    read: Any

    @property
    def cell(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"


class ComparingBook:
    """A book whose writing half compares instead of writing; its reading half is ``book``'s.

    Only the cells of computed tables and names are compared: formats, table ranges and the
    Laporan sheet's rewrite are not results a user types.
    """

    def __init__(self, book: Book):
        self.book = book
        self.label = book.label
        self.count = 0
        self.first: _First | None = None

    def _found(self, sheet: str, places: list[tuple[int, int, Any, Any]]) -> None:
        self.count += len(places)
        row, column, written, read = min(places, key=lambda p: (p[0], p[1]))
        first = self.first
        if first is None or (first.sheet == sheet and (row, column) < (first.row, first.column)):
            self.first = _First(sheet, row, column, written, read)

    # --- reading: the book's --------------------------------------------------------------

    def table_names(self) -> list[str]:
        return self.book.table_names()

    def read_table(self, name: str) -> TableData:
        return self.book.read_table(name)

    def read_below(self, table: TableData, limit: int = ROWS_BELOW_LIMIT) -> list[list[Any]]:
        return self.book.read_below(table, limit)

    def read_name(self, name: str) -> Any:
        return self.book.read_name(name)

    def name_address(self, name: str) -> tuple[str, str] | None:
        return self.book.name_address(name)

    def name_text(self, name: str) -> str | None:
        return self.book.name_text(name)

    def has_sheet(self, name: str) -> bool:
        return self.book.has_sheet(name)

    # --- writing: compared ----------------------------------------------------------------

    def write_column(self, table: TableData, header: str, values: list[Any]) -> None:
        index = table.column_index(header)
        if index is None:
            return
        try:  # a table's rows are as wide as its headers: one C-level pass, no test per row
            read = list(map(itemgetter(index), table.rows))
        except IndexError:
            read = table.values(header)
        # A write longer than the table covers blank cells under it: compared as blanks.
        differ = _differing(values, read[: len(values)])
        if differ:
            column = table.first_column + index
            self._found(
                table.sheet,
                [(table.excel_row(i), column, values[i], read[i] if i < len(read) else None)
                 for i in differ],
            )  # fmt: skip

    def write_rows(self, table: TableData, rows: list[list[Any]]) -> None:
        width = len(table.headers)
        places: list[tuple[int, int, Any, Any]] = []
        for i in range(max(len(rows), len(table.rows))):
            written = rows[i] if i < len(rows) else []
            read = table.rows[i] if i < len(table.rows) else []
            w = [written[j] if j < len(written) else None for j in range(width)]
            r = [read[j] if j < len(read) else None for j in range(width)]
            places.extend(
                (table.excel_row(i), table.first_column + j, w[j], r[j]) for j in _differing(w, r)
            )
        if places:
            self._found(table.sheet, places)

    def write_name(self, name: str, value: Any) -> None:
        where = self.book.name_address(name)
        read = self.book.read_name(name)
        if where is None or same_value(value, read):
            return
        row, column = cell_position(where[1])
        self._found(where[0], [(row, column, value, read)])

    def show_format(self, sheet: str, spans: list[tuple[int, int, int]], code: str) -> None:
        """A number format is no figure."""

    def rewrite_sheet(self, sheet: str, rewrite: SheetRewrite) -> None:
        """The Laporan sheet is not compared (see the module's docstring)."""

    def extend_table(self, table: TableData) -> None:
        """A range is no figure."""

    def append_row(self, table: TableData, row: list[Any]) -> None:
        """The Log's row: a check writes none."""

    def commit(self) -> object:
        return None


def edited_results(
    book: Book, writes: Sequence[Callable[[Book], None]], *, made: str, now: str
) -> list[Masalah]:
    """The ``result-edited`` warning at the first computed cell of ``book`` that does not hold
    what ``writes`` (an analysis' planned writes, the Laporan sheet's left out) would write,
    with the count of such cells; nothing when every one holds it. ``made`` and ``now``: the
    engine and rules of the last recompute (the Log's) and of this one; when they differ, the
    difference may be theirs, not a user's, and the message says so."""
    view = ComparingBook(book)
    for write in writes:
        write(view)
    first = view.first
    if first is None:
        return []
    fields: dict[str, Any] = {
        "jumlah": view.count,
        "sel": f"{first.sheet}!{first.cell}",
        "isi": _shown(first.read),
        "seharusnya": _shown(first.written),
    }
    if made != now:
        fields.update(dibuat=made, sekarang=now)
    varian = "mesin" if made != now else None
    return [Masalah.of(Kode.RESULT_EDITED, varian=varian, sheet=first.sheet, cell=first.cell,
                       **fields)]  # fmt: skip
