"""Excel's Total Row (a table's ``totalsRowCount``) kept as the table's last row when a
recompute moves the table's last row: its cells (label, SUBTOTAL formulas, styles) go with it.

Excel's total row is the last row of the table's ``ref``; sorting, filtering and the
``tblX[Column]`` references leave it out. Were only the ``ref`` moved, the last data row would
become the total row and the real one would be left under the table (or overwritten by data).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from lkjip_xl.core.problems import Kode
from lkjip_xl.workbook.ooxml.cell_edits import Cell, CellValue, ColumnEdit, RawCell
from lkjip_xl.workbook.ooxml.cells import parse_range
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.letters import get_column_letter
from lkjip_xl.workbook.ooxml.markup import attributes
from lkjip_xl.workbook.ooxml.package import Package
from lkjip_xl.workbook.ooxml.sheet_data import (
    CELL_ELEMENT,
    CELL_R_ATTR,
    locate_sheet_data,
    scan_rows,
)
from lkjip_xl.workbook.ooxml.tables import table_ref, totals_row_count

__all__ = ["total_row_moves"]

#: A formula that spans cells (shared, array): it cannot be moved as one cell's bytes.
_SPANNING = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?f\s[^>]*\b(?:t\s*=\s*["'](?:shared|array)|ref\s*=)"""
)
_HAS_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:v|f|is)[\s/>]")

# One cell of a row: (style or None, t attribute bytes, content bytes).
_Found = tuple[int | None, bytes, bytes]


def _row_cells(content: bytes, row: int, part: str) -> dict[int, _Found]:
    """The cells of one row by column."""
    found: dict[int, _Found] = {}
    for m in CELL_ELEMENT.finditer(content):
        attrs = b" " + m.group(1).rstrip(b"/")
        r = CELL_R_ATTR.search(attrs)
        if r is None or int(r.group(2)) != row:
            raise PackageError(f"Bagian {part}: sel di baris {row} tanpa alamat yang jelas.")
        column = 0
        for ch in r.group(1):
            column = column * 26 + ch - 64
        d = dict(attributes(attrs))
        s = d.get(b"s")
        t = d.get(b"t")
        found[column] = (
            int(s) if s is not None and s.isdigit() else None,
            b' t="' + t + b'"' if t else b"",
            m.group(2) or b"",
        )
    return found


def _sheet_of(pkg: Package, table_part: str) -> tuple[str, str]:
    for sheet, part in pkg.worksheets().items():
        if part and table_part in pkg.sheet_tables(part):
            return sheet, part
    raise PackageError(f"Bagian {table_part} tidak dimiliki lembar mana pun.")


def _given(
    ref: str, col: int, row: int, edits: Mapping[str, object], blocks: Sequence[ColumnEdit]
) -> CellValue:
    """What the other edits write into (row, col), as the patch would (a cell wins)."""
    if ref in edits:
        value = edits[ref]
        return value.value if isinstance(value, Cell) else value  # type: ignore[return-value]
    for c, first, values in blocks:
        if c == col and first <= row < first + len(values):
            return values[row - first]  # type: ignore[return-value]
    return None


def total_row_moves(
    pkg: Package,
    table_refs: Mapping[str, str],
    edits: Mapping[str, Mapping[str, object]],
    columns: Mapping[str, Sequence[ColumnEdit]],
    parts: Mapping[str, bytes],
) -> dict[str, dict[str, Cell | RawCell]]:
    """Sheet -> the cell edits that move each resized table's total row under its new last
    data row; the row it leaves takes the style of the data row above it (and keeps what the
    other ``edits`` and ``columns`` write into it). Refuses (the package left unwritten) when
    the total row would move over cells holding something, or holds a formula spanning cells."""
    moves: dict[str, dict[str, Cell | RawCell]] = {}
    tables = pkg.table_parts()
    for name, new_ref in table_refs.items():
        table_part = tables.get(name)
        if table_part is None:
            continue  # refused by the patcher, which names it
        xml = pkg.read(table_part)
        totals = totals_row_count(xml, table_part)
        _r1, c1, old, c2 = parse_range(table_ref(xml, table_part))
        new = parse_range(new_ref)[2]
        if not totals or new == old:
            continue
        if totals != 1:
            raise PackageError(f"Tabel {name}: lebih dari satu baris total tidak didukung.")
        sheet, sheet_part = _sheet_of(pkg, table_part)
        sheet_xml = parts[sheet_part] if sheet_part in parts else pkg.read(sheet_part)
        where = locate_sheet_data(sheet_xml, sheet_part)
        wanted = {old - 1, old, *range(old + 1, new + 1)}
        rows: dict[int, dict[int, _Found]] = {}
        for number, _s, c_start, c_end, _e, _a in scan_rows(
            sheet_xml, where.data_start, where.data_end, where.syntax, sheet_part
        ):
            if number > max(wanted):
                break
            if number in wanted:
                rows[number] = _row_cells(sheet_xml[c_start:c_end], number, sheet_part)
        for row in range(old + 1, new + 1):
            full = [c for c, (_s, _t, inner) in sorted(rows.get(row, {}).items())
                    if c1 <= c <= c2 and _HAS_VALUE.search(inner)]  # fmt: skip
            if full:
                cell = f"'{sheet}'!{get_column_letter(full[0])}{row}"
                raise PackageError(Kode.TOTAL_ROW_BLOCKED.message(tabel=name, baris=new, sel=cell))
        total, above = rows.get(old, {}), rows.get(old - 1, {})
        out = moves.setdefault(sheet, {})
        sheet_edits, blocks = edits.get(sheet, {}), columns.get(sheet, ())
        for col in range(c1, c2 + 1):
            letter = get_column_letter(col)
            style, t_attr, inner = total.get(col, (None, b"", b""))
            if _SPANNING.search(inner):
                raise PackageError(Kode.TOTAL_ROW_BLOCKED.message(
                    "bentuk", tabel=name, sel=f"'{sheet}'!{letter}{old}"))  # fmt: skip
            # No style is the default one, not the style of the cell above the new place.
            out[f"{letter}{new}"] = RawCell(t_attr, inner, style or 0)
            left = f"{letter}{old}"
            value = _given(left, col, old, sheet_edits, blocks)
            out[left] = Cell(value, above.get(col, (0, b"", b""))[0] or 0)
    return moves
