"""Rows typed right under an input table, outside it.

Excel grows a table when a user types below it on an unprotected sheet; LibreOffice does not,
and neither does Excel on a protected sheet. Such rows are not ignored: the contiguous rows right
under an input table that hold an input value are taken into the table as it is read (so they are
checked and computed like any row), ``check`` warns about them, and ``recompute`` extends the
table's range over them and says so in the Log and on the command line (DESIGN §3).

Only input tables (the data and Pengaturan sheets' lists): the engine's own tables (Log,
Pengumpulan) and computed ones (Ringkasan, Rekap) are written by it and never extended this way.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from lkjip_xl.core.values import is_blank
from lkjip_xl.workbook.book import Book, TableData
from lkjip_xl.workbook.contract import SheetKind, Table, Template
from lkjip_xl.workbook.ooxml.letters import get_column_letter
from lkjip_xl.workbook.problems import Kode, Masalah

__all__ = ["RowsBelow", "input_tables", "take_rows_below"]

_INPUT_SHEETS = frozenset({SheetKind.DATA, SheetKind.PENGATURAN})


@dataclass(frozen=True)
class RowsBelow:
    """Rows taken into ``table`` from under it: Excel rows ``first`` to ``last``."""

    table: TableData
    first: int
    last: int

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    def _fields(self) -> dict[str, Any]:
        rows = str(self.first) if self.first == self.last else f"{self.first}–{self.last}"
        return {"jumlah": self.count, "tabel": self.table.name, "baris": rows}

    @property
    def cells(self) -> str:
        first = get_column_letter(self.table.first_column)
        last = get_column_letter(self.table.last_column)
        return f"{first}{self.first}:{last}{self.last}"

    def masalah(self) -> Masalah:
        """The warning of a check: the rows are not in the table yet."""
        return Masalah.of(
            Kode.ROWS_BELOW_TABLE, sheet=self.table.sheet, cell=self.cells,
            table=self.table.name, **self._fields(),
        )  # fmt: skip

    def note(self) -> str:
        """What a recompute did: the rows are in the table now."""
        return Kode.ROWS_BELOW_TABLE.message("dimasukkan", **self._fields())


def input_tables(template: Template) -> tuple[Table, ...]:
    """The tables users type lists into, which rows typed below them may join."""
    return tuple(
        t for s in template.sheets if s.kind in _INPUT_SHEETS for t in s.tables if t.input_columns
    )


def take_rows_below(
    book: Book, template: Template, only: Collection[str] | None = None
) -> list[RowsBelow]:
    """Take into each input table (as ``book`` read it; of ``only``, when given) the contiguous
    rows right under it that hold an input value; the book's later reads of the table include
    them."""
    found = []
    present = set(book.table_names())
    for spec in input_tables(template):
        if spec.name not in present or (only is not None and spec.name not in only):
            continue  # reported as a missing table when the computation reads it
        data = book.read_table(spec.name)
        positions = [data.column_index(c.name) for c in spec.input_columns]
        inputs = [i for i in positions if i is not None]
        taken = 0
        for row in book.read_below(data):
            if not any(i < len(row) and not is_blank(row[i]) for i in inputs):
                break
            taken += 1
            data.rows.append([*row, *[None] * (len(data.headers) - len(row))])
        if taken:
            first = data.excel_row(len(data.rows) - taken)
            found.append(RowsBelow(data, first, first + taken - 1))
    return found
