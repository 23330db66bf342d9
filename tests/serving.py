"""A `lkjip-xl serve` process under test: wait until it answers, stop it afterwards."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def serving(
    process: subprocess.Popen, log: Path, ready: Callable[[], bool], timeout: float
) -> Iterator[None]:
    """Wait until ``ready()`` (OSError counts as not yet), fail with the server's log if it
    exits or stays silent past ``timeout`` seconds; terminate it when the block ends."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            pytest.fail(f"lkjip-xl serve exited: {log.read_text()}")
        try:
            if ready():
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"lkjip-xl serve did not start in {timeout} s: {log.read_text()}")
        time.sleep(0.2)
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
