"""Seeded inputs of an ipasn workbook: 2,000+ employees with the edge cases of DESIGN §4.

Units have sizes chosen so that group means land on ties (a unit of 200 employees whose totals
are multiples of 0,5 has means k / 400), one unit has only incomplete rows (its means are blank
under Data_Kosong = Kecualikan), and SKP values sit on the band bounds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from tests.oracle.data_kinerja import num

SEED = 20260111
UNITS = [
    ("Badan Kepegawaian Daerah", 200),
    ("Dinas Kesehatan", 430),
    ("Dinas Pendidikan", 480),
    ("Inspektorat Daerah", 96),
    ("Kecamatan Utara", 160),
    ("Kecamatan Selatan", 120),
    ("Sekretariat DPRD", 64),
    ("Sekretariat Daerah", 250),
    ("Dinas Pekerjaan Umum", 140),
    ("Dinas Sosial", 80),
    ("Satuan Polisi Pamong Praja", 88),
]
UNIT_TIDAK_LENGKAP = "Unit Data Belum Lengkap"  # every row misses something
PENDIDIKAN = ["SD", "SLTP", "SLTA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"]
PENDIDIKAN_WEIGHTS = [1, 2, 14, 2, 2, 12, 4, 45, 16, 2]
PREDIKAT_SKP = [
    "Sangat Baik",
    "Baik",
    "Cukup",
    "Butuh Perbaikan",
    "Kurang",
    "Sangat Kurang",
    "Buruk",
]
HUKUMAN = ["Tidak Pernah", "Ringan", "Sedang", "Berat"]
HUKUMAN_WEIGHTS = [93, 4, 2, 1]
JP = ["0", "8", "16", "19", "19.5", "20", "20", "24", "32", "40", "40", "60", "80"]
# SKP on and around the bounds >90, >75, >60, >50 (a fractional value never falls in a gap).
SKP_EDGES = ["90", "75", "60", "50", "90.4", "50.5", "90.01", "75.001", "60.5", "100", "0", "91"]
FIELDS = ["Pendidikan", "Diklat Jenjang", "JP Diklat Teknis", "Seminar", "Hukuman Disiplin"]


@dataclass
class IpasnData:
    pegawai: list[dict[str, Any]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def _nip(rng: random.Random, i: int) -> str:
    born = f"19{rng.randrange(60, 99)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    hired = f"20{rng.randrange(0, 24):02d}{rng.randrange(1, 13):02d}"
    return f"{born}{hired}{rng.randrange(1, 3)}{i % 1000:03d}"


def _skp(rng: random.Random, row: dict[str, Any]) -> str:
    draw = rng.random()
    if draw < 0.06:
        row["Nilai SKP"] = num(rng.choice(SKP_EDGES))
        return "skp-edge"
    if draw < 0.15:
        row["Predikat SKP"] = rng.choice(PREDIKAT_SKP)
        return "skp-predikat"
    row["Nilai SKP"] = num(f"{rng.uniform(45, 100):.{rng.choice([0, 1, 2])}f}")
    return "skp"


def _employee(rng: random.Random, i: int, unit: str) -> tuple[dict[str, Any], str]:
    jabatan = rng.choices(["Struktural", "Fungsional", "Pelaksana"], [15, 45, 40])[0]
    row: dict[str, Any] = {
        "NIP": "",
        "Nama": f"Pegawai Uji {i:04d}",
        "Unit Kerja": unit,
        "Status": "PPPK" if rng.random() < 0.15 else "PNS",
        "Jenis Jabatan": jabatan,
        "Pendidikan": rng.choices(PENDIDIKAN, PENDIDIKAN_WEIGHTS)[0],
        "Diklat Jenjang": rng.choice(["Ya", "Tidak"]),
        "JP Diklat Teknis": num(rng.choice(JP)),
        "Seminar": rng.choice(["Ya", "Tidak"]),
        "Nilai SKP": None,
        "Predikat SKP": None,
        "Hukuman Disiplin": rng.choices(HUKUMAN, HUKUMAN_WEIGHTS)[0],
    }
    if jabatan == "Pelaksana" and rng.random() < 0.5:
        row["Diklat Jenjang"] = None  # does not count for Pelaksana: not a missing input
    tag = _skp(rng, row)
    if rng.random() < 0.06:
        # A blank input: its part is 0 and the row is incomplete.
        blank = rng.choice([*FIELDS, "SKP"])
        if blank == "SKP":
            row["Nilai SKP"] = row["Predikat SKP"] = None
        else:
            row[blank] = None
        tag = f"blank-{blank.lower()}"
    return row, tag


def generate_ipasn(seed: int = SEED) -> IpasnData:
    rng = random.Random(seed)
    data = IpasnData()
    units = [u for u, size in UNITS for _ in range(size)]
    rng.shuffle(units)
    for i, unit in enumerate(units, start=1):
        row, tag = _employee(rng, i, unit)
        data.pegawai.append(row)
        data.tags.append(tag)
    for j in range(6):
        row, _ = _employee(rng, len(data.pegawai) + 1, UNIT_TIDAK_LENGKAP)
        row[FIELDS[j % len(FIELDS)]] = None
        if row["Jenis Jabatan"] == "Pelaksana" and FIELDS[j % len(FIELDS)] == "Diklat Jenjang":
            row["Seminar"] = None  # Diklat Jenjang alone would not make a Pelaksana incomplete
        data.pegawai.append(row)
        data.tags.append("unit-incomplete")
    seen: set[str] = set()
    for i, row in enumerate(data.pegawai):
        nip = _nip(rng, i)
        while nip in seen:
            nip = _nip(rng, i + 7919)
        seen.add(nip)
        row["NIP"] = nip
    return data
