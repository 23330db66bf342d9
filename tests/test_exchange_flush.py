"""The unit files of a distribution are on disk before it is placed, each flushed once: the
files flushed while the others were made (their fsync succeeded) are not flushed again at the
end, where each fsync costs a flush of the disk's cache with both cores idle; the others are."""

from __future__ import annotations

from pathlib import Path

import pytest

from lkjip_xl.workbook.exchange import distribute as distribute_module
from lkjip_xl.workbook.exchange import unit_build
from lkjip_xl.workbook.exchange.distribute import distribute
from tests.test_distribute_collect import computed_master, pegawai


def test_the_flusher_vouches_only_for_the_files_it_flushed(tmp_path):
    made = [tmp_path / f"unit {i}.xlsx" for i in range(3)]
    for path in made:
        path.write_bytes(b"PK")
    with unit_build._Flusher() as flusher:
        for path in [*made, tmp_path / "gone.xlsx"]:
            flusher.add(path)
    assert flusher.synced == set(made)


@pytest.fixture
def flushed_at_the_end(monkeypatch) -> list[str]:
    """The names of the files distribute flushes once every unit is made."""
    names: list[str] = []
    real_sync_files = distribute_module.sync_files

    def sync_files(paths):
        paths = list(paths)
        names.extend(p.name for p in paths)
        real_sync_files(paths)

    monkeypatch.setattr(distribute_module, "sync_files", sync_files)
    return names


def _master(tmp_path: Path) -> Path:
    rows = [pegawai(0, n, **{"Unit Kerja": f"Unit {n % 8}"}) for n in range(16)]
    return computed_master(tmp_path / "induk.xlsx", rows)


def test_only_the_files_not_flushed_meanwhile_are_flushed_at_the_end(
    tmp_path, monkeypatch, flushed_at_the_end
):
    monkeypatch.setattr(unit_build, "PARALLEL_FROM", 1)
    real_flush = unit_build._flush

    def flush(path: Path) -> bool:  # a disk refusing one file's flush while the others are made
        return False if path.name.endswith("Unit 3.xlsx") else real_flush(path)

    monkeypatch.setattr(unit_build, "_flush", flush)
    sent = distribute(_master(tmp_path), tmp_path / "kirim")
    assert len(sent.workbooks) == 8
    assert flushed_at_the_end == ["induk - Unit 3.xlsx"]


def test_units_made_in_this_process_are_all_flushed_at_the_end(tmp_path, flushed_at_the_end):
    sent = distribute(_master(tmp_path), tmp_path / "kirim")
    assert sorted(flushed_at_the_end) == sorted(w.path.name for w in sent.workbooks)
    assert len(sent.workbooks) == 8
