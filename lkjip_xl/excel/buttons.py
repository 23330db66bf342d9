"""The buttons "Hitung Ulang" and "Periksa", for desktop Excel and for Office.js.

Desktop Excel (xlwings add-in or the standalone ``.xlsm``), from VBA::

    RunPython "import lkjip_xl.excel.buttons as b; b.hitung_ulang()"
    RunPython "import lkjip_xl.excel.buttons as b; b.periksa()"

Office.js (``lkjip-xl serve``): the task pane's buttons call the scripts of
:mod:`lkjip_xl.excel.scripts`, which run :func:`jalankan` on the JSON book of the request.

Both run :func:`lkjip_xl.workbook.recompute.recompute` / ``check`` on an
:class:`~lkjip_xl.excel.xlwings_book.XlwingsBook`, exactly as the command line does on a file.
The outcome is shown three ways:

- the Log row that recompute writes (``tblLog``; a check writes none, as on the command line);
- the status cell: the workbook-scoped name ``Status_Proses`` when the workbook defines one,
  otherwise ``Identitas!B10`` with the label ``Status Terakhir`` in ``Identitas!A10`` (below the
  identity block of both templates; every button press overwrites it);
- a message box (desktop) or the task pane's message line (Office.js), listing the first
  problems with their cells.

Nothing here raises into Excel: a failure becomes one Indonesian sentence in those places.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lkjip_xl.core.problems import ribuan
from lkjip_xl.excel.xlwings_book import PercentCells, XlwingsBook, XlwingsBookError
from lkjip_xl.workbook.problems import Laporan
from lkjip_xl.workbook.reader import StructureError
from lkjip_xl.workbook.recompute import TINDAKAN_HITUNG, TINDAKAN_PERIKSA, check, recompute

HITUNG = TINDAKAN_HITUNG  # "Hitung Ulang"
PERIKSA = TINDAKAN_PERIKSA  # "Periksa"
#: The command that does a button's work without Excel (its failure message names it).
PERINTAH = {HITUNG: "hitung", PERIKSA: "periksa"}
#: A button's answer to a failure no rule foresaw ({0}: the action, {1}: the exception's class
#: name, {2}: the command). Python's own text (English, sometimes a path) goes to the log: the
#: server's under Office.js; RunPython deletes its stderr file when Python ends well, so the
#: user is sent to the command, which shows it.
TAK_TERDUGA = (
    "{0} gagal karena kesalahan tak terduga di lkjip_xl ({1}). Simpan dan tutup buku kerja "
    "ini, lalu di jendela perintah (cmd) jalankan lkjip-xl {2} diikuti nama berkasnya: "
    "perintah itu menampilkan rinciannya. Bila gagal juga, laporkan pesannya ke bagian TI."
)
logger = logging.getLogger(__name__)
STATUS_NAME = "Status_Proses"
STATUS_SHEET = "Identitas"
STATUS_LABEL_CELL = "A10"
STATUS_CELL = "B10"
STATUS_LABEL = "Status Terakhir"
MAX_LISTED = 8


@dataclass
class Hasil:
    """What a button did: the report (None when it failed) and the sentence shown."""

    tindakan: str
    pesan: str
    laporan: Laporan | None = None
    gagal: bool = False


def ringkasan(tindakan: str, laporan: Laporan, waktu: datetime | None = None) -> str:
    """The one-line status: action, time, counts, and the first error if any."""
    waktu = waktu or datetime.now()
    galat, peringatan = laporan.galat, laporan.peringatan
    kata = "selesai" if tindakan == HITUNG else "selesai diperiksa"
    text = (
        f"{tindakan} {kata} {waktu:%d-%m-%Y %H:%M}: {ribuan(len(galat))} galat, "
        f"{ribuan(len(peringatan))} peringatan."
    )
    if galat:
        first = galat[0]
        where = f" ({first.place})" if first.place else ""
        text += f" Galat pertama{where}: {first.message}"
    elif tindakan == HITUNG:
        text += " Lihat lembar Log."
    return text


def rincian(laporan: Laporan) -> str:
    """The message box text: what a recompute did beyond computing (rows taken into a table),
    then the problems, errors first, with their cells."""
    rows = laporan.galat + laporan.peringatan
    lines = [f"- {note}" for note in laporan.catatan]
    lines += [
        f"- [{m.tingkat.value}] {m.place + ': ' if m.place else ''}{m.message}"
        for m in rows[:MAX_LISTED]
    ]
    if len(rows) > MAX_LISTED:
        rest = ribuan(len(rows) - MAX_LISTED)
        lines.append(f"... dan {rest} masalah lain (lkjip-xl periksa --json).")
    return "\n".join(lines)


def tulis_status(book: XlwingsBook, pesan: str) -> None:
    """Write the status sentence (see the module docstring for where)."""
    if book.name_address(STATUS_NAME) is not None:
        book.write_name(STATUS_NAME, pesan)
        return
    if book.has_sheet(STATUS_SHEET):
        book.write_cell(STATUS_SHEET, STATUS_LABEL_CELL, STATUS_LABEL)
        book.write_cell(STATUS_SHEET, STATUS_CELL, pesan)


def jalankan(xw_book: Any, tindakan: str, percent: PercentCells | None = None) -> Hasil:
    """Run ``tindakan`` (:data:`HITUNG` or :data:`PERIKSA`) on an ``xw.Book``; ``percent``:
    the cells an Office.js client saw shown as a percentage (desktop Excel is asked itself)."""
    if tindakan not in (HITUNG, PERIKSA):
        raise ValueError(f"Tindakan {tindakan!r} tidak dikenal.")
    book = XlwingsBook(xw_book, percent=percent)
    hasil = Hasil(tindakan, "")
    try:
        hasil.laporan = recompute(book) if tindakan == HITUNG else check(book)
        hasil.pesan = ringkasan(tindakan, hasil.laporan)
    except (StructureError, XlwingsBookError, ValueError) as exc:
        hasil.gagal, hasil.pesan = True, f"{tindakan} gagal: {exc}"
    except Exception as exc:  # the last line of defence: a sentence, never a traceback
        logger.exception("Kesalahan tak terduga pada tombol %s", tindakan)
        hasil.gagal = True
        hasil.pesan = TAK_TERDUGA.format(tindakan, type(exc).__name__, PERINTAH[tindakan])
    with suppress(Exception):  # the status cell is a courtesy; the message box still tells
        tulis_status(book, hasil.pesan)
    try:
        book.commit()
    except Exception as exc:
        hasil.pesan += f" Proteksi lembar tidak dapat dipasang kembali: {exc}"
    laporan = hasil.laporan
    detail = rincian(laporan) if laporan and (laporan.masalah or laporan.catatan) else ""
    book.alert(hasil.pesan + ("\n\n" + detail if detail else ""), f"lkjip_xl: {tindakan}",
               error=hasil.gagal or bool(hasil.laporan and hasil.laporan.galat))  # fmt: skip
    return hasil


def _caller() -> Any:
    import xlwings as xw

    return xw.Book.caller()


def hitung_ulang() -> None:
    """RunPython entry of the "Hitung Ulang" button: recompute the calling workbook."""
    jalankan(_caller(), HITUNG)


def periksa() -> None:
    """RunPython entry of the "Periksa" button: check the calling workbook."""
    jalankan(_caller(), PERIKSA)
