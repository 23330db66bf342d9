"""``lkjip-xl perbarui`` keeps what a user added to an old workbook beyond the typed values.

The standard: nothing a user typed may be lost or silently changed. Each test fills an old
fixture (``tests/data/fixtures``) as a user would, upgrades it and reads the new file back with
openpyxl and python-calamine.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.utils.cell import range_boundaries
from python_calamine import CalamineWorkbook

from lkjip_xl.workbook.kinds import KINDS
from lkjip_xl.workbook.upgrade import upgrade_file
from tests.test_upgrade import copy_of

BANDS = ["Predikat", "Batas Bawah", "Termasuk Batas", "Warna", "Keterangan"]


def table_rows(path: Path, sheet: str, table: str, headers: list[str]) -> list[list[object]]:
    """The data rows of ``table`` by header, as python-calamine reads them (blank: "")."""
    wb = openpyxl.load_workbook(path)
    min_col, min_row, max_col, max_row = range_boundaries(wb[sheet].tables[table].ref)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    header_row = rows[min_row - 1]
    cols = [header_row.index(h, min_col - 1, max_col) for h in headers]
    # calamine leaves out the empty rows at a sheet's end: they read as blanks.
    return [[rows[r][c] if r < len(rows) else "" for c in cols] for r in range(min_row, max_row)]


@pytest.mark.parametrize("name", ["kinerja-2026.1", "kinerja-2026.2"])
def test_a_band_table_with_rows_removed_and_cells_emptied_stays_as_edited(name, tmp_path):
    """The custom scale cut to three bands, the last without a lower bound and two without a
    description: the upgrade wrote only the filled cells over the new template's default bands,
    so the emptied cells took the defaults (70, "Sangat Baik") and the removed bands (B, CC, C,
    D) came back, a scale the user never had."""
    path = copy_of(name, tmp_path)
    edited = [
        ["Baik", 80, "Ya", "#00FF00", "dipakai Bappeda"],
        ["Cukup", 60, "Ya", "#FFFF00", None],
        ["Kurang", None, "Tidak", "#FF0000", None],
    ]
    wb = openpyxl.load_workbook(path)
    ws = wb["Pengaturan"]
    min_col, min_row, _, max_row = range_boundaries(ws.tables["tblSkalaCapaian"].ref)
    for offset in range(1, max_row - min_row + 1):
        for c, _ in enumerate(BANDS):
            row = edited[offset - 1] if offset <= len(edited) else [None] * len(BANDS)
            ws.cell(min_row + offset, min_col + c).value = row[c]  # cell(..., None) sets none
    wb["Pengaturan"]["B4"] = "kustom"
    wb.save(path)

    upgrade_file(path)

    rows = table_rows(path, "Pengaturan", "tblSkalaCapaian", BANDS)
    blank = ["" if v is None else v for row in edited for v in row]
    assert [v for row in rows[: len(edited)] for v in row] == blank
    assert all(v == "" for row in rows[len(edited) :] for v in row)


def test_a_prefilled_input_the_user_emptied_stays_empty(tmp_path):
    """The Bobot of Pengukuran cleared (the unit is not evaluated on it): the upgrade put the
    template's 25 back."""
    path = copy_of("kinerja-2026.2", tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Evaluasi"]
    min_col, min_row, _, _ = range_boundaries(ws.tables["tblEvaluasiSakip"].ref)
    assert ws.cell(min_row + 2, min_col).value == "Pengukuran"
    ws.cell(min_row + 2, min_col + 1).value = None
    wb.save(path)

    upgrade_file(path)

    rows = table_rows(path, "Evaluasi", "tblEvaluasiSakip", ["Komponen", "Bobot"])
    assert rows[1] == ["Pengukuran", ""]
    assert rows[0] == ["Perencanaan", 30]


@pytest.mark.parametrize("name", ["kinerja-2026.2", "ipasn-2026.1"])
def test_a_note_and_a_link_on_an_input_cell_are_carried(name, tmp_path):
    """A note (comment) and a hyperlink on cells of the main table: the upgrade carried the
    values only, and both were gone without a word."""
    kind = KINDS[name.split("-")[0]]
    table = kind.template.table(kind.primary_table.name)
    column = table.input_columns[1]
    path = copy_of(name, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[table.sheet]
    min_col, min_row, max_col, _ = range_boundaries(ws.tables[table.name].ref)
    col = next(c for c in range(min_col, max_col + 1) if ws.cell(min_row, c).value == column.name)
    ws.cell(min_row + 1, col).comment = Comment("sumber: laporan Bidang", "Ani")
    ws.cell(min_row + 2, col, "bukti").hyperlink = "https://example.org/bukti.pdf"
    wb.save(path)

    upgrade_file(path)

    after = openpyxl.load_workbook(path)[table.sheet]
    target = table.letter(column.key)
    noted, linked = (
        after[f"{target}{table.first_data_row}"],
        after[f"{target}{table.first_data_row + 1}"],
    )
    assert noted.comment is not None and noted.comment.text == "sumber: laporan Bidang"
    assert linked.value == "bukti"
    assert (
        linked.hyperlink is not None and linked.hyperlink.target == "https://example.org/bukti.pdf"
    )
    assert linked.hyperlink.ref == linked.coordinate
