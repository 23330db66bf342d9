"""How Excel recalculates a changed workbook: ``fullCalcOnLoad`` and the calculation chain."""

from __future__ import annotations

import re

from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.markup import QNAME_PREFIX
from lkjip_xl.workbook.ooxml.package import CONTENT_TYPES, Package
from lkjip_xl.workbook.ooxml.relationships import REL_CALC_CHAIN

__all__ = ["drop_calc_chain", "set_full_calc_on_load"]

_FULL_CALC = re.compile(rb"(\sfullCalcOnLoad\s*=\s*)([\"'])([^\"']*)\2")
_WORKBOOK = re.compile(rb"<" + QNAME_PREFIX + rb"workbook(?=[\s/>])")


def set_full_calc_on_load(xml: bytes) -> bytes:
    """``workbook.xml`` that makes Excel recalculate users' own formulas on open; the rest of
    the part is kept as it was."""
    root = _WORKBOOK.search(xml)
    if not root:
        raise PackageError("Bagian workbook.xml tidak memuat elemen workbook.")
    p = root.group(1) + b":" if root.group(1) else b""
    e = re.escape(p)
    calc = re.search(rb"<" + e + rb"calcPr(?=[\s/>])([^>]*?)(/?)>", xml)
    if calc:
        attrs = calc.group(1)
        full = _FULL_CALC.search(attrs)
        if full and full.group(3) in (b"1", b"true"):
            return xml
        if full:
            attrs = attrs[: full.start()] + full.group(1) + b'"1"' + attrs[full.end() :]
        else:
            attrs = attrs + b' fullCalcOnLoad="1"'
        return xml[: calc.start(1)] + attrs + xml[calc.end(1) :]
    # CT_Workbook is a sequence: calcPr follows sheets, functionGroups, externalReferences and
    # definedNames, and precedes everything else.
    insert_at = -1
    for name in (b"sheets", b"functionGroups", b"externalReferences", b"definedNames"):
        for m in re.finditer(rb"</" + e + name + rb">|<" + e + name + rb"(?=[\s/])[^>]*/>", xml):
            insert_at = max(insert_at, m.end())
    if insert_at < 0:
        raise PackageError("Bagian workbook.xml tidak memuat daftar lembar (sheets).")
    return xml[:insert_at] + b"<" + p + b'calcPr fullCalcOnLoad="1"/>' + xml[insert_at:]


def drop_calc_chain(pkg: Package, changes: dict[str, bytes | None]) -> None:
    """Add to ``changes`` the removal of ``calcChain.xml`` and of what refers to it.

    Excel rebuilds the chain; a stale one (a formula removed) makes Excel repair the file.
    """
    part = pkg.rel_target(REL_CALC_CHAIN)
    if part is None or part not in pkg.infos:
        return
    changes[part] = None
    rels = pkg.read(pkg.workbook_rels)
    changes[pkg.workbook_rels] = re.sub(
        rb"<(?:[\w.-]+:)?Relationship\s[^>]*Type\s*=\s*[\"'][^\"']*/calcChain[\"'][^>]*?/>",
        b"",
        rels,
    )
    ct = pkg.read(CONTENT_TYPES)
    changes[CONTENT_TYPES] = re.sub(
        rb"<(?:[\w.-]+:)?Override\s[^>]*PartName\s*=\s*[\"']/"
        + re.escape(part.encode())
        + rb"[\"'][^>]*?/>",
        b"",
        ct,
    )
