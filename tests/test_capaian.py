"""Capaian rules of DESIGN §4 beyond the golden cases: states, notes, floors, caps, quarters."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import lkjip_xl as lx
from lkjip_xl.core.capaian import (
    Agregasi,
    Status,
    agregasi_triwulan,
    hitung_capaian,
    parse_triwulan,
    rata_rata_kelompok,
    status_capaian,
)


def frame(targets, realisasi, polaritas="positif", **kw):
    return hitung_capaian(
        pd.Series(targets, dtype="float64"), pd.Series(realisasi, dtype="float64"), polaritas, **kw
    )


def test_design_examples():
    assert lx.capaian(75, 71.59) == pytest.approx(95.45333333)
    assert lx.capaian(100, 80, polaritas="negatif") == 120.0
    assert lx.capaian(100, 80, polaritas="negatif", metode_negatif="invers") == 125.0
    assert lx.capaian(50, 97.18) == pytest.approx(194.36)  # not capped


def test_blank_and_zero():
    result = frame([None, 10, 0, 10, 10], [5, None, 5, 0, 12])
    assert result["keadaan"].tolist()[:3] == [
        Status.BELUM_DIISI,
        Status.BELUM_DIISI,
        Status.TIDAK_DAPAT,
    ]
    assert result["nilai"].iloc[3] == 0.0  # a real 0 realisasi is a number
    assert pd.isna(result["keadaan"].iloc[3])
    assert lx.capaian(None, 5) is None and lx.capaian(0, 5) is None


def test_invers_with_zero_realisasi_is_not_computable():
    result = frame([10], [0], "negatif", metode_negatif="invers")
    assert result["keadaan"].iloc[0] == Status.TIDAK_DAPAT
    assert "invers" in result["catatan"].iloc[0]


def test_negatif_floor_and_cap_are_noted():
    floored = frame([10], [25], "negatif")
    assert floored["nilai"].iloc[0] == 0
    assert "Batas_Bawah_Nol" in floored["catatan"].iloc[0]
    unfloored = frame([10], [25], "negatif", batas_bawah_nol=False)
    assert unfloored["nilai"].iloc[0] == -50
    capped = frame([10], [25], batas_atas=120)
    assert capped["nilai"].iloc[0] == 120
    assert "Batas_Atas_Capaian" in capped["catatan"].iloc[0]


def test_polarity_per_row_and_misspelt():
    result = hitung_capaian(pd.Series([10.0, 10.0, 10.0]), pd.Series([8.0, 8.0, 8.0]),
                            pd.Series(["Positif", "NEGATIF", "Negatf"]))  # fmt: skip
    assert result["nilai"].iloc[0] == 80 and result["nilai"].iloc[1] == 120
    assert math.isnan(result["nilai"].iloc[2])
    assert "Negatf" in result["catatan"].iloc[2]


def test_input_reasons_win():
    result = frame([10, 10], [5, 5], alasan_masukan=pd.Series(["Galat Excel #DIV/0!", None]))
    assert result["keadaan"].iloc[0] == Status.TIDAK_DAPAT
    assert result["catatan"].iloc[0] == "Galat Excel #DIV/0!"
    assert result["nilai"].iloc[1] == 50


def test_status():
    nilai = pd.Series([120.0, 100.0, 99.99, float("nan")])
    keadaan = pd.Series([None, None, None, Status.BELUM_DIISI.value])
    assert status_capaian(nilai, keadaan).tolist() == [
        "Melebihi Target", "Tercapai", "Tidak Tercapai", "Belum Diisi"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("how", "expected"),
    [(Agregasi.KUMULATIF, 60.0), (Agregasi.AKHIR, 25.0), (Agregasi.RATA_RATA, 20.0),
     (Agregasi.MAKSIMUM, 25.0)],
)  # fmt: skip
def test_quarters(how, expected):
    result = agregasi_triwulan(
        pd.Series(["A", "A", "A", "A"]),
        pd.Series(["TW2", "TW1", "TW3", "TW4"]),
        pd.Series([20.0, 15.0, 25.0, None]),  # TW4 blank: left out, never 0
        {"A": how},
    )
    assert result.loc["A", "nilai"] == expected
    assert "TW4 belum diisi" in result.loc["A", "catatan"]


def test_triwulan_labels():
    assert [parse_triwulan(x) for x in ["TW1", "tw 2", "III", 4, "Triwulan IV", "TW5"]] == [
        "TW1", "TW2", "TW3", "TW4", "TW4", None
    ]  # fmt: skip


def test_mean_per_sasaran_names_the_excluded():
    result = rata_rata_kelompok(
        pd.Series(["S1", "S1", "S1", "S2"]),
        pd.Series([90.0, None, 110.0, None]),
        pd.Series(["IKU-1", "IKU-2", "IKU-3", "IKU-4"]),
        pd.Series([None, "Belum Diisi", None, "Tidak Dapat Dihitung"]),
    )
    s1, s2 = result.iloc[0], result.iloc[1]
    assert s1["rata_rata"] == 100 and s1["jumlah"] == 3 and s1["dihitung"] == 2
    assert "IKU-2 (Belum Diisi)" in s1["dikecualikan"]
    assert math.isnan(s2["rata_rata"]) and "IKU-4" in s2["dikecualikan"]


def test_a_repeated_quarter_counts_once():
    """A quarter's row copied and left with its TW (a duplicate-key galat on the second row)
    is counted once, the first row's, as the duplicate-key message says; the note names it once."""
    result = agregasi_triwulan(
        pd.Series(["A", "A", "A", "B", "B"]),
        pd.Series(["TW1", "TW2", "TW2", "TW1", "TW1"]),
        pd.Series([10.0, 20.0, 20.0, None, 7.0]),  # B's first TW1 is blank: B has no quarter
        {"A": Agregasi.KUMULATIF, "B": Agregasi.KUMULATIF},
    )
    assert result.loc["A", "nilai"] == 30.0
    assert "(Kumulatif: TW1, TW2);" in result.loc["A", "catatan"]
    assert math.isnan(result.loc["B", "nilai"])
