"""Collect checks many files in worker processes, begun before the master is read, and writes
the master in one pass; neither changes what collect does.

The same returned files are collected into two copies of one distribution, once checked in this
process and once in worker processes: the statuses, problems and masters are the same. And a
master written by collect is what the engine's own recompute makes of its inputs: recomputing it
again changes no cell of its sheets.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.exchange import check_pool
from lkjip_xl.workbook.exchange import collect as collect_module
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.safe_write import backups
from tests.test_distribute_collect import (
    IDENTITAS,
    IPASN,
    PEG,
    edit_unit,
    input_cells,
    ipasn_master,
    nip,
    pegawai,
    rows_of,
    unit_file,
)

PER_UNIT = 40


@pytest.fixture(scope="module")
def returned(tmp_path_factory) -> tuple[Path, list[Path]]:
    """A distribution to four units, and what comes back: edits, a removal and an addition, a
    change outside the unit's part, a file as sent, the same file twice, a broken file."""
    root = tmp_path_factory.mktemp("asal")
    (root / "dist").mkdir()
    master = ipasn_master(root / "dist" / "induk.xlsx", units=4, per_unit=PER_UNIT)
    sent = distribute(master, root / "dist" / "kirim")
    back = root / "kembali"
    back.mkdir()
    u0 = edit_unit(unit_file(sent, 0), back / "u0.xlsx", set_={nip(0, 3): {"Nilai SKP": 88.25}},
                   delete=[nip(0, 2)], add=[pegawai(0, 700, Nama="Pegawai Baru")])  # fmt: skip
    u1 = edit_unit(unit_file(sent, 1), back / "u1.xlsx", set_={nip(1, 5): {"Pendidikan": "S3"}})
    wb = openpyxl.load_workbook(u1)
    named = IPASN.input_names[0]
    wb[named.sheet][named.cell] = "Instansi Lain"  # outside the unit's part: told, not merged
    wb.save(u1)
    u2 = shutil.copy(unit_file(sent, 2), back / "u2.xlsx")  # as sent
    again = shutil.copy(u2, back / "u2-lagi.xlsx")
    broken = back / "rusak.xlsx"
    broken.write_bytes(Path(u0).read_bytes()[:5000])
    return root / "dist", [Path(u0), Path(u1), Path(u2), Path(again), broken]


def _collect(
    returned: tuple[Path, list[Path]],
    target: Path,
    workers: int,
    monkeypatch: pytest.MonkeyPatch,
    checked_here: list[str] | None = None,
) -> tuple[Path, list[dict[str, Any]]]:
    """``checked_here``: given, the names of the files this process checked are added to it
    (the workers fork the wrapper, so what they check is not)."""
    dist, files = returned
    shutil.copytree(dist, target)
    master = target / "induk.xlsx"
    checked_here = [] if checked_here is None else checked_here
    real_check = collect_module.check_file

    def check_file(checks: Any, path: Path) -> Any:
        if os.getpid() == parent:
            checked_here.append(path.name)
        return real_check(checks, path)

    parent = os.getpid()
    with monkeypatch.context() as patched:
        patched.setattr(check_pool, "workers_for", lambda files: workers)
        patched.setattr(collect_module, "workers_for", lambda files: workers)
        patched.setattr(collect_module, "check_file", check_file)
        result = collect(master, files)
    said = []
    for item in result.kiriman:
        shown = item.as_dict()
        for varies in ("arsip", "waktu_diterima"):  # the copy's own folder, the time of the run
            shown.pop(varies)
        said.append(shown)
    return master, said


def test_files_checked_in_workers_are_collected_as_in_this_process(returned, tmp_path,
                                                                   monkeypatch):  # fmt: skip
    here, said_here = _collect(returned, tmp_path / "sini", 1, monkeypatch)
    checked_here: list[str] = []
    pooled, said_pooled = _collect(returned, tmp_path / "pekerja", 2, monkeypatch, checked_here)
    # Every file's check comes back from a worker (one that could not travel back, e.g. a
    # template column holding a closure, was silently checked again here).
    assert checked_here == []
    assert said_pooled == said_here
    statuses = [k["status"] for k in said_here]
    assert statuses == ["Diterima", "Diterima", "Diterima", "Duplikat", "Ditolak"]
    codes = [[m["code"] for m in k["masalah"]] for k in said_here]
    assert "ignored-edits" in codes[1] and "row-added" in codes[0] and "row-removed" in codes[0]
    assert input_cells(pooled, IPASN) == input_cells(here, IPASN)
    assert rows_of(pooled, PEG) == rows_of(here, PEG)
    rows = {r["nip"]: r for r in rows_of(pooled, PEG)}
    assert rows[nip(0, 3)]["nilai_skp"] == 88.25 and rows[nip(1, 5)]["pendidikan"] == "S3"
    assert nip(0, 2) not in rows and rows[nip(0, 700)]["nama"] == "Pegawai Baru"
    assert len(rows) == 4 * PER_UNIT  # one removed, one added
    instansi = IPASN.input_names[0]
    master = openpyxl.load_workbook(pooled)[instansi.sheet][instansi.cell].value
    assert master == IDENTITAS[instansi.name]  # the unit's change outside its part: not merged


def test_a_check_from_a_worker_brings_back_the_rows_without_the_cells_as_read(
    returned, tmp_path, monkeypatch
):
    # The merge reads a returned table's rows and where the table lies, never its cells as
    # read: those do not travel back from the worker.
    dist, files = returned
    shutil.copytree(dist, tmp_path / "d")
    master = tmp_path / "d" / "induk.xlsx"
    checks = collect_module._checks_for(master, collect_module._manifest_of(master, None)[1])
    monkeypatch.setattr(check_pool, "workers_for", lambda files: 2)
    (pooled,) = check_pool.CheckPool(collect_module.check_file, checks, files[:1]).results(None, 3)
    here = collect_module.check_file(checks, files[0])
    rows, rows_here = pooled.tables[PEG.name], here.tables[PEG.name]
    assert rows.data.rows == [] and len(rows_here.data.rows) >= PER_UNIT
    assert [(r.index, r.raw, r.hash, r.key) for r in rows.rows] == [
        (r.index, r.raw, r.hash, r.key) for r in rows_here.rows
    ]
    assert [rows.address(r, c) for r in rows.rows for c in rows.columns] == [
        rows_here.address(r, c) for r in rows_here.rows for c in rows_here.columns
    ]
    assert pooled.as_dict() == here.as_dict()


def _sheets(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") or name.startswith("xl/tables/")
        }


def test_a_collected_master_is_what_a_recompute_makes_of_it(returned, tmp_path, monkeypatch):
    """The master is written in one pass (the merged inputs with the computed columns); the
    engine's recompute of it afterwards finds every computed cell as written."""
    master, _said = _collect(returned, tmp_path / "induk", 2, monkeypatch)
    before = _sheets(master)
    recompute_file(master)
    after = _sheets(master)
    changed = sorted(name for name in before if before[name] != after.get(name))
    assert changed == _log_parts(master)  # the recompute's own Log row, nothing else
    assert PEG.sheet != IPASN.table("tblLog").sheet  # the merged table's sheet is unchanged
    assert sorted(after) == sorted(before)
    for backup in backups(master):
        backup.unlink()


def _log_parts(path: Path) -> list[str]:
    """The parts of the Log table and of the sheet holding it (a recompute adds its row)."""
    log = IPASN.table("tblLog").name.encode()
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        table = next(
            n for n in names
            if n.startswith("xl/tables/") and b'displayName="' + log + b'"' in archive.read(n)
        )  # fmt: skip
        rels = next(
            n for n in names
            if n.startswith("xl/worksheets/_rels/")
            and f"/{table.rsplit('/', 1)[1]}".encode() in archive.read(n)
        )  # fmt: skip
    sheet = "xl/worksheets/" + rels.rsplit("/", 1)[1].removesuffix(".rels")
    return sorted([table, sheet])


def test_a_file_as_sent_merges_nothing_and_is_told_what_the_master_changed(tmp_path):
    """A file holding every row as sent is not merged row by row: the master's own later edits
    of that unit's rows stay, and the unit is told how many there are (as for an edited file)."""
    master = ipasn_master(tmp_path / "induk.xlsx", units=2, per_unit=6)
    sent = distribute(master, tmp_path / "kirim")
    wb = openpyxl.load_workbook(master)
    ws = wb[PEG.sheet]
    for row in range(PEG.first_data_row, PEG.first_data_row + 12):
        if ws.cell(row, 1).value in (nip(1, 2), nip(1, 4)):
            ws.cell(row, PEG.col_index("nilai_skp"), 50)
    wb.save(master)
    result = collect(master, [unit_file(sent, 0), unit_file(sent, 1)])
    assert [k.status.value for k in result.kiriman] == ["Diterima", "Diterima"]
    assert [k.as_sent for k in result.kiriman] == [True, True]
    assert [[m.code for m in k.masalah] for k in result.kiriman] == [[], ["master-edited"]]
    assert result.kiriman[1].masalah[0].message.startswith("2 baris unit ini diubah")
    rows = {r["nip"]: r for r in rows_of(master, PEG)}
    assert rows[nip(1, 2)]["nilai_skp"] == rows[nip(1, 4)]["nilai_skp"] == 50
    assert len(rows) == 12
