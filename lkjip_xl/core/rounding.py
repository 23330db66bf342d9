"""Rounding of reported figures: half up (as Excel's ROUND) or truncate, at N decimals.

Python's ``round`` rounds halves to even and works on the binary float, so 95.445 becomes 95.44.
Reports are computed in Excel, which rounds the number as it shows it (15 significant digits)
half away from zero. The engine does the same: a float is first read at 15 significant digits,
so a decimal input such as 95.445 (stored as 95.44499999999999) rounds to 95.45.

Shown figures are exact: inputs are the decimals the cells hold (at most 15 significant digits),
and every difference, ratio and product is the exact decimal result on them, rounded once.
Binary floats would let artefacts through (76 - 75.79 is 0.20999999999999375, truncated 0.20).
For speed, figures are computed in floats and only the values that lie within a hair of a
rounding boundary (or that overflow) are computed again exactly, as :class:`Fraction` built from
the 15-significant-digit decimal of each input: :func:`shown`. Means of shown values are summed
exactly as integers of the last decimal place: :func:`mean_shown`, :func:`divide_units`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

SIGNIFICANT_DIGITS = 15

#: The places a workbook's ``Desimal`` may ask for, and the default. Declared once: the
#: template's validation, the settings reader, the shown formats and the report all use these.
DESIMAL_MIN, DESIMAL_MAX, DESIMAL_DEFAULT = 0, 10, 2


def desimal_valid(value: int | None) -> bool:
    """Whether ``value`` is a ``Desimal`` the engine accepts."""
    return value is not None and DESIMAL_MIN <= value <= DESIMAL_MAX


class Pembulatan(StrEnum):
    """How an exact result becomes the figure a cell shows."""

    HALF_UP = "half_up"
    TRUNCATE = "truncate"

    @classmethod
    def parse(cls, text: str | Pembulatan) -> Pembulatan:
        """Accept the English codes and the Indonesian labels used in the workbook."""
        if isinstance(text, Pembulatan):
            return text
        key = str(text).strip().lower().replace(" ", "_").replace("-", "_")
        aliases = {
            "half_up": cls.HALF_UP,
            "setengah_ke_atas": cls.HALF_UP,
            "pembulatan_biasa": cls.HALF_UP,
            "biasa": cls.HALF_UP,
            "truncate": cls.TRUNCATE,
            "potong": cls.TRUNCATE,
            "dipotong": cls.TRUNCATE,
        }
        try:
            return aliases[key]
        except KeyError:
            raise ValueError(f"Metode pembulatan tidak dikenal: {text!r}") from None


_MODES = {Pembulatan.HALF_UP: ROUND_HALF_UP, Pembulatan.TRUNCATE: ROUND_DOWN}


def _as_decimal(value: float) -> Decimal:
    return Decimal(format(value, f".{SIGNIFICANT_DIGITS}g"))


def round_value(
    value: float | int | Decimal | Fraction | None,
    decimals: int = 2,
    mode: Pembulatan | str = Pembulatan.HALF_UP,
) -> float | None:
    """Round one number; ``None`` and NaN stay ``None`` (not filled is never 0)."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        if beyond_excel(value):  # nothing a cell shows (float() overflowed past 1.8e308)
            return None
        return as_float(round_fraction(value, decimals, mode))
    if isinstance(value, Decimal):
        exact = value
    else:
        number = float(value)
        if not np.isfinite(number):
            return None
        exact = Decimal(int(value)) if isinstance(value, int) else _as_decimal(number)
    quantum = Decimal(1).scaleb(-int(decimals))
    try:
        rounded = exact.quantize(quantum, rounding=_MODES[Pembulatan.parse(mode)])
    except InvalidOperation:
        # More digits than Decimal's context holds: the value is far beyond any reported figure.
        return float(exact)
    result = float(rounded)
    return 0.0 if result == 0 else result


def round_series(
    values: pd.Series | np.ndarray | list[Any],
    decimals: int = 2,
    mode: Pembulatan | str = Pembulatan.HALF_UP,
) -> pd.Series:
    """Round every number of a Series as the cell shows it; NaN stays NaN.

    A value that is not finite or beyond Excel's largest number has nothing to show: NaN.
    """
    series = pd.Series(values, dtype="float64") if not isinstance(values, pd.Series) else values
    series = series.astype("float64")
    out, _ = shown(series.to_numpy(), decimals, mode)
    return pd.Series(out, index=series.index, name=series.name)


# --- exact results at vectorised speed --------------------------------------------------------

EXCEL_MAX = 9.99999999999999e307  # the largest number a cell holds
_EXCEL_MAX = Fraction(Decimal("9.99999999999999e307"))
# A float result of a few operations on decimal inputs is within about 1e-15 (relative to the
# size of its terms) of the exact result; values this close to a boundary are computed exactly.
HAIR = 1e-12
_HALF = Fraction(1, 2)
Exact = Callable[[np.ndarray], Sequence[Fraction | None]]


def fraction_of(value: Any) -> Fraction:
    """The decimal a cell holds for ``value``: a float read at 15 significant digits, as Excel
    shows it; a Fraction or Decimal as it is."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Decimal):
        return Fraction(value)
    return Fraction(_as_decimal(float(value)))


def round_fraction(value: Fraction, decimals: int, mode: Pembulatan | str) -> Fraction:
    """``value`` rounded once at ``decimals`` places: half away from zero, or toward zero."""
    unit = Fraction(10) ** -int(decimals)
    scaled = abs(value) / unit
    if Pembulatan.parse(mode) is Pembulatan.HALF_UP:
        whole = math.floor(scaled + _HALF)
    else:
        whole = math.floor(scaled)
    return (whole if value >= 0 else -whole) * unit


def as_float(value: Fraction) -> float:
    return float(value) + 0.0  # no -0.0


def beyond_excel(value: Fraction) -> bool:
    """True when a cell could not hold ``value`` (Excel's numbers stop below 1E+308)."""
    return abs(value) > _EXCEL_MAX


def not_finite(values: np.ndarray) -> np.ndarray:
    """Filled values that are infinite or beyond Excel's largest number (NaN is blank: False)."""
    with np.errstate(invalid="ignore"):
        return ~np.isnan(values) & ~(np.abs(values) <= EXCEL_MAX)


def doubtful(
    values: np.ndarray,
    decimals: int | None,
    mode: Pembulatan,
    scale: np.ndarray | None = None,
) -> np.ndarray:
    """The values whose shown figure a float cannot settle: not finite or beyond Excel, past the
    float's resolution, or within a hair of a rounding boundary. ``scale`` is the size of the
    largest term the value was computed from (a difference of large terms has a large error)."""
    out = not_finite(values)
    if decimals is None:
        return out
    finite = ~np.isnan(values) & ~out
    with np.errstate(invalid="ignore", over="ignore"):
        factor = 10.0 ** int(decimals)
        scaled = np.abs(np.where(finite, values, 0.0)) * factor
        size = scaled
        if scale is not None:
            size = np.maximum(scaled, np.abs(np.where(finite, scale, 0.0)) * factor)
            out |= finite & ~np.isfinite(np.asarray(scale, dtype="float64"))
        frac = scaled - np.floor(scaled)
        if mode is Pembulatan.HALF_UP:
            distance = np.abs(frac - 0.5)
        else:
            distance = np.minimum(frac, 1.0 - frac)
        out |= finite & ((distance <= HAIR * size) | ~(scaled < 2.0**52))
    if int(decimals) > 15 or int(decimals) < 0:
        out |= finite
    return out


def round_floats(values: np.ndarray, decimals: int, mode: Pembulatan) -> np.ndarray:
    """Float rounding, right wherever :func:`doubtful` is False."""
    with np.errstate(invalid="ignore", over="ignore"):
        factor = 10.0 ** int(decimals)
        scaled = np.abs(values) * factor
        whole = np.floor(scaled)
        if mode is Pembulatan.HALF_UP:
            whole = whole + (scaled - whole >= 0.5)
        return np.copysign(whole, values) / factor + 0.0


def shown(
    values: np.ndarray | Sequence[float],
    decimals: int | None,
    mode: Pembulatan | str = Pembulatan.HALF_UP,
    *,
    exact: Exact | None = None,
    scale: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Exact figures from float ones: ``(figures, too_large)``.

    ``values`` are float results (NaN: no value). ``exact(positions)`` gives the exact results
    at those positions (None when there is none); without it a value stands for the decimal it
    shows at 15 significant digits. With ``decimals`` every figure is rounded once by ``mode``;
    with None it keeps full precision and only values that overflow a float are redone.
    ``too_large`` marks results no cell can hold (infinite, or beyond Excel's largest number):
    their figure is NaN.
    """
    array = np.asarray(values, dtype="float64")
    mode = Pembulatan.parse(mode)
    doubt = doubtful(array, decimals, mode, scale)
    out = round_floats(array, decimals, mode) if decimals is not None else array.copy()
    too_large = np.zeros(array.shape, dtype=bool)
    positions = np.flatnonzero(doubt)
    if not len(positions):
        return out, too_large
    if exact is None:
        # One exact rounding per distinct value (rosters repeat few values).
        uniques, inverse = np.unique(array[positions], return_inverse=True)
        figures = [_figure(_value_fraction(u), decimals, mode) for u in uniques]
        results = [figures[i] for i in inverse]
    else:
        results = [_figure(f, decimals, mode) for f in exact(positions)]
    for position, figure in zip(positions, results, strict=True):
        if figure is None:
            out[position], too_large[position] = np.nan, True
        else:
            out[position] = figure
    return out, too_large


def _value_fraction(value: float) -> Fraction | None:
    return fraction_of(value) if abs(value) <= EXCEL_MAX else None


def _figure(value: Fraction | None, decimals: int | None, mode: Pembulatan) -> float | None:
    if value is None or beyond_excel(value):
        return None
    return as_float(value if decimals is None else round_fraction(value, decimals, mode))


def mean_shown(
    values: Sequence[float] | np.ndarray, decimals: int | None, mode: Pembulatan | str
) -> float:
    """The mean of shown values (NaN left out), summed exactly and rounded once; NaN for none."""
    array = np.asarray(values, dtype="float64")
    array = array[~np.isnan(array)]
    if not len(array):
        return np.nan
    uniques, counts = np.unique(array, return_counts=True)
    total = sum((fraction_of(u) * int(c) for u, c in zip(uniques, counts, strict=True)),
                Fraction(0))  # fmt: skip
    figure = _figure(total / len(array), decimals, Pembulatan.parse(mode))
    return np.nan if figure is None else figure


def units(values: np.ndarray, decimals: int) -> np.ndarray | None:
    """Shown values as whole numbers of their last decimal place (int64), or None when one of
    them is not such a value or past the integers a float holds exactly."""
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = np.asarray(values, dtype="float64") * 10.0 ** int(decimals)
        whole = np.rint(scaled)
        ok = np.isnan(scaled) | ((np.abs(scaled - whole) < 1e-3) & (np.abs(whole) < 2.0**53))
    if not ok.all() or not 0 <= int(decimals) <= 15:
        return None
    return np.where(np.isnan(whole), 0, whole).astype(np.int64)


def divide_units(
    total: np.ndarray, count: np.ndarray, decimals: int, mode: Pembulatan | str
) -> np.ndarray:
    """``total / count`` rounded once, in whole units of the last decimal place, as figures
    (NaN where ``count`` is 0). Exact integer arithmetic: int64 while ``2 * total`` fits (sums
    of :func:`units` over any roster), Python integers for an object array."""
    total = np.asarray(total)
    if total.dtype != object:
        total = total.astype(np.int64)
    count = np.asarray(count, dtype=np.int64)
    some = count > 0
    n = np.where(some, count, 1)
    if total.dtype == object:  # Python integers, exact at any size
        n = n.astype(object)
    magnitude = np.abs(total)
    if Pembulatan.parse(mode) is Pembulatan.HALF_UP:
        whole = (2 * magnitude + n) // (2 * n)
    else:
        whole = magnitude // n
    whole = np.where(total < 0, -whole, whole)
    out = np.array(
        [as_float(Fraction(int(w), 10 ** int(decimals))) for w in whole]
        if total.dtype == object
        else whole / 10.0 ** int(decimals) + 0.0,
        dtype="float64",
    )
    return np.where(some, out, np.nan)


def format_id(value: float | None, decimals: int = 2) -> str:
    """A number as Indonesian text (dot thousands, comma decimal), for notes and messages."""
    if value is None or not np.isfinite(value):
        return "-"
    rounded = round_value(value, decimals)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


_ID_MARKS = str.maketrans({",": ".", ".": ","})


def format_many(values: np.ndarray, decimals: int = 2) -> list[str]:
    """:func:`format_id` of many numbers at once."""
    rounded = round_series(pd.Series(values, dtype="float64"), decimals).to_numpy()
    return [
        "-" if np.isnan(v) else f"{v:,.{decimals}f}".translate(_ID_MARKS) for v in rounded.tolist()
    ]


def format_persis(value: float, semua: bool = False) -> str:
    """A typed number as Excel's formula bar shows it (15 significant digits), with the
    Indonesian decimal comma, its power of ten written out and no "-0"; with ``semua``, every
    digit the float holds (the shortest text that reads back as the same float), for where 15
    digits would read as another value (a formula's 90.00000000000001 is not 90)."""
    value += 0.0  # -0.0 + 0.0 is 0.0
    text = repr(value) if semua else f"{value:.15g}"
    if "e" in text:
        text = np.format_float_positional(float(text), trim="-")
    return text.replace(".", ",")


def format_poin(value: float | None) -> str:
    """Points as Indonesian text without needless decimals: 15, 22,5."""
    text = format_id(value, 2).rstrip("0").rstrip(",")
    return text
