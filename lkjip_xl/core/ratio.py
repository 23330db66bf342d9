"""Percentages rounded once: ``100 x (k x a - b) / d`` as the float nearest the exact value on
the decimals the cells hold (each float read at 15 significant digits, as
:func:`~lkjip_xl.core.rounding.fraction_of` reads it, as Excel shows it).

Two float operations round twice: ``r / p * 100`` gives 7.000000000000001 for
``serapan(100; 7)`` and ``r * 100 / p`` gives 100.00000000000001 when ``r == p ==
343597383.83902997`` and 62.300000000000004 for ``capaian(10; 6,23)``; neither order is right
for every pair, and both orders agreeing does not make the result right either. The float of a
typed decimal is not that decimal (6,23 is held as 6.230000000000000426...), so no float
arithmetic on the held values finds the decimal result: it is computed on integers (the
decimal's digits and exponent). A column does it in floats where those integers are exact in
a float (typed figures with a few decimals: one division of exact integers is rounded once);
other rows do it in Python integers, whose true division is rounded once too.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from lkjip_xl.core.rounding import SIGNIFICANT_DIGITS, fraction_of

__all__ = ["percent", "ratio"]

_FORMAT = f".{SIGNIFICANT_DIGITS - 1}e"  # d.dddddddddddddde+XX: the digits fraction_of reads


def percent(a: Any, d: Any, b: Any = 0, k: int = 1) -> Any:
    """``100 x (k x a - b) / d`` rounded once to the nearest float (ties to even), on the
    decimals of the operands; exact for :class:`~fractions.Fraction` operands; what float
    arithmetic gives (inf, nan) where a divisor is 0 or an operand is not finite, and +-inf
    past the largest float. A float, a Fraction or a numpy array."""
    return _rounded_once(a, d, b, k, 100)


def ratio(a: Any, d: Any, b: Any = 0, k: int = 1) -> Any:
    """``(k x a - b) / d`` as :func:`percent` computes it (``d`` = 1: a difference)."""
    return _rounded_once(a, d, b, k, 1)


def _rounded_once(a: Any, d: Any, b: Any, k: int, factor: int) -> Any:
    if isinstance(a, Fraction) or isinstance(d, Fraction) or isinstance(b, Fraction):
        return (k * fraction_of(a) - fraction_of(b)) * factor / fraction_of(d)
    if isinstance(a, np.ndarray) or isinstance(d, np.ndarray) or isinstance(b, np.ndarray):
        aa, dd, bb = np.broadcast_arrays(*(np.asarray(x, dtype="float64") for x in (a, d, b)))
        return _percent_array(aa, dd, bb, k, factor)
    return _percent_one(float(a), float(d), float(b), k, factor)


#: Places tried for a figure's decimal in a column (a typed figure has a few), and the bounds
#: that keep every product and difference of the integers below exact (2**53).
_PLACES = 8
_TERM_LIMIT = 2.0**45
_DIGITS_LIMIT = 1e15  # 15 significant digits at most: the decimal fraction_of reads


def _scaled(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per value: (integer m, places j) with ``m / 10**j`` the value's decimal, j = -1 where
    none of 0.._PLACES places holds it in at most 15 digits. A decimal of 15 digits or fewer
    whose float is ``x`` is the one ``x`` reads as (15 digits survive a float and back)."""
    places = np.full(x.shape, -1)
    digits = np.zeros(x.shape)
    for j in range(_PLACES + 1):
        scale = 10.0**j
        whole = np.rint(x * scale)
        found = (places < 0) & (np.abs(whole) < _DIGITS_LIMIT) & (whole / scale == x)
        places[found], digits[found] = j, whole[found]
    return digits, places


def _percent_array(a: np.ndarray, d: np.ndarray, b: np.ndarray, k: int, factor: int) -> np.ndarray:
    with np.errstate(all="ignore"):
        out = (k * a - b) / d * factor
        exact = np.isfinite(a) & np.isfinite(b) & np.isfinite(d) & (d != 0)
        (ma, ja), (mb, jb), (md, jd) = _scaled(a), _scaled(b), _scaled(d)
        common = np.maximum(np.maximum(ja, jb), jd)
        top = k * ma * 10.0 ** (common - ja)
        minus = mb * 10.0 ** (common - jb)
        bottom = md * 10.0 ** (common - jd)
        fast = (
            exact & (ja >= 0) & (jb >= 0) & (jd >= 0)
            & (np.abs(top) < _TERM_LIMIT) & (np.abs(minus) < _TERM_LIMIT)
            & (np.abs(bottom) < 2.0**53)
        )  # fmt: skip
        # Exact integers: the one division is the only rounding.
        out[fast] = factor * (top[fast] - minus[fast]) / bottom[fast] + 0.0
    rows = np.flatnonzero(exact & ~fast)
    out[rows] = [
        _exact(x, y, z, k, factor)
        for x, y, z in zip(a[rows].tolist(), d[rows].tolist(), b[rows].tolist(), strict=True)
    ]
    return out


def _percent_one(a: float, d: float, b: float, k: int, factor: int) -> float:
    finite = np.isfinite(a) and np.isfinite(b) and np.isfinite(d)
    if finite and d != 0:
        return _exact(a, d, b, k, factor)
    with np.errstate(all="ignore"):
        return float((k * np.float64(a) - b) / d * factor)


def _decimal(x: float) -> tuple[int, int]:
    """``x`` at 15 significant digits as (digits, exponent): ``digits x 10**exponent``."""
    mantissa, exponent = format(x, _FORMAT).split("e")
    return int(mantissa.replace(".", "")), int(exponent) - (SIGNIFICANT_DIGITS - 1)


def _exact(a: float, d: float, b: float, k: int, factor: int) -> float:
    """The float nearest ``factor x (k x a - b) / d`` on the decimals, from integers (finite
    operands, ``d`` not 0)."""
    ma, ea = _decimal(a)
    mb, eb = _decimal(b) if b else (0, ea)
    md, ed = _decimal(d)
    low = min(ea, eb)
    numerator = factor * (k * ma * 10 ** (ea - low) - mb * 10 ** (eb - low))
    shift = low - ed
    if shift >= 0:
        numerator *= 10**shift
    else:
        md *= 10**-shift
    try:
        return numerator / md + 0.0  # int / int: rounded once; + 0.0: no -0.0
    except OverflowError:
        return float("inf") if (numerator > 0) == (md > 0) else float("-inf")
