"""Spreadsheet formulas for the oracle workbook, and the map from figures to their cells.

The oracle workbook is a plain .xlsx written with openpyxl: the inputs copied as values, and
formulas (Excel syntax, as a workbook would carry them) that LibreOffice recalculates.  The
formulas are the §4 rules spelled as a spreadsheet user would spell them: ROUND / ROUNDDOWN
for Desimal and Pembulatan, nested IFs on band bounds, SUMIFS / COUNTIFS for means.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from tests.oracle.exact import Band
from tests.oracle.figures import Key


def col(index: int) -> str:
    """1-based column index -> letters."""
    return get_column_letter(index)


def rnd(x: str, settings: str) -> str:
    """Desimal (B1) and Pembulatan (B2: 1 for Potong) of a settings sheet, applied to ``x``.

    Excel's ROUND rounds halves away from zero; ROUNDDOWN drops the extra digits.
    """
    return f"IF({settings}!$B$2=1,ROUNDDOWN({x},{settings}!$B$1),ROUND({x},{settings}!$B$1))"


def _bound(value: object) -> str:
    text = repr(float(value)) if not isinstance(value, int) else str(value)
    return text.removesuffix(".0")


def band_formula(x: str, scale: tuple[Band, ...]) -> str:
    """The label of the first band from the top whose lower bound ``x`` passes."""
    if not scale:
        return '""'
    out = '""'
    for band in reversed(scale):
        label = f'"{band.label}"'
        if band.lower is None:
            out = label
            continue
        op = ">=" if band.inclusive else ">"
        out = f"IF({x}{op}{_bound(band.lower)},{label},{out})"
    return out


def when_number(x: str, formula: str) -> str:
    """``formula`` when ``x`` holds a number, else a blank."""
    return f'IF(ISNUMBER({x}),{formula},"")'


@dataclass
class SheetWriter:
    """Writes rows of formulas into one sheet and remembers where each figure lands."""

    wb: Workbook
    name: str
    cells: dict[Key, tuple[str, int, int]]  # figure -> (sheet, 0-based row, 0-based column)
    row: int = 1
    _ws: Any = field(init=False)

    def __post_init__(self) -> None:
        self._ws = self.wb.create_sheet(self.name)

    def put(self, row: int, column: int, value: object, key: Key | None = None) -> str:
        """Write ``value`` (a constant or "=formula") at 1-based (row, column); return A1."""
        self._ws.cell(row, column, value)
        if key is not None:
            if key in self.cells:
                raise KeyError(f"{key} placed twice")
            self.cells[key] = (self.name, row - 1, column - 1)
        return f"{col(column)}{row}"

    def span(self, column: int, first: int, last: int) -> str:
        """An absolute column range of this sheet, for SUMIFS / COUNTIFS / INDEX."""
        return f"{self.name}!${col(column)}${first}:${col(column)}${last}"


def write_inputs(wb: Workbook, name: str, headers: list[str], rows: list[dict[str, Any]]) -> None:
    """A sheet with the inputs copied as values (row 1 headers, data from row 2)."""
    ws = wb.create_sheet(name)
    for c, header in enumerate(headers, start=1):
        ws.cell(1, c, header)
    for r, row in enumerate(rows, start=2):
        for c, header in enumerate(headers, start=1):
            value = row.get(header)
            if value is not None and value != "":
                ws.cell(r, c, value)


def write_settings(wb: Workbook, name: str, values: list[tuple[str, object]]) -> None:
    """Settings as constants in column B, one per row (B1, B2, ...), labelled in column A."""
    ws = wb.create_sheet(name)
    for r, (label, value) in enumerate(values, start=1):
        ws.cell(r, 1, label)
        if value is not None:
            ws.cell(r, 2, value)
