"""``lkjip-xl perbarui`` keeps what a user added to an old workbook beyond the typed values.

The standard: nothing a user typed may be lost or silently changed. Each test fills an old
fixture (``tests/data/fixtures``) as a user would, upgrades it and reads the new file back with
openpyxl and python-calamine.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import FilterColumn, Filters
from python_calamine import CalamineWorkbook

from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.kinds import KINDS
from lkjip_xl.workbook.ooxml.package import Package
from lkjip_xl.workbook.upgrade import upgrade_file
from tests.test_upgrade import FIXTURES, copy_of

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
    """A note (comment) and a hyperlink on cells of the main table, a note on an empty input
    cell (why it is blank) and one on an empty cell beside the table: the upgrade carried the
    values only, and all were gone without a word."""
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
    blank = ws.cell(min_row + 3, col)
    blank.value, blank.comment = None, Comment("belum ada data dari Bidang", "Ani")
    ws["Z3"].comment = Comment("kolom Z dipakai untuk pemeriksaan", "Ani")  # an empty cell
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
    empty = after[f"{target}{table.first_data_row + 2}"]
    assert empty.value is None and empty.comment.text == "belum ada data dari Bidang"
    assert after["Z3"].comment.text == "kolom Z dipakai untuk pemeriksaan"


def test_what_the_user_set_on_a_template_sheet_is_carried(tmp_path):
    """A tab colour, panes frozen elsewhere, a sheet password, a hidden row, a dropdown and a
    colour rule on a column of the user's own beside the table (its width too), a name local
    to the sheet: all gone without a word, the template's sheet rebuilt as it ships."""
    path = copy_of("kinerja-2026.2", tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Indikator"]
    ws.sheet_properties.tabColor = "FFC00000"
    ws.freeze_panes = "C5"
    ws.protection.password = "rahasia"
    ws.row_dimensions[6].hidden = True
    ws["Z4"] = "Diperiksa"
    ws.column_dimensions["Z"].width = 31
    dropdown = DataValidation(type="list", formula1='"Sudah,Belum"')
    dropdown.add("Z5:Z34")
    ws.add_data_validation(dropdown)
    ws.conditional_formatting.add(
        "Z5:Z34",
        CellIsRule(operator="equal", formula=['"Belum"'], fill=PatternFill("solid", "FFFF00")),
    )
    ws.defined_names["Kolom_Periksa"] = DefinedName(
        "Kolom_Periksa", attr_text="Indikator!$Z$5:$Z$34"
    )
    wb.save(path)

    hasil = upgrade_file(path)

    assert not [w for w in hasil.peringatan if "Indikator" in w]
    after = openpyxl.load_workbook(path)["Indikator"]
    assert after.sheet_properties.tabColor.rgb == "FFC00000"
    assert after.freeze_panes == "C5"
    assert after.protection.sheet and after.protection.password == ws.protection.password
    assert after.row_dimensions[6].hidden
    assert after["Z4"].value == "Diperiksa" and after.column_dimensions["Z"].width == 31
    assert [
        (str(v.sqref), v.formula1)
        for v in after.data_validations.dataValidation
        if "Z" in str(v.sqref)
    ] == [("Z5:Z34", '"Sudah,Belum"')]
    rules = [(str(a.sqref), r.formula) for a in after.conditional_formatting for r in a.rules]
    assert ("Z5:Z34", ['"Belum"']) in rules
    assert after.defined_names["Kolom_Periksa"].attr_text == "Indikator!$Z$5:$Z$34"


def test_a_filter_on_a_table_is_named_and_its_rows_shown(tmp_path):
    """Rows hidden by a table's filter: the filter is not carried, so the rows are shown again
    and the output says so, instead of rows hidden with no filter to show them."""
    path = copy_of("ipasn-2026.2", tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Pegawai"]
    ws.tables["tblPegawai"].autoFilter.filterColumn.append(
        FilterColumn(colId=3, filters=Filters(filter=["PNS"]))
    )
    ws.row_dimensions[7].hidden = True
    wb.save(path)

    hasil = upgrade_file(path)

    assert (
        "Lembar Pegawai: filter tabel tblPegawai (semua barisnya ditampilkan) tidak dibawa; atur "
        "lagi bila masih diperlukan (lihat berkas lama ipasn-2026.2 (templat 2026.2).xlsx)."
    ) in hasil.peringatan
    assert not openpyxl.load_workbook(path)["Pegawai"].row_dimensions[7].hidden


def test_a_template_sheet_the_user_renamed_is_the_template_sheet_again(tmp_path):
    """Indikator renamed "IKU 2026": its inputs were carried (the table found by name) but the
    sheet was also copied whole as a sheet of the user's own, old figures and all, and the
    user's formulas and names went on pointing at that dead copy, not at the live table (and a
    formula typed in an input cell at a sheet gone from the new workbook)."""
    path = copy_of("kinerja-2026.2", tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Indikator"].title = "IKU 2026"
    wb["IKU 2026"]["A5"] = "IKU-01"
    wb["Catatan Staf"]["D4"] = "='IKU 2026'!A5&\" / \"&'IKU 2026'!Q7"  # Catatan was column Q
    wb.defined_names["Kode_Pertama"] = DefinedName("Kode_Pertama", attr_text="'IKU 2026'!$A$5")
    wb["Triwulan"]["D5"] = "='IKU 2026'!H5/4"  # a quarter's realisasi taken from the year's
    wb.save(path)

    hasil = upgrade_file(path)

    after = openpyxl.load_workbook(path)
    assert "IKU 2026" not in after.sheetnames and hasil.lembar_pengguna == ["Catatan Staf"]
    assert (
        "Lembar IKU 2026 adalah lembar templat Indikator yang diganti nama: isiannya dibawa ke "
        "lembar bernama Indikator dan rumus yang merujuknya ikut diarahkan ke sana."
    ) in hasil.peringatan
    catatan = template("kinerja").table("tblIndikator").letter("catatan")
    assert after["Indikator"]["A5"].value == "IKU-01"
    assert after["Catatan Staf"]["D4"].value == f"='Indikator'!A5&\" / \"&'Indikator'!{catatan}7"
    assert after.defined_names["Kode_Pertama"].attr_text == "'Indikator'!$A$5"
    assert after["Triwulan"]["D5"].value == "='Indikator'!H5/4"


def test_an_error_result_of_a_carried_formula_stays_an_error(tmp_path):
    """A realisasi typed as =G6/0, #DIV/0! in the old file: its result was written back as the
    text "#DIV/0!" (t="str"), a typed word where Excel and LibreOffice hold an error."""
    path = copy_of("kinerja-2026.2", tmp_path)
    table = template("kinerja").table("tblIndikator")
    ref = f"{table.letter('realisasi')}{table.first_data_row}"
    member = "xl/worksheets/sheet3.xml"  # Indikator
    with zipfile.ZipFile(path) as archive:
        members = [(i.filename, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            if name == member:
                data = re.sub(
                    rb'<c r="%s"( s="\d+")?[^>]*>.*?</c>' % ref.encode(),
                    rb'<c r="%s"\1 t="e"><f>1/0</f><v>#DIV/0!</v></c>' % ref.encode(),
                    data,
                    count=1,
                )
            out.writestr(name, data)
    assert openpyxl.load_workbook(path)[table.sheet][ref].value == "=1/0"

    upgrade_file(path)

    with zipfile.ZipFile(path) as archive:
        xml = archive.read(member)
    cell = re.search(rb'<c r="%s"[^>]*>.*?</c>' % ref.encode(), xml, re.S)
    assert cell is not None
    assert b't="e"' in cell.group(0) and b"<v>#DIV/0!</v>" in cell.group(0), cell.group(0)


def test_text_with_a_bold_part_keeps_its_bold_part(tmp_path):
    """A Sasaran with one word in bold (rich text): the upgrade carried the plain text, the
    bold part gone without a word. The engine reads the same words either way."""
    path = copy_of("kinerja-2026.2", tmp_path)
    table = template("kinerja").table("tblIndikator")
    ref = f"{table.letter('sasaran')}{table.first_data_row}"
    wb = openpyxl.load_workbook(path, rich_text=True)
    bold = TextBlock(InlineFont(b=True), "Kualitas")
    wb[table.sheet][ref].value = CellRichText(["Meningkatnya ", bold, " SDM"])
    wb.save(path)

    hasil = upgrade_file(path)

    value = openpyxl.load_workbook(path, rich_text=True)[table.sheet][ref].value
    assert isinstance(value, CellRichText) and str(value) == "Meningkatnya Kualitas SDM"
    assert [(b.text, b.font.b) for b in value if isinstance(b, TextBlock)] == [("Kualitas", True)]
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(table.sheet).to_python()
    assert rows[table.first_data_row - 1][table.col_index("sasaran") - 1] == str(value)
    assert hasil.laporan is not None and not hasil.laporan.galat


def test_the_print_settings_of_the_users_sheet_are_carried(tmp_path):
    """Their sheet printed with its first two rows on every page, a print area, a page header,
    no gridlines and at 80%: its values were carried, its print titles, area and header not."""
    path = copy_of("ipasn-2026.2", tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Rekap Bidang"]
    ws.print_title_rows = "1:2"
    ws.print_area = "A1:D20"
    ws.oddHeader.center.text = "Rekap Bidang BKPSDM"
    ws.sheet_view.showGridLines = False
    ws.sheet_view.zoomScale = 80
    wb.save(path)

    upgrade_file(path)

    after = openpyxl.load_workbook(path)["Rekap Bidang"]
    assert after.print_title_rows == "$1:$2"
    assert after.print_area == "'Rekap Bidang'!$A$1:$D$20"
    assert after.oddHeader.center.text == "Rekap Bidang BKPSDM"
    assert (after.sheet_view.showGridLines, after.sheet_view.zoomScale) == (False, 80)


def test_a_table_made_a_plain_range_is_named_with_where_its_rows_are(tmp_path):
    """tblTriwulan converted to a plain range (Excel: Table Design > Convert to Range): its
    rows were kept on a sheet "Triwulan (lama)" with only "bernama sama dengan lembar templat
    baru", though the new workbook's tblTriwulan is empty and no quarter is computed."""
    path = copy_of("kinerja-2026.2", tmp_path)
    wb = openpyxl.load_workbook(path)
    del wb["Triwulan"].tables["tblTriwulan"]
    kode = wb["Triwulan"]["A5"].value
    wb.save(path)

    hasil = upgrade_file(path)

    assert (
        "Lembar Triwulan tidak lagi memuat tabel tblTriwulan (diubah menjadi rentang biasa?); "
        "isinya disimpan sebagai lembar Triwulan (lama), dan tabel itu di templat baru kosong: "
        "salin isiannya ke sana."
    ) in hasil.peringatan
    assert openpyxl.load_workbook(path)["Triwulan (lama)"]["A5"].value == kode


def test_a_sheet_saved_without_its_view_keeps_the_templates_frozen_panes(tmp_path):
    """A file saved by ``soffice --convert-to`` holds no sheet views: no frozen panes is no
    choice of the user's, and the template's panes (headers kept in view) stay."""
    path = copy_of("kinerja-2026.2", tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Indikator"].freeze_panes = None
    wb.save(path)

    upgrade_file(path)

    template_panes = openpyxl.load_workbook(FIXTURES / "kinerja-2026.2.xlsx")["Indikator"]
    assert openpyxl.load_workbook(path)["Indikator"].freeze_panes == template_panes.freeze_panes


def test_a_formula_on_the_users_sheet_keeps_the_result_the_old_file_holds(tmp_path):
    """Catatan Staf's =Indikator!L5 and =SUM(B6:B7), as Excel saved them with their results:
    carried without results, a reader that does not calculate (python-calamine, pandas) read
    blanks where the old file had 97.33 and 2000000."""
    path = copy_of("kinerja-2026.2", tmp_path)
    with zipfile.ZipFile(path) as archive:
        part = Package(archive).sheet_part("Catatan Staf")
        members = [(i.filename, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            if name == part:
                for ref, result in ((b"B4", b"97.33"), (b"B8", b"2000000")):
                    data, found = re.subn(
                        rb'(<c r="%s"[^>]*>)(<f>[^<]*</f>)(?:<v>[^<]*</v>|<v\s*/>)?(</c>)' % ref,
                        rb"\1\2<v>%s</v>\3" % result,
                        data,
                    )
                    assert found == 1, ref
            out.writestr(name, data)

    upgrade_file(path)

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Catatan Staf").to_python()
    assert (rows[3][1], rows[7][1]) == (97.33, 2000000)
    after = openpyxl.load_workbook(path)["Catatan Staf"]
    assert (after["B4"].value, after["B8"].value) == ("=Indikator!L5", "=SUM(B6:B7)")


def hidden_columns(ws: openpyxl.worksheet.worksheet.Worksheet) -> set[int]:
    return {
        c
        for dim in ws.column_dimensions.values()
        if dim.hidden and dim.min
        for c in range(dim.min, (dim.max or dim.min) + 1)
    }


def header_column(ws: openpyxl.worksheet.worksheet.Worksheet, table: str, header: str) -> int:
    min_col, min_row, max_col, _ = range_boundaries(ws.tables[table].ref)
    (col,) = [c for c in range(min_col, max_col + 1) if ws.cell(min_row, c).value == header]
    return col


@pytest.mark.parametrize("name", ["kinerja-2026.1", "kinerja-2026.2"])
def test_columns_the_user_hid_stay_hidden_where_their_column_went(tmp_path, name):
    """A table column and two columns of the user's own, hidden: they came back shown (hidden
    rows were kept). The table's one is found again by its header."""
    path = copy_of(name, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Indikator"]
    old_col = header_column(ws, "tblIndikator", "Realisasi Tahun Lalu")
    ws.column_dimensions[openpyxl.utils.get_column_letter(old_col)].hidden = True
    ws.column_dimensions.group("X", "Y", hidden=True)
    wb.save(path)

    upgrade_file(path)

    after = openpyxl.load_workbook(path)["Indikator"]
    new_col = header_column(after, "tblIndikator", "Realisasi Tahun Lalu")
    assert hidden_columns(after) == {new_col, 24, 25}
