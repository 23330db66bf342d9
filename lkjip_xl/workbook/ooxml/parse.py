"""An XML part parsed as a tree (defusedxml), or refused in one sentence naming the part."""

from __future__ import annotations

import re
from typing import Any
from xml.parsers import expat

from defusedxml import ElementTree as SafeET

from lkjip_xl.workbook.ooxml.errors import PackageError

__all__ = ["check_well_formed", "parse_part"]


def _not_whole(part: str, line: int, column: int) -> PackageError:
    return PackageError(
        f"Arsip rusak: bagian {part} bukan XML yang utuh (baris {line}, kolom {column}); "
        "buka berkas ini di Excel atau LibreOffice lalu simpan ulang."
    )


def parse_part(xml: bytes, part: str) -> Any:
    """The root element of ``xml``, the part ``part``; a part that is not well-formed XML (cut
    short, overwritten) is refused as a damaged archive, not left to escape as expat's error."""
    try:
        return SafeET.fromstring(xml)
    except SafeET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise _not_whole(part, line, column) from None
    except (ValueError, LookupError):  # an encoding expat reads only through Python, or none
        return _parse_decoded(xml, part)


_DECLARED = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\sencoding\s*=\s*["']([\w.:-]+)["']"""
)


def _parse_decoded(xml: bytes, part: str) -> Any:
    """``xml`` in a multi-byte encoding (Shift_JIS, GB2312), decoded by Python and parsed."""
    declared = _DECLARED.match(xml)
    try:
        text = xml.decode(declared.group(1).decode("ascii")) if declared else None
    except (LookupError, UnicodeDecodeError):
        text = None
    if text is None:
        raise PackageError(
            f"Bagian {part} memakai pengodean karakter yang tidak dikenal; buka berkas ini di "
            "Excel atau LibreOffice lalu simpan ulang."
        )
    try:
        return SafeET.fromstring(text)
    except SafeET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise _not_whole(part, line, column) from None


#: Elements nested deeper than this are refused: libxml2 stops there (lxml, so openpyxl), and a
#: part the engine carries unread into its outputs must stay one other programs can open.
MAX_DEPTH = 256


#: Parts openpyxl reads without libxml2's limit (its worksheet and shared-string readers), which
#: the engine reads itself: not held to :data:`MAX_DEPTH`.
DEPTH_FREE = re.compile(r"\Axl/(worksheets/|sharedStrings\.xml\Z)", re.IGNORECASE)


def _too_deep(part: str) -> PackageError:
    return PackageError(
        f"Bagian {part} memuat unsur XML bersarang lebih dari {MAX_DEPTH} tingkat, yang tidak "
        "pernah ditulis Excel dan tidak dapat dibaca program lain; berkas ini ditolak."
    )


def _watch_depth(parser: Any, part: str) -> None:
    depth = 0

    def start(*_: object) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise _too_deep(part)

    def end(*_: object) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end


def check_well_formed(xml: bytes, part: str) -> None:
    """Refuse ``xml`` (the part ``part``, its DOCTYPE already refused) when it is not
    well-formed or (but for :data:`DEPTH_FREE`) nested deeper than :data:`MAX_DEPTH`: a part
    the engine leaves as it is would otherwise be written back broken, and other programs
    refuse (openpyxl) or repair the workbook. An encoding expat does not know is left to the
    programs that do."""
    parser = expat.ParserCreate()
    if not DEPTH_FREE.search(part):
        _watch_depth(parser, part)
    try:
        parser.Parse(xml, True)
    except PackageError:  # too deep: a ValueError, but not expat's refusal of an encoding
        raise
    except (ValueError, LookupError):
        # pyexpat's own refusals of an encoding: a multi-byte one (Shift_JIS, GB2312) or a
        # name Python does not know, met while expat asks Python for that encoding.
        return
    except expat.ExpatError as exc:
        if exc.code == expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING]:
            return
        raise _not_whole(part, exc.lineno, exc.offset) from None
