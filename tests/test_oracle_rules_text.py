"""The public scalar functions against an exact oracle written from DESIGN.md §4 alone.

The oracle below reads nothing from ``lkjip_xl``: inputs are the decimals a cell holds, every
figure is an exact ``Fraction`` rounded once (half away from zero, or toward zero), and results
are tri-state (a number, not filled, cannot be computed: the scalars answer None for both of
the last two). ``tests/oracle`` checks recomputed workbooks the same way; this file checks the
Python API and the worksheet functions' scalar path (``core.satu_nilai``), with inputs chosen on
the rounding halves and the band cuts, where a float would decide wrongly.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lkjip_xl
from lkjip_xl.core.efisiensi import default_skala
from lkjip_xl.core.kinerja import AturanKinerja, hitung_kinerja
from lkjip_xl.core.predikat import load_preset
from lkjip_xl.core.satu_nilai import capaian_satu, efisiensi_satu, serapan_satu
from tests import kinerja_frames as kf

# --- the oracle (DESIGN.md §4, tests/data/reference/README.md) -------------------------------

EXCEL_MAX = Fraction(Decimal("9.99999999999999e307"))


def cell(x: Decimal | None) -> Fraction | None:
    return None if x is None else Fraction(x)


def rounded(v: Fraction, places: int, mode: str) -> Fraction:
    unit = Fraction(1, 10**places)
    scaled = abs(v) / unit
    whole = math.floor(scaled + Fraction(1, 2)) if mode == "half_up" else math.floor(scaled)
    return (whole if v >= 0 else -whole) * unit


def capaian_o(t, r, negatif, metode, cap, floor) -> Fraction | None:
    """Positif R/T x 100; Negatif lan (2T - R)/T x 100, invers T/R x 100; floored at 0
    (Negatif only), then capped. Blank, T <= 0, R = 0 under invers: no number."""
    if t is None or r is None or t <= 0 or (negatif and metode == "invers" and r == 0):
        return None
    if not negatif:
        v = r / t * 100
    else:
        v = (2 * t - r) / t * 100 if metode == "lan" else t / r * 100
    if negatif and floor and v < 0:
        v = Fraction(0)
    if cap is not None and v > cap:
        v = cap
    return None if abs(v) > EXCEL_MAX else v


def gt(bound):
    return lambda v: v > bound


def ge(bound):
    return lambda v: v >= bound


def anything(v):
    return True


SCALES = {  # the README's table of presets, typed from the text
    "sakip": [("AA", gt(90)), ("A", gt(80)), ("BB", gt(70)), ("B", gt(60)), ("CC", gt(50)),
              ("C", gt(30)), ("D", anything)],
    "berhasil": [("Sangat Berhasil", ge(85)), ("Berhasil", ge(70)), ("Cukup Berhasil", ge(55)),
                 ("Tidak Berhasil", anything)],
    "tercapai": [("Melebihi Target", gt(100)), ("Tercapai", ge(100)),
                 ("Tidak Tercapai", anything)],
    "mencapai": [("Mencapai Target", ge(100)), ("Belum Tercapai", anything)],
    "permendagri86": [("Sangat Tinggi", ge(91)), ("Tinggi", ge(76)), ("Sedang", ge(66)),
                      ("Rendah", ge(51)), ("Sangat Rendah", anything)],
    "ipasn": [("Sangat Tinggi", gt(90)), ("Tinggi", gt(80)), ("Sedang", gt(70)),
              ("Rendah", gt(60)), ("Sangat Rendah", anything)],
    "skp": [("Sangat Baik", gt(90)), ("Baik", gt(75)), ("Cukup", gt(60)), ("Kurang", gt(50)),
            ("Buruk", anything)],
    "efisiensi-rasio": [("Sangat Efisien", ge(Fraction(3, 2))), ("Efisien", ge(1)),
                        ("Kurang Efisien", anything)],
}  # fmt: skip


def predikat_o(v: Fraction, skala: str) -> str:
    return next(label for label, holds in SCALES[skala] if holds(v))


# --- inputs ----------------------------------------------------------------------------------


def decimals(digits: int = 9, places: int = 6):
    return st.builds(
        lambda m, s: Decimal(m).scaleb(-s),
        st.integers(-(10**digits), 10**digits),
        st.integers(0, places),
    )


def maybe(strategy):
    return st.one_of(st.none(), st.just(Decimal(0)), strategy)


def flt(x: Decimal | None) -> float | None:
    return None if x is None else float(x)


def nan_none(x: float) -> float | None:
    return None if math.isnan(x) else x


MODES = st.sampled_from(["half_up", "truncate"])
PLACES = st.sampled_from([0, 1, 2, 3])


# --- capaian ---------------------------------------------------------------------------------


def check_capaian(t, r, negatif, metode, cap, floor, places, mode):
    want = capaian_o(cell(t), cell(r), negatif, metode, cell(cap), floor)
    shown = None if want is None else float(rounded(want, places, mode))
    pol = "negatif" if negatif else "positif"
    got = lkjip_xl.capaian(flt(t), flt(r), pol, metode, flt(cap), floor, desimal=places,
                           pembulatan=mode)  # fmt: skip
    one = capaian_satu(flt(t), flt(r), pol, metode_negatif=metode, batas_bawah_nol=floor,
                       batas_atas=flt(cap), desimal=places, pembulatan=mode)  # fmt: skip
    assert got == shown, (t, r, pol, metode, cap, floor, places, mode)
    assert nan_none(one.nilai) == shown
    if shown is not None:  # the predikat of a capaian is that of the figure its cell shows
        for skala in SCALES:
            assert lkjip_xl.predikat(got, skala) == predikat_o(rounded(want, places, mode), skala)


@settings(max_examples=300, deadline=None)
@given(
    maybe(decimals()),
    maybe(decimals()),
    st.booleans(),
    st.sampled_from(["lan", "invers"]),
    st.sampled_from([None, Decimal(100), Decimal("120.5")]),
    st.booleans(),
    PLACES,
    MODES,
)
def test_capaian_matches_the_text(t, r, negatif, metode, cap, floor, places, mode):
    check_capaian(t, r, negatif, metode, cap, floor, places, mode)


@settings(max_examples=300, deadline=None)
@given(
    decimals(6, 3).filter(lambda x: x > 0),
    st.integers(-20_000, 40_000),
    st.sampled_from(["0", "0.5", "0.05", "0.005"]),
    st.booleans(),
    PLACES,
    MODES,
)
def test_capaian_on_rounding_halves_and_cuts(t, hundredths, half, negatif, places, mode):
    """Realisasi chosen so that the capaian lies exactly on k/100 (a cut, 100, 0) plus a half
    of some decimal place."""
    v = Fraction(hundredths, 100) + Fraction(Decimal(half))
    tt = Fraction(t)
    r = 2 * tt - v * tt / 100 if negatif else v * tt / 100
    typed = Decimal(r.numerator) / Decimal(r.denominator)
    if Fraction(typed) != r or len(typed.normalize().as_tuple().digits) > 15:
        return  # not a decimal a cell holds
    check_capaian(t, typed, negatif, "lan", None, True, places, mode)


def test_capaian_lan_example_of_the_text():
    """DESIGN §4: Negatif T = 40, R = 79,998 gives exactly 0,005, shown 0,01."""
    check_capaian(Decimal(40), Decimal("79.998"), True, "lan", None, True, 2, "half_up")


# --- serapan and efisiensi --------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    maybe(decimals(12, 2)),
    maybe(decimals(12, 2)),
    maybe(decimals(6, 2)),
    st.sampled_from(["rasio", "selisih"]),
    PLACES,
    MODES,
)
def test_serapan_and_efisiensi_match_the_text(pagu, real, capaian, metode, places, mode):
    p, r = cell(pagu), cell(real)
    # Pagu 0: not computable (the text); a negative pagu or realisasi is refused as well.
    ok = p is not None and r is not None and p > 0 and r >= 0
    serapan = rounded(r / p * 100, places, mode) if ok else None
    got = lkjip_xl.serapan(flt(pagu), flt(real), desimal=places, pembulatan=mode)
    assert got == (None if serapan is None else float(serapan))
    one = serapan_satu(flt(pagu), flt(real), desimal=places, pembulatan=mode)
    assert nan_none(one.nilai) == got
    c = cell(capaian)
    want = None
    if c is not None and serapan is not None and not (metode == "rasio" and serapan == 0):
        want = rounded(c / serapan if metode == "rasio" else c - serapan, places, mode)
    e = lkjip_xl.efisiensi(flt(capaian), got, metode, desimal=places, pembulatan=mode)
    assert e == (None if want is None else float(want))
    two = efisiensi_satu(flt(capaian), got, metode, desimal=places, pembulatan=mode)
    assert nan_none(two.nilai) == e
    if metode == "rasio" and want is not None:
        assert default_skala("rasio").classify_one(e) == predikat_o(want, "efisiensi-rasio")


# --- predikat --------------------------------------------------------------------------------

CUTS = (0, 1, Fraction(3, 2), 30, 50, 51, 55, 60, 66, 70, 75, 76, 80, 85, 90, 91, 100)


@pytest.mark.parametrize("skala", sorted(SCALES))
def test_predikat_on_every_cut_and_one_step_either_side(skala):
    for cut in CUTS:
        for places in range(5):
            step = Fraction(1, 10**places)
            for v in (cut - step, Fraction(cut), cut + step):
                assert lkjip_xl.predikat(float(v), skala) == predikat_o(v, skala), (skala, v)
    assert lkjip_xl.predikat(None, skala) is None
    assert lkjip_xl.predikat(472.0, skala) == SCALES[skala][0][0]  # the top band is open


# --- SAKIP and IP-ASN -------------------------------------------------------------------------


@pytest.mark.parametrize("total", ["90", "90.01", "80", "30", "30.01", "50", "50.01"])
def test_sakip_total_on_the_cuts(total):
    t = Fraction(Decimal(total))
    weights = {"perencanaan": 30, "pengukuran": 25, "pelaporan": 15, "evaluasi": 10,
               "capaian": 20}  # fmt: skip
    parts, rest = {}, t
    for key, w in weights.items():
        parts[key] = min(Fraction(w), rest)
        rest -= parts[key]
    result = lkjip_xl.evaluasi_sakip({k: float(v) for k, v in parts.items()}, "lke-2015")
    assert (result.total, result.predikat) == (float(t), predikat_o(t, "sakip"))


KUALIFIKASI = {"S3": 25, "S2": 20, "S1": 15, "D4": 15, "D3": 10, "D2": 5, "D1": 5, "SLTA": 5,
               "SLTP": 1, "SD": 1}  # fmt: skip
KOMPETENSI = {"Struktural": (15, 15, 10), "Fungsional": (15, 15, 10),
              "Pelaksana": (0, Fraction(45, 2), Fraction(35, 2))}  # fmt: skip
DISIPLIN = {"Tidak Pernah": 5, "Ringan": 3, "Sedang": 2, "Berat": 1}


def kinerja_o(skp: Fraction) -> int:
    return next(p for bound, p in ((90, 30), (75, 25), (60, 15), (50, 5), (-1, 1)) if skp > bound)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([*KUALIFIKASI, None]),
    st.sampled_from([*KOMPETENSI, None]),
    st.sampled_from(["Ya", "Tidak", None]),
    st.sampled_from(["0", "19.99", "20", "40", None]),
    st.sampled_from(["Ya", "Tidak", None]),
    st.sampled_from(
        ["0", "50", "50.5", "60", "60.01", "75", "75.5", "90", "90.4", "91", "100", None]
    ),
    st.sampled_from([*DISIPLIN, None]),
)
def test_ipasn_pegawai_matches_the_instrument(pend, jab, dj, jp, sem, skp, huk):
    got = lkjip_xl.ipasn_pegawai(
        pendidikan=pend, jenis_jabatan=jab, diklat_jenjang=dj,
        jp_diklat_teknis=None if jp is None else float(jp), seminar=sem,
        nilai_skp=None if skp is None else float(skp), hukuman_disiplin=huk,
    )  # fmt: skip
    # A missing input gives its part 0; Kompetensi counts per component.
    pdj, pjp, psem = KOMPETENSI.get(jab or "", (0, 0, 0))
    want = {
        "kualifikasi": Fraction(KUALIFIKASI.get(pend or "", 0)),
        "kompetensi": (pdj if dj == "Ya" else 0)
        + (pjp if jp is not None and Fraction(Decimal(jp)) >= 20 else 0)
        + (psem if sem == "Ya" else 0),
        "kinerja": Fraction(0 if skp is None else kinerja_o(Fraction(Decimal(skp)))),
        "disiplin": Fraction(DISIPLIN.get(huk or "", 0)),
    }
    total = sum(want.values(), Fraction(0))
    assert {k: got[k] for k in want} == {k: float(v) for k, v in want.items()}
    assert (got["total"], got["kategori"]) == (float(total), predikat_o(total, "ipasn"))
    needs_dj = jab != "Pelaksana"
    lengkap = None not in (pend, jab, jp, sem, skp, huk) and (dj is not None or not needs_dj)
    assert got["lengkap"] is lengkap


# --- the agency's figures: means of shown capaian, total serapan, agency efisiensi ----------


def mean_of_shown(values: list[Fraction | None], places: int, mode: str) -> Fraction | None:
    """The plain mean of the shown figures of the rows that have one, rounded once."""
    shown = [rounded(v, places, mode) for v in values if v is not None]
    return rounded(sum(shown, Fraction(0)) / len(shown), places, mode) if shown else None


indikator_rows = st.lists(
    st.tuples(st.sampled_from(["S1", "S2"]), st.booleans(), maybe(decimals(5, 2)),
              maybe(decimals(5, 2))),
    min_size=1, max_size=6,
)  # fmt: skip
anggaran_rows = st.lists(
    st.tuples(st.integers(0, 6), maybe(decimals(10, 2)), maybe(decimals(10, 2))), max_size=5
)


@settings(max_examples=150, deadline=None)
@given(indikator_rows, anggaran_rows, PLACES, MODES, st.sampled_from(["rasio", "selisih"]))
def test_agency_figures_match_the_text(rows, lines, places, mode, metode):
    ind = kf.indikator([
        {"kode": f"K{i}", "sasaran": s, "polaritas": "Negatif" if neg else "Positif",
         "target": flt(t), "realisasi": flt(r)}
        for i, (s, neg, t, r) in enumerate(rows)
    ])  # fmt: skip
    ang = kf.anggaran([{"kode_indikator": f"K{k}", "pagu": flt(p), "realisasi_anggaran": flt(r)}
                       for k, p, r in lines])  # fmt: skip
    aturan = AturanKinerja(desimal=places, pembulatan=mode, metode_efisiensi=metode,
                           skala_efisiensi=load_preset(f"efisiensi-{metode}"))  # fmt: skip
    hasil = hitung_kinerja(ind, kf.triwulan(), ang, aturan)

    capaian = [capaian_o(cell(t), cell(r), neg, "lan", None, True) for _, neg, t, r in rows]
    shown = [None if c is None else rounded(c, places, mode) for c in capaian]
    for sasaran in ("S1", "S2"):
        of = [c for (s, *_), c in zip(rows, shown, strict=True) if s == sasaran]
        if not of:
            continue
        row = hasil.sasaran.set_index("kelompok").loc[sasaran]
        want = mean_of_shown(of, places, mode)
        assert nan_none(row["rata_rata"]) == (None if want is None else float(want))
        assert (row["jumlah_indikator"], row["indikator_dihitung"]) == (
            len(of),
            sum(c is not None for c in of),
        )
    rata = mean_of_shown(shown, places, mode)
    assert hasil.ringkasan["rata_capaian"] == (None if rata is None else float(rata))
    assert hasil.ringkasan["predikat_instansi"] == (
        None if rata is None else predikat_o(rata, "sakip")
    )
    # Total serapan: total realisasi over total pagu of the lines whose serapan is a number.
    counted = [(cell(p), cell(r)) for _, p, r in lines
               if p is not None and r is not None and p > 0 and r >= 0]  # fmt: skip
    total = None
    if counted:
        pagu = sum((p for p, _ in counted), Fraction(0))
        total = rounded(sum((r for _, r in counted), Fraction(0)) / pagu * 100, places, mode)
    assert hasil.ringkasan["serapan_total"] == (None if total is None else float(total))
    want_e = None
    if rata is not None and total is not None and not (metode == "rasio" and total == 0):
        want_e = rounded(rata / total if metode == "rasio" else rata - total, places, mode)
    assert hasil.ringkasan["efisiensi_instansi"] == (None if want_e is None else float(want_e))
