"""What a report is built from: a template's tables and named cells, read from any book.

:func:`read_rows` reads one table of a :class:`~lkjip_xl.workbook.book.Book` by its declaration
into records (column key -> raw cell value), and :class:`Rows` turns a record's cell into the
text the workbook shows with that column's number format. A roster's report needs only counts of
two of its columns: :func:`read_column` and :func:`counted_texts` give them without a record per
employee.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from lkjip_xl.core.rounding import Pembulatan, desimal_valid
from lkjip_xl.core.values import is_blank, parse_number
from lkjip_xl.workbook.book import TableData
from lkjip_xl.workbook.contract import DEFAULT_DESIMAL, Table, Template, ValueType, shown_format
from lkjip_xl.workbook.report.shown import (
    DASH,
    TYPED_FIGURE,
    figure,
    number_format,
    shown,
    shown_number,
)


class Source(Protocol):
    """The reading half of a :class:`~lkjip_xl.workbook.book.Book`."""

    label: str

    def table_names(self) -> list[str]: ...

    def read_table(self, name: str) -> TableData: ...

    def read_name(self, name: str) -> Any: ...


@runtime_checkable
class ColumnSource(Protocol):
    """A source that hands over one column of a table without building its rows."""

    def read_column(self, name: str, header: str) -> list[Any] | None:
        """Column ``header`` of table ``name`` as :meth:`Source.read_table`'s rows would hold
        it (the last column of that header; None past a short row), or None without it."""
        ...


Record = dict[str, Any]


@dataclass(frozen=True)
class Rows:
    """The filled rows of one table, by column key, with the declaration that formats them."""

    spec: Table
    records: tuple[Record, ...]
    desimal: int | None = None  # the workbook's Desimal: its figures show as many places

    def has(self, key: str) -> bool:
        return key in self.spec.keys

    def text(self, record: Record, key: str) -> str:
        """The cell as the workbook shows it (DASH when blank)."""
        if key not in record:
            return DASH
        column = self.spec.column(key)
        code = column.number_format
        if column.follows_desimal:
            code = shown_format(str(code), self.desimal)
        value = record[key]
        if column.type is ValueType.NUMBER and number_format(code).general:
            return typed_figure(value)
        return shown(value, code)


def unreadable(value: Any) -> str | None:
    """Why a filled figure cell cannot be read as a number (``1.234``: 1234 or 1,234?), as
    the engine says it; None for a blank or readable one."""
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return None
    parsed = parse_number(value)
    return parsed.message if parsed.message and not parsed.is_number else None


def typed_figure(value: Any) -> str:
    """A figure typed in a General cell as a report writes it (:data:`TYPED_FIGURE`). A text
    the rules read as a number is shown as typed (``Rp 261.347.892.415,50`` keeps its form);
    one they cannot read is a dash (``"1.234"`` echoed would read as one thousand two hundred
    and thirty-four, which the engine did not read it as)."""
    if isinstance(value, str):
        parsed = parse_number(value)
        return DASH if not parsed.is_number and parsed.message else shown(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return shown(value)
    return shown_number(figure(value), TYPED_FIGURE)


def desimal_of(source: Source) -> int | None:
    """The workbook's ``Desimal`` (a whole number in the range
    :func:`~lkjip_xl.core.rounding.desimal_valid` accepts), or None when it is not one: the
    figures are then shown as declared, as recompute leaves them."""
    parsed = parse_number(source.read_name("Desimal"))
    if not parsed.is_number or not float(parsed.value).is_integer():
        return None
    value = int(parsed.value)
    return value if desimal_valid(value) else None


def rounding_of(source: Source) -> tuple[int, Pembulatan]:
    """The places and the mode a figure the report itself derives is rounded to: the
    workbook's Desimal and Pembulatan, their defaults when they are not valid."""
    desimal = desimal_of(source)
    decimals = DEFAULT_DESIMAL if desimal is None else desimal
    try:
        mode = Pembulatan.parse(source.read_name("Pembulatan") or Pembulatan.HALF_UP)
    except ValueError:
        mode = Pembulatan.HALF_UP
    return decimals, mode


def read_rows(
    source: Source, template: Template, name: str, keys: tuple[str, ...] | None = None
) -> Rows:
    """The rows of table ``name`` that hold any value (a template's empty rows are left out),
    with the columns ``keys`` (default: all; a roster's report needs two of nineteen)."""
    spec = template.table(name)
    desimal = desimal_of(source)
    if name not in source.table_names():
        return Rows(spec, (), desimal)
    data = source.read_table(name)
    index = {h: i for i, h in enumerate(data.headers)}
    columns = spec.columns if keys is None else tuple(spec.column(k) for k in keys)
    wanted = [(c.key, index.get(c.name)) for c in columns]
    records = []
    for row in data.rows:
        width = len(row)
        record = {
            k: None if i is None or i >= width or is_blank(row[i]) else row[i] for k, i in wanted
        }
        if any(v is not None for v in record.values()):
            records.append(record)
    return Rows(spec, tuple(records), desimal)


def column_of(data: TableData, header: str) -> list[Any] | None:
    """Column ``header`` of ``data``'s rows, at the index :func:`read_rows` takes (the last
    column of that header), None past a short row; None when the table has no such column."""
    index = {h: i for i, h in enumerate(data.headers)}.get(header)
    if index is None:
        return None
    return [row[index] if index < len(row) else None for row in data.rows]


def read_column(source: Source, template: Template, name: str, key: str) -> Sequence[Any]:
    """The raw cells of column ``key`` of table ``name``, one per row (none without the table
    or the column): what :func:`read_rows` would put under ``key``, before blanks are told
    apart. A roster of 100,000 employees is read as one list, not 100,000 records."""
    if name not in source.table_names():
        return ()
    header = template.table(name).column(key).name
    if isinstance(source, ColumnSource):
        column = source.read_column(name, header)
    else:
        column = column_of(source.read_table(name), header)
    return () if column is None else column


def counted_texts(values: Sequence[Any], code: str | None = None) -> Counter[str]:
    """How many of ``values`` show each text, as cells of number format ``code`` show them (a
    text stripped; a number or a logical value typed over a computed text as the report shows
    any cell: 1, not 1.0; Ya, not True); blanks not counted."""
    # Counted by value first, in C: a roster's computed Kategori and Saran are a few distinct
    # texts over 100,000 rows. That is exact for texts and None only: equal values of other
    # types can show differently (True and 1), so a column holding anything else is counted
    # cell by cell.
    if not set(map(type, values)) <= _TEXT_OR_NONE:
        return Counter(shown(v, code) for v in values if not is_blank(v))
    counts: Counter[str] = Counter()
    for value, count in Counter(values).items():
        if value is not None and not is_blank(value):
            counts[value.strip()] += count
    return counts


_TEXT_OR_NONE = {str, type(None)}


def name_text(source: Source, template: Template, name: str) -> str:
    """A named cell as the workbook shows it (DASH when blank)."""
    value = source.read_name(name)
    declared = template.named(name)
    code = declared.number_format
    if declared.follows_desimal:
        code = shown_format(str(code), desimal_of(source))
    return shown(None if is_blank(value) else value, code)


def number(value: Any) -> float | None:
    """A cell's number for a chart (None for a blank or a text)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return figure(value) if math.isfinite(value) else float(value)


class EmptySource:
    """A fresh template: every declared table without rows, every name blank. The template
    builder lays out the report of it, so the Laporan sheet of a new workbook has its titles,
    headers and charts in place before anything is typed."""

    def __init__(self, template: Template):
        self.template = template
        self.label = template.file_name

    def table_names(self) -> list[str]:
        return [t.name for t in self.template.tables]

    def read_table(self, name: str) -> TableData:
        spec = self.template.table(name)
        return TableData(name, spec.sheet, spec.header_row, spec.first_col, list(spec.headers))

    def read_name(self, name: str) -> Any:
        return None
