"""Change individual cells of an .xlsx/.xlsm package without touching anything else.

openpyxl load-and-save rewrites the whole package and drops what it does not model (VBA
buttons, some chart and drawing features, slicers, extension lists). A recompute must only
change the cells it computes, so the worksheet XML is edited as bytes
(:mod:`lkjip_xl.workbook.ooxml.sheet_patch`): rows without edits are copied as byte slices,
no DOM is built and no entity is expanded, since incoming workbooks are untrusted. Every zip
member that is not changed is copied raw: same compressed bytes, same order.

The small package parts (``workbook.xml``, relationships, content types, tables) are read with
defusedxml to find things, and edited as bytes as well so that their other content survives.
"""

from __future__ import annotations

import gc
import zipfile
from collections.abc import Collection, Mapping, Sequence
from functools import partial
from pathlib import Path

from lkjip_xl.core.problems import ribuan
from lkjip_xl.workbook.ooxml.calculation import drop_calc_chain, set_full_calc_on_load
from lkjip_xl.workbook.ooxml.cell_edits import Cell, CellValue, ColumnEdit, RawCell
from lkjip_xl.workbook.ooxml.cell_formats import FormatSpan, formatted_edits
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.member_pieces import inflated_pieces
from lkjip_xl.workbook.ooxml.package import NotStreamable, Package, StreamedPart, copy_package
from lkjip_xl.workbook.ooxml.pieces_ahead import pieces_ahead
from lkjip_xl.workbook.ooxml.report_sheet import SheetRewrite
from lkjip_xl.workbook.ooxml.rewrites import apply_rewrites, style_book
from lkjip_xl.workbook.ooxml.row_fit import RowFitter
from lkjip_xl.workbook.ooxml.row_segments import NotSegmentable
from lkjip_xl.workbook.ooxml.segmented_patch import SegmentedPatch
from lkjip_xl.workbook.ooxml.sheet_patch import SheetPatch
from lkjip_xl.workbook.ooxml.tables import set_table_ref
from lkjip_xl.workbook.ooxml.total_rows import total_row_moves
from lkjip_xl.workbook.read_ahead import one_malloc_arena

__all__ = [
    "Cell",
    "CellValue",
    "ColumnEdit",
    "Package",
    "PatchError",
    "SheetRewrite",
    "patch_workbook",
]

#: What the patcher raises (the workbook-file layer's one error, by the name callers know).
PatchError = PackageError


def patch_workbook(
    src: str | Path,
    dst: str | Path,
    edits: Mapping[str, Mapping[str, Cell | CellValue]],
    *,
    table_refs: Mapping[str, str] | None = None,
    full_calc_on_load: bool = True,
    columns: Mapping[str, Sequence[ColumnEdit]] | None = None,
    rewrites: Mapping[str, SheetRewrite] | None = None,
    parts: Mapping[str, bytes] | None = None,
    deflate: Collection[str] = (),
    formats: Mapping[str, Sequence[FormatSpan]] | None = None,
) -> None:
    """Write ``src`` to ``dst`` with only the given cells (and table ranges) changed.

    ``edits`` maps a sheet name to {A1 ref: value}. A number becomes a numeric cell, a string an
    inline string, a bool a boolean, ``None`` (or NaN) an empty cell that keeps its style. A
    formula in an edited cell is removed. Missing rows and cells are inserted in order and the
    sheet's ``<dimension>`` is widened. ``table_refs`` maps a table name to its new range (the
    same columns and top row; the last row may move). ``full_calc_on_load`` makes Excel
    recalculate the workbook's own formulas when it opens the file. Every zip member that is not
    changed is copied with identical bytes and in the same order. ``columns`` maps a sheet
    name to whole columns to write, each (column number, first row, values from that row down):
    the same as one edit per cell, without a reference string per cell (a cell also given in
    ``edits`` takes that value). ``rewrites`` maps a computed sheet holding no input (the
    Laporan sheet) to its whole new content, charts included
    (:mod:`lkjip_xl.workbook.ooxml.rewrites`). ``parts`` are worksheet parts of ``src`` the
    caller has already read (by part name, as the file holds them): not inflated again.
    ``deflate``: parts ``src`` holds in deflate's stored blocks (a scratch copy's, see
    :func:`~lkjip_xl.workbook.ooxml.package.copy_package`): deflated in ``dst`` even when
    unchanged. ``formats`` maps a sheet to spans of written cells (column, first row, last row,
    number format code) to show in that format, the rest of each cell's style kept
    (:mod:`lkjip_xl.workbook.ooxml.cell_formats`).

    Raises :class:`PatchError` (Indonesian message) when the request or the package cannot be
    handled safely; ``dst`` is then not written.
    """
    # A large patch allocates a million small tuples and bytes that form no cycles; the cyclic
    # collector would otherwise rescan them over and over (~10% of the run time).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    args = (Path(src), Path(dst), edits, table_refs, full_calc_on_load, columns or {},
            rewrites or {}, parts or {}, deflate, formats or {})  # fmt: skip
    try:
        try:
            _patch(*args, stream=True, segments=True)
        except NotSegmentable:
            # A large sheet that could not be made a segment at a time with certainty:
            # written again with that sheet read whole (the file was not kept).
            _patch(*args, stream=True, segments=False)
    except NotStreamable:
        # A sheet streamed on the guess that it holds no formula does: written again
        # with that sheet made whole.
        _patch(*args, stream=False, segments=False)
    finally:
        if gc_was_enabled:
            gc.enable()


def _check_styles(pkg: Package, edits: Mapping[str, Mapping[str, object]]) -> None:
    styles = {
        v.style
        for cells in edits.values()
        for v in cells.values()
        if type(v) is Cell and v.style is not None
    }
    if styles:
        count = pkg.style_count()
        if count is not None and max(styles) >= count:
            raise PatchError(
                f"Indeks gaya sel {max(styles)} tidak ada di buku kerja ({ribuan(count)} gaya)."
            )


def _patch(
    src_path: Path,
    dst_path: Path,
    edits: Mapping[str, Mapping[str, Cell | RawCell | CellValue]],
    table_refs: Mapping[str, str] | None,
    full_calc_on_load: bool,
    columns: Mapping[str, Sequence[ColumnEdit]],
    rewrites: Mapping[str, SheetRewrite],
    parts: Mapping[str, bytes],
    deflate: Collection[str],
    formats: Mapping[str, Sequence[FormatSpan]],
    *,
    stream: bool,
    segments: bool,
) -> None:
    if dst_path.exists() and src_path.resolve() == dst_path.resolve():
        raise PatchError("Berkas sumber dan tujuan sama; gunakan atomic_update untuk menimpa.")
    try:
        zin = zipfile.ZipFile(src_path)
    except zipfile.BadZipFile as exc:
        raise PatchError(f"Berkas {src_path.name} bukan buku kerja Excel (.xlsx/.xlsm).") from exc
    with zin:
        pkg = Package(zin)
        changes: dict[str, bytes | None] = {}
        streamed: dict[str, StreamedPart] = {}
        formulas_removed = False
        _check_styles(pkg, edits)
        styles = style_book(pkg) if formats else None
        if styles is not None:
            edits = formatted_edits(pkg, formats, edits, columns, parts, styles)  # type: ignore[assignment]
        # The contract package loads every template (and, through the vocabularies, pandas):
        # imported here, not when a file is opened (lkjip_xl.workbook.read_ahead).
        from lkjip_xl.workbook.contract.print_layout import (
            DEFAULT_ROW_HEIGHT_PT,
            wrapped_row_height,
        )

        fitter = RowFitter(pkg, wrapped_row_height, DEFAULT_ROW_HEIGHT_PT)
        if table_refs:
            # Excel's Total Row goes with its table's last row (written over what is given).
            moved = total_row_moves(pkg, table_refs, edits, columns, parts)
            if moved:
                edits = {s: {**edits.get(s, {}), **moved.get(s, {})} for s in {*edits, *moved}}

        for sheet in [*edits, *(s for s in columns if s not in edits)]:
            cells, blocks = edits.get(sheet, {}), columns.get(sheet, ())
            if not cells and not any(len(b[2]) for b in blocks):
                continue
            part = pkg.sheet_part(sheet)
            if part in changes or part in streamed:
                raise PatchError(f"Lembar '{sheet}' disebut lebih dari sekali.")
            size = pkg.infos[part].file_size if part in pkg.infos else 0
            if segments and part not in parts and SegmentedPatch.suits(size, cells, blocks):
                # A large sheet: read and made a segment of rows at a time, never held whole.
                # Inflated on the second core while the rows before are patched.
                one_malloc_arena()  # the worker's pieces are freed into the main arena
                streamed[part] = SegmentedPatch(
                    partial(pieces_ahead, partial(inflated_pieces, src_path, part)),
                    partial(pkg.read, part), size, part, sheet, blocks,
                )  # fmt: skip
                continue
            xml = parts[part] if part in parts else pkg.read(part)
            patch = SheetPatch(xml, part, sheet, cells, blocks)
            # A large sheet: made while it is written, never held twice.
            if stream and patch.streams():
                streamed[part] = patch
                continue
            pieces = patch.pieces()
            formulas_removed = formulas_removed or patch.formulas_removed
            del patch
            if pieces is not None and not SheetPatch.same(pieces, xml):
                # The original goes before the new part is joined: a roster's sheet (90 MB of
                # XML) is held at most twice, never three times.
                del xml
                # Rows grown to hold wrapped texts (LibreOffice does not grow them on opening).
                changes[part] = fitter.fit(b"".join(pieces), part)
            del pieces

        if rewrites:
            if set(rewrites) & ({s for s, cells in edits.items() if cells} | set(columns)):
                raise PatchError("Lembar yang ditulis ulang tidak boleh juga disunting per sel.")
            changes.update(apply_rewrites(pkg, rewrites, styles))
        if styles is not None and styles.changed:
            changes[styles.part] = styles.xml()

        if table_refs:
            tables = pkg.table_parts()
            for name, ref in table_refs.items():
                table_part = tables.get(name)
                if table_part is None:
                    raise PatchError(f"Tabel '{name}' tidak ada di buku kerja.")
                xml = changes.get(table_part) or pkg.read(table_part)
                new_xml = set_table_ref(xml, table_part, ref)
                if new_xml != pkg.read(table_part):
                    changes[table_part] = new_xml

        if full_calc_on_load:
            wb = pkg.read(pkg.workbook)
            new_wb = set_full_calc_on_load(wb)
            if new_wb != wb:
                changes[pkg.workbook] = new_wb

        if formulas_removed:
            drop_calc_chain(pkg, changes)

        try:
            copy_package(src_path, zin, dst_path, {**changes, **streamed}, deflate=deflate)
        except BaseException:
            dst_path.unlink(missing_ok=True)
            raise
