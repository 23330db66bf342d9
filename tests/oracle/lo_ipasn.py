"""The ipasn oracle as spreadsheet formulas, recalculated by LibreOffice.

Sheets: Peg (the employees' inputs), Tab (the instrument's lookup tables), and per setting k:
Sk (settings), PkP (scores per employee), PkR (the recap per unit and status, per status and
SELURUH, and the gap of each dimension to its weight).
"""

from __future__ import annotations

from typing import Any

import openpyxl

from tests.oracle.exact import IPASN
from tests.oracle.exact_ipasn import (
    BOBOT,
    DIMENSIONS,
    DISIPLIN,
    KUALIFIKASI,
    PREDIKAT_SKP,
    SELURUH,
    SEMUA_STATUS,
    jumlah,
    per_unit,
)
from tests.oracle.figures import Key
from tests.oracle.formulas import (
    SheetWriter,
    band_formula,
    rnd,
    when_number,
    write_inputs,
    write_settings,
)
from tests.oracle.settings import IpasnSetting

PEG = [
    "NIP",
    "Unit Kerja",
    "Status",
    "Jenis Jabatan",
    "Pendidikan",
    "Diklat Jenjang",
    "JP Diklat Teknis",
    "Seminar",
    "Nilai SKP",
    "Predikat SKP",
    "Hukuman Disiplin",
]


def lookup_tables(wb) -> None:
    """Tab: A:B Pendidikan, D:E Predikat SKP, G:H Hukuman Disiplin (points)."""
    ws = wb.create_sheet("Tab")
    for c0, table in ((1, KUALIFIKASI), (4, PREDIKAT_SKP), (7, DISIPLIN)):
        for r, (label, points) in enumerate(table.items(), start=2):
            ws.cell(r, c0, label)
            ws.cell(r, c0 + 1, points)


def _lookup(x: str, c0: str, c1: str, n: int) -> tuple[str, str]:
    """(points or 0, whether the label is known) from a Tab table of ``n`` rows."""
    rng = f"Tab!${c0}$2:${c1}${n + 1}"
    return f"IFERROR(VLOOKUP({x},{rng},2,0),0)", f"ISNUMBER(MATCH({x},Tab!${c0}$2:${c0}${n + 1},0))"


def pegawai_sheet(wb, cells, k: int, n: int) -> None:
    s = f"S{k}"
    w = SheetWriter(wb, f"P{k}P", cells)
    for i in range(n):
        r = i + 2
        jab, pend, jenjang, jp, sem, skp, pred, huk = (
            f"Peg!{c}{r}" for c in ("D", "E", "F", "G", "H", "I", "J", "K")
        )
        kual, kual_ok = _lookup(pend, "A", "B", len(KUALIFIKASI))
        w.put(r, 1, "=" + kual)
        teknis = f"AND(ISNUMBER({jp}),{jp}>=20)"
        w.put(
            r,
            2,
            (
                f'=IF({jab}="Pelaksana",IF({teknis},22.5,0)+IF({sem}="Ya",17.5,0),'
                f'IF({jenjang}="Ya",15,0)+IF({teknis},15,0)+IF({sem}="Ya",10,0))'
            ),
        )
        komp_ok = (
            f'IF({jab}="Pelaksana",AND(ISNUMBER({jp}),{sem}<>""),'
            f'AND({jenjang}<>"",ISNUMBER({jp}),{sem}<>""))'
        )
        pred_pts, pred_ok = _lookup(pred, "D", "E", len(PREDIKAT_SKP))
        bands = f"IF({skp}>90,30,IF({skp}>75,25,IF({skp}>60,15,IF({skp}>50,5,1))))"
        w.put(r, 3, f"=IF(ISNUMBER({skp}),{bands},{pred_pts})")
        dis, dis_ok = _lookup(huk, "G", "H", len(DISIPLIN))
        w.put(r, 4, "=" + dis)
        w.put(r, 5, f"=IF(AND({kual_ok},{komp_ok},OR(ISNUMBER({skp}),{pred_ok}),{dis_ok}),1,0)")
        w.put(r, 6, f'=IF({s}!$B$3="Kecualikan",E{r},1)')  # counted in the means
        for c, (dim, raw) in enumerate(zip(DIMENSIONS, "ABCD", strict=True), start=7):
            w.put(r, c, "=" + rnd(f"{raw}{r}", s), ("Pegawai", i, dim))
        w.put(r, 11, "=" + rnd(f"A{r}+B{r}+C{r}+D{r}", s), ("Pegawai", i, "Nilai IP ASN"))
        w.put(r, 12, "=" + band_formula(f"K{r}", IPASN), ("Pegawai", i, "Kategori"))


def rekap_sheet(wb, cells, k: int, n: int, groups: list[tuple[str, str]]) -> None:
    s = f"S{k}"
    w = SheetWriter(wb, f"P{k}R", cells)
    last = n + 1
    unit, status = f"Peg!$B$2:$B${last}", f"Peg!$C$2:$C${last}"
    lengkap, counted = f"P{k}P!$E$2:$E${last}", f"P{k}P!$F$2:$F${last}"
    shown_cols = {
        "Kualifikasi": "G",
        "Kompetensi": "H",
        "Kinerja": "I",
        "Disiplin": "J",
        "Nilai IP ASN": "K",
    }
    for g, key in enumerate(groups):
        r = g + 2
        w.put(r, 1, key[0])
        w.put(r, 2, key[1])
        crit = []
        if per_unit(key):
            crit.append(f"{unit},A{r}")
        if key[1] != SEMUA_STATUS:
            crit.append(f"{status},B{r}")
        where = "".join("," + c for c in crit)
        w.put(r, 3, f'=COUNTIFS({counted},">=0"{where})', ("Rekap", key, "Jumlah Pegawai"))
        w.put(r, 4, f"=COUNTIFS({lengkap},1{where})", ("Rekap", key, "Data Lengkap"))
        w.put(r, 5, f"=COUNTIFS({counted},1{where})")
        for c, (column, letter) in enumerate(shown_cols.items(), start=6):
            values = f"P{k}P!${letter}$2:${letter}${last}"
            mean = f"SUMIFS({values},{counted},1{where})/E{r}"
            w.put(r, c, f'=IF(E{r}=0,"",{rnd(mean, s)})', ("Rekap", key, column))
        w.put(
            r,
            11,
            "=" + when_number(f"J{r}", band_formula(f"J{r}", IPASN)),
            ("Rekap", key, "Kategori"),
        )
        # Catatan: the row says so when its shown dimension means do not add up to its shown
        # Nilai IP ASN (§4); compared as "selisih" or blank, not by its wording.
        w.put(
            r,
            12,
            f'=IF(E{r}=0,"",IF(ROUND(F{r}+G{r}+H{r}+I{r}-J{r},9)<>0,"selisih",""))',
            ("Rekap", key, "Catatan"),
        )
    total_row = groups.index((SELURUH, SEMUA_STATUS)) + 2
    for d, dim in enumerate(DIMENSIONS):
        r = d + 2
        skor = f"{'FGHI'[d]}{total_row}"
        w.put(r, 13, dim)
        w.put(r, 14, BOBOT[dim], ("Selisih", dim, "Bobot"))
        w.put(r, 15, f"={skor}", ("Selisih", dim, "Skor"))
        w.put(r, 16, "=" + when_number(skor, rnd(f"N{r}-{skor}", s)), ("Selisih", dim, "Selisih"))


def build(path, pegawai: list[dict[str, Any]], settings: list[IpasnSetting]) -> dict[str, dict]:
    """Write the oracle workbook; return, per setting, figure key -> (sheet, row, column)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    write_inputs(wb, "Peg", PEG, pegawai)
    lookup_tables(wb)
    groups = list(dict.fromkeys((row["Unit Kerja"], row["Status"]) for row in pegawai))
    statuses = list(dict.fromkeys(row["Status"] for row in pegawai))
    groups += [(jumlah(st), st) for st in statuses] + [(SELURUH, SEMUA_STATUS)]
    per_setting = {}
    for k, setting in enumerate(settings, start=1):
        write_settings(
            wb,
            f"S{k}",
            [
                ("Desimal", int(setting.value("Desimal"))),
                ("Potong", 1 if setting.value("Pembulatan") == "Potong" else 0),
                ("Data_Kosong", setting.value("Data_Kosong")),
            ],
        )
        cells: dict[Key, tuple[str, int, int]] = {}
        pegawai_sheet(wb, cells, k, len(pegawai))
        rekap_sheet(wb, cells, k, len(pegawai), groups)
        per_setting[setting.name] = cells
    wb.save(path)
    return per_setting
