"""Values to write, rendered once as the bytes of cell XML.

A recompute writes up to a million cells, and its computed columns repeat few distinct values
(scores, labels, sentences): each distinct value is rendered to XML once, and the edits of a
sheet are grouped by row, sorted by column, before the sheet is read.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass
from operator import itemgetter

from lkjip_xl.workbook.ooxml.cells import MAX_ROW, canonical_cell, column_numbers
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.letters import get_column_letter
from lkjip_xl.workbook.ooxml.markup import escape_text

__all__ = ["MAX_TEXT_CHARS", "Cell", "CellValue", "Edit", "edit_body", "prepare_edits"]

CellValue = float | int | str | bool | None

# Excel refuses longer cell text.
MAX_TEXT_CHARS = 32767


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
            raise PackageError(f"Indeks gaya sel tidak sah: {self.style!r}.")


# Edits, reduced to bytes once the sheet's namespace prefix is known. One edit is the tuple
# (col, needle, t_attr, tail, style_attr, style): needle is b'r="D5"', tail is everything after
# the attributes (b'><v>1.5</v></c>' or b'/>'), style_attr is b' s="3"' or None. Tuples rather
# than objects because a recompute can carry a million of them.
Edit = tuple[int, bytes, bytes, bytes, bytes | None, int | None]

_NEEDS_ESCAPE = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]|_x")
_T_BOOL, _T_INLINE = b' t="b"', b' t="inlineStr"'
_CACHEABLE = frozenset({float, int, str, bool})


def _text_bytes(ref: str, text: str) -> bytes:
    if len(text) > MAX_TEXT_CHARS:
        raise PackageError(
            f"Teks untuk sel {ref} terlalu panjang ({len(text)} karakter; "
            f"batas Excel {MAX_TEXT_CHARS})."
        )
    return escape_text(text) if _NEEDS_ESCAPE.search(text) else text.encode("utf-8")


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
            raise PackageError(f"Nilai tak hingga tidak dapat ditulis ke sel {ref}.")
        return b"", repr(f)
    raise PackageError(f"Jenis nilai {type(raw).__name__} untuk sel {ref} tidak didukung.")


def prepare_edits(sheet: str, edits: Mapping[str, object], p: bytes) -> dict[int, list[Edit]]:
    """Group edits by row (cells sorted by column) and render each value to XML once."""
    ps = p.decode()
    v_open, v_close = f"><{ps}v>", f"</{ps}v></{ps}c>"
    is_open = f'><{ps}is><{ps}t xml:space="preserve">'.encode()
    is_close = f"</{ps}t></{ps}is></{ps}c>".encode()
    blank = b"/>"
    by_row: dict[int, list[Edit]] = {}
    columns = column_numbers()
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
            canon, row, col = canonical_cell(ref, sheet)
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
            # Once per distinct value: testing type(raw) itself (not tp) lets mypy narrow raw.
            if type(raw) is float:
                if raw != raw:  # NaN: pandas' "not computed" stays blank
                    tail = blank
                elif raw - raw != 0:
                    raise PackageError(f"Nilai tak hingga tidak dapat ditulis ke sel {canon}.")
                else:
                    tail = f"{v_open}{raw!r}{v_close}".encode()
            elif type(raw) is str:
                t_attr = _T_INLINE
                if len(raw) > MAX_TEXT_CHARS or needs_escape(raw):
                    text = _text_bytes(canon, raw)
                else:
                    text = raw.encode()
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
                raise PackageError(
                    f"Sel {get_column_letter(dup)}{row} di lembar '{sheet}' disebut lebih dari "
                    "sekali."
                )
    return by_row


def edit_body(edit: Edit, c_close: bytes) -> bytes:
    """The value element(s) of an edit, without the t attribute and the closing tag."""
    tail = edit[3]
    if tail == b"/>":
        return b""
    return tail[len(edit[2]) + 1 : -len(c_close)]
