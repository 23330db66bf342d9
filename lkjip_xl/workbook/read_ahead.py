"""python-calamine reading a workbook's largest tables in a worker thread.

calamine parses a sheet without holding the GIL (measured: a pure-Python loop runs beside it at
full speed), so a roster's table is read on the second core while the first one scans the
sheet's XML for error cells and imports pandas. The workbook object is only ever used by one
thread at a time: every other use waits for the read to end (:meth:`TablesAhead.workbook`).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from functools import cache
from typing import Any

__all__ = ["TablesAhead", "one_malloc_arena", "return_free_memory"]

#: glibc's mallopt parameter for the number of malloc arenas.
_M_ARENA_MAX = -8


@cache
def one_malloc_arena() -> None:
    """On glibc, keep the worker's allocations in the process's one malloc arena.

    A new thread's first malloc makes glibc create a new arena; what calamine frees there
    (its cells, once the table has become Python lists) is not reused by the main thread: a
    100,000-row recompute peaked 30 MiB higher (394 instead of 364 MiB). The engine's threads
    (this reader, a progress spinner) seldom allocate at the same time, so one arena costs
    nothing. Elsewhere (Windows, macOS, musl) nothing is done.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 1)
    except (OSError, AttributeError):  # not glibc: its own allocator, left as it is
        pass


def return_free_memory() -> None:
    """On glibc, hand the memory freed in small pieces (a table's cells, its rows) back to the
    system, so that a large part inflated next does not come on top of it. Elsewhere nothing
    is done."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: its own allocator, left as it is
        pass


class TablesAhead:
    """The tables ``names`` of a calamine workbook, read in a worker thread as it is built."""

    def __init__(self, workbook: Any, names: Sequence[str]):
        self._workbook = workbook
        self._read: dict[str, Any] = {}
        self._failed: dict[str, BaseException] = {}
        self._thread: threading.Thread | None = None
        if names:
            one_malloc_arena()
            self._thread = threading.Thread(
                target=self._run, args=(tuple(names),), name="lkjip-xl-tables", daemon=False
            )
            self._thread.start()

    def _run(self, names: tuple[str, ...]) -> None:
        for name in names:
            try:
                self._read[name] = self._workbook.get_table_by_name(name)
            except BaseException as exc:  # raised where the table is asked for, as before
                self._failed[name] = exc

    def _wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    @property
    def pending(self) -> bool:
        """Whether the tables read ahead are not handed over yet (the worker may still read)."""
        return self._thread is not None

    def workbook(self) -> Any:
        """The calamine workbook, once the worker has let go of it."""
        self._wait()
        return self._workbook

    def table(self, name: str) -> Any:
        """The table ``name``: handed over once when it was read ahead (its failure raised
        here, as a read now would raise it), else read now."""
        self._wait()
        failed = self._failed.pop(name, None)
        if failed is not None:
            raise failed
        found = self._read.pop(name, None)
        return found if found is not None else self._workbook.get_table_by_name(name)
