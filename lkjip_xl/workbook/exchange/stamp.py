"""Stamps: hidden workbook-scoped defined names that hold a text constant.

A unit's workbook carries where it came from (``Distribusi_ID``, ``Unit_Distribusi``), what it
was cut from (``Sidik_Jari_Master``, ``Sidik_Jari_Pengaturan``) and until when it is expected
back (``Batas_Waktu``), and the seal that proves the others (``Segel_Distribusi``, see
:mod:`.seal`). The master carries its last distribution and where that distribution's
manifest is (``Distribusi_ID``, ``Manifest_Distribusi``). A defined name holding a constant
(``="..."``) is kept by Excel and LibreOffice alike (LibreOffice drops only the hidden flag); it
names no cell, so no user types over it by accident and no recompute reads it.

``workbook.xml`` is edited as bytes (its other content is kept) and read with defusedxml.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from lkjip_xl.core.problems import ribuan
from lkjip_xl.workbook.ooxml.defined_names import defined_names
from lkjip_xl.workbook.ooxml.package import Package

DISTRIBUSI_ID = "Distribusi_ID"
UNIT_DISTRIBUSI = "Unit_Distribusi"
SIDIK_JARI_MASTER = "Sidik_Jari_Master"
SIDIK_JARI_PENGATURAN = "Sidik_Jari_Pengaturan"
BATAS_WAKTU = "Batas_Waktu"
SEGEL_DISTRIBUSI = "Segel_Distribusi"
MANIFEST_DISTRIBUSI = "Manifest_Distribusi"

UNIT_STAMPS = (
    DISTRIBUSI_ID,
    UNIT_DISTRIBUSI,
    SIDIK_JARI_MASTER,
    SIDIK_JARI_PENGATURAN,
    BATAS_WAKTU,
    SEGEL_DISTRIBUSI,
)
MASTER_STAMPS = (DISTRIBUSI_ID, MANIFEST_DISTRIBUSI)
ALL_STAMPS = (*UNIT_STAMPS, MANIFEST_DISTRIBUSI)

# A text in an Excel formula holds at most 255 characters.
MAX_STAMP_CHARS = 255

_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?workbook(?=[\s/>])")
_ATTR_NAME = re.compile(rb"""\sname\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_LOCAL_SHEET = re.compile(rb"\slocalSheetId\s*=")


def _constant(text: str) -> str | None:
    """The text of a formula that is one text constant (quotes doubled inside), else None."""
    text = text.strip()
    if text.startswith("="):
        text = text[1:].strip()
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        body = text[1:-1]
        if '"' not in body.replace('""', ""):
            return body.replace('""', '"')
    return None


def read_stamps(path: str | Path) -> dict[str, str]:
    """Every stamp of the workbook at ``path`` (names of :data:`ALL_STAMPS` that hold a text)."""
    with zipfile.ZipFile(path) as archive:
        package = Package(archive)
        xml = package.read(package.workbook)
    return stamps_in(xml)


def stamps_in(workbook_xml: bytes) -> dict[str, str]:
    wanted = {n.lower(): n for n in ALL_STAMPS}
    found: dict[str, str] = {}
    for defined, formula in defined_names(workbook_xml).items():
        name = wanted.get(defined.lower())
        if name is None:
            continue
        value = _constant(formula)
        if value is not None:
            found[name] = value
    return found


def set_stamps(workbook_xml: bytes, values: dict[str, str | None]) -> bytes:
    """``workbook.xml`` with the stamps ``values`` (None removes one), all else unchanged."""
    root = _ROOT.search(workbook_xml)
    if not root:
        raise ValueError("Bagian workbook.xml tidak memuat elemen workbook.")
    p = root.group(1) + b":" if root.group(1) else b""
    e = re.escape(p)
    names = {n.lower() for n in values}
    element = re.compile(
        rb"<" + e + rb"definedName(?=[\s>/])([^>]*?)(?:/>|>(.*?)</" + e + rb"definedName>)", re.S
    )

    def keep(match: re.Match[bytes]) -> bytes:
        attrs = match.group(1)
        named = _ATTR_NAME.search(attrs)
        if named and not _LOCAL_SHEET.search(attrs):
            name = (named.group(1) or named.group(2) or b"").decode("utf-8", "replace")
            if name.lower() in names:
                return b""
        return match.group(0)

    xml = element.sub(keep, workbook_xml)
    added = b""
    for name, value in values.items():
        if value is None:
            continue
        if len(value) > MAX_STAMP_CHARS:
            raise ValueError(
                f"Cap {name} terlalu panjang ({ribuan(len(value))} karakter; paling banyak "
                f"{MAX_STAMP_CHARS})."
            )
        formula = '"' + value.replace('"', '""') + '"'
        added += (
            b"<"
            + p
            + b'definedName name="'
            + name.encode()
            + b'" hidden="1">'
            + escape(formula).encode("utf-8")
            + b"</"
            + p
            + b"definedName>"
        )
    if not added:
        return xml
    close = re.search(rb"</" + e + rb"definedNames>", xml)
    if close:
        return xml[: close.start()] + added + xml[close.start() :]
    empty = re.search(rb"<" + e + rb"definedNames\s*/>", xml)
    block = b"<" + p + b"definedNames>" + added + b"</" + p + b"definedNames>"
    if empty:
        return xml[: empty.start()] + block + xml[empty.end() :]
    # CT_Workbook: definedNames follows sheets, functionGroups and externalReferences.
    at = -1
    for tag in (b"sheets", b"functionGroups", b"externalReferences"):
        for m in re.finditer(rb"</" + e + tag + rb">|<" + e + tag + rb"(?=[\s/])[^>]*/>", xml):
            at = max(at, m.end())
    if at < 0:
        raise ValueError("Bagian workbook.xml tidak memuat daftar lembar (sheets).")
    return xml[:at] + block + xml[at:]
