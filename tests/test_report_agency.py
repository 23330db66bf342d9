"""Chapter III of another agency's workbook, filled the way its staff fill it: the report's
tables and prose say what the workbook's cells say (a realisasi derived from the quarters, last
year's realisasi taken from Riwayat, a unit the staff typed into the figure)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_names, fill_table
from lkjip_xl.workbook.report.model import narrated
from lkjip_xl.workbook.report.shown import DASH
from tests.workbooks import filled_kinerja

INDIKATOR = [
    # realisasi blank: derived from its quarters by Rata-rata (3,30; 3,45; 3,51 -> 3,42)
    {"Kode": "IKU-2.4", "Sasaran": "PAD", "Indikator": "Indeks kepuasan wajib pajak",
     "Satuan": "indeks", "Polaritas": "Positif", "Agregasi": "Rata-rata", "Target": 3.5,
     "Realisasi Tahun Lalu": 3.38},
    # Realisasi Tahun Lalu blank: the engine takes 2022 from Riwayat (typed as text "2022")
    {"Kode": "IKU-3.1", "Sasaran": "Aset", "Indikator": "Persentase aset bermasalah",
     "Satuan": "%", "Polaritas": "Negatif", "Target": 12, "Realisasi": 15.75},
    # the unit typed into the figures as well as into Satuan
    {"Kode": "IKU-1.3", "Sasaran": "Akuntabilitas", "Indikator": "Tindak lanjut rekomendasi",
     "Satuan": "%", "Polaritas": "Positif", "Target": "100%", "Realisasi": 87.5},
    {"Kode": "IKU-2.1", "Sasaran": "PAD", "Indikator": "Realisasi PAD", "Satuan": "Rp",
     "Polaritas": "Positif", "Target": "Rp 245.000.000.000",
     "Realisasi": "Rp 261.347.892.415,50"},
    # no Renstra target: its Capaian Renstra is a dash whose reason is that blank target
    {"Kode": "IKU-4.2", "Sasaran": "Perencanaan", "Indikator": "Kesesuaian RKA",
     "Satuan": "%", "Polaritas": "Positif", "Target": 100, "Realisasi": 100},
]  # fmt: skip
TRIWULAN = [
    {"Kode": "IKU-2.4", "Triwulan": "TW1", "Target": 3.5, "Realisasi": 3.30},
    {"Kode": "IKU-2.4", "Triwulan": "TW2", "Target": 3.5, "Realisasi": 3.45},
    {"Kode": "IKU-2.4", "Triwulan": "TW4", "Target": 3.5, "Realisasi": "3,51"},
]
RIWAYAT = [{"Kode": "iku-3.1 ", "Tahun": "2022", "Target": 13, "Realisasi": 14.2}]
ANGGARAN = [
    {"Kode Indikator": "IKU-2.1", "Program/Kegiatan": "Program Pendapatan", "Pagu": 1000,
     "Realisasi Anggaran": None},
]  # fmt: skip


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = Path(tmp_path_factory.mktemp("agency")) / "bpkad.xlsx"
    filled_kinerja(path, INDIKATOR, ANGGARAN, TRIWULAN)
    wb = openpyxl.load_workbook(path)
    fill_table(wb, template("kinerja").table("tblRiwayat"), RIWAYAT)
    fill_names(wb, "kinerja", {"Tahun": 2023})
    wb.save(path)
    recompute_file(path)
    return path, narrated(path)


def paragraph(report, kode: str) -> str:
    texts = [p for s in report.sections for p in s.content if isinstance(p, str)]
    return next(t for t in texts if t.startswith(f"Indikator {kode} "))


def cells(path: Path, kode: str) -> dict[str, object]:
    ws = openpyxl.load_workbook(path, data_only=True)["Indikator"]
    headers = [c.value for c in ws[4]]
    row = next(r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] == kode)
    return dict(zip(headers, row, strict=True))


def test_last_year_from_riwayat_is_the_figure_the_workbook_compared(report):
    path, model = report
    row = cells(path, "IKU-3.1")
    assert row["Realisasi Tahun Lalu"] is None and row["Perubahan"] == 1.55  # from Riwayat
    table = model.table("tahun_lalu")
    printed = next(r for r in table.rows if r[1] == "Persentase aset bermasalah")
    assert printed[3] == "14,2" and printed[5] == "1,55"
    assert not any("IKU-3.1: Realisasi Tahun Lalu belum diisi" in n for n in table.notes)
    text = paragraph(model, "IKU-3.1")
    assert "Dibandingkan realisasi tahun lalu (14,2%), realisasi meningkat 1,55 poin" in text
    assert "perubahan tidak dapat dihitung" not in text


def test_realisasi_derived_from_the_quarters_is_not_called_blank(report):
    path, model = report
    assert cells(path, "IKU-2.4")["Capaian"] == 97.71
    text = paragraph(model, "IKU-2.4")
    assert "realisasi belum diisi" not in text
    # the figure the capaian is computed from is printed, and how it was derived
    assert "realisasi 3,42 indeks yang diturunkan dari realisasi triwulan (Rata-rata)" in text
    assert "Capaian kinerjanya 97,71%" in text
    table = model.table("pengukuran")
    assert not any(n.startswith("IKU-2.4: Realisasi belum diisi") for n in table.notes)
    assert any(n.startswith("IKU-2.4: Realisasi tahunan diturunkan dari triwulan (Rata-rata")
               for n in table.notes)  # fmt: skip


def test_a_unit_typed_into_the_figure_is_not_repeated(report):
    _, model = report
    assert "memiliki target 100% dan realisasi 87,5%." in paragraph(model, "IKU-1.3")
    text = paragraph(model, "IKU-2.1")
    assert "target Rp 245.000.000.000 dan realisasi Rp 261.347.892.415,50." in text


def test_a_dash_is_explained_by_its_own_reason_once(report):
    _, model = report
    renstra = model.table("renstra")
    printed = next(r for r in renstra.rows if r[1] == "Kesesuaian RKA")
    assert printed[3] == DASH and printed[5] == DASH
    assert "IKU-4.2: Target Akhir Renstra belum diisi." in renstra.notes
    assert not any("Tercapai" in n for n in renstra.notes)
    anggaran = model.table("anggaran")
    blank = [n for n in anggaran.notes if n.startswith("Program Pendapatan:")]
    assert blank == ["Program Pendapatan: Realisasi Anggaran belum diisi."]


def test_an_excluded_indicator_warning_names_its_sasaran_mean_cell(tmp_path):
    path = filled_kinerja(tmp_path / "k.xlsx", INDIKATOR)  # IKU-2.4 has no quarters here
    laporan = recompute_file(path)
    excluded = [m for m in laporan.masalah if m.code.value == "excluded"]
    assert [m.place for m in excluded] == ["Ringkasan!D11"]  # PAD, the first sasaran
    ws = openpyxl.load_workbook(path, data_only=True)["Ringkasan"]
    assert ws["A11"].value == "PAD" and ws["B11"].value == 2 and ws["C11"].value == 1
