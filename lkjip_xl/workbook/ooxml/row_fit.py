"""Rows grown to hold their wrapped texts, for the applications that do not grow them on opening.

Excel fits a row without a manual height (no ``customHeight="1"``) to its wrapped texts when it
shows it; LibreOffice opening an .xlsx keeps the height the file states (15 pt when none), so a
long name wrapped in its cell prints over the rows below. A row holding a text in a cell whose
style wraps is given a height (``ht``) that holds it, estimated from the text's length and the
column's width; ``customHeight`` stays off, so Excel still fits the row itself, and LibreOffice
still refits it when the text is edited there. A height set by hand is never touched, and a row
is never made lower than it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from lkjip_xl.workbook.ooxml.letters import column_index_from_string
from lkjip_xl.workbook.ooxml.markup import local_name, unescape_text
from lkjip_xl.workbook.ooxml.package import Package
from lkjip_xl.workbook.ooxml.parse import parse_part
from lkjip_xl.workbook.ooxml.relationships import REL_SHARED_STRINGS, REL_STYLES
from lkjip_xl.workbook.ooxml.sheet_data import locate_sheet_data, scan_rows

__all__ = ["RowFitter", "SharedStrings", "column_widths", "fit_rows", "wrap_styles"]


#: (column width in characters, text) of each wrapped text of a row -> the row's height (pt).
Estimate = Callable[[Iterable[tuple[float, str]]], float]

_DEFAULT_WIDTH = 8.43  # Excel's width of a column nobody sized
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_NUMBER_ATTR = {
    name: re.compile(rb"\s" + name + rb'\s*=\s*["\']([0-9.]+)["\']')
    for name in (b"min", b"max", b"width", b"ht")
}
_CUSTOM_HEIGHT = re.compile(rb'\scustomHeight\s*=\s*["\'](?:1|true)["\']')
_HT = re.compile(rb'\sht\s*=\s*["\'][^"\']*["\']')
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_CELL_REF = re.compile(rb'\sr\s*=\s*["\']([A-Za-z]{1,3})[0-9]+["\']')
_TYPE = re.compile(rb'\st\s*=\s*["\'](\w+)["\']')
_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_SI = re.compile(rb"<(?:\w+:)?si\b(?:[^>]*/>|.*?</(?:\w+:)?si>)", re.S)
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
_SPACE = b" \t\r\n"
_PLAIN_HEAD = b"<is><t>"
_PLAIN_TAIL = b"</t></is>"
#: A text cell as our writer and openpyxl spell it, read by one pattern (others: _general_cell).
_PLAIN_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})[0-9]+" s="[0-9]+" t="inlineStr">'
    rb'<is><t(?: xml:space="preserve")?>([^<]*)</t></is></c>'
)
#: Column letters (as found in a cell reference) -> column number; at most 18,278 entries.
_COLUMNS: dict[bytes, int] = {}


def _number(attrs: bytes, name: bytes) -> float | None:
    m = _NUMBER_ATTR[name].search(attrs)
    return float(m.group(1)) if m else None


@lru_cache(maxsize=4)
def wrap_styles(styles_xml: bytes) -> frozenset[int]:
    """The cell formats (``cellXfs`` indices) whose alignment wraps text (read once for the
    same part: a distribution's every unit has its master's)."""
    for section in parse_part(styles_xml, "xl/styles.xml"):
        if local_name(section.tag) != "cellXfs":
            continue
        found = set()
        for index, xf in enumerate(x for x in section if local_name(x.tag) == "xf"):
            for child in xf:
                wrap = child.get("wrapText")
                if local_name(child.tag) == "alignment" and wrap in ("1", "true"):
                    found.add(index)
        return frozenset(found)
    return frozenset()


class SharedStrings:
    """The shared strings table, read on demand: one pass finds where each item lies, and an
    item's text is taken out when a wrapped cell asks for it. A roster saved by LibreOffice
    holds 100,000 names there; a tree of them all cost a recompute 80 MB and most of a second
    for the few wrapped cells of its small sheets."""

    def __init__(self, xml: bytes) -> None:
        self._xml = xml
        self._spans: list[tuple[int, int]] | None = None

    def get(self, index: int) -> str | None:
        if self._spans is None:
            self._spans = [m.span() for m in _SI.finditer(self._xml)]
        if not 0 <= index < len(self._spans):
            return None
        start, stop = self._spans[index]
        # Phonetic runs (rPh) are a reading aid, not the text shown; rich-text runs are joined.
        item = _PHONETIC.sub(b"", self._xml[start:stop])
        return "".join(unescape_text(t) for t in _TEXT.findall(item))


def column_widths(sheet_xml: bytes) -> dict[int, float]:
    """Sheet column (1-based) -> width in characters, for the columns the sheet sizes."""
    head = sheet_xml[: sheet_xml.find(b"sheetData")]
    widths: dict[int, float] = {}
    for m in _COL.finditer(head):
        first, last, width = (_number(m.group(1), n) for n in (b"min", b"max", b"width"))
        if first is None or width is None:
            continue
        # A <col> spanning to the sheet's last column would be 16,384 entries: cap the span.
        for col in range(int(first), min(int(last or first), int(first) + 256) + 1):
            widths[col] = width
    return widths


def _cell_text(attrs: bytes, inner: bytes | None, strings: SharedStrings) -> str | None:
    kind = _TYPE.search(attrs)
    if kind is None or inner is None:
        return None
    t = kind.group(1)
    if t == b"inlineStr":
        # One plain run, as every writer we know stores a typed text: no pattern needed.
        if inner.startswith(_PLAIN_HEAD) and inner.endswith(_PLAIN_TAIL) and inner.count(b"<") == 4:
            return unescape_text(inner[len(_PLAIN_HEAD) : -len(_PLAIN_TAIL)])
        return "".join(unescape_text(x) for x in _TEXT.findall(inner))
    value = _VALUE.search(inner)
    if value is None:
        return None
    if t == b"s":
        index = int(value.group(1)) if value.group(1).isdigit() else -1
        return strings.get(index)
    if t == b"str":
        return unescape_text(value.group(1))
    return None


def _wrapped_style(wrap: frozenset[int]) -> re.Pattern[bytes]:
    """The style attribute of a cell whose style wraps, as every writer we know spells it.

    The whitespace before the name is checked by the caller: a pattern starting with a literal
    is searched for several times faster than one starting with ``\\s``."""
    return re.compile(rb's="(?:' + b"|".join(b"%d" % s for s in sorted(wrap)) + rb')"')


def _general_cell(
    content: bytes, start: int, after: int, strings: SharedStrings
) -> tuple[bytes, str] | None:
    """(column letters, text) of the cell whose tag opens at ``start``, in any spelling."""
    stop = content.find(b">", after)
    name_end = content.find(b" ", start)
    name = content[start + 1 : name_end]
    if stop < 0 or not (name == b"c" or name.endswith(b":c")):
        return None
    attrs = content[name_end:stop]
    ref = _CELL_REF.search(attrs)
    end = _CELL_END.search(content, stop)
    if attrs.endswith(b"/") or ref is None or end is None:
        return None  # an empty cell
    text = _cell_text(attrs, content[stop + 1 : end.start()], strings)
    return (ref.group(1), text) if text else None


def _row_texts(
    content: bytes,
    style: re.Pattern[bytes],
    widths: Mapping[int, float],
    strings: SharedStrings,
) -> list[tuple[float, str]]:
    found = []
    # The style attribute is looked for, then its tag: far faster than a pattern for the tag.
    for m in style.finditer(content):
        if m.start() == 0 or content[m.start() - 1] not in _SPACE:
            continue  # another attribute ending in "s" (xs="1"), not the style
        start = content.rfind(b"<", 0, m.start())
        plain = _PLAIN_CELL.match(content, start)
        if plain is not None:
            letters, text = plain.group(1), unescape_text(plain.group(2))
            if not text:
                continue
        else:
            cell = _general_cell(content, start, m.end(), strings)
            if cell is None:
                continue
            letters, text = cell
        column = _COLUMNS.get(letters)
        if column is None:
            column = _COLUMNS[letters] = column_index_from_string(letters.decode().upper())
        width = widths.get(column)
        width = _DEFAULT_WIDTH if width is None else width
        # A text shorter than its column holds one line, as a row does anyway.
        if len(text) > width or "\n" in text:
            found.append((width, text))
    return found


def fit_rows(
    sheet_xml: bytes,
    part: str,
    *,
    wrap: frozenset[int],
    strings: SharedStrings,
    estimate: Estimate,
    default_height: float,
) -> bytes:
    """``sheet_xml`` with each row that holds wrapped texts made tall enough for them."""
    if not wrap:
        return sheet_xml
    where = locate_sheet_data(sheet_xml, part)
    widths = column_widths(sheet_xml)
    style = _wrapped_style(wrap)
    out: list[bytes] = []
    last = 0
    p = where.syntax.p
    for _rownum, row_start, c_start, c_end, _row_end, attrs in scan_rows(
        sheet_xml, where.data_start, where.data_end, where.syntax, part
    ):
        if c_start == c_end or _CUSTOM_HEIGHT.search(attrs):
            continue
        texts = _row_texts(sheet_xml[c_start:c_end], style, widths, strings)
        if not texts:
            continue
        needed = estimate(texts)
        if needed <= (_number(attrs, b"ht") or default_height):
            continue
        kept = _HT.sub(b"", attrs)
        out += [sheet_xml[last:row_start], b"<", p, b"row", kept, b' ht="%g">' % needed]
        last = c_start
    if not out:
        return sheet_xml
    out.append(sheet_xml[last:])
    return b"".join(out)


class RowFitter:
    """:func:`fit_rows` for the worksheets of one package, its styles and strings read once."""

    def __init__(self, pkg: Package, estimate: Estimate, default_height: float) -> None:
        self._pkg = pkg
        self._estimate = estimate
        self._default = default_height
        self._wrap: frozenset[int] | None = None
        self._strings = SharedStrings(b"")

    def _load(self) -> frozenset[int]:
        if self._wrap is None:
            styles = self._pkg.rel_target(REL_STYLES)
            self._wrap = wrap_styles(self._pkg.read(styles)) if styles else frozenset()
            strings = self._pkg.rel_target(REL_SHARED_STRINGS)
            if self._wrap and strings and strings in self._pkg.infos:
                self._strings = SharedStrings(self._pkg.read(strings))
        return self._wrap

    def fit(self, sheet_xml: bytes, part: str) -> bytes:
        wrap = self._load()
        return fit_rows(
            sheet_xml,
            part,
            wrap=wrap,
            strings=self._strings,
            estimate=self._estimate,
            default_height=self._default,
        )
