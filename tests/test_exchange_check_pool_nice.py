"""The workers that check a collection's files give way to the process reading the master
(the whole collection waits for that read; the checks are done long before it ends)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lkjip_xl.workbook.exchange import check_pool
from lkjip_xl.workbook.exchange.check_pool import CheckPool


def _niceness(_checks: object, path: Path) -> tuple[str, int, int]:
    return path.name, os.getpid(), os.nice(0)


@pytest.mark.skipif(not hasattr(os, "nice"), reason="niceness is POSIX")
def test_files_are_checked_in_workers_that_give_way_to_the_read(tmp_path):
    paths = [tmp_path / f"unit{n}.xlsx" for n in range(check_pool.PARALLEL_FROM)]
    pool = CheckPool(_niceness, None, paths)  # type: ignore[arg-type]
    found = pool.results(None, len(paths))
    assert [name for name, _pid, _nice in found] == [p.name for p in paths]
    assert {pid for _name, pid, _nice in found} - {os.getpid()}, "checked in worker processes"
    expected = min(19, os.nice(0) + check_pool.WORKER_NICENESS)
    assert {nice for _name, _pid, nice in found} == {expected}
    assert os.nice(0) < expected  # this process, which reads the master, is not lowered
