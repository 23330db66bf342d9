"""Collect writes the master one of two ways, and both give the same master.

In place (read once, written once: the changed input columns whole, with the computed ones) when
that rewrites nothing but values; otherwise only the changed cells are patched into a copy first
(a helper formula in the sheet, an error value in a changed column), which is then recomputed.
The same returned files are collected into copies of one distribution that differ only in that
respect, and the masters are read back with openpyxl.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from tests.hostile.corpus import set_cell_xml
from tests.test_distribute_collect import (
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

PER_UNIT = 300  # a removed row moves the ~600 rows under it: columns written as blocks
REKAP = IPASN.table("tblRekap")
HELPER = b'<c r="A1" t="str"><f>"Data "&amp;"Pegawai"</f><v>Data Pegawai</v></c>'


@pytest.fixture(scope="module")
def returned(tmp_path_factory) -> tuple[Path, list[Path]]:
    """A distribution of two units of 300 people, and what both units send back."""
    root = tmp_path_factory.mktemp("asal")
    (root / "dist").mkdir()
    master = ipasn_master(root / "dist" / "induk.xlsx", units=2, per_unit=PER_UNIT)
    sent = distribute(master, root / "dist" / "kirim")
    back = root / "kembali"
    back.mkdir()
    files = [
        edit_unit(unit_file(sent, 0), back / "u0.xlsx", set_={nip(0, 5): {"Nilai SKP": 95.5}},
                  delete=[nip(0, 1)], add=[pegawai(0, 900, Nama="Pegawai Baru")]),
        edit_unit(unit_file(sent, 1), back / "u1.xlsx", delete=[nip(1, 0)],
                  set_={nip(1, 7): {"Pendidikan": "S3"}}),
    ]  # fmt: skip
    return root / "dist", files


def _collected(returned: tuple[Path, list[Path]], target: Path, change=None) -> Path:
    """A copy of the distribution, its master changed by ``change``, the files collected."""
    dist, files = returned
    shutil.copytree(dist, target)
    master = target / "induk.xlsx"
    if change:
        change(master)
    result = collect(master, files)
    assert [k.status.value for k in result.kiriman] == ["Diterima", "Diterima"]
    assert [(k.changed, k.added, k.removed) for k in result.kiriman] == [(1, 1, 1), (1, 0, 1)]
    return master


def _by_nip(path: Path) -> dict[str, dict[str, Any]]:
    return {r["nip"]: r for r in rows_of(path, PEG)}


def _expected(rows: dict[str, dict[str, Any]]) -> None:
    assert len(rows) == 2 * PER_UNIT - 2 + 1
    assert nip(0, 1) not in rows and nip(1, 0) not in rows
    assert rows[nip(0, 5)]["nilai_skp"] == 95.5 and rows[nip(1, 7)]["pendidikan"] == "S3"
    assert rows[nip(0, 900)]["nama"] == "Pegawai Baru"


def test_a_helper_formula_in_the_sheet_is_kept_and_the_master_is_the_same(returned, tmp_path):
    in_place = _collected(returned, tmp_path / "a")
    patched = _collected(
        returned, tmp_path / "b", lambda m: set_cell_xml(m, PEG.sheet, "A1", HELPER)
    )
    _expected(_by_nip(in_place))
    assert rows_of(patched, PEG) == rows_of(in_place, PEG)  # same rows, same order, same results
    assert rows_of(patched, REKAP) == rows_of(in_place, REKAP)
    assert input_cells(patched, IPASN) == input_cells(in_place, IPASN)
    ws = openpyxl.load_workbook(patched)[PEG.sheet]
    assert ws["A1"].value == '="Data "&"Pegawai"'


def test_an_error_value_in_a_changed_column_is_kept_as_an_error(returned, tmp_path):
    """The master's first row holds #N/A (its owner's cell): written cell by cell, that cell
    stays an error; the rows under the removed ones are written as blocks, as in place."""
    ref = f"{PEG.letter('jp_diklat_teknis')}{PEG.first_data_row}"
    error = f'<c r="{ref}" t="e"><v>#N/A</v></c>'.encode()
    in_place = _collected(returned, tmp_path / "a")
    patched = _collected(returned, tmp_path / "c", lambda m: set_cell_xml(m, PEG.sheet, ref, error))
    ws = openpyxl.load_workbook(patched)[PEG.sheet]
    assert (ws[ref].value, ws[ref].data_type) == ("#N/A", "e")
    same, other = _by_nip(in_place), _by_nip(patched)
    _expected(other)
    del same[nip(0, 0)], other[nip(0, 0)]  # the row holding the error: its results differ
    assert other == same


def test_in_place_the_rewritten_columns_are_written_by_windows(returned, tmp_path, monkeypatch):
    """A column no row changes lies among the changed ones (Predikat SKP, blank throughout):
    the master's rows are still written by windows of rows, not one by one, to the same
    master as the patched copy's."""
    from tests.test_patch_windows import count_windows

    assert all(r["predikat_skp"] is None for r in rows_of(returned[0] / "induk.xlsx", PEG))
    taken = count_windows(monkeypatch)
    in_place = _collected(returned, tmp_path / "a")
    assert sum(taken) >= 2 * PER_UNIT - 2  # every row under the first one removed, at least
    monkeypatch.undo()
    patched = _collected(
        returned, tmp_path / "b", lambda m: set_cell_xml(m, PEG.sheet, "A1", HELPER)
    )
    assert rows_of(in_place, PEG) == rows_of(patched, PEG)
    assert input_cells(in_place, IPASN) == input_cells(patched, IPASN)


def test_an_error_value_only_in_a_removed_row_leaves_no_trace(tmp_path):
    """#N/A went out in a row its unit removes (the merged table holds no error, the rows read
    did): the row is gone, and the cell it held takes the number of the row moved up into it,
    as every other cell of the column, which is then the same as a master sent without it."""
    ref = f"{PEG.letter('jp_diklat_teknis')}{PEG.first_data_row + 1}"  # nip(0, 1)'s cell
    error = f'<c r="{ref}" t="e"><v>#N/A</v></c>'.encode()
    masters = []
    for name, change in (("plain", None), ("error", error)):
        (tmp_path / name).mkdir()
        master = ipasn_master(tmp_path / name / "induk.xlsx", units=2, per_unit=PER_UNIT)
        if change:
            set_cell_xml(master, PEG.sheet, ref, change)
        sent = distribute(master, tmp_path / name / "kirim")
        files = [
            edit_unit(unit_file(sent, 0), tmp_path / name / "u0.xlsx", delete=[nip(0, 1)],
                      set_={nip(0, 5): {"Nilai SKP": 95.5}}),
        ]  # fmt: skip
        result = collect(master, files)
        assert [(k.status.value, k.changed, k.removed) for k in result.kiriman] == [
            ("Diterima", 1, 1)
        ]
        masters.append(master)
    plain, with_error = masters
    ws = openpyxl.load_workbook(with_error)[PEG.sheet]
    assert (ws[ref].value, ws[ref].data_type) == (10 + 5 * 2, "n")  # nip(0, 2)'s, moved up
    rows = _by_nip(with_error)
    assert nip(0, 1) not in rows and rows[nip(0, 5)]["nilai_skp"] == 95.5
    assert rows == _by_nip(plain)
    assert input_cells(with_error, IPASN) == input_cells(plain, IPASN)
