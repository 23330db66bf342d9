"""Relationship parts (``_rels/*.rels``): what a part points to, and which part each sheet is."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection
from typing import NamedTuple

from lkjip_xl.workbook.ooxml.markup import local_name
from lkjip_xl.workbook.ooxml.parse import parse_part

__all__ = [
    "NS_PACKAGE_RELATIONSHIPS",
    "REL_CALC_CHAIN",
    "REL_OFFICE_DOCUMENT",
    "REL_SHARED_STRINGS",
    "REL_STYLES",
    "REL_TABLE",
    "REL_WORKSHEET",
    "Relationship",
    "add_relationship",
    "link_sheets",
    "local_links",
    "package_local_links",
    "relationships",
    "rels_part",
    "resolve_target",
    "without_links",
    "worksheet_parts",
]

NS_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"

# Relationship types end with these whether the package is transitional or strict.
REL_OFFICE_DOCUMENT = "/officeDocument"
REL_WORKSHEET = "/worksheet"
REL_CALC_CHAIN = "/calcChain"
REL_STYLES = "/styles"
REL_SHARED_STRINGS = "/sharedStrings"
REL_TABLE = "/table"


class Relationship(NamedTuple):
    id: str
    type: str
    target: str  # the part name it resolves to; the raw target when external
    external: bool


def rels_part(part: str) -> str:
    """``xl/workbook.xml`` -> ``xl/_rels/workbook.xml.rels``."""
    head, tail = posixpath.split(part)
    return posixpath.join(head, "_rels", tail + ".rels")


def resolve_target(source_part: str, target: str) -> str:
    """The part name of ``target`` as written in the relationships of ``source_part``."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def relationships(xml: bytes, source_part: str) -> list[Relationship]:
    """Every relationship in the ``.rels`` part ``xml`` of ``source_part``, in order."""
    found = []
    for el in parse_part(xml, rels_part(source_part)):
        if local_name(el.tag) != "Relationship":
            continue
        target = el.get("Target", "")
        external = el.get("TargetMode") == "External"
        if not external:
            target = resolve_target(source_part, target)
        found.append(Relationship(el.get("Id", ""), el.get("Type", ""), target, external))
    return found


def worksheet_parts(workbook_xml: bytes, rels: list[Relationship]) -> dict[str, str]:
    """Sheet name -> worksheet part, in workbook order; ``""`` for a sheet that is not a
    worksheet (a chart sheet). ``rels`` are the workbook part's relationships."""
    by_id = {r.id: r for r in rels}
    sheets: dict[str, str] = {}
    for el in parse_part(workbook_xml, "xl/workbook.xml").iter():
        if local_name(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if local_name(k) == "id"), None)
        rel = by_id.get(rid) if rid is not None else None
        if rel is None:
            continue
        sheets[el.get("name", "")] = rel.target if rel.type.endswith(REL_WORKSHEET) else ""
    return sheets


def add_relationship(rels_xml: bytes | None, rel_id: str, rel_type: str, target: str) -> bytes:
    """The ``.rels`` part with one more relationship; a new part when ``rels_xml`` is None."""
    if rels_xml is None:
        rels_xml = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Relationships xmlns="' + NS_PACKAGE_RELATIONSHIPS.encode() + b'"></Relationships>'
        )
    relationship = (
        f'<Relationship Id="{rel_id}" Type="{rel_type}" Target="{target}"/></Relationships>'
    ).encode()
    return rels_xml.replace(b"</Relationships>", relationship, 1)


#: A target naming a web or mail address (``https:``, ``mailto:``): every other external
#: target (``file:``, ``C:\\``, ``\\\\server``, a relative path) opens a file of the PC or
#: its network when Excel follows it.
_REMOTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")
_RELATIONSHIP = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?Relationship\b[^>]*?(?:/>|>.*?</(?:[A-Za-z_][\w.-]*:)?Relationship>)",
    re.S,
)
_ID_ATTR = re.compile(rb"""\sId\s*=\s*["']([^"']*)["']""")


def local_links(xml: bytes, source_part: str, source_xml: bytes | None) -> list[Relationship]:
    """The relationships of ``source_part`` (its ``.rels`` part ``xml``) pointing outside the
    package to a local or network file, that ``source_xml`` (the part itself; None: not
    read) does not name by its id: a comments part, say, whose content Excel would look for
    there. A hyperlink the user made in a cell is named by the sheet, and is not one."""
    found = []
    for rel in relationships(xml, source_part):
        if not rel.external or not _is_local(rel.target):
            continue
        named = source_xml is not None and re.search(
            rb"""\bid\s*=\s*["']""" + re.escape(rel.id.encode()) + rb"""["']""", source_xml
        )
        if not named:
            found.append(rel)
    return found


def _is_local(target: str) -> bool:
    # A drive letter (C:) is one letter: no scheme matches it.
    return target.lower().startswith("file:") or _REMOTE.match(target) is None


def without_links(xml: bytes, ids: set[str]) -> bytes:
    """The ``.rels`` part ``xml`` without the relationships whose id is in ``ids``."""

    def keep(m: re.Match[bytes]) -> bytes:
        found = _ID_ATTR.search(m.group(0))
        return b"" if found and found.group(1).decode() in ids else m.group(0)

    return _RELATIONSHIP.sub(keep, xml)


def package_local_links(
    names: Collection[str], read: Callable[[str], bytes]
) -> dict[str, list[Relationship]]:
    """``.rels`` part -> its :func:`local_links`, for every one of ``names`` (a package's
    members, read with ``read``) that holds some. A part is read only when its relationships
    hold an external target."""
    found: dict[str, list[Relationship]] = {}
    for name in names:
        head, tail = posixpath.split(name)
        if posixpath.basename(head) != "_rels" or not tail.endswith(".rels"):
            continue
        xml = read(name)
        if b"External" not in xml:
            continue
        source = _source_part(name)
        source_xml = read(source) if source in names else None
        links = local_links(xml, source, source_xml)
        if links:
            found[name] = links
    return found


def _source_part(rels_name: str) -> str:
    """``xl/worksheets/_rels/sheet1.xml.rels`` -> ``xl/worksheets/sheet1.xml``."""
    head, tail = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(head), tail[: -len(".rels")])


def link_sheets(
    found: dict[str, list[Relationship]],
    sheets: dict[str, str],
    names: Collection[str],
    read: Callable[[str], bytes],
) -> dict[str | None, list[Relationship]]:
    """The links of :func:`package_local_links` (``found``) by the sheet that holds them:
    the sheet whose part they belong to, or that relates the part they belong to (its
    drawing, say); None for a part of no sheet (the workbook's own). ``sheets``: sheet name
    -> worksheet part; ``names``, ``read``: the package's members."""
    owner = {part: sheet for sheet, part in sheets.items() if part}
    wanted = {_source_part(rels) for rels in found} - owner.keys()
    for sheet, part in sheets.items():
        if not wanted or not part or rels_part(part) not in names:
            continue
        for rel in relationships(read(rels_part(part)), part):
            if not rel.external and rel.target in wanted:
                owner[rel.target] = sheet
                wanted.discard(rel.target)
    grouped: dict[str | None, list[Relationship]] = {}
    for rels, links in found.items():
        grouped.setdefault(owner.get(_source_part(rels)), []).extend(links)
    return grouped
