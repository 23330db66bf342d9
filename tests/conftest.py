"""Shared fixtures.  Real counterparts (DESIGN.md §6) are required in CI and optional elsewhere."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

from tests.libreoffice import LibreOffice, LibreOfficeUnavailable

#: The bytecode folder this session made for its subprocesses (None: it made none).
_BYTECODE: str | None = None
_DONT_WRITE = os.environ.get("PYTHONDONTWRITEBYTECODE")


def pytest_configure(config: pytest.Config) -> None:
    """Let the subprocesses the tests start share one bytecode cache for the session.

    Hundreds of tests run ``python -m lkjip_xl.cli`` in a fresh process; with
    PYTHONDONTWRITEBYTECODE set (as on CI) each one compiled the package and its libraries anew
    (about 0.2 s of CPU each).  The cache lives in a folder of this session only and Python
    checks each .pyc against its source's size and time, so what runs is the checkout under
    test; the checkout itself still gets no __pycache__.  This process is unaffected (both
    variables are read at start-up).  A cache the user set up is left as it is.
    """
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # A pytest-xdist worker starts with COLUMNS=80 and LINES set: the command line's rich
        # consoles would take that width as fixed, where a serial run (no terminal) follows
        # the COLUMNS a test gives its CliRunner.
        os.environ.pop("COLUMNS", None)
        os.environ.pop("LINES", None)
    global _BYTECODE
    if os.environ.get("PYTHONPYCACHEPREFIX"):
        return  # the user's, or the one of the session that started this pytest-xdist worker
    _BYTECODE = tempfile.mkdtemp(prefix="lkjip-bytecode-")
    os.environ["PYTHONPYCACHEPREFIX"] = _BYTECODE
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    global _BYTECODE
    if _BYTECODE is not None:
        shutil.rmtree(_BYTECODE, ignore_errors=True)
        os.environ.pop("PYTHONPYCACHEPREFIX", None)
        if _DONT_WRITE is not None:
            os.environ["PYTHONDONTWRITEBYTECODE"] = _DONT_WRITE
        _BYTECODE = None


def missing_counterpart(what: str, reason: str) -> None:
    """Fail when CI=true (DESIGN.md §6: CI installs every counterpart), else skip saying why."""
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"{what} is required in CI but unavailable: {reason}", pytrace=False)
    pytest.skip(f"{what} unavailable: {reason}")


@pytest.fixture(scope="session")
def libreoffice() -> Iterator[LibreOffice]:
    """One headless soffice for the whole session; see tests/libreoffice.py."""
    office: LibreOffice | None = None
    try:
        office = LibreOffice().start()
    except LibreOfficeUnavailable as exc:
        problem = str(exc)
    if office is None:
        # Outside the except block, so the report shows the reason, not a chained traceback.
        missing_counterpart("LibreOffice", problem)
        return
    try:
        yield office
    finally:
        office.stop()
