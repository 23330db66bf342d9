"""Where one collect spends its CPU: each phase's time on the main thread, calamine's reading
thread, this process as a whole and its worker processes.

Run, on a folder ``collect_digests.py prepare`` made (the code imported is the worktree's:
``PYTHONPATH=$PWD``):

    python benchmarks/collect_phases.py FOLDER

A copy of FOLDER is collected with the clock fixed, as ``collect_digests.py run`` does. Each
phase is timed with the CPU time of the thread that runs it (``time.thread_time``): a profiler
(cProfile, or a sampler that counts a thread waiting on a lock or a page fault as busy) weighs
the many small Python calls of a roster's rows and the threads beside them unevenly, and the
process's CPU time during a phase holds the work of the threads that run meanwhile (calamine's
read, the inflate, the deflate). Phases nest (``commit`` is part of ``write_master``).
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

#: (module, attribute, label): what is timed; a class's method as "Class.method".
PHASES = [
    ("lkjip_xl.workbook.exchange.collect", "_begin_checks", "begin checks (pool started)"),
    ("lkjip_xl.workbook.exchange.collect", "FileBook", "master opened (scan)"),
    ("lkjip_xl.workbook.file_book", "FileBook._count_later", "  rows under the tables"),
    ("lkjip_xl.workbook.file_book", "FileBook.read_table", "tables read (waits for calamine)"),
    ("lkjip_xl.workbook.exchange.collect", "read_rows", "master rows hashed"),
    ("lkjip_xl.workbook.exchange.collect", "MasterTable", "master rows indexed"),
    ("lkjip_xl.workbook.exchange.collect", "_set_aside_rows_sent", "rows sent set aside"),
    ("lkjip_xl.workbook.exchange.collect", "_take_back_rows_sent", "rows sent taken back"),
    ("lkjip_xl.workbook.exchange.check_pool", "CheckPool.results", "checks received"),
    ("lkjip_xl.workbook.exchange.collect", "_refuse_foreign", "foreign rows"),
    ("lkjip_xl.workbook.exchange.collect", "_merge", "merge"),
    ("lkjip_xl.workbook.exchange.collect", "write_master", "write_master"),
    ("lkjip_xl.workbook.exchange.master_write", "_whole", "  columns found (_whole)"),
    ("lkjip_xl.workbook.exchange.master_write", "recompute", "  recompute"),
    ("lkjip_xl.workbook.file_book", "FileBook.commit", "  commit"),
    ("lkjip_xl.workbook.ooxml.column_runs", "ColumnRuns._window", "    windows"),
    ("lkjip_xl.workbook.ooxml.column_runs", "ColumnRuns._interleave", "      interleaved"),
]


def _timed(spent: dict[str, float], label: str, call: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.thread_time()
        try:
            return call(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.thread_time() - start

    return timed


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    import importlib

    from collect_digests import _Fixed

    os.environ["LKJIP_USER"] = "bench"
    import lkjip_xl.workbook.exchange.collect as collect_module
    import lkjip_xl.workbook.exchange.records as records
    import lkjip_xl.workbook.read_ahead as read_ahead
    import lkjip_xl.workbook.recompute as recompute_module

    for module in (collect_module, records, recompute_module):
        module.datetime = _Fixed  # type: ignore[attr-defined]
    spent: dict[str, float] = {}
    for module_name, attribute, label in PHASES:
        owner: Any = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, _timed(spent, label, getattr(owner, name)))
    read_ahead.TablesAhead._run = _timed(  # type: ignore[method-assign]
        spent, "calamine's thread", read_ahead.TablesAhead._run
    )

    work = Path(tempfile.mkdtemp(prefix="lkjip-collect-phases-")) / "run"
    shutil.copytree(Path(sys.argv[1]), work)
    files = sorted((work / "kirim").glob("*.xlsx"))
    own0 = resource.getrusage(resource.RUSAGE_SELF)
    workers0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    main0, wall0 = time.thread_time(), time.perf_counter()
    collect_module.collect(work / "induk.xlsx", files)
    wall, main = time.perf_counter() - wall0, time.thread_time() - main0
    own1 = resource.getrusage(resource.RUSAGE_SELF)
    workers1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(work.parent, ignore_errors=True)

    def cpu(before: Any, after: Any) -> float:
        return float(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)

    own = cpu(own0, own1)
    print(f"collect: {wall:.2f} s wall; CPU: this process {own:.2f} (main thread {main:.2f}, "
          f"other threads {own - main:.2f}), workers {cpu(workers0, workers1):.2f}; "
          f"peak RSS {own1.ru_maxrss // 1024} MiB")  # fmt: skip
    for _module, _attribute, label in PHASES:
        if label in spent:
            print(f"  {label:36s} {spent[label]:6.3f} s")
    thread = "calamine's thread"
    print(f"  {thread:36s} {spent.get(thread, 0.0):6.3f} s")


if __name__ == "__main__":
    main()
