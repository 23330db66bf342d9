"""The Rekap sheet: IP-ASN means per unit and status, and each dimension's gap to its weight."""

from __future__ import annotations

from lkjip_xl.workbook.contract.columns import catatan_col, computed_col, score_col
from lkjip_xl.workbook.contract.types import Chart, SheetKind, SheetSpec, Table, ValueType
from lkjip_xl.workbook.contract.vocab import WARNA_IPASN

SHEET = "Rekap"


def tbl_rekap() -> Table:
    return Table(
        "tblRekap",
        SHEET,
        "A4",
        "Rekap IP ASN per Unit Kerja dan Status",
        (
            computed_col(
                "Unit Kerja",
                "unit_kerja",
                width=30,
                wrap=True,
                help="Unit kerja; Jumlah PNS (dst.) pada baris jumlah per status; Seluruh "
                "Pegawai pada baris semua pegawai.",
            ),
            computed_col("Status", "status", width=12, help="PNS, PPPK, atau gabungan."),
            computed_col(
                "Jumlah Pegawai",
                "jumlah_pegawai",
                ValueType.INTEGER,
                help="Banyaknya pegawai pada baris ini.",
            ),
            computed_col(
                "Data Lengkap",
                "data_lengkap",
                ValueType.INTEGER,
                help="Banyaknya pegawai yang datanya lengkap (cakupan data).",
            ),
            score_col("Kualifikasi", "kualifikasi", "Rata-rata dimensi kualifikasi."),
            score_col("Kompetensi", "kompetensi", "Rata-rata dimensi kompetensi."),
            score_col("Kinerja", "kinerja", "Rata-rata dimensi kinerja."),
            score_col("Disiplin", "disiplin", "Rata-rata dimensi disiplin."),
            score_col("Nilai IP ASN", "nilai_ip_asn", "Rata-rata Nilai IP ASN pegawai."),
            computed_col(
                "Kategori",
                "kategori",
                width=16,
                colours=WARNA_IPASN,
                help="Kategori rata-rata Nilai IP ASN.",
            ),
            catatan_col(
                "Keterangan dari mesin, mis. bila jumlah rata-rata dimensi yang ditampilkan "
                "berbeda dengan Nilai IP ASN karena pembulatan."
            ),
        ),
        min_rows=10,
        max_rows=2000,
        help="Satu baris per unit kerja dan status, satu baris jumlah per status (Jumlah PNS, "
        "Jumlah PPPK), dan baris Seluruh Pegawai (Status: Semua Status).",
    )


def tbl_selisih() -> Table:
    return Table(
        "tblSelisih",
        SHEET,
        "L4",
        "Selisih Skor terhadap Bobot Dimensi",
        (
            computed_col("Dimensi", "dimensi", width=14, help="Dimensi IP ASN."),
            score_col("Bobot", "bobot", "Nilai maksimum dimensi.", rounded=False),
            score_col("Skor", "skor", "Rata-rata skor seluruh pegawai."),
            score_col("Selisih", "selisih", "Bobot dikurangi Skor: ruang perbaikan dimensi ini."),
        ),
        min_rows=4,
        max_rows=20,
        help="Selisih setiap dimensi terhadap nilai maksimumnya, seperti dicetak dalam laporan.",
    )


def rekap_sheet() -> SheetSpec:
    return SheetSpec(
        SHEET,
        "Rekap Indeks Profesionalitas ASN",
        SheetKind.HASIL,
        "Seluruh isi lembar ini dihitung oleh mesin.",
        tables=(tbl_rekap(), tbl_selisih()),
        charts=(
            Chart(
                "Skor IP ASN per Dimensi dan Bobotnya",
                "tblSelisih",
                "dimensi",
                ("bobot", "skor"),
                "L11",
                y_title="Nilai",
            ),
        ),
        tab_colour="7F7F7F",
    )
