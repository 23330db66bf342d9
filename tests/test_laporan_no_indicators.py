"""A workbook without a single indicator: its chapter III says why every table is empty."""

from __future__ import annotations

import docx
import openpyxl

from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.report.document import write_report
from tests.reference import REPO

NOTE = (
    "Belum ada indikator di lembar Indikator: tabel capaian, perbandingan, dan efisiensi di bab "
    "ini kosong sampai tabel Indikator diisi."
)


def test_the_word_report_of_a_workbook_without_indicators_says_why_its_tables_are_empty(
    tmp_path,
):
    # Every table was a bare header row, with nothing saying the Indikator sheet was empty.
    path = tmp_path / "Kinerja.xlsx"
    build_template("kinerja", path)
    document = docx.Document(str(write_report(path).docx))
    texts = [p.text for p in document.paragraphs]
    first = texts.index("Tabel 3.1 Pengukuran Capaian Kinerja")
    assert texts[first + 1] == NOTE
    assert texts.count(NOTE) == 1
    assert [len(t.rows) for t in document.tables][:1] == [1]  # the header row alone


def test_the_laporan_sheet_of_the_committed_template_says_it_too():
    sheet = openpyxl.load_workbook(REPO / "workbook_templates" / "kinerja.xlsx")["Laporan"]
    texts = [c.value for row in sheet.iter_rows(max_row=12, max_col=1) for c in row]
    title = texts.index("Tabel 3.1 Pengukuran Capaian Kinerja")
    assert texts[title + 2] == f"Catatan: {NOTE}"  # under the table's header row
