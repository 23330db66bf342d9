"""Rounding of reported figures: half up (as Excel's ROUND) or truncate, at N decimals.

Python's ``round`` rounds halves to even and works on the binary float, so 95.445 becomes 95.44.
Reports are computed in Excel, which rounds the number as it shows it (15 significant digits)
half away from zero. The engine does the same: a float is first read at 15 significant digits,
so a decimal input such as 95.445 (stored as 95.44499999999999) rounds to 95.45.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

SIGNIFICANT_DIGITS = 15


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
    value: float | int | Decimal | None,
    decimals: int = 2,
    mode: Pembulatan | str = Pembulatan.HALF_UP,
) -> float | None:
    """Round one number; ``None`` and NaN stay ``None`` (not filled is never 0)."""
    if value is None:
        return None
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
    """Round every number of a Series; NaN stays NaN.

    Rosters repeat few distinct values (IP-ASN totals are multiples of 0.5), so each distinct
    value is rounded once and mapped back.
    """
    series = pd.Series(values, dtype="float64") if not isinstance(values, pd.Series) else values
    series = series.astype("float64")
    mode = Pembulatan.parse(mode)
    array = series.to_numpy()
    finite = np.isfinite(array)
    out = np.full(array.shape, np.nan)
    if finite.any():
        uniques, inverse = np.unique(array[finite], return_inverse=True)
        rounded = np.array([round_value(float(u), decimals, mode) for u in uniques])
        out[finite] = rounded[inverse]
    return pd.Series(out, index=series.index, name=series.name)


def format_id(value: float | None, decimals: int = 2) -> str:
    """A number as Indonesian text (dot thousands, comma decimal), for notes and messages."""
    if value is None or not np.isfinite(value):
        return "-"
    rounded = round_value(value, decimals)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_poin(value: float) -> str:
    """Points as Indonesian text without needless decimals: 15, 22,5."""
    text = format_id(value, 2).rstrip("0").rstrip(",")
    return text
