"""The workbook-file code behind the Laporan sheet: cell formats appended to styles.xml, a sheet
rewritten whole with its merges and page breaks, and chart series following their rows. Every
result is read back by openpyxl or ElementTree, not by our own code."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.ooxml.charts import set_series
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.report_sheet import (
    SheetRewrite,
    WrittenCell,
    WrittenRow,
    rewrite_sheet,
)
from lkjip_xl.workbook.ooxml.styles import StyleBook
from lkjip_xl.workbook.patcher import patch_workbook
from lkjip_xl.workbook.report import layout

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture(scope="module")
def kinerja(tmp_path_factory):
    return build_template("kinerja", tmp_path_factory.mktemp("t") / "kinerja.xlsx")


def test_style_book_appends_a_cell_format_with_a_new_number_format(kinerja):
    xml = zipfile.ZipFile(kinerja).read("xl/styles.xml")
    book = StyleBook(xml)
    before = len(book.xfs)
    index = book.xf(layout.NUMBER, "#,##0.000")
    assert index == before and book.xf(layout.NUMBER, "#,##0.000") == index
    root = ET.fromstring(book.xml())
    xfs = root.find(f"{MAIN}cellXfs")
    assert int(xfs.get("count")) == len(xfs) == before + 1
    fmt_id = xfs[index].get("numFmtId")
    codes = {f.get("numFmtId"): f.get("formatCode") for f in root.find(f"{MAIN}numFmts")}
    assert codes[fmt_id] == "#,##0.000"
    old = ET.fromstring(xml).find(f"{MAIN}cellXfs")
    assert [ET.tostring(x) for x in old] == [ET.tostring(x) for x in xfs][:before]
    with pytest.raises(PackageError):
        book.xf("Gaya Yang Tidak Ada")


def test_rewrite_replaces_rows_merges_and_breaks_and_keeps_the_rest(kinerja, tmp_path):
    out = tmp_path / "out.xlsx"
    rewrite = SheetRewrite(
        rows=(
            WrittenRow(1, (WrittenCell(1, "Judul <&>", layout.TITLE),), 20.0),
            WrittenRow(
                3,
                (
                    WrittenCell(1, 1234.5, layout.NUMBER, "#,##0.00"),
                    WrittenCell(3, "–", layout.TEXT),
                ),
            ),
        ),
        merges=((1, 1, 1, 28), (3, 1, 3, 2)),
        breaks=(3,),
    )
    patch_workbook(kinerja, out, {}, rewrites={"Laporan": rewrite})
    ws = openpyxl.load_workbook(out)["Laporan"]
    assert ws["A1"].value == "Judul <&>" and ws["A1"].style == layout.TITLE
    assert ws["A3"].value == 1234.5 and ws["A3"].number_format == "#,##0.00"
    assert ws["C3"].value == "–" and ws.max_row == 3
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:AB1", "A3:B3"}
    assert [b.id for b in ws.row_breaks.brk] == [2]
    assert ws.row_dimensions[1].height == 20.0
    assert ws.page_setup.orientation == "landscape"  # the page setup is kept
    before, after = zipfile.ZipFile(kinerja), zipfile.ZipFile(out)
    changed = {n for n in before.namelist() if before.read(n) != after.read(n)}
    laporan = "xl/worksheets/sheet9.xml"  # the template's ninth sheet
    assert openpyxl.load_workbook(kinerja).sheetnames[8] == "Laporan"
    assert changed <= {laporan, "xl/styles.xml", "xl/workbook.xml"}, changed


CHART = b"""<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart>
<c:plotArea><c:lineChart><c:grouping val="standard"/><c:ser><c:idx val="0"/><c:order val="0"/>
<c:tx><c:strRef><c:f>'Laporan'!$AE$1</c:f><c:strCache><c:ptCount val="1"/></c:strCache></c:strRef>
</c:tx><c:cat><c:strRef><c:f>'Laporan'!$AD$2</c:f></c:strRef></c:cat><c:val><c:numRef>
<c:f>'Laporan'!$AE$2</c:f><c:numCache><c:ptCount val="1"/></c:numCache></c:numRef></c:val>
</c:ser><c:axId val="1"/></c:lineChart></c:plotArea></c:chart></c:chartSpace>"""


def test_set_series_makes_one_series_per_range_from_the_first():
    series = [(f"${c}$10", f"${c}$11:${c}$13") for c in ("AE", "AF", "AG")]
    xml = set_series(CHART, "Laporan", "$AD$11:$AD$13", series)
    root = ET.parse(io.BytesIO(xml)).getroot()
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    sers = root.findall(f".//{c}ser")
    assert [s.find(f"{c}idx").get("val") for s in sers] == ["0", "1", "2"]
    assert [s.find(f"{c}val//{c}f").text for s in sers] == [f"'Laporan'!{v}" for _, v in series]
    assert {s.find(f"{c}cat//{c}f").text for s in sers} == {"'Laporan'!$AD$11:$AD$13"}
    assert not root.findall(f".//{c}numCache") and not root.findall(f".//{c}strCache")


def test_rewrite_of_a_prefixed_sheet_puts_merges_and_breaks_in_schema_order():
    # The parts around the sheet data are edited apart from it; the rows, a dimension found
    # only after the sheet data, and an extLst inside a sheet view must still come out right.
    ns = MAIN[1:-1].encode()
    xml = (
        b'<x:worksheet xmlns:x="' + ns + b'"><x:sheetViews><x:sheetView workbookViewId="0">'
        b'<x:extLst/></x:sheetView></x:sheetViews><x:sheetData><x:row r="9"/></x:sheetData>'
        b'<x:mergeCells count="1"><x:mergeCell ref="A9:B9"/></x:mergeCells><x:pageSetup/>'
        b'<x:rowBreaks count="1" manualBreakCount="1"><x:brk id="8"/></x:rowBreaks>'
        b'<x:dimension ref="A9"/><x:extLst/></x:worksheet>'
    )
    rewrite = SheetRewrite(
        rows=(WrittenRow(2, (WrittenCell(3, 7.0, layout.NUMBER),)),),
        merges=((2, 1, 2, 3),),
        breaks=(2,),
    )
    root = ET.fromstring(rewrite_sheet(xml, "sheet9", rewrite, {(layout.NUMBER, None): 5}))
    tags = [child.tag.removeprefix(MAIN) for child in root]
    assert tags == [
        "sheetViews", "sheetData", "mergeCells", "pageSetup", "dimension", "rowBreaks", "extLst",
    ]  # fmt: skip
    assert [ET.tostring(c) for c in root[0][0]] == [ET.tostring(ET.Element(f"{MAIN}extLst"))]
    (row,) = root[1]
    assert row.get("r") == "2" and row[0].get("r") == "C2" and row[0][0].text == "7"
    assert [m.get("ref") for m in root[2]] == ["A2:C2"]
    assert root[4].get("ref") == "A1:C2"
    assert [b.get("id") for b in root[5]] == ["1"]
