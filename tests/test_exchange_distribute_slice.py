"""A unit's sheet cut from the master's: the rows kept, renumbered, shown, formulas as values.

The sheets here are written by hand as the OOXML standard spells them (default namespace, a
prefixed one, single quotes, a hidden row, a formula); the cut sheet is read back by the
standard library's XML parser.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from lkjip_xl.workbook.exchange import package
from lkjip_xl.workbook.exchange.package import rows_for, slice_rows, split_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(prefix: str) -> bytes:
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns{":" + prefix if prefix else ""}="{MAIN}"'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {ns}>'
        f'<{p}dimension ref="A1:B5"/><{p}sheetData>'
        f'<{p}row r="1"><{p}c r="A1" t="inlineStr"><{p}is><{p}t>NIP</{p}t></{p}is></{p}c></{p}row>'
        f'<{p}row r="2" spans="1:2" hidden="1"><{p}c r="A2" s="1"><{p}v>10</{p}v></{p}c>'
        f'<{p}c r="B2" s="2"><{p}f>A2*2</{p}f><{p}v>20</{p}v></{p}c></{p}row>'
        f"<{p}row r='3'><{p}c r='A3' s=\"1\"><{p}v>30</{p}v></{p}c></{p}row>"
        f'<{p}row r="4" hidden="true"><{p}c r="A4" s="1"><{p}v>40</{p}v></{p}c>'
        f'<{p}c r="B4" s="2"><{p}v>41</{p}v></{p}c></{p}row>'
        f'<{p}row r="5"><{p}c r="A5" s="1"><{p}v>50</{p}v></{p}c></{p}row>'
        f"</{p}sheetData></{p}worksheet>"
    ).encode()


@pytest.mark.parametrize("prefix", ["", "x"])
def test_the_rows_kept_are_renumbered_shown_and_their_formulas_values(prefix):
    part = "xl/worksheets/sheet1.xml"
    whole = split_rows(_sheet(prefix), part)
    keep = [2, 0, 3]  # master rows 4, 2 and 5, in this order
    unit = rows_for(whole, 1, 5, keep, (1, 2))
    sliced = slice_rows(unit, part, 1, 5, keep, 2, (1, 2))
    assert sliced.data_rows == 5
    assert sliced.formulas == [0]  # the master's first data row held a formula
    root = ET.fromstring(sliced.xml)
    q = f"{{{MAIN}}}"
    rows = root.find(f"{q}sheetData").findall(f"{q}row")
    assert [r.get("r") for r in rows] == ["1", "2", "3", "4", "5", "6"]
    assert [r.get("hidden") for r in rows] == [None] * 6
    cells = [[(c.get("r"), c.findtext(f"{q}v"), c.find(f"{q}f")) for c in r] for r in rows]
    assert cells[1] == [("A2", "40", None), ("B2", "41", None)]
    assert cells[2] == [("A3", "10", None), ("B3", "20", None)]
    assert cells[3] == [("A4", "50", None)]
    assert [[(ref, v) for ref, v, _ in row] for row in cells[4:]] == [
        [("A5", None), ("B5", None)],
        [("A6", None), ("B6", None)],
    ]
    assert root.find(f"{q}dimension").get("ref") == "A1:B6"
    assert rows[2].get("spans") == "1:2"  # what the row held, besides its number, is kept


@pytest.mark.parametrize("prefix", ["", "x"])
@pytest.mark.parametrize("at_once", [1, 2, 1024])
def test_rows_renumbered_by_the_batch_are_the_rows_renumbered_one_by_one(prefix, at_once,
                                                                          monkeypatch):  # fmt: skip
    # However many rows one split takes, and whether a batch holds the formula (the first
    # data row's) or not, the sheet is the one each row renumbered alone makes.
    part = "xl/worksheets/sheet1.xml"
    whole = split_rows(_sheet(prefix), part)
    keep = [2, 0, 3, 1]
    unit = rows_for(whole, 1, 5, keep, (1, 2))
    with monkeypatch.context() as patched:
        patched.setattr(package, "_renumbered", lambda rows, first: None)
        alone = slice_rows(unit, part, 1, 5, keep, 2, (1, 2))
    monkeypatch.setattr(package, "RENUMBERED_ROWS", at_once)
    batched = slice_rows(unit, part, 1, 5, keep, 2, (1, 2))
    assert (batched.xml, batched.formulas) == (alone.xml, alone.formulas)
    assert alone.formulas == [0]
