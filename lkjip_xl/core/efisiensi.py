"""Serapan (budget absorption) and efisiensi (achievement against absorption).

``Serapan = Realisasi Anggaran / Pagu x 100``. Efisiensi ``rasio``: capaian % / serapan %
(100 / 80 = 1,25); ``selisih``: capaian % - serapan % (report 000: 95,44 - 92,50 = 2,94).
Category bands are editable; an empty band table means no labels.
"""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from lkjip_xl.core.capaian import (
    HASIL_TERLALU_BESAR,
    Alasan,
    Aturan,
    Status,
    kosong,
    tak_terhingga,
    tidak_hingga,
)
from lkjip_xl.core.predikat import Skala, load_preset
from lkjip_xl.core.ratio import percent, ratio
from lkjip_xl.core.rounding import Pembulatan, fraction_of, shown
from lkjip_xl.core.values import Kode, angka_masukan, normalise_label


class MetodeEfisiensi(StrEnum):
    RASIO = "rasio"
    SELISIH = "selisih"

    @classmethod
    def parse(cls, raw: Any) -> MetodeEfisiensi:
        try:
            return cls(normalise_label(raw))
        except ValueError:
            raise ValueError(
                f"Metode efisiensi {raw!r} tidak dikenal; pilih rasio atau selisih."
            ) from None


def default_skala(metode: MetodeEfisiensi | str) -> Skala:
    return load_preset(f"efisiensi-{MetodeEfisiensi.parse(metode).value}")


def bands_of_other_method(metode: MetodeEfisiensi, skala: Skala | None) -> MetodeEfisiensi | None:
    """The other method whose preset bands ``skala`` holds, bound for bound: a ratio's bands
    (Efisien from 1) label a difference in points of 0,5 "Kurang Efisien", a difference's
    (Efisien from 0) every ratio "Efisien". None when the bands are the method's own or a
    user's own."""
    if skala is None:
        return None
    for other in MetodeEfisiensi:
        if other is not metode and _bounds(default_skala(other)) == _bounds(skala):
            return other
    return None


def _bounds(skala: Skala) -> list[tuple[float | None, bool]]:
    return [(band.lower, band.inclusive) for band in skala.bands]


# The rules, written once: conditions and formulas hold for a float, a Fraction and a numpy
# array alike (see ``capaian``); the frame path applies them to columns, the scalar path
# (:mod:`lkjip_xl.core.satu_nilai`) to one value. The first rule that holds wins.
ATURAN_SERAPAN: tuple[Aturan, ...] = (
    (lambda p, r: tak_terhingga(p), Status.TIDAK_DAPAT, tidak_hingga("Pagu"), Kode.NON_FINITE,
     "pagu"),
    (lambda p, r: tak_terhingga(r), Status.TIDAK_DAPAT, tidak_hingga("Realisasi anggaran"),
     Kode.NON_FINITE, "realisasi_anggaran"),
    (lambda p, r: kosong(p) & kosong(r), Status.BELUM_DIISI,
     "Pagu dan realisasi anggaran belum diisi.", None, None),
    (lambda p, r: kosong(p), Status.BELUM_DIISI, "Pagu belum diisi.", None, None),
    (lambda p, r: kosong(r), Status.BELUM_DIISI, "Realisasi anggaran belum diisi.", None, None),
    (lambda p, r: p == 0, Status.TIDAK_DAPAT, "Pagu bernilai 0: serapan tidak dapat dihitung.",
     Kode.ZERO_DIVISOR, "pagu"),
    (lambda p, r: p < 0, Status.TIDAK_DAPAT, "Pagu bernilai negatif: periksa isiannya.",
     Kode.OUT_OF_RANGE, "pagu"),
    (lambda p, r: r < 0, Status.TIDAK_DAPAT,
     "Realisasi anggaran bernilai negatif: periksa isiannya.", Kode.OUT_OF_RANGE,
     "realisasi_anggaran"),
)  # fmt: skip
MELEBIHI_PAGU = "Realisasi anggaran melebihi pagu."


def rumus_serapan(p: Any, r: Any) -> Any:
    return percent(r, p)  # rounded once: r / p * 100 gives 7.000000000000001 for 7 of 100


@cache
def aturan_efisiensi(metode: MetodeEfisiensi) -> tuple[Aturan, ...]:
    """The reasons an efisiensi has no number: ``cond(c, s)``."""
    rules: list[Aturan] = [
        (lambda c, s: tak_terhingga(c), Status.TIDAK_DAPAT, tidak_hingga("Capaian kinerja"),
         Kode.NON_FINITE, "capaian_kinerja"),
        (lambda c, s: tak_terhingga(s), Status.TIDAK_DAPAT, tidak_hingga("Serapan anggaran"),
         Kode.NON_FINITE, "serapan"),
        (lambda c, s: kosong(c), Status.TIDAK_DAPAT,
         "Capaian kinerja belum ada, efisiensi tidak dihitung.", None, None),
        (lambda c, s: kosong(s), Status.TIDAK_DAPAT,
         "Serapan anggaran belum ada, efisiensi tidak dihitung.", None, None),
    ]  # fmt: skip
    if metode is MetodeEfisiensi.RASIO:
        rules.append((lambda c, s: s == 0, Status.TIDAK_DAPAT,
                      "Serapan anggaran 0%: rasio efisiensi tidak dapat dihitung.",
                      Kode.ZERO_DIVISOR, "serapan"))  # fmt: skip
    return tuple(rules)


# Rounded once on the decimals, as the percentages are: 95,44 - 92,50 in floats is
# 2.9399999999999977, the difference of the decimals 2,94.
def _rasio(c: Any, s: Any) -> Any:
    return ratio(c, s)


def _selisih(c: Any, s: Any) -> Any:
    return ratio(c, 1, s)


def _skala_selisih(c: Any, s: Any) -> Any:
    """The size of the terms of a difference (its float error scales with them)."""
    return abs(c) + abs(s)


# Per method: (formula, size of its terms for the rounding check, or None: the result itself).
RUMUS_EFISIENSI: dict[MetodeEfisiensi, tuple[Any, Any]] = {
    MetodeEfisiensi.RASIO: (_rasio, None),
    MetodeEfisiensi.SELISIH: (_selisih, _skala_selisih),
}


def hitung_serapan(
    pagu: pd.Series,
    realisasi_anggaran: pd.Series,
    *,
    alasan_masukan: pd.Series | None = None,
    desimal: int | None = None,
    pembulatan: Pembulatan | str = Pembulatan.HALF_UP,
) -> pd.DataFrame:
    """Serapan of every budget line; same columns as ``hitung_capaian``.

    Full precision, or with ``desimal`` the exact decimal result rounded once.
    """
    p = pagu.to_numpy(dtype="float64")
    r = realisasi_anggaran.to_numpy(dtype="float64")
    alasan = Alasan(len(p), alasan_masukan)
    for cond, state, note, kode, kolom in ATURAN_SERAPAN:
        alasan.mark(cond(p, r), state, note, kode, kolom)
    ok = alasan.terbuka
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        approx = np.full(len(p), np.nan)
        approx[ok] = rumus_serapan(p[ok], r[ok])

    def exact(positions: np.ndarray) -> list[Fraction]:
        return [rumus_serapan(fraction_of(p[i]), fraction_of(r[i])) for i in positions]

    nilai, too_large = shown(approx, desimal, pembulatan, exact=exact)
    alasan.mark(too_large, Status.TIDAK_DAPAT, HASIL_TERLALU_BESAR, Kode.NON_FINITE)
    notes = np.where(alasan.terbuka & (r > p), MELEBIHI_PAGU, np.array(None, dtype=object))
    return alasan.frame(nilai, notes.astype(object), pagu.index)


def hitung_efisiensi(
    capaian_kinerja: pd.Series,
    serapan_anggaran: pd.Series,
    metode: MetodeEfisiensi | str = MetodeEfisiensi.RASIO,
    *,
    alasan_masukan: pd.Series | None = None,
    desimal: int | None = None,
    pembulatan: Pembulatan | str = Pembulatan.HALF_UP,
) -> pd.DataFrame:
    """Efisiensi of every line from its capaian kinerja and serapan (both in percent, as shown).

    Full precision, or with ``desimal`` the exact decimal result rounded once.
    """
    metode = MetodeEfisiensi.parse(metode)
    c = capaian_kinerja.to_numpy(dtype="float64")
    s = serapan_anggaran.to_numpy(dtype="float64")
    alasan = Alasan(len(c), alasan_masukan)
    for cond, state, note, kode, kolom in aturan_efisiensi(metode):
        alasan.mark(cond(c, s), state, note, kode, kolom)
    ok = alasan.terbuka
    rumus, skala = RUMUS_EFISIENSI[metode]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        approx = np.where(ok, rumus(c, s), np.nan)
        scale = None if skala is None else skala(c, s)

    def exact(positions: np.ndarray) -> list[Fraction]:
        return [rumus(fraction_of(c[i]), fraction_of(s[i])) for i in positions]

    nilai, too_large = shown(approx, desimal, pembulatan, exact=exact, scale=scale)
    alasan.mark(too_large, Status.TIDAK_DAPAT, HASIL_TERLALU_BESAR, Kode.NON_FINITE)
    return alasan.frame(nilai, np.full(len(c), None, dtype=object), capaian_kinerja.index)


def kategori_efisiensi(nilai: pd.Series, skala: Skala | None) -> pd.Series:
    """Category labels; None everywhere when there is no band table."""
    if skala is None:
        return pd.Series([None] * len(nilai), index=nilai.index, dtype="object")
    return skala.classify(nilai)


def serapan(
    pagu: Any,
    realisasi_anggaran: Any,
    *,
    desimal: int | None = None,
    pembulatan: Pembulatan | str = Pembulatan.HALF_UP,
) -> float | None:
    """Serapan of one budget line; None when not computable or not filled.

    Full precision, or with ``desimal`` the figure the workbook shows. Texts are read by the
    workbook's rules; what the workbook would report raises ``NilaiTidakTerbaca``.
    """
    frame = hitung_serapan(
        pd.Series([angka_masukan(pagu, "Pagu")], dtype="float64"),
        pd.Series([angka_masukan(realisasi_anggaran, "Realisasi anggaran")], dtype="float64"),
        desimal=desimal,
        pembulatan=pembulatan,
    )
    value = frame["nilai"].iloc[0]
    return None if np.isnan(value) else float(value)


def efisiensi(
    capaian_kinerja: Any,
    serapan_anggaran: Any,
    metode: str = "rasio",
    *,
    desimal: int | None = None,
    pembulatan: Pembulatan | str = Pembulatan.HALF_UP,
) -> float | None:
    """Efisiensi of one line; None when not computable or not filled.

    Full precision, or with ``desimal`` the figure the workbook shows. Texts are read by the
    workbook's rules; what the workbook would report raises ``NilaiTidakTerbaca``.
    """
    frame = hitung_efisiensi(
        pd.Series([angka_masukan(capaian_kinerja, "Capaian kinerja")], dtype="float64"),
        pd.Series([angka_masukan(serapan_anggaran, "Serapan anggaran")], dtype="float64"),
        metode,
        desimal=desimal,
        pembulatan=pembulatan,
    )
    value = frame["nilai"].iloc[0]
    return None if np.isnan(value) else float(value)
