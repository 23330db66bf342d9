"""The rows the exchange writes: a ``Log`` row per distribution or collection, and the rows of
``tblPengumpulan`` (one per received file, one per unit still awaited)."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lkjip_xl.core.problems import ribuan
from lkjip_xl.workbook.book import Book
from lkjip_xl.workbook.contract import Template
from lkjip_xl.workbook.exchange.codes import StatusKiriman
from lkjip_xl.workbook.problems import Masalah
from lkjip_xl.workbook.recompute import engine_version

TINDAKAN_DISTRIBUSI = "Distribusi"
TINDAKAN_PENGUMPULAN = "Pengumpulan"
PENGUMPULAN = "tblPengumpulan"
LOG = "tblLog"

MAX_PROBLEMS_SHOWN = 25


def user() -> str:
    name = os.environ.get("LKJIP_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name in some services
        return "-"


def append_log(
    book: Book,
    template: Template,
    tindakan: str,
    keterangan: str,
    fingerprint: str | None = None,
    galat: int = 0,
    peringatan: int = 0,
) -> None:
    values = {
        "waktu": datetime.now().replace(microsecond=0),
        "pengguna": user(),
        "tindakan": tindakan,
        "versi_mesin": engine_version(),
        "aturan": "",
        "sidik_jari_masukan": fingerprint,
        "galat": galat,
        "peringatan": peringatan,
        "keterangan": keterangan,
    }
    spec = template.table(LOG)
    table = book.read_table(LOG)
    book.append_row(table, [values.get(c.key) for c in spec.columns])


@dataclass
class Baris:
    """One row of ``tblPengumpulan`` (by column key)."""

    values: dict[str, Any]

    @property
    def distribution(self) -> str:
        return str(self.values.get("id_distribusi") or "")

    @property
    def unit(self) -> str:
        return str(self.values.get("unit") or "")

    @property
    def status(self) -> str:
        return str(self.values.get("status") or "")


def read_pengumpulan(book: Book, template: Template) -> list[Baris]:
    spec = template.table(PENGUMPULAN)
    data = book.read_table(PENGUMPULAN)
    out = []
    for row in data.rows:
        values = {}
        for column in spec.columns:
            position = data.column_index(column.name)
            value = row[position] if position is not None and position < len(row) else None
            if type(value) is float and value.is_integer():
                # A count read back (the reader's numbers are floats) is written again as the
                # integer it was: ``<v>52</v>``, not ``<v>52.0</v>``, which LibreOffice and
                # openpyxl read as a float (and the file differs for nothing).
                value = int(value)
            values[column.key] = value
        if any(v not in (None, "") for v in values.values()):
            out.append(Baris(values))
    return out


def write_pengumpulan(book: Book, template: Template, rows: list[Baris]) -> None:
    spec = template.table(PENGUMPULAN)
    data = book.read_table(PENGUMPULAN)
    book.write_rows(data, [[r.values.get(c.key) for c in spec.columns] for r in rows])


def problems_text(masalah: list[Masalah]) -> str | None:
    if not masalah:
        return None
    parts = []
    for m in masalah[:MAX_PROBLEMS_SHOWN]:
        place = f" ({m.place})" if m.place else ""
        parts.append(f"[{m.code}] {m.message}{place}")
    rest = len(masalah) - MAX_PROBLEMS_SHOWN
    if rest > 0:
        parts.append(f"dan {ribuan(rest)} masalah lain (lihat keluaran perintah kumpulkan).")
    return " ".join(parts)


def baris(
    distribution: str,
    unit: str | None,
    file: str,
    status: StatusKiriman,
    *,
    when: datetime | None = None,
    rows: int | None = None,
    changed: int | None = None,
    added: int | None = None,
    removed: int | None = None,
    masalah: list[Masalah] | None = None,
    digest: str | None = None,
) -> Baris:
    return Baris(
        {
            "id_distribusi": distribution,
            "unit": unit,
            "berkas": file,
            "waktu_diterima": when,
            "status": status.value,
            "baris": rows,
            "diubah": changed,
            "ditambah": added,
            "dihapus": removed,
            "masalah": problems_text(masalah or []),
            "sidik_jari_berkas": digest,
        }
    )
