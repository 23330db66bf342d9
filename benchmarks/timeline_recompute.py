"""A wall-clock timeline of one recompute: what each thread does, and when.

Run: python benchmarks/timeline_recompute.py [ROWS | PATH.xlsx]

The stages of ``recompute_file`` (open, scan, calamine, input reading, scoring, recap, edits,
patching, deflating, writing, fsync) are wrapped with timers in this process only; every
interval is printed by thread, in start order, with small gaps between intervals of the same
stage merged. The timers cost a few percent: compare timelines, not these totals, with the
figures of ``bench_recompute.py``.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

T0 = time.perf_counter()
#: (thread, stage, start, end, CPU seconds of the thread inside).
EVENTS: list[tuple[str, str, float, float, float]] = []
_LOCAL = threading.local()


def _thread() -> str:
    name = threading.current_thread().name
    return "main" if name == "MainThread" else name.split("_")[0]


def _timed(label: str, fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        depth = getattr(_LOCAL, "depth", 0)
        _LOCAL.depth = depth + 1
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            _LOCAL.depth = depth
            EVENTS.append((_thread(), "  " * depth + label, start, time.perf_counter(),
                           time.thread_time() - cpu))  # fmt: skip

    return wrapper


def _timed_generator(label: str, fn: Any) -> Any:
    """Each step of the generator ``fn`` makes is timed (the time between steps is not)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        inner = fn(*args, **kwargs)
        while True:
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                item = next(inner)
            except StopIteration:
                item = None
            EVENTS.append((_thread(), label, start, time.perf_counter(), time.thread_time() - cpu))
            if item is None:
                return
            yield item

    return wrapper


def _wrap(owner: Any, name: str, label: str, generator: bool = False) -> None:
    fn = getattr(owner, name)
    setattr(owner, name, (_timed_generator if generator else _timed)(label, fn))


def _instrument() -> None:
    import python_calamine

    from lkjip_xl.workbook import (
        api,
        below,
        file_book,
        kinds,
        patcher,
        read_ahead,
        reader,
        safe_write,
    )
    from lkjip_xl.workbook.ooxml import (
        cell_edits,
        column_runs,
        deflate,
        package,
        row_fit,
        sheet_patch,
    )

    class _Calamine:
        @staticmethod
        def from_path(*args: Any, **kwargs: Any) -> Any:
            return _timed("calamine open", python_calamine.CalamineWorkbook.from_path)(
                *args, **kwargs
            )

        from_filelike = staticmethod(python_calamine.CalamineWorkbook.from_filelike)

    class _Module:
        CalamineWorkbook = _Calamine

    file_book.python_calamine = _Module  # type: ignore[assignment]
    _wrap(api, "FileBook", "open (FileBook)")
    _wrap(file_book, "_check_archive", "check archive")
    _wrap(package.Package, "__init__", "package (doctype scan)")
    _wrap(package.Package, "read", "inflate part")
    _wrap(file_book.FileBook, "_scan_sheets", "scan sheets")
    _wrap(file_book, "error_cells", "error cells")
    _wrap(file_book, "fingerprint", "file fingerprint")
    _wrap(read_ahead.TablesAhead, "_run", "calamine read table")
    _wrap(read_ahead.TablesAhead, "_wait", "wait for calamine")
    _wrap(file_book.FileBook, "read_table", "read table (to_python, sharing)")
    _wrap(file_book.FileBook, "release_reads", "release reads")
    _wrap(below, "take_rows_below", "rows below")
    _wrap(reader, "read_table", "input reader")
    _wrap(kinds, "detect", "detect kind")
    _wrap(file_book.FileBook, "commit", "commit")
    _wrap(safe_write, "_fsync_file", "fsync file")
    _wrap(safe_write, "_fsync_dir", "fsync dir")
    _wrap(safe_write, "_keep_backup", "backup copy")
    _wrap(safe_write, "clean_stale_temps", "clean stale temps")
    _wrap(patcher, "_patch", "patch")
    _wrap(patcher, "copy_package", "copy package")
    _wrap(patcher.SheetPatch, "streams", "streams? (locate, formulas)")
    _wrap(sheet_patch, "prepare_edits", "prepare edits (render)")
    _wrap(patcher.SheetPatch, "chunks", "patch rows (chunk)", generator=True)
    _wrap(row_fit.RowFitter, "fit", "row fit")
    _wrap(package, "_raw_member", "raw copy member")
    _wrap(package, "_write_part", "deflate small part")
    _wrap(deflate.ParallelDeflate, "compress", "hand to deflate")
    _wrap(deflate, "_deflate_block", "deflate block")
    _wrap(cell_edits, "_render_values", "render column")
    _wrap(column_runs.ColumnRuns, "_window", "window of rows")
    from lkjip_xl.core import ipasn as core_ipasn
    from lkjip_xl.workbook.compute import ipasn, laporan
    from lkjip_xl.workbook.report import build, layout

    _wrap(core_ipasn, "skor_pegawai", "scoring")
    _wrap(core_ipasn, "rekap", "recap")
    _wrap(laporan, "plan_laporan", "plan Laporan")
    _wrap(laporan.Planned, "__init__", "Laporan: planned tables")
    # Imported by the Laporan sheet's write when it runs (compute/laporan.py): wrapped where
    # they are defined.
    _wrap(build, "narrated_report", "Laporan: report model")
    _wrap(layout, "lay_out", "Laporan: lay out")
    _wrap(file_book.FileBook, "write_column", "write column")
    _wrap(ipasn, "analyse", "ipasn analyse")
    for name in ("skor_pegawai", "rekap"):
        setattr(ipasn.core_ipasn, name, getattr(core_ipasn, name))
    ipasn.plan_laporan = laporan.plan_laporan  # type: ignore[attr-defined]


def _resident_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1 << 20)


def _sample_memory(samples: list[tuple[float, float]], stop: threading.Event) -> None:
    """The resident memory every 10 ms (Linux only: nothing elsewhere)."""
    if not os.path.exists("/proc/self/statm"):
        return
    while not stop.wait(0.01):
        samples.append((time.perf_counter(), _resident_mib()))


def _merged(events: list[tuple[str, str, float, float, float]], gap: float = 0.005) -> list:
    """[thread, stage, start, end, CPU inside, calls], neighbours of the same stage merged."""
    out: list[list[Any]] = []
    for thread, label, start, end, cpu in sorted(events, key=lambda e: (e[0], e[2])):
        last = next((o for o in reversed(out) if o[0] == thread and o[1] == label), None)
        if last is not None and start - last[3] <= gap and last is out[-1]:
            last[3] = max(last[3], end)
            last[4] += cpu
            last[5] += 1
            continue
        out.append([thread, label, start, end, cpu, 1])
    return out


def main() -> None:
    arg = sys.argv[1] if len(sys.argv) > 1 else "100000"
    if arg.endswith((".xlsx", ".xlsm")):
        source = Path(arg)
    else:
        from roster import roster_workbook

        source = roster_workbook(int(arg))
    folder = Path(tempfile.mkdtemp(prefix="lkjip-timeline-"))
    try:
        work = folder / source.name
        shutil.copy(source, work)
        global T0
        _instrument()
        from lkjip_xl.workbook import api

        _wrap(api, "recompute_file", "recompute_file")
        samples: list[tuple[float, float]] = []
        stop = threading.Event()
        sampler = threading.Thread(target=_sample_memory, args=(samples, stop), name="memory")
        T0 = time.perf_counter()
        cpu0 = time.process_time()
        sampler.start()
        try:
            api.recompute_file(work)
        finally:
            stop.set()
            sampler.join()
        wall, cpu = time.perf_counter() - T0, time.process_time() - cpu0
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{source.name}: {wall:.2f} s wall, {cpu:.2f} s CPU (pid {os.getpid()})")
    by_thread: dict[str, list] = defaultdict(list)
    for row in _merged(EVENTS):
        by_thread[row[0]].append(row)
    print("wall start - end (s), CPU of the thread inside (s), stage")
    for thread, rows in by_thread.items():
        busy: dict[str, float] = defaultdict(float)
        print(f"\n[{thread}]")
        for _t, label, start, end, inside, count in sorted(rows, key=lambda r: r[2]):
            busy[label.strip()] += inside
            if end - start >= 0.01:
                calls = f" x{count}" if count > 1 else ""
                print(f"  {start - T0:6.3f} - {end - T0:6.3f}  {inside:6.3f}  {label}{calls}")
        total = ", ".join(f"{k} {v:.2f}" for k, v in sorted(busy.items(), key=lambda x: -x[1]))
        print(f"  CPU total: {total}")
    if samples:
        print("\nresident memory (MiB), every 0.25 s; peak marked *")
        peak = max(samples, key=lambda x: x[1])
        shown = [x for i, x in enumerate(samples) if i % 25 == 0 or x is peak]
        print("  " + ", ".join(f"{t - T0:.2f}:{m:.0f}{'*' if (t, m) == peak else ''}"
                               for t, m in shown))  # fmt: skip


if __name__ == "__main__":
    main()
