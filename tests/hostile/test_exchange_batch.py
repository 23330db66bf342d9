"""A collection of 200 good unit files and 3 hostile ones: the 200 are merged, the 3 refused, and
nothing else of the master changes."""

from __future__ import annotations

import pytest

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import build_demo, fill_table
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from tests.hostile.exchange_cases import set_stamp, with_doctype
from tests.test_distribute_collect import by_nip, edit_unit, input_cells, pegawai

IPASN = template("ipasn")
PEG = IPASN.table("tblPegawai")
UNITS = 203
EDITED = range(0, 200, 20)  # good files that also change a value


def unit_name(n: int) -> str:
    return f"Unit {n:03d}"


def person(n: int, i: int, **over):
    return pegawai(0, i, **{"NIP": f"19900101{n:03d}0{i:06d}", "Unit Kerja": unit_name(n),
                            **over})  # fmt: skip


@pytest.mark.slow
def test_two_hundred_good_files_are_merged_and_three_hostile_refused(tmp_path):
    master = tmp_path / "induk.xlsx"
    wb = make_workbook("ipasn")
    fill_table(wb, PEG, [person(n, i) for n in range(UNITS) for i in range(2)])
    wb.save(master)
    recompute_file(master)
    sent = distribute(master, tmp_path / "kirim")
    files = {w.unit: w.path for w in sent.workbooks}
    assert len(files) == UNITS

    for n in EDITED:
        edit_unit(files[unit_name(n)], set_={person(n, 0)["NIP"]: {"Nilai SKP": 90 + n / 100}})
    forged = set_stamp(files[unit_name(200)], "Unit_Distribusi", unit_name(1))
    unsafe = with_doctype(files[unit_name(201)], tmp_path / "tidak-aman.xlsx", "workbook",
                          b'<!DOCTYPE x [<!ENTITY a "b">]>')  # fmt: skip
    carrying = edit_unit(files[unit_name(202)], add=[person(2, 1, Nama="Salinan")])
    good = [files[unit_name(n)] for n in range(200)]
    before = input_cells(master, IPASN)

    result = collect(master, [forged, *good[:100], unsafe, *good[100:], carrying])

    status = {k.name: k.status.value for k in result.kiriman}
    assert sum(1 for s in status.values() if s == "Diterima") == 200
    assert [status[p.name] for p in (forged, unsafe, carrying)] == ["Ditolak"] * 3
    reasons = {k.name: [m.code.value for m in k.reasons] for k in result.kiriman}
    assert reasons[forged.name] == ["seal-invalid"]
    assert reasons[unsafe.name] == ["unreadable"]
    assert reasons[carrying.name] == ["foreign-row"]
    # The refused files whose unit is not proven leave their unit awaited; the one carrying
    # another unit's rows is its unit's, refused.
    assert sorted(result.awaited) == [unit_name(200), unit_name(201)]

    after = input_cells(master, IPASN)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    rows = by_nip(master)
    assert len(changed) == len(EDITED)
    for n in EDITED:
        assert rows[person(n, 0)["NIP"]]["nilai_skp"] == 90 + n / 100
    assert rows[person(2, 1)["NIP"]]["nama"] == person(2, 1)["Nama"]


@pytest.mark.slow
def test_the_demo_roster_keeps_its_2777_rows_against_a_renamed_stamp(tmp_path):
    """The case that was accepted: a unit's file renamed to another unit removed 9 of that
    unit's rows from the master (2,777 became 2,768)."""
    master, _ = build_demo("ipasn-000", tmp_path)
    sent = distribute(master, tmp_path / "kirim")
    first, second = sent.workbooks[0], sent.workbooks[1]
    forged = set_stamp(first.path, "Unit_Distribusi", second.unit)
    before = input_cells(master, IPASN)
    result = collect(master, [forged])
    (item,) = result.kiriman
    assert item.status.value == "Ditolak"
    assert [m.code.value for m in item.reasons] == ["seal-invalid"]
    assert len(by_nip(master)) == 2777
    assert input_cells(master, IPASN) == before
