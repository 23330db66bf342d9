"""Another agency's IP-ASN roster, typed the way its staff type it, and an oracle of its figures.

The roster is a BKPSDM's of a made-up kabupaten: 25 units whose names look alike, PNS and PPPK,
every Jenis Jabatan and education level, figures typed as text (``"80"``, ``"80,5"``, ``"75%"``),
NIPs with the spaces SIMPEG prints, long names with apostrophes and dots, hours of technical
training far beyond the 20 JP that count, some inputs left blank and a few slips a staff member
makes (a NIP that Excel turned into a number, an SKP of 110, a date where hours belong).

The oracle is written from DESIGN.md §3-§4 only (nothing from ``lkjip_xl`` computes a figure
here): exact fractions per dimension, the total and its category of the ``ipasn`` preset, the
recap per unit and status from the shown values, the totals per status, ``Seluruh Pegawai`` and
``tblSelisih``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import subprocess
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl

from tests.oracle.exact_ipasn import kinerja_skp  # the SKP bands, written once from DESIGN §4

SEED = 20261206
KABUPATEN = "Pemerintah Kabupaten Sungai Laut"
UNITS = [
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", 70),
    ("Badan Keuangan dan Aset Daerah", 60),
    ("Badan Perencanaan Pembangunan Daerah", 40),
    ("Badan Pendapatan Daerah", 35),
    ("Dinas Pendidikan dan Kebudayaan", 200),
    ("Dinas Pendidikan Dasar", 110),
    ("Dinas Kesehatan", 150),
    ("Dinas Kesehatan Hewan dan Peternakan", 45),
    ("Dinas Sosial", 40),
    ("Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak", 35),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", 70),
    ("Dinas Perumahan dan Kawasan Permukiman", 35),
    ("Dinas Kependudukan dan Pencatatan Sipil", 40),
    ("Dinas Komunikasi, Informatika & Persandian", 30),
    ("Inspektorat Daerah", 35),
    ("Sekretariat Daerah", 90),
    ("Sekretariat DPRD", 40),
    ("Satuan Polisi Pamong Praja", 60),
    ("Kecamatan Sungai Laut", 45),
    ("Kecamatan Sungai Laut Utara", 40),
    ("Kecamatan Sungai Laut Selatan", 40),
    ("Kelurahan Tanjung Ma'rang", 20),
    ("UPTD Puskesmas Sungai Laut", 55),
    ("UPTD Puskesmas Sungai Laut Utara", 50),
    ("RSUD Dr. H. Moch. Ansari Saleh", 140),
]
PENDIDIKAN = ["SD", "SLTP", "SLTA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"]
PENDIDIKAN_WEIGHTS = [2, 3, 20, 2, 2, 12, 5, 38, 14, 2]
JABATAN = ["Struktural", "Fungsional", "Pelaksana"]
PREDIKAT_SKP = [
    "Sangat Baik", "Baik", "Cukup", "Butuh Perbaikan", "Kurang", "Sangat Kurang", "Buruk"
]  # fmt: skip
HUKUMAN = ["Tidak Pernah", "Ringan", "Sedang", "Berat"]
HUKUMAN_WEIGHTS = [90, 5, 3, 2]
FIRST = ["Muhammad", "Siti", "Nur", "Ahmad", "Dewi", "Rahmat", "Sri", "Andi", "Ni Made", "I Gusti"]
LAST = ["Ma'ruf", "Saleh", "Hasanuddin", "Rahmawati", "O'neil", "Syamsu'ddin", "Purnomo", "Lestari"]
TITLES_BEFORE = ["", "", "", "Drs. ", "Dr. ", "H. ", "Hj. ", "dr. ", "Ir. H. "]
TITLES_AFTER = ["", "", ", S.Sos.", ", S.Pd., M.Pd.", ", S.Kep., Ns.", ", A.Md.", ", S.E., M.Si."]
# JP typed as staff type them: numbers, text, comma decimals; far beyond the 20 JP that count.
JP = [0, 8, 16, "19", "19,5", 20, "20", "20,0", 24, "32", 40, "40", 60, "80", 120, "240", 19.99]
SKP_EDGES = [90, 75, 60, 50, 75.001, "90,4", "50,5", "90,01", "75,001", "60,5", 100, 0, 91, "76"]


@dataclass(frozen=True)
class Persen:
    """A figure typed with a percent sign into a cell Excel then formats as a percentage: the
    cell holds the figure / 100 (``87%`` holds 0.87) and shows the figure."""

    figure: str  # as typed before the sign, "87" or "90.5"


@dataclass
class Roster:
    rows: list[dict[str, Any]] = field(default_factory=list)
    # (row index, column) of each slip a staff member made, with what check should name
    slips: dict[tuple[int, str], str] = field(default_factory=dict)


def _nip(rng: random.Random, i: int) -> str:
    born = f"19{rng.randrange(62, 99)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    hired = f"20{rng.randrange(0, 24):02d}{rng.randrange(1, 13):02d}"
    return f"{born}{hired}{rng.randrange(1, 3)}{i % 1000:03d}"


def _name(rng: random.Random) -> str:
    return (
        rng.choice(TITLES_BEFORE)
        + f"{rng.choice(FIRST)} {rng.choice(['', 'Abd. ', 'Moh. '])}{rng.choice(LAST)}"
        + rng.choice(TITLES_AFTER)
    )


def _number_as_typed(rng: random.Random, value: float) -> Any:
    """A figure the way a staff member enters it: a number, or text with a decimal comma."""
    text = f"{value:.{rng.choice([0, 1, 2])}f}"
    draw = rng.random()
    if draw < 0.5:
        return float(text) if "." in text else int(text)
    if draw < 0.9:
        return text.replace(".", ",")
    return text.replace(".", ",") + "%"


def _employee(rng: random.Random, i: int, unit: str) -> dict[str, Any]:
    jabatan = rng.choices(JABATAN, [12, 45, 43])[0]
    row: dict[str, Any] = {
        "NIP": None,
        "Nama": _name(rng),
        "Unit Kerja": unit,
        "Status": "PPPK" if rng.random() < 0.2 else "PNS",
        "Jenis Jabatan": jabatan,
        "Pendidikan": rng.choices(PENDIDIKAN, PENDIDIKAN_WEIGHTS)[0],
        "Diklat Jenjang": rng.choice(["Ya", "Tidak"]),
        "JP Diklat Teknis": rng.choice(JP),
        "Seminar": rng.choice(["Ya", "Tidak"]),
        "Nilai SKP": None,
        "Predikat SKP": None,
        "Hukuman Disiplin": rng.choices(HUKUMAN, HUKUMAN_WEIGHTS)[0],
    }
    if jabatan == "Pelaksana" and rng.random() < 0.6:
        row["Diklat Jenjang"] = None  # not scored for Pelaksana: left blank, not missing
    draw = rng.random()
    if draw < 0.08:
        row["Nilai SKP"] = rng.choice(SKP_EDGES)
    elif draw < 0.18:
        row["Predikat SKP"] = rng.choice(PREDIKAT_SKP)
    else:
        row["Nilai SKP"] = _number_as_typed(rng, rng.uniform(48, 100))
    if rng.random() < 0.05:
        blank = rng.choice([*COLUMNS[5:9], "SKP", "Hukuman Disiplin"])
        if blank == "SKP":
            row["Nilai SKP"] = row["Predikat SKP"] = None
        else:
            row[blank] = None
    return row


def generate(seed: int = SEED) -> Roster:
    rng = random.Random(seed)
    roster = Roster()
    units = [u for u, size in UNITS for _ in range(size)]
    rng.shuffle(units)
    seen: set[str] = set()
    for i, unit in enumerate(units):
        row = _employee(rng, i, unit)
        nip = _nip(rng, i)
        while nip in seen:
            nip = _nip(rng, i + 7919)
        seen.add(nip)
        # SIMPEG prints a NIP in four groups; some staff paste it so
        row["NIP"] = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" if rng.random() < 0.2 else nip
        roster.rows.append(row)
    # the same NIP pasted twice, once as SIMPEG prints it
    nip = roster.rows[34]["NIP"].replace(" ", "")
    roster.rows[33]["NIP"] = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    roster.slips[(34, "NIP")] = "duplicate-key"
    for index, column, value, code in SLIPS:
        roster.rows[index][column] = value
        if code is not None:
            roster.slips[(index, column)] = code
    return roster


# Slips a staff member makes, each at a fixed row: (row, column, value, what check names there;
# None: a valid way to type it, which check must not call an error).
SLIPS: list[tuple[int, str, Any, str | None]] = [
    (3, "NIP", 198503122010011003, "nip-as-number"),  # Excel kept 15 digits of it
    (4, "NIP", "19850312201001100", "nip-format"),  # a digit short
    (5, "NIP", "19850312 201001 1 004", None),
    (6, "Nilai SKP", 110, "out-of-range"),
    (7, "Nilai SKP", "110", "out-of-range"),
    (8, "JP Diklat Teknis", dt.datetime(2025, 5, 20), "date-as-number"),  # "20/5" became a date
    (9, "JP Diklat Teknis", "24 JP", "not-a-number"),
    (10, "JP Diklat Teknis", -8, "out-of-range"),
    (11, "Nilai SKP", "1.234", "ambiguous-number"),
    (12, "Pendidikan", "S-1", None),
    (13, "Pendidikan", "Strata 3", None),
    (14, "Seminar", "ya", None),
    (15, "Hukuman Disiplin", "ringan", None),
    (16, "Hukuman Disiplin", " Berat ", None),
    (17, "Status", "pppk", None),
    (18, "Predikat SKP", "Sangat baik", None),
    (19, "Diklat Jenjang", "Belum", None),
    (24, "Pendidikan", "SMA", None),
    (25, "Jenis Jabatan", "Fungsional Umum", None),
    (26, "Hukuman Disiplin", "Nihil", None),
    (27, "Seminar", "Sudah", None),
    (28, "Pendidikan", "Sarjana Hukum", "unknown-choice"),
    (29, "Seminar", "Pernah", "unknown-choice"),
    (30, "Status", "P3K", "unknown-choice"),
    (31, "Unit Kerja", "Dinas  Kesehatan", None),
    (32, "Unit Kerja", "dinas kesehatan ", None),
    (35, "Nilai SKP", Persen("87"), None),
    (36, "Nilai SKP", Persen("90.5"), None),
    (37, "Nilai SKP", Persen("50"), None),
    (38, "Nilai SKP", "80.5", "wrong-decimal-mark"),  # a dot typed for the decimal comma
    (39, "Nilai SKP", " 90,4 %", None),
    (40, "Nilai SKP", "#N/A", "excel-error"),  # pasted from a VLOOKUP that found nothing
    (41, "Unit Kerja", None, None),
    (42, "Status", None, None),
    (43, "Nama", None, None),
    (44, "Jenis Jabatan", "JFT", "unknown-choice"),  # an abbreviation the rule does not read
    (45, "Jenis Jabatan", None, None),
    (20, "Nilai SKP", "87,25", None),
    (21, "Nilai SKP", "90,50%", None),
    (22, "JP Diklat Teknis", "1.200", "ambiguous-number"),
    (23, "Jenis Jabatan", "fungsional", None),
]


# --- writing it as staff do ----------------------------------------------------------------

COLUMNS = [
    "NIP",
    "Nama",
    "Unit Kerja",
    "Status",
    "Jenis Jabatan",
    "Pendidikan",
    "Diklat Jenjang",
    "JP Diklat Teknis",
    "Seminar",
    "Nilai SKP",
    "Predikat SKP",
    "Hukuman Disiplin",
]
FIRST_ROW = 5  # tblPegawai's header is on row 4 (DESIGN §3: the Pegawai sheet)


def cell_of(index: int, column: str) -> str:
    """Where roster row ``index``'s ``column`` sits (an input column, or a computed one)."""
    headers = [*COLUMNS, "Kualifikasi", "Kompetensi", "Kinerja", "Disiplin", "Nilai IP ASN"]
    headers += ["Kategori", "Saran"]
    return f"Pegawai!{chr(ord('A') + headers.index(column))}{FIRST_ROW + index}"


def lkjip(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line as a staff member runs it."""
    root = Path(__file__).resolve().parents[1]
    return subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", *args],
        capture_output=True, text=True, cwd=root, timeout=300, check=False,
    )  # fmt: skip


def fill(template: Path, out: Path, roster: Roster, grow: bool = True) -> Path:
    """Type the roster into a fresh workbook with openpyxl and grow the table over it, as Excel
    grows a table when a user types below it (``grow=False``: as LibreOffice, or Excel on a
    protected sheet, leaves it)."""
    wb = openpyxl.load_workbook(template)
    ws = wb["Pegawai"]
    table = ws.tables["tblPegawai"]
    header = [c.value for c in ws[4]]
    assert header[: len(COLUMNS)] == COLUMNS, header
    for i, row in enumerate(roster.rows):
        for j, name in enumerate(COLUMNS, start=1):
            value = row[name]
            if value is None:
                continue
            if isinstance(value, Persen):
                held = Decimal(value.figure) / 100
                cell = ws.cell(FIRST_ROW + i, j, float(held))
                cell.number_format = "0%" if held == held.quantize(Decimal("0.01")) else "0.0%"
                continue
            cell = ws.cell(FIRST_ROW + i, j, value)
            if isinstance(value, dt.datetime):
                cell.number_format = "dd/mm/yyyy"
    last = FIRST_ROW + len(roster.rows) - 1 if grow else 0
    start, end = table.ref.split(":")
    end_col = re.match(r"[A-Z]+", end).group(0)  # type: ignore[union-attr]
    table.ref = f"{start}:{end_col}{max(last, int(end[len(end_col) :]))}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref
    wb["Identitas"]["B4"] = KABUPATEN
    wb["Identitas"]["B5"] = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    wb["Identitas"]["B7"] = 2025
    wb.save(out)
    return out


# --- the oracle (DESIGN.md §4) -------------------------------------------------------------

F = Fraction
KUALIFIKASI = {"S3": 25, "S2": 20, "S1": 15, "D4": 15, "D3": 10, "D2": 5, "D1": 5, "SLTA": 5}
KUALIFIKASI.update({"SLTP": 1, "SD": 1})
SKP_PREDIKAT = {"Sangat Baik": 30, "Baik": 25, "Cukup": 15, "Butuh Perbaikan": 15, "Kurang": 5}
SKP_PREDIKAT.update({"Sangat Kurang": 1, "Buruk": 1})
DISIPLIN = {"Tidak Pernah": 5, "Ringan": 3, "Sedang": 2, "Berat": 1}
DIMENSI = ("Kualifikasi", "Kompetensi", "Kinerja", "Disiplin")
BOBOT = {"Kualifikasi": 25, "Kompetensi": 40, "Kinerja": 30, "Disiplin": 5}
# ipasn preset (tests/data/reference/README.md): lower bounds exclusive
SELURUH = ("Seluruh Pegawai", "Semua Status")  # the row over everyone (DESIGN §3)
KATEGORI = [(90, "Sangat Tinggi"), (80, "Tinggi"), (70, "Sedang"), (60, "Rendah")]
INVALID = object()  # a filled cell whose value is no reading of the rules


def number(raw: Any) -> Fraction | object | None:
    """A cell's number by DESIGN §4 "Reading values": Indonesian text, a percent sign aside."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool | dt.datetime | dt.date):
        return INVALID
    if isinstance(raw, Persen):
        return F(Decimal(raw.figure))  # the figure the cell shows
    if isinstance(raw, int | float):
        return F(Decimal(repr(raw)))
    text = str(raw).strip().removesuffix("%").strip()
    if re.fullmatch(r"-?\d{1,3}[.,]\d{3}", text):
        return INVALID  # "1.234" or "75,001": a thousands group or three decimals (ambiguous)
    if re.fullmatch(r"-?\d+(,\d+)?", text):
        return F(Decimal(text.replace(",", ".")))
    return INVALID


# Other names the template's help gives for a choice (Pendidikan: "SLTP untuk SMP, SLTA untuk
# SMA/SMK") and spellings of a label with its marks aside, as the roster above types them.
SPELLINGS = {"SMA": "SLTA", "S-1": "S1", "Strata 3": "S3", "Fungsional Umum": "Pelaksana",
             "Nihil": "Tidak Pernah", "Sudah": "Ya", "Belum": "Tidak"}  # fmt: skip


def choice(raw: Any, labels: list[str] | dict[str, Any]) -> str | object | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    raw = SPELLINGS.get(str(raw).strip(), raw)
    for label in labels:
        if str(raw).strip().casefold() == label.casefold():
            return label
    return INVALID


@dataclass(frozen=True)
class Skor:
    parts: dict[str, Fraction]
    lengkap: bool


def skor(row: dict[str, Any]) -> Skor:
    """One employee by the instrument; a missing or unreadable input gives its part 0 and makes
    the row incomplete (Kompetensi per component)."""
    gaps = False

    def known(value: Any) -> bool:
        nonlocal gaps
        if value is None or value is INVALID:
            gaps = True
            return False
        return True

    pend = choice(row["Pendidikan"], KUALIFIKASI)
    kual = F(KUALIFIKASI[pend]) if known(pend) else F(0)  # type: ignore[index]
    jab = choice(row["Jenis Jabatan"], JABATAN)
    known(jab)
    jp = number(row["JP Diklat Teknis"])
    if isinstance(jp, Fraction) and jp < 0:
        jp = INVALID
    teknis = known(jp) and jp >= 20  # type: ignore[operator]
    seminar = choice(row["Seminar"], ["Ya", "Tidak"])
    sem = known(seminar) and seminar == "Ya"
    if jab == "Pelaksana":
        komp = (F(45, 2) if teknis else 0) + (F(35, 2) if sem else 0)
    else:
        jenjang = choice(row["Diklat Jenjang"], ["Ya", "Tidak"])
        dj = known(jenjang) and jenjang == "Ya"
        scored = jab in JABATAN  # an unknown or blank Jenis Jabatan scores no component
        komp = (F(15) if dj and scored else 0) + (F(15) if teknis and scored else 0)
        komp += F(10) if sem and scored else 0
    nilai = number(row["Nilai SKP"])
    if isinstance(nilai, Fraction) and not 0 <= nilai <= 100:
        nilai = INVALID
    if isinstance(nilai, Fraction):
        kin = F(kinerja_skp(nilai))
    else:
        predikat = choice(row["Predikat SKP"], SKP_PREDIKAT)
        kin = F(SKP_PREDIKAT[predikat]) if known(predikat) else F(0)  # type: ignore[index]
    hukuman = choice(row["Hukuman Disiplin"], DISIPLIN)
    dis = F(DISIPLIN[hukuman]) if known(hukuman) else F(0)  # type: ignore[index]
    return Skor({"Kualifikasi": kual, "Kompetensi": F(komp), "Kinerja": kin, "Disiplin": dis},
                not gaps)  # fmt: skip


def shown_at(value: Fraction | None, desimal: int, potong: bool) -> Fraction | None:
    """The figure a computed cell shows: the exact value rounded once, half up or truncated."""
    if value is None:
        return None
    scaled = abs(value) * 10**desimal
    whole = scaled.numerator // scaled.denominator
    if not potong and scaled - whole >= F(1, 2):
        whole += 1
    return F(whole if value >= 0 else -whole, 10**desimal)


def kategori(value: Fraction | None) -> str | None:
    if value is None:
        return None
    for bound, label in KATEGORI:
        if value > bound:
            return label
    return "Sangat Rendah"


def mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, F(0)) / len(values) if values else None


@dataclass
class Expected:
    pegawai: list[dict[str, Any]]
    rekap: dict[tuple[str, str], dict[str, Any]]
    selisih: dict[str, dict[str, Any]]


def expected(
    rows: list[dict[str, Any]], kecualikan: bool = False, desimal: int = 2, potong: bool = False
) -> Expected:
    """Every computed figure of the workbook, as its cells show it (``Data_Kosong``,
    ``Desimal`` and ``Pembulatan`` as given); a mean is of the shown figures."""

    def shown(value: Fraction | None) -> Fraction | None:
        return shown_at(value, desimal, potong)

    pegawai: list[dict[str, Any]] = []
    groups: dict[tuple[str, str], list[int]] = {}
    for i, row in enumerate(rows):
        s = skor(row)
        figures: dict[str, Any] = {d: shown(s.parts[d]) for d in DIMENSI}
        figures["Nilai IP ASN"] = shown(sum(s.parts.values(), F(0)))
        figures["Kategori"] = kategori(figures["Nilai IP ASN"])
        figures["lengkap"] = s.lengkap
        pegawai.append(figures)
        # DESIGN names no group for a blank unit or status: these are the engine's labels
        unit = "(Unit kosong)" if row["Unit Kerja"] is None else str(row["Unit Kerja"]).strip()
        status = choice(row["Status"], ["PNS", "PPPK"]) or "(Status kosong)"
        if status is INVALID:
            status = str(row["Status"]).strip()  # grouped as typed; check names the cell
        for key in ((unit, status), (f"Jumlah {status}", status), SELURUH):
            groups.setdefault(key, []).append(i)
    rekap: dict[tuple[str, str], dict[str, Any]] = {}
    for key, members in groups.items():
        counted = [i for i in members if pegawai[i]["lengkap"] or not kecualikan]
        line: dict[str, Any] = {
            "Jumlah Pegawai": len(members),
            "Data Lengkap": sum(pegawai[i]["lengkap"] for i in members),
        }
        for column in (*DIMENSI, "Nilai IP ASN"):
            line[column] = shown(mean([pegawai[i][column] for i in counted]))
        line["Kategori"] = kategori(line["Nilai IP ASN"])
        parts = [line[d] for d in DIMENSI]
        line["selisih"] = None not in parts and sum(parts, F(0)) != line["Nilai IP ASN"]
        rekap[key] = line
    seluruh = rekap[SELURUH]
    selisih = {
        d: {"Bobot": F(BOBOT[d]), "Skor": seluruh[d],
            "Selisih": None if seluruh[d] is None else shown(BOBOT[d] - seluruh[d])}
        for d in DIMENSI
    }  # fmt: skip
    return Expected(pegawai, rekap, selisih)


# --- reading the engine's figures back -----------------------------------------------------


def read_back(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The computed tables as python-calamine reads the saved cells (no lkjip_xl involved)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))

    def table(sheet: str, first_col: int, width: int) -> list[dict[str, Any]]:
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        header = [str(h) for h in rows[3][first_col : first_col + width]]
        out = []
        for raw in rows[4:]:
            cells = raw[first_col : first_col + width]
            if all(c in ("", None) for c in cells):
                break
            out.append(dict(zip(header, [None if c == "" else c for c in cells], strict=True)))
        return out

    return {
        "Pegawai": table("Pegawai", 0, 19),
        "Rekap": table("Rekap", 0, 11),
        "Selisih": table("Rekap", 11, 4),
    }


def _same(want: Any, got: Any) -> bool:
    if isinstance(want, Fraction):
        return (
            isinstance(got, int | float)
            and not isinstance(got, bool)
            and F(Decimal(repr(got))) == want
        )
    return want == got


def disagreements(exp: Expected, got: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Every computed cell whose figure differs from the oracle's, one line each."""
    out: list[str] = []
    pegawai = got["Pegawai"]
    if len(pegawai) != len(exp.pegawai):
        out.append(f"Pegawai: {len(pegawai)} rows, oracle {len(exp.pegawai)}")
    for i, (want, row) in enumerate(zip(exp.pegawai, pegawai, strict=False)):
        for column in (*DIMENSI, "Nilai IP ASN", "Kategori"):
            if not _same(want[column], row[column]):
                out.append(f"{cell_of(i, column)}: {row[column]!r}, oracle {want[column]}")
    rekap = {(str(r["Unit Kerja"]), str(r["Status"])): r for r in got["Rekap"]}
    if set(rekap) != set(exp.rekap):
        extra, missing = set(rekap) - set(exp.rekap), set(exp.rekap) - set(rekap)
        out.append(f"Rekap rows: extra {extra}, missing {missing}")
    for key, want in exp.rekap.items():
        row = rekap.get(key)
        if row is None:
            continue
        for column in ("Jumlah Pegawai", "Data Lengkap", *DIMENSI, "Nilai IP ASN", "Kategori"):
            if not _same(want[column], row[column]):
                out.append(f"Rekap {key} {column}: {row[column]!r}, oracle {want[column]}")
        if want["selisih"] != bool(row["Catatan"]):
            out.append(f"Rekap {key} Catatan: {row['Catatan']!r}, oracle note {want['selisih']}")
    selisih = {r["Dimensi"]: r for r in got["Selisih"]}
    for dim, want in exp.selisih.items():
        row = selisih.get(dim)
        for column, value in want.items():
            cell = None if row is None else row[column]
            if not _same(value, cell):
                out.append(f"Selisih {dim} {column}: {cell!r}, oracle {value}")
    return out


# --- what check should name ----------------------------------------------------------------

NUMBER_COLUMNS = ("JP Diklat Teknis", "Nilai SKP")
CHOICES: dict[str, Any] = {
    "Status": ["PNS", "PPPK"],
    "Jenis Jabatan": JABATAN,
    "Pendidikan": KUALIFIKASI,
    "Diklat Jenjang": ["Ya", "Tidak"],
    "Seminar": ["Ya", "Tidak"],
    "Predikat SKP": SKP_PREDIKAT,
    "Hukuman Disiplin": DISIPLIN,
}


# The columns the template marks required (their help says so; tblPegawai of DESIGN §3).
REQUIRED = ("NIP", "Nama", "Unit Kerja", "Status", "Jenis Jabatan")


def blank_required(roster: Roster) -> set[tuple[int, str]]:
    """The blank cells of the columns every employee's row must have."""
    return {(i, c) for i, row in enumerate(roster.rows) for c in REQUIRED if row[c] is None}


def wrong_cells(roster: Roster) -> set[tuple[int, str]]:
    """Every (row index, column) whose value no rule of DESIGN reads: the cells check must call
    errors, and no other. A NIP must be 18 digits typed as text (spaces as SIMPEG prints them
    aside), once in the roster."""
    out: set[tuple[int, str]] = set()
    nips: dict[str, int] = {}
    for i, row in enumerate(roster.rows):
        for column in NUMBER_COLUMNS:
            value = number(row[column])
            top = 100 if column == "Nilai SKP" else None
            if value is INVALID or (
                isinstance(value, Fraction) and (value < 0 or (top is not None and value > top))
            ):
                out.add((i, column))
        for column, labels in CHOICES.items():
            if choice(row[column], labels) is INVALID:
                out.add((i, column))
        nip = row["NIP"]
        digits = nip.replace(" ", "") if isinstance(nip, str) else None
        if digits is None or len(digits) != 18 or not digits.isdigit() or digits in nips:
            out.add((i, "NIP"))
        else:
            nips[digits] = i
    return out


# --- the report against the workbook -------------------------------------------------------


def angka(value: Any, desimal: int = 2) -> str:
    """A figure as the report prints it: Indonesian marks, ``desimal`` places."""
    if isinstance(value, int) or (isinstance(value, float) and desimal == 0):
        return f"{int(value):,}".replace(",", ".")
    text = f"{Decimal(repr(value)):,.{desimal}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


# --- the advice ------------------------------------------------------------------------------

LEVELS = ["SD", "SLTP", "SLTA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"]  # in order of study


def gains(row: dict[str, Any]) -> list[Fraction]:
    """The points each step the advice may name would add, for a row whose inputs are all read
    (DESIGN §3: Saran says "what step would raise the score"): the next education level that
    scores more, each Kompetensi component not yet earned, and SKP to the top band."""
    s = skor(row)
    out: list[Fraction] = []
    pend = str(choice(row["Pendidikan"], KUALIFIKASI))
    above = [p for p in LEVELS[LEVELS.index(pend) :] if KUALIFIKASI[p] > KUALIFIKASI[pend]]
    if above:
        out.append(KUALIFIKASI[above[0]] - s.parts["Kualifikasi"])
    jab = choice(row["Jenis Jabatan"], JABATAN)
    teknis = Fraction(number(row["JP Diklat Teknis"])) >= 20  # type: ignore[arg-type]
    seminar = choice(row["Seminar"], ["Ya", "Tidak"]) == "Ya"
    jenjang = choice(row["Diklat Jenjang"], ["Ya", "Tidak"]) == "Ya"
    if jab == "Pelaksana":
        steps = [(teknis, F(45, 2)), (seminar, F(35, 2))]
    else:
        steps = [(jenjang, F(15)), (teknis, F(15)), (seminar, F(10))]
    out += [points for done, points in steps if not done]
    if s.parts["Kinerja"] < 30:
        out.append(30 - s.parts["Kinerja"])
    return sorted(out)


# The fields Saran names, in the order of the instrument, with the names DESIGN §4 gives them.
SKP_FIELD = "Nilai SKP atau Predikat SKP"


def advice_fields(row: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(fields to correct, fields to complete) of one employee by DESIGN §4: a filled input that
    cannot be read is to be corrected, a blank one to be completed; Diklat Jenjang only where it
    is scored (not for Pelaksana), Nilai SKP and Predikat SKP as one field that a readable value
    of either fills."""
    fix: list[str] = []
    fill: list[str] = []

    def put(name: str, value: Any) -> None:
        if value is INVALID:
            fix.append(name)
        elif value is None:
            fill.append(name)

    put("Pendidikan", choice(row["Pendidikan"], KUALIFIKASI))
    jab = choice(row["Jenis Jabatan"], JABATAN)
    put("Jenis Jabatan", jab)
    if jab != "Pelaksana":
        put("Diklat Jenjang", choice(row["Diklat Jenjang"], ["Ya", "Tidak"]))
    jp = number(row["JP Diklat Teknis"])
    put("JP Diklat Teknis", INVALID if isinstance(jp, Fraction) and jp < 0 else jp)
    put("Seminar", choice(row["Seminar"], ["Ya", "Tidak"]))
    nilai = number(row["Nilai SKP"])
    if isinstance(nilai, Fraction) and not 0 <= nilai <= 100:
        nilai = INVALID
    predikat = choice(row["Predikat SKP"], SKP_PREDIKAT)
    if not isinstance(nilai, Fraction) and predikat in (None, INVALID):
        put(SKP_FIELD, INVALID if INVALID in (nilai, predikat) else None)
    put("Hukuman Disiplin", choice(row["Hukuman Disiplin"], DISIPLIN))
    return fix, fill


def said_fields(saran: str, opening: str) -> list[str]:
    """The fields a Saran names after ``opening`` (``Perbaiki isian yang tidak valid``,
    ``Lengkapi data``), in its order."""
    found = re.findall(rf"{opening}: ([^.]*)\.", saran)
    assert len(found) <= 1, saran
    return found[0].split(", ") if found else []


def said_gains(saran: str) -> list[Fraction]:
    """The (+x) of each step a Saran names."""
    return sorted(F(Decimal(x.replace(",", "."))) for x in re.findall(r"\(\+([\d,]+)\)", saran))
