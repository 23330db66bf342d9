"""Recording a distribution in the master without reading its large sheets writes exactly what
the whole master's book writes."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import build_demo
from lkjip_xl.workbook.exchange import distribute as distribute_module
from lkjip_xl.workbook.exchange import hollow, records
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.exchange.package import split_rows
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.patcher import Package
from lkjip_xl.workbook.safe_write import backups
from tests.test_distribute_collect import PEG, ipasn_master, rows_of

WHEN = datetime(2026, 3, 4, 5, 6, 7)


class _Frozen(datetime):
    @classmethod
    def now(cls, tz=None):
        return WHEN


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _distribute(master: Path, out: Path, monkeypatch, *, hollowed: bool, per=None) -> list:
    taken: list[bool] = []
    real = hollow.edit_beside_large_sheets

    def spy(*args, **kwargs):
        taken.append(real(*args, **kwargs) if hollowed else False)
        return taken[-1]

    monkeypatch.setattr(distribute_module, "edit_beside_large_sheets", spy)
    monkeypatch.setattr(distribute_module, "datetime", _Frozen)
    monkeypatch.setattr(records, "datetime", _Frozen)
    fixed = SimpleNamespace(token_hex=lambda n=8: "ab" * n)
    monkeypatch.setattr(distribute_module, "secrets", fixed)
    distribute(master, out, per=per)
    return taken


@pytest.mark.parametrize("kind", ["ipasn", "kinerja"])
def test_the_master_records_the_same_with_and_without_its_large_sheets(tmp_path, monkeypatch,
                                                                        kind):  # fmt: skip
    if kind == "ipasn":
        source = ipasn_master(tmp_path / "sumber.xlsx")
        per = None
    else:
        source, _ = build_demo("kinerja-001", tmp_path)
        per = "Sasaran"
    masters = {}
    for hollowed in (True, False):
        folder = tmp_path / ("cepat" if hollowed else "utuh")
        folder.mkdir()
        master = folder / "induk.xlsx"
        shutil.copy(source, master)
        taken = _distribute(master, folder / "kirim", monkeypatch, hollowed=hollowed, per=per)
        assert taken == [hollowed]
        assert len(backups(master)) == 1  # the previous version kept, either way
        masters[hollowed] = _parts(master)
    fast, whole = masters[True], masters[False]
    assert sorted(fast) == sorted(whole)
    assert [n for n in fast if fast[n] != whole[n]] == []
    book = FileBook(tmp_path / "cepat" / "induk.xlsx")
    rows = book.read_table("tblPengumpulan").rows
    assert sum(1 for r in rows if r[0] is not None) >= 2
    if kind == "ipasn":
        assert rows_of(tmp_path / "cepat" / "induk.xlsx", PEG) == rows_of(source, PEG)


def test_an_edit_of_a_large_sheet_writes_nothing(tmp_path):
    master = ipasn_master(tmp_path / "induk.xlsx")
    before = hashlib.sha256(master.read_bytes()).hexdigest()
    spec = template("ipasn").table("tblPegawai")

    def edit(book: FileBook) -> None:
        book.write_rows(book.read_table(spec.name), [["x"] * len(spec.columns)])

    with zipfile.ZipFile(master) as archive:
        package = Package(archive)
        part = package.sheet_part(spec.sheet)
        large = {part: hollow.without_rows(split_rows(package.read(part), part))}
    assert not hollow.edit_beside_large_sheets(master, {}, large, edit)
    assert hashlib.sha256(master.read_bytes()).hexdigest() == before
    assert list(tmp_path.glob(".~lkjip*")) == []
