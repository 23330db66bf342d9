"""The benchmarks' ``ipasn`` rosters: valid, distinct 18-digit NIPs at any size, built once.

A NIP is birth date (yyyymmdd), appointment (yyyymm), sex (1 or 2) and a 3-digit sequence. The
row number is spread over sequence, sex and birth date, so the NIPs stay distinct (and 18
digits) up to 23 million rows; the appointment follows the birth year. The workbook is built
with openpyxl (slow: it types every cell) and kept in a cache folder, keyed by size and seed,
so that repeated runs time only what they measure.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from pathlib import Path

import numpy as np

from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table

SPEC = template("ipasn").table("tblPegawai")
CACHE = Path(os.environ.get("LKJIP_BENCH_CACHE", Path(tempfile.gettempdir()) / "lkjip-bench"))
#: Bumped whenever the generated roster changes, so that an old cached file is not reused.
VERSION = 2


def nip(i: int) -> str:
    """The ``i``-th NIP: distinct for every i below 999 x 2 x 28 x 12 x 35 (23.5 million)."""
    k, seq = divmod(i, 999)
    k, sex = divmod(k, 2)
    k, day = divmod(k, 28)
    k, month = divmod(k, 12)
    year = 1965 + k % 35
    appointed_year, appointed_month = year + 22 + i % 7, 1 + i % 12
    return f"{year:04d}{month + 1:02d}{day + 1:02d}{appointed_year:04d}{appointed_month:02d}" + (
        f"{sex + 1}{seq + 1:03d}"
    )


def roster(
    rows: int, seed: int = 7, units: int = 60, broken: bool = False, statuses: int = 0
) -> list[dict]:
    """``rows`` employees spread over ``units`` units: valid inputs (no problem is expected),
    or, ``broken``, two problems in every row (a NIP too short, an unknown education), or, with
    ``statuses``, that many distinct statuses typed in turn (each one a problem)."""
    rng = np.random.default_rng(seed)
    pick = lambda values, **kw: rng.choice(values, rows, **kw)  # noqa: E731
    unit = [f"Perangkat Daerah {u:03d}" for u in range(units)]
    status = pick(["PNS", "PPPK"], p=[0.85, 0.15])
    jabatan = pick(["Struktural", "Fungsional", "Pelaksana"])
    pendidikan = pick(["SD", "SLTP", "SLTA", "D1", "D3", "D4", "S1", "S2", "S3"])
    ya = pick(["Ya", "Tidak"])
    jp = rng.integers(0, 60, rows)
    seminar = pick(["Ya", "Tidak"])
    skp = np.round(rng.uniform(45, 100, rows), 2)
    hukuman = pick(["Tidak Pernah", "Ringan", "Sedang", "Berat"], p=[0.97, 0.01, 0.01, 0.01])
    if statuses:
        return [{**row, "Status": f"Status {i % statuses}"}
                for i, row in enumerate(roster(rows, seed, units))]  # fmt: skip
    if broken:
        return [
            {**row, "NIP": row["NIP"][:17], "Pendidikan": "SMA?"}
            for row in roster(rows, seed, units)
        ]
    return [
        {
            "NIP": nip(i),
            "Nama": f"Pegawai {i}",
            # Units in blocks, as a master roster usually lists them.
            "Unit Kerja": unit[i * units // rows],
            "Status": str(status[i]),
            "Jenis Jabatan": str(jabatan[i]),
            "Pendidikan": str(pendidikan[i]),
            "Diklat Jenjang": str(ya[i]),
            "JP Diklat Teknis": int(jp[i]),
            "Seminar": str(seminar[i]),
            "Nilai SKP": float(skp[i]),
            "Hukuman Disiplin": str(hukuman[i]),
        }
        for i in range(rows)
    ]


def roster_workbook(
    rows: int, seed: int = 7, units: int = 60, broken: bool = False, statuses: int = 0
) -> Path:
    """The path of a (cached) ``ipasn`` workbook of ``rows`` employees, typed by openpyxl."""
    CACHE.mkdir(parents=True, exist_ok=True)
    kind = "broken" if broken else f"status{statuses}" if statuses else "ipasn"
    path = CACHE / f"{kind}-v{VERSION}-{rows}-{seed}-{units}.xlsx"
    if not path.exists():
        start = time.perf_counter()
        wb = make_workbook("ipasn")
        fill_table(wb, SPEC, roster(rows, seed, units, broken, statuses))
        # A name of its own: two runs building the same roster at once each write their own
        # file, and the last rename wins whole (one shared .part file ended as a broken zip).
        tmp = path.with_name(f".{path.stem}-{os.getpid()}-{secrets.token_hex(4)}.part")
        try:
            wb.save(tmp)
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)
        print(f"built {rows:,} rows in {time.perf_counter() - start:.1f} s -> {path}")
    return path
