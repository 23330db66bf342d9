"""The template contract: every sheet, Excel table, column and defined name, declared once.

DESIGN §3 fixes the public names (sheets, tables, column headers, defined names). They are typed
here and nowhere else in the engine: the builder, reader, checker, writer and the ``Petunjuk`` sheet
all walk this declaration. Code refers to a column by its python ``key``::

    TEMPLATES["kinerja"].table("tblIndikator").column("target").name  # -> "Target"
    TEMPLATES["kinerja"].named("Desimal").ref                          # -> "'Pengaturan'!$B$9"

Everything a user reads (headers, titles, help texts, choices) is Bahasa Indonesia.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
)

from lkjip_xl.core.predikat import load_preset, preset_names

TEMPLATE_VERSION = "2026.1"


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
    name: str
    title: str
    kind: SheetKind
    description: str = ""
    tables: tuple[Table, ...] = ()
    names: tuple[NamedCell, ...] = ()
    charts: tuple[Chart, ...] = ()
    freeze: bool = True
    tab_colour: str | None = None

    def __post_init__(self) -> None:
        for item in (*self.tables, *self.names):
            if item.sheet != self.name:
                raise ValueError(f"{item.name} declares sheet {item.sheet!r}, not {self.name!r}")

    @property
    def has_computed(self) -> bool:
        return any(n.is_computed for n in self.names) or any(
            t.computed_columns for t in self.tables
        )

    @property
    def protected(self) -> bool:
        """Sheets holding computed cells are protected (no password) against slips."""
        return self.has_computed or self.kind is SheetKind.PETUNJUK


@dataclass(frozen=True)
class Template:
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
    def input_names(self) -> tuple[NamedCell, ...]:
        return tuple(n for n in self.names if n.is_input)

    @property
    def computed_names(self) -> tuple[NamedCell, ...]:
        return tuple(n for n in self.names if n.is_computed)


def template(name: str) -> Template:
    """The declaration of a template by name; ValueError naming the known ones otherwise."""
    try:
        return TEMPLATES[name]
    except KeyError:
        known = ", ".join(sorted(TEMPLATES))
        raise ValueError(f"Templat {name!r} tidak dikenal; yang tersedia: {known}.") from None


# ---------------------------------------------------------------------------------------------
# Shared vocabulary
# ---------------------------------------------------------------------------------------------

YA_TIDAK = ("Ya", "Tidak")
POLARITAS = ("Positif", "Negatif")
AGREGASI = ("Kumulatif", "Akhir", "Rata-rata", "Maksimum")
TRIWULAN = ("TW1", "TW2", "TW3", "TW4")
STATUS_CAPAIAN = (
    "Melebihi Target",
    "Tercapai",
    "Tidak Tercapai",
    "Belum Diisi",
    "Tidak Dapat Dihitung",
)
PEMBULATAN = ("Setengah ke atas", "Potong")
METODE_NEGATIF = ("lan", "invers")
METODE_EFISIENSI = ("rasio", "selisih")
STATUS_PEGAWAI = ("PNS", "PPPK")
JENIS_JABATAN = ("Struktural", "Fungsional", "Pelaksana")
PENDIDIKAN = ("SD", "SLTP", "SLTA", "D1", "D2", "D3", "D4", "S1", "S2", "S3")
PREDIKAT_SKP = (
    "Sangat Baik",
    "Baik",
    "Cukup",
    "Butuh Perbaikan",
    "Kurang",
    "Sangat Kurang",
    "Buruk",
)
HUKUMAN_DISIPLIN = ("Tidak Pernah", "Ringan", "Sedang", "Berat")
DATA_KOSONG = ("Nol", "Kecualikan")
ATURAN_IPASN = ("perban-bkn-8-2019",)
STATUS_PENGUMPULAN = ("Belum Kembali", "Diterima", "Ditolak", "Konflik", "Duplikat")
KUSTOM = "kustom"

# DESIGN §4: lke-2015 weights as reports 000 and 001 use them.
SAKIP_LKE_2015 = (
    ("Perencanaan", 30),
    ("Pengukuran", 25),
    ("Pelaporan", 15),
    ("Evaluasi Internal", 10),
    ("Capaian", 20),
)

# Efficiency presets are not scales for capaian; offering them there would invite a category
# label ("Efisien") as an achievement predikat.
SKALA_CAPAIAN = (
    "sakip",
    *(n for n in preset_names() if n != "sakip" and not n.startswith("efisiensi-")),
)
SKALA_CAPAIAN_CHOICES = (*SKALA_CAPAIAN, KUSTOM)


def _palette(*skala: str, extra: Colours = ()) -> Colours:
    """Label colours from presets; the first preset naming a label decides its colour."""
    seen: dict[str, str] = dict(extra)
    for name in skala:
        for band in load_preset(name).bands:
            if band.colour and band.label not in seen:
                seen[band.label] = band.colour
    return tuple(seen.items())


_GREYS: Colours = (("Belum Diisi", "#D9D9D9"), ("Tidak Dapat Dihitung", "#A6A6A6"))
WARNA_CAPAIAN = _palette(*SKALA_CAPAIAN)
WARNA_STATUS = _palette("tercapai", extra=_GREYS)
WARNA_SAKIP = _palette("sakip")
WARNA_EFISIENSI = _palette("efisiensi-rasio", "efisiensi-selisih")
WARNA_IPASN = _palette("ipasn")


def _band_rows(preset: str) -> tuple[tuple[tuple[str, Any], ...], ...]:
    return tuple(
        (
            ("label", band.label),
            ("lower", band.lower),
            ("inclusive", "Ya" if band.inclusive else "Tidak"),
            ("colour", band.colour),
            ("keterangan", band.keterangan),
        )
        for band in load_preset(preset).bands
    )


def _rows(*rows: dict[str, Any]) -> tuple[tuple[tuple[str, Any], ...], ...]:
    return tuple(tuple(row.items()) for row in rows)


def _input(name: str, key: str, type_: ValueType = ValueType.TEXT, **kw: Any) -> Column:
    return Column(name, key, Role.INPUT, type_, **kw)


def _key(name: str, key: str, type_: ValueType = ValueType.TEXT, **kw: Any) -> Column:
    return Column(name, key, Role.KEY, type_, required=True, **kw)


def _computed(name: str, key: str, type_: ValueType = ValueType.TEXT, **kw: Any) -> Column:
    return Column(name, key, Role.COMPUTED, type_, **kw)


def _catatan(help_text: str) -> Column:
    return _computed("Catatan", "catatan", width=55, help=help_text)


# ---------------------------------------------------------------------------------------------
# Sheets common to both templates
# ---------------------------------------------------------------------------------------------


def _petunjuk() -> SheetSpec:
    return SheetSpec(
        "Petunjuk",
        "Petunjuk Pengisian",
        SheetKind.PETUNJUK,
        "Cara mengisi buku kerja ini: lembar, tabel, kolom, dan sel yang diisi atau dihitung.",
        freeze=False,
        tab_colour="548235",
    )


def _identitas(version: str) -> SheetSpec:
    sheet = "Identitas"
    return SheetSpec(
        sheet,
        "Identitas Instansi",
        SheetKind.IDENTITAS,
        "Isi identitas instansi dan tahun laporan. Versi templat diisi oleh mesin.",
        names=(
            NamedCell(
                "Instansi",
                sheet,
                "B4",
                Role.INPUT,
                ValueType.TEXT,
                "Nama Instansi",
                "Nama pemerintah daerah atau instansi, misalnya Pemerintah Kota Bontang.",
                required=True,
            ),
            NamedCell(
                "Unit_Kerja",
                sheet,
                "B5",
                Role.INPUT,
                ValueType.TEXT,
                "Unit Kerja",
                "Nama perangkat daerah atau unit kerja yang melapor, misalnya BKPSDM.",
                required=True,
            ),
            NamedCell(
                "Kode_Unit",
                sheet,
                "B6",
                Role.INPUT,
                ValueType.TEXT,
                "Kode Unit",
                "Kode unit kerja (ditulis sebagai teks agar angka nol di depan tidak hilang).",
            ),
            NamedCell(
                "Tahun",
                sheet,
                "B7",
                Role.INPUT,
                ValueType.INTEGER,
                "Tahun Laporan",
                "Tahun anggaran yang dilaporkan, empat angka, misalnya 2024.",
                required=True,
                minimum=2000,
                maximum=2100,
                number_format=YEAR_FORMAT,
            ),
            NamedCell(
                "Versi_Template",
                sheet,
                "B8",
                Role.COMPUTED,
                ValueType.TEXT,
                "Versi Templat",
                "Versi templat buku kerja ini; diisi oleh mesin, jangan diubah.",
                default=version,
            ),
        ),
        freeze=False,
        tab_colour="1F4E78",
    )


def _log() -> SheetSpec:
    sheet = "Log"
    return SheetSpec(
        sheet,
        "Catatan Proses",
        SheetKind.LOG,
        "Satu baris untuk setiap hitung ulang, pemeriksaan, atau pertukaran berkas; diisi mesin.",
        tables=(
            Table(
                "tblLog",
                sheet,
                "A4",
                "Riwayat Hitung Ulang dan Pemeriksaan",
                (
                    _computed(
                        "Waktu",
                        "waktu",
                        ValueType.DATETIME,
                        help="Waktu proses dijalankan.",
                    ),
                    _computed(
                        "Pengguna", "pengguna", help="Nama pengguna komputer yang menjalankan."
                    ),
                    _computed(
                        "Tindakan",
                        "tindakan",
                        help="Jenis proses: hitung ulang, pemeriksaan, distribusi, "
                        "atau pengumpulan.",
                    ),
                    _computed("Versi Mesin", "versi_mesin", help="Versi lkjip_xl yang dipakai."),
                    _computed(
                        "Aturan",
                        "aturan",
                        width=40,
                        help="Aturan dan preset yang dipakai beserta versinya.",
                    ),
                    _computed(
                        "Sidik Jari Masukan",
                        "sidik_jari_masukan",
                        width=24,
                        help="Ringkasan (hash) seluruh isian; berubah bila ada isian yang berubah.",
                    ),
                    _computed(
                        "Galat",
                        "galat",
                        ValueType.INTEGER,
                        help="Jumlah galat yang ditemukan.",
                    ),
                    _computed(
                        "Peringatan",
                        "peringatan",
                        ValueType.INTEGER,
                        help="Jumlah peringatan yang ditemukan.",
                    ),
                    _computed("Keterangan", "keterangan", width=60, help="Keterangan tambahan."),
                ),
                min_rows=1,
                help="Diisi oleh mesin; jangan diketik.",
            ),
        ),
        tab_colour="A6A6A6",
    )


WARNA_PENGUMPULAN: Colours = (
    ("Belum Kembali", "#D9D9D9"),
    ("Diterima", "#1E7B34"),
    ("Ditolak", "#C00000"),
    ("Konflik", "#ED7D31"),
    ("Duplikat", "#BFBFBF"),
)


def _pengumpulan() -> SheetSpec:
    """The master's record of what went out to the units and what came back (issue 5)."""
    sheet = "Pengumpulan"
    return SheetSpec(
        sheet,
        "Pengumpulan Buku Kerja Unit",
        SheetKind.LOG,
        "Diisi mesin di buku kerja induk: saat dibagikan ke unit (lkjip-xl bagikan) dan saat "
        "dikumpulkan kembali (lkjip-xl kumpulkan); satu baris per berkas yang diterima.",
        tables=(
            Table(
                "tblPengumpulan",
                sheet,
                "A4",
                "Status Pengumpulan per Unit",
                (
                    _computed(
                        "ID Distribusi",
                        "id_distribusi",
                        width=26,
                        help="Pengenal pembagian buku kerja; tercap di setiap buku kerja unit.",
                    ),
                    _computed("Unit", "unit", width=32, help="Unit penerima buku kerja."),
                    _computed(
                        "Berkas",
                        "berkas",
                        width=36,
                        help="Berkas yang diterima, atau berkas yang dikirim bila belum kembali.",
                    ),
                    _computed(
                        "Waktu Diterima",
                        "waktu_diterima",
                        ValueType.DATETIME,
                        help="Waktu berkas dikumpulkan.",
                    ),
                    _computed(
                        "Status",
                        "status",
                        ValueType.CHOICE,
                        choices=STATUS_PENGUMPULAN,
                        width=16,
                        colours=WARNA_PENGUMPULAN,
                        help="Belum Kembali, Diterima (isian digabungkan), Ditolak (lihat "
                        "Masalah), Konflik (tidak digabungkan), atau Duplikat (berkas yang sama "
                        "sudah diterima).",
                    ),
                    _computed(
                        "Baris",
                        "baris",
                        ValueType.INTEGER,
                        help="Banyaknya baris data unit: yang dikirim, atau yang ada di berkas "
                        "yang diterima.",
                    ),
                    _computed(
                        "Diubah", "diubah", ValueType.INTEGER, help="Baris yang isiannya diubah."
                    ),
                    _computed(
                        "Ditambah",
                        "ditambah",
                        ValueType.INTEGER,
                        help="Baris baru yang ditambahkan ke induk.",
                    ),
                    _computed(
                        "Dihapus",
                        "dihapus",
                        ValueType.INTEGER,
                        help="Baris yang dihapus dari induk (nilainya disimpan di folder arsip).",
                    ),
                    _computed(
                        "Masalah",
                        "masalah",
                        width=80,
                        help="Alasan penolakan, konflik, dan setiap perubahan yang perlu dilihat, "
                        "dengan kode dan tempatnya.",
                    ),
                    _computed(
                        "Sidik Jari Berkas",
                        "sidik_jari_berkas",
                        width=20,
                        help="Awal hash SHA-256 berkas; salinan utuhnya ada di folder arsip "
                        "dengan nama yang memuat hash ini.",
                    ),
                ),
                min_rows=1,
                max_rows=5000,
                help="Diisi oleh mesin; jangan diketik.",
            ),
        ),
        tab_colour="A6A6A6",
    )


def _desimal(sheet: str, cell: str) -> NamedCell:
    return NamedCell(
        "Desimal",
        sheet,
        cell,
        Role.INPUT,
        ValueType.INTEGER,
        "Jumlah Desimal",
        "Banyaknya angka di belakang koma pada setiap hasil hitungan; hitungan berikutnya memakai "
        "angka yang tampil, seperti dalam laporan.",
        default=2,
        required=True,
        minimum=0,
        maximum=10,
        number_format=YEAR_FORMAT,
    )


def _pembulatan(sheet: str, cell: str) -> NamedCell:
    return NamedCell(
        "Pembulatan",
        sheet,
        cell,
        Role.INPUT,
        ValueType.CHOICE,
        "Cara Pembulatan",
        "Setengah ke atas: 95,445 menjadi 95,45 (seperti ROUND di Excel). Potong: angka lebihnya "
        "dibuang, 95,449 menjadi 95,44.",
        default="Setengah ke atas",
        choices=PEMBULATAN,
        required=True,
    )


# ---------------------------------------------------------------------------------------------
# Template kinerja
# ---------------------------------------------------------------------------------------------

_KODE_HELP = "Kode indikator yang ada di kolom Kode lembar Indikator."
_CAPAIAN_HELP = (
    "Capaian (%) = Realisasi / Target x 100 untuk polaritas Positif; untuk polaritas Negatif "
    "menurut Metode_Negatif di Pengaturan. Tidak dibatasi 100 kecuali Batas_Atas_Capaian diisi."
)
_PREDIKAT_HELP = "Predikat capaian menurut skala yang dipilih di Pengaturan (Skala_Capaian)."
_STATUS_HELP = (
    "Melebihi Target (capaian > 100), Tercapai (= 100), Tidak Tercapai (< 100), Belum Diisi "
    "(target atau realisasi kosong), atau Tidak Dapat Dihitung (misalnya target 0)."
)


def _kinerja() -> Template:
    version = TEMPLATE_VERSION

    indikator = Table(
        "tblIndikator",
        "Indikator",
        "A4",
        "Indikator Kinerja, Target, dan Realisasi",
        (
            _key(
                "Kode",
                "kode",
                width=11,
                help="Kode unik indikator, misalnya IKU-01. Lembar Triwulan dan Anggaran merujuk "
                "indikator dengan kode ini.",
            ),
            _input(
                "Sasaran",
                "sasaran",
                width=40,
                required=True,
                help="Sasaran strategis tempat indikator berada (sesuai Perjanjian Kinerja). "
                "Indikator dengan teks Sasaran yang sama dirata-ratakan bersama di Ringkasan.",
            ),
            _input(
                "Indikator",
                "indikator",
                width=45,
                required=True,
                help="Nama indikator kinerja (IKU) sesuai Perjanjian Kinerja.",
            ),
            _input(
                "Satuan",
                "satuan",
                width=11,
                help="Satuan target dan realisasi, misalnya %, dokumen, orang, atau indeks.",
            ),
            _input(
                "Polaritas",
                "polaritas",
                ValueType.CHOICE,
                choices=POLARITAS,
                required=True,
                help="Positif: makin tinggi realisasi makin baik. Negatif: makin rendah makin baik "
                "(misalnya jumlah pelanggaran); rumusnya diatur oleh Metode_Negatif di Pengaturan.",
            ),
            _input(
                "Agregasi",
                "agregasi",
                ValueType.CHOICE,
                choices=AGREGASI,
                help="Cara menurunkan Realisasi tahunan dari lembar Triwulan bila kolom Realisasi "
                "kosong: Kumulatif (jumlah triwulan), Akhir (triwulan terakhir yang terisi), "
                "Rata-rata, atau Maksimum.",
            ),
            _input(
                "Target",
                "target",
                ValueType.NUMBER,
                required=True,
                help="Target tahun ini sesuai Perjanjian Kinerja. Target persen ditulis 95,45, "
                "bukan 0,9545.",
            ),
            _input(
                "Realisasi",
                "realisasi",
                ValueType.NUMBER,
                help="Realisasi tahun ini. Kosong berarti belum ada data; 0 berarti realisasinya "
                "memang nol. Bila kosong, realisasi diturunkan dari lembar Triwulan menurut "
                "Agregasi.",
            ),
            _input(
                "Realisasi Tahun Lalu",
                "realisasi_tahun_lalu",
                ValueType.NUMBER,
                help="Realisasi tahun sebelumnya, untuk perbandingan antartahun.",
            ),
            _input(
                "Target Akhir Renstra",
                "target_akhir_renstra",
                ValueType.NUMBER,
                help="Target tahun terakhir Renstra; dasar kolom Capaian Renstra.",
            ),
            _input(
                "Target Nasional",
                "target_nasional",
                ValueType.NUMBER,
                help="Target nasional (misalnya RPJMN), bila ada; dasar kolom Capaian Nasional.",
            ),
            _computed("Capaian", "capaian", ValueType.PERCENT, help=_CAPAIAN_HELP),
            _computed("Predikat", "predikat", width=16, help=_PREDIKAT_HELP, colours=WARNA_CAPAIAN),
            _computed(
                "Status",
                "status",
                ValueType.CHOICE,
                choices=STATUS_CAPAIAN,
                width=20,
                help=_STATUS_HELP,
                colours=WARNA_STATUS,
            ),
            _computed(
                "Capaian Renstra",
                "capaian_renstra",
                ValueType.PERCENT,
                help="Realisasi dibandingkan Target Akhir Renstra (%), dengan rumus yang sama "
                "dengan Capaian.",
            ),
            _computed(
                "Capaian Nasional",
                "capaian_nasional",
                ValueType.PERCENT,
                help="Realisasi dibandingkan Target Nasional (%), dengan rumus yang sama dengan "
                "Capaian.",
            ),
            _catatan(
                "Keterangan dari mesin: data yang kurang, batas yang diterapkan, realisasi yang "
                "diturunkan dari triwulan, atau galat isian."
            ),
        ),
        min_rows=30,
        max_rows=1000,
        help="Satu baris per indikator kinerja.",
        freeze_columns=1,
    )

    triwulan = Table(
        "tblTriwulan",
        "Triwulan",
        "A4",
        "Pemantauan Triwulanan",
        (
            _key("Kode", "kode", width=11, help=_KODE_HELP, refers_to="tblIndikator.kode"),
            _key(
                "Triwulan",
                "triwulan",
                ValueType.CHOICE,
                choices=TRIWULAN,
                help="TW1, TW2, TW3, atau TW4. Satu baris per indikator per triwulan.",
            ),
            _input(
                "Target",
                "target",
                ValueType.NUMBER,
                help="Target triwulan ini (rencana aksi).",
            ),
            _input(
                "Realisasi",
                "realisasi",
                ValueType.NUMBER,
                help="Realisasi triwulan ini. Kosong berarti belum ada data.",
            ),
            _computed("Capaian", "capaian", ValueType.PERCENT, help=_CAPAIAN_HELP),
            _computed("Predikat", "predikat", width=16, help=_PREDIKAT_HELP, colours=WARNA_CAPAIAN),
            _computed(
                "Status",
                "status",
                ValueType.CHOICE,
                choices=STATUS_CAPAIAN,
                width=20,
                help=_STATUS_HELP,
                colours=WARNA_STATUS,
            ),
            _catatan("Keterangan dari mesin tentang baris ini."),
        ),
        min_rows=120,
        max_rows=4000,
        help="Bentuk panjang: satu baris untuk setiap pasangan indikator dan triwulan.",
        freeze_columns=2,
    )

    anggaran = Table(
        "tblAnggaran",
        "Anggaran",
        "A4",
        "Realisasi Anggaran dan Efisiensi",
        (
            _input(
                "Kode Indikator",
                "kode_indikator",
                width=15,
                required=True,
                refers_to="tblIndikator.kode",
                help=_KODE_HELP + " Capaian Kinerja baris ini diambil dari indikator tersebut.",
            ),
            _input(
                "Program/Kegiatan",
                "program_kegiatan",
                width=45,
                required=True,
                help="Nama program, kegiatan, atau subkegiatan yang mendukung indikator.",
            ),
            _input(
                "Pagu",
                "pagu",
                ValueType.RUPIAH,
                required=True,
                minimum=0,
                help="Pagu anggaran (rupiah), ditulis sebagai angka.",
            ),
            _input(
                "Realisasi Anggaran",
                "realisasi_anggaran",
                ValueType.RUPIAH,
                minimum=0,
                help="Realisasi anggaran (rupiah), ditulis sebagai angka.",
            ),
            _computed(
                "Serapan",
                "serapan",
                ValueType.PERCENT,
                help="Serapan anggaran (%) = Realisasi Anggaran / Pagu x 100.",
            ),
            _computed(
                "Capaian Kinerja",
                "capaian_kinerja",
                ValueType.PERCENT,
                help="Capaian indikator yang dirujuk Kode Indikator.",
            ),
            _computed(
                "Efisiensi",
                "efisiensi",
                ValueType.RATIO,
                help="Menurut Metode_Efisiensi: rasio = Capaian Kinerja / Serapan (100 / 80 = "
                "1,25); selisih = Capaian Kinerja - Serapan (poin persen).",
            ),
            _computed(
                "Kategori Efisiensi",
                "kategori_efisiensi",
                width=18,
                colours=WARNA_EFISIENSI,
                help="Kategori dari tabel tblSkalaEfisiensi di Pengaturan; kosong bila tabel itu "
                "kosong.",
            ),
            _catatan("Keterangan dari mesin tentang baris ini."),
        ),
        min_rows=40,
        max_rows=2000,
        help="Satu baris per program atau kegiatan, dikaitkan ke indikator yang didukungnya.",
        freeze_columns=2,
    )

    evaluasi_sheet = "Evaluasi"
    evaluasi = Table(
        "tblEvaluasiSakip",
        evaluasi_sheet,
        "A8",
        "Komponen Evaluasi SAKIP",
        (
            _key(
                "Komponen",
                "komponen",
                width=30,
                help="Komponen evaluasi SAKIP. Terisi menurut LKE 2015; untuk PermenPAN-RB "
                "88/2021 ubah komponen dan bobotnya (30 / 30 / 15 / 25).",
            ),
            _input(
                "Bobot",
                "bobot",
                ValueType.NUMBER,
                required=True,
                minimum=0,
                help="Bobot komponen (nilai maksimumnya).",
            ),
            _input(
                "Nilai",
                "nilai",
                ValueType.NUMBER,
                minimum=0,
                help="Nilai komponen dari hasil evaluasi, paling tinggi sebesar Bobot.",
            ),
        ),
        min_rows=6,
        max_rows=20,
        prefill=_rows(*({"komponen": k, "bobot": b} for k, b in SAKIP_LKE_2015)),
        help="Nilai SAKIP adalah jumlah nilai seluruh komponen.",
    )

    ringkasan_sheet = "Ringkasan"
    ringkasan = Table(
        "tblRingkasanSasaran",
        ringkasan_sheet,
        "A10",
        "Rata-rata Capaian per Sasaran",
        (
            _computed("Sasaran", "sasaran", width=45, help="Sasaran strategis."),
            _computed(
                "Jumlah Indikator",
                "jumlah_indikator",
                ValueType.INTEGER,
                help="Banyaknya indikator sasaran ini yang capaiannya berupa angka.",
            ),
            _computed(
                "Rata-rata Capaian",
                "rata_rata_capaian",
                ValueType.PERCENT,
                help="Rata-rata sederhana capaian indikator sasaran ini.",
            ),
            _computed(
                "Predikat",
                "predikat",
                width=16,
                colours=WARNA_CAPAIAN,
                help="Predikat rata-rata capaian menurut Skala_Capaian.",
            ),
        ),
        min_rows=10,
        max_rows=200,
        help="Diisi oleh mesin dari lembar Indikator.",
    )

    pengaturan_sheet = "Pengaturan"
    skala_columns = (
        _key(
            "Predikat",
            "label",
            width=18,
            help="Label predikat band ini. Urutkan dari band tertinggi ke terendah.",
        ),
        _input(
            "Batas Bawah",
            "lower",
            ValueType.NUMBER,
            help="Batas bawah band. Kosongkan pada baris terakhir (band terendah, tanpa batas "
            "bawah). Band teratas terbuka ke atas.",
        ),
        _input(
            "Termasuk Batas",
            "inclusive",
            ValueType.CHOICE,
            choices=YA_TIDAK,
            help="Ya: nilai yang sama dengan batas bawah masuk band ini (>=). Tidak: nilai harus "
            "lebih besar dari batas bawah (>).",
        ),
        _input(
            "Warna",
            "colour",
            width=11,
            help="Warna band dalam kode heksadesimal, misalnya #1E7B34.",
        ),
        _input("Keterangan", "keterangan", width=20, help="Keterangan band (tidak dihitung)."),
    )
    skala_capaian = Table(
        "tblSkalaCapaian",
        pengaturan_sheet,
        "A13",
        "Skala Predikat Capaian (kustom)",
        skala_columns,
        min_rows=10,
        max_rows=30,
        prefill=_band_rows("sakip"),
        help="Dipakai hanya bila Skala_Capaian = kustom. Terisi skala sakip sebagai contoh.",
    )
    skala_efisiensi = Table(
        "tblSkalaEfisiensi",
        pengaturan_sheet,
        "G13",
        "Kategori Efisiensi",
        skala_columns,
        min_rows=10,
        max_rows=30,
        prefill=_band_rows("efisiensi-rasio"),
        help="Kategori efisiensi. Terisi untuk metode rasio; untuk metode selisih sesuaikan "
        "batasnya (misalnya Efisien >= 0). Tabel kosong berarti tanpa kategori.",
    )

    sheets = (
        _petunjuk(),
        _identitas(version),
        SheetSpec(
            "Indikator",
            "Indikator Kinerja",
            SheetKind.DATA,
            "Isi indikator, target, dan realisasi dari Perjanjian Kinerja dan Renstra. Kolom "
            "abu-abu dihitung oleh mesin.",
            tables=(indikator,),
            tab_colour="1F4E78",
        ),
        SheetSpec(
            "Triwulan",
            "Pemantauan Triwulanan",
            SheetKind.DATA,
            "Target dan realisasi per triwulan, satu baris per indikator per triwulan.",
            tables=(triwulan,),
            tab_colour="1F4E78",
        ),
        SheetSpec(
            "Anggaran",
            "Anggaran dan Efisiensi",
            SheetKind.DATA,
            "Pagu dan realisasi anggaran per program/kegiatan; serapan dan efisiensi dihitung "
            "mesin.",
            tables=(anggaran,),
            tab_colour="1F4E78",
        ),
        SheetSpec(
            evaluasi_sheet,
            "Evaluasi SAKIP",
            SheetKind.DATA,
            "Nilai hasil evaluasi SAKIP per komponen; nilai total dan predikat dihitung mesin.",
            tables=(evaluasi,),
            names=(
                NamedCell(
                    "Nilai_SAKIP",
                    evaluasi_sheet,
                    "B4",
                    Role.COMPUTED,
                    ValueType.NUMBER,
                    "Nilai SAKIP",
                    "Jumlah Nilai seluruh komponen.",
                    number_format="#,##0.00",
                ),
                NamedCell(
                    "Predikat_SAKIP",
                    evaluasi_sheet,
                    "B5",
                    Role.COMPUTED,
                    ValueType.TEXT,
                    "Predikat SAKIP",
                    "Predikat Nilai SAKIP menurut skala sakip (AA > 90, A > 80, BB > 70, B > 60, "
                    "CC > 50, C > 30, D lainnya).",
                    colours=WARNA_SAKIP,
                ),
            ),
            tab_colour="1F4E78",
        ),
        SheetSpec(
            ringkasan_sheet,
            "Ringkasan Kinerja",
            SheetKind.HASIL,
            "Seluruh isi lembar ini dihitung oleh mesin.",
            tables=(ringkasan,),
            names=(
                NamedCell(
                    "Rata_Capaian",
                    ringkasan_sheet,
                    "B4",
                    Role.COMPUTED,
                    ValueType.PERCENT,
                    "Rata-rata Capaian",
                    "Rata-rata sederhana capaian seluruh indikator yang capaiannya berupa angka; "
                    "indikator yang dikecualikan tercatat di kolom Catatan lembar Indikator.",
                ),
                NamedCell(
                    "Predikat_Instansi",
                    ringkasan_sheet,
                    "B5",
                    Role.COMPUTED,
                    ValueType.TEXT,
                    "Predikat Instansi",
                    "Predikat Rata-rata Capaian menurut Skala_Capaian.",
                    colours=WARNA_CAPAIAN,
                ),
                NamedCell(
                    "Serapan_Total",
                    ringkasan_sheet,
                    "B6",
                    Role.COMPUTED,
                    ValueType.PERCENT,
                    "Serapan Anggaran Total",
                    "Jumlah Realisasi Anggaran / jumlah Pagu x 100.",
                ),
                NamedCell(
                    "Efisiensi_Instansi",
                    ringkasan_sheet,
                    "B7",
                    Role.COMPUTED,
                    ValueType.RATIO,
                    "Efisiensi Instansi",
                    "Rata-rata Capaian dibandingkan Serapan Anggaran Total menurut "
                    "Metode_Efisiensi.",
                ),
            ),
            charts=(
                Chart(
                    "Rata-rata Capaian per Sasaran (%)",
                    "tblRingkasanSasaran",
                    "sasaran",
                    ("rata_rata_capaian",),
                    "F10",
                    y_title="Capaian (%)",
                ),
            ),
            tab_colour="7F7F7F",
        ),
        SheetSpec(
            pengaturan_sheet,
            "Pengaturan Perhitungan",
            SheetKind.PENGATURAN,
            "Aturan hitung yang dipakai buku kerja ini. Nilai bawaan mengikuti praktik laporan.",
            tables=(skala_capaian, skala_efisiensi),
            names=(
                NamedCell(
                    "Skala_Capaian",
                    pengaturan_sheet,
                    "B4",
                    Role.INPUT,
                    ValueType.CHOICE,
                    "Skala Predikat Capaian",
                    "Skala predikat capaian. kustom: memakai tabel tblSkalaCapaian di bawah.",
                    default="sakip",
                    choices=SKALA_CAPAIAN_CHOICES,
                    required=True,
                ),
                NamedCell(
                    "Metode_Negatif",
                    pengaturan_sheet,
                    "B5",
                    Role.INPUT,
                    ValueType.CHOICE,
                    "Rumus Polaritas Negatif",
                    "lan: (2 x Target - Realisasi) / Target x 100. invers: Target / Realisasi x "
                    "100.",
                    default="lan",
                    choices=METODE_NEGATIF,
                    required=True,
                ),
                NamedCell(
                    "Batas_Bawah_Nol",
                    pengaturan_sheet,
                    "B6",
                    Role.INPUT,
                    ValueType.CHOICE,
                    "Capaian Minimal 0",
                    "Ya: capaian negatif (polaritas Negatif) dijadikan 0 dan dicatat.",
                    default="Ya",
                    choices=YA_TIDAK,
                    required=True,
                ),
                NamedCell(
                    "Batas_Atas_Capaian",
                    pengaturan_sheet,
                    "B7",
                    Role.INPUT,
                    ValueType.NUMBER,
                    "Batas Atas Capaian",
                    "Kosongkan agar capaian tidak dibatasi; isi angka (misalnya 100) untuk "
                    "membatasi capaian, dan catatan menyebutkannya.",
                    minimum=0,
                ),
                NamedCell(
                    "Metode_Efisiensi",
                    pengaturan_sheet,
                    "B8",
                    Role.INPUT,
                    ValueType.CHOICE,
                    "Metode Efisiensi",
                    "rasio: capaian kinerja / serapan anggaran. selisih: capaian kinerja - "
                    "serapan anggaran.",
                    default="rasio",
                    choices=METODE_EFISIENSI,
                    required=True,
                ),
                _desimal(pengaturan_sheet, "B9"),
                _pembulatan(pengaturan_sheet, "B10"),
            ),
            freeze=False,
            tab_colour="C65911",
        ),
        _pengumpulan(),
        _log(),
    )
    return Template(
        "kinerja",
        version,
        "Templat Kinerja Instansi (LKjIP)",
        sheets,
        notes=(
            "Urutan kerja: Identitas, Pengaturan (bila perlu), Indikator, Triwulan (bila "
            "realisasi dipantau per triwulan), Anggaran, Evaluasi; lalu hitung ulang dan baca "
            "hasilnya di Ringkasan.",
        ),
    )


# ---------------------------------------------------------------------------------------------
# Template ipasn
# ---------------------------------------------------------------------------------------------


def _ipasn() -> Template:
    version = TEMPLATE_VERSION

    def score(name: str, key: str, help_text: str) -> Column:
        return _computed(name, key, ValueType.NUMBER, number_format=SCORE_FORMAT, help=help_text)

    pegawai = Table(
        "tblPegawai",
        "Pegawai",
        "A4",
        "Data Pegawai untuk Indeks Profesionalitas ASN",
        (
            _key(
                "NIP",
                "nip",
                ValueType.NIP,
                help="NIP 18 digit, ditulis sebagai teks. NIP yang tersimpan sebagai angka sudah "
                "kehilangan digit di Excel dan dilaporkan sebagai galat.",
            ),
            _input("Nama", "nama", width=30, required=True, help="Nama pegawai."),
            _input(
                "Unit Kerja",
                "unit_kerja",
                width=30,
                required=True,
                help="Unit kerja pegawai; rekap dibuat per unit kerja.",
            ),
            _input(
                "Status",
                "status",
                ValueType.CHOICE,
                choices=STATUS_PEGAWAI,
                required=True,
                help="PNS atau PPPK; keduanya direkap terpisah dan bersama.",
            ),
            _input(
                "Jenis Jabatan",
                "jenis_jabatan",
                ValueType.CHOICE,
                choices=JENIS_JABATAN,
                required=True,
                help="Struktural, Fungsional, atau Pelaksana; menentukan cara menilai kompetensi.",
            ),
            _input(
                "Pendidikan",
                "pendidikan",
                ValueType.CHOICE,
                choices=PENDIDIKAN,
                help="Pendidikan terakhir: SLTP untuk SMP, SLTA untuk SMA/SMK; D4 setara S1.",
            ),
            _input(
                "Diklat Jenjang",
                "diklat_jenjang",
                ValueType.CHOICE,
                choices=YA_TIDAK,
                help="Ya bila sudah mengikuti diklat kepemimpinan sesuai jabatan (struktural) atau "
                "diklat fungsional (fungsional). Tidak dinilai untuk Pelaksana.",
            ),
            _input(
                "JP Diklat Teknis",
                "jp_diklat_teknis",
                ValueType.NUMBER,
                minimum=0,
                help="Jam pelajaran diklat teknis dalam satu tahun terakhir; 20 JP atau lebih "
                "memenuhi.",
            ),
            _input(
                "Seminar",
                "seminar",
                ValueType.CHOICE,
                choices=YA_TIDAK,
                help="Ya bila mengikuti seminar, lokakarya, atau kursus dalam dua tahun terakhir.",
            ),
            _input(
                "Nilai SKP",
                "nilai_skp",
                ValueType.NUMBER,
                minimum=0,
                maximum=100,
                help="Nilai SKP 0-100. Boleh kosong bila Predikat SKP diisi.",
            ),
            _input(
                "Predikat SKP",
                "predikat_skp",
                ValueType.CHOICE,
                choices=PREDIKAT_SKP,
                width=17,
                help="Predikat SKP; dipakai bila Nilai SKP kosong.",
            ),
            _input(
                "Hukuman Disiplin",
                "hukuman_disiplin",
                ValueType.CHOICE,
                choices=HUKUMAN_DISIPLIN,
                help="Hukuman disiplin terberat dalam lima tahun terakhir (keputusan final).",
            ),
            score(
                "Kualifikasi", "kualifikasi", "Dimensi kualifikasi (maksimum 25), dari Pendidikan."
            ),
            score(
                "Kompetensi",
                "kompetensi",
                "Dimensi kompetensi (maksimum 40), dari diklat jenjang, diklat teknis, "
                "dan seminar.",
            ),
            score("Kinerja", "kinerja", "Dimensi kinerja (maksimum 30), dari Nilai/Predikat SKP."),
            score("Disiplin", "disiplin", "Dimensi disiplin (maksimum 5), dari Hukuman Disiplin."),
            score("Nilai IP ASN", "nilai_ip_asn", "Jumlah keempat dimensi (maksimum 100)."),
            _computed(
                "Kategori",
                "kategori",
                width=16,
                colours=WARNA_IPASN,
                help="Kategori IP ASN: Sangat Tinggi > 90, Tinggi > 80, Sedang > 70, Rendah > 60, "
                "Sangat Rendah lainnya.",
            ),
            _computed(
                "Saran",
                "saran",
                width=60,
                help="Data yang perlu dilengkapi, atau langkah yang akan menaikkan nilai.",
            ),
        ),
        min_rows=100,
        max_rows=20000,
        help="Satu baris per pegawai; data dapat ditempel dari ekspor sistem kepegawaian.",
        freeze_columns=2,
    )

    rekap_sheet = "Rekap"
    rekap = Table(
        "tblRekap",
        rekap_sheet,
        "A4",
        "Rekap IP ASN per Unit Kerja dan Status",
        (
            _computed("Unit Kerja", "unit_kerja", width=30, help="Unit kerja, atau SELURUH."),
            _computed("Status", "status", width=12, help="PNS, PPPK, atau gabungan."),
            _computed(
                "Jumlah Pegawai",
                "jumlah_pegawai",
                ValueType.INTEGER,
                help="Banyaknya pegawai pada baris ini.",
            ),
            _computed(
                "Data Lengkap",
                "data_lengkap",
                ValueType.INTEGER,
                help="Banyaknya pegawai yang datanya lengkap (cakupan data).",
            ),
            score("Kualifikasi", "kualifikasi", "Rata-rata dimensi kualifikasi."),
            score("Kompetensi", "kompetensi", "Rata-rata dimensi kompetensi."),
            score("Kinerja", "kinerja", "Rata-rata dimensi kinerja."),
            score("Disiplin", "disiplin", "Rata-rata dimensi disiplin."),
            score("Nilai IP ASN", "nilai_ip_asn", "Rata-rata Nilai IP ASN pegawai."),
            _computed(
                "Kategori",
                "kategori",
                width=16,
                colours=WARNA_IPASN,
                help="Kategori rata-rata Nilai IP ASN.",
            ),
        ),
        min_rows=10,
        max_rows=2000,
        help="Satu baris per unit kerja dan status, baris jumlah per status, dan baris SELURUH.",
    )
    selisih = Table(
        "tblSelisih",
        rekap_sheet,
        "L4",
        "Selisih Skor terhadap Bobot Dimensi",
        (
            _computed("Dimensi", "dimensi", width=14, help="Dimensi IP ASN."),
            score("Bobot", "bobot", "Nilai maksimum dimensi."),
            score("Skor", "skor", "Rata-rata skor seluruh pegawai."),
            score("Selisih", "selisih", "Bobot dikurangi Skor: ruang perbaikan dimensi ini."),
        ),
        min_rows=4,
        max_rows=20,
        help="Selisih setiap dimensi terhadap nilai maksimumnya, seperti dicetak dalam laporan.",
    )

    pengaturan_sheet = "Pengaturan"
    sheets = (
        _petunjuk(),
        _identitas(version),
        SheetSpec(
            "Pegawai",
            "Data Pegawai",
            SheetKind.DATA,
            "Satu baris per pegawai. Kolom abu-abu dihitung oleh mesin.",
            tables=(pegawai,),
            tab_colour="1F4E78",
        ),
        SheetSpec(
            rekap_sheet,
            "Rekap Indeks Profesionalitas ASN",
            SheetKind.HASIL,
            "Seluruh isi lembar ini dihitung oleh mesin.",
            tables=(rekap, selisih),
            charts=(
                Chart(
                    "Skor IP ASN per Dimensi dan Bobotnya",
                    "tblSelisih",
                    "dimensi",
                    ("bobot", "skor"),
                    "L11",
                    y_title="Nilai",
                ),
            ),
            tab_colour="7F7F7F",
        ),
        SheetSpec(
            pengaturan_sheet,
            "Pengaturan Perhitungan",
            SheetKind.PENGATURAN,
            "Aturan hitung yang dipakai buku kerja ini.",
            names=(
                NamedCell(
                    "Aturan_IPASN",
                    pengaturan_sheet,
                    "B4",
                    Role.INPUT,
                    ValueType.CHOICE,
                    "Aturan IP ASN",
                    "Perangkat aturan IP ASN: perban-bkn-8-2019 (PermenPAN-RB 38/2018 dan "
                    "Peraturan BKN 8/2019).",
                    default="perban-bkn-8-2019",
                    choices=ATURAN_IPASN,
                    required=True,
                ),
                NamedCell(
                    "Data_Kosong",
                    pengaturan_sheet,
                    "B5",
                    Role.INPUT,
                    ValueType.CHOICE,
                    "Data Kosong",
                    "Nol: data yang kosong memberi nilai 0 pada dimensinya. Kecualikan: pegawai "
                    "dengan data tidak lengkap tidak ikut dirata-ratakan.",
                    default="Nol",
                    choices=DATA_KOSONG,
                    required=True,
                ),
                _desimal(pengaturan_sheet, "B6"),
                _pembulatan(pengaturan_sheet, "B7"),
            ),
            freeze=False,
            tab_colour="C65911",
        ),
        _pengumpulan(),
        _log(),
    )
    return Template(
        "ipasn",
        version,
        "Templat Indeks Profesionalitas ASN (IP ASN)",
        sheets,
        notes=(
            "NIP ditulis sebagai teks 18 digit (kolom NIP sudah berformat Teks). Saat menempel "
            "dari ekspor, tempel sebagai nilai (Tempel Spesial > Nilai) agar format kolom tetap.",
            "Isi Nilai SKP atau, bila tidak ada, Predikat SKP.",
        ),
    )


TEMPLATES: dict[str, Template] = {t.name: t for t in (_kinerja(), _ipasn())}
