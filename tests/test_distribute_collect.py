"""``distribute`` and ``collect``, with units' edits typed through openpyxl.

What a person in another office does in LibreOffice is in ``test_exchange_lo.py``; here openpyxl
stands in for typing, so that every rule of the exchange is exercised quickly: the unit's
workbook, a round trip that changes nothing, merged edits, additions and removals, and every way a
returned file is refused or set aside without losing anything already in the master.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from rich.console import Console
from typer.testing import CliRunner

from lkjip_xl import ipasn_pegawai
from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.builder import build_template, make_workbook
from lkjip_xl.workbook.contract import SheetKind, Table, Template, template
from lkjip_xl.workbook.demo import build_demo, fill_names, fill_table
from lkjip_xl.workbook.exchange import seal as seals
from lkjip_xl.workbook.exchange import stamp
from lkjip_xl.workbook.exchange.codes import StatusKiriman
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute, parse_deadline
from lkjip_xl.workbook.exchange.manifest import load
from lkjip_xl.workbook.exchange.package import ExchangeError
from lkjip_xl.workbook.exchange.split import plan
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.file_kind import uraian
from lkjip_xl.workbook.recompute import check, recompute
from lkjip_xl.workbook.safe_write import HOST_TAG, backups
from tests.reference import REPO
from tests.workbooks import ANGGARAN, INDIKATOR, TRIWULAN, filled_kinerja

IPASN = template("ipasn")
KINERJA = template("kinerja")
PEG = IPASN.table("tblPegawai")
UNITS = ("Dinas Kesehatan", "Sekretariat Daerah", "Kecamatan Utara", "Inspektorat")
IDENTITAS = {"Instansi": "Pemerintah Kota Uji", "Unit_Kerja": "BKPSDM", "Tahun": 2025}
PENDIDIKAN = ("SLTA", "D3", "S1", "S2")


# --- workbooks -------------------------------------------------------------------------------


def nip(unit: int, n: int) -> str:
    return f"198001012005{unit}1{n:04d}"


def pegawai(unit: int, n: int, **over: Any) -> dict[str, Any]:
    row = {
        "NIP": nip(unit, n),
        "Nama": f"Pegawai {unit}-{n}",
        "Unit Kerja": UNITS[unit],
        "Status": "PNS" if n % 3 else "PPPK",
        "Jenis Jabatan": ("Struktural", "Fungsional", "Pelaksana")[n % 3],
        "Pendidikan": PENDIDIKAN[n % 4],
        "Diklat Jenjang": "Ya" if n % 2 else "Tidak",
        "JP Diklat Teknis": 10 + 5 * n,
        "Seminar": "Ya",
        "Nilai SKP": 70.5 + n,
        "Hukuman Disiplin": "Tidak Pernah",
    }
    row.update(over)
    return row


def ipasn_master(path: Path, units: int = 3, per_unit: int = 4) -> Path:
    return computed_master(path, [pegawai(u, n) for u in range(units) for n in range(per_unit)])


def computed_master(path: Path, rows: list[dict[str, Any]]) -> Path:
    """An IP-ASN master of ``rows`` (filled as a user fills them), recomputed, no backup."""
    wb = make_workbook("ipasn")
    fill_names(wb, "ipasn", IDENTITAS)
    fill_table(wb, PEG, rows)
    wb.save(path)
    recompute_file(path)
    for backup in backups(path):
        backup.unlink()
    return path


def input_cells(path: Path, spec: Template) -> dict[tuple[str, str], Any]:
    """Every input cell of every table (within its range) and every input name."""
    wb = openpyxl.load_workbook(path)
    cells: dict[tuple[str, str], Any] = {}
    for table in spec.tables:
        ws = wb[table.sheet]
        ref = ws.tables[table.name].ref
        last = int(ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        for column in table.input_columns:
            col = table.col_index(column.key)
            for row in range(table.first_data_row, last + 1):
                cell = ws.cell(row, col)
                if cell.value is not None:
                    cells[(table.sheet, cell.coordinate)] = cell.value
    for named in spec.input_names:
        cells[(named.sheet, named.cell)] = wb[named.sheet][named.cell].value
    return cells


def rows_of(path: Path, table: Table) -> list[dict[str, Any]]:
    """The filled rows of a table (by column key), read back with openpyxl."""
    ws = openpyxl.load_workbook(path)[table.sheet]
    ref = ws.tables[table.name].ref
    last = int(ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    out = []
    for row in range(table.first_data_row, last + 1):
        values = {c.key: ws.cell(row, table.col_index(c.key)).value for c in table.columns}
        if any(values[c.key] not in (None, "") for c in table.input_columns):
            out.append(values)
    return out


def by_nip(path: Path) -> dict[str, dict[str, Any]]:
    return {r["nip"]: r for r in rows_of(path, PEG)}


def edit_unit(path: Path, out: Path | None = None, *, set_: dict | None = None,
              delete: list[str] = (), add: list[dict] = ()) -> Path:  # fmt: skip
    """Change cells (NIP -> {header: value}), delete rows (by NIP), add rows, as a person would:
    rows are deleted inside the table (it keeps its range) and added in its blank rows."""
    out = out or path
    wb = openpyxl.load_workbook(path)
    ws = wb[PEG.sheet]
    first = PEG.first_data_row
    col = {c.name: PEG.col_index(c.key) for c in PEG.columns}
    for row in range(first, ws.max_row + 1):
        key = ws.cell(row, col["NIP"]).value
        for header, value in (set_ or {}).get(key, {}).items():
            ws.cell(row, col[header], value)
    for key in delete:
        row = next(r for r in range(first, ws.max_row + 1) if ws.cell(r, col["NIP"]).value == key)
        ws.delete_rows(row)
    row = next(r for r in range(first, ws.max_row + 1) if ws.cell(r, col["NIP"]).value is None)
    for values in add:
        for header, value in values.items():
            ws.cell(row, col[header], value)
        row += 1
    wb.save(out)
    return out


def _computed_rows(path: Path, table: Table) -> list[dict[str, Any]]:
    ws = openpyxl.load_workbook(path)[table.sheet]
    ref = ws.tables[table.name].ref
    last = int(ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    out = []
    for row in range(table.first_data_row, last + 1):
        values = {c.key: ws.cell(row, table.col_index(c.key)).value for c in table.columns}
        if any(v is not None for v in values.values()):
            out.append(values)
    return out


def log_actions(path: Path) -> list[str]:
    return [r["tindakan"] for r in _computed_rows(path, IPASN.table("tblLog"))]


def codes(item) -> list[str]:
    return [m.code for m in item.masalah]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def master(tmp_path: Path) -> Path:
    return ipasn_master(tmp_path / "induk.xlsx")


@pytest.fixture
def sent(master: Path, tmp_path: Path):
    return distribute(master, tmp_path / "kirim")


def unit_file(sent, unit: int) -> Path:
    return next(w.path for w in sent.workbooks if w.unit == UNITS[unit])


# --- the unit's workbook ---------------------------------------------------------------------


def test_each_unit_gets_its_rows_stamped_with_settings_locked(master, sent, tmp_path):
    assert [w.unit for w in sent.workbooks] == list(UNITS[:3])
    manifest = load(sent.manifest)
    seals.load_key(master, manifest)
    assert manifest.id == sent.id and manifest.template == "ipasn"
    assert manifest.per["kolom"] == "Unit Kerja"
    for u, workbook in enumerate(sent.workbooks):
        path = workbook.path
        assert path.parent == tmp_path / "kirim" and path.suffix == ".xlsx"
        assert sorted(by_nip(path)) == [nip(u, n) for n in range(4)]
        # The rows are the master's, as typed.
        master_rows = by_nip(master)
        for key, row in by_nip(path).items():
            for column in PEG.input_columns:
                assert row[column.key] == master_rows[key][column.key], (key, column.name)
        stamps = stamp.read_stamps(path)
        seal = stamps.pop("Segel_Distribusi")
        assert stamps == {
            "Distribusi_ID": sent.id,
            "Unit_Distribusi": UNITS[u],
            "Sidik_Jari_Master": manifest.master_fingerprint,
            "Sidik_Jari_Pengaturan": manifest.settings_fingerprint,
        }
        # The seal is a SHA-256 MAC; its key is beside the master only, never in a unit's file.
        assert len(seal) == 64 and int(seal, 16) >= 0
        assert len(manifest.seal_key) == 64
        with zipfile.ZipFile(path) as archive:
            for part in archive.namelist():
                assert manifest.seal_key.encode() not in archive.read(part), part
        wb = openpyxl.load_workbook(path)
        settings = wb["Pengaturan"]
        assert settings.protection.sheet and not settings.protection.password
        for named in IPASN.input_names:
            if IPASN.sheet(named.sheet).kind is SheetKind.PENGATURAN:
                assert settings[named.cell].protection.locked, named.name
        # Its own results: Rekap holds this unit only, and the workbook checks clean.
        rekap = _computed_rows(path, IPASN.table("tblRekap"))
        totals = {"Seluruh Pegawai"} | {f"Jumlah {r['status']}" for r in rekap}
        assert {r["unit_kerja"] for r in rekap} - totals == {UNITS[u]}
        assert rekap[-1]["unit_kerja"] == "Seluruh Pegawai"
        assert rekap[-1]["jumlah_pegawai"] == 4
        assert log_actions(path)[-2:] == ["Distribusi", "Hitung Ulang"]
        assert _computed_rows(path, IPASN.table("tblPengumpulan")) == []
        laporan = check(FileBook(path))
        assert not laporan.galat and not laporan.peringatan, laporan.masalah
        sent_unit = manifest.unit(UNITS[u])
        assert sent_unit.sha256 == sha(path)
        assert sent_unit.tables["tblPegawai"].rows == 4
        assert [k[0][2:] for k in sent_unit.tables["tblPegawai"].keys] == [
            nip(u, n) for n in range(4)
        ]
    # The master records the distribution; its inputs are untouched.
    assert stamp.read_stamps(master) == {
        "Distribusi_ID": sent.id,
        "Manifest_Distribusi": "kirim/distribusi.json",
    }
    rows = _computed_rows(master, IPASN.table("tblPengumpulan"))
    assert [(r["unit"], r["status"], r["baris"]) for r in rows] == [
        (u, "Belum Kembali", 4) for u in UNITS[:3]
    ]
    assert log_actions(master)[-1] == "Distribusi"


def test_distribute_refuses_an_unknown_column_and_a_used_folder(master, tmp_path):
    with pytest.raises(ValueError, match="Kolom 'Bidang' tidak ada di tabel tblPegawai"):
        distribute(master, tmp_path / "a", per="Bidang")
    distribute(master, tmp_path / "a")
    with pytest.raises(FileExistsError, match="sudah memuat distribusi lain"):
        distribute(master, tmp_path / "a", new_distribution=True)


def test_distribute_refuses_a_master_with_duplicate_keys(tmp_path):
    path = tmp_path / "ganda.xlsx"
    wb = make_workbook("ipasn")
    fill_table(wb, PEG, [pegawai(0, 1), pegawai(1, 1, NIP=nip(0, 1))])
    wb.save(path)
    with pytest.raises(ExchangeError, match="dipakai dua kali"):
        distribute(path, tmp_path / "kirim")


def test_rows_without_a_unit_stay_in_the_master_and_are_reported(tmp_path):
    path = tmp_path / "induk.xlsx"
    wb = make_workbook("ipasn")
    fill_table(wb, PEG, [pegawai(0, 1), pegawai(0, 2, **{"Unit Kerja": None})])
    wb.save(path)
    result = distribute(path, tmp_path / "kirim")
    assert [m.code for m in result.masalah] == ["no-unit"]
    assert list(by_nip(result.workbooks[0].path)) == [nip(0, 1)]


def test_deadline_forms():
    assert parse_deadline("2026-12-31") == date(2026, 12, 31)
    assert parse_deadline("31-12-2026") == parse_deadline("31/12/2026") == date(2026, 12, 31)
    assert parse_deadline(None) is None
    with pytest.raises(ValueError, match="tidak dikenali"):
        parse_deadline("besok")


# --- round trips -----------------------------------------------------------------------------


def test_round_trip_without_edits_keeps_every_input(master, tmp_path):
    before = input_cells(master, IPASN)
    original = master.read_bytes()
    result_sent = distribute(master, tmp_path / "kirim")
    files = [w.path for w in result_sent.workbooks]
    result = collect(master, files)
    assert [k.status for k in result.kiriman] == [StatusKiriman.DITERIMA] * 3
    assert [(k.changed, k.added, k.removed) for k in result.kiriman] == [(0, 0, 0)] * 3
    assert all(not k.masalah for k in result.kiriman), [k.masalah for k in result.kiriman]
    assert result.awaited == []
    assert input_cells(master, IPASN) == before
    assert not result.laporan.galat
    # Every received file is archived unchanged, named with its hash.
    for path in files:
        digest = sha(path)
        (kept,) = (tmp_path / "arsip").glob(f"*.{digest[:16]}.xlsx")
        assert kept.read_bytes() == path.read_bytes()
    rows = _computed_rows(master, IPASN.table("tblPengumpulan"))
    assert [(r["unit"], r["status"], r["baris"]) for r in rows] == [
        (u, "Diterima", 4) for u in UNITS[:3]
    ]
    assert all(r["sidik_jari_berkas"] == sha(f)[:16] for r, f in zip(rows, files, strict=True))
    assert log_actions(master)[-3:] == ["Distribusi", "Pengumpulan", "Hitung Ulang"]
    # The previous version is kept beside the master.
    backup = backups(master)[0]
    assert backup.exists() and backup.read_bytes() != original


def test_a_temporary_file_a_killed_run_left_in_the_archive_is_removed_by_collect(
    master, sent, tmp_path
):
    # The archive is swept once per collection, not once per file archived.
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    archive = tmp_path / "arsip"
    archive.mkdir()
    left = archive / f".~lkjip-{HOST_TAG}-{int(gone.stdout)}-xyz.xlsx"
    left.write_bytes(b"setengah")
    files = [w.path for w in sent.workbooks]
    result = collect(master, files)
    assert [k.status for k in result.kiriman] == [StatusKiriman.DITERIMA] * 3
    assert not left.exists()
    assert sorted(p.read_bytes() for p in archive.glob("*.xlsx")) == sorted(
        p.read_bytes() for p in files
    )


@pytest.mark.parametrize("per", ["Sasaran", "Polaritas"])
def test_kinerja_round_trip_without_edits_keeps_every_input(tmp_path, per):
    path, _ = build_demo("kinerja-001", tmp_path)
    before = input_cells(path, KINERJA)
    result_sent = distribute(path, tmp_path / "kirim", per=per)
    split = plan(KINERJA, per)
    linked = ["tblTriwulan", "tblRiwayat", "tblAnggaran"]
    assert [link.spec.name for link in split.linked] == linked
    total = {name: sum(w.rows[name] for w in result_sent.workbooks)
             for name in ("tblIndikator", *linked)}  # fmt: skip
    assert total == {"tblIndikator": 4, "tblTriwulan": 16, "tblRiwayat": 4, "tblAnggaran": 19}
    result = collect(path, [w.path for w in result_sent.workbooks])
    assert {k.status for k in result.kiriman} == {StatusKiriman.DITERIMA}
    assert all(not k.masalah for k in result.kiriman), [k.masalah for k in result.kiriman]
    assert input_cells(path, KINERJA) == before


@pytest.mark.slow
def test_demo_roster_round_trip_keeps_rekap(tmp_path):
    path, _ = build_demo("ipasn-000", tmp_path)
    rekap = _computed_rows(path, IPASN.table("tblRekap"))
    before = input_cells(path, IPASN)
    result_sent = distribute(path, tmp_path / "kirim")
    assert len(result_sent.workbooks) == 7
    assert sum(w.rows["tblPegawai"] for w in result_sent.workbooks) == 2777
    collect(path, [w.path for w in result_sent.workbooks])
    assert _computed_rows(path, IPASN.table("tblRekap")) == rekap
    assert input_cells(path, IPASN) == before


# --- merging ---------------------------------------------------------------------------------


def test_edits_additions_and_removals_are_merged_and_recomputed(master, sent, tmp_path):
    new = pegawai(0, 9, Nama="Pegawai Baru", Pendidikan="S2")
    edit_unit(
        unit_file(sent, 0),
        set_={nip(0, 0): {"Pendidikan": "S3", "Nilai SKP": 95}},
        delete=[nip(0, 1)],
        add=[new],
    )
    before = by_nip(master)
    result = collect(master, [w.path for w in sent.workbooks])
    item = result.kiriman[0]
    assert (item.status, item.changed, item.added, item.removed) == (
        StatusKiriman.DITERIMA,
        1,
        1,
        1,
    )
    assert sorted(codes(item)) == ["row-added", "row-removed", "stale-results"]
    after = by_nip(master)
    assert nip(0, 1) not in after
    assert after[nip(0, 0)]["pendidikan"] == "S3" and after[nip(0, 0)]["nilai_skp"] == 95
    expected = ipasn_pegawai(pendidikan="S3", jenis_jabatan="Pelaksana", diklat_jenjang="Tidak",
                             jp_diklat_teknis=10, seminar="Ya", nilai_skp=95,
                             hukuman_disiplin="Tidak Pernah")  # fmt: skip
    assert after[nip(0, 0)]["kualifikasi"] == expected["kualifikasi"] == 25
    assert after[nip(0, 0)]["kinerja"] == expected["kinerja"]
    assert after[nip(0, 9)]["nama"] == "Pegawai Baru" and after[nip(0, 9)]["kualifikasi"] == 20
    # Nothing else changed, and the other units' rows are where they were.
    for key, row in before.items():
        if key not in (nip(0, 0), nip(0, 1)):
            assert {c.key: after[key][c.key] for c in PEG.input_columns} == {
                c.key: row[c.key] for c in PEG.input_columns
            }, key
    assert len(after) == len(before)
    # The new row took one of the table's blank rows: the table kept its size.
    assert openpyxl.load_workbook(master)[PEG.sheet].tables[PEG.name].ref == PEG.ref
    # The removed row's values are kept in the archive.
    data = json.loads(result.removed_archive.read_text(encoding="utf-8"))
    assert [r["nilai"]["NIP"] for r in data["baris"]] == [nip(0, 1)]
    row = _computed_rows(master, IPASN.table("tblPengumpulan"))[0]
    assert (row["status"], row["diubah"], row["ditambah"], row["dihapus"]) == ("Diterima", 1, 1, 1)
    assert "[row-removed]" in row["masalah"] and "[row-added]" in row["masalah"]
    rekap = {(r["unit_kerja"], r["status"]): r for r in _computed_rows(master,
             IPASN.table("tblRekap"))}  # fmt: skip
    assert rekap[("Seluruh Pegawai", "Semua Status")]["jumlah_pegawai"] == 12


def test_rows_removed_are_kept_when_asked(master, sent):
    edit_unit(unit_file(sent, 1), delete=[nip(1, 2)])
    result = collect(master, [unit_file(sent, 1)], apply_removals=False)
    assert codes(result.kiriman[0]) == ["stale-results", "removal-kept"]
    assert nip(1, 2) in by_nip(master)


def test_key_change_is_reported_and_not_merged(master, sent):
    edit_unit(unit_file(sent, 0), set_={nip(0, 2): {"NIP": nip(0, 7), "Nilai SKP": 99}})
    result = collect(master, [unit_file(sent, 0)])
    item = result.kiriman[0]
    assert item.status is StatusKiriman.DITERIMA
    problem = next(m for m in item.masalah if m.code == "key-changed")
    assert problem.tingkat.value == "galat"
    assert nip(0, 2) in problem.message and nip(0, 7) in problem.message
    assert problem.cell == "A7"
    after = by_nip(master)
    assert nip(0, 7) not in after and after[nip(0, 2)]["nilai_skp"] == 72.5
    assert (item.changed, item.added, item.removed) == (0, 0, 0)


def test_master_edits_after_distribution_are_conflicts(master, sent):
    wb = openpyxl.load_workbook(master)
    ws = wb[PEG.sheet]
    for row in range(PEG.first_data_row, PEG.first_data_row + 12):
        key = ws.cell(row, 1).value
        if key in (nip(0, 0), nip(0, 3)):
            ws.cell(row, PEG.col_index("nilai_skp"), 50)
    wb.save(master)
    edit_unit(
        unit_file(sent, 0),
        set_={nip(0, 0): {"Nilai SKP": 88}, nip(0, 1): {"Nilai SKP": 77}},
        delete=[nip(0, 3)],
    )
    result = collect(master, [unit_file(sent, 0)])
    item = result.kiriman[0]
    assert sorted(codes(item)) == ["master-changed", "master-edited", "removed-changed",
                                   "stale-results"]  # fmt: skip
    after = by_nip(master)
    assert after[nip(0, 0)]["nilai_skp"] == 50  # the master's edit is kept
    assert after[nip(0, 1)]["nilai_skp"] == 77  # the unit's edit of an untouched row is merged
    assert nip(0, 3) in after and after[nip(0, 3)]["nilai_skp"] == 50
    assert (item.changed, item.removed) == (1, 0)


def test_a_person_moved_between_units_is_moved(master, sent):
    moved = pegawai(1, 9, NIP=nip(0, 3), Nama="Pegawai 0-3")
    edit_unit(unit_file(sent, 0), delete=[nip(0, 3)])
    edit_unit(unit_file(sent, 1), add=[moved])
    result = collect(master, [unit_file(sent, 0), unit_file(sent, 1)])
    assert [(k.removed, k.added) for k in result.kiriman] == [(1, 0), (0, 1)]
    after = by_nip(master)
    assert after[nip(0, 3)]["unit_kerja"] == UNITS[1]
    assert sum(1 for r in rows_of(master, PEG) if r["nip"] == nip(0, 3)) == 1


def test_an_added_key_already_in_the_master_is_not_added(master, sent):
    edit_unit(unit_file(sent, 0), add=[pegawai(0, 9, NIP=nip(1, 0))])
    result = collect(master, [unit_file(sent, 0)])
    item = result.kiriman[0]
    assert item.status is StatusKiriman.DITOLAK and item.added is None
    (problem,) = item.reasons
    assert problem.code == "foreign-row" and problem.cell == "A9"
    assert f"NIP {nip(1, 0)} milik unit {UNITS[1]}" in problem.message
    assert by_nip(master)[nip(1, 0)]["nama"] == "Pegawai 1-0"


def test_kinerja_linked_tables_follow_their_indicators(tmp_path):
    path = filled_kinerja(tmp_path / "kinerja.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    recompute_file(path)
    result_sent = distribute(path, tmp_path / "kirim")
    units = {w.unit: w for w in result_sent.workbooks}
    assert {u: w.rows for u, w in units.items()} == {
        "Meningkatnya profesionalitas ASN": {"tblIndikator": 2, "tblTriwulan": 0,
                                             "tblRiwayat": 0, "tblAnggaran": 1},
        "Pelayanan kepegawaian": {"tblIndikator": 1, "tblTriwulan": 2, "tblRiwayat": 0,
                                  "tblAnggaran": 1},
    }  # fmt: skip
    layanan = units["Pelayanan kepegawaian"].path
    ind, tw, ang = (KINERJA.table(n) for n in ("tblIndikator", "tblTriwulan", "tblAnggaran"))
    wb = openpyxl.load_workbook(layanan)
    wb[ind.sheet].cell(ind.first_data_row, ind.col_index("realisasi"), 99)
    wb[tw.sheet].cell(tw.first_data_row + 2, tw.col_index("kode"), "IKU-3")
    wb[tw.sheet].cell(tw.first_data_row + 2, tw.col_index("triwulan"), "TW3")
    wb[tw.sheet].cell(tw.first_data_row + 2, tw.col_index("realisasi"), 30)
    wb[ang.sheet].cell(ang.first_data_row, ang.col_index("realisasi_anggaran"), 2400000000)
    wb.save(layanan)
    result = collect(path, [w.path for w in result_sent.workbooks])
    item = next(k for k in result.kiriman if k.unit == "Pelayanan kepegawaian")
    assert (item.status, item.changed, item.added, item.removed) == (
        StatusKiriman.DITERIMA,
        2,
        1,
        0,
    )
    indikator = {r["kode"]: r for r in rows_of(path, ind)}
    assert indikator["IKU-3"]["realisasi"] == 99 and indikator["IKU-3"]["capaian"] == 110
    assert [(r["kode"], r["triwulan"]) for r in rows_of(path, tw)] == [
        ("IKU-3", "TW1"), ("IKU-3", "TW2"), ("IKU-3", "TW3")
    ]  # fmt: skip
    anggaran = rows_of(path, ang)
    assert [r["realisasi_anggaran"] for r in anggaran] == [10610006984, 2400000000]
    assert anggaran[1]["serapan"] == round(2400000000 / 2481980047 * 100, 2)


# --- what is refused, and what is kept ---------------------------------------------------------


def tamper_settings(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Pengaturan"]
    ws.protection.sheet = False
    ws[IPASN.named("Desimal").cell] = 3
    wb.save(path)


def test_rejections_conflicts_and_missing_units_lose_nothing(tmp_path):
    master = ipasn_master(tmp_path / "induk.xlsx", units=4)
    other = shutil.copy(master, tmp_path / "induk-lain.xlsx")
    sent = distribute(master, tmp_path / "kirim")
    elsewhere = distribute(other, tmp_path / "kirim-lain")
    before = by_nip(master)

    tampered = edit_unit(unit_file(sent, 0), set_={nip(0, 0): {"Nilai SKP": 99}})
    tamper_settings(tampered)
    foreign = edit_unit(unit_file(elsewhere, 1), set_={nip(1, 0): {"Nilai SKP": 11}})
    first = edit_unit(unit_file(sent, 2), tmp_path / "unit2-a.xlsx",
                      set_={nip(2, 0): {"Nilai SKP": 61}})  # fmt: skip
    second = edit_unit(unit_file(sent, 2), tmp_path / "unit2-b.xlsx",
                       set_={nip(2, 0): {"Nilai SKP": 62}})  # fmt: skip
    good = edit_unit(unit_file(sent, 1), set_={nip(1, 1): {"Pendidikan": "S3"}})
    garbage = tmp_path / "rusak.xlsx"
    garbage.write_bytes(b"bukan buku kerja")
    plain = build_template("ipasn", tmp_path / "templat.xlsx")

    files = [tampered, foreign, first, second, good, garbage, plain]
    result = collect(master, files)
    status = {k.name: (k.status, k.unit) for k in result.kiriman}
    assert status == {
        tampered.name: (StatusKiriman.DITOLAK, UNITS[0]),
        foreign.name: (StatusKiriman.DITOLAK, None),
        "unit2-a.xlsx": (StatusKiriman.KONFLIK, UNITS[2]),
        "unit2-b.xlsx": (StatusKiriman.KONFLIK, UNITS[2]),
        good.name: (StatusKiriman.DITERIMA, UNITS[1]),
        "rusak.xlsx": (StatusKiriman.DITOLAK, None),
        "templat.xlsx": (StatusKiriman.DITOLAK, None),
    }
    reasons = {k.name: [m.code for m in k.reasons] for k in result.kiriman}
    assert reasons[tampered.name] == ["settings-changed"]
    settings = next(m for m in result.kiriman[0].masalah if m.code == "settings-changed")
    assert "Jumlah Desimal (Desimal)" in settings.message
    assert reasons[foreign.name] == ["other-distribution"]
    assert reasons["unit2-a.xlsx"] == reasons["unit2-b.xlsx"] == ["conflict-files"]
    assert reasons["rusak.xlsx"] == ["unreadable"]
    # Told what the file is (a text), as the file layer tells a unit's file.
    said = uraian(garbage, kiriman=True)
    assert (
        said
        and said in next(k for k in result.kiriman if k.name == "rusak.xlsx").masalah[0].message
    )
    assert reasons["templat.xlsx"] == ["no-stamp"]
    assert result.awaited == [UNITS[3]]

    after = by_nip(master)
    changed = {nip(1, 1)}
    for key, row in before.items():
        fields = {c.key: row[c.key] for c in PEG.input_columns}
        if key in changed:
            assert after[key]["pendidikan"] == "S3"
        else:
            assert {c.key: after[key][c.key] for c in PEG.input_columns} == fields, key
    rows = _computed_rows(master, IPASN.table("tblPengumpulan"))
    assert [(r["unit"], r["status"]) for r in rows] == [
        (UNITS[0], "Ditolak"),
        (UNITS[1], "Diterima"),
        (UNITS[2], "Konflik"),
        (UNITS[2], "Konflik"),
        (UNITS[3], "Belum Kembali"),
        (None, "Ditolak"),
        (None, "Ditolak"),
        (None, "Ditolak"),
    ]
    assert "[settings-changed]" in rows[0]["masalah"]
    assert all(r["waktu_diterima"] is not None for r in rows if r["status"] != "Belum Kembali")
    # Every file received, readable or not, is in the archive unchanged.
    archived = {p.read_bytes() for p in (tmp_path / "arsip").glob("*.xlsx")}
    assert {f.read_bytes() for f in files} <= archived

    # The next collection: the same file again is a duplicate, another file a conflict.
    late = edit_unit(unit_file(sent, 1), tmp_path / "unit1-b.xlsx",
                     set_={nip(1, 2): {"Nilai SKP": 12}})  # fmt: skip
    again = collect(master, [good, late, first])
    assert [k.status for k in again.kiriman] == [
        StatusKiriman.DUPLIKAT,
        StatusKiriman.KONFLIK,
        StatusKiriman.DITERIMA,
    ]
    assert [m.code for m in again.kiriman[1].reasons] == ["already-accepted"]
    assert by_nip(master)[nip(1, 2)]["nilai_skp"] == before[nip(1, 2)]["nilai_skp"]
    assert by_nip(master)[nip(2, 0)]["nilai_skp"] == 61
    assert again.awaited == [UNITS[3]]


def test_late_files_and_changed_deadline_stamps(master, tmp_path):
    sent = distribute(master, tmp_path / "kirim", deadline=date(2020, 1, 31))
    assert stamp.read_stamps(unit_file(sent, 0))["Batas_Waktu"] == "2020-01-31"
    wb = openpyxl.load_workbook(unit_file(sent, 1))
    wb.defined_names["Batas_Waktu"] = DefinedName("Batas_Waktu", attr_text='"2099-12-31"')
    wb.save(unit_file(sent, 1))
    result = collect(master, [unit_file(sent, 0), unit_file(sent, 1)])
    assert codes(result.kiriman[0]) == ["late"]
    assert result.kiriman[1].status is StatusKiriman.DITOLAK
    assert codes(result.kiriman[1]) == ["stamp-changed"]


def test_edits_outside_the_units_part_are_reported_not_merged(master, sent):
    wb = openpyxl.load_workbook(unit_file(sent, 0))
    wb["Identitas"][IPASN.named("Unit_Kerja").cell] = "Dinas Kesehatan"
    wb.save(unit_file(sent, 0))
    result = collect(master, [unit_file(sent, 0)])
    assert codes(result.kiriman[0]) == ["ignored-edits"]
    assert "Unit Kerja (Unit_Kerja)" in result.kiriman[0].masalah[0].message
    assert openpyxl.load_workbook(master)["Identitas"]["B5"].value == "BKPSDM"


def test_collect_needs_a_distributed_master(tmp_path):
    master = ipasn_master(tmp_path / "induk.xlsx")
    with pytest.raises(ExchangeError, match="belum pernah dibagikan"):
        collect(master, [])


def test_a_master_distributed_again_refuses_the_older_manifest(master, tmp_path):
    first = distribute(master, tmp_path / "kirim-1")
    distribute(master, tmp_path / "kirim-2", new_distribution=True)
    with pytest.raises(ExchangeError, match="distribusi terakhir"):
        collect(master, [first.workbooks[0].path], manifest=first.manifest)
    result = collect(master, [first.workbooks[0].path])
    assert [m.code for m in result.kiriman[0].reasons] == ["other-distribution"]


# --- stamps as bytes -----------------------------------------------------------------------


def test_stamps_are_set_replaced_and_removed_in_any_workbook_xml():
    plain = (b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheets><sheet name="A" sheetId="1"/></sheets><calcPr/></workbook>')  # fmt: skip
    xml = stamp.set_stamps(plain, {"Distribusi_ID": 'D-1 & "x"', "Unit_Distribusi": "Dinas"})
    assert stamp.stamps_in(xml) == {"Distribusi_ID": 'D-1 & "x"', "Unit_Distribusi": "Dinas"}
    assert xml.index(b"</sheets>") < xml.index(b"<definedNames>") < xml.index(b"<calcPr")
    xml = stamp.set_stamps(xml, {"Distribusi_ID": "D-2", "Unit_Distribusi": None})
    assert stamp.stamps_in(xml) == {"Distribusi_ID": "D-2"}
    prefixed = (b'<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<x:sheets/><x:definedNames><x:definedName name="Tahun">S!$B$7</x:definedName>'
                b"</x:definedNames></x:workbook>")  # fmt: skip
    xml = stamp.set_stamps(prefixed, {"Batas_Waktu": "2026-12-31"})
    assert b'<x:definedName name="Batas_Waktu" hidden="1">' in xml
    assert stamp.stamps_in(xml) == {"Batas_Waktu": "2026-12-31"}
    with pytest.raises(ValueError, match="terlalu panjang"):
        stamp.set_stamps(plain, {"Unit_Distribusi": "x" * 300})
    with pytest.raises(ValueError, match=r"\(1\.200 karakter"):
        stamp.set_stamps(plain, {"Unit_Distribusi": "x" * 1200})


# --- command line ----------------------------------------------------------------------------


def test_cli_distributes_and_collects_with_a_progress_bar(master, tmp_path, monkeypatch):
    from lkjip_xl import cli

    screen = io.StringIO()
    monkeypatch.setattr(cli, "err", Console(file=screen, force_terminal=True, width=100))
    runner = CliRunner()
    done = runner.invoke(cli.app, ["bagikan", str(master), "-o", str(tmp_path / "kirim"),
                                   "--batas-waktu", "2099-12-31"])  # fmt: skip
    assert done.exit_code == 0, done.output + screen.getvalue()
    assert "3 buku kerja unit" in done.output
    files = sorted(str(p) for p in (tmp_path / "kirim").glob("*.xlsx"))
    edit_unit(Path(files[0]), set_={nip(0, 0): {"Nilai SKP": 90}})
    tamper_settings(Path(files[1]))
    screen.seek(0)
    screen.truncate(0)
    done = runner.invoke(cli.app, ["kumpulkan", str(master), *files])
    assert done.exit_code == 1, done.output  # a file was refused
    bar = screen.getvalue()
    assert "Memeriksa induk - Dinas Kesehatan.xlsx" in bar and "━" in bar and "5/5" in bar, bar
    assert "Ditolak" in done.output and "settings-changed" in done.output
    done = runner.invoke(cli.app, ["kumpulkan", str(master), files[2], "--json"])
    assert done.exit_code == 0, done.output  # the same file again: a duplicate, not a failure
    data = json.loads(done.output)
    assert [k["status"] for k in data["kiriman"]] == ["Duplikat"]
    assert [m["code"] for m in data["kiriman"][0]["masalah"]] == ["duplicate-file"]
    assert data["belum_kembali"] == []


def test_cli_failures_are_one_sentence(tmp_path, master):
    runner = CliRunner()
    from lkjip_xl import cli

    done = runner.invoke(cli.app, ["collect", str(master), str(master)])
    assert done.exit_code == 2
    assert "belum pernah dibagikan" in done.output and "Traceback" not in done.output
    done = runner.invoke(cli.app, ["distribute", str(master), "-o", str(tmp_path / "x"),
                                   "--per", "Bidang"])  # fmt: skip
    assert done.exit_code == 2 and "Kolom 'Bidang'" in done.output


def test_unit_workbooks_recompute_like_the_engine(sent):
    """A unit's workbook is an ordinary workbook: the engine recomputes it, changing nothing."""
    path = unit_file(sent, 2)
    before = input_cells(path, IPASN)
    book = FileBook(path)
    laporan = recompute(book)
    book.commit()
    assert not laporan.galat and input_cells(path, IPASN) == before
    with zipfile.ZipFile(path) as archive:
        assert b"Distribusi_ID" in archive.read("xl/workbook.xml")


def test_a_formula_typed_in_an_input_cell_is_merged_as_its_value(master, sent):
    from tests.hostile.corpus import set_cell_xml

    row, column = PEG.first_data_row, PEG.col_index("nilai_skp")
    ref = f"{PEG.letter('nilai_skp')}{row}"

    def in_master() -> Any:
        return openpyxl.load_workbook(master)[PEG.sheet].cell(row, column)

    before = in_master().value
    assert before is not None
    # openpyxl stores no result: the cell reads as blank. Merged, it would wipe the master's
    # value; the file is refused and the master keeps it.
    path = unit_file(sent, 0)
    wb = openpyxl.load_workbook(path)
    wb[PEG.sheet].cell(row, column, "=80+5")
    wb.save(path)
    (item,) = collect(master, [path]).kiriman
    assert item.status is StatusKiriman.DITOLAK
    problem = next(m for m in item.masalah if m.code == "formula-without-value")
    assert problem.cell == ref and "tidak digabungkan" in problem.message
    assert in_master().value == before
    # Saved by Excel, the formula holds its result: that value is merged, and it is said.
    set_cell_xml(path, PEG.sheet, ref, f'<c r="{ref}"><f>80+5</f><v>85</v></c>'.encode())
    (item,) = collect(master, [path]).kiriman
    assert item.status is StatusKiriman.DITERIMA, item.masalah
    problem = next(m for m in item.masalah if m.code == "formula-input")
    assert problem.cell == ref and "rumus" in problem.message
    cell = in_master()  # no formula reaches the master, only the value the unit's cell held
    assert cell.value == 85 and cell.data_type != "f"


def test_many_units_are_built_in_worker_processes(tmp_path, monkeypatch):
    from lkjip_xl.workbook.exchange import unit_build as module

    master = ipasn_master(tmp_path / "induk.xlsx", units=4, per_unit=2)
    monkeypatch.setattr(module, "_workers", lambda units: 2)
    sent = distribute(master, tmp_path / "kirim")
    assert [w.unit for w in sent.workbooks] == list(UNITS)
    for u, workbook in enumerate(sent.workbooks):
        assert sorted(by_nip(workbook.path)) == [nip(u, 0), nip(u, 1)]
        assert stamp.read_stamps(workbook.path)["Unit_Distribusi"] == UNITS[u]
    result = collect(master, [w.path for w in sent.workbooks])
    assert [k.status for k in result.kiriman] == [StatusKiriman.DITERIMA] * 4
    assert all(not k.masalah for k in result.kiriman)


# --- which unit a file is, and which rows it may touch ---------------------------------------


def set_stamp(path: Path, name: str, value: str | None) -> Path:
    """Edit one stamp as a person can in Excel's Name Manager (None deletes it)."""
    wb = openpyxl.load_workbook(path)
    if name in wb.defined_names:
        del wb.defined_names[name]
    if value is not None:
        wb.defined_names[name] = DefinedName(name, attr_text=f'"{value}"')
    wb.save(path)
    return path


def test_a_renamed_unit_stamp_is_refused_and_no_other_unit_changes(master, sent):
    """A returned file whose Unit_Distribusi was renamed to another unit used to be accepted
    and remove that unit's rows from the master."""
    forged = set_stamp(unit_file(sent, 0), "Unit_Distribusi", UNITS[1])
    good = edit_unit(unit_file(sent, 2), set_={nip(2, 0): {"Nilai SKP": 91}})
    before = by_nip(master)
    result = collect(master, [forged, good])
    refused, accepted = result.kiriman
    assert (refused.status, refused.unit) == (StatusKiriman.DITOLAK, None)
    assert [m.code for m in refused.reasons] == ["seal-invalid"]
    assert f"unit {UNITS[1]} yang tercap" in refused.reasons[0].message
    assert accepted.status is StatusKiriman.DITERIMA
    after = by_nip(master)
    assert sorted(after) == sorted(before)
    for key, row in before.items():
        expected = {c.key: row[c.key] for c in PEG.input_columns}
        if key == nip(2, 0):
            expected["nilai_skp"] = 91
        assert {c.key: after[key][c.key] for c in PEG.input_columns} == expected, key
    # Neither the claimed unit nor the real one has sent anything yet.
    assert result.awaited == [UNITS[0], UNITS[1]]


def test_a_missing_or_edited_seal_is_refused(master, sent):
    unsealed = set_stamp(unit_file(sent, 0), "Segel_Distribusi", None)
    seal = stamp.read_stamps(unit_file(sent, 1))["Segel_Distribusi"]
    edited = set_stamp(unit_file(sent, 1), "Segel_Distribusi", ("0" if seal[0] != "0" else "1")
                       + seal[1:])  # fmt: skip
    result = collect(master, [unsealed, edited])
    assert [k.status for k in result.kiriman] == [StatusKiriman.DITOLAK] * 2
    assert [m.code for k in result.kiriman for m in k.reasons] == ["seal-invalid"] * 2
    assert "tidak memuat segel distribusi" in result.kiriman[0].reasons[0].message


def _every_byte_in(folder: Path) -> list[tuple[str, bytes]]:
    """Each file of ``folder`` (hidden ones too), and each part of the workbooks in it."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            found.append((path.name, path.read_bytes()))
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    found += [(f"{path.name}:{n}", archive.read(n)) for n in archive.namelist()]
    return found


def test_the_seal_key_stays_beside_the_master_and_still_proves_each_file(master, sent, tmp_path):
    """The key was written into distribusi.json in the folder that goes out to the units: a
    unit holding the manifest could seal a forged stamp. Now it is in a hidden file beside the
    master, and no file of the output folder holds it."""
    key_file = seals.key_file(master)
    assert key_file.parent == master.parent and key_file.name.startswith(".")
    key = json.loads(key_file.read_text(encoding="utf-8"))["kunci"][sent.id]
    assert len(key) == 64 and int(key, 16) >= 0
    assert "kunci_segel" not in json.loads(sent.manifest.read_text(encoding="utf-8"))
    assert not any(seals.KEY_SUFFIX in name for name, _ in _every_byte_in(sent.folder))
    for name, data in _every_byte_in(sent.folder):
        assert key.encode() not in data, name
    # Collect reads the key from beside the master: a forged stamp is still refused.
    forged = set_stamp(unit_file(sent, 0), "Unit_Distribusi", UNITS[1])
    good = edit_unit(unit_file(sent, 2), set_={nip(2, 0): {"Nilai SKP": 91}})
    result = collect(master, [forged, good])
    assert [k.status for k in result.kiriman] == [StatusKiriman.DITOLAK, StatusKiriman.DITERIMA]
    assert [m.code for m in result.kiriman[0].reasons] == ["seal-invalid"]
    assert by_nip(master)[nip(2, 0)]["nilai_skp"] == 91


def test_collect_refuses_in_words_when_the_key_file_is_missing(master, sent):
    seals.key_file(master).unlink()
    before = sha(master)
    with pytest.raises(ExchangeError) as refused:
        collect(master, [unit_file(sent, 0)])
    assert seals.key_file(master).name in str(refused.value)
    assert "Kunci segel" in str(refused.value)
    assert sha(master) == before


def test_a_manifest_holding_its_own_key_still_works(master, sent):
    """Manifests written before the key moved hold it themselves: still read as then."""
    key_file = seals.key_file(master)
    key = json.loads(key_file.read_text(encoding="utf-8"))["kunci"][sent.id]
    key_file.unlink()
    data = json.loads(sent.manifest.read_text(encoding="utf-8"))
    del data["berkas_kunci_segel"]
    data["kunci_segel"] = key
    sent.manifest.write_text(json.dumps(data), encoding="utf-8")
    forged = set_stamp(unit_file(sent, 0), "Unit_Distribusi", UNITS[1])
    good = edit_unit(unit_file(sent, 2), set_={nip(2, 0): {"Nilai SKP": 91}})
    result = collect(master, [forged, good])
    assert [k.status for k in result.kiriman] == [StatusKiriman.DITOLAK, StatusKiriman.DITERIMA]
    assert by_nip(master)[nip(2, 0)]["nilai_skp"] == 91


def test_two_collects_of_one_master_at_once_lose_nothing(master, sent, tmp_path):
    """Each collect read the master, merged and wrote it whole: run together, the later write
    dropped the other's rows. Now the second waits for the first and reads what it wrote."""
    first = edit_unit(unit_file(sent, 0), set_={nip(0, 1): {"Nilai SKP": 81}})
    second = edit_unit(unit_file(sent, 1), set_={nip(1, 2): {"Nilai SKP": 82}})
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    runs = [
        subprocess.Popen([sys.executable, "-m", "lkjip_xl.cli", "kumpulkan", str(master), str(f)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for f in (first, second)
    ]  # fmt: skip
    outcomes = [run.communicate(timeout=300) for run in runs]
    codes = [run.returncode for run in runs]
    assert codes == [0, 0], outcomes
    rows = by_nip(master)
    assert (rows[nip(0, 1)]["nilai_skp"], rows[nip(1, 2)]["nilai_skp"]) == (81, 82)
    status = {r["unit"]: r["status"] for r in _computed_rows(master, IPASN.table("tblPengumpulan"))}
    assert (status[UNITS[0]], status[UNITS[1]], status[UNITS[2]]) == (
        "Diterima", "Diterima", "Belum Kembali",
    )  # fmt: skip
    assert log_actions(master).count("Pengumpulan") == 2
    assert not [p.name for p in master.parent.iterdir() if p.name.startswith(".~lkjip-")]


def test_a_copied_seal_cannot_reach_another_units_rows(master, sent):
    """Both stamps copied from another unit's file: the seal holds, but the file holds rows
    of its real unit, which are not the claimed unit's to add: refused, nothing changes."""
    stamps = stamp.read_stamps(unit_file(sent, 1))
    path = unit_file(sent, 0)
    set_stamp(path, "Unit_Distribusi", stamps["Unit_Distribusi"])
    set_stamp(path, "Segel_Distribusi", stamps["Segel_Distribusi"])
    before = input_cells(master, IPASN)
    result = collect(master, [path])
    (item,) = result.kiriman
    assert item.status is StatusKiriman.DITOLAK and item.unit == UNITS[1]
    assert {m.code for m in item.reasons} == {"foreign-row"}
    assert f"NIP {nip(0, 0)} milik unit {UNITS[0]}" in item.reasons[0].message
    assert input_cells(master, IPASN) == before


def test_a_file_carrying_another_units_rows_is_refused(master, sent):
    theirs = [pegawai(1, n, **{"Unit Kerja": UNITS[1], "Nilai SKP": 1}) for n in range(2)]
    carrying = edit_unit(unit_file(sent, 0), sent.folder / "membawa.xlsx", add=theirs)
    good = edit_unit(unit_file(sent, 2), set_={nip(2, 1): {"Pendidikan": "S3"}})
    before = by_nip(master)
    result = collect(master, [carrying, good])
    assert [k.status for k in result.kiriman] == [StatusKiriman.DITOLAK, StatusKiriman.DITERIMA]
    assert [m.cell for m in result.kiriman[0].reasons] == ["A9", "A10"]
    after = by_nip(master)
    assert after[nip(1, 0)]["nilai_skp"] == before[nip(1, 0)]["nilai_skp"] == 70.5
    assert after[nip(2, 1)]["pendidikan"] == "S3"
    # Once the other unit's file releases the person, the move goes through.
    edit_unit(unit_file(sent, 1), delete=[nip(1, 0)])
    moved = edit_unit(unit_file(sent, 0), add=[pegawai(1, 0, **{"Unit Kerja": UNITS[0]})])
    result = collect(master, [unit_file(sent, 1), moved])
    assert [k.status for k in result.kiriman] == [StatusKiriman.DITERIMA] * 2
    assert by_nip(master)[nip(1, 0)]["unit_kerja"] == UNITS[0]


def test_a_refused_release_refuses_the_move_too(master, sent):
    """A move needs both files accepted: when the releasing file is refused, so is the adding
    one, and neither unit's rows change."""
    edit_unit(unit_file(sent, 1), delete=[nip(1, 0)])
    tamper_settings(unit_file(sent, 1))
    edit_unit(unit_file(sent, 0), add=[pegawai(1, 0, **{"Unit Kerja": UNITS[0]})])
    before = input_cells(master, IPASN)
    result = collect(master, [unit_file(sent, 1), unit_file(sent, 0)])
    assert [[m.code for m in k.reasons] for k in result.kiriman] == [
        ["settings-changed"], ["foreign-row"]
    ]  # fmt: skip
    assert input_cells(master, IPASN) == before


def test_a_file_as_sent_releases_none_of_its_rows(master, sent):
    """The other unit's file returned exactly as sent (its rows not even opened) still holds
    the person: the file carrying that person is refused, and no row changes."""
    theirs = [pegawai(1, 0, **{"Unit Kerja": UNITS[0]})]
    carrying = edit_unit(unit_file(sent, 0), add=theirs)
    before = input_cells(master, IPASN)
    result = collect(master, [unit_file(sent, 1), carrying])
    assert [k.status for k in result.kiriman] == [StatusKiriman.DITERIMA, StatusKiriman.DITOLAK]
    assert result.kiriman[0].as_sent
    assert [m.code for m in result.kiriman[1].reasons] == ["foreign-row"]
    assert f"milik unit {UNITS[1]}" in result.kiriman[1].reasons[0].message
    assert input_cells(master, IPASN) == before


def test_earlier_pengumpulan_counts_stay_integers_when_rewritten(master, sent):
    """Each collect rewrites tblPengumpulan, the earlier rows read back first: their counts
    (rows, changed, added, removed) were written back as ``<v>4.0</v>``, which openpyxl and
    LibreOffice read as floats. They are written as the integers they are."""
    collect(master, [edit_unit(unit_file(sent, 0), set_={nip(0, 1): {"Nilai SKP": 81}})])
    collect(master, [edit_unit(unit_file(sent, 1), set_={nip(1, 2): {"Nilai SKP": 82}})])
    rows = {r["unit"]: r for r in _computed_rows(master, IPASN.table("tblPengumpulan"))}
    counts = [rows[unit][key] for unit in UNITS[:2] for key in ("baris", "diubah", "ditambah",
                                                                "dihapus")]  # fmt: skip
    assert counts == [4, 1, 0, 0, 4, 1, 0, 0]
    assert [type(c) for c in counts] == [int] * 8, counts


def test_cli_counts_past_a_thousand_are_written_with_the_thousands_dot(tmp_path):
    # A unit of 1,001 people: its rows, in distribute's table and collect's, read 1.001 as the
    # counts of galat beside them do, not 1001.
    from lkjip_xl import cli

    master = computed_master(
        tmp_path / "induk.xlsx", [pegawai(0, n, **{"Nilai SKP": 80}) for n in range(1001)]
    )
    runner = CliRunner()
    done = runner.invoke(cli.app, ["bagikan", str(master), "-o", str(tmp_path / "kirim"),
                                   "--batas-waktu", "2099-12-31"])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "│ 1.001 " in done.output and " 1001 " not in done.output, done.output
    files = [str(p) for p in (tmp_path / "kirim").glob("*.xlsx")]
    done = runner.invoke(cli.app, ["kumpulkan", str(master), *files])
    assert done.exit_code == 0, done.output
    assert "│ 1.001 " in done.output and " 1001 " not in done.output, done.output
