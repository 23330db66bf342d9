"""The template builder's part for the print-ready Laporan sheet: its named cell styles, page
setup, the report of an empty workbook laid out (titles, headers, dashes) and the native charts
that read the laid-out ranges. Recompute later rewrites the cells and moves the charts and their
ranges (:mod:`lkjip_xl.workbook.ooxml.report_sheet`, :mod:`lkjip_xl.workbook.ooxml.charts`)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.worksheet import Worksheet

from lkjip_xl.workbook.contract import SheetSpec, Template
from lkjip_xl.workbook.report import layout as L
from lkjip_xl.workbook.report.build import report_for
from lkjip_xl.workbook.report.elements import Report
from lkjip_xl.workbook.report.source import EmptySource

_THIN = Side(style="thin", color="FF808080")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TOP_WRAP = Alignment(wrap_text=True, vertical="top")
NAVY = "FF1F3864"
CHART_WIDTH_CM = 23.0
CHART_FONT_PT = 9
CHART_TITLE_PT = 10  # within the print columns in Excel and in LibreOffice

STYLES = (
    NamedStyle(L.TITLE, font=Font(name="Calibri", size=12, bold=True, color=NAVY),
               alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
    NamedStyle(L.HEADING1, font=Font(name="Calibri", size=11, bold=True, color=NAVY),
               alignment=_TOP_WRAP),
    NamedStyle(L.HEADING2, font=Font(name="Calibri", size=10, bold=True, color=NAVY),
               alignment=_TOP_WRAP),
    NamedStyle(L.CAPTION, font=Font(name="Calibri", size=9, bold=True),
               alignment=Alignment(horizontal="center", vertical="bottom", wrap_text=True)),
    NamedStyle(L.HEADER, font=Font(name="Calibri", size=9, bold=True), border=_GRID,
               fill=PatternFill("solid", start_color="FFD9E1F2", end_color="FFD9E1F2"),
               alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
    NamedStyle(L.TEXT, font=Font(name="Calibri", size=9), border=_GRID, alignment=_TOP_WRAP),
    NamedStyle(L.NUMBER, font=Font(name="Calibri", size=9), border=_GRID,
               alignment=Alignment(horizontal="right", vertical="top")),
    NamedStyle(L.NOTE, font=Font(name="Calibri", size=8, italic=True, color="FF404040"),
               alignment=_TOP_WRAP),
    NamedStyle(L.PARAGRAPH, font=Font(name="Calibri", size=9),
               alignment=Alignment(horizontal="justify", vertical="top", wrap_text=True)),
    NamedStyle(L.DATA, font=Font(name="Calibri", size=9, color="FF595959")),
)  # fmt: skip


def add_styles(wb: Workbook) -> None:
    for style in STYLES:
        if style.name not in wb.named_styles:
            wb.add_named_style(style)


def write_layout(ws: Worksheet, layout: L.SheetLayout) -> None:
    for row in layout.rows:
        if row.height is not None:
            ws.row_dimensions[row.row].height = row.height
        for laid in row.cells:
            cell = ws.cell(row.row, laid.column, laid.value)
            cell.style = laid.style
            if laid.number_format:
                cell.number_format = laid.number_format
            for extra in range(1, laid.span):  # the merged cells keep the grid's borders
                ws.cell(row.row, laid.column + extra).style = laid.style
            if laid.span > 1:
                ws.merge_cells(start_row=row.row, start_column=laid.column, end_row=row.row,
                               end_column=laid.column + laid.span - 1)  # fmt: skip
    ws.row_breaks = RowBreak()
    for first in layout.breaks:
        ws.row_breaks.append(Break(id=first - 1))


def _page_setup(ws: Worksheet, report: Report) -> None:
    """A4 landscape at 100 %: the layout fits the page width, so nothing is shrunk."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.scale = 100
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    ws.print_area = f"A1:{get_column_letter(L.GRID)}1048576"  # whole columns: any length
    ws.oddFooter.center.text = "Halaman &P dari &N"
    ws.oddFooter.center.size = 9
    ws.oddHeader.right.text = "&A"
    ws.oddHeader.right.size = 9
    ws.sheet_view.showGridLines = False
    ws.sheet_view.view = "pageBreakPreview"


def _reference(ws: Worksheet, ref: str) -> Reference:
    return Reference(ws, range_string=f"'{ws.title}'!{ref}")


def make_chart(ws: Worksheet, place: L.ChartPlace) -> BarChart | LineChart:
    """A native chart of ``place``'s ranges, of the model chart's kind."""
    chart = place.chart
    main: BarChart | LineChart = LineChart() if chart.kind == "line" else BarChart()
    if isinstance(main, BarChart):
        main.type = "col"
        if chart.kind == "stacked_bar":
            main.grouping, main.overlap = "stacked", 100
    model = place.series[: len(chart.series)]
    if not model:
        # A new workbook has no indicator yet: one series stands in, so that recompute has
        # a series to copy for each indicator (its look) when it lays out the real ones.
        column = get_column_letter(L.DATA_COLUMN + 1)
        model = ((f"${column}${place.first_row}", f"${column}${place.first_row + 1}"),)
    for name, values in model:
        main.series.append(Series(_reference(ws, values), title_from_data=False,
                                  title=None))  # fmt: skip
        main.series[-1].tx = _title_ref(ws, name)
    categories = f"'{ws.title}'!{place.categories}"
    for series in main.series:
        # Text categories: a number reference would show 1, 2, 3 under the bars.
        series.cat = AxDataSource(strRef=StrRef(f=categories))
    main.title = _title(chart.title)
    main.y_axis.delete = main.x_axis.delete = False
    main.legend.position = "b"
    # Explicit sizes: without them LibreOffice scales chart text down to fit (below 8 pt).
    main.x_axis.txPr = main.y_axis.txPr = main.legend.txPr = _text(CHART_FONT_PT)
    if chart.reference_line is not None:
        line = LineChart()
        name, values = place.series[-1]
        line.series.append(Series(_reference(ws, values), title_from_data=False))
        line.series[-1].tx = _title_ref(ws, name)
        line.series[-1].graphicalProperties = GraphicalProperties(
            ln=LineProperties(solidFill="C00000", prstDash="dash", w=19050)
        )
        line.series[-1].marker.symbol = "none"
        line.series[-1].cat = AxDataSource(strRef=StrRef(f=categories))
        main += line
    main.width, main.height = CHART_WIDTH_CM, L.CHART_ROWS * L.ROW_PT * 2.54 / 72
    return main


def _text(size: float) -> RichText:
    props = CharacterProperties(sz=int(size * 100))
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _title(text: str) -> Title:
    props = CharacterProperties(sz=int(CHART_TITLE_PT * 100), b=True)
    run = RegularTextRun(rPr=props, t=text)
    rich = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), r=[run])])
    return Title(tx=Text(rich=rich), overlay=False)


def _title_ref(ws: Worksheet, cell: str) -> SeriesLabel:
    return SeriesLabel(strRef=StrRef(f"'{ws.title}'!{cell}"))


def write_laporan_sheet(ws: Worksheet, spec: Template, sheet: SheetSpec) -> None:
    """The Laporan sheet of a new workbook: the report of its empty tables, laid out."""
    add_styles(ws.parent)
    report = report_for(EmptySource(spec), spec)
    laid = L.lay_out(report, sheet.title)
    for column in range(1, L.GRID + 1):
        ws.column_dimensions[get_column_letter(column)].width = L.GRID_WIDTH
    for column in range(L.DATA_COLUMN, L.DATA_COLUMN + 8):
        ws.column_dimensions[get_column_letter(column)].width = L.DATA_WIDTH
    write_layout(ws, laid)
    for place in laid.charts:
        ws.add_chart(make_chart(ws, place), f"A{place.first_row}")
    _page_setup(ws, report)
    if sheet.tab_colour:
        ws.sheet_properties.tabColor = sheet.tab_colour
