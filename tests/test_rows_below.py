"""Rows typed right under an input table (DESIGN §3).

LibreOffice does not grow an Excel table when one types under it, and Excel does not on a
protected sheet. Such rows are not ignored: ``check`` warns (``rows-below-table``, with their
cells) and ``recompute`` takes them into the table: its range grows, their computed cells are
written, the Log and the command line say so. Rows are typed with openpyxl for every input table
of both templates, and in LibreOffice itself; the xlwings book must do what the file book does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from lkjip_xl import ipasn_pegawai
from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.below import input_tables
from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import template
from tests.workbooks import ANGGARAN, INDIKATOR, TRIWULAN, filled_kinerja

KINERJA, IPASN = template("kinerja"), template("ipasn")
CODE = "rows-below-table"

PEGAWAI = {
    "NIP": "198706152010011003", "Nama": "Pegawai Bawah", "Unit Kerja": "Bidang A",
    "Status": "PNS", "Jenis Jabatan": "Pelaksana", "Pendidikan": "S1", "Diklat Jenjang": "Tidak",
    "JP Diklat Teknis": 20, "Seminar": "Ya", "Nilai SKP": 90, "Hukuman Disiplin": "Tidak Pernah",
}  # fmt: skip
# Per input table: rows typed under it, and (header, value) its first row must compute to.
BELOW: dict[str, tuple[list[dict[str, Any]], tuple[str, Any] | None]] = {
    "tblIndikator": (
        [{"Kode": "IKU-8", "Sasaran": "Pelayanan kepegawaian", "Indikator": "Baru",
          "Satuan": "%", "Polaritas": "Positif", "Target": 80, "Realisasi": 88},
         {"Kode": "IKU-9", "Sasaran": "Pelayanan kepegawaian", "Indikator": "Baru 2",
          "Satuan": "%", "Polaritas": "Negatif", "Target": 10, "Realisasi": 5}],
        ("Capaian", 110.0),
    ),
    "tblTriwulan": (
        [{"Kode": "IKU-3", "Triwulan": "TW3", "Target": 20, "Realisasi": 30}], ("Capaian", 150.0)
    ),
    "tblRiwayat": (
        [{"Kode": "IKU-1", "Tahun": 2019, "Target": 80, "Realisasi": 88}], ("Capaian", 110.0)
    ),
    "tblAnggaran": (
        [{"Kode Indikator": "IKU-2", "Program/Kegiatan": "Program Bawah", "Pagu": 1000,
          "Realisasi Anggaran": 900}],
        ("Serapan", 90.0),
    ),
    "tblEvaluasiSakip": ([{"Komponen": "Komponen Bawah", "Bobot": 0, "Nilai": 0}], None),
    "tblSkalaCapaian": ([{"Predikat": "Istimewa", "Batas Bawah": 500}], None),
    "tblSkalaEfisiensi": ([{"Predikat": "Istimewa", "Batas Bawah": 900}], None),
    "tblPegawai": ([PEGAWAI], ("Nilai IP ASN", None)),
}  # fmt: skip


IND_LAST = KINERJA.table("tblIndikator").last_letter  # tblIndikator's last column


def test_every_input_table_of_both_templates_is_covered():
    names = {t.name for spec in (KINERJA, IPASN) for t in input_tables(spec)}
    assert names == set(BELOW)
    assert not names & {"tblLog", "tblPengumpulan", "tblRingkasanSasaran", "tblRekap"}


def _workbook(name: str, path: Path) -> Path:
    if name == "tblPegawai":
        return build_template("ipasn", path)
    return filled_kinerja(path, INDIKATOR, ANGGARAN, TRIWULAN)


def _type_below(path: Path, name: str, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Type ``rows`` with openpyxl right under table ``name``; (first, last) Excel rows."""
    spec = (IPASN if name == "tblPegawai" else KINERJA).table(name)
    wb = openpyxl.load_workbook(path)
    ws = wb[spec.sheet]
    c1, _r1, _c2, r2 = range_boundaries(ws.tables[name].ref)
    headers = [c.name for c in spec.columns]
    for i, row in enumerate(rows, start=r2 + 1):
        for header, value in row.items():
            ws.cell(i, c1 + headers.index(header)).value = value
    wb.save(path)
    return r2 + 1, r2 + len(rows)


def _ref(path: Path, sheet: str, name: str) -> tuple[str, str | None]:
    table = openpyxl.load_workbook(path)[sheet].tables[name]
    return table.ref, table.autoFilter.ref if table.autoFilter is not None else None


def _inputs(path: Path) -> dict[tuple[str, str], Any]:
    """Every input cell of every input table (as far as the sheet's rows reach)."""
    wb = openpyxl.load_workbook(path)
    found = {}
    for spec in (KINERJA, IPASN):
        for table in input_tables(spec):
            if table.sheet not in wb.sheetnames or table.name not in wb[table.sheet].tables:
                continue
            ws = wb[table.sheet]
            for column in table.input_columns:
                letter = table.letter(column.name)
                for r in range(table.first_data_row, table.last_row + 10):
                    found[(table.sheet, f"{letter}{r}")] = ws[f"{letter}{r}"].value
    return found


@pytest.mark.parametrize("name", list(BELOW))
def test_rows_typed_below_a_table_are_warned_then_taken_in(name, tmp_path, monkeypatch):
    monkeypatch.setenv("LKJIP_USER", "penguji")
    spec = (IPASN if name == "tblPegawai" else KINERJA).table(name)
    rows, expected = BELOW[name]
    path = _workbook(name, tmp_path / "book.xlsx")
    old_ref, _ = _ref(path, spec.sheet, name)
    first, last = _type_below(path, name, rows)
    inputs_before = _inputs(path)

    warnings = [m for m in check_file(path).masalah if m.code == CODE]
    span = f"{first}–{last}" if last > first else f"{first}"
    assert [(m.sheet, m.cell, m.table) for m in warnings] == [
        (spec.sheet, f"{spec.letter(spec.columns[0].name)}{first}:"
                     f"{spec.letter(spec.columns[-1].name)}{last}", name)
    ]  # fmt: skip
    assert f"{len(rows)} baris di bawah tabel {name} (baris {span})" in warnings[0].message

    laporan = recompute_file(path)
    note = f"{len(rows)} baris di bawah tabel {name} (baris {span}) dimasukkan ke dalam tabel."
    assert laporan.catatan == [note]
    assert CODE not in {m.code for m in laporan.masalah}
    new_ref = old_ref.rsplit(":", 1)[0] + f":{spec.letter(spec.columns[-1].name)}{last}"
    assert _ref(path, spec.sheet, name) == (new_ref, new_ref)
    assert _inputs(path) == inputs_before  # no input cell changed
    wb = openpyxl.load_workbook(path)
    log = wb["Log"]
    log_ref = log.tables["tblLog"].ref
    keterangan = log.cell(range_boundaries(log_ref)[3], range_boundaries(log_ref)[2]).value
    assert note in keterangan
    if expected is not None:
        header, value = expected
        cell = wb[spec.sheet][f"{spec.letter(header)}{first}"].value
        if name == "tblPegawai":
            total = ipasn_pegawai(
                pendidikan="S1", jenis_jabatan="Pelaksana", diklat_jenjang="Tidak",
                jp_diklat_teknis=20, seminar="Ya", nilai_skp=90, hukuman_disiplin="Tidak Pernah",
            )["total"]  # fmt: skip
            assert cell == pytest.approx(total)
        else:
            assert cell == pytest.approx(value)
    # Taken in: the next check has nothing to say about rows below.
    assert CODE not in {m.code for m in check_file(path).masalah}


def test_a_blank_row_ends_what_is_taken_in_and_engine_tables_stay(tmp_path):
    """Rows after a blank row are not taken in; text under the Log and a computed table is not
    the engine's business (they are written by it, never extended this way)."""
    path = filled_kinerja(tmp_path / "k.xlsx", INDIKATOR)
    rows = BELOW["tblIndikator"][0]
    first, _ = _type_below(path, "tblIndikator", [rows[0], {}, rows[1]])
    wb = openpyxl.load_workbook(path)
    engine = {"Log": "tblLog", "Ringkasan": "tblRingkasanSasaran"}
    refs = {}
    for sheet, name in engine.items():
        refs[name] = wb[sheet].tables[name].ref
        wb[sheet].cell(range_boundaries(refs[name])[3] + 1, 1).value = "ketikan"
    wb.save(path)
    (warning,) = [m for m in check_file(path).masalah if m.code == CODE]
    assert warning.cell == f"A{first}:{IND_LAST}{first}"
    recompute_file(path)
    assert _ref(path, "Indikator", "tblIndikator")[0] == f"A4:{IND_LAST}{first}"
    below_ringkasan = range_boundaries(refs["tblRingkasanSasaran"])[3] + 1
    ringkasan = _ref(path, "Ringkasan", "tblRingkasanSasaran")[0]
    assert range_boundaries(ringkasan)[3] < below_ringkasan  # as computed: one row per sasaran
    assert openpyxl.load_workbook(path)["Ringkasan"].cell(below_ringkasan, 1).value == "ketikan"
    log_ref = _ref(path, "Log", "tblLog")[0]
    assert range_boundaries(log_ref)[3] == range_boundaries(refs["tblLog"])[3]  # filled its row
    assert CODE not in {m.code for m in check_file(path).masalah}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", *args], capture_output=True, text=True,
        timeout=300, env={**os.environ, "COLUMNS": "200", "LKJIP_USER": "penguji"},
    )  # fmt: skip


def test_a_stray_far_cell_is_not_read(tmp_path):
    """Values in XFD1048576 and A1048576 of the Indikator sheet: the read stays bounded (a
    dense read of that sheet would be 17 billion cells; today's reader aborts the process),
    and only the contiguous row under the table is taken in."""
    path = filled_kinerja(tmp_path / "k.xlsx", INDIKATOR)
    first, _ = _type_below(path, "tblIndikator", BELOW["tblIndikator"][0][:1])
    wb = openpyxl.load_workbook(path)
    wb["Indikator"]["XFD1048576"] = "jauh"
    wb["Indikator"]["A1048576"] = "IKU-99"
    wb.save(path)
    checked = _cli("check", "--json", str(path))
    assert checked.returncode in (0, 1), checked.stderr[-2000:]
    problems = [m for m in json.loads(checked.stdout)["masalah"] if m["code"] == CODE]
    assert [(m["place"], m["message"]) for m in problems] == [
        (f"Indikator!A{first}:{IND_LAST}{first}",
         f"1 baris di bawah tabel tblIndikator (baris {first}) belum termasuk tabel; "
         "Hitung Ulang akan memasukkannya ke dalam tabel."),
    ]  # fmt: skip
    done = _cli("recompute", str(path))
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"1 baris di bawah tabel tblIndikator (baris {first}) dimasukkan" in done.stdout
    ws = openpyxl.load_workbook(path)["Indikator"]
    assert ws.tables["tblIndikator"].ref == f"A4:{IND_LAST}{first}"
    assert ws["XFD1048576"].value == "jauh" and ws["A1048576"].value == "IKU-99"
    assert ws[f"{KINERJA.table('tblIndikator').letter('Capaian')}{first}"].value == 110


# --- LibreOffice: a person types under the table and saves ---------------------------------


@pytest.mark.libreoffice
def test_rows_typed_below_in_libreoffice(libreoffice, tmp_path):
    source = filled_kinerja(tmp_path / "k.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    ind, ang = KINERJA.table("tblIndikator"), KINERJA.table("tblAnggaran")
    operations = []
    for spec, rows in ((ind, BELOW["tblIndikator"][0]), (ang, BELOW["tblAnggaran"][0])):
        for i, row in enumerate(rows, start=spec.last_row + 1):
            operations += [
                {"op": "set", "sheet": spec.sheet, "cell": f"{spec.letter(h)}{i}", "value": v}
                for h, v in row.items()
            ]
    typed = libreoffice.edit(source, tmp_path / "typed.xlsx", operations)
    info = libreoffice.inspect(typed)
    assert (
        info["database_ranges"]["tblIndikator"] == f"Indikator!A4:{IND_LAST}{ind.last_row}"
    )  # as-is
    inputs_before = _inputs(typed)

    checked = _cli("check", "--json", str(typed))
    assert checked.returncode in (0, 1), checked.stderr[-2000:]
    places = sorted(m["place"] for m in json.loads(checked.stdout)["masalah"] if m["code"] == CODE)
    assert places == [
        f"Anggaran!A{ang.last_row + 1}:I{ang.last_row + 1}",
        f"Indikator!A{ind.last_row + 1}:{IND_LAST}{ind.last_row + 2}",
    ]

    out = tmp_path / "hasil.xlsx"
    shutil.copy(typed, out)
    done = _cli("recompute", str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    assert (
        f"2 baris di bawah tabel tblIndikator (baris {ind.last_row + 1}–{ind.last_row + 2}) "
        "dimasukkan ke dalam tabel." in done.stdout
    )
    assert f"1 baris di bawah tabel tblAnggaran (baris {ang.last_row + 1})" in done.stdout
    assert _inputs(out) == inputs_before

    wb = openpyxl.load_workbook(out)
    assert wb["Indikator"].tables["tblIndikator"].ref == f"A4:{IND_LAST}{ind.last_row + 2}"
    assert wb["Anggaran"].tables["tblAnggaran"].ref == f"A4:I{ang.last_row + 1}"
    capaian = f"{ind.letter('Capaian')}{ind.last_row + 1}"
    assert wb["Indikator"][capaian].value == 110
    assert wb["Anggaran"][f"{ang.letter('Serapan')}{ang.last_row + 1}"].value == 90
    info = libreoffice.inspect(out)
    assert info["database_ranges"]["tblIndikator"] == f"Indikator!A4:{IND_LAST}{ind.last_row + 2}"
    assert info["database_ranges"]["tblAnggaran"] == f"Anggaran!A4:I{ang.last_row + 1}"
    assert info["cells"]["Indikator"][capaian] == 110
