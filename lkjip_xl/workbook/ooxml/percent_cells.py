"""Cells a workbook shows as a percentage.

Typing ``75%`` in Excel or LibreOffice stores the number 0.75 and gives the cell a percent
format, so that it shows 75%. A reader of values alone (calamine) gets 0.75, and a capaian of
71.59 against that target became 9545: the figure a user sees in the cell is what the engine
must read, as it reads the text ``75%``. The templates format no input as a percentage (their
percent columns hold percent units), so such a cell is always one a user typed so.

The cell formats (``cellXfs``) whose number format shows a percentage are found in
``styles.xml``; the cells written in one of them, in a sheet's XML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lkjip_xl.workbook.ooxml.letters import column_index_from_string
from lkjip_xl.workbook.ooxml.markup import local_name
from lkjip_xl.workbook.ooxml.parse import parse_part
from lkjip_xl.workbook.ooxml.sheet_data import CELL_ELEMENT, CELL_R_ATTR

__all__ = ["percent_cells", "percent_formats"]

#: Excel's built-in percent formats: 0% and 0.00%.
BUILTIN_PERCENT = frozenset({9, 10})
#: A cell format of a built-in percent format, however it is spelled.
_BUILTIN_ID = re.compile(rb"""numFmtId\s*=\s*["'](?:9|10)["']""")
#: What a format code shows literally, where a % is no percent: quoted text, an escaped
#: character, a [colour] or [condition].
_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
#: A cell's type: only a number (no ``t``, or ``t="n"``) is shown as a percentage.
_TYPE = re.compile(rb"""\st\s*=\s*["']([^"']*)["']""")


def shows_percent(code: str) -> bool:
    """Whether the number format ``code`` multiplies by 100 and shows a % sign."""
    return "%" in _LITERAL.sub("", code)


def percent_formats(styles_xml: bytes, part: str = "xl/styles.xml") -> frozenset[int]:
    """The indexes of the cell formats (``s`` of a cell) that show a percentage."""
    if b"%" not in styles_xml and _BUILTIN_ID.search(styles_xml) is None:
        return frozenset()  # the usual workbook, told without parsing (every unit's, say)
    root = parse_part(styles_xml, part)
    custom: dict[int, str] = {}
    xfs: list[int] = []
    for section in root:
        name = local_name(section.tag)
        if name == "numFmts":
            for fmt in section:
                number = fmt.get("numFmtId", "")
                if number.isdigit():
                    custom[int(number)] = fmt.get("formatCode", "")
        elif name == "cellXfs":
            for xf in section:
                number = xf.get("numFmtId", "0")
                xfs.append(int(number) if number.isdigit() else 0)
    return frozenset(
        index
        for index, number in enumerate(xfs)
        if number in BUILTIN_PERCENT or (number in custom and shows_percent(custom[number]))
    )


def percent_cells(sheet_xml: bytes, formats: Iterable[int]) -> set[tuple[int, int]]:
    """(row, column) 1-based of every number cell written in one of ``formats``."""
    wanted = sorted(set(formats))
    if not wanted:
        return set()
    numbers = b"|".join(str(n).encode() for n in wanted)
    style = re.compile(rb"""\ss\s*=\s*["'](?:""" + numbers + rb""")["']""")
    found: set[tuple[int, int]] = set()
    for match in style.finditer(sheet_xml):
        # The element whose start tag holds the style: a cell, when it is one.
        start = sheet_xml.rfind(b"<", 0, match.start())
        cell = CELL_ELEMENT.match(sheet_xml, start) if start >= 0 else None
        if cell is None or cell.end(1) < match.end():
            continue
        kind = _TYPE.search(b" " + cell.group(1))
        if kind is not None and kind.group(1) != b"n":
            continue
        ref = CELL_R_ATTR.search(sheet_xml, cell.start(1) - 1, cell.end(1))
        if ref:
            found.add((int(ref.group(2)), column_index_from_string(ref.group(1).decode())))
    return found
