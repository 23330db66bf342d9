"""Every percentage the rules compute (and the efisiensi ratio and difference) is the exact
value on the decimals the cells hold (``fraction_of``: 15 significant digits, as Excel shows
them) rounded once to the nearest float, in the column path (pandas) and in the scalar path
the worksheet functions use."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import lkjip_xl as lx
from lkjip_xl.core.capaian import hitung_capaian
from lkjip_xl.core.efisiensi import hitung_efisiensi, hitung_serapan
from lkjip_xl.core.ratio import percent
from lkjip_xl.core.rounding import fraction_of
from lkjip_xl.core.satu_nilai import capaian_satu, efisiensi_satu, serapan_satu
from lkjip_xl.excel import udfs

# Typed figures (a few decimals, as budgets and targets are) and any float whose percentages
# stay within Excel's numbers (beyond them a result is refused, not rounded).
typed = st.builds(
    lambda whole, places: whole / 10**places, st.integers(1, 10**14), st.integers(0, 6)
)
anything = st.floats(min_value=1e-150, max_value=1e150, allow_nan=False, allow_infinity=False)
positive = st.one_of(typed, anything)
signed = st.one_of(typed, typed.map(lambda x: -x), anything, anything.map(lambda x: -x))


def exact(a: float, d: float, b: float = 0.0, k: int = 1) -> Fraction:
    return (k * fraction_of(a) - fraction_of(b)) * 100 / fraction_of(d)


def test_the_known_cases():
    # r / p * 100 missed 7 by a unit; r * 100 / p missed 100 and 62,3 by one.
    assert 7 / 100 * 100 == 7.000000000000001
    assert serapan_satu(100, 7).nilai == 7
    assert hitung_serapan(pd.Series([100.0]), pd.Series([7.0]))["nilai"].iloc[0] == 7
    assert udfs.LKJ_SERAPAN(100, 7) == 7
    same = 343597383.83902997
    assert same * 100 / same == 100.00000000000001
    assert lx.capaian(same, same) == 100
    assert capaian_satu(same, same).nilai == 100
    assert udfs.LKJ_CAPAIAN(same, same) == 100
    # 6,23 is held as 6.2300000000000004263...: the exact ratio of the held floats rounds to
    # 62.300000000000004; of the decimal typed, to 62.3.
    assert float(Fraction(6.23) * 10) == 62.300000000000004
    assert (
        lx.capaian(10, 6.23) == capaian_satu(10, 6.23).nilai == udfs.LKJ_CAPAIAN(10, 6.23) == 62.3
    )


@given(st.lists(st.tuples(positive, positive, signed), min_size=1, max_size=20))
@settings(max_examples=300, deadline=None)
def test_column_path_is_the_exact_value_rounded_once(rows):
    t = np.array([row[0] for row in rows])
    r = np.array([row[1] for row in rows])
    expected = [float(exact(b, a)) for a, b in zip(t, r, strict=True)]
    assert hitung_capaian(pd.Series(t), pd.Series(r))["nilai"].tolist() == expected
    assert hitung_serapan(pd.Series(t), pd.Series(r))["nilai"].tolist() == expected
    invers = hitung_capaian(pd.Series(t), pd.Series(r), "negatif", metode_negatif="invers")
    assert invers["nilai"].tolist() == [float(exact(a, b)) for a, b in zip(t, r, strict=True)]
    # lan: (2T - R) / T x 100 with any R (also one near 2T, where the difference cancels).
    lan = np.array([row[2] if i % 2 else 2 * row[0] - row[1] for i, row in enumerate(rows)])
    got = percent(t, t, lan, k=2)
    assert got.tolist() == [float(exact(a, a, b, 2)) for a, b in zip(t, lan, strict=True)]


@given(positive, positive, signed)
@settings(max_examples=300, deadline=None)
def test_scalar_path_is_the_exact_value_rounded_once(t, r, s):
    assert capaian_satu(t, r).nilai == float(exact(r, t))
    assert serapan_satu(t, r).nilai == float(exact(r, t))
    invers = capaian_satu(t, r, "negatif", metode_negatif="invers", batas_bawah_nol=False)
    assert invers.nilai == float(exact(t, r))
    lan = capaian_satu(t, s, "negatif", batas_bawah_nol=False)
    assert lan.nilai == float(exact(t, t, s, 2))


def test_far_numbers_and_overflow():
    a = np.array([1e-300, 2.0**53 + 1, 5e-324, 1e300, 1.5])
    d = np.array([5e-324, 100.0, 3e-300, 7e-10, 0.0])
    got = percent(a, d)
    want = [float(exact(x, y)) for x, y in zip(a[:3], d[:3], strict=True)]
    assert got[:3].tolist() == want
    assert got[3] == np.inf and got[4] == np.inf  # past the largest float; a divisor of 0


def test_efisiensi_of_report_000():
    # Report 000: 95,44 - 92,50 = 2,94; floats give 2.9399999999999977.
    assert 95.44 - 92.50 == 2.9399999999999977
    assert lx.efisiensi(95.44, 92.50, "selisih") == udfs.LKJ_EFISIENSI(95.44, 92.50, "selisih")
    assert efisiensi_satu(95.44, 92.50, "selisih").nilai == 2.94
    frame = hitung_efisiensi(pd.Series([95.44]), pd.Series([92.50]), "selisih")
    assert frame["nilai"].tolist() == [2.94]


@given(st.lists(st.tuples(signed, positive), min_size=1, max_size=20))
@settings(max_examples=200, deadline=None)
def test_efisiensi_is_the_exact_value_rounded_once(rows):
    c = np.array([row[0] for row in rows])
    s = np.array([row[1] for row in rows])
    rasio = [float(fraction_of(x) / fraction_of(y)) for x, y in zip(c, s, strict=True)]
    selisih = [float(fraction_of(x) - fraction_of(y)) for x, y in zip(c, s, strict=True)]
    assert hitung_efisiensi(pd.Series(c), pd.Series(s))["nilai"].tolist() == rasio
    assert hitung_efisiensi(pd.Series(c), pd.Series(s), "selisih")["nilai"].tolist() == selisih
    assert [efisiensi_satu(x, y).nilai for x, y in zip(c, s, strict=True)] == rasio
    got = [efisiensi_satu(x, y, "selisih").nilai for x, y in zip(c, s, strict=True)]
    assert got == selisih
