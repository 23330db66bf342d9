"""``lkjip-xl check --json`` of a workbook whose Pengaturan band table holds a wrong entry.

The problem's data row came from the table's pandas index (a numpy integer), which the JSON
writer cannot write: the check ended in "kesalahan tak terduga" (exit 3) instead of listing it.
"""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl

from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import template

BANDS = template("kinerja").table("tblSkalaEfisiensi")


def test_a_wrong_band_entry_is_listed_in_json_with_its_row(tmp_path):
    path = tmp_path / "kinerja.xlsx"
    build_template("kinerja", path)
    wb = openpyxl.load_workbook(path)
    ws = wb[BANDS.sheet]
    first = BANDS.first_data_row
    ws[f"{BANDS.letter('lower')}{first}"] = "Ya"  # a person typed into the wrong column
    ws[f"{BANDS.letter('inclusive')}{first + 1}"] = "Mungkin"
    wb.save(path)

    done = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", "check", "--json", str(path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    assert done.returncode == 1, done.stderr
    found = {(m["code"], m["cell"], m["row"]) for m in json.loads(done.stdout)["masalah"]}
    assert ("not-a-number", f"{BANDS.letter('lower')}{first}", 0) in found
    assert ("bad-flag", f"{BANDS.letter('label')}{first + 1}", 1) in found
