"""The file implementation of :class:`~lkjip_xl.workbook.book.Book`.

Reads with python-calamine (fast, and it never runs anything in the file); writes by patching only
the cells that were written (:mod:`lkjip_xl.workbook.patcher`), atomically, keeping the previous
version beside the file (:mod:`lkjip_xl.workbook.safe_write`).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import python_calamine

from lkjip_xl.core.persen import Persen
from lkjip_xl.core.problems import ribuan
from lkjip_xl.workbook.book import ROWS_BELOW_LIMIT, TableData, cell_value
from lkjip_xl.workbook.empty_tail import EMPTY_TAIL_CELLS, empty_before, empty_tail
from lkjip_xl.workbook.file_kind import uraian
from lkjip_xl.workbook.ooxml.cells import parse_range
from lkjip_xl.workbook.ooxml.defined_names import defined_names, parse_reference
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.extent import (
    OTHER_SPACES,
    Trimmed,
    cells_beyond,
    last_row,
    last_row_place,
    rough_pattern,
    row_count,
    rows_with_values,
    trim_sheet,
)
from lkjip_xl.workbook.ooxml.formulas import has_formula
from lkjip_xl.workbook.ooxml.inflate_scan import inflate_searching
from lkjip_xl.workbook.ooxml.letters import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
)
from lkjip_xl.workbook.ooxml.package import (
    Package,
    refuse_strict,
    stored_copy,
    uses_1904_dates,
)
from lkjip_xl.workbook.ooxml.percent_cells import percent_cells, percent_formats
from lkjip_xl.workbook.ooxml.relationships import REL_STYLES, link_sheets, package_local_links
from lkjip_xl.workbook.ooxml.sheet_data import (
    CELL_ELEMENT,
    CELL_R_ATTR,
    ERROR_TYPE,
    VALUE_ELEMENT,
    SheetData,
    formula_blanks,
    locate_sheet_data,
)
from lkjip_xl.workbook.ooxml.tables import table_name, table_ref, totals_row_count
from lkjip_xl.workbook.problems import Kode, Masalah
from lkjip_xl.workbook.read_ahead import TablesAhead, one_malloc_arena, return_free_memory
from lkjip_xl.workbook.safe_write import WorkbookChangedError, atomic_update, fingerprint

if TYPE_CHECKING:  # the patcher is loaded by a commit: a check never writes
    from lkjip_xl.workbook.patcher import SheetRewrite

__all__ = ["FileBook", "WorkbookError", "error_cells", "parse_reference"]

# An archive that inflates beyond this is refused before anything is parsed (zip bombs).
MAX_UNCOMPRESSED_BYTES = 2 << 30
MAX_MEMBERS = 20_000
# Cells this far beyond the engine's tables (and the rows filled under them) and named cells are
# left out of what is read: a stray value in XFD1048576 must not make the reader allocate the
# whole sheet.
MARGIN_ROWS = 1_000
MARGIN_COLUMNS = 64
# The tables of the largest sheet are read ahead in a worker thread (a roster's sheet holds one);
# a sheet holding more is read as each table is asked for.
READ_AHEAD_TABLES = 4
# Sheets read by the scan are kept for the commit's patch up to this size; larger ones are
# inflated again by the commit.
KEEP_PART_BYTES = 16 << 20
# Sheets this large are searched for far cells as they are inflated (in a worker thread).
STREAMED_PART_BYTES = 4 << 20
# From this size of the largest sheet a book reads, letting go of its reads hands the memory
# back to the system (FileBook.release_reads).
TRIM_FROM_BYTES = 4 << 20


# What every error cell's start tag holds, as every writer spells it: a literal-prefixed search
# (ERROR_TYPE, which allows spaces around "=", has none and is slower).
_ERROR_HINT = re.compile(rb"""t=["']e["']""")


class WorkbookError(Exception):
    """A workbook that cannot be read or written; the message is one Indonesian sentence."""


def _what_it_is(path: Path, name: str) -> str | None:
    """For a file that failed to open as a package: what it really is (an .xls, an .ods, a CSV
    text, a password-locked workbook) and the next step, so the Python API says what the
    command line says (``name``: the file's name as the user knows it); None when its
    signature tells nothing better."""
    try:
        said = uraian(path, name)
    except OSError:
        return None
    return f"{name} {said}" if said is not None else None


def part_damaged(name: str) -> str:
    """The refusal of a package that opens but holds a part its reader cannot take."""
    return (
        f"{name} tidak dapat dibaca: salah satu bagian di dalamnya rusak; buka berkas ini di "
        "Excel atau LibreOffice lalu simpan ulang."
    )


def _check_archive(path: Path, name: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise WorkbookError(
            _what_it_is(path, name) or f"{name} bukan buku kerja Excel (.xlsx/.xlsm) yang sah."
        ) from exc
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookError(f"{name} terlalu besar atau tidak wajar untuk dibuka dengan aman.")


def error_cells(sheet_xml: bytes) -> dict[tuple[int, int], str]:
    """(row, column) 1-based -> Excel error text, for every cell holding an error value.

    calamine reads such cells as empty; a blank is not an error, so they are found in the XML.
    """
    found: dict[tuple[int, int], str] = {}
    if _ERROR_HINT.search(sheet_xml) is None:  # the usual case: one pass at memchr speed
        return found
    for match in ERROR_TYPE.finditer(sheet_xml):
        # The element whose start tag holds t="e": a cell, when it is one.
        start = sheet_xml.rfind(b"<", 0, match.start())
        cell = CELL_ELEMENT.match(sheet_xml, start) if start >= 0 else None
        if cell is None or cell.end(1) < match.end():
            continue
        ref = CELL_R_ATTR.search(sheet_xml, cell.start(1) - 1, cell.end(1))
        if not ref:
            continue
        value = VALUE_ELEMENT.search(cell.group(2) or b"")
        text = value.group(1).decode("utf-8", "replace") if value else "#N/A"
        found[(int(ref.group(2)), column_index_from_string(ref.group(1).decode()))] = text
    return found


def _as_percent(value: Any) -> Any:
    """A number of a cell shown as a percentage, marked so (:class:`Persen`); else as is."""
    return Persen(value) if type(value) is float or type(value) is int else value


def _refuse_empty_tail(
    xml: bytes,
    where: SheetData,
    sheet: str,
    names: list[str],
    refs: list[tuple[int, int, int, int]],
) -> None:
    """Refuse a table running far past the sheet's last row, or one whose range holds that
    many empty rows before it: a stray value near row 1,048,576 makes the last row reach the
    range's end, and calamine would allocate it all the same (800 MiB for ``hitung``, 71 s of
    CPU and 3.5 GB for ``bagikan``, on a Pengumpulan to A1048576 with a value in A1048575)."""
    last = last_row(xml, where)
    if last is None:
        return
    for name, (r1, c1, r2, c2) in zip(names, refs, strict=True):
        said = empty_tail(name, (r1, c1, r2, c2), sheet, last)
        if said:
            raise PackageError(said)
        if (r2 - r1) * (c2 - c1 + 1) <= EMPTY_TAIL_CELLS:
            continue  # the usual table: its rows are not counted
        empty = r2 - r1 - row_count(xml, where)  # every row counted, rows above it as well
        if empty * (c2 - c1 + 1) > EMPTY_TAIL_CELLS:
            place = last_row_place(xml, where, last)
            far = f"sel {place}" if place else f"baris {ribuan(last)}"
            raise PackageError(empty_before(name, (r1, c1, r2, c2), sheet, empty, far))


def _in_column(ref: str, letter: str, first: int, last: int) -> bool:
    number = ref[len(letter) :]
    return ref.startswith(letter) and number.isdigit() and first <= int(number) <= last


class FileBook:
    """A workbook file read once, with its writes collected until :meth:`commit`."""

    def __init__(self, path: str | Path, *, formulas: bool = False, package: Package | None = None,
                 label: str | None = None, shared: bool = True):  # fmt: skip
        """``formulas``: tell, for every sheet read by the scan, whether it holds a formula
        (:meth:`holds_formulas`), found as it is scanned: collect asks, and a roster's sheet
        is not inflated again for it. ``package``: the package of ``path`` already
        opened (and its zip still open) by the caller, whose opening checked every part:
        collect's check of a returned file opens it once, not twice (~2 ms a unit). ``label``:
        the file's name in every sentence (collect reads an archived copy of a file the user
        knows by its own name). ``shared``: a table's equal texts and numbers are made one
        object as it is read (:meth:`read_table`), for a run that holds the table while it
        writes; a check holds nothing beside it and reads a roster's table ~0.3 s sooner
        without (its peak, calamine's cells beside the rows made of them, is the same)."""
        self.path = Path(path)
        self.label = label or self.path.name
        self._shared = shared
        if not self.path.is_file():
            raise WorkbookError(f"Berkas {self.path} tidak ditemukan.")
        _check_archive(self.path, self.label)
        self._errors: dict[str, dict[tuple[int, int], str]] = {}
        # sheet -> its number cells shown as a percentage (typed "75%": 0.75 is stored)
        self._percent: dict[str, set[tuple[int, int]]] = {}
        self._percent_formats: frozenset[int] = frozenset()
        self._below: dict[str, int] = {}  # table name -> rows holding values right under it
        self._totals: dict[str, int] = {}  # table name -> its total rows (Excel's Total Row)
        # The version read: commit refuses to overwrite a version another run wrote meanwhile.
        self._read_version = fingerprint(self.path)
        self.backup: Path | None = None  # the previous version's copy, once committed
        self._last_rows: dict[str, int] = {}  # sheet -> its last row element's number
        self._far: dict[str, Trimmed] = {}  # sheet -> its cells with data left unread
        # sheet -> (row, column) of its tables' cells holding a formula and no value
        self._formula_blanks: dict[str, list[tuple[int, int]]] = {}
        # The sheets read by the scan, by part, kept for the commit's patch: a roster's sheet
        # is inflated once, and never held twice while it is patched.
        self._parts: dict[str, bytes] = {}
        self._largest_sheet = 0  # bytes of the largest sheet scanned
        self._scanned: dict[str, str] = {}  # sheet -> its part, for every sheet scanned
        self._sheet_tables: dict[str, list[str]] = {}  # sheet -> names of its tables
        # Sheets whose rows under the tables are counted once calamine reads (_count_later).
        self._later: list[
            tuple[bytes, SheetData, str, list[str], list[tuple[int, int, int, int]]]
        ] = []
        # Sheet -> whether it holds a formula, told by the scan (``formulas``) before calamine
        # reads: a roster's sheet is then not held beside what calamine makes any longer.
        self._formulas: dict[str, bool] | None = {} if formulas else None
        try:
            if package is not None:
                source = self._read_package(package)
            else:
                with zipfile.ZipFile(self.path) as archive:
                    source = self._read_package(Package(archive))
        except PackageError as exc:
            said = _what_it_is(self.path, self.label) or f"{self.label} tidak dapat dibaca: {exc}"
            raise WorkbookError(said) from exc
        try:
            if isinstance(source, str):
                workbook = python_calamine.CalamineWorkbook.from_path(source, load_tables=True)
            else:
                workbook = python_calamine.CalamineWorkbook.from_filelike(source, load_tables=True)
        except Exception as exc:  # calamine raises several of its own types, in English
            said = _what_it_is(self.path, self.label) or part_damaged(self.label)
            raise WorkbookError(said) from exc
        # Known once loaded, and kept: asking for them need not wait for the read below.
        self._sheet_names: list[str] = list(workbook.sheet_names)
        # None only when tables were not loaded; with load_tables=True calamine refuses a
        # workbook whose format has none (TablesNotSupported, reported above).
        assert workbook.table_names is not None
        self._table_names: list[str] = list(workbook.table_names)
        # Only once the scan has cut far cells off: calamine reads a sheet densely.
        self._calamine = TablesAhead(workbook, self._read_ahead())
        try:
            self._count_later()
        except PackageError as exc:
            said = _what_it_is(self.path, self.label) or f"{self.label} tidak dapat dibaca: {exc}"
            raise WorkbookError(said) from exc
        # While calamine reads: the error cells of every sheet scanned.
        for sheet, part in self._scanned.items():
            self._errors[sheet] = error_cells(self._parts[part])
            if self._percent_formats:
                self._percent[sheet] = percent_cells(self._parts[part], self._percent_formats)
        # A large sheet is read again by the commit's patch rather than held: a roster's 120 MB
        # of XML would otherwise sit beside the table while calamine hands it over and the rules
        # run (inflating it again costs ~0.3 s of CPU; holding it, a 100,000-row recompute of
        # our own output peaked at 463 instead of ~380 MiB).
        self._parts = {p: xml for p, xml in self._parts.items() if len(xml) < KEEP_PART_BYTES}
        self._sheets: dict[str, list[list[Any]]] = {}
        self._edits: dict[str, dict[str, Any]] = {}
        self._columns: dict[str, dict[tuple[int, int], list[Any]]] = {}  # sheet -> columns
        self._table_refs: dict[str, str] = {}
        self._rewrites: dict[str, SheetRewrite] = {}
        self._tables: dict[str, TableData] = {}
        # sheet -> (column, first row, last row, number format) of written cells to show so
        self._formats: dict[str, list[tuple[int, int, int, str]]] = {}

    def _read_package(self, package: Package) -> str | io.BytesIO:
        """Read the defined names and scan the sheets of ``package`` (see _scan_sheets); what
        calamine reads: the file itself, or a copy without the far cells."""
        refuse_strict(package.read(package.workbook), package.workbook)
        self._names = defined_names(package.read(package.workbook))
        self._date1904 = uses_1904_dates(package.read(package.workbook))
        styles = package.rel_target(REL_STYLES)
        if styles is not None and styles in package.infos:
            self._percent_formats = percent_formats(package.read(styles), styles)
        # Said, never followed nor changed: a part Excel would look for in a file of the PC.
        found = package_local_links(package.infos, package.read)
        self._local_links = link_sheets(found, package.worksheets(), package.infos, package.read)
        trimmed = self._scan_sheets(package)
        if trimmed:  # a copy without the far cells: calamine reads sheets densely
            return io.BytesIO(stored_copy(package.zf, trimmed))
        return str(self.path)

    def _scan_sheets(self, package: Package) -> dict[str, bytes]:
        """Read once every sheet that holds a table or a named cell: its error cells, how many
        filled rows lie right under each table, and, for a sheet with cells beyond all that
        (a stray value in XFD1048576), a trimmed copy of it (returned, by part)."""
        bounds: dict[str, list[int]] = {}  # sheet -> [last row, last column] the engine reads
        for text in self._names.values():
            place = parse_reference(text)
            if place:
                row, column = parse_range(place[1])[:2]
                bound = bounds.setdefault(place[0], [1, 1])
                bound[0], bound[1] = max(bound[0], row), max(bound[1], column)
        trimmed: dict[str, bytes] = {}
        for sheet, part in package.worksheets().items():
            tables = package.sheet_tables(part) if part else []
            if not part or (not tables and sheet not in bounds):
                continue
            bound = bounds.setdefault(sheet, [1, 1])
            names = self._sheet_tables[sheet] = []
            refs = []
            for table_part in tables:
                table_xml = package.read(table_part)
                refs.append(parse_range(table_ref(table_xml, table_part)))
                names.append(table_name(table_xml, table_part))
                self._totals[names[-1]] = totals_row_count(table_xml, table_part)
            # The bound without the rows under the tables, which only the sheet tells.
            least = (max([bound[0], *(r[2] for r in refs)]) + MARGIN_ROWS,
                     max([bound[1], *(r[3] for r in refs)]) + MARGIN_COLUMNS)  # fmt: skip
            xml, rough_hit, last_space = self._read_sheet(package, part, least)
            self._parts[part] = xml
            self._largest_sheet = max(self._largest_sheet, len(xml))
            self._scanned[sheet] = part
            # Told at memchr speed (a roster's sheet: 13 ms; the blanks' own search takes 70).
            formulas = has_formula(xml)
            if self._formulas is not None:
                self._formulas[sheet] = formulas
            where = locate_sheet_data(xml, part)
            last = last_row(xml, where)
            if last is not None:
                self._last_rows[sheet] = last
                _refuse_empty_tail(xml, where, sheet, names, refs)
            blanks = [
                (r, c)
                for r, c in (formula_blanks(xml, where.syntax.p) if formulas else ())
                if any(r1 < r <= r2 and c1 <= c <= c2 for r1, c1, r2, c2 in refs)
            ]
            if blanks:
                self._formula_blanks[sheet] = blanks
            found = {"rough_hit": rough_hit, "last_space": last_space}
            if rough_hit == -1 and not cells_beyond(xml, where, least[0], least[1], **found):
                # Nothing lies beyond even the least bound: the rows under the tables, which
                # only widen it, are counted while calamine reads (_count_later).
                self._later.append((xml, where, part, names, refs))
                continue
            for name, (_r1, c1, r2, c2) in zip(names, refs, strict=True):
                below = rows_with_values(xml, where, part, r2 + 1, (c1, c2), ROWS_BELOW_LIMIT)
                self._below[name] = below
                bound[0], bound[1] = max(bound[0], r2 + below), max(bound[1], c2)
            # Trimmed only when cells lie well beyond: labels beside a name, notes under a
            # table are read as before, and the usual workbook is read from its file.
            rows, columns = bound[0] + MARGIN_ROWS, bound[1] + MARGIN_COLUMNS
            if cells_beyond(xml, where, rows, columns, **found):
                cut = trim_sheet(xml, where, part, rows, columns)
                trimmed[part] = cut.xml
                if cut.dropped:
                    self._far[sheet] = cut
        return trimmed

    def _count_later(self) -> None:
        """The rows under the tables of the sheets whose far cells were ruled out without
        them (see _scan_sheets)."""
        for xml, where, part, names, refs in self._later:
            for name, (_r1, c1, r2, c2) in zip(names, refs, strict=True):
                below = rows_with_values(xml, where, part, r2 + 1, (c1, c2), ROWS_BELOW_LIMIT)
                self._below[name] = below
        self._later = []

    @staticmethod
    def _read_sheet(
        package: Package, part: str, least: tuple[int, int]
    ) -> tuple[bytes, int | None, int | None]:
        """The worksheet ``part``, where the far-cell search's rough pattern for the bound
        ``least`` (rows, columns) first matches in it and where its last tab, CR or LF stands,
        when a large sheet was searched as it was inflated (else None, None:
        :func:`cells_beyond` searches it)."""
        info = package.infos.get(part)
        rough = rough_pattern(*least)
        if info is None or rough is None or info.file_size < STREAMED_PART_BYTES:
            return package.read(part), None, None
        one_malloc_arena()  # the inflating thread's pieces are freed into the main arena
        found = inflate_searching(package.zf, info, rough, OTHER_SPACES)
        return_free_memory()  # the pieces, freed, need not stay beside the table
        return found.content, found.found, found.last_watched

    def _read_ahead(self) -> list[str]:
        """The tables of the largest sheet scanned, the one whose reading takes time."""
        sheets = [s for s in self._scanned if self._sheet_tables.get(s)]
        if not sheets:
            return []
        largest = max(sheets, key=lambda s: len(self._parts[self._scanned[s]]))
        names = self._sheet_tables[largest]
        return names if len(names) <= READ_AHEAD_TABLES else []

    def sheet_xml(self, sheet: str) -> bytes | None:
        """The worksheet part of ``sheet`` as read (a sheet with a table or a named cell), or
        None when it is not held (not scanned, or released)."""
        part = self._scanned.get(sheet)
        return self._parts.get(part) if part else None

    def percent_cells(self, sheet: str) -> frozenset[tuple[int, int]]:
        """(row, column) of the cells of ``sheet`` shown as a percentage, blank ones included:
        collect writes a figure into one as the fraction the cell shows as that figure."""
        return frozenset(self._percent.get(sheet, ()))

    def holds_formulas(self, sheet: str) -> bool | None:
        """Whether the sheet ``sheet`` holds a formula element, as found when it was read;
        None when that was not looked for (see ``formulas``) or the sheet was not read."""
        return self._formulas.get(sheet) if self._formulas is not None else None

    def release_parts(self) -> None:
        """Let go of the sheets kept for the commit's patch (a check, which never writes,
        need not hold a roster's sheet while it analyses)."""
        self._parts = {}

    def release_reads(self) -> None:
        """Let go of every table and sheet read, once the writes are collected and before the
        sheets let go of after the scan are inflated again: a roster's rows need not sit
        beside its sheet while it is patched (a 100,000-row recompute of our own output
        peaked 24 MiB lower). Tables read afterwards are read again.

        A book of small sheets keeps what it frees for its next allocations: handed back, the
        pages were faulted in again by the patch that follows (a distributed unit of 500 rows
        spent ~4 ms of system time on it, 200 times a distribution)."""
        self._tables = {}
        self._sheets = {}
        if self._largest_sheet >= TRIM_FROM_BYTES:
            return_free_memory()

    # --- reading ---------------------------------------------------------------------------

    def formula_problems(self, inputs: Mapping[str, Collection[str]]) -> list[Masalah]:
        """Input cells holding a formula whose result the file never stored (written by a
        program that does not calculate): read as blank, which they are not. ``inputs``: the
        headers of each table's input columns; a formula elsewhere in a table (a computed
        column, which the engine writes over, a column of the user's own, the Total Row) is
        not read, and not named. A unit's file in ``kumpulkan`` is told about its formulas by
        the exchange itself."""
        found = []
        for sheet, blanks in self._formula_blanks.items():
            blanks = [cell for cell in blanks if self._is_input(sheet, cell, inputs)]
            if not blanks:
                continue
            cells = [f"{get_column_letter(c)}{r}" for r, c in blanks[:5]]
            shown = ", ".join(cells) + (", ..." if len(blanks) > len(cells) else "")
            found.append(Masalah.of(Kode.FORMULA_WITHOUT_VALUE, sheet=sheet, cell=cells[0],
                                    jumlah=len(blanks), sel=shown))  # fmt: skip
        return found

    def _is_input(
        self, sheet: str, cell: tuple[int, int], inputs: Mapping[str, Collection[str]]
    ) -> bool:
        row, column = cell
        for name in self._sheet_tables.get(sheet, []):
            wanted = inputs.get(name)
            if not wanted:
                continue
            data = self.read_table(name)  # read anyway by the analysis that follows
            if data.header_row < row <= data.header_row + len(data.rows):
                at = column - data.first_column
                if 0 <= at < len(data.headers):
                    return data.headers[at] in wanted
        return False

    def reading_problems(self) -> list[Masalah]:
        """Cells holding data far outside every table: left unread (and unchanged), so that a
        stray value in XFD1048576 costs nothing, but named, since the figures ignore it; and
        the parts linked to a file of the PC or its network, kept but said."""
        found = []
        for sheet, cut in self._far.items():
            cells = [f"{get_column_letter(c)}{r}" if c else f"baris {r}" for r, c in cut.first]
            more = ", ..." if cut.dropped > len(cells) else ""
            cell = cells[0] if cut.first[0][1] else None
            shown = ", ".join(cells) + more
            found.append(
                Masalah.of(Kode.FAR_CELLS, sheet=sheet, cell=cell, jumlah=cut.dropped, sel=shown)
            )
        for holder, links in self._local_links.items():  # holder None: the workbook's part
            targets = ", ".join(r.target for r in links)
            found.append(
                Masalah.of(Kode.LOCAL_LINKS, sheet=holder, jumlah=len(links), tautan=targets)
            )
        return found

    def sheet_names(self) -> list[str]:
        return list(self._sheet_names)

    def table_names(self) -> list[str]:
        return list(self._table_names)

    def _error_map(self, sheet: str) -> dict[tuple[int, int], str]:
        # Read with the sheet's cells in _scan_sheets; a sheet without tables or names is
        # not read by the engine.
        return self._errors.get(sheet, {})

    def _grid(self, sheet: str) -> list[list[Any]]:
        if sheet not in self._sheets:
            try:
                found = self._calamine.workbook().get_sheet_by_name(sheet)
            except python_calamine.CalamineError as exc:  # its XML cut short, say
                raise WorkbookError(
                    f"Lembar '{sheet}' di {self.label} rusak dan tidak dapat dibaca; buka "
                    "berkas ini di Excel atau LibreOffice lalu simpan ulang."
                ) from exc
            self._sheets[sheet] = found.to_python(skip_empty_area=False)
        return self._sheets[sheet]

    def read_table(self, name: str) -> TableData:
        if name in self._tables:
            return self._tables[name]
        try:
            table = self._calamine.table(name)
        except Exception as exc:
            if name in self._table_names:  # there, but a cell calamine cannot read (t="b" 2)
                raise WorkbookError(
                    f"Tabel {name} di {self.label} memuat sel yang rusak (jenis atau nilainya "
                    "tidak sah) sehingga tidak dapat dibaca; buka berkas ini di Excel atau "
                    "LibreOffice lalu simpan ulang."
                ) from exc
            raise WorkbookError(
                f"Tabel {name} tidak ada di {self.label}; buku kerja ini bukan templat standar "
                "atau tabelnya terhapus."
            ) from exc
        # calamine gives a table's data range a corner even when its cells are empty; were it
        # ever without one, the table is unreadable rather than a crash in the unpacking below.
        start = table.start
        if start is None:
            raise WorkbookError(f"Tabel {name} di {self.label} tidak memiliki rentang data.")
        data_row0, col0 = start
        rows: list[list[Any]] = table.to_python()
        # In place, a roster's table is not held twice; every text and number once: calamine
        # makes an object per cell, and a roster's 100,000 "PNS", units, Saran sentences and
        # scores were 75 of its 110 MB. Only texts and nonzero floats are shared: an equal key
        # of another type (1 and 1.0) or sign (0.0 and -0.0) never stands in for a value. An
        # empty text is a blank (None).
        if self._shared:
            seen: dict[str | float, str | float | None] = {"": None}
            once = seen.setdefault
            for row in rows:
                row[:] = [once(v, v) if (k := type(v)) is str or (k is float and v) else v
                          for v in row]  # fmt: skip
        else:  # only the blanks, as above; a text alone equals ""
            for row in rows:
                if "" in row:
                    row[:] = [None if v == "" else v for v in row]
        headers = [str(h) for h in table.columns]
        errors = self._error_map(table.sheet)
        if errors:
            for (r, c), text in errors.items():
                i, j = r - (data_row0 + 1), c - (col0 + 1)
                if 0 <= i < len(rows) and 0 <= j < len(headers):
                    rows[i][j] = text
        for r, c in self._percent.get(table.sheet, ()):
            i, j = r - (data_row0 + 1), c - (col0 + 1)
            if 0 <= i < len(rows) and 0 <= j < len(headers):
                rows[i][j] = _as_percent(rows[i][j])
        result = TableData(name, table.sheet, data_row0, col0 + 1, headers, rows)
        self._tables[name] = result
        return result

    def read_below(self, table: TableData, limit: int = ROWS_BELOW_LIMIT) -> list[list[Any]]:
        # Under Excel's Total Row lies no row of the table: Excel never grows a table there.
        count = 0 if self._totals.get(table.name) else min(self._below.get(table.name, 0), limit)
        if not count:
            return []
        first = table.excel_row(len(table.rows))  # 1-based Excel row right under the table
        grid = self._grid(table.sheet)
        errors = self._error_map(table.sheet)
        percent = self._percent.get(table.sheet, set())
        rows = []
        for r in range(first, first + count):
            line = grid[r - 1] if r - 1 < len(grid) else []
            row = []
            for c in range(table.first_column, table.last_column + 1):
                value = errors.get((r, c))
                if value is None and c - 1 < len(line):
                    value = None if line[c - 1] == "" else line[c - 1]
                    if (r, c) in percent:
                        value = _as_percent(value)
                row.append(value)
            rows.append(row)
        return rows

    def total_rows(self, name: str) -> int:
        """How many total rows (Excel's Total Row) end the table ``name``'s range: they lie
        under its data rows, which :meth:`read_table` gives without them."""
        return self._totals.get(name, 0)

    def extend_table(self, table: TableData) -> None:
        self._resize(table, max(len(table.rows), 1))

    def name_address(self, name: str) -> tuple[str, str] | None:
        text = self._names.get(name)
        return parse_reference(text) if text else None

    def name_text(self, name: str) -> str | None:
        return self._names.get(name)

    def read_name(self, name: str) -> Any:
        where = self.name_address(name)
        if where is None:
            return None
        sheet, cell = where
        if sheet not in self._sheet_names:
            return None
        grid = self._grid(sheet)
        letters, row = coordinate_from_string(cell)
        column = column_index_from_string(letters)
        error = self._error_map(sheet).get((row, column))
        if error:
            return error
        if row - 1 < len(grid) and column - 1 < len(grid[row - 1]):
            value = grid[row - 1][column - 1]
            if value == "":
                return None
            return _as_percent(value) if (row, column) in self._percent.get(sheet, ()) else value
        return None

    # --- writing ---------------------------------------------------------------------------

    def _set(self, sheet: str, cell: str, value: Any) -> None:
        self._edits.setdefault(sheet, {})[cell] = cell_value(value, date1904=self._date1904)

    def write_column(self, table: TableData, header: str, values: list[Any]) -> None:
        letter = table.column_letter(header)
        first = table.excel_row(0)
        column = table.first_column + table.headers.index(header)
        blocks = self._columns.setdefault(table.sheet, {})
        last = first + len(values) - 1
        if any(c == column and f <= last and first <= f + len(v) - 1 for (c, f), v in
               blocks.items() if (c, f) != (column, first)):  # fmt: skip
            # Part of an earlier column: cell by cell, so that this later write wins.
            edits = self._edits.setdefault(table.sheet, {})
            for i, value in enumerate(values, start=first):
                edits[f"{letter}{i}"] = value
            return
        # A whole column as one entry (computed columns hold no dates): no reference per row.
        # A cell written one by one before it is written over; one written after wins.
        explicit = self._edits.get(table.sheet)
        if explicit:
            for ref in [r for r in explicit if _in_column(r, letter, first, last)]:
                del explicit[ref]
        earlier = blocks.get((column, first), [])
        # A copy, as a cell store would hold; rows of an earlier, longer write stay.
        blocks[(column, first)] = [*values, *earlier[len(values) :]]

    def write_rows(self, table: TableData, rows: list[list[Any]]) -> None:
        width = len(table.headers)
        old = len(table.rows)
        last = self._last_rows.get(table.sheet)
        if last is not None:
            # Under the sheet's last row no cell holds a value or a formula to blank: a range
            # running past its cells costs what the cells cost, not what the range spans.
            old = min(old, max(last - table.header_row, 0))
        for i in range(max(len(rows), old)):
            row = rows[i] if i < len(rows) else [None] * width
            for j in range(width):
                value = row[j] if j < len(row) else None
                self._set(table.sheet, f"{get_column_letter(table.first_column + j)}"
                          f"{table.excel_row(i)}", value)  # fmt: skip
        self._resize(table, max(len(rows), 1))

    def append_row(self, table: TableData, row: list[Any]) -> None:
        # A new template's Log holds one empty row: fill it before growing the table.
        used = len(table.rows)
        while used and all(v is None for v in table.rows[used - 1]):
            used -= 1
        for j, value in enumerate(row):
            self._set(table.sheet, f"{get_column_letter(table.first_column + j)}"
                      f"{table.excel_row(used)}", value)  # fmt: skip
        table.rows[used : used + 1] = [list(row)]
        self._resize(table, max(len(table.rows), 1))

    def _resize(self, table: TableData, data_rows: int) -> None:
        first = f"{get_column_letter(table.first_column)}{table.header_row}"
        # Excel's Total Row stays the range's last row (the patcher moves its cells).
        totals = self._totals.get(table.name, 0)
        last = f"{get_column_letter(table.last_column)}{table.header_row + data_rows + totals}"
        self._table_refs[table.name] = f"{first}:{last}"

    def write_name(self, name: str, value: Any) -> None:
        where = self.name_address(name)
        if where is None:
            raise WorkbookError(f"Nama {name} tidak ada di {self.label}.")
        self._set(where[0], where[1], value)

    def has_sheet(self, name: str) -> bool:
        return name in self._sheet_names

    def show_format(self, sheet: str, spans: list[tuple[int, int, int]], code: str) -> None:
        self._formats.setdefault(sheet, []).extend((c, f, t, code) for c, f, t in spans)

    def rewrite_sheet(self, sheet: str, rewrite: SheetRewrite) -> None:
        if sheet not in self._sheet_names:
            raise WorkbookError(f"Lembar {sheet} tidak ada di {self.label}.")
        self._rewrites[sheet] = rewrite

    @property
    def pending(self) -> bool:
        return bool(self._edits or self._table_refs or self._columns or self._rewrites)

    def reading(self) -> bool:
        """Whether the largest tables are still being read in the worker thread (not handed
        over yet): what the run imports meanwhile costs it no time."""
        return self._calamine.pending

    def prepare_commit(self) -> None:
        """Import what :meth:`commit` uses (the patcher, the row heights it fits), so that a
        recompute loads it while the largest table is still being read, not after."""
        from lkjip_xl.workbook.contract import print_layout  # noqa: F401
        from lkjip_xl.workbook.patcher import patch_workbook  # noqa: F401

    def commit(
        self, target: str | Path | None = None, *, durable: bool = True,
        deflate: Collection[str] = (),
    ) -> Path:  # fmt: skip
        """Write the collected cells into ``target`` (default: the file itself), atomically.

        ``durable=False``: a new file in the caller's staging folder, flushed later by the
        caller with :func:`~lkjip_xl.workbook.safe_write.sync_files` (see ``atomic_update``).
        The tables read are let go of first (:meth:`release_reads`): the writes are collected,
        and a roster's rows need not sit beside its sheet while it is patched (the command
        line's recompute of our own 100,000-row output peaked at 395 instead of 357 MiB).
        ``deflate``: parts the file holds uncompressed, in deflate's stored blocks (a scratch
        copy written to be read, :func:`~lkjip_xl.workbook.ooxml.package.copy_package`):
        deflated in ``target`` whether written or not."""
        self.release_reads()
        destination = Path(target) if target else self.path

        from lkjip_xl.workbook.patcher import patch_workbook

        def produce(tmp: Path) -> None:
            columns = {
                sheet: [(c, f, v) for (c, f), v in blocks.items()]
                for sheet, blocks in self._columns.items()
            }
            patch_workbook(
                self.path,
                tmp,
                self._edits,
                table_refs=self._table_refs,
                columns=columns,
                rewrites=self._rewrites,
                # Only while the file is the version read: its other parts are copied from it.
                parts=self._parts if fingerprint(self.path) == self._read_version else None,
                deflate=deflate,
                formats=self._formats,
            )
            # Written elsewhere, the output takes its other parts (and a large sheet, let go of
            # after the scan) from the source: a source saved meanwhile would mix two versions.
            if not same and fingerprint(self.path) != self._read_version:
                raise WorkbookChangedError(self.path)

        same = os.path.realpath(destination) == os.path.realpath(self.path)
        try:
            self.backup = atomic_update(
                destination, produce, unchanged_since=self._read_version if same else None,
                durable=durable,
            )  # fmt: skip
        except PackageError as exc:
            raise WorkbookError(str(exc)) from exc
        finally:
            self._parts = {}  # what was read is no longer the file; a later commit rereads it
        return destination
