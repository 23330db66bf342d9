"""Help texts and columns the kinerja tables share."""

from __future__ import annotations

from lkjip_xl.workbook.contract.columns import computed_col
from lkjip_xl.workbook.contract.types import Column, ValueType
from lkjip_xl.workbook.contract.vocab import STATUS_CAPAIAN, WARNA_CAPAIAN, WARNA_STATUS

KODE_HELP = "Kode indikator yang ada di kolom Kode lembar Indikator."
CAPAIAN_HELP = (
    "Capaian (%) = Realisasi / Target x 100 untuk polaritas Positif; untuk polaritas Negatif "
    "menurut Metode_Negatif di Pengaturan. Tidak dibatasi 100 kecuali Batas_Atas_Capaian diisi."
)
PREDIKAT_HELP = "Predikat capaian menurut skala yang dipilih di Pengaturan (Skala_Capaian)."
STATUS_HELP = (
    "Melebihi Target (capaian > 100), Tercapai (= 100), Tidak Tercapai (< 100), Belum Diisi "
    "(target atau realisasi kosong), atau Tidak Dapat Dihitung (misalnya target 0)."
)


def capaian_cols() -> tuple[Column, ...]:
    """Capaian, Predikat and Status: computed alike for indicators and quarters."""
    return (
        computed_col("Capaian", "capaian", ValueType.PERCENT, help=CAPAIAN_HELP),
        computed_col("Predikat", "predikat", width=16, help=PREDIKAT_HELP, colours=WARNA_CAPAIAN),
        computed_col(
            "Status",
            "status",
            ValueType.CHOICE,
            choices=STATUS_CAPAIAN,
            width=20,
            help=STATUS_HELP,
            colours=WARNA_STATUS,
        ),
    )
