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

from tests.hostile.corpus import kinerja, run_cli
from tests.hostile.fuzz import KINDS, MUTATIONS, judge, judged, mutate, readable, run

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


ANY_KIND = st.tuples(st.sampled_from(KINDS), st.integers(0, 10**6))
OLD = Path(__file__).resolve().parents[1] / "data" / "fixtures"


@settings(max_examples=4, deadline=timedelta(seconds=240),
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(command=st.sampled_from(["laporan", "perbarui", "bagikan"]),
       base=st.sampled_from(["kinerja", "ipasn-000", "kinerja-2026.1", "ipasn-2026.2"]),
       kind=ANY_KIND)  # fmt: skip
def test_a_mutated_workbook_is_reported_upgraded_or_distributed_whole_or_refused(command, base,
                                                                                 kind):  # fmt: skip
    """The old fixtures are what ``perbarui`` has to carry; a few cases here, the campaign of
    thousands is run off the suite (the kinds and seeds it found are in test_fuzz_found.py)."""
    note(f"{command} of mutate({base!r}, {[kind]!r})")
    source = OLD / f"{base}.xlsx" if "2026" in base else _base(base)
    with tempfile.TemporaryDirectory(prefix="lkjip-fuzz-") as folder:
        path = mutate(source, Path(folder) / "kerja.xlsx", [kind])
        outcome, wrong = judged(command, path)
        note(f"exit {outcome.code}; {outcome.stderr.strip()[:300]}")
        assert wrong == []


def _distributed(folder: Path) -> Path:
    """A demo roster distributed per unit (its master stamped, units under ``unit``), made once
    and copied: a collection changes its master."""
    if "distributed" not in _BASES:
        made = Path(tempfile.mkdtemp(prefix="lkjip-fuzz-")) / "induk.xlsx"
        shutil.copy(_base("ipasn-000"), made)
        done = run_cli("bagikan", str(made), "-o", str(made.parent / "unit"))
        assert done.returncode == 0, done.stderr
        _BASES["distributed"] = made
    made = _BASES["distributed"]
    for name in ("induk.xlsx", ".induk.xlsx.kunci-distribusi.json", "unit"):
        copy = shutil.copytree if name == "unit" else shutil.copy
        copy(made.parent / name, folder / name)
    return folder / "induk.xlsx"


@settings(max_examples=4, deadline=timedelta(seconds=240),
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(kind=ANY_KIND, unit=st.integers(0, 6))
def test_a_mutated_unit_workbook_is_refused_by_name_the_master_kept_whole(kind, unit):
    note(f"kumpulkan of unit {unit} mutated by {[kind]!r}")
    with tempfile.TemporaryDirectory(prefix="lkjip-fuzz-") as folder:
        master = _distributed(Path(folder))
        units = sorted((Path(folder) / "unit").glob("*.xlsx"))
        path = mutate(units[unit % len(units)], Path(folder) / "masuk" / "kiriman.xlsx", [kind])
        outcome, wrong = judged("kumpulkan", path, master)
        note(f"exit {outcome.code}; {outcome.stdout.strip()[-300:]} {outcome.stderr.strip()}")
        assert wrong == []


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
