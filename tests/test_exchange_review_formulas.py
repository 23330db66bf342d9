"""Review of the formula check of a unit's rows (:func:`~lkjip_xl.workbook.exchange.package.
slice_rows` searches a row only when it holds ``<f`` or ``:f``): every spelling of a formula
that Excel, openpyxl, LibreOffice and prefixed-namespace writers use is still found and
replaced by its value."""

from __future__ import annotations

import pytest

from lkjip_xl.workbook.exchange.package import slice_rows, split_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

SPELLINGS = {
    "openpyxl": "<f>B5*2</f>",
    "libreoffice": '<f aca="false">B5*2</f>',
    "excel-shared-anchor": '<f t="shared" ref="A5:A6" si="0">B5*2</f>',
    "excel-shared-follower": '<f t="shared" si="0"/>',
    "excel-array": '<f t="array" ref="A5">SUM(B5:C5)</f>',
    "empty-element": "<f/>",
    "newline-in-tag": '<f\nt="shared"\nsi="0"/>',
}


def _sheet(formula: str, prefix: str) -> bytes:
    p = f"{prefix}:" if prefix else ""
    formula = formula.replace("<f", f"<{p}f").replace("</f>", f"</{p}f>")
    ns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    rows = (
        f'<{p}row r="4"><{p}c r="A4" t="inlineStr"><{p}is><{p}t>Nilai</{p}t></{p}is></{p}c>'
        f"</{p}row>"
        f'<{p}row r="5"><{p}c r="A5">{formula}<{p}v>4</{p}v></{p}c><{p}c r="B5"><{p}v>2</{p}v>'
        f"</{p}c></{p}row>"
    )
    return f"<{p}worksheet {ns}><{p}sheetData>{rows}</{p}sheetData></{p}worksheet>".encode()


@pytest.mark.parametrize("prefix", ["", "x"], ids=["default-namespace", "prefixed"])
@pytest.mark.parametrize("spelling", list(SPELLINGS))
def test_every_spelling_of_a_formula_becomes_its_value(spelling, prefix):
    xml = _sheet(SPELLINGS[spelling], prefix)
    sliced = slice_rows(split_rows(xml, "sheet1.xml"), "sheet1.xml", 4, 5, [0], 0, (1, 2))
    assert sliced.formulas == [0]
    body = sliced.xml.decode()
    f = f"{prefix}:f" if prefix else "f"
    assert f"<{f}" not in body and f"</{f}>" not in body
    assert f"<{prefix + ':' if prefix else ''}v>4<" in body  # the value stays
