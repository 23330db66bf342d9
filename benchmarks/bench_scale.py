"""How the commands grow with what a workbook holds: units in a roster, indicators in a kinerja
workbook, components in its Evaluasi table. A cost that grows faster than the rows is a defect
even when the demo is quick.

Run: python benchmarks/bench_scale.py. Times ``lkjip-xl hitung``, ``periksa`` and ``laporan`` as
a user runs them (a fresh interpreter each) on a 20,000-employee roster spread over 20, 2,000
and 10,000 units, on one of 10,000 units with 2, 1,000 and 10,000 distinct statuses typed, on
kinerja workbooks of 100, 1,000 and 3,000 indicators, and on 100-indicator kinerja workbooks
with 1, 20 and 100 budget lines per indicator (the report's budget table was once moved into
the document at a cost growing with the square of its rows) and with an Evaluasi SAKIP table
of 100, 1,000 and 3,000 components (each component's lookup once scanned them all). Each line
gives wall and CPU seconds and the CPU ratio to the smallest size: a linear cost keeps that
ratio at or under the ratio of the sizes (the fixed start-up cost keeps it lower). Rosters are
cached like the other benchmarks' (``roster.py``).

Run: python benchmarks/bench_scale.py --shapes [ROWS] [SHAPE...]. Rosters of ROWS employees
(20,000 unless given) in the shapes of ``roster_shapes.py`` (extra user columns, a user sheet,
long texts, 10,000 units, empty rows, rows under the table, shared strings, many cell styles,
formulas in input cells; all of them, or those whose names hold a SHAPE word): CPU seconds and
peak memory of each command, and their ratios to the plain roster of the same size.

Run: python benchmarks/bench_scale.py --laporan. CPU seconds and peak memory of ``laporan`` on
recomputed kinerja workbooks of 100 and 1,000 indicators and of 3,000 indicators with ten
budget lines each (750,000 table cells: the document's tables once took 2.9 GiB as lxml trees).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_laporan import kinerja_rows, kinerja_workbook
from measure import Figure, cli
from roster import roster_workbook
from roster_shapes import SHAPES, shaped_roster

from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_names, fill_table

UNITS = (20, 2_000, 10_000)
#: distinct statuses typed in a roster of 10,000 units (the recap has a row per pair that occurs)
STATUSES = (2, 1_000, 10_000)
INDICATORS = (100, 1_000, 3_000)
COMPONENTS = (100, 1_000, 3_000)
BUDGET_LINES = (1, 20, 100)
EMPLOYEES = 20_000


def evaluasi_workbook(path: Path, components: int) -> Path:
    """100 indicators, and an Evaluasi SAKIP table of ``components`` rows (bobot 1, nilai 0.8)."""
    rows = kinerja_rows(100)
    rows["tblEvaluasiSakip"] = [
        {"Komponen": f"Komponen {i + 1}", "Bobot": 1.0, "Nilai": 0.8} for i in range(components)
    ]
    return _save(path, rows)


def anggaran_workbook(path: Path, lines: int, indicators: int = 100) -> Path:
    """``indicators`` indicators, each with ``lines`` budget lines (the one line split into
    sub-activities)."""
    rows = kinerja_rows(indicators)
    rows["tblAnggaran"] = [
        {**line, "Program/Kegiatan": f"{line['Program/Kegiatan']} bagian {j + 1}"}
        for line in rows["tblAnggaran"]
        for j in range(lines)
    ]
    return _save(path, rows)


def _save(path: Path, rows: dict[str, list[dict]]) -> Path:
    wb = make_workbook("kinerja")
    spec = template("kinerja")
    fill_names(wb, "kinerja", {"Instansi": "Pemerintah Daerah Contoh", "Tahun": 2025})
    for table, table_rows in rows.items():
        fill_table(wb, spec.table(table), table_rows)
    wb.save(path)
    return path


def run(command: str, workbook: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``lkjip-xl`` command in a fresh interpreter."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", command, str(workbook)],
        capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):  # 1: galat found, still a finished run
        raise SystemExit(f"{command} failed on {workbook.name}: {result.stderr or result.stdout}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def series(label: str, sizes: tuple[int, ...], workbooks: list[Path]) -> None:
    for command in ("hitung", "periksa", "laporan"):
        first = None
        for size, workbook in zip(sizes, workbooks, strict=True):
            wall, cpu = run(command, workbook)
            first = first or cpu
            print(f"{command:8} {label} {size:>6,}: {wall:6.2f} s wall, CPU {cpu:6.2f} s, "
                  f"CPU x{cpu / first:5.1f} for size x{size / sizes[0]:g}")  # fmt: skip


def shapes(rows: int, words: list[str]) -> None:
    """Each command on each shape of roster, against the plain roster of the same size."""
    chosen = [n for n in SHAPES if n == "plain" or not words or any(w in n for w in words)]
    with tempfile.TemporaryDirectory(prefix="lkjip-bench-shapes-") as folder:
        root = Path(folder)
        plain: dict[str, Figure] = {}
        for name in chosen:
            book = shaped_roster(root / f"shape-{len(plain)}.xlsx", rows, **SHAPES[name])  # type: ignore[arg-type]
            for command in ("hitung", "periksa", "laporan"):
                work = root / "work.xlsx"
                shutil.copy(book, work)
                extra = ["-o", str(root / "bab3.docx")] if command == "laporan" else []
                got = cli(f"{command:8} {name:30}", command, str(work), *extra)
                base = plain.setdefault(command, got)
                print(f"{got.label} {rows:,} rows: CPU {got.cpu:6.2f} s, {got.peak_mib:5.0f} MiB "
                      f"peak; x{got.cpu / base.cpu:4.2f} CPU, x{got.peak_mib / base.peak_mib:4.2f} "
                      "memory of the plain roster")  # fmt: skip
            book.unlink()


def large_reports() -> None:
    """``laporan`` of recomputed kinerja workbooks as they grow: CPU and peak memory."""
    with tempfile.TemporaryDirectory(prefix="lkjip-bench-laporan-") as folder:
        root = Path(folder)
        for indicators, lines in ((100, 1), (1_000, 1), (3_000, 10)):
            book = anggaran_workbook(root / f"kinerja-{indicators}.xlsx", lines, indicators)
            cli("hitung", "hitung", str(book))
            got = cli("laporan", "laporan", str(book), "-o", str(root / "bab3.docx"))
            print(f"laporan  {indicators:>5,} indicators x {lines:>2} budget lines: "
                  f"CPU {got.cpu:6.2f} s, {got.peak_mib:5.0f} MiB peak")  # fmt: skip


def main() -> None:
    if "--laporan" in sys.argv:
        large_reports()
        return
    if "--shapes" in sys.argv:
        args = sys.argv[sys.argv.index("--shapes") + 1 :]
        sized = [int(a) for a in args if a.isdigit()]
        shapes(sized[0] if sized else EMPLOYEES, [a for a in args if not a.isdigit()])
        return
    with tempfile.TemporaryDirectory(prefix="lkjip-bench-scale-") as folder:
        root = Path(folder)
        rosters = []
        for units in UNITS:
            rosters.append(root / f"roster-{units}.xlsx")
            shutil.copy(roster_workbook(EMPLOYEES, units=units), rosters[-1])
        series(f"{EMPLOYEES:,} employees, units", UNITS, rosters)
        typed = []
        for statuses in STATUSES:
            typed.append(root / f"roster-status-{statuses}.xlsx")
            shutil.copy(roster_workbook(EMPLOYEES, units=10_000, statuses=statuses), typed[-1])
        series("10,000 units, statuses", STATUSES, typed)
        books = [kinerja_workbook(root / f"kinerja-{n}.xlsx", n) for n in INDICATORS]
        series("kinerja, indicators", INDICATORS, books)
        books = [anggaran_workbook(root / f"anggaran-{n}.xlsx", n) for n in BUDGET_LINES]
        series("kinerja, budget lines/indicator", BUDGET_LINES, books)
        books = [evaluasi_workbook(root / f"evaluasi-{n}.xlsx", n) for n in COMPONENTS]
        series("kinerja, SAKIP components", COMPONENTS, books)


if __name__ == "__main__":
    main()
