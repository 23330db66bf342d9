"""The Anggaran sheet: budget lines, their absorption and efficiency."""

from __future__ import annotations

from lkjip_xl.workbook.contract.columns import catatan_col, computed_col, input_col
from lkjip_xl.workbook.contract.kinerja.common import KODE_HELP
from lkjip_xl.workbook.contract.types import SheetKind, SheetSpec, Table, ValueType
from lkjip_xl.workbook.contract.vocab import WARNA_EFISIENSI


def tbl_anggaran() -> Table:
    return Table(
        "tblAnggaran",
        "Anggaran",
        "A4",
        "Realisasi Anggaran dan Efisiensi",
        (
            input_col(
                "Kode Indikator",
                "kode_indikator",
                width=15,
                required=True,
                refers_to="tblIndikator.kode",
                help=KODE_HELP + " Capaian Kinerja baris ini diambil dari indikator tersebut.",
            ),
            input_col(
                "Program/Kegiatan",
                "program_kegiatan",
                width=45,
                wrap=True,
                required=True,
                help="Nama program, kegiatan, atau subkegiatan yang mendukung indikator.",
            ),
            input_col(
                "Pagu",
                "pagu",
                ValueType.RUPIAH,
                required=True,
                minimum=0,
                help="Pagu anggaran (rupiah), ditulis sebagai angka.",
            ),
            input_col(
                "Realisasi Anggaran",
                "realisasi_anggaran",
                ValueType.RUPIAH,
                minimum=0,
                help="Realisasi anggaran (rupiah), ditulis sebagai angka.",
            ),
            computed_col(
                "Serapan",
                "serapan",
                ValueType.PERCENT,
                help="Serapan anggaran (%) = Realisasi Anggaran / Pagu x 100.",
            ),
            computed_col(
                "Capaian Kinerja",
                "capaian_kinerja",
                ValueType.PERCENT,
                help="Capaian indikator yang dirujuk Kode Indikator.",
            ),
            computed_col(
                "Efisiensi",
                "efisiensi",
                ValueType.RATIO,
                help="Menurut Metode_Efisiensi: rasio = Capaian Kinerja / Serapan (100 / 80 = "
                "1,25); selisih = Capaian Kinerja - Serapan (poin persen).",
            ),
            computed_col(
                "Kategori Efisiensi",
                "kategori_efisiensi",
                width=18,
                colours=WARNA_EFISIENSI,
                help="Kategori dari tabel tblSkalaEfisiensi di Pengaturan; kosong bila tabel itu "
                "kosong.",
            ),
            catatan_col("Keterangan dari mesin tentang baris ini."),
        ),
        min_rows=40,
        max_rows=2000,
        help="Satu baris per program atau kegiatan, dikaitkan ke indikator yang didukungnya.",
        freeze_columns=2,
    )


def anggaran_sheet() -> SheetSpec:
    return SheetSpec(
        "Anggaran",
        "Anggaran dan Efisiensi",
        SheetKind.DATA,
        "Pagu dan realisasi anggaran per program/kegiatan; serapan dan efisiensi dihitung mesin.",
        tables=(tbl_anggaran(),),
        tab_colour="1F4E78",
    )
