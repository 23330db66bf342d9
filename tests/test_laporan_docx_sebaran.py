"""The spread over the IP-ASN categories in the Word report: shares rounded one by one may not
add up to the Jumlah row, and the document then says why (read back with python-docx)."""

from __future__ import annotations

from decimal import Decimal

import docx
import openpyxl

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.demo import build_demo
from lkjip_xl.workbook.report.document import report_docx


def test_shares_that_miss_100_after_rounding_are_explained(tmp_path):
    path = build_demo("ipasn-000", tmp_path)[0]
    wb = openpyxl.load_workbook(path)
    sheet, cell = next(iter(wb.defined_names["Desimal"].destinations))
    wb[sheet][cell.replace("$", "")] = 0  # whole percentages: 1 + 17 + 25 + 28 + 28
    wb.save(path)
    recompute_file(path)
    out = report_docx(path, tmp_path / "ipasn.docx")
    document = docx.Document(str(out))
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    tables = [c for c in captions if c.startswith("Tabel")]
    table = document.tables[tables.index("Tabel 3.3 Sebaran Pegawai menurut Kategori IP ASN")]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    shares = [r[3] for r in rows if r[0]]
    # Whole percentages are shown whole: Desimal 0 is the places the workbook shows.
    assert shares == ["1", "17", "25", "28", "28"]
    assert rows[-1][1:] == ["Jumlah", "2.777", "100"]
    added = sum(Decimal(s.replace(",", ".")) for s in shares)
    assert added == Decimal("99")
    texts = [p.text for p in document.paragraphs]
    assert (
        "Persentase: jumlah persentase yang ditampilkan (99) berbeda dengan 100 karena pembulatan."
    ) in texts
