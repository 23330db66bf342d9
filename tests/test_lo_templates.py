"""LibreOffice opens every standard template and every demo output as the contract declares them.

DESIGN §3 makes the templates a public contract that other tools read; §6 names LibreOffice as the
real counterpart. Each file is opened by a real headless LibreOffice, recalculated, and compared
with ``lkjip_xl.workbook.contract``: sheets, Excel tables (database ranges in LibreOffice), defined
names, and no error value anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    get_column_letter,
)

from lkjip_xl.workbook.builder import build_all
from lkjip_xl.workbook.contract import Table, template
from lkjip_xl.workbook.demo import DEMOS, build_demo
from tests.reference import golden_cases

pytestmark = pytest.mark.libreoffice

#: file id -> template it follows. Bare template names are the built templates; the others are
#: the outputs of ``build_demo`` (filled from the reference reports and recomputed).
FILES = {
    "kinerja": "kinerja",
    "ipasn": "ipasn",
    **{name: name.split("-")[0] for name in DEMOS},
}
TEMPLATE_FILES = ("kinerja", "ipasn")

_RANGE = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)$")


def parse_range(text: str) -> tuple[str, int, int, int, int]:
    """``Sheet!A4:Q34`` -> (sheet, first column, first row, last column, last row), 1-based."""
    match = _RANGE.match(text)
    assert match, f"not a range address: {text!r}"
    sheet = match.group(1).replace("''", "'") if match.group(1) else match.group(2)
    return (
        sheet,
        column_index_from_string(match.group(3)),
        int(match.group(4)),
        column_index_from_string(match.group(5)),
        int(match.group(6)),
    )


def quote_sheet(name: str) -> str:
    """As the harness prints addresses: plain names bare, others in single quotes."""
    plain = name.replace("_", "").isalnum() and not name[0].isdigit()
    return name if plain else "'" + name.replace("'", "''") + "'"


def split_ref(ref: str) -> tuple[int, int]:
    """'B12' -> (column 2, row 12)."""
    letters, row = coordinate_from_string(ref)
    return column_index_from_string(letters), row


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """Both templates and the three demo outputs, built once for the module (the ipasn demo holds
    2,777 employees)."""
    folder = tmp_path_factory.mktemp("lo-templates")
    built = {path.stem: path for path in build_all(folder / "templates")}
    assert set(built) == set(TEMPLATE_FILES)
    for name in DEMOS:
        built[name], _ = build_demo(name, folder / "demo")
    return built


@pytest.fixture(scope="module")
def seen(libreoffice, files) -> Callable[[str], dict[str, Any]]:
    """What LibreOffice sees in a file, inspected once per file."""
    cache: dict[str, dict[str, Any]] = {}

    def inspect(key: str) -> dict[str, Any]:
        if key not in cache:
            cache[key] = libreoffice.inspect(files[key])
        return cache[key]

    return inspect


@pytest.mark.parametrize("key", list(FILES))
def test_libreoffice_opens_it_with_every_template_sheet_in_order(seen, key):
    spec = template(FILES[key])
    info = seen(key)
    assert info["sheets"] == list(spec.sheet_names)


@pytest.mark.parametrize("key", list(FILES))
def test_no_cell_holds_an_error_value(seen, key):
    info = seen(key)
    assert info["errors"] == [], info["error_details"]


def _check_table(info: dict[str, Any], table: Table, exact: bool) -> None:
    ranges = info["database_ranges"]
    assert table.name in ranges, f"{table.name} is not a database range: {sorted(ranges)}"
    sheet, first_col, first_row, last_col, last_row = parse_range(ranges[table.name])
    where = f"{table.name} at {ranges[table.name]}"
    assert sheet == table.sheet, where
    assert (first_col, first_row) == (table.first_col, table.header_row), where
    assert last_col == table.last_col, where
    if exact:
        assert ranges[table.name] == f"{quote_sheet(table.sheet)}!{table.ref}"
    assert last_row > table.header_row, f"{where} has no data row"

    cells = info["cells"].get(table.sheet, {})
    header = [cells.get(f"{table.letter(c.key)}{table.header_row}") for c in table.columns]
    assert header == list(table.headers), where

    # Everything the file holds in the table's columns below the header lies inside the range:
    # a table that shrank or grew must not leave rows outside it.
    below = [
        row
        for ref in cells
        for col, row in [split_ref(ref)]
        if table.first_col <= col <= table.last_col and row > table.header_row
    ]
    if below:
        assert max(below) <= last_row, f"{where}: the sheet has values down to row {max(below)}"


@pytest.mark.parametrize("key", list(FILES))
def test_every_table_is_a_database_range_over_its_declared_cells(seen, key):
    spec = template(FILES[key])
    info = seen(key)
    for table in spec.tables:
        # A template holds exactly the declared ranges; a recomputed output may have grown or
        # shrunk its tables (2,777 employees, one Rekap row per unit), never moved them.
        _check_table(info, table, exact=key in TEMPLATE_FILES)


@pytest.mark.parametrize("key", list(FILES))
def test_every_defined_name_resolves_to_its_declared_cell(seen, key):
    spec = template(FILES[key])
    names = seen(key)["named_ranges"]
    for named in spec.names:
        assert named.name in names, f"{named.name} missing: {sorted(names)}"
        entry = names[named.name]
        assert entry["scope"] is None, f"{named.name} must be workbook-scoped: {entry}"
        assert entry["address"] == f"{quote_sheet(named.sheet)}!{named.cell}", entry


@pytest.mark.parametrize("key", list(FILES))
def test_named_settings_read_their_defaults_in_libreoffice(seen, key):
    spec = template(FILES[key])
    cells = seen(key)["cells"]
    defaults = [n for n in spec.names if n.default is not None]
    assert defaults
    for named in defaults:
        assert cells[named.sheet].get(named.cell) == named.default, named.name


def test_ipasn_demo_shows_report_000_kualifikasi_in_libreoffice(seen):
    """Report 000 prints Kualifikasi 12,13 for its 2,777 PNS; LibreOffice reads the same figure
    in the Seluruh Pegawai row of tblRekap, found by its labels."""
    case = next(c for c in golden_cases("ipasn_rekap") if c["id"] == "000-ipasn-kualifikasi-2021")
    expected = case["expected"]["kualifikasi"]
    assert expected == 12.13
    info = seen("ipasn-000")
    spec = template("ipasn").table("tblRekap")
    sheet, first_col, header_row, last_col, last_row = parse_range(
        info["database_ranges"][spec.name]
    )
    cells = info["cells"][sheet]
    letters = {}
    for col in range(first_col, last_col + 1):
        letter = get_column_letter(col)
        letters[cells.get(f"{letter}{header_row}")] = letter
    rows = [
        {header: cells.get(f"{letter}{r}") for header, letter in letters.items()}
        for r in range(header_row + 1, last_row + 1)
    ]
    selu = [
        r for r in rows if r["Unit Kerja"] == "Seluruh Pegawai" and r["Status"] == "Semua Status"
    ]
    assert len(selu) == 1, rows
    assert selu[0]["Kualifikasi"] == expected
    assert selu[0]["Jumlah Pegawai"] == sum(case["inputs"]["pendidikan_counts"].values())
