"""Where distribute's main process spends its time before the first unit's job reaches a worker.

Run: python benchmarks/distribute_prelude.py [UNITS] [ROWS_PER_UNIT] [--profile OUT.prof]
(default 200 x 500 = 100,000 employees, the master of ``bench_collect.py``, recomputed first).

Each step of :func:`~lkjip_xl.workbook.exchange.distribute.distribute` up to ``run_jobs`` is
timed where the distribute module calls it: wall time, CPU of the whole process (calamine reads
the roster's table in a thread of it) and CPU of the main thread alone, then the same to the
first job and for the whole distribute. A wall time well above the main thread's CPU is this
process waiting (for calamine's thread, for the worker finding the roster's rows). With
``--profile``, cProfile watches the main thread up to the first job (threads are not seen).
"""

from __future__ import annotations

import cProfile
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from roster import roster_workbook

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.exchange import distribute as distribute_module
from lkjip_xl.workbook.exchange import master_fingerprint

#: The steps timed, by the module that calls them.
STEPS = {
    distribute_module: [
        "FileBook", "detect_template", "_refuse_pending", "master_inputs", "read_rows",
        "_check_unique_keys", "_split", "_check_unit_names", "settings_record", "sha256_of",
        "_presplit", "shared_parts", "job_order", "build_jobs",
    ],
    master_fingerprint: ["read_names", "take_rows_below", "import_module"],
}  # fmt: skip


def process_cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def timed(name: str, function: Callable[..., Any], marks: list[tuple[str, float, float, float]]):
    def step(*args: Any, **kwargs: Any) -> Any:
        wall, cpu, thread = time.perf_counter(), process_cpu(), time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            marks.append(
                (
                    name,
                    time.perf_counter() - wall,
                    process_cpu() - cpu,
                    time.thread_time() - thread,
                )
            )

    return step


def main() -> None:
    args = sys.argv[1:]
    profile_out = None
    if "--profile" in args:
        at = args.index("--profile")
        profile_out = args[at + 1]
        del args[at : at + 2]
    units = int(args[0]) if args else 200
    per_unit = int(args[1]) if len(args) > 1 else 500
    folder = Path(tempfile.mkdtemp(prefix="lkjip-bench-prelude-"))
    try:
        master = folder / "induk.xlsx"
        shutil.copy(roster_workbook(units * per_unit, units=units), master)
        recompute_file(master)
        marks: list[tuple[str, float, float, float]] = []
        for module, names in STEPS.items():
            for name in names:
                setattr(module, name, timed(name, getattr(module, name), marks))
        profile = cProfile.Profile() if profile_out else None
        first: list[tuple[float, float, float]] = []
        run_jobs = distribute_module.run_jobs

        def at_first_job(*args: Any, **kwargs: Any) -> Any:
            first.append((time.perf_counter(), process_cpu(), time.thread_time()))
            if profile is not None:
                profile.disable()
            return run_jobs(*args, **kwargs)

        distribute_module.run_jobs = at_first_job
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall, cpu, thread = time.perf_counter(), process_cpu(), time.thread_time()
        if profile is not None:
            profile.enable()
        sent = distribute_module.distribute(master, folder / "kirim")
        end_wall = time.perf_counter()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        for name, step_wall, step_cpu, step_thread in marks:
            print(f"{name:20s} {step_wall:6.3f} s wall {step_cpu:6.3f} s CPU "
                  f"{step_thread:6.3f} s main thread")  # fmt: skip
        to_wall, to_cpu, to_thread = first[0]
        print(f"to the first job: {to_wall - wall:.2f} s wall, {to_cpu - cpu:.2f} s CPU of this "
              f"process ({to_thread - thread:.2f} s its main thread)")  # fmt: skip
        print(f"distribute: {len(sent.workbooks)} workbooks in {end_wall - wall:.2f} s "
              f"({process_cpu() - cpu + workers:.2f} s CPU with the workers')")  # fmt: skip
        if profile is not None and profile_out is not None:
            profile.dump_stats(profile_out)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
