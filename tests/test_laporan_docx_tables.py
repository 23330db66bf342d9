"""The Word document's tables, written as markup and streamed into the saved file, read back by
python-docx: each table after its caption, its rows and cells, its style, its header row
repeated and its rows kept whole; the document part exactly what lxml writes of it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn

from lkjip_xl.workbook.report.docx_writer import write_docx
from lkjip_xl.workbook.report.elements import Report, ReportTable, Section

# Texts a cell may hold, each with what python-docx reads back: markup characters, spaces kept,
# a line break (a CR of a Windows line end is read as a line feed, as when the table was a
# parsed tree), an empty line, characters XML cannot hold dropped.
HOSTILE = (
    ("A & B <C> \"D\" 'E'", "A & B <C> \"D\" 'E'"),
    ("  diawali spasi", "  diawali spasi"),
    ("   ", "   "),
    ("", ""),
    ("baris satu\nbaris dua", "baris satu\nbaris dua"),
    ("baris satu\r\nbaris dua", "baris satu\n\nbaris dua"),
    ("akhir\n", "akhir\n"),
    ("tab\tdi tengah", "tab\tdi tengah"),
    ("Pencapaian é ü – … 😀", "Pencapaian é ü – … 😀"),
    ("kontrol\x01\x1f dan \ufffe\uffff", "kontrol dan "),
    ('<lk:tabel n="0"/>', '<lk:tabel n="0"/>'),
)
NARROW = ReportTable(
    key="narrow", number="3.1", title="Teks Sulit",
    header=("Teks & <Kolom>", "Nilai"),
    rows=tuple((text, f"{i},50") for i, (text, _) in enumerate(HOSTILE)),
    notes=("IKU-01: realisasi belum diisi.",),
)  # fmt: skip
LONG = ReportTable(
    key="long", number="3.2", title="Anggaran per Kegiatan",
    header=("No", "Kegiatan", "Pagu", "Realisasi", "Serapan"),
    rows=tuple((str(i), f"Kegiatan Pendukung {i}", f"Rp {i}.000.000", "–", f"{i % 100},00 %")
               for i in range(1, 1_234)),
)  # fmt: skip
WIDE = ReportTable(
    key="wide", number="3.3", title="Realisasi per Triwulan dan Tahun",
    header=tuple(f"Realisasi{k}" for k in range(12)),
    rows=tuple(tuple(f"Rp {k}.{i:03d}.456.789" for k in range(12)) for i in range(3)),
)  # fmt: skip
EMPTY = ReportTable(
    key="empty", number="3.4", title="Tanpa Baris", header=("Unit Kerja", "Jumlah"), rows=()
)
#: a paragraph with a tab and a line break (their own elements), under a bold label
ANALYSIS = "Faktor pendorong: baris satu\nbaris dua\tkolom  "
REPORT = Report(
    kind="kinerja", title="Laporan Kinerja Contoh", year="2025",
    sections=(
        Section("A. Capaian", 2, ("Paragraf sebelum tabel.", NARROW, LONG)),
        Section("B. Realisasi", 2, ("Tabel lebar sesudah paragraf ini.", WIDE)),
        Section("C. Kosong", 2, (EMPTY, "Paragraf penutup.", ANALYSIS)),
    ),
)  # fmt: skip


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    return write_docx(REPORT, tmp_path_factory.mktemp("tables") / "bab3.docx")


def test_each_table_reads_back_after_its_caption(written):
    document = docx.Document(str(written))
    body = list(document.element.body.iterchildren())
    tables = document.tables
    assert len(tables) == 4
    for table, model in zip(tables, (NARROW, LONG, WIDE, EMPTY), strict=True):
        caption = body[body.index(table._tbl) - 1]
        assert "".join(t.text for t in caption.iter(qn("w:t"))) == model.caption
        assert len(table.rows) == len(model.rows) + 1
        assert len(table.columns) == len(model.header)
        cells = [tuple(cell.text for cell in row.cells) for row in table.rows]
        assert cells[0] == model.header
        if model is not NARROW:
            assert cells[1:] == list(model.rows)
        assert table.style.name == "Table Grid"
        # The header row repeats on every page; no row splits over two pages.
        rows = [row._tr for row in table.rows]
        assert [bool(tr.xpath("./w:trPr/w:tblHeader")) for tr in rows] == [True] + [False] * (
            len(rows) - 1
        )
        assert all(tr.xpath("./w:trPr/w:cantSplit") for tr in rows)
    read_back = [row.cells[0].text for row in tables[0].rows[1:]]
    assert read_back == [shown for _, shown in HOSTILE]
    # figures right-aligned, texts as the style has it
    figure, text = tables[0].rows[1].cells[1], tables[0].rows[1].cells[0]
    assert figure.paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert text.paragraphs[0].alignment is None


def test_the_wide_table_is_on_a_landscape_page(written):
    document = docx.Document(str(written))
    orientations = [s.orientation for s in document.sections]
    assert orientations == [
        docx.enum.section.WD_ORIENT.PORTRAIT,
        docx.enum.section.WD_ORIENT.LANDSCAPE,
        docx.enum.section.WD_ORIENT.PORTRAIT,
    ]


def test_the_document_part_is_what_lxml_writes_of_it(written):
    """python-docx parses the part and lxml serializes it back to the same bytes: the streamed
    markup is what the tables parsed into the document's tree were written as."""
    with zipfile.ZipFile(written) as package:
        part = package.read("word/document.xml")
        names = [info.filename for info in package.infolist()]
    assert serialize_part_xml(docx.Document(str(written)).element) == part
    assert b"lk:tabel xmlns" not in part  # every placeholder replaced
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]


def test_paragraphs_read_back_with_their_breaks_and_label(written):
    document = docx.Document(str(written))
    texts = [p.text for p in document.paragraphs]
    assert "Paragraf sebelum tabel." in texts and "Paragraf penutup." in texts
    (analysis,) = [p for p in document.paragraphs if p.text == ANALYSIS]
    assert [(run.text, run.bold) for run in analysis.runs] == [
        ("Faktor pendorong:", True),
        (" baris satu\nbaris dua\tkolom  ", None),
    ]
