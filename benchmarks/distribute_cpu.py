"""Where all of distribute's CPU goes: the main process step by step, and the worker processes
step by step for every unit (summed), so that nothing is left unexplained.

Run: python benchmarks/distribute_cpu.py [UNITS] [ROWS_PER_UNIT] [--master PATH]
(default 200 x 500 = 100,000 employees, the master of ``bench_collect.py``, recomputed first;
``--master`` distributes a copy of that workbook instead).

Printed: wall time (before the first job reaches a worker, while the units are made, after
they all are: the manifest, the master's record, the flushes); CPU of the main process (its
main thread step by step, as :func:`~lkjip_xl.workbook.exchange.distribute.distribute` calls
each step, and its other threads: calamine reading the master's tables, the fsync thread, the
queues' feeders); CPU of the worker processes: the roster's rows found early
(``split_largest_sheet``), each step of the making of a unit (summed over the units, and per
unit) and what neither covers (receiving the jobs, starting). Steps nest: ``recompute``
holds ``analyse``; ``FileBook.commit`` is the unit's write (in the main process: the master's).
Process CPU (every thread) is counted in the workers, so a step waiting on a thread of its own
holds that thread's CPU too (``_verify``: calamine reading the unit's table in a thread, read
from the same cache by the recompute that follows).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from roster import roster_workbook

from lkjip_xl.workbook import file_book, recompute
from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.exchange import distribute as distribute_module
from lkjip_xl.workbook.exchange import unit_build

MAIN_STEPS = [
    "early_workers", "FileBook", "_refuse_pending", "master_inputs", "read_rows",
    "_check_unique_keys", "_split", "_check_unit_names", "settings_record", "sha256_of",
    "_presplit", "shared_parts", "run_jobs", "_list_made", "save_key", "sync_files",
    "_place", "without_rows", "return_free_memory", "_record_in_master",
]  # fmt: skip
UNIT_STEPS = [
    "slice_rows", "set_table_ref", "emptied_laporan", "check_parts", "write_package",
    "RewriteSeen", "_verify", "write_pengumpulan", "append_log", "recompute", "sha256_of",
]  # fmt: skip
MAIN_PID = os.getpid()


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


class Counters:
    """CPU by step: the main thread's in the main process, the process's in a worker (each
    worker writes its own into ``folder`` after every unit: workers end without exit hooks)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seconds: dict[str, float] = defaultdict(float)
        self.walls: list[float] = []  # when run_jobs started and ended

    def timed(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(function)
        def step(*args: Any, **kwargs: Any) -> Any:
            in_main = os.getpid() == MAIN_PID
            if in_main and threading.current_thread() is not threading.main_thread():
                return function(*args, **kwargs)
            clock = time.thread_time if in_main else time.process_time
            start = clock()
            if label == "run_jobs":
                self.walls.append(time.perf_counter())
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[label] += clock() - start
                if label == "run_jobs":
                    self.walls.append(time.perf_counter())
                if not in_main and label in ("unit", "split_largest_sheet"):
                    self.seconds["units"] += label == "unit"
                    path = self.folder / f"worker-{os.getpid()}.json"
                    path.write_text(json.dumps(self.seconds))

        return step

    def workers(self) -> dict[str, float]:
        total: dict[str, float] = defaultdict(float)
        for path in self.folder.glob("worker-*.json"):
            for label, seconds in json.loads(path.read_text()).items():
                total[label] += seconds
        return total


def instrument(counters: Counters) -> None:
    for name in MAIN_STEPS:
        setattr(distribute_module, name, counters.timed(name, getattr(distribute_module, name)))
    for name in UNIT_STEPS:
        setattr(unit_build, name, counters.timed(name, getattr(unit_build, name)))
    # Pickled by name to the worker forked early: the same object under both modules' names.
    split = counters.timed("split_largest_sheet", unit_build.split_largest_sheet)
    unit_build.split_largest_sheet = distribute_module.split_largest_sheet = split
    unit_build._make_unit = counters.timed("unit", unit_build._make_unit)
    recompute.analyse = counters.timed("analyse", recompute.analyse)
    commit = file_book.FileBook.commit
    file_book.FileBook.commit = counters.timed("FileBook.commit", commit)  # type: ignore[method-assign]


def report(
    counters: Counters, walls: tuple[float, float], own: float, thread: float, workers: float
) -> None:
    start, end = walls
    jobs, done = counters.walls
    print(f"wall {end - start:.2f} s: {jobs - start:.2f} to the first job, {done - jobs:.2f} "
          f"making the units, {end - done:.2f} after")  # fmt: skip
    print(f"CPU {own + workers:.2f} s = main process {own:.2f} s + workers {workers:.2f} s")
    print(f"main process: main thread {thread:.2f} s, other threads {own - thread:.2f} s")
    for label, seconds in sorted(counters.seconds.items(), key=lambda item: -item[1]):
        print(f"  {label:28s} {seconds:7.3f} s")
    found = counters.workers()
    units = int(found.pop("units", 0)) or 1
    split = found.pop("split_largest_sheet", 0.0)
    unit = found.pop("unit", 0.0)
    rest = workers - split - unit
    print(f"workers: split_largest_sheet {split:.2f} s; {units} units {unit:.2f} s "
          f"({1000 * unit / units:.1f} ms each); outside both {rest:.2f} s")  # fmt: skip
    for label, seconds in sorted(found.items(), key=lambda item: -item[1]):
        print(f"  {label:28s} {seconds:7.3f} s {1000 * seconds / units:7.2f} ms/unit")


def main() -> None:
    args = sys.argv[1:]
    given = None
    if "--master" in args:
        at = args.index("--master")
        given = Path(args[at + 1])
        del args[at : at + 2]
    units = int(args[0]) if args else 200
    per_unit = int(args[1]) if len(args) > 1 else 500
    folder = Path(tempfile.mkdtemp(prefix="lkjip-bench-distribute-cpu-"))
    try:
        master = folder / "induk.xlsx"
        if given is not None:
            shutil.copy(given, master)
        else:
            shutil.copy(roster_workbook(units * per_unit, units=units), master)
            recompute_file(master)
        counters = Counters(folder)
        instrument(counters)
        own, children = cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)
        start, thread = time.perf_counter(), time.thread_time()
        distribute_module.distribute(master, folder / "kirim")
        walls, thread = (start, time.perf_counter()), time.thread_time() - thread
        own = cpu(resource.RUSAGE_SELF) - own
        report(counters, walls, own, thread, cpu(resource.RUSAGE_CHILDREN) - children)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
