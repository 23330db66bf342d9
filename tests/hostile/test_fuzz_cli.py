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
