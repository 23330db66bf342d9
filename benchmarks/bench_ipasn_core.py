"""Score 1,000,000 synthetic employees through the vectorised IP-ASN path (goal: under 2 s).

Run: python benchmarks/bench_ipasn_core.py [ROWS]. Prints the best of three runs of scoring,
and the time of the recap per unit and status.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from lkjip_xl.core.ipasn import rekap, skor_pegawai


def synthetic_roster(rows: int, seed: int = 2021) -> pd.DataFrame:
    """Cell values as a workbook holds them: labels as text, a few blanks and typing slips."""
    rng = np.random.default_rng(seed)
    choice = rng.choice
    return pd.DataFrame(
        {
            "unit": choice([f"Unit {i:02d}" for i in range(60)], rows),
            "status": choice(["PNS", "PPPK"], rows, p=[0.85, 0.15]),
            "pendidikan": choice(
                ["SD", "SLTP", "SLTA", "D1", "D3", "D4", "S1", "S2", "S3", None], rows
            ),
            "jenis_jabatan": choice(["Struktural", "Fungsional", "Pelaksana"], rows),
            "diklat_jenjang": choice(["Ya", "Tidak", None], rows),
            "jp_diklat_teknis": np.where(
                rng.random(rows) < 0.02, np.nan, rng.integers(0, 80, rows)
            ),
            "seminar": choice(["Ya", "Tidak", "ya "], rows),
            "nilai_skp": np.where(
                rng.random(rows) < 0.03, np.nan, rng.uniform(40, 100, rows).round(2)
            ),
            "predikat_skp": choice(["Baik", "Sangat Baik", None], rows),
            "hukuman_disiplin": choice(
                ["Tidak Pernah", "Ringan", "Sedang", "Berat"], rows, p=[0.97, 0.01, 0.01, 0.01]
            ),
        }
    )


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    roster = synthetic_roster(rows)
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        scores = skor_pegawai(roster)
        timings.append(time.perf_counter() - start)
    start = time.perf_counter()
    table = rekap(scores, roster["unit"], roster["status"])
    recap_time = time.perf_counter() - start
    everyone = table.iloc[-1]
    print(f"rows: {rows:,}")
    print(
        f"score (best of 3): {min(timings):.3f} s  (runs: {', '.join(f'{t:.3f}' for t in timings)})"
    )
    print(f"recap per unit and status: {recap_time:.3f} s ({len(table)} rows)")
    print(
        f"SELURUH: IP ASN {everyone['total']:.2f}, "
        f"complete {everyone['lengkap']:,} of {everyone['jumlah']:,}"
    )


if __name__ == "__main__":
    main()
