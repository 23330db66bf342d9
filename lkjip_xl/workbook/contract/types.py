"""The declaration types of the template contract: roles, value types, columns, tables, names.

A template (:class:`Template`) is sheets (:class:`SheetSpec`) holding Excel tables (:class:`Table`
of :class:`Column`), single-value defined names (:class:`NamedCell`) and charts. The declarations
check themselves on construction, so a mistake in a template fails at import, not in a workbook.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from lkjip_xl.core.rounding import DESIMAL_DEFAULT, desimal_valid
from lkjip_xl.workbook.contract.print_layout import (
    HELP_WIDTH,
    NAMED_TEXT_WIDTH,
    PETUNJUK_WIDTHS,
    PrintLayout,
    layout_for,
)
from lkjip_xl.workbook.ooxml.letters import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
)

TEMPLATE_VERSION = "2026.3"


def version_key(text: Any) -> tuple[int, ...]:
    """A template version as numbers, so that 2026.10 comes after 2026.9."""
    return tuple(int(p) for p in re.findall(r"\d+", str(text)))


class Role(StrEnum):
    """What a cell is for: typed by a user, typed and identifying a row, or computed."""

    INPUT = "input"
    KEY = "key"
    COMPUTED = "computed"

    @property
    def is_input(self) -> bool:
        return self is not Role.COMPUTED

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


class ValueType(StrEnum):
    """How a value is read and shown. PERCENT holds percent units (95.45 means 95,45 %)."""

    TEXT = "text"
    NUMBER = "number"
    PERCENT = "percent"
    RUPIAH = "rupiah"
    INTEGER = "integer"
    NIP = "nip"
    CHOICE = "choice"
    RATIO = "ratio"
    DATETIME = "datetime"

    @property
    def label(self) -> str:
        return TYPE_LABELS[self]

    @property
    def is_numeric(self) -> bool:
        return self in _NUMERIC


_NUMERIC = frozenset(
    {ValueType.NUMBER, ValueType.PERCENT, ValueType.RUPIAH, ValueType.INTEGER, ValueType.RATIO}
)


class SheetKind(StrEnum):
    PETUNJUK = "petunjuk"
    IDENTITAS = "identitas"
    DATA = "data"  # user lists with computed columns beside them
    HASIL = "hasil"  # computed only
    PENGATURAN = "pengaturan"
    LOG = "log"
    LAPORAN = "laporan"  # print-ready report, rewritten whole by recompute


ROLE_LABELS = {
    Role.INPUT: "Isian",
    Role.KEY: "Isian kunci (unik)",
    Role.COMPUTED: "Hasil hitungan (terkunci)",
}

TYPE_LABELS = {
    ValueType.TEXT: "Teks",
    ValueType.NUMBER: "Angka",
    ValueType.PERCENT: "Persen (95,45 = 95,45%)",
    ValueType.RUPIAH: "Rupiah",
    ValueType.INTEGER: "Bilangan bulat",
    ValueType.NIP: "NIP (teks 18 digit)",
    ValueType.CHOICE: "Pilihan",
    ValueType.RATIO: "Rasio",
    ValueType.DATETIME: "Tanggal dan waktu",
}

# Percent values are already in percent units, so Excel's "%" format (which multiplies by 100)
# must never be used for them.
NUMBER_FORMATS = {
    ValueType.TEXT: "@",
    ValueType.NUMBER: "General",
    ValueType.PERCENT: "#,##0.00",
    ValueType.RUPIAH: '"Rp "#,##0',
    ValueType.INTEGER: "#,##0",
    ValueType.NIP: "@",
    ValueType.CHOICE: "General",
    ValueType.RATIO: "0.00",
    ValueType.DATETIME: "yyyy-mm-dd hh:mm:ss",
}

DEFAULT_WIDTHS = {
    ValueType.TEXT: 20.0,
    ValueType.NUMBER: 13.0,
    ValueType.PERCENT: 12.0,
    ValueType.RUPIAH: 19.0,
    ValueType.INTEGER: 11.0,
    ValueType.NIP: 22.0,
    ValueType.CHOICE: 15.0,
    ValueType.RATIO: 11.0,
    ValueType.DATETIME: 20.0,
}

SCORE_FORMAT = "0.00"
YEAR_FORMAT = "0"
#: The formats a computed figure rounded to ``Desimal`` places is declared in (two places, the
#: default Desimal): its cells show the decimals it holds, no more and no fewer.
DESIMAL_FORMATS = frozenset({NUMBER_FORMATS[ValueType.PERCENT], SCORE_FORMAT})
DEFAULT_DESIMAL = DESIMAL_DEFAULT


def shown_format(code: str, desimal: int | None) -> str:
    """The format a figure declared in ``code`` is shown in at ``desimal`` places: ``#,##0.00``
    is ``#,##0`` at 0 and ``#,##0.000`` at 3 (``0.00``: ``0``, ``0.000``). Any other format,
    or no valid Desimal (the default display stays), is ``code`` itself."""
    if code not in DESIMAL_FORMATS or not desimal_valid(desimal):
        return code
    whole = code.split(".", 1)[0]
    return f"{whole}.{'0' * desimal}" if desimal else whole


_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
_DEFINED_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")

Colours = tuple[tuple[str, str], ...]


def _check_choices(owner: str, value_type: ValueType, choices: tuple[str, ...]) -> None:
    if value_type is ValueType.CHOICE and not choices:
        raise ValueError(f"{owner}: a CHOICE needs choices")
    if choices and value_type is not ValueType.CHOICE:
        raise ValueError(f"{owner}: choices are only for CHOICE")
    if len(set(choices)) != len(choices):
        raise ValueError(f"{owner}: duplicate choices")


@dataclass(frozen=True)
class Column:
    """One column of an Excel table. ``name`` is the header exactly as DESIGN §3 fixes it."""

    name: str
    key: str
    role: Role
    type: ValueType
    choices: tuple[str, ...] = ()
    required: bool = False
    width: float | None = None
    help: str = ""
    refers_to: str | None = None  # "tblIndikator.kode": values must exist in that column
    minimum: float | None = None
    maximum: float | None = None
    number_format: str | None = None  # None: the type's format
    colours: Colours = ()  # (label, "#RRGGBB"): conditional fill of cells showing that label
    # A long text (a name, a sentence): wrapped within the cell, read from the top, on screen
    # and on paper, never cut at the next column. Every cell of the column carries the style,
    # so a value a recompute writes there wraps as well (a written cell keeps its style).
    wrap: bool = False
    # The rule's own reading of other spellings of a choice (SMA for SLTA), giving one of
    # ``choices`` or None; None here: the list's reading in core.vocab.ALIASES, if any. The
    # check accepts what the computation reads, rather than call it unknown and score it.
    reads: Callable[[Any], str | None] | None = None
    # False for a computed figure in a decimal format that is not rounded to Desimal (a rule's
    # weight): it keeps its declared format whatever Desimal says.
    rounded: bool = True

    def __post_init__(self) -> None:
        if not _IDENTIFIER.match(self.key):
            raise ValueError(f"column key {self.key!r} is not a python identifier")
        _check_choices(f"column {self.name!r}", self.type, self.choices)
        if self.number_format is None:
            object.__setattr__(self, "number_format", NUMBER_FORMATS[self.type])
        # Room for the header and the autofilter button.
        floor = len(self.name) + 4.0
        object.__setattr__(self, "width", max(self.width or DEFAULT_WIDTHS[self.type], floor))

    @property
    def is_input(self) -> bool:
        return self.role.is_input

    @property
    def is_computed(self) -> bool:
        return self.role is Role.COMPUTED

    @property
    def follows_desimal(self) -> bool:
        """Whether its cells show ``Desimal`` places (:func:`shown_format`)."""
        return self.is_computed and self.rounded and self.number_format in DESIMAL_FORMATS


@dataclass(frozen=True)
class Table:
    """An Excel table: header row at ``anchor``, then ``min_rows`` data rows.

    ``max_rows`` is how far below the header validation and conditional formats reach, so a table
    that grows keeps its dropdowns. ``prefill`` rows are written into the first data rows.
    """

    name: str
    sheet: str
    anchor: str
    title: str
    columns: tuple[Column, ...]
    min_rows: int = 20
    max_rows: int = 1000
    help: str = ""
    prefill: tuple[tuple[tuple[str, Any], ...], ...] = ()
    freeze_columns: int = 0

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        keys = [c.key for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: duplicate column name")
        if len(set(keys)) != len(keys):
            raise ValueError(f"{self.name}: duplicate column key")
        if len(self.prefill) > self.min_rows:
            raise ValueError(f"{self.name}: more prefilled rows than min_rows")
        for row in self.prefill:
            unknown = {k for k, _ in row} - set(keys)
            if unknown:
                raise ValueError(f"{self.name}: prefill keys {sorted(unknown)} are not columns")
        if self.max_rows < self.min_rows:
            raise ValueError(f"{self.name}: max_rows below min_rows")

    # -- lookups ---------------------------------------------------------------------------
    def column(self, key_or_name: str) -> Column:
        """A column by its python key or, failing that, by its header text."""
        for column in self.columns:
            if column.key == key_or_name:
                return column
        for column in self.columns:
            if column.name == key_or_name:
                return column
        raise KeyError(f"{self.name} has no column {key_or_name!r}")

    def index(self, key_or_name: str) -> int:
        """0-based position of a column inside the table."""
        return self.columns.index(self.column(key_or_name))

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    @property
    def key(self) -> tuple[str, ...]:
        """The keys of the KEY columns, which together identify a row (empty: rows by position)."""
        return tuple(c.key for c in self.columns if c.role is Role.KEY)

    @property
    def input_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.is_input)

    @property
    def computed_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.is_computed)

    @property
    def initial_rows(self) -> list[dict[str, Any]]:
        """The prefilled rows as dicts over every column key (missing values are None)."""
        return [{k: dict(row).get(k) for k in self.keys} for row in self.prefill]

    # -- geometry --------------------------------------------------------------------------
    @property
    def header_row(self) -> int:
        return coordinate_from_string(self.anchor)[1]

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        """Last data row of the table as built."""
        return self.header_row + self.min_rows

    @property
    def extent_last_row(self) -> int:
        """Last row covered by validation and conditional formats."""
        return self.header_row + self.max_rows

    @property
    def title_cell(self) -> str:
        return f"{self.first_letter}{self.header_row - 1}"

    @property
    def first_col(self) -> int:
        return column_index_from_string(coordinate_from_string(self.anchor)[0])

    @property
    def last_col(self) -> int:
        return self.first_col + len(self.columns) - 1

    @property
    def first_letter(self) -> str:
        return get_column_letter(self.first_col)

    @property
    def last_letter(self) -> str:
        return get_column_letter(self.last_col)

    @property
    def ref(self) -> str:
        """The table's range as built, header included, e.g. ``A4:Q34``."""
        return f"{self.anchor}:{self.last_letter}{self.last_row}"

    def col_index(self, key_or_name: str) -> int:
        """1-based sheet column of a column."""
        return self.first_col + self.index(key_or_name)

    def letter(self, key_or_name: str) -> str:
        return get_column_letter(self.col_index(key_or_name))

    def data_range(self, key_or_name: str, extended: bool = False) -> str:
        """Data cells of one column, e.g. ``H5:H34`` (to ``extent_last_row`` when extended)."""
        letter = self.letter(key_or_name)
        last = self.extent_last_row if extended else self.last_row
        return f"{letter}{self.first_data_row}:{letter}{last}"


@dataclass(frozen=True)
class NamedCell:
    """A single value, reached through a workbook-scoped defined name."""

    name: str
    sheet: str
    cell: str
    role: Role
    type: ValueType
    label: str
    help: str = ""
    default: Any = None
    choices: tuple[str, ...] = ()
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    number_format: str | None = None
    colours: Colours = ()

    def __post_init__(self) -> None:
        if not _DEFINED_NAME.match(self.name):
            raise ValueError(f"{self.name!r} is not a valid defined name")
        if self.role is Role.KEY:
            raise ValueError(f"{self.name}: a named cell cannot be a KEY")
        _check_choices(f"name {self.name!r}", self.type, self.choices)
        if self.choices and self.default is not None and self.default not in self.choices:
            raise ValueError(f"{self.name}: default {self.default!r} is not a choice")
        if self.number_format is None:
            object.__setattr__(self, "number_format", NUMBER_FORMATS[self.type])

    @property
    def is_input(self) -> bool:
        return self.role.is_input

    @property
    def is_computed(self) -> bool:
        return self.role is Role.COMPUTED

    @property
    def follows_desimal(self) -> bool:
        """Whether its cell shows ``Desimal`` places (:func:`shown_format`)."""
        return self.is_computed and self.number_format in DESIMAL_FORMATS

    @property
    def row(self) -> int:
        return coordinate_from_string(self.cell)[1]

    @property
    def col(self) -> int:
        return column_index_from_string(coordinate_from_string(self.cell)[0])

    @property
    def absolute(self) -> str:
        letter, row = coordinate_from_string(self.cell)
        return f"${letter}${row}"

    @property
    def ref(self) -> str:
        """What the defined name points at, e.g. ``'Pengaturan'!$B$4`` (sheet always quoted)."""
        # Quoting is optional for plain sheet names; always quoting keeps one spelling everywhere.
        quoted = self.sheet.replace("'", "''")
        return f"'{quoted}'!{self.absolute}"

    @property
    def label_cell(self) -> str:
        return f"{get_column_letter(self.col - 1)}{self.row}"

    @property
    def help_cell(self) -> str:
        return f"{get_column_letter(self.col + 1)}{self.row}"


@dataclass(frozen=True)
class Chart:
    """A bar chart over a table's declared rows (the chart range does not follow table growth)."""

    title: str
    table: str
    categories: str  # column key
    values: tuple[str, ...]  # column keys
    anchor: str
    y_title: str = ""
    x_title: str = ""


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of a template: its tables, single-value names and charts."""

    name: str
    title: str
    kind: SheetKind
    description: str = ""
    tables: tuple[Table, ...] = ()
    names: tuple[NamedCell, ...] = ()
    charts: tuple[Chart, ...] = ()
    freeze: bool = True
    tab_colour: str | None = None
    #: The template version that added the sheet ("": the first): in a workbook of an earlier
    #: version, a sheet of this name is the user's own (``perbarui`` keeps it, renamed).
    since: str = ""

    def __post_init__(self) -> None:
        placed: tuple[Table | NamedCell, ...] = (*self.tables, *self.names)
        for item in placed:
            if item.sheet != self.name:
                raise ValueError(f"{item.name} declares sheet {item.sheet!r}, not {self.name!r}")

    def added_after(self, stored: Any) -> bool:
        """Whether a workbook stamped with template version ``stored`` predates this sheet: a
        sheet of its name there is the user's own, not this one (no version recorded: not
        known to predate it)."""
        if not self.since or stored is None or not str(stored).strip():
            return False
        return version_key(stored) < version_key(self.since)

    @property
    def has_computed(self) -> bool:
        return any(n.is_computed for n in self.names) or any(
            t.computed_columns for t in self.tables
        )

    @property
    def protected(self) -> bool:
        """Sheets holding computed cells are protected (no password) against slips."""
        return self.has_computed or self.kind in (SheetKind.PETUNJUK, SheetKind.LAPORAN)

    @property
    def column_widths(self) -> dict[int, float]:
        """Sheet column (1-based) -> width in characters, for every column the sheet uses."""
        if self.kind is SheetKind.PETUNJUK:
            return dict(enumerate(PETUNJUK_WIDTHS, 1))
        widths: dict[int, float] = {}

        def need(col: int, width: float) -> None:
            widths[col] = max(widths.get(col, 10.0), width)

        for named in self.names:
            need(named.col - 1, len(named.label) + 3.0)
            longest = max([len(c) for c in named.choices] + [len(str(named.default or "")), 14])
            need(named.col, longest + 6.0)
            if named.type is ValueType.TEXT and named.is_input:
                need(named.col, NAMED_TEXT_WIDTH)
            if named.help:
                need(named.col + 1, HELP_WIDTH)
        for table in self.tables:
            for column in table.columns:
                need(table.col_index(column.key), float(column.width or 10.0))
        return dict(sorted(widths.items()))

    @property
    def print_layout(self) -> PrintLayout:
        """Paper, scale and repeated titles (see :mod:`.print_layout`).

        The header row repeats on every page when all tables share it and nothing is declared
        above it; the first table's frozen columns (or its first column) repeat across.
        """
        if self.kind is SheetKind.LAPORAN:
            # Laid out by its own writer to the width of a landscape A4 page, never shrunk;
            # its tables repeat their own header rows at the page breaks it sets.
            return PrintLayout("landscape", 100)
        headers = {t.header_row for t in self.tables}
        title_rows = None
        if len(headers) == 1 and not self.names:
            row = headers.pop()
            title_rows = (row, row)
        key_columns = None
        if self.tables:
            first = self.tables[0]
            key_columns = (first.first_col, first.first_col + max(first.freeze_columns, 1) - 1)
        drawings = [
            column_index_from_string(coordinate_from_string(c.anchor)[0]) for c in self.charts
        ]
        return layout_for(
            self.column_widths, title_rows=title_rows, key_columns=key_columns, drawings=drawings
        )


@dataclass(frozen=True)
class Template:
    """A whole template: its sheets, in workbook order, under a name and version."""

    name: str
    version: str
    title: str
    sheets: tuple[SheetSpec, ...]
    notes: tuple[str, ...] = ()  # template-specific lines for the Petunjuk sheet

    def __post_init__(self) -> None:
        for label, items in (
            ("sheet", [s.name for s in self.sheets]),
            ("table", [t.name for t in self.tables]),
            ("name", [n.name.lower() for n in self.names]),
        ):
            if len(set(items)) != len(items):
                raise ValueError(f"{self.name}: duplicate {label}")
        for table in self.tables:
            for column in table.columns:
                if column.refers_to:
                    target_table, target_key = column.refers_to.split(".")
                    self.table(target_table).column(target_key)
        for sheet in self.sheets:
            for chart in sheet.charts:
                table = self.table(chart.table)
                for key in (chart.categories, *chart.values):
                    table.column(key)

    @property
    def file_name(self) -> str:
        return f"{self.name}.xlsx"

    @property
    def sheet_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.sheets)

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(t for s in self.sheets for t in s.tables)

    @property
    def names(self) -> tuple[NamedCell, ...]:
        return tuple(n for s in self.sheets for n in s.names)

    def sheet(self, name: str) -> SheetSpec:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(f"template {self.name} has no sheet {name!r}")

    def table(self, name: str) -> Table:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(f"template {self.name} has no table {name!r}")

    def named(self, name: str) -> NamedCell:
        """A named cell; defined names are case-insensitive in Excel, so lookup is too."""
        for named in self.names:
            if named.name.lower() == name.lower():
                return named
        raise KeyError(f"template {self.name} has no defined name {name!r}")

    @property
    def input_columns(self) -> tuple[tuple[Table, Column], ...]:
        return tuple((t, c) for t in self.tables for c in t.input_columns)

    @property
    def computed_columns(self) -> tuple[tuple[Table, Column], ...]:
        return tuple((t, c) for t in self.tables for c in t.computed_columns)

    @property
    def result_tables(self) -> tuple[Table, ...]:
        """Tables whose computed columns a computation fills.

        The Log and Pengumpulan sheets are the engine's records, written by recompute and the
        exchange rather than computed from the inputs.
        """
        return tuple(
            t
            for s in self.sheets
            if s.kind is not SheetKind.LOG
            for t in s.tables
            if t.computed_columns
        )

    @property
    def result_names(self) -> tuple[NamedCell, ...]:
        """Computed names a computation fills (Identitas' Versi_Template is the builder's)."""
        return tuple(
            n
            for s in self.sheets
            if s.kind is not SheetKind.IDENTITAS
            for n in s.names
            if n.is_computed
        )

    @property
    def input_names(self) -> tuple[NamedCell, ...]:
        return tuple(n for n in self.names if n.is_input)

    @property
    def computed_names(self) -> tuple[NamedCell, ...]:
        return tuple(n for n in self.names if n.is_computed)
