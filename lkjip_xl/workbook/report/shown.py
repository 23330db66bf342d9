"""A cell's value as the workbook shows it, written the Indonesian way (95,45; Rp 1.234.567).

The report prints what a reader of the workbook sees: the cell's number format decides the
decimals and the thousands separator, exactly as Excel displays the stored (already rounded)
value. A blank cell, or one whose value cannot be computed, is the dash :data:`DASH`, never 0.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lkjip_xl.core.persen import Persen
from lkjip_xl.core.rounding import round_value

__all__ = ["DASH", "NumberFormat", "number_format", "shown", "shown_number"]

#: What the report prints for a blank or non-computable figure (an en dash, as reports print it).
DASH = "\u2013"

_QUOTED = re.compile(r'"([^"]*)"')
# Digits General shows at most (Excel shows 10 significant digits in a standard-width cell;
# the report keeps the value's own decimals, which are few in practice).
_GENERAL_DECIMALS = 10


@dataclass(frozen=True)
class NumberFormat:
    """The parts of an Excel number format the report needs: prefix, separators, decimals."""

    general: bool
    decimals: int = 0
    thousands: bool = False
    prefix: str = ""
    suffix: str = ""


# A template has a handful of formats; a roster's recap shows thousands of cells with them.
@functools.lru_cache(maxsize=256)
def number_format(code: str | None) -> NumberFormat:
    """Parse the simple number formats the templates use (General, 0.00, #,##0, "Rp "#,##0)."""
    if not code or code in {"General", "@"}:
        return NumberFormat(general=True)
    section = code.split(";", 1)[0]
    literals = _QUOTED.findall(section)
    bare = _QUOTED.sub("", section)
    first_digit = min((bare.find(c) for c in "0#" if c in bare), default=-1)
    if first_digit < 0:
        return NumberFormat(general=True)
    prefix = (
        literals[0] if literals and section.index('"') < section.find(bare[first_digit]) else ""
    )
    suffix = literals[-1] if literals and not prefix else ""
    decimals = len(bare.split(".", 1)[1].rstrip("%").rstrip()) if "." in bare else 0
    return NumberFormat(
        general=False,
        decimals=decimals,
        thousands="," in bare,
        prefix=prefix,
        suffix=suffix,
    )


def _indonesian(text: str) -> str:
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def shown_number(value: float, fmt: NumberFormat) -> str:
    """A finite number as the format shows it, with Indonesian separators."""
    if fmt.general:
        group = "," if fmt.thousands else ""
        if float(value).is_integer():
            return _indonesian(f"{int(value):{group}d}")
        rounded = round_value(value, _GENERAL_DECIMALS)
        text = f"{rounded:{group}.{_GENERAL_DECIMALS}f}".rstrip("0").rstrip(".")
        return _indonesian(text)
    rounded = round_value(value, fmt.decimals)
    assert rounded is not None  # finite by the caller's check
    body = f"{rounded:,.{fmt.decimals}f}" if fmt.thousands else f"{rounded:.{fmt.decimals}f}"
    return f"{fmt.prefix}{_indonesian(body)}{fmt.suffix}"


#: A figure typed in a General cell, written in a report: its own decimals, as typed, with the
#: thousands grouped as PUEBI writes a number (45.000; 2.500.000.000), as Excel's General does
#: not. A Kode or a year typed as a number is no figure, and keeps its digits together.
TYPED_FIGURE = NumberFormat(general=True, thousands=True)


def figure(value: float) -> float:
    """The figure a finite number stands for: one its cell shows as a percentage (typed 75%,
    0.75 stored) is the figure shown, 75, as the rules read it; any other is itself."""
    return value.shown if type(value) is Persen else float(value)


def shown(value: Any, code: str | None = None) -> str:
    """The text a cell holding ``value`` with number format ``code`` shows.

    Text is shown as it is (trimmed); a blank cell, NaN or an infinite number is :data:`DASH`.
    """
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return DASH
        return shown_number(figure(value), number_format(code))
    text = str(value).strip()
    return text if text else DASH


_FIGURE = re.compile(r"-?[\d.]+(,\d+)?")


def with_places(text: str, like: str) -> str:
    """A shown figure written with the places of the figure ``like`` beside it, by adding or
    dropping trailing zeros only ("25,00" beside "12" is "25"; "240,00" beside "120,000" is
    "240,000"): a figure with more significant places than that (22,5 beside 12) is left as
    shown, never rounded here."""
    if not (_FIGURE.fullmatch(text) and _FIGURE.fullmatch(like)):
        return text
    whole, _, places = text.partition(",")
    wanted = len(like.partition(",")[2])
    significant = places.rstrip("0")
    if len(significant) > wanted:
        return text
    places = significant.ljust(wanted, "0")
    return f"{whole},{places}" if places else whole
