"""A worksheet's ``<sheetData>`` as bytes: where it is, its rows one by one, its cells' patterns.

A worksheet of a 100,000-row roster is ~40 MB of XML, and one sent back by a unit is untrusted:
no DOM is built and no entity is expanded. The rows are found with compiled patterns for the
namespace prefix the sheet uses; CDATA and comments, which could hide markup from such a scan,
are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.letters import column_index_from_string
from lkjip_xl.workbook.ooxml.markup import MAIN_NAMESPACES, QNAME_PREFIX, R_ATTR

__all__ = [
    "CELL_ELEMENT",
    "CELL_REF",
    "CELL_R_ATTR",
    "ERROR_TYPE",
    "FORMULA_START",
    "VALUE_ELEMENT",
    "RowSpan",
    "SheetData",
    "Syntax",
    "formula_blanks",
    "locate_sheet_data",
    "scan_rows",
    "syntax",
]

_ANY_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_SHEET_DATA = re.compile(rb"<" + QNAME_PREFIX + rb"sheetData(?=[\s/>])([^>]*?)(/?)>")

#: The value of a cell's ``r`` attribute: group 1 the column letters, group 2 the row number.
CELL_REF = re.compile(rb"([A-Z]{1,3})([0-9]+)\Z")
#: ``r="D5"`` in a cell's start tag: group 1 the column letters, group 2 the row number.
CELL_R_ATTR = re.compile(rb"""\sr\s*=\s*["']([A-Z]{1,3})([0-9]+)["']""")
#: A whole cell, any prefix: group 1 its attributes, group 2 its content (None when empty).
CELL_ELEMENT = re.compile(
    rb"<" + _ANY_PREFIX + rb"c\s([^>]*?)(?:/>|>(.*?)</" + _ANY_PREFIX + rb"c>)", re.S
)
#: The start of a formula element, any prefix.
FORMULA_START = re.compile(rb"<" + _ANY_PREFIX + rb"f[\s/>]")
#: ``t="e"``: the cell holds an Excel error value.
ERROR_TYPE = re.compile(rb"""\st\s*=\s*["']e["']""")
#: A cell's value element: group 1 its text.
VALUE_ELEMENT = re.compile(rb"<" + _ANY_PREFIX + rb"v>([^<]*)</" + _ANY_PREFIX + rb"v>")
#: The start of a cell's value element, any prefix, empty or not.
_VALUE_START = re.compile(rb"<" + _ANY_PREFIX + rb"v[\s/>]")
#: A value element holding nothing: openpyxl writes ``<f>..</f><v></v>`` for every formula.
_EMPTY_VALUE = re.compile(
    rb"<" + _ANY_PREFIX + rb"v(?:\s[^>]*)?(?:/>|>\s*</" + _ANY_PREFIX + rb"v>)"
)
#: ``t="str"``: a formula's text result, which may be stored empty.
_TEXT_RESULT = re.compile(rb"""\st\s*=\s*["']str["']""")


@lru_cache(maxsize=8)
def _formula_hint(prefix: bytes) -> re.Pattern[bytes]:
    # Literal-prefixed, so a roster's sheet without formulas is passed at memchr speed
    # (0.07 s for 116 MB; FORMULA_START, which allows any prefix, takes 0.4 s).
    return re.compile(b"<" + re.escape(prefix) + rb"f[\s/>]")


def formula_blanks(xml: bytes, prefix: bytes = b"") -> list[tuple[int, int]]:
    """(row, column) of every cell holding a formula and no value (no value element, or an
    empty one for a result that is not text): a file written by a program that does not
    calculate (openpyxl, a script) and not opened in Excel since. Readers take
    such a cell for an empty one, which it is not. ``prefix`` is the sheet's namespace prefix
    with its colon (:class:`Syntax`)."""
    if _formula_hint(prefix).search(xml) is None:  # the usual case: one pass
        return []
    found = []
    for cell in CELL_ELEMENT.finditer(xml):
        content = cell.group(2)
        if content and FORMULA_START.search(content) and not holds_result(cell.group(1), content):
            ref = CELL_R_ATTR.search(b" " + cell.group(1))
            if ref:
                found.append((int(ref.group(2)), column_index_from_string(ref.group(1).decode())))
    return found


def holds_result(attrs: bytes, content: bytes) -> bool:
    """Whether a formula cell (``attrs``: its start tag's attributes, ``content``: what it
    holds) holds its result: a value element, not empty unless the result is text (an empty
    text is a result; an empty number is none)."""
    value = _VALUE_START.search(content)
    if value is None:
        return False
    return not _EMPTY_VALUE.match(content, value.start()) or bool(_TEXT_RESULT.search(b" " + attrs))


class Syntax(NamedTuple):
    """Byte patterns for one namespace prefix (b"" for the default namespace)."""

    p: bytes
    row_start: re.Pattern[bytes]
    row_close: bytes
    c_open: bytes
    c_close: bytes
    c_split: bytes
    f_open: bytes
    cell_start: re.Pattern[bytes]
    implicit_cell: re.Pattern[bytes]
    f_elem: re.Pattern[bytes]
    f_dependent: re.Pattern[bytes]
    ext_lst: bytes
    dimension: re.Pattern[bytes]


@lru_cache(maxsize=8)
def syntax(prefix: bytes) -> Syntax:
    """The patterns for elements written with ``prefix`` (``b"x"`` for ``<x:row>``)."""
    p = prefix + b":" if prefix else b""
    e = re.escape(p)
    return Syntax(
        p=p,
        row_start=re.compile(rb"<" + e + rb"row(?=[\s/>])([^>]*)>"),
        row_close=b"</" + p + b"row>",
        c_open=b"<" + p + b"c",
        c_close=b"</" + p + b"c>",
        c_split=b"<" + p + b"c ",
        f_open=b"<" + p + b"f",
        cell_start=re.compile(rb"<" + e + rb"c(?=[\s/>])([^>]*)>"),
        implicit_cell=re.compile(rb"<" + e + rb"c(?=[\s/>])(?![^>]*\sr\s*=)"),
        f_elem=re.compile(rb"<" + e + rb"f(?=[\s/>])"),
        f_dependent=re.compile(rb"<" + e + rb"f(\s[^>]*?)(?:/>|>\s*</" + e + rb"f>)", re.S),
        ext_lst=b"<" + p + b"extLst",
        dimension=re.compile(rb"<" + e + rb"dimension(?=[\s/>])([^>]*)>"),
    )


class SheetData(NamedTuple):
    """Where ``<sheetData>`` is in a worksheet part (offsets into its bytes)."""

    syntax: Syntax
    tag_start: int  # the "<" of the start tag
    data_start: int  # after the start tag
    data_end: int  # the "<" of the end tag (== data_start for <sheetData/>)
    close_end: int  # after the end tag (after the start tag for <sheetData/>)
    attrs: bytes  # inside the start tag
    empty_element: bool  # written <sheetData/>


def _check_namespace(xml: bytes, prefix: bytes, sheet_data_attrs: bytes, where: str) -> None:
    decl = b"xmlns:" + prefix if prefix else b"xmlns"
    pattern = re.compile(rb"\s" + re.escape(decl) + rb"\s*=\s*[\"']([^\"']*)[\"']")
    root = re.search(rb"<(?![?!])[^>]*>", xml)
    for scope in (sheet_data_attrs, root.group(0) if root else b""):
        m = pattern.search(scope)
        if m:
            if m.group(1) in MAIN_NAMESPACES:
                return
            break
    shown = prefix.decode() + ":" if prefix else ""
    raise PackageError(
        f"Bagian {where}: elemen {shown}sheetData tidak berada dalam namespace SpreadsheetML; "
        "berkas ini tidak dapat diubah dengan aman."
    )


#: The end of a comment, a CDATA section or a processing instruction.
_AFTER_HIDDEN = re.compile(rb"-->|\]\]>|\?>")


def _declaration_at(xml: bytes, start: int, end: int) -> bool:
    """Whether ``<!`` (CDATA or a comment) occurs between ``start`` and ``end``. A '!' is rare
    in a sheet and found at memchr speed; '<!' as such would be looked for at every '<'."""
    bang = xml.find(b"!", start + 1, end)
    while bang >= 0:
        if xml[bang - 1] == 0x3C:  # "<"
            return True
        bang = xml.find(b"!", bang + 1, end)
    return False


#: How a part written in UTF-16 begins: its byte order mark, or ``<`` in either byte order.
_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")


def locate_sheet_data(xml: bytes, part: str) -> SheetData:
    """Find ``<sheetData>`` in the worksheet part ``part``; refuse what a byte scan cannot
    read safely (another namespace, an unclosed element, CDATA or comments inside)."""
    m = _SHEET_DATA.search(xml)
    if not m:
        if xml[:2] in _UTF16_STARTS:
            raise PackageError(
                f"Bagian {part} ditulis dalam pengodean UTF-16, yang tidak dapat dibaca "
                "dengan aman; buka berkas ini di Excel atau LibreOffice lalu simpan ulang."
            )
        raise PackageError(f"Bagian {part} bukan lembar kerja (tidak ada sheetData).")
    prefix = m.group(1) or b""
    _check_namespace(xml, prefix, m.group(2), part)
    sx = syntax(prefix)
    if m.group(3):
        return SheetData(sx, m.start(), m.end(), m.end(), m.end(), m.group(2), True)
    close_tag = b"</" + sx.p + b"sheetData>"
    # Looked for from the end, where it is: a search from the start passes over the whole
    # sheet (~0.1 s for a roster's). A well-formed part has one end tag; only a comment, a
    # CDATA section or a processing instruction after it could hold another, and then the
    # first one is taken.
    data_end = xml.rfind(close_tag, m.end())
    if data_end >= 0 and _AFTER_HIDDEN.search(xml, data_end):
        data_end = xml.find(close_tag, m.end())
    if data_end < 0:
        raise PackageError(f"Bagian {part} rusak: sheetData tidak ditutup.")
    if _declaration_at(xml, m.end(), data_end):
        raise PackageError(
            f"Bagian {part} memuat CDATA atau komentar XML di dalam sheetData; "
            "bentuk ini tidak didukung."
        )
    return SheetData(sx, m.start(), m.end(), data_end, data_end + len(close_tag), m.group(2), False)


#: One row: (number, start, content start, content end, end, attributes of the start tag).
#: The content is what lies between the start and end tags (empty for ``<row .../>``); the
#: attributes end with "/" for such a row.
RowSpan = tuple[int, int, int, int, int, bytes]


def scan_rows(
    xml: bytes, start: int, end: int, sx: Syntax, part: str, prev_row: int = 0
) -> Iterator[RowSpan]:
    """The rows between ``start`` and ``end`` (a :class:`SheetData`'s content), in order;
    ``prev_row`` is the row before ``start`` (a scan resumed after rows read another way).

    A row without ``r`` follows the one before it. Rows out of order, rows not closed, and
    anything but whitespace between rows are refused. Stop iterating early to leave the rest
    of the sheet unscanned.
    """
    pos = start
    search = sx.row_start.search
    row_close, len_close = sx.row_close, len(sx.row_close)
    while True:
        m = search(xml, pos, end)
        if m is None:
            return
        row_start = m.start()
        if row_start != pos and xml[pos:row_start].strip():
            raise PackageError(f"Bagian {part}: isi tak dikenal di antara baris.")
        attrs = m.group(1)
        c_start = m.end()
        if attrs[-1:] == b"/":
            c_end = row_end = c_start
        else:
            c_end = xml.find(row_close, c_start, end)
            if c_end < 0:
                raise PackageError(f"Bagian {part} rusak: baris tidak ditutup.")
            row_end = c_end + len_close
        try:
            if attrs.startswith(b' r="'):
                rownum = int(attrs[4 : attrs.find(b'"', 4)])
            else:
                r = R_ATTR.search(attrs)
                rownum = int(r.group(1)) if r else prev_row + 1
        except ValueError:
            raise PackageError(f"Bagian {part}: nomor baris tidak sah.") from None
        if rownum <= prev_row:
            raise PackageError(f"Bagian {part}: baris tidak berurutan (baris {rownum}).")
        prev_row = rownum
        yield rownum, row_start, c_start, c_end, row_end, attrs
        pos = row_end
