"""Stray cells far from every table (a user who pressed Ctrl+Down and typed lands on row
1,048,576): check and recompute finish as for any workbook, in a separate process so that a
reader that materialised the whole sheet would be seen failing here rather than aborting the
test run, and the stray cell itself survives the recompute.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.hostile.corpus import input_cells, kinerja, part, rewrite, run_cli, sheet_part
from tests.hostile.exchange_cases import PEG, collect_with_good, copy_world, make_base

FAR = {
    "XFD1048576 number": ("Indikator", "XFD1048576", b'<c r="XFD1048576"><v>7</v></c>'),
    "XFD1048576 text": ("Indikator", "XFD1048576",
                        b'<c r="XFD1048576" t="inlineStr"><is><t>catatan</t></is></c>'),
    "ZZ200000": ("Indikator", "ZZ200000", b'<c r="ZZ200000"><v>1</v></c>'),
    "A1048576 under the table": ("Indikator", "A1048576",
                                 b'<c r="A1048576" t="inlineStr"><is><t>IKU-9</t></is></c>'),
    "XFD1 beside the header": ("Indikator", "XFD1", b'<c r="XFD1"><v>3</v></c>'),
    "XFD1048576 formula": ("Indikator", "XFD1048576",
                           b'<c r="XFD1048576"><f>1+1</f><v>2</v></c>'),
    "XFD1048576 on the Log sheet": ("Log", "XFD1048576", b'<c r="XFD1048576"><v>5</v></c>'),
}  # fmt: skip


def plant(path, sheet: str, ref: str, cell: bytes) -> None:
    """Add ``cell`` in its own row at the end of the sheet's data (rows are in order)."""
    name = sheet_part(path, sheet)
    xml = part(path, name)
    row = re.match(rb"[A-Z]+([0-9]+)", ref.encode()).group(1)
    existing = re.search(rb'<row r="' + row + rb'"[^>]*>', xml)
    if existing:  # a row that exists already: the cell goes at its end
        end = xml.index(b"</row>", existing.end())
        new = xml[:end] + cell + xml[end:]
    elif b"</sheetData>" in xml:
        new = xml.replace(b"</sheetData>", b'<row r="' + row + b'">' + cell + b"</row></sheetData>")
    else:
        new = xml.replace(b"<sheetData/>", b'<sheetData><row r="' + row + b'">' + cell
                          + b"</row></sheetData>")  # fmt: skip
    new = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:' + ref.encode() + b'"/>', new)
    rewrite(path, {name: new})


@pytest.mark.parametrize("case", FAR, ids=list(FAR))
def test_a_far_cell_costs_nothing_and_survives(case, tmp_path):
    sheet, ref, cell = FAR[case]
    path = kinerja(tmp_path / "kinerja.xlsx")
    plant(path, sheet, ref, cell)
    before = input_cells(path)
    check = run_cli("check", str(path), "--json", timeout=120)
    assert check.returncode in (0, 1), check.stderr
    assert "memory allocation" not in check.stderr
    report = json.loads(check.stdout)
    assert report["template"] == "kinerja"
    recompute = run_cli("recompute", str(path), timeout=120)
    assert recompute.returncode == 0, recompute.stderr
    assert input_cells(path) == before
    assert cell in part(path, sheet_part(path, sheet))  # the stray cell is the user's: kept


def test_a_far_cell_in_a_unit_file_is_said_by_collect_and_the_file_merged(tmp_path):
    """Collect took the file without a word about the cell it left unread."""
    world = copy_world(make_base(tmp_path / "dasar"), tmp_path / "w")
    plant(world.unit(0), PEG.sheet, "XFD1048576",
          b'<c r="XFD1048576" t="inlineStr"><is><t>catatan</t></is></c>')  # fmt: skip
    outcome = collect_with_good(world, [world.unit(0)])
    (item,) = outcome.hostile
    assert item.status.value == "Diterima"
    (far,) = [m for m in item.masalah if m.code.value == "far-cells"]
    assert far.place == f"{PEG.sheet}!XFD1048576" and "XFD1048576" in far.message
