"""Chapter III of a kinerja workbook's LKjIP, in the order of PermenPAN-RB 53/2014.

A. Capaian Kinerja Organisasi: the measurement of every indicator, target against realisasi,
this year against last year (and the years of tblRiwayat), against the Renstra end target and
the national target, the analysis of causes, the efficiency of the resources used and the
programs behind the result; B. Realisasi Anggaran; C. Hasil Evaluasi SAKIP. Every figure is a
cell's shown text (:mod:`.shown`); nothing is computed here that the workbook does not show,
except counting rows.
"""

from __future__ import annotations

from lkjip_xl.workbook.contract import Template
from lkjip_xl.workbook.report import comparisons, resources
from lkjip_xl.workbook.report.cells import Cells
from lkjip_xl.workbook.report.elements import Report, ReportChart, ReportTable, Section
from lkjip_xl.workbook.report.kinerja_data import KinerjaData, read_kinerja
from lkjip_xl.workbook.report.numbering import Numbering
from lkjip_xl.workbook.report.resources import Paragraphs
from lkjip_xl.workbook.report.shown import DASH
from lkjip_xl.workbook.report.source import Source, number

#: the note under Tabel 3.1 of a workbook whose tblIndikator has no row
NO_INDICATORS = (
    "Belum ada indikator di lembar Indikator: tabel capaian, perbandingan, dan efisiensi di bab "
    "ini kosong sampai tabel Indikator diisi."
)

# --- A. Capaian Kinerja Organisasi --------------------------------------------------------------


def pengukuran(data: KinerjaData, n: Numbering) -> ReportTable:
    rows, cells = data.indicator_rows(
        ("sasaran", "indikator", "satuan"), ("target", "realisasi", "capaian", "predikat")
    )
    header = ("No", "Sasaran", "Indikator Kinerja", "Satuan", "Target", "Realisasi",
              "Capaian (%)", "Predikat")  # fmt: skip
    title = f"Pengukuran Capaian Kinerja{data.of_organisation}{data.in_year}"
    # Without a single indicator every table of the chapter is a bare header row: say why once,
    # under the first, rather than leave the reader to guess at a broken report.
    notes = cells.collected if rows else (NO_INDICATORS,)
    return n.table("pengukuran", title, header, rows, notes)


def pengukuran_triwulan(data: KinerjaData, n: Numbering) -> ReportTable | None:
    tw = data.triwulan
    if not tw.records:
        return None
    rows, cells = [], Cells(formula=False)
    for i, r in enumerate(tw.records, start=1):
        who = f"{data.who(r)} {tw.text(r, 'triwulan')}"
        rows.append(
            (
                str(i),
                tw.text(r, "kode"),
                data.indicator_name(r.get("kode")),
                tw.text(r, "triwulan"),
                cells.cell(tw, r, "target", who),
                cells.cell(tw, r, "realisasi", who),
                cells.cell(tw, r, "capaian", who),
                cells.cell(tw, r, "predikat", who),
            )
        )
    header = ("No", "Kode", "Indikator Kinerja", "Triwulan", "Target", "Realisasi",
              "Capaian (%)", "Predikat")  # fmt: skip
    title = f"Pengukuran Capaian Kinerja per Triwulan{data.in_year}"
    return n.table("pengukuran_triwulan", title, header, rows, cells.collected)


def sasaran(data: KinerjaData, n: Numbering) -> ReportTable:
    rows, cells = [], Cells()
    s = data.sasaran
    for i, r in enumerate(s.records, start=1):
        who = s.text(r, "sasaran")
        rows.append(
            (
                str(i),
                who,
                cells.cell(s, r, "jumlah_indikator", who),
                cells.cell(s, r, "indikator_dihitung", who),
                cells.cell(s, r, "rata_rata_capaian", who),
                cells.cell(s, r, "predikat", who),
            )
        )
    rows.append(
        ("", "Rata-rata Capaian Instansi", "", "", data.names["Rata_Capaian"],
         data.names["Predikat_Instansi"])
    )  # fmt: skip
    if data.names["Rata_Capaian"] == DASH:
        cells.note("Rata-rata Capaian Instansi: belum ada indikator yang capaiannya berupa angka.")
    header = ("No", "Sasaran", "Jumlah Indikator", "Indikator Dihitung", "Rata-rata Capaian (%)",
              "Predikat")  # fmt: skip
    return n.table("sasaran", "Rata-rata Capaian per Sasaran Strategis", header, rows,
                   cells.collected)  # fmt: skip


def target_realisasi(data: KinerjaData, n: Numbering) -> ReportTable:
    rows, cells = data.indicator_rows(
        ("indikator", "satuan"), ("target", "realisasi", "capaian", "status")
    )
    header = ("No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)", "Status")
    title = f"Perbandingan antara Target dan Realisasi Kinerja{data.in_year}"
    return n.table("target_realisasi", title, header, rows, cells.collected)


def capaian_chart(data: KinerjaData, n: Numbering) -> ReportChart:
    ind = data.indikator
    return n.chart(
        "capaian",
        f"Capaian Kinerja per Indikator{data.in_year} (%)",
        "bar_line",
        [data.who(r) for r in ind.records],
        [("Capaian (%)", tuple(number(r.get("capaian")) for r in ind.records))],
        reference_line=100.0,
    )


def achievements(data: KinerjaData, n: Numbering, paragraphs: Paragraphs | None) -> list[Section]:
    """Section A and its parts in the order of PermenPAN-RB 53/2014, numbered as printed."""
    measured: list[str | ReportTable | ReportChart] = [pengukuran(data, n)]
    per_quarter = pengukuran_triwulan(data, n)
    if per_quarter is not None:
        measured.append(per_quarter)
    measured += [sasaran(data, n), target_realisasi(data, n), capaian_chart(data, n)]
    parts: list[tuple[str, list]] = [
        ("1. Perbandingan antara Target dan Realisasi Kinerja Tahun Ini", measured),
        (
            "2. Perbandingan Realisasi dan Capaian Kinerja dengan Tahun Lalu dan Tahun-tahun "
            "Sebelumnya",
            list(comparisons.last_year(data, n)),
        ),
        (
            "3. Perbandingan Realisasi Kinerja dengan Target Jangka Menengah (Renstra)",
            list(comparisons.renstra(data, n)),
        ),
        ("4. Perbandingan Realisasi Kinerja dengan Standar Nasional",
         list(comparisons.nasional(data, n))),
        ("5. Analisis Penyebab Keberhasilan atau Kegagalan dan Alternatif Solusi",
         list(resources.analysis(data, paragraphs))),
        ("6. Analisis Efisiensi Penggunaan Sumber Daya", list(resources.efisiensi(data, n))),
        ("7. Program dan Kegiatan Penunjang Keberhasilan", list(resources.programs(data, n))),
    ]  # fmt: skip
    return [
        Section("A. Capaian Kinerja Organisasi", 1, ()),
        *(Section(heading, 2, tuple(content)) for heading, content in parts),
    ]


def build_kinerja(
    source: Source, template: Template, paragraphs: Paragraphs | None = None
) -> Report:
    data = read_kinerja(source, template)
    n = Numbering()
    sections = (
        *achievements(data, n, paragraphs),
        resources.budget(data, n),
        resources.evaluation(data, n),
    )
    title = f"Laporan Kinerja Instansi Pemerintah{data.of_organisation}{data.in_year}"
    return Report("kinerja", title, data.tahun, sections)
