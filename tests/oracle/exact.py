"""The rules of docs/DESIGN.md §4 in exact rational arithmetic (the oracle's final authority).

Written from the rules text, never from lkjip_xl: every input is the decimal number its cell
holds (``Fraction`` of the decimal text), every difference, ratio and product is exact, and a
shown figure is rounded once to ``Desimal`` places, half away from zero (Excel's ROUND) or by
dropping the extra digits (``Potong``).  Labels (predikat, status, kategori) are read from the
shown number, because "a later computation uses the number the cell shows".
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from fractions import Fraction

# A result whose exact value lies beyond the largest double cannot be held by a cell: §4
# calls it "not finite" (a float computation overflows to infinity there).
FLOAT_MAX = Fraction(sys.float_info.max)


def exact(value: object) -> Fraction | None:
    """The decimal number a cell holds, or None for a blank.

    A float read from the file is the double nearest to the decimal the cell's XML spells;
    ``repr`` gives back that shortest decimal text, the number the user typed.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise TypeError("booleans are not numbers in these workbooks")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"non-finite input {value!r}")
        return Fraction(repr(value))
    raise TypeError(f"not a number: {value!r}")


def finite(value: Fraction) -> bool:
    return abs(value) <= FLOAT_MAX


@dataclass(frozen=True)
class Rounding:
    """`Desimal` and `Pembulatan` of a workbook."""

    desimal: int
    potong: bool  # True: "Potong" (truncate), False: "Setengah ke atas" (half away from zero)

    def shown(self, value: Fraction) -> Fraction:
        """The number the cell shows: ``value`` rounded once."""
        scale = Fraction(10) ** self.desimal
        scaled = abs(value) * scale
        whole = math.floor(scaled) if self.potong else math.floor(scaled + Fraction(1, 2))
        return Fraction(whole if value >= 0 else -whole) / scale

    def near_boundary(self, value: Fraction) -> bool:
        """True when floating point cannot be trusted to round ``value`` as exact arithmetic does.

        The rounding boundaries are the integers (truncate) or the halves (half up) of the last
        shown decimal; a double lands on the wrong side of one when the exact value sits on it
        or within a few units of the last binary place.
        """
        scaled = abs(value) * Fraction(10) ** self.desimal
        boundary = Fraction(0) if self.potong else Fraction(1, 2)
        offset = (scaled - boundary) - math.floor(scaled - boundary)
        distance = min(offset, 1 - offset)
        return distance <= max(Fraction(1, 10**6), scaled / 10**12)


@dataclass(frozen=True)
class Band:
    label: str
    lower: Fraction | None  # None: the bottom band ("otherwise")
    inclusive: bool


def bands(*rows: tuple[str, float | int | None, bool]) -> tuple[Band, ...]:
    """Bands from the top down: (label, lower bound, lower bound inclusive)."""
    return tuple(
        Band(label, None if lower is None else Fraction(str(lower)), inclusive)
        for label, lower, inclusive in rows
    )


def classify(value: Fraction | None, scale: tuple[Band, ...]) -> str | None:
    """The first band from the top whose lower bound ``value`` passes; None for no value."""
    if value is None or not scale:
        return None
    for band in scale:
        if band.lower is None:
            return band.label
        if value > band.lower or (band.inclusive and value == band.lower):
            return band.label
    return None


# Presets, bounds as tests/data/reference/README.md gives them (DESIGN.md §4 points there).
SAKIP = bands(
    ("AA", 90, False),
    ("A", 80, False),
    ("BB", 70, False),
    ("B", 60, False),
    ("CC", 50, False),
    ("C", 30, False),
    ("D", None, False),
)
BERHASIL = bands(
    ("Sangat Berhasil", 85, True),
    ("Berhasil", 70, True),
    ("Cukup Berhasil", 55, True),
    ("Tidak Berhasil", None, False),
)
PERMENDAGRI86 = bands(
    ("Sangat Tinggi", 91, True),
    ("Tinggi", 76, True),
    ("Sedang", 66, True),
    ("Rendah", 51, True),
    ("Sangat Rendah", None, False),
)
IPASN = bands(
    ("Sangat Tinggi", 90, False),
    ("Tinggi", 80, False),
    ("Sedang", 70, False),
    ("Rendah", 60, False),
    ("Sangat Rendah", None, False),
)
SKP = bands(
    ("Sangat Baik", 90, False),
    ("Baik", 75, False),
    ("Cukup", 60, False),
    ("Kurang", 50, False),
    ("Buruk", None, False),
)
TERCAPAI = bands(
    ("Melebihi Target", 100, False), ("Tercapai", 100, True), ("Tidak Tercapai", None, False)
)
MENCAPAI = bands(("Mencapai Target", 100, True), ("Belum Tercapai", None, False))
PRESETS = {
    "sakip": SAKIP,
    "berhasil": BERHASIL,
    "permendagri86": PERMENDAGRI86,
    "ipasn": IPASN,
    "skp": SKP,
    "tercapai": TERCAPAI,
    "mencapai": MENCAPAI,
}
# "Default categories for rasio: below 1 Kurang Efisien, 1 up to 1,5 Efisien, 1,5 and above
# Sangat Efisien" (§4); the template's tblSkalaEfisiensi holds the same.
EFISIENSI_RASIO = bands(
    ("Sangat Efisien", 1.5, True), ("Efisien", 1, True), ("Kurang Efisien", None, False)
)

BELUM_DIISI = "Belum Diisi"
TIDAK_DAPAT = "Tidak Dapat Dihitung"


@dataclass(frozen=True)
class Capaian:
    """One capaian: its state, the exact value before rounding, and the shown value."""

    status: str  # Belum Diisi / Tidak Dapat Dihitung / Melebihi Target / Tercapai / Tidak Tercapai
    raw: Fraction | None  # after floor and cap, before rounding
    shown: Fraction | None


def capaian(
    target: Fraction | None,
    realisasi: Fraction | None,
    negatif: bool,
    *,
    metode_negatif: str,
    batas_bawah_nol: bool,
    batas_atas: Fraction | None,
    rounding: Rounding,
) -> Capaian:
    """§4 Capaian: positif R/T x 100; negatif lan (2T - R)/T x 100 or invers T/R x 100."""
    if target is None or realisasi is None:
        return Capaian(BELUM_DIISI, None, None)
    if target <= 0:  # target 0, or a negative target: not computable
        return Capaian(TIDAK_DAPAT, None, None)
    if not negatif:
        value = realisasi / target * 100
    elif metode_negatif == "lan":
        value = (2 * target - realisasi) / target * 100
    else:
        if realisasi == 0:
            return Capaian(TIDAK_DAPAT, None, None)
        value = target / realisasi * 100
    if not finite(value):
        return Capaian(TIDAK_DAPAT, None, None)
    if negatif and batas_bawah_nol:  # the floor applies to Negatif only
        value = max(Fraction(0), value)
    if batas_atas is not None:
        value = min(batas_atas, value)
    shown = rounding.shown(value)
    if shown > 100:
        status = "Melebihi Target"
    elif shown == 100:
        status = "Tercapai"
    else:
        status = "Tidak Tercapai"
    return Capaian(status, value, shown)


def mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None
