"""The spread over the IP-ASN categories in the Word report: shares rounded one by one may not
add up to the Jumlah row, and the document then says why; a roster without employees is said
to be one (read back with python-docx, and the Laporan sheet with openpyxl)."""

from __future__ import annotations

from decimal import Decimal

import docx
import openpyxl

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import build_demo
from lkjip_xl.workbook.report.document import report_docx
from tests.test_laporan_sheet import sheet_tables


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


def _saran_notes(out) -> list[str]:
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    return [t for t in texts if t.startswith("Belum ada saran")]


def test_a_roster_without_employees_says_so_not_that_all_data_is_complete(tmp_path):
    path = build_template("ipasn", tmp_path / "IPASN.xlsx")
    recompute_file(path)
    said = "Belum ada saran: belum ada data pegawai di sheet Pegawai."
    assert _saran_notes(report_docx(path, tmp_path / "kosong.docx")) == [said]
    tables, _ = sheet_tables(path)  # the Laporan sheet is the same report
    assert tables["Tabel 3.4 Saran yang Paling Sering"]["notes"] == [said]
    # One employee, not computed yet: no Saran to count, but there is an employee.
    wb = openpyxl.load_workbook(path)
    table = template("ipasn").table("tblPegawai")
    wb["Pegawai"][f"{table.letter('nama')}{table.first_data_row}"] = "Siti"
    wb.save(path)
    assert _saran_notes(report_docx(path, tmp_path / "satu.docx")) == [
        "Belum ada saran: seluruh data pegawai lengkap atau belum dihitung."
    ]
