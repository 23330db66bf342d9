"""``lkjip-xl perbarui`` keeps a column a user inserted into a table: after the template's
columns of the new table, row by row; where the new template has something right of the table,
it is named instead. It was named and left out every time ("salin isinya dari berkas lama").

The workbooks are the 2026.2 fixtures with a column inserted as LibreOffice Calc inserts it (a
sheet column inside the table: the table grows around it), read back with openpyxl and by
LibreOffice itself.
"""

from __future__ import annotations

import openpyxl
import pytest

from lkjip_xl.workbook.api import check_file
from lkjip_xl.workbook.upgrade import upgrade_file
from tests.test_upgrade import copy_of


@pytest.mark.libreoffice
def test_a_column_inserted_in_libreoffice_is_carried_to_the_tables_end(tmp_path, libreoffice):
    source = copy_of("kinerja-2026.2", tmp_path)
    wb = openpyxl.load_workbook(source)
    wb["Indikator"].protection.sheet = False  # a column is inserted on an unprotected sheet
    wb.save(source)
    path = tmp_path / "Kinerja Dinas.xlsx"
    libreoffice.edit(source, path, [
        {"op": "insert_columns", "sheet": "Indikator", "column": "D", "count": 1},
        {"op": "set", "sheet": "Indikator", "cell": "D4", "value": "Penanggung Jawab"},
        {"op": "set", "sheet": "Indikator", "cell": "D5", "value": "Bidang A"},
        {"op": "set", "sheet": "Indikator", "cell": "D7", "value": 17},
        {"op": "set", "sheet": "Catatan Staf", "cell": "F1", "formula": "=Indikator!D7*2"},
    ])  # fmt: skip
    hasil = upgrade_file(path)
    assert "Tabel tblIndikator: kolom Penanggung Jawab bukan kolom templat; dibawa ke ujung " \
        "kanan tabel." in hasil.peringatan  # fmt: skip
    ws = openpyxl.load_workbook(path)["Indikator"]
    assert ws.tables["tblIndikator"].ref == "A4:Y34"
    assert [ws.cell(r, 25).value for r in range(4, 9)] == ["Penanggung Jawab", "Bidang A", None,
                                                           17, None]  # fmt: skip
    assert ws["Y5"].protection.locked is False  # typed into on the protected sheet
    assert (ws["A5"].value, ws["D5"].value) == ("IKU-1", "%")  # the template's columns
    # A formula reading the column follows it, as one reading a template column does.
    staff = openpyxl.load_workbook(path)["Catatan Staf"]
    assert staff["F1"].value == "=Indikator!Y7*2"
    assert not any("merujuk kolom" in p for p in hasil.peringatan)
    assert not check_file(path).galat
    seen = libreoffice.inspect(path)
    assert seen["database_ranges"]["tblIndikator"] == "Indikator!A4:Y34"
    assert [seen["cells"]["Indikator"].get(f"Y{r}") for r in (4, 5, 7)] == [
        "Penanggung Jawab", "Bidang A", 17.0]  # fmt: skip
    assert seen["cells"]["Catatan Staf"]["F1"] == 34.0


@pytest.mark.libreoffice
def test_columns_with_no_room_right_of_the_new_table_are_named(tmp_path, libreoffice):
    # tblSkalaCapaian A13:E23 has one free column before tblSkalaEfisiensi at G: one column
    # of the user's own fits, two do not (nothing is written into the other table).
    path = tmp_path / "Kinerja.xlsx"
    libreoffice.edit(copy_of("kinerja-2026.2", tmp_path), path, [
        {"op": "insert_columns", "sheet": "Pengaturan", "column": "B", "count": 2},
        {"op": "set", "sheet": "Pengaturan", "cell": "B13", "value": "Dasar"},
        {"op": "set", "sheet": "Pengaturan", "cell": "C13", "value": "Sumber"},
        {"op": "set", "sheet": "Pengaturan", "cell": "B14", "value": "Permenpan 88/2021"},
        {"op": "set", "sheet": "Pengaturan", "cell": "C14", "value": "BPS"},
    ])  # fmt: skip
    before = openpyxl.load_workbook(path)["Pengaturan"]
    assert before.tables["tblSkalaCapaian"].ref == "A13:G23"
    hasil = upgrade_file(path)
    assert "Tabel tblSkalaCapaian: kolom Dasar, Sumber bukan kolom templat; tidak dibawa; salin " \
        f"dari berkas lama {hasil.cadangan.name}." in hasil.peringatan  # fmt: skip
    after = openpyxl.load_workbook(path)["Pengaturan"]
    assert after.tables["tblSkalaCapaian"].ref == "A13:E23"
    assert after.tables["tblSkalaEfisiensi"].ref == "G13:K23"
    assert after["F13"].value is None and after["G13"].value == "Predikat"
