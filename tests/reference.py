"""The golden cases and seed reports shipped in ``tests/data``, used as they are.

``tests/data/reference`` holds the golden cases and the inconsistency list taken from the seed
reports, ``tests/data/seeds`` the reports themselves (line numbers in the cases refer to them).
They are copies of the project's upstream reference; ``tests/test_reference_data.py`` keeps them
equal to it when the upstream folder is present. Missing data is a failure, never a skip: a
clone that lost them must not pass with the golden cases silently gone.
"""

from __future__ import annotations

import json
from pathlib import Path

from lkjip_xl.core.rounding import round_value

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"


def reference_dir() -> Path:
    return DATA / "reference"


def seeds_dir() -> Path:
    return DATA / "seeds"


def load(name: str) -> dict:
    path = reference_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"reference file {path} is missing from the repository")
    return json.loads(path.read_text(encoding="utf-8"))


def golden_cases(kind: str | None = None) -> list[dict]:
    cases = load("golden_public.json")["cases"]
    selected = [c for c in cases if kind is None or c["kind"] == kind]
    if not selected:
        raise LookupError(f"no golden case of kind {kind!r}: the test data is incomplete")
    return selected


def printed(value: float, case: dict) -> float:
    """The exact result as the document prints it: the case's decimals and rounding."""
    return round_value(value, case["decimals"], case.get("rounding", "half_up"))
