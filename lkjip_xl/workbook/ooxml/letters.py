"""Column letters and numbers (``D`` is 4), as :mod:`openpyxl.utils.cell` converts them.

Importing ``openpyxl.utils.cell`` imports the whole of openpyxl (about 0.2 s), which a button
click that only reads and patches a workbook never uses otherwise. The same three conversions,
with the same results and the same ``ValueError`` for what is not a column, live here; a test
compares them with openpyxl's over every column.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["column_index_from_string", "coordinate_from_string", "get_column_letter"]

#: openpyxl's limit (ZZZ); a sheet has 16,384 columns (XFD), which callers check themselves.
_LAST = 18_278
_COORDINATE = re.compile(r"[$]?([A-Za-z]{1,3})[$]?(\d+)\Z")


@cache
def get_column_letter(index: int) -> str:
    """``1`` -> ``A``, ``27`` -> ``AA``, ``16384`` -> ``XFD``."""
    if not 1 <= index <= _LAST:
        raise ValueError(f"Invalid column index {index}")
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@cache
def column_index_from_string(letters: str) -> int:
    """``A`` -> 1, ``xfd`` -> 16384 (any case, as openpyxl)."""
    index = 0
    if 0 < len(letters) <= 3:
        for letter in letters.upper():
            value = ord(letter) - 64
            if not 1 <= value <= 26:
                break
            index = index * 26 + value
        else:
            return index
    raise ValueError(f"'{letters}' is not a valid column name. Column names are from A to ZZZ")


def coordinate_from_string(coordinate: str) -> tuple[str, int]:
    """``B12`` -> (``B``, 12); ``$B$12`` as well. Row 0 is not a row."""
    match = _COORDINATE.match(coordinate)
    row = int(match.group(2)) if match else 0
    if match is None or not row:
        raise ValueError(f"Invalid cell coordinates ({coordinate})")
    return match.group(1), row
