"""Capaian: achievement of a realisasi against a target, in percent.

Positif: ``R / T x 100``, not capped. Negatif (lower is better), ``lan``: ``(2T - R) / T x 100``,
floored at 0 by default; ``invers``: ``T / R x 100``. A blank target or realisasi is "Belum Diisi";
a target of 0 (or R = 0 under ``invers``) is "Tidak Dapat Dihitung". A real 0 realisasi is a number.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from lkjip_xl.core.rounding import format_id
from lkjip_xl.core.values import normalise_label


class Status(StrEnum):
    MELEBIHI = "Melebihi Target"
    TERCAPAI = "Tercapai"
    TIDAK_TERCAPAI = "Tidak Tercapai"
    BELUM_DIISI = "Belum Diisi"
    TIDAK_DAPAT = "Tidak Dapat Dihitung"


class Polaritas(StrEnum):
    POSITIF = "positif"
    NEGATIF = "negatif"


class MetodeNegatif(StrEnum):
    LAN = "lan"
    INVERS = "invers"


POLARITAS_LABELS = {"positif": "positif", "negatif": "negatif", "+": "positif", "-": "negatif"}
METODE_NEGATIF_LABELS = {"lan": "lan", "invers": "invers", "inverse": "invers"}


def parse_polaritas(raw: Any) -> Polaritas | None:
    key = normalise_label(raw) if raw is not None else ""
    value = POLARITAS_LABELS.get(key)
    return Polaritas(value) if value else None


def parse_metode_negatif(raw: Any) -> MetodeNegatif:
    value = METODE_NEGATIF_LABELS.get(normalise_label(raw))
    if value is None:
        raise ValueError(f"Metode negatif {raw!r} tidak dikenal; pilih lan atau invers.")
    return MetodeNegatif(value)


def _as_float_array(values: Any, n: int | None = None) -> np.ndarray:
    if isinstance(values, pd.Series):
        return pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64")
    if np.isscalar(values) or values is None:
        fill = np.nan if values is None else float(values)
        return np.full(n or 1, fill, dtype="float64")
    return np.asarray([np.nan if v is None else v for v in values], dtype="float64")


def hitung_capaian(
    target: pd.Series,
    realisasi: pd.Series,
    polaritas: pd.Series | str = "positif",
    *,
    metode_negatif: str = "lan",
    batas_bawah_nol: bool = True,
    batas_atas: float | None = None,
    alasan_masukan: pd.Series | None = None,
    nama_target: str = "Target",
) -> pd.DataFrame:
    """Capaian of every row, exact (unrounded).

    Returns columns ``nilai`` (float, NaN when there is none), ``keadaan`` (a :class:`Status`
    value of Belum Diisi / Tidak Dapat Dihitung, or None when ``nilai`` is a number) and
    ``catatan`` (an Indonesian sentence or None). ``alasan_masukan`` carries a reason per row
    when an input could not be read; such a row is "Tidak Dapat Dihitung" with that reason.
    """
    index = target.index if isinstance(target, pd.Series) else None
    t = _as_float_array(target)
    n = len(t)
    r = _as_float_array(realisasi, n)
    metode = parse_metode_negatif(metode_negatif)
    if isinstance(polaritas, str | Polaritas):
        parsed = parse_polaritas(polaritas)
        if parsed is None:
            raise ValueError(f"Polaritas {polaritas!r} tidak dikenal; pilih Positif atau Negatif.")
        pol = np.full(n, parsed.value, dtype=object)
    else:
        pol = np.array(
            [p.value if (p := parse_polaritas(v)) else None for v in polaritas], dtype=object
        )
    negatif = pol == Polaritas.NEGATIF.value
    positif = pol == Polaritas.POSITIF.value

    with np.errstate(divide="ignore", invalid="ignore"):
        if metode is MetodeNegatif.LAN:
            neg_value = (2 * t - r) / t * 100
        else:
            neg_value = t / r * 100
        nilai = np.where(negatif, neg_value, r / t * 100)

    keadaan = np.full(n, None, dtype=object)
    catatan = np.full(n, None, dtype=object)

    def mark(mask: np.ndarray, state: Status, note: Any) -> None:
        mask = mask & (keadaan == None)  # noqa: E711 - elementwise on an object array
        if not mask.any():
            return
        keadaan[mask] = state.value
        catatan[mask] = note if isinstance(note, str) else note[mask]

    if alasan_masukan is not None:
        reasons = np.asarray(alasan_masukan.to_numpy(dtype=object), dtype=object)
        has = np.array([isinstance(x, str) and bool(x) for x in reasons], dtype=bool)
        mark(has, Status.TIDAK_DAPAT, reasons)
    blank_t, blank_r = np.isnan(t), np.isnan(r)
    mark(blank_t & blank_r, Status.BELUM_DIISI, f"{nama_target} dan realisasi belum diisi.")
    mark(blank_t, Status.BELUM_DIISI, f"{nama_target} belum diisi.")
    mark(blank_r, Status.BELUM_DIISI, "Realisasi belum diisi.")
    if not isinstance(polaritas, str | Polaritas):
        raw_pol = np.asarray(list(polaritas), dtype=object)
        blank_pol = np.array(
            [
                v is None
                or (isinstance(v, float) and np.isnan(v))
                or (isinstance(v, str) and not v.strip())
                for v in raw_pol
            ],
            dtype=bool,
        )
        mark(blank_pol, Status.BELUM_DIISI, "Polaritas belum diisi.")
        unknown = ~(negatif | positif) & ~blank_pol
        notes_unknown = np.array(
            [
                f"Polaritas {str(v).strip()!r} tidak dikenal; pilih Positif atau Negatif."
                for v in raw_pol
            ],
            dtype=object,
        )
        mark(unknown, Status.TIDAK_DAPAT, notes_unknown)
    mark(t == 0, Status.TIDAK_DAPAT, f"{nama_target} bernilai 0: capaian tidak dapat dihitung.")
    mark(
        t < 0,
        Status.TIDAK_DAPAT,
        f"{nama_target} bernilai negatif: rumus capaian tidak berlaku, periksa isiannya.",
    )
    if metode is MetodeNegatif.INVERS:
        mark(
            negatif & (r == 0),
            Status.TIDAK_DAPAT,
            "Realisasi 0 pada polaritas negatif (metode invers): capaian tidak dapat dihitung.",
        )
    computed = keadaan == None  # noqa: E711
    nilai = np.where(computed, nilai, np.nan)

    if metode is MetodeNegatif.LAN:
        rumus = "Polaritas negatif: capaian = (2 x target - realisasi) / target x 100."
    else:
        rumus = "Polaritas negatif: capaian = target / realisasi x 100."
    notes = np.where(computed & negatif, rumus, None).astype(object)
    if batas_bawah_nol:
        floor = computed & (nilai < 0)
        for i in np.flatnonzero(floor):
            notes[i] = _join(
                notes[i], f"Hasil {format_id(nilai[i])} dibatasi menjadi 0 (Batas_Bawah_Nol)."
            )
        nilai = np.where(floor, 0.0, nilai)
    if batas_atas is not None:
        cap = computed & (nilai > batas_atas)
        for i in np.flatnonzero(cap):
            notes[i] = _join(
                notes[i],
                f"Hasil {format_id(nilai[i])} dibatasi menjadi {format_id(batas_atas)} "
                "(Batas_Atas_Capaian).",
            )
        nilai = np.where(cap, float(batas_atas), nilai)
    catatan = np.where(computed, notes, catatan)
    return pd.DataFrame({"nilai": nilai, "keadaan": keadaan, "catatan": catatan}, index=index)


def _join(first: str | None, second: str) -> str:
    return second if not first else f"{first} {second}"


def status_capaian(nilai: pd.Series, keadaan: pd.Series | None = None) -> pd.Series:
    """Melebihi Target (> 100), Tercapai (= 100), Tidak Tercapai (< 100); for rows without a
    number, their ``keadaan`` (Belum Diisi / Tidak Dapat Dihitung)."""
    values = nilai.to_numpy(dtype="float64")
    labels = np.select(
        [values > 100, values == 100, values < 100],
        [Status.MELEBIHI.value, Status.TERCAPAI.value, Status.TIDAK_TERCAPAI.value],
        default=None,
    ).astype(object)
    if keadaan is not None:
        fallback = keadaan.to_numpy(dtype=object)
        labels = np.where(np.isnan(values), fallback, labels)
    return pd.Series(labels, index=nilai.index, dtype="object")


def capaian(
    target: float | None,
    realisasi: float | None,
    polaritas: str = "positif",
    metode_negatif: str = "lan",
    batas_atas: float | None = None,
    batas_bawah_nol: bool = True,
) -> float | None:
    """Capaian of one indicator at full precision; None when not filled or not computable."""
    frame = hitung_capaian(
        pd.Series([target], dtype="float64"),
        pd.Series([realisasi], dtype="float64"),
        polaritas,
        metode_negatif=metode_negatif,
        batas_bawah_nol=batas_bawah_nol,
        batas_atas=batas_atas,
    )
    value = frame["nilai"].iloc[0]
    return None if np.isnan(value) else float(value)


class Agregasi(StrEnum):
    """How an annual realisasi follows from its quarters."""

    KUMULATIF = "Kumulatif"
    AKHIR = "Akhir"
    RATA_RATA = "Rata-rata"
    MAKSIMUM = "Maksimum"


AGREGASI_LABELS = {normalise_label(a.value): a for a in Agregasi} | {
    "sum": Agregasi.KUMULATIF,
    "jumlah": Agregasi.KUMULATIF,
    "terakhir": Agregasi.AKHIR,
    "rata rata": Agregasi.RATA_RATA,
    "ratarata": Agregasi.RATA_RATA,
    "maks": Agregasi.MAKSIMUM,
    "maksimal": Agregasi.MAKSIMUM,
}
TRIWULAN = ("TW1", "TW2", "TW3", "TW4")


def parse_agregasi(raw: Any) -> Agregasi | None:
    return AGREGASI_LABELS.get(normalise_label(raw)) if raw is not None else None


def parse_triwulan(raw: Any) -> str | None:
    """TW1..TW4 from "TW1", "tw 1", "I", "1", 1.0."""
    if raw is None or (isinstance(raw, float) and np.isnan(raw)):
        return None
    if isinstance(raw, int | float) and float(raw) in (1, 2, 3, 4):
        return f"TW{int(raw)}"
    key = normalise_label(raw).replace(" ", "").upper()
    key = key.removeprefix("TRIWULAN").removeprefix("TW")
    roman = {"I": "1", "II": "2", "III": "3", "IV": "4"}
    key = roman.get(key, key)
    return f"TW{key}" if key in {"1", "2", "3", "4"} else None


def agregasi_triwulan(
    kode: pd.Series, triwulan: pd.Series, nilai: pd.Series, metode: dict[str, Agregasi]
) -> pd.DataFrame:
    """Annual value per indicator code from its quarters, with a note saying how.

    ``triwulan`` holds TW1..TW4 (already parsed); blank quarters are left out, never read as 0.
    Returns a frame indexed by code with ``nilai`` (NaN when no quarter is filled) and ``catatan``.
    """
    frame = pd.DataFrame(
        {"kode": kode.to_numpy(), "tw": triwulan.to_numpy(), "nilai": nilai.to_numpy(dtype=float)}
    )
    frame = frame[frame["nilai"].notna() & frame["tw"].notna()]
    rows = {}
    for code, how in metode.items():
        part = frame[frame["kode"] == code].sort_values("tw")
        if part.empty:
            rows[code] = (np.nan, None)
            continue
        values = part["nilai"].to_numpy()
        quarters = part["tw"].tolist()
        if how is Agregasi.KUMULATIF:
            value = float(values.sum())
        elif how is Agregasi.AKHIR:
            value = float(values[-1])
        elif how is Agregasi.RATA_RATA:
            value = float(values.mean())
        else:
            value = float(values.max())
        missing = [q for q in TRIWULAN if q not in quarters]
        note = f"Realisasi tahunan diturunkan dari triwulan ({how.value}: {', '.join(quarters)})"
        note += f"; {', '.join(missing)} belum diisi." if missing else "."
        rows[code] = (value, note)
    return pd.DataFrame.from_dict(rows, orient="index", columns=["nilai", "catatan"])


def rata_rata_kelompok(
    kelompok: pd.Series, nilai: pd.Series, label: pd.Series, alasan: pd.Series
) -> pd.DataFrame:
    """Plain mean of the rows that have a number, per group, naming the rows left out.

    ``label`` names each row in the list of exclusions (e.g. the indicator code) and ``alasan``
    says why it has no number. Groups keep their first-seen order. Columns: ``kelompok``,
    ``jumlah`` (rows), ``dihitung`` (rows with a number), ``rata_rata`` (NaN when none),
    ``dikecualikan`` (text or None).
    """
    frame = pd.DataFrame(
        {
            "kelompok": kelompok.to_numpy(dtype=object),
            "nilai": nilai.to_numpy(dtype=float),
            "label": label.to_numpy(dtype=object),
            "alasan": alasan.to_numpy(dtype=object),
        }
    )
    out = []
    for group, part in frame.groupby("kelompok", sort=False, dropna=False):
        numbers = part["nilai"].dropna()
        excluded = part[part["nilai"].isna()]
        listed = "; ".join(
            f"{lab} ({reason})" if isinstance(reason, str) and reason else f"{lab}"
            for lab, reason in zip(excluded["label"], excluded["alasan"], strict=True)
        )
        out.append(
            {
                "kelompok": group,
                "jumlah": len(part),
                "dihitung": len(numbers),
                "rata_rata": float(numbers.mean()) if len(numbers) else np.nan,
                "dikecualikan": f"Tidak dihitung: {listed}." if listed else None,
            }
        )
    return pd.DataFrame(
        out, columns=["kelompok", "jumlah", "dihitung", "rata_rata", "dikecualikan"]
    )
