"""Exact decimal arithmetic (DESIGN §4, "Numbers and rounding"): every shown figure is the exact
decimal result on the inputs' decimals, rounded once; the oracle is :class:`fractions.Fraction`.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from lkjip_xl.core import ipasn
from lkjip_xl.core.capaian import hitung_capaian, rata_rata_kelompok
from lkjip_xl.core.efisiensi import MetodeEfisiensi, hitung_efisiensi, hitung_serapan
from lkjip_xl.core.kinerja import AturanKinerja, hitung_kinerja
from lkjip_xl.core.rounding import Pembulatan
from lkjip_xl.core.sakip import evaluasi_sakip
from tests import kinerja_frames as kf

MODES = st.sampled_from(["half_up", "truncate"])


def shown(exact: Fraction, places: int, mode: str) -> float:
    """The oracle: an exact value rounded once, half away from zero or toward zero."""
    scaled = abs(exact) * 10**places
    whole = math.floor(scaled + Fraction(1, 2)) if mode == "half_up" else math.floor(scaled)
    return float(Fraction(whole if exact >= 0 else -whole, 10**places))


def F(value) -> Fraction:
    return Fraction(Decimal(str(value)))


def digits(value: Decimal) -> int:
    return len(value.normalize().as_tuple().digits)


# --- the cases of the decision, each wrong in binary floating point ---------------------------


def one_indicator(target, realisasi, polaritas="Positif", **aturan):
    ind = kf.indikator([{"kode": "A", "sasaran": "S", "polaritas": polaritas, "target": target,
                         "realisasi": realisasi}])  # fmt: skip
    return hitung_kinerja(ind, kf.triwulan(), kf.anggaran(), AturanKinerja(**aturan))


def test_negatif_half_tie_is_rounded_up():
    # (2 x 40 - 79,998) / 40 x 100 is exactly 0,005.
    hasil = one_indicator(40, 79.998, "Negatif")
    assert hasil.indikator["capaian"].iloc[0] == 0.01
    hasil = one_indicator(8, 15.9196, "Negatif")  # exactly 1,005
    assert hasil.indikator["capaian"].iloc[0] == 1.01


def test_selisih_on_a_truncation_boundary():
    # Capaian 76 (76 / 100) and serapan 75,79: the difference is exactly 0,21.
    ind = kf.indikator([{"kode": "A", "sasaran": "S", "polaritas": "Positif", "target": 100,
                         "realisasi": 76}])  # fmt: skip
    ang = kf.anggaran([{"kode_indikator": "A", "pagu": 100, "realisasi_anggaran": 75.79}])
    aturan = AturanKinerja(
        metode_efisiensi=MetodeEfisiensi.SELISIH,
        skala_efisiensi=None,
        pembulatan=Pembulatan.TRUNCATE,
    )
    hasil = hitung_kinerja(ind, kf.triwulan(), ang, aturan)
    assert hasil.anggaran["efisiensi"].iloc[0] == 0.21
    frame = hitung_efisiensi(
        pd.Series([76.0]), pd.Series([75.79]), "selisih", desimal=2, pembulatan="truncate"
    )
    assert frame["nilai"].iloc[0] == 0.21


def test_mean_of_shown_capaian_is_exact():
    # Shown capaian 1000,03 and -1000,02: the mean is exactly 0,005.
    ind = kf.indikator([
        {"kode": "A", "sasaran": "S", "polaritas": "Positif", "target": 100, "realisasi": 1000.03},
        {"kode": "B", "sasaran": "S", "polaritas": "Positif", "target": 100, "realisasi": -1000.02},
    ])  # fmt: skip
    hasil = hitung_kinerja(ind, kf.triwulan(), kf.anggaran(), AturanKinerja())
    assert hasil.indikator["capaian"].tolist() == [1000.03, -1000.02]
    assert hasil.sasaran["rata_rata"].iloc[0] == 0.01
    assert hasil.ringkasan["rata_capaian"] == 0.01


def test_ipasn_gap_is_exact():
    table = ipasn.selisih({"disiplin": 4.99}, desimal=2, pembulatan="truncate")
    assert table.loc[table["dimensi"] == "Disiplin", "selisih"].iloc[0] == 0.01


def test_ipasn_gap_beyond_excel_is_blank():
    # A score a cell cannot hold has no gap to show; the exact gap overflowed a float and crashed.
    table = ipasn.selisih({"kualifikasi": 1.7976931348623157e308, "kinerja": 20.5})
    assert table["selisih"].isna().tolist() == [True, True, False, True]


def test_quarterly_sum_feeds_capaian_exactly():
    # Kumulatif 0,1 + 0,2 is exactly 0,3 = 2 x 0,15: the negatif capaian is exactly 0, with no
    # floor to apply (binary floats make it -0,00000000000004 and floor it).
    ind = kf.indikator([{"kode": "A", "sasaran": "S", "polaritas": "Negatif", "target": 0.15,
                         "agregasi": "Kumulatif"}])  # fmt: skip
    tw = kf.triwulan([
        {"kode": "A", "triwulan": "TW1", "realisasi": 0.1},
        {"kode": "A", "triwulan": "TW2", "realisasi": 0.2},
    ])  # fmt: skip
    hasil = hitung_kinerja(ind, tw, kf.anggaran(), AturanKinerja())
    assert hasil.indikator["capaian"].iloc[0] == 0
    assert "Batas_Bawah_Nol" not in hasil.indikator["catatan"].iloc[0]


# --- property tests against the Fraction oracle -----------------------------------------------


def decimals(low=1, high=10**9, places=(0, 6)):
    """Decimals of at most 15 significant digits: k / 10^p."""
    return st.builds(
        lambda k, p: Decimal(k).scaleb(-p), st.integers(low, high), st.integers(*places)
    )


def capaian_oracle(t: Fraction, r: Fraction, negatif: bool, metode: str, floor: bool, cap):
    if negatif:
        if metode == "invers":
            if r == 0:
                return None
            value = t / r * 100
        else:
            value = (2 * t - r) / t * 100
        if floor and value < 0:
            value = Fraction(0)
    else:
        value = r / t * 100
    if cap is not None and value > cap:
        value = cap
    return value


@st.composite
def capaian_cases(draw):
    places = draw(st.integers(0, 4))
    mode = draw(MODES)
    negatif = draw(st.booleans())
    metode = draw(st.sampled_from(["lan", "invers"]))
    t = draw(decimals())
    kind = draw(st.sampled_from(["free", "tie", "tie", "near"]))
    if kind == "free" or (negatif and metode == "invers"):
        r = draw(decimals(-(10**9), 10**9))
    else:
        # A result exactly on a boundary: (k + 1/2) / 10^d for half up, k / 10^d for truncate.
        k = draw(st.integers(-(10**5), 10**6))
        v = (Decimal(2 * k + 1) / 2 if mode == "half_up" else Decimal(k)).scaleb(-places)
        r = 2 * t - v * t / 100 if negatif else v * t / 100
        if kind == "near":  # one unit of the 15th significant digit away
            r += Decimal(draw(st.sampled_from([-1, 1]))).scaleb(r.adjusted() - 14)
    assume(digits(r) <= 15)
    floor = draw(st.booleans())
    cap = draw(st.one_of(st.none(), decimals(1, 10**6, (0, 3))))
    return places, mode, negatif, metode, t, r, floor, cap


@pytest.mark.slow
@given(st.lists(capaian_cases(), min_size=1, max_size=8))
@settings(max_examples=400, deadline=None)
@example([(2, "half_up", True, "lan", Decimal(40), Decimal("79.998"), True, None)])
@example([(2, "half_up", True, "lan", Decimal(8), Decimal("15.9196"), True, None)])
def test_capaian_equals_the_fraction_oracle(cases):
    # Rows share the rounding of the first case, as a table shares its settings.
    places, mode = cases[0][0], cases[0][1]
    for _, _, negatif, metode, t, r, floor, cap in cases:
        frame = hitung_capaian(
            pd.Series([float(t)]),
            pd.Series([float(r)]),
            "negatif" if negatif else "positif",
            metode_negatif=metode,
            batas_bawah_nol=floor,
            batas_atas=None if cap is None else float(cap),
            desimal=places,
            pembulatan=mode,
        )
        expected = capaian_oracle(
            Fraction(t), Fraction(r), negatif, metode, floor, None if cap is None else F(cap)
        )
        got = frame["nilai"].iloc[0]
        if expected is None:
            assert math.isnan(got)
        else:
            assert got == shown(expected, places, mode), (t, r, negatif, metode, floor, cap)


def test_capaian_vectorised_equals_one_by_one():
    rng = np.random.default_rng(5)
    t = np.round(rng.uniform(1, 100, 3000), 2)
    r = np.round(rng.uniform(-50, 250, 3000), 3)
    pol = pd.Series(rng.choice(["Positif", "Negatif"], 3000))
    frame = hitung_capaian(pd.Series(t), pd.Series(r), pol, desimal=2, pembulatan="truncate")
    for i in range(0, 3000, 7):
        negatif = pol[i] == "Negatif"
        exact = capaian_oracle(F(t[i]), F(r[i]), negatif, "lan", True, None)
        assert frame["nilai"].iloc[i] == shown(exact, 2, "truncate")


@st.composite
def pairs(draw):
    places = draw(st.integers(0, 4))
    mode = draw(MODES)
    metode = draw(st.sampled_from(["rasio", "selisih"]))
    s = draw(decimals(1, 10**6, (0, 2)))
    if draw(st.booleans()):
        c = draw(decimals(-(10**6), 10**6, (0, 2)))
    else:
        k = draw(st.integers(-(10**5), 10**5))
        v = (Decimal(2 * k + 1) / 2 if mode == "half_up" else Decimal(k)).scaleb(-places)
        c = v * s if metode == "rasio" else v + s
    assume(digits(c) <= 15)
    return places, mode, metode, c, s


@given(pairs())
@settings(max_examples=400, deadline=None)
@example((2, "truncate", "selisih", Decimal(76), Decimal("75.79")))
def test_efisiensi_equals_the_fraction_oracle(case):
    places, mode, metode, c, s = case
    frame = hitung_efisiensi(
        pd.Series([float(c)]), pd.Series([float(s)]), metode, desimal=places, pembulatan=mode
    )
    exact = Fraction(c) / Fraction(s) if metode == "rasio" else Fraction(c) - Fraction(s)
    assert frame["nilai"].iloc[0] == shown(exact, places, mode)


@given(decimals(1, 10**13, (0, 2)), decimals(0, 10**13, (0, 2)), st.integers(0, 4), MODES)
@settings(max_examples=300, deadline=None)
def test_serapan_equals_the_fraction_oracle(pagu, realisasi, places, mode):
    frame = hitung_serapan(
        pd.Series([float(pagu)]), pd.Series([float(realisasi)]), desimal=places, pembulatan=mode
    )
    exact = Fraction(realisasi) / Fraction(pagu) * 100
    assert frame["nilai"].iloc[0] == shown(exact, places, mode)


@given(
    st.lists(st.integers(-(10**7), 10**7), min_size=1, max_size=12),
    st.integers(0, 3),
    MODES,
)
@settings(max_examples=300, deadline=None)
def test_mean_of_shown_values_equals_the_fraction_oracle(units, places, mode):
    values = [Fraction(u, 10**places) for u in units]
    result = rata_rata_kelompok(
        pd.Series(["S"] * len(values)),
        pd.Series([float(v) for v in values]),
        pd.Series([f"K{i}" for i in range(len(values))]),
        pd.Series([None] * len(values)),
        desimal=places,
        pembulatan=mode,
    )
    assert result["rata_rata"].iloc[0] == shown(sum(values) / len(values), places, mode)


POINTS = st.sampled_from([0, 1, 5, 10, 12.5, 15, 17.5, 20, 22.5, 25, 30, 32.5, 40])


@pytest.mark.slow
@given(
    st.lists(
        st.tuples(st.sampled_from(["A", "B", "C"]), st.sampled_from(["PNS", "PPPK"]),
                  POINTS, POINTS, POINTS, st.sampled_from([1, 2, 3, 5]), st.booleans()),
        min_size=1, max_size=40,
    ),
    st.integers(0, 3),
    MODES,
    st.sampled_from(["Nol", "Kecualikan"]),
)  # fmt: skip
@settings(max_examples=200, deadline=None)
def test_rekap_equals_the_fraction_oracle(rows, places, mode, data_kosong):
    frame = pd.DataFrame(
        rows, columns=["unit", "status", "kualifikasi", "kompetensi", "kinerja", "disiplin",
                       "lengkap"],
    )  # fmt: skip
    scores = frame[[*ipasn.DIMENSI, "lengkap"]].astype({d: "float64" for d in ipasn.DIMENSI})
    scores["total"] = scores[list(ipasn.DIMENSI)].sum(axis=1)
    table = ipasn.rekap(
        scores, frame["unit"], frame["status"], data_kosong=data_kosong, desimal=places,
        pembulatan=mode,
    )  # fmt: skip
    counted = frame if data_kosong == "Nol" else frame[frame["lengkap"]]

    def mean_shown(part: pd.DataFrame, column: str):
        if column == "total":
            values = [shown(sum(F(x) for x in row), places, mode)
                      for row in part[list(ipasn.DIMENSI)].itertuples(index=False)]  # fmt: skip
        else:
            values = [shown(F(x), places, mode) for x in part[column]]
        if not values:
            return None
        return shown(sum(F(v) for v in values) / len(values), places, mode)

    for row in table.itertuples():
        part = counted
        if row.unit not in (ipasn.SELURUH, ipasn.jumlah_status(row.status)):
            part = part[part["unit"] == row.unit]
        if row.status != ipasn.SEMUA_STATUS:
            part = part[part["status"] == row.status]
        for column in (*ipasn.DIMENSI, "total"):
            expected = mean_shown(part, column)
            got = getattr(row, column)
            assert pd.isna(got) if expected is None else got == expected, (row, column)


@given(st.lists(decimals(0, 3000, (0, 2)), min_size=5, max_size=5), st.integers(0, 3), MODES)
@settings(max_examples=200, deadline=None)
def test_sakip_total_equals_the_fraction_oracle(parts, places, mode):
    bobot = (30, 25, 15, 10, 20)
    values = [min(p, Decimal(b)) for p, b in zip(parts, bobot, strict=True)]
    keys = ("perencanaan", "pengukuran", "pelaporan", "evaluasi", "capaian")
    result = evaluasi_sakip(
        {k: float(v) for k, v in zip(keys, values, strict=True)}, "lke-2015", places, mode
    )
    assert result.total == shown(sum(Fraction(v) for v in values), places, mode)


def test_rekap_sums_stay_exact_beyond_float_integers():
    # 10 decimals over 20,000 employees: the sums pass 2**53 and continue in Python integers.
    rng = np.random.default_rng(3)
    dims = {d: rng.choice([0.0, 12.5, 22.5, 25.0, 30.0], 20_000) for d in ipasn.DIMENSI}
    scores = pd.DataFrame({**dims, "lengkap": True})
    scores["total"] = scores[list(ipasn.DIMENSI)].sum(axis=1)
    table = ipasn.rekap(
        scores, pd.Series(["U"] * 20_000), pd.Series(["PNS"] * 20_000), desimal=10,
        pembulatan="truncate",
    )  # fmt: skip
    everyone = table.iloc[-1]
    for column in (*ipasn.DIMENSI, "total"):
        exact = sum(F(x) for x in scores[column]) / len(scores)
        assert everyone[column] == shown(exact, 10, "truncate"), column
