"""The workbook-file layer (lkjip_xl.workbook.ooxml), against real counterparts.

References are checked against openpyxl.utils.cell; escaping against an XML parser; packages,
parts and relationships against openpyxl, zipfile and LibreOffice reading what is written.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

import openpyxl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl.chart import BarChart, Reference
from openpyxl.utils.cell import (
    column_index_from_string,
    coordinate_from_string,
    coordinate_to_tuple,
    get_column_letter,
    range_boundaries,
)
from openpyxl.utils.escape import unescape as openpyxl_unescape
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableStyleInfo

from lkjip_xl.workbook.ooxml import cells, markup
from lkjip_xl.workbook.ooxml.calculation import set_full_calc_on_load
from lkjip_xl.workbook.ooxml.defined_names import defined_names, parse_reference
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.package import (
    Package,
    at_fixed_time,
    copy_package,
    package_bytes,
    read_parts,
)
from lkjip_xl.workbook.ooxml.relationships import (
    add_relationship,
    relationships,
    rels_part,
    resolve_target,
    worksheet_parts,
)
from lkjip_xl.workbook.ooxml.sheet_data import locate_sheet_data, scan_rows
from lkjip_xl.workbook.ooxml.sheet_patch import SheetPatch
from lkjip_xl.workbook.ooxml.tables import set_table_ref, table_ref

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# --- cell references ---------------------------------------------------------------------------


@given(
    row=st.integers(1, cells.MAX_ROW),
    col=st.integers(1, cells.MAX_COL),
    dollars=st.booleans(),
    lower=st.booleans(),
)
def test_cell_references_agree_with_openpyxl(row, col, dollars, lower):
    letters = get_column_letter(col)
    written = f"${letters}${row}" if dollars else f"{letters}{row}"
    written = written.lower() if lower else written
    assert cells.parse_cell(written) == coordinate_to_tuple(f"{letters}{row}") == (row, col)
    assert cells.canonical_cell(written, "Sheet") == (f"{letters}{row}", row, col)
    assert cells.column_numbers()[letters] == column_index_from_string(letters) == col


@given(
    corners=st.tuples(
        st.integers(1, cells.MAX_ROW),
        st.integers(1, cells.MAX_COL),
        st.integers(1, cells.MAX_ROW),
        st.integers(1, cells.MAX_COL),
    )
)
def test_ranges_agree_with_openpyxl(corners):
    r1, c1, r2, c2 = corners
    written = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"
    min_row, min_col, max_row, max_col = cells.parse_range(written)
    assert (min_row, min_col, max_row, max_col) == (
        min(r1, r2),
        min(c1, c2),
        max(r1, r2),
        max(c1, c2),
    )
    formatted = cells.format_range(min_row, min_col, max_row, max_col)
    assert range_boundaries(formatted) == (min_col, min_row, max_col, max_row)
    assert cells.parse_range(formatted) == (min_row, min_col, max_row, max_col)


def test_one_cell_range_is_written_as_a_cell():
    assert cells.format_range(4, 2, 4, 2) == "B4"
    assert cells.parse_range("B4") == (4, 2, 4, 2)


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_column_table_holds_every_column_of_a_sheet(order):
    table = cells._ColumnNumbers()  # filled as looked up: in either order, the same table
    numbers = range(1, cells.MAX_COL + 1)
    for n in numbers if order == "forward" else reversed(numbers):
        letters = get_column_letter(n)  # openpyxl's
        assert letters in table and table[letters] == table.get(letters) == n
    assert table == {get_column_letter(n): n for n in numbers}
    assert cells.column_numbers()["XFD"] == cells.MAX_COL == column_index_from_string("XFD")


@pytest.mark.parametrize("letters", ["xfd", "Ab", "XFE", "ZZZ", "AAAA", "", "A1", "Ā", 5])
def test_column_table_knows_no_other_key(letters):
    # Lower case is not canonical: the patcher's slow path handles it.
    table = cells.column_numbers()
    assert letters not in table and table.get(letters) is None
    with pytest.raises(KeyError):
        table[letters]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("A0", "di luar batas"),
        ("XFE1", "di luar batas"),
        ("A1048577", "di luar batas"),
        ("1A", "tidak sah"),
        ("A1\n", "tidak sah"),
        ("A\u0661", "tidak sah"),  # an Arabic-Indic digit
        (5, "tidak sah"),
    ],
)
def test_addresses_that_name_no_cell_are_refused(written, message):
    with pytest.raises(PackageError, match=message):
        cells.parse_cell(written)


def test_openpyxl_alone_would_accept_what_names_no_cell():
    """Why the syntax is checked here and not left to openpyxl."""
    assert coordinate_from_string("A1\n") == ("A", 1)
    assert range_boundaries("A:C") == (1, None, 3, None)
    with pytest.raises(PackageError):
        cells.parse_range("A:C")


# --- markup ------------------------------------------------------------------------------------

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


def xml_chars(text: str) -> str:
    """``text`` without what XML 1.0 cannot hold (its Char production)."""
    return "".join(
        ch
        for ch in text
        if ch in "\t\n\r"
        or " " <= ch <= "\ud7ff"
        or "\ue000" <= ch <= "\ufffd"
        or ch >= "\U00010000"
    )


#: texts in which escapes meet: a literal "_x0041" whose next character XML cannot hold
_ESCAPES_MEET = st.lists(
    st.sampled_from(["_x0041", "_x005F", "_", "x", "00e9", "_\x01", "\x01", "\ufffe", "\ud800"])
    | st.characters(exclude_categories=()),
    max_size=8,
).map("".join)


@given(st.text(max_size=40) | _ESCAPES_MEET)
@example("_x0041_ dan _X00e9_\r\nbaris <b> & \x07 \ufffe")
@example("Budi\x0bSantoso _\x01 _x000B_ \ud800")
@example("_x0041\x01 _x00e9\ufffe")
def test_escaped_text_reads_back_as_written(text):
    """An XML parser, then openpyxl's decoding of Excel's _xHHHH_ escapes, give the text back,
    every character: a literal _x0041_ is not turned into "A", a CR is not turned into LF, and
    a vertical tab or a control character (which XML cannot hold) is not dropped; nor does the
    escape of a control character complete a literal "_x0041" before it (read "Ax0001_")."""
    parsed = ET.fromstring(b"<t>" + markup.escape_text(text) + b"</t>").text or ""
    assert openpyxl_unescape(parsed) == text


@given(_TEXT.filter(lambda t: "\r" not in t))
@example("<a href='x'>\"kutip\" & ampersan</a>")
def test_unescape_agrees_with_an_xml_parser(text):
    raw = escape(xml_chars(text), {'"': "&quot;", "'": "&apos;"}).encode() + b"&#65;&#x42;"
    assert markup.unescape_text(raw) == (ET.fromstring(b"<t>" + raw + b"</t>").text or "")


def test_attributes_in_order_with_either_quote():
    assert markup.attributes(b' r="A1" s=\'3\' x14ac:dyDescent="0.25"') == [
        (b"r", b"A1"),
        (b"s", b"3"),
        (b"x14ac:dyDescent", b"0.25"),
    ]


# --- workbooks written by openpyxl -------------------------------------------------------------


def openpyxl_book(path: Path) -> Path:
    """Three sheets (the second moved first), a table with a saved filter and sort, names of
    both scopes, a chart sheet, and a gap in the rows of ``Data``."""
    wb = openpyxl.Workbook()
    data = wb.active
    data.title = "Data"
    data.append(["Kode", "Nilai"])
    for i in range(1, 4):
        data.append([f"K-{i}", i * 10])
    data["A7"] = "di bawah"
    table = Table(displayName="tblData", ref="A1:B4")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1")
    table.autoFilter = AutoFilter(ref="A1:B4")
    table.autoFilter.add_filter_column(1, ["10"])
    table.autoFilter.add_sort_condition("B2:B4")
    data.add_table(table)
    other = wb.create_sheet("Lain")
    other["A1"] = 1001
    chart = BarChart()
    chart.add_data(Reference(data, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    wb.create_chartsheet("Grafik").add_chart(chart)
    wb.move_sheet("Lain", offset=-1)
    wb.defined_names["Tahun"] = DefinedName("Tahun", attr_text="'Data'!$B$2")
    wb.defined_names["Rentang"] = DefinedName("Rentang", attr_text="Data!$A$1:$B$4")
    data.defined_names["Lokal"] = DefinedName("Lokal", attr_text="Data!$A$1")
    wb.save(path)
    return path


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return openpyxl_book(tmp_path / "buku.xlsx")


def open_package(path: Path) -> tuple[zipfile.ZipFile, Package]:
    archive = zipfile.ZipFile(path)
    return archive, Package(archive)


def test_package_finds_what_openpyxl_wrote(book: Path):
    archive, package = open_package(book)
    with archive:
        wb = openpyxl.load_workbook(book)
        rels = package.workbook_relationships
        sheets = worksheet_parts(package.read(package.workbook), rels)
        assert list(sheets) == wb.sheetnames == ["Lain", "Data", "Grafik"]
        assert sheets["Grafik"] == ""  # a chart sheet is no worksheet
        assert b"<v>1001</v>" in package.read(package.sheet_part("Lain"))
        with pytest.raises(PackageError, match="bukan lembar kerja biasa"):
            package.sheet_part("Grafik")
        with pytest.raises(PackageError, match="tidak ada di buku kerja"):
            package.sheet_part("Tidak Ada")
        assert set(package.table_parts()) == set(wb["Data"].tables) == {"tblData"}
        names = defined_names(package.read(package.workbook))
        assert names == {n: wb.defined_names[n].attr_text for n in wb.defined_names}
        assert "Lokal" not in names  # sheet-scoped
        with pytest.raises(PackageError, match="tidak ada"):
            package.read("xl/tidak-ada.xml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'Data'!$B$2", ("Data", "B2")),
        ("'Rencana ''25'!C3", ("Rencana '25", "C3")),
        ("Data!$A$1:$B$4", None),
        ("=1+1", None),
        ("#REF!", None),
    ],
)
def test_parse_reference(text, expected):
    assert parse_reference(text) == expected


def test_relationships_resolve_as_openpyxl_wrote_them(book: Path):
    archive, package = open_package(book)
    with archive:
        part = package.sheet_part("Data")
        rels = relationships(package.read(rels_part(part)), part)
    table = openpyxl.load_workbook(book)["Data"].tables["tblData"]
    assert [r.target for r in rels if r.type.endswith("/table")] == [
        f"xl/tables/{Path(table.path).name}"
    ]
    assert resolve_target("xl/worksheets/sheet1.xml", "../drawings/d1.vml") == (
        "xl/drawings/d1.vml"
    )
    assert resolve_target("xl/worksheets/sheet1.xml", "/xl/media/a.png") == "xl/media/a.png"


def test_added_relationship_parses_and_keeps_the_others(book: Path):
    fresh = add_relationship(None, "rId1", "urn:t/vmlDrawing", "/xl/drawings/v1.vml")
    root = ET.fromstring(fresh)
    assert root.tag == "{http://schemas.openxmlformats.org/package/2006/relationships}Relationships"
    assert relationships(fresh, "xl/worksheets/sheet1.xml")[0].target == "xl/drawings/v1.vml"
    archive, package = open_package(book)
    with archive:
        existing = package.read(package.workbook_rels)
    grown = add_relationship(existing, "rIdX", "urn:t/x", "x.xml")
    before = relationships(existing, package.workbook)
    assert relationships(grown, package.workbook) == [
        *before,
        ("rIdX", "urn:t/x", "xl/x.xml", False),
    ]


# --- sheetData ---------------------------------------------------------------------------------


def sheet_xml(book: Path, sheet: str) -> bytes:
    archive, package = open_package(book)
    with archive:
        return package.read(package.sheet_part(sheet))


def test_rows_are_found_as_openpyxl_wrote_them(book: Path):
    xml = sheet_xml(book, "Data")
    where = locate_sheet_data(xml, "sheet")
    rows = list(scan_rows(xml, where.data_start, where.data_end, where.syntax, "sheet"))
    ws = openpyxl.load_workbook(book)["Data"]
    assert [r[0] for r in rows] == sorted({c.row for row in ws.iter_rows() for c in row if c.value})
    for number, start, c_start, c_end, end, _attrs in rows:
        element = ET.fromstring(xml[start:end].replace(b"<row", f'<row xmlns="{MAIN}"'.encode(), 1))
        assert int(element.get("r")) == number
        assert xml[c_start:c_end].startswith(b"<c ")
    assert xml[where.data_end :].startswith(b"</sheetData>")


def test_rows_without_numbers_prefixes_and_empty_rows():
    xml = (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row><x:c r="A1"/></x:row>'
        '<x:row spans="1:1"/> <x:row r="5"><x:c r="A5"/></x:row></x:sheetData></x:worksheet>'
    ).encode()
    where = locate_sheet_data(xml, "p")
    assert where.syntax.p == b"x:"
    rows = list(scan_rows(xml, where.data_start, where.data_end, where.syntax, "p"))
    assert [(r[0], xml[r[2] : r[3]]) for r in rows] == [
        (1, b'<x:c r="A1"/>'),
        (2, b""),
        (5, b'<x:c r="A5"/>'),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'<row r="2"/><row r="1"/>', "tidak berurutan"),
        (b'<row r="1"><c r="A1"/>', "tidak ditutup"),
        (b'<row r="1"/>teks<row r="2"/>', "isi tak dikenal"),
        (b'<row r="x"/>', "nomor baris tidak sah"),
    ],
)
def test_rows_that_cannot_be_scanned_safely_are_refused(body, message):
    xml = f'<worksheet xmlns="{MAIN}"><sheetData>'.encode() + body + b"</sheetData></worksheet>"
    where = locate_sheet_data(xml, "p")
    with pytest.raises(PackageError, match=message):
        list(scan_rows(xml, where.data_start, where.data_end, where.syntax, "p"))


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (f'<worksheet xmlns="{MAIN}"><sheetViews/></worksheet>', "tidak ada sheetData"),
        (f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"/>', "sheetData tidak ditutup"),
        (f'<worksheet xmlns="{MAIN}"><sheetData><!-- x --></sheetData></worksheet>', "komentar"),
        ('<x:worksheet xmlns:x="urn:lain"><x:sheetData/></x:worksheet>', "namespace"),
    ],
)
def test_sheet_data_that_cannot_be_scanned_safely_is_refused(xml, message):
    with pytest.raises(PackageError, match=message):
        locate_sheet_data(xml.encode(), "p")


def test_a_scan_stopped_early_reads_no_further():
    xml = f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"/>rusak</sheetData></worksheet>'
    where = locate_sheet_data(xml.encode(), "p")
    rows = scan_rows(xml.encode(), where.data_start, where.data_end, where.syntax, "p")
    assert next(rows)[0] == 1  # what follows is only refused when asked for


# --- tables ------------------------------------------------------------------------------------


def table_xml(book: Path) -> tuple[str, bytes]:
    archive, package = open_package(book)
    with archive:
        part = package.table_parts()["tblData"]
        return part, package.read(part)


def replaced(book: Path, out: Path, changes: dict[str, bytes | None]) -> Path:
    with zipfile.ZipFile(book) as archive:
        copy_package(book, archive, out, changes)
    return out


def test_table_grows_as_openpyxl_reads_it(book: Path, tmp_path: Path):
    part, xml = table_xml(book)
    assert table_ref(xml, part) == "A1:B4"
    kept = set_table_ref(xml, part, "A1:B6")
    cleared = set_table_ref(xml, part, "A1:B6", clear_filters=True)
    tables = {
        name: openpyxl.load_workbook(replaced(book, tmp_path / f"{name}.xlsx", {part: data}))[
            "Data"
        ].tables["tblData"]
        for name, data in (("kept", kept), ("cleared", cleared))
    }
    for table in tables.values():
        assert table.ref == table.autoFilter.ref == "A1:B6"
    assert [c.colId for c in tables["kept"].autoFilter.filterColumn] == [1]
    assert tables["kept"].autoFilter.sortState is not None
    assert tables["cleared"].autoFilter.filterColumn == []
    assert tables["cleared"].autoFilter.sortState is None
    assert tables["cleared"].sortState is None


@pytest.mark.parametrize(
    ("new_ref", "message"),
    [("A1:C6", "kolom yang sama"), ("A2:B6", "sel yang sama"), ("A1:B1", "minimal satu baris")],
)
def test_table_range_keeps_its_columns_and_a_data_row(book: Path, new_ref, message):
    part, xml = table_xml(book)
    with pytest.raises(PackageError, match=message):
        set_table_ref(xml, part, new_ref)
    with pytest.raises(PackageError, match="bukan tabel"):
        set_table_ref(b"<worksheet/>", "p", new_ref)


def test_table_range_is_the_ref_attribute_not_text_that_looks_like_one():
    # A table comment (Name Manager) may hold text like ` ref='Z9'`: it is not the range.
    comment = "lihat ref=&quot;A1&quot; atau ref='Z9'"
    xml = (
        f'<table xmlns="{MAIN}" id="1" name="T" displayName="T" comment="{comment}" '
        f"ref='B2:C5'><autoFilter ref=\"B2:C5\"/></table>"
    ).encode()
    grown = set_table_ref(xml, "xl/tables/table1.xml", "B2:C9")
    root = ET.fromstring(grown)
    assert root.get("comment") == "lihat ref=\"A1\" atau ref='Z9'"
    assert root.get("ref") == root.find(f"{{{MAIN}}}autoFilter").get("ref") == "B2:C9"
    assert table_ref(grown, "p") == "B2:C9"


# --- writing packages --------------------------------------------------------------------------


def stored(path: Path) -> dict[str, bytes]:
    """Each member's local header and compressed data, exactly as in the file."""
    out = {}
    with zipfile.ZipFile(path) as archive, open(path, "rb") as fh:
        for info in archive.infolist():
            fh.seek(info.header_offset)
            header = fh.read(30)
            name_len, extra_len = struct.unpack("<HH", header[26:30])
            out[info.filename] = header + fh.read(name_len + extra_len + info.compress_size)
    return out


def test_copy_package_replaces_removes_and_copies_raw(book: Path, tmp_path: Path):
    source = tmp_path / "sumber.xlsx"
    source.write_bytes(book.read_bytes())
    with zipfile.ZipFile(source, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("catatan/lain.txt", b"bukan bagian buku kerja")
    archive, package = open_package(source)
    with archive:
        part = package.sheet_part("Lain")
        xml = package.read(part).replace(b"<v>1001</v>", b"<v>2002</v>")
    out = replaced(source, tmp_path / "hasil.xlsx", {part: xml, "catatan/lain.txt": None})
    before, after = stored(source), stored(out)
    assert list(after) == [n for n in before if n != "catatan/lain.txt"]
    assert all(after[n] == before[n] for n in after if n != part)
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        assert archive.read(part) == xml
    assert openpyxl.load_workbook(out)["Lain"]["A1"].value == 2002


def test_parts_round_trip_and_a_fixed_time_gives_fixed_bytes(book: Path, tmp_path: Path):
    parts, order = read_parts(book.read_bytes())
    assert order == zipfile.ZipFile(book).namelist()
    rebuilt = package_bytes(parts, order)
    assert read_parts(rebuilt) == (parts, order)
    assert openpyxl.load_workbook(io.BytesIO(rebuilt)).sheetnames == ["Lain", "Data", "Grafik"]

    when = datetime(2026, 1, 1)
    other = tmp_path / "lagi.xlsx"
    wb = openpyxl.load_workbook(book)
    wb.properties.modified = datetime(2030, 6, 7, 8, 9, 10)
    wb.save(other)
    first, second = at_fixed_time(book.read_bytes(), when), at_fixed_time(other.read_bytes(), when)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
    assert openpyxl.load_workbook(io.BytesIO(first)).properties.modified == when


def test_full_calc_on_load_as_openpyxl_reads_it(book: Path, tmp_path: Path):
    archive, package = open_package(book)
    with archive:
        workbook = package.read(package.workbook)
    off = workbook.replace(b'fullCalcOnLoad="1"', b'fullCalcOnLoad="0"')
    missing = re.sub(rb"<calcPr[^>]*/>", b"", workbook)
    assert off != workbook and b"calcPr" not in missing
    for name, xml in (("mati", off), ("tanpa", missing)):
        before = replaced(book, tmp_path / f"{name}.xlsx", {package.workbook: xml})
        calculation = openpyxl.load_workbook(before).calculation
        assert calculation is None or calculation.fullCalcOnLoad is not True
        changed = set_full_calc_on_load(xml)
        assert set_full_calc_on_load(changed) == changed
        after = replaced(book, tmp_path / f"{name}-hitung.xlsx", {package.workbook: changed})
        assert openpyxl.load_workbook(after).calculation.fullCalcOnLoad is True


# --- LibreOffice reads what the layer writes ---------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_reads_a_grown_table_with_its_new_rows(libreoffice, book: Path, tmp_path: Path):
    archive, package = open_package(book)
    with archive:
        part = package.sheet_part("Data")
        patch = SheetPatch(package.read(part), part, "Data", {"A5": "K-4", "B5": 40, "B2": 11.5})
        table_part, table = table_xml(book)
        changes = {
            part: patch.run(),
            table_part: set_table_ref(table, table_part, "A1:B5", clear_filters=True),
            package.workbook: set_full_calc_on_load(package.read(package.workbook)),
        }
    out = replaced(book, tmp_path / "tumbuh.xlsx", changes)
    fixed = tmp_path / "tetap.xlsx"
    fixed.write_bytes(at_fixed_time(out.read_bytes(), datetime(2026, 1, 1)))
    for path in (out, fixed):
        info = libreoffice.inspect(path)
        assert info["sheets"] == ["Lain", "Data", "Grafik"]
        assert info["database_ranges"]["tblData"] == "Data!A1:B5"
        assert info["cells"]["Data"]["A5"] == "K-4"
        assert info["cells"]["Data"]["B5"] == 40.0
        assert info["cells"]["Data"]["B2"] == 11.5
        assert info["cells"]["Data"]["A7"] == "di bawah"
        assert info["named_ranges"]["Tahun"]["address"] == "Data!B2"
