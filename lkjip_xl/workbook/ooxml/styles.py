"""Cell formats by named cell style and number format, found in (or added to) ``styles.xml``.

The Laporan sheet's cells are written in the template's named styles ("Laporan Angka", ...), and
a figure needs its style with the number format that shows it (0,00; #.##0; "Rp "#.##0). Such a
format (``cellXfs`` entry) is looked up by the style's ``xfId`` and the format code; a missing
one is added as a copy of the style's first entry with only the number format changed, so a
user's change to a named style's look carries over. The part is read with defusedxml and edited
as bytes: entries are only appended.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.markup import QNAME_PREFIX, local_name
from lkjip_xl.workbook.ooxml.parse import parse_part

__all__ = ["BUILTIN_FORMATS", "StyleBook"]

#: Excel's built-in number formats the layouts use, by code (they have no numFmt element).
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "@": 49}
FIRST_CUSTOM_FORMAT = 164

_XF = re.compile(rb"<" + QNAME_PREFIX + rb"xf\b[^>]*?(?:/>|>.*?</(?:[\w.-]+:)?xf>)", re.S)
_NUM_FMT_ID = re.compile(rb'\snumFmtId\s*=\s*"[0-9]*"')


def _section(xml: bytes, name: bytes) -> re.Match[bytes] | None:
    return re.search(rb"<(" + QNAME_PREFIX + name + rb")\b([^>]*?)(/>|>(.*?)</\1>)", xml, re.S)


def _number(element: Any, attribute: str, part: str) -> int:
    """An index attribute of a style element; a part whose index is no number is refused (as
    int() would, in English)."""
    text = element.get(attribute, "0")
    try:
        return int(text)
    except ValueError:
        raise PackageError(
            f"Bagian {part} rusak: {attribute} bernilai {text!r}, bukan bilangan bulat."
        ) from None


@lru_cache(maxsize=4)
def _read_styles(
    xml: bytes, part: str
) -> tuple[dict[str, int], dict[str, int], tuple[tuple[int, int], ...]]:
    """The named styles, number formats and cell formats (xfId, numFmtId) of ``xml``: read
    once for the same part (a distribution's every unit has its master's), copied by
    :class:`StyleBook`, which adds to them."""
    root = parse_part(xml, part)
    named: dict[str, int] = {}
    formats: dict[str, int] = dict(BUILTIN_FORMATS)
    xfs: tuple[tuple[int, int], ...] = ()
    for section in root:
        kind = local_name(section.tag)
        if kind == "cellStyles":
            for style in section:
                named[style.get("name", "")] = _number(style, "xfId", part)
        elif kind == "numFmts":
            for fmt in section:
                formats[fmt.get("formatCode", "")] = _number(fmt, "numFmtId", part)
        elif kind == "cellXfs":
            xfs = tuple(
                (_number(x, "xfId", part), _number(x, "numFmtId", part))
                for x in section
                if local_name(x.tag) == "xf"
            )
    return named, formats, xfs


class StyleBook:
    """The cell formats of one ``styles.xml``; :meth:`xf` finds or adds one."""

    def __init__(self, xml: bytes, part: str = "xl/styles.xml"):
        self.part = part
        self.original = xml
        named, formats, xfs = _read_styles(xml, part)
        self.named: dict[str, int] = dict(named)
        self.formats: dict[str, int] = dict(formats)
        self.xfs: list[tuple[int, int]] = list(xfs)  # (xfId, numFmtId) per cellXfs entry
        self._new_formats: list[tuple[int, str]] = []
        self._new_xfs: list[bytes] = []

    def has_style(self, name: str) -> bool:
        return name in self.named

    def xf(self, style: str, number_format: str | None = None) -> int:
        """The ``cellXfs`` index of named style ``style`` with ``number_format``."""
        if style not in self.named:
            raise PackageError(f"Gaya sel '{style}' tidak ada di buku kerja.")
        xf_id = self.named[style]
        entries = [(i, fmt) for i, (x, fmt) in enumerate(self.xfs) if x == xf_id]
        if number_format is None and entries:
            return entries[0][0]
        fmt_id = self._format_id(number_format or "General")
        for index, fmt in entries:
            if fmt == fmt_id:
                return index
        return self._add_xf(entries[0][0] if entries else None, xf_id, fmt_id)

    def with_number_format(self, index: int, code: str) -> int:
        """The ``cellXfs`` index of cell format ``index`` with number format ``code`` and all
        else the same: ``index`` itself when it shows ``code`` already, an entry that differs
        only so, or one appended (a copy of ``index``). An index the part does not hold is
        returned as it is: such a cell is left alone."""
        if not 0 <= index < len(self.xfs):
            return index
        xf_id, current = self.xfs[index]
        if self.formats.get(code) == current:
            return index
        fmt_id = self._format_id(code)
        wanted = _with_format(self._prototype(index, xf_id), fmt_id)
        key = _format_free(wanted)
        entries = [*self._entries(b"cellXfs"), *self._new_xfs]
        for i, entry in enumerate(entries):
            if self.xfs[i][1] == fmt_id and _format_free(entry) == key:
                return i
        self._new_xfs.append(wanted)
        self.xfs.append((xf_id, fmt_id))
        return len(self.xfs) - 1

    def _format_id(self, code: str) -> int:
        if code not in self.formats:
            used = [i for i in self.formats.values() if i >= FIRST_CUSTOM_FORMAT]
            self.formats[code] = max(used, default=FIRST_CUSTOM_FORMAT - 1) + 1
            self._new_formats.append((self.formats[code], code))
        return self.formats[code]

    def _entries(self, section: bytes) -> list[bytes]:
        found = _section(self.original, section)
        if found is None or found.group(5) is None:
            raise PackageError(f"Bagian {self.part} tidak memiliki {section.decode()}.")
        return [m.group(0) for m in _XF.finditer(found.group(5))]

    def _prototype(self, index: int | None, xf_id: int) -> bytes:
        """A cell format to copy: one of the style's, or the style's own format (a style no
        cell uses yet), pointed at the style."""
        if index is not None:
            original = self._entries(b"cellXfs")
            return (
                original[index] if index < len(original) else self._new_xfs[index - len(original)]
            )
        own = self._entries(b"cellStyleXfs")[xf_id]
        own = re.sub(rb'\sxfId\s*=\s*"[0-9]*"', b"", own)
        return re.sub(rb"(<(?:[\w.-]+:)?xf\b)", rf'\1 xfId="{xf_id}"'.encode(), own, count=1)

    def _add_xf(self, prototype: int | None, xf_id: int, fmt_id: int) -> int:
        raw = self._prototype(prototype, xf_id)
        changed = _NUM_FMT_ID.sub(f' numFmtId="{fmt_id}"'.encode(), raw, count=1)
        if b"applyNumberFormat" not in changed:
            opening = rb"(<(?:[\w.-]+:)?xf\b)"
            changed = re.sub(opening, rb'\1 applyNumberFormat="1"', changed, count=1)
        self._new_xfs.append(changed)
        self.xfs.append((xf_id, fmt_id))
        return len(self.xfs) - 1

    @property
    def changed(self) -> bool:
        return bool(self._new_xfs or self._new_formats)

    def xml(self) -> bytes:
        """``styles.xml`` with the added formats and cell formats appended."""
        xml = self.original
        if self._new_formats:
            from html import escape  # a new number format is rare; html is not loaded per click

            xml = _append(xml, b"numFmts", [
                f'<numFmt numFmtId="{i}" formatCode="{escape(code, quote=True)}"/>'.encode()
                for i, code in self._new_formats
            ], before=(b"fonts",))  # fmt: skip
        if self._new_xfs:
            xml = _append(xml, b"cellXfs", self._new_xfs, before=())
        return xml


_APPLY_NUMBER_FORMAT = re.compile(rb'\sapplyNumberFormat\s*=\s*"[^"]*"')


def _with_format(raw: bytes, fmt_id: int) -> bytes:
    """Cell format ``raw`` with number format ``fmt_id``, applied."""
    attr = f' numFmtId="{fmt_id}"'.encode()
    opening = rb"(<(?:[\w.-]+:)?xf\b)"
    changed = _NUM_FMT_ID.sub(attr, raw, count=1)
    if changed == raw and not _NUM_FMT_ID.search(raw):
        changed = re.sub(opening, rb"\1" + attr, raw, count=1)
    if b"applyNumberFormat" not in changed:
        changed = re.sub(opening, rb'\1 applyNumberFormat="1"', changed, count=1)
    return changed


def _format_free(raw: bytes) -> bytes:
    """A cell format without its number format: two entries differing only there are equal."""
    return _APPLY_NUMBER_FORMAT.sub(b"", _NUM_FMT_ID.sub(b"", raw))


def _append(xml: bytes, name: bytes, items: list[bytes], before: tuple[bytes, ...]) -> bytes:
    """``items`` appended to section ``name`` (created before the first of ``before`` when
    missing), its count raised."""
    match = _section(xml, name)
    if match is None:
        anchor = next((m for b in before if (m := _section(xml, b))), None)
        if anchor is None:
            raise PackageError(f"Bagian gaya tidak memiliki {name.decode()}.")
        prefix = anchor.group(2) or b""
        tag = (prefix + b":" if prefix else b"") + name
        block = b"<" + tag + b' count="' + str(len(items)).encode() + b'">' + b"".join(items)
        return xml[: anchor.start()] + block + b"</" + tag + b">" + xml[anchor.start() :]
    tag, attrs, body = match.group(1), match.group(3), match.group(5) or b""
    new_attrs = re.sub(rb'\scount\s*=\s*"[0-9]*"', b"", attrs)
    total = (len(_XF.findall(body)) if name == b"cellXfs"
             else len(re.findall(rb"<(?:[\w.-]+:)?numFmt\b", body))) + len(items)  # fmt: skip
    block = (b"<" + tag + b' count="' + str(total).encode() + b'"' + new_attrs + b">" + body
             + b"".join(items) + b"</" + tag + b">")  # fmt: skip
    return xml[: match.start()] + block + xml[match.end() :]
