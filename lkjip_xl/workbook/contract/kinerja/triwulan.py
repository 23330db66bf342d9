"""The Triwulan sheet: quarterly targets and realisations, one row per indicator and quarter."""

from __future__ import annotations

from lkjip_xl.workbook.contract.columns import catatan_col, input_col, key_col
from lkjip_xl.workbook.contract.kinerja.common import KODE_HELP, capaian_cols
from lkjip_xl.workbook.contract.types import SheetKind, SheetSpec, Table, ValueType
from lkjip_xl.workbook.contract.vocab import TRIWULAN


def tbl_triwulan() -> Table:
    return Table(
        "tblTriwulan",
        "Triwulan",
        "A4",
        "Pemantauan Triwulanan",
        (
            key_col("Kode", "kode", width=11, help=KODE_HELP, refers_to="tblIndikator.kode"),
            key_col(
                "Triwulan",
                "triwulan",
                ValueType.CHOICE,
                choices=TRIWULAN,
                help="TW1, TW2, TW3, atau TW4. Satu baris per indikator per triwulan.",
            ),
            input_col(
                "Target",
                "target",
                ValueType.NUMBER,
                help="Target triwulan ini (rencana aksi).",
            ),
            input_col(
                "Realisasi",
                "realisasi",
                ValueType.NUMBER,
                help="Realisasi triwulan ini. Kosong berarti belum ada data.",
            ),
            *capaian_cols(),
            catatan_col("Keterangan dari mesin tentang baris ini."),
        ),
        min_rows=120,
        max_rows=4000,
        help="Bentuk panjang: satu baris untuk setiap pasangan indikator dan triwulan.",
        freeze_columns=2,
    )


def triwulan_sheet() -> SheetSpec:
    return SheetSpec(
        "Triwulan",
        "Pemantauan Triwulanan",
        SheetKind.DATA,
        "Target dan realisasi per triwulan, satu baris per indikator per triwulan.",
        tables=(tbl_triwulan(),),
        tab_colour="1F4E78",
    )
