"""The Pengumpulan sheet: the master's record of what went out to the units and what came back."""

from __future__ import annotations

from lkjip_xl.workbook.contract.columns import computed_col
from lkjip_xl.workbook.contract.types import SheetKind, SheetSpec, Table, ValueType
from lkjip_xl.workbook.contract.vocab import STATUS_PENGUMPULAN, WARNA_PENGUMPULAN

SHEET = "Pengumpulan"


def tbl_pengumpulan() -> Table:
    return Table(
        "tblPengumpulan",
        SHEET,
        "A4",
        "Status Pengumpulan per Unit",
        (
            computed_col(
                "ID Distribusi",
                "id_distribusi",
                width=26,
                help="Pengenal pembagian buku kerja; tercap di setiap buku kerja unit.",
            ),
            computed_col("Unit", "unit", width=32, wrap=True, help="Unit penerima buku kerja."),
            computed_col(
                "Berkas",
                "berkas",
                width=36,
                wrap=True,
                help="Berkas yang diterima, atau berkas yang dikirim bila belum kembali.",
            ),
            computed_col(
                "Waktu Diterima",
                "waktu_diterima",
                ValueType.DATETIME,
                help="Waktu berkas dikumpulkan.",
            ),
            computed_col(
                "Status",
                "status",
                ValueType.CHOICE,
                choices=STATUS_PENGUMPULAN,
                width=16,
                colours=WARNA_PENGUMPULAN,
                help="Belum Kembali, Diterima (isian digabungkan), Ditolak (lihat "
                "Masalah), Konflik (tidak digabungkan), atau Duplikat (berkas yang sama "
                "sudah diterima).",
            ),
            computed_col(
                "Baris",
                "baris",
                ValueType.INTEGER,
                help="Banyaknya baris data unit: yang dikirim, atau yang ada di berkas "
                "yang diterima.",
            ),
            computed_col("Diubah", "diubah", ValueType.INTEGER, help="Baris yang isiannya diubah."),
            computed_col(
                "Ditambah",
                "ditambah",
                ValueType.INTEGER,
                help="Baris baru yang ditambahkan ke induk.",
            ),
            computed_col(
                "Dihapus",
                "dihapus",
                ValueType.INTEGER,
                help="Baris yang dihapus dari induk (nilainya disimpan di folder arsip).",
            ),
            computed_col(
                "Masalah",
                "masalah",
                width=80,
                wrap=True,
                help="Alasan penolakan, konflik, dan setiap perubahan yang perlu dilihat, "
                "dengan kode dan tempatnya.",
            ),
            computed_col(
                "Sidik Jari Berkas",
                "sidik_jari_berkas",
                width=20,
                help="Awal hash SHA-256 berkas; salinan utuhnya ada di folder arsip "
                "dengan nama yang memuat hash ini.",
            ),
        ),
        min_rows=1,
        max_rows=5000,
        help="Diisi oleh mesin; jangan diketik.",
    )


def pengumpulan_sheet() -> SheetSpec:
    """Written by distribute and collect in the master."""
    return SheetSpec(
        SHEET,
        "Pengumpulan Buku Kerja Unit",
        SheetKind.LOG,
        "Diisi mesin di buku kerja induk: saat dibagikan ke unit (lkjip-xl bagikan) dan saat "
        "dikumpulkan kembali (lkjip-xl kumpulkan); satu baris per berkas yang diterima. Di "
        "buku kerja unit tabel ini kosong dan tidak perlu diisi (lihat Petunjuk).",
        tables=(tbl_pengumpulan(),),
        tab_colour="A6A6A6",
    )
