"""A kept row renumbered for a unit's sheet: the same bytes whichever pattern finds its cells.

``_renumber`` finds the cells' references of a row written as Excel, openpyxl and this engine
write them (``<c r="A1" ...``) with a pattern that has a literal start, and any other row with
the general pattern, which takes every spelling XML allows. Each row here, spelled in one of
those ways, must come out exactly as the general pattern alone makes it.
"""

from __future__ import annotations

import pytest

from lkjip_xl.workbook.exchange import package

ROWS = {
    "excel": b'<row r="7" spans="1:3"><c r="A7" s="1" t="s"><v>0</v></c><c r="B7"><v>2</v></c>'
    b'<c r="AB7" t="inlineStr"><is><t>Jl. A7" lama</t></is></c></row>',
    "style-first": b'<row r="7"><c r="A7"><v>1</v></c><c s="1" r="B7"><v>2</v></c></row>',
    "single-quotes": b"<row r='7'><c r='A7'><v>1</v></c><c r=\"B7\"><v>2</v></c></row>",
    "spaces": b'<row r="7"><c r = "A7"><v>1</v></c><c r="B7"><v>2</v></c></row>',
    "tab": b'<row r="7"><c\tr="A7"><v>1</v></c><c r="B7"><v>2</v></c></row>',
    "newline": b'<row r="7"><c\nr="A7"><v>1</v></c><c r="B7"><v>2</v></c></row>',
    "prefixed": b'<x:row r="7"><x:c r="A7"><x:v>1</x:v></x:c><x:c r="B7"><x:v>2</x:v></x:c>'
    b"</x:row>",
    "rich-text": b'<row r="7"><c r="A7" t="inlineStr"><is><r><rPr><color rgb="FFFF0000"/>'
    b'<charset val="1"/></rPr><t>Merah</t></r></is></c><c r="B7"><v>2</v></c></row>',
    "colon-in-text": b'<row r="7"><c r="A7" t="inlineStr"><is><t>catatan:c B7</t></is></c>'
    b'<c r="B7"><v>2</v></c></row>',
    "bare-cells": b'<row r="7"><c><v>1</v></c><c/><c r="C7"><v>3</v></c></row>',
    "four-letters": b'<row r="7"><c r="ABCD7"><v>1</v></c><c r="B7"><v>2</v></c></row>',
    "lower-case": b'<row r="7"><c r="a7"><v>1</v></c><c r="B7"><v>2</v></c></row>',
    "no-cells": b'<row r="7" ht="20" customHeight="1"/>',
    "hidden": b'<row r="7" hidden="1"><c r="A7"><v>1</v></c></row>',
}


def _general(row: bytes, number: int, monkeypatch) -> bytes:
    with monkeypatch.context() as patched:
        patched.setattr(package, "_PLAIN_CELL_R", package._CELL_R)
        return package._renumber(row, number, unhide=True)


@pytest.mark.parametrize("name", ROWS)
def test_a_row_is_renumbered_as_the_general_pattern_renumbers_it(name, monkeypatch):
    row = ROWS[name]
    assert package._renumber(row, 12, unhide=True) == _general(row, 12, monkeypatch)


def test_the_usual_row_is_renumbered_in_every_reference():
    done = package._renumber(ROWS["excel"], 12, unhide=True)
    assert done.count(b'12"') == 4  # the row and its three cells
    assert b'Jl. A7" lama' in done  # a text keeps what it says


@pytest.mark.parametrize("name", ROWS)
def test_rows_renumbered_together_are_each_row_renumbered_alone(name):
    # Among usual rows (Excel's spelling), every spelling once: the rows made by one split of
    # them all, or each alone when one is not usual, are the rows renumbered one by one.
    rows = [ROWS["excel"], ROWS[name], ROWS["excel"], ROWS["no-cells"]]
    alone = b"".join(package._renumber(row, 20 + n, unhide=True) for n, row in enumerate(rows))
    together = package._renumbered(rows, 20)
    assert together in (alone, None)
    plain = {"excel", "no-cells", "hidden"}  # the others have a cell only the general finds
    assert (together is not None) is (name in plain)


def test_a_formula_among_the_rows_sends_each_row_alone():
    formula = b'<row r="7"><c r="A7"><f>B7*2</f><v>4</v></c><c r="B7"><v>2</v></c></row>'
    assert package._renumbered([ROWS["excel"], formula], 20) is None
