"""Edit a workbook in LibreOffice the way a person in another office would, then save it.

Request: {"port": int, "path": str, "out": str, "operations": [op, ...], "password": str?}
(a password encrypts the saved file, as File > Save As > Save with password does)
Result:  {"out": str, "filter": str, "applied": int}
The operations are documented at ``edit`` in tests/libreoffice.py.
"""

from __future__ import annotations

import os
import re
from typing import Any

from _lo_common import close, column_index, connect, file_url, load, prop, run

FILTERS = {
    ".xlsx": "Calc MS Excel 2007 XML",
    ".xlsm": "Calc MS Excel 2007 VBA XML",
    ".ods": "calc8",
    # Other formats a unit may send back, for the tests of what lkjip-xl tells of them.
    ".xls": "MS Excel 97",
    ".html": "HTML (StarCalc)",
}
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")


class ExcelFormulaParser:
    """Parses formulas in OOXML (Excel file) syntax into tokens for XFormulaTokens.setTokens.

    XCell.setFormula only understands LibreOffice's API syntax (';' separators, $Sheet.A1),
    so Excel-syntax formulas go through a FormulaParser configured for OOXML instead.
    """

    def __init__(self, doc: Any) -> None:
        from com.sun.star.sheet.AddressConvention import XL_OOX
        from com.sun.star.sheet.FormulaLanguage import OOXML
        from com.sun.star.sheet.FormulaMapGroup import ALL_EXCEPT_SPECIAL, SPECIAL
        from com.sun.star.sheet.FormulaMapGroupSpecialOffset import BAD

        self.parser = doc.createInstance("com.sun.star.sheet.FormulaParser")
        mapper = doc.createInstance("com.sun.star.sheet.FormulaOpCodeMapper")
        self.parser.OpCodeMap = mapper.getAvailableMappings(OOXML, ALL_EXCEPT_SPECIAL)
        self.parser.FormulaConvention = XL_OOX
        self.parser.CompileEnglish = True
        self.bad_opcode = mapper.getAvailableMappings(OOXML, SPECIAL)[BAD].Token.OpCode

    def set(self, cell: Any, formula: str) -> None:
        tokens = self.parser.parseFormula(formula, cell.getCellAddress())
        if any(t.OpCode == self.bad_opcode for t in tokens):
            # Otherwise the cell silently becomes Err:508 and the test reports a confusing
            # recalculation error instead of the real cause.
            raise ValueError(
                f"LibreOffice's OOXML formula parser rejected {formula!r} (it does not "
                "understand structured table references); use 'formula_lo' with "
                "LibreOffice syntax, e.g. =SUM(Table1[Qty]) or =IF(A1>1;1;0)"
            )
        cell.setTokens(tokens)


def get_sheet(doc: Any, sheet: str | int) -> Any:
    sheets = doc.getSheets()
    if isinstance(sheet, int):
        return sheets.getByIndex(sheet)
    if not sheets.hasByName(sheet):
        raise KeyError(f"no sheet {sheet!r}; sheets: {list(sheets.getElementNames())}")
    return sheets.getByName(sheet)


def get_cell(sheet: Any, ref: str) -> Any:
    m = _CELL.match(ref)
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    return sheet.getCellByPosition(column_index(m.group(1)), int(m.group(2)) - 1)


def as_column(column: str | int) -> int:
    """'C' or 3 (1-based) -> 2."""
    return column_index(column) if isinstance(column, str) else int(column) - 1


def apply(doc: Any, op: dict[str, Any], parser: ExcelFormulaParser) -> None:
    kind = op["op"]
    sheet = get_sheet(doc, op.get("sheet", 0))
    count = int(op.get("count", 1))
    if kind == "set":
        cell = get_cell(sheet, op["cell"])
        if "formula" in op:
            parser.set(cell, op["formula"])
        elif "formula_lo" in op:
            cell.setFormula(op["formula_lo"])
        elif "value" in op:
            value = op["value"]
            if value is None:
                cell.setString("")
            elif isinstance(value, bool):
                # Calc has no boolean cell type; TRUE is 1 with a boolean number format.
                cell.setValue(1.0 if value else 0.0)
            elif isinstance(value, int | float):
                cell.setValue(float(value))
            else:
                cell.setString(str(value))
        else:
            raise ValueError(f"'set' needs 'value', 'formula' or 'formula_lo': {op}")
    elif kind == "insert_rows":
        sheet.getRows().insertByIndex(int(op["row"]) - 1, count)
    elif kind == "delete_rows":
        sheet.getRows().removeByIndex(int(op["row"]) - 1, count)
    elif kind == "insert_columns":
        sheet.getColumns().insertByIndex(as_column(op["column"]), count)
    elif kind == "delete_columns":
        sheet.getColumns().removeByIndex(as_column(op["column"]), count)
    else:
        raise ValueError(f"unknown operation {kind!r}: {op}")


def handle(request: dict[str, Any]) -> dict[str, Any]:
    out = os.path.abspath(request["out"])
    ext = os.path.splitext(out)[1].lower()
    if ext not in FILTERS:
        raise ValueError(f"cannot save as {ext!r}; known: {sorted(FILTERS)}")
    _ctx, desktop = connect(int(request["port"]))
    doc = load(desktop, request["path"])
    try:
        parser = ExcelFormulaParser(doc)
        for index, op in enumerate(request["operations"]):
            try:
                apply(doc, op, parser)
            except Exception as exc:
                raise RuntimeError(f"operation {index} failed: {op}: {exc}") from exc
        doc.calculateAll()
        args = [prop("FilterName", FILTERS[ext]), prop("Overwrite", True)]
        if request.get("password"):
            args.append(prop("Password", request["password"]))
        doc.storeToURL(file_url(out), tuple(args))
        return {"out": out, "filter": FILTERS[ext], "applied": len(request["operations"])}
    finally:
        close(doc)


if __name__ == "__main__":
    run(handle)
