"""A stray far cell costs nothing: check and recompute of a workbook with a value at ZZ200000 and
at XFD1048576, against the same workbook without them (fresh processes, /usr/bin/time).

Run: python benchmarks/bench_far_cells.py [ROWS]. ROWS employees in an ``ipasn`` roster (default
2,000). Goal: the far cells add no memory and no time beyond the noise (once 4.5 GB and 17 s for
ZZ200000, an abort for XFD1048576).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import cli
from roster import SPEC, roster_workbook


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000
    folder = Path(tempfile.mkdtemp(prefix="lkjip-bench-far-"))
    try:
        clean = folder / "clean.xlsx"
        shutil.copy(roster_workbook(rows), clean)
        far = folder / "far.xlsx"
        wb = openpyxl.load_workbook(clean)
        wb[SPEC.sheet]["ZZ200000"] = "jauh"
        wb[SPEC.sheet]["XFD1048576"] = 1
        wb.save(far)
        wb.save(clean)  # the same writer for both
        for command in ("check", "recompute"):
            figures = []
            for path in (clean, far):
                work = folder / f"{command}-{path.name}"
                shutil.copy(path, work)
                figures.append(cli(f"{command} {path.stem}", command, str(work)))
                print(f"  {figures[-1]}")
            a, b = figures
            print(f"{command}: far cells add {b.wall - a.wall:+.2f} s, "
                  f"{b.peak_mib - a.peak_mib:+.0f} MiB")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
