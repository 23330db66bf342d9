"""Relationship parts (``_rels/*.rels``): what a part points to, and which part each sheet is."""

from __future__ import annotations

import posixpath
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
    "relationships",
    "rels_part",
    "resolve_target",
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
