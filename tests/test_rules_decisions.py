"""The decided rules of docs/DESIGN.md §4: floors, negative targets, non-finite values, the
count of indicators of a sasaran, IP-ASN per component and its recap, shown values downstream,
and how the Python API reads its arguments."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import lkjip_xl as lx
from lkjip_xl.core import ipasn
from lkjip_xl.core.capaian import Status, hitung_capaian
from lkjip_xl.core.efisiensi import MetodeEfisiensi, hitung_efisiensi, hitung_serapan
from lkjip_xl.core.kinerja import AturanKinerja, hitung_kinerja
from lkjip_xl.core.values import Keadaan, Kode, parse_number
from tests import kinerja_frames as kf


def capaian_frame(targets, realisasi, polaritas="positif", **kw):
    return hitung_capaian(
        pd.Series(targets, dtype="float64"), pd.Series(realisasi, dtype="float64"), polaritas, **kw
    )


# --- 1. Batas_Bawah_Nol floors Negatif capaian only ------------------------------------------


def test_positif_with_negative_realisasi_is_negative():
    assert lx.capaian(50, -10) == -20.0
    frame = capaian_frame([50, 10], [-10, 25], pd.Series(["Positif", "Negatif"]))
    assert frame["nilai"].tolist() == [-20.0, 0.0]
    assert pd.isna(frame["catatan"].iloc[0])  # nothing was floored
    assert "Batas_Bawah_Nol" in frame["catatan"].iloc[1]


def test_kinerja_keeps_a_negative_positif_capaian():
    ind = kf.indikator([{"kode": "A", "sasaran": "S", "polaritas": "Positif", "target": 50,
                         "realisasi": -10}])  # fmt: skip
    hasil = hitung_kinerja(ind, kf.triwulan(), kf.anggaran(), AturanKinerja())
    assert hasil.indikator["capaian"].iloc[0] == -20.0
    assert hasil.indikator["status"].iloc[0] == Status.TIDAK_TERCAPAI


# --- 2. A negative target: not computable, a reason and a code -------------------------------


def test_negative_target_has_reason_and_code():
    frame = capaian_frame([-10, 10], [5, 5])
    assert frame["keadaan"].iloc[0] == Status.TIDAK_DAPAT
    assert math.isnan(frame["nilai"].iloc[0])
    assert "negatif" in frame["catatan"].iloc[0]
    assert frame["kode"].iloc[0] == Kode.NEGATIVE_TARGET
    assert frame["kolom"].iloc[0] == "target"
    assert pd.isna(frame["kode"].iloc[1])
    assert lx.capaian(-10, 5) is None


def test_negative_renstra_and_national_targets_are_problems_of_their_cells():
    ind = kf.indikator([
        {"kode": "A", "sasaran": "S", "polaritas": "Positif", "target": 10, "realisasi": 8,
         "target_akhir_renstra": -20, "target_nasional": -5},
    ])  # fmt: skip
    hasil = hitung_kinerja(ind, kf.triwulan(), kf.anggaran(), AturanKinerja())
    assert hasil.indikator["capaian"].iloc[0] == 80
    assert pd.isna(hasil.indikator["capaian_renstra"].iloc[0])
    assert pd.isna(hasil.indikator["capaian_nasional"].iloc[0])
    catatan = hasil.indikator["catatan"].iloc[0]
    assert "Target akhir Renstra bernilai negatif" in catatan
    assert "Target nasional bernilai negatif" in catatan
    found = {(m.tabel, m.baris, m.kolom, m.kode) for m in hasil.masalah.itertuples()}
    assert ("indikator", 0, "target_akhir_renstra", "negative-target") in found
    assert ("indikator", 0, "target_nasional", "negative-target") in found
    levels = set(hasil.masalah["tingkat"])
    assert levels == {"peringatan"}
    assert all("negatif" in m for m in hasil.masalah["pesan"])


def test_a_limited_renstra_or_national_capaian_is_said_in_catatan():
    # The same floor and cap apply to them as to Capaian: a Capaian Renstra shown as 120 for a
    # realisasi 1.5 times its target was not explained anywhere (DESIGN: "the same formula").
    ind = kf.indikator([
        {"kode": "A", "sasaran": "S", "polaritas": "Positif", "target": 100, "realisasi": 110,
         "target_akhir_renstra": 80, "target_nasional": 200},
        {"kode": "B", "sasaran": "S", "polaritas": "Negatif", "target": 10, "realisasi": 12,
         "target_akhir_renstra": 4, "target_nasional": 12},
    ])  # fmt: skip
    hasil = hitung_kinerja(ind, kf.triwulan(), kf.anggaran(), AturanKinerja(batas_atas=120.0))
    a, b = hasil.indikator["catatan"].iloc[0], hasil.indikator["catatan"].iloc[1]
    assert hasil.indikator["capaian_renstra"].iloc[0] == 120
    assert a == "Capaian Renstra: hasil 137,50 dibatasi menjadi 120,00 (Batas_Atas_Capaian)."
    assert hasil.indikator["capaian_renstra"].iloc[1] == 0
    assert "Capaian Renstra: hasil -" in b and "dibatasi menjadi 0 (Batas_Bawah_Nol)." in b
    assert "Capaian Nasional" not in a + b  # not limited: nothing to say
    # The formula note of a Negatif indicator is said once, not again for each target.
    assert b.count("rumus") <= 1


def test_every_reason_the_rules_find_is_a_problem_of_its_cell():
    ind = kf.indikator([
        {"kode": "A", "sasaran": "S", "polaritas": "Positif", "target": 0, "realisasi": 5},
        {"kode": "B", "sasaran": "S", "polaritas": "Positif", "target": 10, "realisasi": 5},
        {"kode": "C", "sasaran": "S", "polaritas": "Positif", "target": "x", "realisasi": 5},
    ])  # fmt: skip
    tw = kf.triwulan([{"kode": "Z", "triwulan": "TW1", "target": 1, "realisasi": 1}])
    ang = kf.anggaran([
        {"kode_indikator": "B", "pagu": 0, "realisasi_anggaran": 5},
        {"kode_indikator": "B", "pagu": 10, "realisasi_anggaran": 0},
        {"kode_indikator": "Q", "pagu": 10, "realisasi_anggaran": 5},
    ])  # fmt: skip
    # The reader has reported the target of C: its reason comes in, and is not repeated.
    masalah = {"indikator": {"target": pd.Series([None, None, "Target: bukan angka."])}}
    hasil = hitung_kinerja(ind, tw, ang, AturanKinerja(), masalah)
    found = sorted(
        (m.tabel, m.baris, m.kolom, m.kode, m.tingkat) for m in hasil.masalah.itertuples()
    )
    assert found == [
        ("anggaran", 0, "pagu", "zero-divisor", "peringatan"),
        ("anggaran", 1, "realisasi_anggaran", "zero-divisor", "peringatan"),
        ("anggaran", 2, "kode_indikator", "unknown-reference", "galat"),
        ("indikator", 0, "target", "zero-divisor", "peringatan"),
        ("triwulan", 0, "kode", "unknown-reference", "galat"),
    ]
    assert hasil.indikator["catatan"].iloc[2] == "Target: bukan angka."


# --- 4. Ringkasan per sasaran: all indicators counted, the mean over those with a number -----


def test_sasaran_counts_all_and_the_computed():
    ind = kf.indikator([
        {"kode": "A", "sasaran": "S1", "polaritas": "Positif", "target": 100, "realisasi": 90},
        {"kode": "B", "sasaran": "S1", "polaritas": "Positif", "target": 0, "realisasi": 5},
        {"kode": "C", "sasaran": "S1", "polaritas": "Positif", "target": 100},
        {"kode": "D", "sasaran": "S1", "polaritas": "Positif", "target": 100, "realisasi": 110},
    ])  # fmt: skip
    hasil = hitung_kinerja(ind, kf.triwulan(), kf.anggaran(), AturanKinerja())
    row = hasil.sasaran.iloc[0]
    assert row["jumlah_indikator"] == 4
    assert row["indikator_dihitung"] == 2
    assert row["rata_rata"] == 100


# --- 6. IP-ASN kompetensi per component ------------------------------------------------------


def test_kompetensi_counts_each_component_and_marks_the_row_incomplete():
    result = lx.ipasn_pegawai(
        pendidikan="S1",
        jenis_jabatan="Fungsional",
        diklat_jenjang="Ya",
        jp_diklat_teknis=None,
        seminar="Ya",
        nilai_skp=88,
        hukuman_disiplin="Tidak Pernah",
    )
    assert result["kompetensi"] == 25
    assert result["lengkap"] is False
    assert "Lengkapi data: JP Diklat Teknis." in result["saran"]


# --- 7. Rekap Nilai IP ASN: the mean of the employees' shown Nilai, rounded once --------------


def three_employees() -> pd.DataFrame:
    # Dimension sums 40, 40, 40 and 15 over three employees: each of the first three means is
    # 13,333..., shown 13,33; their shown sum is 44,99 while the mean Nilai is exactly 45.
    rows = [
        {"kualifikasi": 15, "kompetensi": 15, "kinerja": 5, "disiplin": 5},
        {"kualifikasi": 15, "kompetensi": 25, "kinerja": 30, "disiplin": 5},
        {"kualifikasi": 10, "kompetensi": 0, "kinerja": 5, "disiplin": 5},
    ]
    frame = pd.DataFrame(rows, dtype="float64")
    frame["total"] = frame.sum(axis=1)
    frame["lengkap"] = True
    return frame


def test_rekap_nilai_is_the_mean_of_the_shown_totals():
    table = ipasn.rekap(three_employees(), pd.Series(["U"] * 3), pd.Series(["PNS"] * 3))
    everyone = table.iloc[-1]
    assert [everyone[d] for d in ipasn.DIMENSI] == [13.33, 13.33, 13.33, 5.0]
    assert everyone["total"] == 45.0
    assert "44,99" in everyone["catatan"] and "45,00" in everyone["catatan"]
    assert "pembulatan" in everyone["catatan"]


def test_rekap_note_is_blank_when_the_row_adds_up():
    frame = three_employees().iloc[:1]
    table = ipasn.rekap(frame, pd.Series(["U"]), pd.Series(["PNS"]))
    assert table["catatan"].isna().all()


# --- 8. Downstream figures use the shown values ----------------------------------------------


def test_rekap_means_use_the_shown_employee_values():
    # Kompetensi 22,5 shows as 23 at 0 decimals; the mean of the shown 23 and 10 is 16,5 -> 17
    # (the mean at full precision, 16,25, would show 16).
    rows = pd.DataFrame(
        {
            "pendidikan": ["S1", "S1"],
            "jenis_jabatan": ["Pelaksana", "Fungsional"],
            "diklat_jenjang": ["Tidak", "Tidak"],
            "jp_diklat_teknis": [24, 0],
            "seminar": ["Tidak", "Ya"],
            "nilai_skp": [88, 88],
            "hukuman_disiplin": ["Tidak Pernah", "Tidak Pernah"],
        },
        dtype="object",
    )
    scores = ipasn.skor_pegawai(rows)
    assert scores["kompetensi"].tolist() == [22.5, 10.0]
    table = ipasn.rekap(scores, pd.Series(["U", "U"]), pd.Series(["PNS", "PNS"]), desimal=0)
    everyone = table.iloc[-1]
    assert everyone["kompetensi"] == 17
    # Nilai: shown totals 67,5 -> 68 and 55 -> 55; their mean 61,5 shows 62.
    assert everyone["total"] == 62


def test_kinerja_downstream_figures_use_shown_values():
    aturan = AturanKinerja(
        desimal=0, metode_efisiensi=MetodeEfisiensi.SELISIH, skala_efisiensi=None
    )
    ind = kf.indikator([
        {"kode": "A", "sasaran": "S", "polaritas": "Positif", "target": 8, "realisasi": 5},
        {"kode": "B", "sasaran": "S", "polaritas": "Positif", "target": 8, "realisasi": 3},
    ])  # fmt: skip
    ang = kf.anggaran([{"kode_indikator": "A", "pagu": 3, "realisasi_anggaran": 2}])
    hasil = hitung_kinerja(ind, kf.triwulan(), ang, aturan)
    # 62,5 shows 63 and 37,5 shows 38: their mean 50,5 shows 51 (at full precision: 50).
    assert hasil.indikator["capaian"].tolist() == [63.0, 38.0]
    assert hasil.sasaran["rata_rata"].iloc[0] == 51
    assert hasil.ringkasan["rata_capaian"] == 51
    line = hasil.anggaran.iloc[0]
    assert line["capaian_kinerja"] == 63 and line["serapan"] == 67
    assert line["efisiensi"] == -4  # 63 - 67


# --- 9. Non-finite and overflowing values ----------------------------------------------------


def test_overflowing_capaian_is_not_computable():
    assert lx.capaian(1e-300, 1e300) is None
    assert lx.capaian(1.7e308, 5) is None
    frame = capaian_frame([1e-300, float("inf"), 10], [1e300, 5, float("inf")])
    assert frame["keadaan"].tolist() == [Status.TIDAK_DAPAT] * 3
    assert frame["nilai"].isna().all()
    assert frame["kode"].tolist() == [Kode.NON_FINITE] * 3
    assert pd.isna(frame["kolom"].iloc[0])
    assert frame["kolom"].tolist()[1:] == ["target", "realisasi"]
    assert all(isinstance(c, str) and "batas" in c for c in frame["catatan"])


def test_huge_targets_whose_float_sum_overflows_still_compute():
    # 2T overflows a float, the exact result is 100.
    assert lx.capaian(9e307, 9e307, polaritas="negatif") == 100


def test_non_finite_serapan_and_efisiensi():
    assert lx.serapan(1e-300, 1e300) is None
    assert lx.efisiensi(1e300, 1e-300) is None
    serapan = hitung_serapan(pd.Series([float("inf")]), pd.Series([5.0]))
    assert serapan["keadaan"].iloc[0] == Status.TIDAK_DAPAT
    assert serapan["kode"].iloc[0] == Kode.NON_FINITE
    efisiensi = hitung_efisiensi(pd.Series([1e300]), pd.Series([1e-300]))
    assert efisiensi["kode"].iloc[0] == Kode.NON_FINITE


def test_kinerja_row_with_infinity_says_why():
    ind = kf.indikator([
        {"kode": "A", "sasaran": "S", "polaritas": "Positif", "target": 10,
         "realisasi": float("inf")},
    ])  # fmt: skip
    hasil = hitung_kinerja(ind, kf.triwulan(), kf.anggaran(), AturanKinerja())
    row = hasil.indikator.iloc[0]
    assert row["status"] == Status.TIDAK_DAPAT
    assert pd.isna(row["capaian"])
    assert "Realisasi" in row["catatan"]
    found = {(m.kolom, m.kode, m.tingkat) for m in hasil.masalah.itertuples()}
    assert ("realisasi", "non-finite", "galat") in found


@pytest.mark.parametrize("raw", [float("inf"), float("-inf"), np.float64("inf"), "INF", "-inf"])
def test_infinity_in_a_cell_is_non_finite(raw):
    parsed = parse_number(raw)
    assert parsed.state is Keadaan.GALAT
    assert parsed.code is Kode.NON_FINITE


def test_ipasn_infinite_numbers_are_invalid():
    result = lx.ipasn_pegawai(**{**FULL, "jp_diklat_teknis": float("inf")})
    assert result["kompetensi"] == 15 and not result["lengkap"]
    assert "tidak valid: JP Diklat Teknis" in result["saran"]
    # A roster read from a workbook holds its numbers in a float column.
    roster = pd.DataFrame([FULL, FULL], dtype="object")
    roster["jp_diklat_teknis"] = np.array([float("inf"), 1.7e308])
    roster["nilai_skp"] = np.array([88.5, float("inf")])
    scores = ipasn.skor_pegawai(roster)
    assert scores["kompetensi"].tolist() == [15.0, 15.0]
    assert scores["kinerja"].tolist() == [25.0, 0.0]
    assert not scores["lengkap"].any()


# --- 11. The Python API reads values by the workbook's rules ---------------------------------

FULL = {
    "pendidikan": "S1",
    "jenis_jabatan": "Fungsional",
    "diklat_jenjang": "Ya",
    "jp_diklat_teknis": 24,
    "seminar": "Tidak",
    "nilai_skp": 88.5,
    "hukuman_disiplin": "Tidak Pernah",
}


def test_api_reads_indonesian_numbers():
    assert lx.capaian(75, "71,59") == pytest.approx(95.45333333333)
    assert lx.capaian("75", "Rp 71,59") == pytest.approx(95.45333333333)
    assert lx.serapan("Rp 11.470.273.050", "10.610.006.984") == pytest.approx(92.5001, abs=1e-4)
    assert lx.efisiensi("100,84", "65,39") == pytest.approx(1.54213182)
    assert lx.predikat("95,45") == "AA"
    assert lx.capaian(75, "") is None  # a blank text is not filled, never 0
    assert lx.ipasn_pegawai(**{**FULL, "jp_diklat_teknis": "24"})["kompetensi"] == 30


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: lx.capaian(75, "1.234"), "ambiguous-number"),
        (lambda: lx.capaian(75, "71.59"), "wrong-decimal-mark"),
        (lambda: lx.capaian(True, 5), "boolean-as-number"),
        (lambda: lx.capaian(75, 5, batas_atas="1,234"), "ambiguous-number"),
        (lambda: lx.serapan("1.234", 5), "ambiguous-number"),
        (lambda: lx.efisiensi(100, False), "boolean-as-number"),
        (lambda: lx.predikat(True), "boolean-as-number"),
        (lambda: lx.predikat("sembilan"), "not-a-number"),
        (lambda: lx.ipasn_pegawai(**{**FULL, "jp_diklat_teknis": "1.234"}), "ambiguous-number"),
        (lambda: lx.ipasn_pegawai(**{**FULL, "nilai_skp": True}), "boolean-as-number"),
    ],
)
def test_api_refuses_what_the_workbook_refuses(call, code):
    with pytest.raises(lx.NilaiTidakTerbaca) as caught:
        call()
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)
    assert "bermakna ganda" in str(caught.value) or code != "ambiguous-number"


def test_api_states_a_figure_as_the_workbook_shows_it():
    assert lx.capaian(8, 15.9196, polaritas="negatif", desimal=2) == 1.01
    assert lx.capaian(75, 71.59, desimal=2) == 95.45
    assert lx.capaian(75, 71.59, desimal=1, pembulatan="truncate") == 95.4
    assert lx.serapan(11_470_273_050, 10_610_006_984, desimal=2) == 92.5
    assert lx.efisiensi(76, 75.79, "selisih", desimal=2, pembulatan="truncate") == 0.21


def test_readme_command_prints_the_decided_figures():
    code = (
        "import lkjip_xl as lx; "
        "print(lx.capaian(50, -10), lx.capaian(8, 15.9196, polaritas='negatif', desimal=2))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=str(__import__("pathlib").Path(__file__).resolve().parents[1]),
    )  # fmt: skip
    assert out.stdout.strip() == "-20.0 1.01"


def test_check_reports_a_number_no_cell_can_hold_with_its_cell(tmp_path):
    import openpyxl

    from lkjip_xl.workbook.builder import build_template
    from lkjip_xl.workbook.contract import template

    path = tmp_path / "ipasn.xlsx"
    build_template("ipasn", path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Pegawai"]
    table = template("ipasn").table("tblPegawai")
    row = {"nip": "198706152010011003", "nama": "A", "unit_kerja": "BKPSDM", "status": "PNS",
           "jenis_jabatan": "Pelaksana", "pendidikan": "S1", "jp_diklat_teknis": 1.7e308,
           "seminar": "Ya", "nilai_skp": "INF", "hukuman_disiplin": "Tidak Pernah"}  # fmt: skip
    for key, value in row.items():
        ws[f"{table.letter(key)}{table.first_data_row}"] = value
    wb.save(path)
    problems = lx.check(path).masalah
    found = {(m.code, m.cell, m.tingkat.value) for m in problems}
    first = table.first_data_row
    assert ("non-finite", f"{table.letter('jp_diklat_teknis')}{first}", "galat") in found
    assert ("non-finite", f"{table.letter('nilai_skp')}{first}", "galat") in found
