"""One row at a time: capaian, serapan and efisiensi of single values, without pandas.

A worksheet function called with single cells is called thousands of times; building frames for
each call costs milliseconds. These functions give one row of what ``hitung_capaian``,
``hitung_serapan`` and ``hitung_efisiensi`` give, as a :class:`Hasil`, in microseconds. They
hold no rule of their own: the conditions, their order, notes and codes, the formulas and the
exact recomputation are the frame path's own (``capaian.aturan_masukan``, ``aturan_rumus``,
``polaritas_satu``, ``capaian_tepat``, ``efisiensi.ATURAN_SERAPAN``, ...), applied here to
floats; rounding goes through :mod:`lkjip_xl.core.rounding`. Inputs are floats with NaN (or
None) for a blank cell, as the frame path's columns are.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from lkjip_xl.core.capaian import (
    HASIL_TERLALU_BESAR,
    LANTAI_NOL,
    RUMUS_CATATAN,
    RUMUS_NEGATIF,
    Aturan,
    MetodeNegatif,
    Status,
    aturan_masukan,
    aturan_rumus,
    batas_atas_label,
    batas_ragu,
    batasi,
    capaian_tepat,
    catatan_batas,
    parse_metode_negatif,
    polaritas_satu,
    rumus_positif,
    skala_lan,
    tak_terhingga,
    tambah_catatan,
)
from lkjip_xl.core.efisiensi import (
    ATURAN_SERAPAN,
    MELEBIHI_PAGU,
    RUMUS_EFISIENSI,
    MetodeEfisiensi,
    aturan_efisiensi,
    rumus_serapan,
)
from lkjip_xl.core.problems import Kode
from lkjip_xl.core.rounding import (
    HAIR,
    Pembulatan,
    doubtful,
    format_many,
    fraction_of,
    round_floats,
    shown,
)

NAN = math.nan


class Hasil(NamedTuple):
    """One row of a frame result: ``nilai`` (NaN when there is none), ``keadaan`` (Belum Diisi /
    Tidak Dapat Dihitung, None with a number), ``catatan``, ``kode`` and ``kolom``."""

    nilai: float
    keadaan: str | None = None
    catatan: str | None = None
    kode: str | None = None
    kolom: str | None = None


def _tolak(state: Status, note: str, kode: Kode | None, kolom: str | None) -> Hasil:
    return Hasil(NAN, state.value, note, None if kode is None else kode.value, kolom)


def _aturan(rules: tuple[Aturan, ...], *values: Any) -> Hasil | None:
    """The reason of the first rule that holds, or None."""
    for cond, state, note, kode, kolom in rules:
        if cond(*values):
            return _tolak(state, note, kode, kolom)
    return None


def _float(value: Any) -> float:
    return NAN if value is None else float(value)


def _ragu(value: float, desimal: int | None, mode: Pembulatan, scale: float) -> bool:
    """``rounding.doubtful`` of one value (without decimals it only asks for a finite value)."""
    if desimal is None:
        return bool(tak_terhingga(value))
    return bool(doubtful(np.array([value]), desimal, mode, np.array([scale]))[0])


def _tampil(
    approx: float,
    desimal: int | None,
    mode: Pembulatan,
    exact: Callable[[], Fraction],
    scale: float | None = None,
) -> tuple[float, bool]:
    """(figure, too large) of one float result, as ``rounding.shown`` gives it."""
    if desimal is None and not tak_terhingga(approx):
        return approx, False  # shown() keeps a finite full-precision value as it is
    figures, too_large = shown(
        np.array([approx]),
        desimal,
        mode,
        exact=lambda _: [exact()],
        scale=None if scale is None else np.array([scale]),
    )
    return float(figures[0]), bool(too_large[0])


# A polaritas column holds a few distinct texts; each is read (folded and looked up) once.
_polaritas_teks = lru_cache(maxsize=256)(polaritas_satu)


def capaian_satu(
    target: float | None,
    realisasi: float | None,
    polaritas: Any = "positif",
    *,
    metode_negatif: MetodeNegatif | str = MetodeNegatif.LAN,
    batas_bawah_nol: bool = True,
    batas_atas: float | None = None,
    alasan_masukan: str | None = None,
    nama_target: str = "Target",
    desimal: int | None = None,
    pembulatan: Pembulatan | str = Pembulatan.HALF_UP,
    realisasi_tepat: Fraction | None = None,
) -> Hasil:
    """One row of ``hitung_capaian``. ``polaritas`` is that row's cell: blank or unknown gives
    the row its reason, as in a polaritas column."""
    t, r = _float(target), _float(realisasi)
    metode = (
        metode_negatif
        if isinstance(metode_negatif, MetodeNegatif)
        else parse_metode_negatif(metode_negatif)
    )
    if alasan_masukan:
        return Hasil(NAN, Status.TIDAK_DAPAT.value, alasan_masukan)
    reason = _aturan(aturan_masukan(nama_target), t, r)
    if reason:
        return reason
    if type(polaritas) is str:
        negatif, sebab = _polaritas_teks(polaritas)
    else:
        negatif, sebab = polaritas_satu(polaritas)
    if sebab:
        return _tolak(*sebab)
    reason = _aturan(aturan_rumus(nama_target, metode), t, r, negatif)
    if reason:
        return reason
    mode = Pembulatan.parse(pembulatan)
    rumus = RUMUS_NEGATIF[metode] if negatif else rumus_positif
    raw = rumus(t, r)
    scale = skala_lan(t, r) if negatif and metode is MetodeNegatif.LAN else abs(raw)
    floor = negatif and batas_bawah_nol
    cap = None if batas_atas is None else float(batas_atas)
    limited, floored, capped = batasi(raw, floor, cap)
    hair = HAIR * (scale if math.isfinite(scale) else math.inf)
    unsure = (
        _ragu(limited, desimal, mode, scale)
        or bool(tak_terhingga(raw))
        or bool(batas_ragu(raw, hair, floor, cap))
    )
    if unsure:
        exact_r = realisasi_tepat if realisasi_tepat is not None else fraction_of(r)
        cap_exact = None if batas_atas is None else fraction_of(batas_atas)
        figure, raw, floored, capped = capaian_tepat(
            t, exact_r, rumus, floor, cap_exact, desimal, mode
        )
        if figure is None:
            return _tolak(Status.TIDAK_DAPAT, HASIL_TERLALU_BESAR, Kode.NON_FINITE, None)
    elif desimal is None:
        figure = limited
    else:
        figure = float(round_floats(np.array([limited]), desimal, mode)[0])
    note = RUMUS_CATATAN[metode] if negatif else None
    if floored or (capped and batas_atas is not None):
        raw_text = format_many(np.array([raw]))[0]
        if floored:
            note = tambah_catatan(note, catatan_batas(raw_text, LANTAI_NOL))
        if capped and batas_atas is not None:
            note = tambah_catatan(note, catatan_batas(raw_text, batas_atas_label(batas_atas)))
    return Hasil(figure, None, note)


def serapan_satu(
    pagu: float | None,
    realisasi_anggaran: float | None,
    *,
    alasan_masukan: str | None = None,
    desimal: int | None = None,
    pembulatan: Pembulatan | str = Pembulatan.HALF_UP,
) -> Hasil:
    """One row of ``hitung_serapan``."""
    p, r = _float(pagu), _float(realisasi_anggaran)
    if alasan_masukan:
        return Hasil(NAN, Status.TIDAK_DAPAT.value, alasan_masukan)
    reason = _aturan(ATURAN_SERAPAN, p, r)
    if reason:
        return reason
    figure, too_large = _tampil(
        rumus_serapan(p, r),
        desimal,
        Pembulatan.parse(pembulatan),
        lambda: rumus_serapan(fraction_of(p), fraction_of(r)),
    )
    if too_large:
        return _tolak(Status.TIDAK_DAPAT, HASIL_TERLALU_BESAR, Kode.NON_FINITE, None)
    return Hasil(figure, None, MELEBIHI_PAGU if r > p else None)


def efisiensi_satu(
    capaian_kinerja: float | None,
    serapan_anggaran: float | None,
    metode: MetodeEfisiensi | str = MetodeEfisiensi.RASIO,
    *,
    alasan_masukan: str | None = None,
    desimal: int | None = None,
    pembulatan: Pembulatan | str = Pembulatan.HALF_UP,
) -> Hasil:
    """One row of ``hitung_efisiensi``."""
    cara = metode if isinstance(metode, MetodeEfisiensi) else MetodeEfisiensi.parse(metode)
    c, s = _float(capaian_kinerja), _float(serapan_anggaran)
    if alasan_masukan:
        return Hasil(NAN, Status.TIDAK_DAPAT.value, alasan_masukan)
    reason = _aturan(aturan_efisiensi(cara), c, s)
    if reason:
        return reason
    rumus, skala = RUMUS_EFISIENSI[cara]
    figure, too_large = _tampil(
        rumus(c, s),
        desimal,
        Pembulatan.parse(pembulatan),
        lambda: rumus(fraction_of(c), fraction_of(s)),
        None if skala is None else skala(c, s),
    )
    if too_large:
        return _tolak(Status.TIDAK_DAPAT, HASIL_TERLALU_BESAR, Kode.NON_FINITE, None)
    return Hasil(figure)
