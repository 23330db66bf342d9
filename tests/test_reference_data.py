"""The repository stands on its own: the golden cases and seed reports ship inside it.

When the project's upstream reference folder is present beside the checkout (developers'
machines, CI of the project), the shipped copies must equal it byte for byte, so a correction
upstream is never silently missed here. A clone on its own still runs every golden case.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.reference import REPO, golden_cases, load, reference_dir, seeds_dir

UPSTREAM = REPO.parent / "shared"
KINDS = ("capaian", "renstra", "serapan", "efisiensi", "predikat", "sakip", "ipasn_pegawai")


def test_golden_cases_ship_with_the_repository() -> None:
    cases = load("golden_public.json")["cases"]
    assert len(cases) >= 200
    for kind in KINDS:
        assert golden_cases(kind), kind
    assert load("inconsistencies_public.json")["items"]


def test_every_case_cites_a_shipped_seed_line() -> None:
    for case in load("golden_public.json")["cases"]:
        seed = seeds_dir() / case["source"]
        lines = seed.read_text(encoding="utf-8").splitlines()
        assert 1 <= case["line"] <= len(lines), case["id"]


@pytest.mark.parametrize(
    ("shipped", "upstream"),
    [(reference_dir(), UPSTREAM / "reference"), (seeds_dir(), UPSTREAM / "seeds")],
    ids=["reference", "seeds"],
)
def test_shipped_copies_equal_the_upstream(shipped: Path, upstream: Path) -> None:
    if not upstream.is_dir():
        pytest.skip(f"no upstream folder {upstream} beside the checkout: nothing to compare")
    names = sorted(p.name for p in upstream.iterdir() if p.is_file())
    assert sorted(p.name for p in shipped.iterdir() if p.is_file()) == names
    for name in names:
        assert (shipped / name).read_bytes() == (upstream / name).read_bytes(), name


def test_nothing_refers_to_a_file_outside_the_repository() -> None:
    outside = re.compile(r"\.\./shared|shared/(reference|seeds)|\bissue \d+\b", re.IGNORECASE)
    found = []
    for path in REPO.rglob("*"):
        parts = path.relative_to(REPO).parts
        if not path.is_file() or parts[0] in {".git", "build", "dist"} or "data" in parts[:2]:
            continue
        if path.suffix not in {".py", ".md", ".toml", ".json", ".bas", ".js", ".html", ".cfg"}:
            continue
        if path == Path(__file__):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path.relative_to(REPO)}: {m.group(0)}" for m in outside.finditer(text)]
    assert not found, found
