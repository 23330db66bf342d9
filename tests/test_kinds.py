"""The registry of template kinds, and computations held to their declarations.

Every kind joins a template to its computation, split column, examples and upgrade hook; every
declared computed column, result table and computed name must be produced by the computation
(a declaration the computation does not fill is a programming error, raised, never a blank).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.table import TableColumn

from lkjip_xl.workbook import kinds
from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.compute import ipasn as compute_ipasn
from lkjip_xl.workbook.compute import kinerja as compute_kinerja
from lkjip_xl.workbook.compute.base import MissingResultError
from lkjip_xl.workbook.contract import (
    TEMPLATES,
    Column,
    Role,
    SheetKind,
    SheetSpec,
    Table,
    Template,
    ValueType,
)
from lkjip_xl.workbook.demo import DEMOS
from lkjip_xl.workbook.demo_books import fill_table
from lkjip_xl.workbook.exchange.split import plan
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.problems import Laporan
from lkjip_xl.workbook.reader import StructureError, read_names
from lkjip_xl.workbook.recompute import analyse, check

COMMITTED = Path(__file__).resolve().parents[1] / "workbook_templates"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", *args], capture_output=True, text=True, timeout=300
    )


# --- the registry ----------------------------------------------------------------------------


def test_every_template_has_one_kind():
    assert list(kinds.KINDS) == ["kinerja", "ipasn"]
    for name, kind in kinds.KINDS.items():
        assert kind.template is TEMPLATES[name]
        assert kinds.kind(name) is kind
        assert kinds.kind_of(TEMPLATES[name]) is kind


def test_what_each_kind_declares():
    kinerja, ipasn = kinds.kind("kinerja"), kinds.kind("ipasn")
    assert kinerja.analyse is compute_kinerja.analyse
    assert ipasn.analyse is compute_ipasn.analyse
    assert (kinerja.primary_table.name, ipasn.primary_table.name) == ("tblIndikator", "tblPegawai")
    # DESIGN / README: ipasn splits by Unit Kerja, kinerja by Sasaran.
    assert kinerja.primary_table.column(kinerja.split_column).name == "Sasaran"
    assert ipasn.primary_table.column(ipasn.split_column).name == "Unit Kerja"
    for kind in kinds.KINDS.values():
        assert plan(kind.template, kind.split_column).per.key == kind.split_column
        # Without --per, the exchange splits by the column the registry names.
        assert plan(kind.template, None).per.key == kind.split_column
    assert [d.name for d in kinerja.demos] == ["kinerja-000", "kinerja-001"]
    assert [d.name for d in ipasn.demos] == ["ipasn-000"]
    assert DEMOS == {
        "kinerja-000": "LKjIP-2021-BKPSDM-Bontang.xlsx",
        "kinerja-001": "LKjIP-2020-BKD-Kaltim.xlsx",
        "ipasn-000": "IPASN-2021-Kota-Bontang.xlsx",
    }


def test_unknown_names_fail_with_one_indonesian_sentence():
    with pytest.raises(ValueError, match=r"Jenis templat 'laporan' tidak dikenal; yang tersedia: "
                       r"ipasn, kinerja\."):  # fmt: skip
        kinds.kind("laporan")
    with pytest.raises(ValueError, match="Contoh 'ipasn-999' tidak dikenal"):
        kinds.find_demo("ipasn-999")


def test_a_kind_must_split_by_an_input_column():
    kinerja = kinds.kind("kinerja")
    with pytest.raises(ValueError, match="not an input"):
        replace(kinerja, split_column="capaian")
    with pytest.raises(KeyError):
        replace(kinerja, split_column="tidak_ada")


def test_new_refuses_an_unknown_kind(tmp_path):
    target = tmp_path / "x.xlsx"
    result = cli("new", "laporan", str(target))
    assert result.returncode == 2
    assert "Jenis templat 'laporan' tidak dikenal; yang tersedia: ipasn, kinerja." in result.stderr
    assert not target.exists()


def test_templates_build_makes_the_committed_templates_byte_for_byte(tmp_path):
    result = cli("templates", "build", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == ["ipasn.xlsm", "ipasn.xlsx", "kinerja.xlsm", "kinerja.xlsx"]
    for name in built:
        assert (tmp_path / name).read_bytes() == (COMMITTED / name).read_bytes(), name


def test_detect_finds_the_kind_by_its_first_data_table(tmp_path):
    for name in kinds.KINDS:
        path = tmp_path / f"{name}.xlsx"
        make_workbook(name).save(path)
        assert kinds.detect(FileBook(path)).name == name
    other = tmp_path / "lain.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(StructureError, match="tidak ada tabel tblIndikator atau tblPegawai"):
        kinds.detect(FileBook(other))


def test_the_upgrade_hook_decides_what_version_a_book_is_at(tmp_path, monkeypatch):
    path = tmp_path / "lama.xlsx"
    wb = make_workbook("kinerja")
    versi = TEMPLATES["kinerja"].named("Versi_Template")
    wb[versi.sheet][versi.cell] = "2025.1"
    wb.save(path)
    codes = [m.code for m in check(FileBook(path)).masalah]
    assert "template-version" in codes  # keep_version: no upgrade path, the reader says so

    seen = []

    def upgrade(book, stored):
        seen.append(stored)
        return TEMPLATES["kinerja"].version

    monkeypatch.setitem(kinds.KINDS, "kinerja", replace(kinds.kind("kinerja"), upgrade=upgrade))
    codes = [m.code for m in check(FileBook(path)).masalah]
    assert seen == ["2025.1"]
    assert "template-version" not in codes


# --- every declared result is produced ---------------------------------------------------------


def _expected_results(spec: Template) -> set[str]:
    return {t.name for t in spec.result_tables} | {n.name for n in spec.result_names}


def test_result_tables_and_names_are_the_computed_ones():
    kinerja, ipasn = TEMPLATES["kinerja"], TEMPLATES["ipasn"]
    assert _expected_results(kinerja) == {
        "tblIndikator", "tblTriwulan", "tblRiwayat", "tblAnggaran", "tblRingkasanSasaran",
        "Nilai_SAKIP",
        "Predikat_SAKIP", "Rata_Capaian", "Predikat_Instansi", "Serapan_Total",
        "Efisiensi_Instansi",
    }  # fmt: skip
    assert _expected_results(ipasn) == {"tblPegawai", "tblRekap", "tblSelisih"}


@pytest.mark.parametrize("name", list(DEMOS))
def test_demo_computations_produce_every_declared_result(tmp_path, name):
    demo = kinds.find_demo(name)
    path = tmp_path / demo.file_name
    demo.workbook().save(path)
    analisis = analyse(FileBook(path))
    assert analisis.tulis  # computed, not stopped by its settings
    assert analisis.produced == _expected_results(analisis.template)


def _with_extra_column(path: Path, table_name: str, header: str) -> None:
    """Give a workbook's table one more column, as a later template version might."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        if table_name in ws.tables:
            table = ws.tables[table_name]
            first, last = table.ref.split(":")
            column = openpyxl.utils.cell.coordinate_from_string(last)[0]
            index = openpyxl.utils.cell.column_index_from_string(column) + 1
            header_row = openpyxl.utils.cell.coordinate_from_string(first)[1]
            ws.cell(header_row, index, header)
            letter = openpyxl.utils.get_column_letter(index)
            row = openpyxl.utils.cell.coordinate_from_string(last)[1]
            table.ref = f"{first}:{letter}{row}"
            table.autoFilter.ref = table.ref
            table.tableColumns.append(TableColumn(id=len(table.tableColumns) + 1, name=header))
    wb.save(path)


def test_a_computed_column_the_computation_lacks_raises(tmp_path):
    path = tmp_path / "kinerja.xlsx"
    kinds.find_demo("kinerja-001").workbook().save(path)
    _with_extra_column(path, "tblIndikator", "Tambahan")
    spec = TEMPLATES["kinerja"]
    indikator = spec.table("tblIndikator")
    extra = Column("Tambahan", "tambahan", Role.COMPUTED, ValueType.TEXT, help="Kolom baru.")
    wider = replace(indikator, columns=(*indikator.columns, extra))
    sheets = tuple(
        replace(s, tables=(wider,)) if s.name == indikator.sheet else s for s in spec.sheets
    )
    declared = replace(spec, sheets=sheets)

    book = FileBook(path)
    values, _ = read_names(book, declared)
    # The same workbook under the real declaration computes (the extra header is harmless).
    assert compute_kinerja.analyse(book, spec, values, Laporan("kinerja", book.label)).tulis
    with pytest.raises(MissingResultError) as caught:
        compute_kinerja.analyse(book, declared, values, Laporan("kinerja", book.label))
    error = caught.value
    assert (error.template, error.table, error.column) == ("kinerja", "tblIndikator", "Tambahan")
    assert "templat kinerja" in str(error) and "'Tambahan' tabel tblIndikator" in str(error)
    assert isinstance(error, RuntimeError) and not isinstance(error, ValueError)  # not a user's


def test_a_result_table_the_computation_never_writes_raises(tmp_path):
    path = tmp_path / "ipasn.xlsx"
    wb = make_workbook("ipasn")
    rows = [
        {"NIP": "198001012005011001", "Nama": "A", "Unit Kerja": "U1", "Status": "PNS",
         "Jenis Jabatan": "Pelaksana", "Pendidikan": "S1", "Hukuman Disiplin": "Tidak Pernah"},
    ]  # fmt: skip
    fill_table(wb, TEMPLATES["ipasn"].table("tblPegawai"), rows)
    wb.save(path)
    spec = TEMPLATES["ipasn"]
    table = Table(
        "tblTambahan",
        "Tambahan",
        "A4",
        "Tabel hasil baru",
        (Column("Nilai", "nilai", Role.COMPUTED, ValueType.NUMBER, help="Hasil baru."),),
        min_rows=2,
    )
    extra_sheet = SheetSpec("Tambahan", "Tambahan", SheetKind.HASIL, tables=(table,))
    declared = replace(spec, sheets=(*spec.sheets, extra_sheet))

    book = FileBook(path)
    values, _ = read_names(book, spec)
    complete = compute_ipasn.analyse(book, spec, values, Laporan("ipasn", book.label))
    complete.require_complete()  # the real declaration is filled
    analisis = compute_ipasn.analyse(book, declared, values, Laporan("ipasn", book.label))
    with pytest.raises(MissingResultError, match="'Nilai' tabel tblTambahan"):
        analisis.require_complete()
