"""Property tests over the whole input space (hypothesis)."""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import lkjip_xl as lx
from lkjip_xl.core import ipasn
from lkjip_xl.core.predikat import load_preset, preset_names
from lkjip_xl.core.rounding import round_series, round_value

maybe = lambda s: st.one_of(st.none(), s)  # noqa: E731
labels = lambda values: st.sampled_from([*values, "", "tidak tahu", None])  # noqa: E731

employees = st.fixed_dictionaries(
    {
        "pendidikan": labels(["SD", "SLTP", "SLTA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"]),
        "jenis_jabatan": labels(["Struktural", "Fungsional", "Pelaksana"]),
        "diklat_jenjang": st.one_of(st.booleans(), labels(["Ya", "Tidak"])),
        "jp_diklat_teknis": maybe(st.floats(-10, 500, allow_nan=False)),
        "seminar": st.one_of(st.booleans(), labels(["Ya", "Tidak"])),
        "nilai_skp": maybe(st.floats(-5, 120, allow_nan=False)),
        "hukuman_disiplin": labels(["Tidak Pernah", "Ringan", "Sedang", "Berat"]),
        "predikat_skp": labels(["Sangat Baik", "Baik", "Cukup", "Kurang", "Buruk"]),
    }
)


@given(st.lists(employees, min_size=1, max_size=30))
@settings(max_examples=150, deadline=None)
def test_kompetensi_at_most_40_and_total_at_most_100(rows):
    scores = ipasn.skor_pegawai(pd.DataFrame(rows, dtype="object"))
    assert (scores["kompetensi"] <= 40).all() and (scores["kompetensi"] >= 0).all()
    assert (scores["total"] <= 100).all() and (scores["total"] >= 0).all()
    dims = scores[list(ipasn.DIMENSI)].sum(axis=1)
    assert np.allclose(dims, scores["total"])
    # A row is complete exactly when nothing is flagged missing, and says what to complete.
    for _, row in scores.iterrows():
        assert row["lengkap"] == (row["kosong"] == 0)
        if not row["lengkap"]:
            assert "Lengkapi data" in row["saran"] or "tidak valid" in row["saran"]


finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
nonzero = finite.filter(lambda x: abs(x) > 1e-9)


@given(nonzero.filter(lambda x: x > 0))
def test_capaian_is_100_when_realisasi_equals_target(t):
    assert lx.capaian(t, t) == 100
    assert lx.capaian(t, t, polaritas="negatif") == 100
    assert lx.capaian(t, t, polaritas="negatif", metode_negatif="invers") == 100


@given(finite)
@settings(max_examples=300)
def test_every_preset_classifies_every_real_number_exactly_once(x):
    for name in preset_names():
        skala = load_preset(name)
        # The band found is the only one whose interval [its bound, next bound above) holds x.
        inside = []
        for index, band in enumerate(skala.bands):
            above = skala.bands[index - 1] if index else None
            low_ok = band.lower is None or x > band.lower or (band.inclusive and x == band.lower)
            high_ok = above is None or not (
                x > above.lower or (above.inclusive and x == above.lower)
            )
            if low_ok and high_ok:
                inside.append(band.label)
        assert inside == [skala.classify_one(x)]
        assert skala.classify(pd.Series([x])).iloc[0] == skala.classify_one(x)


decimals_in = st.decimals(
    min_value=Decimal("-1e9"), max_value=Decimal("1e9"), allow_nan=False, allow_infinity=False,
    places=6,
)  # fmt: skip


@given(decimals_in, st.integers(0, 4), st.sampled_from(["half_up", "truncate"]))
@settings(max_examples=500)
def test_rounding_agrees_with_decimal(d, places, mode):
    # Any decimal of up to 15 significant digits, once stored as a float, rounds as decimal would.
    if len(d.normalize().as_tuple().digits) > 15:
        return
    expected = d.quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP if mode == "half_up" else ROUND_DOWN
    )
    got = round_value(float(d), places, mode)
    assert got == float(expected)
    assert round_series(pd.Series([float(d)]), places, mode).iloc[0] == float(expected)


@given(decimals_in, st.integers(0, 4), st.sampled_from(["half_up", "truncate"]))
@settings(max_examples=300)
def test_rounding_a_fraction_agrees_with_decimal(d, places, mode):
    # Exact results (sums, ratios) are rounded as Fractions: once, as Decimal would round them.
    expected = d.quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP if mode == "half_up" else ROUND_DOWN
    )
    assert round_value(Fraction(d), places, mode) == float(expected)


def test_rounding_a_fraction():
    assert round_value(Fraction(95445, 1000), 2) == 95.45
    assert round_value(Fraction(-95445, 1000), 2) == -95.45  # half away from zero
    assert round_value(Fraction(100805551, 1000000), 2, "truncate") == 100.8
    assert round_value(Fraction(-100805551, 1000000), 2, "potong") == -100.8
    assert math.copysign(1, round_value(Fraction(-1, 1000), 2)) == 1  # 0, not -0
    assert round_value(Fraction(1, 3), 0) == 0
    # Beyond Excel's largest number (and past a float's) there is nothing to show: it crashed.
    assert round_value(Fraction(10) ** 400, 2) is None
    assert round_value(-Fraction(Decimal("1.79769313486232e308")), 2) is None
    assert round_value(Fraction(Decimal("9.99999999999999e307")), 2) == 9.99999999999999e307


def test_rounding_is_not_bankers():
    assert round_value(95.445, 2) == 95.45  # Python's round gives 95.44
    assert round_value(0.125, 2) == 0.13
    assert round_value(2.5, 0) == 3
    assert round_value(-2.5, 0) == -3
    assert round_value(100.80555, 2, "truncate") == 100.8
    assert round_value(None) is None
    assert math.isnan(round_series(pd.Series([np.nan])).iloc[0])
