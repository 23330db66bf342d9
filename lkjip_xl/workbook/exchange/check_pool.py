"""The received files of a collection checked in worker processes, started before the master is
read: the files are checked while this process reads the master (:class:`CheckPool`).

Each file is checked on its own, the results come back in the order given, and a file a worker
could not bring back (a worker that died) is checked again in this process.
"""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from lkjip_xl.workbook.exchange.kiriman import Kiriman
from lkjip_xl.workbook.ooxml.deflate import codec

Progress = Callable[[int, int, str], None]
Check = Callable[[Any, Path], Kiriman]

PARALLEL_FROM = 16  # files; fewer are checked in this process
MAX_WORKERS = 4

_CHECK: tuple[Check, Any] | None = None


def _init_worker(check: Check, checks: Any) -> None:
    global _CHECK
    _CHECK = (check, checks)
    _collect_cycles()


def _collect_cycles() -> None:
    """In a worker process: the cyclic collector on, over what the worker makes only. The
    parent turned it off for its own large tables, inherited here; without it, the cycles each
    file leaves (readers, frames) would pile up over a hundred files."""
    gc.freeze()
    gc.enable()


def _check_in_worker(path: Path) -> bytes:
    """A file's check, pickled and compressed here: the executor's thread in the parent then
    receives a few bytes and makes no object of it while the master is read (its rows and
    texts, made then, pinned the memory freed around them: collect's peak, while calamine
    hands the master's table over, was ~10 MiB higher); :meth:`CheckPool.results` unpacks
    it. Compressed (a quarter of the size, by the large parts' codec at level 1): a process
    whose freed memory Python keeps for its own objects (a distribute before) holds the
    bytes on top of it."""
    assert _CHECK is not None, "_init_worker first"
    check, checks = _CHECK
    item = check(checks, path)
    # The merge reads a returned table's rows (their input values) and where it lies, never
    # its cells as read: those (~40% of the bytes of an edited roster unit's check) are not
    # pickled, sent and unpickled for nothing.
    for rows in item.tables.values():
        rows.let_go_of_cells()
    return codec().compress(pickle.dumps(item, pickle.HIGHEST_PROTOCOL), 1)


def workers_for(files: int) -> int:
    """Worker processes for ``files`` files: reading and checking each is the cost."""
    if files < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, files // 8))


class CheckPool:
    """``check(checks, path)`` of every path, begun in worker processes when there are many."""

    def __init__(self, check: Check, checks: Any, paths: list[Path]) -> None:
        self.check, self.checks, self.paths = check, checks, paths
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[bytes]] = []
        workers = workers_for(len(paths))
        if workers <= 1:
            return
        try:
            self._pool = ProcessPoolExecutor(
                workers, initializer=_init_worker, initargs=(check, checks)
            )
            self._futures = [self._pool.submit(_check_in_worker, path) for path in paths]
        except (BrokenProcessPool, OSError):  # no worker to be had: all checked here
            self.close()
            self._futures = []

    def results(self, progress: Progress | None, total: int) -> list[Kiriman]:
        """Every file's check, in the order given."""
        found: list[Kiriman | None] = [None] * len(self.paths)
        for n, future in enumerate(self._futures):
            if progress:
                progress(n, total, f"Memeriksa {self.paths[n].name}")
            try:
                found[n] = pickle.loads(codec().decompress(future.result()))
            except Exception:  # checked again below, in this process (a broken pool too)
                found[n] = None
        self.close()
        items = []
        for n, path in enumerate(self.paths):
            item = found[n]
            if item is None:
                if progress:
                    progress(n, total, f"Memeriksa {path.name}")
                item = self.check(self.checks, path)
            items.append(item)
        return items

    def close(self) -> None:
        """Stop the workers (files not begun are not checked)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
