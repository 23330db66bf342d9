"""Predikat: labels from band tables.

A band is given by its lower bound and whether that bound is inclusive; it reaches up to the next
band's lower bound. The top band is open (values above 100 keep the top label, as reports rate
107 or 472), and the bottom band has no lower bound, so a valid table classifies every real number
exactly once. Tables typed by users in ``Pengaturan`` are validated for order, gaps and overlaps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from lkjip_xl.core import presets
from lkjip_xl.core.problems import Kode, teks_diketik
from lkjip_xl.core.values import angka_masukan, is_blank, parse_number


@dataclass(frozen=True, slots=True)
class Band:
    """One band of a scale: its label and the value it starts at."""

    label: str
    lower: float | None  # None: no lower bound (the bottom band)
    inclusive: bool = False
    colour: str | None = None
    keterangan: str | None = None

    def describe(self) -> str:
        if self.lower is None:
            return "nilai lainnya"
        return f"{'>=' if self.inclusive else '>'} {_fmt(self.lower)}"

    def covers(self, value: Any) -> Any:
        """Whether ``value`` is at or above this band's lower bound; NaN never is. One
        expression for a float and a numpy array: the scalar and the vectorised path share it."""
        if self.lower is None:
            return value == value
        return value >= self.lower if self.inclusive else value > self.lower

    @property
    def _key(self) -> tuple[float, int]:
        # A band starting just above b sits above one starting at b.
        lower = -math.inf if self.lower is None else self.lower
        return (lower, 0 if self.inclusive else 1)


def _fmt(number: float) -> str:
    text = f"{number:g}"
    return text.replace(".", ",")


@dataclass(frozen=True, slots=True)
class BandProblem:
    """What is wrong with a band table, and at which row."""

    code: Kode
    row: int  # 0-based position in the table as given; -1 for the table as a whole
    message: str


class SkalaError(ValueError):
    """A band table that cannot classify; carries every problem found."""

    def __init__(self, problems: list[BandProblem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


@dataclass(frozen=True, slots=True)
class Skala:
    """A validated band table, top band first."""

    name: str
    bands: tuple[Band, ...]
    version: str = ""
    title: str = ""
    source: str = ""

    @classmethod
    def from_bands(cls, name: str, bands: list[Band], **meta: str) -> Skala:
        problems = validate_bands(bands)
        if problems:
            raise SkalaError(problems)
        return cls(name, tuple(bands), **meta)

    @property
    def labels(self) -> list[str]:
        return [band.label for band in self.bands]

    def band_of(self, value: float | None) -> Band | None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        for band in self.bands:
            if band.covers(value):
                return band
        return None

    def classify_one(self, value: float | None) -> str | None:
        band = self.band_of(value)
        return band.label if band else None

    def classify(self, values: pd.Series | np.ndarray | list[float]) -> pd.Series:
        """Label every value; NaN (not filled or not computable) gets None."""
        series = values if isinstance(values, pd.Series) else pd.Series(values, dtype=np.float64)
        array = series.to_numpy(dtype="float64")
        return pd.Series(
            self.labels_array()[self.band_index(array)], index=series.index, dtype=object
        )

    def labels_array(self) -> np.ndarray:
        """Labels by band index, with None at index ``len(bands)`` (no band)."""
        return np.array([*self.labels, None], dtype=object)

    def band_index(self, array: np.ndarray) -> np.ndarray:
        """The index of each value's band; ``len(bands)`` for NaN."""
        index = np.full(array.shape, len(self.bands), dtype=np.int16)
        # Walk from the bottom band up so that the highest matching band wins.
        for position in range(len(self.bands) - 1, -1, -1):
            index[self.bands[position].covers(array)] = position
        return index

    def describe(self) -> str:
        return "; ".join(f"{band.label} {band.describe()}" for band in self.bands)


def validate_bands(bands: list[Band]) -> list[BandProblem]:
    """Problems of a band table given top band first: order, overlaps, gaps, blank labels."""
    problems: list[BandProblem] = []
    if not bands:
        return [BandProblem(Kode.EMPTY_SCALE, -1, "Tabel skala kosong.")]
    for index, band in enumerate(bands):
        if not str(band.label or "").strip():
            problems.append(
                BandProblem(Kode.BLANK_LABEL, index, f"Baris {index + 1}: label kosong.")
            )
        if band.lower is None and index != len(bands) - 1:
            problems.append(
                BandProblem(
                    Kode.BAND_ORDER,
                    index,
                    f"Baris {index + 1} ({band.label}) tanpa batas bawah harus menjadi "
                    "baris terakhir.",
                )
            )
    for index in range(1, len(bands)):
        upper, lower = bands[index - 1], bands[index]
        if upper._key == lower._key:
            problems.append(
                BandProblem(
                    Kode.BAND_OVERLAP,
                    index,
                    f"Baris {index + 1} ({lower.label}) tumpang tindih dengan baris {index} "
                    f"({upper.label}): batas bawahnya sama.",
                )
            )
        elif upper._key < lower._key:
            problems.append(
                BandProblem(
                    Kode.BAND_ORDER,
                    index,
                    f"Baris {index + 1} ({lower.label}) harus di atas baris {index} "
                    f"({upper.label}): urutkan dari batas bawah tertinggi ke terendah.",
                )
            )
    if bands[-1].lower is not None:
        problems.append(
            BandProblem(
                Kode.BAND_GAP,
                len(bands) - 1,
                f"Nilai {'di bawah' if bands[-1].inclusive else 'sampai dengan'} "
                f"{_fmt(bands[-1].lower)} tidak punya predikat: baris terakhir harus tanpa batas "
                "bawah.",
            )
        )
    labels = [band.label for band in bands]
    for index, label in enumerate(labels):
        if label and labels.index(label) != index:
            problems.append(
                BandProblem(
                    Kode.DUPLICATE_LABEL,
                    index,
                    f"Baris {index + 1}: label {teks_diketik(str(label))} ganda.",
                )
            )
    return problems


_TRUE = {"ya", "y", "true", "benar", "1", ">=", "inklusif", "termasuk"}
_FALSE = {"tidak", "t", "false", "salah", "0", ">", "eksklusif", "", "none"}


def parse_inclusive(flag: Any) -> bool | None:
    """Whether a band's lower bound is inclusive, by its "Termasuk Batas" cell (``Ya``, ``>=``,
    ``inklusif``; ``Tidak``, ``>``, blank); None when the cell says neither."""
    if isinstance(flag, bool):
        return flag
    key = "" if is_blank(flag) else str(flag).strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return None


def bands_from_rows(rows: list[dict[str, Any]]) -> tuple[list[Band], list[BandProblem]]:
    """Bands from raw table rows (keys ``label``, ``lower``, ``inclusive``, ``colour``)."""
    bands: list[Band] = []
    problems: list[BandProblem] = []
    for index, row in enumerate(rows):
        lower_raw = row.get("lower")
        lower = None
        if not is_blank(lower_raw):
            parsed = parse_number(lower_raw)
            if parsed.is_number:
                lower = parsed.value
            else:
                problems.append(
                    BandProblem(
                        Kode.BAD_BOUND, index, f"Baris {index + 1}: batas bawah {parsed.message}"
                    )
                )
                continue
        flag = row.get("inclusive")
        inclusive = parse_inclusive(flag)
        if inclusive is None:
            problems.append(
                BandProblem(
                    Kode.BAD_FLAG,
                    index,
                    f"Baris {index + 1}: isian 'Termasuk Batas' {flag!r} harus Ya atau Tidak.",
                )
            )
            continue
        colour = row.get("colour")
        bands.append(
            Band(
                label=str(row.get("label") or "").strip(),
                lower=lower,
                inclusive=inclusive,
                colour=None if is_blank(colour) else str(colour).strip(),
            )
        )
    if not problems:
        problems = validate_bands(bands)
    return bands, problems


def load_preset(name: str = "sakip") -> Skala:
    """A built-in scale by name (see ``preset_names``)."""
    document = presets.load("skala", name)
    bands = [
        Band(
            label=b["label"],
            lower=b["lower"],
            inclusive=b["inclusive"],
            colour=b.get("colour"),
            keterangan=b.get("keterangan"),
        )
        for b in document["bands"]
    ]
    return Skala.from_bands(
        name,
        bands,
        version=document["version"],
        title=document.get("title", ""),
        source=document.get("source", ""),
    )


def preset_names() -> list[str]:
    return presets.names("skala")


def resolve(skala: str | Skala) -> Skala:
    return skala if isinstance(skala, Skala) else load_preset(skala)


def predikat(nilai: Any, skala: str | Skala = "sakip") -> str | None:
    """The label of one value; None when the value is not filled or not computable.

    A text is read by the workbook's rules (``"95,45"``); what the workbook would report
    raises ``NilaiTidakTerbaca``.
    """
    value = angka_masukan(nilai, "Nilai")
    if value is None or not math.isfinite(value):
        return None
    return resolve(skala).classify_one(value)
