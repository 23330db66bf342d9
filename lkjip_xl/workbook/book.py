"""The ``Book`` protocol: what recompute and check need from a workbook, and nothing more.

Two implementations: the file book (:mod:`lkjip_xl.workbook.file_book`: fast reads, and a writer
that changes only computed cells) and, in :mod:`lkjip_xl.excel`, a book over a live ``xw.Book``.
``recompute`` and ``check`` are written once, against this protocol.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from lkjip_xl.workbook.ooxml.letters import get_column_letter
from lkjip_xl.workbook.ooxml.report_sheet import SheetRewrite

EXCEL_EPOCH = datetime(1899, 12, 30)
#: Days between the 1900 and the 1904 date systems: a workbook saved with ``date1904`` counts
#: its serial numbers from 1904-01-01.
DATE1904_OFFSET = 1462
#: How many rows under a table a book looks at for rows typed below it (a bound, so that a
#: stray cell far down a sheet costs nothing).
ROWS_BELOW_LIMIT = 100_000


def cell_value(value: Any, *, date1904: bool = False) -> Any:
    """A value in the form a cell holds it: dates and times as Excel serial numbers (counted
    from 1904 in a workbook using that date system)."""
    shift = DATE1904_OFFSET if date1904 else 0
    if isinstance(value, datetime):
        return (value - EXCEL_EPOCH).total_seconds() / 86400 - shift
    if isinstance(value, date):
        return float((value - EXCEL_EPOCH.date()).days - shift)
    if isinstance(value, time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    return value


@dataclass
class TableData:
    """The raw cell values of an Excel table, as typed (no parsing), with their places."""

    name: str
    sheet: str
    header_row: int  # 1-based Excel row of the header
    first_column: int  # 1-based Excel column of the first header
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def column_index(self, header: str) -> int | None:
        try:
            return self.headers.index(header)
        except ValueError:
            return None

    def values(self, header: str) -> list[Any]:
        index = self.column_index(header)
        if index is None:
            return [None] * len(self.rows)
        return [row[index] if index < len(row) else None for row in self.rows]

    def column_letter(self, header: str) -> str:
        index = self.column_index(header)
        if index is None:
            raise KeyError(header)
        return get_column_letter(self.first_column + index)

    def address(self, row_index: int, header: str) -> str:
        """The A1 address of data row ``row_index`` (0-based) in column ``header``."""
        return f"{self.column_letter(header)}{self.header_row + 1 + row_index}"

    def excel_row(self, row_index: int) -> int:
        return self.header_row + 1 + row_index

    @property
    def last_column(self) -> int:
        return self.first_column + len(self.headers) - 1


class Book(Protocol):
    """A workbook as recompute and check see it."""

    label: str  # a name for messages (the file name)

    def table_names(self) -> list[str]: ...

    def read_table(self, name: str) -> TableData: ...

    def read_below(self, table: TableData, limit: int = ROWS_BELOW_LIMIT) -> list[list[Any]]:
        """The raw values, within the table's columns, of the rows right under ``table``
        that one after the other hold a value: at most ``limit``, ending before the first
        row that is blank in every column of the table. Values as :meth:`read_table` gives."""

    def extend_table(self, table: TableData) -> None:
        """Make the range of ``table`` cover all of ``table.rows`` (rows taken in from below
        it), the auto filter with it."""

    def read_name(self, name: str) -> Any:
        """The value of the single cell a workbook-scoped defined name points to."""

    def name_address(self, name: str) -> tuple[str, str] | None:
        """(sheet, A1 cell) of a defined name, or None when the name is missing."""

    def name_text(self, name: str) -> str | None:
        """What a defined name refers to, as written (a range, #REF!), or None when the
        name is missing."""

    def write_column(self, table: TableData, header: str, values: list[Any]) -> None:
        """Write one computed value per data row of ``table`` into column ``header``."""

    def write_rows(self, table: TableData, rows: list[list[Any]]) -> None:
        """Replace the data rows of a computed table, resizing the table."""

    def write_name(self, name: str, value: Any) -> None: ...

    def show_format(self, sheet: str, spans: list[tuple[int, int, int]], code: str) -> None:
        """Show the cells of ``sheet`` in ``spans`` (column, first row, last row; 1-based) in
        number format ``code``, every other part of each cell's style kept; a cell already
        shown so is left as it is."""

    def has_sheet(self, name: str) -> bool: ...

    def rewrite_sheet(self, sheet: str, rewrite: SheetRewrite) -> None:
        """Replace every cell of a computed sheet that holds no input (the Laporan sheet),
        its merged cells, page breaks and the ranges its charts read."""

    def append_row(self, table: TableData, row: list[Any]) -> None:
        """Add a row at the end of a table (the Log), growing it."""

    def commit(self) -> object:
        """Make the writes permanent (the file book writes the file here and returns its path)."""
