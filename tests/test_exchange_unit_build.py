"""A unit's workbook made the quick way is the one the full checks make, byte for byte.

``_make_unit`` opens the unit's package it has just written from checked parts without
checking each part again (``check_once``), and sends it the master's Laporan sheet emptied
(``laporan``, :mod:`lkjip_xl.workbook.exchange.laporan_cut`). Each test distributes a master
and, for every unit, also makes its workbook with ``check_once=False, laporan=False`` (the path
that checks every part as for any workbook opened, with the master's own Laporan sheet) from
the very same job: both files must be the same bytes, member by member and whole. Masters of
both distributable kinds; blank and uncomputable values, rows with problems, a formula, Excel's
Total Row, a master not recomputed since its inputs changed, one LibreOffice saved, random
units.
What is still checked: the new parts, a file replaced meanwhile, and the unit's rows as read
back against those recorded for the manifest.
"""

from __future__ import annotations

import copy
import re
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkjip_xl.workbook import recompute as recompute_module
from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.demo import build_demo
from lkjip_xl.workbook.exchange import distribute as distribute_module
from lkjip_xl.workbook.exchange import laporan_cut, records, unit_build
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.exchange.package import ExchangeError
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.ooxml import package as package_module
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.package import Package, check_parts, package_bytes, vouched
from lkjip_xl.workbook.safe_write import backups, fingerprint
from tests.test_distribute_collect import PEG, computed_master, pegawai
from tests.test_exchange_distribute_exact import _stale, _unusual_master
from tests.test_total_row import total_row_on


class _At(datetime):
    """The Log's time, one for both ways of making a unit (they may run a second apart)."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return cls(2026, 1, 5, 9, 30, 0)


@pytest.fixture
def same_time(monkeypatch):
    monkeypatch.setattr(records, "datetime", _At)
    monkeypatch.setattr(recompute_module, "datetime", _At)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _distribute_both_ways(master: Path, out: Path, monkeypatch, **options) -> tuple:
    """Distribute ``master``; each unit's job is also made by the fully checked path, into
    ``out / "diperiksa"``: (unit, quick file, checked file) for every unit, and the
    distribution's problems."""
    checked_dir = out / "diperiksa"
    checked_dir.mkdir(parents=True)
    copies: list[unit_build.UnitJob] = []
    real_run_jobs = distribute_module.run_jobs

    def run_jobs(shared, jobs, total, progress, early=None):
        def kept(jobs_):
            for job in jobs_:
                twin = copy.deepcopy(job)  # made once the quick one let go of its rows
                twin.target = checked_dir / job.target.name
                copies.append(twin)
                yield job

        made = real_run_jobs(shared, kept(jobs), total, progress, early)
        unit_build._init_worker(shared)
        try:
            for twin in copies:
                unit_build._make_unit(twin, check_once=False, laporan=False)
        finally:
            unit_build._init_worker(None)  # type: ignore[arg-type]
        return made

    monkeypatch.setattr(distribute_module, "run_jobs", run_jobs)
    sent = distribute(master, out / "kirim", **options)
    assert len(copies) == len(sent.workbooks) >= 2
    units = [(w.unit, w.path, checked_dir / w.path.name) for w in sent.workbooks]
    return units, sent.masalah


def _assert_same(units: list[tuple]) -> None:
    for unit, quick, checked in units:
        made, expected = _members(quick), _members(checked)
        assert list(made) == list(expected), unit
        differ = [name for name in expected if made[name] != expected[name]]
        assert differ == [], f"{unit}: {differ}"
        # The very file, zip headers and deflated bytes included (its digest is the manifest's).
        assert quick.read_bytes() == checked.read_bytes(), unit


def _with_total_row_and_formula(master: Path) -> Path:
    """``tblPegawai`` given Excel's Total Row (a label and a SUBTOTAL) and one input cell
    holding a formula (sent as its value)."""
    jp = PEG.col_index("jp_diklat_teknis")
    total_row_on(master, PEG.name, PEG.sheet, 1, jp)
    wb = openpyxl.load_workbook(master)
    letter = openpyxl.utils.get_column_letter(jp)
    wb[PEG.sheet].cell(PEG.first_data_row + 2, jp, f"={letter}{PEG.first_data_row + 3}+1")
    wb.save(master)
    for backup in backups(master):
        backup.unlink()
    return master


@pytest.mark.parametrize("case", ["current", "stale"])
def test_ipasn_units_made_quickly_are_those_the_checks_make(tmp_path, monkeypatch, same_time, case):
    master = _unusual_master(tmp_path / "induk.xlsx")  # blank, uncomputable, problem rows
    if case == "stale":
        _stale(master)
    _assert_same(_distribute_both_ways(master, tmp_path, monkeypatch)[0])


def test_units_of_a_master_with_a_total_row_and_a_formula(tmp_path, monkeypatch, same_time):
    rows = [pegawai(u, n) for u in range(3) for n in range(4)]
    rows[4]["Nilai SKP"] = None
    master = _with_total_row_and_formula(computed_master(tmp_path / "induk.xlsx", rows))
    units, masalah = _distribute_both_ways(master, tmp_path, monkeypatch)
    _assert_same(units)
    assert [m.code.name for m in masalah] == ["FORMULA_VALUES"]
    with zipfile.ZipFile(units[0][1]) as archive:
        package = Package(archive)
        table = archive.read(package.table_parts()[PEG.name])
        sheet = archive.read(package.sheet_part(PEG.sheet))
    assert b'totalsRowCount="1"' in table
    assert b"SUBTOTAL(109," in sheet


def test_kinerja_units_made_quickly_are_those_the_checks_make(tmp_path, monkeypatch, same_time):
    master, _ = build_demo("kinerja-001", tmp_path)
    _assert_same(_distribute_both_ways(master, tmp_path, monkeypatch, per="Sasaran")[0])


# --- what is still checked -----------------------------------------------------------------


DOCTYPE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'


def test_a_new_part_is_refused_as_an_opened_package_refuses_it():
    with pytest.raises(PackageError, match="DOCTYPE"):
        check_parts({"xl/worksheets/sheet1.xml": DOCTYPE})
    with pytest.raises(PackageError):
        check_parts({"xl/tables/table1.xml": b"<table><tableColumns></table>"})
    check_parts({"xl/worksheets/sheet1.xml": b"<worksheet><sheetData/></worksheet>"})


def _package(parts: dict[str, bytes]) -> bytes:
    rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    base = {
        "[Content_Types].xml": b"<Types/>",
        "_rels/.rels": rels,
        "xl/_rels/workbook.xml.rels": b"<Relationships/>",
        "xl/workbook.xml": b"<workbook/>",
    }
    return package_bytes({**base, **parts}, [*base, *parts])


def test_only_the_version_written_is_vouched_for(tmp_path):
    path = tmp_path / "unit.xlsx"
    path.write_bytes(_package({"xl/worksheets/sheet1.xml": b"<worksheet/>"}))
    with vouched(path):
        with zipfile.ZipFile(path) as archive:
            Package(archive)
        # Replaced meanwhile: checked as any workbook opened.
        path.write_bytes(_package({"xl/worksheets/sheet1.xml": DOCTYPE}))
        with zipfile.ZipFile(path) as archive, pytest.raises(PackageError, match="DOCTYPE"):
            Package(archive)
    with zipfile.ZipFile(path) as archive, pytest.raises(PackageError, match="DOCTYPE"):
        Package(archive)


def test_a_vouched_package_reads_each_small_part_once(tmp_path, monkeypatch):
    """A unit's package, opened without its parts read for the check, keeps its small parts as
    a checked one does: its relationships and tables are asked for by the scan, the analysis
    and the commit alike."""
    table = b'<table name="tblA" displayName="tblA" ref="A1:B2"/>'
    path = tmp_path / "unit.xlsx"
    path.write_bytes(_package({"xl/worksheets/sheet1.xml": b"<worksheet/>",
                               "xl/tables/table1.xml": table}))  # fmt: skip
    reads: list[str] = []
    real = package_module.read_bounded
    monkeypatch.setattr(
        package_module,
        "read_bounded",
        lambda zf, info: reads.append(info.filename) or real(zf, info),
    )
    with vouched(path), zipfile.ZipFile(path) as archive:
        package = Package(archive)
        for _ in range(3):
            assert package.read("xl/worksheets/sheet1.xml") == b"<worksheet/>"
            assert package.table_parts() == {"tblA": "xl/tables/table1.xml"}
    assert sorted(reads) == sorted(set(reads))
    assert "xl/tables/table1.xml" in reads


def test_a_unit_whose_new_part_is_not_well_formed_is_refused(tmp_path, monkeypatch):
    """A new part that no opened package would take stops the distribution before any unit
    is written (the check of ``check_once``)."""
    rows = [pegawai(u, n) for u in range(2) for n in range(2)]
    master = computed_master(tmp_path / "induk.xlsx", rows)
    real = unit_build.stamp.set_stamps
    monkeypatch.setattr(unit_build.stamp, "set_stamps", lambda *a: real(*a) + b"<x>")
    with pytest.raises(ExchangeError, match=re.escape("xl/workbook.xml")):
        distribute(master, tmp_path / "kirim")
    assert not (tmp_path / "kirim").exists()


def test_a_shared_part_with_a_doctype_is_refused(tmp_path, monkeypatch):
    """The parts every unit shares (the locked settings sheets, styles) are new parts too."""
    master = computed_master(tmp_path / "induk.xlsx", [pegawai(u, 0) for u in range(2)])
    real = unit_build.settings_parts

    def settings_parts(package, template):
        parts = real(package, template)
        styles = next(name for name in parts if name.endswith("styles.xml"))
        parts[styles] = DOCTYPE
        return parts

    monkeypatch.setattr(unit_build, "settings_parts", settings_parts)
    with pytest.raises(ExchangeError, match="DOCTYPE"):
        distribute(master, tmp_path / "kirim")
    assert not (tmp_path / "kirim").exists()


# --- the unit's rows, read back ------------------------------------------------------------


def _sent_jobs(master: Path, out: Path, monkeypatch) -> tuple[list, list]:
    """Distribute ``master``: its jobs as built (before they let go of their rows) and the
    workbooks made."""
    jobs: list[unit_build.UnitJob] = []
    real_run_jobs = distribute_module.run_jobs

    def run_jobs(shared, jobs_, total, progress, early=None):
        def kept(items):
            for job in items:
                jobs.append(copy.deepcopy(job))
                yield job

        return real_run_jobs(shared, kept(jobs_), total, progress, early)

    monkeypatch.setattr(distribute_module, "run_jobs", run_jobs)
    sent = distribute(master, out)
    return jobs, sent.workbooks


def _verifies(path: Path, job: unit_build.UnitJob) -> bool:
    split = unit_build.plan(unit_build.template_named("ipasn"), "unit_kerja")
    try:
        unit_build._verify(FileBook(path), split, job)
    except ExchangeError as exc:
        assert job.unit in str(exc)
        return False
    return True


def test_a_unit_is_verified_against_the_rows_sent(tmp_path, monkeypatch):
    master = _unusual_master(tmp_path / "induk.xlsx")
    jobs, made = _sent_jobs(master, tmp_path / "kirim", monkeypatch)
    job, path = jobs[0], made[0].path
    assert all(_verifies(w.path, j) for j, w in zip(jobs, made, strict=True))
    rows, hashes = job.raw[PEG.name], job.sent[PEG.name].hashes
    jp = [c.name for c in PEG.input_columns].index("JP Diklat Teknis")

    # A value of another type, equal to the one read (10 for 10.0): told by its hash.
    row = list(rows[0])
    assert type(row[jp]) is float and row[jp].is_integer()
    row[jp] = int(row[jp])
    twin = copy.deepcopy(job)
    twin.raw[PEG.name][0] = tuple(row)
    assert _verifies(path, twin)
    twin.sent[PEG.name].hashes[0] = "0" * len(hashes[0])
    assert not _verifies(path, twin)

    # A row recorded otherwise than the workbook holds it.
    twin = copy.deepcopy(job)
    twin.raw[PEG.name][1] = tuple(row)
    twin.sent[PEG.name].hashes[1] = "0" * len(hashes[1])
    assert not _verifies(path, twin)

    # One row more recorded than the workbook holds (a spare row is read in its place).
    twin = copy.deepcopy(job)
    twin.raw[PEG.name].append(rows[0])
    twin.sent[PEG.name].hashes.append(hashes[0])
    assert not _verifies(path, twin)


# --- the Laporan sheet sent emptied (laporan_cut) --------------------------------------------


def test_units_of_a_master_saved_by_libreoffice(libreoffice, tmp_path, monkeypatch, same_time):
    """A master LibreOffice wrote (its own XML throughout), then recomputed by the engine."""
    rows = [pegawai(u, n) for u in range(2) for n in range(3)]
    master = computed_master(tmp_path / "induk.xlsx", rows)
    saved = libreoffice.edit(master, tmp_path / "induk-lo.xlsx", [])
    recompute_file(saved)
    for backup in backups(saved):
        backup.unlink()
    _assert_same(_distribute_both_ways(saved, tmp_path, monkeypatch)[0])


def test_a_laporan_sheet_not_rewritten_is_the_masters(tmp_path, monkeypatch, same_time):
    """Were the recompute not to rewrite the Laporan sheet, the unit is made again with the
    master's own: the same file as the old path gives."""
    master = _unusual_master(tmp_path / "induk.xlsx")
    monkeypatch.setattr(laporan_cut.RewriteSeen, "rewrite_sheet", _not_seen)
    made = []
    real = unit_build._make_unit

    def make(job, check_once=True, laporan=True):
        made.append(laporan)
        return real(job, check_once, laporan)

    monkeypatch.setattr(unit_build, "_make_unit", make)
    units = _distribute_both_ways(master, tmp_path, monkeypatch)[0]
    _assert_same(units)
    assert made.count(False) > len(units)  # each quick unit made again, and each twin


def _not_seen(self, sheet, rewrite):
    laporan_cut.FileBook.rewrite_sheet(self, sheet, rewrite)  # rewritten, but not told


def test_the_laporan_sheet_is_emptied_only_where_nothing_else_reads_it(tmp_path):
    master = computed_master(tmp_path / "induk.xlsx", [pegawai(u, 0) for u in range(2)])
    template = unit_build.template_named("ipasn")
    version = fingerprint(master)
    found = laporan_cut.emptied_laporan(master, version, template, set())
    assert found is not None
    sheet, part, xml = found
    with zipfile.ZipFile(master) as archive:
        original = archive.read(part)
    assert sheet == "Laporan" and len(xml) < len(original) and b"<sheetData></sheetData>" in xml
    assert laporan_cut.emptied_laporan(master, version, template, {part}) is None  # cut already
    assert laporan_cut.emptied_laporan(master, None, template, set()) is None
    # A name on one of its cells: a file book reads the sheet, which must stay the master's.
    wb = openpyxl.load_workbook(master)
    wb.defined_names["Catatan_Laporan"] = openpyxl.workbook.defined_name.DefinedName(
        "Catatan_Laporan", attr_text="'Laporan'!$B$2"
    )
    wb.save(master)
    assert laporan_cut.emptied_laporan(master, fingerprint(master), template, set()) is None


_CELL = st.one_of(
    st.none(),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.integers(-1000, 1000),
    st.text(alphabet="abc <&>\"'éŠ0.5-", max_size=12),
)
_COLUMNS = ["Status", "Pendidikan", "JP Diklat Teknis", "Nilai SKP", "Hukuman Disiplin"]


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.integers(1, 7), min_size=2, max_size=3),
    st.lists(st.tuples(st.integers(0, 20), st.sampled_from(_COLUMNS), _CELL), max_size=8),
    st.booleans(),
)
def test_random_units_made_quickly_are_the_old_paths(tmp_path_factory, sizes, cells, stale):
    """Units of random sizes holding random values (blank, numbers, odd texts) in any input
    column, of a master current or not: the same files as the old path makes."""
    tmp_path = tmp_path_factory.mktemp("acak")
    rows = [pegawai(u, n) for u, size in enumerate(sizes) for n in range(size)]
    for index, column, value in cells:
        rows[index % len(rows)][column] = value
    master = computed_master(tmp_path / "induk.xlsx", rows)
    if stale:
        _stale(master)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(records, "datetime", _At)
        monkeypatch.setattr(recompute_module, "datetime", _At)
        _assert_same(_distribute_both_ways(master, tmp_path, monkeypatch)[0])
