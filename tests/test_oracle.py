"""The independent oracle: `lkjip-xl recompute` against the rules text, figure by figure.

A seeded kinerja workbook (500+ indicators, quarters, budget lines, past years, SAKIP) and an
ipasn workbook (2,000+ employees) are made with `lkjip-xl new` and typed in with openpyxl, under
several Pengaturan settings each.  The oracle is written from docs/DESIGN.md §4, not from lkjip_xl:
spreadsheet formulas in a separate workbook that LibreOffice recalculates, checked against exact
rational arithmetic (`fractions.Fraction` on the inputs' decimal text), which decides the ties
that doubles cannot.  Every computed cell the engine writes is then compared with the oracle:
numbers as the cell shows them, labels as written, blanks as blanks.

Run with `-s` to see the counts; set LKJIP_ORACLE_REPORT to a folder to keep the full report.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.oracle.run import run_ipasn, run_kinerja

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

RUNS = {"kinerja": run_kinerja, "ipasn": run_ipasn}


@pytest.mark.parametrize("template", list(RUNS))
def test_recompute_agrees_with_the_oracle_figure_by_figure(template, tmp_path, libreoffice):
    result = RUNS[template](tmp_path, libreoffice)
    report = result.report()
    print(report)
    folder = os.environ.get("LKJIP_ORACLE_REPORT")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        full = result.report(limit=len(result.disagreements) + len(result.faults))
        (Path(folder) / f"oracle-{template}.txt").write_text(full + "\n", encoding="utf-8")
    if result.faults:
        pytest.fail("the oracle's formulas and its exact arithmetic disagree:\n" + report, False)
    if result.disagreements:
        pytest.fail(report, pytrace=False)
