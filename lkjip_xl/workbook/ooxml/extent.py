"""How far a worksheet's cells reach, bounded reads of it, and a copy cut to a bounding box.

A reader that builds a dense grid of a sheet (python-calamine does, from its first to its last
cell) would allocate ~17 billion cells for one stray value in ``XFD1048576``. The file book
therefore asks here whether a sheet holds cells beyond what the engine reads (its tables, a few
rows under them, its named cells) and, only when it does, reads a copy without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lkjip_xl.workbook.ooxml.letters import column_index_from_string, get_column_letter
from lkjip_xl.workbook.ooxml.markup import R_ATTR
from lkjip_xl.workbook.ooxml.sheet_data import (
    CELL_ELEMENT,
    CELL_R_ATTR,
    SheetData,
    scan_rows,
)

__all__ = [
    "ANY_SPELLING_BYTES",
    "FIRST_DROPPED",
    "OTHER_SPACES",
    "Trimmed",
    "cells_beyond",
    "last_row",
    "last_row_place",
    "rough_pattern",
    "row_count",
    "rows_with_values",
    "trim_sheet",
]

#: Sheet data up to this size is searched for far cells spelled in every way XML allows
#: (``r='A1'``, ``r = "A1"``, a tab before ``r``). Larger sheets are searched for Excel's
#: spelling, and for every other one only from where a hint of it stands (the search for any
#: spelling is tried at every white space: about 5 times as long on a roster, 4 times on a
#: unit's 500 rows (7.4 against 1.7 ms of a 600 KB sheet, for every unit collect checks or
#: distribute verifies), and workbooks come from Excel, LibreOffice or openpyxl, which write
#: none). Both answer alike (``tests/test_cells_beyond.py``, ``test_far_cell_spellings.py``).
ANY_SPELLING_BYTES = 4 << 10
#: Hints of a reference spelled otherwise after a space: ``r`` followed by white space, by
#: ``=`` and white space, or by ``='``. The search's literal prefix is a space and an ``r``.
_OTHER_SPELLING = rb" r(?:\s|=[\s'])"
#: White space other than a space: every other spelling (a tab, CR or LF before ``r`` or
#: around ``=``) holds one inside a tag.
OTHER_SPACES = (b"\t", b"\n", b"\r")
#: Beyond this many tabs, CRs and LFs outside tags (a pretty-printed sheet), every spelling is
#: searched for rather than each one looked at.
_SPACES_LOOKED_AT = 10_000
#: A cell holding something: a value, an inline string or a formula.
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:v|is|f)[\s/>]")


@lru_cache(maxsize=64)
def _letters_above(column: int) -> bytes:
    """A pattern for the column letters of every column to the right of ``column``."""
    letters = get_column_letter(column).encode()
    n = len(letters)
    options = [rb"[A-Z]{%d,3}" % (n + 1)] if n < 3 else []
    for i in range(n):
        above = letters[i] + 1
        if above <= ord("Z"):
            rest = rb"[A-Z]{%d}" % (n - i - 1) if n - i - 1 else b""
            options.append(letters[:i] + b"[" + bytes([above]) + b"-Z]" + rest)
    return b"(?:" + b"|".join(options) + b")" if options else b"(?!)"


def last_row(xml: bytes, where: SheetData) -> int | None:
    """The number of the worksheet's last row element: no cell lies below it (rows stand in
    order, which reading the rows checks). 0 for a sheet without rows; None when the last row
    says no number (``r="abc"``; a row without ``r``, which follows the one before it)."""
    sx = where.syntax
    last = xml.rfind(b"<" + sx.p + b"row", where.data_start, where.data_end)
    while last >= 0 and not sx.row_start.match(xml, last):  # <rowBreaks>, say, is no row
        last = xml.rfind(b"<" + sx.p + b"row", where.data_start, last)
    if last < 0:
        return 0
    m = sx.row_start.match(xml, last)
    assert m is not None
    r = R_ATTR.search(m.group(1))
    return int(r.group(1)) if r and r.group(1).isdigit() else None


def row_count(xml: bytes, where: SheetData) -> int:
    """How many row elements the sheet data holds (at memchr speed: each ``<row`` in it,
    which no other element of sheet data starts with)."""
    return xml.count(b"<" + where.syntax.p + b"row", where.data_start, where.data_end)


def last_row_place(xml: bytes, where: SheetData, last: int) -> str | None:
    """The reference of the first cell of the sheet's last row (number ``last``), as the user
    would find it; None when that row holds no cell with a reference."""
    sx = where.syntax
    at = xml.rfind(b"<" + sx.p + b"row", where.data_start, where.data_end)
    while at >= 0 and not sx.row_start.match(xml, at):
        at = xml.rfind(b"<" + sx.p + b"row", where.data_start, at)
    cell = CELL_ELEMENT.search(xml, at, where.data_end) if at >= 0 else None
    ref = CELL_R_ATTR.search(b" " + cell.group(1)) if cell else None
    if ref and int(ref.group(2)) == last:
        return (ref.group(1) + ref.group(2)).decode()
    return None


def cells_beyond(
    xml: bytes,
    where: SheetData,
    max_row: int,
    max_col: int,
    *,
    rough_hit: int | None = None,
    last_space: int | None = None,
) -> bool:
    """True when a cell or row of the worksheet lies below ``max_row`` or right of ``max_col``.

    A few searches at C speed: the last row's number, and one pattern for a cell reference
    with a column beyond ``max_col`` or a row number longer than ``max_row``'s. ``where`` is
    the sheet's :func:`~.sheet_data.locate_sheet_data`. ``rough_hit``: where the
    :func:`rough_pattern` of a bound at most as large first matched in ``xml`` (-1: nowhere),
    when the search ran as the part was inflated; None: searched here. ``last_space``: where
    the part's last tab, CR or LF (:data:`OTHER_SPACES`) stands (-1: nowhere), when found as
    it was inflated; None: looked for here. Excel's CR LF after the XML declaration lies
    before the sheet data, and a roster's sheet holds none in it: the look at every one of
    them is then skipped.
    """
    sx = where.syntax
    last = xml.rfind(b"<" + sx.p + b"row", where.data_start, where.data_end)
    m = sx.row_start.match(xml, last) if last >= 0 else None
    r = R_ATTR.search(m.group(1)) if m else None
    if r and r.group(1).isdigit() and int(r.group(1)) > max_row:  # r="abc": no number
        return True
    start, end = where.data_start, where.data_end
    any_spelling = _beyond_patterns(max_row, max_col, True)[1]
    if rough_hit is None and end - start <= ANY_SPELLING_BYTES:
        # Small enough to search for every spelling XML allows at no noticeable cost.
        return any_spelling.search(xml, start, end) is not None
    if (last_space is None or last_space >= start) and _spaces_in_tags(xml, start, end):
        return any_spelling.search(xml, start, end) is not None
    rough, exact = _beyond_patterns(max_row, max_col)
    if rough_hit is not None:
        # A rough match of a smaller bound comes at or before this bound's first exact match,
        # and at or before the first hint of another spelling.
        if rough_hit < 0:
            return False
        start = max(start, rough_hit)
    elif rough is not None:
        # The exact pattern tries several alternatives at each of a roster's ~2 million cell
        # references; the rough one fails most of them at their second character. Every exact
        # match is a rough match at the same place, so the exact search starts at the first.
        hit = rough.search(xml, start, end)
        if hit is None:
            return False
        start = hit.start()
    if exact.search(xml, start, end) is not None:
        return True
    # Excel's spelling holds no far cell; another spelling may, from its first hint on.
    other = _other_spelling().search(xml, start, end)
    return other is not None and any_spelling.search(xml, other.start(), end) is not None


def _spaces_in_tags(xml: bytes, start: int, end: int) -> bool:
    """Whether a tab, CR or LF stands inside a tag between ``start`` and ``end`` (or so many
    stand outside tags that telling them apart would take longer than a search): each is
    found at memchr speed, and a sheet Excel, LibreOffice or openpyxl writes holds none in its
    data but in the line breaks of its texts."""
    looked_at = 0
    for space in OTHER_SPACES:
        at = xml.find(space, start, end)
        before, inside = start, False  # sheet data starts after a tag
        while at >= 0:
            # Only the stretch since the one before is looked at: a long text holding many
            # line breaks is read once, not once per break.
            lt, gt = xml.rfind(b"<", before, at), xml.rfind(b">", before, at)
            if lt >= 0 or gt >= 0:
                inside = lt > gt
            if inside:
                return True
            looked_at += 1
            if looked_at > _SPACES_LOOKED_AT:
                return True
            before, at = at, xml.find(space, at + 1, end)
    return False


@lru_cache(maxsize=1)
def _other_spelling() -> re.Pattern[bytes]:
    return re.compile(_OTHER_SPELLING)


def rough_pattern(max_row: int, max_col: int) -> re.Pattern[bytes] | None:
    """A pattern matching every cell reference :func:`cells_beyond` looks for in Excel's
    spelling (and more) and every hint of another spelling, or None when it would match every
    reference. Every reference beyond a larger bound matches it too, so it can be searched for
    before the bound is known exactly."""
    return _beyond_patterns(max_row, max_col)[0]


@lru_cache(maxsize=64)
def _beyond_patterns(
    max_row: int, max_col: int, any_spelling: bool = False
) -> tuple[re.Pattern[bytes] | None, re.Pattern[bytes]]:
    """(rough, exact) patterns of a cell reference beyond ``max_row`` or ``max_col``.

    Exact: a column beyond ``max_col``, or a row number longer than ``max_row``'s. Rough: a
    column with as many letters as ``max_col``'s (a column with fewer is never beyond it), or
    a shorter column with a row number longer than ``max_row``'s; None when ``max_col`` has one
    letter (every reference would match)."""
    digits = len(str(max_row))
    beyond = _letters_above(max_col) + rb"[0-9]|[A-Z]{1,3}[0-9]{%d,}" % (digits + 1)
    if any_spelling:
        return None, re.compile(rb"""\sr\s*=\s*["'](?:""" + beyond + rb")")
    # Every writer we know (Excel, LibreOffice, openpyxl) spells it ` r="A1"`: a search with a
    # literal prefix runs at memchr speed. In large sheets, other spellings are looked for from
    # the first hint of one (cells_beyond), which the rough pattern matches as well.
    exact = re.compile(rb' r="(?:' + beyond + rb")")
    letters = len(get_column_letter(max_col))
    if letters == 1:
        return None, exact
    if letters == 2:  # the usual bound, factored: one letter, then a letter or a long number
        rough = rb'"[A-Z](?:[A-Z]|[0-9]{%d})' % (digits + 1)
    else:
        rough = rb'"(?:[A-Z]{%d}|[A-Z]{1,%d}[0-9]{%d})' % (letters, letters - 1, digits + 1)
    # The hints of another spelling (_OTHER_SPELLING) tried first: Excel's spelling fails them
    # at its first or second character (measured 1.6 instead of 1.9 times the search without).
    return re.compile(rb" r(?:\s|=(?:[\s']|" + rough + rb"))"), exact


def _cell_position(attrs: bytes) -> tuple[int, int] | None:
    ref = CELL_R_ATTR.search(b" " + attrs)
    if not ref:
        return None
    return int(ref.group(2)), column_index_from_string(ref.group(1).decode())


@dataclass
class Trimmed:
    """A worksheet cut to a bounding box, and the cells holding data that were cut off."""

    xml: bytes
    dropped: int = 0  # cells holding a value, an inline string or a formula
    first: list[tuple[int, int]] = field(default_factory=list)  # (row, column) of the first few

    def drop(self, place: tuple[int, int], content: bytes | None) -> None:
        if content and _VALUE.search(content):
            self.dropped += 1
            if len(self.first) < FIRST_DROPPED:
                self.first.append(place)


#: How many of the cells cut off are named (the count covers them all).
FIRST_DROPPED = 5


def trim_sheet(xml: bytes, where: SheetData, part: str, max_row: int, max_col: int) -> Trimmed:
    """The worksheet without its rows below ``max_row`` and cells right of ``max_col``.

    Only for reading: a cell without a reference keeps its place, so it is kept. The rows
    below are scanned only to count the cells holding data there (one pass, no grid).
    """
    sx = where.syntax
    out = [xml[: where.data_start]]
    trimmed = Trimmed(b"")
    for rownum, start, c_start, c_end, end, _attrs in scan_rows(
        xml, where.data_start, where.data_end, sx, part
    ):
        if rownum > max_row:  # left out of the copy; its cells holding data are counted
            for cell in CELL_ELEMENT.finditer(xml, c_start, c_end):
                trimmed.drop(_cell_position(cell.group(1)) or (rownum, 0), cell.group(2))
            continue
        content = xml[c_start:c_end]
        kept = []
        pos = 0
        for cell in CELL_ELEMENT.finditer(content):
            place = _cell_position(cell.group(1))
            if place is not None and (place[0] > max_row or place[1] > max_col):
                kept.append(content[pos : cell.start()])
                pos = cell.end()
                trimmed.drop(place, cell.group(2))
        if pos:
            kept.append(content[pos:])
            out.append(xml[start:c_start] + b"".join(kept) + xml[c_end:end])
        else:
            out.append(xml[start:end])
    out.append(xml[where.data_end :])
    trimmed.xml = b"".join(out)
    return trimmed


def rows_with_values(
    xml: bytes, where: SheetData, part: str, first_row: int, columns: tuple[int, int], limit: int
) -> int:
    """How many rows from ``first_row`` on, one after the other, hold a value in ``columns``
    (first, last; 1-based, inclusive): counting stops at the first row without one, and at
    ``limit``. The rows before ``first_row`` are jumped over when the sheet writes each row's
    number first (as Excel, LibreOffice and openpyxl do), and the rows after are not read."""
    sx = where.syntax
    start = where.data_start
    first = sx.row_start.search(xml, where.data_start, where.data_end)
    if first is None:
        return 0
    if re.match(rb"""\s+r\s*=\s*["'][0-9]+["']""", first.group(1)):
        at = re.compile(
            rb"<" + re.escape(sx.p) + rb"""row\s+r\s*=\s*["']%d["']""" % first_row
        ).search(xml, where.data_start, where.data_end)
        if at is None:
            return 0  # no such row: it is blank
        start = at.start()
    count = 0
    for rownum, _start, c_start, c_end, _end, _attrs in scan_rows(
        xml, start, where.data_end, sx, part
    ):
        if rownum < first_row:
            continue
        if rownum != first_row + count or count >= limit:
            break
        if not any(
            columns[0] <= _column(cell.group(1)) <= columns[1]
            and _VALUE.search(cell.group(2) or b"")
            for cell in CELL_ELEMENT.finditer(xml, c_start, c_end)
        ):
            break
        count += 1
    return count


def _column(attrs: bytes) -> int:
    place = _cell_position(attrs)
    return place[1] if place else 0
