"""The IP-ASN report counts a roster's Kategori and Saran column by column; the per-row reading
it replaced (a record per employee, each cell told blank or not) is kept here as the oracle.

The column-wise reading must count what the per-row one counted: on any list of cell values
(texts padded or blank, numbers that print alike or apart, logical values, dates), through the
copy of the tables the Laporan sheet is built from (columns written whole, in part, beyond the
table, after a table was rewritten), and on agencies' rosters with slips, blanks, duplicates,
odd units and statuses, under both Data_Kosong rules.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections import Counter
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkjip_xl.core.rounding import Pembulatan
from lkjip_xl.core.values import is_blank
from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.compute.laporan import Planned
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import build_demo
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.recompute import analyse
from lkjip_xl.workbook.report.build import narrated_report
from lkjip_xl.workbook.report.ipasn_report import categories, saran
from lkjip_xl.workbook.report.numbering import Numbering
from lkjip_xl.workbook.report.shown import shown
from lkjip_xl.workbook.report.source import (
    column_of,
    counted_texts,
    read_column,
    read_rows,
)
from tests.ipasn_agency import fill, generate

TEXTS = ["Tinggi", " Tinggi ", "tinggi", "Sedang\t", "", "  ", "\n", "Sangat Rendah",
         "Perbaiki isian NIP.", "Nilai dapat naik dengan melanjutkan pendidikan (+5)."]  # fmt: skip
OTHERS = [None, float("nan"), 0.0, -0.0, 0, 1, 1.0, True, False, 85.5, -3,
          dt.datetime(2025, 1, 2), dt.date(2025, 1, 2)]  # fmt: skip


def per_row(values: list[Any]) -> Counter[str]:
    """The counting the report did before, cell by cell (each cell as the report shows it)."""
    return Counter(shown(v) for v in values if not is_blank(v))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*TEXTS, None]), max_size=60))
def test_texts_and_blanks_are_counted_as_cell_by_cell(values):
    assert counted_texts(values) == per_row(values)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TEXTS + OTHERS), max_size=60))
def test_any_cells_are_counted_as_cell_by_cell(values):
    # True and 1 are equal but show apart (Ya, 1)
    assert counted_texts(values) == per_row(values)


@pytest.fixture(scope="module")
def roster_book(tmp_path_factory) -> FileBook:
    folder = tmp_path_factory.mktemp("bontang")
    return FileBook(build_demo("ipasn-000", folder)[0])


POOL = [None, -1, 0, 3, *TEXTS]


@st.composite
def writes(draw, rows: int, headers: list[str]) -> list[tuple[str, Any, Any]]:
    """Planned writes to tblPegawai: columns shorter than, as long as or longer than the
    table, and whole rewrites of it (full-width rows, as the engine writes them). The cells
    come from a drawn seed: a roster's hundreds of cells each drawn are too much to shrink."""
    ops = []
    for _ in range(draw(st.integers(0, 6))):
        rng = random.Random(draw(st.integers(0, 2**32)))
        if draw(st.integers(0, 4)) == 0:
            count = draw(st.sampled_from([0, 1, rows // 3, rows, rows + 2]))
            values = [[rng.choice(POOL) for _ in headers] for _ in range(count)]
            ops.append(("rows", None, values))
        else:
            header = draw(st.sampled_from(headers))
            length = draw(st.sampled_from([0, 1, rows // 2, rows - 1, rows, rows + 3]))
            ops.append(("column", header, [rng.choice(POOL) for _ in range(max(length, 0))]))
    return ops


def replay(book: FileBook, ops: list[tuple[str, Any, Any]]) -> Planned:
    table = book.read_table("tblPegawai")

    def write(target: Any) -> None:
        for kind, header, values in ops:
            if kind == "rows":
                target.write_rows(table, values)
            else:
                target.write_column(table, header, values)

    return Planned(book, [write])


def eager(book: FileBook, ops: list[tuple[str, Any, Any]]) -> list[list[Any]]:
    """The rows as the copy of the tables held them before: copied, then written row by row."""
    table = book.read_table("tblPegawai")
    rows = [list(r) for r in table.rows]
    for kind, header, values in ops:
        if kind == "rows":
            rows = [list(r) for r in values]
        else:
            index = table.headers.index(header)
            for row, value in zip(rows, values, strict=False):
                row[index] = value
    return rows


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_planned_column_is_the_column_of_the_planned_rows(roster_book, data):
    table = roster_book.read_table("tblPegawai")
    ops = data.draw(writes(len(table.rows), table.headers))
    want = eager(roster_book, ops)
    planned = replay(roster_book, ops)
    for index, header in enumerate(table.headers):
        assert planned.read_column("tblPegawai", header) == [row[index] for row in want]
    assert planned.read_column("tblPegawai", "Tidak Ada") is None
    assert planned.read_table("tblPegawai").rows == want  # and once copied, the same again
    for index, header in enumerate(table.headers):
        assert planned.read_column("tblPegawai", header) == [row[index] for row in want]


def odd_roster(seed: int) -> list[dict[str, Any]]:
    """The agency's roster with more of what staff type: rows pasted twice, units and statuses
    spelled otherwise or left blank, cells emptied, figures no rule reads."""
    rng = random.Random(seed)
    rows = []
    for row in generate(seed).rows:
        row = dict(row)
        pick = rng.random()
        if pick < 0.05:
            row["Unit Kerja"] = rng.choice([" Dinas Sosial", "DINAS SOSIAL", "Seluruh Pegawai",
                                            "Jumlah", 12, "  "])  # fmt: skip
        elif pick < 0.10:
            row["Status"] = rng.choice(["Honorer", "pns ", "Semua Status", None, 3])
        elif pick < 0.15:
            row[rng.choice(list(row))] = None
        elif pick < 0.18:
            row["Nilai SKP"] = rng.choice(["-", "n/a", 101, "seratus"])
        rows.append(row)
        if rng.random() < 0.03:
            rows.append(dict(row))
    return rows


@pytest.mark.parametrize(("seed", "data_kosong"), [(11, "Nol"), (12, "Kecualikan")])
def test_a_roster_is_counted_as_row_by_row(tmp_path, seed, data_kosong):
    build_template("ipasn", tmp_path / "templat.xlsx")
    roster = generate(seed)
    roster.rows = odd_roster(seed)
    path = fill(tmp_path / "templat.xlsx", tmp_path / "ditik.xlsx", roster)
    wb = openpyxl.load_workbook(path)
    sheet, ref = next(iter(wb.defined_names["Data_Kosong"].destinations))
    wb[sheet][ref.replace("$", "")] = data_kosong
    wb.save(path)
    book = FileBook(path)
    spec = template("ipasn")
    # the copy the Laporan sheet is built from: every planned write but the sheet's own
    tulis = [w for w in analyse(book).tulis if not w.__qualname__.startswith("plan_laporan")]
    planned = Planned(book, tulis)
    records = read_rows(planned, spec, "tblPegawai", keys=("kategori", "saran")).records
    for key in ("kategori", "saran"):
        want = per_row([r[key] for r in records if key in r])
        assert counted_texts(read_column(planned, spec, "tblPegawai", key)) == want
        assert want, key  # the roster was computed: there is something to count
    report = narrated_report(planned, spec)
    oracle = {key: per_row([r.get(key) for r in records]) for key in ("kategori", "saran")}
    n = Numbering()
    # label and count (the share depends on the workbook's rounding, read by the report)
    want_kategori = categories(oracle["kategori"], n, (2, Pembulatan.HALF_UP))[0].rows
    assert [r[:3] for r in report.table("kategori").rows] == [r[:3] for r in want_kategori]
    assert report.table("saran").rows == saran(oracle["saran"], n).rows
    # the written file's report (lkjip-xl laporan) reads the same columns from the file
    computed = tmp_path / "dihitung.xlsx"
    shutil.copy(path, computed)
    recompute_file(computed)
    again = FileBook(computed)
    assert column_of(again.read_table("tblPegawai"), "Kategori") == read_column(
        planned, spec, "tblPegawai", "kategori"
    )


def test_typed_numbers_and_logical_values_are_counted_as_the_report_shows_cells(
    tmp_path, roster_book
):
    """A Kategori or Saran typed over (1.0, TRUE) in a workbook not recomputed since: the
    report names it as it shows any cell (1, Ya), not as Python prints it (1.0, True)."""
    path = tmp_path / "ditik.xlsx"
    shutil.copy(roster_book.path, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Pegawai"]
    first, last = ws.tables["tblPegawai"].ref.split(":")
    header = int("".join(c for c in first if c.isdigit()))
    end = int("".join(c for c in last if c.isdigit()))
    column = {c.value: c.column for c in ws[header] if c.value}
    for row in range(header + 1, header + 7):
        ws.cell(row, column["Kategori"]).value = 1.0 if row <= header + 3 else True
    for row in range(header + 1, end + 1):  # every Saran: both are among the most common
        ws.cell(row, column["Saran"]).value = 2.5 if row % 2 else False
    wb.save(path)
    report = narrated_report(FileBook(path), template("ipasn"))
    kategori = {r[1]: r[2] for r in report.table("kategori").rows}
    assert (kategori["1"], kategori["Ya"]) == ("3", "3")
    saran_ = [r[1] for r in report.table("saran").rows]
    assert sorted(saran_) == ["2,5", "Tidak"]
    assert not {"1.0", "True", "2.5", "False"} & (set(kategori) | set(saran_))
