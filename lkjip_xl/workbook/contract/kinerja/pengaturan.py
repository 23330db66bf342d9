"""The kinerja Pengaturan sheet: scales, formulas and rounding, with two editable band tables."""

from __future__ import annotations

from lkjip_xl.core import vocab as core_vocab
from lkjip_xl.core.capaian import MetodeNegatif
from lkjip_xl.core.efisiensi import MetodeEfisiensi
from lkjip_xl.core.vocab import SKALA_CAPAIAN_DEFAULT
from lkjip_xl.workbook.contract.columns import input_col, key_col
from lkjip_xl.workbook.contract.common.pengaturan import desimal_name, pembulatan_name
from lkjip_xl.workbook.contract.types import (
    Column,
    NamedCell,
    Role,
    SheetKind,
    SheetSpec,
    Table,
    ValueType,
)
from lkjip_xl.workbook.contract.vocab import (
    METODE_EFISIENSI,
    METODE_NEGATIF,
    SKALA_CAPAIAN_CHOICES,
    YA_TIDAK,
    band_rows,
)

SHEET = "Pengaturan"


def band_cols() -> tuple[Column, ...]:
    """The columns of an editable band table (lower bound, inclusive, label, colour)."""
    return (
        key_col(
            "Predikat",
            "label",
            width=18,
            help="Label predikat band ini. Urutkan dari band tertinggi ke terendah.",
        ),
        input_col(
            "Batas Bawah",
            "lower",
            ValueType.NUMBER,
            help="Batas bawah band. Kosongkan pada baris terakhir (band terendah, tanpa batas "
            "bawah). Band teratas terbuka ke atas.",
        ),
        input_col(
            "Termasuk Batas",
            "inclusive",
            ValueType.CHOICE,
            choices=YA_TIDAK,
            reads=core_vocab.baca_termasuk_batas,
            help="Ya: nilai yang sama dengan batas bawah masuk band ini (>=). Tidak: nilai harus "
            "lebih besar dari batas bawah (>).",
        ),
        input_col(
            "Warna",
            "colour",
            width=11,
            help="Warna band dalam kode heksadesimal, misalnya #1E7B34.",
        ),
        input_col(
            "Keterangan",
            "keterangan",
            width=20,
            wrap=True,
            help="Keterangan band (tidak dihitung).",
        ),
    )


def tbl_skala_capaian() -> Table:
    return Table(
        "tblSkalaCapaian",
        SHEET,
        "A13",
        "Skala Predikat Capaian (kustom)",
        band_cols(),
        min_rows=10,
        max_rows=30,
        prefill=band_rows("sakip"),
        help="Dipakai hanya bila Skala_Capaian = kustom. Terisi skala sakip sebagai contoh.",
    )


def tbl_skala_efisiensi() -> Table:
    return Table(
        "tblSkalaEfisiensi",
        SHEET,
        "G13",
        "Kategori Efisiensi",
        band_cols(),
        min_rows=10,
        max_rows=30,
        prefill=band_rows("efisiensi-rasio"),
        help="Kategori efisiensi. Terisi untuk metode rasio; untuk metode selisih sesuaikan "
        "batasnya (misalnya Efisien >= 0). Tabel kosong berarti tanpa kategori.",
    )


def pengaturan_sheet() -> SheetSpec:
    return SheetSpec(
        SHEET,
        "Pengaturan Perhitungan",
        SheetKind.PENGATURAN,
        "Aturan hitung yang dipakai buku kerja ini. Nilai bawaan mengikuti praktik laporan.",
        tables=(tbl_skala_capaian(), tbl_skala_efisiensi()),
        names=(
            NamedCell(
                "Skala_Capaian",
                SHEET,
                "B4",
                Role.INPUT,
                ValueType.CHOICE,
                "Skala Predikat Capaian",
                "Skala predikat capaian. kustom: memakai tabel tblSkalaCapaian di bawah.",
                default=SKALA_CAPAIAN_DEFAULT,
                choices=SKALA_CAPAIAN_CHOICES,
                required=True,
            ),
            NamedCell(
                "Metode_Negatif",
                SHEET,
                "B5",
                Role.INPUT,
                ValueType.CHOICE,
                "Rumus Polaritas Negatif",
                "lan: (2 x Target - Realisasi) / Target x 100. invers: Target / Realisasi x 100.",
                default=MetodeNegatif.LAN.value,
                choices=METODE_NEGATIF,
                required=True,
            ),
            NamedCell(
                "Batas_Bawah_Nol",
                SHEET,
                "B6",
                Role.INPUT,
                ValueType.CHOICE,
                "Capaian Minimal 0",
                "Ya: capaian negatif (polaritas Negatif) dijadikan 0 dan dicatat.",
                default="Ya",
                choices=YA_TIDAK,
                required=True,
            ),
            NamedCell(
                "Batas_Atas_Capaian",
                SHEET,
                "B7",
                Role.INPUT,
                ValueType.NUMBER,
                "Batas Atas Capaian",
                "Kosongkan agar capaian tidak dibatasi; isi angka (misalnya 100) untuk "
                "membatasi capaian, dan catatan menyebutkannya.",
                minimum=0,
            ),
            NamedCell(
                "Metode_Efisiensi",
                SHEET,
                "B8",
                Role.INPUT,
                ValueType.CHOICE,
                "Metode Efisiensi",
                "rasio: capaian kinerja / serapan anggaran. selisih: capaian kinerja - "
                "serapan anggaran.",
                default=MetodeEfisiensi.RASIO.value,
                choices=METODE_EFISIENSI,
                required=True,
            ),
            desimal_name(SHEET, "B9"),
            pembulatan_name(SHEET, "B10"),
        ),
        freeze=False,
        tab_colour="C65911",
    )
