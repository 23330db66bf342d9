"""``lkjip-xl perbarui`` keeps the colour and number format a user put on an input cell.

Offices mark figures to check or cells still to fill by colouring them; the rebuilt table gave
every cell the template's input colour and format, so the marks were gone unseen and a date
typed as 31/03/2026 showed as 2026-03-31 00:00:00. The workbook is the
2026.2 fixture coloured as Excel and openpyxl save it, read back with openpyxl.
"""

from __future__ import annotations

import datetime

import openpyxl
from openpyxl.styles import PatternFill

from lkjip_xl.workbook.upgrade import upgrade_file
from tests.test_upgrade import copy_of

YELLOW = PatternFill("solid", fgColor="FFFFFF00")
ORANGE = PatternFill("solid", fgColor="FFFFC000")


def shown(cell) -> tuple[object, ...]:
    return cell.fill.fill_type, cell.fill.fgColor.rgb


def test_a_colour_or_format_on_an_input_cell_is_carried_and_nothing_else_changed(tmp_path):
    path = copy_of("kinerja-2026.2", tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Indikator"]
    template_fill = shown(ws["H5"])
    ws["H7"].fill = YELLOW  # a figure to check
    ws["J9"].fill = ORANGE  # an empty cell still to fill
    ws["A35"], ws["H35"] = "IKU-99", 12  # typed right under the table: no fill of its own
    ws["H8"].number_format = "#,##0.000"  # 100 shown as 100,000
    ws["D9"] = datetime.datetime(2026, 3, 31)  # a date typed in Satuan: a date it stays
    ws["D9"].number_format = "dd/mm/yyyy"
    wb.save(path)
    upgrade_file(path)
    after = openpyxl.load_workbook(path)["Indikator"]
    headers = {c.value: c.column_letter for c in after[4]}
    assert (after["H7"].value, shown(after["H7"])) == (6.23, ("solid", "FFFFFF00"))
    assert (after["J9"].value, shown(after["J9"])) == (None, ("solid", "FFFFC000"))
    # The other inputs keep the template's colour, the row typed under the table included.
    for ref in ("H5", "H6", "H8", "J8", "A34", "A35", "H35"):
        assert shown(after[ref]) == template_fill, ref
    assert after["A35"].value == "IKU-99"
    assert (after["H8"].value, after["H8"].number_format) == (100, "#,##0.000")
    assert after["D9"].value == datetime.datetime(2026, 3, 31)
    assert after["D9"].number_format == "dd/mm/yyyy"
    # The others keep the template's formats.
    assert after["H6"].number_format == after["H5"].number_format == "General"
    assert after["D5"].number_format == "@"
    # New input columns of this version are not coloured by a neighbour's mark.
    assert shown(after[f"{headers['Faktor Pendorong']}7"]) == template_fill


def test_a_colour_or_format_on_a_named_cell_is_carried(tmp_path):
    """Identitas and Pengaturan cells: the rebuilt sheet gave them the template's look."""
    path = copy_of("kinerja-2026.2", tmp_path)
    wb = openpyxl.load_workbook(path)
    template_fill = shown(wb["Identitas"]["B4"])
    wb["Identitas"]["B5"].fill = YELLOW  # the unit's name to check
    wb["Pengaturan"]["B7"] = 150  # Batas_Atas_Capaian, shown 150,00
    wb["Pengaturan"]["B7"].number_format = "#,##0.00"
    wb.save(path)
    upgrade_file(path)
    after = openpyxl.load_workbook(path)
    identitas, pengaturan = after["Identitas"], after["Pengaturan"]
    assert shown(identitas["B5"]) == ("solid", "FFFFFF00")
    assert (pengaturan["B7"].value, pengaturan["B7"].number_format) == (150, "#,##0.00")
    # The other named cells keep the template's look.
    assert shown(identitas["B4"]) == shown(pengaturan["B7"]) == template_fill
    assert identitas["B4"].number_format == "@" and identitas["B7"].number_format == "0"
    assert pengaturan["B9"].number_format == "0" and pengaturan["B8"].number_format == "General"
