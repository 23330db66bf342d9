"""Chapter III of the LKjIP as a Word document, from the report model.

The document holds what :mod:`lkjip_xl.workbook.report.model` holds, in its order: headings,
paragraphs, tables (numbered and titled above, header row repeated on every page) and charts
(rendered with matplotlib, numbered captions below). Cell texts are the model's shown figures,
untouched; this module only lays them out. A4 with margins, page numbers in the footer, Arial
11 pt body and 9 pt in tables, Indonesian document properties and proofing language.

python-docx has no API for the page-number field: its few WordprocessingML elements are built
here with python-docx's own ``OxmlElement``, the documented way to reach what its API does not
cover. Tables are written as markup by :mod:`.docx_table`, streamed into the saved file by
:mod:`.docx_package`.
"""

from __future__ import annotations

import gc
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from lkjip_xl.workbook.report.docx_package import StreamedTables
from lkjip_xl.workbook.report.docx_table import (
    Measure,
    fits,
    markup_bound,
    measure,
    table_markup,
)
from lkjip_xl.workbook.report.docx_text import docx_text
from lkjip_xl.workbook.report.elements import Report, ReportChart, ReportTable, Section
from lkjip_xl.workbook.report.narrative import ANALYSIS_LABELS
from lkjip_xl.workbook.safe_write import atomic_update

__all__ = ["CHAPTER_HEADING", "DOCUMENT_LANGUAGE", "FONT", "render_chart", "write_docx"]

FONT = "Arial"
CHAPTER_HEADING = "BAB III AKUNTABILITAS KINERJA"
BODY_PT = 11
TABLE_PT = 9
#: tables too wide for 9 pt (on a landscape page when 8 pt is still too wide)
WIDE_TABLE_PT = 8
PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7  # A4
#: A4 less the left and right margins, portrait and landscape
TEXT_WIDTH_CM = 15.5
LANDSCAPE_TEXT_WIDTH_CM = 24.2
NOTE_PT = 9
DOCUMENT_LANGUAGE = "id-ID"
#: width of a chart image on the page (A4 less the margins)
CHART_WIDTH_CM = TEXT_WIDTH_CM
CHART_DPI = 130
CHART_INCHES = 7.0
#: a chart of more lines than this has no legend: it could not be read (its table has the names)
MAX_LEGEND = 12
MAX_LABEL = 28
#: a chart of more categories than this draws its bars as one artist each series
MANY_BARS = 60
#: x-axis labels shown at most (a label every step-th category past that)
MAX_TICKS = 60
#: a chart of more points than this is collected once drawn (see :func:`_chart`)
MANY_POINTS = 1_000
#: what python-docx's ``run.text`` turns into elements of their own
_BREAKS = re.compile("[\t\r\n]")


def write_docx(
    report: Report,
    path: str | Path,
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> Path:
    """Write ``report`` as a .docx at ``path`` atomically; refuses when the file is open in Word.

    ``progress(done, total, text)`` is called once per section and chart.
    """
    path = Path(path)
    document, tables = _document(report, progress)
    buffer = io.BytesIO()
    tables.save(document, buffer)
    atomic_update(path, lambda tmp: tmp.write_bytes(buffer.getvalue()), keep_previous=False)
    return path


def _document(
    report: Report, progress: Callable[[int, int, str], None] | None
) -> tuple[DocumentObject, StreamedTables]:
    document = Document()
    _page_setup(document)
    _styles(document)
    _properties(document, report)
    document.add_heading(docx_text(report.title), level=0)
    # Chapter III's own heading above A., B., C. (as the reports print it); the IP-ASN
    # report's one section is titled by the document's title already.
    shift = 1 if report.kind == "kinerja" else 0
    if shift:
        document.add_heading(CHAPTER_HEADING, level=1)
    total = len(report.sections)
    pages = _Pages(document, StreamedTables())
    for done, section in enumerate(report.sections):
        if progress is not None:
            progress(done, total, f"Menyusun {section.heading}")
        _section(pages, section, shift, skip_heading=section.heading == report.title)
    if progress is not None:
        progress(total, total, "Menyimpan dokumen")
    return document, pages.tables


def _page_setup(document: DocumentObject) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
        _margins(section)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_field(footer)


def _margins(section: Any) -> None:
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
    section.footer_distance = Cm(1.2)


def _page_field(paragraph: Any) -> None:
    """A PAGE field: Word and LibreOffice fill in the page number."""

    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, shown, end):
        run._r.append(element)


def _styles(document: DocumentObject) -> None:
    styles = document.styles
    # The defaults every style inherits: Arial everywhere (a theme font would win over it in
    # Word), Indonesian proofing.
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _arial(defaults.get_or_add_rFonts())
    language = defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        defaults.append(language)
    language.set(qn("w:val"), DOCUMENT_LANGUAGE)
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 16), ("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        _arial(style.element.get_or_add_rPr().get_or_add_rFonts())
    caption = styles["Caption"]
    caption.font.name = FONT
    caption.font.size = Pt(10)
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = RGBColor(0, 0, 0)


def _arial(fonts: Any) -> None:
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)


def _properties(document: DocumentObject, report: Report) -> None:
    props = document.core_properties
    props.title = docx_text(report.title)
    props.subject = (
        "Laporan Kinerja Instansi Pemerintah (LKjIP), Bab III Akuntabilitas Kinerja"
        if report.kind == "kinerja"
        else "Indeks Profesionalitas ASN (IP ASN)"
    )
    props.language = DOCUMENT_LANGUAGE
    props.keywords = "LKjIP; SAKIP; akuntabilitas kinerja"
    props.author = "lkjip-xl"
    props.comments = "Dibuat oleh lkjip-xl dari angka yang ditampilkan buku kerja."


@dataclass
class _Pages:
    """The orientation of the page being written; a wide table turns it (a new section). And
    the tables placed, written when the document is saved."""

    document: DocumentObject
    tables: StreamedTables
    landscape: bool = False

    def turn(self, landscape: bool) -> None:
        if landscape != self.landscape:
            _orientation(self.document, landscape=landscape)
            self.landscape = landscape


def _layout(item: object) -> tuple[Measure, float, bool] | None:
    """A table's measure, font size and whether it needs a landscape page: 9 pt if its words
    and figures stand unbroken across the portrait text width, else 8 pt, else 8 pt landscape."""
    if not isinstance(item, ReportTable):
        return None
    measured = measure(item)
    for size in (TABLE_PT, WIDE_TABLE_PT):
        if fits(measured, size, TEXT_WIDTH_CM):
            return measured, size, False
    return measured, WIDE_TABLE_PT, True


def _section(pages: _Pages, section: Section, shift: int, *, skip_heading: bool) -> None:
    document = pages.document
    items = section.content
    layouts = [_layout(item) for item in items]
    wide = [bool(layout and layout[2]) for layout in layouts]
    # A heading, or a paragraph that introduces the table after it, goes on the table's page.
    follows = [*wide[1:], False]
    if not skip_heading:
        pages.turn(bool(items) and (wide[0] or (isinstance(items[0], str) and follows[0])))
        level = max(1, min(section.level + shift, 3))
        document.add_heading(docx_text(section.heading), level=level)
    for i, (item, layout) in enumerate(zip(items, layouts, strict=True)):
        if isinstance(item, ReportTable) and layout is not None:
            pages.turn(layout[2])
            _table(pages, item, *layout)
        elif isinstance(item, ReportChart):
            pages.turn(False)
            _chart(document, item)
        else:
            pages.turn(follows[i] if isinstance(item, str) else False)
            _paragraph(document, str(item))


def _add_paragraph(document: DocumentObject, text: str = "", style: str | None = None) -> Paragraph:
    """``document.add_paragraph``, without its search of the body: python-docx finds the body's
    closing ``w:sectPr`` by scanning every block before it, for each paragraph, which made a
    report of thousands of indicators quadratic. That ``w:sectPr`` is the body's last child,
    which lxml reaches directly."""
    body = document.element.body
    p = OxmlElement("w:p")
    last = next(body.iterchildren(reversed=True), None)
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(p)
    else:
        body.append(p)
    paragraph = Paragraph(p, document)
    if text:
        _add_run(paragraph, text)
    if style is not None:
        paragraph.style = style
    return paragraph


def _add_run(paragraph: Paragraph, text: str) -> Run:
    """``paragraph.add_run(text)``. python-docx passes the text character by character, each a
    Python call, to turn tabs and line breaks into their elements (a report of thousands of
    indicators has millions of characters); a text of neither is the one ``w:t`` it would
    have made, through the same ``add_t``. The text as :func:`.docx_text` lets it in."""
    text = docx_text(text)
    if not text or _BREAKS.search(text):
        return paragraph.add_run(text)
    run = paragraph.add_run()
    run._r.add_t(text)
    return run


def _paragraph(document: DocumentObject, text: str) -> None:
    """A justified paragraph, as the reports print them; the label of the staff's analysis
    ("Faktor pendorong:") in bold."""
    paragraph = _add_paragraph(document)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    label = next((lb for lb in ANALYSIS_LABELS if text.startswith(f"{lb}: ")), None)
    if label is not None:
        _add_run(paragraph, f"{label}:").bold = True
        text = text[len(label) + 1 :]
    _add_run(paragraph, text)


def _table(pages: _Pages, table: ReportTable, measured: Measure, size: float, wide: bool) -> None:
    document = pages.document
    room = LANDSCAPE_TEXT_WIDTH_CM if wide else TEXT_WIDTH_CM
    caption = _add_paragraph(document, table.caption, style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.keep_with_next = True
    style_id = document.styles["Table Grid"].style_id
    markup = partial(table_markup, table, measured, style_id, size, room)
    pages.tables.place(caption._p, markup, markup_bound(table))
    for note in table.notes:
        paragraph = _add_paragraph(document)
        paragraph.paragraph_format.space_after = Pt(0)
        _add_run(paragraph, note).font.size = Pt(NOTE_PT)
    _add_paragraph(document)


def _orientation(document: DocumentObject, *, landscape: bool) -> None:
    """Start a new page section, landscape or portrait; it keeps the footer's page numbers."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    _margins(section)


def _chart(document: DocumentObject, chart: ReportChart) -> None:
    image = render_chart(chart)
    # A matplotlib figure is a web of reference cycles (figure, axes, artists, canvas), and
    # ``laporan`` runs with the cyclic collector off (``no_cyclic_gc``): a chart of thousands
    # of points would stay in memory to the end (3,000x10 indicators: 57 MiB). A small one is
    # left: a collection costs some 50 ms, whatever it frees.
    if len(chart.categories) * len(chart.series) > MANY_POINTS:
        gc.collect()
    document.add_picture(io.BytesIO(image), width=Cm(CHART_WIDTH_CM))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    caption = _add_paragraph(document, chart.caption, style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


def render_chart(chart: ReportChart) -> bytes:
    """The chart as a PNG, drawn by matplotlib's Agg canvas (no display, no pyplot state)."""
    import numpy as np

    # A figure near the largest a cell holds (a realisasi of 1e308) overflows in matplotlib's
    # tick arithmetic, which numpy tells on stderr in English; the drawing is made all the same.
    with np.errstate(over="ignore", invalid="ignore"):
        return _render_chart(chart)


def _render_chart(chart: ReportChart) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.container import Container
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    count = max(len(chart.categories), 1)
    labels = [_short(docx_text(c)) for c in chart.categories]
    turned = count > 8 or any(len(label) > 14 for label in labels)
    label_pt = 8 if count <= 30 else 6
    height = 4.4 if turned else 3.6
    figure = Figure(figsize=(CHART_INCHES, height), dpi=CHART_DPI)
    FigureCanvasAgg(figure)
    # Margins from the labels' length, not tight_layout: that draws the figure a second time.
    longest = max((len(label) for label in labels), default=1) if turned else 1
    bottom = (longest * 0.62 * label_pt / 72 + 0.25) / height
    # A chart of no category (a new roster's units) has no bar for a legend to tell apart.
    legend = bool(chart.categories) and (
        1 < len(chart.series) <= MAX_LEGEND or chart.kind == "bar_line"
    )
    top = 1 - (0.35 if legend else 0.12) / height
    figure.subplots_adjust(left=0.09, right=0.98, bottom=min(bottom, 0.6), top=top)
    axes = figure.add_subplot()
    # A position per category: a chart of none (a new roster's units) draws an empty frame,
    # its width still that of one bar.
    positions = list(range(len(chart.categories)))
    series = [(docx_text(name), [float("nan") if v is None else v for v in values])
              for name, values in chart.series]  # fmt: skip
    drawn = _draw(axes, chart.kind, positions, series)
    if chart.reference_line is not None:
        axes.axhline(chart.reference_line, color="#C00000", linewidth=1.0, linestyle="--")
    # Past MAX_TICKS labels overprint one another: every step-th is shown (the table has all).
    step = -(-count // MAX_TICKS)
    axes.set_xticks(positions[::step])
    # A text is printed as typed: matplotlib would read "Rp $5 dan $6" as mathematics (and
    # fail on "$\\frac{$").
    axes.set_xticklabels(labels[::step], rotation=90 if turned else 0, fontsize=label_pt,
                         parse_math=False)  # fmt: skip
    axes.set_xlim(-0.6, count - 0.4)
    axes.yaxis.set_major_formatter(FuncFormatter(_axis_number))
    if not chart.categories:
        axes.set_yticks([])  # matplotlib's scale of nothing would read -0,0 to 0,0
    axes.tick_params(axis="y", labelsize=8)
    axes.grid(axis="y", linewidth=0.4, alpha=0.6)
    axes.set_axisbelow(True)
    if legend:  # above the plot, where it hides no bar
        # The series named here: matplotlib's own collection leaves out a name that begins
        # with "_" (an indicator's Kode may). In its order: bars drawn by ``bar`` (a
        # container) after the other artists.
        drawn.sort(key=lambda artist_name: isinstance(artist_name[0], Container))
        columns = min(len(series) + (chart.reference_line is not None), 4)
        shown = axes.legend([a for a, _ in drawn], [name for _, name in drawn], fontsize=7,
                            loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False,
                            ncol=columns)  # fmt: skip
        for text in shown.get_texts():
            text.set_parse_math(False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _short(label: str) -> str:
    # A program's full name would squeeze the plot to nothing; the table beside it has it whole.
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def _draw(
    axes: Any, kind: str, positions: list[int], series: list[tuple[str, list]]
) -> list[tuple[Any, str]]:
    """Draw ``series``; each one's artist and name, in the order of ``series``."""
    if kind == "line":
        return [(axes.plot(positions, values, marker="o", label=name)[0], name)
                for name, values in series]  # fmt: skip
    bar = axes.bar if len(positions) <= MANY_BARS else partial(_bar_collection, axes)
    drawn = []
    if kind == "stacked_bar":
        bottom = [0.0] * len(positions)
        for name, values in series:
            heights = [0.0 if v != v else v for v in values]  # a missing part adds nothing
            drawn.append((bar(positions, heights, bottom=bottom, label=name), name))
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        return drawn
    bars = series if kind == "bar" else series[:1]
    width = 0.8 / max(len(bars), 1)
    for index, (name, values) in enumerate(bars):
        offset = (index - (len(bars) - 1) / 2) * width
        drawn.append((bar([p + offset for p in positions], values, width=width, label=name), name))
    if kind == "bar_line":
        for name, values in series[1:]:
            line = axes.plot(positions, values, marker="o", color="#C55A11", label=name)[0]
            drawn.append((line, name))
    return drawn


def _bar_collection(
    axes: Any, positions: Sequence[float], heights: Sequence[float], *, label: str,
    bottom: Sequence[float] | None = None, width: float = 0.8,
) -> Any:  # fmt: skip
    """``axes.bar``'s bars as one artist: a bar a patch costs milliseconds each (thousands of
    units would take a minute to draw); the rectangles and the colour are ``bar``'s."""
    from matplotlib.collections import PolyCollection

    # ``bar`` takes the next colour of the cycle; only these collections are on the axes.
    color = f"C{len(axes.collections)}"
    base = bottom if bottom is not None else [0.0] * len(positions)
    half = width / 2
    shapes = [
        ((x - half, b), (x - half, b + h), (x + half, b + h), (x + half, b))
        for x, h, b in zip(positions, heights, base, strict=True)
        if h == h  # a missing value draws no bar, as in ``bar``
    ]
    bars = PolyCollection(shapes, facecolors=color, edgecolors="none", linewidths=0, label=label)
    bars.sticky_edges.y.extend(sorted(set(base)))  # no margin under the bars, as in ``bar``
    axes.add_collection(bars)
    axes.autoscale_view()
    return bars


def _axis_number(value: float, _position: int) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
