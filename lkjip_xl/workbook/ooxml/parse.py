"""An XML part parsed as a tree (defusedxml), or refused in one sentence naming the part."""

from __future__ import annotations

from typing import Any

from defusedxml import ElementTree as SafeET

from lkjip_xl.workbook.ooxml.errors import PackageError

__all__ = ["parse_part"]


def parse_part(xml: bytes, part: str) -> Any:
    """The root element of ``xml``, the part ``part``; a part that is not well-formed XML (cut
    short, overwritten) is refused as a damaged archive, not left to escape as expat's error."""
    try:
        return SafeET.fromstring(xml)
    except SafeET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise PackageError(
            f"Arsip rusak: bagian {part} bukan XML yang utuh (baris {line}, kolom {column}); "
            "buka berkas ini di Excel atau LibreOffice lalu simpan ulang."
        ) from None
