"""Collect's one write of the master: the merged rows, the Pengumpulan rows and a Log row, the
recompute, one atomic commit (:func:`write_master`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from lkjip_xl.workbook.contract import Template
from lkjip_xl.workbook.exchange.kiriman import Kiriman
from lkjip_xl.workbook.exchange.master_edits import (
    changed_columns,
    holds_formulas,
    table_edits,
    whole_columns,
)
from lkjip_xl.workbook.exchange.merge import MasterTable
from lkjip_xl.workbook.exchange.package import ExchangeError
from lkjip_xl.workbook.exchange.records import (
    TINDAKAN_PENGUMPULAN,
    Baris,
    append_log,
    write_pengumpulan,
)
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.ooxml.tables import lower_last_row
from lkjip_xl.workbook.patcher import PatchError, patch_workbook
from lkjip_xl.workbook.problems import Laporan
from lkjip_xl.workbook.recompute import recompute
from lkjip_xl.workbook.safe_write import (
    Fingerprint,
    WorkbookChangedError,
    fingerprint,
    scratch_beside,
)


def write_master(master: Path, book: FileBook, template: Template,
                  masters: dict[str, MasterTable], rows: list[Baris], items: list[Kiriman],
                  summary: str, read_version: Fingerprint | None) -> Laporan:  # fmt: skip
    """Write the merged rows, record the collection, recompute, commit (refused when the master
    is no longer the version read).

    The master is read once and written once, its changed input columns whole with the computed
    ones, when that rewrites nothing but values: no formula in the sheet, no date or error value
    in a changed column, no rows typed under the table. Otherwise only the changed cells are
    patched into a scratch copy first, which is then read and recomputed."""
    changing = {n: t for n, t in masters.items() if t.edits or t.removed or t.added}
    formulas = {n: holds_formulas(book, t.rows.data.sheet) for n, t in changing.items()}
    whole = _whole(book, changing, formulas)
    if whole is not None:
        _write_whole(book, masters, whole)
        laporan = _record_and_recompute(book, template, rows, items, summary)
        # Written: the merged rows are not held beside the sheet while it is patched (as a
        # recompute lets go of what it read before its commit).
        for name in whole:
            masters[name].rows.data.rows = []
        del whole
        book.release_reads()
        book.commit()
        return laporan
    found = {
        n: table_edits(t, formulas[n], book.percent_cells(t.rows.data.sheet))
        for n, t in changing.items()
    }
    book.release_parts()  # not written: the scratch copy is
    edits: dict[str, dict[str, Any]] = {}
    blocks: dict[str, list[tuple[int, int, list[Any]]]] = {}
    table_refs: dict[str, str] = {}
    for name, table_edit in found.items():
        if table_edit.cells:
            edits.setdefault(table_edit.sheet, {}).update(table_edit.cells)
        if table_edit.blocks:
            blocks.setdefault(table_edit.sheet, []).extend(table_edit.blocks)
        if table_edit.new_ref:
            # Excel's Total Row stays under the data rows (the patch moves its cells).
            table_refs[name] = lower_last_row(table_edit.new_ref, book.total_rows(name))
    scratch = scratch_beside(Path(os.path.realpath(master)))
    try:
        try:
            patch_workbook(master, scratch, edits, table_refs=table_refs, columns=blocks)
        except PatchError as exc:
            raise ExchangeError(str(exc)) from exc
        merged = FileBook(scratch)
        laporan = _record_and_recompute(merged, template, rows, items, summary)
        # Other runs of lkjip_xl wait for the lock held since the master was read; this sees
        # a version written by anything else meanwhile (Excel's save, a copy over it).
        if fingerprint(master) != read_version:
            raise WorkbookChangedError(master)
        merged.commit(master)
    finally:
        scratch.unlink(missing_ok=True)
    return laporan


#: Per changed table: its merged rows, and its changed columns whole (header -> values).
_Whole = dict[str, tuple[list[list[Any]], dict[str, list[Any]]]]


def _write_whole(book: FileBook, masters: dict[str, MasterTable], whole: _Whole) -> None:
    """The merged rows, what the recompute reads, and their changed columns, written whole."""
    for name, (merged_rows, columns) in whole.items():
        data = masters[name].rows.data
        grown = len(merged_rows) > len(data.rows)
        data.rows[:] = merged_rows
        for header, values in columns.items():
            book.write_column(data, header, values)
        if grown:
            book.extend_table(data)


def _whole(
    book: FileBook, changing: dict[str, MasterTable], formulas: dict[str, bool]
) -> _Whole | None:
    """Per changed table, its merged rows and its changed columns whole, when all can be written
    so (see :func:`write_master`); None otherwise. Only which columns change is looked for here,
    not their cells: the cells are found only for the patch, when this returns None."""
    whole: dict[str, tuple[list[list[Any]], dict[str, list[Any]]]] = {}
    for name, table in changing.items():
        if formulas[name] or book.read_below(table.rows.data, limit=1):
            return None
        merged_rows, touched = changed_columns(table)
        columns = whole_columns(
            merged_rows, touched, table, book.percent_cells(table.rows.data.sheet)
        )
        if columns is None:
            return None
        whole[name] = (merged_rows, columns)
    return whole


def _record_and_recompute(book: FileBook, template: Template, rows: list[Baris],
                          items: list[Kiriman], summary: str) -> Laporan:  # fmt: skip
    write_pengumpulan(book, template, rows)
    galat = sum(len(k.reasons) for k in items)
    peringatan = sum(len(k.masalah) for k in items) - galat
    append_log(book, template, TINDAKAN_PENGUMPULAN, summary, galat=galat, peringatan=peringatan)
    return recompute(book)
