"""A unit's result tables are cut to the template's rows before its recompute: the master's
``tblRekap`` (a row per unit and status) is not carried, read and blanked by every unit.

The units made so are compared with those made from the master's whole tables: the same values
in every table and cell, the same bytes in every part but the result sheet and its tables (and
the Log, written at another second); a row holding anything beside the table keeps it whole.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import build_demo, fill_names, fill_table
from lkjip_xl.workbook.exchange import result_rows, unit_build
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.exchange.records import PENGUMPULAN
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.patcher import Package
from lkjip_xl.workbook.safe_write import backups
from tests.test_distribute_collect import IDENTITAS, PEG, pegawai
from tests.test_exchange_distribute_exact import assert_recompute_changes_nothing

REKAP = template("ipasn").table("tblRekap")
PENGUMPULAN_SHEET = template("ipasn").table(PENGUMPULAN).sheet
NAMES = [f"Bidang {c}" for c in "ABCDEFGH"]


def _master(path: Path, note: bool = False) -> Path:
    """Eight units of PNS and PPPK: the master's tblRekap holds more rows than a new one."""
    rows = [pegawai(0, n, **{"Unit Kerja": NAMES[u]}) for u in range(8) for n in range(3)]
    for n, row in enumerate(rows):
        row["NIP"] = f"1980010120050110{n:02d}"
    rows[4]["Nilai SKP"] = None  # a blank, never 0
    rows[7]["JP Diklat Teknis"] = "banyak"  # cannot be computed
    wb = make_workbook("ipasn")
    fill_names(wb, "ipasn", IDENTITAS)
    fill_table(wb, PEG, rows)
    wb.save(path)
    recompute_file(path)
    if note:  # a note beside the recap, on a row past a new table's rows
        wb = openpyxl.load_workbook(path)
        wb[REKAP.sheet]["Q20"] = "Catatan pimpinan"
        wb.save(path)
    for backup in backups(path):
        backup.unlink()
    return path


#: The stamps that differ between two distributions (their id, the seal of their own key).
_OWN_STAMPS = re.compile(rb'(name="(?:Distribusi_ID|Segel_Distribusi)"[^>]*>)[^<]*')


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
        workbook = Package(archive).workbook
    parts[workbook] = _OWN_STAMPS.sub(rb"\1", parts[workbook])
    return parts


def _cells(path: Path, sheet: str) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def _pair(
    master: Path, tmp_path: Path, monkeypatch, again: bool = False, per: str | None = None
) -> list[tuple[Path, Path]]:
    """The units of ``master`` made as they are, and made from its whole result tables (each
    from its own copy of the master: a distribution records itself in the master); ``again``:
    the master was distributed before (its tblPengumpulan lists every unit)."""
    if again:
        distribute(master, tmp_path / "sebelumnya", per)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    cut = distribute(shutil.copy(master, tmp_path / "a" / master.name), tmp_path / "dipotong",
                     per, new_distribution=again)  # fmt: skip
    with monkeypatch.context() as patch:
        patch.setattr(unit_build, "cut_result_tables", lambda package, spec: {})
        whole = distribute(shutil.copy(master, tmp_path / "b" / master.name), tmp_path / "utuh",
                           per, new_distribution=again)  # fmt: skip
    assert [w.unit for w in cut.workbooks] == [w.unit for w in whole.workbooks]
    return [(a.path, b.path) for a, b in zip(cut.workbooks, whole.workbooks, strict=True)]


def _result_parts(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        package = Package(archive)
        tables = package.table_parts()
        return {
            package.sheet_part(REKAP.sheet), package.sheet_part("Log"),
            package.sheet_part(PENGUMPULAN_SHEET), tables[PENGUMPULAN],
            tables["tblRekap"], tables["tblSelisih"], tables["tblLog"], "docProps/core.xml",
        }  # fmt: skip


def _same_tables(cut: Path, whole: Path) -> FileBook:
    """Every table but the Log holds the same rows in the unit cut and the unit made whole."""
    a, b = FileBook(cut), FileBook(whole)
    for name in a.table_names():
        if name != "tblLog":
            assert a.read_table(name).rows == b.read_table(name).rows, (cut.name, name)
    return a


@pytest.mark.parametrize("again", [False, True], ids=["first", "distributed-before"])
def test_units_cut_to_the_templates_result_rows_hold_the_same(tmp_path, monkeypatch, again):
    master = _master(tmp_path / "induk.xlsx")
    assert len(FileBook(master).read_table("tblRekap").rows) > REKAP.min_rows
    pairs = _pair(master, tmp_path, monkeypatch, again)
    if again:  # the master lists the units of its earlier distribution
        assert len(FileBook(tmp_path / "a" / master.name).read_table(PENGUMPULAN).rows) > 8
    assert len(pairs) == 8
    for cut, whole in pairs:
        assert_recompute_changes_nothing(cut, tmp_path)
        _same_tables(cut, whole)
        # Every cell of the result sheet holds what it holds in the unit made whole: only
        # rows past the table, blank there, are not sent.
        for sheet in (REKAP.sheet, PENGUMPULAN_SHEET):
            assert _cells(cut, sheet) == _cells(whole, sheet)
        cut_parts, whole_parts = _parts(cut), _parts(whole)
        skip = _result_parts(cut)
        assert sorted(cut_parts) == sorted(whole_parts)
        differ = [n for n in cut_parts if n not in skip and cut_parts[n] != whole_parts[n]]
        assert differ == [], (cut.name, differ, skip)
        with zipfile.ZipFile(cut) as archive:
            rekap = Package(archive).sheet_part(REKAP.sheet)
            pengumpulan = Package(archive).sheet_part(PENGUMPULAN_SHEET)
        assert len(cut_parts[rekap]) < len(whole_parts[rekap])  # the blank rows not sent
        if again:
            assert len(cut_parts[pengumpulan]) < len(whole_parts[pengumpulan])


@pytest.mark.parametrize("note", [True], ids=["note-beside"])
def test_a_result_table_with_something_beside_it_is_sent_whole(tmp_path, monkeypatch, note):
    master = _master(tmp_path / "induk.xlsx", note=note)
    for cut, whole in _pair(master, tmp_path, monkeypatch):
        assert_recompute_changes_nothing(cut, tmp_path)
        with zipfile.ZipFile(cut) as archive:
            sheet = Package(archive).sheet_part(REKAP.sheet)
        assert _parts(cut)[sheet] == _parts(whole)[sheet]
        assert _cells(cut, REKAP.sheet)["Q20"] == "Catatan pimpinan"


def _kind_master(kind: str, tmp_path: Path) -> tuple[Path, str | None]:
    if kind == "ipasn":
        return _master(tmp_path / "induk.xlsx"), None
    master, _ = build_demo("kinerja-001", tmp_path)
    return master, "Sasaran"


@pytest.mark.parametrize("kind", ["ipasn", "kinerja"])
def test_result_tables_cut_below_what_a_unit_needs_grow_to_the_same(tmp_path, monkeypatch, kind):
    """Cut to one row, each unit's result tables grow back in its recompute: the same values,
    every other part the same bytes."""
    spec = template(kind)
    real = result_rows.rewritten_tables
    monkeypatch.setattr(
        result_rows, "rewritten_tables", lambda t: [replace(s, min_rows=1) for s in real(t)]
    )
    master, per = _kind_master(kind, tmp_path)
    before = FileBook(master)
    assert any(len(before.read_table(t.name).rows) > 1 for t in real(spec))  # rows are cut
    pairs = _pair(master, tmp_path, monkeypatch, per=per)
    assert len(pairs) >= 2
    grown = 0
    for cut, whole in pairs:
        assert_recompute_changes_nothing(cut, tmp_path)
        a = _same_tables(cut, whole)
        grown += sum(len(a.read_table(t.name).rows) > 1 for t in real(spec))
        with zipfile.ZipFile(cut) as archive:
            package = Package(archive)
            tables = package.table_parts()
            skip = {"docProps/core.xml", package.sheet_part("Log"), tables["tblLog"]}
            for table in real(spec):
                skip |= {package.sheet_part(table.sheet), tables[table.name]}
        for sheet in {t.sheet for t in real(spec)}:
            assert _cells(cut, sheet) == _cells(whole, sheet), (cut.name, sheet)
        cut_parts, whole_parts = _parts(cut), _parts(whole)
        differ = [n for n in cut_parts if n not in skip and cut_parts[n] != whole_parts[n]]
        assert differ == [], (cut.name, differ)
    if kind == "ipasn":  # a unit's recap: its unit by status, and the whole
        assert grown  # some unit needed more rows than were sent
