"""XML held as bytes: namespace prefixes, attributes, and cell text escaped the way Excel reads it.

Parts are edited as bytes so that everything not edited survives as it was; these are the few
patterns every such edit needs.
"""

from __future__ import annotations

import re

__all__ = [
    "ATTR",
    "MAIN_NAMESPACES",
    "QNAME_PREFIX",
    "REF_ATTR",
    "R_ATTR",
    "S_ATTR",
    "XML_FORBIDDEN",
    "attributes",
    "escape_formula",
    "escape_text",
    "local_name",
    "unescape_text",
]

#: The SpreadsheetML namespace, transitional and strict.
MAIN_NAMESPACES = (
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    b"http://purl.oclc.org/ooxml/spreadsheetml/main",
)

#: An optional namespace prefix with its colon; group 1 is the prefix.
QNAME_PREFIX = rb"(?:([A-Za-z_][\w.-]*):)?"
ATTR = re.compile(rb"([^\s=/]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
#: ``r="..."`` of a row or cell; group 1 is the value.
R_ATTR = re.compile(rb"\sr\s*=\s*[\"']([^\"']*)[\"']")
#: ``s="3"`` of a cell; group 1 is the style index.
S_ATTR = re.compile(rb"\ss\s*=\s*[\"']([0-9]+)[\"']")
#: ``ref="A1:K20"``: group 1 up to the quote, group 2 the quote, group 3 the value.
REF_ATTR = re.compile(rb"(\sref\s*=\s*)([\"'])([^\"']*)\2")

_FORBIDDEN = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
#: The characters XML 1.0 cannot hold (its ``Char`` production leaves them out): the C0 controls
#: but tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF. A workbook cell
#: holds them all (Excel writes them as ``_xHHHH_``).
XML_FORBIDDEN = re.compile(_FORBIDDEN)
# Excel decodes _xHHHH_ in cell text, so the underscore of a literal one is escaped: of one
# that ends in "_", and of one that ends where a forbidden character follows, whose own escape
# begins with the "_" that would complete it ("_x0041" then U+0001 must not read "Ax0001_").
_EXCEL_ESCAPED = re.compile(f"_(?=x[0-9A-Fa-f]{{4}}(?:_|{_FORBIDDEN}))|{_FORBIDDEN}")
_ENTITY = re.compile(r"&(amp|lt|gt|quot|apos|#[0-9]+|#[xX][0-9A-Fa-f]+);")
_NAMED_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def attributes(raw: bytes) -> list[tuple[bytes, bytes]]:
    """(name, value) of every attribute in the inside of a start tag, in order."""
    return [
        (m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
        for m in ATTR.finditer(raw)
    ]


def local_name(tag: str) -> str:
    """``{namespace}sheet`` -> ``sheet`` (an ElementTree tag without its namespace)."""
    return tag.rsplit("}", 1)[-1]


def escape_text(text: str) -> bytes:
    """Cell text as element content, read back by Excel, LibreOffice and calamine as it was:
    a literal ``_xHHHH_`` kept literal, and a character XML cannot hold (a vertical tab pasted
    from Word, a control character) written as Excel's own ``_xHHHH_`` escape, never dropped."""
    # One pass, so that an escape made here is never escaped again.
    text = (_EXCEL_ESCAPED if "_x" in text else XML_FORBIDDEN).sub(_excel_escape, text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A raw CR would be normalised to LF by every XML parser.
    text = text.replace("\r", "&#13;")
    return text.encode("utf-8")


def _excel_escape(found: re.Match[str]) -> str:
    return f"_x{ord(found.group()):04X}_"


def unescape_text(raw: bytes) -> str:
    """Element content as text: the predefined and numeric entities, nothing else."""

    def sub(m: re.Match[str]) -> str:
        ent = m.group(1)
        if ent in _NAMED_ENTITIES:
            return _NAMED_ENTITIES[ent]
        return chr(int(ent[2:], 16)) if ent[1] in "xX" else chr(int(ent[1:]))

    return _ENTITY.sub(sub, raw.decode("utf-8"))


def escape_formula(text: str) -> bytes:
    """A formula as the content of an ``<f>`` element."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")
