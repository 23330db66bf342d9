"""Reading cell values without guessing: a number, "not filled", or an error with a reason.

Numbers may arrive as text in Indonesian form (dot thousands, comma decimal): ``95,44``, ``75%``,
``Rp 10.882.830.012,00``, ``1.234.567``. A text that reads as two different numbers under the
Indonesian and the English convention (``1.234``, ``1,234``) is reported, not resolved.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from lkjip_xl.core.persen import Persen
from lkjip_xl.core.problems import Kode, teks_diketik  # codes and wording: the catalog
from lkjip_xl.core.rounding import EXCEL_MAX, format_persis, not_finite


class Keadaan(StrEnum):
    """The three states of every value."""

    ANGKA = "angka"  # a number (a real 0 included)
    KOSONG = "kosong"  # not filled
    GALAT = "galat"  # filled, but cannot be used


EXCEL_ERRORS = frozenset(
    {
        "#DIV/0!",
        "#N/A",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#REF!",
        "#VALUE!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "ERR:502",
        "ERR:504",
        "ERR:508",
        "ERR:511",
        "ERR:522",
        "ERR:523",
    }
)


@dataclass(frozen=True, slots=True)
class Nilai:
    """A parsed value. ``value`` is a float for numbers, a string for choices and NIPs."""

    value: Any
    state: Keadaan
    code: Kode | None = None
    message: str | None = None

    @property
    def is_number(self) -> bool:
        return self.state is Keadaan.ANGKA


KOSONG = Nilai(None, Keadaan.KOSONG)


def _angka(value: float) -> Nilai:
    return Nilai(float(value), Keadaan.ANGKA)


def _galat(code: Kode, message: str) -> Nilai:
    return Nilai(None, Keadaan.GALAT, code, message)


_CURRENCY = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_TRAILING_DASH = re.compile(r"[.,]-+$")
_SIGNED = re.compile(r"^([+-]?)(.*)$", re.DOTALL)  # any text matches, line breaks included
# Digits 0-9 only: Python's \d and float() also read other scripts' digits ("٨٥", "８５"),
# which Excel keeps as text, so the figure would be one the workbook itself never computes.
_DIGITS = re.compile(r"^\d+$", re.ASCII)
# Thousands groupings, Indonesian 1.234.567 and English 1,234,567. Neither starts with a 0
# group: "0,312" (a Gini ratio) has no reading but 0,312, and "0.312" no reading but a decimal.
_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$", re.ASCII)
_EN_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+$", re.ASCII)
# 1 234 567 (thousands set apart by spaces)
_SPACE_GROUPED = re.compile(r"^\d{1,3}(?: \d{3})+$", re.ASCII)
# Spaces beside a sign or a parenthesis ("- 85", "( 5 )") part nothing.
_AROUND_SIGNS = re.compile(r" *([+\-()]) *")


def is_blank(raw: Any) -> bool:
    """True for an empty cell: None, NaN, or a text of only white space."""
    if raw is None:
        return True
    if isinstance(raw, float) and np.isnan(raw):
        return True
    if raw is pd.NA or raw is pd.NaT:
        return True
    return isinstance(raw, str) and not raw.strip()


def is_excel_error(raw: Any) -> bool:
    return isinstance(raw, str) and raw.strip().upper() in EXCEL_ERRORS


def parse_number(raw: Any) -> Nilai:
    """Parse one cell into a number, "not filled" or an error with an Indonesian reason."""
    if is_blank(raw):
        return KOSONG
    if isinstance(raw, bool | np.bool_):
        return _galat(Kode.BOOLEAN_AS_NUMBER, "Berisi nilai logika (TRUE/FALSE), bukan angka.")
    if isinstance(raw, int | np.integer):
        if not abs(int(raw)) <= EXCEL_MAX:  # Python's integers have no bound (float() raised)
            return _galat(Kode.NON_FINITE, TAK_HINGGA)
        return _angka(float(raw))
    if isinstance(raw, Persen):
        raw = raw.shown if math.isfinite(raw) else float(raw)
    if isinstance(raw, float | np.floating):
        if not abs(float(raw)) <= EXCEL_MAX:  # infinite, or more than a cell can hold
            return _galat(Kode.NON_FINITE, TAK_HINGGA)
        return _angka(float(raw))
    if isinstance(raw, datetime | date | time):
        return _galat(Kode.DATE_AS_NUMBER, "Berisi tanggal/waktu, bukan angka.")
    if isinstance(raw, str):
        return _parse_text(raw)
    return _galat(Kode.NOT_A_NUMBER, f"Nilai {raw!r} bukan angka.")


TAK_HINGGA = (
    "Berisi nilai tak hingga (INF) atau melebihi angka terbesar Excel, bukan angka yang dapat "
    "dihitung."
)
_INFINITY = re.compile(r"^[+-]?\s*(?:inf|infinity|∞|tak\s*hingga)$", re.IGNORECASE)


def _parse_text(raw: str) -> Nilai:
    text = raw.strip().replace("\u00a0", " ").replace("\u2212", "-")
    if _INFINITY.match(text):
        return _galat(Kode.NON_FINITE, TAK_HINGGA)
    if is_excel_error(text):
        return _galat(
            Kode.EXCEL_ERROR, f"Sel berisi galat Excel {text.upper()}; perbaiki rumusnya."
        )
    body = _CURRENCY.sub("", text).rstrip()
    # Rupiah are never written with three decimals, so "Rp 10.000" can only be ten thousand.
    money = body != text or bool(_TRAILING_DASH.search(body))
    if body.endswith("%"):
        body = body[:-1].rstrip()
    body = _TRAILING_DASH.sub("", body)  # "Rp 10.000,-" means no cents
    body = _AROUND_SIGNS.sub(r"\1", body)
    signed = _SIGNED.match(body)
    assert signed is not None  # _SIGNED matches every text
    sign, body = signed.groups()
    if body.startswith("(") and body.endswith(")") and not sign:
        sign, body = "-", body[1:-1]  # accounting negative
    number = _indonesian(body, money=money)
    if isinstance(number, Nilai):
        return number
    if number is None:
        return _galat(Kode.NOT_A_NUMBER, _not_a_number(raw.strip()))
    return _angka(-number if sign == "-" else number)


#: A number followed by words: "24 JP", "12 orang", "3 dokumen".
_NUMBER_THEN_WORDS = re.compile(r"^([+-]?\d[\d.,]*)\s*(\S.*)$", re.DOTALL)


def _not_a_number(typed: str) -> str:
    """The sentence for a text that is no number; a number typed with its unit or a word after
    it ("24 JP") is told to be typed alone, since the column's header already names the unit."""
    said = f"Teks {teks_diketik(typed)} bukan angka"
    words = _NUMBER_THEN_WORDS.match(typed)
    # "3 dari 4" holds two numbers: which one is meant, it cannot say.
    rest = words.group(2) if words else ""
    if any(c.isalpha() for c in rest) and not any(c.isdigit() for c in rest):
        assert words is not None
        number = _indonesian(words.group(1).lstrip("+-"))
        if isinstance(number, float):
            return f"{said}; isi angkanya saja ({words.group(1)}), tanpa satuan atau keterangan."
    return f"{said}."


def _indonesian(body: str, *, money: bool = False) -> float | Nilai | None:
    """Read digits with dot thousands and a comma decimal; None when it is no number at all."""
    if not body:
        return None
    if " " in body:
        # A space between digits only sets thousands apart; any other ("85 90", "71, 59") parts
        # two numbers typed in one cell, which no reading of it may join.
        whole, comma, frac = body.partition(",")
        if not _SPACE_GROUPED.match(whole):
            return None
        body = whole.replace(" ", "") + comma + frac
    if _DIGITS.match(body):
        return float(body)
    if body.count(",") == 1:
        whole, frac = body.split(",")
        if not _DIGITS.match(frac):
            return None
        if _EN_GROUPED.match(body) and not _GROUPED.match(whole or "0"):
            # "1,234": Indonesian 1,234 or English 1234.
            return _ambiguous(body, f"{whole},{frac}", f"{whole}{frac}")
        if whole == "" or _DIGITS.match(whole) or _GROUPED.match(whole):
            return float(f"{whole.replace('.', '') or '0'}.{frac}")
        return None
    if body.count(",") > 1:
        if _EN_GROUPED.match(body):
            return _galat(
                Kode.WRONG_DECIMAL_MARK,
                f"Teks {teks_diketik(body)} memakai koma sebagai pemisah ribuan; "
                "gunakan titik untuk ribuan dan koma untuk desimal.",
            )
        return None
    # Only dots from here.
    if _GROUPED.match(body):
        if body.count(".") == 1 and not money:
            whole, frac = body.split(".")
            return _ambiguous(body, f"{whole}{frac}", f"{whole},{frac}")
        return float(body.replace(".", ""))
    if body.count(".") == 1:
        whole, frac = body.split(".")
        if (whole == "" or _DIGITS.match(whole)) and _DIGITS.match(frac):
            # "2023.0" (a year, a count pasted from another program) is the whole number:
            # "tulis 2023,0" asked for a decimal comma no whole-number cell wants.
            written = (whole or "0") if frac.strip("0") == "" else f"{whole or '0'},{frac}"
            return _galat(
                Kode.WRONG_DECIMAL_MARK,
                f"Teks {teks_diketik(body)} memakai titik sebagai pemisah desimal; "
                f"tulis {written} atau isi sebagai angka.",
            )
    return None


def _ambiguous(body: str, as_indonesian: str, other: str) -> Nilai:
    return _galat(
        Kode.AMBIGUOUS_NUMBER,
        f"Teks {teks_diketik(body)} bermakna ganda: {as_indonesian} atau {other}. "
        "Isi sel sebagai angka, bukan teks.",
    )


def parse_numbers(raw: pd.Series | list[Any]) -> pd.DataFrame:
    """Vectorised :func:`parse_number`: columns ``value`` (float, NaN when none), ``state``,
    ``code`` and ``message``, on the index of ``raw``."""
    series = raw if isinstance(raw, pd.Series) else pd.Series(raw, dtype="object")
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series):
        values = series.astype("float64")
        filled = values.notna()
        bad = not_finite(values.to_numpy())
        state = np.where(filled, Keadaan.ANGKA.value, Keadaan.KOSONG.value).astype(object)
        state[bad] = Keadaan.GALAT.value
        return pd.DataFrame(
            {
                "value": values.where(~bad, np.nan),
                "state": state,
                "code": np.where(bad, Kode.NON_FINITE.value, np.array(None, dtype=object)),
                "message": np.where(bad, TAK_HINGGA, np.array(None, dtype=object)),
            },
            index=series.index,
        )
    parsed = [parse_number(v) for v in series.tolist()]
    return pd.DataFrame(
        {
            "value": np.array(
                [p.value if p.value is not None else np.nan for p in parsed], dtype="float64"
            ),
            "state": [p.state.value for p in parsed],
            "code": [p.code.value if p.code else None for p in parsed],
            "message": [p.message for p in parsed],
        },
        index=series.index,
    )


class NilaiTidakTerbaca(ValueError):
    """A value given to the Python API that the workbook's reading rules refuse.

    ``code`` is the stable problem code (``ambiguous-number``, ``wrong-decimal-mark``,
    ``boolean-as-number``, ...); the message is an Indonesian sentence.
    """

    def __init__(self, code: Kode, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def angka_masukan(raw: Any, what: str) -> float | None:
    """One number given to the Python API, read as a workbook cell is read.

    None (also for a blank text) when not filled; a float for a number, ``"71,59"`` and
    ``"Rp 1.234.567"`` included; ``inf`` for an infinite value, which the rules then call not
    computable. Anything the workbook would report (``"1.234"``, ``"71.59"``, True) raises
    :class:`NilaiTidakTerbaca` with its code.
    """
    if isinstance(raw, Decimal | Fraction):
        return float(raw)
    parsed = parse_number(raw)
    if parsed.state is Keadaan.KOSONG:
        return None
    if parsed.is_number:
        return float(parsed.value)
    if parsed.code is Kode.NON_FINITE:
        return math.inf
    assert parsed.code is not None  # a GALAT value always carries its code (_galat)
    raise NilaiTidakTerbaca(parsed.code, f"{what}: {parsed.message}")


def normalise_label(text: Any) -> str:
    """Fold a label for comparison: lower case, one space, ``_`` and ``-`` read as spaces."""
    return re.sub(r"[\s_\-]+", " ", str(text)).strip().lower()


def parse_choice(
    raw: Any, choices: dict[str, str], what: str,
    alias: Callable[[Any], str | None] | None = None,
) -> Nilai:  # fmt: skip
    """Map a label onto its canonical value through ``choices`` (normalised label -> value);
    ``alias``: the rule's own reading of other spellings (``TW I``, ``+``), giving a value."""
    if is_blank(raw):
        return KOSONG
    if is_excel_error(raw):
        return _galat(Kode.EXCEL_ERROR, f"Sel berisi galat Excel {str(raw).strip().upper()}.")
    if isinstance(raw, bool | np.bool_):
        raw = "ya" if raw else "tidak"
    key = normalise_label(raw)
    if key in choices:
        return Nilai(choices[key], Keadaan.ANGKA)
    if alias is not None and (value := alias(raw)) in choices.values():
        return Nilai(value, Keadaan.ANGKA)
    allowed = ", ".join(sorted(set(choices.values())))
    # A number is quoted as its cell shows it: a typed 1 arrives as 1.0, and "'1.0' tidak
    # dikenal" names something nobody typed.
    number = (
        isinstance(raw, int | float | np.integer | np.floating)
        and not isinstance(raw, bool)
        and np.isfinite(raw)
    )
    typed = format_persis(float(raw)) if number else str(raw).strip()
    return _galat(
        Kode.UNKNOWN_CHOICE, f"{what} {teks_diketik(typed)} tidak dikenal; pilih: {allowed}."
    )


NIP_LENGTH = 18


def parse_nip(raw: Any) -> Nilai:
    """A NIP is an 18-digit text. Stored as a number, Excel has already lost its last digits."""
    if type(raw) is str and len(raw) == NIP_LENGTH and raw.isdigit() and raw.isascii():
        return Nilai(raw, Keadaan.ANGKA)  # the usual case, first
    if is_blank(raw):
        return KOSONG
    if isinstance(raw, int | float | np.integer | np.floating) and not isinstance(raw, bool):
        return _galat(
            Kode.NIP_AS_NUMBER,
            "NIP tersimpan sebagai angka sehingga digit terakhirnya hilang (Excel hanya menyimpan "
            "15 digit); ketik ulang NIP sebagai teks.",
        )
    # Written in groups ("19850101 201001 1 001"), often copied from a web page or a letter
    # with no-break or thin spaces between them: every kind of space is not part of the NIP.
    text = "".join(str(raw).split())
    if not (_DIGITS.match(text) and len(text) == NIP_LENGTH):
        typed = teks_diketik(str(raw).strip())
        return _galat(Kode.NIP_FORMAT, f"NIP {typed} harus 18 digit angka.")
    return Nilai(text, Keadaan.ANGKA)
