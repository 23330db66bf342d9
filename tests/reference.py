"""Access to ../shared/reference: golden cases taken from the seed reports, used as they are."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from lkjip_xl.core.rounding import round_value

REPO = Path(__file__).resolve().parents[1]


def reference_dir() -> Path:
    """``$LKJIP_REFERENCE`` or the ``shared/reference`` folder beside the checkout."""
    configured = os.environ.get("LKJIP_REFERENCE")
    return Path(configured) if configured else REPO.parent / "shared" / "reference"


def load(name: str) -> dict:
    path = reference_dir() / name
    if not path.is_file():
        reason = f"reference file {path} is missing (set LKJIP_REFERENCE)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return json.loads(path.read_text(encoding="utf-8"))


def golden_cases(kind: str | None = None) -> list[dict]:
    path = reference_dir() / "golden_public.json"
    if not path.is_file():
        return []
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return [c for c in cases if kind is None or c["kind"] == kind]


def printed(value: float, case: dict) -> float:
    """The exact result as the document prints it: the case's decimals and rounding."""
    return round_value(value, case["decimals"], case.get("rounding", "half_up"))
