"""Reading a template's inputs from any :class:`Book`, driven by the contract.

Every input cell is parsed by its declared type; what cannot be read becomes a problem with its
cell and an Indonesian sentence, and the row goes on with that value marked, never guessed.
Distinct values are parsed once, so a roster of 100,000 rows reads quickly.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import is_not, itemgetter
from typing import Any

import numpy as np
import pandas as pd

from lkjip_xl.core.rounding import EXCEL_MAX, format_persis, format_poin
from lkjip_xl.core.values import (
    Keadaan,
    Nilai,
    is_blank,
    normalise_label,
    parse_choice,
    parse_nip,
    parse_number,
)
from lkjip_xl.core.vocab import ALIASES
from lkjip_xl.workbook.book import Book, TableData
from lkjip_xl.workbook.contract import (
    YEAR_FORMAT,
    Column,
    NamedCell,
    Role,
    SheetKind,
    Table,
    Template,
    ValueType,
)
from lkjip_xl.workbook.problems import Kode, Masalah
from lkjip_xl.workbook.structure import StructureError

__all__ = [
    "StructureError",
    "TabelMasukan",
    "check_headers",
    "fingerprint",
    "name_problem",
    "read_names",
    "read_table",
]


@dataclass
class TabelMasukan:
    """The inputs of one table: a frame of parsed values on the rows that hold anything."""

    spec: Table
    data: TableData
    frame: pd.DataFrame  # columns: input keys; index: 0-based data rows that are filled
    reasons: dict[str, pd.Series] = field(default_factory=dict)  # key -> reason per row
    masalah: list[Masalah] = field(default_factory=list)

    @property
    def rows(self) -> pd.Index:
        return self.frame.index

    def problem_at(self, row: int, key: str, kode: Kode, **fields: Any) -> Masalah:
        """The problem ``kode`` of the input cell of data row ``row`` and column ``key``."""
        column = self.spec.column(key)
        return Masalah.of(
            kode,
            sheet=self.data.sheet,
            cell=self.data.address(row, column.name),
            table=self.spec.name,
            row=row,
            field=key,
            kolom=column.name,
            **fields,
        )

    def row_notes(self, explained: frozenset[str] = frozenset()) -> dict[int, list[str]]:
        """Problem sentences per row; blanks of ``explained`` fields are left to the core's note."""
        notes: dict[int, list[str]] = {}
        for problem in self.masalah:
            if problem.code is Kode.BLANK_REQUIRED and problem.field in explained:
                continue
            if problem.row is not None:
                notes.setdefault(problem.row, []).append(problem.message)
        return notes


def _text(raw: Any) -> str | None:
    if is_blank(raw):
        return None
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _distinct(raw: Sequence[Any]) -> tuple[np.ndarray, list[Any]]:
    """(code per value, distinct values): every parse runs once per distinct value.

    Blanks (None) get code -1. Python counts True == 1 == 1.0, so a column holding booleans
    is keyed by type as well, lest a TRUE be read as the number 1.
    """
    # fromiter stores each value as it is; a slice assignment looks into each for a sequence
    # to unpack (~3 ms of every roster column).
    array = np.fromiter(raw, dtype=object, count=len(raw))
    codes, uniques = pd.factorize(array, use_na_sentinel=True)
    # A boolean is told among the distinct values; a text equals none, so a column of texts
    # (a roster's, 100,000 values each) is not looked at value by value for one.
    kinds = set(map(type, uniques))
    if bool in kinds or (kinds - {str} and bool in set(map(type, raw))):
        raw = _nan_as_infinite(array, raw)
        keyed = np.empty(len(raw), dtype=object)
        keyed[:] = [None if v is None else (type(v).__name__, v) for v in raw]
        codes, _ = pd.factorize(keyed, use_na_sentinel=True)
        first: dict[int, int] = {}  # code -> index of its first value
        for i, code in enumerate(codes.tolist()):
            first.setdefault(code, i)
        return codes, [raw[first[c]] for c in range(len(first) - (1 if -1 in first else 0))]
    # pandas codes a NaN as missing, like None: looked for only among the values it left out.
    if any(map(is_not, array[codes < 0].tolist(), repeat(None))):
        _nan_as_infinite(array, raw)
        codes, uniques = pd.factorize(array, use_na_sentinel=True)
    return codes, list(uniques)


def _nan_as_infinite(array: np.ndarray, raw: Sequence[Any]) -> Sequence[Any]:
    """A NaN is never a blank cell (blanks arrive as None, from every book), but a value stored
    as NaN in the file: it becomes infinity, which the values layer reports as non-finite."""
    nan = array != array  # only NaN differs from itself; None equals None
    if not nan.any():
        return raw
    array[nan] = math.inf
    return array.tolist()


def _columns(data: TableData) -> Callable[[str], Sequence[Any]]:
    """A table's values column by column: taken at C speed when its rows are all as wide
    (a table read from a file is), else row by row as :meth:`TableData.values` does. Only
    the columns asked for are taken (a roster's computed columns are not)."""
    widths = set(map(len, data.rows))
    if len(widths) != 1:
        return data.values
    width = widths.pop()

    def column(header: str) -> Sequence[Any]:
        index = data.column_index(header)
        if index is None or index >= width:
            return data.values(header)
        return list(map(itemgetter(index), data.rows))

    return column


def _blank_flags(uniques: list[Any]) -> np.ndarray:
    """Whether each distinct value is blank, and a last True for the blanks' code -1.

    :func:`_blank` written out for the usual texts and numbers: a roster's names and NIPs are
    100,000 distinct values each."""
    flags = [
        (not u.strip()) if (kind := type(u)) is str else (u != u) if kind is float else _blank(u)
        for u in uniques
    ]
    return np.array([*flags, True], dtype=bool)


def _blank(value: Any) -> bool:
    kind = type(value)
    if kind is str:
        return not value.strip()
    if kind is float:
        return value != value  # NaN
    return is_blank(value)


def check_headers(spec: Table, data: TableData) -> None:
    missing = [c.name for c in spec.columns if c.name not in data.headers]
    if missing:
        raise StructureError(
            f"Tabel {spec.name} di lembar {data.sheet} tidak memiliki kolom "
            f"{', '.join(missing)}; jangan mengganti nama kolom templat."
        )


def read_table(book: Book, spec: Table) -> TabelMasukan:
    data = book.read_table(spec.name)
    check_headers(spec, data)
    inputs = spec.input_columns
    # Each column factorised once: its codes find the blank rows and, on the filled rows,
    # drive the parse of each distinct value (a value only blank rows hold is parsed unused).
    columns = _columns(data)
    distinct = {c.key: _distinct(columns(c.name)) for c in inputs} if data.rows else {}
    flags = {key: _blank_flags(uniques) for key, (_codes, uniques) in distinct.items()}
    if inputs and data.rows:
        blank = np.logical_and.reduce([flags[c.key][distinct[c.key][0]] for c in inputs])
        taken = np.flatnonzero(~blank)
        filled = taken.tolist()
    else:
        taken, filled = np.empty(0, dtype=np.intp), []
    every_row = len(filled) == len(data.rows)
    index = pd.Index(filled, dtype=np.int64)
    result = TabelMasukan(spec, data, pd.DataFrame(index=index))
    # The frame is built once from every column: set one by one, each would be a frame
    # operation of its own (tens of them in a click's recompute); each column is the same.
    parsed: dict[str, Any] = {}
    for column in inputs:
        codes, uniques = distinct.get(column.key) or (np.empty(0, dtype=np.intp), [])
        blanks = flags.get(column.key)
        if blanks is None:
            blanks = np.ones(1, dtype=bool)
        if not every_row:
            codes = codes[taken]
        values, reasons = _parse_column(result, column, codes, (uniques, blanks), filled)
        parsed[column.key] = values
        result.reasons[column.key] = pd.Series(reasons, index=index, dtype=object)
    if parsed:
        result.frame = pd.DataFrame(parsed, index=index)
    _check_keys(result)
    return result


def _problem(table: TabelMasukan, column: Column, row: int, kode: Kode, **fields: Any) -> str:
    """Record the problem ``kode`` of one input cell; its sentence (for the row's note)."""
    found = table.problem_at(row, column.key, kode, **fields)
    table.masalah.append(found)
    return found.message


def _parse_column(
    table: TabelMasukan,
    column: Column,
    codes: np.ndarray,
    distinct: tuple[list[Any], np.ndarray],
    rows: list[int],
):
    """Parsed values (floats with NaN, text, or the raw label when unreadable) and reasons, of
    the values ``uniques[code]`` (a blank for code -1); ``distinct`` is ``uniques`` and their
    :func:`_blank_flags`."""
    uniques, blank_flags = distinct
    numeric = column.type.is_numeric
    parse: Callable[[Any], Nilai] | None
    if numeric:
        parse = parse_number
    elif column.type is ValueType.NIP:
        parse = parse_nip
    elif column.type is ValueType.CHOICE:
        choices = {normalise_label(c): c for c in column.choices}
        alias = column.reads or ALIASES.get(column.choices)
        parse = lambda v: parse_choice(v, choices, column.name, alias)  # noqa: E731
    else:
        parse = None
    # Arrays, not lists, for the frame and the Series: pandas takes an object array as it is
    # and a list value by value (a roster's reasons and texts: ~0.04 s of a check).
    reasons = np.full(len(codes), None, dtype=object)
    if parse is None:
        # _text written out for texts, the usual value (a roster's 100,000 names): a text is
        # stripped, and None when blank (its flag).
        texts = np.empty(len(uniques) + 1, dtype=object)
        if set(map(type, uniques)) == {str}:
            texts[:-1] = list(map(str.strip, uniques))
            texts[blank_flags] = None
        else:
            texts[:-1] = [(u.strip() or None) if type(u) is str else _text(u) for u in uniques]
        _blank_required(table, column, codes, blank_flags, rows)  # a Nama, a Sasaran too
        return texts[codes], reasons
    parsed: list[Any] = [None] * (len(uniques) + 1)  # the last slot serves blanks (code -1)
    bad: dict[int, tuple[Kode, dict[str, str]]] = {}
    nip = column.type is ValueType.NIP
    proper = nip and _proper_nips(uniques)
    if proper:  # every one a proper NIP, told at C speed: the loop's fast path for them all
        parsed[: len(uniques)] = uniques
    for code, u in enumerate(() if proper else uniques):
        kind = type(u)
        # The usual cells, without building a parse result: typed numbers and proper NIPs.
        if numeric and (kind is float or kind is int) and abs(u) <= EXCEL_MAX:
            value = float(u)
        elif nip and kind is str and len(u) == 18 and u.isdigit() and u.isascii():
            value = u
        else:
            p = parse(u)
            if p.state is Keadaan.GALAT:
                # core.values makes every GALAT value with its code and message.
                assert p.code is not None and p.message is not None
                bad[code] = (p.code, {"alasan": p.message})
                # An unreadable label is kept as typed, so the core can name what it could
                # not read; an unreadable number stays "no number".
                parsed[code] = None if numeric else _text(u)
                continue
            value = p.value
        if numeric and value is not None and _outside(value, column):
            bad[code] = (
                Kode.OUT_OF_RANGE,
                {"nilai": _shown_outside(value, column), "rentang": _bounds(column)},
            )
            continue
        parsed[code] = value
    if numeric:
        table_u = np.array([np.nan if v is None else v for v in parsed], dtype="float64")
        values = table_u[codes]
    else:
        values = np.array(parsed, dtype=object)[codes]
    if bad:
        for i in np.flatnonzero(np.isin(codes, list(bad))):
            kode, fields = bad[int(codes[i])]
            reasons[i] = _problem(table, column, rows[i], kode, **fields)
    _blank_required(table, column, codes, blank_flags, rows)
    return values, reasons


def _blank_required(
    table: TabelMasukan, column: Column, codes: np.ndarray, blank_flags: np.ndarray, rows: list[int]
) -> None:
    """A warning at each blank cell of a required column on a filled row."""
    if column.required:
        for i in np.flatnonzero(blank_flags[codes]):
            _problem(table, column, rows[i], Kode.BLANK_REQUIRED)


def _proper_nips(uniques: list[Any]) -> bool:
    """Whether every value is a text of 18 ASCII digits (a roster's 100,000 NIPs)."""
    try:
        joined = "".join(uniques)
    except TypeError:  # not texts only
        return False
    return set(map(len, uniques)) == {18} and joined.isascii() and joined.isdigit()


def _outside(value: float, column: Column | NamedCell) -> bool:
    low, high = column.minimum, column.maximum
    return (low is not None and value < low) or (high is not None and value > high)


#: The sizes an out-of-range value is written out at, digit by digit; beyond them, as 1E+21.
_WRITTEN_OUT = (1e-15, 1e21)


def _figure(value: float, column: Column | NamedCell) -> str:
    """A value or bound as a message names it: as points usually are (1.500.000,5); in a cell
    the contract shows without a thousands separator (a year, :data:`YEAR_FORMAT`), as its
    cell shows it (2150, not 2.150)."""
    return format_persis(value) if column.number_format == YEAR_FORMAT else format_poin(value)


def _shown_outside(value: float, column: Column | NamedCell) -> str:
    """The value as an out-of-range message names it (:func:`_figure`), with more digits where
    those would read as a value inside the range (100,0000001 is not 100). A value of a size
    no one types (1E+300, -5E-324) is written as Excel writes it: its digits written out would
    be hundreds long, most of them not the float's."""
    if value and not _WRITTEN_OUT[0] <= abs(value) < _WRITTEN_OUT[1]:
        mantissa, _, power = f"{value:.15g}".partition("e")
        return f"{mantissa.replace('.', ',')}E{power[0]}{int(power[1:]):02d}"
    text = _figure(value, column)
    if _outside(float(text.replace(".", "").replace(",", ".")), column):
        return text
    text = format_persis(value)
    if _outside(float(text.replace(",", ".")), column):
        return text
    return format_persis(value, semua=True)


def _bounds(column: Column | NamedCell) -> str:
    low, high = column.minimum, column.maximum
    if low is not None and high is not None:
        return f"{_figure(low, column)} sampai {_figure(high, column)}"
    if low is not None:
        return f"paling kecil {_figure(low, column)}"
    # Only asked for a value _outside the column's bounds, so it has at least one.
    assert high is not None
    return f"paling besar {_figure(high, column)}"


def _folded(value: Any) -> str:
    return (value if type(value) is str else str(value)).strip().upper()


def _folded_column(values: list[Any]) -> list[str]:
    """:func:`_folded` of every value; texts of ASCII digits only (a roster's NIPs) are their
    own folding, told for the whole column by one join."""
    try:
        joined = "".join(values)
    except TypeError:  # not texts only
        return [_folded(v) for v in values]
    if joined.isascii() and joined.isdigit():
        return values
    return [_folded(v) for v in values]


def _check_keys(table: TabelMasukan) -> None:
    """Every repeat of a key (``Kode``, ``NIP``) after its first row is an error of that row."""
    keys = [c for c in table.spec.columns if c.role is Role.KEY]
    if not keys or table.frame.empty:
        return
    # The rows whose every key is filled, taken column by column (no frame of the keys, nor of
    # the rows kept: a click reads seven tables).
    series = [table.frame[c.key] for c in keys]
    complete = np.logical_and.reduce([s.notna().to_numpy() for s in series])
    # str, strip and upper of each key, as pandas' python-backed str accessor does them.
    columns = {
        c.key: _folded_column(s[complete].tolist()) for c, s in zip(keys, series, strict=True)
    }
    if len(columns) == 1 and all(len(set(v)) == len(v) for v in columns.values()):
        return  # the usual roster: every NIP once
    frame = table.frame[[c.key for c in keys]]
    folded = pd.DataFrame(columns, index=frame.index[complete])
    repeated = folded.duplicated(keep=False)
    if not repeated.any():
        return
    first_row: dict[tuple, int] = {}
    column = keys[-1] if len(keys) > 1 else keys[0]
    for row, values in zip(folded.index[repeated], folded[repeated].itertuples(index=False),
                           strict=True):  # fmt: skip
        key = tuple(values)
        if key not in first_row:
            first_row[key] = row
            continue
        first = table.data.excel_row(first_row[key])
        shown = " / ".join(map(_key_text, frame.loc[row]))
        reason = _problem(table, column, row, Kode.DUPLICATE_KEY, kunci=shown, baris=first)
        for c in keys:
            table.reasons[c.key].at[row] = reason


def _key_text(value: Any) -> str:
    """A key as its cell shows it: a year or a numeric Kode is read as a float, and str() of
    it said "2024.0", an English decimal point in an Indonesian message."""
    if isinstance(value, float) and math.isfinite(value):
        return format_persis(value)
    return str(value)


def read_names(book: Book, template: Template) -> tuple[dict[str, Any], list[Masalah]]:
    """Raw values of every input name, and problems of names missing from the workbook."""
    values: dict[str, Any] = {}
    problems: list[Masalah] = []
    for named in template.names:
        if book.name_address(named.name) is None:
            # A name there but pointing at a range or #REF! is said so: "missing" sent the user
            # looking for a name the Name Manager shows.
            text = book.name_text(named.name)
            if text:
                problem = Masalah.of(Kode.MISSING_NAME, varian="bukan-sel", sheet=named.sheet,
                                     nama=named.name, rujukan=text)  # fmt: skip
            else:
                problem = Masalah.of(Kode.MISSING_NAME, sheet=named.sheet, nama=named.name)
            problems.append(problem)
            continue
        if named.is_input:
            value = book.read_name(named.name)
            values[named.name] = math.inf if isinstance(value, float) and value != value else value
    return values, problems


def identitas_problems(book: Book, template: Template, values: dict[str, Any]) -> list[Masalah]:
    """Problems of the Identitas sheet's filled numbers (the Tahun): a Tahun of "abc", 2024,5 or
    2150 reaches the report's title and decides which Riwayat year is last year's. A blank one
    is left as it was (a new workbook's Identitas is blank); Pengaturan's names have their own
    check (``bad-setting``)."""
    found: list[Masalah] = []
    for sheet in template.sheets:
        if sheet.kind is not SheetKind.IDENTITAS:
            continue
        for named in sheet.names:
            if named.is_input and named.type in (ValueType.INTEGER, ValueType.NUMBER):
                said = _number_said(named, parse_number(values.get(named.name)))
                if said is not None:
                    where = book.name_address(named.name)
                    place, cell = where if where else (named.sheet, named.cell)
                    kode, fields = said
                    found.append(Masalah.of(kode, sheet=place, cell=cell, field=named.name,
                                            kolom=named.label, **fields))  # fmt: skip
    return found


def _number_said(named: NamedCell, parsed: Nilai) -> tuple[Kode, dict[str, Any]] | None:
    """What is wrong with a named number as read (None: nothing, or blank)."""
    if parsed.state is Keadaan.KOSONG:
        return None
    if parsed.code is not None:
        return parsed.code, {"alasan": parsed.message}
    value = float(parsed.value)
    if named.type is ValueType.INTEGER and not value.is_integer():
        said = f"{format_persis(value)} bukan bilangan bulat."
        return Kode.OUT_OF_RANGE, {"varian": "alasan", "alasan": said}
    if not _outside(value, named):
        return None
    return Kode.OUT_OF_RANGE, {"nilai": _shown_outside(value, named), "rentang": _bounds(named)}


def name_problem(named: NamedCell, message: str, book: Book) -> Masalah:
    where = book.name_address(named.name)
    sheet, cell = where if where else (named.sheet, named.cell)
    return Masalah.of(
        Kode.BAD_SETTING, sheet=sheet, cell=cell, field=named.name, label=named.label,
        alasan=message,
    )  # fmt: skip


def fingerprint(tables: list[TabelMasukan], names: dict[str, Any]) -> str:
    """A short hash of every input value, to tell later whether results are stale."""
    digest = hashlib.sha256()
    for table in tables:
        digest.update(table.spec.name.encode())
        for column in table.spec.input_columns:
            digest.update(b"\x1e" + column.key.encode() + b"\x1d")
            texts = _fingerprint_texts(table.frame[column.key])
            digest.update("\x1f".join(texts).encode())
    for name in sorted(names):
        value = names[name]
        digest.update(f"\x1e{name}\x1d{'' if value is None else value}".encode())
    return digest.hexdigest()[:16]


_NONE_AS_EMPTY: dict[Any, str] = {None: ""}


def _fingerprint_texts(values: pd.Series) -> list[str]:
    """Each value as ``Series(values, dtype=object).fillna("").astype(str)`` writes it (the
    fingerprints stored in every Log depend on it), without pandas' string arrays for the two
    usual columns: numbers (str of a float, as pandas writes it) and texts."""
    if values.dtype == np.float64:
        array = values.to_numpy()
        # str once per distinct bit pattern: -0.0 stays "-0.0", as a float key would not.
        codes, uniques = pd.factorize(array.view(np.int64))
        texts = np.array([str(u) for u in uniques.view(np.float64).tolist()], dtype=object)
        out = texts[codes]
        out[np.isnan(array)] = ""
        return out.tolist()
    if isinstance(values.dtype, pd.StringDtype):  # texts and missing values only
        return values.to_numpy(dtype=object, na_value="").tolist()
    items = values.tolist()
    if values.dtype == object and set(map(type, items)) <= {str, type(None)}:
        return list(map(_NONE_AS_EMPTY.get, items, items))  # no text equals None
    return pd.Series(values, dtype=object).fillna("").astype(str).tolist()
