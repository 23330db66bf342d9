"""One worksheet part with some of its cells rewritten, everything else kept byte for byte.

* ``<sheetData>`` is scanned row by row (:func:`~.sheet_data.scan_rows`); rows without edits
  are copied as byte slices, and the scan stops after the last edited row;
* in an edited row, the common layout (every cell ``<c r="..." ...>``) is rewritten by
  splitting the row at its cells; any other layout goes through a general cell parser;
* a new cell takes the style of the nearest cell above it in its column; the sheet's
  ``<dimension>`` and a row's ``spans`` are widened to cover new cells;
* a shared formula whose master cell is overwritten is given to each dependent cell as its own
  (translated) formula, so that no cell is left pointing to a master that is gone;
* a large sheet without formulas is made in chunks while the zip member is written
  (:meth:`SheetPatch.chunks`), so that a roster's sheet is never held twice;
* whole columns over the same rows (a recompute's computed columns) are written a window of
  rows at a time (:mod:`~lkjip_xl.workbook.ooxml.column_runs`), and such a sheet is streamed
  without a search for formulas first: a row that must go row by row makes sure no written
  column holds one (formulas in other columns are copied as they are; else
  :class:`~lkjip_xl.workbook.ooxml.package.NotStreamable`, and the part is made whole).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Final, Literal

from lkjip_xl.workbook.ooxml.cell_edits import ColumnEdit, Edit, edit_body, prepare_edits
from lkjip_xl.workbook.ooxml.cells import format_range, parse_range
from lkjip_xl.workbook.ooxml.column_runs import ColumnRuns
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.letters import column_index_from_string, get_column_letter
from lkjip_xl.workbook.ooxml.markup import (
    R_ATTR,
    REF_ATTR,
    S_ATTR,
    attributes,
    escape_formula,
    unescape_text,
)
from lkjip_xl.workbook.ooxml.package import FAST_LEVEL_FROM, NotStreamable
from lkjip_xl.workbook.ooxml.row_cells import ColumnGap, RawCell, parse_cells, widen_spans
from lkjip_xl.workbook.ooxml.row_segments import NotSegmentable
from lkjip_xl.workbook.ooxml.sheet_data import CELL_REF, SheetData, locate_sheet_data, scan_rows

__all__ = ["SheetPatch"]

_DROPPED_CELL_ATTRS = frozenset({b"r", b"t", b"cm", b"vm"})


@dataclass(slots=True)
class _Segment:
    """Between two segments of a part made segment by segment: the rows to write, how many are
    written, the last row of the segments made (their bytes are no longer held)."""

    todo: Sequence[int]
    done: int = 0
    last_row: int = 0
    index: int = -1  # of the segment being made


@dataclass(slots=True)
class _SharedGroup:
    """A shared formula: its master cell, its text and the rows it spans."""

    anchor: str  # A1 ref of the master cell
    formula: str  # unescaped text without "="
    rows: tuple[int, int]


# What may follow r="..." in a cell start tag for the fast path to apply: a style, a type.
_SIMPLE_CELL_SUFFIX = re.compile(rb'( s="[0-9]+")?(?: t="[a-zA-Z]+")? ?')


class _Sentinel(Enum):
    """A marker no cached value can be (an enum member, so that mypy narrows on ``is``)."""

    COMPLEX = 0


# The style cache's default: a suffix not looked at yet (a cached None means "not simple").
_COMPLEX: Final = _Sentinel.COMPLEX


#: How many distinct cell endings the fast path remembers (bounded: a column of distinct
#: numbers would otherwise keep one entry per row).
_REST_STYLES = 4096


def _simple_style(suffix: bytes) -> bytes | None:
    """The s attribute to keep from a simple cell's attributes, or None when not simple."""
    m = _SIMPLE_CELL_SUFFIX.fullmatch(suffix)
    return None if m is None else (m.group(1) or b"")


class SheetPatch:
    """Rewrite one worksheet part. Offsets refer to the original XML bytes."""

    def __init__(
        self,
        xml: bytes,
        part: str,
        sheet: str,
        edits: Mapping[str, object],
        columns: Sequence[ColumnEdit] = (),
    ) -> None:
        self.xml = xml
        self.part = part
        self.sheet = sheet
        self.raw_edits = edits
        self.columns = columns
        self.formulas_removed = False
        self.changed = False
        self._col_style: dict[int, tuple[int, int | None]] = {}
        self._seen_rows: list[tuple[int, int, int]] = []  # (row, content start, content end)
        self._shared: dict[bytes, _SharedGroup] = {}
        self._offset = 0  # learnt distance between a column number and its chunk index
        self._kept_style: dict[bytes, bytes | None] = {}
        # A cell's bytes after its r attribute (style, type, value, end tag) -> the s attribute
        # its rewrite keeps: computed columns repeat few such cells, each examined once.
        self._rest_style: dict[bytes, bytes] = {}
        self._bounds: list[int] | None = None  # rows and columns of the cells created
        # What a stream (chunks) found: whether it ran to the end, kept the head as it was,
        # spelt the original exactly, and how long the part is.
        self._streamed = self._tail_ok = self._same = False
        self._size = 0
        self._where: SheetData | None = None
        self._spaced: bool | None = None  # found when first needed
        # Streamed without looking for formulas first (:meth:`streams`); formulas_checked
        # once a row going row by row made it necessary to know there are none.
        self._optimistic = self._formulas_checked = False
        # Made segment by segment (:meth:`segment_pieces`): where the rows stand between two
        # segments; None for a part made whole.
        self._segment: _Segment | None = None
        self._floor = 0  # rows up to this one lie in segments made before, no longer held
        self._gap: ColumnGap | None = None  # where whole columns go in rows holding none of them

    # -- entry point ---------------------------------------------------------------------------

    def run(self) -> bytes:
        """The part with the edits applied (the same bytes object when nothing changes)."""
        pieces = self.pieces()
        return self.xml if pieces is None else b"".join(pieces)

    def pieces(self) -> list[bytes | bytearray] | None:
        """The new part as pieces to join, or None when nothing changes. The pieces hold no
        reference to the original, so a caller can let it go before joining them."""
        xml = self.xml
        where = self._prepare()
        sx = self.sx
        body = self._rows(where.data_start, where.data_end)
        if not self.changed:
            return None
        head = self._widen_dimension(xml[: where.tag_start])
        if where.empty_element:  # <sheetData/> gets an end tag
            open_tag = b"<" + sx.p + b"sheetData" + where.attrs + b">"
            close_tag = b"</" + sx.p + b"sheetData>"
            return [head, open_tag, body, close_tag, xml[where.close_end :]]
        return [head, xml[where.tag_start : where.data_start], body, xml[where.data_end :]]

    def _prepare(self) -> SheetData:
        where = self._where or locate_sheet_data(self.xml, self.part)
        self._where = where
        self.sx = where.syntax
        self.edits = prepare_edits(self.sheet, self.raw_edits, self.sx.p, self.columns)
        # Optimistic: no shared formula's master can be overwritten by a window (its cells
        # hold no formula), and a row going row by row first makes sure there is no formula.
        if not self._optimistic and self.xml.find(b"shared", where.data_start, where.data_end) >= 0:
            self._find_shared_masters(where.data_start, where.data_end)
        return where

    def _every_cell_spaced(self) -> bool:
        """Whether every '<c' is a cell start written '<c ' (every writer we know): a row's
        split at '<c ' then finds all its cells without counting them row by row."""
        if self._spaced is None:
            where = self._where
            assert where is not None  # found by _prepare, before any row
            pattern = re.compile(re.escape(self.sx.c_open) + rb"(?! )")
            self._spaced = pattern.search(self.xml, where.data_start, where.data_end) is None
        return self._spaced

    def _has_formulas(self) -> bool:
        where = self._where
        assert where is not None
        return where.syntax.f_elem.search(self.xml, where.data_start, where.data_end) is not None

    def _formula_in_written_column(self, start: int, end: int) -> bool:
        """Whether a cell of a written column (in any row) holds a formula between ``start``
        and ``end``: only such a formula can be removed or be a shared formula's master that
        is overwritten. A roster may hold formulas in its input columns (a NIP typed as
        =TEXT(...)): they are copied as they are, and the sheet is still streamed."""
        xml, sx = self.xml, self.sx
        written = {get_column_letter(col).encode() for col, _first, _values in self.columns}
        for fm in sx.f_elem.finditer(xml, start, end):
            cell = xml.rfind(sx.c_open, start, fm.start())
            tag_end = xml.find(b">", cell, fm.start()) if cell >= 0 else -1
            r = R_ATTR.search(xml, cell, tag_end) if tag_end >= 0 else None
            ref = CELL_REF.match(r.group(1)) if r else None
            if ref is None or ref.group(1) in written:
                return True  # a cell without its reference may be in any column
        return False

    def _going_row_by_row(self) -> None:
        """Called before rows of an optimistic stream go row by row: they could remove a
        formula (the calculation chain, written before, would then be wrong) or overwrite a
        shared formula's master, so no cell of a written column may hold one."""
        if self._optimistic and not self._formulas_checked:
            segment = self._segment
            where = self._where
            assert where is not None
            in_written = self._formula_in_written_column(where.data_start, where.data_end)
            if segment is not None:
                # The segments before this one were let go of without a search.
                if segment.index or in_written:
                    raise NotSegmentable(self.part)
            elif in_written:
                raise NotStreamable(self.part)
            self._formulas_checked = True

    def streams(self) -> bool:
        """Whether this part can be written while it is made (:meth:`chunks`): a large part
        whose sheet data holds no formula (a removed formula changes parts written before it,
        the calculation chain's entries). Whole columns that windows write are streamed
        without that search (a pass over the whole sheet): the stream itself raises
        :class:`NotStreamable` if a row it cannot write by windows meets a formula."""
        if len(self.xml) <= FAST_LEVEL_FROM:
            return False
        self._where = locate_sheet_data(self.xml, self.part)
        if not self.raw_edits and ColumnRuns.fit(self.columns):
            self._optimistic = True
            return True
        return not self._has_formulas()

    def chunks(self, buffer: int = 1 << 20) -> Iterator[bytes | bytearray | memoryview]:
        """The new part in chunks of about ``buffer`` bytes, made as they are asked for; the
        part's head is given as it is, and :meth:`outcome` tells afterwards whether that held.

        While the new bytes spell the original (a second recompute writes the figures the
        first one wrote), nothing is given: only once they differ is the original so far
        handed over, so a part found unchanged is never compressed in vain."""
        xml = self.xml
        where = self._prepare()
        if where.empty_element:
            self._streamed = self._tail_ok = False  # rare and small: made whole by outcome()
            return
        out = bytearray()
        at, same = where.data_start, True
        for piece in self._row_pieces(where.data_start, where.data_end):
            if same:
                if xml.startswith(piece, at):  # compared in place (a memcmp), nothing copied
                    at += len(piece)
                    continue
                same = False
                yield from self._original(at, buffer)
            at += len(piece)
            out += piece
            if len(out) >= buffer:
                yield out
                out = bytearray()
        if same and at != where.data_end:  # a prefix of the original, then its tail
            same = False
            yield from self._original(at, buffer)
        at += len(xml) - where.data_end
        if not same:
            out += xml[where.data_end :]
            yield out
        self._streamed = True
        self._tail_ok = self._widen_dimension(xml[: where.tag_start]) == xml[: where.tag_start]
        self._same = same and at == len(xml)
        self._size = at

    def _original(self, end: int, buffer: int) -> Iterator[memoryview]:
        """The original part up to ``end``, in chunks of ``buffer`` bytes (views, no copy)."""
        view = memoryview(self.xml)
        for i in range(0, end, buffer):
            yield view[i : min(i + buffer, end)]

    @property
    def size(self) -> int:
        """The original part's size (what a stream of it is expected to be)."""
        return len(self.xml)

    def outcome(self) -> bytes | Literal[True] | None:
        """After :meth:`chunks`: True when the streamed bytes are the part, None when they are
        the original's, or the part made whole when the stream could not spell it (cells
        created outside the sheet's dimension, a part shrunk to a smaller compression level)."""
        if self._streamed and self._tail_ok:
            if self._same:
                return None
            if self._size > FAST_LEVEL_FROM:
                return True
        again = SheetPatch(self.xml, self.part, self.sheet, self.raw_edits, self.columns)
        new = again.run()
        return None if new == self.xml else new

    @staticmethod
    def same(pieces: list[bytes | bytearray], xml: bytes) -> bool:
        """Whether the pieces spell ``xml`` exactly (compared in place, nothing joined)."""
        if sum(map(len, pieces)) != len(xml):
            return False
        at = 0
        for piece in pieces:
            if not xml.startswith(piece, at):  # a memcmp, without a slice
                return False
            at += len(piece)
        return True

    def begin_segments(self, where: SheetData) -> None:
        """Make the part's rows a segment at a time (:meth:`segment_pieces`), ``where`` found
        in its head: whole columns only (:meth:`ColumnRuns.fit`, no cell given one by one),
        streamed as :meth:`streams` streams them, without a search for formulas first. A row
        going row by row then needs a part without formulas: in the first segment, that one
        and every later one are searched; in a later one, the segments before were let go of
        unsearched, and :class:`NotSegmentable` is raised (the part is made again whole)."""
        assert not self.raw_edits and ColumnRuns.fit(self.columns)
        self._where = where
        self.sx = where.syntax
        self.edits = prepare_edits(self.sheet, self.raw_edits, self.sx.p, self.columns)
        self._optimistic = True
        self._segment = _Segment(self._touched_rows())

    def segment_pieces(self, rows: bytes, final: bool) -> Iterator[bytes | memoryview]:
        """The new bytes of ``rows``: whole rows of the part's sheet data, following those of
        the segments before (``final``: up to its end tag), in pieces as :meth:`chunks` makes
        them; all of them spell the bytes :meth:`pieces` makes of the sheet data."""
        segment, where = self._segment, self._where
        assert segment is not None and where is not None, "begin_segments first"
        segment.index += 1
        self.xml = rows
        if self._formulas_checked and self._formula_in_written_column(0, len(rows)):
            raise NotSegmentable(self.part)  # a row went row by row: none may hold a formula
        self._where = where._replace(data_start=0, data_end=len(rows))
        self._spaced = None
        self._seen_rows = []
        self._floor = segment.last_row
        return self._row_pieces(0, len(rows), segment, final)

    def head_stands(self, head: bytes) -> bool:
        """Whether the part's bytes before ``<sheetData>`` stand as they are once every segment
        is made (no cell created outside the sheet's dimension)."""
        return self._widen_dimension(head) == head

    def _find_shared_masters(self, start: int, end: int) -> None:
        """Find shared-formula masters that an edit overwrites.

        Removing a master would orphan the cells that share its formula, so those cells get
        their own (translated) formula instead.
        """
        xml, sx = self.xml, self.sx
        for fm in sx.f_elem.finditer(xml, start, end):
            gt = xml.find(b">", fm.end())
            attrs = dict(attributes(xml[fm.end() : gt]))
            if attrs.get(b"t") != b"shared" or b"ref" not in attrs or xml[gt - 1] == ord("/"):
                continue
            c_pos = xml.rfind(sx.c_open, start, fm.start())
            r = R_ATTR.search(xml, c_pos, fm.start()) if c_pos >= 0 else None
            rm = CELL_REF.match(r.group(1)) if r else None
            if r is None or rm is None:
                continue
            row, col = int(rm.group(2)), column_index_from_string(rm.group(1).decode())
            if not self.edits.covers(row, col):
                continue
            f_end = xml.find(b"</" + sx.p + b"f>", gt)
            r1, _c1, r2, _c2 = parse_range(attrs[b"ref"].decode())
            self._shared[attrs.get(b"si", b"")] = _SharedGroup(
                anchor=r.group(1).decode(),
                formula=unescape_text(xml[gt + 1 : f_end]),
                rows=(r1, r2),
            )

    # -- rows ----------------------------------------------------------------------------------

    def _touched_rows(self) -> Sequence[int]:
        if not self._shared and not self.edits.has_cells and ColumnRuns.fit(self.columns):
            _col, first, last, *_ = self.edits.columns[0]
            return range(first, last + 1)  # the columns' rows, without a set of them
        rows = set(self.edits)
        for g in self._shared.values():
            rows.update(range(g.rows[0], g.rows[1] + 1))
        return sorted(rows)

    def _in_shared_range(self, rownum: int) -> bool:
        return any(g.rows[0] <= rownum <= g.rows[1] for g in self._shared.values())

    def _rows(self, start: int, end: int) -> bytearray:
        out = bytearray()
        for piece in self._row_pieces(start, end):
            out += piece
        return out

    def _row_pieces(
        self, start: int, end: int, segment: _Segment | None = None, final: bool = True
    ) -> Iterator[bytes | memoryview]:
        """The new sheet data in order: views of the unchanged stretches of the original and
        each rewritten row (or window of rows) as it is made (never the whole of it at once).
        In a ``segment``, the rows go on from the segments before; rows to create after the
        last one are created in the ``final`` one."""
        xml, sx = self.xml, self.sx
        view = memoryview(xml)
        if segment is None:
            todo, ti, prev = self._touched_rows(), 0, 0
        else:
            todo, ti, prev = segment.todo, segment.done, segment.last_row
        n_todo = len(todo)
        last = start
        seen_append = self._seen_rows.append
        edits = self.edits
        shared = bool(self._shared)
        by_columns = bool(edits.columns) and not shared
        runs = None
        if by_columns and not edits.has_cells and ColumnRuns.fit(self.columns):
            runs = ColumnRuns(xml, sx, edits.columns, end, open_end=not final)
        retry_from, gap_first = start, False
        rows = scan_rows(xml, start, end, sx, self.part, prev) if ti < n_todo else iter(())
        while (row := next(rows, None)) is not None:
            rownum, row_start, c_start, c_end, row_end, attrs = row
            prev = rownum
            while ti < n_todo and todo[ti] < rownum:
                new_row = self._new_row(todo[ti])
                if new_row:
                    yield view[last:row_start]
                    yield new_row
                    last = row_start
                ti += 1
            if runs is not None and ti < n_todo and todo[ti] == rownum and row_start >= retry_from:
                # Whole windows of rows while they have the usual layout (todo is then the
                # columns' rows, one after the other).
                at, count = row_start, 0
                while rownum + count <= runs.last and not runs.exhausted(at):
                    window = runs.window(at, rownum + count, opening=not count)
                    if window is None:
                        retry_from = runs.next_try
                        self._going_row_by_row()
                        break
                    if not count:
                        yield view[last:row_start]
                    yield window.data
                    at, count = window.stop, count + window.rows
                    for col, style in zip(runs.columns, window.styles, strict=True):
                        self._col_style[col] = (rownum + count - 1, style)
                if count:
                    self.changed = True
                    ti, last, prev = ti + count, at, rownum + count - 1
                    if ti >= n_todo:
                        break
                    after = at + len(sx.row_close)
                    rows = scan_rows(xml, after, end, sx, self.part, rownum + count - 1)
                    continue
            if ti < n_todo and todo[ti] == rownum:
                ti += 1
                self._going_row_by_row()
                content = xml[c_start:c_end]
                # Tried first the way the row before went (at most one way applies).
                fast = whole = None
                if gap_first:
                    whole = self._patch_row_gap(rownum, attrs, content)
                if whole is None and by_columns and not edits.given(rownum):
                    fast = self._patch_row_columns(rownum, content)
                if fast is None and whole is None and runs is not None and not gap_first:
                    whole = self._patch_row_gap(rownum, attrs, content)
                gap_first = whole is not None
                row_edits = edits.get(rownum) if fast is None and whole is None else None
                if row_edits and not (shared and self._in_shared_range(rownum)):
                    fast = self._patch_row_fast(rownum, row_edits, content)
                if fast is not None:
                    self.changed = True
                    yield view[last:c_start]
                    yield fast
                    last = c_end
                else:
                    slow = whole or self._patch_row_slow(rownum, attrs, row_edits or [], content)
                    if slow is not None:
                        yield view[last:row_start]
                        yield slow
                        last = row_end
            seen_append((rownum, c_start, c_end))
            if ti >= n_todo:
                break  # the rest of the sheet is copied unscanned
        yield view[last:end]
        if segment is not None:
            segment.done, segment.last_row = ti, prev
            if not final:
                return
        for rownum in todo[ti:]:
            new_row = self._new_row(rownum)
            if new_row:
                yield new_row

    def _new_row(self, rownum: int) -> bytes | None:
        cells = [c for e in self.edits.get(rownum) or () if (c := self._new_cell(rownum, e))]
        if not cells:
            return None
        self.changed = True
        p = self.sx.p
        head = b"<" + p + b'row r="%d">' % rownum
        return b"".join([head, *cells, b"</", p, b"row>"])

    def _patch_row_columns(self, rownum: int, content: bytes) -> bytes | None:
        """A row written only by whole columns, each cell where it is expected and of a form
        met before (the usual recompute row): the same bytes as :meth:`_patch_row_fast`,
        without an edit made per cell. None sends the row down the general fast path."""
        c_split = self.sx.c_split
        chunks = content.split(c_split)
        n = len(chunks)
        if not self._every_cell_spaced() and content.count(self.sx.c_open) != n - 1:
            return None
        number = b'%d"' % rownum
        rest_style = self._rest_style
        offset = self._offset
        for col, first, last, prefix, rendered in self.edits.columns:
            if first <= rownum <= last:
                i = col - offset
                needle = prefix + number
                if not 0 < i < n:
                    return None
                chunk = chunks[i]
                if not chunk.startswith(needle):
                    return None
                known = rest_style.get(chunk[len(needle) :])
                if known is None:
                    return None
                chunks[i] = needle + known + rendered[rownum - first][1]
        return c_split.join(chunks)

    def _patch_row_gap(self, rownum: int, attrs: bytes, content: bytes) -> bytes | None:
        """A row holding no cell of the whole columns written (a roster never recomputed): the
        row :meth:`_patch_row_slow` makes, its new cells put in one place without a parse of
        every cell. None when the row is of another form, or when no cell is created in it."""
        columns = self.edits.columns
        if self._gap is None:
            self._gap = ColumnGap(self.sx, columns[0][0], columns[-1][0])
        at = self._gap.offset(content, rownum)
        if at is None:
            return None
        col_style, seen = self._col_style, self._seen_rows
        styles = []
        for col, *_ in columns:
            # What _style_above returns without a look at any row, else its own answer.
            checked, style = col_style.get(col, (-1, None))
            fresh = checked >= 0 and seen and seen[-1][0] <= checked
            styles.append(style if fresh else self._style_above(rownum, col))
        row, inserted = self._gap.row(attrs, content, at, rownum, columns, styles)
        if row is None:
            return None
        for (col, *_), style in zip(columns, styles, strict=True):
            col_style[col] = (rownum, style)
        self._widen_bounds(rownum, inserted[0], inserted[-1])
        self.changed = True
        return row

    def _patch_row_fast(self, rownum: int, row_edits: list[Edit], content: bytes) -> bytes | None:
        """Rewrite the edited cells of a row whose cells all start with '<c ' and 'r='.

        Returns None when a cell is missing or written in an unusual way, so that the row goes
        through the general path.
        """
        sx = self.sx
        chunks = content.split(sx.c_split)
        n = len(chunks)
        # Every '<c' must be a '<c ' split point, otherwise some cell is written differently.
        if content.count(sx.c_open) != n - 1:
            return None
        c_close, len_c_close = sx.c_close, len(sx.c_close)
        # Formulas and cell extLst need the general rebuild; most rows have neither.
        careful = content.find(sx.f_open) >= 0 or content.find(sx.ext_lst) >= 0
        kept_style = self._kept_style
        rest_style = self._rest_style
        index: dict[bytes, int] | None = None
        offset = self._offset
        for edit in row_edits:
            col, needle, _t, tail, style_attr, style = edit
            i = col - offset
            if not (0 < i < n and chunks[i].startswith(needle)):
                if index is None:
                    index = {c[: c.find(b'"', 3) + 1]: k for k, c in enumerate(chunks) if k}
                found = index.get(needle)
                if found is None:
                    return None
                i = found
                self._offset = offset = col - i
            chunk = chunks[i]
            if style_attr is None:
                rest = chunk[len(needle) :]
                known = rest_style.get(rest)
                if known is not None:
                    chunks[i] = needle + known + tail
                    continue
            gt = chunk.find(b">")
            if gt < 1:
                return None
            if chunk[gt - 1] == 0x2F:  # "/>"
                attrs_end = gt - 1
                end = gt + 1
            elif chunk.endswith(c_close):
                attrs_end = gt
                end = len(chunk)
            else:
                attrs_end = gt
                end = chunk.find(c_close, gt)
                if end < 0:
                    return None
                end += len_c_close
            suffix = chunk[len(needle) : attrs_end]
            s_attr = kept_style.get(suffix, _COMPLEX)
            if s_attr is _COMPLEX:
                s_attr = _simple_style(suffix)
                if len(kept_style) < 1024:
                    kept_style[suffix] = s_attr
            if s_attr is None or (
                careful
                and end > gt + 1
                and (chunk.find(sx.f_open, gt, end) >= 0 or chunk.find(sx.ext_lst, gt, end) >= 0)
            ):
                inner = chunk[gt + 1 : end - len_c_close] if end > gt + 1 else b""
                rebuilt = self._rebuild_cell(rownum, edit, b" " + chunk[:attrs_end], inner)
                chunks[i] = rebuilt[len(sx.c_split) :] + chunk[end:]
                continue
            if style_attr is not None:
                self._col_style[col] = (rownum, style)
                s_attr = style_attr
            elif end == len(chunk) and len(rest_style) < _REST_STYLES:
                # The rewrite depends on these bytes only (a formula in them is rebuilt above).
                rest_style[chunk[len(needle) :]] = s_attr
            chunks[i] = (
                needle + s_attr + tail + chunk[end:] if end < len(chunk) else needle + s_attr + tail
            )
        return sx.c_split.join(chunks)

    def _patch_row_slow(
        self, rownum: int, attrs: bytes, row_edits: list[Edit], content: bytes
    ) -> bytes | None:
        cells, tail = parse_cells(self.sx, self.part, rownum, content)
        pieces: list[bytes] = []
        pos = 0
        pi, n_edits = 0, len(row_edits)
        inserted: list[int] = []
        touched = False
        for cell in cells:
            while pi < n_edits and row_edits[pi][0] < cell.col:
                new = self._new_cell(rownum, row_edits[pi])
                if new:
                    pieces.append(content[pos : cell.start])
                    pieces.append(new)
                    pos = cell.start
                    inserted.append(row_edits[pi][0])
                pi += 1
            if pi < n_edits and row_edits[pi][0] == cell.col:
                pieces.append(content[pos : cell.start])
                pieces.append(self._rebuild_cell(rownum, row_edits[pi], cell.attrs, cell.inner))
                pos = cell.end
                touched = True
                pi += 1
            else:
                expanded = self._expand_shared(rownum, cell)
                if expanded is not None:
                    pieces.append(content[pos : cell.start])
                    pieces.append(expanded)
                    pos = cell.end
                    touched = True
        appended = []
        for edit in row_edits[pi:]:
            new = self._new_cell(rownum, edit)
            if new:
                appended.append(new)
                inserted.append(edit[0])
        if not touched and not inserted:
            return None
        self.changed = True
        pieces.append(content[pos:tail])
        pieces.extend(appended)
        pieces.append(content[tail:])
        if attrs.endswith(b"/"):
            attrs = attrs[:-1]
        if inserted:
            attrs = widen_spans(attrs, inserted)
        return b"<" + self.sx.p + b"row" + attrs + b">" + b"".join(pieces) + self.sx.row_close

    # -- cells ---------------------------------------------------------------------------------

    def _rebuild_cell(self, row: int, edit: Edit, attrs: bytes, inner: bytes) -> bytes:
        """General form: keep the cell's other attributes and its extLst, drop its value."""
        sx = self.sx
        col, needle, t_attr, tail, style_attr, style = edit
        kept = [style_attr] if style_attr is not None else []
        for name, val in attributes(attrs):
            if name in _DROPPED_CELL_ATTRS:
                continue
            if name == b"s":
                if style_attr is not None:
                    continue
                style = int(val) if val.isdigit() else None
            quote = b"'" if b'"' in val else b'"'
            kept.append(b" " + name + b"=" + quote + val + quote)
        if inner and sx.f_elem.search(inner):
            self.formulas_removed = True
        ext_at = inner.find(sx.ext_lst) if inner else -1
        if ext_at >= 0:
            tail = t_attr + b">" + edit_body(edit, sx.c_close) + inner[ext_at:] + sx.c_close
        self._col_style[col] = (row, style)
        return sx.c_split + needle + b"".join(kept) + tail

    def _new_cell(self, row: int, edit: Edit) -> bytes | None:
        col, needle, _t, tail, style_attr, style = edit
        if style_attr is None:
            style = self._style_above(row, col)
            if style is not None:
                style_attr = b' s="%d"' % style
        self._col_style[col] = (row, style)
        if style_attr is None and tail == b"/>":
            # A blank, unstyled cell is the same as no cell at all.
            return None
        self._widen_bounds(row, col, col)
        return self.sx.c_split + needle + (style_attr or b"") + tail

    def _widen_bounds(self, row: int, lo: int, hi: int) -> None:
        """Count cells created in ``row`` from column ``lo`` to ``hi`` in the bounds."""
        b = self._bounds
        if b is None:
            self._bounds = [row, lo, row, hi]
        else:
            b[0], b[1], b[2], b[3] = min(b[0], row), min(b[1], lo), max(b[2], row), max(b[3], hi)

    def _style_above(self, row: int, col: int) -> int | None:
        """Style of the nearest cell above (row, col) in the same column, from the original XML."""
        checked, style = self._col_style.get(col, (0, None))
        seen = self._seen_rows
        letters = get_column_letter(col).encode()
        i = len(seen) - 1
        while i >= 0 and seen[i][0] > checked:
            r, c_start, c_end = seen[i]
            if r < row:
                found = self._cell_in(r, letters, col, c_start, c_end)
                if found is not None:
                    s = S_ATTR.search(found)
                    return int(s.group(1)) if s else None
            i -= 1
        if i < 0 and checked < self._floor:  # the cell may lie in a segment let go of
            raise NotSegmentable(self.part)
        return style

    def _cell_in(self, rownum: int, letters: bytes, col: int, start: int, end: int) -> bytes | None:
        """The start tag of a cell in an original row, or None."""
        xml, sx = self.xml, self.sx
        hit = xml.find(b' r="' + letters + b"%d" % rownum + b'"', start, end)
        if hit >= 0:
            tag = xml.rfind(b"<", start, hit)
            if tag >= 0 and xml.startswith(sx.c_open, tag) and xml.find(b">", tag, hit) < 0:
                return xml[tag : xml.find(b">", hit)]
        if start == end or not sx.implicit_cell.search(xml, start, end):
            return None
        cells, _ = parse_cells(sx, self.part, rownum, xml[start:end])
        for cell in cells:
            if cell.col == col:
                return b" " + cell.attrs
        return None

    def _expand_shared(self, rownum: int, cell: RawCell) -> bytes | None:
        """Give a cell its own formula when the shared formula it points to loses its master."""
        if not cell.inner:
            return None
        sx = self.sx
        m = sx.f_dependent.search(cell.inner)
        if not m:
            return None
        f_attrs = attributes(m.group(1))
        d = dict(f_attrs)
        group = self._shared.get(d.get(b"si", b""))
        if d.get(b"t") != b"shared" or group is None or b"ref" in d:
            return None
        from openpyxl.formula.translate import Translator

        dest = f"{get_column_letter(cell.col)}{rownum}"
        formula = Translator("=" + group.formula, origin=group.anchor).translate_formula(dest)
        keep = b"".join(
            b" " + k + b'="' + v + b'"' for k, v in f_attrs if k not in (b"t", b"si", b"ref")
        )
        f_new = (
            b"<" + sx.p + b"f" + keep + b">" + escape_formula(formula[1:]) + b"</" + sx.p + b"f>"
        )
        inner = cell.inner[: m.start()] + f_new + cell.inner[m.end() :]
        return sx.c_open + b" " + cell.attrs.strip() + b">" + inner + sx.c_close

    def _widen_dimension(self, head: bytes) -> bytes:
        """Make <dimension ref> cover the cells this patch created."""
        b = self._bounds
        m = self.sx.dimension.search(head) if b else None
        ref = REF_ATTR.search(m.group(1)) if m else None
        if b is None or m is None or ref is None:
            return head
        try:
            old = parse_range(ref.group(3).decode())
        except (PackageError, UnicodeDecodeError):
            old = None
        new = (b[0], b[1], b[2], b[3])
        if old is not None:
            new = (min(old[0], b[0]), min(old[1], b[1]), max(old[2], b[2]), max(old[3], b[3]))
            if new == old:
                return head
        start, end = m.start(1) + ref.start(), m.start(1) + ref.end()
        return head[:start] + ref.group(1) + b'"' + format_range(*new).encode() + b'"' + head[end:]
