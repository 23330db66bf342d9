"""Open a workbook, recalculate every formula, return the values of whole sheets.

Request: {"port": int, "path": str, "sheets": ["Sheet1", ...]}
Result:  {"version": 1, "sheets": {"Sheet1": [[value, ...], ...]}}
    Each sheet is its used area from A1, row by row: numbers as float, text as str, empty
    cells (and formulas returning "") as "", error results as "#ERR:<LibreOffice code>".

The oracle test (tests/oracle) writes its own formulas with openpyxl, so no cached value
exists; recalculation here is what computes them.  Bulk getDataArray keeps 100,000 cells to
one UNO round trip per sheet.
"""

from __future__ import annotations

from typing import Any

from _lo_common import close, connect, load, run


def sheet_values(sheet: Any) -> list[list[Any]]:
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    area = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow)
    rows: list[list[Any]] = []
    for r, data_row in enumerate(area.getDataArray()):
        row: list[Any] = []
        for c, value in enumerate(data_row):
            if value is None:
                # getDataArray yields None only for error results; keep the code visible.
                row.append(f"#ERR:{sheet.getCellByPosition(c, r).getError()}")
            else:
                row.append(value)
        rows.append(row)
    return rows


def handle(request: dict[str, Any]) -> dict[str, Any]:
    _ctx, desktop = connect(int(request["port"]))
    doc = load(desktop, request["path"])
    try:
        # The profile already recalculates OOXML on load; calculateAll makes it certain.
        doc.calculateAll()
        sheets = doc.getSheets()
        return {
            "version": 1,
            "sheets": {name: sheet_values(sheets.getByName(name)) for name in request["sheets"]},
        }
    finally:
        close(doc)


if __name__ == "__main__":
    run(handle)
