"""Every text a cell can hold reaches the Word report and the workbook without a crash.

A cell holds any character: Excel writes a control character, U+FFFE or U+FFFF as its
``_xHHHH_`` escape, and the readers decode it into the character itself. The Word document
shows the text without the characters XML 1.0 cannot hold, wherever it is printed (title,
heading, paragraph, table, note, caption, chart); the workbook keeps every character, escaped
as Excel escapes it, read back by calamine, openpyxl and LibreOffice as it was.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import docx
import openpyxl
import pytest
import python_calamine
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.utils.escape import unescape as openpyxl_unescape

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.demo import fill_names
from lkjip_xl.workbook.ooxml.report_sheet import SheetRewrite, WrittenCell, WrittenRow
from lkjip_xl.workbook.patcher import patch_workbook
from lkjip_xl.workbook.report import layout
from lkjip_xl.workbook.report.docx_writer import render_chart, write_docx
from lkjip_xl.workbook.report.elements import Report, ReportChart, ReportTable, Section
from lkjip_xl.workbook.report.model import narrated
from tests.workbooks import ANGGARAN, INDIKATOR, filled_kinerja

#: any character at all: controls, U+FFFE, U+FFFF and lone surrogates included
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=30)
#: what XML 1.0 cannot hold (its Char production), written out here once more on purpose
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: beyond the C0 controls: calamine reads their escape as it stands (Excel would decode it)
NOT_DECODED_BY_CALAMINE = re.compile("[\ud800-\udfff\ufffe\uffff]")
#: DrawingML's namespace (a chart title's text)
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
HYPOTHESIS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def in_word(text: str) -> str:
    """``text`` as python-docx reads it back: without what XML cannot hold, a CR a line break."""
    return NOT_XML.sub("", text).replace("\r", "\n")


def report_of(text: str) -> Report:
    table = ReportTable(
        key="t", number="3.1", title=f"Tabel {text}", header=("No", text),
        rows=(("1", text),), notes=(text,),
    )  # fmt: skip
    chart = ReportChart(
        "c", "3.1", f"Grafik {text}", "bar_line", (text, "B"),
        ((text, (1.0, 2.0)), ("Target", (1.0, None))), 100.0,
    )  # fmt: skip
    content = (text, f"Faktor pendorong: {text}", table, chart)
    return Report("kinerja", f"Laporan {text}", "2025", (Section(f"A. {text}", 1, content),))


@HYPOTHESIS
@given(text=ANY_TEXT)
@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # a box drawn, no failure
@example(text="kontrol\x01\x0b\x1f dan \ufffe\uffff dan \ud800\udfff")
@example(text="Rp $5 dan $6 $\\frac{$")
@example(text="_x0041_ _Kode\r\nbaris\tdua  ")
def test_the_word_report_shows_every_text_but_what_xml_forbids(tmp_path, text):
    path = write_docx(report_of(text), tmp_path / "laporan.docx")
    document = docx.Document(str(path))
    shown = in_word(text)
    paragraphs = [p.text for p in document.paragraphs]
    for expected in (
        f"Laporan {shown}",
        f"A. {shown}",
        shown,
        f"Faktor pendorong: {shown}",
        f"Tabel 3.1 Tabel {shown}",
        f"Grafik 3.1 Grafik {shown}",
    ):
        assert expected in paragraphs
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["No", shown]
    assert [c.text for c in table.rows[1].cells] == ["1", shown]
    assert len(document.inline_shapes) == 1  # the chart
    # the title names its year itself: the property is the title, not the title and the year
    assert document.core_properties.title == NOT_XML.sub("", f"Laporan {text}")


def test_a_chart_legend_names_a_series_whose_name_begins_with_an_underscore():
    """matplotlib leaves a label beginning with "_" out of the legend it collects: two charts
    whose series are "_IKU-1" and "_IKU-2" were the same picture."""

    def chart(name: str) -> bytes:
        series = ((name, (80.0, 95.0)), ("IKU-3", (70.0, 60.0)))
        return render_chart(ReportChart("k", "3.1", "Realisasi", "line", ("2024", "2025"), series))

    assert chart("_IKU-1") != chart("_IKU-2")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_template("kinerja", tmp_path_factory.mktemp("texts") / "kinerja.xlsx")


@HYPOTHESIS
@given(text=ANY_TEXT.filter(bool))
@example(text="_x0041\x01 _x005F_x0041_ \x0b\r\n <b>&amp;</b>  ")
@example(text="\ufffe\uffff\ud800 _xFFFE_")
def test_a_text_cell_reads_back_as_written(template, tmp_path, text):
    """A cell the engine writes (a computed cell, the Laporan sheet) holds the text Excel holds:
    calamine reads it back (all but the escapes it leaves undecoded), openpyxl reads Excel's
    escapes, which decode to the text."""
    out = tmp_path / "out.xlsx"
    laporan = SheetRewrite(rows=(WrittenRow(1, (WrittenCell(1, text, layout.TEXT),)),))
    patch_workbook(template, out, {"Identitas": {"B4": text}}, rewrites={"Laporan": laporan})
    book = python_calamine.CalamineWorkbook.from_path(str(out))
    cells = (
        book.get_sheet_by_name("Identitas").to_python()[3][1],
        book.get_sheet_by_name("Laporan").to_python()[0][0],
    )
    if not NOT_DECODED_BY_CALAMINE.search(text):
        assert cells == (text, text)
    wb = openpyxl.load_workbook(out)
    assert openpyxl_unescape(wb["Identitas"]["B4"].value) == text
    assert openpyxl_unescape(wb["Laporan"]["A1"].value) == text


# Texts as Excel writes them into a cell: a control character, a vertical tab (Word's manual
# line break pasted), a literal "_x0041_" typed by a user, markup characters. openpyxl writes
# a string as it is given, so the escapes reach the file as Excel's would.
TYPED = "_x0001_Dinas_x000B_Kesehatan _x005F_x0041_ & <b>"
#: what a reader decodes TYPED into: the text the staff typed
DECODED = "\x01Dinas\x0bKesehatan _x0041_ & <b>"


@pytest.fixture(scope="module")
def computed(tmp_path_factory) -> Path:
    path = Path(tmp_path_factory.mktemp("typed")) / "kinerja.xlsx"
    indikator = [dict(row) for row in INDIKATOR]
    indikator[0].update(
        {"Sasaran": f"Sasaran {TYPED}", "Indikator": f"Indikator {TYPED}",
         "Faktor Pendorong": f"Pendorong {TYPED}", "Tindak Lanjut": f"Lanjut {TYPED}"}
    )  # fmt: skip
    anggaran = [dict(row) for row in ANGGARAN]
    anggaran[0]["Program/Kegiatan"] = f"Program {TYPED}"
    filled_kinerja(path, indikator, anggaran)
    wb = openpyxl.load_workbook(path)
    fill_names(wb, "kinerja", {"Instansi": f"Pemkot {TYPED}", "Tahun": f"2025{TYPED}"})
    wb.save(path)
    recompute_file(path)
    return path


def laporan_texts(path: Path) -> list[str]:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Laporan")
    return [c for row in rows.to_python() for c in row if isinstance(c, str)]


def test_hitung_writes_the_typed_texts_into_the_laporan_sheet(computed):
    texts = laporan_texts(computed)
    for expected in ("Faktor pendorong: Pendorong", "Tindak lanjut: Lanjut", "Sasaran "):
        assert any(t.startswith(expected) and t.endswith(DECODED) for t in texts), expected
    assert any(f"Indikator {DECODED}" in t for t in texts)
    assert any(f"Program {DECODED}" in t for t in texts)


def test_the_charts_of_the_laporan_sheet_stay_xml_with_a_typed_tahun(computed):
    """A chart title carries the typed Tahun; a control character in it made the chart part
    no XML, and every later read of the workbook failed."""
    with zipfile.ZipFile(computed) as package:
        charts = [n for n in package.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        titles = [
            "".join(t.text or "" for t in ET.fromstring(package.read(n)).iter(f"{A}t"))
            for n in charts
        ]
    assert any(f"Tahun 2025{NOT_XML.sub('', DECODED)}" in t for t in titles), titles
    openpyxl.load_workbook(computed)  # charts read back too
    recompute_file(computed)  # the engine reads its own output


def test_the_word_report_of_the_typed_texts(computed, tmp_path):
    path = write_docx(narrated(computed), tmp_path / "laporan.docx")
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    shown = NOT_XML.sub("", DECODED)
    assert f"Faktor pendorong: Pendorong {shown}" in paragraphs
    assert f"Tindak lanjut: Lanjut {shown}" in paragraphs
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert f"Indikator {shown}" in cells
    assert document.core_properties.title.startswith("Laporan Kinerja Instansi Pemerintah")


@pytest.mark.libreoffice
def test_libreoffice_reads_the_laporan_sheet_as_typed(libreoffice, computed):
    cells = libreoffice.inspect(computed)["cells"]["Laporan"]
    assert any(str(v) == f"Faktor pendorong: Pendorong {DECODED}" for v in cells.values())
