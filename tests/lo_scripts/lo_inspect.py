"""Open a workbook in LibreOffice, recalculate everything and describe what LibreOffice sees.

Request: {"port": int, "path": str, "formulas": bool}
Result: see ``inspect`` in tests/libreoffice.py for the shape.
"""

from __future__ import annotations

import contextlib
from typing import Any

from _lo_common import a1, close, connect, load, quote_sheet, range_text, run

# LibreOffice's internal error codes (formula/errorcodes.hxx) -> the text Excel shows.  Codes
# without an Excel twin keep LibreOffice's own text (e.g. "Err:508", a syntax error).
EXCEL_ERROR_TEXT = {
    502: "#NUM!",  # IllegalArgument, e.g. SQRT(-1): Excel says #NUM!
    503: "#NUM!",  # IllegalFPOperation (overflow, NaN)
    519: "#VALUE!",  # NoValue
    521: "#NULL!",  # NoCode (empty intersection)
    524: "#REF!",  # NoRef
    525: "#NAME?",  # NoName: unknown function or name
    532: "#DIV/0!",  # DivisionByZero
    32767: "#N/A",  # NotAvailable
}

# com.sun.star.sheet.CellFlags.FORMULA
CELLFLAG_FORMULA = 16


def sheet_cells(
    sheet: Any, sheet_name: str, result: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Values and formulas of the used area (A1 to its end); error cells go into ``result``."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    area = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow)
    # Two bulk calls instead of one round trip per cell: per-cell UNO calls cost ~0.3 ms each.
    data = area.getDataArray()
    contents = area.getFormulaArray()
    cells: dict[str, Any] = {}
    for r, (data_row, content_row) in enumerate(zip(data, contents, strict=True)):
        for c, (value, content) in enumerate(zip(data_row, content_row, strict=True)):
            if content == "":
                continue  # empty cell
            ref = a1(c, r)
            if value is None:
                # getDataArray yields None exactly for cells whose result is an error.
                cell = sheet.getCellByPosition(c, r)
                code = cell.getError()
                lo_text = cell.getString()
                text = EXCEL_ERROR_TEXT.get(code, lo_text or f"Err:{code}")
                where = f"{quote_sheet(sheet_name)}!{ref}"
                result["errors"].append(where)
                result["error_details"][where] = {"code": code, "text": text, "lo_text": lo_text}
                value = text
            cells[ref] = value
    # LibreOffice's own (API) syntax: lossless, unlike printing tokens as OOXML, which drops
    # structured table references (Items[Qty] -> Qty) and #REF! operands.
    formulas: dict[str, str] = {}
    for block in sheet.queryContentCells(CELLFLAG_FORMULA).getRangeAddresses():
        for r in range(block.StartRow, block.EndRow + 1):
            for c in range(block.StartColumn, block.EndColumn + 1):
                formulas[a1(c, r)] = contents[r][c]
    return cells, formulas


def address_of(cells: Any, sheet_names: list[str]) -> str:
    ra = cells.getRangeAddress()
    return range_text(sheet_names[ra.Sheet], ra.StartColumn, ra.StartRow, ra.EndColumn, ra.EndRow)


def named_ranges(doc: Any, sheet_names: list[str]) -> dict[str, Any]:
    """Global names under their name, sheet-scoped ones as 'Sheet!name' (as Excel lists them)."""
    found: dict[str, Any] = {}
    scopes: list[tuple[str | None, Any]] = [(None, doc.NamedRanges)]
    for name in sheet_names:
        scopes.append((name, doc.Sheets.getByName(name).NamedRanges))
    for scope, container in scopes:
        for name in container.getElementNames():
            named = container.getByName(name)
            referred = None
            with contextlib.suppress(Exception):  # constants and formulas refer to no cells
                referred = named.getReferredCells()
            key = name if scope is None else f"{quote_sheet(scope)}!{name}"
            found[key] = {
                "name": name,
                "scope": scope,
                "content": named.getContent(),
                "address": address_of(referred, sheet_names) if referred is not None else None,
            }
    return found


def database_ranges(doc: Any, sheet_names: list[str]) -> dict[str, str]:
    """LibreOffice imports Excel tables (ListObjects) as named database ranges."""
    found: dict[str, str] = {}
    ranges = doc.DatabaseRanges
    for name in ranges.getElementNames():
        da = ranges.getByName(name).getDataArea()
        found[name] = range_text(
            sheet_names[da.Sheet], da.StartColumn, da.StartRow, da.EndColumn, da.EndRow
        )
    return found


def form_macros(draw_page: Any) -> list[tuple[Any, str | None]]:
    """(control model, bound script URL) for every control of every form on the page."""
    bound: list[tuple[Any, str | None]] = []
    forms = draw_page.getForms()
    for f in range(forms.getCount()):
        form = forms.getByIndex(f)
        for i in range(form.getCount()):
            scripts = [
                e.ScriptCode
                for e in form.getScriptEvents(i)
                if e.ScriptCode and e.EventMethod in ("actionPerformed", "approveAction")
            ]
            bound.append((form.getByIndex(i), scripts[0] if scripts else None))
    return bound


def drawings(sheet: Any) -> dict[str, Any]:
    page = sheet.getDrawPage()
    macros = form_macros(page)
    shapes = []
    controls = []
    for i in range(page.getCount()):
        shape = page.getByIndex(i)
        shape_type = shape.getShapeType()
        shapes.append(shape_type)
        if shape_type != "com.sun.star.drawing.ControlShape":
            continue
        model = shape.getControl()
        info = model.getPropertySetInfo()
        label = model.getPropertyValue("Label") if info.hasPropertyByName("Label") else None
        # pyuno compares proxies by object identity, which pairs shapes with form entries.
        macro = next((url for m, url in macros if m == model), None)
        controls.append(
            {
                "name": model.getPropertyValue("Name"),
                "label": label,
                "type": model.getServiceName().rsplit(".", 1)[-1],
                "macro": macro,
            }
        )
    return {"shapes": len(shapes), "shape_types": shapes, "controls": controls}


def handle(request: dict[str, Any]) -> dict[str, Any]:
    _ctx, desktop = connect(int(request["port"]))
    doc = load(desktop, request["path"])
    try:
        # The profile says "always recalculate OOXML on load"; calculateAll also covers
        # volatile functions and any document type the setting does not reach.
        doc.calculateAll()
        sheets = doc.getSheets()
        names = list(sheets.getElementNames())
        result: dict[str, Any] = {
            "path": request["path"],
            "sheets": names,
            "cells": {},
            "errors": [],
            "error_details": {},
        }
        formulas: dict[str, dict[str, str]] = {}
        result["drawings"] = {}
        for name in names:
            sheet = sheets.getByName(name)
            result["cells"][name], formulas[name] = sheet_cells(sheet, name, result)
            result["drawings"][name] = drawings(sheet)
        if request.get("formulas"):
            result["formulas"] = formulas
        result["named_ranges"] = named_ranges(doc, names)
        result["database_ranges"] = database_ranges(doc, names)
        return result
    finally:
        close(doc)


if __name__ == "__main__":
    run(handle)
