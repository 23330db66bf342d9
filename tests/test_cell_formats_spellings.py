"""Cells shown in another number format keep the rest of their own style, however their tags
are spelled (attribute order, quotes, no ``s``), and text that looks like a cell is no cell."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from lkjip_xl.workbook.patcher import patch_workbook

SHEET = "xl/worksheets/sheet1.xml"
ROWS = 7


def spelled(xml: bytes, decoy: bool) -> bytes:
    """The sheet as openpyxl wrote it, with the tags of B2 to B5 spelled as other tools may."""

    def style(ref: str) -> bytes:
        found = re.search(rb'<c r="' + ref.encode() + rb'" s="([0-9]+)"', xml)
        assert found is not None
        return found.group(1)

    b2, b3, b4 = style("B2"), style("B3"), style("B4")
    xml = xml.replace(b'<c r="B2" s="' + b2 + b'"', b'<c s="' + b2 + b'" r="B2"')
    xml = xml.replace(b'<c r="B3" s="' + b3 + b'"', b"<c r='B3' s='" + b3 + b"'")
    xml = xml.replace(b'<c r="B4" s="' + b4 + b'" t="n"', b'<c r="B4" t="n" s="' + b4 + b'"')
    xml = re.sub(rb'<c r="B5" s="[0-9]+"', b'<c r="B5"', xml)
    if decoy:  # a text naming a cell of the column: looked at cell by cell, still no cell
        xml = re.sub(
            rb'<c r="A1"[^>]*>.*?</c>',
            b'<c r="A1" t="inlineStr"><is><t>&lt;c r="B1" s="0"/&gt; r="B7"</t></is></c>',
            xml,
            count=1,
        )
    return xml


def workbook(path: Path, decoy: bool) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for row in range(1, ROWS + 1):
        ws.cell(row, 1, f"baris {row}")
        cell = ws.cell(row, 2, row / 3)
        cell.number_format = "0.00"
        cell.font = Font(bold=row % 2 == 0, italic=row == 4)
        ws.cell(row, 3, row).number_format = "0.00"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    members[SHEET] = spelled(members[SHEET], decoy)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("decoy", [False, True])
def test_every_spelling_of_a_cell_keeps_its_own_font(tmp_path: Path, decoy: bool) -> None:
    src = workbook(tmp_path / "in.xlsx", decoy)
    dst = tmp_path / "out.xlsx"
    values = [row / 7 for row in range(1, ROWS + 1)]
    patch_workbook(
        src, dst, {}, columns={"Data": [(2, 1, values)]},
        formats={"Data": [(2, 1, ROWS, "0.000")]},
    )  # fmt: skip
    ws = openpyxl.load_workbook(dst)["Data"]
    for row in range(1, ROWS + 1):
        cell = ws.cell(row, 2)
        assert cell.value == values[row - 1]
        assert cell.number_format == "0.000", row
        # B5 was written without a style: it takes the format on the default font.
        assert bool(cell.font.b) is (row % 2 == 0 and row != 5), row
        assert bool(cell.font.i) is (row == 4), row
        assert ws.cell(row, 3).number_format == "0.00"  # a column not asked for
