"""Byte-level edits that cut a unit's workbook out of the master's package.

Like :mod:`lkjip_xl.workbook.patcher`, nothing here builds a DOM of a worksheet or re-saves the
package through openpyxl: every part that is not changed is copied as stored, and the parts that
are changed keep everything but what is changed. The package work itself (rows of a sheet, table
ranges, the zip) is :mod:`lkjip_xl.workbook.ooxml`'s; this module cuts with it.

* :func:`slice_rows`: a worksheet whose table holds only some of its data rows (their XML kept,
  renumbered), followed by blank rows styled like the table's, for a unit to add to;
* :func:`set_table_ref`: a table part with a new range (and no saved filter or sort);
* :func:`lock_sheet`: a worksheet whose every cell is locked and which is protected (no password),
  with the locked copies of the cell styles it needs added to ``styles.xml``;
* :func:`write_package`: the package with some parts replaced.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lkjip_xl.workbook.ooxml import tables
from lkjip_xl.workbook.ooxml.cells import parse_range
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.formulas import has_formula
from lkjip_xl.workbook.ooxml.letters import column_index_from_string, get_column_letter
from lkjip_xl.workbook.ooxml.markup import S_ATTR
from lkjip_xl.workbook.ooxml.package import Package, copy_package
from lkjip_xl.workbook.ooxml.sheet_data import CELL_R_ATTR, locate_sheet_data, scan_rows

_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_R_ATTR = re.compile(rb"""(\sr\s*=\s*)(["'])([0-9]+)\2""")
_CELL_R = re.compile(rb"""(<""" + _P + rb"""c\s[^>]*?\br\s*=\s*["'])([A-Z]{1,3})([0-9]+)(["'])""")
# ``_CELL_R`` where a cell's reference is its first attribute, spelled ``r="A1"``.
_PLAIN_CELL_R = re.compile(rb"""(<c r=")([A-Z]{1,3})([0-9]+)(")""")
#: ``_PLAIN_CELL_R`` split at a reference's number: its start and letters, then its number and
#: quote.
_PLAIN_CELL_R_AT = re.compile(rb"""(<c r="[A-Z]{1,3})([0-9]+")""")
_HIDDEN = re.compile(rb"""\shidden\s*=\s*["'](?:1|true)["']""")
_FORMULA = re.compile(rb"<(" + _P + rb")f(?=[\s/>])[^>]*?(?:/>|>.*?</\1f>)", re.S)
_CELL_START = re.compile(rb"<" + _P + rb"c(?=[\s/>])([^>]*?)/?>")
_DIMENSION = re.compile(rb"""(<""" + _P + rb"""dimension\s[^>]*?\bref\s*=\s*["'])([^"']*)(["'])""")


class ExchangeError(ValueError):
    """A workbook cannot be cut or stamped safely; the message is one Indonesian sentence."""


@dataclass
class SheetRows:
    """A worksheet split around its ``sheetData``: head, rows by number, tail."""

    head: bytes  # up to and including the sheetData start tag
    rows: Mapping[int, bytes]  # a roster's: slices made when asked for (:mod:`.row_slices`)
    order: Sequence[int]
    tail: bytes  # from the sheetData end tag on
    prefix: bytes
    blank: list[bytes] | None = None  # a blank table row, in pieces around its number
    #: The table has no data row to style blank rows like (``blank`` then stays None).
    no_model: bool = False
    #: The row numbers above a table's first data row, by that row (:func:`rows_for`).
    above: dict[int, list[int]] = field(default_factory=dict)


def split_rows(xml: bytes, part: str) -> SheetRows:
    """The worksheet ``xml`` split around its ``sheetData`` (done once per distribution)."""
    try:
        where = locate_sheet_data(xml, part)
        prefix = where.syntax.p  # b"x:" or b""
        if where.empty_element:  # <sheetData/>
            head = xml[: where.tag_start] + b"<" + prefix + b"sheetData>"
            tail = b"</" + prefix + b"sheetData>" + xml[where.close_end :]
            return SheetRows(head, {}, [], tail, prefix)
        rows: dict[int, bytes] = {}
        order: list[int] = []
        for number, start, _c_start, _c_end, end, _attrs in scan_rows(
            xml, where.data_start, where.data_end, where.syntax, part
        ):
            rows[number] = xml[start:end]
            order.append(number)
    except PackageError as exc:
        raise ExchangeError(str(exc)) from exc
    return SheetRows(xml[: where.data_start], rows, order, xml[where.data_end :], prefix)


def _renumber_head(head: bytes, number: int, unhide: bool) -> bytes:
    found = _R_ATTR.search(head)
    if found:  # only the digits change (called for every row sent: no substitution call)
        head = head[: found.start(3)] + b"%d" % number + head[found.end(3) :]
    else:
        at = head.find(b"row") + 3
        head = head[:at] + b' r="%d"' % number + head[at:]
    if unhide and b"hidden" in head:
        head = _HIDDEN.sub(b"", head)
    return head


def _renumber(row: bytes, number: int, unhide: bool) -> bytes:
    head_end = row.find(b">") + 1
    head = _renumber_head(row[:head_end], number, unhide)
    rest = row[head_end:]
    # Split at the cells' references, then the row numbers among the pieces replaced at once:
    # no Python call per cell (a roster has millions of cells). Where every ``<c`` is a cell
    # whose reference comes first, ``<c r="A1"`` (as Excel, openpyxl and this engine write
    # them), and none is prefixed, the general pattern matches at the very places the one with
    # a literal start does, with the same groups; that one is twice as fast.
    pieces = _PLAIN_CELL_R.split(rest)
    if len(pieces) != 1 + 5 * rest.count(b"<c") or b":c" in rest:
        pieces = _CELL_R.split(rest)
    numbers = pieces[3::5]  # each reference gives 4 groups: start, letters, number, quote
    pieces[3::5] = [b"%d" % number] * len(numbers)
    return head + b"".join(pieces)


#: Rows renumbered by one split at most: a unit holding a third of a roster is not split into
#: millions of pieces at once.
RENUMBERED_ROWS = 1024


def _renumbered(rows: list[bytes], first: int) -> bytes | None:
    """``rows`` renumbered from ``first`` on and shown, joined: the bytes :func:`_renumber`
    makes of each, made by one split of them all: a unit's 500 rows were a split and two
    searches for a formula each (~6 ms of the ~65 its workbook costs; ~4 ms so). None when they
    hold a formula or a cell not spelled ``<c r="A1"`` (each row is then looked at alone).

    A row's head holds no ``<`` but its own, so no cell's reference is found across two rows
    and each reference found is one of its row's ``<c``: as many found as the rows' ``<c``
    counted means that every row's split found all of its own, as :func:`_renumber` asks."""
    source = b"".join(rows)
    # A colon is rare in a roster's rows: told at memchr speed before a search for ``:c``.
    if has_formula(source) or (b":" in source and b":c" in source):
        return None
    view = memoryview(source)
    pieces: list[bytes | memoryview] = []
    numbers: list[bytes] = []
    at = 0
    for position, row in enumerate(rows):
        head_end = row.find(b">") + 1
        pieces.append(_renumber_head(row[:head_end], first + position, unhide=True))
        pieces.append(view[at + head_end : at + len(row)])
        numbers += [b'%d"' % (first + position)] * row.count(b"<c", head_end)
        at += len(row)
    # ``_PLAIN_CELL_R``'s matches, its number and quote one group: 3 pieces a cell, not 5.
    split = _PLAIN_CELL_R_AT.split(b"".join(pieces))
    if len(split) != 1 + 3 * len(numbers):
        return None
    split[2::3] = numbers
    return b"".join(split)


def _blank_row(model: bytes, first_col: int, last_col: int, prefix: bytes) -> list[bytes]:
    """A blank row styled like ``model``, as pieces to join with the row number."""
    head_end = model.find(b">") + 1
    head = _HIDDEN.sub(b"", model[:head_end])
    if head.endswith(b"/>"):
        head = head[:-2] + b">"
    r = _R_ATTR.search(head)
    if r:
        pieces = [head[: r.start(3)], head[r.end(3) :]]
    else:
        at = head.find(b"row") + 3
        pieces = [head[:at] + b' r="', b'"' + head[at:]]
    for m in _CELL_START.finditer(model, head_end):
        ref = CELL_R_ATTR.search(m.group(1))
        if not ref or not first_col <= column_index_from_string(ref.group(1).decode()) <= last_col:
            continue
        s = S_ATTR.search(m.group(1))
        style = b' s="' + s.group(1) + b'"' if s else b""
        pieces[-1] += b"<" + prefix + b'c r="' + ref.group(1)
        pieces.append(b'"' + style + b"/>")
    pieces[-1] += b"</" + prefix + b"row>"
    return pieces


def _blank_of(
    sheet: SheetRows, first: int, last_row: int, columns: tuple[int, int]
) -> list[bytes] | None:
    """The table's blank row (pieces), made once from its first data row; None without one."""
    if sheet.blank is None and not sheet.no_model:
        model = next((sheet.rows[n] for n in sheet.order if first <= n <= last_row), None)
        if model is None:
            sheet.no_model = True
        else:
            sheet.blank = _blank_row(model, *columns, sheet.prefix)
    return sheet.blank


def rows_for(
    sheet: SheetRows,
    header_row: int,
    last_row: int,
    keep: list[int],
    columns: tuple[int, int],
    total_row: int | None = None,
) -> SheetRows:
    """``sheet`` holding only the rows above the table, the data rows ``keep`` (0-based) and
    the table's ``total_row`` (Excel's Total Row, by its row number): all that
    :func:`slice_rows` needs to cut those rows (a worker is sent a unit's rows only)."""
    first = header_row + 1
    blank = _blank_of(sheet, first, last_row, columns)
    above = sheet.above.get(first)
    if above is None:  # once per distribution, not once per unit: a roster has 100,000 rows
        above = sheet.above[first] = [n for n in sheet.order if n < first]
    rows = {n: sheet.rows[n] for n in above}
    for index in keep:
        number = first + index
        if number in sheet.rows:
            rows[number] = sheet.rows[number]
    if total_row is not None and total_row in sheet.rows:
        rows[total_row] = sheet.rows[total_row]
    return SheetRows(sheet.head, rows, list(above), sheet.tail, sheet.prefix, blank, sheet.no_model)


@dataclass
class Sliced:
    xml: bytes
    data_rows: int  # rows of the table after slicing (kept + spare)
    formulas: list[int]  # 0-based data rows of the master whose formulas became values


def slice_rows(
    sheet: SheetRows,
    part: str,
    header_row: int,
    last_row: int,
    keep: list[int],
    spare: int,
    columns: tuple[int, int],
    total_row: int | None = None,
) -> Sliced:
    """The worksheet (split once by :func:`split_rows`) with the table's data rows ``keep``
    (0-based, in that order) only.

    Rows above the data rows stay as they are; rows of the table not kept, and rows below the
    table, are left out. Kept rows are renumbered and shown (a filter in the master must not
    hide a unit's own rows from it); a formula in a kept row is replaced by its value, because
    its references would no longer point where they did. ``spare`` blank rows, styled like the
    table's first data row, follow, then the table's ``total_row`` (Excel's Total Row, by its
    row number in ``sheet``), its formulas kept: Excel writes them over the table's columns
    (``SUBTOTAL(109,tblX[Column])``), which hold the unit's rows.
    """
    first = header_row + 1
    out = [sheet.rows[n] for n in sheet.order if n < first]
    formulas: list[int] = []
    kept = []
    for index in keep:
        row = sheet.rows.get(first + index)
        if row is None:
            raise ExchangeError(f"Bagian {part}: baris {first + index} tidak ditemukan.")
        kept.append(row)
    for start in range(0, len(kept), RENUMBERED_ROWS):
        block = _renumbered(kept[start : start + RENUMBERED_ROWS], first + start)
        if block is not None:
            out.append(block)
            continue
        for position in range(start, min(start + RENUMBERED_ROWS, len(kept))):
            index, row = keep[position], kept[position]
            # A formula's tag is ``<f`` or ``<prefix:f``: a row with neither is not searched
            # (a regex pass over each of a unit's rows was a quarter of cutting its sheet).
            if (b"<f" in row or b":f" in row) and _FORMULA.search(row):
                row = _FORMULA.sub(b"", row)
                formulas.append(index)
            out.append(_renumber(row, first + position, unhide=True))
    blank = _blank_of(sheet, first, last_row, columns)
    total = len(keep) + spare
    if blank is not None:
        for position in range(len(keep), total):
            out.append((b"%d" % (first + position)).join(blank))
    total = max(total, 1)
    if total_row is not None and total_row in sheet.rows:
        out.append(_renumber(sheet.rows[total_row], first + total, unhide=True))
    head = sheet.head
    dimension = _DIMENSION.search(head)
    if dimension:
        try:
            r1, c1, _r2, c2 = parse_range(dimension.group(2).decode())
        except (PackageError, UnicodeDecodeError):
            r1 = None  # a dimension we cannot read is left as it is
        if r1 is not None:
            end = header_row + total + (total_row is not None)
            new_ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{end}".encode()
            head = head[: dimension.start(2)] + new_ref + head[dimension.end(2) :]
    return Sliced(head + b"".join(out) + sheet.tail, total, formulas)


def set_table_ref(xml: bytes, part: str, first_row: int, last_row: int) -> bytes:
    """The table part with rows ``first_row``..``last_row`` (same columns), unfiltered."""
    try:
        _r1, c1, _r2, c2 = parse_range(tables.table_ref(xml, part))
        new_ref = f"{get_column_letter(c1)}{first_row}:{get_column_letter(c2)}{last_row}"
        return tables.set_table_ref(xml, part, new_ref, clear_filters=True)
    except PackageError as exc:
        raise ExchangeError(str(exc)) from exc


# --- locking a sheet ---------------------------------------------------------------------------

_XF = re.compile(rb"<(" + _P + rb")xf(?=[\s/>])[^>]*?(?:/>|>.*?</\1xf>)", re.S)
_UNLOCKED = re.compile(
    rb"""<""" + _P + rb"""protection\s[^>]*?\blocked\s*=\s*["'](?:0|false)["']"""
)


def lock_sheet(styles_xml: bytes, sheet_xml: bytes, part: str) -> tuple[bytes, bytes]:
    """(styles, sheet) where every cell of the sheet is locked and the sheet is protected."""
    block = re.search(
        rb"<(" + _P + rb")cellXfs(?=[\s/>])([^>]*)>(.*?)</\1cellXfs>", styles_xml, re.S
    )
    if not block:
        raise ExchangeError("Bagian styles.xml tidak memuat daftar gaya sel (cellXfs).")
    xfs = list(_XF.finditer(block.group(3)))
    unlocked = {i for i, m in enumerate(xfs) if _UNLOCKED.search(m.group(0))}
    used: set[int] = set()
    patterns = (
        re.compile(rb"""(<""" + _P + rb"""c\s[^>]*?\ss\s*=\s*["'])([0-9]+)(["'])"""),
        re.compile(rb"""(<""" + _P + rb"""row\s[^>]*?\ss\s*=\s*["'])([0-9]+)(["'])"""),
        re.compile(rb"""(<""" + _P + rb"""col\s[^>]*?\bstyle\s*=\s*["'])([0-9]+)(["'])"""),
    )
    for pattern in patterns:
        used.update(int(m.group(2)) for m in pattern.finditer(sheet_xml))
    mapping: dict[int, int] = {}
    clones: list[bytes] = []
    for index in sorted(used & unlocked):
        xf = xfs[index].group(0)
        clone = re.sub(rb"""(\blocked\s*=\s*["'])(?:0|false)(["'])""", rb"\g<1>1\g<2>", xf)
        if re.search(rb"""\sapplyProtection\s*=""", clone):
            clone = re.sub(
                rb"""(\sapplyProtection\s*=\s*["'])[^"']*(["'])""", rb"\g<1>1\g<2>", clone
            )
        else:
            clone = re.sub(rb"^(<" + _P + rb"xf)", rb'\1 applyProtection="1"', clone)
        mapping[index] = len(xfs) + len(clones)
        clones.append(clone)
    if clones:
        inner = block.group(3) + b"".join(clones)
        attrs = re.sub(
            rb"""(\scount\s*=\s*["'])[0-9]+(["'])""",
            lambda m: m.group(1) + b"%d" % (len(xfs) + len(clones)) + m.group(2),
            block.group(2),
        )
        prefix = block.group(1)
        styles_xml = (
            styles_xml[: block.start()]
            + b"<"
            + prefix
            + b"cellXfs"
            + attrs
            + b">"
            + inner
            + b"</"
            + prefix
            + b"cellXfs>"
            + styles_xml[block.end() :]
        )
        for pattern in patterns:
            sheet_xml = pattern.sub(
                lambda m: (
                    m.group(1) + b"%d" % mapping.get(int(m.group(2)), int(m.group(2))) + m.group(3)
                ),
                sheet_xml,
            )
    return styles_xml, _protect(sheet_xml, part)


def _protect(xml: bytes, part: str) -> bytes:
    root = re.search(rb"<(" + _P + rb")worksheet(?=[\s/>])", xml)
    if not root:
        raise ExchangeError(f"Bagian {part} bukan lembar kerja.")
    p = root.group(1)
    e = re.escape(p)
    xml = re.sub(
        rb"<" + e + rb"sheetProtection(?=[\s/>])[^>]*?(?:/>|>.*?</" + e + rb"sheetProtection>)",
        b"",
        xml,
        flags=re.S,
    )
    element = b"<" + p + b'sheetProtection sheet="1" objects="1" scenarios="1"/>'
    # CT_Worksheet: sheetProtection follows sheetData and sheetCalcPr.
    at = None
    for pattern in (
        rb"<" + e + rb"sheetCalcPr(?=[\s/>])[^>]*?(?:/>|>.*?</" + e + rb"sheetCalcPr>)",
        rb"</" + e + rb"sheetData>",
        rb"<" + e + rb"sheetData(?=[\s/])[^>]*/>",
    ):
        m = re.search(pattern, xml, re.S)
        if m:
            at = m.end()
            break
    if at is None:
        raise ExchangeError(f"Bagian {part} tidak memuat sheetData.")
    return xml[:at] + element + xml[at:]


# --- packages ----------------------------------------------------------------------------------


def write_package(
    src: Path, dst: Path, changes: Mapping[str, bytes | None], *, scratch: bool = False
) -> None:
    """Write ``src`` to ``dst`` with the parts ``changes`` replaced (None: removed); others
    copied as stored. ``scratch``: the new parts are not compressed (``dst`` is read, then
    written again with them deflated: see
    :func:`~lkjip_xl.workbook.ooxml.package.copy_package`)."""
    try:
        with zipfile.ZipFile(src) as archive:
            missing = [name for name in changes if name not in archive.NameToInfo]
            if missing:
                raise ExchangeError(f"Bagian {missing[0]} tidak ada di {src.name}.")
            copy_package(src, archive, dst, changes, scratch=scratch)
    except PackageError as exc:
        raise ExchangeError(str(exc)) from exc


def table_part(package: Package, name: str) -> str:
    part = package.table_parts().get(name)
    if part is None:
        raise ExchangeError(f"Tabel {name} tidak ada di buku kerja.")
    return part
