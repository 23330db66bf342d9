"""A year out of its range is named as its cell shows it, without a thousands dot: the
contract's year format decides it, for a Riwayat row's Tahun as for the Identitas Tahun."""

from __future__ import annotations

import openpyxl

from lkjip_xl.core.problems import Kode
from lkjip_xl.workbook.api import check_file
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table
from tests.workbooks import INDIKATOR, filled_kinerja


def test_a_riwayat_year_out_of_range_is_named_without_a_thousands_dot(tmp_path):
    path = filled_kinerja(tmp_path / "riwayat.xlsx", INDIKATOR)
    spec = template("kinerja").table("tblRiwayat")
    wb = openpyxl.load_workbook(path)
    rows = [
        {"Kode": "IKU-1", "Tahun": tahun, "Target": 75, "Realisasi": 70} for tahun in (2150, 1999)
    ]
    fill_table(wb, spec, rows)
    wb.save(path)
    said = [
        (m.cell, m.message)
        for m in check_file(path).masalah
        if m.code == Kode.OUT_OF_RANGE and m.sheet == spec.sheet
    ]
    tahun, first = spec.letter("tahun"), spec.first_data_row
    assert said == [
        (f"{tahun}{first}",
         "Tahun: nilai 2150 di luar rentang yang diizinkan (2000 sampai 2100)."),
        (f"{tahun}{first + 1}",
         "Tahun: nilai 1999 di luar rentang yang diizinkan (2000 sampai 2100)."),
    ]  # fmt: skip


def test_a_riwayat_year_given_twice_is_named_as_typed(tmp_path):
    # A year is read as a float: the message said "IKU-1 / 2024.0", an English decimal point.
    path = filled_kinerja(tmp_path / "riwayat.xlsx", INDIKATOR)
    spec = template("kinerja").table("tblRiwayat")
    wb = openpyxl.load_workbook(path)
    rows = [{"Kode": "IKU-1", "Tahun": 2024, "Target": 75, "Realisasi": r} for r in (70, 71)]
    fill_table(wb, spec, rows)
    wb.save(path)
    said = [(m.cell, m.message) for m in check_file(path).masalah if m.code == Kode.DUPLICATE_KEY]
    assert said == [
        (f"{spec.letter('tahun')}{spec.first_data_row + 1}",
         f"Tahun: IKU-1 / 2024 sudah dipakai di baris {spec.first_data_row}; setiap baris harus "
         "unik."),
    ]  # fmt: skip


def _riwayat_book(tmp_path, rows, tahun=2024):
    path = filled_kinerja(tmp_path / "riwayat.xlsx", INDIKATOR)
    spec = template("kinerja")
    wb = openpyxl.load_workbook(path)
    wb[spec.named("Tahun").sheet][spec.named("Tahun").cell] = tahun
    fill_table(wb, spec.table("tblRiwayat"), rows)
    wb.save(path)
    return path


def test_a_riwayat_year_not_before_the_report_year_is_a_warning_of_its_cell(tmp_path):
    # A past year typed as the report's year or a later one (2025 for 2022) was read by
    # nothing and said nothing: the row simply never reached a comparison or the trend.
    rows = [
        {"Kode": "IKU-1", "Tahun": tahun, "Target": 75, "Realisasi": 70}
        for tahun in (2023, 2024, 2025)
    ]
    path = _riwayat_book(tmp_path, rows)
    spec = template("kinerja").table("tblRiwayat")
    said = [
        (m.cell, m.tingkat.value, m.message)
        for m in check_file(path).masalah
        if m.code.value == "history-year"
    ]
    tahun, first = spec.letter("tahun"), spec.first_data_row
    rest = (
        "; lembar Riwayat hanya untuk tahun-tahun sebelumnya, jadi baris ini tidak dipakai di "
        "perbandingan dan tren laporan."
    )
    assert said == [
        (f"{tahun}{first + 1}", "peringatan",
         f"Tahun: 2024 sama dengan Tahun laporan (2024){rest}"),
        (f"{tahun}{first + 2}", "peringatan",
         f"Tahun: 2025 sesudah Tahun laporan (2024){rest}"),
    ]  # fmt: skip


def test_the_trend_shows_past_years_only_and_says_which_rows_it_leaves_out(tmp_path):
    # The trend took every year text as a column: 2025 printed between 2023 and this year,
    # and "2023.0" (an error of its cell) as a column of its own.
    import docx

    from lkjip_xl.workbook.api import recompute_file
    from lkjip_xl.workbook.report.document import write_report

    rows = [
        {"Kode": "IKU-1", "Tahun": 2021, "Target": 70, "Realisasi": 65},
        {"Kode": "IKU-1", "Tahun": 2023, "Target": 72, "Realisasi": 69},
        {"Kode": "IKU-2", "Tahun": "2023.0", "Target": 10, "Realisasi": 8},
        {"Kode": "IKU-3", "Tahun": 2025, "Target": 90, "Realisasi": 80},
    ]
    path = _riwayat_book(tmp_path, rows)
    recompute_file(path)
    document = docx.Document(str(write_report(path).docx))
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    trend = [h for h in headers if h[:3] == ["No", "Indikator Kinerja", "Satuan"] and "2021" in h]
    assert trend == [["No", "Indikator Kinerja", "Satuan", "2021", "2023", "2024"]] * 2
    texts = [p.text for p in document.paragraphs]
    left_out = [t for t in texts if "tidak ditampilkan" in t]
    expected = [
        "IKU-2: baris Riwayat Tahun 2023.0 tidak ditampilkan (Tahun tidak terbaca sebagai tahun).",
        "IKU-3: baris Riwayat Tahun 2025 tidak ditampilkan (bukan tahun sebelum 2024).",
    ]
    assert left_out == expected * 2  # under the realisasi table and under the capaian one
