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

_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Excel decodes _xHHHH_ in cell text, so a literal one must have its underscore escaped.
_OOXML_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")
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
    if "_x" in text:
        text = _OOXML_ESCAPE.sub(r"_x005F_\1", text)
    # After the literal escapes above, so that the escapes made here are not escaped again.
    text = _INVALID_XML_CHARS.sub(_excel_escape, text)
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
