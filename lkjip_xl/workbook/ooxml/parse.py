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


def check_well_formed(xml: bytes, part: str) -> None:
    """Refuse ``xml`` (the part ``part``, its DOCTYPE already refused) when it is not
    well-formed: a part the engine leaves as it is would otherwise be written back broken,
    and other programs refuse (openpyxl) or repair the workbook. An encoding expat does not
    know is left to the programs that do."""
    parser = expat.ParserCreate()
    try:
        parser.Parse(xml, True)
    except (ValueError, LookupError):
        # pyexpat's own refusals of an encoding: a multi-byte one (Shift_JIS, GB2312) or a
        # name Python does not know, met while expat asks Python for that encoding.
        return
    except expat.ExpatError as exc:
        if exc.code == expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING]:
            return
        raise _not_whole(part, exc.lineno, exc.offset) from None
