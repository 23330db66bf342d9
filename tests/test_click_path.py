"""What a button's click (``lkjip-xl hitung`` / ``periksa`` in a fresh process) loads and the
faster paths it takes: each gives what the slower one gave.

The click's import budget: beyond what ``import pandas`` itself loads, a click may load only the
modules listed here (the engine, python-calamine, defusedxml for the package's XML); the IP-ASN
computation, the network, the file dialogs' fuzzy matching and openpyxl stay out of a kinerja
workbook's click, and so does rich when the output goes to no terminal (as a button's does: the
summary is printed as plain text, the same characters, :mod:`lkjip_xl.cli_polos`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import os
import re
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkjip_xl.core.kinerja import _reason
from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.compute.base import column_cells
from lkjip_xl.workbook.ooxml.package import Package
from lkjip_xl.workbook.ooxml.report_sheet import (
    SheetRewrite,
    WrittenCell,
    WrittenRow,
    rewrite_sheet,
)
from lkjip_xl.workbook.ooxml.styles import StyleBook
from lkjip_xl.workbook.safe_write import HOST_TAG

ROOT = Path(__file__).resolve().parents[1]

LOADED = """
import atexit, json, runpy, sys
atexit.register(lambda: sys.stderr.write("\\nDIMUAT " + json.dumps(sorted(sys.modules))))
sys.argv = ["lkjip-xl", *sys.argv[1:]]
runpy.run_module("lkjip_xl.cli", run_name="__main__", alter_sys=True)
"""

#: Top-level modules a click may load beyond those ``import pandas`` loads.
BUDGET = {
    "lkjip_xl", "python_calamine", "defusedxml", "xml", "pyexpat", "_elementtree",
    "fractions",  # exact arithmetic of the rules
    "getpass", "termios",  # the Log's user
    "gc", "runpy",  # a recompute pauses the cyclic collector; python -m
}  # fmt: skip
#: Modules of the engine or the standard library a kinerja click must not load.
NEVER = [
    "openpyxl", "typer", "click", "rich", "xlwings", "docx", "matplotlib", "socket", "difflib",
    "html",
    "lkjip_xl.workbook.compute.ipasn", "lkjip_xl.workbook.report.ipasn_report",
    "lkjip_xl.workbook.exchange", "lkjip_xl.workbook.builder", "lkjip_xl.cli",
]  # fmt: skip


#: rich's switches that make it take a pipe for a terminal, and a console width too narrow for
#: the plain summary (with any of them the click prints through rich).
_RICH_SWITCHES = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS")


def _loaded(argv: list[str], cwd: Path) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k not in _RICH_SWITCHES}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", LOADED, *argv], capture_output=True, text=True, cwd=cwd,
        env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    return set(json.loads(done.stderr.rsplit("DIMUAT ", 1)[1]))


def _top(names: set[str]) -> set[str]:
    return {n.split(".")[0] for n in names}


@pytest.fixture(scope="module")
def pandas_loads() -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", "import json, sys, pandas; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    return set(json.loads(done.stdout))


@pytest.mark.parametrize("command", ["hitung", "periksa"])
def test_a_click_stays_within_its_import_budget(tmp_path, pandas_loads, command):
    build_template("kinerja", tmp_path / "Kinerja2025.xlsx")
    loaded = _loaded([command, "Kinerja2025.xlsx"], tmp_path)
    assert "lkjip_xl.workbook.compute.kinerja" in loaded  # the click did its work
    assert sorted(_top(loaded) - _top(pandas_loads) - BUDGET) == []
    assert [m for m in NEVER if m in loaded or any(n.startswith(m + ".") for n in loaded)] == []


def test_the_dataclasses_a_click_loads_have_docstrings(tmp_path):
    """Without one, ``dataclass`` renders the class's signature as its docstring at import."""
    build_template("kinerja", tmp_path / "Kinerja2025.xlsx")
    loaded = _loaded(["hitung", "Kinerja2025.xlsx"], tmp_path)
    undocumented = [
        f"{name}.{cls.__qualname__}"
        for name in sorted(n for n in loaded if n.startswith("lkjip_xl"))
        for cls in vars(importlib.import_module(name)).values()
        if dataclasses.is_dataclass(cls) and isinstance(cls, type) and cls.__module__ == name
        and (cls.__doc__ or "").startswith(f"{cls.__name__}(")
    ]  # fmt: skip
    assert undocumented == []


def test_the_ipasn_computation_is_loaded_when_an_ipasn_workbook_is_computed(tmp_path):
    build_template("ipasn", tmp_path / "IPASN.xlsx")
    loaded = _loaded(["hitung", "IPASN.xlsx"], tmp_path)
    assert "lkjip_xl.workbook.compute.ipasn" in loaded


def test_the_host_tag_is_that_of_the_socket_modules_host_name():
    expected = hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]
    assert expected == HOST_TAG


# --- the reasons of a row: one array instead of chained Series.where -------------------------


def _reason_by_where(masalah, index, *keys):
    """The chained pandas form the rules used before."""
    out = pd.Series([None] * len(index), index=index, dtype="object")
    for key in keys:
        if key in masalah:
            out = out.where(out.notna(), masalah[key].reindex(index))
    return out


_TEXT = st.one_of(st.none(), st.just(float("nan")), st.text(max_size=5))


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(0, 12),
    data=st.data(),
    keys=st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=4),
)
def test_reasons_are_those_of_chained_where(n, data, keys):
    index = pd.Index(data.draw(st.lists(st.integers(0, 40), min_size=n, max_size=n, unique=True)))
    masalah = {}
    for key in data.draw(st.lists(st.sampled_from(["a", "b", "c"]), unique=True)):
        labels = data.draw(st.lists(st.integers(0, 40), unique=True, max_size=10))
        values = data.draw(st.lists(_TEXT, min_size=len(labels), max_size=len(labels)))
        masalah[key] = pd.Series(values, index=labels, dtype="object")
    got = _reason(masalah, index, *keys)
    want = _reason_by_where(masalah, index, *keys)
    assert got.index.equals(want.index) and got.dtype == want.dtype
    assert [(type(v), v if isinstance(v, str) else None) for v in got] == [
        (type(v), v if isinstance(v, str) else None) for v in want
    ]


# --- the Laporan sheet's merges and page breaks, where the schema puts them ------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#: CT_Worksheet's sequence (ECMA-376 part 1, 18.3.1.99).
CT_WORKSHEET = [
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects",
    "controls", "webPublishItems", "tableParts", "extLst",
]  # fmt: skip
_AFTER_DATA = CT_WORKSHEET[CT_WORKSHEET.index("sheetData") + 1 :]


@settings(max_examples=200, deadline=None)
@given(
    present=st.lists(st.sampled_from([n for n in _AFTER_DATA if n != "rowBreaks"]), unique=True),
    prefix=st.sampled_from(["", "x"]),
    old_merges=st.booleans(),
)
def test_merges_and_breaks_go_where_the_schema_puts_them(present, prefix, old_merges):
    p = f"{prefix}:" if prefix else ""
    ns = f' xmlns{":" + prefix if prefix else ""}="{MAIN}"'
    present = [n for n in _AFTER_DATA if n in present and n != "mergeCells"]
    body = "".join(f'<{p}{n} a="1"/>' if i % 2 else f"<{p}{n}></{p}{n}>"
                   for i, n in enumerate(present))  # fmt: skip
    merges = f'<{p}mergeCells count="1"><{p}mergeCell ref="A1:B1"/></{p}mergeCells>'
    xml = (f'<{p}worksheet{ns}><{p}dimension ref="A1"/><{p}sheetData/>'
           f'{merges if old_merges else ""}{body}</{p}worksheet>').encode()  # fmt: skip
    rewrite = SheetRewrite(
        rows=(WrittenRow(1, (WrittenCell(1, "Judul", "Normal"),)), WrittenRow(40, ())),
        merges=((1, 1, 1, 3),),
        breaks=(30,),
    )
    out = rewrite_sheet(xml, "xl/worksheets/sheet1.xml", rewrite, {("Normal", None): 0})
    children = [re.sub(r"^\{.*\}", "", c.tag) for c in ET.fromstring(out)]
    assert children.count("mergeCells") == 1 and children.count("rowBreaks") == 1
    assert children == sorted(children, key=CT_WORKSHEET.index)
    assert set(children) == {"dimension", "sheetData", "mergeCells", "rowBreaks", *present}


def test_an_unknown_worksheet_layout_gets_the_blocks_at_its_end():
    xml = f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>'.encode()
    rewrite = SheetRewrite(rows=(), merges=((1, 1, 1, 2),), breaks=(5,))
    out = rewrite_sheet(xml, "sheet", rewrite, {})
    assert [re.sub(r"^\{.*\}", "", c.tag) for c in ET.fromstring(out)] == [
        "sheetData",
        "mergeCells",
        "rowBreaks",
    ]


# --- a computed column's cells: lists instead of a Series set by position --------------------


def _cells_by_series(series, n):
    """The pandas form the computed columns were written with before."""
    full = pd.Series([None] * n, dtype=object)
    cleaned = series.astype(object).where(series.notna(), None)
    full.iloc[series.index.to_numpy(dtype="int64")] = cleaned.to_numpy()
    return full.tolist()


_DTYPES = {
    "float64": st.one_of(st.floats(allow_nan=True, allow_infinity=True)),
    "object": st.one_of(st.none(), st.just(float("nan")), st.text(max_size=4), st.floats()),
    "Int64": st.one_of(st.none(), st.integers(-(2**40), 2**40)),
    "boolean": st.one_of(st.none(), st.booleans()),
    "string": st.one_of(st.none(), st.text(max_size=4)),
    "bool": st.booleans(),
}


@settings(max_examples=300, deadline=None)
@given(dtype=st.sampled_from(sorted(_DTYPES)), data=st.data(), extra=st.integers(0, 5))
def test_column_cells_are_those_of_the_series_form(dtype, data, extra):
    positions = data.draw(st.lists(st.integers(0, 30), unique=True, max_size=12))
    values = data.draw(st.lists(_DTYPES[dtype], min_size=len(positions), max_size=len(positions)))
    series = pd.Series(values, index=positions, dtype=dtype)
    n = max(positions, default=-1) + 1 + extra
    got, want = column_cells(series, n), _cells_by_series(series, n)
    assert [type(v) for v in got] == [type(v) for v in want]
    assert [repr(v) for v in got] == [repr(v) for v in want]


def test_a_sheet_views_extension_list_does_not_draw_the_merges_before_the_sheet_data():
    xml = (
        f'<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0"/><extLst/>'
        "</sheetViews><sheetData/><pageMargins/><extLst/></worksheet>"
    ).encode()
    rewrite = SheetRewrite(rows=(), merges=((1, 1, 1, 2),), breaks=(5,))
    out = rewrite_sheet(xml, "sheet", rewrite, {})
    assert [re.sub(r"^\{.*\}", "", c.tag) for c in ET.fromstring(out)] == [
        "sheetViews", "sheetData", "mergeCells", "pageMargins", "rowBreaks", "extLst"
    ]  # fmt: skip


# --- a table's inputs: one frame built from every column instead of one column at a time ----


def _frame_by_columns(columns, index):
    """The form the reader built its frames with before: each column set on its own."""
    frame = pd.DataFrame(index=index)
    for key, values in columns.items():
        frame[key] = values
    return frame


def _parsed(n: int):
    """A parsed column of ``n`` rows, as the reader makes them: floats with NaN, or a list of
    texts, None and (an unreadable label kept as typed) other values."""
    cell = st.one_of(st.none(), st.floats(allow_nan=True))
    floats = st.lists(cell, min_size=n, max_size=n).map(
        lambda v: np.array([np.nan if x is None else x for x in v], dtype="float64")
    )
    texts = st.lists(st.one_of(st.none(), st.text(max_size=4)), min_size=n, max_size=n)
    mixed = st.lists(
        st.one_of(st.none(), st.integers(-5, 5), st.booleans(), st.text(max_size=2)),
        min_size=n, max_size=n,
    )  # fmt: skip
    return st.one_of(floats, texts, mixed)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), n=st.integers(0, 8), width=st.integers(1, 5))
def test_a_tables_frame_is_that_of_its_columns_set_one_by_one(data, n, width):
    rows = data.draw(st.lists(st.integers(0, 50), min_size=n, max_size=n, unique=True))
    index = pd.Index(rows, dtype="int64")
    columns = {f"k{i}": data.draw(_parsed(n)) for i in range(width)}
    got = pd.DataFrame(columns, index=index)
    want = _frame_by_columns(columns, index)
    assert list(got.dtypes) == list(want.dtypes)
    assert got.index.equals(want.index) and list(got.columns) == list(want.columns)
    assert got.equals(want)


# --- a table's keys: the filled rows' values taken column by column -----------------------


_KEY_VALUES = {
    "str": st.one_of(st.none(), st.text(max_size=3)),
    "object": st.one_of(st.none(), st.text(max_size=3), st.floats(allow_nan=False)),
    "float64": st.one_of(st.none(), st.floats(allow_nan=False)),
    "Int64": st.one_of(st.none(), st.integers(-(2**40), 2**40)),
}


@settings(max_examples=300, deadline=None)
@given(dtype=st.sampled_from(sorted(_KEY_VALUES)), data=st.data())
def test_a_keys_filled_values_are_those_of_the_rows_kept(dtype, data):
    values = data.draw(st.lists(_KEY_VALUES[dtype], max_size=12))
    series = pd.Series(values, dtype=dtype)
    complete = series.notna().to_numpy()
    got = series[complete].tolist()
    frame = series.to_frame("kode")  # the form the reader used before: a frame of the rows
    want = frame[frame.notna().all(axis=1)]["kode"].tolist()
    assert [(type(v), repr(v)) for v in got] == [(type(v), repr(v)) for v in want]


# --- the Laporan sheet's cell formats: looked up once per style and format ----------------


@pytest.fixture(scope="module")
def styles_xml(tmp_path_factory) -> bytes:
    path = build_template("kinerja", tmp_path_factory.mktemp("gaya") / "Kinerja.xlsx")
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/styles.xml")


_FORMATS = st.sampled_from([None, "General", "0.00", "#,##0", '"Rp "#,##0', "0.0%", "@"])


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_a_cell_format_looked_up_once_is_that_of_every_lookup(styles_xml, data):
    names = sorted(StyleBook(styles_xml).named)
    cells = data.draw(st.lists(st.tuples(st.sampled_from(names), _FORMATS), max_size=30))
    every, once = StyleBook(styles_xml), StyleBook(styles_xml)
    by_cell = {key: every.xf(*key) for key in cells}  # the form rewrites used before
    first: dict = {}
    for key in cells:
        if key not in first:
            first[key] = once.xf(*key)
    assert first == by_cell and once.xml() == every.xml()


# --- a package's small parts: read once, by the DOCTYPE check -------------------------------


@pytest.mark.parametrize("kind", ["kinerja", "ipasn"])
def test_every_part_read_is_the_members_content(tmp_path, kind):
    path = build_template(kind, tmp_path / f"{kind}.xlsx")
    with zipfile.ZipFile(path) as zf:
        package = Package(zf)
        for info in zf.infolist():
            assert package.read(info.filename) == zf.read(info.filename), info.filename


# --- the end of a click: the exit handlers and the streams, without the teardown -------------

ENDING = """
import atexit, sys, threading, time
from lkjip_xl.cli_cepat import akhiri
atexit.register(lambda: sys.stderr.write("penangan"))
sys.stdout.write("keluaran tanpa baris baru")  # still in the pipe's buffer
if sys.argv[1] == "utas":
    threading.Thread(target=time.sleep, args=(0.2,)).start()
akhiri(int(sys.argv[2]))
sys.stdout.write(" | akhiri kembali")
"""


@pytest.mark.parametrize("code", [0, 1, 2, 130])
def test_a_click_ends_with_its_code_its_output_and_the_exit_handlers(code):
    done = subprocess.run(
        [sys.executable, "-c", ENDING, "-", str(code)], capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300,
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (
        code, "keluaran tanpa baris baru", "penangan"
    )  # fmt: skip


#: A real click, with an object only the interpreter's teardown would finalise, and an exit
#: handler that tells how many columns the click's column-letter table came to hold.
CLICK_ENDING = """
import atexit, os, runpy, sys, types


class Torn:
    def __del__(self, write=os.write):  # the module's names may be gone by then
        write(2, b"DIBONGKAR")


def columns():
    from lkjip_xl.workbook.ooxml.cells import column_numbers

    sys.stderr.write(f"KOLOM {len(column_numbers())} ")


atexit.register(columns)
sys.modules["torn"] = types.ModuleType("torn")
sys.modules["torn"].torn = Torn()  # finalised when the teardown clears the modules
sys.argv = ["lkjip-xl", *sys.argv[1:]]
runpy.run_module("lkjip_xl.cli", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("command", ["hitung", "periksa"])
def test_a_click_ends_without_the_teardown_and_fills_only_the_columns_it_writes(tmp_path, command):
    build_template("kinerja", tmp_path / "Kinerja2025.xlsx")
    done = subprocess.run(
        [sys.executable, "-c", CLICK_ENDING, command, "Kinerja2025.xlsx"], capture_output=True,
        text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    assert "DIBONGKAR" not in done.stderr  # the process ended before the teardown
    filled = int(done.stderr.split("KOLOM ")[1].split()[0])
    assert filled < 100  # of a sheet's 16,384 columns


def test_a_click_with_a_thread_still_running_ends_through_the_interpreter():
    """The interpreter's shutdown waits for the thread: akhiri leaves the ending to it."""
    done = subprocess.run(
        [sys.executable, "-c", ENDING, "utas", "1"], capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300,
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "keluaran tanpa baris baru | akhiri kembali", "penangan"
    )  # fmt: skip
