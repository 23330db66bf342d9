"""Reading the old workbook ``perbarui`` upgrades: refused in one sentence when a reader would
fail on it in English, and the results its formula cells hold (openpyxl writes none)."""

from __future__ import annotations

import copy
import io
import warnings
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from lkjip_xl.workbook.contract import Table, Template
from lkjip_xl.workbook.empty_tail import EMPTY_TAIL_CELLS, empty_before, empty_tail
from lkjip_xl.workbook.file_book import WorkbookError, part_damaged
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.formula_results import ErrorResult
from lkjip_xl.workbook.ooxml.package import Package, refuse_strict
from lkjip_xl.workbook.ooxml.sheet_links import refuse_broken_sheet_links
from lkjip_xl.workbook.reader import StructureError

Box = tuple[int, int, int, int]  # min_col, min_row, max_col, max_row

#: Formula cells carried: (new sheet, new cell) -> (old sheet, old cell), whose results the
#: old file holds and openpyxl does not write (see with_formula_results).
Formulas = dict[tuple[str, str], tuple[str, str]]


def old_results(
    source: Path, original: bytes, formulas: Formulas, renamed: dict[str, str]
) -> dict[str, dict[str, Any]]:
    """The results the old file (``original``: its bytes, read once) holds for the formula
    cells carried, by new sheet and cell (``renamed``: the sheets rename_own_sheets renamed,
    old name -> new)."""
    cached = load_old(source, original, data_only=True)
    in_file = {new: name for name, new in renamed.items()}
    results: dict[str, dict[str, Any]] = {}
    for (sheet, cell), (old_sheet, old_cell) in formulas.items():
        found = cached[in_file.get(old_sheet, old_sheet)][old_cell]
        error = found.data_type == "e" and isinstance(found.value, str)
        results.setdefault(sheet, {})[cell] = ErrorResult(found.value) if error else found.value
    return results


def load_old(
    source: Path, original: bytes, *, data_only: bool = False, rich_text: bool = False
) -> Workbook:
    """The workbook ``source`` (``original``: its bytes, read once, so that every reading is
    of the same version of the file) as openpyxl reads it, or refused in one sentence: a part
    the package checks let through can still hold what openpyxl's descriptors refuse in
    English (a number format id that is no number: TypeError)."""
    try:
        with warnings.catch_warnings():
            # openpyxl tells in English, on stderr, what it cannot read (the print area
            # LibreOffice saves as Laporan!$A:$AB, say): the template's sheets are rebuilt
            # anyway, and the old file is kept whole beside the new one.
            warnings.simplefilter("ignore", UserWarning)
            return openpyxl.load_workbook(
                io.BytesIO(original), data_only=data_only, rich_text=rich_text
            )
    except MemoryError:
        raise
    except (zipfile.BadZipFile, OSError):
        raise  # not a package at all: said by the command's own refusal
    except Exception as exc:
        raise WorkbookError(part_damaged(source.name)) from exc


def refuse_unreadable(source: Path, original: bytes) -> None:
    """A Strict Open XML workbook refused as every command refuses it: openpyxl would read
    it without its defined names, which made it no lkjip_xl workbook. A sheet whose table
    or relationships part is missing is refused too, by name: openpyxl ends in a KeyError."""
    try:
        with zipfile.ZipFile(io.BytesIO(original)) as archive:
            package = Package(archive)
            refuse_strict(package.read(package.workbook), package.workbook)
            refuse_broken_sheet_links(package)
    except PackageError as exc:
        raise WorkbookError(f"{source.name} tidak dapat dibaca: {exc}") from exc
    except zipfile.BadZipFile:
        return  # not a package at all: openpyxl's refusal below says so


def rename_own_sheets(old: Workbook, spec: Template, stored: str) -> dict[str, str]:
    """Sheets of the user's own named like a sheet the template added after ``stored``
    (a ``Laporan`` made in a 2026.2 workbook), renamed in ``old`` to ``NAME (lama)``: else
    the template's sheet of that name would be taken for them, and a sheet without tables
    (Laporan) silently dropped. Old name -> new name, for the references to follow."""
    renamed = {}
    taken = {name.lower() for name in (*old.sheetnames, *spec.sheet_names)}
    for sheet in spec.sheets:
        if sheet.name not in old.sheetnames or not sheet.added_after(stored):
            continue
        ws = old[sheet.name]
        if any(t.name in ws.tables for t in sheet.tables) or ws["A1"].value == sheet.title:
            continue  # the template's own sheet after all (a newer workbook stamped older)
        title, n = f"{sheet.name} (lama)"[:31], 2
        while title.lower() in taken:
            title, n = f"{sheet.name[:24]} (lama {n})", n + 1
        taken.add(title.lower())
        old[sheet.name].title = title
        renamed[sheet.name] = title
    return renamed


def _fill_key(fill: Any) -> tuple[Any, ...]:
    """A fill as it shows: its pattern and colour (the rest of the XML varies by program)."""
    colour = fill.fgColor
    return fill.fill_type, colour.type, colour.rgb, colour.theme, colour.indexed, colour.tint


#: How most cells of an old table's column look (fill, number format): the template's look.
Look = tuple[tuple[Any, ...], str]


def usual_look(ws: Worksheet, col: int, first: int, last: int) -> Look | None:
    """How most cells of a table's column look in the old workbook: the template's way."""
    cells = [ws.cell(r, col) for r in range(first, last + 1)]
    if not cells:
        return None
    fills = Counter(_fill_key(c.fill) for c in cells)
    formats = Counter(c.number_format for c in cells)
    return fills.most_common(1)[0][0], formats.most_common(1)[0][0]


def carry_look(source: Cell, usual: Look | None, target: Cell) -> None:
    """What the user set on the cell apart from its column, as much theirs as its value: a
    colour (a figure to check, a cell to fill) and a number format (a date shown 31/03/2026).
    A fill or format removed is not carried: cells typed under a table have none, and the new
    table's rows look as inputs. ``usual`` None: the look the new template gave ``target`` (a
    named cell, an empty table's) is the template's."""
    fill, number_format = usual if usual is not None else (_fill_key(target.fill), "General")
    number_format = number_format if usual is not None else target.number_format
    shown = _fill_key(source.fill)
    if source.fill.fill_type is not None and shown not in (fill, _fill_key(target.fill)):
        target.fill = copy.copy(source.fill)
    own = source.number_format
    if source.value is not None and own not in (number_format, "General"):
        target.number_format = own


def backup_path(source: Path, version: str) -> Path:
    """Beside the workbook: ``NAME (templat 2026.2).xlsx``, numbered when that exists."""
    candidate = source.with_name(f"{source.stem} (templat {version}){source.suffix}")
    n = 2
    while candidate.exists():
        candidate = source.with_name(f"{source.stem} (templat {version}) {n}{source.suffix}")
        n += 1
    return candidate


def taken_by_table(ws_old: Worksheet, ws: Worksheet, table: Table) -> list[Box]:
    """Where a value typed beside the tables of the old sheet ``ws_old`` cannot go on the new
    sheet ``ws``: the new table (as carried, with its title row) and, under it, its columns
    down to its validations' end, except a column that was the same column of the same table
    in the old sheet (a note typed a row or more under it: as far from the table as it was)."""
    min_col, min_row, max_col, max_row = range_boundaries(ws.tables[table.name].ref)
    boxes = [(min_col, min_row - 1, max_col, max_row)]
    old = ws_old.tables.get(table.name)
    same: set[int] = set()
    if old is not None:
        old_col, old_row, old_last_col, old_last = range_boundaries(old.ref)
        same = {
            c
            for c in range(max(min_col, old_col), min(max_col, old_last_col) + 1)
            if old_last == max_row and ws_old.cell(old_row, c).value == ws.cell(min_row, c).value
        }
    boxes += [
        (c, max_row + 1, c, table.extent_last_row)
        for c in range(min_col, max_col + 1)
        if c not in same
    ]
    return boxes


def has_filter(xl_table: Any) -> bool:
    """Whether a table's filter hides rows (a filter button alone hides none)."""
    auto = xl_table.autoFilter
    return auto is not None and bool(auto.filterColumn)


def free_title(wb: Workbook, title: str) -> str:
    candidate, n = title[:31], 2
    while candidate in wb.sheetnames:
        candidate = f"{title[:27]} {n}"
        n += 1
    return candidate


def carry_merges(
    ws_old: Worksheet, ws: Worksheet, template: list[Box], tables: list[Box]
) -> list[str]:
    """Cells the user merged on a template sheet (away from the old tables and the template's
    own cells, whose merges the new template makes): merged again on the new sheet, or named
    when one of the new tables or the new template's merges is there."""
    made = [m.bounds for m in ws.merged_cells.ranges]
    left = []
    for merged in list(ws_old.merged_cells.ranges):
        box = merged.bounds
        if box in made or _overlap(box, template):
            continue
        if _overlap(box, tables + made):
            left.append(f"sel gabungan {merged.coord}")
            continue
        ws.merge_cells(merged.coord)
        made.append(box)
    return left


def _overlap(box: Box, others: list[Box]) -> bool:
    return any(
        box[0] <= o[2] and o[0] <= box[2] and box[1] <= o[3] and o[1] <= box[3] for o in others
    )


def refuse_empty_tail(ws: Worksheet, name: str, ref: tuple[int, int, int, int]) -> int:
    """The last row of ``ws`` holding a cell, or refused as ``hitung`` refuses it: a table
    running far past that row, or holding that many empty rows before a stray value near the
    grid's end (openpyxl would make a cell of each one asked for: 5 GB and minutes for a
    Pengumpulan to A1048576 with a value in A1048575)."""
    present = ws.max_row
    said = empty_tail(name, ref, ws.title, present)
    r1, c1, r2, c2 = ref
    if said is None and (r2 - r1) * (c2 - c1 + 1) > EMPTY_TAIL_CELLS:
        held, first = _rows_held(ws, present)
        empty = r2 - r1 - held
        if empty * (c2 - c1 + 1) > EMPTY_TAIL_CELLS:
            far = f"sel {get_column_letter(first)}{present}" if first else f"baris {present}"
            said = empty_before(name, ref, ws.title, empty, far)
    if said:
        raise StructureError(said)
    return present


def _rows_held(ws: Worksheet, last: int) -> tuple[int, int | None]:
    """How many rows of ``ws`` hold a cell read (not the sheet's extent), and the first column
    of row ``last`` holding one, in one walk over the cells read."""
    rows: set[int] = set()
    first: int | None = None
    for row, col in ws._cells:
        rows.add(row)
        if row == last and (first is None or col < first):
            first = col
    return len(rows), first
