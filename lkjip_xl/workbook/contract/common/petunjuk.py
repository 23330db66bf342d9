"""The Petunjuk sheet; the builder writes the filling guide into it from the declaration."""

from __future__ import annotations

from lkjip_xl.workbook.contract.types import SheetKind, SheetSpec


def petunjuk_sheet() -> SheetSpec:
    return SheetSpec(
        "Petunjuk",
        "Petunjuk Pengisian",
        SheetKind.PETUNJUK,
        "Cara mengisi buku kerja ini: lembar, tabel, kolom, dan sel yang diisi atau dihitung.",
        freeze=False,
        tab_colour="548235",
    )
