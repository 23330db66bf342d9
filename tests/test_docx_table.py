"""Report tables written as markup, read back by python-docx from the saved document."""

from __future__ import annotations

import io
import zipfile

from docx import Document

from lkjip_xl.workbook.report.docx_table import insert_table_after
from lkjip_xl.workbook.report.elements import ReportTable


def test_cell_texts_keep_their_spaces_and_line_breaks():
    texts = ("  dua  spasi ", "baris satu\nbaris dua", "1.234,50")
    table = ReportTable("t", "3.1", "Uji", ("Teks", "Baris", "Angka"), (texts,))
    document = Document()
    anchor = document.add_paragraph("Tabel 3.1 Uji")
    insert_table_after(anchor._p, table, document.styles["Table Grid"].style_id, 9, 15.5)
    saved = io.BytesIO()
    document.save(saved)

    read = Document(io.BytesIO(saved.getvalue()))
    assert [cell.text for cell in read.tables[0].rows[1].cells] == list(texts)
    assert [cell.text for cell in read.tables[0].rows[0].cells] == ["Teks", "Baris", "Angka"]
    xml = zipfile.ZipFile(saved).read("word/document.xml").decode()
    tbl = xml[xml.index("<w:tbl>") : xml.index("</w:tbl>")]
    # Word drops the spaces of a w:t without it; the attribute is set after the move
    assert tbl.count("<w:t>") == 0
    assert tbl.count('<w:t xml:space="preserve">') == 7  # 3 headers, 4 lines of data
