"""The ipasn Pengaturan sheet: the rule set, what a blank counts for, and rounding."""

from __future__ import annotations

from lkjip_xl.core.ipasn import DEFAULT_ATURAN, DataKosong
from lkjip_xl.workbook.contract.common.pengaturan import desimal_name, pembulatan_name
from lkjip_xl.workbook.contract.types import NamedCell, Role, SheetKind, SheetSpec, ValueType
from lkjip_xl.workbook.contract.vocab import ATURAN_IPASN, DATA_KOSONG

SHEET = "Pengaturan"


def pengaturan_sheet() -> SheetSpec:
    return SheetSpec(
        SHEET,
        "Pengaturan Perhitungan",
        SheetKind.PENGATURAN,
        "Aturan hitung yang dipakai buku kerja ini.",
        names=(
            NamedCell(
                "Aturan_IPASN",
                SHEET,
                "B4",
                Role.INPUT,
                ValueType.CHOICE,
                "Aturan IP ASN",
                "Perangkat aturan IP ASN: perban-bkn-8-2019 (PermenPAN-RB 38/2018 dan "
                "Peraturan BKN 8/2019).",
                default=DEFAULT_ATURAN,
                choices=ATURAN_IPASN,
                required=True,
            ),
            NamedCell(
                "Data_Kosong",
                SHEET,
                "B5",
                Role.INPUT,
                ValueType.CHOICE,
                "Data Kosong",
                "Nol: data yang kosong memberi nilai 0 pada dimensinya. Kecualikan: pegawai "
                "dengan data tidak lengkap tidak ikut dirata-ratakan.",
                default=DataKosong.NOL.value,
                choices=DATA_KOSONG,
                required=True,
            ),
            desimal_name(SHEET, "B6"),
            pembulatan_name(SHEET, "B7"),
        ),
        freeze=False,
        tab_colour="C65911",
    )
