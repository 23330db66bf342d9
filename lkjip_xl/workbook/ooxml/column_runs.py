"""Whole columns written into a window of rows at once, instead of row by row.

A recompute writes its computed columns down a roster: in every row the same run of adjacent
cells (``M6`` to ``S6``), each an ordinary cell (a style, a type, a value or an inline text,
no formula). One regular-expression split of a window of ~1 MB of rows finds every run at C
speed, and the window's new bytes are interleaved from lists (the text between the runs, each
run's cell starts up to its style, each column's rendered values) and joined once: a few
Python operations per row instead of a split, a loop and a join per row.

Collect writes a master's changed input columns with the computed ones: nearly every column of
the table, but not a column no row changes (one left blank throughout). Such a column inside
the run is a gap: its cell, when the row has one of the same ordinary form, is kept as it is.

The bytes written are the ones :class:`~lkjip_xl.workbook.ooxml.sheet_patch.SheetPatch` writes
row by row (``<c r="M6" s="18"`` then the new type and value); a window is taken only when it
is exactly the usual layout, and anything else (a missing cell, a formula, an unusual
attribute, rows out of order, a row not closed right after its run) sends the window back to
the row-by-row path, which writes or refuses it as before. A row may go on after its run with
cells of its own in the columns to the right (a user's notes beside the table), copied as they
are, as long as every path would copy them so (see :func:`_after_run`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from operator import itemgetter

from lkjip_xl.workbook.ooxml.cell_edits import ColumnEdit
from lkjip_xl.workbook.ooxml.letters import column_index_from_string, get_column_letter
from lkjip_xl.workbook.ooxml.markup import S_ATTR
from lkjip_xl.workbook.ooxml.sheet_data import Syntax

__all__ = ["WINDOW_BYTES", "ColumnRuns"]

#: About how much of the sheet one window covers (the pieces of a window are held at once).
WINDOW_BYTES = 1 << 20
#: Windows refused, none taken, before a sheet is written row by row without trying more.
_GIVE_UP_AFTER = 3
#: Columns of fewer rows go row by row: compiling a window's pattern costs more than it saves
#: (a click's workbook has tables of tens of rows, written in a fresh process).
_FEW_ROWS = 200
#: How many distinct sequences of column letters after a run are remembered (a roster's rows
#: spell few; a sheet of many would otherwise keep one entry per row).
_AFTER_FORMS = 1024
#: At most this many columns after a run are written into the pattern (each is tried in turn
#: at every cell); rows of more are checked apart.
_AFTER_COLUMNS = 64
#: At most this many columns not written may lie among the written ones (each is a group of
#: the pattern, matched in every row).
_MAX_GAPS = 8


@lru_cache(maxsize=16)
def _run_pattern(
    p: bytes, letters: tuple[bytes, ...], gaps: frozenset[int], after: tuple[bytes, ...] | None
) -> re.Pattern[bytes]:
    """One run of cells, in the forms the row-by-row path rewrites the same way: group 1 the
    first cell's start up to its style, group 2 its row number (every later cell must be of
    the same row), then each later cell's start up to its style. A gap (a position in
    ``gaps``: a column not written) is a group holding its whole cell, or nothing when the row
    has none. Unless ``after`` is None, a last group holds the cells of the same row that
    follow the run (a user's notes right of the table; see :func:`_after_run`)."""
    # Possessive (``?+``, ``*+``): what follows each optional part can never match where the
    # part did, so giving it back never finds another match; not trying it took a third of
    # the split's time (its matching, not its groups, is most of a window's cost). A pattern
    # with each column's style written in (one group per row, not one per cell) was measured
    # no faster over a whole window: each cell's start is then rebuilt from three pieces, and
    # joining the extra pieces costs what the groups did.
    e = re.escape(p)
    content = (
        rb"(?:<" + e + rb"v>[^<]*+</" + e + rb"v>"
        rb"|<" + e + rb"is><" + e + rb"t(?: xml:space=\"preserve\")?+>[^<]*+</" + e + rb"t></"
        + e + rb"is>)?+"
    )  # fmt: skip
    cells = []
    for k, letter in enumerate(letters):
        number = rb"([0-9]+)" if k == 0 else rb"\2"
        start = rb"<" + e + rb'c r="' + letter + number + rb'"(?: s="[0-9]+")?+'
        end = rb'(?: t="[a-zA-Z]+")?+ ?+(?:/>|>' + content + rb"</" + e + rb"c>)"
        if k in gaps:
            cells.append(rb"((?:" + start + end + rb")?)")
        else:
            cells.append(rb"(" + start + rb")" + end)
    if after is not None:
        cells.append(_after_run(e, after))
    return re.compile(b"".join(cells))


def _after_run(e: bytes, letters: tuple[bytes, ...]) -> bytes:
    """Cells after a run, each as :func:`~.row_cells.parse_cells` reads it: its start tag up to
    the first '>' (none holding a '<'), its content up to the first end tag of a cell. Only
    forms every path copies as they are: the ``r`` attribute first and of the run's row (group
    2), nothing between two cells, no cell, row or markup declaration inside a cell's content
    (which could reach into the next row). In columns of any ``letters`` when none are
    given, checked apart (:meth:`ColumnRuns._after_letters`); else in those columns only, each
    at most once and in their order (columns right of the run, in order, met before)."""
    inner = rb"<(?!!|/?" + e + rb"(?:c|row)[\s/>])"
    rest = rb'\2"[^<>]*+>(?:(?<=/>)|[^<]*+(?:' + inner + rb"[^<]*+)*+</" + e + rb"c>)"
    if not letters:
        return rb"((?:<" + e + rb'c r="[A-Z]{1,3}' + rest + rb")*+)"
    return b"(" + b"".join(rb"(?:<" + e + rb'c r="' + x + rest + rb")?+" for x in letters) + b")"


@lru_cache(maxsize=8)
def _row_gaps(p: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """What must lie between two runs (the end of one row, the start of the next, its number
    in group 1), and what starts the first row of a sheet's first window."""
    e = re.escape(p)
    start = rb"<" + e + rb'row r="([0-9]+)"[^>]*(?<!/)>'
    return re.compile(rb"</" + e + rb"row>\s*" + start), re.compile(start)


#: The row number a match of :func:`_row_gaps` holds.
_ROW_NUMBER = itemgetter(1)


@dataclass(frozen=True, slots=True)
class Window:
    """A window taken: its new bytes, how many rows it wrote, where it ends in the part."""

    data: bytes
    rows: int
    stop: int
    styles: list[int | None]  # each column's style in the window's last row


class ColumnRuns:
    """Whole columns written from the same first row to the same last row, adjacent but for a
    few gaps (columns not written, kept as they are).

    ``blocks`` are :attr:`RowEdits.columns` entries (column, first row, last row, ``b'r="L'``,
    rendered values) of columns that :meth:`fit`; :meth:`window` takes the rows from one row
    start as far as it can.
    """

    def __init__(
        self, xml: bytes, sx: Syntax, blocks: list, data_end: int, open_end: bool = False
    ) -> None:
        self.xml = xml
        self.sx = sx
        self.first, self.last = blocks[0][1], blocks[0][2]
        self.columns = [b[0] for b in blocks]
        span = range(self.columns[0], self.columns[-1] + 1)
        self.letters = tuple(get_column_letter(c).encode() for c in span)
        # Each written column's position in the span (the gaps are the other positions).
        self._at = [c - span.start for c in self.columns]
        self._gaps = frozenset(range(len(span))) - frozenset(self._at)
        self.rendered = [b[4] for b in blocks]
        self._end = data_end
        # Rows only up to data_end of a sheet read a segment at a time: the written rows may
        # go on past it, and windows may then run up to its last row's end tag.
        self._open_end = open_end
        # Where the last written row's end tag is (found on the first window; -1: nowhere).
        self._last_close: int | None = None
        #: After a window not taken: where the next one may be tried (its rows go row by row).
        self.next_try = 0
        self._taken = self._refused = 0
        # Whether rows hold cells after the run (None: not met; then split with a pattern
        # that keeps them, of the columns met so far, or of any column when empty), and the
        # column letters of such cells -> whether every path copies them as they are.
        self._after: tuple[bytes, ...] | None = None
        self._runs_met = False
        self._after_forms: dict[bytes, bool] = {}
        self._cell_r = b"<" + sx.p + b'c r="'
        self._after_cell = re.compile(re.escape(self._cell_r) + rb"([A-Z]+)")

    @staticmethod
    def fit(columns: Sequence[ColumnEdit]) -> bool:
        """Whether whole columns (as given to the patch) span the same rows and are adjacent
        but for at most a few gaps (a recompute's computed columns, a collect's changed ones
        with them): what windows write."""
        blocks = sorted((col, first, len(values)) for col, first, values in columns if values)
        if not blocks:
            return False
        col0, first, length = blocks[0]
        cols = [b[0] for b in blocks]
        return (
            all(b[1:] == (first, length) for b in blocks)
            and len(set(cols)) == len(cols)
            and cols[-1] - col0 + 1 - len(cols) <= _MAX_GAPS
        )

    def _find_last_close(self, start: int) -> int:
        """The offset of the last written row's end tag, or -1 when it cannot be told."""
        xml, sx = self.xml, self.sx
        tag = xml.rfind(b"<" + sx.p + b'row r="%d"' % self.last, start, self._end)
        if tag < 0:
            return xml.rfind(sx.row_close, start, self._end) if self._open_end else -1
        return xml.find(sx.row_close, tag, self._end)

    def exhausted(self, start: int) -> bool:
        """Whether the rows up to ``data_end`` of a segment (``open_end``) are all written
        once a window would start at ``start``: the next rows lie in the next segment."""
        return self._open_end and self._last_close is not None and start >= self._last_close

    def window(self, start: int, rownum: int, opening: bool) -> Window | None:
        """The rows from ``rownum`` (whose start tag is at ``start``; ``opening``: no row end
        tag before it in the window) rewritten, or None when the window is not the usual
        layout. A window ends right before a row's end tag, so the next one starts with it.

        A sheet whose first windows are all refused has another layout throughout: windows
        are then no longer tried (each costs a pass over its rows before they go row by row)."""
        if self.last - self.first < _FEW_ROWS or (self._refused >= _GIVE_UP_AFTER
                                                  and not self._taken):  # fmt: skip
            self.next_try = self._end
            return None
        got = self._window(start, rownum, opening)
        if got is None:
            self._refused += 1
        else:
            self._taken += 1
        return got

    def _window(self, start: int, rownum: int, opening: bool) -> Window | None:
        if self._last_close is None:
            self._last_close = self._find_last_close(start)
        last_close = self._last_close
        if last_close < start:
            self.next_try = self._end
            return None
        xml, sx = self.xml, self.sx
        stop = xml.find(sx.row_close, start + WINDOW_BYTES, last_close)
        if stop < 0:
            stop = last_close
        self.next_try = stop
        text = xml[start:stop]
        if not (self._taken or self._refused) and self._after is None and self._goes_on(text):
            self._after = ()
        got = self._split(text, rownum, opening, self._after)
        if got is None and self._after != () and self._runs_met:
            # A user's cells right of the table, or in columns not met before: split again
            # keeping cells in any column (checked), and from then on those met.
            got = self._split(text, rownum, opening, ())
        if got is None:
            return None
        if got[3] is not None:
            met = sorted({*(self._after or ()), *got[3]}, key=lambda x: (len(x), x))
            self._after = tuple(met) if len(met) <= _AFTER_COLUMNS else ()
        return Window(got[0], got[1], stop, got[2])

    def _split(
        self, text: bytes, rownum: int, opening: bool, after: tuple[bytes, ...] | None
    ) -> tuple[bytes, int, list[int | None], set[bytes] | None] | None:
        """The new bytes of the rows in ``text``, how many they are and the last one's styles
        (:class:`Window`), and the columns met after the runs when any were allowed; or None
        when they are not the usual layout."""
        parts = _run_pattern(self.sx.p, self.letters, self._gaps, after).split(text)
        width = len(self.letters) + 2 + (after is not None)  # the text before a run, its groups
        n = (len(parts) - 1) // width
        self._runs_met = n > 0  # else no run to keep cells after (a first recompute's rows)
        if n == 0 or parts[-1] or rownum + n - 1 > self.last:
            return None
        met = None
        if after == ():
            met = self._after_letters(parts[width - 1 :: width])
            if met is None:
                return None
        rows = parts[2::width]
        # Mapped, not looped: a window's checks are a few passes over its ~1,100 rows each.
        if rows != list(map(b"%d".__mod__, range(rownum, rownum + n))):
            return None
        before = parts[0 : n * width : width]
        gap, first = _row_gaps(self.sx.p)
        gaps = list(map(gap.match, before[1:]))
        head = (first if opening else gap).match(before[0])
        if head is None or None in gaps:
            return None
        gaps.insert(0, head)
        if list(map(_ROW_NUMBER, gaps)) != rows:  # type: ignore[arg-type]
            return None
        data = self._interleave(parts, before, rownum, n, width, after is not None)
        ends = [parts[(n - 1) * width + (1 if k == 0 else k + 2)] for k in self._at]
        styles = [int(m.group(1)) if (m := S_ATTR.search(h)) else None for h in ends]
        return data, n, styles, met

    def _goes_on(self, text: bytes) -> bool:
        """Whether the first row closed in ``text`` holds a cell right of the run: the pattern
        to split with is then known from a sheet's (or a segment's) first window."""
        row_close = self.sx.row_close
        close = text.find(row_close, 1)  # a window that is not the first starts with one
        cell = text.rfind(self._cell_r, 0, close) if close > 0 else -1
        m = self._after_cell.match(text, cell) if cell >= 0 else None
        if m is None:
            return False
        return column_index_from_string(m.group(1).decode()) > self.columns[-1]

    def _after_letters(self, after: list[bytes]) -> set[bytes] | None:
        """The columns of the cells after each run (their forms matched by :func:`_after_run`)
        when they lie right of the run, in order; else None: :func:`~.row_cells.parse_cells`
        would refuse the row, or the row-by-row path find a written column's cell among them."""
        known, met = self._after_forms, set()
        for letters in set(map(b",".join, map(self._after_cell.findall, after))):
            ok = known.get(letters)
            if ok is None:
                cols = [column_index_from_string(x.decode()) for x in letters.split(b",") if x]
                ok = all(b > a for a, b in pairwise([self.columns[-1], *cols]))
                if len(known) < _AFTER_FORMS:
                    known[letters] = ok
            if not ok:
                return None
            met.update(letters.split(b","))
        met.discard(b"")
        return met

    def _interleave(
        self, parts: list[bytes], before: list[bytes], rownum: int, n: int, width: int, after: bool
    ) -> bytes:
        # A gap is one piece, a column two, the cells after the run one.
        per_row = 1 + len(self.letters) + len(self.columns) + after
        out: list[bytes] = [b""] * (per_row * n)
        out[0::per_row] = before
        at = rownum - self.first
        slot, written = 1, iter(self.rendered)
        for k in range(len(self.letters)):
            out[slot::per_row] = parts[1 if k == 0 else k + 2 :: width]
            if k in self._gaps:  # the cell as it was
                slot += 1
                continue
            out[slot + 1 :: per_row] = next(written).tails(at, at + n)
            slot += 2
        if after:
            out[slot::per_row] = parts[width - 1 :: width]
        return b"".join(out)
