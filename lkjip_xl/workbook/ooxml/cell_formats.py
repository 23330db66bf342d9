"""Written cells given another number format, every other part of their style kept.

A figure rounded to ``Desimal`` places must show that many (a change of 0,004 shown as 0,00
beside Meningkat contradicts itself). Each cell's current cell format is read from the sheet's
XML, and the cell is written with the ``cellXfs`` entry that differs from it only in the number
format (:meth:`~lkjip_xl.workbook.ooxml.styles.StyleBook.with_number_format`). A cell already
shown so keeps its ``s``: at the default Desimal, a workbook's bytes do not change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import cast

from lkjip_xl.workbook.ooxml.cell_edits import Cell, CellValue, ColumnEdit, RawCell
from lkjip_xl.workbook.ooxml.letters import column_index_from_string, get_column_letter
from lkjip_xl.workbook.ooxml.package import Package
from lkjip_xl.workbook.ooxml.styles import StyleBook

__all__ = ["FormatSpan", "formatted_edits"]

#: Cells of one column shown in one number format: (column, first row, last row, format code).
FormatSpan = tuple[int, int, int, str]

_CELL_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s([^>]*?)/?>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Z]{1,3})([0-9]+)["']""")
_S_ATTR = re.compile(rb"""(?:^|\s)s\s*=\s*["']([0-9]+)["']""")
#: A sheet larger than this is looked at in full only when the first cell of a span is not
#: shown as asked: a recompute restyles whole columns, so the first cell tells (a roster's
#: 100,000 rows are not scanned at each click at the default Desimal).
_SCAN_WHOLE = 1 << 20


def _cell_styles(xml: bytes, columns: set[int]) -> dict[tuple[int, int], int]:
    """(row, column) -> the ``s`` of every cell of ``columns`` in ``xml`` (0 when unstyled)."""
    letters = b"|".join(get_column_letter(c).encode() for c in sorted(columns))
    # Cells as this program, Excel and openpyxl write them (``<c r="M6" s="22"``) are found
    # by one search that skips every cell of another column: a unit's sheet holds 19 columns
    # and 5 are shown at Desimal. Every ``r=`` naming such a cell being one of them (the counts
    # agree), no cell of those columns is written otherwise.
    plain = re.compile(rb'<c r="(' + letters + rb')([0-9]+)"(?: s="([0-9]+)")?')
    named = re.compile(rb"r\s*=\s*[\"'](?:" + letters + rb")[0-9]+[\"']")
    cells = plain.findall(xml)
    if len(cells) != len(named.findall(xml)):
        return _any_cell_styles(xml, columns)
    index = {get_column_letter(c).encode(): c for c in columns}
    if all(style for _letter, _row, style in cells):
        return {(int(row), index[letter]): int(style) for letter, row, style in cells}
    found: dict[tuple[int, int], int] = {}
    for match in plain.finditer(xml):
        letter, row, style = match.groups()
        if not style:
            # No ``s`` right after ``r``: one further on in the tag, or none (unstyled).
            end = xml.find(b">", match.end())
            if end < 0:
                continue
            later = _S_ATTR.search(xml, match.end(), end)
            style = later.group(1) if later else b"0"
        found[int(row), index[letter]] = int(style)
    return found


def _any_cell_styles(xml: bytes, columns: set[int]) -> dict[tuple[int, int], int]:
    """:func:`_cell_styles` for cells written in any way XML allows, each looked at."""
    found: dict[tuple[int, int], int] = {}
    for match in _CELL_START.finditer(xml):
        attrs = match.group(1)
        ref = _R_ATTR.search(attrs)
        if ref is None:
            continue
        col = column_index_from_string(ref.group(1).decode())
        if col in columns:
            style = _S_ATTR.search(attrs)
            found[int(ref.group(2)), col] = int(style.group(1)) if style else 0
    return found


def _first_cells_shown(xml: bytes, spans: Sequence[FormatSpan], styles: StyleBook) -> bool:
    """Whether the first cell of every span is in ``xml`` and shown as its span asks."""
    for col, first, _last, code in spans:
        needle = f'r="{get_column_letter(col)}{first}"'.encode()
        at = xml.find(needle)
        start = xml.rfind(b"<", 0, at)
        end = xml.find(b">", at)
        if at < 0 or start < 0 or end < 0:
            return False
        style = _S_ATTR.search(xml, start, end)
        index = int(style.group(1)) if style else 0
        if styles.with_number_format(index, code) != index:
            return False
    return True


def _sheet_xml(pkg: Package, part: str, held: bytes | None, spans: Sequence[FormatSpan],
               styles: StyleBook) -> bytes | None:  # fmt: skip
    """The sheet's XML to look at, or None when a large sheet's first cells say every cell is
    shown as asked already."""
    if held is not None and len(held) <= _SCAN_WHOLE:
        return held
    if held is None:
        with pkg.zf.open(part) as fh:
            head = fh.read(_SCAN_WHOLE)
    else:
        head = held[:_SCAN_WHOLE]
    if _first_cells_shown(head, spans, styles):
        return None
    return held if held is not None else pkg.read(part)


def formatted_edits(
    pkg: Package,
    formats: Mapping[str, Sequence[FormatSpan]],
    edits: Mapping[str, Mapping[str, object]],
    columns: Mapping[str, Sequence[ColumnEdit]],
    parts: Mapping[str, bytes],
    styles: StyleBook,
) -> dict[str, dict[str, object]]:
    """``edits`` with each written cell of ``formats`` that is not shown in its span's format
    given as a :class:`Cell` of the same value in the cell format that shows it. The value is
    the one ``edits`` or ``columns`` write there; a cell nothing writes is left alone."""
    out: dict[str, dict[str, object]] = {s: dict(cells) for s, cells in edits.items()}
    for sheet, spans in formats.items():
        part = pkg.sheet_part(sheet)
        xml = _sheet_xml(pkg, part, parts.get(part), spans, styles)
        if xml is None:
            continue
        found = _cell_styles(xml, {col for col, *_ in spans})
        cells = out.setdefault(sheet, {})
        blocks: dict[int, list[tuple[int, Sequence[object]]]] = {}
        for col, first, values in columns.get(sheet, ()):
            blocks.setdefault(col, []).append((first, values))
        changed: dict[tuple[int, str], int] = {}  # (style, code) -> the style showing code
        for col, first, last, code in spans:
            letter = get_column_letter(col)
            above = 0
            for row in range(first, last + 1):
                style = found.get((row, col), above)
                above = style
                key = (style, code)
                if key not in changed:
                    changed[key] = styles.with_number_format(style, code)
                if changed[key] == style:
                    continue
                ref = f"{letter}{row}"
                if ref in cells:
                    value = cells[ref]
                    if type(value) is RawCell:
                        continue
                    value = value.value if type(value) is Cell else value
                else:
                    value = _block_value(blocks.get(col, ()), row)
                    if value is _NOTHING:
                        continue
                cells[ref] = Cell(cast(CellValue, value), changed[key])
    return out


_NOTHING = object()


def _block_value(blocks: Sequence[tuple[int, Sequence[object]]], row: int) -> CellValue | object:
    """The value the last of ``blocks`` covering ``row`` writes there (_NOTHING when none)."""
    for first, values in reversed(blocks):
        if first <= row < first + len(values):
            return values[row - first]
    return _NOTHING
