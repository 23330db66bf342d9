"""The buttons as xlwings Server scripts (Office.js task pane), loaded by
:mod:`lkjip_xl.excel.server` only: importing it needs the xlwings Server licence key.

Each script takes the request's workbook as ``book: xw.Book`` (xlwings injects it) and leaves
its changes as the book's actions, which the task pane applies in Excel.
"""

from __future__ import annotations

import xlwings as xw
from xlwings.server import script

from lkjip_xl.excel import buttons


@script(name="Hitung Ulang")
def hitung_ulang(book: xw.Book) -> None:
    """Recompute every figure of the workbook (the "Hitung Ulang" button)."""
    buttons.jalankan(book, buttons.HITUNG)


@script(name="Periksa")
def periksa(book: xw.Book) -> None:
    """Check the workbook without computing (the "Periksa" button)."""
    buttons.jalankan(book, buttons.PERIKSA)
