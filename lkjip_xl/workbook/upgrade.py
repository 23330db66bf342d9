"""Upgrade a workbook of an earlier template version to the current one (``lkjip-xl perbarui``).

The workbook is rebuilt from the current template and everything a user or the exchange put in
it is carried over, as the declaration (the registry) says what that is, so a sheet or table a
later version adds is covered without a list typed here:

- every input column of every declared table, by header, row by row at the same rows (and rows
  typed right under a table, which a recompute would have taken in); a cell left empty stays
  empty, never the new template's default; columns the user inserted go after the template's
  (``upgrade_columns``), or are named when the new template leaves no room;
- with each value its percent format, when it shows a percentage (typed as 80%, it holds 0.8),
  its note, hyperlink, rich text and the colour the user gave it, and with each formula the
  result the old file holds (openpyxl writes none), re-pointed like those of the user's sheets;
- every column of the record tables (``Log``, ``Pengumpulan``: tables no computation fills);
- every input named cell (``Identitas``, ``Pengaturan``), found through the old workbook's
  defined name wherever it points, with the colour and number format the user gave it;
- values typed on a template sheet outside its tables and named cells, into the same cell
  when the new template leaves it free (else the warning names the cell), and what the user
  set on the sheet: tab colour, frozen panes, hidden rows and columns, local names, and the
  validations, conditional formats and widths of their own cells (a filter is named instead);
  a template sheet the user renamed is found by its tables and named back;
- every workbook-scoped defined name the template does not declare (the exchange's stamps such
  as ``Distribusi_ID``, and names of the user's own);
- every sheet the template does not declare (sheets of the user's own), with values, formulas,
  styles, widths, heights, merges, freeze panes, validations, conditional formats and print
  settings. Formulas and names pointing into a table whose columns moved are re-pointed to the
  same column. Charts and images of such sheets cannot be carried; the warning names them.
  One named like a sheet this version adds (``SheetSpec.since``) is kept as ``NAME (lama)``;
- the user's own VBA modules of an ``.xlsm`` (code tied to the old project is named).

The upgraded workbook is recomputed before it replaces the old one, in one atomic write; the old
file is kept beside it first (``NAME (templat 2026.2).xlsx``).
"""

from __future__ import annotations

import copy
import getpass
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from lkjip_xl.workbook.api import no_cyclic_gc
from lkjip_xl.workbook.contract import SheetKind, Table, Template
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.kinds import KINDS, Kind, version_key
from lkjip_xl.workbook.ooxml.formula_results import with_formula_results
from lkjip_xl.workbook.ooxml.percent_cells import shows_percent
from lkjip_xl.workbook.ooxml.references import Moves, move_formula
from lkjip_xl.workbook.problems import Laporan
from lkjip_xl.workbook.reader import StructureError
from lkjip_xl.workbook.recompute import engine_version, recompute
from lkjip_xl.workbook.safe_write import atomic_update, fingerprint, refuse_if_open, write_atomic
from lkjip_xl.workbook.template_workbook import make_workbook, workbook_bytes
from lkjip_xl.workbook.upgrade_columns import carry_extra_columns, carry_hidden_columns
from lkjip_xl.workbook.upgrade_macros import carried_macros
from lkjip_xl.workbook.upgrade_source import (
    Formulas,
    backup_path,
    carry_look,
    carry_merges,
    free_title,
    has_filter,
    load_old,
    old_results,
    refuse_empty_tail,
    refuse_unreadable,
    rename_own_sheets,
    taken_by_table,
    usual_look,
)
from lkjip_xl.workbook.xlsm import CONF_SHEET, xlsm_bytes

VERSION_NAME = "Versi_Template"


@dataclass
class HasilPerbarui:
    """What an upgrade did: from which version to which, where the old file is kept, which
    sheets of the user's own were carried, and what could not be carried (Indonesian)."""

    path: Path
    dari: str
    ke: str
    cadangan: Path | None = None
    lembar_pengguna: list[str] = field(default_factory=list)
    peringatan: list[str] = field(default_factory=list)
    laporan: Laporan | None = None
    lama: str = "berkas lama"  # in the warnings: "berkas lama NAME (templat 2026.2).xlsx"

    @property
    def diperbarui(self) -> bool:
        return self.cadangan is not None


def upgrade_file(path: str | Path) -> HasilPerbarui:
    """Upgrade the workbook at ``path`` in place (the old file kept beside it) and recompute it.

    A workbook already at the current version is left untouched; one of a newer version than
    this engine is refused in one sentence.
    """
    source = Path(path)
    if not source.exists():
        raise FileNotFoundError(f"Berkas {source} tidak ditemukan.")
    refuse_if_open(source)
    # A save meanwhile (no lock file) would be in the backup only, unsaid: the write refuses.
    read_as = fingerprint(source)
    original = source.read_bytes()  # every reading below is of these bytes: one version
    refuse_unreadable(source, original)
    old = load_old(source, original, rich_text=True)
    kind = _kind_of(old, source)
    spec = kind.template
    stored = _stored_version(old, source)
    hasil = HasilPerbarui(source, stored, spec.version)
    if version_key(stored) == version_key(spec.version):
        return hasil
    if version_key(stored) > version_key(spec.version):
        raise StructureError(
            f"{source.name} memakai templat versi {stored}, lebih baru dari versi {spec.version} "
            "yang dikenal mesin ini; perbarui lkjip_xl, bukan buku kerjanya."
        )
    own = rename_own_sheets(old, spec, stored)
    hasil.peringatan += [
        f"Lembar {name} milik Anda bernama sama dengan lembar baru templat {spec.version}; "
        f"disimpan sebagai lembar {title}, dan rumus yang merujuknya ikut diarahkan ke sana."
        for name, title in own.items()
    ]
    backup = backup_path(source, stored)
    hasil.lama = f"berkas lama {backup.name}"
    new = make_workbook(spec.name)
    renames = _renamed_sheets(old, spec) | own
    formulas: Formulas = {}
    _carry_names(old, new, spec, hasil, formulas)
    for table in spec.tables:
        _carry_table(old, new, table, spec, hasil, formulas)
    moves = _column_moves(old, new, spec)  # after the tables: a user's column went to the end
    _carry_stray_cells(old, new, spec, renames, hasil, formulas)
    _repoint(new, formulas, (moves, renames), hasil)
    _carry_sheet_settings(old, new, spec, (moves, renames), hasil)
    _carry_user_sheets(old, new, spec, (moves, renames), hasil, formulas)
    _carry_defined_names(old, new, spec, (moves, renames))
    _log_upgrade(new, spec, f"Diperbarui dari templat {stored} ke {spec.version}; berkas lama "
                 f"disimpan sebagai {backup.name}.")  # fmt: skip
    macro = source.suffix.lower() == ".xlsm"
    theirs, said = carried_macros(original, backup.name, spec.version) if macro else ([], [])
    hasil.peringatan += said
    data = xlsm_bytes(new, spec, theirs) if macro else workbook_bytes(new)
    if formulas:
        data = with_formula_results(data, old_results(source, original, formulas, own))
    data, hasil.laporan = _recomputed(data, source.name)
    # The old file is kept first: the workbook is replaced only once its copy is on disk.
    write_atomic(backup, original)
    try:
        atomic_update(
            source, lambda tmp: tmp.write_bytes(data), keep_previous=False, unchanged_since=read_as
        )
    except BaseException:
        # Not replaced (read-only, interrupted): a copy left beside it would say otherwise.
        backup.unlink(missing_ok=True)
        raise
    hasil.cadangan = backup
    return hasil


TINDAKAN_PERBARUI = "Perbarui Templat"


def _log_upgrade(new: Workbook, spec: Template, keterangan: str) -> None:
    """The upgrade's own row in the Log, after the rows carried over (the recompute adds its
    row after this one)."""
    table = spec.table("tblLog")
    ws = new[table.sheet]
    xl_table = ws.tables[table.name]
    last = range_boundaries(xl_table.ref)[3]
    row = table.first_data_row
    while row <= last and any(
        ws.cell(row, c).value is not None for c in range(table.first_col, table.last_col + 1)
    ):
        row += 1
    if row > last:
        _grow(ws, table, row - table.header_row)
    try:
        user = os.environ.get("LKJIP_USER") or getpass.getuser()
    except Exception:  # no login name in some services
        user = "-"
    values = {
        "waktu": datetime.now().replace(microsecond=0),
        "pengguna": user,
        "tindakan": TINDAKAN_PERBARUI,
        "versi_mesin": engine_version(),
        "keterangan": keterangan,
    }
    for key, value in values.items():
        ws.cell(row, table.col_index(key), value)


def _recomputed(data: bytes, name: str) -> tuple[bytes, Laporan]:
    """The upgraded package recomputed, away from the user's folder (under its own ``name``,
    which the problems name): replaced once, upgraded and computed, or not at all."""
    with tempfile.TemporaryDirectory(prefix="lkjip-perbarui-") as folder:
        upgraded = Path(folder) / name
        upgraded.write_bytes(data)
        computed = Path(folder) / f"dihitung-{name}"
        with no_cyclic_gc():
            book = FileBook(upgraded)
            laporan = recompute(book)
            book.commit(computed)
        return computed.read_bytes(), laporan


def _kind_of(wb: Workbook, source: Path) -> Kind:
    tables = {name for ws in wb.worksheets for name in ws.tables}
    for kind in KINDS.values():
        if kind.primary_table.name in tables:
            return kind
    raise StructureError(f"{source.name} bukan buku kerja lkjip_xl; tidak ada yang diperbarui.")


def _stored_version(wb: Workbook, source: Path) -> str:
    value = _named_value(wb, VERSION_NAME)
    if value is None or not str(value).strip():
        raise StructureError(
            f"{source.name} tidak mencatat versi templatnya ({VERSION_NAME}); buku kerja ini "
            "tidak dapat diperbarui otomatis."
        )
    return str(value).strip()


_CELL = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")


def _destination(wb: Workbook, name: str) -> tuple[Worksheet, str] | None:
    """The sheet and cell a workbook-scoped defined name points at (None: no single cell)."""
    defined = wb.defined_names.get(name)
    if defined is None:
        for key, value in wb.defined_names.items():  # Excel's names are case-insensitive
            if key.lower() == name.lower():
                defined = value
                break
    if defined is None:
        return None
    for sheet, ref in defined.destinations:
        if sheet in wb.sheetnames:
            cell = ref.replace("$", "").split(":")[0]
            m = _CELL.fullmatch(cell)
            # A whole column or row ("B", "4": openpyxl gives a tuple of cells for it) or a
            # cell past the sheet's edge is no cell to carry.
            if (
                m is None
                or column_index_from_string(m.group(1)) > 16384
                or int(m.group(2)) > 1048576
            ):
                return None
            return wb[sheet], cell
    return None


def _named_value(wb: Workbook, name: str) -> Any:
    where = _destination(wb, name)
    return None if where is None else where[0][where[1]].value


def _carry(source: Cell, target: Cell, formulas: Formulas) -> None:
    """A typed value into the new template's cell. A number (or formula) shown as a percentage
    keeps that format: typed as 80% it holds 0.8, and read plainly in the new cell it would
    be 0.8."""
    target.value = source.value
    if source.data_type == "f":
        formulas[(target.parent.title, target.coordinate)] = (
            source.parent.title,
            source.coordinate,
        )
    figure = type(source.value) in (int, float) or source.data_type == "f"
    if figure and shows_percent(source.number_format):
        target.number_format = source.number_format
    # A note or a link the user put on the cell is theirs as much as its value.
    if source.comment is not None:
        target.comment = copy.copy(source.comment)
    if source.hyperlink is not None:
        target.hyperlink = copy.copy(source.hyperlink)  # re-anchored to the new cell


def _carry_names(
    old: Workbook, new: Workbook, spec: Template, hasil: HasilPerbarui, formulas: Formulas
) -> None:
    for named in spec.input_names:
        where = _destination(old, named.name)
        if where is None:
            if named.name.lower() not in {k.lower() for k in old.defined_names}:
                continue  # a name this version adds: the template's default stands
            hasil.peringatan.append(f"Nama {named.name} tidak menunjuk satu sel; isiannya kosong.")
            continue
        source, target = where[0][where[1]], new[named.sheet][named.cell]
        _carry(source, target, formulas)
        carry_look(source, None, target)  # a colour, a date format the user gave it


# --- tables -----------------------------------------------------------------------------------


def _old_table(wb: Workbook, name: str) -> tuple[Worksheet, Any] | None:
    for ws in wb.worksheets:
        if name in ws.tables:
            return ws, ws.tables[name]
    return None


def _carried_columns(table: Table, spec: Template) -> tuple[Any, ...]:
    """Inputs of a computed table; every column of a record table (Log, Pengumpulan)."""
    if table in spec.result_tables or not table.computed_columns:
        return table.input_columns
    return table.columns


def _carry_table(
    old: Workbook,
    new: Workbook,
    table: Table,
    spec: Template,
    hasil: HasilPerbarui,
    formulas: Formulas,
) -> None:
    found = _old_table(old, table.name)
    if found is None:
        return  # a table this version adds: it starts empty
    ws_old, xl_table = found
    min_col, min_row, max_col, max_row = range_boundaries(xl_table.ref)
    # Before any cell is asked for: openpyxl makes a cell of each one asked for.
    present = refuse_empty_tail(ws_old, table.name, (min_row, min_col, max_row, max_col))
    headers = {
        str(ws_old.cell(min_row, c).value): c
        for c in range(min_col, max_col + 1)
        if ws_old.cell(min_row, c).value is not None
    }
    columns = [(c, headers[c.name]) for c in _carried_columns(table, spec) if c.name in headers]
    extra = [(h, c) for h, c in headers.items()
             if h not in table.headers and _filled(ws_old, c, xl_table, present)]  # fmt: skip
    totals = int(xl_table.totalsRowCount or 0)
    if totals:  # the new table is the template's: said, not dropped unseen
        hasil.peringatan.append(
            f"Tabel {table.name}: Baris Total tidak dibawa; aktifkan lagi lewat Desain Tabel > "
            "Baris Total bila masih diperlukan."
        )
    # Excel's Total Row is not data, and rows under it are not rows of the table.
    last = (max_row - totals if totals
            else _last_filled(ws_old, max_row, [c for _, c in columns], present))  # fmt: skip
    rows = last - min_row
    ws = new[table.sheet]
    _grow(ws, table, rows)
    # A cell the user emptied, or a row they removed, stays empty: the new template's default
    # (the bands of tblSkalaCapaian, the Bobot of tblEvaluasiSakip) would silently be theirs.
    through = max(rows, table.min_rows)
    for column, old_col in columns:
        target = table.col_index(column.key)
        usual = usual_look(ws_old, old_col, min_row + 1, min(max_row - totals, present))
        for offset in range(1, through + 1):
            cell = ws.cell(table.header_row + offset, target)
            source = ws_old.cell(min_row + offset, old_col) if offset <= rows else None
            if source is not None and source.value is not None:
                _carry(source, cell, formulas)
            else:
                cell.value = None
                if source is not None and source.comment is not None:  # why it is blank
                    cell.comment = copy.copy(source.comment)
            if source is not None:
                carry_look(source, usual, cell)
    if extra:  # columns the user inserted into the table: after the template's, or named
        # Not into tables the engine writes whole (Ringkasan, Rekap, Log, Pengumpulan).
        typed = spec.sheet(table.sheet).kind in (SheetKind.DATA, SheetKind.PENGATURAN)
        carried = typed and carry_extra_columns(ws_old, ws, table, extra, (min_row, rows), formulas)
        said = (
            "dibawa ke ujung kanan tabel" if carried else f"tidak dibawa; salin dari {hasil.lama}"
        )
        names = ", ".join(h for h, _ in extra)
        hasil.peringatan.append(f"Tabel {table.name}: kolom {names} bukan kolom templat; {said}.")


def _filled(ws: Worksheet, col: int, xl_table: Any, present: int) -> bool:
    """Whether the column ``col`` of the table holds a value; ``present``: the sheet's last row
    holding a cell, under which none is asked for (openpyxl would make each one)."""
    _, min_row, _, max_row = range_boundaries(xl_table.ref)
    max_row -= int(xl_table.totalsRowCount or 0)  # the total row's label is no column's data
    last = min(max_row, present)
    return any(ws.cell(r, col).value not in (None, "") for r in range(min_row + 1, last + 1))


def _last_filled(ws: Worksheet, last: int, columns: list[int], present: int) -> int:
    """The table's last row, extended over filled rows typed right under it (none under
    ``present``, the sheet's last row holding a cell: a range to row 1,048,576 has no row
    under it)."""
    row = last + 1
    while columns and row <= present and any(ws.cell(row, c).value not in (None, "")
                                             for c in columns):  # fmt: skip
        row += 1
    return row - 1


def _grow(ws: Worksheet, table: Table, rows: int) -> None:
    """Make the new table hold ``rows`` data rows, new rows styled like its first data row."""
    if rows <= table.min_rows:
        return
    last = table.header_row + rows
    for col in range(table.first_col, table.last_col + 1):
        model = ws.cell(table.first_data_row, col)
        for r in range(table.last_row + 1, last + 1):
            ws.cell(r, col)._style = copy.copy(model._style)
    xl_table = ws.tables[table.name]
    xl_table.ref = f"{table.anchor}:{table.last_letter}{last}"
    if xl_table.autoFilter is not None:
        xl_table.autoFilter.ref = xl_table.ref


def _template_owned(spec: Template, sheet_name: str) -> set[str]:
    """Cells the template writes on a sheet besides its tables: titles, labels, help texts."""
    sheet = spec.sheet(sheet_name)
    owned = {"A1", "A2"}
    for named in sheet.names:
        owned |= {named.cell, named.label_cell, named.help_cell}
    for table in sheet.tables:
        owned.add(table.title_cell)
    return owned


def _carry_stray_cells(
    old: Workbook,
    new: Workbook,
    spec: Template,
    renames: dict[str, str],
    hasil: HasilPerbarui,
    formulas: Formulas,
) -> None:
    """Values a user typed on a template sheet outside its tables and named cells: carried to
    the same cell when the new template leaves it free, else named in a warning."""
    for sheet in spec.sheets:
        # Laporan is the recompute's output, rewritten whole (merged cells and all): nothing on
        # it was typed, and the new template's merges would refuse its values.
        rebuilt = sheet.kind in (SheetKind.PETUNJUK, SheetKind.LAPORAN)
        ws_old = _old_sheet(old, spec, sheet.name, renames)
        if rebuilt or ws_old is None:
            continue
        ws = new[sheet.name]
        carried = [_covered(ws_old, t) for t in ws_old.tables.values()]
        tables = [box for t in sheet.tables for box in taken_by_table(ws_old, ws, t)]
        owned = _template_owned(spec, sheet.name)
        left: list[str] = []
        for cell in _present_cells(ws_old):
            noted = cell.value is not None or cell.comment is not None  # a note on a blank
            if not noted or cell.coordinate in owned:
                continue
            if any(_inside(cell.row, cell.column, box) for box in carried):
                continue  # a table's cell: carried by header, or computed anew
            target = ws[cell.coordinate]
            if target.value == cell.value and cell.comment is None:
                continue  # the template's own text, unchanged
            if target.value is None and not any(
                _inside(cell.row, cell.column, box) for box in tables
            ):
                _carry(cell, target, formulas)
            else:  # where the new template writes, or inside one of its tables
                left.append(cell.coordinate)
        if left:
            hasil.peringatan.append(
                f"Lembar {sheet.name}: isian di sel {', '.join(left)} (di luar tabel) bertabrakan "
                f"dengan templat baru dan tidak dibawa; salin dari {hasil.lama}."
            )


def _repoint(new: Workbook, formulas: Formulas, where: Where, hasil: HasilPerbarui) -> None:
    """Formulas carried into the template's sheets follow a column that moved or a sheet the
    user had renamed, as on the user's own sheets; one into a column that is gone is named."""
    lost: dict[str, list[str]] = {}
    for sheet, ref in formulas:
        cell = new[sheet][ref]
        if isinstance(cell.value, str):
            cell.value, gone = move_formula(cell.value, *where)
            if gone:
                lost.setdefault(sheet, []).append(ref)
    for sheet, refs in lost.items():
        hasil.peringatan.append(
            f"Lembar {sheet}: rumus di sel {', '.join(refs)} merujuk kolom yang tidak ada lagi "
            "di templat baru; periksa rumus itu."
        )


def _carry_sheet_settings(
    old: Workbook, new: Workbook, spec: Template, where: Where, hasil: HasilPerbarui
) -> None:
    """What a user set on a template sheet besides values: its tab colour, frozen panes, sheet
    password, hidden rows and columns, the widths of columns of their own, the validations and
    conditional formats on cells of their own, and names local to the sheet. A table's filter
    is said instead."""
    for sheet in spec.sheets:
        rebuilt = sheet.kind in (SheetKind.PETUNJUK, SheetKind.LAPORAN)
        ws_old = _old_sheet(old, spec, sheet.name, where[1])
        if rebuilt or ws_old is None:
            continue
        ws = new[sheet.name]
        if ws_old.sheet_properties.tabColor is not None:
            ws.sheet_properties.tabColor = copy.copy(ws_old.sheet_properties.tabColor)
        if ws_old.freeze_panes:  # none in a file saved without views (soffice --convert-to)
            ws.freeze_panes = ws_old.freeze_panes
        # The template protects its sheets without a password; one the user set stays theirs.
        if ws_old.protection.password:
            ws.protection.set_password(ws_old.protection.password, already_hashed=True)
        for key in ("algorithmName", "hashValue", "saltValue", "spinCount"):
            if getattr(ws_old.protection, key) is not None:
                setattr(ws.protection, key, getattr(ws_old.protection, key))
        filtered = [t for t in ws_old.tables.values() if has_filter(t)]
        shown = [range_boundaries(t.ref) for t in filtered]
        for row, dim in ws_old.row_dimensions.items():
            if dim.hidden and not any(box[1] < row <= box[3] for box in shown):
                ws.row_dimensions[row].hidden = True
        left = [f"filter tabel {t.displayName} (semua barisnya ditampilkan)" for t in filtered]
        left += _carry_rules(ws_old, ws, spec, sheet.name)
        carry_hidden_columns(ws_old, ws, where[0].get(ws_old.title, {}))
        for name, defined in ws_old.defined_names.items():
            if name.startswith("_xlnm"):
                continue  # a filter's or print range's own name, written with it
            carried = copy.copy(defined)
            carried.attr_text = move_formula("=" + (defined.attr_text or ""), *where)[0][1:]
            ws.defined_names[name] = carried
        if left:
            hasil.peringatan.append(
                f"Lembar {sheet.name}: {'; '.join(left)} tidak dibawa; atur lagi bila masih "
                f"diperlukan (lihat {hasil.lama})."
            )


def _carry_rules(ws_old: Worksheet, ws: Worksheet, spec: Template, sheet: str) -> list[str]:
    """Merges, validations, conditional formats and widths of the user's own cells (outside
    the tables and named cells, where the template puts its own); those that would land in one
    of the new template's tables, named."""
    theirs = [_covered(ws_old, t) for t in ws_old.tables.values()]
    owned = [range_boundaries(f"{c}:{c}") for c in _template_owned(spec, sheet) if c]
    tables = [_covered_new(t) for t in spec.sheet(sheet).tables]
    left = carry_merges(ws_old, ws, theirs + owned, tables)
    present = {str(v.sqref) for v in ws.data_validations.dataValidation}
    for validation in ws_old.data_validations.dataValidation:
        boxes = [r.bounds for r in validation.sqref.ranges]
        if str(validation.sqref) in present or _touches(boxes, theirs + owned):
            continue  # the template's own rule (old or new version)
        if _touches(boxes, tables):
            left.append(f"validasi data di {validation.sqref}")
        else:
            ws.add_data_validation(copy.copy(validation))
    for area in ws_old.conditional_formatting:
        boxes = [r.bounds for r in area.sqref.ranges]
        if _touches(boxes, theirs + owned):
            continue
        if _touches(boxes, tables):
            left.append(f"format bersyarat di {area.sqref}")
            continue
        for rule in area.rules:
            ws.conditional_formatting.add(str(area.sqref), copy.copy(rule))
    template_cols = {b[0] for b in owned}
    template_cols |= {c for b in theirs + tables for c in range(b[0], b[2] + 1)}
    for letter, dim in ws_old.column_dimensions.items():
        if dim.width and column_index_from_string(letter) not in template_cols:
            ws.column_dimensions[letter].width = dim.width
    return left


def _touches(boxes: list[Box], others: list[Box]) -> bool:
    return any(
        a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
        for a in boxes
        for b in others
    )


def _present_cells(ws: Worksheet) -> list[Cell]:
    """The cells the sheet holds, row by row. Not ``iter_rows``: it walks (and creates) every
    cell of the used range, and one value typed at XFD1048576 makes that 17 billion cells."""
    cells = ws._cells  # openpyxl keeps no public view of only the cells that exist
    return [cells[key] for key in sorted(cells)]


Box = tuple[int, int, int, int]  # min_col, min_row, max_col, max_row


def _covered(ws: Worksheet, xl_table: Any) -> Box:
    """An old table's range, with the filled rows typed right under it (carried as rows)."""
    min_col, min_row, max_col, max_row = range_boundaries(xl_table.ref)
    last = _last_filled(ws, max_row, list(range(min_col, max_col + 1)), ws.max_row)
    return min_col, min_row - 1, max_col, last  # the title row above the header too


def _covered_new(table: Table) -> Box:
    return table.first_col, table.header_row - 1, table.last_col, table.extent_last_row


def _inside(row: int, col: int, box: Box) -> bool:
    min_col, min_row, max_col, max_row = box
    return min_col <= col <= max_col and min_row <= row <= max_row


# --- references into tables whose columns moved -----------------------------------------------


#: Where references go: table columns that moved, and template sheets the user had renamed
#: (old name -> the template's name).
Where = tuple[Moves, dict[str, str]]


def _renamed_sheets(old: Workbook, spec: Template) -> dict[str, str]:
    """Template sheets the user renamed, found by the tables they hold: their inputs are
    carried into the template's sheet, and references to them follow it."""
    renames = {}
    for sheet in spec.sheets:
        if not sheet.tables or _old_sheet(old, spec, sheet.name, {}) is not None:
            continue
        for ws in old.worksheets:
            if ws.title not in spec.sheet_names and any(t.name in ws.tables for t in sheet.tables):
                renames[ws.title] = sheet.name
    return renames


def _old_sheet(
    old: Workbook, spec: Template, name: str, renames: dict[str, str]
) -> Worksheet | None:
    """The old workbook's sheet of the template's sheet ``name``, under whatever name."""
    if name in old.sheetnames and _is_template_sheet(old[name], spec):
        return old[name]
    return next((ws for ws in old.worksheets if renames.get(ws.title) == name), None)


def _column_moves(old: Workbook, new: Workbook, spec: Template) -> Moves:
    """Per template sheet, where each old table column went in the new workbook's table, by
    header (only columns that moved; None: gone)."""
    moves: Moves = {}
    for table in spec.tables:
        found = _old_table(old, table.name)
        if found is None:
            continue
        ws_old, xl_table = found
        ws = new[table.sheet]
        first, row, last, _ = range_boundaries(ws.tables[table.name].ref)
        placed = {str(ws.cell(row, c).value): c for c in range(first, last + 1)}
        min_col, min_row, max_col, _ = range_boundaries(xl_table.ref)
        for c in range(min_col, max_col + 1):
            target = placed.get(str(ws_old.cell(min_row, c).value))
            if target != c:
                moves.setdefault(ws_old.title, {})[c] = target
    return moves


# --- sheets and names of the user's own ----------------------------------------------------


def _carry_user_sheets(
    old: Workbook,
    new: Workbook,
    spec: Template,
    where: Where,
    hasil: HasilPerbarui,
    formulas: Formulas,
) -> None:
    for ws_old in old.worksheets:
        if ws_old.title == CONF_SHEET:
            continue  # the macro workbook's settings: written anew with the macros
        if ws_old.title in spec.sheet_names and _is_template_sheet(ws_old, spec):
            continue
        if ws_old.title in where[1]:
            hasil.peringatan.append(
                f"Lembar {ws_old.title} adalah lembar templat {where[1][ws_old.title]} yang "
                "diganti nama: isiannya dibawa ke lembar bernama "
                f"{where[1][ws_old.title]} dan rumus yang merujuknya ikut diarahkan ke sana."
            )
            continue
        title = ws_old.title
        if title in new.sheetnames:
            title = free_title(new, f"{title} (lama)")
            # A template sheet here holds none of its tables: they were made plain ranges.
            declared = ws_old.title in spec.sheet_names
            tables = [t.name for t in spec.sheet(ws_old.title).tables] if declared else []
            hasil.peringatan.append(
                f"Lembar {ws_old.title} tidak lagi memuat tabel {', '.join(tables)} (diubah "
                f"menjadi rentang biasa?); isinya disimpan sebagai lembar {title}, dan tabel itu "
                "di templat baru kosong: salin isiannya ke sana."
                if tables
                else f"Lembar {ws_old.title} bernama sama dengan lembar templat baru; disimpan "
                f"sebagai {title}."
            )
        ws = new.create_sheet(title)
        lost = _copy_sheet(ws_old, ws, where, formulas)
        hasil.lembar_pengguna.append(title)
        drawings = len(ws_old._charts) + len(ws_old._images)
        if drawings:
            hasil.peringatan.append(
                f"Lembar {title}: {drawings} grafik/gambar tidak dapat dibawa; salin dari "
                f"{hasil.lama}."
            )
        if lost:
            hasil.peringatan.append(
                f"Lembar {title}: rumus di sel {', '.join(lost)} merujuk kolom yang tidak ada "
                "lagi di templat baru; periksa rumus itu."
            )


def _is_template_sheet(ws: Worksheet, spec: Template) -> bool:
    """A sheet the template declares: by name (a user sheet never takes a declared name in an
    old workbook unless the old template lacked that sheet; then it holds none of its tables)."""
    sheet = spec.sheet(ws.title)
    if not sheet.tables:
        return True
    return any(t.name in ws.tables for t in sheet.tables)


def _copy_sheet(src: Worksheet, dst: Worksheet, where: Where, formulas: Formulas) -> list[str]:
    """Cells (value and look; a formula with the result the old file holds, for readers that
    do not calculate), sizes, merges and sheet settings; the cells whose formula lost a
    reference."""
    lost = []
    for cell in _present_cells(src):
        if cell.value is None and not cell.has_style:
            continue
        value = cell.value
        if isinstance(value, str) and value.startswith("="):
            value, gone = move_formula(value, *where)
            if gone:
                lost.append(cell.coordinate)
            formulas[(dst.title, cell.coordinate)] = (src.title, cell.coordinate)
        target = dst.cell(cell.row, cell.column, value)
        if cell.has_style:
            target.font = copy.copy(cell.font)
            target.fill = copy.copy(cell.fill)
            target.border = copy.copy(cell.border)
            target.alignment = copy.copy(cell.alignment)
            target.protection = copy.copy(cell.protection)
            target.number_format = cell.number_format
        if cell.hyperlink is not None:
            target.hyperlink = copy.copy(cell.hyperlink)
        if cell.comment is not None:
            target.comment = copy.copy(cell.comment)
    for key, dim in src.column_dimensions.items():
        dst.column_dimensions[key].width = dim.width
        dst.column_dimensions[key].hidden = dim.hidden
    for key, rdim in src.row_dimensions.items():
        dst.row_dimensions[key].height = rdim.height
        dst.row_dimensions[key].hidden = rdim.hidden
    for merged in src.merged_cells.ranges:
        dst.merge_cells(str(merged))
    dst.freeze_panes = src.freeze_panes
    dst.sheet_state = src.sheet_state
    dst.sheet_properties.tabColor = copy.copy(src.sheet_properties.tabColor)
    dst.sheet_format = copy.copy(src.sheet_format)
    dst.page_setup = copy.copy(src.page_setup)
    dst.print_options = copy.copy(src.print_options)
    dst.page_margins = copy.copy(src.page_margins)
    dst.protection = copy.copy(src.protection)
    dst.HeaderFooter = copy.copy(src.HeaderFooter)
    if src.print_area:
        dst.print_area = src.print_area
    dst.print_title_rows, dst.print_title_cols = src.print_title_rows, src.print_title_cols
    for view in ("showGridLines", "showRowColHeaders", "zoomScale"):  # not tabSelected
        setattr(dst.sheet_view, view, getattr(src.sheet_view, view))
    for validation in src.data_validations.dataValidation:
        dst.add_data_validation(copy.copy(validation))
    for area in src.conditional_formatting:
        for rule in area.rules:
            dst.conditional_formatting.add(str(area.sqref), copy.copy(rule))
    for xl_table in src.tables.values():  # TableList.items() gives refs, not tables
        if xl_table.displayName not in _all_tables(dst):
            dst.add_table(copy.copy(xl_table))
    for name, defined in src.defined_names.items():  # names local to the sheet
        dst.defined_names[name] = copy.copy(defined)
    return lost


def _all_tables(ws: Worksheet) -> set[str]:
    return {name for sheet in ws.parent.worksheets for name in sheet.tables}


def _carry_defined_names(old: Workbook, new: Workbook, spec: Template, where: Where) -> None:
    """Workbook-scoped names the template does not declare: the exchange's stamps (text
    constants) and the user's own names, re-pointed where a table column moved."""
    declared = {n.name.lower() for n in spec.names}
    for name, defined in old.defined_names.items():
        if name.lower() in declared or name.startswith("_xlnm"):
            continue
        carried = copy.copy(defined)
        text = carried.attr_text or ""
        if "!" in text:
            moved, _ = move_formula("=" + text, *where)
            carried.attr_text = moved[1:]
        new.defined_names[name] = DefinedName(
            name, attr_text=carried.attr_text, hidden=carried.hidden, comment=carried.comment
        )
