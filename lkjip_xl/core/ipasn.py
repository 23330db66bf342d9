"""IP-ASN: the professionalism index of every civil servant, aggregated per unit and status.

Rule sets are data (``presets/ipasn-<name>.json``): a later regulation is a new rule set, not an
edit. Scoring is vectorised over whole rosters: labels are normalised once per distinct value, and
the ``Saran`` sentence is written once per distinct situation, then mapped back to the rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, cached_property, lru_cache
from typing import Any, NamedTuple, cast

import numpy as np
import pandas as pd

from lkjip_xl.core import presets
from lkjip_xl.core.predikat import Band, Skala, load_preset
from lkjip_xl.core.rounding import (
    Pembulatan,
    divide_units,
    format_id,
    format_poin,
    fraction_of,
    not_finite,
    round_series,
    round_value,
    units,
)
from lkjip_xl.core.values import (
    Kode,
    angka_masukan,
    is_blank,
    normalise_label,
    parse_number,
    parse_numbers,
)

DEFAULT_ATURAN = "perban-bkn-8-2019"
DIMENSI = ("kualifikasi", "kompetensi", "kinerja", "disiplin")
PENDIDIKAN = ("SD", "SLTP", "SLTA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
JABATAN = ("struktural", "fungsional", "pelaksana")
HUKUMAN = ("tidak_pernah", "ringan", "sedang", "berat")

# The input fields, in the order their bits take in the "missing" mask.
FIELDS = (
    "pendidikan",
    "jenis_jabatan",
    "diklat_jenjang",
    "jp_diklat_teknis",
    "seminar",
    "nilai_skp",
    "hukuman_disiplin",
)
FIELD_LABELS = {
    "pendidikan": "Pendidikan",
    "jenis_jabatan": "Jenis Jabatan",
    "diklat_jenjang": "Diklat Jenjang",
    "jp_diklat_teknis": "JP Diklat Teknis",
    "seminar": "Seminar",
    "nilai_skp": "Nilai SKP atau Predikat SKP",
    "hukuman_disiplin": "Hukuman Disiplin",
}
BIT = {name: 1 << i for i, name in enumerate(FIELDS)}


class DataKosong(StrEnum):
    """What an incomplete row counts for in the means."""

    NOL = "Nol"  # missing dimensions count as 0
    KECUALIKAN = "Kecualikan"  # incomplete rows are left out of the means

    @classmethod
    def parse(cls, raw: Any) -> DataKosong:
        key = normalise_label(raw)
        for member in cls:
            if key == member.value.lower():
                return member
        raise ValueError(f"Data_Kosong {raw!r} tidak dikenal; pilih Nol atau Kecualikan.")


@dataclass(frozen=True)
class AturanIpasn:
    """A rule set: points per answer, with a name and a version."""

    name: str
    version: str
    title: str
    bobot: dict[str, float]
    labels: dict[str, str]
    kualifikasi: dict[str, float]
    jp_minimum: float
    kompetensi: dict[str, dict[str, float]]
    skp_bands: tuple[tuple[Band, float], ...]
    predikat_skp: dict[str, float]
    disiplin: dict[str, float]
    kategori: str
    #: The predikat SKP labels as the rule set writes them, in :attr:`predikat_skp`'s order.
    predikat_label: tuple[str, ...] = ()

    def skor_skp(self, nilai: np.ndarray) -> np.ndarray:
        conditions = [band.covers(nilai) for band, _ in self.skp_bands]
        choices = [skor for _, skor in self.skp_bands]
        return np.select(conditions, choices, default=np.nan)

    def skor_skp_satu(self, nilai: float) -> float:
        """:meth:`skor_skp` of one value: the score of the first band that covers it."""
        for band, skor in self.skp_bands:
            if band.covers(nilai):
                return skor
        return math.nan

    @cached_property
    def skala_kategori(self) -> Skala:
        return load_preset(self.kategori)

    @cached_property
    def kunci_predikat(self) -> dict[str, str]:
        """The predikat SKP labels by their reading key (see :func:`kode_jawaban`)."""
        return {_key(k): k for k in self.predikat_skp}


@cache
def load_aturan(name: str = DEFAULT_ATURAN) -> AturanIpasn:
    doc = presets.load("ipasn", name)
    return AturanIpasn(
        name=name,
        version=doc["version"],
        title=doc["title"],
        bobot={d["key"]: float(d["bobot"]) for d in doc["dimensi"]},
        labels={d["key"]: d["label"] for d in doc["dimensi"]},
        kualifikasi={k: float(v) for k, v in doc["kualifikasi"].items()},
        jp_minimum=float(doc["kompetensi"]["jp_minimum"]),
        kompetensi={
            jab: {k: float(v) for k, v in parts.items()}
            for jab, parts in doc["kompetensi"]["jabatan"].items()
        },
        skp_bands=tuple(
            (Band(str(b["skor"]), b["lower"], b["inclusive"]), float(b["skor"]))
            for b in doc["kinerja"]["nilai_skp"]
        ),
        predikat_skp={
            normalise_label(k): float(v) for k, v in doc["kinerja"]["predikat_skp"].items()
        },
        disiplin={k: float(v) for k, v in doc["disiplin"].items()},
        kategori=doc["kategori"],
        predikat_label=tuple(doc["kinerja"]["predikat_skp"]),
    )


def aturan_names() -> list[str]:
    return presets.names("ipasn")


# --- reading the answers -------------------------------------------------------------------


def _key(text: str) -> str:
    return re.sub(r"[\s._\-/]+", "", str(text)).upper()


ALIAS_PENDIDIKAN = {
    **{code: code for code in PENDIDIKAN},
    "SMP": "SLTP", "MTS": "SLTP", "SLTP": "SLTP",
    # Not "MA": it is Madrasah Aliyah and the degree M.A. alike (dots fall out of the key), so
    # a master's degree scored as SLTA; the madrasah is read by its name.
    "SMA": "SLTA", "SMK": "SLTA", "SMU": "SLTA", "SLTA": "SLTA",
    "MADRASAHALIYAH": "SLTA", "MADRASAHTSANAWIYAH": "SLTP",
    "DI": "D1", "DII": "D2", "DIII": "D3", "DIV": "D4",
    "DIPLOMAI": "D1", "DIPLOMAII": "D2", "DIPLOMAIII": "D3", "DIPLOMAIV": "D4",
    "DIPLOMA1": "D1", "DIPLOMA2": "D2", "DIPLOMA3": "D3", "DIPLOMA4": "D4",
    "STRATA1": "S1", "STRATA2": "S2", "STRATA3": "S3", "SARJANA": "S1",
    "MAGISTER": "S2", "DOKTOR": "S3",
    # The instrument's names of its levels (report 000: "S-1/D-IV", "D-II/D-I/SLTA/sederajat",
    # "Di bawah SLTA"); the last scores, and is advised, as SLTP and SD are.
    "SLTASEDERAJAT": "SLTA", "S1DIV": "S1", "S1D4": "S1", "DIBAWAHSLTA": "SLTP",
}  # fmt: skip
ALIAS_JABATAN = {
    "STRUKTURAL": "struktural",
    "FUNGSIONAL": "fungsional",
    "FUNGSIONALTERTENTU": "fungsional",
    "PELAKSANA": "pelaksana",
    "FUNGSIONALUMUM": "pelaksana",  # the former name of jabatan pelaksana
    # The instrument scores "jabatan pimpinan tinggi, jabatan administrator, dan jabatan
    # pengawas" alike: UU 5/2014's names of the struktural positions, as SIMPEG exports write
    # them. Abbreviations (JPT, JFT, JFU) and levels (Eselon III) it does not write stay unread.
    **{
        f"{jabatan}{name}": key
        for jabatan in ("", "JABATAN")
        for name, key in (
            ("PIMPINANTINGGI", "struktural"), ("ADMINISTRATOR", "struktural"),
            ("PENGAWAS", "struktural"), ("STRUKTURAL", "struktural"),
            ("FUNGSIONAL", "fungsional"), ("FUNGSIONALTERTENTU", "fungsional"),
            ("PELAKSANA", "pelaksana"), ("FUNGSIONALUMUM", "pelaksana"),
        )
    },
}  # fmt: skip
ALIAS_YA_TIDAK = {"YA": True, "Y": True, "TRUE": True, "1": True, "SUDAH": True, "ADA": True,
                 "TIDAK": False, "T": False, "FALSE": False, "0": False, "BELUM": False,
                 "TIDAKADA": False}  # fmt: skip
ALIAS_HUKUMAN = {
    "TIDAKPERNAH": "tidak_pernah",
    "TIDAKADA": "tidak_pernah",
    "NIHIL": "tidak_pernah",
    "RINGAN": "ringan",
    "SEDANG": "sedang",
    "BERAT": "berat",
    # The instrument's wording: "tidak pernah dijatuhi hukuman disiplin", "hukuman disiplin
    # tingkat ringan", "Hukuman disiplin ringan". The kinds of a level (teguran lisan) are a
    # regulation's, not the instrument's, and stay unread.
    "TIDAKPERNAHDIJATUHIHUKUMANDISIPLIN": "tidak_pernah",
    **{
        f"{prefix}{level.upper()}": level
        for level in ("ringan", "sedang", "berat")
        for prefix in ("TINGKAT", "HUKUMANDISIPLIN", "HUKUMANDISIPLINTINGKAT")
    },
}


BLANK = -1
UNKNOWN = -2


def kode_jawaban(raw: Any, mapping: dict[str, Any], canon: tuple[Any, ...]) -> int:
    """The code of one answer into ``canon``: BLANK for an empty cell, UNKNOWN for an
    unreadable label. The roster path and the one-employee path both read answers with it."""
    if is_blank(raw):
        return BLANK
    if isinstance(raw, bool | np.bool_):
        key = "TRUE" if raw else "FALSE"
    elif isinstance(raw, float | int | np.number) and float(raw).is_integer():
        key = str(int(raw))
    else:
        key = _key(raw)
    target = mapping.get(key)
    return UNKNOWN if target is None else canon.index(target)


def _codes(values: pd.Series, mapping: dict[str, Any], canon: tuple[Any, ...]) -> np.ndarray:
    """Codes into ``canon`` (int8), by :func:`kode_jawaban`.

    Labels are normalised once per distinct value, so a roster of a million rows costs little.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    lookup = np.empty(len(uniques) + 1, dtype=np.int8)
    for i, raw in enumerate(uniques):
        lookup[i] = kode_jawaban(raw, mapping, canon)
    lookup[-1] = BLANK  # the NA sentinel (-1) indexes the last slot
    return lookup[codes]


def _numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(floats with NaN for blank, mask of filled-but-unreadable values)."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values):
        array = values.to_numpy(dtype="float64")
        bad = not_finite(array)
        return np.where(bad, np.nan, array), bad
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = parse_numbers(pd.Series(uniques, dtype="object"))
    value = np.append(parsed["value"].to_numpy(), np.nan)
    bad = np.append((parsed["state"] == "galat").to_numpy(), False)
    value, bad = value[codes], bad[codes]
    if any(u in (0, 1) for u in uniques.tolist()):
        # factorize takes TRUE for 1 and FALSE for 0 (equal, and of equal hash), so one reading
        # went to both: read them apart, as parse_number reads each cell.
        cells = values.to_numpy(dtype=object)
        logical = np.fromiter((isinstance(v, bool | np.bool_) for v in cells), bool, len(cells))
        if logical.any():
            value[logical], bad[logical] = np.nan, True
            numbers = ~logical & ((cells == 0) | (cells == 1))
            value[numbers], bad[numbers] = cells[numbers].astype("float64"), False
    return value, bad


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype="object")


def _points(codes: np.ndarray, canon: tuple[str, ...], table: dict[str, float]) -> np.ndarray:
    """Points by code; blank and unknown give 0."""
    values = np.array([table.get(c, 0.0) for c in canon] + [0.0, 0.0], dtype="float64")
    return values[codes]  # BLANK (-1) and UNKNOWN (-2) index the two trailing zeros


YA_TIDAK = (False, True)


def _refused(
    alasan: Mapping[str, pd.Series], index: pd.Index
) -> Callable[[str], np.ndarray | np.bool_]:
    """A function giving, per field, the rows whose input has a reason in ``alasan`` (filled
    but unreadable): a mask on ``index``, or a scalar False when no row of that field has one."""

    def mask(name: str) -> np.ndarray | np.bool_:
        reasons = alasan.get(name)
        if reasons is None:
            return np.False_
        if not reasons.index.equals(index):
            reasons = reasons.reindex(index)
        has = reasons.notna().to_numpy(dtype=bool)
        return has if has.any() else np.False_

    return mask


# --- scoring --------------------------------------------------------------------------------


class Skp(NamedTuple):
    """The two inputs of the Kinerja part, read."""

    nilai: np.ndarray  # Nilai SKP, NaN where blank, unreadable or outside 0-100
    bad: np.ndarray  # filled but not a number
    out_of_range: np.ndarray
    dari_nilai: np.ndarray  # the points the Nilai SKP gives (NaN: none)
    predikat: np.ndarray | None  # Predikat SKP codes (None: no such column)
    dari_predikat: np.ndarray | None  # the points the Predikat SKP gives (NaN: none)


def baca_skp(frame: pd.DataFrame, rules: AturanIpasn) -> Skp:
    nilai, bad = _numbers(_column(frame, "nilai_skp"))
    out_of_range = (nilai < 0) | (nilai > 100)
    nilai = np.where(out_of_range, np.nan, nilai)
    predikat = dari_predikat = None
    if "predikat_skp" in frame:
        canon = tuple(rules.predikat_skp)
        predikat = _codes(frame["predikat_skp"], rules.kunci_predikat, canon)
        points = np.array(list(rules.predikat_skp.values()), dtype="float64")
        dari_predikat = np.append(points, [np.nan, np.nan])[predikat]
    return Skp(nilai, bad, out_of_range, rules.skor_skp(nilai), predikat, dari_predikat)


def skor_pegawai(
    frame: pd.DataFrame,
    aturan: str | AturanIpasn = DEFAULT_ATURAN,
    *,
    desimal: int | None = None,
    pembulatan: Pembulatan | str = Pembulatan.HALF_UP,
    alasan: Mapping[str, pd.Series] | None = None,
    skp: Skp | None = None,
) -> pd.DataFrame:
    """Score every employee.

    ``frame`` has the columns of :data:`FIELDS` (and optionally ``predikat_skp``), holding raw
    cell values or parsed ones. Returns, on the same index: the four dimensions, ``total``,
    ``kategori``, ``lengkap`` (bool), ``kosong`` and ``tidak_valid`` (bit masks over
    :data:`FIELDS`) and ``saran``. Missing or unreadable inputs give their part 0.

    ``alasan`` maps a field to a reason per row (a text, or None) where its input was filled but
    could not be read, so that ``frame`` holds it as blank (a reader that has reported the cell
    leaves an unreadable number NaN): such an input cannot be computed, it is not "not filled",
    and the ``saran`` asks to correct it, not to complete it. ``skp``: :func:`baca_skp` of
    ``frame``, when the caller read it already (to tell a disagreement of the two SKP inputs).

    The figures are at full precision. With ``desimal`` the ``kategori`` is that of the total as
    its cell shows it (rounded by ``pembulatan``): a later computation uses the shown number, so
    a total of 70,5 shown as 70 (Desimal 0, potong) is Rendah, not Sedang.
    """
    rules = aturan if isinstance(aturan, AturanIpasn) else load_aturan(aturan)
    n = len(frame)
    missing = np.zeros(n, dtype=np.int64)
    invalid = np.zeros(n, dtype=np.int64)
    refused = _refused(alasan or {}, frame.index)

    def note(name: str, blank: np.ndarray, bad: np.ndarray) -> None:
        missing[blank | bad] |= BIT[name]
        invalid[bad] |= BIT[name]

    pend = _codes(_column(frame, "pendidikan"), ALIAS_PENDIDIKAN, PENDIDIKAN)
    note("pendidikan", pend == BLANK, (pend == UNKNOWN) | refused("pendidikan"))
    kualifikasi = _points(pend, PENDIDIKAN, rules.kualifikasi)

    jab = _codes(_column(frame, "jenis_jabatan"), ALIAS_JABATAN, JABATAN)
    note("jenis_jabatan", jab == BLANK, (jab == UNKNOWN) | refused("jenis_jabatan"))
    dj = _codes(_column(frame, "diklat_jenjang"), ALIAS_YA_TIDAK, YA_TIDAK)
    sem = _codes(_column(frame, "seminar"), ALIAS_YA_TIDAK, YA_TIDAK)
    jp, bad_jp = _numbers(_column(frame, "jp_diklat_teknis"))
    bad_jp |= (jp < 0) | refused("jp_diklat_teknis")
    jp = np.where(jp < 0, np.nan, jp)

    pts = {
        part: _points(jab, JABATAN, {j: p[part] for j, p in rules.kompetensi.items()})
        for part in ("diklat_jenjang", "diklat_teknis", "seminar")
    }
    # Diklat jenjang does not count for pelaksana: its answer is not needed there.
    needs_dj = (pts["diklat_jenjang"] > 0) | (jab < 0)
    bad_dj = (dj == UNKNOWN) | refused("diklat_jenjang")
    note("diklat_jenjang", (dj == BLANK) & needs_dj, bad_dj & needs_dj)
    note("jp_diklat_teknis", np.isnan(jp) & ~bad_jp, bad_jp)
    note("seminar", sem == BLANK, (sem == UNKNOWN) | refused("seminar"))
    has_dj, has_sem = dj == 1, sem == 1
    jp_ok = jp >= rules.jp_minimum
    kompetensi = (
        np.where(has_dj, pts["diklat_jenjang"], 0.0)
        + np.where(jp_ok, pts["diklat_teknis"], 0.0)
        + np.where(has_sem, pts["seminar"], 0.0)
    )

    skp = baca_skp(frame, rules) if skp is None else skp
    bad_skp = skp.bad | refused("nilai_skp")
    out_of_range = skp.out_of_range
    kinerja = skp.dari_nilai
    if skp.predikat is not None and skp.dari_predikat is not None:
        kinerja = np.where(np.isnan(kinerja), skp.dari_predikat, kinerja)
        bad_skp = bad_skp | (skp.predikat == UNKNOWN) | refused("predikat_skp")
    no_kinerja = np.isnan(kinerja)
    bad_kinerja = (bad_skp | out_of_range) & no_kinerja
    note("nilai_skp", no_kinerja & ~bad_kinerja, bad_kinerja)
    kinerja = np.where(no_kinerja, 0.0, kinerja)

    huk = _codes(_column(frame, "hukuman_disiplin"), ALIAS_HUKUMAN, HUKUMAN)
    note("hukuman_disiplin", huk == BLANK, (huk == UNKNOWN) | refused("hukuman_disiplin"))
    disiplin = _points(huk, HUKUMAN, rules.disiplin)

    total = kualifikasi + kompetensi + kinerja + disiplin
    shown_total = total
    if desimal is not None:
        shown_total = round_series(pd.Series(total), desimal, pembulatan).to_numpy(dtype="float64")
    skala = rules.skala_kategori
    result = pd.DataFrame(
        {
            "kualifikasi": kualifikasi,
            "kompetensi": kompetensi,
            "kinerja": kinerja,
            "disiplin": disiplin,
            "total": total,
            "kategori": skala.labels_array()[skala.band_index(shown_total)],
            "lengkap": missing == 0,
            "kosong": missing,
            "tidak_valid": invalid,
        },
        index=frame.index,
    )
    result["saran"] = _saran(rules, missing, invalid, pend, jab, has_dj, jp_ok, has_sem, kinerja)
    return result


_NEXT_PENDIDIKAN = {"SD": "SLTA", "SLTP": "SLTA", "SLTA": "D3", "D1": "D3", "D2": "D3",
                    "D3": "S1", "D4": "S2", "S1": "S2", "S2": "S3"}  # fmt: skip


def _saran(rules, missing, invalid, pend, jab, has_dj, jp_ok, has_sem, kinerja) -> np.ndarray:
    """One Indonesian sentence per employee, written once per distinct situation."""
    bits = len(FIELDS)
    kinerja_code = np.round(kinerja * 2).astype(np.int64)  # scores are multiples of 0.5
    key = missing.copy()
    for part, width in (
        (invalid, bits),
        (pend.astype(np.int64) + 2, 4),
        (jab.astype(np.int64) + 2, 3),
        (has_dj.astype(np.int64), 1),
        (jp_ok.astype(np.int64), 1),
        (has_sem.astype(np.int64), 1),
        (kinerja_code, 8),
    ):
        key = (key << width) | part
    uniques, inverse = np.unique(key, return_inverse=True)
    first = np.zeros(len(uniques), dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(key))[::-1]  # a row standing for each situation
    sentences = np.array(
        [
            kalimat_saran(
                rules,
                int(missing[i]),
                int(invalid[i]),
                PENDIDIKAN[pend[i]] if pend[i] >= 0 else None,
                JABATAN[jab[i]] if jab[i] >= 0 else None,
                bool(has_dj[i]),
                bool(jp_ok[i]),
                bool(has_sem[i]),
                float(kinerja[i]),
            )
            for i in first
        ],
        dtype=object,
    )
    return sentences[inverse]


@lru_cache(maxsize=1024)
def _poin_of(hexed: str) -> str:
    return format_poin(float.fromhex(hexed))


def poin(value: float | None) -> str:
    """:func:`format_poin`, remembered: a handful of rule points recur in hundreds of sentences.
    Keyed by the exact bits (``float.hex``), so -0.0 is never taken for 0.0."""
    return format_poin(None) if value is None else _poin_of(float(value).hex())


def kalimat_saran(rules: AturanIpasn, kosong, tidak_valid, pend, jab, dj, jp, sem, kinerja) -> str:
    parts: list[str] = []
    if tidak_valid:
        names = [FIELD_LABELS[f] for f in FIELDS if tidak_valid & BIT[f]]
        parts.append(f"Perbaiki isian yang tidak valid: {', '.join(names)}.")
    empty = kosong & ~tidak_valid
    if empty:
        names = [FIELD_LABELS[f] for f in FIELDS if empty & BIT[f]]
        parts.append(f"Lengkapi data: {', '.join(names)}.")
    steps: list[str] = []
    if pend in _NEXT_PENDIDIKAN:
        gain = rules.kualifikasi[_NEXT_PENDIDIKAN[pend]] - rules.kualifikasi[pend]
        steps.append(f"melanjutkan pendidikan ke {_NEXT_PENDIDIKAN[pend]} (+{poin(gain)})")
    if jab in rules.kompetensi:
        pts = rules.kompetensi[jab]
        if not dj and pts["diklat_jenjang"] > 0:
            what = "diklat kepemimpinan" if jab == "struktural" else "diklat fungsional"
            steps.append(f"mengikuti {what} sesuai jenjang (+{poin(pts['diklat_jenjang'])})")
        if not jp:
            steps.append(
                f"mengikuti diklat teknis minimal {poin(rules.jp_minimum)} JP "
                f"(+{poin(pts['diklat_teknis'])})"
            )
        if not sem:
            steps.append(f"mengikuti seminar/workshop (+{poin(pts['seminar'])})")
    best = max(score for _, score in rules.skp_bands)
    if 0 < kinerja < best:
        top = rules.skp_bands[0][0]
        steps.append(f"meningkatkan nilai SKP di atas {poin(top.lower)} (+{poin(best - kinerja)})")
    if steps:
        parts.append("Nilai dapat naik dengan " + "; ".join(steps) + ".")
    elif not parts:
        parts.append("Nilai sudah maksimal pada dimensi yang dapat diupayakan.")
    return " ".join(parts)


# --- aggregation ----------------------------------------------------------------------------

# Labels of the total rows, in the Unit Kerja and Status columns. Each says what it totals, so
# the row of all PNS and the row of everyone do not look alike where every employee is a PNS.
SELURUH = "Seluruh Pegawai"  # Unit Kerja of the row over everyone
SEMUA_STATUS = "Semua Status"  # its Status


def jumlah_status(status: str) -> str:
    """Unit Kerja of the total row of one status over all units, e.g. ``Jumlah PNS``."""
    return f"Jumlah {status}"


def baris_jumlah(unit_kerja: object, status: object) -> bool:
    """True for a total row of the recap (of one status over all units, or over everyone)."""
    return unit_kerja == SELURUH or (
        isinstance(status, str) and unit_kerja == jumlah_status(status)
    )


STATUS_KOSONG = "(Status kosong)"
UNIT_KOSONG = "(Unit kosong)"


def _labels(values: pd.Series, blank: str) -> pd.Categorical:
    """Trimmed text labels as a categorical (cleaned once per distinct value)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    cleaned = [blank if is_blank(u) else str(u).strip() for u in uniques]
    names = np.array([*cleaned, blank], dtype=object)[codes]
    return pd.Categorical(names)


def rekap(
    scores: pd.DataFrame,
    unit: pd.Series,
    status: pd.Series,
    *,
    data_kosong: DataKosong | str = DataKosong.NOL,
    aturan: str | AturanIpasn = DEFAULT_ATURAN,
    desimal: int = 2,
    pembulatan: Pembulatan | str = Pembulatan.HALF_UP,
) -> pd.DataFrame:
    """Means per unit and status, per status over all units, and one row for everyone.

    Columns: ``unit``, ``status``, ``jumlah``, ``lengkap``, the four dimensions, ``total``
    (Nilai IP ASN), ``kategori`` and ``catatan``. Every mean is taken over the employees'
    shown values (rounded by ``desimal`` / ``pembulatan``, as their cells show them), summed
    exactly and rounded once; ``total`` is the mean of the shown Nilai IP ASN (total over count,
    as SIMPEG systems compute it). When the shown dimension means do not add up to the shown
    ``total`` because of rounding, ``catatan`` says so. With ``Kecualikan`` incomplete rows are
    left out of the means; with ``Nol`` their missing parts count as 0. ``jumlah`` and
    ``lengkap`` always show the coverage.
    """
    rules = aturan if isinstance(aturan, AturanIpasn) else load_aturan(aturan)
    mode = DataKosong.parse(data_kosong) if not isinstance(data_kosong, DataKosong) else data_kosong
    bulat = Pembulatan.parse(pembulatan)
    figures = [*DIMENSI, "total"]
    totals = scores["total"] if "total" in scores else scores[list(DIMENSI)].sum(axis=1)
    lengkap = scores["lengkap"].to_numpy(dtype=bool)
    counted = np.ones(len(scores), dtype=bool) if mode is DataKosong.NOL else lengkap
    weights, present = {}, {}
    for column in figures:
        values = totals if column == "total" else scores[column]
        whole = _shown_units(values.to_numpy(dtype="float64"), desimal, bulat)
        missing = np.isnan(whole)
        present[column] = counted & ~missing if missing.any() else counted
        weights[column] = np.where(present[column], whole, 0.0)
    units_cat, status_cat = _labels(unit, UNIT_KOSONG), _labels(status, STATUS_KOSONG)
    n_status = len(status_cat.categories)
    pair = units_cat.codes.astype(np.int64) * n_status + status_cat.codes.astype(np.int64)
    # Only the (unit, status) pairs that occur, in pair order: a table of every unit by every
    # status grows with their product (10,000 units by 10,000 typed statuses: 10^8 cells).
    observed, key = np.unique(pair, return_inverse=True)
    key = key.reshape(-1)
    size = len(observed)
    status_of = observed % n_status
    # Exact sums per unit and status, rolled up per status and for everyone.
    sums = {
        "jumlah": np.bincount(key, minlength=size).astype(np.int64),
        "lengkap": np.bincount(key, weights=lengkap, minlength=size).astype(np.int64),
    }
    counts: dict[int, np.ndarray] = {}
    for column in figures:
        mask = present[column]
        if id(mask) not in counts:
            counts[id(mask)] = np.bincount(key, weights=mask, minlength=size).astype(np.int64)
        sums[f"n_{column}"] = counts[id(mask)]
        sums[f"u_{column}"] = _group_sums(key, weights[column], size)
    per_status = {k: _per_status(v, status_of, n_status) for k, v in sums.items()}
    overall = {k: np.array([v.sum()], dtype=v.dtype) for k, v in sums.items()}
    labels = [
        ([(units_cat.categories[g // n_status], status_cat.categories[g % n_status])
          for g in observed.tolist()], sums),
        ([(jumlah_status(c), c) for c in status_cat.categories], per_status),
        ([(SELURUH, SEMUA_STATUS)], overall),
    ]  # fmt: skip
    rows = []
    for names, part_sums in labels:
        # Built in one call: column by column, pandas' bookkeeping outweighs these few rows.
        named = np.empty((len(names), 2), dtype=object)
        named[:] = names if names else np.empty((0, 2), dtype=object)
        part = pd.DataFrame(
            {
                # Object, as the labels always were: pandas would infer a string dtype.
                "unit": pd.Series(named[:, 0], dtype=object),
                "status": pd.Series(named[:, 1], dtype=object),
                "jumlah": part_sums["jumlah"],
                "lengkap": part_sums["lengkap"],
                **{
                    column: divide_units(
                        part_sums[f"u_{column}"], part_sums[f"n_{column}"], desimal, bulat
                    )
                    for column in figures
                },
            }
        )
        rows.append(part)
    table = pd.concat(rows, ignore_index=True)
    table["kategori"] = rules.skala_kategori.classify(table["total"])
    table["catatan"] = _catatan_rekap(table, desimal)
    table["jumlah"] = table["jumlah"].astype(int)
    table["lengkap"] = table["lengkap"].astype(int)
    return table[["unit", "status", "jumlah", "lengkap", *figures, "kategori", "catatan"]]


def _shown_units(values: np.ndarray, desimal: int, bulat: Pembulatan) -> np.ndarray:
    """The employees' shown values as whole numbers of their last decimal place (floats holding
    integers; NaN stays NaN)."""
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = values * 10.0 ** int(desimal)
        whole = np.rint(scaled)
        if (
            np.array_equal(scaled, whole, equal_nan=True)
            and not (np.abs(whole) >= 2.0**53).any()
            and 0 <= int(desimal) <= 15  # what units() takes; any other Desimal is refused below
        ):
            return whole  # already on the grid, as IP-ASN points (multiples of 0,5) mostly are
    shown_values = round_series(values, desimal, bulat).to_numpy()
    counted = units(shown_values, desimal)
    if counted is None:
        raise ValueError(f"Desimal {desimal} di luar rentang 0 sampai 10.")
    return np.where(np.isnan(shown_values), np.nan, counted.astype("float64"))


def _per_status(sums: np.ndarray, status_of: np.ndarray, n_status: int) -> np.ndarray:
    """The sums of the (unit, status) groups added up per status, exactly (int64 or, for the
    Python-integer sums of :func:`_group_sums`, object)."""
    out = np.zeros(n_status, dtype=sums.dtype)
    np.add.at(out, status_of, sums)
    return out


def _group_sums(key: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Exact sums per group of whole numbers: in float64 while every partial sum is an exact
    integer there, else with Python integers."""
    if float(np.abs(values).sum()) < 2.0**53:
        return np.rint(np.bincount(key, weights=values, minlength=size)).astype(np.int64)
    sums = [0] * size
    for k, v in zip(key.tolist(), values.tolist(), strict=True):
        sums[k] += int(v)
    return np.array(sums, dtype=object)


def _catatan_rekap(table: pd.DataFrame, desimal: int) -> pd.Series:
    """Say where the shown dimension means do not add up to the shown Nilai IP ASN."""
    # Never None: _shown_units refused a desimal units() rejects, and the means are on its grid.
    dims = np.stack(
        [cast(np.ndarray, units(table[d].to_numpy(), desimal)) for d in DIMENSI], axis=1
    )
    total = units(table["total"].to_numpy(), desimal)
    complete = table[[*DIMENSI, "total"]].notna().all(axis=1).to_numpy()
    differs = complete & (dims.sum(axis=1) != total)
    texts: list[str | None] = [None] * len(table)
    means = {d: table[d].tolist() for d in (*DIMENSI, "total")}
    for i in np.flatnonzero(differs).tolist():
        added = sum(float(means[d][i]) for d in DIMENSI)
        texts[i] = (
            f"Jumlah rata-rata dimensi yang ditampilkan ({format_id(added, desimal)}) berbeda "
            f"dengan Nilai IP ASN ({format_id(means['total'][i], desimal)}) karena "
            "pembulatan; Nilai IP ASN adalah rata-rata Nilai IP ASN pegawai."
        )
    return pd.Series(texts, index=table.index, dtype="object")


def selisih(
    skor: dict[str, float | None],
    aturan: str | AturanIpasn = DEFAULT_ATURAN,
    desimal: int = 2,
    pembulatan: Pembulatan | str = Pembulatan.HALF_UP,
) -> pd.DataFrame:
    """The gap of each dimension to its weight, as reports print it (columns ``dimensi``,
    ``bobot``, ``skor``, ``selisih``): the exact difference of the shown score, rounded once."""
    rules = aturan if isinstance(aturan, AturanIpasn) else load_aturan(aturan)
    rows = []
    for d in DIMENSI:
        value = skor.get(d)
        gap = None
        if value is not None and np.isfinite(value):
            gap = fraction_of(rules.bobot[d]) - fraction_of(value)
        rows.append(
            {
                "dimensi": rules.labels[d],
                "bobot": rules.bobot[d],
                "skor": value,
                "selisih": round_value(gap, desimal, pembulatan),
            }
        )
    return pd.DataFrame(rows)


def kualifikasi_rata_rata(pendidikan_counts: dict[str, int], aturan: str = DEFAULT_ATURAN) -> float:
    """Mean kualifikasi score over an education table (code -> count of employees)."""
    rules = load_aturan(aturan)
    total = sum(pendidikan_counts.values())
    if total == 0:
        raise ValueError("Tabel pendidikan kosong.")
    points = sum(rules.kualifikasi[ALIAS_PENDIDIKAN[_key(code)]] * count
                 for code, count in pendidikan_counts.items())  # fmt: skip
    return points / total


def ipasn_pegawai(
    pendidikan: Any = None,
    jenis_jabatan: Any = None,
    diklat_jenjang: Any = None,
    jp_diklat_teknis: Any = None,
    seminar: Any = None,
    nilai_skp: Any = None,
    hukuman_disiplin: Any = None,
    predikat_skp: Any = None,
    aturan: str = DEFAULT_ATURAN,
) -> dict[str, Any]:
    """One employee: the four dimensions, ``total``, ``kategori``, ``lengkap`` and ``saran``.

    ``jp_diklat_teknis`` and ``nilai_skp`` are read by the workbook's rules (``"24"``,
    ``"88,5"``); what the workbook would report (``"1.234"``, True) raises
    ``NilaiTidakTerbaca``. As in the worksheet function, a predikat SKP given as ``nilai_skp``
    is read as the predikat.
    """
    jp_diklat_teknis = angka_masukan(jp_diklat_teknis, "JP Diklat Teknis")
    as_predikat = (
        isinstance(nilai_skp, str)
        and predikat_skp is None
        and parse_number(nilai_skp).code is Kode.NOT_A_NUMBER
    )
    if as_predikat:
        nilai_skp, predikat_skp = None, nilai_skp
    nilai_skp = angka_masukan(nilai_skp, "Nilai SKP")
    row = {
        "pendidikan": pendidikan,
        "jenis_jabatan": jenis_jabatan,
        "diklat_jenjang": diklat_jenjang,
        "jp_diklat_teknis": jp_diklat_teknis,
        "seminar": seminar,
        "nilai_skp": nilai_skp,
        "hukuman_disiplin": hukuman_disiplin,
        "predikat_skp": predikat_skp,
    }
    frame = pd.DataFrame([row], dtype="object")
    scored = skor_pegawai(frame, aturan).iloc[0]
    return {
        **{d: float(scored[d]) for d in DIMENSI},
        "total": float(scored["total"]),
        "kategori": scored["kategori"],
        "lengkap": bool(scored["lengkap"]),
        "saran": scored["saran"],
    }
