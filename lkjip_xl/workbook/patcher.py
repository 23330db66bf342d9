"""Change individual cells of an .xlsx/.xlsm package without touching anything else.

openpyxl load-and-save rewrites the whole package and drops what it does not model (VBA
buttons, some chart and drawing features, slicers, extension lists). A recompute must only
change the cells it computes, so this module edits the worksheet XML as bytes:

* ``<sheetData>`` is split into ``<row>`` segments with compiled regexes; rows without edits
  are copied as byte slices and only the cells of edited rows are rebuilt;
* no DOM is built for a sheet (a 100,000-row sheet is ~40 MB of XML) and no entity is ever
  expanded, since incoming workbooks are untrusted;
* every zip member that is not changed is copied raw: same compressed bytes, same order.

The small package parts (``workbook.xml``, relationships, content types, tables) are read with
defusedxml to find things, and edited as bytes as well so that their other content survives.
"""

from __future__ import annotations

import copy
import gc
import math
import numbers
import posixpath
import re
import struct
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET

__all__ = ["Cell", "Package", "PatchError", "patch_workbook"]

CellValue = float | int | str | bool | None

# A part we parse is read fully into memory; this bounds what a hostile archive can make us
# inflate (the largest real worksheet we expect is ~40 MB).
MAX_PART_BYTES = 512 << 20
# Excel refuses longer cell text.
MAX_TEXT_CHARS = 32767
MAX_ROW = 1_048_576
MAX_COL = 16_384

_MAIN_NAMESPACES = (
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    b"http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_REL_WORKSHEET = "/worksheet"
_REL_CALC_CHAIN = "/calcChain"
_REL_OFFICE_DOCUMENT = "/officeDocument"
_CT_TABLE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"


class PatchError(ValueError):
    """The workbook or the requested edits cannot be patched safely (message in Indonesian)."""


@dataclass(frozen=True)
class Cell:
    """A value to write, optionally with an explicit style.

    ``style`` is the ``s`` index into ``cellXfs``. ``None`` keeps the existing cell's style or,
    for a new cell, takes the style of the nearest cell above in the same column.
    """

    value: CellValue
    style: int | None = None

    def __post_init__(self) -> None:
        if self.style is not None and (
            isinstance(self.style, bool) or not isinstance(self.style, int) or self.style < 0
        ):
            raise PatchError(f"Indeks gaya sel tidak sah: {self.style!r}.")


# ---------------------------------------------------------------------------------------------
# Values


_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Excel decodes _xHHHH_ in cell text, so a literal one must have its underscore escaped.
_OOXML_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")
_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})\Z")
_RANGE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?\Z")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


@lru_cache(maxsize=MAX_COL + 1)
def _col_letters(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _parse_ref(ref: str) -> tuple[int, int]:
    m = _A1.match(ref) if isinstance(ref, str) else None
    if not m:
        raise PatchError(f"Alamat sel tidak sah: {ref!r} (contoh yang benar: 'D5').")
    col, row = _col_number(m.group(1)), int(m.group(2))
    if not (1 <= col <= MAX_COL and 1 <= row <= MAX_ROW):
        raise PatchError(f"Alamat sel di luar batas lembar kerja: {ref!r}.")
    return row, col


def _parse_range(ref: str) -> tuple[int, int, int, int]:
    """Return (min_row, min_col, max_row, max_col) of 'A1' or 'A1:K20'."""
    m = _RANGE.match(ref) if isinstance(ref, str) else None
    if not m:
        raise PatchError(f"Rentang sel tidak sah: {ref!r} (contoh yang benar: 'A4:K120').")
    r1, c1 = int(m.group(2)), _col_number(m.group(1))
    r2, c2 = (int(m.group(4)), _col_number(m.group(3))) if m.group(3) else (r1, c1)
    if not (
        1 <= c1 <= MAX_COL and 1 <= c2 <= MAX_COL and 1 <= r1 <= MAX_ROW and 1 <= r2 <= MAX_ROW
    ):
        raise PatchError(f"Rentang sel di luar batas lembar kerja: {ref!r}.")
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def _format_range(r1: int, c1: int, r2: int, c2: int) -> str:
    first = f"{_col_letters(c1)}{r1}"
    return first if (r1, c1) == (r2, c2) else f"{first}:{_col_letters(c2)}{r2}"


def _escape_text(text: str) -> bytes:
    text = _INVALID_XML_CHARS.sub("", text)
    if "_x" in text:
        text = _OOXML_ESCAPE.sub(r"_x005F_\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A raw CR would be normalised to LF by every XML parser.
    text = text.replace("\r", "&#13;")
    return text.encode("utf-8")


def _unescape_text(raw: bytes) -> str:
    def sub(m: re.Match[str]) -> str:
        ent = m.group(1)
        named = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
        if ent in named:
            return named[ent]
        return chr(int(ent[2:], 16)) if ent[1] in "xX" else chr(int(ent[1:]))

    return re.sub(r"&(amp|lt|gt|quot|apos|#[0-9]+|#[xX][0-9A-Fa-f]+);", sub, raw.decode("utf-8"))


# ---------------------------------------------------------------------------------------------
# Worksheet XML, as bytes


_QNAME_PREFIX = rb"(?:([A-Za-z_][\w.-]*):)?"
_SHEET_DATA = re.compile(rb"<" + _QNAME_PREFIX + rb"sheetData(?=[\s/>])([^>]*?)(/?)>")
_ATTR = re.compile(rb"([^\s=/]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_R_ATTR = re.compile(rb"\sr\s*=\s*[\"']([^\"']*)[\"']")
_S_ATTR = re.compile(rb"\ss\s*=\s*[\"']([0-9]+)[\"']")
_REF_ATTR = re.compile(rb"(\sref\s*=\s*)([\"'])([^\"']*)\2")
_CELL_REF = re.compile(rb"([A-Z]{1,3})([0-9]+)\Z")
_DROPPED_CELL_ATTRS = frozenset({b"r", b"t", b"cm", b"vm"})


@dataclass(frozen=True)
class _Syntax:
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
def _syntax(prefix: bytes) -> _Syntax:
    p = prefix + b":" if prefix else b""
    e = re.escape(p)
    return _Syntax(
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


def _attrs(raw: bytes) -> list[tuple[bytes, bytes]]:
    return [
        (m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
        for m in _ATTR.finditer(raw)
    ]


def _check_namespace(xml: bytes, prefix: bytes, sheet_data_attrs: bytes, where: str) -> None:
    decl = b"xmlns:" + prefix if prefix else b"xmlns"
    pattern = re.compile(rb"\s" + re.escape(decl) + rb"\s*=\s*[\"']([^\"']*)[\"']")
    root = re.search(rb"<(?![?!])[^>]*>", xml)
    for scope in (sheet_data_attrs, root.group(0) if root else b""):
        m = pattern.search(scope)
        if m:
            if m.group(1) in _MAIN_NAMESPACES:
                return
            break
    shown = prefix.decode() + ":" if prefix else ""
    raise PatchError(
        f"Bagian {where}: elemen {shown}sheetData tidak berada dalam namespace SpreadsheetML; "
        "berkas ini tidak dapat diubah dengan aman."
    )


# Edits, reduced to bytes once the sheet's namespace prefix is known. One edit is the tuple
# (col, needle, t_attr, tail, style_attr, style): needle is b'r="D5"', tail is everything after
# the attributes (b'><v>1.5</v></c>' or b'/>'), style_attr is b' s="3"' or None. Tuples rather
# than objects because a recompute can carry a million of them.
_Edit = tuple[int, bytes, bytes, bytes, bytes | None, int | None]

_NEEDS_ESCAPE = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]|_x")
_T_BOOL, _T_INLINE = b' t="b"', b' t="inlineStr"'
_CACHEABLE = frozenset({float, int, str, bool})


@lru_cache(maxsize=1)
def _column_numbers() -> dict[str, int]:
    return {_col_letters(n): n for n in range(1, MAX_COL + 1)}


def _split_ref(ref: object, sheet: str) -> tuple[str, int, int]:
    """Canonical ref ('D5'), row and column of a ref written with '$', lower case, etc."""
    if not isinstance(ref, str):
        raise PatchError(f"Alamat sel tidak sah: {ref!r} (lembar '{sheet}').")
    row, col = _parse_ref(ref)
    return f"{_col_letters(col)}{row}", row, col


def _text_bytes(ref: str, text: str) -> bytes:
    if len(text) > MAX_TEXT_CHARS:
        raise PatchError(
            f"Teks untuk sel {ref} terlalu panjang ({len(text)} karakter; "
            f"batas Excel {MAX_TEXT_CHARS})."
        )
    return _escape_text(text) if _NEEDS_ESCAPE.search(text) else text.encode("utf-8")


def _other_value(ref: str, raw: object) -> tuple[bytes, str] | None:
    """(t attribute, text) for values that are not plain float/int/str/None; None = blank."""
    if isinstance(raw, bool) or getattr(getattr(raw, "dtype", None), "kind", "") == "b":
        return _T_BOOL, "1" if raw else "0"
    if isinstance(raw, numbers.Integral):
        return b"", str(int(raw))
    if isinstance(raw, numbers.Real):
        f = float(raw)
        if math.isnan(f):
            return None
        if math.isinf(f):
            raise PatchError(f"Nilai tak hingga tidak dapat ditulis ke sel {ref}.")
        return b"", repr(f)
    raise PatchError(f"Jenis nilai {type(raw).__name__} untuk sel {ref} tidak didukung.")


def _prepare_edits(sheet: str, edits: Mapping[str, object], p: bytes) -> dict[int, list[_Edit]]:
    """Group edits by row (cells sorted by column) and render each value to XML once."""
    ps = p.decode()
    v_open, v_close = f"><{ps}v>", f"</{ps}v></{ps}c>"
    is_open = f'><{ps}is><{ps}t xml:space="preserve">'.encode()
    is_close = f"</{ps}t></{ps}is></{ps}c>".encode()
    blank = b"/>"
    by_row: dict[int, list[_Edit]] = {}
    columns = _column_numbers()
    digits = "0123456789"
    lenient = False
    needs_escape = _NEEDS_ESCAPE.search
    rendered: dict[tuple[type, object], tuple[bytes, bytes]] = {}
    # This loop runs once per written cell (a million on a large roster): keep it flat.
    for ref, value in edits.items():
        try:
            letters = ref.rstrip(digits)
            col = columns[letters]
            number = ref[len(letters) :]
            row = int(number)
            if number[0] == "0" or row > MAX_ROW:
                raise ValueError(ref)
            canon = ref
        except (AttributeError, KeyError, ValueError, IndexError):
            canon, row, col = _split_ref(ref, sheet)
            lenient = True
        raw = value
        style_attr = style = None
        if type(raw) is Cell:
            style, raw = raw.style, raw.value
            if style is not None:
                style_attr = b' s="%d"' % style
        tp = type(raw)
        # Computed columns repeat few distinct values (scores, labels, sentences): render each
        # once. NaN never equals itself, so it simply misses the cache and renders as blank.
        cached = rendered.get((tp, raw)) if tp is not float or raw == raw else None
        if cached is not None:
            t_attr, tail = cached
        else:
            t_attr = b""
            if tp is float:
                if raw != raw:  # NaN: pandas' "not computed" stays blank
                    tail = blank
                elif raw - raw != 0:  # type: ignore[operator]
                    raise PatchError(f"Nilai tak hingga tidak dapat ditulis ke sel {canon}.")
                else:
                    tail = f"{v_open}{raw!r}{v_close}".encode()
            elif tp is str:
                t_attr = _T_INLINE
                if len(raw) > MAX_TEXT_CHARS or needs_escape(raw):  # type: ignore[arg-type]
                    text = _text_bytes(canon, raw)  # type: ignore[arg-type]
                else:
                    text = raw.encode()  # type: ignore[union-attr]
                tail = _T_INLINE + is_open + text + is_close
            elif tp is int:
                tail = f"{v_open}{raw}{v_close}".encode()
            elif raw is None:
                tail = blank
            else:
                other = _other_value(canon, raw)
                if other is None:
                    tail = blank
                else:
                    t_attr = other[0]
                    tail = t_attr + f"{v_open}{other[1]}{v_close}".encode()
            if tp in _CACHEABLE:
                rendered[(tp, raw)] = (t_attr, tail)
        edit = (col, f'r="{canon}"'.encode(), t_attr, tail, style_attr, style)
        lst = by_row.get(row)
        if lst is None:
            by_row[row] = [edit]
        else:
            lst.append(edit)
    by_col = itemgetter(0)
    for row, lst in by_row.items():
        if len(lst) > 1:
            lst.sort(key=by_col)
            # Distinct dict keys can only name the same cell when written differently.
            if lenient and len({e[0] for e in lst}) != len(lst):
                cols = [e[0] for e in lst]
                dup = next(c for i, c in enumerate(cols) if c in cols[:i])
                raise PatchError(
                    f"Sel {_col_letters(dup)}{row} di lembar '{sheet}' disebut lebih dari sekali."
                )
    return by_row


def _edit_body(edit: _Edit, c_close: bytes) -> bytes:
    """The value element(s) of an edit, without the t attribute and the closing tag."""
    tail = edit[3]
    if tail == b"/>":
        return b""
    return tail[len(edit[2]) + 1 : -len(c_close)]


@dataclass(slots=True)
class _RawCell:
    col: int
    start: int  # offsets into the row content
    end: int
    attrs: bytes  # inside the start tag, without a trailing "/"
    inner: bytes  # between start and end tag (b"" when self-closing)


@dataclass(slots=True)
class _SharedGroup:
    anchor: str  # A1 ref of the master cell
    formula: str  # unescaped text without "="
    rows: tuple[int, int]


# What may follow r="..." in a cell start tag for the fast path to apply: a style, a type.
_SIMPLE_CELL_SUFFIX = re.compile(rb'( s="[0-9]+")?(?: t="[a-zA-Z]+")? ?')
_COMPLEX = object()


def _simple_style(suffix: bytes) -> bytes | None:
    """The s attribute to keep from a simple cell's attributes, or None when not simple."""
    m = _SIMPLE_CELL_SUFFIX.fullmatch(suffix)
    return None if m is None else (m.group(1) or b"")


class _SheetPatch:
    """Rewrite one worksheet part. Offsets refer to the original XML bytes."""

    def __init__(self, xml: bytes, part: str, sheet: str, edits: Mapping[str, object]) -> None:
        self.xml = xml
        self.part = part
        self.sheet = sheet
        self.raw_edits = edits
        self.formulas_removed = False
        self.changed = False
        self._col_style: dict[int, tuple[int, int | None]] = {}
        self._seen_rows: list[tuple[int, int, int]] = []  # (row, content start, content end)
        self._shared: dict[bytes, _SharedGroup] = {}
        self._offset = 0  # learnt distance between a column number and its chunk index
        self._kept_style: dict[bytes, object] = {}
        self._bounds: list[int] | None = None  # rows and columns of the cells created

    # -- entry point ---------------------------------------------------------------------------

    def run(self) -> bytes:
        xml = self.xml
        m = _SHEET_DATA.search(xml)
        if not m:
            raise PatchError(f"Bagian {self.part} bukan lembar kerja (tidak ada sheetData).")
        prefix = m.group(1) or b""
        _check_namespace(xml, prefix, m.group(2), self.part)
        self.sx = sx = _syntax(prefix)
        self.edits = _prepare_edits(self.sheet, self.raw_edits, sx.p)

        if m.group(3):  # <sheetData/>
            data_start = data_end = close_end = m.end()
            open_tag = b"<" + sx.p + b"sheetData" + m.group(2) + b">"
            close_tag = b"</" + sx.p + b"sheetData>"
        else:
            close_tag = b"</" + sx.p + b"sheetData>"
            data_start = m.end()
            data_end = xml.find(close_tag, data_start)
            if data_end < 0:
                raise PatchError(f"Bagian {self.part} rusak: sheetData tidak ditutup.")
            close_end = data_end + len(close_tag)
            open_tag = b""
        # CDATA and comments could hide markup from the byte-level scan (one search covers both).
        if xml.find(b"<!", data_start, data_end) >= 0:
            raise PatchError(
                f"Bagian {self.part} memuat CDATA atau komentar XML di dalam sheetData; "
                "bentuk ini tidak didukung."
            )
        if xml.find(b"shared", data_start, data_end) >= 0:
            self._find_shared_masters(data_start, data_end)

        body = self._rows(data_start, data_end)
        if not self.changed:
            return xml
        head = self._widen_dimension(xml[: m.start()])
        if open_tag:
            return b"".join([head, open_tag, *body, close_tag, xml[close_end:]])
        return b"".join([head, xml[m.start() : data_start], *body, xml[data_end:]])

    def _find_shared_masters(self, start: int, end: int) -> None:
        """Find shared-formula masters that an edit overwrites.

        Removing a master would orphan the cells that share its formula, so those cells get
        their own (translated) formula instead.
        """
        xml, sx = self.xml, self.sx
        edited = {(row, e[0]) for row, lst in self.edits.items() for e in lst}
        for fm in sx.f_elem.finditer(xml, start, end):
            gt = xml.find(b">", fm.end())
            attrs = dict(_attrs(xml[fm.end() : gt]))
            if attrs.get(b"t") != b"shared" or b"ref" not in attrs or xml[gt - 1] == ord("/"):
                continue
            c_pos = xml.rfind(sx.c_open, start, fm.start())
            r = _R_ATTR.search(xml, c_pos, fm.start()) if c_pos >= 0 else None
            rm = _CELL_REF.match(r.group(1)) if r else None
            if rm is None:
                continue
            row, col = int(rm.group(2)), _col_number(rm.group(1).decode())
            if (row, col) not in edited:
                continue
            f_end = xml.find(b"</" + sx.p + b"f>", gt)
            r1, _c1, r2, _c2 = _parse_range(attrs[b"ref"].decode())
            self._shared[attrs.get(b"si", b"")] = _SharedGroup(
                anchor=r.group(1).decode(),
                formula=_unescape_text(xml[gt + 1 : f_end]),
                rows=(r1, r2),
            )

    # -- rows ----------------------------------------------------------------------------------

    def _touched_rows(self) -> list[int]:
        rows = set(self.edits)
        for g in self._shared.values():
            rows.update(range(g.rows[0], g.rows[1] + 1))
        return sorted(rows)

    def _in_shared_range(self, rownum: int) -> bool:
        return any(g.rows[0] <= rownum <= g.rows[1] for g in self._shared.values())

    def _rows(self, start: int, end: int) -> list[bytes]:
        xml, sx = self.xml, self.sx
        out: list[bytes] = []
        todo = self._touched_rows()
        n_todo, ti = len(todo), 0
        last = pos = start
        prev_row = 0
        search = sx.row_start.search
        row_close, len_close = sx.row_close, len(sx.row_close)
        seen_append = self._seen_rows.append
        edits = self.edits
        shared = bool(self._shared)
        while ti < n_todo:
            m = search(xml, pos, end)
            if m is None:
                break
            row_start = m.start()
            if row_start != pos and xml[pos:row_start].strip():
                raise PatchError(f"Bagian {self.part}: isi tak dikenal di antara baris.")
            attrs = m.group(1)
            c_start = m.end()
            if attrs[-1:] == b"/":
                c_end = row_end = c_start
            else:
                c_end = xml.find(row_close, c_start, end)
                if c_end < 0:
                    raise PatchError(f"Bagian {self.part} rusak: baris tidak ditutup.")
                row_end = c_end + len_close
            try:
                if attrs.startswith(b' r="'):
                    rownum = int(attrs[4 : attrs.find(b'"', 4)])
                else:
                    r = _R_ATTR.search(attrs)
                    rownum = int(r.group(1)) if r else prev_row + 1
            except ValueError:
                raise PatchError(f"Bagian {self.part}: nomor baris tidak sah.") from None
            if rownum <= prev_row:
                raise PatchError(f"Bagian {self.part}: baris tidak berurutan (baris {rownum}).")
            prev_row = rownum
            while ti < n_todo and todo[ti] < rownum:
                new_row = self._new_row(todo[ti])
                if new_row:
                    out.append(xml[last:row_start])
                    out.append(new_row)
                    last = row_start
                ti += 1
            if ti < n_todo and todo[ti] == rownum:
                ti += 1
                row_edits = edits.get(rownum)
                content = xml[c_start:c_end]
                fast = None
                if row_edits and not (shared and self._in_shared_range(rownum)):
                    fast = self._patch_row_fast(rownum, row_edits, content)
                if fast is not None:
                    self.changed = True
                    out.append(xml[last:c_start])
                    out.append(fast)
                    last = c_end
                else:
                    slow = self._patch_row_slow(rownum, attrs, row_edits or [], content)
                    if slow is not None:
                        out.append(xml[last:row_start])
                        out.append(slow)
                        last = row_end
            seen_append((rownum, c_start, c_end))
            pos = row_end
        out.append(xml[last:end])
        for rownum in todo[ti:]:
            new_row = self._new_row(rownum)
            if new_row:
                out.append(new_row)
        return out

    def _new_row(self, rownum: int) -> bytes | None:
        cells = [c for e in self.edits.get(rownum, ()) if (c := self._new_cell(rownum, e))]
        if not cells:
            return None
        self.changed = True
        p = self.sx.p
        head = b"<" + p + b'row r="%d">' % rownum
        return b"".join([head, *cells, b"</", p, b"row>"])

    def _patch_row_fast(self, rownum: int, row_edits: list[_Edit], content: bytes) -> bytes | None:
        """Rewrite the edited cells of a row whose cells all start with '<c ' and 'r='.

        Returns None when a cell is missing or written in an unusual way, so that the row goes
        through the general path.
        """
        sx = self.sx
        chunks = content.split(sx.c_split)
        n = len(chunks)
        # Every '<c' must be a '<c ' split point, otherwise some cell is written differently.
        if content.count(sx.c_open) != n - 1:
            return None
        c_close, len_c_close = sx.c_close, len(sx.c_close)
        # Formulas and cell extLst need the general rebuild; most rows have neither.
        careful = content.find(sx.f_open) >= 0 or content.find(sx.ext_lst) >= 0
        kept_style = self._kept_style
        index: dict[bytes, int] | None = None
        offset = self._offset
        for edit in row_edits:
            col, needle, _t, tail, style_attr, style = edit
            i = col - offset
            if not (0 < i < n and chunks[i].startswith(needle)):
                if index is None:
                    index = {c[: c.find(b'"', 3) + 1]: k for k, c in enumerate(chunks) if k}
                found = index.get(needle)
                if found is None:
                    return None
                i = found
                self._offset = offset = col - i
            chunk = chunks[i]
            gt = chunk.find(b">")
            if gt < 1:
                return None
            if chunk[gt - 1] == 0x2F:  # "/>"
                attrs_end = gt - 1
                end = gt + 1
            elif chunk.endswith(c_close):
                attrs_end = gt
                end = len(chunk)
            else:
                attrs_end = gt
                end = chunk.find(c_close, gt)
                if end < 0:
                    return None
                end += len_c_close
            suffix = chunk[len(needle) : attrs_end]
            s_attr = kept_style.get(suffix, _COMPLEX)
            if s_attr is _COMPLEX:
                s_attr = _simple_style(suffix)
                if len(kept_style) < 1024:
                    kept_style[suffix] = s_attr
            if s_attr is None or (
                careful
                and end > gt + 1
                and (chunk.find(sx.f_open, gt, end) >= 0 or chunk.find(sx.ext_lst, gt, end) >= 0)
            ):
                inner = chunk[gt + 1 : end - len_c_close] if end > gt + 1 else b""
                rebuilt = self._rebuild_cell(rownum, edit, b" " + chunk[:attrs_end], inner)
                chunks[i] = rebuilt[len(sx.c_split) :] + chunk[end:]
                continue
            if style_attr is not None:
                self._col_style[col] = (rownum, style)
                s_attr = style_attr
            chunks[i] = (
                needle + s_attr + tail + chunk[end:] if end < len(chunk) else needle + s_attr + tail
            )
        return sx.c_split.join(chunks)

    def _parse_cells(self, rownum: int, content: bytes) -> tuple[list[_RawCell], int]:
        """All cells of a row and the offset where the row's trailing extLst (if any) starts."""
        sx = self.sx
        cells: list[_RawCell] = []
        pos, col = 0, 0
        n = len(content)
        while pos < n:
            m = sx.cell_start.search(content, pos)
            gap_end = m.start() if m else n
            gap = content[pos:gap_end]
            if gap.strip():
                if gap.lstrip().startswith(sx.ext_lst):
                    return cells, pos
                raise PatchError(f"Bagian {self.part}: isi tak dikenal di baris {rownum}.")
            if m is None:
                break
            raw_attrs = m.group(1)
            if raw_attrs.endswith(b"/"):
                attrs, inner, end = raw_attrs[:-1], b"", m.end()
            else:
                close = content.find(sx.c_close, m.end())
                if close < 0:
                    raise PatchError(
                        f"Bagian {self.part} rusak: sel di baris {rownum} tidak ditutup."
                    )
                attrs, inner, end = raw_attrs, content[m.end() : close], close + len(sx.c_close)
            r = _R_ATTR.search(attrs)
            if r:
                rm = _CELL_REF.match(r.group(1))
                if not rm or int(rm.group(2)) != rownum:
                    raise PatchError(
                        f"Bagian {self.part}: alamat sel {r.group(1).decode(errors='replace')} "
                        f"tidak cocok dengan baris {rownum}."
                    )
                new_col = _col_number(rm.group(1).decode())
            else:
                new_col = col + 1
            if new_col <= col:
                raise PatchError(f"Bagian {self.part}: sel di baris {rownum} tidak berurutan.")
            col = new_col
            cells.append(_RawCell(col, m.start(), end, attrs, inner))
            pos = end
        return cells, n

    def _patch_row_slow(
        self, rownum: int, attrs: bytes, row_edits: list[_Edit], content: bytes
    ) -> bytes | None:
        cells, tail = self._parse_cells(rownum, content)
        pieces: list[bytes] = []
        pos = 0
        pi, n_edits = 0, len(row_edits)
        inserted: list[int] = []
        touched = False
        for cell in cells:
            while pi < n_edits and row_edits[pi][0] < cell.col:
                new = self._new_cell(rownum, row_edits[pi])
                if new:
                    pieces.append(content[pos : cell.start])
                    pieces.append(new)
                    pos = cell.start
                    inserted.append(row_edits[pi][0])
                pi += 1
            if pi < n_edits and row_edits[pi][0] == cell.col:
                pieces.append(content[pos : cell.start])
                pieces.append(self._rebuild_cell(rownum, row_edits[pi], cell.attrs, cell.inner))
                pos = cell.end
                touched = True
                pi += 1
            else:
                expanded = self._expand_shared(rownum, cell)
                if expanded is not None:
                    pieces.append(content[pos : cell.start])
                    pieces.append(expanded)
                    pos = cell.end
                    touched = True
        appended = []
        for edit in row_edits[pi:]:
            new = self._new_cell(rownum, edit)
            if new:
                appended.append(new)
                inserted.append(edit[0])
        if not touched and not inserted:
            return None
        self.changed = True
        pieces.append(content[pos:tail])
        pieces.extend(appended)
        pieces.append(content[tail:])
        if attrs.endswith(b"/"):
            attrs = attrs[:-1]
        if inserted:
            attrs = self._widen_spans(attrs, inserted)
        return b"<" + self.sx.p + b"row" + attrs + b">" + b"".join(pieces) + self.sx.row_close

    @staticmethod
    def _widen_spans(attrs: bytes, cols: list[int]) -> bytes:
        m = re.search(rb"(\sspans\s*=\s*)([\"'])([^\"']*)\2", attrs)
        if not m:
            return attrs
        nums = [int(x) for x in re.findall(rb"[0-9]+", m.group(3))]
        lo, hi = min([*nums, *cols]), max([*nums, *cols])
        return attrs[: m.start()] + m.group(1) + b'"%d:%d"' % (lo, hi) + attrs[m.end() :]

    # -- cells ---------------------------------------------------------------------------------

    def _rebuild_cell(self, row: int, edit: _Edit, attrs: bytes, inner: bytes) -> bytes:
        """General form: keep the cell's other attributes and its extLst, drop its value."""
        sx = self.sx
        col, needle, t_attr, tail, style_attr, style = edit
        kept = [style_attr] if style_attr is not None else []
        for name, val in _attrs(attrs):
            if name in _DROPPED_CELL_ATTRS:
                continue
            if name == b"s":
                if style_attr is not None:
                    continue
                style = int(val) if val.isdigit() else None
            quote = b"'" if b'"' in val else b'"'
            kept.append(b" " + name + b"=" + quote + val + quote)
        if inner and sx.f_elem.search(inner):
            self.formulas_removed = True
        ext_at = inner.find(sx.ext_lst) if inner else -1
        if ext_at >= 0:
            tail = t_attr + b">" + _edit_body(edit, sx.c_close) + inner[ext_at:] + sx.c_close
        self._col_style[col] = (row, style)
        return sx.c_split + needle + b"".join(kept) + tail

    def _new_cell(self, row: int, edit: _Edit) -> bytes | None:
        col, needle, _t, tail, style_attr, style = edit
        if style_attr is None:
            style = self._style_above(row, col)
            if style is not None:
                style_attr = b' s="%d"' % style
        self._col_style[col] = (row, style)
        if style_attr is None and tail == b"/>":
            # A blank, unstyled cell is the same as no cell at all.
            return None
        b = self._bounds
        if b is None:
            self._bounds = [row, col, row, col]
        else:
            b[0], b[1], b[2], b[3] = min(b[0], row), min(b[1], col), max(b[2], row), max(b[3], col)
        return self.sx.c_split + needle + (style_attr or b"") + tail

    def _style_above(self, row: int, col: int) -> int | None:
        """Style of the nearest cell above (row, col) in the same column, from the original XML."""
        checked, style = self._col_style.get(col, (0, None))
        seen = self._seen_rows
        letters = _col_letters(col).encode()
        i = len(seen) - 1
        while i >= 0 and seen[i][0] > checked:
            r, c_start, c_end = seen[i]
            if r < row:
                found = self._cell_in(r, letters, col, c_start, c_end)
                if found is not None:
                    s = _S_ATTR.search(found)
                    return int(s.group(1)) if s else None
            i -= 1
        return style

    def _cell_in(self, rownum: int, letters: bytes, col: int, start: int, end: int) -> bytes | None:
        """The start tag of a cell in an original row, or None."""
        xml, sx = self.xml, self.sx
        hit = xml.find(b' r="' + letters + b"%d" % rownum + b'"', start, end)
        if hit >= 0:
            tag = xml.rfind(b"<", start, hit)
            if tag >= 0 and xml.startswith(sx.c_open, tag) and xml.find(b">", tag, hit) < 0:
                return xml[tag : xml.find(b">", hit)]
        if start == end or not sx.implicit_cell.search(xml, start, end):
            return None
        cells, _ = self._parse_cells(rownum, xml[start:end])
        for cell in cells:
            if cell.col == col:
                return b" " + cell.attrs
        return None

    def _expand_shared(self, rownum: int, cell: _RawCell) -> bytes | None:
        """Give a cell its own formula when the shared formula it points to loses its master."""
        if not cell.inner:
            return None
        sx = self.sx
        m = sx.f_dependent.search(cell.inner)
        if not m:
            return None
        f_attrs = _attrs(m.group(1))
        d = dict(f_attrs)
        group = self._shared.get(d.get(b"si", b""))
        if d.get(b"t") != b"shared" or group is None or b"ref" in d:
            return None
        from openpyxl.formula.translate import Translator

        dest = f"{_col_letters(cell.col)}{rownum}"
        formula = Translator("=" + group.formula, origin=group.anchor).translate_formula(dest)
        keep = b"".join(
            b" " + k + b'="' + v + b'"' for k, v in f_attrs if k not in (b"t", b"si", b"ref")
        )
        f_new = (
            b"<" + sx.p + b"f" + keep + b">" + _escape_formula(formula[1:]) + b"</" + sx.p + b"f>"
        )
        inner = cell.inner[: m.start()] + f_new + cell.inner[m.end() :]
        return sx.c_open + b" " + cell.attrs.strip() + b">" + inner + sx.c_close

    def _widen_dimension(self, head: bytes) -> bytes:
        """Make <dimension ref> cover the cells this patch created."""
        b = self._bounds
        m = self.sx.dimension.search(head) if b else None
        ref = _REF_ATTR.search(m.group(1)) if m else None
        if b is None or m is None or ref is None:
            return head
        try:
            old = _parse_range(ref.group(3).decode())
        except (PatchError, UnicodeDecodeError):
            old = None
        new = (b[0], b[1], b[2], b[3])
        if old is not None:
            new = (min(old[0], b[0]), min(old[1], b[1]), max(old[2], b[2]), max(old[3], b[3]))
            if new == old:
                return head
        start, end = m.start(1) + ref.start(), m.start(1) + ref.end()
        return head[:start] + ref.group(1) + b'"' + _format_range(*new).encode() + b'"' + head[end:]


def _escape_formula(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Small package parts


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _rels(xml: bytes) -> list[Element]:
    return [el for el in SafeET.fromstring(xml) if _local(el.tag) == "Relationship"]


def _resolve_target(base_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def _rels_path(part: str) -> str:
    head, tail = posixpath.split(part)
    return posixpath.join(head, "_rels", tail + ".rels")


def _set_full_calc_on_load(xml: bytes) -> bytes:
    """Make Excel recalculate users' own formulas on open, keeping the rest of workbook.xml."""
    root = re.search(rb"<" + _QNAME_PREFIX + rb"workbook(?=[\s/>])", xml)
    if not root:
        raise PatchError("Bagian workbook.xml tidak memuat elemen workbook.")
    p = root.group(1) + b":" if root.group(1) else b""
    e = re.escape(p)
    calc = re.search(rb"<" + e + rb"calcPr(?=[\s/>])([^>]*?)(/?)>", xml)
    if calc:
        attrs = calc.group(1)
        full = re.search(rb"(\sfullCalcOnLoad\s*=\s*)([\"'])([^\"']*)\2", attrs)
        if full and full.group(3) in (b"1", b"true"):
            return xml
        if full:
            attrs = attrs[: full.start()] + full.group(1) + b'"1"' + attrs[full.end() :]
        else:
            attrs = attrs + b' fullCalcOnLoad="1"'
        return xml[: calc.start(1)] + attrs + xml[calc.end(1) :]
    # CT_Workbook is a sequence: calcPr follows sheets, functionGroups, externalReferences and
    # definedNames, and precedes everything else.
    insert_at = -1
    for name in (b"sheets", b"functionGroups", b"externalReferences", b"definedNames"):
        for m in re.finditer(rb"</" + e + name + rb">|<" + e + name + rb"(?=[\s/])[^>]*/>", xml):
            insert_at = max(insert_at, m.end())
    if insert_at < 0:
        raise PatchError("Bagian workbook.xml tidak memuat daftar lembar (sheets).")
    return xml[:insert_at] + b"<" + p + b'calcPr fullCalcOnLoad="1"/>' + xml[insert_at:]


def _set_table_ref(xml: bytes, part: str, new_ref: str) -> bytes:
    root = re.search(rb"<" + _QNAME_PREFIX + rb"table(?=[\s/>])([^>]*)>", xml)
    if not root:
        raise PatchError(f"Bagian {part} bukan tabel.")
    p = root.group(1) + b":" if root.group(1) else b""
    attrs = dict(_attrs(root.group(2)))
    old = attrs.get(b"ref", b"").decode()
    name = attrs.get(b"displayName", attrs.get(b"name", b"")).decode()
    o_r1, o_c1, _o_r2, o_c2 = _parse_range(old)
    r1, c1, r2, c2 = _parse_range(new_ref)
    if (o_r1, o_c1, o_c2) != (r1, c1, c2):
        raise PatchError(
            f"Tabel {name}: rentang baru {new_ref} harus berawal di sel yang sama dan memiliki "
            f"kolom yang sama dengan rentang lama {old}; hanya baris terakhir yang boleh berubah."
        )
    header = int(attrs.get(b"headerRowCount", b"1") or 1)
    totals = int(attrs.get(b"totalsRowCount", b"0") or 0)
    if r2 - r1 + 1 < header + totals + 1:
        raise PatchError(f"Tabel {name}: rentang {new_ref} harus memuat minimal satu baris data.")
    ref_bytes = _format_range(r1, c1, r2, c2).encode()
    ref_m = _REF_ATTR.search(root.group(2))
    start = root.start(2) + ref_m.start()
    end = root.start(2) + ref_m.end()
    out = xml[:start] + ref_m.group(1) + b'"' + ref_bytes + b'"' + xml[end:]
    af = re.search(rb"<" + re.escape(p) + rb"autoFilter(?=[\s/>])([^>]*)>", out)
    if af:
        af_ref = _REF_ATTR.search(af.group(1))
        if af_ref:
            filtered = _format_range(r1, c1, r2 - totals, c2).encode()
            s = af.start(1) + af_ref.start()
            e = af.start(1) + af_ref.end()
            out = out[:s] + af_ref.group(1) + b'"' + filtered + b'"' + out[e:]
    return out


# ---------------------------------------------------------------------------------------------
# Zip package


def _read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    # The declared size may lie, so the read itself is bounded too.
    if info.file_size > MAX_PART_BYTES:
        raise PatchError(f"Bagian {info.filename} terlalu besar untuk diproses.")
    with zf.open(info) as fh:
        data = fh.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise PatchError(f"Bagian {info.filename} terlalu besar untuk diproses.")
    return data


class Package:
    """Read access to the parts of a workbook package (bounded, parsed with defusedxml)."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.infos = {i.filename: i for i in zf.infolist()}
        root_rels = self.read("_rels/.rels")
        wb = next(
            (
                r.get("Target", "")
                for r in _rels(root_rels)
                if r.get("Type", "").endswith(_REL_OFFICE_DOCUMENT)
            ),
            "xl/workbook.xml",
        )
        self.workbook = _resolve_target("", wb)
        self.workbook_rels = _rels_path(self.workbook)
        self._wb_rels = _rels(self.read(self.workbook_rels))
        self._sheets: dict[str, str] | None = None

    def read(self, name: str) -> bytes:
        info = self.infos.get(name)
        if info is None:
            raise PatchError(
                f"Berkas ini bukan buku kerja Excel yang lengkap (bagian {name} tidak ada)."
            )
        return _read_bounded(self.zf, info)

    def rel_target(self, type_suffix: str) -> str | None:
        for r in self._wb_rels:
            if r.get("Type", "").endswith(type_suffix) and r.get("TargetMode") != "External":
                return _resolve_target(self.workbook, r.get("Target", ""))
        return None

    def sheet_part(self, name: str) -> str:
        if self._sheets is None:
            targets = {r.get("Id"): r for r in self._wb_rels}
            self._sheets = {}
            for el in SafeET.fromstring(self.read(self.workbook)).iter():
                if _local(el.tag) != "sheet":
                    continue
                rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
                rel = targets.get(rid)
                if rel is None:
                    continue
                if not rel.get("Type", "").endswith(_REL_WORKSHEET):
                    self._sheets[el.get("name", "")] = ""
                    continue
                self._sheets[el.get("name", "")] = _resolve_target(
                    self.workbook, rel.get("Target", "")
                )
        if name not in self._sheets:
            known = ", ".join(repr(n) for n in self._sheets)
            raise PatchError(f"Lembar '{name}' tidak ada di buku kerja (yang ada: {known}).")
        part = self._sheets[name]
        if not part:
            raise PatchError(f"Lembar '{name}' bukan lembar kerja biasa (mungkin lembar grafik).")
        return part

    def table_parts(self) -> dict[str, str]:
        """Table name and displayName -> part name."""
        candidates = {n for n in self.infos if re.fullmatch(r"xl/tables/[^/]+\.xml", n)}
        ct = SafeET.fromstring(self.read("[Content_Types].xml"))
        for el in ct:
            if _local(el.tag) == "Override" and el.get("ContentType") == _CT_TABLE:
                candidates.add(el.get("PartName", "").lstrip("/"))
        found: dict[str, str] = {}
        for part in sorted(candidates):
            if part not in self.infos:
                continue
            root = SafeET.fromstring(self.read(part))
            for key in ("displayName", "name"):
                if root.get(key):
                    found.setdefault(root.get(key), part)
        return found

    def style_count(self) -> int | None:
        part = self.rel_target("/styles")
        if part is None or part not in self.infos:
            return None
        for el in SafeET.fromstring(self.read(part)):
            if _local(el.tag) == "cellXfs":
                return sum(1 for x in el if _local(x.tag) == "xf")
        return None


def _drop_calc_chain(pkg: Package, changes: dict[str, bytes | None]) -> None:
    """Remove calcChain.xml; Excel rebuilds it, and a stale one makes Excel repair the file."""
    part = pkg.rel_target(_REL_CALC_CHAIN)
    if part is None or part not in pkg.infos:
        return
    changes[part] = None
    rels = pkg.read(pkg.workbook_rels)
    changes[pkg.workbook_rels] = re.sub(
        rb"<(?:[\w.-]+:)?Relationship\s[^>]*Type\s*=\s*[\"'][^\"']*/calcChain[\"'][^>]*?/>",
        b"",
        rels,
    )
    ct = pkg.read("[Content_Types].xml")
    changes["[Content_Types].xml"] = re.sub(
        rb"<(?:[\w.-]+:)?Override\s[^>]*PartName\s*=\s*[\"']/"
        + re.escape(part.encode())
        + rb"[\"'][^>]*?/>",
        b"",
        ct,
    )


_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


def _raw_member(src, info: zipfile.ZipInfo) -> bytes:
    """The member's local header, compressed data and data descriptor, exactly as stored."""
    src.seek(info.header_offset)
    header = src.read(_LOCAL_HEADER.size)
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != b"PK\x03\x04":
        raise PatchError(f"Arsip rusak: kepala bagian {info.filename} tidak sah.")
    name_len, extra_len = fields[9], fields[10]
    extra = src.read(name_len + extra_len)[name_len:]
    length = _LOCAL_HEADER.size + name_len + extra_len + info.compress_size
    if info.flag_bits & 0x08:
        zip64 = False
        i = 0
        while i + 4 <= len(extra):
            hid, size = struct.unpack_from("<HH", extra, i)
            zip64 = zip64 or hid == 1
            i += 4 + size
        src.seek(info.header_offset + length)
        signed = src.read(4) == b"PK\x07\x08"
        length += (4 if signed else 0) + (20 if zip64 else 12)
    src.seek(info.header_offset)
    data = src.read(length)
    if len(data) != length:
        raise PatchError(f"Arsip rusak: bagian {info.filename} terpotong.")
    return data


def _copy_raw(zout: zipfile.ZipFile, raw: bytes, info: zipfile.ZipInfo) -> None:
    # zipfile has no public raw-copy API; this mirrors what ZipFile.writestr does after
    # compressing, so the central directory written on close describes the copied bytes.
    new = copy.copy(info)
    new.header_offset = zout.fp.tell()
    zout.fp.write(raw)
    zout.filelist.append(new)
    zout.NameToInfo[new.filename] = new
    zout.start_dir = zout.fp.tell()
    zout._didModify = True


def _write_package(
    src_path: Path, zin: zipfile.ZipFile, dst: Path, changes: Mapping[str, bytes | None]
) -> None:
    with open(src_path, "rb") as raw_src, open(dst, "wb") as fh, zipfile.ZipFile(fh, "w") as zout:
        for info in zin.infolist():
            # A legacy (cp437) non-ASCII name would be re-encoded as UTF-8 in the central
            # directory and no longer match the copied local header, so such a member is
            # rewritten instead (part names in real workbooks are ASCII).
            legacy_name = not info.filename.isascii() and not info.flag_bits & 0x800
            if info.filename not in changes and not legacy_name:
                _copy_raw(zout, _raw_member(raw_src, info), info)
                continue
            data = changes[info.filename] if info.filename in changes else _read_bounded(zin, info)
            if data is None:
                continue
            new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            new.compress_type = (
                info.compress_type
                if info.compress_type == zipfile.ZIP_STORED
                else zipfile.ZIP_DEFLATED
            )
            new.external_attr = info.external_attr
            new.create_system = info.create_system
            # Level 1 keeps a 40 MB sheet well under a second; the size cost is small for XML.
            zout.writestr(new, data, compresslevel=1 if len(data) > (4 << 20) else 6)


# ---------------------------------------------------------------------------------------------
# Public API


def patch_workbook(
    src: str | Path,
    dst: str | Path,
    edits: Mapping[str, Mapping[str, Cell | CellValue]],
    *,
    table_refs: Mapping[str, str] | None = None,
    full_calc_on_load: bool = True,
) -> None:
    """Write ``src`` to ``dst`` with only the given cells (and table ranges) changed.

    ``edits`` maps a sheet name to {A1 ref: value}. A number becomes a numeric cell, a string an
    inline string, a bool a boolean, ``None`` (or NaN) an empty cell that keeps its style. A
    formula in an edited cell is removed. Missing rows and cells are inserted in order and the
    sheet's ``<dimension>`` is widened. ``table_refs`` maps a table name to its new range (the
    same columns and top row; the last row may move). ``full_calc_on_load`` makes Excel
    recalculate the workbook's own formulas when it opens the file. Every zip member that is not
    changed is copied with identical bytes and in the same order.

    Raises :class:`PatchError` (Indonesian message) when the request or the package cannot be
    handled safely; ``dst`` is then not written.
    """
    # A large patch allocates a million small tuples and bytes that form no cycles; the cyclic
    # collector would otherwise rescan them over and over (~10% of the run time).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        _patch(Path(src), Path(dst), edits, table_refs, full_calc_on_load)
    finally:
        if gc_was_enabled:
            gc.enable()


def _patch(
    src_path: Path,
    dst_path: Path,
    edits: Mapping[str, Mapping[str, Cell | CellValue]],
    table_refs: Mapping[str, str] | None,
    full_calc_on_load: bool,
) -> None:
    if dst_path.exists() and src_path.resolve() == dst_path.resolve():
        raise PatchError("Berkas sumber dan tujuan sama; gunakan atomic_update untuk menimpa.")
    try:
        zin = zipfile.ZipFile(src_path)
    except zipfile.BadZipFile as exc:
        raise PatchError(f"Berkas {src_path.name} bukan buku kerja Excel (.xlsx/.xlsm).") from exc
    with zin:
        pkg = Package(zin)
        changes: dict[str, bytes | None] = {}
        formulas_removed = False

        styles = {
            v.style
            for cells in edits.values()
            for v in cells.values()
            if type(v) is Cell and v.style is not None
        }
        if styles:
            count = pkg.style_count()
            if count is not None and max(styles) >= count:
                raise PatchError(
                    f"Indeks gaya sel {max(styles)} tidak ada di buku kerja ({count} gaya)."
                )

        for sheet, cells in edits.items():
            if not cells:
                continue
            part = pkg.sheet_part(sheet)
            if part in changes:
                raise PatchError(f"Lembar '{sheet}' disebut lebih dari sekali.")
            xml = pkg.read(part)
            patch = _SheetPatch(xml, part, sheet, cells)
            new_xml = patch.run()
            if new_xml != xml:
                changes[part] = new_xml
            formulas_removed = formulas_removed or patch.formulas_removed

        if table_refs:
            tables = pkg.table_parts()
            for name, ref in table_refs.items():
                part = tables.get(name)
                if part is None:
                    raise PatchError(f"Tabel '{name}' tidak ada di buku kerja.")
                xml = changes.get(part) or pkg.read(part)
                new_xml = _set_table_ref(xml, part, ref)
                if new_xml != pkg.read(part):
                    changes[part] = new_xml

        if full_calc_on_load:
            wb = pkg.read(pkg.workbook)
            new_wb = _set_full_calc_on_load(wb)
            if new_wb != wb:
                changes[pkg.workbook] = new_wb

        if formulas_removed:
            _drop_calc_chain(pkg, changes)

        try:
            _write_package(src_path, zin, dst_path, changes)
        except BaseException:
            dst_path.unlink(missing_ok=True)
            raise
