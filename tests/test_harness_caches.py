"""What the suite reuses to run faster proves the same things: a filled workbook copied from the
session's first build is that build's file, and subprocesses share one bytecode cache outside
the checkout that is compiled from the checkout's own source."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests import workbooks
from tests.workbooks import ANGGARAN, INDIKATOR, TRIWULAN, filled_kinerja

REPO = Path(__file__).resolve().parents[1]


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_a_filled_workbook_copied_is_the_one_built_afresh(tmp_path, monkeypatch):
    monkeypatch.setattr(workbooks, "_FILLED", {})
    filled_kinerja(tmp_path / "a.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    copied = _members(filled_kinerja(tmp_path / "b.xlsx", INDIKATOR, ANGGARAN, TRIWULAN))
    assert len(workbooks._FILLED) == 1  # b.xlsx was copied, not built
    monkeypatch.setattr(workbooks, "_FILLED", {})
    fresh = _members(filled_kinerja(tmp_path / "c.xlsx", INDIKATOR, ANGGARAN, TRIWULAN))
    # openpyxl stamps its save time in the core properties; every other part is the same.
    assert copied.keys() == fresh.keys()
    assert {name for name in fresh if fresh[name] != copied[name]} <= {"docProps/core.xml"}


def test_other_rows_are_another_workbook(tmp_path):
    one = filled_kinerja(tmp_path / "a.xlsx", [{**INDIKATOR[0], "Target": 75}])
    other = filled_kinerja(tmp_path / "b.xlsx", [{**INDIKATOR[0], "Target": 76}])
    sheets = [name for name in _members(one) if name.startswith("xl/worksheets/")]
    assert any(_members(one)[name] != _members(other)[name] for name in sheets)


def test_subprocesses_compile_the_checkout_once_into_a_cache_outside_it(tmp_path):
    prefix = os.environ.get("PYTHONPYCACHEPREFIX")
    assert prefix, "tests/conftest.py sets a bytecode cache for subprocesses"
    assert not Path(prefix).resolve().is_relative_to(REPO)
    done = subprocess.run(
        [sys.executable, "-c", "import sys, lkjip_xl.cli; print(lkjip_xl.cli.__file__)"],
        capture_output=True, text=True, check=True, cwd=REPO, timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    source = Path(done.stdout.strip()).resolve()
    assert source == REPO / "lkjip_xl" / "cli.py"  # the checkout under test, not a copy
    # Python keeps the source's folders under the prefix, without __pycache__.
    compiled = Path(prefix + str(source.parent)) / f"cli.{sys.implementation.cache_tag}.pyc"
    # A .pyc records its source's size and time: a changed source is compiled again.
    header = compiled.read_bytes()[:16]
    assert int.from_bytes(header[4:8], "little") == 0  # checked against the source, not a hash
    assert int.from_bytes(header[12:16], "little") == source.stat().st_size


def test_a_copy_goes_into_a_folder_not_made_yet_as_a_build_does(tmp_path):
    built = filled_kinerja(tmp_path / "a" / "k.xlsx", INDIKATOR)
    copied = filled_kinerja(tmp_path / "b" / "c" / "k.xlsx", INDIKATOR)
    assert copied.read_bytes() == built.read_bytes()
