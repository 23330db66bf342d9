"""Built templates, read back with openpyxl, python-calamine and (when present) LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries
from python_calamine import CalamineWorkbook

from lkjip_xl.core.predikat import bands_from_rows, load_preset
from lkjip_xl.workbook.builder import (
    CREATOR,
    FIXED_TIMESTAMP,
    build_all,
    build_template,
    new_workbook,
)
from lkjip_xl.workbook.contract import TEMPLATES, SheetKind, ValueType

NAMES = sorted(TEMPLATES)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    return {path.stem: path for path in build_all(folder)}


@pytest.fixture(scope="module")
def books(built):
    return {name: openpyxl.load_workbook(path) for name, path in built.items()}


def _covers(sqref, ref: str) -> bool:
    """Whether a validation's sqref covers every cell of ``ref``."""
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    for cell_range in sqref.ranges:
        if (
            cell_range.min_col <= min_col
            and cell_range.max_col >= max_col
            and cell_range.min_row <= min_row
            and cell_range.max_row >= max_row
        ):
            return True
    return False


def _validation_at(ws, ref: str):
    found = [dv for dv in ws.data_validations.dataValidation if _covers(dv.sqref, ref)]
    assert len(found) == 1, f"{ws.title}!{ref}: {len(found)} validations"
    return found[0]


def test_build_all_writes_both_templates(built):
    assert sorted(built) == NAMES
    for name, path in built.items():
        assert path.name == TEMPLATES[name].file_name
        assert path.stat().st_size > 0


@pytest.mark.parametrize("name", NAMES)
def test_sheets_in_declared_order(books, name):
    assert books[name].sheetnames == list(TEMPLATES[name].sheet_names)


@pytest.mark.parametrize("name", NAMES)
def test_tables_at_declared_refs_with_headers(books, name):
    wb = books[name]
    for table in TEMPLATES[name].tables:
        ws = wb[table.sheet]
        assert table.name in ws.tables, table.name
        xl_table = ws.tables[table.name]
        assert xl_table.ref == table.ref
        assert [c.name for c in xl_table.tableColumns] == list(table.headers)
        assert [c.id for c in xl_table.tableColumns] == list(range(1, len(table.columns) + 1))
        header = [
            ws.cell(table.header_row, col).value
            for col in range(table.first_col, table.last_col + 1)
        ]
        assert header == list(table.headers)
        assert xl_table.tableStyleInfo is not None
        assert xl_table.autoFilter is not None and xl_table.autoFilter.ref == table.ref
        assert ws[table.title_cell].value == table.title


@pytest.mark.parametrize("name", NAMES)
def test_defined_names_resolve_to_declared_cells(books, name):
    wb = books[name]
    assert set(wb.defined_names) == {n.name for n in TEMPLATES[name].names}
    for ws in wb:
        assert not ws.defined_names  # all workbook-scoped
    for named in TEMPLATES[name].names:
        defined = wb.defined_names[named.name]
        assert defined.attr_text == named.ref
        assert defined.localSheetId is None
        destinations = list(defined.destinations)
        assert destinations == [(named.sheet, named.absolute)]
        assert wb[named.sheet][named.label_cell].value == named.label
        if named.default is not None:
            assert wb[named.sheet][named.cell].value == named.default


@pytest.mark.parametrize("name", NAMES)
def test_inputs_unlocked_computed_locked(books, name):
    wb = books[name]
    spec = TEMPLATES[name]
    for named in spec.names:
        cell = wb[named.sheet][named.cell]
        assert cell.protection.locked is named.is_computed, named.name
        assert cell.number_format == named.number_format
    for table in spec.tables:
        ws = wb[table.sheet]
        for column in table.columns:
            col = table.col_index(column.key)
            assert ws.cell(table.header_row, col).protection.locked
            for row in (table.first_data_row, table.last_row):
                cell = ws.cell(row, col)
                assert cell.protection.locked is column.is_computed, (table.name, column.name)
                assert cell.number_format == column.number_format
                assert cell.fill.fgColor.rgb != ws.cell(table.header_row, col).fill.fgColor.rgb
            # Below the table a protected sheet stays locked: typing there would be lost.
            assert ws.cell(table.last_row + 1, col).protection.locked


def test_number_formats_by_type(books):
    kinerja, ipasn = TEMPLATES["kinerja"], TEMPLATES["ipasn"]
    indikator = kinerja.table("tblIndikator")
    ws = books["kinerja"]["Indikator"]
    assert ws[f"{indikator.letter('capaian')}5"].number_format == "#,##0.00"
    anggaran = kinerja.table("tblAnggaran")
    ws = books["kinerja"]["Anggaran"]
    assert ws[f"{anggaran.letter('pagu')}5"].number_format == '"Rp "#,##0'
    assert ws[f"{anggaran.letter('efisiensi')}5"].number_format == "0.00"
    pegawai = ipasn.table("tblPegawai")
    ws = books["ipasn"]["Pegawai"]
    assert ws[f"{pegawai.letter('nip')}5"].number_format == "@"
    for table in (*kinerja.tables, *ipasn.tables):
        for column in table.columns:
            if column.type is ValueType.PERCENT:
                assert column.number_format == "#,##0.00"


@pytest.mark.parametrize("name", NAMES)
def test_protection_without_password(books, name):
    wb = books[name]
    for sheet in TEMPLATES[name].sheets:
        protection = wb[sheet.name].protection
        assert protection.sheet is sheet.protected, sheet.name
        if sheet.protected:
            assert not protection.password
            assert protection.hashValue is None
            # OOXML: False means "allowed while protected".
            assert protection.insertRows is False
            assert protection.sort is False
            assert protection.autoFilter is False
            assert protection.formatColumns is False
            assert protection.formatCells is False


@pytest.mark.parametrize("name", NAMES)
def test_validations_cover_choice_columns(books, name):
    wb = books[name]
    spec = TEMPLATES[name]
    checked = 0
    for table in spec.tables:
        ws = wb[table.sheet]
        for column in table.input_columns:
            if column.type is not ValueType.CHOICE:
                continue
            validation = _validation_at(ws, table.data_range(column.key, extended=True))
            assert validation.type == "list"
            assert validation.formula1 == '"' + ",".join(column.choices) + '"'
            assert validation.errorStyle == "stop"
            checked += 1
    for named in spec.input_names:
        if named.choices:
            validation = _validation_at(wb[named.sheet], named.cell)
            assert validation.formula1 == '"' + ",".join(named.choices) + '"'
            checked += 1
    assert checked


@pytest.mark.parametrize("name", NAMES)
def test_validations_do_not_overlap(books, name):
    for ws in books[name]:
        seen: set[tuple[int, int]] = set()
        for dv in ws.data_validations.dataValidation:
            for cell_range in dv.sqref.ranges:
                cells = set(cell_range.cells)
                assert not cells & seen, f"{ws.title}: {cell_range} validated twice"
                seen |= cells


def test_references_validated_against_indikator(books):
    spec = TEMPLATES["kinerja"]
    target = spec.table("tblIndikator")
    for table_name, key in (("tblTriwulan", "kode"), ("tblAnggaran", "kode_indikator")):
        table = spec.table(table_name)
        validation = _validation_at(books["kinerja"][table.sheet], table.data_range(key))
        assert validation.type == "list"
        assert validation.formula1 == (
            f"'Indikator'!$A${target.first_data_row}:$A${target.extent_last_row}"
        )


def test_numeric_and_nip_validations(books):
    pegawai = TEMPLATES["ipasn"].table("tblPegawai")
    ws = books["ipasn"]["Pegawai"]
    nip = _validation_at(ws, pegawai.data_range("nip"))
    assert (nip.type, nip.operator, nip.formula1) == ("textLength", "equal", "18")
    skp = _validation_at(ws, pegawai.data_range("nilai_skp"))
    assert (skp.type, skp.operator, skp.formula1, skp.formula2) == (
        "decimal",
        "between",
        "0",
        "100",
    )
    tahun = _validation_at(books["kinerja"]["Identitas"], "B7")
    assert tahun.type == "whole"


@pytest.mark.parametrize("name", NAMES)
def test_conditional_colours(books, name):
    wb = books[name]
    spec = TEMPLATES[name]
    for table in spec.tables:
        ws = wb[table.sheet]
        for column in table.columns:
            if not column.colours:
                continue
            ref = table.data_range(column.key, extended=True)
            rules = [
                rule
                for cf in ws.conditional_formatting
                if str(cf.sqref) == ref
                for rule in cf.rules
            ]
            assert {rule.formula[0].strip('"') for rule in rules} == {
                label for label, _ in column.colours
            }
            colour_of = dict(column.colours)
            for rule in rules:
                expected = "FF" + colour_of[rule.formula[0].strip('"')].lstrip("#").upper()
                assert rule.dxf.fill.fgColor.rgb == expected


def test_pengaturan_band_tables_equal_presets(books):
    spec = TEMPLATES["kinerja"]
    ws = books["kinerja"]["Pengaturan"]
    for table_name, preset in (
        ("tblSkalaCapaian", "sakip"),
        ("tblSkalaEfisiensi", "efisiensi-rasio"),
    ):
        table = spec.table(table_name)
        rows = []
        for row in range(table.first_data_row, table.last_row + 1):
            values = {c.key: ws.cell(row, table.col_index(c.key)).value for c in table.columns}
            if any(v is not None for v in values.values()):
                rows.append(values)
        bands, problems = bands_from_rows(rows)
        assert not problems
        expected = load_preset(preset).bands
        assert [(b.label, b.lower, b.inclusive, b.colour) for b in bands] == [
            (b.label, b.lower, b.inclusive, b.colour) for b in expected
        ]


def test_evaluasi_prefilled(books):
    table = TEMPLATES["kinerja"].table("tblEvaluasiSakip")
    ws = books["kinerja"]["Evaluasi"]
    read = [
        (ws.cell(r, table.col_index("komponen")).value, ws.cell(r, table.col_index("bobot")).value)
        for r in range(table.first_data_row, table.first_data_row + len(table.prefill))
    ]
    assert read == [(row["komponen"], row["bobot"]) for row in table.initial_rows]
    assert sum(b for _, b in read) == 100


def test_charts(books):
    assert len(books["kinerja"]["Ringkasan"]._charts) == 1
    assert len(books["ipasn"]["Rekap"]._charts) == 1


@pytest.mark.parametrize("name", NAMES)
def test_frozen_header(books, name):
    for sheet in TEMPLATES[name].sheets:
        ws = books[name][sheet.name]
        if sheet.freeze and sheet.tables:
            assert ws.freeze_panes.endswith(str(sheet.tables[0].first_data_row))
        else:
            assert ws.freeze_panes is None


@pytest.mark.parametrize("name", NAMES)
def test_petunjuk_documents_every_sheet_table_column_and_name(books, name):
    ws = books[name]["Petunjuk"]
    text = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
    spec = TEMPLATES[name]
    for sheet in spec.sheets:
        if sheet.kind is not SheetKind.PETUNJUK:
            assert f"Lembar {sheet.name}" in text
    for table in spec.tables:
        assert table.name in text
        for column in table.columns:
            assert column.name in text and column.help in text
    for named in spec.names:
        assert named.name in text


@pytest.mark.parametrize("name", NAMES)
def test_properties_fixed(books, name):
    props = books[name].properties
    assert props.creator == CREATOR
    assert props.created == FIXED_TIMESTAMP
    assert props.modified == FIXED_TIMESTAMP


def _snapshot(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    sheets = {}
    for ws in wb:
        sheets[ws.title] = {
            "cells": [
                (c.coordinate, c.value, c.number_format, c.protection.locked)
                for row in ws.iter_rows()
                for c in row
                if c.value is not None or c.has_style
            ],
            "tables": {
                name: (ws.tables[name].ref, [c.name for c in ws.tables[name].tableColumns])
                for name in ws.tables
            },
            "validations": [
                (str(dv.sqref), dv.type, dv.operator, dv.formula1, dv.formula2, dv.errorStyle)
                for dv in ws.data_validations.dataValidation
            ],
            "conditional": [
                (str(cf.sqref), [(r.type, r.operator, r.formula) for r in cf.rules])
                for cf in ws.conditional_formatting
            ],
            "protection": (ws.protection.sheet, ws.protection.password),
            "freeze": ws.freeze_panes,
        }
    names = {k: v.attr_text for k, v in wb.defined_names.items()}
    return {"sheets": sheets, "names": names}


@pytest.mark.parametrize("name", NAMES)
def test_two_builds_are_identical(built, tmp_path, name):
    again = build_template(name, tmp_path)
    assert again == tmp_path / TEMPLATES[name].file_name
    assert _snapshot(again) == _snapshot(built[name])
    # Fixed timestamps make the package itself reproducible, so committed templates only change
    # when the declaration does.
    assert again.read_bytes() == built[name].read_bytes()


@pytest.mark.parametrize("name", NAMES)
def test_calamine_reads_every_sheet(built, name):
    workbook = CalamineWorkbook.from_path(str(built[name]))
    assert workbook.sheet_names == list(TEMPLATES[name].sheet_names)
    for sheet in TEMPLATES[name].sheets:
        rows = workbook.get_sheet_by_name(sheet.name).to_python()
        assert rows[0][0] == sheet.title or sheet.kind is SheetKind.PETUNJUK
        for table in sheet.tables:
            header = rows[table.header_row - 1][table.first_col - 1 : table.last_col]
            assert header == list(table.headers)


# --- new workbooks for users -------------------------------------------------------------------


def test_new_workbook_fills_identitas(tmp_path):
    path = tmp_path / "kinerja-bkpsdm.xlsx"
    identitas = {
        "Instansi": "Pemerintah Kota Bontang",
        "unit kerja": "BKPSDM",
        "Kode_Unit": "0101",
        "Tahun": "2024",
    }
    assert new_workbook("kinerja", path, identitas) == path
    wb = openpyxl.load_workbook(path)
    spec = TEMPLATES["kinerja"]

    def value(name):
        named = spec.named(name)
        return wb[named.sheet][named.cell].value

    assert value("Instansi") == "Pemerintah Kota Bontang"
    assert value("Unit_Kerja") == "BKPSDM"
    assert value("Kode_Unit") == "0101"
    assert value("Tahun") == 2024
    assert value("Versi_Template") == spec.version
    assert {t for ws in wb for t in ws.tables} == {t.name for t in spec.tables}


def test_new_workbook_refuses_to_overwrite_and_unknown_keys(tmp_path):
    path = tmp_path / "ipasn.xlsx"
    new_workbook("ipasn", path)
    with pytest.raises(FileExistsError):
        new_workbook("ipasn", path)
    new_workbook("ipasn", path, overwrite=True)
    with pytest.raises(ValueError, match="tidak dikenal"):
        new_workbook("ipasn", tmp_path / "b.xlsx", {"Versi_Template": "9"})
    with pytest.raises(ValueError, match="bilangan bulat"):
        new_workbook("ipasn", tmp_path / "c.xlsx", {"Tahun": "dua ribu"})
    with pytest.raises(ValueError, match="tidak dikenal"):
        new_workbook("lkjip", tmp_path / "d.xlsx")
    assert not (tmp_path / "b.xlsx").exists()


def test_open_workbook_is_not_overwritten(tmp_path):
    path = tmp_path / "kinerja.xlsx"
    new_workbook("kinerja", path)
    before = path.read_bytes()
    (tmp_path / "~$kinerja.xlsx").write_text("lock")
    with pytest.raises(PermissionError, match="dibuka"):
        new_workbook("kinerja", path, overwrite=True)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# --- LibreOffice ---------------------------------------------------------------------------------


def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) not installed on this machine")
    return found


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_round_trip_keeps_tables_and_names(built, tmp_path):
    soffice = _soffice()
    out = tmp_path / "out"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *(str(p) for p in built.values()),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    for name in NAMES:
        wb = openpyxl.load_workbook(out / f"{name}.xlsx")
        spec = TEMPLATES[name]
        assert set(wb.defined_names) == {n.name for n in spec.names}
        for table in spec.tables:
            ws = wb[table.sheet]
            assert ws.tables[table.name].ref == table.ref
        for sheet in spec.sheets:
            assert wb[sheet.name].protection.sheet is sheet.protected


def test_committed_templates_are_the_declaration_built(tmp_path):
    """workbook_templates/ holds exactly what `lkjip-xl templates build` makes today."""
    from pathlib import Path

    from lkjip_xl.workbook.builder import build_all

    committed = Path(__file__).resolve().parents[1] / "workbook_templates"
    for fresh in build_all(tmp_path):
        assert (committed / fresh.name).read_bytes() == fresh.read_bytes(), (
            f"{fresh.name} is stale: run `lkjip-xl templates build`"
        )
