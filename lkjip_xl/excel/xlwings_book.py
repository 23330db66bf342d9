"""The xlwings implementation of the :class:`~lkjip_xl.workbook.book.Book` protocol.

:class:`XlwingsBook` wraps any ``xw.Book``: a workbook open in desktop Excel (COM on Windows,
AppleScript on macOS) or the JSON book that xlwings Server builds from an Office.js request
(the ``remote`` engine). ``recompute`` and ``check`` run on it unchanged.

- Tables are read through xlwings' own table objects (``sheet.tables[name]``: the header row and
  the data body), names through ``book.names[name].refers_to_range``. On the remote engine these
  come from the request's ``tables`` and ``names``, which the Office.js client sends.
- Values are read with ``err_to_str=True``: an Excel error arrives as its text (``#DIV/0!``) and
  stays an error of that cell, never a blank. Integers become floats (Excel holds doubles), and
  empty texts become blanks, as the file book reads them.
- A computed column is written with one range write; computed tables are resized with
  ``table.resize`` (``ListObject.Resize`` over COM, the ``resizeTable`` action in Office.js).
  Dates are written as Excel serial numbers, which the template's date formats show, so that no
  client has to parse a date text.
- Protected sheets (the templates protect them without a password) are unprotected before the
  first write and protected again with the same permissions in :meth:`commit`. Over COM on
  Windows that is ``Worksheet.Unprotect`` / ``Protect``; the remote engine has no protection
  API, so it sends ``runMacro`` actions (``lkjipUnprotect`` / ``lkjipProtect``, one per sheet)
  that the lkjip task pane implements with Office.js (``worksheet.protection``). A client
  without those callbacks fails on the first write to a protected sheet, loudly.
- A number its cell shows as a percentage (typed ``75%``: Excel stores 0.75) is read as a
  :class:`~lkjip_xl.core.persen.Persen`, the figure shown, as the file book reads it. xlwings
  gives values only: on the remote engine the Office.js client sends, per sheet, the number
  cells whose format code holds a ``%`` (the server hands them over as :class:`PercentCells`);
  over COM the format is read per column of what was read (one ``NumberFormat`` each, per cell
  only where a column's formats are mixed). Both decide with the file book's predicate,
  :func:`~lkjip_xl.workbook.ooxml.percent_cells.shows_percent`.
- :meth:`commit` does not save: in Excel the user decides when to save.
"""

from __future__ import annotations

import re
from contextlib import suppress
from typing import Any

from lkjip_xl.core.persen import Persen
from lkjip_xl.workbook.book import ROWS_BELOW_LIMIT, TableData, cell_value
from lkjip_xl.workbook.ooxml.percent_cells import shows_percent
from lkjip_xl.workbook.ooxml.report_sheet import SheetRewrite
from lkjip_xl.workbook.problems import Kode

UNPROTECT_MACRO = "lkjipUnprotect"
PROTECT_MACRO = "lkjipProtect"
# The permissions the templates keep while protected (COM Protection properties); they are read
# back before unprotecting and passed again to Protect.
_PERMISSIONS = (
    "AllowFormattingCells",
    "AllowFormattingColumns",
    "AllowFormattingRows",
    "AllowInsertingColumns",
    "AllowInsertingRows",
    "AllowInsertingHyperlinks",
    "AllowDeletingColumns",
    "AllowDeletingRows",
    "AllowSorting",
    "AllowFiltering",
    "AllowUsingPivotTables",
)


#: What the Laporan sheet says after a recompute in live Excel, until the file is recomputed.
STALE_REPORT = (
    "Laporan belum diperbarui: hitung ulang berkas ini dengan 'lkjip-xl hitung' (simpan dan "
    "tutup dulu di Excel) agar tabel dan grafik lembar ini mengikuti hasil terbaru."
)


class XlwingsBookError(Exception):
    """The workbook in Excel is not usable as asked; the message is one Indonesian sentence."""


def _cell_value(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, str) and value == "":
        return None
    return value


_A1 = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


class PercentCells(dict[str, frozenset[tuple[int, int]]]):
    """Per sheet name, the (row, column), 1-based, of the number cells a client saw shown as a
    percentage. xlwings Server injects it into a script by this type, beside the book."""


def _as_percent(value: Any) -> Any:
    return Persen(value) if type(value) is float else value


class XlwingsBook:
    """A live workbook as recompute and check see it."""

    def __init__(
        self, book: Any, label: str | None = None, percent: PercentCells | None = None
    ) -> None:
        self.book = book
        self.label = label or str(book.name)
        # The remote engine's percent cells, as its client sent them (none from an older one).
        self._percent = percent if percent is not None else PercentCells()
        self._tables: dict[str, TableData] = {}
        self._locations: dict[str, tuple[Any, Any]] = {}  # table name -> (sheet, table)
        # Sheets this book unprotected, with what is needed to protect them again.
        self._unprotected: dict[str, dict[str, Any]] = {}

    # --- what kind of book --------------------------------------------------------------

    @property
    def is_remote(self) -> bool:
        """True for the JSON book of xlwings Server / Office.js (writes become actions)."""
        try:
            return self.book.app.engine.type == "remote"
        except AttributeError:
            return False

    # --- reading ------------------------------------------------------------------------

    def _find_table(self, name: str) -> tuple[Any, Any]:
        if name not in self._locations:
            for sheet in self.book.sheets:
                for table in sheet.tables:
                    self._locations.setdefault(table.name, (sheet, table))
        if name not in self._locations:
            raise XlwingsBookError(
                f"Tabel {name} tidak ada di {self.label}; buku kerja ini bukan templat standar "
                "atau tabelnya terhapus."
            )
        return self._locations[name]

    def table_names(self) -> list[str]:
        return [table.name for sheet in self.book.sheets for table in sheet.tables]

    def read_table(self, name: str) -> TableData:
        if name in self._tables:
            return self._tables[name]
        sheet, table = self._find_table(name)
        header = table.header_row_range
        if header is None:
            raise XlwingsBookError(
                f"Tabel {name} di lembar {sheet.name} tidak menampilkan baris judul; "
                "aktifkan kembali Header Row."
            )
        headers = [
            "" if h is None else str(h) for h in header.options(ndim=1, err_to_str=True).value
        ]
        body = table.data_body_range
        rows: list[list[Any]] = []
        if body is not None:
            raw = body.options(ndim=2, err_to_str=True).value or []
            rows = [[_cell_value(v) for v in row] for row in raw]
            self._mark_percent(sheet, body.row, body.column, rows)
        result = TableData(name, sheet.name, header.row, header.column, headers, rows)
        self._tables[name] = result
        return result

    def read_below(self, table: TableData, limit: int = ROWS_BELOW_LIMIT) -> list[list[Any]]:
        """Read in blocks (a few rows first, then more), so that the usual answer (nothing
        below) costs one small read and a long run of rows a few more."""
        if self._find_table(table.name)[1].show_totals:
            return []  # under Excel's Total Row lies no row of the table (as the file book)
        sheet = self._sheet(table.sheet)
        first = table.excel_row(len(table.rows))
        found: list[list[Any]] = []
        block = 8
        while len(found) < limit:
            start = first + len(found)
            size = min(block, limit - len(found), 1_048_576 - start + 1)
            if size <= 0:
                break
            rng = sheet.range((start, table.first_column), (start + size - 1, table.last_column))
            raw = rng.options(ndim=2, err_to_str=True).value or []
            block_rows = [[_cell_value(v) for v in line] for line in raw]
            self._mark_percent(sheet, start, table.first_column, block_rows)
            for row in block_rows:
                if all(v is None for v in row):
                    return found
                found.append(row)
            if len(raw) < size:
                break
            block = min(block * 4, 4096)
        return found

    def extend_table(self, table: TableData) -> None:
        self._resize(table, max(len(table.rows), 1))

    def _name_range(self, name: str) -> Any | None:
        try:
            if name not in self.book.names:
                return None
            rng = self.book.names[name].refers_to_range
        except Exception:  # a constant or formula name, or #REF!: not a cell of the template
            return None
        if rng is None or rng.shape != (1, 1):
            return None
        return rng

    def name_address(self, name: str) -> tuple[str, str] | None:
        rng = self._name_range(name)
        if rng is None:
            return None
        return rng.sheet.name, rng.get_address(False, False)

    def name_text(self, name: str) -> str | None:
        try:
            if name not in self.book.names:
                return None
            text = self.book.names[name].refers_to
        except Exception:  # what the add-in's remote book cannot say
            return None
        return str(text).lstrip("=") if text else None

    def read_name(self, name: str) -> Any:
        rng = self._name_range(name)
        if rng is None:
            return None
        value = [[_cell_value(rng.options(err_to_str=True).value)]]
        self._mark_percent(rng.sheet, rng.row, rng.column, value)
        return value[0][0]

    def _mark_percent(self, sheet: Any, row: int, column: int, rows: list[list[Any]]) -> None:
        """Mark, in place, the numbers of the block read at (row, column) whose cells are
        shown as a percentage (see the module docstring)."""
        if self.is_remote:
            for r, c in self._percent.get(sheet.name, ()):
                i, j = r - row, c - column
                if 0 <= i < len(rows) and 0 <= j < len(rows[i]):
                    rows[i][j] = _as_percent(rows[i][j])
            return
        width = max(map(len, rows), default=0)
        for j in range(width):
            numbers = [i for i, line in enumerate(rows) if j < len(line)
                       and type(line[j]) is float]  # fmt: skip
            if not numbers:
                continue  # no number, no COM call
            # None (not a text): the range's formats are mixed; its halves are asked, down to
            # ranges of one format (a roster's column of two formats: a few dozen COM calls,
            # not one per number cell).
            pending = [numbers]
            while pending:
                part = pending.pop()
                first, last = (row + part[0], column + j), (row + part[-1], column + j)
                code = sheet.range(first, last if len(part) > 1 else None).number_format
                if not isinstance(code, str) and len(part) > 1:
                    half = len(part) // 2
                    pending += [part[half:], part[:half]]
                    continue
                if shows_percent(str(code)):
                    for i in part:
                        rows[i][j] = _as_percent(rows[i][j])

    # --- writing ------------------------------------------------------------------------

    def _sheet(self, name: str) -> Any:
        return self.book.sheets[name]

    def _writable(self, sheet_name: str) -> Any:
        """The sheet, unprotected for the writes of this run if it was protected."""
        sheet = self._sheet(sheet_name)
        if sheet_name in self._unprotected:
            return sheet
        if self.is_remote:
            self.run_client_macro(UNPROTECT_MACRO, sheet_name)
            self._unprotected[sheet_name] = {}
            return sheet
        api: Any = getattr(sheet, "api", None)
        protected = bool(getattr(api, "ProtectContents", False))
        if protected:
            state: dict[str, Any] = {"permissions": {}}
            try:
                protection = api.Protection
                state["permissions"] = {p: bool(getattr(protection, p)) for p in _PERMISSIONS}
                state["DrawingObjects"] = bool(api.ProtectDrawingObjects)
                state["Scenarios"] = bool(api.ProtectScenarios)
            except Exception:  # keep Excel's defaults when the permissions cannot be read
                pass
            try:
                api.Unprotect()
            except Exception as exc:
                raise XlwingsBookError(
                    f"Lembar {sheet_name} diproteksi dengan kata sandi; buka proteksinya "
                    "(Review > Unprotect Sheet) lalu ulangi."
                ) from exc
            self._unprotected[sheet_name] = state
        return sheet

    def _write_block(self, sheet_name: str, row: int, column: int, values: list[list[Any]]):
        if not values or not values[0]:
            return
        sheet = self._writable(sheet_name)
        block = [[cell_value(v) for v in line] for line in values]
        last = (row + len(block) - 1, column + len(block[0]) - 1)
        target = sheet.range((row, column), last)
        if self.is_remote:
            # The block already has the range's shape: xlwings' conversion would only resize the
            # range again and again (a fifth of the server's Hitung Ulang). Its own cleaning of
            # each value for Office.js is kept, and the setValues action is the same.
            clean = sheet.book.app.engine.impl.prepare_xl_data_element
            target.raw_value = [[clean(v, {}) for v in line] for line in block]
        else:
            target.value = block

    def write_column(self, table: TableData, header: str, values: list[Any]) -> None:
        if not values:
            return
        index = table.column_index(header)
        if index is None:
            raise XlwingsBookError(f"Kolom {header} tidak ada di tabel {table.name}.")
        self._write_block(
            table.sheet, table.excel_row(0), table.first_column + index, [[v] for v in values]
        )

    def _refuse_total_row(self, table: TableData) -> None:
        """Before a table with Excel's Total Row is written to another size: the file book
        moves its total row (the patcher), a live workbook's resize is not known to do so."""
        if self._find_table(table.name)[1].show_totals:
            raise XlwingsBookError(Kode.TOTAL_ROW_BLOCKED.message("excel", tabel=table.name))

    def _resize(self, table: TableData, data_rows: int) -> None:
        sheet, xl_table = self._find_table(table.name)
        body = xl_table.data_body_range
        if body is None or body.last_cell.row != table.header_row + data_rows:
            self._refuse_total_row(table)
        sheet = self._writable(table.sheet)
        target = sheet.range(
            (table.header_row, table.first_column),
            (table.header_row + data_rows, table.last_column),
        )
        xl_table.resize(target)

    def write_rows(self, table: TableData, rows: list[list[Any]]) -> None:
        width = len(table.headers)
        if len(rows) != len(table.rows):
            self._refuse_total_row(table)
        count = max(len(rows), len(table.rows))
        block = []
        for i in range(count):
            row = list(rows[i]) if i < len(rows) else []
            block.append([row[j] if j < len(row) else None for j in range(width)])
        self._write_block(table.sheet, table.excel_row(0), table.first_column, block)
        if len(rows) != len(table.rows):
            self._resize(table, max(len(rows), 1))
        table.rows = [list(r) for r in block[: max(len(rows), 1)]]

    def append_row(self, table: TableData, row: list[Any]) -> None:
        # A new template's Log holds one empty row: fill it before growing the table.
        used = len(table.rows)
        while used and all(v is None for v in table.rows[used - 1]):
            used -= 1
        grows = used >= len(table.rows)
        if grows:
            self._refuse_total_row(table)
        self._write_block(table.sheet, table.excel_row(used), table.first_column, [list(row)])
        table.rows[used : used + 1] = [list(row)]
        if grows:
            self._resize(table, len(table.rows))

    def show_format(self, sheet: str, spans: list[tuple[int, int, int]], code: str) -> None:
        # Excel keeps the rest of a cell's style when only its NumberFormat is set. A remote
        # (Office.js) book cannot read a format synchronously (xlwings raises): it is set,
        # which changes nothing when it is the same.
        target = self._writable(sheet)
        for column, first, last in spans:
            rng = target.range((first, column), (last, column))
            if self.is_remote or rng.number_format != code:
                rng.number_format = code

    def write_name(self, name: str, value: Any) -> None:
        rng = self._name_range(name)
        if rng is None:
            raise XlwingsBookError(f"Nama {name} tidak ada di {self.label}.")
        self._write_block(rng.sheet.name, rng.row, rng.column, [[value]])

    def write_cell(self, sheet_name: str, address: str, value: Any) -> None:
        """Write one cell outside the template's tables and names (the button's status)."""
        match = _A1.match(address.upper())
        if not match:
            raise XlwingsBookError(f"Alamat sel {address} tidak sah.")
        sheet = self._sheet(sheet_name)
        cell = sheet.range(address)
        self._write_block(sheet_name, cell.row, cell.column, [[value]])

    def rewrite_sheet(self, sheet_name: str, rewrite: SheetRewrite) -> None:
        """Not laid out in a live workbook: the Laporan sheet's cells are merged where the report
        puts them, and a report of another length moves every merge, page break and chart,
        which only the file writer does. Its second line (the report's title, a cell every
        layout starts a row with) says so, so that no one prints figures older than the cells."""
        self._write_block(sheet_name, 2, 1, [[STALE_REPORT]])

    def has_sheet(self, name: str) -> bool:
        return any(sheet.name == name for sheet in self.book.sheets)

    # --- messages to the user -----------------------------------------------------------

    def run_client_macro(self, name: str, *args: Any) -> None:
        """Ask the Office.js client to run one of its callbacks (remote books only).

        Added to this book's own action list, not through ``app.macro``, which on the remote
        engine appends to whichever book was opened last (a race between two requests).
        """
        self.book.impl.append_json_action(func="runMacro", args=[name, *args])

    def alert(self, message: str, title: str, *, error: bool = False) -> None:
        """A message box in desktop Excel; in Office.js the task pane shows it."""
        mode = "critical" if error else "info"
        if self.is_remote:
            self.book.impl.append_json_action(func="alert", args=[message, title, "ok", mode, ""])
            return
        with suppress(Exception):  # no message box (Excel busy): the status cell still says it
            self.book.app.alert(message, title=title, buttons="ok", mode=mode)

    # --- finishing ----------------------------------------------------------------------

    def commit(self) -> None:
        """Protect again the sheets this run unprotected. The workbook is not saved."""
        pending, self._unprotected = self._unprotected, {}
        for sheet_name, state in pending.items():
            if self.is_remote:
                self.run_client_macro(PROTECT_MACRO, sheet_name)
                continue
            api = self._sheet(sheet_name).api
            options = {"Contents": True, **state.get("permissions", {})}
            for key in ("DrawingObjects", "Scenarios"):
                if key in state:
                    options[key] = state[key]
            api.Protect(**options)
