"""The Log sheet: one row per recompute, check or exchange, written by the engine."""

from __future__ import annotations

from lkjip_xl.workbook.contract.columns import computed_col
from lkjip_xl.workbook.contract.types import SheetKind, SheetSpec, Table, ValueType

SHEET = "Log"


def tbl_log() -> Table:
    return Table(
        "tblLog",
        SHEET,
        "A4",
        "Riwayat Hitung Ulang dan Pemeriksaan",
        (
            computed_col(
                "Waktu",
                "waktu",
                ValueType.DATETIME,
                help="Waktu proses dijalankan.",
            ),
            computed_col("Pengguna", "pengguna", help="Nama pengguna komputer yang menjalankan."),
            computed_col(
                "Tindakan",
                "tindakan",
                help="Jenis proses: hitung ulang, pemeriksaan, distribusi, atau pengumpulan.",
            ),
            computed_col("Versi Mesin", "versi_mesin", help="Versi lkjip_xl yang dipakai."),
            computed_col(
                "Aturan",
                "aturan",
                width=40,
                wrap=True,
                help="Aturan dan preset yang dipakai beserta versinya.",
            ),
            computed_col(
                "Sidik Jari Masukan",
                "sidik_jari_masukan",
                width=24,
                help="Ringkasan (hash) seluruh isian; berubah bila ada isian yang berubah.",
            ),
            computed_col(
                "Galat",
                "galat",
                ValueType.INTEGER,
                help="Jumlah galat yang ditemukan.",
            ),
            computed_col(
                "Peringatan",
                "peringatan",
                ValueType.INTEGER,
                help="Jumlah peringatan yang ditemukan.",
            ),
            computed_col(
                "Keterangan", "keterangan", width=60, wrap=True, help="Keterangan tambahan."
            ),
        ),
        min_rows=1,
        help="Diisi oleh mesin; jangan diketik.",
    )


def log_sheet() -> SheetSpec:
    return SheetSpec(
        SHEET,
        "Catatan Proses",
        SheetKind.LOG,
        "Satu baris untuk setiap hitung ulang, pemeriksaan, atau pertukaran berkas; diisi mesin.",
        tables=(tbl_log(),),
        tab_colour="A6A6A6",
    )
