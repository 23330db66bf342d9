"""The one-employee IP-ASN path (core.satu_pegawai, LKJ_IPASN on single cells) against the
roster path (ipasn.skor_pegawai, LKJ_IPASN on ranges): every golden employee through both, and
random answers through both, row for row, every field to the bit."""

from __future__ import annotations

import datetime as dt
import math
import os

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from lkjip_xl.core import ipasn
from lkjip_xl.core.satu_pegawai import SkorPegawai, skor_satu
from lkjip_xl.excel import udfs
from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table
from tests.reference import golden_cases, printed

PEGAWAI = golden_cases("ipasn_pegawai")
ARGS = [*ipasn.FIELDS, "predikat_skp"]


def _row(scores: pd.DataFrame, i: int) -> SkorPegawai:
    row = scores.iloc[i]
    return SkorPegawai(
        *(float(row[d]) for d in (*ipasn.DIMENSI, "total")),
        row["kategori"],
        bool(row["lengkap"]),
        int(row["kosong"]),
        int(row["tidak_valid"]),
        row["saran"],
    )


def _same_rows(rows: list[dict], frame: pd.DataFrame) -> None:
    scores = ipasn.skor_pegawai(frame)
    for i, answers in enumerate(rows):
        one = skor_satu(**answers)
        assert one == _row(scores, i), answers
        assert skor_satu(**answers, saran=False) == one._replace(saran=None)


@pytest.mark.parametrize("case", PEGAWAI, ids=[c["id"] for c in PEGAWAI])
def test_golden_employee_scalar_equals_roster(case):
    one = skor_satu(**case["inputs"])
    frame = pd.DataFrame([case["inputs"]], dtype="object")
    assert one == _row(ipasn.skor_pegawai(frame), 0)
    expected = case["expected"]
    for key in (*ipasn.DIMENSI, "total"):
        assert printed(getattr(one, key), case) == pytest.approx(expected[key], abs=1e-9), key
    assert one.kategori == expected["kategori"]
    cells = [case["inputs"].get(f) for f in ipasn.FIELDS]
    assert udfs.LKJ_IPASN(*cells) == pytest.approx(expected["total"], abs=1e-9)
    assert udfs.LKJ_IPASN(*[[[c], [c]] for c in cells]) == [[udfs.LKJ_IPASN(*cells)]] * 2
    rinci = udfs.LKJ_IPASN_RINCI(*cells)
    assert rinci == udfs.LKJ_IPASN_RINCI(*[[[c], [c]] for c in cells])[:1]
    assert rinci[0][-1] == expected["kategori"]


def test_golden_roster_in_one_frame_equals_each_employee():
    rows = [{f: c["inputs"].get(f) for f in ARGS} for c in PEGAWAI]
    _same_rows(rows, pd.DataFrame(rows, dtype="object"))


# --- random answers ------------------------------------------------------------------------

BLANKS = st.sampled_from([None, "", "   ", math.nan])
JUNK = st.sampled_from(["#N/A", "#DIV/0!", "xx", "S4", "-", "1.5", "Ya Tidak"])
NUMBERS = st.one_of(
    st.sampled_from([0, 1, -1, 0.0, -0.0, 24, 23.99, 50, 50.5, 75.5, 90, 90.4, 100, 100.01,
                     1e308, math.inf, -math.inf]),
    st.integers(-50, 150),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["24", "88,5", "1.234", "71.59", " 90 ", "Rp 10", "1e3"]),
)  # fmt: skip


def _labels(words: list[str]) -> st.SearchStrategy:
    """A rule's labels as people type them: case, spaces and dots changed."""
    spelled = st.sampled_from(words).flatmap(
        lambda w: st.sampled_from([w, w.lower(), w.upper(), f" {w} ", w.replace("_", " "),
                                   w.replace("_", "."), w.title()])
    )  # fmt: skip
    return st.one_of(spelled, BLANKS, JUNK, st.booleans(), NUMBERS)


PENDIDIKAN = _labels([*ipasn.PENDIDIKAN, "SMA", "D III", "Strata 1", "Magister", "doktor"])
JABATAN = _labels([*ipasn.JABATAN, "Fungsional Tertentu", "Fungsional Umum"])
YA_TIDAK = _labels(["Ya", "Tidak", "Y", "T", "Sudah", "Belum", "Ada", "Tidak Ada", "1", "0"])
HUKUMAN = _labels([*ipasn.HUKUMAN, "Nihil", "Tidak Ada"])
PREDIKAT = _labels(["Sangat Baik", "Baik", "Cukup", "Kurang", "Butuh Perbaikan", "Sangat Kurang"])
EMPLOYEE = st.fixed_dictionaries(
    {
        "pendidikan": PENDIDIKAN,
        "jenis_jabatan": JABATAN,
        "diklat_jenjang": YA_TIDAK,
        "jp_diklat_teknis": NUMBERS,
        "seminar": YA_TIDAK,
        "nilai_skp": st.one_of(NUMBERS, PREDIKAT),
        "hukuman_disiplin": HUKUMAN,
        "predikat_skp": st.one_of(st.none(), PREDIKAT),
    }
)


@given(st.lists(EMPLOYEE, min_size=1, max_size=12))
@settings(max_examples=400, deadline=None)
def test_random_employees_scalar_equals_roster(rows):
    _same_rows(rows, pd.DataFrame(rows, columns=ARGS, dtype="object"))


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), NUMBERS.filter(lambda v: not isinstance(v, str))),
            st.one_of(st.none(), st.floats(-10, 110)),
        ),
        min_size=1,
        max_size=12,
    )
)
@settings(max_examples=200, deadline=None)
def test_numeric_columns_read_as_the_cells(numbers):
    """A roster read from a workbook has float columns (NaN for a blank): the same scores."""
    base = {"pendidikan": "S1", "jenis_jabatan": "Fungsional", "diklat_jenjang": "Ya",
            "seminar": "Tidak", "hukuman_disiplin": "Tidak Pernah"}  # fmt: skip
    rows = [{**base, "jp_diklat_teknis": jp, "nilai_skp": skp} for jp, skp in numbers]
    frame = pd.DataFrame(rows, columns=ipasn.FIELDS)
    frame["jp_diklat_teknis"] = frame["jp_diklat_teknis"].astype("float64")
    frame["nilai_skp"] = frame["nilai_skp"].astype("float64")
    _same_rows(rows, frame)


@given(st.lists(EMPLOYEE, min_size=2, max_size=10))
@settings(max_examples=300, deadline=None)
def test_lkj_ipasn_single_cells_equal_range(rows):
    columns = [[row[f] for row in rows] for f in ipasn.FIELDS]
    ranged = udfs.LKJ_IPASN(*[[[v] for v in column] for column in columns])
    singles = [udfs.LKJ_IPASN(*[column[i] for column in columns]) for i in range(len(rows))]
    assert [row[0] for row in ranged] == singles
    rinci = udfs.LKJ_IPASN_RINCI(*[[[v] for v in column] for column in columns])
    one_by_one = [udfs.LKJ_IPASN_RINCI(*[[[column[i]]] for column in columns])[0]
                  for i in range(len(rows))]  # fmt: skip
    assert rinci == one_by_one


def test_single_cell_shapes_answer_alike():
    """A value, [v] and [[v]] (what xlwings passes for one cell with ndim=2) answer alike."""
    cells = ["S1", "Fungsional", "Ya", "24", "Tidak", "Baik", "Ringan"]
    answers = {repr(udfs.LKJ_IPASN(*[shape(c) for c in cells]))
               for shape in (lambda v: v, lambda v: [v], lambda v: [[v]])}  # fmt: skip
    assert len(answers) == 1
    assert udfs.LKJ_IPASN(*[None] * 7) is None
    assert udfs.LKJ_IPASN("S4", *cells[1:]) == "Isian tidak valid: Pendidikan."


def test_a_logical_cell_is_not_the_number_it_equals_in_a_roster():
    """pandas' factorize takes FALSE for 0 and TRUE for 1: a roster holding both still reads a
    logical cell as unreadable (as a lone one is) and the number as a number."""
    base = {"pendidikan": "S1", "jenis_jabatan": "Fungsional", "diklat_jenjang": "Ya",
            "seminar": "Ya", "hukuman_disiplin": "Tidak Pernah"}  # fmt: skip
    rows = [{**base, "jp_diklat_teknis": jp, "nilai_skp": skp}
            for jp, skp in ((0, 0), (False, False), (True, 1), (1, True))]  # fmt: skip
    _same_rows(rows, pd.DataFrame(rows, columns=ipasn.FIELDS, dtype="object"))
    scores = ipasn.skor_pegawai(pd.DataFrame(rows, columns=ipasn.FIELDS, dtype="object"))
    jp, skp = ipasn.BIT["jp_diklat_teknis"], ipasn.BIT["nilai_skp"]
    assert scores["tidak_valid"].tolist() == [0, jp | skp, jp, skp]
    assert scores["kinerja"].tolist() == [1.0, 0.0, 1.0, 0.0]


# Inputs a workbook's reader refuses at their cells, and the employee's other answers.
REFUSED = [
    {"nilai_skp": 110},
    {"nilai_skp": "1.234"},
    {"nilai_skp": "80.5"},
    {"nilai_skp": "#N/A"},
    {"jp_diklat_teknis": dt.datetime(2025, 5, 20)},
    {"jp_diklat_teknis": -8},
    {"jp_diklat_teknis": "24 JP"},
    {"pendidikan": "P3K"},
    {"hukuman_disiplin": "Pernah"},
    {"nilai_skp": 110, "predikat_skp": "Baik"},  # the predikat gives the part
    {"nilai_skp": None, "predikat_skp": "Lumayan"},
    {"nilai_skp": None},  # blank: to be completed
]
ANSWERS = {"pendidikan": "S1", "jenis_jabatan": "Fungsional", "diklat_jenjang": "Ya",
           "jp_diklat_teknis": 24, "seminar": "Ya", "nilai_skp": 88,
           "hukuman_disiplin": "Tidak Pernah"}  # fmt: skip


def test_a_workbook_row_advises_as_the_single_cells_do(tmp_path):
    """The table path reads a roster through the workbook's reader, which reports a value it
    refuses at its cell and hands the core a blank: its Saran asked staff to complete a field
    they had filled, where LKJ_IPASN on the same cells asks to correct it."""
    spec = template("ipasn").table("tblPegawai")
    rows = [{**ANSWERS, **change} for change in REFUSED]
    path = build_template("ipasn", tmp_path / "ipasn.xlsx")
    wb = openpyxl.load_workbook(path)
    typed = [{c.name: row.get(c.key) for c in spec.input_columns if c.key in row} for row in rows]
    for i, row in enumerate(typed):
        row |= {"NIP": f"1980010120050110{i:02d}", "Nama": f"P{i}", "Unit Kerja": "U",
                "Status": "PNS"}  # fmt: skip
    fill_table(wb, spec, typed)
    wb.save(path)
    recompute_file(path)
    sheet = openpyxl.load_workbook(path)[spec.sheet]
    for i, answers in enumerate(rows):
        one = skor_satu(**answers)
        cells = {key: sheet[f"{spec.letter(key)}{spec.first_data_row + i}"].value
                 for key in (*ipasn.DIMENSI, "saran")}  # fmt: skip
        assert [cells[d] for d in ipasn.DIMENSI] == [getattr(one, d) for d in ipasn.DIMENSI]
        # The row's Saran is the reader's note of the cell it refused, then the core's advice.
        assert cells["saran"].endswith(one.saran), (answers, cells["saran"], one.saran)
    said = [sheet[f"{spec.letter('saran')}{spec.first_data_row + i}"].value for i in range(4)]
    assert all("Perbaiki isian yang tidak valid: Nilai SKP atau Predikat SKP." in s for s in said)
    assert not any("Lengkapi data" in s for s in said)
