"""Recompute an ``ipasn`` roster of 100,000 employees, against the I/O floor, openpyxl and
LibreOffice, all measured in this run (goal: at most 1.5x the floor, at least 15x faster than
openpyxl load + save, 4x faster than LibreOffice open + save, at most 400 MiB at 100,000 rows).

Run: python benchmarks/bench_recompute.py [ROWS] [--no-openpyxl] [--no-libreoffice]

Every figure is a fresh process (``lkjip-xl recompute`` as a user runs it), measured by
``/usr/bin/time``. The roster is typed by openpyxl (cached, see ``roster.py``); the same roster
is also recomputed as our own output wrote it and as LibreOffice saved it (shared strings).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import (
    Figure,
    cli,
    io_floor,
    libreoffice_round_trip,
    openpyxl_round_trip,
    ratio,
)
from roster import roster_workbook

FLOOR_GOAL, OPENPYXL_GOAL, LIBREOFFICE_GOAL = 1.5, 15.0, 4.0
PEAK_GOAL_MIB_PER_100K = 400


def _writers(source: Path, folder: Path) -> dict[str, Path]:
    """The same roster as three programs wrote it."""
    written = {"openpyxl": folder / "openpyxl.xlsx"}
    shutil.copy(source, written["openpyxl"])
    ours = folder / "lkjip.xlsx"
    cli("(preparing our own output)", "recompute", str(source), "-o", str(ours))
    written["lkjip_xl"] = ours
    libreoffice_round_trip(source, folder)
    lo = folder / "lo-out" / source.name
    written["LibreOffice"] = lo.rename(folder / "libreoffice.xlsx")
    return written


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rows = int(args[0]) if args else 100_000
    source = roster_workbook(rows)
    folder = Path(tempfile.mkdtemp(prefix="lkjip-bench-recompute-"))
    try:
        writers = _writers(source, folder)
        print(f"{rows:,} employees, {source.stat().st_size / 1e6:.1f} MB")
        results: dict[str, tuple[Figure, Figure]] = {}
        for writer, path in writers.items():
            floor = io_floor(path)
            work = folder / f"work-{writer}.xlsx"
            shutil.copy(path, work)
            ours = cli(f"lkjip-xl recompute ({writer} file)", "recompute", str(work))
            results[writer] = (floor, ours)
            print(f"  {floor}\n  {ours}")
            print(f"  -> {ratio(ours, floor)} the floor (goal <= {FLOOR_GOAL})")
        peak_goal = PEAK_GOAL_MIB_PER_100K * max(rows, 100_000) / 100_000
        for writer, (_floor, ours) in results.items():
            print(f"peak memory ({writer} file) {ours.peak_mib:.0f} MiB "
                  f"(goal <= {peak_goal:.0f} MiB)")  # fmt: skip
        floor, ours = results["openpyxl"]
        if "--no-openpyxl" not in sys.argv:
            other = openpyxl_round_trip(writers["openpyxl"], folder / "rt.xlsx")
            print(f"  {other}\n  -> recompute {ratio(other, ours)} faster "
                  f"(goal >= {OPENPYXL_GOAL})")  # fmt: skip
        if "--no-libreoffice" not in sys.argv:
            lo = libreoffice_round_trip(writers["openpyxl"], folder)
            print(f"  {lo}\n  -> recompute {ratio(lo, ours)} faster "
                  f"(goal >= {LIBREOFFICE_GOAL})")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
