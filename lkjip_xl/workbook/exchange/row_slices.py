"""A distributed worksheet's rows as slices of its XML, cut only when a unit asks for them.

A roster's sheet is ~113 MB of XML in 100,000 rows. Cut into one ``bytes`` per row, it was held
twice while it was split (the part and its pieces) and the pieces beside calamine's reading of
the tables; here the part is held once, with three arrays saying where each row is (1.2 MB),
and where the rows are can be found while calamine reads, without holding the part at all
(:func:`find_rows`), to be joined to the part read again once the tables are read
(:func:`sheet_rows`).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from lkjip_xl.workbook.exchange.package import ExchangeError, SheetRows, split_rows
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.markup import QNAME_PREFIX
from lkjip_xl.workbook.ooxml.sheet_data import locate_sheet_data, scan_rows, syntax

#: The ``sheetData`` start tag (:func:`locate_sheet_data` checks it again on the whole part).
_SHEET_DATA = re.compile(rb"<" + QNAME_PREFIX + rb"sheetData(?=[\s/>])[^>]*?(/?)>")
#: Inflated at a time by :func:`find_rows_streamed`.
_WINDOW = 4 << 20


class Stream(Protocol):
    """What a part is read from a piece at a time (a file, or inflated chunks handed on)."""

    def read(self, size: int, /) -> bytes: ...


@dataclass(frozen=True)
class RowPlaces:
    """Where the rows of a worksheet part are (offsets into it), and how long the part is."""

    size: int
    data_start: int
    data_end: int
    prefix: bytes
    numbers: array[int]  # row numbers, ascending (the scan refuses rows out of order)
    starts: array[int]
    ends: array[int]


def find_rows(xml: bytes, part: str) -> RowPlaces | None:
    """Where the rows of the worksheet ``xml`` are; None for a sheet without rows
    (``<sheetData/>``, which :func:`~.package.split_rows` handles)."""
    try:
        where = locate_sheet_data(xml, part)
        if where.empty_element:
            return None
        numbers, starts, ends = array("q"), array("q"), array("q")
        for number, start, _c_start, _c_end, end, _attrs in scan_rows(
            xml, where.data_start, where.data_end, where.syntax, part
        ):
            numbers.append(number)
            starts.append(start)
            ends.append(end)
    except PackageError as exc:
        raise ExchangeError(str(exc)) from exc
    return RowPlaces(
        len(xml), where.data_start, where.data_end, where.syntax.p, numbers, starts, ends
    )


def find_rows_streamed(stream: Stream, part: str, declared: int) -> RowPlaces | None:
    """:func:`find_rows` of the worksheet part ``stream`` gives, inflated a window at a time
    and never held whole; None when the rows cannot be found this way (no ``sheetData`` end,
    a sheet without rows, a part inflating beyond its ``declared`` size): :func:`sheet_rows`
    then finds them in the part itself, read as it reads every part.

    Each window is scanned up to its last row end tag (the rest begins the next one); the
    places are trusted only if the part read again is found the same (:func:`sheet_rows`)."""
    buffer, base, size = b"", 0, 0  # base: where ``buffer`` begins in the part
    while (found := _SHEET_DATA.search(buffer)) is None:
        chunk = stream.read(_WINDOW)
        if not chunk or size > declared:
            return None
        size += len(chunk)
        buffer += chunk
    if found.group(2):  # <sheetData/>
        return None
    start = found.end()
    sx = syntax(found.group(1) or b"")
    close_tag = b"</" + sx.p + b"sheetData>"
    numbers, starts, ends = array("q"), array("q"), array("q")
    pos, prev, end = start, 0, -1
    try:
        while True:
            closed = buffer.find(close_tag, pos - base)
            if closed >= 0:
                cut = closed
            else:
                cut = buffer.rfind(sx.row_close, pos - base) + len(sx.row_close)
                cut = cut if cut >= len(sx.row_close) else pos - base
            for number, row_start, _c, _e, row_end, _a in scan_rows(
                buffer, pos - base, cut, sx, part, prev
            ):
                numbers.append(number)
                starts.append(base + row_start)
                ends.append(base + row_end)
                prev = number
            pos = base + cut
            if closed >= 0:
                end = base + closed
                break
            chunk = stream.read(_WINDOW)
            if not chunk or size > declared:
                return None
            size += len(chunk)
            buffer = buffer[pos - base :] + chunk
            base = pos
        while size <= declared and (chunk := stream.read(_WINDOW)):  # only its size
            size += len(chunk)
    except PackageError as exc:
        raise ExchangeError(str(exc)) from exc
    if size > declared:
        return None
    return RowPlaces(size, start, end, sx.p, numbers, starts, ends)


class RowSlices(Mapping[int, bytes]):
    """The rows of a worksheet part by number, each cut from the part when asked for."""

    __slots__ = ("_ends", "_first", "_numbers", "_starts", "_xml")

    def __init__(self, xml: bytes, places: RowPlaces) -> None:
        self._xml = xml
        self._numbers, self._starts, self._ends = places.numbers, places.starts, places.ends
        self._first = places.numbers[0] if places.numbers else 0

    def _at(self, number: object) -> int:
        numbers = self._numbers
        if type(number) is not int:
            return -1
        # Rows are mostly numbered without gaps: where the row would be then is tried first.
        i = number - self._first
        if 0 <= i < len(numbers) and numbers[i] == number:
            return i
        i = bisect_left(numbers, number)
        return i if i < len(numbers) and numbers[i] == number else -1

    def __getitem__(self, number: int) -> bytes:
        i = self._at(number)
        if i < 0:
            raise KeyError(number)
        return self._xml[self._starts[i] : self._ends[i]]

    def __contains__(self, number: object) -> bool:
        return self._at(number) >= 0

    def __iter__(self) -> Iterator[int]:
        return iter(self._numbers)

    def __len__(self) -> int:
        return len(self._numbers)


def sheet_rows(xml: bytes, part: str, places: RowPlaces | None = None) -> SheetRows:
    """The worksheet ``xml`` split around its ``sheetData`` like :func:`~.package.split_rows`,
    its rows cut when asked for; ``places``: where they are, when already found in this very
    part (found again when the part read is not of their size)."""
    if places is not None:
        try:
            where = locate_sheet_data(xml, part)
        except PackageError as exc:
            raise ExchangeError(str(exc)) from exc
        if (where.data_start, where.data_end, places.size) != (
            places.data_start, places.data_end, len(xml),
        ):  # fmt: skip
            places = None
    if places is None:
        places = find_rows(xml, part)
        if places is None:
            return split_rows(xml, part)
    return SheetRows(
        xml[: places.data_start], RowSlices(xml, places), places.numbers,
        xml[places.data_end :], places.prefix,
    )  # fmt: skip
