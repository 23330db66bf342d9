"""``lkjip-xl laporan`` on the 2,777-employee IP-ASN demo and on a 100-indicator kinerja workbook.

Run: python benchmarks/bench_laporan.py [INDICATORS]. Builds both workbooks and recomputes them
first (untimed: ``laporan`` on an up-to-date workbook is what a user runs), then times the whole
command as a user runs it, in a fresh interpreter (start-up, imports, check, model, charts,
document, atomic save): goal under 5 s each on the development machine. A third figure times
the same command on the kinerja workbook left stale, which adds a recompute in a temporary copy.
Each line gives the wall clock and the command's CPU time (which a busy machine does not
stretch).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import build_demo, fill_names, fill_table

GOAL_SECONDS = 5.0


def kinerja_rows(count: int, seed: int = 9) -> dict[str, list[dict]]:
    """``count`` indicators over ten sasaran, each with a budget line and four quarters."""
    rng = np.random.default_rng(seed)
    indikator, anggaran, triwulan = [], [], []
    for i in range(count):
        kode = f"IKU-{i + 1:03d}"
        target = float(rng.choice([50.0, 75.0, 80.0, 90.0, 100.0]))
        realisasi = float(np.round(target * rng.uniform(0.6, 1.3), 2))
        indikator.append(
            {
                "Kode": kode,
                "Sasaran": f"Sasaran Strategis {i % 10 + 1}",
                "Indikator": f"Persentase capaian layanan kepegawaian nomor {i + 1}",
                "Satuan": "%",
                "Polaritas": "Negatif" if i % 7 == 0 else "Positif",
                "Target": target,
                "Realisasi": realisasi if i % 13 else None,
                "Realisasi Tahun Lalu": float(np.round(realisasi * rng.uniform(0.8, 1.1), 2)),
                "Target Akhir Renstra": target + 5,
                "Faktor Pendorong": "Dukungan pimpinan dan koordinasi antarbidang.",
                "Faktor Penghambat": "Data dari unit kerja terlambat masuk.",
                "Tindak Lanjut": "Pemantauan bulanan oleh sekretariat.",
            }
        )
        pagu = float(rng.integers(100, 2_000)) * 1_000_000
        anggaran.append(
            {
                "Kode Indikator": kode,
                "Program/Kegiatan": f"Kegiatan Pendukung {i + 1}",
                "Pagu": pagu,
                "Realisasi Anggaran": float(np.round(pagu * rng.uniform(0.7, 1.0))),
            }
        )
        for q in range(1, 5):
            triwulan.append(
                {"Kode": kode, "Triwulan": f"TW{q}", "Target": target, "Realisasi": realisasi}
            )
    return {"tblIndikator": indikator, "tblAnggaran": anggaran, "tblTriwulan": triwulan}


def kinerja_workbook(path: Path, count: int) -> Path:
    wb = make_workbook("kinerja")
    spec = template("kinerja")
    fill_names(wb, "kinerja", {"Instansi": "Pemerintah Daerah Contoh", "Tahun": 2025})
    for table, rows in kinerja_rows(count).items():
        fill_table(wb, spec.table(table), rows)
    wb.save(path)
    return path


def laporan_seconds(workbook: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one ``lkjip-xl laporan`` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", "laporan", str(workbook)],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"laporan failed on {workbook.name}: {result.stderr or result.stdout}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory(prefix="lkjip-bench-laporan-") as folder:
        root = Path(folder)
        ipasn, _ = build_demo("ipasn-000", root)
        kinerja = kinerja_workbook(root / "kinerja-100.xlsx", count)
        stale = kinerja_workbook(root / "kinerja-100-stale.xlsx", count)
        recompute_file(kinerja)
        timings = {
            "ipasn demo, 2,777 employees": laporan_seconds(ipasn),
            f"kinerja, {count} indicators": laporan_seconds(kinerja),
            f"kinerja, {count} indicators, not recomputed": laporan_seconds(stale),
        }
        # A busy machine stretches the wall clock; the CPU time says what the command costs.
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        for label, (seconds, cpu) in timings.items():
            verdict = "ok" if seconds < GOAL_SECONDS else f"over the {GOAL_SECONDS:g} s goal"
            print(f"lkjip-xl laporan, {label}: {seconds:.2f} s ({verdict}), CPU {cpu:.2f} s")


if __name__ == "__main__":
    main()
