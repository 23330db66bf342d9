"""The Laporan sheet's rewrite, planned after a computation's other writes.

The report is built from what the computed cells *will* show: the planned writes are replayed
onto copies of the tables and names (:class:`Planned`), never onto the book, so the sheet and a
report built later from the written file (``lkjip-xl laporan``) are the same report. The layout
(:mod:`lkjip_xl.workbook.report.layout`) becomes one :class:`SheetRewrite`, which the file book
writes through the workbook-file layer with the other cells, atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from lkjip_xl.workbook.book import Book, TableData
from lkjip_xl.workbook.compute.base import Analisis
from lkjip_xl.workbook.contract import SheetKind, SheetSpec, Template
from lkjip_xl.workbook.ooxml.report_sheet import (
    ChartRanges,
    SheetRewrite,
    WrittenCell,
    WrittenRow,
)

if TYPE_CHECKING:
    from lkjip_xl.workbook.report.layout import SheetLayout

#: What only writing the sheet needs: a check, which plans no write, never imports it (~0.02 s
#: of CPU); a recompute imports it while its largest table is read (recompute.py).
WRITING_MODULES = (
    "lkjip_xl.workbook.report.build",
    "lkjip_xl.workbook.report.layout",
    "lkjip_xl.workbook.report.source",
)

__all__ = ["Planned", "plan_laporan", "sheet_rewrite"]


class Planned:
    """A book's tables and names as they will be once the planned writes are done.

    Only the reading half of a :class:`Book` is served; the writes land on copies. A table's
    rows are copied only when it is read whole: a written column is kept as the list written
    until then, so a roster's report, which reads two columns, copies no row.
    """

    def __init__(self, book: Book, writes: list[Callable[[Book], None]]):
        self.book = book
        self.label = book.label
        self._tables: dict[str, TableData] = {}
        # Columns written to a table not yet copied, in order: (column index, values).
        self._columns: dict[str, list[tuple[int, list[Any]]]] = {}
        self._names: dict[str, Any] = {}
        for write in writes:
            write(self)  # type: ignore[arg-type]  # the writing methods below

    def table_names(self) -> list[str]:
        return self.book.table_names()

    def read_table(self, name: str) -> TableData:
        if name not in self._tables:
            table = self.book.read_table(name)
            own = replace(table, rows=[list(row) for row in table.rows])
            for index, values in self._columns.pop(name, ()):
                _write_into(own.rows, index, values)
            self._tables[name] = own
        return self._tables[name]

    def read_column(self, name: str, header: str) -> list[Any] | None:
        if name in self._tables:
            from lkjip_xl.workbook.report.source import column_of

            return column_of(self._tables[name], header)
        table = self.book.read_table(name)
        if header not in table.headers:
            return None
        index = len(table.headers) - 1 - table.headers[::-1].index(header)
        writes = [values for written, values in self._columns.get(name, ()) if written == index]
        rows = len(table.rows)
        # A computed column is written whole: from the last such write on, the book's cells
        # of the column are not read at all.
        whole = [i for i, values in enumerate(writes) if len(values) >= rows]
        if whole:
            column = writes[whole[-1]][:rows]
            writes = writes[whole[-1] + 1 :]
        else:
            column = [row[index] if index < len(row) else None for row in table.rows]
        for values in writes:
            # As _write_into would leave the rows: the first len(values) of them written.
            count = min(rows, len(values))
            column[:count] = values[:count]
        return column

    def read_name(self, name: str) -> Any:
        return self._names[name] if name in self._names else self.book.read_name(name)

    def write_column(self, table: TableData, header: str, values: list[Any]) -> None:
        own = self._tables.get(table.name)
        index = (own or self.book.read_table(table.name)).column_index(header)
        if index is None:
            return
        if own is not None:
            _write_into(own.rows, index, values)
        else:
            self._columns.setdefault(table.name, []).append((index, values))

    def write_rows(self, table: TableData, rows: list[list[Any]]) -> None:
        self._columns.pop(table.name, None)
        self._tables[table.name] = replace(
            self.book.read_table(table.name), rows=[list(r) for r in rows]
        )

    def write_name(self, name: str, value: Any) -> None:
        self._names[name] = value

    def name_address(self, name: str) -> tuple[str, str] | None:
        return self.book.name_address(name)

    def show_format(self, sheet: str, spans: list[tuple[int, int, int]], code: str) -> None:
        """Nothing to copy: the report shows the figures by Desimal itself (report.source)."""


def _write_into(rows: list[list[Any]], index: int, values: list[Any]) -> None:
    for row, value in zip(rows, values, strict=False):
        row[index] = value


def sheet_rewrite(layout: SheetLayout) -> SheetRewrite:
    rows = tuple(
        WrittenRow(
            r.row,
            tuple(WrittenCell(c.column, c.value, c.style, c.number_format) for c in r.cells),
            r.height,
        )
        for r in layout.rows
    )
    charts = tuple(
        ChartRanges(p.first_row, p.chart.title, p.categories, p.series) for p in layout.charts
    )
    return SheetRewrite(rows, tuple(layout.merges), tuple(layout.breaks), charts)


def laporan_sheet(template: Template) -> SheetSpec | None:
    return next((s for s in template.sheets if s.kind is SheetKind.LAPORAN), None)


def plan_laporan(analisis: Analisis) -> None:
    """Plan the rewrite of the template's Laporan sheet after the computed cells (a workbook of
    an earlier template version without the sheet keeps its sheets as they are, and a sheet
    named Laporan in it is the user's own, never written over)."""
    template = analisis.template
    sheet = laporan_sheet(template)
    if sheet is None or not analisis.tulis:
        return
    planned = list(analisis.tulis)

    def write(book: Book) -> None:
        if not book.has_sheet(sheet.name) or sheet.added_after(book.read_name("Versi_Template")):
            return
        from lkjip_xl.workbook.report.build import narrated_report
        from lkjip_xl.workbook.report.layout import lay_out

        report = narrated_report(Planned(book, planned), template)
        book.rewrite_sheet(sheet.name, sheet_rewrite(lay_out(report, sheet.title)))

    analisis.tulis.append(write)
    analisis.tulis_laporan = write
