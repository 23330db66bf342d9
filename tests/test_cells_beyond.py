"""Whether a sheet holds cells beyond what the engine reads, against openpyxl's own reading.

:func:`~lkjip_xl.workbook.ooxml.extent.cells_beyond` guards the reader (python-calamine builds a
dense grid from a sheet's first to its last cell): it must answer True for every sheet with a
cell right of ``max_col``, a row number longer than ``max_row``'s, or a last row below
``max_row``. The sheets are written by openpyxl and the expected answer comes from the cells
planted, placed by openpyxl's own coordinate parser, at column bounds of one, two and three
letters.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import coordinate_to_tuple

from lkjip_xl.workbook.ooxml.extent import (
    ANY_SPELLING_BYTES,
    OTHER_SPACES,
    cells_beyond,
    rough_pattern,
)
from lkjip_xl.workbook.ooxml.inflate_scan import inflate_searching
from lkjip_xl.workbook.ooxml.letters import get_column_letter
from lkjip_xl.workbook.ooxml.sheet_data import locate_sheet_data

#: (max_row, max_col): column bounds Z (1 letter), CE (2, a roster's), ADX (3).
BOUNDS = [(1_050, 26), (101_004, 83), (9_999, 804)]

#: Cells planted beside a small table, each alone on its sheet.
PLANTED = ["A1", "Z7", "AA7", "CE9", "CF9", "DA1", "ZZ3", "ADX2", "ADY2", "AAA5", "XFD1",
           "A1050", "A1051", "B9999", "B10000", "C99999", "C101004", "C101005", "D1000000",
           "XFD1048576"]  # fmt: skip


def _sheet(tmp_path: Path, ref: str) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in range(1, 6):
        for column in range(1, 6):
            ws.cell(row, column, row * column)
    ws[ref] = "jauh"
    path = tmp_path / f"{ref}.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def _expected(ref: str, max_row: int, max_col: int) -> bool:
    cells = [(r, c) for r in range(1, 6) for c in range(1, 6)] + [coordinate_to_tuple(ref)]
    return any(c > max_col or len(str(r)) > len(str(max_row)) or r > max_row for r, c in cells)


@pytest.mark.parametrize("ref", PLANTED)
def test_cells_beyond_agrees_with_openpyxl(ref, tmp_path):
    xml = _sheet(tmp_path, ref)
    where = locate_sheet_data(xml, "xl/worksheets/sheet1.xml")
    for max_row, max_col in BOUNDS:
        expected = _expected(ref, max_row, max_col)
        assert cells_beyond(xml, where, max_row, max_col) is expected, (ref, max_row, max_col)


@pytest.mark.parametrize("ref", PLANTED)
def test_a_far_cell_in_a_row_out_of_order_is_found(ref, tmp_path):
    """A hostile sheet may list its rows in any order: the planted cell's row goes first, so
    the last row tells nothing and the cell references alone must say it."""
    xml = _sheet(tmp_path, ref)
    row = re.search(rb'<row r="%d"[^>]*>.*?</row>' % coordinate_to_tuple(ref)[0], xml)
    assert row is not None
    data = xml.index(b"<sheetData>") + len(b"<sheetData>")
    moved = xml[:data] + row.group(0) + (xml[data : row.start()] + xml[row.end() :])
    where = locate_sheet_data(moved, "xl/worksheets/sheet1.xml")
    r, c = coordinate_to_tuple(ref)
    for max_row, max_col in BOUNDS:
        # Every bound lies below the table's last row (5), which is now the sheet's last.
        expected = c > max_col or len(str(r)) > len(str(max_row))
        assert cells_beyond(moved, where, max_row, max_col) is expected, (ref, max_row, max_col)


def test_a_far_cell_after_many_wide_cells_is_found(tmp_path):
    """Two-letter columns inside the bound come before the far one: the search goes on."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in range(1, 200):
        for column in range(20, 84):  # T..CE
            ws.cell(row, column, 1)
    ws["CF150"] = 2
    path = tmp_path / "wide.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    where = locate_sheet_data(xml, "xl/worksheets/sheet1.xml")
    assert cells_beyond(xml, where, 1_000, 83) is True
    assert cells_beyond(xml, where, 1_000, 84) is False


def _large_sheet(far: bytes = b"", between: bytes = b"", line_break: bytes = b"\n") -> bytes:
    """A sheet of more than ``ANY_SPELLING_BYTES`` of data: two-letter columns inside the bound
    (T..AB), texts holding what looks like another spelling outside any tag (`` r = ``, a line
    break before ``r``, ``='``), and ``far`` (a cell) in row 3,000."""
    text = b"<is><t>Saran r = baik;%sr='ya' dan r= \"x\"</t></is>" % line_break
    rows = []
    for r in range(1, 7_001):
        cells = between.join(
            b'<c r="%s%d" t="inlineStr">%s</c>' % (get_column_letter(c).encode(), r, text)
            for c in range(20, 29)
        )
        rows.append(b'<row r="%d">%s%s</row>' % (r, cells, far if r == 3_000 else b""))
    xml = b'<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (NS, b"".join(rows))
    assert len(xml) > ANY_SPELLING_BYTES
    return xml


NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize(
    "far",
    [b"", b"<c r='XFD7'><v>1</v></c>", b'<c r = "XFD7"><v>1</v></c>', b'<c r= "CF7"><v>1</v></c>',
     b'<c r ="B1000000"><v>1</v></c>', b'<c\tr="XFD7"><v>1</v></c>', b'<c\nr="XFD7"><v>1</v></c>',
     b'<c r\t=\t"XFD7"><v>1</v></c>', b'<c r="CF7"><v>1</v></c>'],
    ids=["none", "apostrophes", "spaces", "space-after", "space-before", "tab", "newline",
         "tabs-around", "excel"],
)  # fmt: skip
def test_a_large_sheet_is_searched_for_every_spelling(far):
    """Above ``ANY_SPELLING_BYTES``, Excel's spelling is searched for, and every other one from
    its first hint; hints in texts (outside tags) change nothing. Searched here, or as the part
    is inflated (the rough pattern's first match handed over)."""
    xml = _large_sheet(far)
    where = locate_sheet_data(xml, "xl/worksheets/sheet1.xml")
    expected = bool(far)
    assert cells_beyond(xml, where, 1_000_000 - 1, 83) is expected
    hit = rough_pattern(999_999, 83).search(xml)
    rough_hit = hit.start() if hit else -1
    assert cells_beyond(xml, where, 999_999, 83, rough_hit=rough_hit) is expected


FAR_SPELLINGS = [b"", b'<c\tr="XFD7"><v>1</v></c>', b'<c\nr="XFD7"><v>1</v></c>',
                 b'<c\r\nr="XFD7"><v>1</v></c>', b"<c r = 'XFD7'><v>1</v></c>",
                 b'<c r="CF7"><v>1</v></c>']  # fmt: skip


@pytest.mark.parametrize("far", FAR_SPELLINGS)
@pytest.mark.parametrize("line_break", [b"\n", b" "], ids=["texts-with-breaks", "no-breaks"])
def test_spaces_found_while_inflating_answer_as_a_search(far, line_break, tmp_path):
    """Excel's sheet: CR LF after the XML declaration, before the sheet data. The last tab,
    CR or LF found as the part is inflated (zipfile's pieces) lets the look at them be
    skipped only when none stands in the sheet data, and the answer stays the search's."""
    xml = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' + _large_sheet(
        far, line_break=line_break
    )
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        found = inflate_searching(archive, info, rough_pattern(999_999, 83), OTHER_SPACES)
    assert found.content == xml
    last = max(xml.rfind(b) for b in OTHER_SPACES)
    assert found.last_watched == last
    where = locate_sheet_data(xml, "xl/worksheets/sheet1.xml")
    # Skipped only for the sheet without a break in its data: the declaration's CR LF.
    assert (found.last_watched < where.data_start) is (line_break == b" " and b"\t" not in far
                                                       and b"\n" not in far)  # fmt: skip
    answer = cells_beyond(xml, where, 999_999, 83, rough_hit=found.found,
                          last_space=found.last_watched)  # fmt: skip
    assert answer is bool(far)
    assert answer is cells_beyond(xml, where, 999_999, 83)


@pytest.mark.parametrize("far", [b"", b'<c r="CF7"><v>1</v></c>', b"<c r = 'XFD7'><v>1</v></c>"])
def test_a_pretty_printed_large_sheet_is_searched_for_every_spelling(far):
    """A line break and an indent between every cell (too many to look at one by one): the
    whole sheet is searched for every spelling."""
    xml = _large_sheet(far, between=b"\n    ")
    where = locate_sheet_data(xml, "xl/worksheets/sheet1.xml")
    assert cells_beyond(xml, where, 999_999, 83) is bool(far)


def test_a_long_text_with_many_line_breaks_is_read_once():
    """9,000 line breaks in one text of 5 MB, all outside tags: each break is told apart by
    the stretch since the one before (looking back to the text's start for each would read
    ~20 GB), and nothing lies beyond."""
    text = b"baris r = 'ya'\n" * 9_000 + b"x" * (5 << 20)
    xml = (
        b'<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>%s'
        b"</t></is></c></row></sheetData></worksheet>" % (NS, text)
    )
    where = locate_sheet_data(xml, "xl/worksheets/sheet1.xml")
    assert cells_beyond(xml, where, 1_000, 83) is False
