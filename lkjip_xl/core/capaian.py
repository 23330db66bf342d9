"""Capaian: achievement of a realisasi against a target, in percent.

Positif: ``R / T x 100``, not capped, and never floored (a negative realisasi gives a negative
capaian). Negatif (lower is better), ``lan``: ``(2T - R) / T x 100``, floored at 0 by default;
``invers``: ``T / R x 100``. A blank target or realisasi is "Belum Diisi"; a target of 0 or below
(or R = 0 under ``invers``), and an infinite or overflowing value, are "Tidak Dapat Dihitung",
with a reason and a problem code. A real 0 realisasi is a number. Shown figures are the exact
decimal result on the inputs, rounded once (see :mod:`lkjip_xl.core.rounding`).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from fractions import Fraction
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from lkjip_xl.core.problems import teks_diketik
from lkjip_xl.core.ratio import percent
from lkjip_xl.core.rounding import (
    EXCEL_MAX,
    HAIR,
    Pembulatan,
    as_float,
    beyond_excel,
    doubtful,
    format_id,
    format_many,
    fraction_of,
    mean_shown,
    not_finite,
    round_floats,
    round_fraction,
)
from lkjip_xl.core.values import Kode, angka_masukan, is_blank, normalise_label


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
        # numpy stubs: np.isscalar admits str and complex too; float() reads or raises as before.
        fill = np.nan if values is None else float(values)  # type: ignore[arg-type]
        return np.full(n or 1, fill, dtype="float64")
    return np.asarray([np.nan if v is None else v for v in values], dtype="float64")


class Alasan:
    """Why rows have no number: per row a state, a note, a problem code and the field at fault.

    ``kode`` is set for reasons the rules find (a :class:`Kode`); reasons that came with the
    inputs (``alasan_masukan``: the reader has reported those cells) carry none. ``kolom`` names
    the input at fault (``"target"``, ``"realisasi"``, ...), or None for the result itself.
    """

    def __init__(self, n: int, alasan_masukan: pd.Series | None = None):
        self.keadaan = np.full(n, None, dtype=object)
        self.catatan = np.full(n, None, dtype=object)
        self.kode = np.full(n, None, dtype=object)
        self.kolom = np.full(n, None, dtype=object)
        if alasan_masukan is not None:
            reasons = np.asarray(alasan_masukan.to_numpy(dtype=object), dtype=object)
            has = np.array([isinstance(x, str) and bool(x) for x in reasons], dtype=bool)
            self.mark(has, Status.TIDAK_DAPAT, reasons)

    @property
    def terbuka(self) -> np.ndarray:
        """Rows without a reason yet."""
        return self.keadaan == None  # noqa: E711 - elementwise on an object array

    def mark(
        self,
        mask: np.ndarray,
        state: Status,
        note: str | np.ndarray,
        kode: Kode | None = None,
        kolom: str | None = None,
    ) -> None:
        """Give ``mask``'s rows that have no reason yet this one (the first reason wins)."""
        mask = mask & self.terbuka
        if not mask.any():
            return
        self.keadaan[mask] = state.value
        self.catatan[mask] = note if isinstance(note, str) else note[mask]
        self.kode[mask] = None if kode is None else kode.value
        self.kolom[mask] = kolom

    def frame(
        self, nilai: np.ndarray, notes: np.ndarray, index: pd.Index | None,
        batas: np.ndarray | None = None,
    ) -> pd.DataFrame:  # fmt: skip
        """The result: ``notes`` on rows with a number, the reason on the others; ``batas``:
        the note of a limited figure alone (None elsewhere)."""
        catatan = np.where(self.terbuka, notes, self.catatan)
        none = np.full(len(nilai), None, dtype=object)
        return pd.DataFrame(
            {
                "nilai": nilai,
                "keadaan": self.keadaan,
                "catatan": catatan,
                "kode": self.kode,
                "kolom": self.kolom,
                "batas": none if batas is None else np.where(self.terbuka, batas, none),
            },
            index=index,
        )


def tidak_hingga(nama: str) -> str:
    return (
        f"{nama} tak hingga atau melebihi batas angka Excel (9,99999999999999E+307): "
        "tidak dapat dihitung."
    )


HASIL_TERLALU_BESAR = (
    "Hasil perhitungan melebihi batas angka Excel (tak hingga): tidak dapat dihitung; "
    "periksa isiannya."
)


# --- the rules, written once ----------------------------------------------------------------
# Conditions and formulas below are plain expressions that hold for a float, a Fraction and a
# numpy array alike: the frame path applies them to whole columns, the scalar path
# (:mod:`lkjip_xl.core.satu_nilai`) to one value, and the exact path to Fractions.


def kosong(x: Any) -> Any:
    """Not filled: NaN (the only value unequal to itself)."""
    return x != x


def tak_terhingga(x: Any) -> Any:
    """Filled but infinite or beyond Excel's largest number, as ``rounding.not_finite``."""
    return (x == x) & (abs(x) > EXCEL_MAX)


# The formulas go through ``percent``: the exact decimal value rounded once (two float steps in
# a row would round twice and miss it by a unit in the last place, 7.000000000000001).
def rumus_positif(t: Any, r: Any) -> Any:
    return percent(r, t)


def rumus_lan(t: Any, r: Any) -> Any:
    return percent(t, t, r, k=2)


def rumus_invers(t: Any, r: Any) -> Any:
    return percent(t, r)


def skala_lan(t: Any, r: Any) -> Any:
    """The size of the largest term of the ``lan`` formula (the float error scales with it)."""
    return (2 * abs(t) + abs(r)) / abs(t) * 100


RUMUS_NEGATIF: dict[MetodeNegatif, Callable[[Any, Any], Any]] = {
    MetodeNegatif.LAN: rumus_lan,
    MetodeNegatif.INVERS: rumus_invers,
}
RUMUS_CATATAN = {
    MetodeNegatif.LAN: "Polaritas negatif: capaian = (2 x target - realisasi) / target x 100.",
    MetodeNegatif.INVERS: "Polaritas negatif: capaian = target / realisasi x 100.",
}
# One rule: (condition, state, note, problem code, input at fault). The first that holds wins.
Aturan = tuple[Callable[..., Any], Status, str, Kode | None, str | None]


@cache
def aturan_masukan(nama_target: str = "Target") -> tuple[Aturan, ...]:
    """Rules on target and realisasi alone, before the polaritas is read: ``cond(t, r)``."""
    return (
        (lambda t, r: tak_terhingga(t), Status.TIDAK_DAPAT, tidak_hingga(nama_target),
         Kode.NON_FINITE, "target"),
        (lambda t, r: tak_terhingga(r), Status.TIDAK_DAPAT, tidak_hingga("Realisasi"),
         Kode.NON_FINITE, "realisasi"),
        (lambda t, r: kosong(t) & kosong(r), Status.BELUM_DIISI,
         f"{nama_target} dan realisasi belum diisi.", None, None),
        (lambda t, r: kosong(t), Status.BELUM_DIISI, f"{nama_target} belum diisi.", None, None),
        (lambda t, r: kosong(r), Status.BELUM_DIISI, "Realisasi belum diisi.", None, None),
    )  # fmt: skip


@cache
def aturan_rumus(nama_target: str, metode: MetodeNegatif) -> tuple[Aturan, ...]:
    """Rules after the polaritas, where the formula cannot apply: ``cond(t, r, negatif)``."""
    rules: list[Aturan] = [
        (lambda t, r, neg: t == 0, Status.TIDAK_DAPAT,
         f"{nama_target} bernilai 0: capaian tidak dapat dihitung.", Kode.ZERO_DIVISOR, "target"),
        (lambda t, r, neg: t < 0, Status.TIDAK_DAPAT,
         f"{nama_target} bernilai negatif: rumus capaian tidak berlaku, periksa isiannya.",
         Kode.NEGATIVE_TARGET, "target"),
    ]  # fmt: skip
    if metode is MetodeNegatif.INVERS:
        rules.append((
            lambda t, r, neg: neg & (r == 0), Status.TIDAK_DAPAT,
            "Realisasi 0 pada polaritas negatif (metode invers): capaian tidak dapat dihitung.",
            Kode.ZERO_DIVISOR, "realisasi",
        ))  # fmt: skip
    return tuple(rules)


Sebab = tuple[Status, str, Kode | None, str | None]  # a reason: state, note, code, input


def polaritas_satu(raw: Any) -> tuple[bool, Sebab | None]:
    """One polaritas cell: (negatif, the reason it cannot be used or None)."""
    if is_blank(raw):
        return False, (Status.BELUM_DIISI, "Polaritas belum diisi.", None, None)
    parsed = parse_polaritas(raw)
    if parsed is None:
        typed = teks_diketik(str(raw).strip())
        note = f"Polaritas {typed} tidak dikenal; pilih Positif atau Negatif."
        return False, (Status.TIDAK_DAPAT, note, Kode.UNKNOWN_CHOICE, "polaritas")
    return parsed is Polaritas.NEGATIF, None


def batasi(value: Any, floor: bool, cap: Any) -> tuple[Any, bool, bool]:
    """(value, floored, capped): floored at 0 where ``floor``, then capped at ``cap`` (None: no
    cap). One value, a float or a Fraction."""
    floored = bool(floor) and value < 0
    if floored:
        value = type(value)(0)
    capped = cap is not None and value > cap
    return (cap if capped else value), floored, capped


def batas_ragu(raw: Any, hair: Any, floor: Any, cap: float | None) -> Any:
    """Whether a float cannot tell if the floor (where ``floor``) or the cap applies: ``raw``
    within ``hair`` of 0 or of the cap. A float or a numpy array."""
    out = floor & (abs(raw) <= hair)
    if cap is not None:
        out = out | (abs(raw - cap) <= hair)
    return out


def capaian_tepat(
    t: float,
    exact_r: Fraction,
    rumus: Callable[[Any, Any], Any],
    floor: bool,
    cap_exact: Fraction | None,
    desimal: int | None,
    mode: Pembulatan,
) -> tuple[float | None, float, bool, bool]:
    """One row computed exactly: (figure, or None when no cell can hold it; the raw value;
    floored; capped)."""  # fmt: skip
    value = rumus(fraction_of(t), exact_r)
    if beyond_excel(value):
        return None, np.nan, False, False
    limited, floored, capped = batasi(value, floor, cap_exact)
    figure = as_float(limited if desimal is None else round_fraction(limited, desimal, mode))
    return figure, float(value), floored, capped


def _polaritas(polaritas: Any, n: int, alasan: Alasan) -> np.ndarray:
    """Per row: True for Negatif, False for Positif; blank and unknown rows get their reason."""
    if isinstance(polaritas, str | Polaritas):
        parsed = parse_polaritas(polaritas)
        if parsed is None:
            raise ValueError(f"Polaritas {polaritas!r} tidak dikenal; pilih Positif atau Negatif.")
        return np.full(n, parsed is Polaritas.NEGATIF)
    values = list(polaritas.astype(object) if isinstance(polaritas, pd.Series) else polaritas)
    # Keyed by type too: pandas takes TRUE, 1 and 1,0 for one value and would name the first
    # in every row's note.
    keys = [v if type(v) is str else (type(v).__name__, repr(v)) for v in values]
    codes, uniques = pd.factorize(pd.Series(keys, dtype=object))
    first = dict.fromkeys(range(len(uniques)))
    for code, value in zip(codes.tolist(), values, strict=True):
        if first[code] is None:
            first[code] = value
    verdicts = [polaritas_satu(first[k]) for k in range(len(uniques))]
    negatif = np.array([v[0] for v in verdicts], dtype=bool)[codes]
    reasons = [v[1] for v in verdicts]
    notes = np.array([r[1] if r else None for r in reasons], dtype=object)[codes]
    for state, kode, kolom in dict.fromkeys((r[0], r[2], r[3]) for r in reasons if r):
        kind = [r is not None and (r[0], r[2], r[3]) == (state, kode, kolom) for r in reasons]
        alasan.mark(np.array(kind, dtype=bool)[codes], state, notes, kode, kolom)
    return negatif


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
    desimal: int | None = None,
    pembulatan: Pembulatan | str = Pembulatan.HALF_UP,
    realisasi_tepat: pd.Series | None = None,
) -> pd.DataFrame:
    """Capaian of every row: at full precision, or as the cell shows it with ``desimal``.

    Returns columns ``nilai`` (float, NaN when there is none), ``keadaan`` (a :class:`Status`
    value of Belum Diisi / Tidak Dapat Dihitung, or None when ``nilai`` is a number),
    ``catatan`` (an Indonesian sentence or None), and for rows the rules cannot compute
    ``kode`` (a :class:`Kode`) and ``kolom`` (the input at fault, None for the result);
    ``batas``: the sentence of a figure the floor or the cap limited, alone (None elsewhere).
    ``alasan_masukan`` carries a reason per row when an input could not be read; such a row is
    "Tidak Dapat Dihitung" with that reason. With ``desimal`` the figure is the exact decimal
    result on the inputs, rounded once by ``pembulatan``. ``realisasi_tepat`` may give exact
    realisasi (a Fraction per row, None elsewhere), such as one derived from quarters.

    ``Batas_Bawah_Nol`` floors Negatif capaian at 0 only: a Positif indicator with a negative
    realisasi has a negative capaian.
    """
    index = target.index if isinstance(target, pd.Series) else None
    t = _as_float_array(target)
    n = len(t)
    r = _as_float_array(realisasi, n)
    metode = parse_metode_negatif(metode_negatif)
    alasan = Alasan(n, alasan_masukan)
    for cond, state, note, kode, kolom in aturan_masukan(nama_target):
        alasan.mark(cond(t, r), state, note, kode, kolom)
    negatif = _polaritas(polaritas, n, alasan)
    for cond, state, note, kode, kolom in aturan_rumus(nama_target, metode):
        alasan.mark(cond(t, r, negatif), state, note, kode, kolom)
    tepat = None if realisasi_tepat is None else realisasi_tepat.to_numpy(dtype=object)
    batas = _Batas(negatif & batas_bawah_nol, batas_atas)
    nilai, raw, too_large = _nilai(
        t, r, tepat, negatif, metode, alasan.terbuka, batas, desimal, Pembulatan.parse(pembulatan)
    )
    alasan.mark(too_large, Status.TIDAK_DAPAT, HASIL_TERLALU_BESAR, Kode.NON_FINITE)
    computed = alasan.terbuka
    nilai = np.where(computed, nilai, np.nan)

    rumus = RUMUS_CATATAN[metode]
    notes = np.where(computed & negatif, rumus, np.array(None, dtype=object)).astype(object)
    limits = np.full(n, None, dtype=object)
    _limit_notes(limits, raw, computed & batas.floored, LANTAI_NOL)
    if batas_atas is not None:
        _limit_notes(limits, raw, computed & batas.capped, batas_atas_label(batas_atas))
    for i in np.flatnonzero(computed & (batas.floored | batas.capped)):
        notes[i] = tambah_catatan(notes[i], limits[i])
    return alasan.frame(nilai, notes, index, limits)


class _Batas:
    """The floor at 0 (rows where it applies) and the optional cap, with what they did."""

    def __init__(self, floor_rows: np.ndarray, cap: float | None):
        self.floor_rows = floor_rows
        self.cap = None if cap is None else float(cap)
        self.cap_exact = None if cap is None else fraction_of(cap)
        self.floored = np.zeros(len(floor_rows), dtype=bool)
        self.capped = np.zeros(len(floor_rows), dtype=bool)

    def apply(self, raw: np.ndarray, computed: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            self.floored = computed & self.floor_rows & (raw < 0)
            limited = np.where(self.floored, 0.0, raw)
            if self.cap is not None:
                self.capped = computed & (limited > self.cap)
                limited = np.where(self.capped, self.cap, limited)
        return limited

    def unsure(self, raw: np.ndarray, hair: np.ndarray) -> np.ndarray:
        """Rows where a float cannot tell whether a limit applies."""
        with np.errstate(invalid="ignore"):
            return batas_ragu(raw, hair, self.floor_rows, self.cap)


def _nilai(t, r, tepat, negatif, metode, computed, batas: _Batas, desimal, mode):
    """(figures, raw values for the notes, too-large mask): floats, redone exactly where a float
    cannot settle the figure or whether a limit applies."""
    rumus_negatif = RUMUS_NEGATIF[metode]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # Each formula on the rows it applies to: a percentage rounded once costs Python
        # integers on a row whose figures are not short decimals.
        positif_value = _on_rows(rumus_positif, t, r, computed & ~negatif)
        negatif_value = _on_rows(rumus_negatif, t, r, computed & negatif)
        if metode is MetodeNegatif.LAN:
            negatif_scale = skala_lan(t, r)
        else:
            negatif_scale = np.abs(negatif_value)
        raw = np.where(computed, np.where(negatif, negatif_value, positif_value), np.nan)
        scale = np.where(negatif, negatif_scale, np.abs(positif_value))
    limited = batas.apply(raw, computed)
    unsure = computed & (
        doubtful(limited, desimal, mode, scale)
        | not_finite(raw)
        | batas.unsure(raw, HAIR * np.where(np.isfinite(scale), scale, np.inf))
    )
    figures = _shown_floats(limited, desimal, mode)
    too_large = np.zeros(len(t), dtype=bool)
    for i in np.flatnonzero(unsure):
        exact_r = tepat[i] if tepat is not None and tepat[i] is not None else fraction_of(r[i])
        figure, exact_raw, floored, capped = capaian_tepat(
            t[i], exact_r, rumus_negatif if negatif[i] else rumus_positif,
            bool(batas.floor_rows[i]), batas.cap_exact, desimal, mode,
        )  # fmt: skip
        if figure is None:
            too_large[i], figures[i] = True, np.nan
            continue
        raw[i], figures[i] = exact_raw, figure
        batas.floored[i], batas.capped[i] = floored, capped
    return figures, raw, too_large


def _on_rows(rumus: Callable[[Any, Any], Any], t: np.ndarray, r: np.ndarray, rows: np.ndarray):
    out = np.full(len(t), np.nan)
    out[rows] = rumus(t[rows], r[rows])
    return out


def _shown_floats(values: np.ndarray, desimal: int | None, mode: Pembulatan) -> np.ndarray:
    return values.copy() if desimal is None else round_floats(values, desimal, mode)


def _limit_notes(notes: np.ndarray, raw: np.ndarray, rows: np.ndarray, to: str) -> None:
    """Add "Hasil X dibatasi menjadi ..." to ``rows``' notes (X as Indonesian text)."""
    positions = np.flatnonzero(rows)
    if not len(positions):
        return
    texts = format_many(raw[positions])
    notes[positions] = [
        tambah_catatan(note, catatan_batas(text, to))
        for note, text in zip(notes[positions], texts, strict=True)
    ]


LANTAI_NOL = "0 (Batas_Bawah_Nol)"


def batas_atas_label(batas_atas: float) -> str:
    return f"{format_id(batas_atas)} (Batas_Atas_Capaian)"


def catatan_batas(raw_text: str, to: str) -> str:
    """The note of a limited capaian: the raw value as Indonesian text and what it became."""
    return f"Hasil {raw_text} dibatasi menjadi {to}."


def tambah_catatan(first: str | None, second: str) -> str:
    return second if not first else f"{first} {second}"


def status_capaian(nilai: pd.Series, keadaan: pd.Series | None = None) -> pd.Series:
    """Melebihi Target (> 100), Tercapai (= 100), Tidak Tercapai (< 100); for rows without a
    number, their ``keadaan`` (Belum Diisi / Tidak Dapat Dihitung)."""
    values = nilai.to_numpy(dtype="float64")
    labels = np.select(
        [values > 100, values == 100, values < 100],
        [Status.MELEBIHI.value, Status.TERCAPAI.value, Status.TIDAK_TERCAPAI.value],
        default=np.array(None, dtype=object),
    ).astype(object)
    if keadaan is not None:
        fallback = keadaan.to_numpy(dtype=object)
        labels = np.where(np.isnan(values), fallback, labels)
    return pd.Series(labels, index=nilai.index, dtype=object)


def capaian(
    target: Any,
    realisasi: Any,
    polaritas: str = "positif",
    metode_negatif: str = "lan",
    batas_atas: Any = None,
    batas_bawah_nol: bool = True,
    *,
    desimal: int | None = None,
    pembulatan: Pembulatan | str = Pembulatan.HALF_UP,
) -> float | None:
    """Capaian of one indicator; None when not filled or not computable.

    Full precision, or with ``desimal`` (and ``pembulatan``) the figure the workbook shows.
    Numbers may be texts read by the workbook's rules (``"71,59"``); what the workbook would
    report raises :class:`~lkjip_xl.core.values.NilaiTidakTerbaca`.
    """
    t = angka_masukan(target, "Target")
    r = angka_masukan(realisasi, "Realisasi")
    cap = angka_masukan(batas_atas, "Batas atas")
    frame = hitung_capaian(
        pd.Series([t], dtype="float64"),
        pd.Series([r], dtype="float64"),
        polaritas,
        metode_negatif=metode_negatif,
        batas_bawah_nol=batas_bawah_nol,
        batas_atas=cap,
        desimal=desimal,
        pembulatan=pembulatan,
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
    # TRUE is no quarter (Python counts it 1): the check calls it unknown, so must the rule.
    if raw is None or isinstance(raw, bool) or (isinstance(raw, float) and np.isnan(raw)):
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

    ``triwulan`` holds TW1..TW4 (already parsed); blank quarters are left out, never read as 0,
    and of a quarter given twice for one code only the first row counts.
    Returns a frame indexed by code with ``nilai`` (NaN when no quarter is filled), ``tepat``
    (the exact value, a Fraction, from the quarters' decimals) and ``catatan``.
    """
    frame = pd.DataFrame(
        {"kode": kode.to_numpy(), "tw": triwulan.to_numpy(), "nilai": nilai.to_numpy(dtype=float)}
    )
    frame = frame[frame["tw"].notna()]
    # A repeated quarter is a duplicate-key error on every row after its first: only the first
    # counts (a Kumulatif otherwise adds the copied row twice), even when it is blank.
    frame = frame[~frame.duplicated(["kode", "tw"], keep="first")]
    frame = frame[frame["nilai"].notna()]
    rows: dict[str, tuple[float, Fraction | None, str | None]] = {}
    for code, how in metode.items():
        part = frame[frame["kode"] == code].sort_values("tw")
        if part.empty:
            rows[code] = (np.nan, None, None)
            continue
        values = [fraction_of(v) for v in part["nilai"].to_numpy()]
        quarters = part["tw"].tolist()
        if how is Agregasi.KUMULATIF:
            exact = sum(values, Fraction(0))
        elif how is Agregasi.AKHIR:
            exact = values[-1]
        elif how is Agregasi.RATA_RATA:
            exact = sum(values, Fraction(0)) / len(values)
        else:
            exact = max(values)
        missing = [q for q in TRIWULAN if q not in quarters]
        note = f"Realisasi tahunan diturunkan dari triwulan ({how.value}: {', '.join(quarters)})"
        note += f"; {', '.join(missing)} belum diisi." if missing else "."
        rows[code] = (float(exact), exact, note)
    return pd.DataFrame.from_dict(rows, orient="index", columns=["nilai", "tepat", "catatan"])


def rata_rata_kelompok(
    kelompok: pd.Series,
    nilai: pd.Series,
    label: pd.Series,
    alasan: pd.Series,
    *,
    desimal: int | None = None,
    pembulatan: Pembulatan | str = Pembulatan.HALF_UP,
) -> pd.DataFrame:
    """Plain mean of the rows that have a number, per group, naming the rows left out.

    ``label`` names each row in the list of exclusions (e.g. the indicator code) and ``alasan``
    says why it has no number. Groups keep their first-seen order. Columns: ``kelompok``,
    ``jumlah`` (rows), ``dihitung`` (rows with a number), ``rata_rata`` (NaN when none),
    ``dikecualikan`` (text or None). With ``desimal`` the values are the shown ones and the mean
    is their exact sum over their count, rounded once by ``pembulatan``.
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
                "rata_rata": (
                    mean_shown(numbers.to_numpy(), desimal, pembulatan)
                    if desimal is not None
                    else float(numbers.mean())
                    if len(numbers)
                    else np.nan
                ),
                "dikecualikan": f"Tidak dihitung: {listed}." if listed else None,
            }
        )
    return pd.DataFrame(
        out, columns=["kelompok", "jumlah", "dihitung", "rata_rata", "dikecualikan"]
    )
