"""The file book reads its largest tables in a worker thread, and the reader's fast paths.

The tables handed over by the worker are python-calamine's own reads (blanks as None); a table
that fails in the worker fails where it is asked for, as a read then would; the modules that
open a file load no pandas (it is imported while the worker reads); and the fingerprint's texts
are pandas' own ``astype(str)`` texts, which every stored Log fingerprint depends on.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import python_calamine

from lkjip_xl.workbook.compute.laporan import WRITING_MODULES
from lkjip_xl.workbook.file_book import FileBook, WorkbookError
from lkjip_xl.workbook.read_ahead import TablesAhead
from lkjip_xl.workbook.reader import _distinct, _fingerprint_texts
from tests.workbooks import ANGGARAN, INDIKATOR, TRIWULAN, filled_kinerja


def _calamine_rows(path, name: str) -> list[list[object]]:
    book = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    rows = book.get_table_by_name(name).to_python()
    return [[None if v == "" else v for v in row] for row in rows]


def test_every_table_reads_as_calamine_reads_it(tmp_path):
    path = filled_kinerja(tmp_path / "kinerja.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    book = FileBook(path)
    names = book.table_names()
    assert {"tblIndikator", "tblAnggaran", "tblTriwulan", "tblLog"} <= set(names)
    for name in names:
        assert book.read_table(name).rows == _calamine_rows(path, name), name
    indikator = book.read_table("tblIndikator")
    assert indikator.rows[0][indikator.headers.index("Kode")] == "IKU-1"


def test_a_table_failing_in_the_worker_fails_where_it_is_asked_for(tmp_path):
    path = filled_kinerja(tmp_path / "kinerja.xlsx", INDIKATOR)
    direct = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    with pytest.raises(Exception) as expected:
        direct.get_table_by_name("tblTidakAda")
    workbook = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    ahead = TablesAhead(workbook, ["tblTidakAda", "tblIndikator"])
    with pytest.raises(type(expected.value), match=str(expected.value)):
        ahead.table("tblTidakAda")
    assert (
        ahead.table("tblIndikator").to_python()
        == direct.get_table_by_name("tblIndikator").to_python()
    )
    with pytest.raises(WorkbookError, match="Tabel tblTidakAda tidak ada"):
        FileBook(path).read_table("tblTidakAda")


def test_opening_a_file_loads_no_pandas():
    code = (
        "import sys, lkjip_xl.workbook.api, lkjip_xl.workbook.file_book, "
        "lkjip_xl.workbook.structure; "
        "loaded = sorted(m for m in ('pandas', 'numpy') if m in sys.modules); "
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


#: A recompute in a fresh process: the modules loaded when the main thread first waits for
#: the worker's read (a setting read before the roster's table is handed over).
_AT_FIRST_WAIT = """
import json, sys
from lkjip_xl.workbook import read_ahead, recompute
from lkjip_xl.workbook.file_book import FileBook
wait = read_ahead.TablesAhead._wait
seen = []
def waiting(self):
    if self._thread is not None and not seen:
        seen.append(sorted(sys.modules))
    wait(self)
read_ahead.TablesAhead._wait = waiting
book = FileBook(sys.argv[1])
getattr(recompute, sys.argv[2])(book)
print(json.dumps(seen[0]))
"""


@pytest.mark.parametrize("action", ["recompute", "check"])
def test_the_run_loads_its_modules_before_it_waits_for_the_read(action, tmp_path):
    """While the worker reads, the main thread has loaded the kind's computation (and, for a
    recompute, the patcher its commit uses and the Log's user lookup): after the read they
    would be loaded in the rules' own time."""
    from lkjip_xl.workbook.demo_books import ipasn_workbook

    path = tmp_path / "ipasn.xlsx"
    ipasn_workbook("ipasn-000").save(path)
    done = subprocess.run([sys.executable, "-c", _AT_FIRST_WAIT, str(path), action],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert "lkjip_xl.workbook.compute.ipasn" in loaded
    writes = {"lkjip_xl.workbook.patcher", "getpass", *WRITING_MODULES}
    assert (writes <= loaded) if action == "recompute" else not writes & loaded


#: A check in a fresh process: every module loaded once it is done.
_CHECKED = """
import json, sys
from lkjip_xl.workbook.api import check_file
laporan = check_file(sys.argv[1])
print(json.dumps([sorted(sys.modules), laporan.as_dict()], default=str))
"""


def test_a_check_never_loads_what_only_writing_the_laporan_sheet_needs(tmp_path):
    """A check plans no write: the Laporan sheet's report and layout (~0.02 s of CPU) are not
    imported, and the check still says everything it said."""
    from lkjip_xl.workbook.demo_books import ipasn_workbook

    path = tmp_path / "ipasn.xlsx"
    ipasn_workbook("ipasn-000").save(path)
    done = subprocess.run([sys.executable, "-c", _CHECKED, str(path)], capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    loaded, said = json.loads(done.stdout.splitlines()[-1])
    assert "lkjip_xl.workbook.compute.laporan" in loaded  # the plan itself, as before
    assert not set(WRITING_MODULES) & set(loaded)
    assert {m["code"] for m in said["masalah"]} == {"never-computed"}


def _pandas_texts(values: pd.Series) -> list[str]:
    return pd.Series(values, dtype=object).fillna("").astype(str).tolist()


def test_fingerprint_texts_are_pandas_own():
    rng = np.random.default_rng(7)
    floats = [0.1 + 0.2, 1e16, 1e-7, -0.0, 0.0, math.inf, -math.inf, 5e-324, 1 / 3, math.nan,
              -math.nan, 1.7976931348623157e308, 100.0, 2.5]  # fmt: skip
    floats += list(rng.uniform(-1e9, 1e9, 500)) + list(rng.integers(0, 5, 2000).astype(float))
    frame = pd.DataFrame(index=pd.RangeIndex(len(floats)))
    frame["angka"] = np.array(floats, dtype="float64")
    frame["teks"] = [["a", None, " b ", "Ä", ""][i % 5] for i in range(len(floats))]
    frame["campur"] = pd.Series([["a", None, 1.5, True][i % 4] for i in range(len(floats))],
                                dtype=object)  # fmt: skip
    frame["kosong"] = pd.Series([None] * len(floats), dtype=object)
    assert str(frame["teks"].dtype) == "str"  # pandas' own string column, as the reader makes
    for column in frame.columns:
        assert _fingerprint_texts(frame[column]) == _pandas_texts(frame[column]), column
    assert _fingerprint_texts(frame["angka"])[3:5] == ["-0.0", "0.0"]
    empty = pd.DataFrame(index=pd.Index([], dtype="int64"))
    empty["angka"] = np.array([], dtype="float64")
    empty["teks"] = []
    for column in empty.columns:
        assert _fingerprint_texts(empty[column]) == _pandas_texts(empty[column]) == []


def test_a_book_read_as_it_is_asked_is_asked_nothing_ahead():
    """A live Excel book has no worker reading: loading ahead must not look at it (each look
    is a call into Excel), so the run asks it only what the rules ask."""
    from lkjip_xl.workbook.recompute import _load_while_reading

    asked: list[str] = []

    class WithoutWorker:
        def __getattr__(self, name: str):
            asked.append(name)
            raise AttributeError(name)

    class NotReading:
        def reading(self) -> bool:
            return False

        def table_names(self) -> list[str]:
            raise AssertionError("asked for its tables")

    for book in (WithoutWorker(), NotReading()):
        for writes in (False, True):
            _load_while_reading(book, writes=writes)  # type: ignore[arg-type]
    assert asked == ["reading", "reading"]


@pytest.mark.parametrize(
    "raw",
    [
        [1, True, None, 1, True],  # the number before the boolean equal to it
        [True, 1.0, 1, None],
        [0.0, False, 0, "0", None],
        ["Ya", True, "Ya", None],
        ["Ya", "Tidak", None, "Ya", " "],  # texts only: no boolean looked for value by value
        [None, None],
        [2.5, 1.0, 2.5],
    ],
)
def test_a_boolean_never_shares_a_code_with_the_number_it_equals(raw):
    """Python counts True == 1 == 1.0: in a column holding a boolean every distinct value is its
    type and value, in the order first met, whichever of a boolean and its number comes first
    (a boolean is told among the distinct values or, where a number may stand for one, among
    every value); a column of texts is told without one."""
    keys = [None if v is None else (type(v), v) for v in raw]
    first = list(dict.fromkeys(k for k in keys if k is not None))
    codes, uniques = _distinct(raw)
    assert codes.tolist() == [-1 if k is None else first.index(k) for k in keys]
    assert [(type(u), u) for u in uniques] == first
