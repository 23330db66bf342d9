"""Forged and edited stamps, and files that reach into another unit's rows: each is refused with
its code and an Indonesian sentence, the other unit's rows (and every other input of the master)
stay as they were, and the good file of the same collection is merged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.exchange import stamp
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from tests.hostile.exchange_cases import (
    World,
    assert_only_good_edit,
    collect_with_good,
    copy_stamps,
    copy_world,
    make_base,
    other_units_rows,
    set_stamp,
    set_stamps_bytes,
    type_below_table,
    type_cells,
)
from tests.test_distribute_collect import UNITS, by_nip, edit_unit, input_cells, nip, pegawai
from tests.workbooks import ANGGARAN, INDIKATOR, TRIWULAN, filled_kinerja


def _flip_first(text: str) -> str:
    return ("0" if text[0] != "0" else "1") + text[1:]


def _seal(world: World, n: int) -> str:
    return stamp.read_stamps(world.unit(n))["Segel_Distribusi"]


Build = Callable[[World], Path]

STAMP_CASES: list[tuple[str, Build, str, str]] = [
    ("unit-renamed", lambda w: set_stamp(w.unit(0), "Unit_Distribusi", UNITS[1]),
     "seal-invalid", f"unit {UNITS[1]} yang tercap"),
    ("unit-renamed-in-bytes", lambda w: set_stamps_bytes(
        w.unit(0), w.path("b.xlsx"), {"Unit_Distribusi": UNITS[1]}), "seal-invalid", "Segel"),
    ("unit-renamed-to-the-good-unit", lambda w: set_stamp(w.unit(1), "Unit_Distribusi",
                                                          UNITS[2]), "seal-invalid", "Segel"),
    ("unit-unknown", lambda w: set_stamp(w.unit(0), "Unit_Distribusi", "Dinas Lain"),
     "unknown-unit", "Unit Dinas Lain"),
    ("unit-other-case", lambda w: set_stamp(w.unit(0), "Unit_Distribusi", UNITS[0].lower()),
     "unknown-unit", "tidak ada dalam distribusi"),
    ("unit-trailing-space", lambda w: set_stamp(w.unit(0), "Unit_Distribusi", UNITS[0] + " "),
     "unknown-unit", "tidak ada dalam distribusi"),
    ("unit-as-cell-reference", lambda w: set_stamp(w.unit(0), "Unit_Distribusi", None,
                                                   "'Identitas'!$B$5"), "unknown-unit", "(kosong)"),
    ("unit-removed", lambda w: set_stamp(w.unit(0), "Unit_Distribusi", None), "unknown-unit",
     "(kosong)"),
    ("seal-removed", lambda w: set_stamp(w.unit(0), "Segel_Distribusi", None), "seal-invalid",
     "tidak memuat segel"),
    ("seal-one-digit", lambda w: set_stamp(w.unit(0), "Segel_Distribusi",
                                           _flip_first(_seal(w, 0))), "seal-invalid", "Segel"),
    ("seal-of-another-unit", lambda w: set_stamp(w.unit(0), "Segel_Distribusi", _seal(w, 1)),
     "seal-invalid", "Segel"),
    ("seal-upper-case", lambda w: set_stamp(w.unit(0), "Segel_Distribusi",
                                            _seal(w, 0).upper()), "seal-invalid", "Segel"),
    ("seal-too-long", lambda w: set_stamp(w.unit(0), "Segel_Distribusi", "a" * 250),
     "seal-invalid", "Segel"),
    ("seal-blank", lambda w: set_stamp(w.unit(0), "Segel_Distribusi", ""), "seal-invalid",
     "tidak memuat segel"),
    ("both-stamps-copied", lambda w: copy_stamps(w.unit(1), w.unit(0),
                                                 ("Unit_Distribusi", "Segel_Distribusi")),
     "foreign-row", f"milik unit {UNITS[0]}"),
    ("distribution-removed", lambda w: set_stamp(w.unit(0), "Distribusi_ID", None), "no-stamp",
     "Distribusi_ID"),
    ("distribution-changed", lambda w: set_stamp(w.unit(0), "Distribusi_ID", "D-lain"),
     "other-distribution", "D-lain"),
    ("distribution-as-formula", lambda w: set_stamp(w.unit(0), "Distribusi_ID", None,
                                                    '"D"&"1"'), "no-stamp", "Distribusi_ID"),
    ("file-of-another-distribution", lambda w: w.elsewhere, "other-distribution",
     "berasal dari distribusi"),
    ("master-fingerprint-edited", lambda w: set_stamp(w.unit(0), "Sidik_Jari_Master", "0" * 16),
     "stamp-changed", "Sidik_Jari_Master"),
    ("settings-fingerprint-edited", lambda w: set_stamp(w.unit(0), "Sidik_Jari_Pengaturan",
                                                        "x"), "stamp-changed",
     "Sidik_Jari_Pengaturan"),
    ("deadline-added", lambda w: set_stamp(w.unit(0), "Batas_Waktu", "2099-12-31"),
     "stamp-changed", "Batas_Waktu"),
]  # fmt: skip

ROW_CASES: list[tuple[str, Build, str, str]] = [
    ("adds-one-nip-of-another-unit", lambda w: edit_unit(w.unit(0), add=[pegawai(1, 0)]),
     "foreign-row", f"NIP {nip(1, 0)} milik unit {UNITS[1]}"),
    ("carries-all-rows-of-another-unit", lambda w: edit_unit(w.unit(0),
                                                             add=other_units_rows(1)),
     "foreign-row", f"milik unit {UNITS[1]}"),
    ("adds-a-nip-of-another-unit-spaced", lambda w: edit_unit(
        w.unit(0), add=[pegawai(1, 2, NIP=f"  {nip(1, 2)} ")]), "foreign-row", nip(1, 2)),
    ("changes-own-nip-to-another-units", lambda w: type_cells(
        w.unit(0), {(nip(0, 1), "NIP"): nip(1, 1)}), "foreign-row", nip(1, 1)),
    ("types-another-units-row-below-the-table", lambda w: type_below_table(
        w.unit(0), [pegawai(1, 3)]), "foreign-row", nip(1, 3)),
    ("adds-the-good-units-row", lambda w: edit_unit(w.unit(1), add=[pegawai(2, 1)]),
     "foreign-row", f"milik unit {UNITS[2]}"),
    ("forged-unit-and-carried-rows", lambda w: set_stamp(
        edit_unit(w.unit(0), add=other_units_rows(1, 2)), "Unit_Distribusi", UNITS[1]),
     "seal-invalid", "Segel"),
]  # fmt: skip


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return make_base(tmp_path_factory.mktemp("dasar"))


CASES = STAMP_CASES + ROW_CASES


@pytest.mark.parametrize(("case", "build", "code", "text"), CASES, ids=[c[0] for c in CASES])
def test_a_forged_or_foreign_file_changes_nothing(base, tmp_path, case, build, code, text):
    world = copy_world(base, tmp_path / "w")
    hostile = build(world)
    outcome = collect_with_good(world, [hostile])
    (item,) = outcome.hostile
    assert item.status.value == "Ditolak", [m.message for m in item.masalah]
    assert code in [m.code.value for m in item.reasons], [m.message for m in item.masalah]
    assert any(text in m.message for m in item.reasons), [m.message for m in item.reasons]
    assert_only_good_edit(world, outcome)


# --- what stays possible ---------------------------------------------------------------------


def test_a_move_through_both_files_goes_through(base, tmp_path):
    world = copy_world(base, tmp_path / "w")
    edit_unit(world.unit(1), delete=[nip(1, 0)])
    edit_unit(world.unit(0), add=[pegawai(1, 0, **{"Unit Kerja": UNITS[0]})])
    result = collect(world.master, [world.unit(0), world.unit(1)])
    assert [k.status.value for k in result.kiriman] == ["Diterima", "Diterima"]
    assert by_nip(world.master)[nip(1, 0)]["unit_kerja"] == UNITS[0]


def test_a_move_whose_release_is_refused_refuses_both(base, tmp_path):
    world = copy_world(base, tmp_path / "w")
    edit_unit(world.unit(1), delete=[nip(1, 0)])
    set_stamp(world.unit(1), "Segel_Distribusi", None)
    edit_unit(world.unit(0), add=[pegawai(1, 0, **{"Unit Kerja": UNITS[0]})])
    outcome = collect_with_good(world, [world.unit(1), world.unit(0)])
    assert [[m.code.value for m in k.reasons] for k in outcome.hostile] == [
        ["seal-invalid"], ["foreign-row"]
    ]  # fmt: skip
    assert_only_good_edit(world, outcome)


def test_a_unit_may_remove_all_its_rows_and_move_its_own(base, tmp_path):
    world = copy_world(base, tmp_path / "w")
    edit_unit(world.unit(0), delete=[nip(0, n) for n in range(3)])
    type_cells(world.unit(1), {(nip(1, 0), "Unit Kerja"): UNITS[0]})
    result = collect(world.master, [world.unit(0), world.unit(1)])
    assert [k.status.value for k in result.kiriman] == ["Diterima", "Diterima"]
    after = by_nip(world.master)
    assert [n for n in range(4) if nip(0, n) in after] == [3]
    assert after[nip(1, 0)]["unit_kerja"] == UNITS[0]
    assert "other-unit" in [m.code.value for m in result.kiriman[1].masalah]


def test_a_key_in_the_master_but_sent_to_nobody_is_not_added(base, tmp_path):
    world = copy_world(base, tmp_path / "w")
    wb = openpyxl.load_workbook(world.master)
    peg = template("ipasn").table("tblPegawai")
    ws = wb[peg.sheet]
    row = next(r for r in range(peg.first_data_row, ws.max_row + 2)
               if ws.cell(r, 1).value is None)  # fmt: skip
    for column in peg.input_columns:
        value = pegawai(0, 50, **{"Unit Kerja": None}).get(column.name)
        ws.cell(row, peg.col_index(column.key), value)
    wb.save(world.master)
    edit_unit(world.unit(0), add=[pegawai(0, 50)])
    before = input_cells(world.master, template("ipasn"))
    result = collect(world.master, [world.unit(0)])
    (item,) = result.kiriman
    assert item.status.value == "Diterima" and item.added == 0
    assert "duplicate-key" in [m.code.value for m in item.reasons]
    assert input_cells(world.master, template("ipasn")) == before


# --- kinerja: linked tables follow the indicator they refer to -----------------------------------


KINERJA = template("kinerja")
ASN, LAYANAN = "Meningkatnya profesionalitas ASN", "Pelayanan kepegawaian"


@pytest.fixture
def kinerja(tmp_path):
    path = filled_kinerja(tmp_path / "kinerja.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    recompute_file(path)
    sent = distribute(path, tmp_path / "kirim")
    return path, {w.unit: w.path for w in sent.workbooks}


def _kinerja_edit(path: Path, table: str, row: int, values: dict[str, object]) -> Path:
    spec = KINERJA.table(table)
    wb = openpyxl.load_workbook(path)
    ws = wb[spec.sheet]
    for header, value in values.items():
        key = next(c.key for c in spec.columns if c.name == header)
        ws.cell(spec.first_data_row + row, spec.col_index(key), value)
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("case", "table", "row", "values", "text"),
    [
        ("quarter-of-another-units-indicator", "tblTriwulan", 0,
         {"Kode": "IKU-3", "Triwulan": "TW1", "Target": 1, "Realisasi": 1}, "merujuk Kode IKU-3"),
        ("budget-moved-to-another-units-indicator", "tblAnggaran", 0,
         {"Kode Indikator": "IKU-3"}, "merujuk Kode Indikator IKU-3"),
        ("indicator-of-another-unit-added", "tblIndikator", 2,
         {"Kode": "IKU-3", "Sasaran": ASN, "Indikator": "Salinan", "Target": 1},
         "Kode IKU-3 milik unit Pelayanan kepegawaian"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.islower() else None,
)  # fmt: skip
def test_a_kinerja_file_reaching_another_units_indicator_is_refused(
    kinerja, case, table, row, values, text
):
    path, files = kinerja
    before = input_cells(path, KINERJA)
    good = _kinerja_edit(files[LAYANAN], "tblIndikator", 0, {"Realisasi": 99})
    hostile = _kinerja_edit(files[ASN], table, row, values)
    result = collect(path, [hostile, good])
    refused, accepted = result.kiriman
    assert refused.status.value == "Ditolak" and accepted.status.value == "Diterima"
    assert [m.code.value for m in refused.reasons] == ["foreign-row"]
    assert text in refused.reasons[0].message, refused.reasons[0].message
    after = input_cells(path, KINERJA)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert [after[k] for k in changed] == [99]
