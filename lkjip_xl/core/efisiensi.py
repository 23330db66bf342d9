"""Serapan (budget absorption) and efisiensi (achievement against absorption).

``Serapan = Realisasi Anggaran / Pagu x 100``. Efisiensi ``rasio``: capaian % / serapan %
(100 / 80 = 1,25); ``selisih``: capaian % - serapan % (report 000: 95,44 - 92,50 = 2,94).
Category bands are editable; an empty band table means no labels.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from lkjip_xl.core.capaian import Status
from lkjip_xl.core.predikat import Skala, load_preset
from lkjip_xl.core.values import normalise_label


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


def _frame(nilai, keadaan, catatan, index) -> pd.DataFrame:
    return pd.DataFrame({"nilai": nilai, "keadaan": keadaan, "catatan": catatan}, index=index)


def _reasons(n: int, alasan: pd.Series | None) -> tuple[np.ndarray, np.ndarray]:
    keadaan = np.full(n, None, dtype=object)
    catatan = np.full(n, None, dtype=object)
    if alasan is not None:
        for i, reason in enumerate(alasan.to_numpy(dtype=object)):
            if isinstance(reason, str) and reason:
                keadaan[i], catatan[i] = Status.TIDAK_DAPAT.value, reason
    return keadaan, catatan


def hitung_serapan(
    pagu: pd.Series, realisasi_anggaran: pd.Series, *, alasan_masukan: pd.Series | None = None
) -> pd.DataFrame:
    """Serapan of every budget line, exact; same columns as ``hitung_capaian``."""
    p = pagu.to_numpy(dtype="float64")
    r = realisasi_anggaran.to_numpy(dtype="float64")
    keadaan, catatan = _reasons(len(p), alasan_masukan)
    rules = [
        (np.isnan(p) & np.isnan(r), Status.BELUM_DIISI, "Pagu dan realisasi anggaran belum diisi."),
        (np.isnan(p), Status.BELUM_DIISI, "Pagu belum diisi."),
        (np.isnan(r), Status.BELUM_DIISI, "Realisasi anggaran belum diisi."),
        (p == 0, Status.TIDAK_DAPAT, "Pagu bernilai 0: serapan tidak dapat dihitung."),
        (p < 0, Status.TIDAK_DAPAT, "Pagu bernilai negatif: periksa isiannya."),
        (r < 0, Status.TIDAK_DAPAT, "Realisasi anggaran bernilai negatif: periksa isiannya."),
    ]
    for mask, state, note in rules:
        mask = mask & (keadaan == None)  # noqa: E711 - elementwise on an object array
        keadaan[mask], catatan[mask] = state.value, note
    ok = keadaan == None  # noqa: E711
    with np.errstate(divide="ignore", invalid="ignore"):
        nilai = np.where(ok, r / p * 100, np.nan)
    over = ok & (r > p)
    catatan[over] = "Realisasi anggaran melebihi pagu."
    return _frame(nilai, keadaan, catatan, pagu.index)


def hitung_efisiensi(
    capaian_kinerja: pd.Series,
    serapan_anggaran: pd.Series,
    metode: MetodeEfisiensi | str = MetodeEfisiensi.RASIO,
    *,
    alasan_masukan: pd.Series | None = None,
) -> pd.DataFrame:
    """Efisiensi of every line from its capaian kinerja and serapan (both in percent)."""
    metode = MetodeEfisiensi.parse(metode)
    c = capaian_kinerja.to_numpy(dtype="float64")
    s = serapan_anggaran.to_numpy(dtype="float64")
    keadaan, catatan = _reasons(len(c), alasan_masukan)
    rules = [
        (np.isnan(c), "Capaian kinerja belum ada, efisiensi tidak dihitung."),
        (np.isnan(s), "Serapan anggaran belum ada, efisiensi tidak dihitung."),
    ]
    if metode is MetodeEfisiensi.RASIO:
        rules.append((s == 0, "Serapan anggaran 0%: rasio efisiensi tidak dapat dihitung."))
    for mask, note in rules:
        mask = mask & (keadaan == None)  # noqa: E711
        keadaan[mask], catatan[mask] = Status.TIDAK_DAPAT.value, note
    ok = keadaan == None  # noqa: E711
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = c / s if metode is MetodeEfisiensi.RASIO else c - s
    return _frame(np.where(ok, raw, np.nan), keadaan, catatan, capaian_kinerja.index)


def kategori_efisiensi(nilai: pd.Series, skala: Skala | None) -> pd.Series:
    """Category labels; None everywhere when there is no band table."""
    if skala is None:
        return pd.Series([None] * len(nilai), index=nilai.index, dtype="object")
    return skala.classify(nilai)


def serapan(pagu: float | None, realisasi_anggaran: float | None) -> float | None:
    """Serapan of one budget line at full precision; None when not computable or not filled."""
    frame = hitung_serapan(
        pd.Series([pagu], dtype="float64"), pd.Series([realisasi_anggaran], dtype="float64")
    )
    value = frame["nilai"].iloc[0]
    return None if np.isnan(value) else float(value)


def efisiensi(
    capaian_kinerja: float | None, serapan_anggaran: float | None, metode: str = "rasio"
) -> float | None:
    """Efisiensi of one line at full precision; None when not computable or not filled."""
    frame = hitung_efisiensi(
        pd.Series([capaian_kinerja], dtype="float64"),
        pd.Series([serapan_anggaran], dtype="float64"),
        metode,
    )
    value = frame["nilai"].iloc[0]
    return None if np.isnan(value) else float(value)
