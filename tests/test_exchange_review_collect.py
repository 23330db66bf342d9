"""Review: units made with their result tables cut, and units made by the previous distribute
(the master's whole ``tblRekap`` carried, blank past the unit's rows), are collected alike."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from lkjip_xl.cli import app
from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.exchange import unit_build
from lkjip_xl.workbook.exchange.distribute import Distribusi, distribute
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.patcher import Package
from tests.test_distribute_collect import PEG, computed_master, pegawai
from tests.test_exchange_distribute_exact import assert_recompute_changes_nothing

#: Fourteen units: a unit per status gets a recap of 16 rows, more than a new tblRekap's 10.
NAMES = [f"Bidang {c}" for c in "ABCDEFGHIJKLMN"]
REKAP = template("ipasn").table("tblRekap")


def many_units_master(path: Path) -> Path:
    """An IP-ASN master of fourteen units of three employees, recomputed."""
    rows = [pegawai(0, n, **{"Unit Kerja": name}) for name in NAMES for n in range(3)]
    for n, row in enumerate(rows):
        row["NIP"] = f"19800101200501{n:04d}"
    return computed_master(path, rows)


def _edit_unit(unit: Path) -> None:
    """A changed score and a new employee of a new unit in the first blank row (the unit's
    recap, and the master's, get a row more)."""
    table = FileBook(unit).read_table(PEG.name)
    wb = openpyxl.load_workbook(unit)
    ws = wb[PEG.sheet]
    ws.cell(PEG.first_data_row, PEG.col_index("nilai_skp"), 91.25)
    new = pegawai(0, 7, **{"Unit Kerja": "Bidang Z", "NIP": "199001012015011001"})
    row = PEG.first_data_row + next(i for i, r in enumerate(table.rows) if not any(r))
    for column in PEG.input_columns:
        if column.name in new:
            ws.cell(row, PEG.col_index(column.key), new[column.name])
    wb.save(unit)


def _old_and_new(
    master: Path, tmp_path: Path, monkeypatch
) -> Iterator[tuple[Path, Path, Distribusi]]:
    """A copy of ``master`` distributed per Status by the new distribute, then by the previous
    one (the master's result tables sent whole): each copy's folder, the copy, what was sent."""
    for old in (False, True):
        folder = tmp_path / ("lama" if old else "baru")
        folder.mkdir()
        copy = Path(shutil.copy(master, folder / master.name))
        with monkeypatch.context() as patch:
            if old:
                patch.setattr(unit_build, "cut_result_tables", lambda package, spec: {})
            sent = distribute(copy, folder / "kirim", "Status")
        yield folder, copy, sent


@pytest.mark.parametrize("cli", [False, True], ids=["api", "cli"])
def test_units_of_the_old_and_the_new_distribute_collect_to_the_same_master(
    tmp_path, monkeypatch, cli
):
    master = many_units_master(tmp_path / "induk.xlsx")
    recaps = []
    for folder, copy, sent in _old_and_new(master, tmp_path, monkeypatch):
        units = [w.path for w in sent.workbooks]
        rekap = FileBook(units[0]).read_table("tblRekap").rows
        assert len(rekap) == 16
        _edit_unit(units[0])
        if cli:
            run = CliRunner().invoke(app, ["kumpulkan", str(copy), *map(str, units)])
            assert run.exit_code == 0, run.output
        else:
            from lkjip_xl.workbook.exchange.collect import collect

            collect(copy, units)
        assert_recompute_changes_nothing(copy, tmp_path / folder.name)
        book = FileBook(copy)
        recaps.append((book.read_table("tblRekap").rows, book.read_table("tblSelisih").rows))
        peg = book.read_table(PEG.name)
        assert sum(any(r) for r in peg.rows) == len(NAMES) * 3 + 1
    assert recaps[0] == recaps[1]
    units_in_recap = {row[0] for row in recaps[0][0]}
    assert "Bidang Z" in units_in_recap and set(NAMES) <= units_in_recap


def _rekap_rows(path: Path) -> tuple[dict[int, bytes], bytes]:
    """The Rekap sheet's rows (their XML by number) and what follows its sheetData."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(Package(archive).sheet_part("Rekap"))
    rows = re.finditer(rb'<row r="([0-9]+)"[^>]*?(?:/>|>.*?</row>)', xml, re.S)
    return {int(m.group(1)): m.group(0) for m in rows}, xml[xml.find(b"</sheetData>") :]


def test_a_units_own_recompute_grows_its_recap_as_the_old_units_did(tmp_path, monkeypatch):
    """A unit adds employees, its recap needs more rows than were sent: the new unit's Rekap
    sheet, computed again by the unit, holds the same rows (XML) as the old one's."""
    master = many_units_master(tmp_path / "induk.xlsx")
    made = []
    for _, _, sent in _old_and_new(master, tmp_path, monkeypatch):
        unit = sent.workbooks[0].path
        _edit_unit(unit)
        recompute_file(unit)
        made.append(unit)
    new, old_unit = (FileBook(p).read_table("tblRekap").rows for p in made)
    assert len(new) == 18 and new == old_unit  # 16 sent, a unit and its status total more
    (rows_new, tail_new), (rows_old, tail_old) = _rekap_rows(made[0]), _rekap_rows(made[1])
    last = REKAP.header_row + len(new)
    assert [rows_new.get(r) for r in range(1, last + 1)] == [
        rows_old.get(r) for r in range(1, last + 1)
    ]
    assert tail_new == tail_old
    assert max(rows_new) == last  # nothing of the master's below
