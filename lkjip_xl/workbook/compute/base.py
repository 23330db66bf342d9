"""What every computation returns: an :class:`Analisis` holding the problems and planned writes.

A computation reads, computes and *plans* its writes; ``recompute`` runs them, ``check`` does not.
The planning methods hold the computation to the declaration: a computed column, result table or
computed name the template declares but the computation does not produce is a
:class:`MissingResultError`, raised while planning, so ``check`` fails as loudly as ``recompute``.
Leaving such a cell blank would look like "no value" to the user, and hide the bug.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from lkjip_xl.core.kelompok import similar_names
from lkjip_xl.workbook.below import RowsBelow
from lkjip_xl.workbook.book import Book, TableData
from lkjip_xl.workbook.contract import Column, Template, shown_format
from lkjip_xl.workbook.ooxml.letters import column_index_from_string, coordinate_from_string
from lkjip_xl.workbook.problems import Kode, Laporan, Masalah
from lkjip_xl.workbook.reader import TabelMasukan


class MissingResultError(RuntimeError):
    """A declared result the computation did not produce: a programming error, not a user's."""

    def __init__(self, template: str, table: str | None, column: str):
        self.template, self.table, self.column = template, table, column
        where = f"kolom {column!r} tabel {table}" if table else f"nama {column!r}"
        super().__init__(
            f"Kesalahan program: perhitungan templat {template} tidak menghasilkan {where}; "
            "laporkan kepada pengembang lkjip_xl."
        )


def clean(value: Any) -> Any:
    """A value as a cell takes it: Python scalars, None for NaN and NA."""
    if value is None:
        return None
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if value is pd.NA:
        return None
    return value


def column_cells(series: pd.Series, n: int) -> list[Any]:
    """The ``n`` cells of a computed column: ``series``' values (NA as None) at the row
    positions its index names, None in every other row."""
    # Object arrays rather than a Series set by position: a click's tables have tens of rows,
    # where pandas' per-call cost is most of the work; a roster's 100,000 rows, every one
    # filled, are one copy instead of a Python loop per cell.
    values = series.to_numpy(dtype=object)
    missing = pd.isna(values)
    if missing.any():
        values = values.copy()  # to_numpy may hand over the series' own array
        values[missing] = None
    at = series.index.to_numpy(dtype=np.int64)
    if len(at) == n and (at == np.arange(n)).all():  # every row, in order
        return values.tolist()
    full = np.full(n, None, dtype=object)
    full[at] = values
    return full.tolist()


def cell_position(cell: str) -> tuple[int, int]:
    """(row, column) of an A1 reference, both 1-based (``$`` signs allowed)."""
    letters, row = coordinate_from_string(cell.replace("$", ""))
    return row, column_index_from_string(letters)


def show_decimals(
    book: Book, desimal: int | None, data: TableData, columns: Iterable[Column], n: int
) -> None:
    """The cells of ``columns`` whose figures are rounded to Desimal, in ``n`` data rows of
    ``data``, shown with ``desimal`` places (at the default: with the declared format again,
    for a workbook computed before at another Desimal); nothing without a Desimal."""
    if desimal is None or n < 1:
        return
    first = data.excel_row(0)
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for column in columns:
        index = data.column_index(column.name)
        if column.follows_desimal and index is not None:
            code = shown_format(str(column.number_format), desimal)
            spans.setdefault(code, []).append((data.first_column + index, first, first + n - 1))
    for code, found in spans.items():
        book.show_format(data.sheet, found, code)


def join_notes(*parts: Any) -> str | None:
    """The distinct non-empty sentences of ``parts`` (strings or lists of them), joined."""
    seen: list[str] = []
    for part in parts:
        items = part if isinstance(part, list) else [part]
        for item in items:
            if isinstance(item, str) and item and item not in seen:
                seen.append(item)
    return " ".join(seen) if seen else None


@dataclass
class Analisis:
    """What one reading of a workbook found and computed, before anything is written."""

    template: Template
    laporan: Laporan
    aturan: str
    tulis: list[Callable[[Book], None]] = field(default_factory=list)
    ada_isian: bool = True  # False when every data table is empty (a fresh template)
    produced: set[str] = field(default_factory=set)  # tables and names the writes fill
    rows_below: list[RowsBelow] = field(default_factory=list)  # rows taken in from under tables
    # The Desimal the figures were rounded to: their cells are shown with as many places.
    desimal: int | None = None
    # The Laporan sheet's rewrite among ``tulis``: a check compares the other writes' cells
    # with the book's (:mod:`lkjip_xl.workbook.result_check`), not this one.
    tulis_laporan: Callable[[Book], None] | None = None

    def _require(self, table: str | None, wanted: Iterable[str], produced: Iterable[str]) -> None:
        have = set(produced)
        for key in wanted:
            if key not in have:
                column = self.template.table(table).column(key).name if table else key
                raise MissingResultError(self.template.name, table, column)

    def write_columns(self, table: TabelMasukan, results: pd.DataFrame) -> None:
        """Plan every computed column of ``table``: results on filled rows, blanks elsewhere."""
        spec = table.spec
        self._require(spec.name, (c.key for c in spec.computed_columns), results.columns)

        cells: dict[tuple[str, int], list[Any]] = {}
        # Taken now: a write that held the Analisis would make a cycle, and a roster's columns
        # would outlive the run until a collection (recompute_file runs without one).
        desimal = self.desimal

        def write(book: Book) -> None:
            # Written to the book and again to the Laporan sheet's copy (compute/laporan.py):
            # a roster's columns are made once.
            n = len(table.data.rows)
            for column in spec.computed_columns:
                if (column.key, n) not in cells:
                    cells[column.key, n] = column_cells(results[column.key], n)
                book.write_column(table.data, column.name, cells[column.key, n])
            show_decimals(book, desimal, table.data, spec.computed_columns, n)

        self.tulis.append(write)
        self.produced.add(spec.name)

    def write_rows(self, name: str, rows: pd.DataFrame) -> None:
        """Plan the rows of a computed table; ``rows`` has a column per declared column key."""
        spec = self.template.table(name)
        self._require(name, spec.keys, rows.columns)
        records = rows.to_dict("records")
        desimal = self.desimal

        def write(book: Book) -> None:
            data = book.read_table(name)
            n = max(len(records), len(data.rows), 1)
            book.write_rows(data, [[clean(r[c.key]) for c in spec.columns] for r in records])
            show_decimals(book, desimal, data, spec.columns, n)

        self.tulis.append(write)
        self.produced.add(name)

    def write_names(self, values: Mapping[str, Any]) -> None:
        """Plan computed defined names (name -> value)."""
        names = [self.template.named(name).name for name in values]
        declared = {name: self.template.named(name) for name in values}
        desimal = self.desimal

        def write(book: Book) -> None:
            for name, value in values.items():
                book.write_name(name, clean(value))
                where = book.name_address(name) if desimal is not None else None
                if where is not None and declared[name].follows_desimal:
                    row, col = cell_position(where[1])
                    code = shown_format(str(declared[name].number_format), desimal)
                    book.show_format(where[0], [(col, row, row)], code)

        self.tulis.append(write)
        self.produced.update(names)

    def require_complete(self) -> None:
        """Every result table and computed name of the template has a planned write."""
        for table in self.template.result_tables:
            if table.name not in self.produced:
                raise MissingResultError(
                    self.template.name, table.name, table.computed_columns[0].name
                )
        self._require(None, (n.name for n in self.template.result_names), self.produced)


def similar_names_said(table: TabelMasukan, key: str, kelompok: str) -> list[Masalah]:
    """A warning at the first cell of each spelling of ``table``'s group column ``key`` that
    differs from an earlier one only in letter case or spacing (``kelompok``: what the groups
    are, "sasaran" or "unit")."""
    if key not in table.frame:
        return []
    return [
        table.problem_at(
            row, key, Kode.SIMILAR_NAMES, nama=name, sebelumnya=earlier, kelompok=kelompok
        )
        for row, name, earlier in similar_names(table.frame[key])
    ]
