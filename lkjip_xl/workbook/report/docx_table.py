"""One report table as a WordprocessingML ``w:tbl`` element, built in one piece.

python-docx's cell-by-cell API costs about a millisecond per cell (every property is a tree
search and an ordered insert): a hundred-indicator report has eight thousand cells. The table is
written here as markup and parsed once, with the same properties the API would set: fixed
column widths, narrow cell margins, a header row that repeats on every page, rows that never
split over two pages, figures right-aligned. Element order follows the schema (CT_TblPr,
CT_TrPr, CT_PPr, CT_RPr), which Word enforces.
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from lkjip_xl.workbook.report.elements import ReportTable

__all__ = ["CELL_MARGIN_CM", "column_widths", "fits", "insert_table", "table_element"]

CELL_MARGIN_CM = 0.08
#: a column of long texts gets no more share than this width (em: some 40 characters)
MAX_COLUMN_EM = 24.0
#: a longer word ("terupdate/terbarukan") breaks in any layout; it does not widen its column
MAX_WORD_EM = 10.0
_NUMERIC = re.compile(r"(Rp )?[-−–]?[\d.,]+ ?%?|[-−–]")
# Characters XML 1.0 cannot hold (a control character typed into a cell)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _twips(cm: float) -> int:
    return round(cm / 2.54 * 1440)


def _em(text: str, bold: bool = False) -> float:
    """The width of ``text`` in em, by the classes of DejaVu Sans's glyphs (wider than Arial's,
    so the estimate holds wherever the document is shown)."""
    width = 0.0
    for char in text:
        if char.isdigit():
            width += 0.64
        elif char.isupper():
            width += 0.72
        elif char.isalpha():
            width += 0.6
        elif char == " ":
            width += 0.32
        else:
            width += 0.45
    return width * (1.1 if bold else 1.0)


def _needs(table: ReportTable, size_pt: float) -> tuple[list[float], list[float]]:
    """Per column (cm): the least width (its longest word or figure unbroken) and the width
    that holds its longest text on one line (up to :data:`MAX_COLUMN_EM`)."""
    em_cm = size_pt * 2.54 / 72
    pad = 2 * CELL_MARGIN_CM + 0.1  # and a little air, as Word's own autofit leaves
    least, wanted = [], []
    for i, title in enumerate(table.header):
        cells = [row[i] for row in table.rows]
        word = min(
            max(
                max((_em(w, bold=True) for w in title.split()), default=0.6),
                max((_em(w) for text in cells for w in text.split()), default=0.6),
            ),
            MAX_WORD_EM,
        )
        line = max(max((_em(text) for text in cells), default=0.6), word)
        least.append(pad + word * em_cm)
        wanted.append(pad + min(line, MAX_COLUMN_EM) * em_cm)
    return least, wanted


def fits(table: ReportTable, size_pt: float, room_cm: float) -> bool:
    """Whether every word and figure of ``table`` stands unbroken within ``room_cm``."""
    return sum(_needs(table, size_pt)[0]) <= room_cm


def column_widths(table: ReportTable, size_pt: float, room_cm: float) -> list[float]:
    """Widths (cm): no word or figure broken over two lines, long texts wrapped, ``room_cm``
    filled. Equal widths, python-docx's default, break figures apart."""
    least, wanted = _needs(table, size_pt)
    if sum(wanted) <= room_cm:
        return [w * room_cm / sum(wanted) for w in wanted]
    if sum(least) < room_cm:
        share = (room_cm - sum(least)) / (sum(wanted) - sum(least))
        return [lo + (w - lo) * share for lo, w in zip(least, wanted, strict=True)]
    # more columns than the page holds unbroken: in proportion, the least harm
    return [lo * room_cm / sum(least) for lo in least]


def _runs(text: str, run_properties: str) -> str:
    lines = _ILLEGAL.sub("", text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return f"<w:r>{run_properties}{body}</w:r>"


def _cell(text: str, width: int, run_properties: str, align: str | None) -> str:
    jc = f'<w:jc w:val="{align}"/>' if align else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        f'<w:p><w:pPr><w:spacing w:after="0"/>{jc}</w:pPr>{_runs(text, run_properties)}</w:p>'
        "</w:tc>"
    )


def table_element(table: ReportTable, style_id: str, size_pt: float, room_cm: float) -> Any:
    """The ``w:tbl`` of ``table``: header row bold and centred, repeated on every page."""
    widths = [_twips(w) for w in column_widths(table, size_pt, room_cm)]
    size = f'<w:sz w:val="{round(size_pt * 2)}"/><w:szCs w:val="{round(size_pt * 2)}"/>'
    bold, plain = f"<w:rPr><w:b/><w:bCs/>{size}</w:rPr>", f"<w:rPr>{size}</w:rPr>"
    margin = _twips(CELL_MARGIN_CM)
    parts = [
        f"<w:tbl {nsdecls('w')}><w:tblPr>",
        f'<w:tblStyle w:val="{escape(style_id)}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>',
        '<w:tblLayout w:type="fixed"/>',
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/>'
        f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>',
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>',
        "</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
        *(_cell(h, w, bold, "center") for h, w in zip(table.header, widths, strict=True)),
        "</w:tr>",
    ]
    for row in table.rows:
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        parts.extend(
            _cell(text, w, plain, "right" if _NUMERIC.fullmatch(text) else None)
            for text, w in zip(row, widths, strict=True)
        )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return parse_xml("".join(parts))


def insert_table(
    anchor: Any, table: ReportTable, style_id: str, size_pt: float, room_cm: float
) -> Any:
    """Put the ``w:tbl`` of ``table`` (:func:`table_element`) right after ``anchor``, an
    element of the document, and return it.

    The rows go into the document one by one: lxml, moving a parsed tree into another document,
    matches each ``xml:space`` attribute against those it has matched before, which is quadratic
    in the cells of one move (a table of 30,000 rows took 27 s to move whole, 0.1 s by rows)."""
    element = table_element(table, style_id, size_pt, room_cm)
    rows = element.findall(qn("w:tr"))
    for row in rows:
        element.remove(row)
    anchor.addnext(element)
    for row in rows:
        element.append(row)
    return element
