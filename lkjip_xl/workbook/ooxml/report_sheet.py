"""Rewriting a whole computed sheet (the Laporan sheet): its rows, merged cells and page breaks.

Everything else of the worksheet part stays as it was, byte for byte: the sheet's properties,
column widths, views, protection, page setup, header and footer, drawing (charts) and
extension lists. Only ``<sheetData>``, ``<mergeCells>``, ``<rowBreaks>`` and the
``<dimension>`` are replaced; the sheet holds no input, so nothing a user typed is lost.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import NamedTuple

from lkjip_xl.workbook.ooxml.cells import format_range
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.markup import QNAME_PREFIX, escape_text

__all__ = ["ChartRanges", "SheetRewrite", "WrittenCell", "WrittenRow", "rewrite_sheet"]

# The records below are immutable tuples with named fields: as cheap to define at import (a
# click imports this module) as to make for every cell of the Laporan sheet.


class WrittenCell(NamedTuple):
    """A cell of a rewritten sheet: its value, named style and number format."""

    column: int  # 1-based
    value: str | float | None
    style: str  # a named cell style of the workbook
    number_format: str | None = None


class WrittenRow(NamedTuple):
    """A row of a rewritten sheet and its cells."""

    row: int
    cells: tuple[WrittenCell, ...]
    height: float | None = None  # points


class ChartRanges(NamedTuple):
    """Where one chart of the sheet's drawing goes and what its series read."""

    first_row: int  # 1-based
    title: str
    categories: str  # "$AD$12:$AD$15"
    series: tuple[tuple[str, str], ...]  # (name cell, values range)


class SheetRewrite(NamedTuple):
    """A sheet written anew: its rows, merged ranges, page breaks and charts."""

    rows: tuple[WrittenRow, ...]
    merges: tuple[tuple[int, int, int, int], ...] = ()
    breaks: tuple[int, ...] = ()  # a new page starts at each of these rows
    charts: tuple[ChartRanges, ...] = ()


def _element(name: bytes) -> re.Pattern[bytes]:
    """A whole element (empty or with content) of any prefix."""
    return re.compile(rb"<(" + QNAME_PREFIX + name + rb")(?=[\s/>])[^>]*?(?:/>|>.*?</\1>)", re.S)


_SHEET_DATA = _element(b"sheetData")
_MERGE_CELLS = _element(b"mergeCells")
_ROW_BREAKS = _element(b"rowBreaks")
_DIMENSION = _element(b"dimension")
_DIMENSION_START = re.compile(rb"<" + QNAME_PREFIX + rb"dimension(?=[\s/>])")
# Elements that follow mergeCells / rowBreaks in CT_Worksheet's sequence.
_SEQUENCE_AFTER_MERGES = (
    b"phoneticPr", b"conditionalFormatting", b"dataValidations", b"hyperlinks", b"printOptions",
    b"pageMargins", b"pageSetup", b"headerFooter", b"rowBreaks", b"colBreaks",
    b"customProperties", b"cellWatches", b"ignoredErrors", b"smartTags", b"drawing",
    b"legacyDrawing", b"legacyDrawingHF", b"drawingHF", b"picture", b"oleObjects", b"controls",
    b"webPublishItems", b"tableParts", b"extLst",
)  # fmt: skip
_AFTER_MERGES = frozenset(_SEQUENCE_AFTER_MERGES)
_AFTER_BREAKS = frozenset(_SEQUENCE_AFTER_MERGES[_SEQUENCE_AFTER_MERGES.index(b"colBreaks") :])


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _cell(p: bytes, row: int, cell: WrittenCell, xf: int) -> bytes:
    ref = f"{_column(cell.column)}{row}".encode()
    head = b"<" + p + b'c r="' + ref + b'" s="' + str(xf).encode() + b'"'
    value = cell.value
    if value is None:
        return head + b"/>"
    if isinstance(value, float | int) and not isinstance(value, bool):
        if not math.isfinite(value):
            return head + b"/>"
        number = repr(float(value)).removesuffix(".0").encode()
        return head + b"><" + p + b"v>" + number + b"</" + p + b"v></" + p + b"c>"
    text = escape_text(str(value))
    return (head + b' t="inlineStr"><' + p + b'is><' + p + b't xml:space="preserve">' + text
            + b"</" + p + b"t></" + p + b"is></" + p + b"c>")  # fmt: skip


def _rows(p: bytes, rows: Sequence[WrittenRow], xfs: dict[tuple[str, str | None], int]) -> bytes:
    out = []
    for row in sorted(rows, key=lambda r: r.row):
        attrs = f' r="{row.row}"'
        if row.height is not None:
            attrs += f' ht="{row.height:.2f}" customHeight="1"'
        cells = b"".join(
            _cell(p, row.row, c, xfs[(c.style, c.number_format)])
            for c in sorted(row.cells, key=lambda c: c.column)
        )
        out.append(b"<" + p + b"row" + attrs.encode() + b">" + cells + b"</" + p + b"row>")
    return b"".join(out)


#: Any start tag; group 1 its local name.
_START_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)(?=[\s/>])")


def _insert(xml: bytes, block: bytes, before: frozenset[bytes], start: int) -> bytes:
    """``block`` put right before the first element of ``before`` that follows the sheet data
    (at ``start``), or before the worksheet's end tag.

    The elements after the sheet data are few, so their start tags are walked (one small
    pattern) rather than searched for by name (a pattern per name, or one alternation of
    them, costs a click more to compile than the walk). Only those after the sheet data:
    ``extLst`` also appears inside a sheet view."""
    at = next((m.start() for m in _START_TAG.finditer(xml, start) if m[1] in before), -1)
    if at < 0:
        at = xml.rindex(b"</")
    return xml[:at] + block + xml[at:]


def rewrite_sheet(
    xml: bytes,
    part: str,
    rewrite: SheetRewrite,
    xfs: dict[tuple[str, str | None], int],
) -> bytes:
    """The worksheet ``xml`` holding exactly ``rewrite``'s rows, merges and page breaks.

    ``xfs`` maps (named style, number format) to the ``cellXfs`` index of every cell written.
    """
    data = _SHEET_DATA.search(xml)
    if data is None:
        raise PackageError(f"Lembar {part} tidak memiliki sheetData.")
    p = (data.group(2) + b":") if data.group(2) else b""
    body = _rows(p, rewrite.rows, xfs)
    # The head (before the sheet data) and the tail (from the sheet data's end tag on) are
    # edited apart and joined once: a Laporan sheet of thousands of indicators is tens of MB,
    # and a whole copy per step held several at once. The end tag stays with the tail so that
    # an insertion point found by searching back from the end is the one the whole gives.
    close = b"</" + p + b"sheetData>"
    head = xml[: data.start()]
    tail = close + _MERGE_CELLS.sub(b"", xml[data.end() :])
    if rewrite.merges:
        merges = b"".join(
            b"<" + p + b'mergeCell ref="' + format_range(*m).encode() + b'"/>'
            for m in rewrite.merges
        )
        block = (
            b"<"
            + p
            + b'mergeCells count="%d">' % len(rewrite.merges)
            + merges
            + (b"</" + p + b"mergeCells>")
        )
        tail = _insert(tail, block, _AFTER_MERGES, len(close))
    tail = tail[: len(close)] + _ROW_BREAKS.sub(b"", tail[len(close) :])
    if rewrite.breaks:
        n = len(rewrite.breaks)
        brks = b"".join(
            b"<" + p + b'brk id="%d" max="16383" man="1"/>' % (first - 1)
            for first in rewrite.breaks
        )
        block = (
            b"<"
            + p
            + b'rowBreaks count="%d" manualBreakCount="%d">' % (n, n)
            + brks
            + (b"</" + p + b"rowBreaks>")
        )
        tail = _insert(tail, block, _AFTER_BREAKS, len(close))
    last_row = max((r.row for r in rewrite.rows), default=1)
    last_col = max((c.column for r in rewrite.rows for c in r.cells), default=1)
    dimension = b"<" + p + b'dimension ref="' + format_range(1, 1, last_row, last_col).encode()
    dimension += b'"/>'
    start_tag = b"<" + p + b"sheetData>"
    found = _DIMENSION.search(head)
    first = _DIMENSION_START.search(head)
    if found is None or first is None or first.start() != found.start():
        # The dimension is not wholly in the head, or an earlier start tag of it only closes
        # further on: the whole document decides, as it always did.
        return _DIMENSION.sub(dimension, head + start_tag + body + tail, count=1)
    return b"".join((head[: found.start()], dimension, head[found.end() :], start_tag, body, tail))
