"""The cells of one row of a worksheet part as they stand in its bytes (the general path of
:class:`~lkjip_xl.workbook.ooxml.sheet_patch.SheetPatch`, for rows of any layout)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.letters import column_index_from_string
from lkjip_xl.workbook.ooxml.markup import R_ATTR
from lkjip_xl.workbook.ooxml.sheet_data import CELL_REF, Syntax

__all__ = ["RawCell", "parse_cells", "widen_spans"]


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
