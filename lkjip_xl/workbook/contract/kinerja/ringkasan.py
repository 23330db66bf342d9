"""The Ringkasan sheet: means per sasaran and for the agency, computed only."""

from __future__ import annotations

from lkjip_xl.workbook.contract.columns import computed_col
from lkjip_xl.workbook.contract.types import (
    Chart,
    NamedCell,
    Role,
    SheetKind,
    SheetSpec,
    Table,
    ValueType,
)
from lkjip_xl.workbook.contract.vocab import WARNA_CAPAIAN

SHEET = "Ringkasan"


def tbl_ringkasan_sasaran() -> Table:
    return Table(
        "tblRingkasanSasaran",
        SHEET,
        "A10",
        "Rata-rata Capaian per Sasaran",
        (
            computed_col("Sasaran", "sasaran", width=45, wrap=True, help="Sasaran strategis."),
            computed_col(
                "Jumlah Indikator",
                "jumlah_indikator",
                ValueType.INTEGER,
                help="Jumlah seluruh indikator sasaran ini, termasuk yang capaiannya tidak "
                "berupa angka.",
            ),
            computed_col(
                "Indikator Dihitung",
                "indikator_dihitung",
                ValueType.INTEGER,
                help="Jumlah indikator sasaran ini yang capaiannya berupa angka; rata-rata "
                "dihitung atas indikator ini.",
            ),
            computed_col(
                "Rata-rata Capaian",
                "rata_rata_capaian",
                ValueType.PERCENT,
                help="Rata-rata sederhana capaian yang ditampilkan dari indikator sasaran ini "
                "yang dihitung (lihat Indikator Dihitung).",
            ),
            computed_col(
                "Predikat",
                "predikat",
                width=16,
                colours=WARNA_CAPAIAN,
                help="Predikat rata-rata capaian menurut Skala_Capaian.",
            ),
        ),
        min_rows=10,
        max_rows=200,
        help="Diisi oleh mesin dari lembar Indikator.",
    )


def ringkasan_sheet() -> SheetSpec:
    return SheetSpec(
        SHEET,
        "Ringkasan Kinerja",
        SheetKind.HASIL,
        "Seluruh isi lembar ini dihitung oleh mesin.",
        tables=(tbl_ringkasan_sasaran(),),
        names=(
            NamedCell(
                "Rata_Capaian",
                SHEET,
                "B4",
                Role.COMPUTED,
                ValueType.PERCENT,
                "Rata-rata Capaian",
                "Rata-rata sederhana capaian seluruh indikator yang capaiannya berupa angka; "
                "indikator yang dikecualikan tercatat di kolom Catatan lembar Indikator.",
            ),
            NamedCell(
                "Predikat_Instansi",
                SHEET,
                "B5",
                Role.COMPUTED,
                ValueType.TEXT,
                "Predikat Instansi",
                "Predikat Rata-rata Capaian menurut Skala_Capaian.",
                colours=WARNA_CAPAIAN,
            ),
            NamedCell(
                "Serapan_Total",
                SHEET,
                "B6",
                Role.COMPUTED,
                ValueType.PERCENT,
                "Serapan Anggaran Total",
                "Jumlah Realisasi Anggaran / jumlah Pagu x 100.",
            ),
            NamedCell(
                "Efisiensi_Instansi",
                SHEET,
                "B7",
                Role.COMPUTED,
                ValueType.RATIO,
                "Efisiensi Instansi",
                "Rata-rata Capaian dibandingkan Serapan Anggaran Total menurut Metode_Efisiensi.",
            ),
        ),
        charts=(
            Chart(
                "Rata-rata Capaian per Sasaran (%)",
                "tblRingkasanSasaran",
                "sasaran",
                ("rata_rata_capaian",),
                "G10",
                y_title="Capaian (%)",
            ),
        ),
        tab_colour="7F7F7F",
    )
