"""Chapter III's analysis of causes, efficiency of resources, supporting programs, budget
realisation and the SAKIP evaluation."""

from __future__ import annotations

from collections.abc import Callable

from lkjip_xl.workbook.report.cells import Cells
from lkjip_xl.workbook.report.elements import ReportChart, ReportTable, Section
from lkjip_xl.workbook.report.kinerja_data import KinerjaData
from lkjip_xl.workbook.report.numbering import Numbering
from lkjip_xl.workbook.report.shown import DASH
from lkjip_xl.workbook.report.source import number

#: Per-indicator paragraphs for the analysis (the Word document's narrative: figures alone, then
#: the staff's text). Without it the section holds the staff's text only.
Paragraphs = Callable[[KinerjaData], list[str]]

# (tblIndikator column key, label): the staff's analysis, free text.
ANALYSIS_COLUMNS = (
    ("faktor_pendorong", "Faktor pendorong"),
    ("faktor_penghambat", "Faktor penghambat"),
    ("tindak_lanjut", "Tindak lanjut"),
)


def staff_analysis(data: KinerjaData) -> list[str]:
    """One paragraph per indicator whose analysis columns hold text, as the staff wrote it."""
    ind = data.indikator
    columns = [(k, label) for k, label in ANALYSIS_COLUMNS if ind.has(k)]
    paragraphs = []
    for r in ind.records:
        parts = [f"{label}: {ind.text(r, k)}" for k, label in columns if r.get(k) is not None]
        if parts:
            paragraphs.append(f"{data.who(r)} {ind.text(r, 'indikator')}. " + " ".join(
                p if p.endswith(".") else f"{p}." for p in parts
            ))  # fmt: skip
    return paragraphs


def analysis(data: KinerjaData, paragraphs: Paragraphs | None) -> list[str]:
    texts = paragraphs(data) if paragraphs is not None else staff_analysis(data)
    if texts:
        return texts
    return [
        "Analisis penyebab keberhasilan atau kegagalan belum diisi: isi kolom Faktor Pendorong, "
        "Faktor Penghambat dan Tindak Lanjut di lembar Indikator."
    ]


def efisiensi(data: KinerjaData, n: Numbering) -> list[ReportTable | ReportChart]:
    ang = data.anggaran
    rows, cells = [], Cells()
    for i, r in enumerate(ang.records, start=1):
        who = ang.text(r, "program_kegiatan")
        rows.append(
            (
                str(i),
                who,
                ang.text(r, "kode_indikator"),
                cells.cell(ang, r, "serapan", who),
                cells.cell(ang, r, "capaian_kinerja", who),
                cells.cell(ang, r, "efisiensi", who),
                cells.cell(ang, r, "kategori_efisiensi", who),
            )
        )
    rows.append(("", "Instansi", "", data.names["Serapan_Total"], data.names["Rata_Capaian"],
                 data.names["Efisiensi_Instansi"], ""))  # fmt: skip
    if data.names["Efisiensi_Instansi"] == DASH:
        cells.note("Instansi: efisiensi belum dapat dihitung (rata-rata capaian atau serapan "
                   "anggaran total belum berupa angka).")  # fmt: skip
    header = ("No", "Program/Kegiatan", "Kode Indikator", "Serapan Anggaran (%)",
              "Capaian Kinerja (%)", "Efisiensi", "Kategori Efisiensi")  # fmt: skip
    title = f"Efisiensi Penggunaan Sumber Daya{data.in_year}"
    table = n.table("efisiensi", title, header, rows, cells.collected)
    chart = n.chart(
        "serapan_capaian",
        f"Serapan Anggaran dan Capaian Kinerja per Program/Kegiatan{data.in_year} (%; "
        f"nomor program/kegiatan sesuai Tabel {table.number})",
        "bar",
        [str(i) for i in range(1, len(ang.records) + 1)],
        [
            ("Serapan Anggaran (%)", tuple(number(r.get("serapan")) for r in ang.records)),
            ("Capaian Kinerja (%)", tuple(number(r.get("capaian_kinerja")) for r in ang.records)),
        ],
    )
    return [table, chart]


def programs(data: KinerjaData, n: Numbering) -> list[ReportTable]:
    ang = data.anggaran
    rows, cells = [], Cells()
    for i, r in enumerate(ang.records, start=1):
        kode = r.get("kode_indikator")
        who = ang.text(r, "program_kegiatan")
        rows.append(
            (
                str(i),
                ang.text(r, "kode_indikator"),
                data.indicator_name(kode),
                who,
                cells.cell(ang, r, "capaian_kinerja", who),
            )
        )
    header = ("No", "Kode", "Indikator Kinerja", "Program/Kegiatan", "Capaian Kinerja (%)")
    title = "Program dan Kegiatan Penunjang Capaian Kinerja"
    return [n.table("program", title, header, rows, cells.collected)]


def budget(data: KinerjaData, n: Numbering) -> Section:
    ang = data.anggaran
    rows, cells = [], Cells()
    for i, r in enumerate(ang.records, start=1):
        who = ang.text(r, "program_kegiatan")
        rows.append(
            (
                str(i),
                who,
                cells.cell(ang, r, "pagu", who),
                cells.cell(ang, r, "realisasi_anggaran", who),
                cells.cell(ang, r, "serapan", who),
            )
        )
    rows.append(("", "Serapan Anggaran Total", "", "", data.names["Serapan_Total"]))
    if data.names["Serapan_Total"] == DASH:
        cells.note("Serapan Anggaran Total: pagu atau realisasi anggaran belum diisi.")
    header = ("No", "Program/Kegiatan", "Pagu", "Realisasi Anggaran", "Serapan (%)")
    title = f"Realisasi Anggaran per Program dan Kegiatan{data.in_year}"
    table = n.table("anggaran", title, header, rows, cells.collected)
    return Section("B. Realisasi Anggaran", 1, (table,))


def evaluation(data: KinerjaData, n: Numbering) -> Section:
    ev = data.evaluasi
    rows, cells = [], Cells()
    for i, r in enumerate(ev.records, start=1):
        who = ev.text(r, "komponen")
        rows.append((str(i), who, cells.cell(ev, r, "bobot", who), cells.cell(ev, r, "nilai", who)))
    rows.append(("", "Nilai SAKIP", "", data.names["Nilai_SAKIP"]))
    rows.append(("", "Predikat", "", data.names["Predikat_SAKIP"]))
    if data.names["Nilai_SAKIP"] == DASH:
        cells.note("Nilai SAKIP: nilai komponen evaluasi belum diisi.")
    header = ("No", "Komponen", "Bobot", "Nilai")
    title = f"Hasil Evaluasi SAKIP{data.of_organisation}"
    table = n.table("evaluasi_sakip", title, header, rows, cells.collected)
    return Section("C. Hasil Evaluasi SAKIP", 1, (table,))
