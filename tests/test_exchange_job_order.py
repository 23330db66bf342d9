"""Several workers are given the largest units first, so that no worker makes a large unit
alone at the end; the distribution (its files, its manifest, the master's Pengumpulan rows)
lists the units as the master does and is byte for byte the one made unit by unit in order."""

from __future__ import annotations

import hashlib
import shutil
from datetime import datetime
from pathlib import Path

from lkjip_xl.workbook import recompute as recompute_module
from lkjip_xl.workbook import safe_write
from lkjip_xl.workbook.exchange import distribute as distribute_module
from lkjip_xl.workbook.exchange import records, unit_build
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.exchange.manifest import load
from tests.test_distribute_collect import computed_master, pegawai

#: Units in the master's order, with their rows: the largest last, some of one size (eight
#: units: two workers).
SIZES = {"Unit A": 2, "Unit B": 3, "Unit C": 1, "Unit D": 3, "Unit E": 1, "Unit F": 2,
         "Unit G": 1, "Unit H": 7}  # fmt: skip


class _At(datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return cls(2026, 1, 5, 9, 30, 0)


def _same_run(monkeypatch) -> None:
    """Every distribution made with the same id, seal key and time."""
    for module in (records, recompute_module, distribute_module, safe_write):
        monkeypatch.setattr(module, "datetime", _At)
    monkeypatch.setattr(distribute_module.secrets, "token_hex", lambda n=16: "ab" * n)
    monkeypatch.setattr(distribute_module, "new_key", lambda: "cd" * 32)


def _distributed(tmp_path: Path, master: Path, name: str, monkeypatch, parallel: bool):
    monkeypatch.setattr(unit_build, "PARALLEL_FROM", 1 if parallel else 1000)
    folder = tmp_path / name
    folder.mkdir()
    copy = folder / master.name
    shutil.copy(master, copy)
    made: list[str] = []
    real_run_jobs = distribute_module.run_jobs

    def run_jobs(shared, jobs, total, progress, early=None):
        def seen(items):
            for job in items:
                made.append(job.unit)
                yield job

        return real_run_jobs(shared, seen(jobs), total, progress, early)

    monkeypatch.setattr(distribute_module, "run_jobs", run_jobs)
    sent = distribute(copy, folder / "kirim")
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*.*")}
    return sent, made, files


def test_workers_get_the_largest_units_first_and_the_units_stay_in_the_masters_order(
    tmp_path, monkeypatch
):
    _same_run(monkeypatch)
    rows = [pegawai(0, n, **{"Unit Kerja": u}) for u, k in SIZES.items() for n in range(k)]
    for n, row in enumerate(rows):
        row["NIP"] = f"19800101200501{n:04d}"
    master = computed_master(tmp_path / "induk.xlsx", rows)
    sent, made, files = _distributed(tmp_path, master, "pekerja", monkeypatch, parallel=True)
    assert made == ["Unit H", "Unit B", "Unit D", "Unit A", "Unit F", "Unit C", "Unit E", "Unit G"]
    assert [w.unit for w in sent.workbooks] == list(SIZES)
    assert [u.unit for u in load(sent.manifest).units] == list(SIZES)
    _, in_order, one_files = _distributed(tmp_path, master, "satu", monkeypatch, parallel=False)
    assert in_order == list(SIZES)
    assert files == one_files  # every unit file, the manifest, the master and its key file
    assert len(files) == len(SIZES) + 4  # and the master's previous version
