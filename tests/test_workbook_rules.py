"""The rules of DESIGN §4 as a workbook user meets them: every problem the rules find is a problem
of its cell in `check` and counted in the Log, the new columns of template 2026.2, and a
workbook of the previous template version refused whole."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table
from lkjip_xl.workbook.reader import StructureError
from tests.workbooks import filled_kinerja

SPEC = template("kinerja")
IND, TW, ANG = (SPEC.table(n) for n in ("tblIndikator", "tblTriwulan", "tblAnggaran"))
S = "Meningkatnya profesionalitas ASN"


def cell(table, key: str, row: int) -> str:
    return f"{table.letter(key)}{table.first_data_row + row}"


def row(kode, target, realisasi, **more):
    base = {"Kode": kode, "Sasaran": S, "Indikator": f"Indikator {kode}", "Satuan": "%",
            "Polaritas": "Positif", "Target": target, "Realisasi": realisasi}  # fmt: skip
    return base | more


def problem_workbook(path):
    return filled_kinerja(
        path,
        [
            row("IKU-1", 100, 90),
            row("IKU-2", -5, 10),  # a negative target
            row("IKU-3", "INF", 10),  # not finite
            row("IKU-4", 100, 50, **{"Target Akhir Renstra": -1}),
        ],
        anggaran=[
            {
                "Kode Indikator": " iku-1 ",
                "Program/Kegiatan": "P",
                "Pagu": 100,
                "Realisasi Anggaran": 80,
            },
            {
                "Kode Indikator": "IKU-9",
                "Program/Kegiatan": "P",
                "Pagu": 100,
                "Realisasi Anggaran": 80,
            },
        ],
        triwulan=[
            {"Kode": "iku-1", "Triwulan": "TW1", "Target": 50, "Realisasi": 40},
            {"Kode": None, "Triwulan": "TW2", "Target": 50, "Realisasi": 40},
        ],
    )


def test_check_reports_the_rules_problems_with_their_cells(tmp_path):
    path = problem_workbook(tmp_path / "k.xlsx")
    laporan = check_file(path)
    found = {(m.code.value, m.tingkat.value, m.sheet, m.cell) for m in laporan.masalah}
    expected = {
        ("negative-target", "peringatan", "Indikator", cell(IND, "target", 1)),
        ("non-finite", "galat", "Indikator", cell(IND, "target", 2)),
        ("negative-target", "peringatan", "Indikator", cell(IND, "target_akhir_renstra", 3)),
        ("unknown-reference", "galat", "Anggaran", cell(ANG, "kode_indikator", 1)),
        ("unknown-reference", "galat", "Triwulan", cell(TW, "kode", 1)),
    }
    assert expected <= found
    messages = {
        (m.sheet, m.cell): m.message for m in laporan.masalah if m.code.value == "unknown-reference"
    }
    assert messages["Anggaran", cell(ANG, "kode_indikator", 1)] == (
        "Kode Indikator: IKU-9 tidak cocok dengan Kode mana pun di tabel Indikator."
    )
    assert messages["Triwulan", cell(TW, "kode", 1)] == (
        "Kode: belum diisi, padahal baris ini terisi."
    )
    # The blank Kode is an error now; the reader's warning of the same cell is not repeated.
    blank = [m for m in laporan.masalah if m.code.value == "blank-required"]
    assert not [m for m in blank if m.sheet == "Triwulan"]
    # The rules' problems count in the report, as the Log will count them.
    assert len(laporan.galat) == 3


def test_recompute_leaves_the_capaian_blank_says_why_and_counts_in_the_log(tmp_path):
    path = problem_workbook(tmp_path / "k.xlsx")
    laporan = recompute_file(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Indikator"]
    assert ws[cell(IND, "capaian", 1)].value is None
    assert "negatif" in ws[cell(IND, "catatan", 1)].value
    assert ws[cell(IND, "capaian", 2)].value is None
    assert "tak hingga" in ws[cell(IND, "catatan", 2)].value
    assert ws[cell(IND, "capaian", 3)].value == 50
    assert ws[cell(IND, "capaian_renstra", 3)].value is None
    assert "Renstra bernilai negatif" in ws[cell(IND, "catatan", 3)].value
    # " iku-1 " is IKU-1: its capaian 90 reaches the budget line.
    assert wb["Anggaran"][cell(ANG, "capaian_kinerja", 0)].value == 90
    assert wb["Triwulan"][cell(TW, "capaian", 0)].value == 80
    log = wb["Log"]
    spec = SPEC.table("tblLog")
    last = log.tables["tblLog"].ref.split(":")[1]
    last_row = int("".join(ch for ch in last if ch.isdigit()))
    assert log[f"{spec.letter('galat')}{last_row}"].value == len(laporan.galat) == 3
    assert log[f"{spec.letter('peringatan')}{last_row}"].value == len(laporan.peringatan)
    assert len(laporan.peringatan) >= 2


# --- a 2026.1 workbook is refused whole, naming lkjip-xl perbarui --------------------------

FIXTURES = Path(__file__).parent / "data" / "fixtures"
PEGAWAI = [
    {"NIP": "198706152010011003", "Nama": "A", "Unit Kerja": "BKPSDM", "Status": "PNS",
     "Jenis Jabatan": "Pelaksana", "Pendidikan": "S1", "JP Diklat Teknis": 24, "Seminar": "Ya",
     "Nilai SKP": 88, "Hukuman Disiplin": "Tidak Pernah"},
]  # fmt: skip


def old_workbook(kind: str, folder: Path) -> Path:
    """A workbook of template 2026.1 (the committed bytes of that version), filled in."""
    path = folder / f"{kind}-lama.xlsx"
    shutil.copyfile(FIXTURES / f"{kind}-2026.1.xlsx", path)
    wb = openpyxl.load_workbook(path)
    assert wb.defined_names["Versi_Template"] is not None
    if kind == "kinerja":
        fill_table(wb, SPEC.table("tblIndikator"), [row("IKU-1", 100, 90)])
    else:
        fill_table(wb, template("ipasn").table("tblPegawai"), PEGAWAI)
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("kind", "missing"),
    [("kinerja", "tblRingkasanSasaran belum memiliki kolom Indikator Dihitung"),
     ("ipasn", "tblRekap belum memiliki kolom Catatan")],
)  # fmt: skip
def test_a_2026_1_workbook_is_refused_whole_with_one_sentence(kind, missing, tmp_path):
    path = old_workbook(kind, tmp_path)
    before = path.read_bytes()
    for run in (check_file, recompute_file):
        with pytest.raises(StructureError) as refused:
            run(path)
        sentence = str(refused.value)
        assert f"templat {kind} versi 2026.1" in sentence and "versi 2026.3" in sentence
        assert missing in sentence and f"lkjip-xl perbarui {kind}-lama.xlsx" in sentence
    assert path.read_bytes() == before  # nothing written, not even the Log
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no backup, no temp file
    out = tmp_path / "keluar.xlsx"
    with pytest.raises(StructureError):
        recompute_file(path, out)
    assert not out.exists()


def test_the_command_line_refuses_a_2026_1_workbook_in_one_sentence(tmp_path):
    path = old_workbook("kinerja", tmp_path)
    before = path.read_bytes()
    for command in ("recompute", "check"):
        done = subprocess.run(
            [sys.executable, "-m", "lkjip_xl.cli", command, str(path)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        said = done.stdout + done.stderr
        assert done.returncode != 0
        assert "Traceback" not in said
        assert "versi 2026.1" in " ".join(said.split())
    assert path.read_bytes() == before


def test_a_blank_required_text_on_a_filled_row_is_named_at_its_cell(tmp_path):
    # Required texts (a Sasaran, an Indikator, a Kode; a Nama or Unit Kerja of a roster) were
    # read by a faster path that skipped the required check: a blank one went without a word,
    # while a blank required number or choice was warned.
    from tests.workbooks import INDIKATOR

    rows = [dict(r) for r in INDIKATOR]
    rows[0]["Sasaran"], rows[1]["Indikator"], rows[2]["Kode"] = None, "  ", None
    path = filled_kinerja(tmp_path / "k.xlsx", rows)
    found = {(m.code.value, m.sheet, m.cell) for m in check_file(path).masalah}
    ind = template("kinerja").table("tblIndikator")
    assert {
        ("blank-required", "Indikator", cell(ind, "sasaran", 0)),
        ("blank-required", "Indikator", cell(ind, "indikator", 1)),
        ("blank-required", "Indikator", cell(ind, "kode", 2)),
    } <= found


def test_a_refused_input_is_not_a_blank_one_in_the_catatan(tmp_path):
    # Values are tri-state (DESIGN §4): a Realisasi the reader refuses cannot be computed, with
    # its reason; a blank one is not filled. The reader hands both on as no number.
    path = filled_kinerja(
        tmp_path / "k.xlsx",
        [row("IKU-1", 100, "1.234"), row("IKU-2", 100, None), row("IKU-3", 100, "110%")],
    )
    recompute_file(path)
    ws = openpyxl.load_workbook(path)["Indikator"]
    status = [ws[cell(IND, "status", i)].value for i in range(3)]
    catatan = [ws[cell(IND, "catatan", i)].value for i in range(3)]
    assert [ws[cell(IND, "capaian", i)].value for i in range(3)] == [None, None, 110]
    assert status == ["Tidak Dapat Dihitung", "Belum Diisi", "Melebihi Target"]
    assert catatan[0].startswith("Realisasi: Teks '1.234' bermakna ganda")
    assert "belum" not in catatan[0]
    assert catatan[1] == "Realisasi belum diisi."


def test_a_refused_ipasn_input_is_to_be_corrected_not_completed(tmp_path):
    # An SKP of 110 was read as a blank: its Saran asked to complete a field that was filled.
    path = build_template("ipasn", tmp_path / "i.xlsx")
    rows = [PEGAWAI[0] | {"Nilai SKP": 110}, PEGAWAI[0] | {"Nilai SKP": None},
            PEGAWAI[0] | {"JP Diklat Teknis": "1.200"}]  # fmt: skip
    for i, typed in enumerate(rows):
        typed["NIP"] = f"19870615201001100{i}"
    wb = openpyxl.load_workbook(path)
    spec = template("ipasn").table("tblPegawai")
    fill_table(wb, spec, rows)
    wb.save(path)
    recompute_file(path)
    ws = openpyxl.load_workbook(path)[spec.sheet]
    saran = [ws[f"{spec.letter('saran')}{spec.first_data_row + i}"].value for i in range(3)]
    kinerja = [ws[f"{spec.letter('kinerja')}{spec.first_data_row + i}"].value for i in range(3)]
    assert "Perbaiki isian yang tidak valid: Nilai SKP atau Predikat SKP." in saran[0]
    assert "Lengkapi data" not in saran[0]
    assert "Lengkapi data: Nilai SKP atau Predikat SKP." in saran[1]
    assert "Perbaiki isian yang tidak valid: JP Diklat Teknis." in saran[2]
    assert kinerja == [0, 0, 25]  # a part that cannot be computed counts 0, as a missing one
