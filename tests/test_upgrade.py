"""``lkjip-xl perbarui``: a workbook of an earlier template version carries every input over.

The fixtures are workbooks of the earlier versions as users have them: ``*-2026.1.xlsx`` (the
committed bytes of that template) and ``*-2026.2.xlsx``, built and recomputed by the engine at
template 2026.2 from the demo data (report 001 for kinerja, the first 60 employees of the
demo roster for ipasn). The kinerja one also has a sheet of the staff's own (``Catatan Staf``:
a merged title, styles, widths, formulas into ``Indikator``, a chart) and two exchange stamps;
the ipasn one a sheet ``Rekap Bidang``. Both sides are read by openpyxl and python-calamine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.table import TableColumn
from python_calamine import CalamineWorkbook

from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.exchange.stamp import read_stamps
from lkjip_xl.workbook.ooxml.references import move_formula
from lkjip_xl.workbook.reader import StructureError
from lkjip_xl.workbook.upgrade import upgrade_file

FIXTURES = Path(__file__).parent / "data" / "fixtures"
OLD = ["kinerja-2026.2", "ipasn-2026.2", "kinerja-2026.1", "ipasn-2026.1"]


FILL_2026_1 = {
    "kinerja": ("tblIndikator", [
        {"Kode": "IKU-1", "Sasaran": "S", "Indikator": "Indeks", "Polaritas": "Positif",
         "Target": 100, "Realisasi": 90, "Realisasi Tahun Lalu": 85.5},
        {"Kode": "IKU-2", "Sasaran": "S", "Indikator": "Aduan", "Polaritas": "Negatif",
         "Target": 10, "Realisasi": 6, "Target Akhir Renstra": 5},
    ]),
    "ipasn": ("tblPegawai", [
        {"NIP": "198706152010011003", "Nama": "A", "Unit Kerja": "BKPSDM", "Status": "PNS",
         "Jenis Jabatan": "Pelaksana", "Pendidikan": "S1", "JP Diklat Teknis": 24,
         "Seminar": "Ya", "Nilai SKP": 88, "Hukuman Disiplin": "Tidak Pernah"},
    ]),
}  # fmt: skip


def copy_of(name: str, folder: Path) -> Path:
    """A copy of a fixture; the 2026.1 ones (empty templates) filled in by header, as a user
    types into that version's layout."""
    path = folder / f"{name}.xlsx"
    shutil.copyfile(FIXTURES / f"{name}.xlsx", path)
    if name.endswith("2026.1"):
        table_name, rows = FILL_2026_1[name.split("-")[0]]
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            if table_name in ws.tables:
                min_col, min_row, max_col, _ = range_boundaries(ws.tables[table_name].ref)
                cols = {ws.cell(min_row, c).value: c for c in range(min_col, max_col + 1)}
                for i, row in enumerate(rows, start=1):
                    for header, value in row.items():
                        ws.cell(min_row + i, cols[header], value)
        wb["Identitas"]["B4"] = "Pemerintah Kota Contoh"
        wb.save(path)
    return path


def table_cells(path: Path, kind: str, *, data_only: bool) -> dict[tuple[str, int, str], Any]:
    """Every input cell of every table (by table, data row, header) and every input name."""
    wb = openpyxl.load_workbook(path, data_only=data_only)
    spec = template(kind)
    cells: dict[tuple[str, int, str], Any] = {}
    for ws in wb.worksheets:
        for table in ws.tables.values():
            name = table.displayName
            min_col, min_row, max_col, max_row = range_boundaries(table.ref)
            headers = [ws.cell(min_row, c).value for c in range(min_col, max_col + 1)]
            declared = {c.name for c in spec.table(name).input_columns} if name in {
                t.name for t in spec.tables} else set()  # fmt: skip
            for r in range(min_row + 1, max_row + 1):
                for header, c in zip(headers, range(min_col, max_col + 1), strict=True):
                    value = ws.cell(r, c).value
                    if header in declared and value is not None:
                        cells[(name, r - min_row, header)] = value
    for named in spec.input_names:
        defined = wb.defined_names.get(named.name)
        if defined is not None:
            (sheet, ref), *_ = defined.destinations
            cells[("", 0, named.name)] = wb[sheet][ref.replace("$", "")].value
    return cells


def calamine_rows(path: Path, sheet: str) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


@pytest.mark.parametrize("name", OLD)
def test_every_input_cell_is_equal_before_and_after(name, tmp_path):
    kind = name.split("-")[0]
    path = copy_of(name, tmp_path)
    before = table_cells(path, kind, data_only=False)
    assert len(before) > 15  # the fixture is filled in
    original = path.read_bytes()
    hasil = upgrade_file(path)
    assert (hasil.dari, hasil.ke) == (name.split("-")[1], template(kind).version)
    after = table_cells(path, kind, data_only=False)
    assert {k: after.get(k) for k in before} == before
    # Nothing invented: every filled input cell of a table after was filled before.
    assert {k for k in after if k[0]} <= set(before)
    # The old file is kept, byte for byte, beside the new one.
    assert hasil.cadangan == tmp_path / f"{name} (templat {hasil.dari}).xlsx"
    assert hasil.cadangan.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, hasil.cadangan.name])
    # The upgraded workbook is at the current version and computes without a version problem.
    assert calamine_rows(path, "Identitas")[7][1] == template(kind).version
    laporan = check_file(path)
    assert not laporan.galat
    assert "template-version" not in {m.code.value for m in laporan.masalah}


def test_inputs_read_by_calamine_are_equal_and_results_unchanged(tmp_path):
    path = copy_of("kinerja-2026.2", tmp_path)
    spec = template("kinerja")
    before = calamine_rows(path, "Indikator")
    upgrade_file(path)
    after = calamine_rows(path, "Indikator")
    table = spec.table("tblIndikator")
    old_headers = before[table.header_row - 1]
    new_headers = after[table.header_row - 1]
    for header in ("Kode", "Target", "Realisasi", "Realisasi Tahun Lalu", "Capaian", "Predikat"):
        i, j = old_headers.index(header), new_headers.index(header)
        rows = range(table.header_row, len(before))
        # Inputs carried, and the same rules give the same capaian and predikat.
        assert [before[r][i] for r in rows] == [after[r][j] for r in rows], header


def test_the_users_sheet_names_and_log_are_kept(tmp_path):
    path = copy_of("kinerja-2026.2", tmp_path)
    old = openpyxl.load_workbook(path)
    log_before = [list(r) for r in old["Log"].iter_rows(min_row=5, values_only=True) if any(r)]
    hasil = upgrade_file(path)
    assert hasil.lembar_pengguna == ["Catatan Staf"]
    assert hasil.peringatan == [
        "Lembar Catatan Staf: 1 grafik/gambar tidak dapat dibawa; salin dari berkas lama "
        "kinerja-2026.2 (templat 2026.2).xlsx."
    ]
    new = openpyxl.load_workbook(path)
    src, dst = old["Catatan Staf"], new["Catatan Staf"]
    assert new.sheetnames[-1] == "Catatan Staf"
    for row in src.iter_rows():
        for cell in row:
            twin = dst[cell.coordinate]
            assert twin.value == cell.value, cell.coordinate
            assert twin.number_format == cell.number_format
            assert twin.font.b == cell.font.b and twin.fill.fgColor.rgb == cell.fill.fgColor.rgb
    assert dst["B4"].value == "=Indikator!L5"  # Capaian stays in column L
    assert [str(r) for r in dst.merged_cells.ranges] == ["A1:D1"]
    assert dst.column_dimensions["C"].width == src.column_dimensions["C"].width == 48
    assert dst.freeze_panes == "A4"
    stamps = {"Distribusi_ID": "20260105-KALTIM", "Unit_Distribusi": "BKD Kaltim"}
    assert read_stamps(path) == stamps
    assert new.defined_names["Anggaran_Rapat"].attr_text == "'Catatan Staf'!$B$6:$B$7"
    # Every Log row of the old workbook, then the upgrade's row and its recompute's.
    log_after = [list(r) for r in new["Log"].iter_rows(min_row=5, values_only=True) if any(r)]
    assert log_after[: len(log_before)] == log_before
    upgrade, recompute = log_after[len(log_before) :]
    log = template("kinerja").table("tblLog")
    assert upgrade[log.index("tindakan")] == "Perbarui Templat"
    assert upgrade[log.index("keterangan")] == (
        "Diperbarui dari templat 2026.2 ke 2026.3; berkas lama disimpan sebagai "
        "kinerja-2026.2 (templat 2026.2).xlsx."
    )
    assert recompute[log.index("tindakan")] == "Hitung Ulang"
    # The formula's cached value is LibreOffice's or Excel's job; calamine reads the formula cell.
    assert calamine_rows(path, "Catatan Staf")[7][0] == "Jumlah"


def test_formulas_into_moved_columns_follow_their_column(tmp_path):
    path = copy_of("kinerja-2026.2", tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Catatan Staf"]
    ws["D4"] = "=Indikator!Q5&\" / \"&'Indikator'!$Q$5:$Q$9"  # Catatan was column Q in 2026.2
    wb.save(path)
    upgrade_file(path)
    table = template("kinerja").table("tblIndikator")
    u = table.letter("catatan")
    assert u != "Q"
    moved = openpyxl.load_workbook(path)["Catatan Staf"]["D4"].value
    assert moved == f"=Indikator!{u}5&\" / \"&'Indikator'!${u}$5:${u}$9"


def test_move_formula_leaves_other_references_alone():
    moves = {"Indikator": {17: 21, 3: None}}
    assert move_formula("=SUM(Indikator!Q5:Q9)+Anggaran!Q5+Q5", moves) == (
        "=SUM(Indikator!U5:U9)+Anggaran!Q5+Q5",
        False,
    )
    assert move_formula("=Indikator!C5", moves) == ("=Indikator!C5", True)
    assert move_formula("teks biasa", moves) == ("teks biasa", False)


def test_a_current_workbook_is_left_alone_and_a_newer_one_refused(tmp_path):
    path = copy_of("kinerja-2026.2", tmp_path)
    upgrade_file(path)
    bytes_now = path.read_bytes()
    again = upgrade_file(path)
    assert not again.diperbarui and path.read_bytes() == bytes_now
    wb = openpyxl.load_workbook(path)
    wb["Identitas"]["B8"] = "2099.1"
    wb.save(path)
    with pytest.raises(StructureError, match="lebih baru"):
        upgrade_file(path)


@pytest.mark.parametrize("name", ["kinerja-2026.2", "kinerja-2026.1", "ipasn-2026.1"])
def test_check_and_recompute_of_an_old_workbook_name_the_command(name, tmp_path):
    path = copy_of(name, tmp_path)
    before = path.read_bytes()
    for run in (check_file, recompute_file):
        with pytest.raises(StructureError) as refused:
            run(path)
        sentence = " ".join(str(refused.value).split())
        assert f"versi {name.split('-')[1]}" in sentence and "versi 2026.3" in sentence
        assert f"jalankan 'lkjip-xl perbarui {path.name}'" in sentence
        assert sentence.count(". ") == 0  # one sentence
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_an_old_workbook_whose_tables_are_complete_is_warned_with_the_command(tmp_path):
    # ipasn's tables did not change in 2026.3: check goes on, and its version warning (or, once
    # a version adds a table, the refusal) names the command.
    path = copy_of("ipasn-2026.2", tmp_path)
    try:
        said = [m.message for m in check_file(path).masalah if m.code.value == "template-version"]
    except StructureError as refused:
        said = [str(refused)]
    assert len(said) == 1 and f"'lkjip-xl perbarui {path.name}'" in said[0]
    assert "2026.2" in said[0]


def test_the_command_line_upgrades_and_says_where_the_old_file_is(tmp_path):
    path = copy_of("ipasn-2026.2", tmp_path)
    # Wide lines: at 80 columns a word longer than the line (the old file's full path) is cut
    # where the line ends, and where that is depends on how long tmp_path is (under
    # pytest-xdist it holds popen-gw0/, which moved the cut into "ipasn-2026.2").
    done = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", "perbarui", str(path)],
        capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "1000"},
    )  # fmt: skip
    said = " ".join((done.stdout + done.stderr).split())
    assert done.returncode == 0, said
    assert "diperbarui dari templat versi 2026.2 ke 2026.3" in said
    assert f"{tmp_path / 'ipasn-2026.2 (templat 2026.2).xlsx'}" in said
    assert "Traceback" not in said


def test_a_macro_workbook_stays_a_macro_workbook(tmp_path):
    # The current macro template, stamped as 2026.2 and filled in: upgraded, it keeps its
    # macros (vbaProject.bin), its xlwings.conf sheet (once) and its inputs.
    path = tmp_path / "kinerja.xlsm"
    shutil.copyfile(Path(__file__).parents[1] / "workbook_templates" / "kinerja.xlsm", path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb["Identitas"]["B8"] = "2026.2"
    wb["Indikator"]["A5"], wb["Indikator"]["B5"] = "IKU-1", "Sasaran"
    wb.save(path)
    hasil = upgrade_file(path)
    assert hasil.cadangan == tmp_path / "kinerja (templat 2026.2).xlsm"
    assert hasil.lembar_pengguna == []
    with zipfile.ZipFile(path) as package:
        assert "xl/vbaProject.bin" in package.namelist()
    after = openpyxl.load_workbook(path, keep_vba=True)
    assert after.sheetnames.count("xlwings.conf") == 1
    assert (after["Indikator"]["A5"].value, after["Indikator"]["B5"].value) == ("IKU-1", "Sasaran")
    assert after["Identitas"]["B8"].value == template("kinerja").version


def test_values_typed_beside_the_tables_are_carried_or_named(tmp_path):
    path = copy_of("kinerja-2026.2", tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Indikator"]["R10"] = "catatan di samping tabel lama"  # now inside the wider table
    wb["Anggaran"]["P3"] = "dicek Bidang Keuangan"  # free in the new template too
    wb["Identitas"]["B8"] = "2026.2"  # the version cell: written anew, not a stray value
    wb.save(path)
    hasil = upgrade_file(path)
    after = openpyxl.load_workbook(path)
    assert after["Anggaran"]["P3"].value == "dicek Bidang Keuangan"
    assert after["Indikator"]["R10"].value != "catatan di samping tabel lama"
    assert (
        "Lembar Indikator: isian di sel R10 (di luar tabel) bertabrakan dengan templat baru dan "
        "tidak dibawa; salin dari berkas lama kinerja-2026.2 (templat 2026.2).xlsx."
    ) in hasil.peringatan
    assert not any("Identitas" in w or "Anggaran" in w for w in hasil.peringatan)


@pytest.mark.libreoffice
def test_libreoffice_opens_the_upgraded_workbook_and_computes_the_users_sheet(
    tmp_path, libreoffice
):
    path = copy_of("kinerja-2026.2", tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Catatan Staf"]["D4"] = "=Indikator!Q7"  # IKU-3's Catatan in 2026.2: re-pointed
    wb.save(path)
    upgrade_file(path)
    info = libreoffice.inspect(path)
    assert info["errors"] == [], info["error_details"]
    ind = template("kinerja").table("tblIndikator")
    cells, staf = info["cells"]["Indikator"], info["cells"]["Catatan Staf"]
    # LibreOffice recalculates the user's formulas on the upgraded workbook.
    assert staf["A4"] == "IKU-1"
    assert staf["B4"] == cells[f"{ind.letter('capaian')}5"] == 97.33  # Tabel 3.5: 73 / 75
    assert staf["D4"] == cells[f"{ind.letter('catatan')}7"]
    assert staf["D4"].startswith("Polaritas negatif")
    assert staf["B8"] == 2000000  # =SUM(B6:B7)
    assert info["named_ranges"]["Anggaran_Rapat"]["address"] == "'Catatan Staf'!B6:B7"
    assert info["database_ranges"]["tblRiwayat"].startswith("Riwayat!A4:")


def test_a_column_the_user_added_to_a_table_is_named(tmp_path):
    path = copy_of("ipasn-2026.2", tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Pegawai"]
    table = ws.tables["tblPegawai"]
    _, min_row, max_col, max_row = range_boundaries(table.ref)
    ws.cell(min_row, max_col + 1, "No HP")
    ws.cell(min_row + 1, max_col + 1, "0812")
    table.ref = f"A{min_row}:{get_column_letter(max_col + 1)}{max_row}"
    table.autoFilter.ref = table.ref
    table.tableColumns.append(TableColumn(id=len(table.tableColumns) + 1, name="No HP"))
    wb.save(path)
    hasil = upgrade_file(path)
    assert hasil.peringatan == [
        "Tabel tblPegawai: kolom No HP bukan kolom templat; dibawa ke ujung kanan tabel."
    ]
    after = openpyxl.load_workbook(path)["Pegawai"]
    _, min_row, max_col, _ = range_boundaries(after.tables["tblPegawai"].ref)
    assert after.tables["tblPegawai"].tableColumns[-1].name == "No HP"
    assert [after.cell(min_row + r, max_col).value for r in range(2)] == ["No HP", "0812"]


def test_a_number_shown_as_a_percentage_is_carried_as_the_figure_shown(tmp_path):
    """Typing 80% in Excel or LibreOffice stores 0.8 shown as a percentage, which the engine
    reads as 80. The upgrade carried the 0.8 without its format: the target read 0.8 and the
    capaian 9125 (rated AA), the cap of 120% read 1.2. The cells keep what they show."""
    path = copy_of("kinerja-2026.2", tmp_path)
    table = template("kinerja").table("tblIndikator")
    target = f"{table.letter('target')}{table.first_data_row}"
    wb = openpyxl.load_workbook(path)
    ws = wb[table.sheet]
    realisasi = ws[f"{table.letter('realisasi')}{table.first_data_row}"].value
    ws[target].value, ws[target].number_format = 0.8, "0%"
    cap = next(iter(wb.defined_names["Batas_Atas_Capaian"].destinations))
    cap_cell = wb[cap[0]][cap[1].replace("$", "")]
    cap_cell.value, cap_cell.number_format = 1.2, "0.0%"
    wb.save(path)

    upgrade_file(path)
    wb = openpyxl.load_workbook(path)
    cell = wb[table.sheet][target]
    assert (cell.value, cell.number_format) == (0.8, "0%")
    cap = next(iter(wb.defined_names["Batas_Atas_Capaian"].destinations))
    cap_cell = wb[cap[0]][cap[1].replace("$", "")]
    assert (cap_cell.value, cap_cell.number_format) == (1.2, "0.0%")
    capaian = calamine_rows(path, table.sheet)[table.first_data_row - 1][
        table.col_index("capaian") - 1
    ]
    assert realisasi == 73 and capaian == 91.25  # 73 / 80, under the cap of 120


def _whole_column_print_area(path: Path) -> Path:
    """A print area as LibreOffice saves one (``Laporan!$A:$AB`` for A1:AB1048576), which
    openpyxl cannot read and warns about, in English, on stderr."""
    with zipfile.ZipFile(path) as archive:
        members = [(i.filename, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            if name == "xl/workbook.xml":
                area = b'<definedName name="_xlnm.Print_Area" localSheetId="1">Identitas!$A:$C'
                if b"<definedNames>" in data:
                    data = data.replace(
                        b"<definedNames>", b"<definedNames>" + area + b"</definedName>"
                    )
                else:
                    data = data.replace(
                        b"</sheets>",
                        b"</sheets><definedNames>" + area + b"</definedName></definedNames>",
                    )
            out.writestr(name, data)
    return path


@pytest.mark.parametrize("name", ["ipasn-2026.2", "current"])
def test_a_print_area_saved_by_libreoffice_brings_no_english_warning(name, tmp_path):
    if name == "current":
        path = tmp_path / "ipasn.xlsx"
        build_template("ipasn", path)
    else:
        path = copy_of(name, tmp_path)
    _whole_column_print_area(path)
    done = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", "perbarui", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_a_formula_typed_in_an_input_cell_keeps_its_result(tmp_path):
    """A target typed as =0.8+0.05 shown as a percentage (85% since Excel last calculated it),
    a realisasi as =73 and a code as ="IKU-"&"2": openpyxl writes a formula without its
    result, which the recompute read as a formula never calculated (a galat, the target
    blank) until the file was opened in Excel again."""
    path = copy_of("kinerja-2026.2", tmp_path)
    table = template("kinerja").table("tblIndikator")
    row = table.first_data_row
    target, realisasi = f"{table.letter('target')}{row}", f"{table.letter('realisasi')}{row}"
    kode = f"{table.letter('kode')}{row + 1}"
    book = openpyxl.load_workbook(path)
    book[table.sheet][target].number_format = "0%"
    book.save(path)
    typed = {
        target: b"<f>0.8+0.05</f><v>0.85</v>",
        realisasi: b"<f>73</f><v>73</v>",
        kode: b'<f>"IKU-"&amp;"2"</f><v>IKU-2</v>',
    }
    name = "xl/worksheets/sheet3.xml"
    with zipfile.ZipFile(path) as archive:
        members = [(i.filename, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member, data in members:
            if member == name:
                for ref, content in typed.items():
                    kind = b' t="str"' if ref == kode else b""
                    data = re.sub(
                        rb'<c r="%s"( s="\d+")?[^>]*>.*?</c>' % ref.encode(),
                        rb'<c r="%s"\1%s>%s</c>' % (ref.encode(), kind, content),
                        data,
                        count=1,
                    )
            out.writestr(member, data)
    assert openpyxl.load_workbook(path)[table.sheet][target].value == "=0.8+0.05"

    hasil = upgrade_file(path)
    assert hasil.laporan is not None
    assert "formula-without-value" not in {m.code.value for m in hasil.laporan.masalah}
    book = openpyxl.load_workbook(path)[table.sheet]
    assert [book[ref].value for ref in typed] == ["=0.8+0.05", "=73", '="IKU-"&"2"']
    assert book[target].number_format == "0%"
    rows = calamine_rows(path, table.sheet)
    assert rows[row - 1][table.col_index("target") - 1] == 0.85
    assert rows[row - 1][table.col_index("realisasi") - 1] == 73
    assert rows[row][table.col_index("kode") - 1] == "IKU-2"
    assert rows[row - 1][table.col_index("capaian") - 1] == 85.88  # 73 / 85


def test_a_workbook_computed_with_its_laporan_sheet_upgrades(tmp_path):
    """A recomputed workbook holds the Laporan sheet the recompute wrote, merged cells and all;
    its figures are not typed values to carry (the upgrade once ended in an unexpected error
    putting them into the new template's merged cells)."""
    from tests.workbooks import INDIKATOR, filled_kinerja

    path = filled_kinerja(tmp_path / "kinerja.xlsx", INDIKATOR)
    recompute_file(path)
    before = openpyxl.load_workbook(path)
    laporan = [[c.value for c in row] for row in before["Laporan"].iter_rows()]
    named = template("kinerja").named("Versi_Template")
    before[named.sheet][named.cell] = "2026.2"  # as the next template version will find it
    before.save(path)

    hasil = upgrade_file(path)

    assert hasil.laporan is not None and not hasil.peringatan
    after = openpyxl.load_workbook(path)
    assert [[c.value for c in row] for row in after["Laporan"].iter_rows()] == laporan


def test_a_value_typed_at_the_last_cell_of_a_sheet_is_carried(tmp_path):
    """A value at XFD1048576 (Ctrl+Down, Ctrl+Right, typing) made perbarui walk every cell of
    the used range, on a template sheet and on the user's own: 17 billion cells, gigabytes."""
    path = copy_of("kinerja-2026.2", tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Anggaran"]["XFD1048576"] = "jauh di bawah"
    wb["Catatan Staf"]["XFD1048576"] = 5
    wb.save(path)

    upgrade_file(path)

    after = openpyxl.load_workbook(path)
    assert after["Anggaran"]["XFD1048576"].value == "jauh di bawah"
    assert after["Catatan Staf"]["XFD1048576"].value == 5
