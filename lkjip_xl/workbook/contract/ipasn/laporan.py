"""The Laporan sheet of the ipasn template: the IP-ASN section of the report, print-ready."""

from __future__ import annotations

from lkjip_xl.workbook.contract.types import SheetKind, SheetSpec


def laporan_sheet() -> SheetSpec:
    return SheetSpec(
        "Laporan",
        "INDEKS PROFESIONALITAS ASN",
        SheetKind.LAPORAN,
        "Seluruh isi lembar ini ditulis ulang oleh mesin setiap kali dihitung ulang: rekap per "
        "dimensi, per unit kerja dan status, sebaran kategori dan saran yang paling sering, "
        "beserta grafiknya, siap dicetak (A4 mendatar). Data grafik ada di kolom AD dan "
        "seterusnya, di luar area cetak.",
        tab_colour="375623",
        since="2026.3",
    )
