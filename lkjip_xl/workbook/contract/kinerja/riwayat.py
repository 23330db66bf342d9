"""The Riwayat sheet: targets and realisations of past years, for the trend in the report."""

from __future__ import annotations

from lkjip_xl.workbook.contract.columns import catatan_col, computed_col, input_col, key_col
from lkjip_xl.workbook.contract.kinerja.common import CAPAIAN_HELP, KODE_HELP, PREDIKAT_HELP
from lkjip_xl.workbook.contract.types import (
    YEAR_FORMAT,
    SheetKind,
    SheetSpec,
    Table,
    ValueType,
)
from lkjip_xl.workbook.contract.vocab import WARNA_CAPAIAN

SHEET = "Riwayat"


def tbl_riwayat() -> Table:
    return Table(
        "tblRiwayat",
        SHEET,
        "A4",
        "Target dan Realisasi Tahun-tahun Sebelumnya",
        (
            key_col(
                "Kode",
                "kode",
                width=11,
                help=KODE_HELP + " Polaritas diambil dari indikator tersebut.",
                refers_to="tblIndikator.kode",
            ),
            key_col(
                "Tahun",
                "tahun",
                ValueType.INTEGER,
                number_format=YEAR_FORMAT,
                minimum=2000,
                maximum=2100,
                help="Tahun yang lalu, empat angka, misalnya 2023. Satu baris per indikator per "
                "tahun periode Renstra.",
            ),
            input_col(
                "Target",
                "target",
                ValueType.NUMBER,
                help="Target tahun itu sesuai Perjanjian Kinerja tahun itu.",
            ),
            input_col(
                "Realisasi",
                "realisasi",
                ValueType.NUMBER,
                help="Realisasi tahun itu. Kosong berarti belum ada data; 0 berarti memang nol. "
                "Realisasi tahun sebelum Tahun laporan dipakai bila Realisasi Tahun Lalu di "
                "lembar Indikator kosong.",
            ),
            computed_col("Capaian", "capaian", ValueType.PERCENT, help=CAPAIAN_HELP),
            computed_col(
                "Predikat", "predikat", width=16, help=PREDIKAT_HELP, colours=WARNA_CAPAIAN
            ),
            catatan_col("Keterangan dari mesin: data yang kurang, kode yang tidak dikenal."),
        ),
        min_rows=40,
        max_rows=5000,
        help="Satu baris per indikator per tahun yang lalu; capaian dan predikat dihitung dengan "
        "aturan dan Pengaturan yang sama dengan lembar Indikator.",
        freeze_columns=2,
    )


def riwayat_sheet() -> SheetSpec:
    return SheetSpec(
        SHEET,
        "Riwayat Kinerja",
        SheetKind.DATA,
        "Target dan realisasi tahun-tahun sebelumnya dalam periode Renstra, untuk perbandingan "
        "dan tren di laporan. Kolom abu-abu dihitung oleh mesin.",
        tables=(tbl_riwayat(),),
        tab_colour="1F4E78",
        since="2026.3",
    )
