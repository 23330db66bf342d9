"""The Pegawai sheet: one row per civil servant, with the four IP-ASN dimensions."""

from __future__ import annotations

from lkjip_xl.core import vocab as core_vocab
from lkjip_xl.workbook.contract.columns import computed_col, input_col, key_col, score_col
from lkjip_xl.workbook.contract.types import Column, SheetKind, SheetSpec, Table, ValueType
from lkjip_xl.workbook.contract.vocab import (
    HUKUMAN_DISIPLIN,
    JENIS_JABATAN,
    PENDIDIKAN,
    PREDIKAT_SKP,
    STATUS_PEGAWAI,
    WARNA_IPASN,
    YA_TIDAK,
)


def tbl_pegawai() -> Table:
    return Table(
        "tblPegawai",
        "Pegawai",
        "A4",
        "Data Pegawai untuk Indeks Profesionalitas ASN",
        (
            key_col(
                "NIP",
                "nip",
                ValueType.NIP,
                help="NIP 18 digit, ditulis sebagai teks. NIP yang tersimpan sebagai angka sudah "
                "kehilangan digit di Excel dan dilaporkan sebagai galat.",
            ),
            input_col("Nama", "nama", width=30, required=True, wrap=True, help="Nama pegawai."),
            input_col(
                "Unit Kerja",
                "unit_kerja",
                width=30,
                wrap=True,
                required=True,
                help="Unit kerja pegawai; rekap dibuat per unit kerja.",
            ),
            input_col(
                "Status",
                "status",
                ValueType.CHOICE,
                choices=STATUS_PEGAWAI,
                required=True,
                help="PNS atau PPPK; keduanya direkap terpisah dan bersama.",
            ),
            input_col(
                "Jenis Jabatan",
                "jenis_jabatan",
                ValueType.CHOICE,
                choices=JENIS_JABATAN,
                reads=core_vocab.baca_jabatan,
                required=True,
                help="Struktural, Fungsional, atau Pelaksana; menentukan cara menilai kompetensi.",
            ),
            input_col(
                "Pendidikan",
                "pendidikan",
                ValueType.CHOICE,
                choices=PENDIDIKAN,
                reads=core_vocab.baca_pendidikan,
                help="Pendidikan terakhir: SLTP untuk SMP, SLTA untuk SMA/SMK; D4 setara S1.",
            ),
            input_col(
                "Diklat Jenjang",
                "diklat_jenjang",
                ValueType.CHOICE,
                choices=YA_TIDAK,
                reads=core_vocab.baca_ya_tidak_ipasn,
                help="Ya bila sudah mengikuti diklat kepemimpinan sesuai jabatan (struktural) atau "
                "diklat fungsional (fungsional). Tidak dinilai untuk Pelaksana.",
            ),
            input_col(
                "JP Diklat Teknis",
                "jp_diklat_teknis",
                ValueType.NUMBER,
                minimum=0,
                help="Jam pelajaran diklat teknis dalam satu tahun terakhir; 20 JP atau lebih "
                "memenuhi.",
            ),
            input_col(
                "Seminar",
                "seminar",
                ValueType.CHOICE,
                choices=YA_TIDAK,
                reads=core_vocab.baca_ya_tidak_ipasn,
                help="Ya bila mengikuti seminar, lokakarya, atau kursus dalam dua tahun terakhir.",
            ),
            input_col(
                "Nilai SKP",
                "nilai_skp",
                ValueType.NUMBER,
                minimum=0,
                maximum=100,
                help="Nilai SKP 0-100. Boleh kosong bila Predikat SKP diisi.",
            ),
            input_col(
                "Predikat SKP",
                "predikat_skp",
                ValueType.CHOICE,
                choices=PREDIKAT_SKP,
                reads=core_vocab.baca_predikat_skp,
                width=17,
                help="Predikat SKP; dipakai bila Nilai SKP kosong.",
            ),
            input_col(
                "Hukuman Disiplin",
                "hukuman_disiplin",
                ValueType.CHOICE,
                choices=HUKUMAN_DISIPLIN,
                reads=core_vocab.baca_hukuman,
                help="Hukuman disiplin terberat dalam lima tahun terakhir (keputusan final).",
            ),
            *_result_cols(),
        ),
        min_rows=100,
        max_rows=20000,
        help="Satu baris per pegawai; data dapat ditempel dari ekspor sistem kepegawaian.",
        freeze_columns=2,
    )


def _result_cols() -> tuple[Column, ...]:
    """The four dimensions, their sum, its category, and the advice on the row."""
    return (
        score_col(
            "Kualifikasi", "kualifikasi", "Dimensi kualifikasi (maksimum 25), dari Pendidikan."
        ),
        score_col(
            "Kompetensi",
            "kompetensi",
            "Dimensi kompetensi (maksimum 40), dari diklat jenjang, diklat teknis, dan seminar.",
        ),
        score_col("Kinerja", "kinerja", "Dimensi kinerja (maksimum 30), dari Nilai/Predikat SKP."),
        score_col("Disiplin", "disiplin", "Dimensi disiplin (maksimum 5), dari Hukuman Disiplin."),
        score_col("Nilai IP ASN", "nilai_ip_asn", "Jumlah keempat dimensi (maksimum 100)."),
        computed_col(
            "Kategori",
            "kategori",
            width=16,
            colours=WARNA_IPASN,
            help="Kategori IP ASN: Sangat Tinggi > 90, Tinggi > 80, Sedang > 70, Rendah > 60, "
            "Sangat Rendah lainnya.",
        ),
        computed_col(
            "Saran",
            "saran",
            width=60,
            wrap=True,
            help="Data yang perlu dilengkapi, atau langkah yang akan menaikkan nilai.",
        ),
    )


def pegawai_sheet() -> SheetSpec:
    return SheetSpec(
        "Pegawai",
        "Data Pegawai",
        SheetKind.DATA,
        "Satu baris per pegawai. Kolom abu-abu dihitung oleh mesin.",
        tables=(tbl_pegawai(),),
        tab_colour="1F4E78",
    )
