"""Real workbooks mutated at the zip and XML level (:mod:`tests.hostile.fuzz`), given to
``periksa`` and ``hitung`` as a user runs them: done, or refused in one Indonesian sentence with
the workbook left as it was; never a traceback, an unexpected error or a crash. The cases it
found are kept in ``test_fuzz_found.py``."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from tests.hostile.corpus import kinerja
from tests.hostile.fuzz import MUTATIONS, judge, mutate, readable, run

pytestmark = pytest.mark.slow

_BASES: dict[str, Path] = {}


def _base(name: str) -> Path:
    """A kinerja workbook as openpyxl saves it, and a demo roster as the engine writes it."""
    if name not in _BASES:
        folder = Path(tempfile.mkdtemp(prefix="lkjip-fuzz-"))
        if name == "kinerja":
            _BASES[name] = kinerja(folder / "kinerja.xlsx")
        else:
            from lkjip_xl.workbook.demo import build_demo

            _BASES[name] = build_demo(name, folder)[0]
    return _BASES[name]


@pytest.fixture(scope="module", autouse=True)
def _bases():
    yield
    for path in _BASES.values():
        shutil.rmtree(path.parent, ignore_errors=True)
    _BASES.clear()


MUTATION = st.tuples(st.sampled_from(sorted(MUTATIONS)), st.integers(0, 10**6))


@settings(max_examples=30, deadline=timedelta(seconds=240),
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(base=st.sampled_from(["kinerja", "ipasn-000"]),
       kinds=st.lists(MUTATION, min_size=1, max_size=2))  # fmt: skip
def test_a_mutated_workbook_is_done_or_refused_in_one_sentence(base, kinds):
    note(f"mutate({base!r}, {kinds!r})")
    with tempfile.TemporaryDirectory(prefix="lkjip-fuzz-") as folder:
        for command in ("periksa", "hitung"):
            path = mutate(_base(base), Path(folder) / command / "kerja.xlsx", kinds)
            before = readable(path) if command == "hitung" else None
            outcome = run(command, path)
            note(f"{command}: exit {outcome.code}; {outcome.stderr.strip()[:300]}")
            assert judge(outcome, path, before) == []


#: Mutations the fuzzing saw ``hitung`` take (exit 0 or 1) on a workbook others read.
TAKEN = [
    ("ipasn-000", "shared-strings", 301),
    ("ipasn-000", "rows-out-of-order", 305),
    ("kinerja-000", "merged-over-table", 308),
    ("kinerja-000", "table-ref", 310),
    ("kinerja-000", "content-type", 318),
    ("ipasn-000", "odd-cell", 323),
    ("kinerja-000", "odd-cell", 346),
    ("kinerja-000", "garbage", 362),
]


@pytest.mark.libreoffice
def test_what_hitung_wrote_from_a_mutated_workbook_opens_in_libreoffice(tmp_path, libreoffice):
    import openpyxl

    taken = 0
    for n, (base, kind, seed) in enumerate(TAKEN):
        path = mutate(_base(base), tmp_path / str(n) / "kerja.xlsx", [(kind, seed)])
        if readable(path) is not None:
            continue
        outcome = run("hitung", path)
        assert judge(outcome, path) == [], (kind, seed, outcome.stderr)
        if outcome.code not in (0, 1):
            continue  # refused: nothing written
        taken += 1
        shown = libreoffice.inspect(path)
        assert shown["sheets"] == openpyxl.load_workbook(path, read_only=True).sheetnames
        assert shown["cells"], (kind, seed)
    assert taken >= len(TAKEN) // 2  # most of them still written, or the test says little
