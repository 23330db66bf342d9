"""A worksheet part regrouped, as it is inflated, into its head, its rows a segment at a time
(each ending right after a row's end tag) and its tail: what a patch of a large sheet holds at
once is a segment, never the whole part (:mod:`~lkjip_xl.workbook.ooxml.segmented_patch`).

The head is found as :func:`~.sheet_data.locate_sheet_data` finds it (the same search, the same
checks on the same bytes). Whatever this reading cannot be sure to read as that function would
(no ``<sheetData>`` start tag, its end tag met twice, CDATA or a comment among the rows) raises
:class:`NotSegmentable`: the part is then read whole, where it is refused or patched as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lkjip_xl.workbook.ooxml.markup import QNAME_PREFIX
from lkjip_xl.workbook.ooxml.sheet_data import SheetData, locate_sheet_data

__all__ = ["SEGMENT_BYTES", "NotSegmentable", "RowSegments"]

#: About how large a segment of rows is (a segment and its new bytes are held at once).
SEGMENT_BYTES = 4 << 20

#: The start tag of ``<sheetData>`` (as :func:`locate_sheet_data` looks for it).
_SHEET_DATA = re.compile(rb"<" + QNAME_PREFIX + rb"sheetData(?=[\s/>])([^>]*?)(/?)>")


class NotSegmentable(Exception):
    """Raised when a part cannot be made a segment at a time with certainty: the caller makes
    it again from the whole part."""

    def __init__(self, part: str) -> None:
        super().__init__(part)
        self.part = part


def _hidden_markup(data: bytes | bytearray, start: int = 0) -> bool:
    """Whether ``<!`` (CDATA, a comment) occurs in ``data`` from ``start``: a '!' is rare in a
    sheet and found at memchr speed."""
    bang = data.find(b"!", start + 1)
    while bang >= 0:
        if data[bang - 1] == 0x3C:  # "<"
            return True
        bang = data.find(b"!", bang + 1)
    return False


class RowSegments:
    """The part given in ``pieces`` (its bytes in order), read once: :meth:`head` first, then
    :meth:`rows`, then :attr:`tail`."""

    def __init__(self, pieces: Iterator[bytes], part: str, segment_bytes: int = SEGMENT_BYTES):
        self._pieces = pieces
        self.part = part
        self.segment_bytes = segment_bytes
        self._buffer = bytearray()
        self._where: SheetData | None = None
        #: What follows the rows: the end tag of ``<sheetData>`` and the rest (after :meth:`rows`).
        self.tail = b""

    def _more(self) -> bool:
        piece = next(self._pieces, None)
        if piece is None:
            return False
        self._buffer += piece
        return True

    def head(self) -> tuple[bytes, SheetData]:
        """The part up to the end of the ``<sheetData>`` start tag, and where that tag is (as
        :func:`locate_sheet_data` finds it in the whole part)."""
        buffer = self._buffer
        while (m := _SHEET_DATA.search(buffer)) is None:
            if not self._more():
                raise NotSegmentable(self.part)
        head = bytes(buffer[: m.end()])
        if m.group(2):  # <sheetData/>: no rows to read
            where = locate_sheet_data(head, self.part)
        else:
            # The same match and checks on the head and an end tag as on the whole part.
            close = b"</" + (m.group(1) or b"") + (b":" if m.group(1) else b"") + b"sheetData>"
            where = locate_sheet_data(head + close, self.part)
        del buffer[: m.end()]
        self._where = where
        return head, where

    def _cut(self, row_close: bytes, close_tag: bytes) -> bytes | None:
        """The next segment (what :meth:`rows` would cut), made with one copy of its bytes
        when the pieces read to fill it end in a row's end tag with no end of the rows after
        it (the usual case); else None, the pieces read added to the buffer. Added one by
        one, a segment was copied twice (into the buffer, out of it) in the thread that
        patches it."""
        buffer, pending = self._buffer, []
        size = len(buffer)
        while size < self.segment_bytes and (piece := next(self._pieces, None)) is not None:
            pending.append(piece)
            size += len(piece)
        if not pending:
            return None
        last = pending[-1]
        # A row's end tag wholly in the last piece is the last one of them all.
        at = last.rfind(row_close)
        if size >= self.segment_bytes and at >= 0:
            after = at + len(row_close)
            if last.find(close_tag, after) < 0:
                with memoryview(last) as view:
                    segment = b"".join([buffer, *pending[:-1], view[:after]])
                    buffer[:] = view[after:]
                return segment
        for piece in pending:
            buffer += piece
        return None

    def rows(self) -> Iterator[tuple[bytes, bool]]:
        """The rows, as (segment, whether it is the last one): each segment is whole rows and
        the white space between them, the last one up to the end tag of ``<sheetData>``."""
        where = self._where
        assert where is not None, "head first"
        sx = where.syntax
        close_tag, row_close = b"</" + sx.p + b"sheetData>", sx.row_close
        buffer = self._buffer
        searched = 0  # where the search for the end tag goes on from
        while True:
            if len(buffer) < self.segment_bytes:
                segment = self._cut(row_close, close_tag)
                if segment is not None:
                    searched = max(0, len(buffer) - len(close_tag) + 1)
                    if _hidden_markup(segment):
                        raise NotSegmentable(self.part)
                    yield segment, False
                    continue
            last = buffer.rfind(row_close)
            after = last + len(row_close) if last >= 0 else 0
            # Looked for after the last row only (a row's end tag is found from the end at
            # once): one among the rows is no end for the whole part either, which takes the
            # last one; another after this one is refused below.
            end = buffer.find(close_tag, max(after, searched))
            if end >= 0:
                while self._more():  # the tail: what is left of the part
                    pass
                if buffer.find(close_tag, end + len(close_tag)) >= 0:
                    raise NotSegmentable(self.part)  # which end tag counts: as a whole part
                with memoryview(buffer) as view:  # each byte copied once
                    segment, self.tail = bytes(view[:end]), bytes(view[end:])
                buffer.clear()
                if _hidden_markup(segment):
                    raise NotSegmentable(self.part)
                yield segment, True
                return
            if last >= 0 and len(buffer) >= self.segment_bytes:
                with memoryview(buffer) as view:
                    segment = bytes(view[:after])
                del buffer[:after]
                searched = max(0, len(buffer) - len(close_tag) + 1)
                if _hidden_markup(segment):
                    raise NotSegmentable(self.part)
                yield segment, False
                continue
            searched = max(0, len(buffer) - len(close_tag) + 1)
            if not self._more():
                raise NotSegmentable(self.part)  # not closed: refused as a whole part
