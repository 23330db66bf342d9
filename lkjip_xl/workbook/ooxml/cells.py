"""Cell and range references (``D5``, ``$A$4:K120``) as rows and columns.

Column letters and numbers are converted as openpyxl does (:mod:`.letters`). The syntax of an
address is checked here, strictly: openpyxl also accepts whole rows or columns (``A:C``),
non-ASCII digits and a trailing newline, none of which may name a cell to write.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.letters import column_index_from_string, get_column_letter

__all__ = [
    "MAX_COL",
    "MAX_ROW",
    "canonical_cell",
    "column_numbers",
    "format_range",
    "parse_cell",
    "parse_range",
]

MAX_ROW = 1_048_576
MAX_COL = 16_384

_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})\Z")
_RANGE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?\Z")


def parse_cell(ref: str) -> tuple[int, int]:
    """(row, column) of ``D5`` / ``$d$5``; :class:`PackageError` when not a cell of a sheet."""
    m = _A1.match(ref) if isinstance(ref, str) else None
    if not m:
        raise PackageError(f"Alamat sel tidak sah: {ref!r} (contoh yang benar: 'D5').")
    col, row = column_index_from_string(m.group(1)), int(m.group(2))
    if not (1 <= col <= MAX_COL and 1 <= row <= MAX_ROW):
        raise PackageError(f"Alamat sel di luar batas lembar kerja: {ref!r}.")
    return row, col


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """(min_row, min_col, max_row, max_col) of ``A1`` or ``A1:K20`` (corners in any order)."""
    m = _RANGE.match(ref) if isinstance(ref, str) else None
    if not m:
        raise PackageError(f"Rentang sel tidak sah: {ref!r} (contoh yang benar: 'A4:K120').")
    r1, c1 = int(m.group(2)), column_index_from_string(m.group(1))
    r2, c2 = (int(m.group(4)), column_index_from_string(m.group(3))) if m.group(3) else (r1, c1)
    if not (
        1 <= c1 <= MAX_COL and 1 <= c2 <= MAX_COL and 1 <= r1 <= MAX_ROW and 1 <= r2 <= MAX_ROW
    ):
        raise PackageError(f"Rentang sel di luar batas lembar kerja: {ref!r}.")
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def format_range(r1: int, c1: int, r2: int, c2: int) -> str:
    """``A4:K120``, or ``A4`` when the range is one cell."""
    first = f"{get_column_letter(c1)}{r1}"
    return first if (r1, c1) == (r2, c2) else f"{first}:{get_column_letter(c2)}{r2}"


def canonical_cell(ref: object, sheet: str) -> tuple[str, int, int]:
    """(``D5``, row, column) of an address written with ``$``, in lower case, etc."""
    if not isinstance(ref, str):
        raise PackageError(f"Alamat sel tidak sah: {ref!r} (lembar '{sheet}').")
    row, col = parse_cell(ref)
    return f"{get_column_letter(col)}{row}", row, col


class _ColumnNumbers(dict[str, int]):
    """Upper-case column letters -> number, filled as columns are looked up.

    A lookup (``[]``, ``get``, ``in``) answers for every column of a sheet, ``A`` to ``XFD``,
    as the whole table would; letters in lower case or beyond ``XFD`` are no key. The table is
    filled on first use of each column: a click writes a few columns, and building all 16,384
    took 2 ms of every new process. A filled column is found as fast as in a plain dict (a
    recompute converts a million addresses)."""

    def __missing__(self, letters: str) -> int:
        if not (type(letters) is str and 0 < len(letters) <= 3 and letters.isascii()
                and letters.isalpha() and letters.isupper()):  # fmt: skip
            raise KeyError(letters)
        number = 0
        for letter in letters:
            number = number * 26 + ord(letter) - 64
        if number > MAX_COL:
            raise KeyError(letters)
        self[letters] = number
        return number

    def __contains__(self, letters: object) -> bool:
        try:
            self[letters]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def get(self, letters: str, default: int | None = None) -> int | None:  # type: ignore[override]
        try:
            return self[letters]
        except KeyError:
            return default


@lru_cache(maxsize=1)
def column_numbers() -> dict[str, int]:
    """Upper-case column letters -> number, for every column of a sheet (:class:`_ColumnNumbers`).

    A recompute converts a million addresses; one dict lookup is the cheapest way, and it only
    knows canonical letters, so that ``d5`` is not mistaken for the canonical ``D5``.
    """
    return _ColumnNumbers()
