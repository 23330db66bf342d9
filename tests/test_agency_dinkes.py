"""A district health office's LKjIP (Dinas Kesehatan, Tahun 2025), end to end.

An agency unlike the seeds: mostly lower-is-better indicators (AKI per 100.000 KH, AKB per
1.000 KH, stunting, malaria API at 0, DBD deaths after a year of 0), odd units, quarters for half
of them under every Agregasi with gaps, several programs per indicator (one over its pagu), four
past years in Riwayat, Renstra and national targets, and a SAKIP evaluation under
PermenPAN-RB 88/2021 (four components). The workbook is made as staff make it (the template,
typed inputs) and computed by ``lkjip-xl hitung``.

Every expected figure was computed with ``fractions.Fraction`` on the typed decimals from the
rules of docs/DESIGN.md section 4, rounded once at 2 places; none was read from the engine. A few
derivations, for the reader:
  K01 AKI, Negatif lan, T 100, R 215: (200 - 215) / 100 x 100 = -15, floored at 0 (D).
  K04 Kumulatif of TW1 24, TW2 26,5, TW4 25,25 (TW3 blank) = 75,75 against 100: 75,75 (BB).
  K05 Akhir = TW3 17,85 (TW4 not typed); (36 - 17,85) / 18 x 100 = 100,8333: 100,83.
  K07 Rata-rata of 86,1, 88,5, 91 = 88,5333..., / 90 x 100 = 98,370...: 98,37.
  K19 R 95,0038 against 95: 100,004, shown 100,00, so Tercapai (not Melebihi Target);
      change 95,0038 - 94,9962 = 0,0076: 0,01 half up, 0,00 truncated (then Tetap).
  K03 last year from Riwayat 2024 (93,1); K11 typed 37,04 wins over Riwayat's 37,4.
  Serapan_Total = sum of realisasi / sum of pagu over the lines that have a serapan:
      48.939.129.217 / 50.475.500.000 x 100 = 96,956...: 96,95 (truncated too).
  Nilai_SAKIP = 24,85 + 21,4 + 11,25 + 14,6 = 72,10: BB.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo_books import fill_table
from tests.oracle.workbooks import cli

S1 = "Meningkatnya kesehatan ibu dan anak"
S2 = "Menurunnya prevalensi stunting dan gizi buruk"
S3 = "Terkendalinya penyakit menular"
S4 = "Meningkatnya mutu pelayanan kesehatan"
S5 = "Meningkatnya akses jaminan kesehatan"
S6 = "Meningkatnya akuntabilitas kinerja perangkat daerah"
HEAD = ("Kode", "Sasaran", "Indikator", "Satuan", "Polaritas", "Target", "Realisasi",
        "Realisasi Tahun Lalu", "Target Akhir Renstra", "Target Nasional", "Agregasi")  # fmt: skip
INDIKATOR = [dict(zip(HEAD, row, strict=True)) for row in [
    ("K01", S1, "Angka Kematian Ibu (AKI)", "per 100.000 KH", "Negatif", 100, 215, 180, 90, 183,
     None),
    ("K02", S1, "Angka Kematian Bayi (AKB)", "per 1.000 KH", "Negatif", 16, 14.2, 15.8, 12, 16,
     None),
    ("K03", S1, "Persentase persalinan di fasyankes", "%", "Positif", 95, 97.33, None, 100, 95,
     None),
    ("K04", S1, "Cakupan kunjungan neonatal lengkap", "%", "Positif", 100, None, 96.5, None, None,
     "Kumulatif"),
    ("K05", S2, "Prevalensi stunting", "%", "Negatif", 18, None, 21.3, 14, 14, "Akhir"),
    ("K07", S3, "Angka keberhasilan pengobatan TB", "%", "Positif", 90, None, 87.2, 90, 90,
     "Rata-rata"),
    ("K09", S3, "Annual Parasite Incidence malaria", "per 1.000 penduduk", "Negatif", 1, 0, 0.12,
     None, None, None),
    ("K10", S3, "Persentase ODHIV mendapat ART", "%", "Positif", 90, None, 80.5, 95, 95,
     "Maksimum"),
    ("K11", S4, "Persentase puskesmas terakreditasi paripurna", "%", "Positif", 60, 48.15, 37.04,
     100, 50, None),
    ("K14", S5, "Cakupan kepesertaan JKN (UHC)", "%", "Positif", 98, None, None, 100, 98, None),
    ("K17", S6, "Persentase temuan BPK ditindaklanjuti", "%", "Positif", 0, 85, 70, None, None,
     None),
    ("K19", S4, "Cakupan imunisasi dasar lengkap", "%", "Positif", 95, 95.0038, 94.9962, 95, 95,
     None),
    ("K20", S3, "Jumlah kematian akibat DBD", "orang", "Negatif", 3, 4, 0, None, None, None),
]]  # fmt: skip
TRIWULAN = [{"Kode": k, "Triwulan": tw, "Target": t, "Realisasi": r} for k, tw, t, r in [
    ("K04", "TW1", 25, 24), ("K04", "TW2", 25, 26.5), ("K04", "TW3", 25, None),
    ("K04", "TW4", 25, 25.25),
    ("K05", "TW1", 20, 20.4), ("K05", "TW2", 19.5, 19.1), ("K05", "TW3", 18.8, 17.85),
    ("K07", "TW1", 90, 86.1), ("K07", "TW2", 90, 88.5), ("K07", "TW4", 90, 91),
    ("K10", "TW1", 80, 71.2), ("K10", "TW2", 85, 84.6), ("K10", "TW3", 88, 83.9),
    ("K10", "TW4", 90, None),
    ("K02", "TW2", 8, 7.1), ("K02", "TW4", 16, 14.2), ("K11", "TW2", 30, 22.22),
]]  # fmt: skip
RIWAYAT = [{"Kode": k, "Tahun": y, "Target": t, "Realisasi": r} for k, y, t, r in [
    ("K01", 2021, 120, 198), ("K01", 2022, 115, 176), ("K01", 2023, 110, 160),
    ("K01", 2024, 105, 180), ("K03", 2023, 92, 90.5), ("K03", 2024, 93, 93.1),
    ("K05", 2021, 24, 27.3), ("K05", 2022, 22, 24.1), ("K05", 2023, 20, 22.6),
    ("K05", 2024, 19, 21.3), ("K11", 2024, 50, 37.4), ("K14", 2024, 97, 96.43),
    ("K20", 2024, 3, 0),
]]  # fmt: skip
ANGGARAN = [{"Kode Indikator": k, "Program/Kegiatan": p, "Pagu": pagu, "Realisasi Anggaran": r}
            for k, p, pagu, r in [
    ("K01", "Pelayanan kesehatan ibu", 2450000000, 2301775500),
    ("K01", "Peningkatan kapasitas SDM kesehatan", 850000000, 812345678),
    ("K02", "Pelayanan kesehatan bayi dan balita", 1275500000, 1190250250),
    ("K05", "Pemberdayaan masyarakat bidang kesehatan", 3100000000, 2958123456),
    ("K05", "Percepatan penurunan stunting (DAK non fisik)", 1500000000, 1620000000),
    ("K09", "Eliminasi malaria", 0, 0),
    ("K11", "Pendampingan akreditasi puskesmas", 950000000, 903600000),
    ("K14", "Pengelolaan jaminan kesehatan masyarakat", 6000000000, 5850000000),
    ("K17", "Tindak lanjut hasil pemeriksaan", 100000000, 95000000),
]]  # fmt: skip
# PermenPAN-RB 88/2021: four components; the template's fifth row (LKE 2015's Capaian) cleared.
SAKIP = [
    ("Perencanaan Kinerja", 30, 24.85),
    ("Pengukuran Kinerja", 30, 21.4),
    ("Pelaporan Kinerja", 15, 11.25),
    ("Evaluasi Akuntabilitas Kinerja Internal", 25, 14.6),
    (None, None, None),
]

IND_COLS = ("Capaian", "Predikat", "Status", "Capaian Renstra", "Capaian Nasional", "Perubahan",
            "Perubahan (%)", "Arah", "Kecenderungan")  # fmt: skip
IND = {
    "K01": ("0.00", "D", "Tidak Tercapai", "0.00", "82.51", "35.00", "19.44", "Meningkat",
            "Memburuk"),
    "K02": ("111.25", "AA", "Melebihi Target", "81.67", "111.25", "-1.60", "-10.13", "Menurun",
            "Membaik"),
    "K03": ("102.45", "AA", "Melebihi Target", "97.33", "102.45", "4.23", "4.54", "Meningkat",
            "Membaik"),
    "K04": ("75.75", "BB", "Tidak Tercapai", None, None, "-20.75", "-21.50", "Menurun", "Memburuk"),
    "K05": ("100.83", "AA", "Melebihi Target", "72.50", "72.50", "-3.45", "-16.20", "Menurun",
            "Membaik"),
    "K07": ("98.37", "AA", "Tidak Tercapai", "98.37", "98.37", "1.33", "1.53", "Meningkat",
            "Membaik"),
    "K09": ("200.00", "AA", "Melebihi Target", None, None, "-0.12", "-100.00", "Menurun",
            "Membaik"),
    "K10": ("94.00", "AA", "Tidak Tercapai", "89.05", "89.05", "4.10", "5.09", "Meningkat",
            "Membaik"),
    "K11": ("80.25", "A", "Tidak Tercapai", "48.15", "96.30", "11.11", "29.99", "Meningkat",
            "Membaik"),
    "K14": (None, None, "Belum Diisi", None, None, None, None, None, None),
    "K17": (None, None, "Tidak Dapat Dihitung", None, None, "15.00", "21.43", "Meningkat",
            "Membaik"),
    "K19": ("100.00", "AA", "Tercapai", "100.00", "100.00", "0.01", "0.01", "Meningkat", "Membaik"),
    "K20": ("66.67", "B", "Tidak Tercapai", None, None, "4.00", None, "Meningkat", "Memburuk"),
}  # fmt: skip
TW = {
    "K04 TW1": ("96.00", "AA", "Tidak Tercapai"), "K04 TW2": ("106.00", "AA", "Melebihi Target"),
    "K04 TW3": (None, None, "Belum Diisi"), "K04 TW4": ("101.00", "AA", "Melebihi Target"),
    "K05 TW1": ("98.00", "AA", "Tidak Tercapai"), "K05 TW2": ("102.05", "AA", "Melebihi Target"),
    "K05 TW3": ("105.05", "AA", "Melebihi Target"), "K07 TW1": ("95.67", "AA", "Tidak Tercapai"),
    "K07 TW2": ("98.33", "AA", "Tidak Tercapai"), "K07 TW4": ("101.11", "AA", "Melebihi Target"),
    "K10 TW1": ("89.00", "A", "Tidak Tercapai"), "K10 TW2": ("99.53", "AA", "Tidak Tercapai"),
    "K10 TW3": ("95.34", "AA", "Tidak Tercapai"), "K10 TW4": (None, None, "Belum Diisi"),
    "K02 TW2": ("111.25", "AA", "Melebihi Target"), "K02 TW4": ("111.25", "AA", "Melebihi Target"),
    "K11 TW2": ("74.07", "BB", "Tidak Tercapai"),
}  # fmt: skip
RIW = {
    "K01 2021": ("35.00", "C"), "K01 2022": ("46.96", "C"), "K01 2023": ("54.55", "CC"),
    "K01 2024": ("28.57", "D"), "K03 2023": ("98.37", "AA"), "K03 2024": ("100.11", "AA"),
    "K05 2021": ("86.25", "A"), "K05 2022": ("90.45", "AA"), "K05 2023": ("87.00", "A"),
    "K05 2024": ("87.89", "A"), "K11 2024": ("74.80", "BB"), "K14 2024": ("99.41", "AA"),
    "K20 2024": ("200.00", "AA"),
}  # fmt: skip
ANG_COLS = ("Serapan", "Capaian Kinerja", "Efisiensi", "Kategori Efisiensi")
ANG = [
    ("93.95", "0.00", "0.00", "Kurang Efisien"), ("95.57", "0.00", "0.00", "Kurang Efisien"),
    ("93.32", "111.25", "1.19", "Efisien"), ("95.42", "100.83", "1.06", "Efisien"),
    ("108.00", "100.83", "0.93", "Kurang Efisien"), (None, "200.00", None, None),
    ("95.12", "80.25", "0.84", "Kurang Efisien"), ("97.50", None, None, None),
    ("95.00", None, None, None),
]  # fmt: skip
SAS_COLS = ("Jumlah Indikator", "Indikator Dihitung", "Rata-rata Capaian", "Predikat")
SAS = {
    S1: ("4", "4", "72.36", "BB"), S2: ("1", "1", "100.83", "AA"), S3: ("4", "4", "114.76", "AA"),
    S4: ("2", "2", "90.13", "AA"), S5: ("1", "0", None, None), S6: ("1", "0", None, None),
}  # fmt: skip
NAMES = {"Rata_Capaian": "93.60", "Predikat_Instansi": "AA", "Serapan_Total": "96.95",
         "Efisiensi_Instansi": "0.97", "Nilai_SAKIP": "72.10", "Predikat_SAKIP": "BB"}  # fmt: skip

# What each setting changes against the defaults (same oracle, same inputs).
VARIANTS: dict[str, tuple[dict[str, Any], dict[tuple[str, Any, str], str | int | None]]] = {
    "bawaan": ({}, {}),
    # invers T / R x 100: K01 100 / 215 = 46,51; K09 R 0 cannot be computed; Riwayat K20 R 0 too.
    "invers": ({"B5": "invers"}, {
        ("tblIndikator", "K01", "Capaian"): "46.51", ("tblIndikator", "K01", "Predikat"): "C",
        ("tblIndikator", "K01", "Capaian Renstra"): "41.86",
        ("tblIndikator", "K01", "Capaian Nasional"): "85.12",
        ("tblIndikator", "K02", "Capaian"): "112.68",
        ("tblIndikator", "K02", "Capaian Renstra"): "84.51",
        ("tblIndikator", "K02", "Capaian Nasional"): "112.68",
        ("tblIndikator", "K05", "Capaian"): "100.84",
        ("tblIndikator", "K05", "Capaian Renstra"): "78.43",
        ("tblIndikator", "K05", "Capaian Nasional"): "78.43",
        ("tblIndikator", "K09", "Capaian"): None, ("tblIndikator", "K09", "Predikat"): None,
        ("tblIndikator", "K09", "Status"): "Tidak Dapat Dihitung",
        ("tblIndikator", "K20", "Capaian"): "75.00", ("tblIndikator", "K20", "Predikat"): "BB",
        ("tblTriwulan", "K05 TW1", "Capaian"): "98.04",
        ("tblTriwulan", "K05 TW2", "Capaian"): "102.09",
        ("tblTriwulan", "K05 TW3", "Capaian"): "105.32",
        ("tblTriwulan", "K02 TW2", "Capaian"): "112.68",
        ("tblTriwulan", "K02 TW4", "Capaian"): "112.68",
        ("tblRiwayat", "K01 2021", "Capaian"): "60.61", ("tblRiwayat", "K01 2021", "Predikat"): "B",
        ("tblRiwayat", "K01 2022", "Capaian"): "65.34", ("tblRiwayat", "K01 2022", "Predikat"): "B",
        ("tblRiwayat", "K01 2023", "Capaian"): "68.75", ("tblRiwayat", "K01 2023", "Predikat"): "B",
        ("tblRiwayat", "K01 2024", "Capaian"): "58.33",
        ("tblRiwayat", "K01 2024", "Predikat"): "CC",
        ("tblRiwayat", "K05 2021", "Capaian"): "87.91",
        ("tblRiwayat", "K05 2022", "Capaian"): "91.29",
        ("tblRiwayat", "K05 2023", "Capaian"): "88.50",
        ("tblRiwayat", "K05 2024", "Capaian"): "89.20",
        ("tblRiwayat", "K20 2024", "Capaian"): None, ("tblRiwayat", "K20 2024", "Predikat"): None,
        ("tblAnggaran", 1, "Capaian Kinerja"): "46.51", ("tblAnggaran", 1, "Efisiensi"): "0.50",
        ("tblAnggaran", 2, "Capaian Kinerja"): "46.51", ("tblAnggaran", 2, "Efisiensi"): "0.49",
        ("tblAnggaran", 3, "Capaian Kinerja"): "112.68", ("tblAnggaran", 3, "Efisiensi"): "1.21",
        ("tblAnggaran", 4, "Capaian Kinerja"): "100.84",
        ("tblAnggaran", 5, "Capaian Kinerja"): "100.84",
        ("tblAnggaran", 6, "Capaian Kinerja"): None,
        ("tblRingkasanSasaran", S1, "Rata-rata Capaian"): "84.35",
        ("tblRingkasanSasaran", S1, "Predikat"): "A",
        ("tblRingkasanSasaran", S2, "Rata-rata Capaian"): "100.84",
        ("tblRingkasanSasaran", S3, "Indikator Dihitung"): "3",
        ("tblRingkasanSasaran", S3, "Rata-rata Capaian"): "89.12",
        ("tblRingkasanSasaran", S3, "Predikat"): "A",
        ("name", "Rata_Capaian", ""): "88.59", ("name", "Predikat_Instansi", ""): "A",
        ("name", "Efisiensi_Instansi", ""): "0.91",
    }),
    # Batas_Atas_Capaian 120: only figures above it change.
    "batas120": ({"B7": 120}, {
        ("tblIndikator", "K09", "Capaian"): "120.00",
        ("tblRiwayat", "K20 2024", "Capaian"): "120.00",
        ("tblAnggaran", 6, "Capaian Kinerja"): "120.00",
        ("tblRingkasanSasaran", S3, "Rata-rata Capaian"): "94.76",
        ("name", "Rata_Capaian", ""): "86.32", ("name", "Predikat_Instansi", ""): "A",
        ("name", "Efisiensi_Instansi", ""): "0.89",
    }),
    # Pembulatan Potong: digits beyond 2 places dropped (toward 0 for a negative change).
    "potong": ({"B10": "Potong"}, {
        ("tblIndikator", "K02", "Capaian Renstra"): "81.66",
        ("tblIndikator", "K02", "Perubahan (%)"): "-10.12",
        ("tblIndikator", "K05", "Perubahan (%)"): "-16.19",
        ("tblIndikator", "K07", "Perubahan (%)"): "1.52",
        ("tblIndikator", "K17", "Perubahan (%)"): "21.42",
        ("tblIndikator", "K19", "Perubahan"): "0.00",
        ("tblIndikator", "K19", "Perubahan (%)"): "0.00",
        ("tblIndikator", "K19", "Arah"): "Tetap", ("tblIndikator", "K19", "Kecenderungan"): "Tetap",
        ("tblIndikator", "K20", "Capaian"): "66.66",
        ("tblTriwulan", "K07 TW1", "Capaian"): "95.66",
        ("tblTriwulan", "K10 TW2", "Capaian"): "99.52",
        ("tblTriwulan", "K11 TW2", "Capaian"): "74.06",
        ("tblRiwayat", "K01 2022", "Capaian"): "46.95",
        ("tblRiwayat", "K01 2023", "Capaian"): "54.54",
        ("tblRiwayat", "K03 2023", "Capaian"): "98.36",
        ("tblRiwayat", "K03 2024", "Capaian"): "100.10",
        ("tblAnggaran", 3, "Serapan"): "93.31", ("tblAnggaran", 4, "Efisiensi"): "1.05",
        ("tblAnggaran", 7, "Serapan"): "95.11",
        ("tblRingkasanSasaran", S3, "Rata-rata Capaian"): "114.75",
        ("tblRingkasanSasaran", S4, "Rata-rata Capaian"): "90.12",
        ("name", "Rata_Capaian", ""): "93.59", ("name", "Efisiensi_Instansi", ""): "0.96",
    }),
}  # fmt: skip


def expected() -> dict[tuple[str, Any, str], str | None]:
    found: dict[tuple[str, Any, str], str | None] = {}
    for kode, figures in IND.items():
        found |= {("tblIndikator", kode, c): v for c, v in zip(IND_COLS, figures, strict=True)}
    for key, figures in TW.items():
        found |= {("tblTriwulan", key, c): v for c, v in zip(IND_COLS[:3], figures, strict=True)}
    for key, figures in RIW.items():
        found |= {("tblRiwayat", key, c): v for c, v in zip(IND_COLS[:2], figures, strict=True)}
    for i, figures in enumerate(ANG, start=1):
        found |= {("tblAnggaran", i, c): v for c, v in zip(ANG_COLS, figures, strict=True)}
    for sasaran, figures in SAS.items():
        found |= {
            ("tblRingkasanSasaran", sasaran, c): v for c, v in zip(SAS_COLS, figures, strict=True)
        }
    return found | {("name", n, ""): v for n, v in NAMES.items()}


def build(path: Path, settings: dict[str, Any]) -> Path:
    build_template("kinerja", path)
    wb = openpyxl.load_workbook(path)
    spec = template("kinerja")
    for cell, value in {"B4": "Pemerintah Kabupaten Lombok Timur", "B5": "Dinas Kesehatan",
                        "B7": 2025}.items():  # fmt: skip
        wb["Identitas"][cell] = value
    fill_table(wb, spec.table("tblIndikator"), INDIKATOR)
    fill_table(wb, spec.table("tblTriwulan"), TRIWULAN)
    fill_table(wb, spec.table("tblRiwayat"), RIWAYAT)
    fill_table(wb, spec.table("tblAnggaran"), ANGGARAN)
    for r, row in enumerate(SAKIP, start=9):
        for c, value in enumerate(row, start=1):
            wb["Evaluasi"].cell(r, c).value = value
    for cell, value in settings.items():
        wb["Pengaturan"][cell] = value
    wb.save(path)
    return path


def shown(path: Path) -> dict[tuple[str, Any, str], Any]:
    """Every computed figure the workbook holds, keyed as ``expected`` keys them."""
    wb = openpyxl.load_workbook(path)
    found: dict[tuple[str, Any, str], Any] = {}
    keys = {
        "tblIndikator": lambda r: r["Kode"],
        "tblTriwulan": lambda r: f"{r['Kode']} {r['Triwulan']}",
        "tblRiwayat": lambda r: f"{r['Kode']} {r['Tahun']}",
        "tblRingkasanSasaran": lambda r: r["Sasaran"],
    }
    for ws in wb.worksheets:
        for table in ws.tables.values():
            cells = list(ws[table.ref])
            headers = [c.value for c in cells[0]]
            records = [dict(zip(headers, (c.value for c in r), strict=True)) for r in cells[1:]]
            records = [r for r in records if any(v is not None for v in r.values())]
            for i, record in enumerate(records, start=1):
                key = keys[table.name](record) if table.name in keys else i
                found |= {(table.name, key, h): v for h, v in record.items()}
    for name in NAMES:
        ((sheet, ref),) = wb.defined_names[name].destinations
        found[("name", name, "")] = wb[sheet][ref.replace("$", "")].value
    return found


def same(want: str | None, got: Any) -> bool:
    if want is None:
        return got in (None, "")
    if isinstance(got, (int, float)) and not isinstance(got, bool):
        return Fraction(str(got)) == Fraction(want)
    return got == want


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_figure_is_the_exact_rule_rounded_once(variant, tmp_path):
    settings, changes = VARIANTS[variant]
    path = build(tmp_path / f"dinkes-{variant}.xlsx", settings)
    cli("hitung", path)
    got = shown(path)
    want = expected() | changes
    wrong = {k: (v, got.get(k)) for k, v in want.items() if not same(v, got.get(k))}
    assert not wrong
    assert len(want) == 260  # 13 indicators x 9, 17 quarters x 3, 13 years x 2, 9 lines x 4, ...
