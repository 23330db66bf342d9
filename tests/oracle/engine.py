"""Read back what `lkjip-xl recompute` wrote: figure key -> (cell address, value)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.oracle.figures import Key
from tests.oracle.workbooks import find_table, load, named_cell, read_rows

Cells = dict[Key, tuple[str, Any]]

KINERJA_ROWS = {
    "tblIndikator": (
        "Indikator",
        [
            "Capaian",
            "Predikat",
            "Status",
            "Capaian Renstra",
            "Capaian Nasional",
            "Perubahan",
            "Perubahan (%)",
            "Arah",
            "Kecenderungan",
        ],
    ),
    "tblTriwulan": ("Triwulan", ["Capaian", "Predikat", "Status"]),
    "tblRiwayat": ("Riwayat", ["Capaian", "Predikat"]),
    "tblAnggaran": ("Anggaran", ["Serapan", "Capaian Kinerja", "Efisiensi", "Kategori Efisiensi"]),
}
KINERJA_NAMES = {
    "Ringkasan": ["Rata_Capaian", "Predikat_Instansi", "Serapan_Total", "Efisiensi_Instansi"],
    "Evaluasi": ["Nilai_SAKIP", "Predikat_SAKIP"],
}
SASARAN_COLUMNS = ["Jumlah Indikator", "Indikator Dihitung", "Rata-rata Capaian", "Predikat"]
IPASN_COLUMNS = ["Kualifikasi", "Kompetensi", "Kinerja", "Disiplin", "Nilai IP ASN", "Kategori"]
REKAP_COLUMNS = [
    "Jumlah Pegawai",
    "Data Lengkap",
    "Kualifikasi",
    "Kompetensi",
    "Kinerja",
    "Disiplin",
    "Nilai IP ASN",
    "Kategori",
    "Catatan",
]


def _rows(wb, table: str, sheet: str, columns: list[str], count: int, out: Cells) -> None:
    layout = find_table(wb, table)
    for i, row in enumerate(read_rows(wb, table, count)):
        for column in columns:
            out[(sheet, i, column)] = (layout.address(column, i), row[column])


def _keyed(wb, table: str, sheet: str, key_cols: list[str], columns: list[str], out: Cells):
    """Rows of a computed summary table, keyed by their label cells; blank rows skipped."""
    layout = find_table(wb, table)
    present = [c for c in columns if c in layout.headers]
    for i, row in enumerate(read_rows(wb, table)):
        labels = tuple(row[c] for c in key_cols)
        if all(v in (None, "") for v in labels) and all(row[c] in (None, "") for c in present):
            continue
        key = labels[0] if len(labels) == 1 else labels
        for column in present:
            out[(sheet, key, column)] = (layout.address(column, i), row[column])
    return present


def kinerja_cells(path: Path, sizes: dict[str, int]) -> tuple[Cells, list[str]]:
    """The engine's figures, and the tblRingkasanSasaran columns the workbook has."""
    wb = load(path)
    out: Cells = {}
    for table, (sheet, columns) in KINERJA_ROWS.items():
        _rows(wb, table, sheet, columns, sizes[sheet], out)
    for sheet, names in KINERJA_NAMES.items():
        for name in names:
            where, cell = named_cell(wb, name)
            out[(sheet, "name", name)] = (
                f"{where}!{cell}" if where != sheet else cell,
                wb[where][cell].value,
            )
    present = _keyed(wb, "tblRingkasanSasaran", "Ringkasan", ["Sasaran"], SASARAN_COLUMNS, out)
    return out, present


def ipasn_cells(path: Path, n: int) -> tuple[Cells, list[str]]:
    """The engine's figures, and the tblRekap columns the workbook has. A Rekap Catatan is
    compared by whether the row has a note ("selisih"), not by its wording."""
    wb = load(path)
    out: Cells = {}
    _rows(wb, "tblPegawai", "Pegawai", IPASN_COLUMNS, n, out)
    present = _keyed(wb, "tblRekap", "Rekap", ["Unit Kerja", "Status"], REKAP_COLUMNS, out)
    _keyed(wb, "tblSelisih", "Selisih", ["Dimensi"], ["Bobot", "Skor", "Selisih"], out)
    for key, (cell, value) in out.items():
        if key[0] == "Rekap" and key[2] == "Catatan":
            out[key] = (cell, "selisih" if isinstance(value, str) and value.strip() else None)
    return out, present
