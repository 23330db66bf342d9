"""A report table put into the document row by row reads back as the same table, and as the
same markup as the table moved in whole."""

from __future__ import annotations

import io

from docx import Document
from lxml import etree

from lkjip_xl.workbook.report.docx_table import insert_table, table_element
from lkjip_xl.workbook.report.elements import ReportTable

ROWS = tuple(
    (f"Unit {i}", f"  diawali spasi {i}", f"baris satu\nbaris dua {i}", f"{i},50", "–")
    for i in range(400)
)
TABLE = ReportTable(
    key="rekap", number="3.1", title="Rekap per Unit Kerja",
    header=("Unit Kerja", "Catatan", "Keterangan", "Nilai", "Kosong"), rows=ROWS,
)  # fmt: skip


def _document_with(put) -> bytes:
    document = Document()
    anchor = document.add_paragraph("Tabel")._p
    put(anchor, document.styles["Table Grid"].style_id)
    document.add_paragraph("Sesudah tabel")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_table_reads_back_cell_by_cell_after_the_anchor():
    data = _document_with(lambda anchor, style: insert_table(anchor, TABLE, style, 9, 15.5))
    document = Document(io.BytesIO(data))
    (table,) = document.tables
    cells = [tuple(cell.text for cell in row.cells) for row in table.rows]
    assert cells[0] == TABLE.header
    assert cells[1:] == list(ROWS)  # spaces kept, a line break read back as one
    body = list(document.element.body)
    before, after = document.paragraphs[0], document.paragraphs[-1]
    assert (before.text, after.text) == ("Tabel", "Sesudah tabel")
    # right after the anchor, before the paragraph added next
    assert body.index(table._tbl) == body.index(before._p) + 1 == body.index(after._p) - 1


def test_the_markup_is_that_of_the_table_moved_in_whole():
    def whole(anchor, style):
        anchor.addnext(table_element(TABLE, style, 9, 15.5))

    def by_rows(anchor, style):
        insert_table(anchor, TABLE, style, 9, 15.5)

    def body(data: bytes) -> bytes:
        document = Document(io.BytesIO(data))
        return etree.tostring(document.element.body)

    assert body(_document_with(by_rows)) == body(_document_with(whole))
