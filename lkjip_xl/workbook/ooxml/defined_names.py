"""Defined names of the workbook part (``<definedName>`` in ``workbook.xml``)."""

from __future__ import annotations

import re

from lkjip_xl.workbook.ooxml.markup import local_name
from lkjip_xl.workbook.ooxml.parse import parse_part

__all__ = ["defined_names", "parse_reference"]

_CELL_REFERENCE = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)$")


def defined_names(workbook_xml: bytes) -> dict[str, str]:
    """Name -> formula text of every workbook-scoped defined name.

    Names scoped to one sheet (``localSheetId``) are left out: a template's names are all
    workbook-scoped, and a sheet-scoped copy must not shadow them.
    """
    names = {}
    for element in parse_part(workbook_xml, "xl/workbook.xml").iter():
        if local_name(element.tag) != "definedName":
            continue
        if element.get("localSheetId") is not None:
            continue
        names[element.get("name", "")] = (element.text or "").strip()
    return names


def parse_reference(text: str) -> tuple[str, str] | None:
    """``'Sheet name'!$B$3`` -> ("Sheet name", "B3"); None for ranges, formulas and #REF!."""
    match = _CELL_REFERENCE.match(text.strip())
    if not match:
        return None
    sheet = match.group(1).replace("''", "'") if match.group(1) else match.group(2)
    return sheet, f"{match.group(3)}{match.group(4)}"
