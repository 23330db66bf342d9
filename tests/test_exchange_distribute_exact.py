"""A distributed unit workbook is exactly what the engine's recompute of it gives.

Each unit file of a distribution is recomputed (the engine's own ``recompute`` on a copy) and
compared part by part, inflated: only the ``Log`` sheet and its table (the recompute's own Log
row) may differ. Masters with blank and uncomputable values, problems, long texts, stale
results, and a ``kinerja`` master split by its linked tables.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import build_demo
from lkjip_xl.workbook.exchange import row_slices, unit_build
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.exchange.manifest import load
from lkjip_xl.workbook.exchange.master_fingerprint import master_fingerprint
from lkjip_xl.workbook.exchange.row_slices import find_rows_streamed as _streamed
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.patcher import Package
from lkjip_xl.workbook.recompute import analyse, recompute
from tests.test_distribute_collect import PEG, computed_master, pegawai

IPASN = template("ipasn")
LONG = "Pegawai dengan nama yang sangat panjang " * 12


def _unusual_master(path: Path) -> Path:
    """Three units; blank and uncomputable values, problems and long texts among their rows."""
    rows = [pegawai(u, n) for u in range(3) for n in range(6)]
    rows[1]["Nilai SKP"] = None  # blank: not filled, never 0
    rows[2]["Pendidikan"] = "SMA?"  # an unknown value: a problem in the row
    rows[3]["NIP"] = "12345"  # a NIP too short
    rows[7]["Nama"] = LONG
    rows[8]["JP Diklat Teknis"] = "banyak"  # text in a number column
    rows[9]["Nilai SKP"] = 250  # out of range
    rows[13]["Status"] = None
    rows[14]["Hukuman Disiplin"] = "Berat"
    return computed_master(path, rows)


def _stale(path: Path) -> Path:
    """The master's inputs changed after its last recompute: its computed cells are old."""
    wb = openpyxl.load_workbook(path)
    ws = wb[PEG.sheet]
    ws.cell(PEG.first_data_row, PEG.col_index("nilai_skp"), 51.25)
    ws.cell(PEG.first_data_row + 4, PEG.col_index("pendidikan"), "S3")
    wb.save(path)
    return path


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _log_parts(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        package = Package(archive)
        sheet = package.sheet_part("Log")
        return {sheet, package.table_parts()["tblLog"]}


def assert_recompute_changes_nothing(unit: Path, tmp_path: Path) -> None:
    again = tmp_path / f"ulang-{unit.name}"
    shutil.copy(unit, again)
    book = FileBook(again)
    recompute(book)
    book.commit()
    sent, recomputed = _parts(unit), _parts(again)
    assert sorted(sent) == sorted(recomputed), unit.name
    log = _log_parts(unit)
    changed = sorted(n for n in sent if n not in log and sent[n] != recomputed[n])
    assert changed == [], f"{unit.name}: a recompute changes {changed}"


@pytest.mark.parametrize("stale", [False, True], ids=["current", "stale"])
def test_ipasn_units_are_what_a_recompute_gives(tmp_path, stale):
    master = _unusual_master(tmp_path / "induk.xlsx")
    if stale:
        _stale(master)
    sent = distribute(master, tmp_path / "kirim")
    assert len(sent.workbooks) == 3
    for workbook in sent.workbooks:
        assert_recompute_changes_nothing(workbook.path, tmp_path)


@pytest.mark.parametrize("per", ["Sasaran", "Polaritas"])
def test_kinerja_units_are_what_a_recompute_gives(tmp_path, per):
    master, _ = build_demo("kinerja-001", tmp_path)
    sent = distribute(master, tmp_path / "kirim", per=per)
    assert len(sent.workbooks) >= 2
    for workbook in sent.workbooks:
        assert_recompute_changes_nothing(workbook.path, tmp_path)


def test_units_made_by_workers_forked_early_are_what_a_recompute_gives(tmp_path, monkeypatch):
    """Worker processes forked before the master is read (a large master's) get what they
    need with each unit, and make the same workbooks."""
    monkeypatch.setattr(unit_build, "EARLY_WORKERS_FROM", 0)
    monkeypatch.setattr(unit_build, "PARALLEL_FROM", 1)
    rows = [pegawai(0, n, **{"Unit Kerja": f"Unit {n % 8}"}) for n in range(24)]
    rows[5]["Nilai SKP"] = None
    rows[6]["NIP"] = "123"
    master = computed_master(tmp_path / "induk.xlsx", rows)
    sent = distribute(master, tmp_path / "kirim")
    assert len(sent.workbooks) == 8
    for workbook in sent.workbooks:
        assert hashlib.sha256(workbook.path.read_bytes()).hexdigest() == workbook.sha256
        assert_recompute_changes_nothing(workbook.path, tmp_path)


def test_a_large_masters_rows_are_found_by_a_worker_while_it_is_read(tmp_path, monkeypatch):
    """The places of the roster sheet's rows come from a worker forked early (found while this
    process reads the master): this process never searches the sheet for them, and every unit
    holds its own rows."""
    monkeypatch.setattr(unit_build, "EARLY_WORKERS_FROM", 0)
    monkeypatch.setattr(unit_build, "PARALLEL_FROM", 1)
    here = os.getpid()
    searched: list[str] = []
    real = row_slices.find_rows

    def find_rows(xml, part):
        if os.getpid() == here:
            searched.append(part)
        return real(xml, part)

    monkeypatch.setattr(row_slices, "find_rows", find_rows)
    split_here = []
    monkeypatch.setattr(
        unit_build, "find_rows_streamed",
        lambda *a: split_here.append(os.getpid()) or _streamed(*a),
    )  # fmt: skip
    rows = [pegawai(0, n, **{"Unit Kerja": f"Unit {n % 4}"}) for n in range(12)]
    master = computed_master(tmp_path / "induk.xlsx", rows)
    sent = distribute(master, tmp_path / "kirim")
    assert searched == [] and here not in split_here
    assert len(sent.workbooks) == 4
    for workbook in sent.workbooks:
        got = openpyxl.load_workbook(workbook.path, read_only=True)[PEG.sheet]
        units = {r[PEG.col_index("unit_kerja") - 1] for r in got.iter_rows(
            min_row=PEG.first_data_row, values_only=True) if r[0]}  # fmt: skip
        assert units == {workbook.unit}


def test_a_kinerja_master_made_by_workers_forked_early(tmp_path, monkeypatch):
    """A master whose largest sheet is not the one split: the sheet split while the master is
    read is let go, the one distributed split as before."""
    monkeypatch.setattr(unit_build, "EARLY_WORKERS_FROM", 0)
    monkeypatch.setattr(unit_build, "PARALLEL_FROM", 1)
    master, _ = build_demo("kinerja-001", tmp_path)
    sent = distribute(master, tmp_path / "kirim", per="Sasaran")
    assert len(sent.workbooks) >= 2
    for workbook in sent.workbooks:
        assert_recompute_changes_nothing(workbook.path, tmp_path)


# --- the master's fingerprint, read without the analysis ------------------------------------------


def _below(path: Path) -> Path:
    """Two employees typed right under the table (the analysis takes them into it)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[PEG.sheet]
    last = int(ws.tables[PEG.name].ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    for n, row in enumerate([pegawai(1, 40), pegawai(2, 41)]):
        for key, value in row.items():
            column = next(c.key for c in PEG.columns if c.name == key)
            ws.cell(last + 1 + n, PEG.col_index(column), value)
    wb.save(path)
    return path


@pytest.mark.parametrize("case", ["current", "stale", "below"])
def test_the_masters_fingerprint_is_the_analysis_own(tmp_path, case):
    master = _unusual_master(tmp_path / "induk.xlsx")
    if case == "stale":
        _stale(master)
    if case == "below":
        _below(master)
    cheap_book, full_book = FileBook(master), FileBook(master)
    fingerprint = master_fingerprint(cheap_book)
    assert fingerprint == analyse(full_book).laporan.fingerprint
    assert len(fingerprint) == 16
    # The tables read afterwards hold the same rows (those typed below the table too).
    cheap, full = cheap_book.read_table(PEG.name), full_book.read_table(PEG.name)
    assert cheap.rows == full.rows
    if case == "below":
        assert any(r[0] == pegawai(2, 41)["NIP"] for r in cheap.rows)
    sent = distribute(master, tmp_path / "kirim")
    assert load(sent.manifest).master_fingerprint == fingerprint


def test_a_kind_without_a_quick_fingerprint_is_analysed(tmp_path):
    master, _ = build_demo("kinerja-001", tmp_path)
    assert master_fingerprint(FileBook(master)) == analyse(FileBook(master)).laporan.fingerprint
