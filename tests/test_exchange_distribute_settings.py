"""A master whose Pengaturan stops its computation is refused before anything is written: its
units would get that Pengaturan locked, and could neither compute nor correct it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.workbook.demo import build_demo
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.exchange.master_fingerprint import master_inputs
from lkjip_xl.workbook.exchange.package import ExchangeError
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.recompute import analyse
from lkjip_xl.workbook.safe_write import backups
from tests.test_distribute_collect import ipasn_master


def _master(kind: str, tmp_path: Path) -> Path:
    if kind == "ipasn":
        return ipasn_master(tmp_path / "induk.xlsx")
    master, _ = build_demo("kinerja-001", tmp_path)
    return master


def _set_name(path: Path, name: str, value: object) -> None:
    wb = openpyxl.load_workbook(path)
    for sheet, ref in wb.defined_names[name].destinations:
        wb[sheet][ref.replace("$", "")].value = value
    wb.save(path)


def _files(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()
    }


@pytest.mark.parametrize("kind", ["ipasn", "kinerja"])
def test_a_master_not_computed_for_its_pengaturan_is_refused(tmp_path, kind):
    master = _master(kind, tmp_path)
    _set_name(master, "Desimal", "banyak")
    for backup in backups(master):
        backup.unlink()
    # The engine's own analysis computes nothing for this master (the reference).
    full = analyse(FileBook(master))
    assert full.tulis == []
    before = _files(master.parent)
    with pytest.raises(ExchangeError) as refused:
        distribute(master, tmp_path / "kirim")
    message = str(refused.value)
    assert "Pengaturan" in message and "Desimal" in message
    assert "belum ada berkas yang ditulis" in message
    assert message.count(". ") == 0  # one sentence
    assert not (tmp_path / "kirim").exists()
    assert _files(master.parent) == before  # the master untouched, no key file beside it
    assert not any(p.name.startswith(".~lkjip") for p in tmp_path.iterdir())


@pytest.mark.parametrize("kind", ["ipasn", "kinerja"])
def test_whether_the_master_computes_is_the_analysis_own(tmp_path, kind):
    master = _master(kind, tmp_path)
    ok = master_inputs(FileBook(master))
    full = analyse(FileBook(master))
    assert ok.stopped_by == () and full.tulis != []
    assert ok.fingerprint == full.laporan.fingerprint
    _set_name(master, "Pembulatan", "ke mana saja")
    stopped = master_inputs(FileBook(master))
    full = analyse(FileBook(master))
    assert full.tulis == []
    assert [m.message for m in stopped.stopped_by] == [m.message for m in full.laporan.galat]
    assert stopped.fingerprint == full.laporan.fingerprint
