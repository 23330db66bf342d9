"""The agency roster of tests/ipasn_agency.py saved by LibreOffice (``soffice --convert-to
xlsx``), the other writer a unit uses: computed and checked as the openpyxl file is, and the
engine's figures read back through LibreOffice, all against the oracle."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from lkjip_xl.workbook.builder import build_template
from tests.conftest import missing_counterpart
from tests.ipasn_agency import (
    cell_of,
    disagreements,
    expected,
    fill,
    generate,
    lkjip,
    read_back,
    wrong_cells,
)

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


def convert(soffice: str, source: Path, folder: Path) -> Path:
    """``source`` opened and saved as .xlsx by LibreOffice into ``folder`` (a private profile
    beside it, no restore)."""
    profile = (folder.parent / "profil").as_uri()
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    return folder / source.name


def test_a_roster_saved_by_libreoffice_computes_and_checks_as_the_oracle_says(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        missing_counterpart("LibreOffice", "soffice not on PATH")
    assert soffice is not None
    roster = generate()
    build_template("ipasn", tmp_path / "templat.xlsx")
    typed = fill(tmp_path / "templat.xlsx", tmp_path / "ditik.xlsx", roster)
    saved = convert(soffice, typed, tmp_path / "disimpan")
    want = expected(roster.rows)

    run = lkjip("periksa", str(saved), "--json")
    found = json.loads(run.stdout)["masalah"]
    galat = {m["place"]: m["code"] for m in found if m["tingkat"] == "galat"}
    assert set(galat) == {cell_of(i, c) for i, c in wrong_cells(roster)}
    assert all(galat[cell_of(i, c)] == code for (i, c), code in roster.slips.items())

    run = lkjip("hitung", str(saved))
    assert run.returncode == 1, run.stderr
    assert disagreements(want, read_back(saved)) == []
    # LibreOffice reads the engine's cells back as the oracle's figures too
    assert disagreements(want, read_back(convert(soffice, saved, tmp_path / "dibaca"))) == []
