"""The Indikator sheet: indicators, targets and realisations, with their capaian."""

from __future__ import annotations

from lkjip_xl.workbook.contract.columns import catatan_col, computed_col, input_col, key_col
from lkjip_xl.workbook.contract.kinerja.common import capaian_cols
from lkjip_xl.workbook.contract.types import Column, SheetKind, SheetSpec, Table, ValueType
from lkjip_xl.workbook.contract.vocab import (
    AGREGASI,
    ARAH,
    KECENDERUNGAN,
    POLARITAS,
    WARNA_KECENDERUNGAN,
)


def perbandingan_cols() -> tuple[Column, ...]:
    """The change against last year's realisasi, as chapter III of the LKjIP compares it."""
    return (
        computed_col(
            "Perubahan",
            "perubahan",
            ValueType.NUMBER,
            number_format="#,##0.00",
            help="Realisasi dikurangi Realisasi Tahun Lalu, dalam satuan indikator (poin). "
            "Bila Realisasi Tahun Lalu kosong, dipakai realisasi tahun lalu di lembar Riwayat.",
        ),
        computed_col(
            "Perubahan (%)",
            "perubahan_persen",
            ValueType.PERCENT,
            help="(Realisasi / Realisasi Tahun Lalu - 1) x 100. Tidak dapat dihitung bila "
            "Realisasi Tahun Lalu 0 atau kosong.",
        ),
        computed_col(
            "Arah",
            "arah",
            ValueType.CHOICE,
            choices=ARAH,
            help="Meningkat, Menurun, atau Tetap: tanda Perubahan sebagaimana ditampilkan "
            "(Perubahan yang tampil 0,00 berarti Tetap).",
        ),
        computed_col(
            "Kecenderungan",
            "kecenderungan",
            ValueType.CHOICE,
            choices=KECENDERUNGAN,
            colours=WARNA_KECENDERUNGAN,
            help="Arah dibaca dengan Polaritas: Meningkat pada polaritas Positif (atau Menurun "
            "pada Negatif) berarti Membaik; sebaliknya Memburuk; Tetap bila tidak berubah.",
        ),
    )


def analisis_cols() -> tuple[Column, ...]:
    """The staff's own analysis of the indicator (free text, never computed): carried into the
    report after the generated figures."""
    return (
        input_col(
            "Faktor Pendorong",
            "faktor_pendorong",
            width=45,
            wrap=True,
            help="Analisis staf: penyebab keberhasilan atau faktor yang mendorong capaian "
            "(teks bebas; dibawa ke laporan apa adanya).",
        ),
        input_col(
            "Faktor Penghambat",
            "faktor_penghambat",
            width=45,
            wrap=True,
            help="Analisis staf: penyebab kegagalan atau kendala yang menghambat capaian "
            "(teks bebas; dibawa ke laporan apa adanya).",
        ),
        input_col(
            "Tindak Lanjut",
            "tindak_lanjut",
            width=45,
            wrap=True,
            help="Tindak lanjut atau solusi yang telah dan akan dilakukan (teks bebas; dibawa ke "
            "laporan apa adanya).",
        ),
    )


def tbl_indikator() -> Table:
    return Table(
        "tblIndikator",
        "Indikator",
        "A4",
        "Indikator Kinerja, Target, dan Realisasi",
        (
            key_col(
                "Kode",
                "kode",
                width=11,
                help="Kode unik indikator, misalnya IKU-01. Lembar Triwulan dan Anggaran merujuk "
                "indikator dengan kode ini.",
            ),
            input_col(
                "Sasaran",
                "sasaran",
                width=40,
                wrap=True,
                required=True,
                help="Sasaran strategis tempat indikator berada (sesuai Perjanjian Kinerja). "
                "Indikator dengan teks Sasaran yang sama dirata-ratakan bersama di Ringkasan.",
            ),
            input_col(
                "Indikator",
                "indikator",
                width=45,
                wrap=True,
                required=True,
                help="Nama indikator kinerja (IKU) sesuai Perjanjian Kinerja.",
            ),
            input_col(
                "Satuan",
                "satuan",
                width=11,
                help="Satuan target dan realisasi, misalnya %, dokumen, orang, atau indeks.",
            ),
            input_col(
                "Polaritas",
                "polaritas",
                ValueType.CHOICE,
                choices=POLARITAS,
                required=True,
                help="Positif: makin tinggi realisasi makin baik. Negatif: makin rendah makin baik "
                "(misalnya jumlah pelanggaran); rumusnya diatur oleh Metode_Negatif di Pengaturan.",
            ),
            input_col(
                "Agregasi",
                "agregasi",
                ValueType.CHOICE,
                choices=AGREGASI,
                help="Cara menurunkan Realisasi tahunan dari lembar Triwulan bila kolom Realisasi "
                "kosong: Kumulatif (jumlah triwulan), Akhir (triwulan terakhir yang terisi), "
                "Rata-rata, atau Maksimum.",
            ),
            input_col(
                "Target",
                "target",
                ValueType.NUMBER,
                required=True,
                help="Target tahun ini sesuai Perjanjian Kinerja. Target persen ditulis 95,45, "
                "bukan 0,9545.",
            ),
            input_col(
                "Realisasi",
                "realisasi",
                ValueType.NUMBER,
                help="Realisasi tahun ini. Kosong berarti belum ada data; 0 berarti realisasinya "
                "memang nol. Bila kosong, realisasi diturunkan dari lembar Triwulan menurut "
                "Agregasi.",
            ),
            input_col(
                "Realisasi Tahun Lalu",
                "realisasi_tahun_lalu",
                ValueType.NUMBER,
                help="Realisasi tahun sebelumnya, untuk perbandingan antartahun. Bila kosong, "
                "dipakai realisasi tahun lalu di lembar Riwayat (bila ada).",
            ),
            input_col(
                "Target Akhir Renstra",
                "target_akhir_renstra",
                ValueType.NUMBER,
                help="Target tahun terakhir Renstra; dasar kolom Capaian Renstra.",
            ),
            input_col(
                "Target Nasional",
                "target_nasional",
                ValueType.NUMBER,
                help="Target nasional (misalnya RPJMN), bila ada; dasar kolom Capaian Nasional.",
            ),
            *capaian_cols(),
            computed_col(
                "Capaian Renstra",
                "capaian_renstra",
                ValueType.PERCENT,
                help="Realisasi dibandingkan Target Akhir Renstra (%), dengan rumus yang sama "
                "dengan Capaian.",
            ),
            computed_col(
                "Capaian Nasional",
                "capaian_nasional",
                ValueType.PERCENT,
                help="Realisasi dibandingkan Target Nasional (%), dengan rumus yang sama dengan "
                "Capaian.",
            ),
            *perbandingan_cols(),
            catatan_col(
                "Keterangan dari mesin: data yang kurang, batas yang diterapkan, realisasi yang "
                "diturunkan dari triwulan, atau galat isian."
            ),
            *analisis_cols(),
        ),
        min_rows=30,
        max_rows=1000,
        help="Satu baris per indikator kinerja.",
        freeze_columns=1,
    )


def indikator_sheet() -> SheetSpec:
    return SheetSpec(
        "Indikator",
        "Indikator Kinerja",
        SheetKind.DATA,
        "Isi indikator, target, dan realisasi dari Perjanjian Kinerja dan Renstra. Kolom "
        "abu-abu dihitung oleh mesin.",
        tables=(tbl_indikator(),),
        tab_colour="1F4E78",
    )
