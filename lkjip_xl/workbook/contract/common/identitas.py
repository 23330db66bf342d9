"""The Identitas sheet: who reports, for which year, on which template version."""

from __future__ import annotations

from lkjip_xl.workbook.contract.types import (
    YEAR_FORMAT,
    NamedCell,
    Role,
    SheetKind,
    SheetSpec,
    ValueType,
)


def identitas_sheet(version: str) -> SheetSpec:
    sheet = "Identitas"
    return SheetSpec(
        sheet,
        "Identitas Instansi",
        SheetKind.IDENTITAS,
        "Isi identitas instansi dan tahun laporan. Versi templat diisi oleh mesin.",
        names=(
            NamedCell(
                "Instansi",
                sheet,
                "B4",
                Role.INPUT,
                ValueType.TEXT,
                "Nama Instansi",
                "Nama pemerintah daerah atau instansi, misalnya Pemerintah Kota Bontang.",
                required=True,
            ),
            NamedCell(
                "Unit_Kerja",
                sheet,
                "B5",
                Role.INPUT,
                ValueType.TEXT,
                "Unit Kerja",
                "Nama perangkat daerah atau unit kerja yang melapor, misalnya BKPSDM.",
                required=True,
            ),
            NamedCell(
                "Kode_Unit",
                sheet,
                "B6",
                Role.INPUT,
                ValueType.TEXT,
                "Kode Unit",
                "Kode unit kerja (ditulis sebagai teks agar angka nol di depan tidak hilang).",
            ),
            NamedCell(
                "Tahun",
                sheet,
                "B7",
                Role.INPUT,
                ValueType.INTEGER,
                "Tahun Laporan",
                "Tahun anggaran yang dilaporkan, empat angka, misalnya 2024.",
                required=True,
                minimum=2000,
                maximum=2100,
                number_format=YEAR_FORMAT,
            ),
            NamedCell(
                "Versi_Template",
                sheet,
                "B8",
                Role.COMPUTED,
                ValueType.TEXT,
                "Versi Templat",
                "Versi templat buku kerja ini; diisi oleh mesin, jangan diubah.",
                default=version,
            ),
        ),
        freeze=False,
        tab_colour="1F4E78",
    )
