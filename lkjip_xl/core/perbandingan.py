"""Comparisons of an indicator's realisasi with last year's: the change and its direction.

Rules only. Change in points ``R_t - R_t-1`` and in percent ``(R_t / R_t-1 - 1) x 100`` (not
computable when ``R_t-1`` is 0 or blank), each the exact decimal result on the inputs rounded
once as its cell shows it. The direction (``Arah``) is the sign of the change as its cell shows
it (a change shown as 0,00 is Tetap); the trend (``Kecenderungan``) reads the direction with the
indicator's polarity.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

import numpy as np
import pandas as pd

from lkjip_xl.core.capaian import HASIL_TERLALU_BESAR, Polaritas, parse_polaritas
from lkjip_xl.core.rounding import Pembulatan, fraction_of, round_value


class Arah(StrEnum):
    """Which way the realisasi moved against last year's."""

    MENINGKAT = "Meningkat"
    MENURUN = "Menurun"
    TETAP = "Tetap"


class Kecenderungan(StrEnum):
    """Whether that move is an improvement, given the indicator's polarity."""

    MEMBAIK = "Membaik"
    MEMBURUK = "Memburuk"
    TETAP = "Tetap"


KOLOM = ["perubahan", "perubahan_persen", "arah", "kecenderungan", "catatan"]


def angka_id(value: float) -> str:
    """An input number as its cell holds it (15 significant digits), written the Indonesian
    way without padding: 85,88; 137,7; 1.234,5."""
    exact = Decimal(format(float(value), ".15g")).normalize()
    text = f"{exact:,f}"
    return text.translate(_ID_MARKS)


_ID_MARKS = str.maketrans({",": ".", ".": ","})


def arah_of(perubahan: float | None) -> Arah | None:
    """The direction of a shown change: its sign. A change shown as 0 (after rounding to the
    workbook's Desimal) is Tetap, so the label never contradicts the figure beside it."""
    if perubahan is None:
        return None
    if perubahan > 0:
        return Arah.MENINGKAT
    if perubahan < 0:
        return Arah.MENURUN
    return Arah.TETAP


def kecenderungan_of(arah: Arah | None, polaritas: Polaritas | None) -> Kecenderungan | None:
    """Meningkat is Membaik for a Positif indicator and Memburuk for a Negatif one (lower is
    better); Tetap stays Tetap. None without a direction or a known polarity."""
    if arah is None or polaritas is None:
        return None
    if arah is Arah.TETAP:
        return Kecenderungan.TETAP
    naik_baik = polaritas is Polaritas.POSITIF
    membaik = (arah is Arah.MENINGKAT) == naik_baik
    return Kecenderungan.MEMBAIK if membaik else Kecenderungan.MEMBURUK


def perubahan_tepat(realisasi: Fraction, lalu: Fraction) -> tuple[Fraction, Fraction | None, str]:
    """The exact change in points and in percent, and why the percent is missing ("" when it
    is there): not computable when last year's realisasi is 0 (no base) or negative (the sign
    of ``R_t / R_t-1 - 1`` would then contradict the direction)."""
    poin = realisasi - lalu
    if lalu == 0:
        return poin, None, "Perubahan (%) tidak dapat dihitung: Realisasi Tahun Lalu bernilai 0."
    if lalu < 0:
        return (
            poin,
            None,
            ("Perubahan (%) tidak dapat dihitung: Realisasi Tahun Lalu bernilai negatif."),
        )
    return poin, (realisasi / lalu - 1) * 100, ""


def hitung_perbandingan(
    realisasi: pd.Series,
    lalu: pd.Series,
    polaritas: pd.Series,
    *,
    desimal: int = 2,
    pembulatan: Pembulatan | str = Pembulatan.HALF_UP,
    realisasi_tepat: pd.Series | None = None,
    alasan_masukan: pd.Series | None = None,
) -> pd.DataFrame:
    """Per row: ``perubahan`` and ``perubahan_persen`` (floats as the cells show them, NaN when
    there is none), ``arah`` and ``kecenderungan`` (labels or None) and ``catatan`` (why the
    percent is missing, or None).

    A blank realisasi of either year leaves every figure blank (never 0); so does a row with a
    reason in ``alasan_masukan`` (an input that could not be read, already reported). Each
    figure is the exact decimal result on the inputs (``realisasi_tepat`` where realisasi was
    derived exactly), rounded once by ``pembulatan``.
    """
    mode = Pembulatan.parse(pembulatan)
    n = len(realisasi)
    tepat = [None] * n if realisasi_tepat is None else realisasi_tepat.tolist()
    reasons = [None] * n if alasan_masukan is None else alasan_masukan.tolist()
    out: dict[str, list[object]] = {k: [] for k in KOLOM}
    rows = zip(realisasi.tolist(), lalu.tolist(), polaritas.tolist(), tepat, reasons, strict=True)
    for r, lama, pol, exact, reason in rows:
        poin = persen = None
        arah = kecenderungan = None
        note = None
        if not (isinstance(reason, str) and reason) and _number(r) and _number(lama):
            kini = exact if isinstance(exact, Fraction) else fraction_of(r)
            d_poin, d_persen, why = perubahan_tepat(kini, fraction_of(lama))
            poin = round_value(d_poin, desimal, mode)
            persen = None if d_persen is None else round_value(d_persen, desimal, mode)
            note = why or (None if persen is not None else HASIL_TERLALU_BESAR)
            arah = arah_of(poin)
            kecenderungan = kecenderungan_of(arah, parse_polaritas(pol))
        out["perubahan"].append(np.nan if poin is None else poin)
        out["perubahan_persen"].append(np.nan if persen is None else persen)
        out["arah"].append(None if arah is None else arah.value)
        out["kecenderungan"].append(None if kecenderungan is None else kecenderungan.value)
        out["catatan"].append(note)
    numeric = {"perubahan", "perubahan_persen"}
    # Dtypes as numpy types, not names: a name is looked up among every registered pandas dtype.
    dtypes = {k: np.float64 if k in numeric else object for k in KOLOM}
    return pd.DataFrame(
        {k: pd.Series(out[k], index=realisasi.index, dtype=dtypes[k]) for k in KOLOM},
        index=realisasi.index,
    )


def _number(value: object) -> bool:
    """A finite number (NaN is "not filled"; an infinite value is not computable)."""
    return isinstance(value, int | float) and bool(np.isfinite(value))
