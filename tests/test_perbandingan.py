"""Comparisons with last year and past years' capaian (DESIGN §4, "Comparisons for the report").

The oracle is the rules' text computed in exact fractions: change in points ``R_t - R_t-1``, in
percent ``(R_t / R_t-1 - 1) x 100`` (none when ``R_t-1`` is 0, negative or blank), each rounded
once; the direction is the sign of the shown change, read with the polarity.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lkjip_xl.core.kinerja import AturanKinerja, hitung_kinerja
from lkjip_xl.core.perbandingan import hitung_perbandingan
from lkjip_xl.core.rounding import Pembulatan
from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table
from tests import kinerja_frames as kf
from tests.workbooks import filled_kinerja

SPEC = template("kinerja")


def shown(exact: Fraction, places: int, mode: str) -> float:
    """An exact value rounded once, half away from zero or toward zero."""
    scaled = abs(exact) * 10**places
    whole = math.floor(scaled + Fraction(1, 2)) if mode == "half_up" else math.floor(scaled)
    return float(Fraction(whole if exact >= 0 else -whole, 10**places))


def decimals():
    """Decimals of at most 15 significant digits, signed: k / 10^p."""
    return st.builds(
        lambda k, p: Decimal(k).scaleb(-p), st.integers(-(10**9), 10**9), st.integers(0, 6)
    )


@settings(max_examples=300, deadline=None)
@given(decimals(), decimals(), st.integers(0, 4), st.sampled_from(["half_up", "truncate"]))
@example(Decimal("10.001"), Decimal("10"), 2, "half_up")  # shown 0,00: Tetap
@example(Decimal("0.3"), Decimal("0.1"), 2, "half_up")  # 200 exactly, 199,99999 in floats
@example(Decimal("1.005"), Decimal("1"), 1, "truncate")
def test_change_is_the_exact_result_rounded_once(r, lalu, places, mode):
    frame = hitung_perbandingan(
        pd.Series([float(r)]),
        pd.Series([float(lalu)]),
        pd.Series(["Positif"]),
        desimal=places,
        pembulatan=mode,
    )
    fr, fl = Fraction(r), Fraction(lalu)
    poin = shown(fr - fl, places, mode)
    assert frame["perubahan"].iloc[0] == poin
    if fl > 0:
        assert frame["perubahan_persen"].iloc[0] == shown((fr / fl - 1) * 100, places, mode)
        assert frame["catatan"].iloc[0] is None
    else:
        assert np.isnan(frame["perubahan_persen"].iloc[0])
        assert "Perubahan (%) tidak dapat dihitung" in frame["catatan"].iloc[0]
    expected = "Meningkat" if poin > 0 else "Menurun" if poin < 0 else "Tetap"
    assert frame["arah"].iloc[0] == expected


def test_direction_with_polarity_and_tetap_after_rounding():
    frame = hitung_perbandingan(
        pd.Series([90.0, 80.0, 90.0, 80.0, 10.001, 10.004, 10.006]),
        pd.Series([80.0, 90.0, 80.0, 90.0, 10.0, 10.0, 10.0]),
        pd.Series(["Positif", "Positif", "Negatif", "Negatif", "Positif", "Negatif", "Negatif"]),
        desimal=2,
    )
    assert frame["arah"].tolist() == [
        "Meningkat", "Menurun", "Meningkat", "Menurun", "Tetap", "Tetap", "Meningkat",
    ]  # fmt: skip
    assert frame["kecenderungan"].tolist() == [
        "Membaik", "Memburuk", "Memburuk", "Membaik", "Tetap", "Tetap", "Memburuk",
    ]  # fmt: skip
    # The label follows the figure shown beside it: 10,004 - 10 shows 0,00 and is Tetap.
    assert frame["perubahan"].tolist()[4:] == [0.0, 0.0, 0.01]
    # With three places the same change shows 0,001 and is Meningkat.
    three = hitung_perbandingan(
        pd.Series([10.001]), pd.Series([10.0]), pd.Series(["Positif"]), desimal=3
    )
    assert three["perubahan"].iloc[0] == 0.001
    assert three["arah"].iloc[0] == "Meningkat"


def test_blank_or_zero_or_negative_base_is_never_zero():
    frame = hitung_perbandingan(
        pd.Series([90.0, np.nan, 90.0, 5.0, 90.0]),
        pd.Series([np.nan, 80.0, 0.0, -2.0, 80.0]),
        pd.Series(["Positif", "Positif", "Positif", "Positif", "Lain"]),
    )
    assert frame["perubahan"].isna().tolist() == [True, True, False, False, False]
    assert frame["perubahan"].tolist()[2:] == [90.0, 7.0, 10.0]
    assert frame["perubahan_persen"].isna().tolist() == [True, True, True, True, False]
    assert frame["arah"].tolist() == [None, None, "Meningkat", "Meningkat", "Meningkat"]
    # An unknown polarity gives no trend (its capaian carries the reason).
    assert frame["kecenderungan"].tolist() == [None, None, "Membaik", "Membaik", None]
    assert "bernilai 0" in frame["catatan"].iloc[2]
    assert "negatif" in frame["catatan"].iloc[3]
    assert frame["catatan"].iloc[0] is None and frame["catatan"].iloc[4] is None


# --- the kinerja path: past years and last year's realisasi ------------------------------------


def riwayat(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [{c: r.get(c) for c in ("kode", "tahun", "target", "realisasi")} for r in rows],
        columns=["kode", "tahun", "target", "realisasi"],
    )
    for c in ("tahun", "target", "realisasi"):
        frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("float64")
    return frame


def kinerja(ind_rows, riw_rows, tahun=2020, **aturan):
    ind = kf.indikator(ind_rows)
    ind["realisasi_tahun_lalu"] = pd.to_numeric(
        pd.Series([r.get("realisasi_tahun_lalu") for r in ind_rows]), errors="coerce"
    ).astype("float64")
    return hitung_kinerja(
        ind, kf.triwulan(), kf.anggaran(), AturanKinerja(**aturan), None, riwayat(riw_rows), tahun
    )


IND = [
    {"kode": "IKU-1", "sasaran": "S", "polaritas": "Positif", "target": 80, "realisasi": 90},
    {"kode": "IKU-2", "sasaran": "S", "polaritas": "Negatif", "target": 10, "realisasi": 6,
     "realisasi_tahun_lalu": 7},
]  # fmt: skip


def test_past_capaian_use_the_indicators_polarity_and_the_same_settings():
    hasil = kinerja(
        IND,
        [
            {"kode": "iku-1 ", "tahun": 2019, "target": 75, "realisasi": 74.25},
            {"kode": "IKU-2", "tahun": 2019, "target": 40, "realisasi": 79.998},
            {"kode": "IKU-2", "tahun": 2018, "target": 10},
            {"kode": "IKU-9", "tahun": 2019, "target": 10, "realisasi": 5},
        ],
        pembulatan=Pembulatan.HALF_UP,
    )
    capaian = hasil.riwayat["capaian"].tolist()
    # 74,25 / 75 x 100 = 99 exactly; Negatif lan (2 x 40 - 79,998) / 40 x 100 = 0,005 -> 0,01.
    assert capaian[:2] == [float(Fraction(7425, 75)), 0.01]
    assert np.isnan(capaian[2]) and np.isnan(capaian[3])  # blank realisasi is never 0
    assert hasil.riwayat["predikat"].tolist()[:2] == ["AA", "D"]
    assert "Realisasi belum diisi" in hasil.riwayat["catatan"].iloc[2]
    assert "IKU-9 tidak ada di tabel Indikator" in hasil.riwayat["catatan"].iloc[3]
    unknown = hasil.masalah[hasil.masalah["kode"] == "unknown-reference"]
    assert unknown[["tabel", "baris", "kolom"]].values.tolist() == [["riwayat", 3, "kode"]]


def test_blank_last_year_is_taken_from_riwayat_and_a_differing_one_is_a_warning():
    hasil = kinerja(
        IND,
        [
            {"kode": "IKU-1", "tahun": 2019, "target": 75, "realisasi": 85.5},
            {"kode": "IKU-1", "tahun": 2018, "target": 75, "realisasi": 60},
            {"kode": "IKU-2", "tahun": 2019, "target": 10, "realisasi": 7.5},
        ],
    )
    ind = hasil.indikator
    assert ind["perubahan"].tolist() == [4.5, -1.0]  # 90 - 85,5 from Riwayat; 6 - 7 as typed
    assert ind["perubahan_persen"].tolist() == [5.26, -14.29]  # 4,5 / 85,5 = 5,263..; -1 / 7
    assert ind["kecenderungan"].tolist() == ["Membaik", "Membaik"]  # Negatif: lower is better
    assert "Realisasi tahun lalu (2019) diambil dari lembar Riwayat." in ind["catatan"].iloc[0]
    warned = hasil.masalah[hasil.masalah["kode"] == "history-mismatch"]
    assert warned[["tabel", "baris", "kolom", "tingkat"]].values.tolist() == [
        ["indikator", 1, "realisasi_tahun_lalu", "peringatan"]
    ]
    assert "7 berbeda dengan Realisasi 2019 di lembar Riwayat (7,5)" in warned["pesan"].iloc[0]


def test_without_a_report_year_riwayat_gives_no_last_year():
    hasil = kinerja(IND, [{"kode": "IKU-1", "tahun": 2019, "realisasi": 85.5}], tahun=None)
    assert np.isnan(hasil.indikator["perubahan"].iloc[0])
    assert hasil.masalah[hasil.masalah["kode"] == "history-mismatch"].empty


def test_check_reports_history_mismatch_at_the_realisasi_tahun_lalu_cell(tmp_path: Path):
    indikator = [
        {"Kode": "IKU-1", "Sasaran": "S", "Indikator": "I", "Polaritas": "Positif",
         "Target": 80, "Realisasi": 90, "Realisasi Tahun Lalu": 85},
    ]  # fmt: skip
    path = filled_kinerja(tmp_path / "k.xlsx", indikator)
    wb = openpyxl.load_workbook(path)
    wb[SPEC.named("Tahun").sheet][SPEC.named("Tahun").cell] = 2020
    fill_table(wb, SPEC.table("tblRiwayat"), [
        {"Kode": "IKU-1", "Tahun": 2019, "Target": 80, "Realisasi": 84},
        {"Kode": "IKU-7", "Tahun": 2019, "Target": 80, "Realisasi": 84},
    ])  # fmt: skip
    wb.save(path)
    laporan = check_file(path)
    found = {(m.code.value, m.sheet, m.cell) for m in laporan.masalah}
    table = SPEC.table("tblIndikator")
    riw = SPEC.table("tblRiwayat")
    assert ("history-mismatch", "Indikator", f"{table.letter('realisasi_tahun_lalu')}5") in found
    assert ("unknown-reference", "Riwayat", f"{riw.letter('kode')}6") in found
    recompute_file(path)
    wb = openpyxl.load_workbook(path)
    ws, wr = wb["Indikator"], wb["Riwayat"]
    assert ws[f"{table.letter('perubahan')}5"].value == 5
    assert ws[f"{table.letter('perubahan_persen')}5"].value == 5.88  # 5 / 85 = 5,882..
    assert ws[f"{table.letter('arah')}5"].value == "Meningkat"
    assert ws[f"{table.letter('kecenderungan')}5"].value == "Membaik"
    assert wr[f"{riw.letter('capaian')}5"].value == 105  # 84 / 80
    assert wr[f"{riw.letter('predikat')}5"].value == "AA"
    assert wr[f"{riw.letter('capaian')}6"].value is None
