"""The IP-ASN section of a report: the recap per dimension, per unit and status, the spread over
the categories and the most common Saran. Figures are the workbook's shown cells; the counts of
employees per category and per Saran are counted here (percentages by the workbook's Desimal
and Pembulatan), since no cell holds them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from fractions import Fraction

from lkjip_xl.core.ipasn import DataKosong, baris_jumlah
from lkjip_xl.core.predikat import load_preset
from lkjip_xl.core.rounding import Pembulatan, round_value
from lkjip_xl.core.values import is_blank, parse_number
from lkjip_xl.workbook.contract import Template, shown_format
from lkjip_xl.workbook.report.cells import Cells
from lkjip_xl.workbook.report.elements import Report, ReportChart, ReportTable, Section
from lkjip_xl.workbook.report.numbering import Numbering
from lkjip_xl.workbook.report.shown import DASH, number_format, shown
from lkjip_xl.workbook.report.source import (
    Rows,
    Source,
    counted_texts,
    name_text,
    number,
    read_column,
    read_rows,
    rounding_of,
)

DIMENSIONS = (
    ("kualifikasi", "Kualifikasi"),
    ("kompetensi", "Kompetensi"),
    ("kinerja", "Kinerja"),
    ("disiplin", "Disiplin"),
)
TOP_SARAN = 10
PERCENT_FORMAT = "#,##0.00"


def _data_kosong(source: Source) -> DataKosong | None:
    try:
        return DataKosong.parse(source.read_name("Data_Kosong"))
    except ValueError:
        return None


def dimensions(selisih: Rows, n: Numbering) -> ReportTable:
    rows, cells = [], Cells()
    for i, r in enumerate(selisih.records, start=1):
        who = selisih.text(r, "dimensi")
        figures = (cells.cell(selisih, r, k, who) for k in ("bobot", "skor", "selisih"))
        rows.append((str(i), who, *figures))
    header = ("No", "Dimensi", "Bobot", "Skor", "Selisih")
    return n.table("dimensi", "Skor IP ASN per Dimensi dan Selisihnya terhadap Bobot", header,
                   rows, cells.collected)  # fmt: skip


def units(rekap: Rows, n: Numbering) -> list[ReportTable | ReportChart]:
    rows, cells = [], Cells()
    figures = ("jumlah_pegawai", "data_lengkap", *(k for k, _ in DIMENSIONS), "nilai_ip_asn",
               "kategori")  # fmt: skip
    for i, r in enumerate(rekap.records, start=1):
        who = f"{rekap.text(r, 'unit_kerja')} ({rekap.text(r, 'status')})"
        rows.append((str(i), rekap.text(r, "unit_kerja"), rekap.text(r, "status"),
                     *(cells.cell(rekap, r, k, who) for k in figures)))  # fmt: skip
        note = r.get("catatan")
        if isinstance(note, str) and note.strip():
            cells.note(f"{who}: {note.strip()}")
    header = ("No", "Unit Kerja", "Status", "Jumlah Pegawai", "Data Lengkap",
              *(h for _, h in DIMENSIONS), "Nilai IP ASN", "Kategori")  # fmt: skip
    table = n.table("unit", "Rekap IP ASN per Unit Kerja dan Status", header, rows,
                    cells.collected)  # fmt: skip
    numbered = [
        (i, r)
        for i, r in enumerate(rekap.records, 1)
        if not baris_jumlah(r.get("unit_kerja"), r.get("status"))
    ]
    per_unit = [r for _, r in numbered]
    chart = n.chart(
        "ipasn_unit",
        f"Nilai IP ASN per Unit Kerja menurut Dimensi (nomor unit sesuai Tabel {table.number})",
        "stacked_bar",
        [str(i) for i, _ in numbered],
        [(h, tuple(number(r.get(k)) for r in per_unit)) for k, h in DIMENSIONS],
    )
    return [table, chart]


def categories(counts: Counter[str], n: Numbering, rounding: tuple[int, Pembulatan]):
    """The spread over the categories; ``counts``: employees per shown Kategori."""
    labels = load_preset("ipasn").labels
    order = [*labels, *sorted(set(counts) - set(labels))]
    total = sum(counts.values())
    rows, cells = [], Cells()
    percent = shown_format(PERCENT_FORMAT, rounding[0])  # the shares have Desimal places
    for i, label in enumerate(order, start=1):
        share = round_value(Fraction(counts[label] * 100, total), *rounding) if total else None
        rows.append((str(i), label, shown(counts[label], "#,##0"), shown(share, percent)))
    if not total:
        cells.note("Persentase: belum ada pegawai yang kategorinya dihitung.")
    rows.append(("", "Jumlah", shown(total, "#,##0"), shown(100.0 if total else None, percent)))
    if total and (added := _shown_sum((r[3] for r in rows[:-1]), percent)) != rows[-1][3]:
        # Each share is rounded on its own, so the shown ones can miss 100 by a little; a
        # reviewer adding up the column must find why, as the recap says for its dimensions.
        cells.note(
            f"Persentase: jumlah persentase yang ditampilkan ({added}) berbeda dengan "
            f"{rows[-1][3]} karena pembulatan."
        )
    header = ("No", "Kategori", "Jumlah Pegawai", "Persentase (%)")
    table = n.table("kategori", "Sebaran Pegawai menurut Kategori IP ASN", header, rows,
                    cells.collected)  # fmt: skip
    chart = n.chart("kategori", "Sebaran Pegawai menurut Kategori IP ASN", "bar", order,
                    [("Jumlah Pegawai", tuple(float(counts[k]) for k in order))])  # fmt: skip
    return [table, chart]


def _shown_sum(texts: Iterable[str], code: str) -> str:
    """The sum of shown percentages, exact, shown as they are (in format ``code``)."""
    parsed = [parse_number(t) for t in texts]
    exact = sum((Fraction(str(p.value)) for p in parsed if p.is_number), Fraction(0))
    return shown(round_value(exact, number_format(code).decimals), code)


BELUM_ADA_PEGAWAI = "Belum ada saran: belum ada data pegawai di sheet Pegawai."
TANPA_SARAN = "Belum ada saran: seluruh data pegawai lengkap atau belum dihitung."


def saran(counts: Counter[str], n: Numbering, ada_pegawai: bool = True) -> ReportTable:
    """The most common Saran; ``counts``: employees per shown Saran; ``ada_pegawai``: whether
    the roster has an employee (without one, "all data complete" would mislead)."""
    common = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_SARAN]
    rows = [(str(i), text, shown(count, "#,##0")) for i, (text, count) in enumerate(common, 1)]
    header = ("No", "Saran", "Jumlah Pegawai")
    notes = () if rows else (TANPA_SARAN if ada_pegawai else BELUM_ADA_PEGAWAI,)
    return n.table("saran", "Saran yang Paling Sering", header, rows, notes)


def _ada_pegawai(source: Source, template: Template) -> bool:
    """Whether any roster row has an input filled (the rows the computation counts),
    column by column: it stops at the first one found."""
    return any(
        not is_blank(value)
        for column in template.table("tblPegawai").input_columns
        for value in read_column(source, template, "tblPegawai", column.key)
    )


def build_ipasn(source: Source, template: Template) -> Report:
    n = Numbering()
    tahun = name_text(source, template, "Tahun")
    unit = name_text(source, template, "Unit_Kerja")
    instansi = name_text(source, template, "Instansi")
    # The roster is counted column by column: a record per employee cost more than the rest
    # of the report at 100,000 rows.
    roster = template.table("tblPegawai")
    kategori, saran_ = (
        counted_texts(read_column(source, template, "tblPegawai", key),
                      roster.column(key).number_format)
        for key in ("kategori", "saran")
    )  # fmt: skip
    content: list[str | ReportTable | ReportChart] = [
        dimensions(read_rows(source, template, "tblSelisih"), n),
        *units(read_rows(source, template, "tblRekap"), n),
        *categories(kategori, n, rounding_of(source)),
        saran(saran_, n, bool(saran_) or _ada_pegawai(source, template)),
    ]
    # A blank name or year is left out of the title, not printed as a dash.
    where = next((f" {name}" for name in (instansi, unit) if name != DASH), "")
    year = f" Tahun {tahun}" if tahun != DASH else ""
    title = f"Indeks Profesionalitas ASN{where}{year}"
    section = Section(title, 1, tuple(content))
    return Report("ipasn", title, tahun, (section,),
                  data_kosong=_data_kosong(source))  # fmt: skip
