"""A report table's markup is, to the byte, what lxml writes of it once parsed inside a
WordprocessingML part: what the document held when each table was parsed into its tree."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from lkjip_xl.workbook.report.docx_table import (
    ROWS_PER_PIECE,
    column_widths,
    markup_bound,
    measure,
    table_markup,
)
from lkjip_xl.workbook.report.elements import ReportTable

TEXTS = (
    "A & B <C> \"D\" 'E' ]]>", "  diawali spasi", "   ", "", "baris satu\nbaris dua",
    "baris\r\nWindows\rMac", "akhir\n\n", "tab\tdi tengah", "é ü – … \u00a0\u2028\x85 😀",
    "kontrol\x01\x0b\x1f", "\ufffe\uffff", "95,45", "Rp 1.234.567", "–", "12,5 %",
)  # fmt: skip
TABLE = ReportTable(
    key="rekap", number="3.1", title="Rekap",
    header=("Unit & <Kerja>", "Teks", "Nilai"),
    rows=tuple((f"Unit {i}", TEXTS[i % len(TEXTS)], TEXTS[-1 - i % len(TEXTS)])
               for i in range(ROWS_PER_PIECE * 2 + 7)),
)  # fmt: skip


def test_the_markup_is_what_lxml_writes_of_it_parsed():
    pieces = list(table_markup(TABLE, measure(TABLE), "TableGrid", 9, 15.5))
    assert len(pieces) == 1 + 3 + 1  # head, three pieces of rows, end
    markup = "".join(pieces)
    part = f"<w:body {nsdecls('w')}>{markup}</w:body>".encode()
    assert etree.tostring(parse_xml(part), encoding="UTF-8") == part
    assert len(markup.encode()) < markup_bound(TABLE)


def test_the_widths_fill_the_room_and_fit_each_word():
    measured = measure(TABLE)
    widths = column_widths(measured, 9, 15.5)
    assert abs(sum(widths) - 15.5) < 1e-9
    assert measured.line[1] >= measured.word[1] > 0
