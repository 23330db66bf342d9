"""Columns a user inserted into a table of an old workbook, carried by ``perbarui`` to the end
of the same table in the new one (the engine reads a table by its headers: a column of the
user's own after the template's is read past, as one a unit adds)."""

from __future__ import annotations

import copy
from typing import Any

from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from lkjip_xl.workbook.contract import Table
from lkjip_xl.workbook.upgrade_source import Formulas

#: A column of the user's own in the old table: its header and its sheet column.
Extra = tuple[str, int]


def carry_extra_columns(
    ws_old: Worksheet,
    ws: Worksheet,
    table: Table,
    extra: list[Extra],
    span: tuple[int, int],
    formulas: Formulas,
) -> bool:
    """Append the user's columns ``extra`` to the new table ``table`` on ``ws``, their cells
    row by row (``span``: the old header row and the number of data rows carried), each cell
    styled as the table's first input column with the old cell's number format. False (and
    nothing written) when the columns right of the new table are not free."""
    xl_table = ws.tables[table.name]
    min_col, min_row, max_col, max_row = range_boundaries(xl_table.ref)
    wanted = range(max_col + 1, max_col + 1 + len(extra))
    below = max(max_row, table.extent_last_row)  # the validations laid down under it
    if not table.input_columns or not _free(ws, wanted, (min_row - 1, below)):
        return False
    header_model = ws.cell(min_row, max_col)
    model = ws.cell(min_row + 1, table.col_index(table.input_columns[0].key))
    old_header, rows = span
    next_id = max(c.id for c in xl_table.tableColumns) + 1
    for i, (header, old_col) in enumerate(extra):
        col = max_col + 1 + i
        head = ws.cell(min_row, col, header)
        head._style = copy.copy(header_model._style)
        for offset in range(1, max_row - min_row + 1):
            cell = ws.cell(min_row + offset, col)
            cell._style = copy.copy(model._style)
            source = ws_old.cell(old_header + offset, old_col) if offset <= rows else None
            if source is None or source.value is None:
                continue
            cell.value = source.value
            cell.number_format = source.number_format
            if source.data_type == "f":
                formulas[(ws.title, cell.coordinate)] = (ws_old.title, source.coordinate)
            if source.comment is not None:
                cell.comment = copy.copy(source.comment)
        width = ws_old.column_dimensions[get_column_letter(old_col)].width
        ws.column_dimensions[get_column_letter(col)].width = width or 15
        xl_table.tableColumns.append(TableColumn(id=next_id + i, name=header))
    last = get_column_letter(max_col + len(extra))
    xl_table.ref = f"{get_column_letter(min_col)}{min_row}:{last}{max_row}"
    if xl_table.autoFilter is not None:
        xl_table.autoFilter.ref = xl_table.ref
    return True


def _free(ws: Worksheet, columns: range, rows: tuple[int, int]) -> bool:
    """Whether the new template leaves ``columns`` empty from ``rows[0]`` to ``rows[1]``: no
    value, no other table, no chart anchored there."""
    first, last = columns.start, columns.stop - 1
    for xl_table in ws.tables.values():
        t_min_col, _, t_max_col, _ = range_boundaries(xl_table.ref)
        if t_min_col <= last and first <= t_max_col:
            return False
    charts: list[Any] = ws._charts  # openpyxl keeps no public list of a sheet's charts
    if any(first - 1 <= chart.anchor._from.col <= last - 1 for chart in charts):
        return False
    cells = ws._cells  # only the cells that exist: no cell made by asking
    return not any(
        first <= c <= last and rows[0] <= r <= rows[1] and cell.value is not None
        for (r, c), cell in cells.items()
    )


def carry_hidden_columns(ws_old: Worksheet, ws: Worksheet, moves: dict[int, int | None]) -> None:
    """Columns the user hid on a template sheet hidden again (the template hides none), each
    where its table column went (``moves``: old column -> new, None: gone)."""
    for dim in ws_old.column_dimensions.values():
        if not dim.hidden or not dim.min:
            continue
        for old_col in range(dim.min, (dim.max or dim.min) + 1):
            col = moves.get(old_col, old_col)
            if col is not None:
                ws.column_dimensions[get_column_letter(col)].hidden = True
