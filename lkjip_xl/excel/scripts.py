"""The buttons as xlwings Server scripts (Office.js task pane), loaded by
:mod:`lkjip_xl.excel.server` only: importing it needs the xlwings Server licence key.

Each script takes the request's workbook as ``book: xw.Book`` and the cells the task pane saw
shown as a percentage as ``percent: PercentCells`` (the server injects both by their types),
and leaves its changes as the book's actions, which the task pane applies in Excel.
"""

from __future__ import annotations

import xlwings as xw
from xlwings.server import script

from lkjip_xl.excel import buttons
from lkjip_xl.excel.xlwings_book import PercentCells


@script(name="Hitung Ulang")
def hitung_ulang(book: xw.Book, percent: PercentCells) -> None:
    """Recompute every figure of the workbook (the "Hitung Ulang" button)."""
    buttons.jalankan(book, buttons.HITUNG, percent)


@script(name="Periksa")
def periksa(book: xw.Book, percent: PercentCells) -> None:
    """Check the workbook without computing (the "Periksa" button)."""
    buttons.jalankan(book, buttons.PERIKSA, percent)
