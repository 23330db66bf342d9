"""A large worksheet part patched as it is inflated, a segment of rows at a time, and written
while it is made: neither the part nor its new version is ever held whole.

A recompute and a collect write whole columns down a roster's sheet (~120 MB of XML at 100,000
rows). Made whole, the part sat beside everything else the run held (collect's peak: the
sheet's 120 MB over ~300 MB). Here the part is inflated in pieces
(:func:`~.member_pieces.inflated_pieces`), regrouped into segments of whole rows
(:class:`~.row_segments.RowSegments`), and each segment is patched by the same code that patches
a whole part (:meth:`SheetPatch.segment_pieces`), so that the bytes written are the same.

Only what a segment can be sure of is made so: whole columns (:meth:`ColumnRuns.fit`, no cell
given alone, no Total Row moved), written by windows as a whole part streams them. A row that
must go row by row after the first segment (the segments before it were not searched for
formulas), a new cell whose style lies in a segment already let go of, or anything the segments'
reading is not sure of raises :class:`~.row_segments.NotSegmentable`, and the package is written
again with the part read whole (:func:`~lkjip_xl.workbook.patcher.patch_workbook`).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Literal

from lkjip_xl.workbook.ooxml.cell_edits import ColumnEdit
from lkjip_xl.workbook.ooxml.column_runs import ColumnRuns
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.package import FAST_LEVEL_FROM
from lkjip_xl.workbook.ooxml.row_segments import SEGMENT_BYTES, NotSegmentable, RowSegments
from lkjip_xl.workbook.ooxml.sheet_patch import SheetPatch

__all__ = ["SEGMENTED_FROM", "SegmentedPatch"]

#: Parts at least this large (uncompressed) are patched a segment at a time.
SEGMENTED_FROM = 16 << 20

Piece = bytes | bytearray | memoryview


class SegmentedPatch:
    """Whole columns written into the worksheet ``part``, a :class:`~.package.StreamedPart`.

    ``pieces`` gives the part's bytes in order (each call anew), ``whole`` the part at once
    (only when the stream cannot be kept, :meth:`outcome`); ``size`` is the part's size."""

    def __init__(
        self,
        pieces: Callable[[], Iterator[bytes]],
        whole: Callable[[], bytes],
        size: int,
        part: str,
        sheet: str,
        columns: Sequence[ColumnEdit],
        segment_bytes: int = SEGMENT_BYTES,
    ) -> None:
        self._pieces, self._whole, self._size = pieces, whole, size
        self.part, self.sheet, self.columns = part, sheet, columns
        self.segment_bytes = segment_bytes
        # What the stream found: whether it ran to the end, kept the head as it was, spelt
        # the original exactly, and how long the new part is.
        self._streamed = self._head_ok = self._same = False
        self._new_size = 0

    @staticmethod
    def suits(size: int, cells: Mapping[str, object], columns: Sequence[ColumnEdit]) -> bool:
        """Whether a part of ``size`` bytes given these edits is patched a segment at a time."""
        return size >= SEGMENTED_FROM and not cells and ColumnRuns.fit(columns)

    @property
    def size(self) -> int:
        return self._size

    def parts(self) -> Iterator[tuple[bytes, Iterator[Piece]]]:
        """The part in order, as (original bytes, their new bytes in pieces): the head, each
        segment of rows, the tail. Raises :class:`NotSegmentable` (see the module)."""
        segments = RowSegments(self._pieces(), self.part, self.segment_bytes)
        head, where = segments.head()
        if where.empty_element:  # nothing to write into (rare and small): made whole
            raise NotSegmentable(self.part)
        patch = SheetPatch(b"", self.part, self.sheet, {}, self.columns)
        patch.begin_segments(where)
        yield head, iter((head,))
        for rows, final in segments.rows():
            yield rows, patch.segment_pieces(rows, final)
        yield segments.tail, iter((segments.tail,))
        self._head_ok = patch.head_stands(head[: where.tag_start])

    def chunks(self, buffer: int = 1 << 20) -> Iterator[Piece]:
        """The new part in chunks of about ``buffer`` bytes, as
        :meth:`SheetPatch.chunks` gives them: nothing while the new bytes spell the original
        (the segments read are then held), the original so far once they differ."""
        try:
            yield from self._chunks(buffer)
        except (PackageError, zipfile.BadZipFile, zlib.error, EOFError, RuntimeError,
                NotImplementedError) as exc:  # fmt: skip
            # Refused, or damaged, as the whole part says it (perhaps of an earlier place).
            raise NotSegmentable(self.part) from exc

    def _chunks(self, buffer: int) -> Iterator[Piece]:
        out = bytearray()
        held: list[bytes] = []
        same, size = True, 0
        for original, pieces in self.parts():
            at = 0
            for piece in pieces:
                size += len(piece)
                if same:
                    if original.startswith(piece, at):  # compared in place, nothing copied
                        at += len(piece)
                        continue
                    same = False
                    yield from held
                    held = []
                    yield memoryview(original)[:at]
                if len(piece) >= buffer:
                    # A window of rows is handed on as it is: copied into ``out`` it was one
                    # more pass over the whole part in the thread that makes it.
                    if out:
                        yield out
                        out = bytearray()
                    yield piece
                    continue
                out += piece
                if len(out) >= buffer:
                    yield out
                    out = bytearray()
            if same:
                if at == len(original):
                    held.append(original)
                    continue
                same = False
                yield from held
                held = []
                yield memoryview(original)[:at]
        if not same:
            yield out
        self._streamed, self._same, self._new_size = True, same, size

    def outcome(self) -> bytes | Literal[True] | None:
        """After :meth:`chunks`, as :meth:`SheetPatch.outcome`: True when the streamed bytes
        are the part, None when they are the original's, or the part made whole (from the
        whole part) when the stream could not spell it."""
        if self._streamed and self._head_ok:
            if self._same:
                return None
            if self._new_size > FAST_LEVEL_FROM:
                return True
        xml = self._whole()
        new = SheetPatch(xml, self.part, self.sheet, {}, self.columns).run()
        return None if new == xml else new
