"""Formula results written into a package openpyxl saved.

openpyxl writes a formula with an empty value (``<c r="G5"><f>80+5</f><v></v></c>``): it
calculates nothing. A formula a user typed into an input cell of an old workbook, carried by
``perbarui``, was then read as a formula never calculated (a galat, the input blank) until the
file was opened in Excel again, though the old file held its result. The result the old file
held is written back beside the formula, as Excel would have kept it.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Mapping

from lkjip_xl.workbook.ooxml.markup import escape_text
from lkjip_xl.workbook.ooxml.package import Package, package_bytes

__all__ = ["ErrorResult", "with_formula_results"]


class ErrorResult(str):
    """A formula's result that is an error (``#DIV/0!``): written as Excel keeps one
    (``t="e"``), not as the text of that name, which reads as a typed word."""

    __slots__ = ()


#: A formula cell as openpyxl writes it, with no result: its reference, its attributes, its
#: formula.
_OPENPYXL_FORMULA = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]{1,7})"((?:\s+[a-z]+="[^"]*")*)>(<f(?:\s[^>]*)?>.*?</f>)'
    rb"(?:<v\s*/>|<v></v>)?</c>",
    re.S,
)


def _result(value: object) -> tuple[bytes, bytes] | None:
    """(type attribute, value element) of a result; None for one not written."""
    if isinstance(value, bool):
        return b' t="b"', b"<v>%d</v>" % value
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return None
        return b"", b"<v>" + repr(value).encode() + b"</v>"
    if isinstance(value, ErrorResult):
        return b' t="e"', b"<v>" + escape_text(value) + b"</v>"
    if isinstance(value, str):
        return b' t="str"', b"<v>" + escape_text(value) + b"</v>"
    return None  # a date: left for Excel to calculate


def _filled(xml: bytes, cells: Mapping[str, object]) -> bytes:
    """``xml`` with the results ``cells`` (reference -> result) written into their formula
    cells, in one pass over the sheet (an old workbook may hold thousands of formulas)."""
    results = {ref.encode(): found for ref, v in cells.items() if (found := _result(v))}

    def put(m: re.Match[bytes]) -> bytes:
        result = results.pop(m.group(1), None)  # the first such cell only, as before
        if result is None:
            return m.group(0)
        kind, element = result
        attrs = re.sub(rb'\st="[^"]*"', b"", m.group(2))
        return (
            m.group(0)[: m.start(2) - m.start(0)]
            + attrs
            + kind
            + b">"
            + m.group(3)
            + element
            + b"</c>"
        )

    return _OPENPYXL_FORMULA.sub(put, xml) if results else xml


def with_formula_results(data: bytes, results: Mapping[str, Mapping[str, object]]) -> bytes:
    """The package ``data`` (as openpyxl saves one) with ``results`` (sheet -> cell -> the
    result an older file held) written as the results of those formula cells."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        package = Package(archive)
        order = [info.filename for info in archive.infolist()]
        parts = {name: archive.read(name) for name in order}
        for sheet, cells in results.items():
            part = package.sheet_part(sheet)
            parts[part] = _filled(parts[part], cells)
    return package_bytes(parts, order)
