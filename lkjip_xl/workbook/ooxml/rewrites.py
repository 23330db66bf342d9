"""Whole computed sheets rewritten inside a package: their cells in the workbook's named styles
(cell formats added to ``styles.xml`` when a number format is new), and their charts moved."""

from __future__ import annotations

from collections.abc import Mapping

from lkjip_xl.workbook.ooxml.charts import move_charts
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.package import Package
from lkjip_xl.workbook.ooxml.relationships import REL_STYLES
from lkjip_xl.workbook.ooxml.report_sheet import SheetRewrite, rewrite_sheet
from lkjip_xl.workbook.ooxml.styles import StyleBook

__all__ = ["apply_rewrites", "style_book"]


def style_book(pkg: Package) -> StyleBook:
    """The cell formats of ``pkg``'s styles part, to find or add to."""
    styles_part = pkg.rel_target(REL_STYLES)
    if styles_part is None or styles_part not in pkg.infos:
        raise PackageError("Buku kerja tidak memiliki bagian gaya (styles.xml).")
    return StyleBook(pkg.read(styles_part), styles_part)


def apply_rewrites(
    pkg: Package, rewrites: Mapping[str, SheetRewrite], styles: StyleBook | None = None
) -> dict[str, bytes]:
    """The changed parts (sheets, styles, drawings, charts) that carry out ``rewrites``.
    ``styles``: the styles part others add to as well (then written by the caller)."""
    own = styles is None
    styles = style_book(pkg) if styles is None else styles
    changes: dict[str, bytes] = {}
    for sheet, rewrite in rewrites.items():
        part = pkg.sheet_part(sheet)
        # Looked up once per style and format (a few of them), not once per cell (hundreds):
        # a repeated lookup gives what the first gave.
        xfs: dict[tuple[str, str | None], int] = {}
        for row in rewrite.rows:
            for c in row.cells:
                if (key := (c.style, c.number_format)) not in xfs:
                    xfs[key] = styles.xf(*key)
        changes[part] = rewrite_sheet(pkg.read(part), part, rewrite, xfs)
        changes.update(move_charts(pkg.read, lambda p: p in pkg.infos, part, sheet, rewrite.charts))
    if own and styles.changed:
        changes[styles.part] = styles.xml()
    return changes
