"""Recompute an ``ipasn`` workbook of 100,000 employees end to end, against openpyxl's round trip.

Run: python benchmarks/bench_recompute.py [ROWS]. Builds the workbook once (slow: openpyxl
types every cell), then times, on copies of it: ``recompute_file`` (read, score, write only the
computed cells, atomic save) and an openpyxl ``load_workbook`` + ``save`` of the same file, which
is what a recompute through openpyxl would cost at the least. Goal: at least ten times faster.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import openpyxl

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table


def roster(rows: int, seed: int = 7) -> list[dict]:
    rng = np.random.default_rng(seed)
    pick = lambda values, **kw: rng.choice(values, rows, **kw)  # noqa: E731
    units = pick([f"Perangkat Daerah {i:02d}" for i in range(60)])
    status = pick(["PNS", "PPPK"], p=[0.85, 0.15])
    jabatan = pick(["Struktural", "Fungsional", "Pelaksana"])
    pendidikan = pick(["SD", "SLTP", "SLTA", "D1", "D3", "D4", "S1", "S2", "S3"])
    ya = pick(["Ya", "Tidak"])
    jp = rng.integers(0, 60, rows)
    seminar = pick(["Ya", "Tidak"])
    skp = np.round(rng.uniform(45, 100, rows), 2)
    hukuman = pick(["Tidak Pernah", "Ringan", "Sedang", "Berat"], p=[0.97, 0.01, 0.01, 0.01])
    return [
        {
            "NIP": f"19800101200501{i:04d}" if i < 10_000 else f"1980010120060{i:05d}",
            "Nama": f"Pegawai {i}",
            "Unit Kerja": units[i],
            "Status": status[i],
            "Jenis Jabatan": jabatan[i],
            "Pendidikan": pendidikan[i],
            "Diklat Jenjang": ya[i],
            "JP Diklat Teknis": int(jp[i]),
            "Seminar": seminar[i],
            "Nilai SKP": float(skp[i]),
            "Hukuman Disiplin": hukuman[i],
        }
        for i in range(rows)
    ]


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folder = Path(tempfile.mkdtemp(prefix="lkjip-bench-"))
    source = folder / "ipasn.xlsx"
    start = time.perf_counter()
    wb = make_workbook("ipasn")
    fill_table(wb, template("ipasn").table("tblPegawai"), roster(rows))
    wb.save(source)
    print(
        f"built {rows:,} rows in {time.perf_counter() - start:.1f} s "
        f"({source.stat().st_size / 1e6:.1f} MB)"
    )

    ours = folder / "ours.xlsx"
    shutil.copy(source, ours)
    start = time.perf_counter()
    laporan = recompute_file(ours)
    t_ours = time.perf_counter() - start
    print(f"lkjip_xl recompute: {t_ours:.2f} s (IP ASN {laporan.ringkasan['Nilai_IP_ASN']})")

    start = time.perf_counter()
    book = openpyxl.load_workbook(source)
    book.save(folder / "openpyxl.xlsx")
    t_openpyxl = time.perf_counter() - start
    print(f"openpyxl load + save: {t_openpyxl:.2f} s")
    print(f"ratio: {t_openpyxl / t_ours:.1f}x faster than the openpyxl round trip")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
