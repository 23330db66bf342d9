"""Seeded inputs of a kinerja workbook: 500+ indicators with the edge cases of DESIGN §4.

Every row carries a tag naming its case, so a disagreement can be traced to the case that
produced it.  Values are written as a user types them: decimal text turned into the number a
cell holds (``num``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

SEED = 20260110
N_BULK = 470  # plus the edge rows below: well over 500 indicators
N_SASARAN = 40


def num(text: str | None) -> int | float | None:
    """The cell value for a typed decimal: an int when it has no fraction, else a float."""
    if text is None:
        return None
    if text.lstrip("-").isdigit():
        return int(text)
    return float(text)


@dataclass
class KinerjaData:
    indikator: list[dict[str, Any]] = field(default_factory=list)
    indikator_tags: list[str] = field(default_factory=list)
    triwulan: list[dict[str, Any]] = field(default_factory=list)
    triwulan_tags: list[str] = field(default_factory=list)
    anggaran: list[dict[str, Any]] = field(default_factory=list)
    anggaran_tags: list[str] = field(default_factory=list)
    evaluasi_nilai: list[int | float] = field(default_factory=list)
    riwayat: list[dict[str, Any]] = field(default_factory=list)
    riwayat_tags: list[str] = field(default_factory=list)


TAHUN = 2025  # Identitas' Tahun of the oracle workbooks: Riwayat's 2024 rows are last year


# (tag, polaritas, target, realisasi): the capaian edge cases.  Comments give the exact result.
EDGE_CAPAIAN: list[tuple[str, str, str | None, str | None]] = [
    ("r-eq-t", "Positif", "75", "75"),  # 100
    ("r-zero", "Positif", "50", "0"),  # 0: a real 0 is a number
    ("t-zero", "Positif", "0", "12"),  # not computable
    ("t-blank", "Positif", None, "40"),  # Belum Diisi
    ("r-blank", "Positif", "60", None),  # Belum Diisi
    ("both-blank", "Positif", None, None),
    ("band-90", "Positif", "50", "45"),
    ("band-80", "Positif", "50", "40"),
    ("band-100", "Positif", "80", "80"),
    ("band-100.5", "Positif", "200", "201"),
    ("band-50.5", "Positif", "200", "101"),
    ("band-90.4", "Positif", "250", "226"),
    ("band-70", "Positif", "10", "7"),
    ("band-60", "Positif", "5", "3"),
    ("band-50", "Positif", "2", "1"),
    ("band-30", "Positif", "10", "3"),
    ("band-85", "Positif", "20", "17"),
    ("band-55", "Positif", "20", "11"),
    ("band-91", "Positif", "100", "91"),
    ("band-76", "Positif", "100", "76"),
    ("band-66", "Positif", "50", "33"),
    ("band-51", "Positif", "100", "51"),
    ("band-120", "Positif", "50", "60"),
    ("band-90.5", "Positif", "200", "181"),  # a tie at Desimal 0
    ("tie-0.005", "Positif", "40", "0.002"),
    ("tie-75.505", "Positif", "400", "302.02"),
    ("tie-75.005", "Positif", "8", "6.0004"),
    ("tie-89.995", "Positif", "200", "179.99"),  # 90.00 half up (A), 89.99 truncated
    ("tie-90.005", "Positif", "200", "180.01"),
    ("tie-75.5", "Positif", "8", "6.04"),
    ("tie-75.0005", "Positif", "8", "6.00004"),
    ("tie-90.0005", "Positif", "16", "14.40008"),
    ("trunc-29", "Positif", "3", "0.87"),  # 0.87 / 3 * 100 is 28.999... in binary
    ("trunc-58", "Positif", "7", "4.06"),
    ("trunc-70", "Positif", "0.3", "0.21"),
    ("neg-r", "Positif", "50", "-5"),  # -10: no floor for Positif
    ("neg-r-tie", "Positif", "40", "-0.002"),  # -0.005
    ("neg-t", "Positif", "-50", "-40"),  # not computable
    ("neg-t2", "Positif", "-10", "5"),
    ("huge-eq", "Positif", "1e300", "1e300"),  # 100
    ("tiny-eq", "Positif", "1e-300", "1e-300"),  # 100
    ("huge-t", "Positif", "1e300", "1e-300"),  # 1e-598: shown 0
    ("huge-r", "Positif", "1e-300", "1e300"),  # 1e602: not finite
    ("huge-x100", "Positif", "1", "1e307"),  # 1e309: not finite
    ("cap", "Positif", "100", "150"),
    ("cap-tie", "Positif", "40", "48.0002"),  # 120.0005
    ("n-r-eq-t", "Negatif", "20", "20"),  # 100
    ("n-r-zero", "Negatif", "20", "0"),  # lan 200; invers not computable
    ("n-t-zero", "Negatif", "0", "5"),
    ("n-r-gt-2t", "Negatif", "10", "25"),  # lan -50: floor 0 by default; invers 40
    ("n-neg-r", "Negatif", "10", "-2"),  # lan 220; invers -500
    ("n-tie-0.005", "Negatif", "40", "79.998"),  # lan exactly 0.005
    ("n-trunc-24.21", "Negatif", "100", "175.79"),  # lan exactly 24.21
    ("n-tie-75.005", "Negatif", "20", "24.999"),  # lan 75.005
    ("n-tie-inv", "Negatif", "75.005", "100"),  # invers 75.005
    ("n-tie-inv2", "Negatif", "90.005", "100"),
    ("n-below-zero-tie", "Negatif", "40", "80.002"),  # lan -0.005
    ("n-neg-t", "Negatif", "-20", "-10"),
    ("n-huge", "Negatif", "1e300", "1.5e300"),  # lan 50, invers 66.67
    ("n-cap", "Negatif", "20", "2"),  # lan 190
    ("n-band-90", "Negatif", "20", "22"),  # lan 90
    ("n-band-80", "Negatif", "50", "60"),  # lan 80
]

# (tag, polaritas, realisasi, realisasi tahun lalu): the comparison edge cases, target 100.
EDGE_PERUBAHAN: list[tuple[str, str, str | None, str | None]] = [
    ("p-tie-up", "Positif", "10.005", "10"),  # +0.005: 0.01 half up (Meningkat), 0.00 cut (Tetap)
    ("p-tie-down", "Negatif", "9.995", "10"),  # -0.005: Menurun and Membaik, or Tetap
    ("p-pct-tie", "Positif", "100.005", "100"),  # 0.005 points and 0.005 %
    ("p-float", "Positif", "0.3", "0.1"),  # 200 % exactly
    ("p-cut", "Positif", "0.87", "3"),  # -71 % exactly
    ("p-lalu-0", "Positif", "5", "0"),  # 5 points; no percent (no base)
    ("p-lalu-neg", "Positif", "5", "-2"),  # 7 points; no percent (negative base)
    ("p-neg-both", "Negatif", "-3", "-5"),  # 2 points: Meningkat, Memburuk; no percent
    ("p-r-blank", "Positif", None, "5"),  # nothing to compare
    ("p-same", "Negatif", "7", "7"),  # Tetap, 0 %
    ("p-r-zero", "Negatif", "0", "4"),  # -4 points, -100 %: Membaik
]

SASARAN_EKSTREM = "Sasaran Kasus Batas"
SASARAN_KOSONG = "Sasaran Tanpa Angka"  # every indicator blank or not computable


def _dec(rng: random.Random, low: float, high: float, places: int) -> str:
    return f"{rng.uniform(low, high):.{places}f}"


def _variant(rng: random.Random, kode: str) -> str:
    """The Kode as a user in another office may type it: other case, stray spaces."""
    return rng.choice(
        [kode.lower(), f"  {kode} ", f"{kode.capitalize()}  ", f" {kode.lower()}", kode.title()]
    )


def _indikator(kode: str, sasaran: str, pol: str, t: str | None, r: str | None, **extra) -> dict:
    row = {
        "Kode": kode,
        "Sasaran": sasaran,
        "Indikator": f"Indikator uji {kode}",
        "Satuan": "%",
        "Polaritas": pol,
        "Target": num(t),
        "Realisasi": num(r),
    }
    row.update(extra)
    return row


def generate_kinerja(seed: int = SEED) -> KinerjaData:
    rng = random.Random(seed)
    data = KinerjaData()
    sasaran = [f"Sasaran Strategis {i:02d}" for i in range(1, N_SASARAN + 1)]

    def add(tag: str, row: dict) -> None:
        data.indikator.append(row)
        data.indikator_tags.append(tag)

    n = 0

    def kode() -> str:
        nonlocal n
        n += 1
        return f"IKU-{n:03d}"

    for tag, pol, t, r in EDGE_CAPAIAN:
        extra: dict[str, Any] = {"Target Akhir Renstra": num(t), "Target Nasional": None}
        add(tag, _indikator(kode(), SASARAN_EKSTREM, pol, t, r, **extra))
    # A sasaran none of whose indicators has a number: its mean is blank, its count is not.
    add("kosong-blank", _indikator(kode(), SASARAN_KOSONG, "Positif", "10", None))
    add("kosong-t0", _indikator(kode(), SASARAN_KOSONG, "Negatif", "0", "3"))
    # Renstra and Nasional targets that are themselves edge cases.
    add(
        "renstra-neg",
        _indikator(
            kode(),
            sasaran[0],
            "Positif",
            "80",
            "60",
            **{"Target Akhir Renstra": num("-90"), "Target Nasional": num("0")},
        ),
    )
    add(
        "renstra-tie",
        _indikator(
            kode(),
            sasaran[1],
            "Positif",
            "80",
            "60.004",
            **{"Target Akhir Renstra": num("80"), "Target Nasional": num("40")},
        ),
    )
    for tag, pol, r, lalu in EDGE_PERUBAHAN:
        extra = {"Realisasi Tahun Lalu": num(lalu), "Target Nasional": None}
        add(tag, _indikator(kode(), SASARAN_EKSTREM, pol, "100", r, **extra))
    _derived_indicators(data, rng, add, kode, sasaran)
    for _ in range(N_BULK):
        pol = "Negatif" if rng.random() < 0.2 else "Positif"
        t = _dec(rng, 1, 1000, rng.choice([0, 0, 1, 2]))
        factor = rng.uniform(0.3, 1.6)
        r = f"{float(t) * factor:.{rng.choice([0, 1, 2, 2])}f}"
        extra = {
            "Realisasi Tahun Lalu": num(f"{float(t) * rng.uniform(0.5, 1.2):.2f}"),
            "Target Akhir Renstra": num(f"{float(t) * rng.uniform(1, 1.4):.2f}"),
            "Target Nasional": num(_dec(rng, 1, 1000, 1)) if rng.random() < 0.5 else None,
        }
        add("bulk", _indikator(kode(), rng.choice(sasaran), pol, t, r, **extra))
    _triwulan(data, rng)
    _anggaran(data, rng)
    _riwayat(data, random.Random(seed + 1))
    # SAKIP components summing to exactly 79.375: a tie at Desimal 2.
    data.evaluasi_nilai = [num("25.935"), 20, num("12.14"), num("7.27"), num("14.03")]
    return data


def _derived_indicators(data: KinerjaData, rng: random.Random, add, kode, sasaran) -> None:
    """Indicators with a blank annual Realisasi, derived from their quarters by Agregasi."""
    cases = [
        ("Kumulatif", ["20.5", "22.25", "30", "27.25"]),
        ("Kumulatif", ["10", None, None, None]),
        ("Akhir", ["50", "60", "70.125", "80.5"]),
        ("Akhir", ["50", "60", "75.005", None]),  # last filled quarter is TW3
        ("Akhir", ["40", "45", None, None]),
        ("Rata-rata", ["80", "90", "85", "95.5"]),
        ("Rata-rata", ["33.3", "33.3", "33.4", "100"]),
        ("Maksimum", ["70", "99.99", "85", "60"]),
        ("Maksimum", ["-5", "-2", "-8", "-1"]),
        ("Kumulatif", [None, None, None, None]),  # nothing to derive from: Belum Diisi
    ]
    for i, (agregasi, quarters) in enumerate(cases):
        k = kode()
        pol = "Negatif" if i % 4 == 3 else "Positif"
        target = "300" if agregasi == "Kumulatif" else "90"
        row = _indikator(k, sasaran[2 + i % 3], pol, target, None, Agregasi=agregasi)
        row["Target Akhir Renstra"] = num(target)
        # TW2 and TW4 refer to the indicator by a loosely typed Kode.
        add(f"derived-{agregasi.lower()}+loose-kode-tw2-tw4", row)
        for q, r in enumerate(quarters, start=1):
            written = _variant(rng, k) if q % 2 == 0 else k
            data.triwulan.append(
                {"Kode": written, "Triwulan": f"TW{q}", "Target": num("22.5"), "Realisasi": num(r)}
            )
            loose = "+loose-kode" if written != k else ""
            data.triwulan_tags.append(f"derived-{agregasi.lower()}{loose}")


def _triwulan(data: KinerjaData, rng: random.Random) -> None:
    """Four quarters for about a quarter of the indicators, some Kode typed loosely."""
    edges = [("40", "0.002"), ("8", "6.0004"), ("0", "5"), (None, "3"), ("10", None), ("-4", "2")]
    for i, row in enumerate(data.indikator):
        if row["Realisasi"] is None or not (i % 4 == 1 or data.indikator_tags[i] != "bulk"):
            continue
        t_year = float(row["Target"]) if row["Target"] not in (None, 0) else 100.0
        loose = rng.random() < 0.3
        for q in range(1, 5):
            written = _variant(rng, row["Kode"]) if loose and q != 1 else row["Kode"]
            if rng.random() < 0.04:
                t, r = rng.choice(edges)
                tag = "tw-edge"
            else:
                t = f"{abs(t_year) * q / 4:.2f}"
                r = f"{abs(t_year) * q / 4 * rng.uniform(0.5, 1.3):.2f}"
                tag = "tw"
            tag += "+loose-kode" if written != row["Kode"] else ""
            data.triwulan.append(
                {"Kode": written, "Triwulan": f"TW{q}", "Target": num(t), "Realisasi": num(r)}
            )
            data.triwulan_tags.append(tag)


def _anggaran(data: KinerjaData, rng: random.Random) -> None:
    kode_of = {data.indikator_tags[i]: row["Kode"] for i, row in enumerate(data.indikator)}
    edges = [
        ("ang-r-eq-pagu", kode_of["r-eq-t"], "1500000000", "1500000000"),
        ("ang-r-zero", kode_of["band-90"], "250000000", "0"),
        ("ang-pagu-zero", kode_of["band-80"], "0", "0"),
        ("ang-trunc-29", kode_of["band-70"], "300000000", "87000000"),  # serapan 29 exactly
        ("ang-tie-75.005", kode_of["band-60"], "20000000", "15001000"),
        ("ang-selisih-0.21", kode_of["band-76"], "10000", "7579"),  # 76 - 75.79
        ("ang-rasio-1.005", kode_of["band-100.5"], "400000000", "400000000"),  # 100.5 / 100
        ("ang-rasio-1.5", kode_of["band-90"], "600000000", "360000000"),  # 90 / 60
        ("ang-rasio-1", kode_of["band-80"], "500000000", "400000000"),  # 80 / 80
        ("ang-no-capaian", kode_of["t-zero"], "100000000", "90000000"),
        ("ang-neg-capaian", kode_of["neg-r"], "100000000", "90000000"),
        ("ang-loose-kode", _variant(rng, kode_of["tie-0.005"]), "300000000", "150000000"),
        ("ang-loose-kode", _variant(rng, kode_of["n-tie-0.005"]), "100000000", "99000000"),
    ]
    for tag, kode, pagu, real in edges:
        _anggaran_row(data, tag, kode, pagu, real)
    bulk_kode = [row["Kode"] for i, row in enumerate(data.indikator) if i % 3 == 0]
    for kode in bulk_kode[:180]:
        for _ in range(rng.choice([1, 1, 2])):
            pagu = rng.randrange(10_000_000, 50_000_000_000)
            real = int(pagu * rng.uniform(0.55, 1.0))
            loose = rng.random() < 0.15
            written = _variant(rng, kode) if loose else kode
            tag = "ang-loose-kode" if loose else "ang"
            _anggaran_row(data, tag, written, str(pagu), str(real))


def _anggaran_row(data: KinerjaData, tag: str, kode: str, pagu: str, real: str) -> None:
    data.anggaran.append(
        {
            "Kode Indikator": kode,
            "Program/Kegiatan": f"Kegiatan uji {len(data.anggaran) + 1}",
            "Pagu": num(pagu),
            "Realisasi Anggaran": num(real),
        }
    )
    data.anggaran_tags.append(tag)


def _riwayat(data: KinerjaData, rng: random.Random) -> None:
    """Past years of every fifth bulk indicator (some typed loosely), a few edge rows, and
    Realisasi Tahun Lalu left blank (taken from Riwayat), kept equal or made to differ."""
    bulk = [i for i, tag in enumerate(data.indikator_tags) if tag == "bulk"][::5]
    for n, i in enumerate(bulk):
        row = data.indikator[i]
        for year in (TAHUN - 1, TAHUN - 2):
            t = _dec(rng, 1, 500, rng.choice([0, 1, 2]))
            r = None if rng.random() < 0.1 else f"{float(t) * rng.uniform(0.4, 1.5):.2f}"
            kode = _variant(rng, row["Kode"]) if rng.random() < 0.2 else row["Kode"]
            data.riwayat.append(
                {"Kode": kode, "Tahun": year, "Target": num(t), "Realisasi": num(r)}
            )
            data.riwayat_tags.append(f"riwayat-{year}")
            if year == TAHUN - 1 and r is not None:
                case = n % 3
                if case == 0:
                    row["Realisasi Tahun Lalu"] = None  # taken from Riwayat
                elif case == 1:
                    row["Realisasi Tahun Lalu"] = num(r)  # the same
                # case 2: the bulk value, which differs: a warning, the typed value is used
    for tag, kode, t, r in [
        ("riwayat-unknown", "IKU-999", "10", "5"),  # no such indicator: nothing computed
        ("riwayat-t0", data.indikator[bulk[0]]["Kode"], "0", "5"),
        ("riwayat-tie", data.indikator[bulk[1]]["Kode"], "40", "0.002"),  # 0.005
    ]:
        data.riwayat.append(
            {"Kode": kode, "Tahun": TAHUN - 3, "Target": num(t), "Realisasi": num(r)}
        )
        data.riwayat_tags.append(tag)
