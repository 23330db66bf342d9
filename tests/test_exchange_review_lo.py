"""Review: a unit whose recap was cut below its needs and grown back by its recompute, on a
master's Rekap sheet carrying what users add (conditional formatting, a validation, a name and a
hyperlink and a comment in the rows cut, a merged note and a chart below), opens in LibreOffice
with the table, values and names openpyxl and calamine read."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineWorkbook

from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.safe_write import backups
from tests.test_exchange_review_collect import many_units_master

REKAP = "tblRekap"


def _decorate(master: Path) -> None:
    wb = openpyxl.load_workbook(master)
    ws = wb["Rekap"]
    last = int(re.sub(r"[A-Z]", "", ws.tables[REKAP].ref.split(":")[1]))
    assert last > 30  # the rows 21.. are cut from a unit's recap
    red = PatternFill("solid", fgColor="FFC7CE")
    ws.conditional_formatting.add(
        "I5:I200", CellIsRule(operator="lessThan", formula=["60"], fill=red)
    )
    valid = DataValidation(type="list", formula1='"PNS,PPPK"')
    valid.add("B5:B200")
    ws.add_data_validation(valid)
    wb.defined_names["Catatan_Rekap"] = DefinedName("Catatan_Rekap", attr_text="Rekap!$B$30")
    ws["C25"].hyperlink = "https://example.org/rekap"
    ws["D25"].comment = Comment("cek ulang", "pimpinan")
    ws[f"A{last + 5}"] = "Disusun oleh Bagian Kepegawaian"
    ws.merge_cells(f"A{last + 5}:C{last + 5}")
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=9, min_row=4, max_row=last), titles_from_data=True)
    ws.add_chart(chart, "M15")
    wb.save(master)
    for backup in backups(master):
        backup.unlink()


@pytest.mark.libreoffice
def test_a_grown_recap_beside_users_additions_opens_alike_everywhere(tmp_path, libreoffice):
    master = many_units_master(tmp_path / "induk.xlsx")
    _decorate(master)
    sent = distribute(master, tmp_path / "kirim", "Status")
    assert len(sent.workbooks) == 2
    for made in sent.workbooks:
        rows = FileBook(made.path).read_table(REKAP).rows
        assert len(rows) == 16  # more than a new workbook's 10: grown by the recompute
        wb = openpyxl.load_workbook(made.path)
        ws = wb["Rekap"]
        ref = ws.tables[REKAP].ref
        assert ref == "A4:K20"
        info = libreoffice.inspect(made.path)
        assert info["database_ranges"][REKAP] == f"Rekap!{ref}"
        assert info["errors"] == []
        assert info["named_ranges"]["Catatan_Rekap"]["address"] == "Rekap!B30"
        lo = info["cells"]["Rekap"]
        for row in ws.iter_rows(min_row=5, max_row=20, max_col=11):
            for cell in row:
                expected = cell.value
                if isinstance(expected, int | float):
                    expected = float(expected)
                assert lo.get(cell.coordinate) == expected, (made.unit, cell.coordinate)
        assert lo.get("A40") == "Disusun oleh Bagian Kepegawaian"
        assert not any(lo.get(f"A{r}") for r in range(21, 36))  # no master row left
        sheet = CalamineWorkbook.from_path(str(made.path)).get_sheet_by_name("Rekap")
        values = sheet.to_python()
        assert values[4][0] == ws["A5"].value and values[19][0] == ws["A20"].value
        assert "Disusun oleh Bagian Kepegawaian" in values[39]
        assert ws.conditional_formatting and ws.data_validations.dataValidation
