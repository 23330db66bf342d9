"""Rows grown for their wrapped texts by a recompute: which rows, and which never.

The heights are judged on paper by LibreOffice in tests/test_print_long_texts.py; here the
rules: only texts in cells whose style wraps count (read from the package's own styles and
shared strings, as Excel saved them), a height set by hand is kept, and no row is lowered.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.styles import Alignment

from lkjip_xl.workbook.contract.print_layout import DEFAULT_ROW_HEIGHT_PT, wrapped_row_height
from lkjip_xl.workbook.ooxml.package import Package
from lkjip_xl.workbook.ooxml.row_fit import RowFitter, SharedStrings, column_widths, fit_rows
from lkjip_xl.workbook.patcher import patch_workbook

LONG = " ".join(["pengembangan kompetensi aparatur"] * 6)


def _book(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.column_dimensions["B"].width = 30
    for row in range(1, 6):
        ws.cell(row, 1, f"baris {row}")
        cell = ws.cell(row, 2)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.cell(1, 3, LONG)  # not wrapped: spills or is cut, and the row stays
    ws.row_dimensions[4].height = 18  # set by hand
    ws.row_dimensions[5].height = 200
    wb.save(path)
    return path


def _rows(path: Path) -> dict[int, bytes]:
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    return {int(m.group(1)): m.group(0) for m in re.finditer(rb'<row r="(\d+)"[^>]*>', xml)}


def test_rows_holding_wrapped_texts_grow_and_no_other(tmp_path: Path) -> None:
    source = _book(tmp_path / "a.xlsx")
    out = tmp_path / "b.xlsx"
    edits = {"Data": {"B2": LONG, "B3": "pendek", "B4": LONG, "B5": LONG, "C1": "x" + LONG}}
    patch_workbook(source, out, edits)
    rows = _rows(out)
    expected = wrapped_row_height([(30.0, LONG)])
    assert expected > 3 * DEFAULT_ROW_HEIGHT_PT
    assert rows[2] == b'<row r="2" ht="%g">' % expected
    assert b"customHeight" not in rows[2]  # Excel still fits the row itself
    assert b"ht=" not in rows[1] and b"ht=" not in rows[3]
    assert rows[4] == _rows(source)[4] and b'ht="18"' in rows[4]  # by hand: kept
    assert rows[5] == _rows(source)[5]  # taller already: never lowered


def test_shared_strings_as_excel_saves_them_are_measured(tmp_path: Path) -> None:
    """Excel writes typed text to the shared strings table: a recompute writing beside such a
    text still grows its row."""
    source = _book(tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(source)
    wb["Data"]["B3"] = LONG
    wb.save(source)
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    # Move B3's text into a shared strings part, the way Excel stores it.
    text = re.search(r'<c r="B3"([^>]*?) t="inlineStr"><is><t>([^<]*)</t></is></c>', sheet)
    assert text is not None
    sheet = sheet.replace(text.group(0), f'<c r="B3"{text.group(1)} t="s"><v>0</v></c>')
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    parts["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        f'uniqueCount="1"><si><t>{text.group(2)}</t></si></sst>'
    ).encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    ).encode()
    shared = tmp_path / "shared.xlsx"
    with zipfile.ZipFile(shared, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert openpyxl.load_workbook(shared)["Data"]["B3"].value == LONG
    out = tmp_path / "out.xlsx"
    patch_workbook(shared, out, {"Data": {"A3": "ditulis mesin"}})
    assert _rows(out)[3] == b'<row r="3" ht="%g">' % wrapped_row_height([(30.0, LONG)])


def test_fitter_reads_the_column_widths_the_sheet_states(tmp_path: Path) -> None:
    source = _book(tmp_path / "a.xlsx")
    with zipfile.ZipFile(source) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
        fitter = RowFitter(Package(z), wrapped_row_height, DEFAULT_ROW_HEIGHT_PT)
        assert fitter.fit(xml, "xl/worksheets/sheet1.xml") == xml  # nothing wrapped holds text
    assert column_widths(xml)[2] == 30.0


def _sheet(cells: str) -> bytes:
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<cols><col min="1" max="1" width="20"/></cols><sheetData>'
        f'<row r="1">{cells}</row></sheetData></worksheet>'
    ).encode()


def _fit(cells: str) -> bytes:
    return fit_rows(
        _sheet(cells), "xl/worksheets/sheet1.xml", wrap=frozenset({3}),
        strings=SharedStrings(b""), estimate=wrapped_row_height,
        default_height=DEFAULT_ROW_HEIGHT_PT,
    )  # fmt: skip


_TEXTS = st.text(st.sampled_from("ab &<>\"'\n\u00e9\u4e2d"), min_size=0, max_size=120)


@settings(max_examples=150, deadline=None)
@given(text=_TEXTS, cut=st.integers(0, 120), space=st.sampled_from([" ", "\t", "\n", "  "]))
def test_a_plain_run_is_measured_as_the_same_text_in_rich_runs(
    text: str, cut: int, space: str
) -> None:
    """The one-run spelling is read without a pattern; the rich-text spelling (two runs, an
    attribute on the text element) through the general one: both give the row one height."""
    head, tail = escape(text[:cut]), escape(text[cut:])
    plain = _fit(f'<c r="A1"{space}s="3" t="inlineStr"><is><t>{head}{tail}</t></is></c>')
    rich = _fit(
        f'<c r="A1"{space}s="3" t="inlineStr"><is><r><t xml:space="preserve">{head}</t></r>'
        f"<r><t>{tail}</t></r></is></c>"
    )
    height = re.search(rb'<row r="1"(?: ht="([0-9.]+)")?>', plain)
    assert height is not None
    assert height.group(0) == re.search(rb'<row r="1"[^>]*>', rich).group(0)  # type: ignore[union-attr]
    expected = wrapped_row_height([(20.0, text)])
    assert float(height.group(1) or DEFAULT_ROW_HEIGHT_PT) == max(expected, DEFAULT_ROW_HEIGHT_PT)


def test_only_the_style_attribute_marks_a_wrapped_cell() -> None:
    """An attribute whose name ends in ``s`` is not the style: the row keeps its height."""
    long = escape(LONG)
    other = _fit(f'<c r="A1" xs="3" t="inlineStr"><is><t>{long}</t></is></c>')
    assert b"ht=" not in other
    quoted = _fit(f'<c r="A1" s="1" t="inlineStr"><is><t>{long} s="3"</t></is></c>')
    assert b"ht=" not in quoted  # the spelling of a style inside a text is text
    styled = _fit(f'<c r="A1"\ts="3" t="inlineStr"><is><t>{long}</t></is></c>')
    assert b'ht="%g"' % wrapped_row_height([(20.0, LONG)]) in styled
