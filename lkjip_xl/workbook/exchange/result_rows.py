"""The result tables of a unit's workbook, cut to the template's own rows before it is computed.

(And its ``tblPengumpulan``, which the unit gets empty.)

A master's result tables (``tblRekap``: a row per unit and status, 400 rows for 200 units) are
rewritten whole by the unit's recompute, which keeps every row it finds and blanks those past its
results: each unit carried the master's 400 rows, read, blanked and written again (a quarter of
the making of each unit). Cut to the rows a new workbook has (the table's ``min_rows``), the
unit's recompute writes its few rows into the first of them, as it did; only the master's rows
past those are gone.

A table is cut only where nothing else lives in those rows: a row holding a cell outside the
table's columns (a note beside it, another table) leaves the table as it is, since its cells
would otherwise keep the master's figures outside the table. Nor is a table with a total row:
its last kept row (another unit's, from the master) would become the total row.

A cut table loses its saved filter (it may name rows no longer there), so its kept rows are
shown: rows the master's filter hid would hold the unit's own results, hidden with no filter
to tell.
"""

from __future__ import annotations

import re

from lkjip_xl.workbook.contract import SheetKind, Table, Template
from lkjip_xl.workbook.exchange.package import ExchangeError, set_table_ref, split_rows
from lkjip_xl.workbook.exchange.records import PENGUMPULAN
from lkjip_xl.workbook.ooxml import tables
from lkjip_xl.workbook.ooxml.cells import parse_range
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.letters import column_index_from_string
from lkjip_xl.workbook.ooxml.sheet_data import CELL_R_ATTR
from lkjip_xl.workbook.patcher import Package

#: A cell's start tag, any prefix: its attributes.
_CELL_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])([^>]*?)/?>")
_HIDDEN = re.compile(rb"""\shidden\s*=\s*["'](?:1|true)["']""")


def rewritten_tables(template: Template) -> list[Table]:
    """The tables written whole in a unit's workbook: those of the result sheets, without
    inputs (its recompute's), and ``tblPengumpulan`` (emptied: a master lists 200 units per
    distribution there)."""
    return [
        t
        for t in template.tables
        if (template.sheet(t.sheet).kind is SheetKind.HASIL and not t.input_columns)
        or t.name == PENGUMPULAN
    ]


def _only_within(row: bytes, first_column: int, last_column: int) -> bool:
    """Whether every cell of ``row`` lies in the columns ``first_column..last_column``."""
    for cell in _CELL_START.finditer(row):
        ref = CELL_R_ATTR.search(cell.group(1))
        if ref is None:  # a cell placed by its order: where it is is not told here
            return False
        if not first_column <= column_index_from_string(ref.group(1).decode()) <= last_column:
            return False
    return True


def cut_result_tables(package: Package, template: Template) -> dict[str, bytes]:
    """The sheet and table parts of ``package`` whose result tables are cut to their
    ``min_rows`` data rows (parts left as they are are not returned)."""
    changes: dict[str, bytes] = {}
    table_parts = package.table_parts()
    by_sheet: dict[str, list[Table]] = {}
    for spec in rewritten_tables(template):
        if spec.name in table_parts:
            by_sheet.setdefault(spec.sheet, []).append(spec)
    for sheet_name, specs in by_sheet.items():
        try:
            changes.update(_cut_sheet(package, sheet_name, specs, table_parts))
        except (PackageError, ExchangeError):
            continue  # a sheet not cut is sent as it is: its recompute blanks the rows past
    return changes


def _cut_sheet(
    package: Package, sheet_name: str, specs: list[Table], table_parts: dict[str, str]
) -> dict[str, bytes]:
    part = package.worksheets().get(sheet_name)
    if not part:
        return {}
    sheet = split_rows(package.read(part), part)
    gone: set[int] = set()
    shown: set[int] = set()
    refs: dict[str, bytes] = {}
    for spec in specs:
        table_part = table_parts[spec.name]
        xml = package.read(table_part)
        header, first_column, last_row, last_column = parse_range(tables.table_ref(xml, table_part))
        keep_to = header + max(spec.min_rows, 1)
        if last_row <= keep_to or tables.totals_row_count(xml, table_part):
            continue
        rows = [n for n in sheet.order if keep_to < n <= last_row]
        if not all(_only_within(sheet.rows[n], first_column, last_column) for n in rows):
            continue
        gone.update(rows)
        shown.update(range(header + 1, keep_to + 1))
        refs[table_part] = set_table_ref(xml, table_part, header, keep_to)
    if not refs:
        return {}
    kept = b"".join(
        _unhidden(sheet.rows[n]) if n in shown else sheet.rows[n]
        for n in sheet.order
        if n not in gone
    )
    return {part: sheet.head + kept + sheet.tail, **refs}


def _unhidden(row: bytes) -> bytes:
    """``row`` without its ``hidden`` attribute (its start tag only)."""
    head_end = row.find(b">") + 1
    return _HIDDEN.sub(b"", row[:head_end]) + row[head_end:]
