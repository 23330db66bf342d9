"""Settings both templates have on their Pengaturan sheet: how computed values are rounded."""

from __future__ import annotations

from lkjip_xl.core.rounding import DESIMAL_DEFAULT, DESIMAL_MAX, DESIMAL_MIN, Pembulatan
from lkjip_xl.core.vocab import PEMBULATAN_LABELS
from lkjip_xl.workbook.contract.types import YEAR_FORMAT, NamedCell, Role, ValueType
from lkjip_xl.workbook.contract.vocab import PEMBULATAN


def desimal_name(sheet: str, cell: str) -> NamedCell:
    return NamedCell(
        "Desimal",
        sheet,
        cell,
        Role.INPUT,
        ValueType.INTEGER,
        "Jumlah Desimal",
        "Banyaknya angka di belakang koma pada setiap hasil hitungan; hitungan berikutnya memakai "
        "angka yang tampil, seperti dalam laporan.",
        default=DESIMAL_DEFAULT,
        required=True,
        minimum=DESIMAL_MIN,
        maximum=DESIMAL_MAX,
        number_format=YEAR_FORMAT,
    )


def pembulatan_name(sheet: str, cell: str) -> NamedCell:
    return NamedCell(
        "Pembulatan",
        sheet,
        cell,
        Role.INPUT,
        ValueType.CHOICE,
        "Cara Pembulatan",
        "Setengah ke atas: 95,445 menjadi 95,45 (seperti ROUND di Excel). Potong: angka lebihnya "
        "dibuang, 95,449 menjadi 95,44.",
        default=PEMBULATAN_LABELS[Pembulatan.HALF_UP],
        choices=PEMBULATAN,
        required=True,
    )
