"""Distribute an ``ipasn`` master to 200 units, then collect the 200 workbooks back, against
one recompute of the master (goal: distribute + collect at most 2.5x that recompute).

Run: python benchmarks/bench_collect.py [UNITS] [ROWS_PER_UNIT] [--distribute-only]. Builds a
master of UNITS x ROWS_PER_UNIT employees (default 200 x 500 = 100,000; see ``roster.py``) once,
then times, in this process: a recompute of the master, and

* ``distribute``: one workbook per unit (cut from the master's package, stamped, recomputed);
* a unit's edit: every tenth unit changes a value, adds a row and removes one (openpyxl stands in
  for a person; the edit is not timed);
* ``collect`` of all the workbooks: checks, archive, merge, the master's recompute and write.

``--distribute-only`` stops after distribute (no edit, no collect).

Peak memory of this process is printed for distribute and for collect (each from its start), with
that of the largest worker process (distribute makes the unit workbooks, collect checks the
returned ones, in worker processes).
"""

from __future__ import annotations

import contextlib
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from roster import SPEC, nip, roster_workbook

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute

GOAL = 2.5


def cpu() -> float:
    """CPU seconds of this process and of the worker processes it has waited for: on a shared
    machine the wall times swing with the load, these much less."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def reset_peak() -> None:
    """Start this process's peak resident memory anew (Linux: ``clear_refs``), so that the peak
    of collect is told apart from that of the distribute before it."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_since_reset() -> str:
    """This process's peak resident memory since :func:`reset_peak` (``VmHWM``)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return "unknown"
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return f"{int(line.split()[1]) / 1024:.0f} MiB"
    return "unknown"


def edit_unit(path: Path, n: int) -> None:
    """A person changes a value, removes the second row and types a new employee."""
    wb = openpyxl.load_workbook(path)
    ws = wb[SPEC.sheet]
    table = ws.tables[SPEC.name]
    first = SPEC.first_data_row
    ws.cell(first, SPEC.col_index("pendidikan"), "S3")
    filled = sum(1 for r in range(first, ws.max_row + 1) if ws.cell(r, 1).value)
    ws.delete_rows(first + 1)
    new = first + filled - 1
    values = {"nip": nip(10_000_000 + n), "nama": f"Baru {n}", "status": "PPPK",
              "jenis_jabatan": "Pelaksana", "pendidikan": "S1"}  # fmt: skip
    values["unit_kerja"] = ws.cell(first, SPEC.col_index("unit_kerja")).value
    for key, value in values.items():
        ws.cell(new, SPEC.col_index(key), value)
    del table  # openpyxl keeps the table range; the deleted row leaves a blank one at its end
    wb.save(path)


def main() -> None:
    only = "--distribute-only" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--distribute-only"]
    units = int(args[0]) if args else 200
    per_unit = int(args[1]) if len(args) > 1 else 500
    folder = Path(tempfile.mkdtemp(prefix="lkjip-bench-collect-"))
    master = folder / "induk.xlsx"
    shutil.copy(roster_workbook(units * per_unit, units=units), master)
    start, cpu0 = time.perf_counter(), cpu()
    recompute_file(master)
    recompute_s, recompute_cpu = time.perf_counter() - start, cpu() - cpu0
    print(f"master: {units * per_unit:,} employees in {units} units; "
          f"recompute {recompute_s:.1f} s ({recompute_cpu:.1f} s CPU) ({folder})")  # fmt: skip

    reset_peak()
    start, cpu0 = time.perf_counter(), cpu()
    sent = distribute(master, folder / "kirim")
    distribute_s, distribute_cpu = time.perf_counter() - start, cpu() - cpu0
    print(f"distribute: {len(sent.workbooks)} workbooks in {distribute_s:.1f} s "
          f"({distribute_cpu:.1f} s CPU); peak memory of this process during distribute "
          f"{peak_since_reset()}")  # fmt: skip
    if only:
        shutil.rmtree(folder, ignore_errors=True)
        return

    files = [w.path for w in sent.workbooks]
    for n, path in enumerate(files):
        if n % 10 == 0:
            edit_unit(path, n)

    reset_peak()
    start, cpu0 = time.perf_counter(), cpu()
    result = collect(master, files)
    collect_s, collect_cpu = time.perf_counter() - start, cpu() - cpu0
    collect_peak = peak_since_reset()
    statuses = {}
    for item in result.kiriman:
        statuses[item.status.value] = statuses.get(item.status.value, 0) + 1
    changed = sum(k.changed or 0 for k in result.kiriman)
    added = sum(k.added or 0 for k in result.kiriman)
    removed = sum(k.removed or 0 for k in result.kiriman)
    print(f"collect: {len(files)} workbooks in {collect_s:.1f} s ({collect_cpu:.1f} s CPU) = "
          f"{collect_s / recompute_s:.1f}x one recompute ({collect_cpu / recompute_cpu:.1f}x by "
          f"CPU); {statuses}; {changed} rows changed, {added} added, {removed} removed; "
          f"peak memory of this process during collect {collect_peak}")  # fmt: skip
    total = distribute_s + collect_s
    total_cpu = distribute_cpu + collect_cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The unit workbooks are made, and the returned ones checked, in worker processes.
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"distribute + collect: {total:.1f} s = {total / recompute_s:.1f}x one recompute "
          f"(goal <= {GOAL}); by CPU time {total_cpu / recompute_cpu:.1f}x; "
          f"peak memory {peak:.0f} MiB, largest worker process "
          f"{workers:.0f} MiB")  # fmt: skip
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
