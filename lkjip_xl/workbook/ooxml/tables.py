"""Excel tables (``xl/tables/tableN.xml``): their range, edited as bytes."""

from __future__ import annotations

import re

from lkjip_xl.core.problems import ribuan
from lkjip_xl.workbook.ooxml.cells import format_range, parse_range
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.markup import ATTR, QNAME_PREFIX, attributes

__all__ = ["lower_last_row", "set_table_ref", "table_name", "table_ref", "totals_row_count"]

#: More cells than any roster's table holds (1,048,576 rows of 24 columns).
MAX_TABLE_CELLS = 25_000_000

_COLUMN = re.compile(rb"<" + QNAME_PREFIX + rb"tableColumn(?=[\s/>])")
_TABLE = re.compile(rb"<" + QNAME_PREFIX + rb"table(?=[\s/>])([^>]*)>")


def _root(xml: bytes, part: str) -> re.Match[bytes]:
    root = _TABLE.search(xml)
    if not root:
        raise PackageError(f"Bagian {part} bukan tabel.")
    return root


def _ref_value(attrs: bytes) -> tuple[int, int] | None:
    """Where the quoted value of the ``ref`` attribute is in ``attrs`` (the inside of a start
    tag), quotes included. Attributes are read in order, as :func:`attributes` reads them, so
    text like ``ref='Z9'`` inside another attribute's value (a table's comment) is not taken."""
    found = None
    for m in ATTR.finditer(attrs):
        if m.group(1) == b"ref":  # the last one, as dict(attributes(...)) keeps
            value = 2 if m.group(2) is not None else 3
            found = (m.start(value) - 1, m.end(value) + 1)
    return found


def table_ref(xml: bytes, part: str) -> str:
    """The range of the table part ``xml`` (``A4:K120``), as written; refused when Excel would
    never write it and calamine cannot read it: corners the other way round (``K120:A4``), one
    row, a range over most of the sheet, a width other than the table's columns."""
    attrs = dict(attributes(_root(xml, part).group(2)))
    ref = attrs.get(b"ref", b"").decode()
    r1, c1, r2, c2 = parse_range(ref)
    name = attrs.get(b"displayName", attrs.get(b"name", part.encode())).decode()
    if parse_range(ref.split(":")[0])[:2] != (r1, c1):
        raise PackageError(
            f"Tabel {name}: rentang {ref} tidak sah (sel kiri atas harus ditulis lebih dulu)."
        )
    # calamine cannot read a header without a data row (it panics); a table Excel writes
    # with its header row turned off (headerRowCount="0") may be one data row alone.
    if r2 == r1 and attrs.get(b"headerRowCount", b"1").strip() != b"0":
        raise PackageError(
            f"Tabel {name}: rentang {ref} hanya satu baris; sebuah tabel memuat baris judul dan "
            "sedikitnya satu baris data."
        )
    if (r2 - r1 + 1) * (c2 - c1 + 1) > MAX_TABLE_CELLS:
        # calamine allocates a table's whole range at once: XFD1048576 aborts the process.
        raise PackageError(
            f"Tabel {name}: rentang {ref} terlalu besar untuk dibaca; perkecil tabel itu "
            "sampai baris dan kolom yang berisi data."
        )
    columns = len(_COLUMN.findall(xml))
    if columns and columns != c2 - c1 + 1:  # calamine reads the range, headers the columns
        raise PackageError(
            f"Tabel {name}: rentang {ref} selebar {ribuan(c2 - c1 + 1)} kolom, padahal tabel itu "
            f"memiliki {ribuan(columns)} kolom."
        )
    return ref


def totals_row_count(xml: bytes, part: str) -> int:
    """How many total rows end the table part ``xml`` (Excel's Total Row: 0 or 1)."""
    attrs = dict(attributes(_root(xml, part).group(2)))
    try:
        return int(attrs.get(b"totalsRowCount", b"0") or 0)
    except ValueError as exc:
        raise PackageError(f"Bagian {part}: totalsRowCount bukan bilangan bulat.") from exc


def lower_last_row(ref: str, rows: int) -> str:
    """The range ``ref`` with its last row ``rows`` lower (a data range made a table's range
    with its total rows)."""
    r1, c1, r2, c2 = parse_range(ref)
    return format_range(r1, c1, r2 + rows, c2)


def table_name(xml: bytes, part: str) -> str:
    """The name of the table part ``xml`` (its ``displayName``, which formulas use)."""
    attrs = dict(attributes(_root(xml, part).group(2)))
    return attrs.get(b"displayName", attrs.get(b"name", b"")).decode()


def set_table_ref(xml: bytes, part: str, new_ref: str, *, clear_filters: bool = False) -> bytes:
    """The table part with the range ``new_ref``; everything else is kept as written.

    The new range has the table's top row and columns: only its last row may move (Excel keeps
    a table's columns in its ``tableColumns``). The auto filter follows the data rows. With
    ``clear_filters`` the saved filter and sort are removed too, since they may name rows that
    the new range no longer holds.
    """
    root = _root(xml, part)
    p = root.group(1) + b":" if root.group(1) else b""
    attrs = dict(attributes(root.group(2)))
    old = attrs.get(b"ref", b"").decode()
    name = attrs.get(b"displayName", attrs.get(b"name", b"")).decode()
    o_r1, o_c1, _o_r2, o_c2 = parse_range(old)
    r1, c1, r2, c2 = parse_range(new_ref)
    if (o_r1, o_c1, o_c2) != (r1, c1, c2):
        raise PackageError(
            f"Tabel {name}: rentang baru {new_ref} harus berawal di sel yang sama dan memiliki "
            f"kolom yang sama dengan rentang lama {old}; hanya baris terakhir yang boleh berubah."
        )
    header = int(attrs.get(b"headerRowCount", b"1") or 1)
    totals = int(attrs.get(b"totalsRowCount", b"0") or 0)
    if r2 - r1 + 1 < header + totals + 1:
        raise PackageError(f"Tabel {name}: rentang {new_ref} harus memuat minimal satu baris data.")
    ref_at = _ref_value(root.group(2))
    assert ref_at is not None  # a table without a ref was refused: parse_range("") raises
    start, end = root.start(2) + ref_at[0], root.start(2) + ref_at[1]
    ref_bytes = format_range(r1, c1, r2, c2).encode()
    out = xml[:start] + b'"' + ref_bytes + b'"' + xml[end:]
    e = re.escape(p)
    af = re.search(rb"<" + e + rb"autoFilter(?=[\s/>])([^>]*)>", out)
    if af:
        af_ref = _ref_value(af.group(1))
        if af_ref:
            filtered = format_range(r1, c1, r2 - totals, c2).encode()
            at, until = af.start(1) + af_ref[0], af.start(1) + af_ref[1]
            out = out[:at] + b'"' + filtered + b'"' + out[until:]
    if clear_filters:
        # filterColumn only occurs inside autoFilter; sortState inside it or beside it.
        out = re.sub(
            rb"<" + e + rb"(filterColumn|sortState)(?=[\s/>])[^>]*?(?:/>|>.*?</" + e + rb"\1>)",
            b"",
            out,
            flags=re.S,
        )
    return out
