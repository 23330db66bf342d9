"""Chapter III's comparisons per indicator: with last year and the years of tblRiwayat, with
the Renstra end target and with the national target. Columns that a template version lacks are
left out of the table rather than printed empty."""

from __future__ import annotations

from lkjip_xl.workbook.report.cells import Cells
from lkjip_xl.workbook.report.elements import ReportChart, ReportTable
from lkjip_xl.workbook.report.kinerja_data import KinerjaData
from lkjip_xl.workbook.report.numbering import Numbering
from lkjip_xl.workbook.report.shown import DASH
from lkjip_xl.workbook.report.source import Record, number

# (column key in tblIndikator, header in the report): the change against last year.
CHANGE_COLUMNS = (
    # the change in the indicator's own unit (its Satuan column): points of a percentage,
    # rupiah of an amount; "(poin)" over a change in rupiah would misname it
    ("perubahan", "Perubahan"),
    ("perubahan_persen", "Perubahan (%)"),
    ("arah", "Arah"),
    ("kecenderungan", "Kecenderungan"),
)


def last_year(data: KinerjaData, n: Numbering) -> list[ReportTable | ReportChart]:
    """Realisasi this year against last year, with the change in points and in percent."""
    ind = data.indikator
    changes = [(k, h) for k, h in CHANGE_COLUMNS if ind.has(k)]
    rows, cells = [], Cells()
    for i, r in enumerate(ind.records, start=1):
        who = data.who(r)
        lalu = data.last_year_in_riwayat(r)
        if lalu is None:
            lalu = cells.cell(ind, r, "realisasi_tahun_lalu", who)
        else:
            cells.note(f"{who}: Realisasi {data.previous_year} diambil dari lembar Riwayat.")
        realisasi = data.realisasi(cells, r, who)
        figures = (realisasi, *(cells.cell(ind, r, k, who) for k, _ in changes))
        rows.append((str(i), ind.text(r, "indikator"), ind.text(r, "satuan"), lalu, *figures))
    header = ("No", "Indikator Kinerja", "Satuan", f"Realisasi {data.previous_year}",
              f"Realisasi {data.current_year}", *(h for _, h in changes))  # fmt: skip
    # Without a Tahun the year before is "Tahun Lalu", which already says "Tahun".
    previous = data.previous_year
    before = previous if previous.startswith("Tahun") else f"Tahun {previous}"
    title = f"Perbandingan Realisasi Kinerja {data.this_year} dengan {before}"
    content: list[ReportTable | ReportChart] = [
        n.table("tahun_lalu", title, header, rows, cells.collected)
    ]
    content += trend(data, n)
    return content


def _past_year(data: KinerjaData, year: str) -> bool:
    """Whether a Riwayat year, as its cell shows it, is a year before the report's: a text the
    engine cannot read as a year (2023.0) or a year not before Tahun (the engine warns with
    ``history-year``) would otherwise become a column of its own, after this year's."""
    if not year.isdigit():
        return False
    return not data.tahun.isdigit() or int(year) < int(data.tahun)


def _years(data: KinerjaData) -> list[str]:
    assert data.riwayat is not None
    years = {data.riwayat.text(r, "tahun") for r in data.riwayat.records}
    return sorted(y for y in years if _past_year(data, y))


def _left_out(data: KinerjaData) -> list[str]:
    """The note of each Riwayat row of an indicator that the trend leaves out, and why."""
    assert data.riwayat is not None
    notes = []
    for r in data.riwayat.records:
        year, indicator = data.riwayat.text(r, "tahun"), data.indicator(r.get("kode"))
        if indicator is None or year == DASH or _past_year(data, year):
            continue
        why = (f"bukan tahun sebelum {data.tahun}" if year.isdigit()
               else "Tahun tidak terbaca sebagai tahun")  # fmt: skip
        who = data.who(indicator)
        notes.append(f"{who}: baris Riwayat Tahun {year} tidak ditampilkan ({why}).")
    return notes


def _history(data: KinerjaData) -> dict[tuple[str, str], Record]:
    """(indicator key, year) -> the tblRiwayat record."""
    assert data.riwayat is not None
    found: dict[tuple[str, str], Record] = {}
    for r in data.riwayat.records:
        kode = str(r.get("kode") or "").strip().casefold()
        found.setdefault((kode, data.riwayat.text(r, "tahun")), r)
    return found


def trend(data: KinerjaData, n: Numbering) -> list[ReportTable | ReportChart]:
    """Realisasi and capaian over the years of tblRiwayat and this year, and their chart."""
    if data.riwayat is None:  # a template version without tblRiwayat
        return []
    riwayat, ind = data.riwayat, data.indikator
    years = _years(data)
    history = _history(data)
    left_out = _left_out(data)
    if not years:
        span = data.in_year
    elif data.tahun == DASH:
        span = f" Tahun {years[0]} sampai Tahun Ini"
    else:
        span = f" Tahun {years[0]}\u2013{data.tahun}"
    out: list[ReportTable | ReportChart] = []
    for key, label in (("realisasi", "Realisasi"), ("capaian", "Capaian")):
        if not riwayat.has(key):
            continue
        rows, cells = [], Cells(formula=False)
        for i, r in enumerate(ind.records, start=1):
            kode = str(r.get("kode") or "").strip().casefold()
            who = data.who(r)
            past = []
            for year in years:
                record = history.get((kode, year))
                if record is None:
                    cells.note(f"{who} {year}: tidak ada baris di lembar Riwayat.")
                    past.append(DASH)
                else:
                    past.append(cells.cell(riwayat, record, key, f"{who} {year}"))
            now = f"{who} {data.current_year}"
            this = (data.realisasi(cells, r, now) if key == "realisasi"
                    else cells.cell(ind, r, key, now))  # fmt: skip
            rows.append((str(i), ind.text(r, "indikator"), ind.text(r, "satuan"), *past, this))
        for note in left_out:
            cells.note(note)
        unit = " (%)" if key == "capaian" else ""
        header = ("No", "Indikator Kinerja", "Satuan", *years, data.current_year)
        out.append(n.table(f"kecenderungan_{key}", f"{label} Kinerja{unit}{span}",
                           header, rows, cells.collected))  # fmt: skip
    series = []
    for r in ind.records:
        kode = str(r.get("kode") or "").strip().casefold()
        values = [number((history.get((kode, y)) or {}).get("realisasi")) for y in years]
        series.append((data.who(r), (*values, data.realisasi_figure(r))))
    out.append(n.chart("kecenderungan", f"Realisasi Kinerja per Indikator{span}", "line",
                       [*years, data.current_year], series))  # fmt: skip
    return out


def _against(
    data: KinerjaData, records: list[Record], target: str, capaian: str
) -> tuple[list[tuple[str, str, str, str, str, str]], Cells]:
    ind = data.indikator
    rows, cells = [], Cells()
    for i, r in enumerate(records, start=1):
        who = data.who(r)
        rows.append(
            (
                str(i),
                ind.text(r, "indikator"),
                ind.text(r, "satuan"),
                target_text := cells.cell(ind, r, target, who),
                data.realisasi(cells, r, who),
                # a blank target's note says why its capaian is blank too
                ind.text(r, capaian) if target_text == DASH else cells.cell(ind, r, capaian, who),
            )
        )
    return rows, cells


def renstra(data: KinerjaData, n: Numbering) -> list[ReportTable]:
    records = list(data.indikator.records)
    rows, cells = _against(data, records, "target_akhir_renstra", "capaian_renstra")
    header = ("No", "Indikator Kinerja", "Satuan", "Target Akhir Renstra",
              f"Realisasi {data.current_year}", "Capaian Renstra (%)")  # fmt: skip
    title = f"Perbandingan Realisasi Kinerja {data.this_year} dengan Target Akhir Renstra"
    return [n.table("renstra", title, header, rows, cells.collected)]


def nasional(data: KinerjaData, n: Numbering) -> list[str | ReportTable]:
    """Only indicators with a national target: most have none, and a table of dashes says
    nothing. When none has one, a sentence says so."""
    records = [r for r in data.indikator.records if r.get("target_nasional") is not None]
    if not records:
        return ["Tidak ada indikator kinerja yang memiliki target nasional."]
    rows, cells = _against(data, records, "target_nasional", "capaian_nasional")
    header = ("No", "Indikator Kinerja", "Satuan", "Target Nasional",
              f"Realisasi {data.current_year}", "Capaian Nasional (%)")  # fmt: skip
    title = f"Perbandingan Realisasi Kinerja {data.this_year} dengan Target Nasional"
    return [n.table("nasional", title, header, rows, cells.collected)]
