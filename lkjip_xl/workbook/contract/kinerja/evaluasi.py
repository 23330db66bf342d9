"""The Evaluasi sheet: the SAKIP evaluation by component, its total and predikat."""

from __future__ import annotations

from lkjip_xl.workbook.contract.columns import input_col, key_col
from lkjip_xl.workbook.contract.types import NamedCell, Role, SheetKind, SheetSpec, Table, ValueType
from lkjip_xl.workbook.contract.vocab import SAKIP_LKE_2015, WARNA_SAKIP, prefill_rows

SHEET = "Evaluasi"


def tbl_evaluasi_sakip() -> Table:
    return Table(
        "tblEvaluasiSakip",
        SHEET,
        "A8",
        "Komponen Evaluasi SAKIP",
        (
            key_col(
                "Komponen",
                "komponen",
                width=30,
                wrap=True,
                help="Komponen evaluasi SAKIP. Terisi menurut LKE 2015; untuk PermenPAN-RB "
                "88/2021 ubah komponen dan bobotnya (30 / 30 / 15 / 25).",
            ),
            input_col(
                "Bobot",
                "bobot",
                ValueType.NUMBER,
                required=True,
                minimum=0,
                help="Bobot komponen (nilai maksimumnya).",
            ),
            input_col(
                "Nilai",
                "nilai",
                ValueType.NUMBER,
                minimum=0,
                help="Nilai komponen dari hasil evaluasi, paling tinggi sebesar Bobot.",
            ),
        ),
        min_rows=6,
        max_rows=20,
        prefill=prefill_rows(*({"komponen": k, "bobot": b} for k, b in SAKIP_LKE_2015)),
        help="Nilai SAKIP adalah jumlah nilai seluruh komponen.",
    )


def evaluasi_sheet() -> SheetSpec:
    return SheetSpec(
        SHEET,
        "Evaluasi SAKIP",
        SheetKind.DATA,
        "Nilai hasil evaluasi SAKIP per komponen; nilai total dan predikat dihitung mesin.",
        tables=(tbl_evaluasi_sakip(),),
        names=(
            NamedCell(
                "Nilai_SAKIP",
                SHEET,
                "B4",
                Role.COMPUTED,
                ValueType.NUMBER,
                "Nilai SAKIP",
                "Jumlah Nilai seluruh komponen.",
                number_format="#,##0.00",
            ),
            NamedCell(
                "Predikat_SAKIP",
                SHEET,
                "B5",
                Role.COMPUTED,
                ValueType.TEXT,
                "Predikat SAKIP",
                "Predikat Nilai SAKIP menurut skala sakip (AA > 90, A > 80, BB > 70, B > 60, "
                "CC > 50, C > 30, D lainnya).",
                colours=WARNA_SAKIP,
            ),
        ),
        tab_colour="1F4E78",
    )
