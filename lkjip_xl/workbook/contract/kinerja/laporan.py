"""The Laporan sheet of the kinerja template: chapter III of the LKjIP, print-ready."""

from __future__ import annotations

from lkjip_xl.workbook.contract.types import SheetKind, SheetSpec


def laporan_sheet() -> SheetSpec:
    return SheetSpec(
        "Laporan",
        "BAB III AKUNTABILITAS KINERJA",
        SheetKind.LAPORAN,
        "Seluruh isi lembar ini ditulis ulang oleh mesin setiap kali dihitung ulang: tabel "
        "Bab III bernomor dan berjudul beserta grafiknya, siap dicetak (A4 mendatar). Angka "
        "yang tampil sama dengan sel hasil hitungan; '\u2013' berarti kosong atau tidak dapat "
        "dihitung, alasannya di baris Catatan di bawah tabel. Data grafik ada di kolom AD dan "
        "seterusnya, di luar area cetak.",
        tab_colour="375623",
        since="2026.3",
    )
