"""Every part openpyxl follows from a worksheet is in the package.

openpyxl follows a worksheet's tables, hyperlinks, drawings and comments by relationship and
reads their targets without asking: a relationship or a part a broken file lacks is a KeyError
there, which a command reading with openpyxl could only report as an unexpected error.
"""

from __future__ import annotations

from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.markup import local_name
from lkjip_xl.workbook.ooxml.package import Package
from lkjip_xl.workbook.ooxml.parse import parse_part
from lkjip_xl.workbook.ooxml.relationships import relationships, rels_part

__all__ = ["refuse_broken_sheet_links"]

# The namespace of r:id in Transitional Open XML (Strict files are refused before this).
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# What openpyxl looks up by id; the rest (printer settings, say) it never reads.
_FOLLOWED = {"tablePart", "hyperlink", "drawing", "legacyDrawing"}
# What it reads by type, whatever refers to it.
_READ_BY_TYPE = ("/table", "/comments", "/drawing")


def refuse_broken_sheet_links(package: Package) -> None:
    """Refuse, naming it, a worksheet that refers to a relationship its relationships part
    does not hold, or whose table, drawing or comments part the package does not hold."""
    for part in package.worksheets().values():
        if not part:
            continue  # a chart sheet
        root = parse_part(package.read(part), part)
        rels = rels_part(part)
        held = (
            {r.id: r for r in relationships(package.read(rels), part)}
            if rels in package.infos
            else {}
        )
        for el in root.iter():
            rid = el.get(_REL_ID)
            if rid is not None and local_name(el.tag) in _FOLLOWED and rid not in held:
                raise PackageError(
                    f"Bagian {part} merujuk relasi {rid} ({local_name(el.tag)}) yang tidak ada "
                    f"di {rels}; berkas ini rusak."
                )
        for link in held.values():
            if not link.external and link.type.endswith(_READ_BY_TYPE):
                package.read(link.target)  # names the part when it is missing
