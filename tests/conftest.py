"""Shared fixtures.  Real counterparts (DESIGN.md §6) are required in CI and optional elsewhere."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.libreoffice import LibreOffice, LibreOfficeUnavailable


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
