"""Units that edit their workbook the way real offices do, through ``lkjip-xl kumpulkan``.

Each case distributes a small roster with the real command, changes one unit's file as an
office would (a value the master changed too, a file renamed ``.xls``, a table renamed), collects
it with the real command, and asserts the exit code, the sentence, the file's status in
``Pengumpulan`` and the master's input cells, read back with openpyxl.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from lkjip_xl import cli
from lkjip_xl.workbook.api import recompute_file
from tests.test_distribute_collect import (
    IPASN,
    KINERJA,
    PEG,
    UNITS,
    by_nip,
    edit_unit,
    input_cells,
    ipasn_master,
    nip,
    rows_of,
)
from tests.workbooks import ANGGARAN, INDIKATOR, TRIWULAN, filled_kinerja


@pytest.fixture
def sent(tmp_path: Path) -> tuple[Path, list[Path]]:
    """A master of three units, distributed with the command line, and the files sent."""
    master = ipasn_master(tmp_path / "induk.xlsx")
    done = CliRunner().invoke(cli.app, ["bagikan", str(master), "-o", str(tmp_path / "kirim")])
    assert done.exit_code == 0, done.output
    return master, sorted((tmp_path / "kirim").glob("*.xlsx"))


def _unit_file(files: list[Path], unit: int) -> Path:
    return next(p for p in files if p.stem.endswith(UNITS[unit]))


def _collect(master: Path, *files: Path) -> tuple[int, dict]:
    done = CliRunner().invoke(cli.app, ["kumpulkan", str(master), *map(str, files), "--json"])
    assert "Traceback" not in done.output
    return done.exit_code, json.loads(done.output)


def _set_in_master(master: Path, key: str, header: str, value: object) -> None:
    """An edit of the master between distribute and collect, as a person saves it."""
    wb = openpyxl.load_workbook(master)
    ws = wb[PEG.sheet]
    col = {c.name: PEG.col_index(c.key) for c in PEG.columns}
    row = next(r for r in range(PEG.first_data_row, ws.max_row + 1)
               if ws.cell(r, col["NIP"]).value == key)  # fmt: skip
    ws.cell(row, col[header], value)
    wb.save(master)


def test_a_units_edit_kept_out_by_a_master_edit_is_exit_code_1(sent):
    """The master and the unit changed the same row: the master's value stays (the design's
    rule), the unit's value is not merged, so the run is no success (exit 1), as the Log's
    error count already says. Before, the command exited 0."""
    master, files = sent
    _set_in_master(master, nip(0, 1), "Nilai SKP", 81)
    unit = edit_unit(_unit_file(files, 0), set_={nip(0, 1): {"Nilai SKP": 99},
                                                 nip(0, 2): {"Nilai SKP": 97}})  # fmt: skip
    code, data = _collect(master, unit)
    assert code == 1
    (kiriman,) = data["kiriman"]
    assert kiriman["status"] == "Diterima"
    assert "master-changed" in [m["code"] for m in kiriman["masalah"]]
    rows = by_nip(master)
    assert rows[nip(0, 1)]["nilai_skp"] == 81  # the master's own edit stays
    assert rows[nip(0, 2)]["nilai_skp"] == 97  # the unit's edit of an untouched row is merged


def test_a_units_file_as_sent_after_a_master_edit_is_exit_code_0(sent):
    """Only the master changed a row: nothing of the unit's is kept out, the run succeeds."""
    master, files = sent
    _set_in_master(master, nip(0, 1), "Nilai SKP", 81)
    code, data = _collect(master, _unit_file(files, 0))
    assert code == 0, data
    assert by_nip(master)[nip(0, 1)]["nilai_skp"] == 81


def _inputs(master: Path) -> dict:
    return input_cells(master, IPASN)


def test_a_units_file_renamed_xls_is_refused_with_the_name_to_give_it(sent, tmp_path):
    """A unit's .xlsx saved back as ``.xls`` (a mail client, a person renaming it): refused as
    every command refuses it, naming the .xlsx name to give it; not "a part is broken", and not
    under the archived copy's name. Its edit is not merged; another unit's file is."""
    master, files = sent
    before = _inputs(master)
    renamed = edit_unit(_unit_file(files, 0), tmp_path / "Dinkes.xls",
                        set_={nip(0, 0): {"Nilai SKP": 99}})  # fmt: skip
    good = edit_unit(_unit_file(files, 1), tmp_path / "Setda.xlsx",
                     set_={nip(1, 0): {"Nilai SKP": 95}})  # fmt: skip
    code, data = _collect(master, renamed, good)
    assert code == 1
    status = {Path(k["berkas"]).name: k for k in data["kiriman"]}
    assert status["Setda.xlsx"]["status"] == "Diterima"
    refused = status["Dinkes.xls"]
    assert refused["status"] == "Ditolak"
    (problem,) = refused["masalah"]
    assert problem["code"] == "unreadable"
    assert "Ganti namanya menjadi Dinkes.xlsx" in problem["message"], problem
    after = _inputs(master)
    changed = {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}
    assert list(changed.values()) == [(70.5, 95)]


def test_a_folder_of_returned_files_names_an_xls_in_it(sent, tmp_path):
    """A folder stands for its .xlsx/.xlsm files and also the .xls, .xlsb and .ods a unit may
    have saved instead: each is refused with its next step, not passed over without a word
    (the unit then stayed "Belum Kembali" and nobody was told why)."""
    master, files = sent
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    edit_unit(_unit_file(files, 0), inbox / "Dinkes.xls", set_={nip(0, 0): {"Nilai SKP": 99}})
    shutil.copy(_unit_file(files, 1), inbox / "Setda.xlsx")
    (inbox / "catatan.txt").write_text("bukan buku kerja")
    code, data = _collect(master, inbox)
    assert code == 1
    status = {Path(k["berkas"]).name: k["status"] for k in data["kiriman"]}
    assert status == {"Dinkes.xls": "Ditolak", "Setda.xlsx": "Diterima"}
    assert by_nip(master)[nip(0, 0)]["nilai_skp"] == 70.5


def test_a_renamed_table_is_refused_naming_the_file_as_sent(sent, tmp_path):
    """A unit renamed ``tblPegawai``: the file is refused, in a sentence naming the file the
    user sent (``Dinkes.xlsx``), not the archived copy (``Dinkes.<sha>.xlsx``), the unit whose
    file it is (its stamps and seal say so) and the table it lacks: a structural refusal, as a
    renamed column is. It was ``not-template``, naming no unit, as for any stranger's file."""
    master, files = sent
    before = _inputs(master)
    wb = openpyxl.load_workbook(_unit_file(files, 0))
    ws = wb[PEG.sheet]
    table = ws.tables["tblPegawai"]
    table.name = table.displayName = "Tabel1"
    del ws.tables["tblPegawai"]
    ws.tables["Tabel1"] = table
    ws.cell(PEG.first_data_row, PEG.col_index("nilai_skp"), 99)
    wb.save(tmp_path / "Dinkes.xlsx")
    code, data = _collect(master, tmp_path / "Dinkes.xlsx")
    assert code == 1
    (kiriman,) = data["kiriman"]
    assert kiriman["status"] == "Ditolak"
    assert kiriman["unit"] == UNITS[0]
    (problem,) = kiriman["masalah"]
    assert problem["code"] == "structure", problem
    assert problem["message"].startswith(f"Dinkes.xlsx (unit {UNITS[0]}) "), problem
    assert "tidak memuat tabel tblPegawai" in problem["message"], problem
    assert (problem["sheet"], problem["table"]) == (PEG.sheet, "tblPegawai")
    assert _inputs(master) == before


def test_a_table_converted_to_a_range_is_refused_with_the_workbook_to_copy_into(sent, tmp_path):
    """A unit converted ``tblPegawai`` to a plain range (Desain Tabel > Konversi ke Rentang), as
    an .xls saved back as .xlsx also leaves it: there is no table to give its name back to, so
    the sentence names the workbook the unit was sent, not a rename that cannot be done."""
    master, files = sent
    before = _inputs(master)
    wb = openpyxl.load_workbook(_unit_file(files, 0))
    ws = wb[PEG.sheet]
    del ws.tables["tblPegawai"]
    ws.cell(PEG.first_data_row, PEG.col_index("nilai_skp"), 99)
    wb.save(tmp_path / "Dinkes.xlsx")
    code, data = _collect(master, tmp_path / "Dinkes.xlsx")
    assert code == 1
    (kiriman,) = data["kiriman"]
    assert (kiriman["status"], kiriman["unit"]) == ("Ditolak", UNITS[0])
    (problem,) = kiriman["masalah"]
    assert problem["code"] == "structure", problem
    said = problem["message"]
    assert said.startswith(f"Dinkes.xlsx (unit {UNITS[0]}) tidak lagi memuat tabel Excel"), said
    assert f"buku kerja yang dibagikan kepadanya ({_unit_file(files, 0).name}, " in said
    assert "kembalikan nama tabel" not in said
    assert _inputs(master) == before


def _set_anggaran_pagu(path: Path, program: str, pagu: int) -> None:
    """Change the Pagu of a budget line, as a person types it (master or unit alike)."""
    spec = KINERJA.table("tblAnggaran")
    wb = openpyxl.load_workbook(path)
    ws = wb[spec.sheet]
    row = next(r for r in range(spec.first_data_row, ws.max_row + 1)
               if ws.cell(r, spec.col_index("program_kegiatan")).value == program)  # fmt: skip
    ws.cell(row, spec.col_index("pagu"), pagu)
    wb.save(path)


def _budget_lines(path: Path) -> list[tuple[str, str, float]]:
    spec = KINERJA.table("tblAnggaran")
    return [(r["kode_indikator"], r["program_kegiatan"], r["pagu"]) for r in rows_of(path, spec)]


def _kinerja_sent(tmp_path: Path) -> tuple[Path, Path]:
    """A recomputed kinerja master distributed by the CLI, and its Pelayanan unit's file."""
    master = filled_kinerja(tmp_path / "kinerja.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    recompute_file(master)
    done = CliRunner().invoke(cli.app, ["bagikan", str(master), "-o", str(tmp_path / "kirim")])
    assert done.exit_code == 0, done.output
    return master, next((tmp_path / "kirim").glob("*Pelayanan kepegawaian.xlsx"))


@pytest.mark.parametrize(
    ("unit_pagu", "kept_out"),
    [(2500000000, True), (2490000000, False)],
    ids=["different-values", "same-value"],
)
def test_a_budget_line_changed_in_the_master_and_in_the_unit_is_not_doubled(
    tmp_path, unit_pagu, kept_out
):
    """tblAnggaran has no key: its rows are found by content. The master changed a budget
    line's Pagu after distributing, and the unit changed the same line's Pagu: the unit's line
    was appended beside the master's, the budget counted twice, with only a row-added warning
    and exit 0. It is now the unit's edit of a row the master changed (master-removed, exit 1,
    the master's line kept alone); the same value typed in both is settled silently."""
    master, unit = _kinerja_sent(tmp_path)
    _set_anggaran_pagu(master, "Program Pelayanan", 2490000000)
    _set_anggaran_pagu(unit, "Program Pelayanan", unit_pagu)
    code, data = _collect(master, unit)
    (kiriman,) = data["kiriman"]
    assert kiriman["status"] == "Diterima"
    assert _budget_lines(master) == [
        ("IKU-1", "Program Penunjang", 11470273050),
        ("IKU-3", "Program Pelayanan", 2490000000),
    ]
    codes = [m["code"] for m in kiriman["masalah"]]
    assert "row-added" not in codes
    assert ("master-removed" in codes) is kept_out
    assert code == (1 if kept_out else 0)


def test_two_nips_retyped_as_numbers_remove_nobody(sent, tmp_path):
    """A unit's NIPs stored as numbers (retyped in a General cell, pasted from a calculator
    sheet) keep 15 digits: two NIPs of one unit round to one number. The second was taken as a
    duplicate key and its person as removed by the unit, so the master lost that row (a
    row-removed warning, exit 1 only for the first). Both are now changed keys: not merged,
    and the master keeps both rows as they were."""
    master, files = sent
    before = _inputs(master)
    wb = openpyxl.load_workbook(_unit_file(files, 0))
    ws = wb[PEG.sheet]
    col = PEG.col_index("nip")
    for row in range(PEG.first_data_row, ws.max_row + 1):
        if ws.cell(row, col).value in (nip(0, 1), nip(0, 2)):
            ws.cell(row, col, float(ws.cell(row, col).value))
    assert float(nip(0, 1)) == float(nip(0, 2))  # what makes the second a duplicate
    wb.save(tmp_path / "Dinkes.xlsx")
    code, data = _collect(master, tmp_path / "Dinkes.xlsx")
    assert code == 1
    (kiriman,) = data["kiriman"]
    codes = [m["code"] for m in kiriman["masalah"]]
    assert codes.count("key-changed") == 2 and "row-removed" not in codes, codes
    assert kiriman["dihapus"] == 0
    assert _inputs(master) == before


def _write_budget_lines(path: Path, lines: list[tuple[str, str, int, int]]) -> None:
    """Retype a unit's budget table from its first row, as a person does (rows moved, typed)."""
    spec = KINERJA.table("tblAnggaran")
    wb = openpyxl.load_workbook(path)
    ws = wb[spec.sheet]
    cols = [spec.col_index(k) for k in ("kode_indikator", "program_kegiatan", "pagu",
                                        "realisasi_anggaran")]  # fmt: skip
    for n, values in enumerate(lines):
        for col, value in zip(cols, values, strict=True):
            ws.cell(spec.first_data_row + n, col, value)
    wb.save(path)


@pytest.mark.parametrize(
    ("lines", "kept_out"),
    [
        # The unit typed a new line above the line it changed.
        ([("IKU-3", "Kegiatan Baru", 100000000, 90000000),
          ("IKU-3", "Program Pelayanan", 2500000000, 2330123456)], True),
        # The unit removed the line the master changed and typed a new one in its place.
        ([("IKU-3", "Kegiatan Baru", 100000000, 90000000)], False),
    ],
    ids=["new-line-above-an-edit", "line-replaced"],
)  # fmt: skip
def test_a_new_budget_line_beside_a_line_the_master_changed_is_added(tmp_path, lines, kept_out):
    """Without a key, the unit's row in the place of a line the master changed was taken as
    the unit's edit of it whatever it held: a new line typed there was kept out (master-removed)
    and, typed above the edited line, the edited line was appended beside the master's (the
    budget counted twice). Only a row alike the master's line is its edit now."""
    master, unit = _kinerja_sent(tmp_path)
    _set_anggaran_pagu(master, "Program Pelayanan", 2490000000)
    _write_budget_lines(unit, lines)
    code, data = _collect(master, unit)
    (kiriman,) = data["kiriman"]
    assert kiriman["status"] == "Diterima"
    assert _budget_lines(master) == [
        ("IKU-1", "Program Penunjang", 11470273050),
        ("IKU-3", "Program Pelayanan", 2490000000),
        ("IKU-3", "Kegiatan Baru", 100000000),
    ]
    codes = [m["code"] for m in kiriman["masalah"]]
    assert codes.count("row-added") == 1, codes
    assert ("master-removed" in codes) is kept_out, codes
    # The line the unit replaced was changed by the master: its removal is said, the line kept.
    assert ("removed-changed" in codes) is not kept_out, codes
    assert code == 1


def _sort_by_name(path: Path, out: Path) -> Path:
    """Sort a unit's roster by name, Z to A, as Excel's sort moves them: whole rows, inputs and
    results together."""
    wb = openpyxl.load_workbook(path)
    ws = wb[PEG.sheet]
    cols = [PEG.col_index(c.key) for c in PEG.columns]
    name = cols.index(PEG.col_index("nama"))
    first = PEG.first_data_row
    rows = []
    for r in range(first, ws.max_row + 1):
        values = [ws.cell(r, c).value for c in cols]
        if values[name] is None:
            break
        rows.append(values)
    rows.sort(key=lambda v: v[name], reverse=True)
    assert len(rows) > 2
    for i, values in enumerate(rows):
        for c, v in zip(cols, values, strict=True):
            ws.cell(first + i, c, v)
    wb.save(out)
    return out


def _master_order(master: Path) -> list[str]:
    return [r["nip"] for r in rows_of(master, PEG)]


def test_a_unit_that_only_sorts_its_rows_is_not_stale(sent, tmp_path):
    """A unit sorted its roster by name and changed nothing: its results still stand beside
    their rows. Collect said ``stale-results`` (any change of the rows' order was an edit),
    a warning that teaches staff to ignore warnings. Nothing is said now, and the master keeps
    its own order and values."""
    master, files = sent
    before, order = _inputs(master), _master_order(master)
    unit = _sort_by_name(_unit_file(files, 0), tmp_path / "Dinkes.xlsx")
    code, data = _collect(master, unit)
    assert code == 0, data
    (kiriman,) = data["kiriman"]
    assert kiriman["status"] == "Diterima"
    assert kiriman["masalah"] == []
    assert (kiriman["diubah"], kiriman["ditambah"], kiriman["dihapus"]) == (0, 0, 0)
    assert _master_order(master) == order
    assert _inputs(master) == before


def test_a_unit_that_sorts_and_edits_without_recomputing_is_stale(sent, tmp_path):
    """A sort and an edit not recomputed: the results are stale, and said so; the edit is
    merged into the master's row, the master's rows in their own order."""
    master, files = sent
    order = _master_order(master)
    unit = _sort_by_name(_unit_file(files, 0), tmp_path / "Dinkes.xlsx")
    edit_unit(unit, set_={nip(0, 1): {"Nilai SKP": 97}})
    code, data = _collect(master, unit)
    assert code == 0, data  # a warning: the edit is merged
    (kiriman,) = data["kiriman"]
    assert kiriman["status"] == "Diterima"
    assert "stale-results" in [m["code"] for m in kiriman["masalah"]]
    assert kiriman["diubah"] == 1
    assert by_nip(master)[nip(0, 1)]["nilai_skp"] == 97
    assert _master_order(master) == order


def _delete_budget_line(path: Path, program: str) -> None:
    """Delete a budget line, as a person deletes a table row in Excel."""
    spec = KINERJA.table("tblAnggaran")
    wb = openpyxl.load_workbook(path)
    ws = wb[spec.sheet]
    row = next(r for r in range(spec.first_data_row, ws.max_row + 1)
               if ws.cell(r, spec.col_index("program_kegiatan")).value == program)  # fmt: skip
    ws.delete_rows(row)
    wb.save(path)


@pytest.mark.parametrize("master_removed", [False, True], ids=["master-changed", "master-removed"])
def test_a_budget_line_removed_by_the_unit_and_changed_in_the_master_is_said(
    tmp_path, master_removed
):
    """tblAnggaran has no key: a line the master changed since is no longer found by its
    content. A unit that removed that line: the removal was skipped without a word (the master's
    line kept, nobody told that the unit wanted it gone). It is now ``removed-changed``, at the
    master's line, as for a keyed row; the line is kept. When the master removed the line too,
    there is nothing to say."""
    master, unit = _kinerja_sent(tmp_path)
    if master_removed:
        _delete_budget_line(master, "Program Pelayanan")
    else:
        _set_anggaran_pagu(master, "Program Pelayanan", 2490000000)
    _delete_budget_line(unit, "Program Pelayanan")
    code, data = _collect(master, unit)
    (kiriman,) = data["kiriman"]
    assert kiriman["status"] == "Diterima"
    assert kiriman["dihapus"] == 0
    found = [m for m in kiriman["masalah"] if m["code"] == "removed-changed"]
    if master_removed:
        assert found == [] and code == 0, kiriman["masalah"]
        assert _budget_lines(master) == [("IKU-1", "Program Penunjang", 11470273050)]
        return
    (problem,) = found
    assert code == 1
    assert (problem["sheet"], problem["table"]) == ("Anggaran", "tblAnggaran"), problem
    spec = KINERJA.table("tblAnggaran")
    assert problem["cell"] == f"A{spec.first_data_row + 1}", problem
    assert _budget_lines(master) == [
        ("IKU-1", "Program Penunjang", 11470273050),
        ("IKU-3", "Program Pelayanan", 2490000000),
    ]


def test_a_unit_returning_csv_or_a_web_page_in_the_folder_is_told_where_its_rows_go(sent, tmp_path):
    """A unit that saved its sheet as CSV, or a web page, in the folder of returned files: it is
    refused with a step that leads somewhere, not passed over without a word (the unit stayed
    "Belum Kembali" and nobody knew why). A workbook made from the CSV with ``new`` has no
    distribution stamp and would be refused in turn, so the step is the unit's own workbook."""
    master, files = sent
    before = _inputs(master)
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    wb = openpyxl.load_workbook(_unit_file(files, 0), data_only=True)
    table = wb[PEG.sheet].iter_rows(min_row=PEG.header_row, values_only=True)
    lines = [";".join("" if v is None else str(v) for v in row) for row in table]
    (inbox / "Dinkes.csv").write_text("\n".join(lines), encoding="utf-8")
    (inbox / "Setda.htm").write_text(
        "<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><body><table><tr><td>NIP</td>"
        "</tr></table></body></html>", encoding="utf-8"
    )  # fmt: skip
    code, data = _collect(master, inbox)
    assert code == 1
    status = {Path(k["berkas"]).name: k for k in data["kiriman"]}
    assert {name: k["status"] for name, k in status.items()} == {
        "Dinkes.csv": "Ditolak", "Setda.htm": "Ditolak"
    }  # fmt: skip
    (csv_problem,) = status["Dinkes.csv"]["masalah"]
    said = csv_problem["message"]
    assert said.startswith("Berkas Dinkes.csv: adalah teks (.csv), bukan buku kerja."), said
    assert "salin isiannya ke buku kerja .xlsx yang dibagikan kepada unit itu" in said
    assert "lkjip-xl new" not in said
    (web_problem,) = status["Setda.htm"]["masalah"]
    assert "berisi halaman web (HTML)" in web_problem["message"]
    assert _inputs(master) == before


def test_a_file_of_the_distribution_before_says_where_its_rows_go_now(sent, tmp_path):
    """The master was distributed again (``--baru``) while a unit was still filling its first
    workbook: that file is refused, and the sentence says what to do with the unit's edits, not
    only that the distribution differs."""
    master, files = sent
    before = _inputs(master)
    old = edit_unit(_unit_file(files, 0), tmp_path / "Dinkes.xlsx",
                    set_={nip(0, 0): {"Nilai SKP": 99}})  # fmt: skip
    again = CliRunner().invoke(
        cli.app, ["bagikan", str(master), "-o", str(tmp_path / "kirim-2"), "--baru"]
    )
    assert again.exit_code == 0, again.output
    new_id = json.loads((tmp_path / "kirim-2" / "distribusi.json").read_text())["id"]
    code, data = _collect(master, old)
    assert code == 1
    (kiriman,) = data["kiriman"]
    assert kiriman["status"] == "Ditolak"
    (problem,) = kiriman["masalah"]
    assert problem["code"] == "other-distribution"
    assert (
        f"salin isian unit ke buku kerja yang dibagikan kepadanya pada distribusi {new_id} lalu "
        "kumpulkan berkas itu" in problem["message"]
    ), problem
    assert _inputs(master) == before


def test_a_changed_setting_is_told_with_the_value_sent(sent, tmp_path):
    """A unit lifted the protection of ``Pengaturan`` and changed Jumlah Desimal: refused, and
    told which value was sent, so that it can be set back, and what to do then."""
    master, files = sent
    before = _inputs(master)
    wb = openpyxl.load_workbook(_unit_file(files, 0))
    settings = wb["Pengaturan"]
    settings.protection.sheet = False
    settings[IPASN.named("Desimal").cell] = 1
    wb.save(tmp_path / "Dinkes.xlsx")
    code, data = _collect(master, tmp_path / "Dinkes.xlsx")
    assert code == 1
    (kiriman,) = data["kiriman"]
    assert kiriman["status"] == "Ditolak"
    (problem,) = kiriman["masalah"]
    assert problem["code"] == "settings-changed"
    said = problem["message"]
    assert said.startswith("Pengaturan diubah (Jumlah Desimal (Desimal): dikirim 2, kini 1);"), said
    assert "Kembalikan pengaturan itu seperti dikirim" in said
    assert _inputs(master) == before


def _type_under_master_table(master: Path, values: dict[str, object]) -> int:
    """A row typed right under the master's table, outside its range, as LibreOffice (or Excel
    on a protected sheet) leaves it; the Excel row it went to. The table first ends at its last
    filled row, as a roster pasted in whole (the demo's) has no blank rows left to type in."""
    wb = openpyxl.load_workbook(master)
    ws = wb[PEG.sheet]
    table = ws.tables[PEG.name]
    nip_col = PEG.col_index("nip")
    row = PEG.first_data_row
    while ws.cell(row, nip_col).value is not None:
        row += 1
    table.ref = f"{table.ref.split(':')[0]}:{table.ref.split(':')[1].rstrip('0123456789')}{row - 1}"
    for header, value in values.items():
        ws.cell(row, next(PEG.col_index(c.key) for c in PEG.columns if c.name == header), value)
    wb.save(master)
    return row


@pytest.mark.parametrize("same_nip", [False, True], ids=["other-nip", "same-nip"])
def test_a_row_typed_under_the_masters_table_is_not_overwritten_by_a_units_new_row(
    sent, tmp_path, same_nip
):
    """Between distribute and collect the master's staff typed a new employee right under the
    roster's table. A unit's added row was written over it (the table grew into that row): the
    master's row was gone, with exit code 0 and no word. It is the master's row, taken into the
    table as a recompute takes it: kept, its NIP in use, the unit's row after it."""
    master, files = sent
    ours = {"NIP": "199001012020011001", "Nama": "Baru Induk", "Unit Kerja": UNITS[0],
            "Status": "PNS", "Jenis Jabatan": "Pelaksana", "Pendidikan": "S1"}  # fmt: skip
    typed_at = _type_under_master_table(master, ours)
    theirs = {**ours, "Nama": "Baru Unit"}
    if not same_nip:
        theirs["NIP"] = "199001012020011002"
    returned = edit_unit(_unit_file(files, 0), tmp_path / "Dinkes.xlsx", add=[theirs])
    code, data = _collect(master, returned)
    rows = by_nip(master)
    assert rows[ours["NIP"]]["nama"] == "Baru Induk"
    assert rows[ours["NIP"]]["nilai_ip_asn"] is not None  # computed: it is in the table now
    assert f"(baris {typed_at}) dimasukkan ke dalam tabel" in " ".join(
        data["induk_dihitung_ulang"]["catatan"]
    )
    (kiriman,) = data["kiriman"]
    found = [m["code"] for m in kiriman["masalah"]]
    if same_nip:
        assert code == 1 and "duplicate-key" in found, found
        assert len(rows) == 13
    else:
        assert code == 0 and "row-added" in found, found
        assert rows[theirs["NIP"]]["nama"] == "Baru Unit"
        assert len(rows) == 14


def test_the_masters_own_galat_after_a_collect_is_told_on_screen(sent, tmp_path):
    """A unit typed words in a number column: merged as typed (``input-problems``, a warning on
    the file), then the master's recompute counts it a galat and collect exits 1. The screen
    listed only the files' problems, so nothing said why; now a line says it, and where the
    list is. A row typed under the master's table, taken in, is said too."""
    master, files = sent
    typed_at = _type_under_master_table(
        master, {"NIP": "199001012020011001", "Nama": "Baru Induk", "Unit Kerja": UNITS[0]}
    )
    returned = edit_unit(_unit_file(files, 0), tmp_path / "Dinkes.xlsx",
                         set_={nip(0, 0): {"Nilai SKP": "dua puluh"}})  # fmt: skip
    # Wide: a path longer than the 80 columns of a run without a terminal is cut in two.
    done = CliRunner().invoke(
        cli.app, ["kumpulkan", str(master), str(returned)], env={"COLUMNS": "400"}
    )
    assert done.exit_code == 1, done.output
    said = " ".join(done.output.split())
    assert "Induk dihitung ulang dengan 1 galat dan " in said, said
    assert f"daftarnya: lkjip-xl periksa {master}" in said, said
    assert f"tblPegawai (baris {typed_at}) dimasukkan ke dalam tabel." in said, said


def test_a_file_named_as_another_units_workbook_is_said(sent, tmp_path):
    """Unit 0's workbook saved under unit 1's file name (a copy to the wrong name, which may
    have replaced unit 1's own file in the folder), and units 2 and 1 swapped: each is taken
    for the unit its seal proves, as before, and now the name is said, so that the user asking
    why unit 1 is still awaited though its file name is in the folder has the answer."""
    master, files = sent
    inbox = tmp_path / "masuk"
    inbox.mkdir()
    edit_unit(_unit_file(files, 0), inbox / _unit_file(files, 1).name,
              set_={nip(0, 0): {"Nilai SKP": 91}})  # fmt: skip
    code, data = _collect(master, inbox)
    assert code == 0
    (kiriman,) = data["kiriman"]
    assert (kiriman["status"], kiriman["unit"]) == ("Diterima", UNITS[0])
    (named,) = [m for m in kiriman["masalah"] if m["code"] == "other-units-name"]
    assert named["message"].startswith(
        f"Berkas ini bernama seperti buku kerja yang dibagikan kepada unit {UNITS[1]}, tetapi cap "
        f"dan segelnya menyatakan buku kerja unit {UNITS[0]}, maka dicatat untuk unit {UNITS[0]}."
    ), named
    assert "mintalah dikirim ulang" in named["message"]
    assert data["belum_kembali"] == [UNITS[1], UNITS[2]]
    assert by_nip(master)[nip(0, 0)]["nilai_skp"] == 91

    swapped = tmp_path / "tertukar"
    swapped.mkdir()
    shutil.copy(_unit_file(files, 1), swapped / _unit_file(files, 2).name)
    shutil.copy(_unit_file(files, 2), swapped / _unit_file(files, 1).name)
    code, data = _collect(master, swapped)
    assert code == 0
    said = {k["unit"]: [m["message"] for m in k["masalah"] if m["code"] == "other-units-name"]
            for k in data["kiriman"]}  # fmt: skip
    assert said == {
        UNITS[1]: [f"Berkas ini bernama seperti buku kerja yang dibagikan kepada unit {UNITS[2]}, "
                   f"tetapi cap dan segelnya menyatakan buku kerja unit {UNITS[1]}, maka dicatat "
                   f"untuk unit {UNITS[1]}; buku kerja unit {UNITS[2]} juga ada di antara berkas "
                   "ini (nama berkasnya tertukar)."],
        UNITS[2]: [f"Berkas ini bernama seperti buku kerja yang dibagikan kepada unit {UNITS[1]}, "
                   f"tetapi cap dan segelnya menyatakan buku kerja unit {UNITS[2]}, maka dicatat "
                   f"untuk unit {UNITS[2]}; buku kerja unit {UNITS[1]} juga ada di antara berkas "
                   "ini (nama berkasnya tertukar)."],
    }  # fmt: skip
    assert data["belum_kembali"] == []


def test_the_workbooks_as_sent_collected_by_mistake_do_not_keep_the_units_returns_out(
    sent, tmp_path
):
    """The distribution folder collected by mistake (or an attachment sent back unopened): every
    unit "Diterima" with nothing merged. The unit's real return then was a Konflik
    (``already-accepted``) and its data could not be collected at all. What merged nothing holds
    none of the unit's data: the real return is merged; a later different file conflicts with
    that one."""
    master, files = sent
    code, data = _collect(master, tmp_path / "kirim")
    assert code == 0
    assert {k["status"] for k in data["kiriman"]} == {"Diterima"}
    real = edit_unit(_unit_file(files, 0), tmp_path / "Dinkes.xlsx",
                     set_={nip(0, 0): {"Nilai SKP": 91}})  # fmt: skip
    code, data = _collect(master, real)
    assert code == 0
    (kiriman,) = data["kiriman"]
    assert (kiriman["status"], kiriman["diubah"]) == ("Diterima", 1)
    assert by_nip(master)[nip(0, 0)]["nilai_skp"] == 91
    again = edit_unit(_unit_file(files, 0), tmp_path / "Dinkes-2.xlsx",
                      set_={nip(0, 0): {"Nilai SKP": 95}})  # fmt: skip
    code, data = _collect(master, again, _unit_file(files, 1))
    assert code == 1
    status = {Path(k["berkas"]).name: k for k in data["kiriman"]}
    assert status["Dinkes-2.xlsx"]["status"] == "Konflik"
    (problem,) = [m for m in status["Dinkes-2.xlsx"]["masalah"] if m["code"] == "already-accepted"]
    assert "dari berkas Dinkes.xlsx" in problem["message"], problem
    assert status[_unit_file(files, 1).name]["status"] == "Duplikat"
    assert by_nip(master)[nip(0, 0)]["nilai_skp"] == 91
