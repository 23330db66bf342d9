"""The print settings the builder writes: what the declaration computes, and legible.

The printout itself is judged by LibreOffice in tests/test_print.py; here the built workbooks are
read back with openpyxl: every font any cell uses, at the sheet's print scale, is 8 pt or more,
and the page setup is the declared layout (never "fit to page").
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.contract import TEMPLATES
from lkjip_xl.workbook.contract.print_layout import (
    MIN_PRINTED_PT,
    MIN_SCALE,
    column_inches,
    layout_for,
    printable_inches,
)
from lkjip_xl.workbook.template_workbook import workbook_bytes

EXCEL_DEFAULT_PT = 11.0


@pytest.fixture(scope="module", params=sorted(TEMPLATES))
def book(request):
    return request.param, load_workbook(io.BytesIO(workbook_bytes(make_workbook(request.param))))


def test_every_font_prints_at_8_pt_or_more(book) -> None:
    name, wb = book
    for ws in wb.worksheets:
        scale = ws.page_setup.scale
        assert scale is not None and not ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        sizes = {
            float(cell.font.sz or EXCEL_DEFAULT_PT)
            for row in ws.iter_rows()
            for cell in row
            if cell.value is not None
        }
        assert sizes, ws.title
        assert min(sizes) * scale / 100 >= MIN_PRINTED_PT, (name, ws.title, min(sizes), scale)


def test_page_setup_is_the_declared_layout(book) -> None:
    name, wb = book
    for sheet in TEMPLATES[name].sheets:
        ws, layout = wb[sheet.name], sheet.print_layout
        assert ws.page_setup.orientation == layout.orientation, sheet.name
        assert ws.page_setup.scale == layout.scale, sheet.name
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        if layout.title_rows:
            first, last = layout.title_rows
            assert ws.print_title_rows == f"${first}:${last}", sheet.name
        if layout.pages_across > 1:
            assert ws.print_title_cols, sheet.name


def test_layout_rule() -> None:
    narrow = {1: 20.0, 2: 20.0}
    assert layout_for(narrow).orientation == "portrait"
    assert layout_for(narrow).scale == 100
    # Just wider than the landscape page: scaled down to fit, still legible.
    room = printable_inches("landscape")
    width = 1.0
    while column_inches(width) < room * 1.05:
        width += 1.0
    fitted = layout_for({1: width})
    assert fitted.orientation == "landscape" and MIN_SCALE <= fitted.scale < 100
    assert fitted.pages_across == 1
    # Far too wide: the smallest legible scale, pages across, key columns repeated.
    wide = {c: 30.0 for c in range(1, 21)}
    spread = layout_for(wide, key_columns=(1, 2), title_rows=(4, 4))
    assert spread.scale == MIN_SCALE and spread.pages_across > 1
    assert spread.title_columns == (1, 2) and spread.title_rows == (4, 4)
