"""The content type a package declares for its workbook part, and the suffix Excel requires.

Excel opens a workbook only when its file name's suffix matches that content type: an ``.xlsm``
renamed to ``.xlsx`` (or the reverse) is refused as "file format or file extension is not
valid", although every other program (and lkjip_xl) reads it.
"""

from __future__ import annotations

import os
import posixpath
import zipfile

from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.markup import local_name
from lkjip_xl.workbook.ooxml.package import CONTENT_TYPES, read_bounded
from lkjip_xl.workbook.ooxml.parse import parse_part
from lkjip_xl.workbook.ooxml.relationships import REL_OFFICE_DOCUMENT, relationships

__all__ = ["SUFFIX_OF_CONTENT_TYPE", "suffix_for_content", "workbook_content_type"]

_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml"
#: The suffix Excel requires for each workbook content type.
SUFFIX_OF_CONTENT_TYPE = {
    f"{_MAIN}.sheet.main+xml": ".xlsx",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": ".xlsm",
    f"{_MAIN}.template.main+xml": ".xltx",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": ".xltm",
}


def workbook_content_type(path: str | os.PathLike[str]) -> str | None:
    """The content type of the workbook part of the package at ``path``; None when the file
    is no package, or declares none (reading it says what is wrong, not this)."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = {info.filename: info for info in zf.infolist()}
            if CONTENT_TYPES not in infos or "_rels/.rels" not in infos:
                return None
            root = relationships(read_bounded(zf, infos["_rels/.rels"]), "")
            types = parse_part(read_bounded(zf, infos[CONTENT_TYPES]), CONTENT_TYPES)
    except (OSError, zipfile.BadZipFile, PackageError, ValueError):
        return None
    part = next((r.target for r in root if r.type.endswith(REL_OFFICE_DOCUMENT)), None)
    if part is None:
        return None
    extension = posixpath.splitext(part)[1].lstrip(".").lower()
    default = None
    for el in types:
        if local_name(el.tag) == "Override" and el.get("PartName", "").lstrip("/") == part:
            return el.get("ContentType")
        if local_name(el.tag) == "Default" and el.get("Extension", "").lower() == extension:
            default = el.get("ContentType")
    return default


def suffix_for_content(path: str | os.PathLike[str]) -> str | None:
    """The suffix Excel requires of the workbook at ``path``; None when its content type is
    not a workbook's Excel knows (nothing to compare)."""
    found = workbook_content_type(path)
    return SUFFIX_OF_CONTENT_TYPE.get(found) if found else None
