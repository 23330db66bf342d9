"""The report model laid out on the print-ready Laporan sheet: which text in which cell, in which
style, which cells merge, where pages break and where each chart and its data go.

Pure geometry, no XML: the template builder writes a layout with openpyxl, recompute through the
workbook-file layer (:mod:`lkjip_xl.workbook.ooxml.report_sheet`). The sheet is a grid of
:data:`GRID` narrow columns; each table column spans as many of them as its longest figure
needs, the text columns share the rest, so every table fits the width of an A4 landscape page
at 100 % (nothing is shrunk below its font size). Figures are written as numbers with the
number format that shows the model's text, so that charts can read them; a dash stays a text.
Pages break before a table or chart that would not fit, and a table longer than a page repeats
its header row at the top of the next page.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from lkjip_xl.workbook.report.elements import Report, ReportChart, ReportTable
from lkjip_xl.workbook.report.shown import DASH

GRID = 28  # print columns A..AB
GRID_WIDTH = 3.7  # Excel width units: 31 px in Excel, 34 px in LibreOffice (96 dpi)
GRID_PX = 30  # the narrower of the two, so that what is estimated to fit fits in both
CHAR_EM = 0.66  # a character's width in ems, on the wide side (digits, bold headers)
DATA_COLUMN = GRID + 2  # charts' data start in column AD, outside the print area
DATA_WIDTH = 14.0
CHART_ROWS = 18
ROW_PT = 12.75  # one line of 9 pt text
PAGE_PT = 430.0  # usable height of an A4 landscape page, with room to spare

# Style roles: the named cell styles the template defines (see laporan_sheet.STYLES).
TITLE, HEADING1, HEADING2, CAPTION, HEADER, TEXT, NUMBER, NOTE, PARAGRAPH, DATA = (
    "Laporan Judul",
    "Laporan Bagian",
    "Laporan Subbagian",
    "Laporan Judul Tabel",
    "Laporan Kepala Tabel",
    "Laporan Teks",
    "Laporan Angka",
    "Laporan Catatan",
    "Laporan Paragraf",
    "Laporan Data Grafik",
)
FONT_PT = {TITLE: 12, HEADING1: 11, HEADING2: 10, CAPTION: 9, HEADER: 9, TEXT: 9, NUMBER: 9,
           NOTE: 8, PARAGRAPH: 9, DATA: 9}  # fmt: skip

_FIGURE = re.compile(r"^(Rp )?-?\d{1,3}(?:\.\d{3})*(?:,\d+)?$|^(Rp )?-?\d+(?:,\d+)?$")


def figure_of(text: str) -> tuple[float, str] | None:
    """(number, Excel number format) that shows ``text`` exactly, for an Indonesian figure
    (95,45; 2.777; Rp 1.234.567; 2020); None for any other text."""
    if not _FIGURE.match(text):
        return None
    rupiah = text.startswith("Rp ")
    body = text[3:] if rupiah else text
    grouped = "." in body
    whole, _, decimals = body.replace(".", "").partition(",")
    value = float(f"{whole}.{decimals}" if decimals else whole)
    digits = "0" * len(decimals)
    code = ("#,##0" if grouped or rupiah else "0") + (f".{digits}" if digits else "")
    if not grouped and not rupiah and not decimals:
        code = "0"
    return value, f'"Rp "{code}' if rupiah else code


@dataclass(frozen=True)
class LaidCell:
    """A cell of the laid-out Laporan sheet: its value, named style and grid span."""

    column: int  # 1-based
    value: str | float | None
    style: str
    number_format: str | None = None  # for a figure written as a number
    span: int = 1  # grid columns the cell covers (merged when > 1)


@dataclass
class LaidRow:
    """A row of the laid-out Laporan sheet: its cells and height."""

    row: int
    cells: list[LaidCell]
    height: float | None = None  # points; None: the sheet's default


@dataclass(frozen=True)
class ChartPlace:
    """Where a chart goes and the cells it reads (A1 ranges on the Laporan sheet)."""

    chart: ReportChart
    first_row: int  # 1-based, the chart's top row
    last_row: int
    categories: str  # e.g. "$AD$12:$AD$15"
    series: tuple[tuple[str, str], ...]  # (name cell, values range), in the model's order


@dataclass
class SheetLayout:
    """The Laporan sheet laid out: its rows, page breaks and chart places."""

    rows: list[LaidRow] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)  # a page starts at each of these rows
    charts: list[ChartPlace] = field(default_factory=list)

    @property
    def merges(self) -> list[tuple[int, int, int, int]]:
        """(row, first column, row, last column) of every cell spanning grid columns."""
        return [
            (r.row, c.column, r.row, c.column + c.span - 1)
            for r in self.rows
            for c in r.cells
            if c.span > 1
        ]

    @property
    def last_row(self) -> int:
        return max((r.row for r in self.rows), default=1)


def _col(column: int) -> str:
    letters = ""
    while column:
        column, rem = divmod(column - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _char_px(font_pt: float) -> float:
    return font_pt * CHAR_EM * 96 / 72


def _lines(text: str, span: int, font_pt: float) -> int:
    """Lines a wrapped text takes in ``span`` grid columns (estimated, on the safe side)."""
    chars_per_line = max(1, int((span * GRID_PX - 6) / _char_px(font_pt)))
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += max(1, math.ceil(len(paragraph) / chars_per_line))
    return lines


def column_spans(table: ReportTable) -> list[int]:
    """Grid columns per table column: figures and short words get what they need, the text
    columns share what is left."""
    need: list[int] = []
    flexible: list[float] = []
    for j, head in enumerate(table.header):
        texts = [row[j] for row in table.rows]
        # A set: a column of thousands of rows is tested for each of its texts.
        figures = {t for t in texts if figure_of(t) is not None or t == DASH}
        words = [w for t in texts if t not in figures for w in t.split()]
        longest = max((len(t) for t in figures), default=0)
        longest = max(longest, max((len(w) for w in words), default=1))
        need.append(max(1, math.ceil((longest * _char_px(9) + 8) / GRID_PX)))
        # A header word may break over two lines rather than widen the column past two.
        head_need = max((math.ceil((len(w) * _char_px(9) + 8) / GRID_PX) for w in head.split()),
                        default=1)  # fmt: skip
        need[-1] = max(need[-1], min(head_need, 2))
        long_text = max((len(t) for t in texts if t not in figures), default=0)
        flexible.append(float(long_text) if long_text > 24 else 0.0)
    spare = GRID - sum(need)
    weight = sum(flexible)
    if spare > 0 and weight:
        extra = [int(spare * f / weight) for f in flexible]
        extra[flexible.index(max(flexible))] += spare - sum(extra)
        need = [n + e for n, e in zip(need, extra, strict=True)]
    elif spare > 0:
        # No long text: numbers widen evenly, so a short table still reads as a table.
        per, rest = divmod(spare, len(need))
        need = [n + per + (1 if j < rest else 0) for j, n in enumerate(need)]
    while sum(need) > GRID:  # too many columns: take from the widest first
        widest = need.index(max(need))
        need[widest] -= 1
    return need


class _Writer:
    def __init__(self) -> None:
        self.layout = SheetLayout()
        self.row = 1
        self.used = 0.0  # points used on the current page

    def _add(self, cells: list[LaidCell], height: float) -> int:
        self.layout.rows.append(LaidRow(self.row, cells, height))
        self.used += height
        self.row += 1
        return self.row - 1

    def room(self, height: float) -> bool:
        return self.used + height <= PAGE_PT

    def page_break(self) -> None:
        if self.used:
            self.layout.breaks.append(self.row)
            self.used = 0.0

    def blank(self) -> None:
        if self.used:
            self._add([], ROW_PT / 2)

    def line(self, text: str, style: str) -> None:
        pt = FONT_PT[style]
        height = max(ROW_PT, _lines(text, GRID, pt) * pt * 1.35 + 3)
        self._add([LaidCell(1, text, style, span=GRID)], height)

    def table(self, table: ReportTable) -> None:
        spans = column_spans(table)
        header = self._row_cells(table.header, spans, HEADER)
        body = [self._row_cells(row, spans, None) for row in table.rows]
        first = sum(h for _, h in body[:2])
        caption_pt = max(ROW_PT, _lines(table.caption, GRID, 9) * 9 * 1.35 + 3)
        if not self.room(caption_pt + header[1] + first):
            self.page_break()
        self.line(table.caption, CAPTION)
        self._add(*header)
        for cells, height in body:
            if not self.room(height):
                self.page_break()
                self._add(*header)  # the header row again on the new page
            self._add(cells, height)
        for note in table.notes:
            self.line(f"Catatan: {note}", NOTE)
        self.blank()

    def _row_cells(
        self, texts, spans: list[int], style: str | None
    ) -> tuple[list[LaidCell], float]:
        cells, column, lines = [], 1, 1
        for text, span in zip(texts, spans, strict=True):
            role = style or (TEXT if figure_of(text) is None else NUMBER)
            figure = figure_of(text) if role == NUMBER else None
            if figure is not None:
                cells.append(LaidCell(column, figure[0], NUMBER, figure[1], span))
            else:
                cells.append(LaidCell(column, text, role, None, span))
                lines = max(lines, _lines(text, span, FONT_PT[role]))
            column += span
        return cells, max(ROW_PT, lines * 9 * 1.3 + 3)

    def chart(self, chart: ReportChart) -> None:
        height = ROW_PT * (CHART_ROWS + 1)
        if not self.room(height):
            self.page_break()
        self.line(chart.caption, CAPTION)
        first = self.row
        for _ in range(CHART_ROWS):
            self._add([], ROW_PT)
        self.blank()
        self.layout.charts.append(self._chart_data(chart, first))

    def _chart_data(self, chart: ReportChart, first: int) -> ChartPlace:
        """The chart's categories and series in columns AD onwards of its rows (and below,
        when it has more categories than the chart has rows), where its series read them."""
        series = list(chart.series)
        if chart.reference_line is not None:
            line = f"Batas {str(chart.reference_line).removesuffix('.0')}"
            series.append((line, tuple(chart.reference_line for _ in chart.categories)))
        rows = {r.row: r for r in self.layout.rows}
        head = [LaidCell(DATA_COLUMN, f"Data {chart.caption}", DATA)]
        head += [LaidCell(DATA_COLUMN + 1 + k, name, DATA) for k, (name, _) in enumerate(series)]
        self._put(rows, first, head)
        for i, category in enumerate(chart.categories, start=1):
            cells = [LaidCell(DATA_COLUMN, category, DATA)]
            for k, (_, values) in enumerate(series):
                value = values[i - 1]
                cells.append(LaidCell(DATA_COLUMN + 1 + k, value, DATA, "0.00"))
            self._put(rows, first + i, cells)
        n = len(chart.categories)
        top, bottom = first + 1, first + max(n, 1)
        col = _col(DATA_COLUMN)
        refs = tuple(
            (f"${_col(DATA_COLUMN + 1 + k)}${first}",
             f"${_col(DATA_COLUMN + 1 + k)}${top}:${_col(DATA_COLUMN + 1 + k)}${bottom}")
            for k in range(len(series))
        )  # fmt: skip
        return ChartPlace(chart, first, first + CHART_ROWS - 1, f"${col}${top}:${col}${bottom}",
                          refs)  # fmt: skip

    def _put(self, rows: dict[int, LaidRow], row: int, cells: list[LaidCell]) -> None:
        """Cells beside the sheet's print area, in an existing row or a new one below."""
        if row in rows:
            rows[row].cells.extend(cells)
            return
        while self.row <= row:
            self._add([], ROW_PT)
            rows[self.row - 1] = self.layout.rows[-1]
        rows[row].cells.extend(cells)


def lay_out(report: Report, heading: str) -> SheetLayout:
    """Where every part of ``report`` goes on the Laporan sheet, under the sheet's ``heading``
    (its title, in A1 as on every sheet of the template)."""
    w = _Writer()
    w.line(heading, TITLE)
    w.line(report.title, TITLE)
    w.blank()
    for section in report.sections:
        if not w.room(ROW_PT * 8):  # a heading is not left alone at the foot of a page
            w.page_break()
        if section.heading != report.title:  # the IP-ASN section is the whole report
            w.line(section.heading, HEADING1 if section.level <= 1 else HEADING2)
        for part in section.content:
            if isinstance(part, ReportTable):
                w.table(part)
            elif isinstance(part, ReportChart):
                w.chart(part)
            else:
                w.line(part, PARAGRAPH)
        w.blank()
    return w.layout
