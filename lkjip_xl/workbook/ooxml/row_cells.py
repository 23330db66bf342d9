"""The cells of one row of a worksheet part as they stand in its bytes (the general path of
:class:`~lkjip_xl.workbook.ooxml.sheet_patch.SheetPatch`, for rows of any layout)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.letters import column_index_from_string
from lkjip_xl.workbook.ooxml.markup import R_ATTR
from lkjip_xl.workbook.ooxml.sheet_data import CELL_REF, Syntax

__all__ = ["ColumnGap", "RawCell", "parse_cells", "widen_spans"]


@dataclass(slots=True)
class RawCell:
    """A cell of a row as it stands in the part's bytes."""

    col: int
    start: int  # offsets into the row content
    end: int
    attrs: bytes  # inside the start tag, without a trailing "/"
    inner: bytes  # between start and end tag (b"" when self-closing)


def parse_cells(sx: Syntax, part: str, rownum: int, content: bytes) -> tuple[list[RawCell], int]:
    """All cells of a row and the offset where the row's trailing extLst (if any) starts."""
    cells: list[RawCell] = []
    pos, col = 0, 0
    n = len(content)
    while pos < n:
        m = sx.cell_start.search(content, pos)
        gap_end = m.start() if m else n
        gap = content[pos:gap_end]
        if gap.strip():
            if gap.lstrip().startswith(sx.ext_lst):
                return cells, pos
            raise PackageError(f"Bagian {part}: isi tak dikenal di baris {rownum}.")
        if m is None:
            break
        raw_attrs = m.group(1)
        if raw_attrs.endswith(b"/"):
            attrs, inner, end = raw_attrs[:-1], b"", m.end()
        else:
            close = content.find(sx.c_close, m.end())
            if close < 0:
                raise PackageError(f"Bagian {part} rusak: sel di baris {rownum} tidak ditutup.")
            attrs, inner, end = raw_attrs, content[m.end() : close], close + len(sx.c_close)
        r = R_ATTR.search(attrs)
        if r:
            rm = CELL_REF.match(r.group(1))
            if not rm or int(rm.group(2)) != rownum:
                raise PackageError(
                    f"Bagian {part}: alamat sel {r.group(1).decode(errors='replace')} "
                    f"tidak cocok dengan baris {rownum}."
                )
            new_col = column_index_from_string(rm.group(1).decode())
        else:
            new_col = col + 1
        if new_col <= col:
            raise PackageError(f"Bagian {part}: sel di baris {rownum} tidak berurutan.")
        col = new_col
        cells.append(RawCell(col, m.start(), end, attrs, inner))
        pos = end
    return cells, n


def widen_spans(attrs: bytes, cols: list[int]) -> bytes:
    """A row's ``spans`` attribute widened to cover the columns of cells inserted into it."""
    m = re.search(rb"(\sspans\s*=\s*)([\"'])([^\"']*)\2", attrs)
    if not m:
        return attrs
    nums = [int(x) for x in re.findall(rb"[0-9]+", m.group(3))]
    lo, hi = min([*nums, *cols]), max([*nums, *cols])
    return attrs[: m.start()] + m.group(1) + b'"%d:%d"' % (lo, hi) + attrs[m.end() :]


#: How many distinct rows of column letters a :class:`ColumnGap` remembers.
_ORDERS = 1024


@lru_cache(maxsize=8)
def _plain_cell(p: bytes) -> re.Pattern[bytes]:
    """A cell whose start tag begins with its ``r`` attribute, as far as :func:`parse_cells`
    takes it (its start tag up to the first '>', its content up to the first end tag of a
    cell): group 1 its column letters, group 2 its row number."""
    e = re.escape(p)
    return re.compile(
        rb"<" + e + rb'c r="([A-Z]{1,3})([0-9]+)"[^>]*+>'
        rb"(?:(?<=/>)|[^<]*+(?:<(?!/" + e + rb"c>)[^<]*+)*+</" + e + rb"c>)"
    )


class ColumnGap:
    """Where the cells of columns ``lo`` to ``hi`` go in a row that holds none of them (a
    roster written with its input columns only, before its first recompute): the place
    :func:`parse_cells` and the row-by-row patch give them, found with one split of the row.

    A row of another form (a cell without its ``r`` attribute first, anything but white space
    between cells, a trailing extLst, cells out of order, a cell among those columns) gets
    None, and goes through :func:`parse_cells`, which writes or refuses it as before."""

    def __init__(self, sx: Syntax, lo: int, hi: int) -> None:
        self.sx, self.lo, self.hi = sx, lo, hi
        self._pattern = _plain_cell(sx.p)
        # The column letters of a row -> how many of its cells come before the new ones (-1:
        # not a row of this form): the rows of a roster spell few such sequences.
        self._orders: dict[tuple[bytes, ...], int] = {}
        self._s_attrs: dict[int | None, bytes] = {}  # a style's s attribute

    def offset(self, content: bytes, rownum: int) -> int | None:
        """The offset in ``content`` (a row's content) where the new cells go, or None."""
        parts = self._pattern.split(content)
        if b"".join(parts[0::3]).strip():  # what parse_cells refuses or reads another way
            return None
        n = len(parts) // 3
        number = b"%d" % rownum
        if parts[2::3].count(number) != n or content.count(self.sx.c_split) != n:
            return None  # another row's cell, or a cell inside a cell: found below uniquely
        letters = tuple(parts[1::3])
        k = self._orders.get(letters)
        if k is None:
            k = self._order(letters)
            if len(self._orders) < _ORDERS:
                self._orders[letters] = k
        if k < 0:
            return None
        if k == n:
            return len(content)
        return content.find(self.sx.c_split + b'r="' + letters[k] + number + b'"')

    def _order(self, letters: tuple[bytes, ...]) -> int:
        cols = [column_index_from_string(x.decode()) for x in letters]
        if any(b <= a for a, b in pairwise(cols)):
            return -1  # refused by parse_cells
        k = bisect_left(cols, self.lo)
        return -1 if k < len(cols) and cols[k] <= self.hi else k

    def row(
        self, attrs: bytes, content: bytes, at: int, rownum: int, columns: list, styles: list
    ) -> tuple[bytes | None, list[int]]:
        """The row (its start tag's ``attrs``, its ``content``) with the cells of ``columns``
        (:attr:`RowEdits.columns`, each with its style) put ``at`` the offset found, and the
        columns of the cells created (a blank cell without a style is none); None when none is."""
        number, sx = b'%d"' % rownum, self.sx
        c_split, s_attrs = sx.c_split, self._s_attrs
        pieces, inserted = [b"", content[:at]], []
        for (col, first, _last, prefix, rendered), style in zip(columns, styles, strict=True):
            tail = rendered[rownum - first][1]
            if style is None and tail == b"/>":
                continue
            s_attr = s_attrs.get(style)
            if s_attr is None:
                s_attr = s_attrs[style] = b"" if style is None else b' s="%d"' % style
            pieces += (c_split, prefix, number, s_attr, tail)
            inserted.append(col)
        if not inserted:
            return None, inserted
        if attrs.endswith(b"/"):
            attrs = attrs[:-1]
        if b"spans" in attrs:  # what widen_spans looks for
            attrs = widen_spans(attrs, inserted)
        pieces[0] = b"<" + sx.p + b"row" + attrs + b">"
        pieces += (content[at:], sx.row_close)
        return b"".join(pieces), inserted
