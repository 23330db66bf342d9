"""The master's Laporan sheet, emptied once, for every unit's workbook that is recomputed.

A master's Laporan sheet reports on all its units (1,085 rows and 595 KB of XML for 200 units);
every unit's recompute rewrites it whole (:func:`~lkjip_xl.workbook.ooxml.report_sheet.
rewrite_sheet`): its sheet data, merged cells, page breaks and dimension are replaced, and
nothing else of the part is kept from them. Each unit still carried the master's sheet, inflated
and searched through by that rewrite (about a tenth of the making of each unit).

The rewrite of the sheet emptied by the same function gives the very bytes of the rewrite of the
master's sheet: the emptied part differs only in what the rewrite replaces. It is used only
when nothing else of the unit reads that sheet: it holds no table and no workbook name points
into it (a file book reads neither its cells nor its far cells), and the unit's recompute must
be seen to rewrite it (:class:`RewriteSeen`), else the unit is made again from the master's own.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lkjip_xl.workbook.compute.laporan import laporan_sheet
from lkjip_xl.workbook.contract import Template
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.ooxml.defined_names import defined_names, parse_reference
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.package import Package, vouched
from lkjip_xl.workbook.ooxml.report_sheet import SheetRewrite, rewrite_sheet
from lkjip_xl.workbook.safe_write import Fingerprint, fingerprint

__all__ = ["RewriteSeen", "emptied_laporan"]

#: The last master's emptied sheet, by (master, version, template): each worker process makes
#: it once, for all the units it makes.
_CACHE: dict[tuple[str, Fingerprint, str], tuple[str, str, bytes] | None] = {}


def emptied_laporan(
    master: Path, version: Fingerprint | None, template: Template, taken: set[str]
) -> tuple[str, str, bytes] | None:
    """(sheet, part, the part emptied) of ``master``'s Laporan sheet, for a master still the
    ``version`` whose every part was checked; None when the sheet must stay the master's own:
    another version, no such sheet, a table or a name on it, or a part in ``taken`` (already
    cut for the unit otherwise)."""
    if version is None or fingerprint(master) != version:
        return None
    key = (str(master), version, template.name)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _emptied(master, template)
    found = _CACHE[key]
    return None if found is None or found[1] in taken else found


def _emptied(master: Path, template: Template) -> tuple[str, str, bytes] | None:
    sheet = laporan_sheet(template)
    if sheet is None:
        return None
    try:
        # The version checked when the shared parts were cut (the caller compared it).
        with vouched(master), zipfile.ZipFile(master) as archive:
            package = Package(archive)
            part = package.worksheets().get(sheet.name)
            if not part or package.sheet_tables(part):
                return None
            names = defined_names(package.read(package.workbook))
            if any((parse_reference(t) or ("",))[0] == sheet.name for t in names.values()):
                return None
            xml = package.read(part)
        return sheet.name, part, rewrite_sheet(xml, part, SheetRewrite(rows=()), {})
    except (PackageError, OSError, zipfile.BadZipFile):
        return None


class RewriteSeen(FileBook):
    """A file book that tells which sheets its writes rewrote whole (:meth:`rewrite_sheet`)."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path)
        self.rewritten: set[str] = set()

    def rewrite_sheet(self, sheet: str, rewrite: SheetRewrite) -> None:
        super().rewrite_sheet(sheet, rewrite)
        self.rewritten.add(sheet)
