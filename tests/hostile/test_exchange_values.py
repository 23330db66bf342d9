"""Bad values typed in a unit's file: the file is accepted (the values are the unit's to type),
merged exactly as typed (never blanked, never turned into a number), and collect says so at once,
with the cells, in its result, its command output and the Pengumpulan sheet."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from lkjip_xl.workbook.api import check_file
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.file_book import FileBook
from tests.hostile.corpus import inline_text, set_cell_xml
from tests.hostile.exchange_cases import (
    assert_only_good_edit,
    collect_with_good,
    copy_world,
    make_base,
    type_below_table,
    type_cells,
)
from tests.test_distribute_collect import UNITS, by_nip, edit_unit, ipasn_master, nip, pegawai

IPASN = template("ipasn")
PEG = IPASN.table("tblPegawai")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return make_base(tmp_path_factory.mktemp("dasar"))


def _cell(column: str, n: int) -> str:
    """The unit file's cell of column key ``column`` in its ``n``-th row (0-based)."""
    return f"{PEG.sheet}!{PEG.letter(column)}{PEG.first_data_row + n}"


BAD_VALUES = [
    ("words-in-a-number", "JP Diklat Teknis", "jp_diklat_teknis", "dua puluh",
     "Teks 'dua puluh' bukan angka"),
    ("ambiguous-thousands", "Nilai SKP", "nilai_skp", "1.234", "1.234"),
    ("boolean-in-a-number", "Nilai SKP", "nilai_skp", True, "nilai logika"),
    ("date-in-a-number", "JP Diklat Teknis", "jp_diklat_teknis", datetime(2025, 1, 2),
     "tanggal"),
    ("error-text-in-a-number", "Nilai SKP", "nilai_skp", "#N/A", "#N/A"),
    ("unknown-choice", "Pendidikan", "pendidikan", "Sarjana Hukum", "Sarjana Hukum"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "header", "key", "value", "text"), BAD_VALUES, ids=[c[0] for c in BAD_VALUES]
)
def test_a_bad_value_is_merged_as_typed_and_said_at_once(base, tmp_path, case, header, key,
                                                          value, text):  # fmt: skip
    world = copy_world(base, tmp_path / "w")
    type_cells(world.unit(0), {(nip(0, 1), header): value})
    outcome = collect_with_good(world, [world.unit(0)])
    (item,) = outcome.hostile
    assert item.status.value == "Diterima" and item.changed == 1
    (problem,) = [m for m in item.masalah if m.code.value == "input-problems"]
    assert problem.message.startswith("1 isian berkas ini bermasalah"), problem.message
    assert f"{_cell(key, 1)}: " in problem.message and text in problem.message, problem.message
    merged = by_nip(world.master)[nip(0, 1)][key]
    # A date is its serial number in a cell (2025-01-02 is 45659); the master's number column
    # shows that number, and the problem above says it was typed as a date.
    assert merged == (45659 if isinstance(value, datetime) else value)


@pytest.mark.parametrize("stored", ["NaN", "INF", "-INF", "1e999"])
def test_a_non_finite_number_stored_in_a_unit_file_refuses_that_file_only(base, tmp_path,
                                                                          stored):  # fmt: skip
    """calamine reads <v>NaN</v> as NaN, which was merged as a blank; an infinity stopped the
    whole collection when the master was written. Now that file is refused, naming the cell,
    and the other files of the run are merged."""
    world = copy_world(base, tmp_path / "w")
    ref = f"{PEG.letter('nilai_skp')}{PEG.first_data_row + 1}"
    set_cell_xml(world.unit(0), PEG.sheet, ref, f'<c r="{ref}"><v>{stored}</v></c>'.encode())
    outcome = collect_with_good(world, [world.unit(0)])
    (item,) = outcome.hostile
    assert item.status.value == "Ditolak"
    assert [m.code.value for m in item.reasons] == ["unreadable"]
    assert f"{PEG.sheet}!{ref}" in item.reasons[0].message
    assert world.unit(0).name in item.reasons[0].message
    assert_only_good_edit(world, outcome)


def test_a_non_finite_number_the_master_sent_out_does_not_refuse_the_file(tmp_path):
    """A NaN stored in the master's own row goes out with it; a file that leaves that row as
    sent is merged (the row stays the master's, and its check still names the cell)."""
    master = ipasn_master(tmp_path / "induk.xlsx", units=3)
    ws = openpyxl.load_workbook(master, read_only=True)[PEG.sheet]
    row = next(r[0].row for r in ws.iter_rows(min_row=PEG.first_data_row, max_col=1)
               if r[0].value == nip(0, 1))  # fmt: skip
    ref = f"{PEG.letter('nilai_skp')}{row}"
    set_cell_xml(master, PEG.sheet, ref, f'<c r="{ref}"><v>NaN</v></c>'.encode())
    sent = distribute(master, tmp_path / "kirim")
    unit = next(w.path for w in sent.workbooks if w.unit == UNITS[0])
    # openpyxl cannot open a file holding <v>NaN</v>: the unit's edit is made in its XML.
    first = f"{PEG.letter('nilai_skp')}{PEG.first_data_row}"
    set_cell_xml(unit, PEG.sheet, first, f'<c r="{first}"><v>91</v></c>'.encode())
    (item,) = collect(master, [unit]).kiriman
    assert item.status.value == "Diterima", [m.message for m in item.masalah]
    table = FileBook(master).read_table(PEG.name)
    merged = {r[table.headers.index("NIP")]: r[table.headers.index("Nilai SKP")]
              for r in table.rows}  # fmt: skip
    assert merged[nip(0, 0)] == 91
    found = [(m.code.value, m.place) for m in check_file(master).masalah]
    assert ("non-finite", f"{PEG.sheet}!{ref}") in found


def test_many_bad_values_are_counted_and_the_first_named(base, tmp_path):
    world = copy_world(base, tmp_path / "w")
    typed = {(nip(0, n), "JP Diklat Teknis"): f"sepuluh {n}" for n in range(4)}
    typed[(nip(0, 0), "Nilai SKP")] = "tinggi"
    type_cells(world.unit(0), typed)
    outcome = collect_with_good(world, [world.unit(0)])
    (problem,) = [m for m in outcome.hostile[0].masalah if m.code.value == "input-problems"]
    assert problem.message.startswith("5 isian berkas ini bermasalah"), problem.message
    assert problem.message.endswith("; dan 2 lainnya."), problem.message
    assert problem.cell == f"{PEG.letter('jp_diklat_teknis')}{PEG.first_data_row}"


def test_a_formula_typed_as_text_stays_text(base, tmp_path):
    world = copy_world(base, tmp_path / "w")
    wb = openpyxl.load_workbook(world.unit(0))
    ws = wb[PEG.sheet]
    cell = ws.cell(PEG.first_data_row, PEG.col_index("nama"))
    cell.value = '=HYPERLINK("http://contoh.invalid","klik")'
    cell.data_type = "s"
    wb.save(world.unit(0))
    collect_with_good(world, [world.unit(0)])
    master = openpyxl.load_workbook(world.master)[PEG.sheet]
    row = next(r for r in range(PEG.first_data_row, master.max_row + 1)
               if master.cell(r, 1).value == nip(0, 0))  # fmt: skip
    merged = master.cell(row, PEG.col_index("nama"))
    assert merged.data_type == "s" and merged.value.startswith("=HYPERLINK(")


def test_rows_typed_below_the_units_table_are_taken_in(base, tmp_path):
    world = copy_world(base, tmp_path / "w")
    new = [pegawai(0, 20, Nama="Di Bawah Satu"), pegawai(0, 21, Nama="Di Bawah Dua")]
    type_below_table(world.unit(0), new)
    outcome = collect_with_good(world, [world.unit(0)])
    (item,) = outcome.hostile
    assert item.status.value == "Diterima" and item.added == 2
    codes = [m.code.value for m in item.masalah]
    assert "rows-below-table" in codes and codes.count("row-added") == 2
    below = next(m for m in item.masalah if m.code.value == "rows-below-table")
    assert "2 baris di bawah tabel tblPegawai" in below.message and "dimasukkan" in below.message
    after = by_nip(world.master)
    assert (
        after[nip(0, 20)]["nama"] == "Di Bawah Satu"
        and after[nip(0, 21)]["unit_kerja"] == (UNITS[0])
    )


def test_collect_output_and_pengumpulan_show_the_input_problems(base, tmp_path):
    from lkjip_xl import cli

    world = copy_world(base, tmp_path / "w")
    type_cells(world.unit(0), {(nip(0, 2), "JP Diklat Teknis"): "dua puluh"})
    done = CliRunner().invoke(cli.app, ["kumpulkan", str(world.master), str(world.unit(0)),
                                        "--json"])  # fmt: skip
    # Accepted, but the master now holds a galat ("dua puluh" is no number): exit 1.
    assert done.exit_code == 1, done.output
    assert "dua puluh" in done.output and "input-problems" in done.output
    done = CliRunner().invoke(cli.app, ["kumpulkan", str(world.master), str(world.unit(0))])
    assert "input-problems" in done.output, done.output
    ws = openpyxl.load_workbook(world.master)["Pengumpulan"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    # The same file twice: accepted, then a duplicate; both rows say what the file holds.
    text, again = [t for t in texts if "[input-problems]" in t]
    assert "[duplicate-file]" in again
    assert f"{_cell('jp_diklat_teknis', 2)}: JP Diklat Teknis: Teks 'dua puluh' bukan angka" in (
        text
    )


def test_collect_goes_on_when_the_check_of_a_value_breaks(base, tmp_path):
    """A value no rule expects (a very long text) is still merged as typed, with the others."""
    world = copy_world(base, tmp_path / "w")
    type_cells(world.unit(0), {(nip(0, 3), "Nama"): "N" * 32_000})
    result = collect(world.master, [world.unit(0), world.unit(1)])
    assert [k.status.value for k in result.kiriman] == ["Diterima", "Diterima"]
    assert by_nip(world.master)[nip(0, 3)]["nama"] == "N" * 32_000


def test_a_text_longer_than_a_cell_holds_refuses_that_file_only(base, tmp_path):
    """A text of 40,000 characters stored in a unit's cell by a program (Excel, LibreOffice
    and openpyxl cut a text at 32,767 characters; a script writing the XML does not): the file
    reads and checks fine, but the value cannot be written into the master. It stopped the
    whole collection when the master was written; now that file is refused, naming the cell,
    nothing of it reaches the master, and the other files are merged."""
    world = copy_world(base, tmp_path / "w")
    # The same file also changes another row, which must not reach the master either.
    type_cells(world.unit(0), {(nip(0, 2), "Nilai SKP"): 99})
    ref = f"{PEG.letter('nama')}{PEG.first_data_row + 1}"
    set_cell_xml(world.unit(0), PEG.sheet, ref, inline_text(ref, "N" * 40_000))
    outcome = collect_with_good(world, [world.unit(0)])
    (item,) = outcome.hostile
    assert item.status.value == "Ditolak"
    (reason,) = item.reasons
    assert reason.code.value == "unreadable"
    assert reason.message.startswith(f"Berkas {world.unit(0).name} tidak dapat digabungkan")
    assert f"sel {ref} terlalu panjang (40.000 karakter" in reason.message
    assert item.changed is None and item.added is None
    assert_only_good_edit(world, outcome)
    assert outcome.result.awaited == [UNITS[1]]  # the refused file's unit is known: not awaited


def test_a_file_refused_while_merging_leaves_the_files_merged_before_it_whole(base, tmp_path):
    """The refused file comes second: the first file's removal and edit, made before it failed,
    are in the master once (the merge is made again without the refused file), its own not."""
    world = copy_world(base, tmp_path / "w")
    edit_unit(world.unit(0), set_={nip(0, 0): {"Nilai SKP": 88}}, delete=[nip(0, 3)])
    type_cells(world.unit(1), {(nip(1, 2), "Nilai SKP"): 99})
    ref = f"{PEG.letter('nama')}{PEG.first_data_row + 1}"
    set_cell_xml(world.unit(1), PEG.sheet, ref, inline_text(ref, "N" * 40_000))
    good = edit_unit(world.unit(2), world.path("baik.xlsx"), set_={nip(2, 0): {"Nilai SKP": 91}})
    before = by_nip(world.master)
    first, refused, last = collect(world.master, [world.unit(0), world.unit(1), good]).kiriman
    statuses = [k.status.value for k in (first, refused, last)]
    assert statuses == ["Diterima", "Ditolak", "Diterima"]
    assert (first.changed, first.removed) == (1, 1)
    assert [m.code.value for m in refused.reasons] == ["unreadable"]
    after = by_nip(world.master)
    assert set(before) - set(after) == {nip(0, 3)} and len(after) == len(before) - 1
    assert after[nip(0, 0)]["nilai_skp"] == 88 and after[nip(2, 0)]["nilai_skp"] == 91
    assert after[nip(1, 2)] == before[nip(1, 2)] and after[nip(1, 1)] == before[nip(1, 1)]
