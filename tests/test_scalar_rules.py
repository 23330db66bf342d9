"""The scalar rule path (core.satu_nilai, the worksheet functions on single cells) against the
frame path (hitung_capaian / hitung_serapan / hitung_efisiensi, the worksheet functions on
ranges): every golden case through both, and random inputs through both, row for row."""

from __future__ import annotations

import math
import os

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from lkjip_xl.core.capaian import hitung_capaian
from lkjip_xl.core.efisiensi import hitung_efisiensi, hitung_serapan
from lkjip_xl.core.satu_nilai import Hasil, capaian_satu, efisiensi_satu, serapan_satu
from lkjip_xl.excel import udfs
from tests.reference import golden_cases, printed

COLUMNS = ["nilai", "keadaan", "catatan", "kode", "kolom"]


def ids(cases):
    return [c["id"] for c in cases]


def _row(frame: pd.DataFrame, i: int = 0) -> Hasil:
    values = frame[COLUMNS].iloc[i].tolist()
    return Hasil(float(values[0]), *[None if v is None or v != v else v for v in values[1:]])


def _same(a: Hasil, b: Hasil) -> bool:
    """Equal rows: the same figure to the bit (NaN with NaN) and the same words."""
    both_nan = math.isnan(a.nilai) and math.isnan(b.nilai)
    return (both_nan or a.nilai == b.nilai) and a[1:] == b[1:]


def _f(value):
    return math.nan if value is None else float(value)


def _both(func, cells, *settings_):
    """A worksheet function on single cells and on a two-row range of the same cells."""
    one = func(*cells, *settings_)
    ranged = func(*[[[c], [c]] for c in cells], *settings_)
    return one, ranged


# --- every golden case through both paths ------------------------------------------------------

CAPAIAN = golden_cases("capaian") + golden_cases("renstra")


def _capaian_inputs(case):
    i = case["inputs"]
    target = i["target"] if "target" in i else i["target_akhir"]
    return (target, i["realisasi"], i.get("polaritas", "positif"),
            i.get("metode_negatif", "lan"), i.get("batas_atas"))  # fmt: skip


@pytest.mark.parametrize("case", CAPAIAN, ids=ids(CAPAIAN))
def test_capaian_golden_scalar_equals_range(case):
    target, realisasi, pol, metode, cap = _capaian_inputs(case)
    for desimal in (None, case["decimals"]):
        kwargs = dict(metode_negatif=metode, batas_atas=cap, desimal=desimal,
                      pembulatan=case["rounding"])  # fmt: skip
        one = capaian_satu(target, realisasi, pol, **kwargs)
        frame = hitung_capaian(pd.Series([_f(target)]), pd.Series([_f(realisasi)]),
                               pd.Series([pol], dtype=object), **kwargs)  # fmt: skip
        assert _same(one, _row(frame))
        shown = one.nilai if desimal is not None else printed(one.nilai, case)
        assert shown == pytest.approx(case["expected"], abs=1e-9)
    cell, ranged = _both(udfs.LKJ_CAPAIAN, (target, realisasi, pol), metode, cap)
    assert ranged == [[cell], [cell]]
    assert printed(cell, case) == pytest.approx(case["expected"], abs=1e-9)


SERAPAN = golden_cases("serapan")


@pytest.mark.parametrize("case", SERAPAN, ids=ids(SERAPAN))
def test_serapan_golden_scalar_equals_range(case):
    pagu, realisasi = case["inputs"]["pagu"], case["inputs"]["realisasi_anggaran"]
    for desimal in (None, case["decimals"]):
        one = serapan_satu(pagu, realisasi, desimal=desimal, pembulatan=case["rounding"])
        frame = hitung_serapan(pd.Series([_f(pagu)]), pd.Series([_f(realisasi)]),
                               desimal=desimal, pembulatan=case["rounding"])  # fmt: skip
        assert _same(one, _row(frame))
        shown = one.nilai if desimal is not None else printed(one.nilai, case)
        assert shown == pytest.approx(case["expected"], abs=1e-9)
    cell, ranged = _both(udfs.LKJ_SERAPAN, (pagu, realisasi))
    assert ranged == [[cell], [cell]]
    assert printed(cell, case) == pytest.approx(case["expected"], abs=1e-9)


EFISIENSI = golden_cases("efisiensi")


@pytest.mark.parametrize("case", EFISIENSI, ids=ids(EFISIENSI))
def test_efisiensi_golden_scalar_equals_range(case):
    i = case["inputs"]
    c, s, metode = i["capaian_kinerja"], i["serapan_anggaran"], i["metode"]
    for desimal in (None, case["decimals"]):
        one = efisiensi_satu(c, s, metode, desimal=desimal, pembulatan=case["rounding"])
        frame = hitung_efisiensi(pd.Series([_f(c)]), pd.Series([_f(s)]), metode,
                                 desimal=desimal, pembulatan=case["rounding"])  # fmt: skip
        assert _same(one, _row(frame))
        shown = one.nilai if desimal is not None else printed(one.nilai, case)
        assert shown == pytest.approx(case["expected"], abs=1e-9)
    cell, ranged = _both(udfs.LKJ_EFISIENSI, (c, s), metode)
    assert ranged == [[cell], [cell]]
    assert printed(cell, case) == pytest.approx(case["expected"], abs=1e-9)


PREDIKAT = golden_cases("predikat")


@pytest.mark.parametrize("case", PREDIKAT, ids=ids(PREDIKAT))
def test_predikat_golden_scalar_equals_range(case):
    cell, ranged = _both(udfs.LKJ_PREDIKAT, (case["inputs"]["nilai"],), case["inputs"]["skala"])
    assert cell == case["expected"]
    assert ranged == [[cell], [cell]]


# --- random inputs: scalar == range, row for row -----------------------------------------------

NUMBERS = st.one_of(
    st.none(),
    st.sampled_from([0.0, -0.0, 100.0, -1.0, 1e-300, 1e308, -1e308, 9.99999999999999e307,
                     math.inf, -math.inf, math.nan, 95.445, 0.005, 1.005, 99.995]),
    st.integers(-10_000, 10_000).map(lambda i: i / 100),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
)  # fmt: skip
TEXTS = st.sampled_from(["", "  ", "71,59", "1.234", "1,234", "71.59", "Rp 10.000,-", "75%",
                         "abc", "#DIV/0!", "#N/A", "INF", "-inf", "(5)", "0", "-3,5",
                         "\u221e"])  # fmt: skip
CELLS = st.one_of(NUMBERS, TEXTS, st.booleans())
POLARITAS = st.sampled_from(["Positif", "Negatif", "positif", "-", "+", "", None, "naik", "  ",
                             1.0, 1, True, False, 0, math.nan])  # fmt: skip
DESIMAL = st.sampled_from([None, 0, 1, 2, 4])
PEMBULATAN = st.sampled_from(["half_up", "truncate"])
CAP = st.one_of(st.none(), st.sampled_from([100.0, 120.0, 0.0, -5.0, 99.995]))


@given(st.lists(st.tuples(NUMBERS, NUMBERS, POLARITAS), min_size=1, max_size=12),
       st.sampled_from(["lan", "invers"]), CAP, st.booleans(), DESIMAL, PEMBULATAN)  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_capaian_scalar_equals_frame(rows, metode, cap, floor, desimal, mode):
    t = [_f(row[0]) for row in rows]
    r = [_f(row[1]) for row in rows]
    pol = [row[2] for row in rows]
    kwargs = dict(metode_negatif=metode, batas_atas=cap, batas_bawah_nol=floor, desimal=desimal,
                  pembulatan=mode)  # fmt: skip
    frame = hitung_capaian(pd.Series(t), pd.Series(r), pd.Series(pol, dtype=object), **kwargs)
    for i in range(len(rows)):
        assert _same(capaian_satu(t[i], r[i], pol[i], **kwargs), _row(frame, i)), rows[i]


@given(st.lists(st.tuples(NUMBERS, NUMBERS), min_size=1, max_size=12), DESIMAL, PEMBULATAN)
@settings(max_examples=300, deadline=None)
def test_serapan_scalar_equals_frame(rows, desimal, mode):
    p, r = [_f(row[0]) for row in rows], [_f(row[1]) for row in rows]
    frame = hitung_serapan(pd.Series(p), pd.Series(r), desimal=desimal, pembulatan=mode)
    for i in range(len(rows)):
        one = serapan_satu(p[i], r[i], desimal=desimal, pembulatan=mode)
        assert _same(one, _row(frame, i)), rows[i]


@given(st.lists(st.tuples(NUMBERS, NUMBERS), min_size=1, max_size=12),
       st.sampled_from(["rasio", "selisih"]), DESIMAL, PEMBULATAN)  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_efisiensi_scalar_equals_frame(rows, metode, desimal, mode):
    c, s = [_f(row[0]) for row in rows], [_f(row[1]) for row in rows]
    frame = hitung_efisiensi(pd.Series(c), pd.Series(s), metode, desimal=desimal,
                             pembulatan=mode)  # fmt: skip
    for i in range(len(rows)):
        one = efisiensi_satu(c[i], s[i], metode, desimal=desimal, pembulatan=mode)
        assert _same(one, _row(frame, i)), rows[i]


def _udf_equal(func, columns, *settings_):
    """Each row's single-cell call equals that row of one range call."""
    ranged = func(*[[[v] for v in column] for column in columns], *settings_)
    n = len(columns[0])
    if n == 1:
        ranged = [[ranged]]
    singles = [func(*[column[i] for column in columns], *settings_) for i in range(n)]
    assert [row[0] for row in ranged] == singles


@given(st.lists(st.tuples(CELLS, CELLS, POLARITAS), min_size=2, max_size=12),
       st.sampled_from(["lan", "invers", "", "LAN"]),
       st.sampled_from([None, "", 120, "120"]))  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_lkj_capaian_single_cells_equal_range(rows, metode, cap):
    _udf_equal(udfs.LKJ_CAPAIAN, list(zip(*rows, strict=True)), metode, cap)


@given(st.lists(st.tuples(CELLS, CELLS), min_size=2, max_size=12))
@settings(max_examples=300, deadline=None)
def test_lkj_serapan_single_cells_equal_range(rows):
    _udf_equal(udfs.LKJ_SERAPAN, list(zip(*rows, strict=True)))


@given(st.lists(st.tuples(CELLS, CELLS), min_size=2, max_size=12),
       st.sampled_from(["rasio", "selisih", "", "Selisih"]))  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_lkj_efisiensi_single_cells_equal_range(rows, metode):
    _udf_equal(udfs.LKJ_EFISIENSI, list(zip(*rows, strict=True)), metode)


@given(st.lists(CELLS, min_size=2, max_size=12),
       st.sampled_from(["sakip", "", "berhasil", "ipasn", "efisiensi-rasio"]))  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_lkj_predikat_single_cells_equal_range(values, skala):
    _udf_equal(udfs.LKJ_PREDIKAT, [values], skala)


def test_single_cell_shapes_take_the_scalar_path_and_agree():
    """A value, [v] and [[v]] (what xlwings passes for one cell with ndim=2) answer alike."""
    answers = {repr(udfs.LKJ_CAPAIAN(shape(75), shape("71,59"))) for shape in
               (lambda v: v, lambda v: [v], lambda v: [[v]], lambda v: ([v],))}  # fmt: skip
    assert answers == {repr(71.59 / 75 * 100)}
