"""Small edits of a large workbook (its ``Pengumpulan`` and ``Log`` rows) without reading its
large sheets.

Recording a distribution in a 100,000-employee master writes a few rows on small sheets, yet a
:class:`FileBook` of the master reads and keeps every sheet holding a table: the roster too
(seconds, and hundreds of MB). Here the book is opened on a *hollow* copy instead, whose large
sheets hold no rows and whose tables on them hold one; the book's own commit writes that copy,
and the parts it changed are then put into the master as they are, every other part copied
from the master as stored. When the commit touched a hollowed part (or added or removed one),
nothing is put: the caller edits the whole master as before.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path

from lkjip_xl.workbook.exchange.package import SheetRows, set_table_ref, write_package
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.ooxml import tables
from lkjip_xl.workbook.ooxml.cells import parse_range
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.patcher import Package
from lkjip_xl.workbook.safe_write import atomic_update, backup_path, scratch_beside


def _hollowed(path: Path, large: Mapping[str, bytes]) -> dict[str, bytes]:
    """The sheets ``large`` (part -> the sheet without rows), their tables over one data row."""
    out = dict(large)
    with zipfile.ZipFile(path) as archive:
        package = Package(archive)
        for part in large:
            for table_part in package.sheet_tables(part):
                xml = package.read(table_part)
                first = parse_range(tables.table_ref(xml, table_part))[0]
                # Excel's Total Row stays under the one data row.
                last = first + 1 + tables.totals_row_count(xml, table_part)
                out[table_part] = set_table_ref(xml, table_part, first, last)
    return out


def without_rows(sheet: SheetRows) -> bytes:
    """A worksheet split by :func:`split_rows`, without its rows."""
    return sheet.head + sheet.tail


def _parts(path: Path) -> dict[str, bytes]:
    parts = {}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            try:
                parts[info.filename] = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                # A member copied raw from the master (a large sheet, never read whole before)
                # is inflated, and its CRC checked, first here.
                raise PackageError(
                    f"Arsip rusak: bagian {info.filename} tidak dapat dibaca (isinya terpotong "
                    "atau tidak cocok dengan CRC-nya)."
                ) from exc
    return parts


def edit_beside_large_sheets(
    path: Path,
    changes: Mapping[str, bytes],
    large: Mapping[str, bytes],
    edit: Callable[[FileBook], None],
) -> bool:
    """Put ``changes`` and what ``edit`` writes through a book into the workbook at ``path``
    (atomically, its previous version kept), the sheets ``large`` (part -> the sheet without
    its rows: :func:`without_rows`) never read; False, with nothing written, when ``edit``
    wrote into them (the caller then edits the whole book)."""
    hollowed = _hollowed(path, large)
    real = Path(os.path.realpath(path))  # a link is written through: scratch beside its target
    before_path = scratch_beside(real)
    after_path = before_path.with_name(f"{before_path.stem}-baru{before_path.suffix}")
    try:
        write_package(path, before_path, {**changes, **hollowed})
        book = FileBook(before_path)
        edit(book)
        book.commit(after_path)
        before, after = _parts(before_path), _parts(after_path)
    finally:
        for scratch in (before_path, after_path):
            scratch.unlink(missing_ok=True)
            backup_path(scratch).unlink(missing_ok=True)
    if set(after) - set(before) or any(after.get(n) != before[n] for n in hollowed):
        return False
    edited: dict[str, bytes | None] = dict(changes)
    for name, data in before.items():
        if name not in after:
            edited[name] = None  # the commit removed it (a calculation chain)
        elif after[name] != data:
            edited[name] = after[name]
    atomic_update(path, lambda tmp: write_package(path, tmp, edited))
    return True
