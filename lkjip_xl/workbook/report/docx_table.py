"""One report table as WordprocessingML ``w:tbl`` markup, written as text.

python-docx's cell-by-cell API costs about a millisecond per cell (every property is a tree
search and an ordered insert): a hundred-indicator report has eight thousand cells. Nor is the
table parsed into the document's tree: a tree of lxml elements holds some 3 KiB per cell (a
report of 3,000 indicators with ten budget lines each, 750,000 cells, took 2.4 GiB), where its
markup is 240 bytes. The markup is written here as lxml would serialize the parsed table inside
the document (:func:`table_markup`), and :mod:`.docx_package` streams it into the saved file.
It has the properties the API would set: fixed column widths, narrow cell margins, a header row
that repeats on every page, rows that never split over two pages, figures right-aligned.
Element order follows the schema (CT_TblPr, CT_TrPr, CT_PPr, CT_RPr), which Word enforces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lkjip_xl.workbook.report.docx_text import docx_text
from lkjip_xl.workbook.report.elements import ReportTable

__all__ = [
    "CELL_MARGIN_CM",
    "Measure",
    "column_widths",
    "fits",
    "markup_bound",
    "measure",
    "table_markup",
]

CELL_MARGIN_CM = 0.08
#: a column of long texts gets no more share than this width (em: some 40 characters)
MAX_COLUMN_EM = 24.0
#: a longer word ("terupdate/terbarukan") breaks in any layout; it does not widen its column
MAX_WORD_EM = 10.0
#: rows of a table written as one piece of markup
ROWS_PER_PIECE = 500
#: bytes of markup at most per cell (its elements: some 230) and per character of its text
#: (escaped "&amp;" 5, a line break 37)
_CELL_BYTES, _CHAR_BYTES = 400, 40
_NUMERIC = re.compile(r"(Rp )?[-−–]?[\d.,]+ ?%?|[-−–]")
#: the width of each character met, in em (see :func:`_char_em`)
_CHAR_EM: dict[str, float] = {}


def _twips(cm: float) -> int:
    return round(cm / 2.54 * 1440)


def _char_em(char: str) -> float:
    """The width of ``char`` in em, by the classes of DejaVu Sans's glyphs (wider than Arial's,
    so the estimate holds wherever the document is shown)."""
    if char.isdigit():
        return 0.64
    if char.isupper():
        return 0.72
    if char.isalpha():
        return 0.6
    return 0.32 if char == " " else 0.45


def _em(text: str, bold: bool = False) -> float:
    """The width of ``text`` in em: its characters' widths added in order (the same sum, to the
    last bit, whatever the cache holds)."""
    width = 0.0
    for char in text:
        em = _CHAR_EM.get(char)
        if em is None:
            em = _CHAR_EM.setdefault(char, _char_em(char))
        width += em
    return width * (1.1 if bold else 1.0)


@dataclass(frozen=True)
class Measure:
    """Per column of a table, in em: its longest word or figure (bold in the header, at most
    :data:`MAX_WORD_EM`) and its longest text on one line. Measured once per table: the font
    size and the page only scale it."""

    word: tuple[float, ...]
    line: tuple[float, ...]


def measure(table: ReportTable) -> Measure:
    """The :class:`Measure` of ``table``: each distinct text and word measured once (a column
    of thousands of rows repeats its dashes, units and words)."""
    words: dict[str, float] = {}

    def word_em(text: str) -> float:
        em = words.get(text)
        if em is None:
            em = words[text] = _em(text)
        return em

    longest_word, longest_line = [], []
    for i, title in enumerate(table.header):
        cells = {row[i] for row in table.rows}
        word = min(
            max(
                max((_em(w, bold=True) for w in title.split()), default=0.6),
                max((word_em(w) for text in cells for w in text.split()), default=0.6),
            ),
            MAX_WORD_EM,
        )
        longest_word.append(word)
        longest_line.append(max(max((_em(text) for text in cells), default=0.6), word))
    return Measure(tuple(longest_word), tuple(longest_line))


def _needs(measured: Measure, size_pt: float) -> tuple[list[float], list[float]]:
    """Per column (cm): the least width (its longest word or figure unbroken) and the width
    that holds its longest text on one line (up to :data:`MAX_COLUMN_EM`)."""
    em_cm = size_pt * 2.54 / 72
    pad = 2 * CELL_MARGIN_CM + 0.1  # and a little air, as Word's own autofit leaves
    least = [pad + word * em_cm for word in measured.word]
    wanted = [pad + min(line, MAX_COLUMN_EM) * em_cm for line in measured.line]
    return least, wanted


def fits(measured: Measure, size_pt: float, room_cm: float) -> bool:
    """Whether every word and figure of the table stands unbroken within ``room_cm``."""
    return sum(_needs(measured, size_pt)[0]) <= room_cm


def column_widths(measured: Measure, size_pt: float, room_cm: float) -> list[float]:
    """Widths (cm): no word or figure broken over two lines, long texts wrapped, ``room_cm``
    filled. Equal widths, python-docx's default, break figures apart."""
    least, wanted = _needs(measured, size_pt)
    if sum(wanted) <= room_cm:
        return [w * room_cm / sum(wanted) for w in wanted]
    if sum(least) < room_cm:
        share = (room_cm - sum(least)) / (sum(wanted) - sum(least))
        return [lo + (w - lo) * share for lo, w in zip(least, wanted, strict=True)]
    # more columns than the page holds unbroken: in proportion, the least harm
    return [lo * room_cm / sum(least) for lo in least]


def _t(line: str) -> str:
    """A ``w:t`` as lxml writes it once parsed: a carriage return read as a line feed (XML's
    end-of-line handling), an empty one closed in itself."""
    if not line:
        return '<w:t xml:space="preserve"/>'
    return f'<w:t xml:space="preserve">{escape(line.replace(chr(13), chr(10)))}</w:t>'


def _runs(text: str, run_properties: str) -> str:
    body = "<w:br/>".join(map(_t, docx_text(text).split("\n")))
    return f"<w:r>{run_properties}{body}</w:r>"


def _cell_head(width: int, align: str | None) -> str:
    jc = f'<w:jc w:val="{align}"/>' if align else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        f'<w:p><w:pPr><w:spacing w:after="0"/>{jc}</w:pPr>'
    )


def table_markup(
    table: ReportTable, measured: Measure, style_id: str, size_pt: float, room_cm: float
) -> Iterator[str]:
    """The ``w:tbl`` of ``table``, header row bold and centred, repeated on every page, in
    pieces of :data:`ROWS_PER_PIECE` rows: the text lxml writes of the parsed table inside the
    document (whose root declares ``w``)."""
    widths = [_twips(w) for w in column_widths(measured, size_pt, room_cm)]
    size = f'<w:sz w:val="{round(size_pt * 2)}"/><w:szCs w:val="{round(size_pt * 2)}"/>'
    bold, plain = f"<w:rPr><w:b/><w:bCs/>{size}</w:rPr>", f"<w:rPr>{size}</w:rPr>"
    margin = _twips(CELL_MARGIN_CM)
    yield "".join(
        [
            "<w:tbl><w:tblPr>",
            f'<w:tblStyle w:val="{escape(style_id, {chr(34): "&quot;"})}"/>',
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>',
            f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/>'
            f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>',
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>',
            "</w:tblPr><w:tblGrid>",
            *(f'<w:gridCol w:w="{w}"/>' for w in widths),
            "</w:tblGrid>",
            "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
            *(
                f"{_cell_head(w, 'center')}{_runs(h, bold)}</w:p></w:tc>"
                for h, w in zip(table.header, widths, strict=True)
            ),
            "</w:tr>",
        ]
    )
    # Each column's two openings of a cell: a figure right-aligned, a text as the style has it.
    heads = [(_cell_head(w, "right"), _cell_head(w, None)) for w in widths]
    for start in range(0, len(table.rows), ROWS_PER_PIECE):
        piece = []
        for row in table.rows[start : start + ROWS_PER_PIECE]:
            piece.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            for text, (figure, other) in zip(row, heads, strict=True):
                head = figure if _NUMERIC.fullmatch(text) else other
                piece.append(f"{head}{_runs(text, plain)}</w:p></w:tc>")
            piece.append("</w:tr>")
        yield "".join(piece)
    yield "</w:tbl>"


def markup_bound(table: ReportTable) -> int:
    """More bytes than :func:`table_markup` writes of ``table``."""
    cells = (len(table.rows) + 1) * len(table.header)
    chars = sum(len(text) for row in (table.header, *table.rows) for text in row)
    return 1_000 + cells * _CELL_BYTES + chars * _CHAR_BYTES
