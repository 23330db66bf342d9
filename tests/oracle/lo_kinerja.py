"""The kinerja oracle as spreadsheet formulas, recalculated by LibreOffice.

Sheets: the inputs (Ind, TW, Ang, Eval), setting-independent helpers (Der: the realisasi each
indicator uses, derived from its quarters when blank; TWX / AngX: normalised Kode and the row
of the indicator it refers to), and per setting k: Sk (settings), CkI / CkT / CkA (row figures)
and CkR (means per sasaran and for the agency, SAKIP).
"""

from __future__ import annotations

from typing import Any

import openpyxl

from tests.oracle.data_kinerja import TAHUN
from tests.oracle.exact import SAKIP
from tests.oracle.figures import Key
from tests.oracle.formulas import (
    SheetWriter,
    band_formula,
    rnd,
    when_number,
    write_inputs,
    write_settings,
)
from tests.oracle.settings import KinerjaSetting

IND = [
    "Kode",
    "Sasaran",
    "Polaritas",
    "Agregasi",
    "Target",
    "Realisasi",
    "Target Akhir Renstra",
    "Target Nasional",
    "Realisasi Tahun Lalu",
]
TW = ["Kode", "Triwulan", "Target", "Realisasi"]
ANG = ["Kode Indikator", "Pagu", "Realisasi Anggaran"]
RIW = ["Kode", "Tahun", "Target", "Realisasi"]


def capaian_block(w: SheetWriter, r: int, c0: int, t: str, real: str, pol: str, s: str) -> str:
    """Four cells from column ``c0``: state, formula result, floored and capped, shown.

    State B: a blank input; X: not computable (target 0 or negative, R = 0 under invers).
    A formula error (overflow: the result is not finite) also leaves no number.
    """
    state = w.put(
        r,
        c0,
        (
            f'=IF(OR(NOT(ISNUMBER({t})),NOT(ISNUMBER({real}))),"B",IF({t}<=0,"X",'
            f'IF(AND({pol}="Negatif",{s}!$B$3="invers",{real}=0),"X","N")))'
        ),
    )
    base = (
        f'IF({pol}="Positif",{real}/{t}*100,'
        f'IF({s}!$B$3="lan",(2*{t}-{real})/{t}*100,{t}/{real}*100))'
    )
    raw = w.put(r, c0 + 1, f'=IF({state}<>"N","",IFERROR({base},"X"))')
    floored = f'IF(AND({pol}="Negatif",{s}!$B$4=1),MAX(0,{raw}),{raw})'
    capped = f"IF(ISNUMBER({s}!$B$5),MIN({s}!$B$5,{floored}),{floored})"
    value = w.put(r, c0 + 2, "=" + when_number(raw, capped))
    return w.put(r, c0 + 3, "=" + when_number(value, rnd(value, s)))


def labels(w: SheetWriter, r: int, c0: int, state: str, shown: str, scale, keys) -> None:
    """Predikat and Status of a shown capaian."""
    w.put(r, c0, "=" + when_number(shown, band_formula(shown, scale)), keys[0])
    w.put(
        r,
        c0 + 1,
        (
            f'=IF({state}="B","Belum Diisi",IF(NOT(ISNUMBER({shown})),"Tidak Dapat Dihitung",'
            f'IF({shown}>100,"Melebihi Target",IF({shown}=100,"Tercapai","Tidak Tercapai"))))'
        ),
        keys[1],
    )


def perubahan_block(w: SheetWriter, r: int, c0: int, real: str, lalu: str, pol: str, s: str, i):
    """Six cells from ``c0``: the change in points and in percent (each raw, then shown), its
    direction and its trend with the polarity."""
    both = f"AND(ISNUMBER({real}),ISNUMBER({lalu}))"
    raw = w.put(r, c0, f'=IF({both},{real}-{lalu},"")')
    poin = w.put(r, c0 + 1, "=" + when_number(raw, rnd(raw, s)), ("Indikator", i, "Perubahan"))
    raw_p = w.put(r, c0 + 2, f'=IF(AND({both},{lalu}>0),({real}/{lalu}-1)*100,"")')
    w.put(r, c0 + 3, "=" + when_number(raw_p, rnd(raw_p, s)), ("Indikator", i, "Perubahan (%)"))
    arah = w.put(
        r,
        c0 + 4,
        "=" + when_number(poin, f'IF({poin}>0,"Meningkat",IF({poin}<0,"Menurun","Tetap"))'),
        ("Indikator", i, "Arah"),
    )
    w.put(
        r,
        c0 + 5,
        (
            f'=IF({arah}="","",IF({arah}="Tetap","Tetap",'
            f'IF(({arah}="Meningkat")=({pol}="Positif"),"Membaik","Memburuk")))'
        ),
        ("Indikator", i, "Kecenderungan"),
    )


def helpers(wb, cells, n_ind: int, n_tw: int, n_ang: int, n_riw: int) -> None:
    """Der, TWX, AngX, RiwX: what every setting shares."""
    last_i, last_t, last_w = n_ind + 1, n_tw + 1, n_riw + 1
    riwx = SheetWriter(wb, "RiwX", cells)
    for r in range(2, n_riw + 2):
        riwx.put(r, 1, f"=MATCH(UPPER(TRIM(Riw!A{r})),Der!$A$2:$A${last_i},0)")
        riwx.put(r, 2, f'=IFERROR(INDEX(Ind!$C$2:$C${last_i},A{r}),"")')
        # The key of a row that can stand for last year's realisasi (the year before Tahun).
        riwx.put(
            r, 3, f'=IF(AND(Riw!B{r}={TAHUN - 1},ISNUMBER(Riw!D{r})),UPPER(TRIM(Riw!A{r})),"")'
        )
    twx = SheetWriter(wb, "TWX", cells)
    for r in range(2, n_tw + 2):
        twx.put(r, 1, f"=UPPER(TRIM(TW!A{r}))")
        twx.put(r, 2, f"=VALUE(RIGHT(TW!B{r},1))")
        twx.put(r, 3, f"=IF(ISNUMBER(TW!D{r}),1,0)")
        twx.put(r, 4, f"=IF(C{r}=1,B{r},0)")  # the quarter number when its realisasi is filled
        twx.put(r, 5, f"=MATCH(A{r},Der!$A$2:$A${last_i},0)")
    der = SheetWriter(wb, "Der", cells)
    key, filled, real = twx.span(1, 2, last_t), twx.span(3, 2, last_t), f"TW!$D$2:$D${last_t}"
    for r in range(2, n_ind + 2):
        der.put(r, 1, f"=UPPER(TRIM(Ind!A{r}))")
        der.put(r, 2, f"=COUNTIFS({key},A{r},{filled},1)")
        der.put(r, 3, f"=SUMIFS({real},{key},A{r},{filled},1)")
        der.put(r, 4, f'=IF(B{r}=0,"",_xlfn.MAXIFS({real},{key},A{r},{filled},1))')
        der.put(r, 5, f"=_xlfn.MAXIFS({twx.span(4, 2, last_t)},{key},A{r})")
        der.put(r, 6, f"=SUMIFS({real},{key},A{r},{twx.span(2, 2, last_t)},E{r},{filled},1)")
        agg = f"Ind!D{r}"
        derived = (
            f'IF({agg}="Kumulatif",C{r},IF({agg}="Akhir",F{r},'
            f'IF({agg}="Rata-rata",C{r}/B{r},IF({agg}="Maksimum",D{r},""))))'
        )
        der.put(r, 7, f'=IF(ISNUMBER(Ind!F{r}),Ind!F{r},IF(B{r}=0,"",{derived}))')
        riw = f'IFERROR(INDEX(Riw!$D$2:$D${last_w},MATCH(A{r},RiwX!$C$2:$C${last_w},0)),"")'
        der.put(r, 8, f"=IF(ISNUMBER(Ind!I{r}),Ind!I{r},{riw})")  # last year's realisasi
    angx = SheetWriter(wb, "AngX", cells)
    for r in range(2, n_ang + 2):
        angx.put(r, 1, f"=MATCH(UPPER(TRIM(Ang!A{r})),Der!$A$2:$A${last_i},0)")


def setting_sheets(wb, cells, k: int, setting: KinerjaSetting, sizes: dict[str, int]) -> None:
    s = f"S{k}"
    cap = setting.value("Batas_Atas_Capaian")
    write_settings(
        wb,
        s,
        [
            ("Desimal", int(setting.value("Desimal"))),
            ("Potong", 1 if setting.value("Pembulatan") == "Potong" else 0),
            ("Metode_Negatif", setting.value("Metode_Negatif")),
            ("Batas_Bawah_Nol", 1 if setting.value("Batas_Bawah_Nol") == "Ya" else 0),
            ("Batas_Atas_Capaian", cap),
            ("Metode_Efisiensi", setting.value("Metode_Efisiensi")),
        ],
    )
    scale = setting.skala
    ind = SheetWriter(wb, f"C{k}I", cells)
    for i in range(sizes["ind"]):
        r = i + 2
        real, pol = f"Der!G{r}", f"Ind!C{r}"
        shown = capaian_block(ind, r, 1, f"Ind!E{r}", real, pol, s)
        keys = (("Indikator", i, "Predikat"), ("Indikator", i, "Status"))
        ind.cells[("Indikator", i, "Capaian")] = (ind.name, r - 1, 3)
        labels(ind, r, 5, f"A{r}", shown, scale, keys)
        ind.put(r, 7, f"=IF(ISNUMBER({shown}),1,0)")
        for c0, target, column in ((8, "G", "Capaian Renstra"), (12, "H", "Capaian Nasional")):
            capaian_block(ind, r, c0, f"Ind!{target}{r}", real, pol, s)
            ind.cells[("Indikator", i, column)] = (ind.name, r - 1, c0 + 2)
        perubahan_block(ind, r, 16, real, f"Der!H{r}", pol, s, i)
    riw = SheetWriter(wb, f"C{k}W", cells)
    for j in range(sizes["riw"]):
        r = j + 2
        known_t = f'IF(ISNUMBER(RiwX!A{r}),Riw!C{r},"")'  # no indicator: nothing computed
        shown = capaian_block(riw, r, 1, known_t, f"Riw!D{r}", f"RiwX!B{r}", s)
        riw.cells[("Riwayat", j, "Capaian")] = (riw.name, r - 1, 3)
        label = when_number(shown, band_formula(shown, scale))
        riw.put(r, 5, "=" + label, ("Riwayat", j, "Predikat"))
    tw = SheetWriter(wb, f"C{k}T", cells)
    for j in range(sizes["tw"]):
        r = j + 2
        tw.put(r, 1, f"=INDEX(Ind!$C$2:$C${sizes['ind'] + 1},TWX!E{r})")
        shown = capaian_block(tw, r, 2, f"TW!C{r}", f"TW!D{r}", f"A{r}", s)
        tw.cells[("Triwulan", j, "Capaian")] = (tw.name, r - 1, 4)
        keys = (("Triwulan", j, "Predikat"), ("Triwulan", j, "Status"))
        labels(tw, r, 6, f"B{r}", shown, scale, keys)
    anggaran_sheet(wb, cells, k, setting, sizes)
    ringkasan_sheet(wb, cells, k, setting, sizes)


def anggaran_sheet(wb, cells, k: int, setting: KinerjaSetting, sizes: dict[str, int]) -> None:
    s = f"S{k}"
    w = SheetWriter(wb, f"C{k}A", cells)
    shown_capaian = f"C{k}I!$D$2:$D${sizes['ind'] + 1}"
    for j in range(sizes["ang"]):
        r = j + 2
        pagu, real = f"Ang!B{r}", f"Ang!C{r}"
        w.put(r, 1, f'=IF(AND(ISNUMBER({pagu}),ISNUMBER({real}),{pagu}<>0),{real}/{pagu}*100,"")')
        w.put(r, 2, "=" + when_number(f"A{r}", rnd(f"A{r}", s)), ("Anggaran", j, "Serapan"))
        w.put(r, 3, f"=INDEX({shown_capaian},AngX!A{r})", ("Anggaran", j, "Capaian Kinerja"))
        w.put(
            r,
            4,
            (
                f'=IF(AND(ISNUMBER(C{r}),ISNUMBER(B{r})),IF({s}!$B$6="selisih",C{r}-B{r},'
                f'IF(B{r}=0,"",C{r}/B{r})),"")'
            ),
        )
        w.put(r, 5, "=" + when_number(f"D{r}", rnd(f"D{r}", s)), ("Anggaran", j, "Efisiensi"))
        label = when_number(f"E{r}", band_formula(f"E{r}", setting.efisiensi_bands))
        w.put(r, 6, "=" + label, ("Anggaran", j, "Kategori Efisiensi"))


def ringkasan_sheet(wb, cells, k: int, setting: KinerjaSetting, sizes: dict[str, int]) -> None:
    s = f"S{k}"
    w = SheetWriter(wb, f"C{k}R", cells)
    last_i, last_a = sizes["ind"] + 1, sizes["ang"] + 1
    shown, has = f"C{k}I!$D$2:$D${last_i}", f"C{k}I!$G$2:$G${last_i}"
    sasaran_col = f"Ind!$B$2:$B${last_i}"
    for n, name in enumerate(sizes["sasaran"]):
        r = n + 2
        w.put(r, 1, name)
        w.put(r, 2, f"=COUNTIF({sasaran_col},A{r})", ("Ringkasan", name, "Jumlah Indikator"))
        w.put(
            r,
            3,
            f"=COUNTIFS({sasaran_col},A{r},{has},1)",
            ("Ringkasan", name, "Indikator Dihitung"),
        )
        mean = f"SUMIFS({shown},{sasaran_col},A{r})/C{r}"
        w.put(r, 4, f'=IF(C{r}=0,"",{rnd(mean, s)})', ("Ringkasan", name, "Rata-rata Capaian"))
        label = when_number(f"D{r}", band_formula(f"D{r}", setting.skala))
        w.put(r, 5, "=" + label, ("Ringkasan", name, "Predikat"))
    names: list[tuple[str, str, Any]] = [
        (
            "Rata_Capaian",
            "Ringkasan",
            f'=IF(COUNT({shown})=0,"",{rnd(f"SUM({shown})/COUNT({shown})", s)})',
        ),
        (
            "Predikat_Instansi",
            "Ringkasan",
            "=" + when_number("H1", band_formula("H1", setting.skala)),
        ),
        (
            "Serapan_Total",
            "Ringkasan",
            "=" + rnd(f"SUM(Ang!$C$2:$C${last_a})/SUM(Ang!$B$2:$B${last_a})*100", s),
        ),
        (
            "Efisiensi_Instansi",
            "Ringkasan",
            (
                f'=IF(AND(ISNUMBER(H1),ISNUMBER(H3)),IF({s}!$B$6="selisih",{rnd("H1-H3", s)},'
                f'IF(H3=0,"",{rnd("H1/H3", s)})),"")'
            ),
        ),
        ("Nilai_SAKIP", "Evaluasi", "=" + rnd("SUM(Eval!$A$2:$A$6)", s)),
        ("Predikat_SAKIP", "Evaluasi", "=" + when_number("H5", band_formula("H5", SAKIP))),
    ]
    for r, (name, sheet, formula) in enumerate(names, start=1):
        w.put(r, 7, name)
        w.put(r, 8, formula, (sheet, "name", name))


def build(path, tables: dict[str, Any], settings: list[KinerjaSetting]) -> dict[str, dict]:
    """Write the oracle workbook; return, per setting, figure key -> (sheet, row, column)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    write_inputs(wb, "Ind", IND, tables["indikator"])
    write_inputs(wb, "TW", TW, tables["triwulan"])
    write_inputs(wb, "Ang", ANG, tables["anggaran"])
    write_inputs(wb, "Eval", ["Nilai"], [{"Nilai": v} for v in tables["evaluasi"]])
    write_inputs(wb, "Riw", RIW, tables["riwayat"])
    sizes: dict[str, Any] = {
        "ind": len(tables["indikator"]),
        "tw": len(tables["triwulan"]),
        "ang": len(tables["anggaran"]),
        "riw": len(tables["riwayat"]),
        "sasaran": list(dict.fromkeys(row["Sasaran"] for row in tables["indikator"])),
    }
    shared: dict[Key, tuple[str, int, int]] = {}
    helpers(wb, shared, sizes["ind"], sizes["tw"], sizes["ang"], sizes["riw"])
    per_setting = {}
    for k, setting in enumerate(settings, start=1):
        cells: dict[Key, tuple[str, int, int]] = {}
        setting_sheets(wb, cells, k, setting, sizes)
        per_setting[setting.name] = cells
    wb.save(path)
    return per_setting
