"""Values to write, rendered once as the bytes of cell XML.

A recompute writes up to a million cells, and its computed columns repeat few distinct values
(scores, labels, sentences): each distinct value is rendered to XML once, and the edits of a
sheet are grouped by row, sorted by column, before the sheet is read.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import cast

from lkjip_xl.core.problems import ribuan
from lkjip_xl.workbook.ooxml.cells import MAX_COL, MAX_ROW, canonical_cell, column_numbers
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.letters import get_column_letter
from lkjip_xl.workbook.ooxml.markup import escape_text

__all__ = [
    "MAX_TEXT_CHARS",
    "Cell",
    "CellValue",
    "ColumnEdit",
    "Edit",
    "RawCell",
    "Rendered",
    "RowEdits",
    "edit_body",
    "prepare_edits",
]

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


@dataclass(frozen=True)
class RawCell:
    """A cell of the same sheet written elsewhere as it is: its ``t`` attribute (with its
    leading space, or empty), its content (formula, value, inline text, as the sheet writes
    them) and its style. A table's total row moves so (:mod:`.total_rows`)."""

    t_attr: bytes
    inner: bytes
    style: int | None


# Edits, reduced to bytes once the sheet's namespace prefix is known. One edit is the tuple
# (col, needle, t_attr, tail, style_attr, style): needle is b'r="D5"', tail is everything after
# the attributes (b'><v>1.5</v></c>' or b'/>'), style_attr is b' s="3"' or None. Tuples rather
# than objects because a recompute can carry a million of them.
Edit = tuple[int, bytes, bytes, bytes, bytes | None, int | None]
#: A column written whole: (column number, first row, the values from that row down). A
#: recompute writes its computed columns so, without an A1 reference per cell.
ColumnEdit = tuple[int, int, Sequence[object]]

#: A character written escaped; a literal "_x" is escaped too (Excel's escapes start so).
_ESCAPED_CHAR = "[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]"
_NEEDS_ESCAPE = re.compile(_ESCAPED_CHAR + "|_x")
#: The character class alone: searched through a long text with the regex engine's fast scan
#: for a set, which an alternation loses (a window of 1,100 names: ~2.5x faster).
_ESCAPED_CHARS = re.compile(_ESCAPED_CHAR)
_T_BOOL, _T_INLINE = b' t="b"', b' t="inlineStr"'
_CACHEABLE = frozenset({float, int, str, bool})


def _text_bytes(ref: str, text: str) -> bytes:
    if len(text) > MAX_TEXT_CHARS:
        raise PackageError(
            f"Teks untuk sel {ref} terlalu panjang ({ribuan(len(text))} karakter; "
            f"batas Excel {ribuan(MAX_TEXT_CHARS)})."
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


class _Renderer:
    """Each distinct value rendered to cell XML once: (t attribute, everything after the
    attributes). Computed columns repeat few distinct values (scores, labels, sentences)."""

    def __init__(self, p: bytes) -> None:
        ps = p.decode()
        self.v_open, self.v_close = f"><{ps}v>", f"</{ps}v></{ps}c>"
        self.c_close = f"</{ps}c>".encode()
        self.is_open = f'><{ps}is><{ps}t xml:space="preserve">'.encode()
        self.is_close = f"</{ps}t></{ps}is></{ps}c>".encode()
        self.cache: dict[tuple[type, object], tuple[bytes, bytes]] = {}

    def render(self, canon: str, raw: object, keep: bool = True) -> tuple[bytes, bytes]:
        """``keep``: the rendering kept for the next cell of the same value."""
        tp = type(raw)
        # NaN never equals itself, so it simply misses the cache and renders as blank.
        cached = self.cache.get((tp, raw)) if tp is not float or raw == raw else None
        if cached is not None:
            return cached
        blank = b"/>"
        t_attr = b""
        # Once per distinct value: testing type(raw) itself (not tp) lets mypy narrow raw.
        if type(raw) is float:
            if raw != raw:  # NaN: pandas' "not computed" stays blank
                tail = blank
            elif raw - raw != 0:
                raise PackageError(f"Nilai tak hingga tidak dapat ditulis ke sel {canon}.")
            else:
                tail = f"{self.v_open}{raw!r}{self.v_close}".encode()
        elif type(raw) is str:
            t_attr = _T_INLINE
            if len(raw) > MAX_TEXT_CHARS or _NEEDS_ESCAPE.search(raw):
                text = _text_bytes(canon, raw)
            else:
                text = raw.encode()
            tail = _T_INLINE + self.is_open + text + self.is_close
        elif tp is int:
            tail = f"{self.v_open}{raw}{self.v_close}".encode()
        elif raw is None:
            tail = blank
        else:
            other = _other_value(canon, raw)
            if other is None:
                tail = blank
            else:
                t_attr = other[0]
                tail = t_attr + f"{self.v_open}{other[1]}{self.v_close}".encode()
        if keep and tp in _CACHEABLE:
            self.cache[(tp, raw)] = (t_attr, tail)
        return t_attr, tail


@dataclass(frozen=True)
class _Block:
    """One column written from ``first`` down: its cells are made row by row, when the patch
    reaches them, instead of a million references and tuples made and parsed up front."""

    col: int
    first: int
    values: Sequence[object]
    letters: str

    @property
    def last(self) -> int:
        return self.first + len(self.values) - 1


def _plain_texts(values: Sequence[str], renderer: _Renderer) -> list[bytes] | None:
    """The tails of a column of distinct texts, as :meth:`_Renderer.render` renders each (their
    t attribute is ``_T_INLINE``), in one pass, when none needs escaping nor is too long
    (searched once in the texts joined by a line break, which no match spans nor is escaped);
    None otherwise."""
    lines = "\n".join(values)
    if "_x" in lines or _ESCAPED_CHARS.search(lines):  # _NEEDS_ESCAPE, in two C-speed scans
        return None
    if len(lines) > MAX_TEXT_CHARS and max(map(len, values)) > MAX_TEXT_CHARS:
        return None
    head, close = _T_INLINE + renderer.is_open, renderer.is_close
    # Joined by a NUL (none is in a text that needs no escaping) and cut there again: each
    # text's tail made at C speed, not by an encode and two concatenations per text.
    joined = "\x00".join(values).encode()
    return (head + joined.replace(b"\x00", close + b"\x00" + head) + close).split(b"\x00")


def _render_values(
    values: Sequence[object], first: int, letters: str, renderer: _Renderer, keep: bool | None
) -> list[tuple[bytes, bytes]]:
    """(t attribute, tail) of each of ``values`` (the cells of column ``letters`` from row
    ``first`` down), each distinct value rendered once; ``keep``: whether their renderings
    are kept for the next cells (None: when they repeat)."""
    texts = _distinct_texts(values, renderer, keep)
    if texts is not None:
        return [(_T_INLINE, tail) for tail in texts]
    return _rendered_values(values, first, letters, renderer, keep)


def _distinct_texts(
    values: Sequence[object], renderer: _Renderer, keep: bool | None
) -> list[bytes] | None:
    """The tails of ``values`` when they are texts rendered without the cache (:func:`_plain_texts`:
    a column of distinct texts, none escaped); None otherwise."""
    if keep or not values or type(values[0]) is not str:
        return None
    if len(set(map(type, values))) != 1:
        return None
    if keep is None and 2 * len(set(values)) <= len(values):
        return None
    return _plain_texts(cast("Sequence[str]", values), renderer)


def _distinct_rendered(
    values: Sequence[object], renderer: _Renderer, keep: bool | None
) -> dict[object, tuple[bytes, bytes]] | None:
    """Each distinct value of ``values`` rendered once, when they are all of one type and
    hashable (values of different types may compare equal: 1, 1.0, True); None otherwise, and
    when a value cannot be written (told again value by value, with the cell it is in)."""
    if len(set(map(type, values))) != 1:
        return None
    try:
        distinct = dict.fromkeys(values)
    except TypeError:  # an unhashable value: refused value by value
        return None
    # A column of distinct values (NIP, Nama) is not kept in the cache for the next columns:
    # ~15 MB per column of a 100,000-row roster, never looked up again.
    if keep is None:
        keep = 2 * len(distinct) <= len(values)
    try:
        return {v: renderer.render("", v, keep) for v in distinct}
    except PackageError:
        return None


def _rendered_values(
    values: Sequence[object], first: int, letters: str, renderer: _Renderer, keep: bool | None
) -> list[tuple[bytes, bytes]]:
    """:func:`_render_values` of values that are not distinct plain texts."""
    # A column of one type (the usual computed column) is mapped at C speed through its
    # distinct values; any other goes value by value.
    table = _distinct_rendered(values, renderer, keep)
    if table is not None:
        return list(map(table.__getitem__, values))
    cache, render = renderer.cache, renderer.render
    out = [cache.get((type(v), v)) for v in values]
    for i, got in enumerate(out):
        if got is None:
            out[i] = render(f"{letters}{first + i}", values[i])
    return out  # type: ignore[return-value]


def _distinct_tails(
    values: Sequence[object], renderer: _Renderer, keep: bool
) -> list[bytes] | None:
    """The tails :func:`_rendered_values` gives ``values`` (:func:`_distinct_rendered`, the
    same calls of the renderer), without their pairs; None where it goes value by value."""
    tails = _float_tails(values, renderer) if not keep else None
    if tails is None:
        table = _distinct_rendered(values, renderer, keep)
        if table is None:
            return None
        tails = {v: pair[1] for v, pair in table.items()}
    return list(map(tails.__getitem__, values))


def _float_tails(values: Sequence[object], renderer: _Renderer) -> dict[object, bytes] | None:
    """Each distinct value's tail, as :meth:`_Renderer.render` renders it, when ``values`` are
    all finite floats (a column of distinct figures, SKP scores, not kept in the renderer's
    cache); None otherwise. Their reprs joined by a NUL (no repr holds one) and cut there
    again: each tail made at C speed, not by a call of the renderer per value."""
    if not values or type(values[0]) is not float or len(set(map(type, values))) != 1:
        return None
    distinct = dict.fromkeys(values)
    # A zero goes through the renderer, whose cache answers -0.0 with 0.0's rendering (they
    # are one key) when another column rendered that first.
    if 0.0 in distinct or not all(map(math.isfinite, cast("Sequence[float]", distinct))):
        return None  # NaN blank, infinity refused: told value by value
    o, c = renderer.v_open, renderer.v_close
    made = (o + (c + "\x00" + o).join(map(repr, distinct)) + c).encode().split(b"\x00")
    return dict(zip(distinct, made, strict=True))


#: How many values of a column are rendered at once when its cells are asked for one by one.
_PIECE = 4096


class Rendered:
    """The cells of a whole column as XML, (t attribute, tail) per value from its first row
    down, rendered a stretch at a time as the patch reaches them: a roster's columns rendered
    up front were ~35 MB held through the whole write (its distinct names and numbers). What a
    stretch holds is what rendering the whole column gives (the rendering of a value depends on
    the value alone); a value no cell can hold is refused, naming its cell, when reached."""

    def __init__(self, block: _Block, renderer: _Renderer) -> None:
        self._block = block
        self._renderer = renderer
        self._piece_at = -1
        self._piece: list[tuple[bytes, bytes]] = []
        self._keep: bool | None = None
        # A kept column's tails by value, as its stretches rendered them: a later stretch
        # looks its values up at C speed instead of rendering its distinct ones again (a
        # column of 5,000 scores has ~700 of them in each stretch of ~850 rows).
        self._tails: dict[object, bytes] = {}

    def __len__(self) -> int:
        return len(self._block.values)

    def __getitem__(self, i: int) -> tuple[bytes, bytes]:
        """The rendering of the ``i``-th value (``i`` from 0, as the column's rows go down)."""
        at = i - i % _PIECE
        if at != self._piece_at:
            self._piece = self.span(at, at + _PIECE)
            self._piece_at = at
        return self._piece[i - at]

    def span(self, start: int, stop: int) -> list[tuple[bytes, bytes]]:
        """The renderings of values ``start`` to ``stop`` (excluded)."""
        block = self._block
        values = block.values[start:stop]
        if not values:
            return []
        return _render_values(
            values, block.first + start, block.letters, self._renderer, self._kept()
        )

    def _kept(self) -> bool:
        """Whether the column's renderings are kept for the next cells: told once, by the
        whole column, as when it was rendered whole (a stretch of a column of 10,000 distinct
        numbers looks unique). Its blank cells aside: a column of a few texts with a few cells
        left empty (a row added without them) repeats its texts as much as one without, and
        one of distinct names, most of them blank, does not repeat them."""
        if self._keep is None:
            whole = self._block.values
            # A set, not a Counter: the blanks are counted only in a column that has some
            # beside another kind (both passes over a roster's columns are in the commit).
            kinds = set(map(type, whole))
            blanks = 0
            if len(kinds) > 1 and type(None) in kinds:
                kinds.discard(type(None))
                blanks = sum(1 for v in whole if v is None)
            if len(kinds) == 1:  # None equals no value of another kind
                try:
                    distinct = len(set(whole)) - (1 if blanks else 0)
                    self._keep = 2 * distinct <= len(whole) - blanks
                except TypeError:  # an unhashable value: refused when reached
                    self._keep = False
            else:
                self._keep = False
        return self._keep

    def tails(self, start: int, stop: int) -> list[bytes]:
        """What follows the r attribute of the cells of values ``start`` to ``stop``: the
        tails of :meth:`span`, made without its pairs when the stretch is of one type."""
        block = self._block
        values = block.values[start:stop]
        if self._keep is False:  # a column of distinct texts: made as tails, not pairs
            texts = _distinct_texts(values, self._renderer, False)
            if texts is not None:
                return texts
        keep = self._kept()
        if keep and values:
            # Every value rendered once is kept by the renderer (its own kind, beside blanks:
            # see _kept), so a value met again is the rendering it would be given again.
            known = self._tails
            found = list(map(known.get, values))
            if None not in found:
                return cast("list[bytes]", found)
            made = self._made(start, stop, values, keep)
            known.update(zip(values, made, strict=True))
            return made
        return self._made(start, stop, values, keep)

    def _made(self, start: int, stop: int, values: Sequence[object], keep: bool) -> list[bytes]:
        if values and not (keep is False and type(values[0]) is str):
            tails = _distinct_tails(values, self._renderer, keep)
            if tails is not None:
                return tails
        return list(map(itemgetter(1), self.span(start, stop)))


class RowEdits:
    """The edits of one sheet by row (cells sorted by column): cells given one by one, and
    whole columns (:data:`ColumnEdit`). A cell given one by one wins over a column's."""

    def __init__(
        self, by_row: dict[int, list[Edit]], blocks: list[_Block], renderer: _Renderer
    ) -> None:
        self._by_row = by_row
        self._blocks = sorted(blocks, key=lambda b: b.col)
        # Per column: (col, first, last, b'r="L', rendered values), for the per-row loop.
        self._made = [
            (b.col, b.first, b.last, f'r="{b.letters}'.encode(), Rendered(b, renderer))
            for b in self._blocks
        ]

    def __iter__(self) -> Iterator[int]:
        if not self._blocks:
            return iter(self._by_row)
        rows = set(self._by_row)
        for block in self._blocks:
            rows.update(range(block.first, block.last + 1))
        return iter(rows)

    def __bool__(self) -> bool:
        return bool(self._by_row or self._blocks)

    @property
    def columns(self) -> list[tuple[int, int, int, bytes, Rendered]]:
        """The whole columns: (column, first row, last row, ``b'r="L'``, (t attribute, tail)
        of each value from the first row down, :class:`Rendered`), for a patch that walks
        them row by row."""
        return self._made

    @property
    def has_cells(self) -> bool:
        """Whether any cell was given one by one (not only in whole columns)."""
        return bool(self._by_row)

    def given(self, row: int) -> bool:
        """Whether a cell of ``row`` was given one by one (not only in whole columns)."""
        return row in self._by_row

    def covers(self, row: int, col: int) -> bool:
        if any(e[0] == col for e in self._by_row.get(row, ())):
            return True
        return any(b.col == col and b.first <= row <= b.last for b in self._blocks)

    def get(self, row: int, default: list[Edit] | None = None) -> list[Edit] | None:
        given = self._by_row.get(row)
        if not self._made:
            return given if given is not None else default
        number = b'%d"' % row
        made: list[Edit] = []
        for col, first, last, prefix, rendered in self._made:
            if first <= row <= last:
                t_attr, tail = rendered[row - first]
                made.append((col, prefix + number, t_attr, tail, None, None))
        if given:
            taken = {e[0] for e in given}
            made = sorted([*given, *(e for e in made if e[0] not in taken)], key=_BY_COL)
        return made or (given if given is not None else default)


_BY_COL = itemgetter(0)


def prepare_edits(
    sheet: str,
    edits: Mapping[str, object],
    p: bytes,
    columns: Sequence[ColumnEdit] = (),
) -> RowEdits:
    """Group edits by row (cells sorted by column) and render each value to XML once."""
    by_row: dict[int, list[Edit]] = {}
    col_numbers = column_numbers()
    digits = "0123456789"
    lenient = False
    renderer = _Renderer(p)
    render = renderer.render
    # This loop runs once per written cell: keep it flat.
    for ref, value in edits.items():
        try:
            letters = ref.rstrip(digits)
            col = col_numbers[letters]
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
        if type(raw) is RawCell:
            style, t_attr = raw.style, raw.t_attr
            style_attr = None if style is None else b' s="%d"' % style
            tail = t_attr + (b">" + raw.inner + renderer.c_close if raw.inner else b"/>")
        else:
            t_attr, tail = render(canon, raw)
        edit = (col, f'r="{canon}"'.encode(), t_attr, tail, style_attr, style)
        lst = by_row.get(row)
        if lst is None:
            by_row[row] = [edit]
        else:
            lst.append(edit)
    for row, lst in by_row.items():
        if len(lst) > 1:
            lst.sort(key=_BY_COL)
            # Distinct dict keys can only name the same cell when written differently.
            if lenient and len({e[0] for e in lst}) != len(lst):
                cols = [e[0] for e in lst]
                dup = next(c for i, c in enumerate(cols) if c in cols[:i])
                raise PackageError(
                    f"Sel {get_column_letter(dup)}{row} di lembar '{sheet}' disebut lebih dari "
                    "sekali."
                )
    return RowEdits(by_row, _blocks(sheet, columns), renderer)


def _blocks(sheet: str, columns: Sequence[ColumnEdit]) -> list[_Block]:
    blocks: list[_Block] = []
    for col, first, values in columns:
        if not values:
            continue
        if not (1 <= col <= MAX_COL and first >= 1 and first + len(values) - 1 <= MAX_ROW):
            raise PackageError(f"Kolom {col} baris {first} di lembar '{sheet}' di luar batas.")
        block = _Block(col, first, values, get_column_letter(col))
        for other in blocks:
            if other.col == col and other.first <= block.last and block.first <= other.last:
                raise PackageError(
                    f"Sel {block.letters}{max(block.first, other.first)} di lembar '{sheet}' "
                    "disebut lebih dari sekali."
                )
        blocks.append(block)
    return blocks


def edit_body(edit: Edit, c_close: bytes) -> bytes:
    """The value element(s) of an edit, without the t attribute and the closing tag."""
    tail = edit[3]
    if tail == b"/>":
        return b""
    return tail[len(edit[2]) + 1 : -len(c_close)]
