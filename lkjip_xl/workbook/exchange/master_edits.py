"""The cells that turn a master's distributed table into the merged one (collect's write).

Only cells whose value changes are written (a formula or a shared string the merge leaves alone
stays as it is). A removed row moves every row under it up one: a column with many changes is
then written as one block from its first to its last change, as a recompute writes its computed
columns, rather than as a hundred thousand single cells.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any

from lkjip_xl.core.persen import Persen
from lkjip_xl.core.values import is_blank, is_excel_error
from lkjip_xl.workbook.book import TableData, cell_value
from lkjip_xl.workbook.exchange.merge import MasterTable
from lkjip_xl.workbook.exchange.rows import text_of
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.ooxml.cell_edits import MAX_TEXT_CHARS
from lkjip_xl.workbook.ooxml.formulas import has_formula
from lkjip_xl.workbook.ooxml.letters import get_column_letter
from lkjip_xl.workbook.ooxml.member_pieces import inflated_pieces
from lkjip_xl.workbook.ooxml.package import Package


def same(a: Any, b: Any) -> bool:
    """Cells that hold the same value (20 and 20.0 are the same number; None and "" blanks)."""
    if a is b:
        return True
    kind = type(a)
    if kind is type(b):
        if a == b:
            return True
        if kind is str:
            return not a.strip() and not b.strip()
        if kind is not float:
            return False
    return text_of(a) == text_of(b)


#: A column with at least this many cells to write (rows shifted up under a removed row) is
#: written as one block, as a recompute writes its columns, instead of cell by cell.
BLOCK_FROM = 256
_DATE_TYPES = (datetime, date, time, timedelta)


@dataclass
class Edits:
    """What turns a master table into the merged one: single cells, whole column blocks
    (column number, first row, values) and the new table range (or None)."""

    sheet: str
    cells: dict[str, Any]
    blocks: list[tuple[int, int, list[Any]]]
    new_ref: str | None
    rows: list[list[Any]]  # the merged table's rows
    touched: list[int]  # the columns (positions in the table) holding a change


def merged_rows(master: MasterTable, width: int) -> tuple[list[list[Any]], int]:
    """The table's rows after the merge (removed rows out, added rows after the last filled
    one, blank rows used before the table grows), and how many the merged table has."""
    data = master.rows.data
    positions = master.rows.positions
    rows: list[list[Any]] = []
    for i, old in enumerate(data.rows):
        if i in master.removed:
            continue
        edit = master.edits.get(i)
        if edit:
            new = list(old) + [None] * (width - len(old))
            for position, value in edit.items():
                new[position] = value
            rows.append(new)
        else:
            rows.append(old)
    last = -1
    for i in range(len(rows) - 1, -1, -1):
        row = rows[i]
        if any(not is_blank(row[p]) for p in positions if p < len(row)):
            last = i
            break
    added = []
    for _unit, raw in master.added:
        new = [None] * width
        for position, value in zip(positions, raw, strict=True):
            new[position] = cell_value(value)
        added.append(new)
    rows = rows[: last + 1] + added + rows[last + 1 :]
    # Added rows take the table's blank rows first; the table grows only when those run out.
    while len(rows) > len(data.rows) and len(rows) > last + 1 + len(added):
        if any(not is_blank(v) for v in rows[-1]):
            break
        rows.pop()
    while len(rows) < len(data.rows):
        rows.append([None] * width)
    return rows, len(rows)


def table_edits(
    master: MasterTable, formulas: bool, percent: Collection[tuple[int, int]] = frozenset()
) -> Edits:
    """The edits turning the master table into the merged one. Only cells whose value changes
    are written; a column with many (the rows under a removed row move up) is written as one
    block from its first to its last change, unless the sheet holds formulas or the column
    dates (``formulas``: a block rewrites the unchanged cells inside it with their values).
    ``percent``: (row, column) of the master sheet's cells shown as a percentage."""
    data = master.rows.data
    width = len(data.headers)
    rows, count = merged_rows(master, width)
    old_count = len(data.rows)
    first = data.excel_row(0)
    # The recompute that follows writes every computed cell of the table.
    computed = {data.headers.index(c.name) for c in master.spec.computed_columns}
    cells: dict[str, Any] = {}
    blocks: list[tuple[int, int, list[Any]]] = []
    olds = data.rows
    moved = _moved(rows, olds)
    touched: list[int] = []
    for j in range(width):
        if j in computed:
            continue
        changed = _changed_in_column(j, rows, moved, olds)
        if not changed:
            continue
        touched.append(j)
        column = data.first_column + j
        lo, hi = changed[0], changed[-1]
        span = [
            _as_written(rows[i][j] if j < len(rows[i]) else None, (first + i, column) in percent)
            for i in range(lo, hi + 1)
        ]
        if len(changed) >= BLOCK_FROM and not formulas and not kept_as_typed(data, j, lo, hi, span):
            blocks.append((column, first + lo, span))  # no date: values as cells hold them
            continue
        letter = get_column_letter(column)
        for i in changed:
            after = rows[i][j] if j < len(rows[i]) else None
            shown = (first + i, column) in percent
            cells[f"{letter}{first + i}"] = cell_value(_as_written(after, shown))
    new_ref = None
    if count > old_count:
        last_letter = get_column_letter(data.first_column + width - 1)
        new_ref = (
            f"{get_column_letter(data.first_column)}{data.header_row}:"
            f"{last_letter}{data.header_row + count}"
        )
    return Edits(data.sheet, cells, blocks, new_ref, rows, touched)


def _as_written(value: Any, shows_percent: bool) -> Any:
    """``value`` as written into a master's cell, which shows a percentage or not
    (``shows_percent``): the figure it reads as stays the figure the unit's cell showed. The
    format does not travel with the value; the master's cell keeps its own. A number its unit's
    cell showed as a percentage (typed ``75%``: 0.75) goes in as is where the master's cell
    shows one too, else as the figure shown, 75; a plain number (80, its format lost to a paste)
    goes into a cell showing a percentage as the exact fraction 0.8 (as 80 it would show 8000%)."""
    kind = type(value)
    if kind is Persen:
        return value if shows_percent else value.shown
    if shows_percent and (kind is float or kind is int) and math.isfinite(value):
        return float(Decimal(repr(value)) / 100)
    return value


def _column_as_written(values: list[Any], shown: Callable[[int], bool] | None) -> list[Any]:
    """:func:`_as_written` for a whole column (``shown``: whether its data row ``i`` shows a
    percentage in the master; None when none does)."""
    if shown is None and Persen not in set(map(type, values)):  # the usual column, C speed
        return values
    return [_as_written(v, shown is not None and shown(i)) for i, v in enumerate(values)]


def _moved(rows: list[list[Any]], olds: list[list[Any]]) -> list[int]:
    """Rows that are not the row read at their place (edited, moved up, added): only these can
    hold a changed cell."""
    old_count = len(olds)
    return [i for i, new in enumerate(rows) if i >= old_count or new is not olds[i]]


def _changed_in_column(j: int, rows: list[list[Any]], moved: list[int], olds: list[list[Any]],
                       first_only: bool = False) -> list[int]:  # fmt: skip
    """The rows among ``moved`` whose value in column ``j`` differs from the value read there
    (with ``first_only``, the first such row only: whether the column changes at all)."""
    old_count = len(olds)
    changed: list[int] = []
    for i in moved:
        new = rows[i]
        after = new[j] if j < len(new) else None
        if i >= old_count:
            if text_of(after) is not None:
                changed.append(i)
                if first_only:
                    break
            continue
        was = olds[i]
        before = was[j] if j < len(was) else None
        if before is after or (type(before) is type(after) and before == after):
            continue
        if not same(before, after):
            changed.append(i)
            if first_only:
                break
    return changed


def changed_columns(master: MasterTable) -> tuple[list[list[Any]], list[int]]:
    """The merged table's rows and the input columns (positions in the table) that change:
    what a write of whole columns needs, without the cells and blocks of :func:`table_edits`."""
    data = master.rows.data
    rows, _count = merged_rows(master, len(data.headers))
    computed = {data.headers.index(c.name) for c in master.spec.computed_columns}
    moved = _moved(rows, data.rows)
    touched = [
        j
        for j in range(len(data.headers))
        if j not in computed and _changed_in_column(j, rows, moved, data.rows, first_only=True)
    ]
    return rows, touched


def kept_as_typed(data: TableData, j: int, lo: int, hi: int, span: list[Any]) -> bool:
    """Whether a date or time, an error value or a non-finite number is among the old or new
    values of rows ``lo``..``hi`` of column ``j``: such a cell is written only when it changes,
    never rewritten from what was read (a date as a serial number, an error as its text)."""
    old = [row[j] if j < len(row) else None for row in data.rows[lo : hi + 1]]
    return _special(span) or _special(old)


_TEXT_OR_BLANK = frozenset({str, type(None)})
_NUMBER_OR_BLANK = frozenset({float, type(None)})


def _finite(values: Sequence[Any], kinds: set[type]) -> bool:
    """Whether every float of ``values`` is finite: a column of numbers and blanks is summed at
    C speed (an infinity or a NaN makes the sum so; a sum beyond the largest float, or both
    infinities, are told number by number)."""
    if kinds <= _NUMBER_OR_BLANK:
        try:
            return math.isfinite(math.fsum(filter(None, values)))
        except (OverflowError, ValueError):  # ValueError: both infinities met
            pass
    return all(math.isfinite(v) for v in values if type(v) is float)


def _special(values: Sequence[Any]) -> bool:
    """Whether ``values`` hold a date or time, an error value (read as its text), a number or a
    text no cell can hold (NaN or infinity stored in the file, which the writer would blank)."""
    kinds = set(map(type, values))  # a roster's column: its few types, at C speed
    if any(issubclass(kind, _DATE_TYPES) for kind in kinds):
        return True
    if float in kinds and not _finite(values, kinds):
        return True
    if not any(issubclass(kind, str) for kind in kinds):
        return False
    if kinds <= _TEXT_OR_BLANK:  # a roster's text column: its texts taken at C speed
        texts = list(filter(None, values))
    else:
        texts = [v for v in values if isinstance(v, str)]
    # A text longer than a cell holds (stored by another program) is left as the file has it.
    if max(map(len, texts), default=0) > MAX_TEXT_CHARS:
        return True
    # Every error value holds "#": a roster's column without one is settled in one C-speed scan.
    if "#" not in "\x00".join(texts):
        return False
    return any("#" in v and is_excel_error(v) for v in texts)


def whole_columns(
    rows: list[list[Any]],
    touched: list[int],
    master: MasterTable,
    percent: Collection[tuple[int, int]] = frozenset(),
) -> dict[str, list[Any]] | None:
    """Every changed column (``touched``) of the merged table (``rows``), whole (header -> its
    values from the first data row down), to be written as a recompute writes its columns;
    None when one of them holds a date or an error value (those are written cell by cell)."""
    data = master.rows.data
    # A column holds a date or an error value when its merged values do, or the values read
    # that the merge left out (the rows removed, the edited rows as read, blank rows dropped
    # for added ones): every other row read is a merged row, moved up or in place. Asked of
    # these few rows, not of every row read again (a roster's column made and searched twice).
    kept = set(map(id, rows))
    dropped = [row for row in data.rows if id(row) not in kept]
    width = max(touched, default=-1) + 1
    merged = _columns(rows, width)
    columns: dict[str, list[Any]] = {}
    for j in touched:
        values = merged(j)
        if _special(values) or _special([row[j] if j < len(row) else None for row in dropped]):
            return None
        # No date among them: the values as cells hold them.
        column = data.first_column + j
        shown = None
        if any(c == column for _, c in percent):
            shown = lambda i, column=column: (data.excel_row(i), column) in percent  # noqa: E731
        columns[data.headers[j]] = _column_as_written(values, shown)
    return columns


def _columns(rows: list[list[Any]], width: int) -> Callable[[int], list[Any]]:
    """Column ``j`` of ``rows`` (None where a row is shorter): taken at C speed when every row
    reaches ``width`` (a roster's rows as read), one column at a time (the columns of a
    roster's rows all at once are ~15 MB, held beside the rows)."""
    if rows and min(map(len, rows)) >= width:
        return lambda j: list(map(itemgetter(j), rows))
    return lambda j: [row[j] if j < len(row) else None for row in rows]


def holds_formulas(book: FileBook, sheet: str) -> bool:
    """Whether the worksheet ``sheet`` of the master ``book`` holds a formula: looked for in
    the sheet as read when it is held, else as the book told it while it read the sheet (a
    book opened with ``formulas=True``), else looked for in the file."""
    xml = book.sheet_xml(sheet)
    if xml is not None:
        return has_formula(xml)
    found = book.holds_formulas(sheet)
    return sheet_has_formulas(book.path, sheet) if found is None else found


def sheet_has_formulas(path: Path, sheet: str) -> bool:
    """Whether the worksheet ``sheet`` of ``path`` holds a formula (inflated in pieces, by the
    large-part codec: a roster's sheet is not held in memory for this, and is searched in a
    fifth of zlib's time, beside the master's read)."""
    with zipfile.ZipFile(path) as archive:
        part = Package(archive).sheet_part(sheet)
    tail = b""
    for chunk in inflated_pieces(path, part):
        if has_formula(tail + chunk):
            return True
        tail = chunk[-64:]
    return False
