"""The Word report read as a reviewer reads it, with python-docx: every figure in the
Indonesian form (PUEBI: 1.234,56), every limit and derivation of a figure said beside it, and no
dash where the workbook has a value or a title has nothing to name."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.demo import build_demo
from lkjip_xl.workbook.report.document import report_docx
from tests.workbooks import filled_kinerja

INDIKATOR = [
    {"Kode": "IKU-1", "Sasaran": "Sasaran A", "Indikator": "Realisasi kosong", "Satuan": "%",
     "Polaritas": "Positif", "Target": 75, "Realisasi Tahun Lalu": 70, "Target Akhir Renstra": 80},
    # the annual realisasi is the mean of three quarters: 256/3
    {"Kode": "IKU-2", "Sasaran": "Sasaran A", "Indikator": "Dari triwulan", "Satuan": "%",
     "Polaritas": "Positif", "Target": 90, "Agregasi": "Rata-rata", "Realisasi Tahun Lalu": 80},
    # 120 / 50 = 240 %, capped at Batas_Atas_Capaian 120
    {"Kode": "IKU-3", "Sasaran": "Sasaran B", "Indikator": "Dibatasi", "Satuan": "%",
     "Polaritas": "Positif", "Target": 50, "Realisasi": 120, "Realisasi Tahun Lalu": 100},
    # Negatif: (2 x 10 - 25) / 10 = -50 %, floored at 0
    {"Kode": "IKU-4", "Sasaran": "Sasaran B", "Indikator": "Pelanggaran disiplin",
     "Satuan": "kasus", "Polaritas": "Negatif", "Target": 10, "Realisasi": 25,
     "Realisasi Tahun Lalu": 12},
    # an ambiguous text: 1234 or 1,234
    {"Kode": "IKU-5", "Sasaran": "Sasaran B", "Indikator": "Pendapatan", "Satuan": "Rp",
     "Polaritas": "Positif", "Target": 45000, "Realisasi": "1.234", "Realisasi Tahun Lalu": 40000},
    {"Kode": "IKU-6", "Sasaran": "Sasaran C", "Indikator": "Angka kematian ibu",
     "Satuan": "per 100.000 kelahiran hidup", "Polaritas": "Negatif", "Target": 120.5,
     "Realisasi": 110.25, "Realisasi Tahun Lalu": 130},
    {"Kode": "IKU-7", "Sasaran": "Sasaran C", "Indikator": "Retribusi", "Satuan": "Rp",
     "Polaritas": "Positif", "Target": 2500000000, "Realisasi": 2750000000,
     "Realisasi Tahun Lalu": 2000000000, "Target Akhir Renstra": 3000000000},
    # neither target nor realisasi: the engine's "Target dan realisasi belum diisi." repeats
    # the two blanks the table already notes
    {"Kode": "IKU-8", "Sasaran": "Sasaran C", "Indikator": "Belum diisi", "Satuan": "%",
     "Polaritas": "Positif"},
]  # fmt: skip
TRIWULAN = [
    {"Kode": "IKU-2", "Triwulan": f"TW{i}", "Target": 90, "Realisasi": value}
    for i, value in ((1, 80), (2, 85), (3, 91))
]
ANGGARAN = [
    {"Kode Indikator": "IKU-1", "Program/Kegiatan": "Program Satu", "Pagu": 1000000,
     "Realisasi Anggaran": 900000},
]  # fmt: skip


def _document(folder: Path, name: str, **identitas_and_settings) -> docx.document.Document:
    path = filled_kinerja(folder / f"{name}.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    wb = openpyxl.load_workbook(path)
    cells = {"Instansi": ("Identitas", "B4"), "Unit_Kerja": ("Identitas", "B5"),
             "Tahun": ("Identitas", "B7"), "Batas_Atas_Capaian": ("Pengaturan", "B7"),
             "Desimal": ("Pengaturan", "B9")}  # fmt: skip
    values = {"Instansi": "Pemerintah Kota Contoh", "Unit_Kerja": "Dinas Contoh", "Tahun": 2024,
              "Batas_Atas_Capaian": 120, **identitas_and_settings}  # fmt: skip
    for key, value in values.items():
        sheet, cell = cells[key]
        wb[sheet][cell] = value
    wb.save(path)
    recompute_file(path)
    return docx.Document(str(report_docx(path, folder / f"{name}.docx")))


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, docx.document.Document]:
    folder = tmp_path_factory.mktemp("tinjauan")
    return {
        "dua": _document(folder, "dua"),
        "nol": _document(folder, "nol", Desimal=0),
        "kosong": _document(folder, "kosong", Tahun=None, Instansi=None, Unit_Kerja=None),
    }


def paragraph(document, start: str) -> str:
    return next(p.text for p in document.paragraphs if p.text.startswith(start))


def texts(document) -> list[str]:
    """Every paragraph and every table cell, in order."""
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        found += [cell.text for row in table.rows for cell in row.cells]
    return found


def test_the_documents_title_names_its_year_once(documents):
    props = documents["dua"].core_properties
    assert props.title == "Laporan Kinerja Instansi Pemerintah Dinas Contoh Tahun 2024"


def test_a_blank_tahun_and_instansi_leave_no_dash_in_titles(documents):
    document = documents["kosong"]
    titles = [p.text for p in document.paragraphs if p.style.name in ("Title", "Caption")]
    assert titles[0] == "Laporan Kinerja Instansi Pemerintah"
    assert document.core_properties.title == "Laporan Kinerja Instansi Pemerintah"
    assert "Tabel 3.1 Pengukuran Capaian Kinerja" in titles
    assert "Tabel 3.5 Perbandingan Realisasi Kinerja Tahun Ini dengan Tahun Lalu" in titles, titles
    assert not [t for t in titles if "\u2013" in t or "Tahun \u2013" in t]
    headers = [c.text for t in document.tables for c in t.rows[0].cells]
    assert "Realisasi Tahun Ini" in headers and "Realisasi \u2013" not in headers


def notes_after(document, caption_start: str) -> list[str]:
    """The paragraphs between the table captioned ``caption_start`` and the next caption."""
    paragraphs = [p for p in document.paragraphs]
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith(caption_start))
    found = []
    for p in paragraphs[start + 1 :]:
        if p.style.name in ("Caption",) or p.style.name.startswith("Heading"):
            break
        found.append(p.text)
    return found


def test_a_capped_capaian_is_said_to_be_capped(documents):
    document = documents["dua"]
    text = paragraph(document, "Indikator IKU-3 ")
    assert "Capaian kinerjanya 120,00% dengan predikat AA (melebihi target)." in text
    assert (
        "Hasil perhitungannya 240,00%, dibatasi menjadi 120,00% sesuai pengaturan "
        "Batas_Atas_Capaian." in text
    )
    assert (
        "IKU-3: hasil perhitungan capaian 240,00% dibatasi menjadi 120,00% sesuai pengaturan "
        "Batas_Atas_Capaian." in notes_after(document, "Tabel 3.1 ")
    )
    # at Desimal 0 the limit is written as the capaian beside it is shown
    whole = paragraph(documents["nol"], "Indikator IKU-3 ")
    assert (
        "Capaian kinerjanya 120% dengan predikat AA (melebihi target). Hasil perhitungannya "
        "240%, dibatasi menjadi 120% sesuai pengaturan Batas_Atas_Capaian." in whole
    )


def test_a_negatif_indicator_says_its_formula_and_its_floor(documents):
    document = documents["dua"]
    text = paragraph(document, "Indikator IKU-4 ")
    assert "Capaian kinerjanya 0,00% dengan predikat D (tidak tercapai)." in text
    assert (
        "Indikator ini berpolaritas negatif (makin rendah realisasi, makin baik), sehingga "
        "capaian = (2 x target - realisasi) / target x 100." in text
    )
    assert (
        "Hasil perhitungannya -50,00%, dibatasi menjadi 0,00% sesuai pengaturan Batas_Bawah_Nol."
        in text
    )
    six = paragraph(document, "Indikator IKU-6 ")
    assert "berpolaritas negatif" in six and "dibatasi" not in six
    notes = notes_after(document, "Tabel 3.4 ")
    assert "IKU-6: polaritas negatif, capaian = (2 x target - realisasi) / target x 100." in notes
    # said once per indicator, not again under each of its years
    assert not [n for n in notes_after(document, "Tabel 3.7 ") if "polaritas" in n]


def rows_of(document, caption_start: str) -> list[list[str]]:
    """The rows of the table captioned ``caption_start`` (the caption precedes its table)."""
    body = document.element.body
    captions = [p for p in document.paragraphs if p.text.startswith(caption_start)]
    element = captions[0]._p.getnext()
    while element is not None and not element.tag.endswith("}tbl"):
        element = element.getnext()
    table = next(t for t in document.tables if t._tbl is element)
    assert element is not None and element.getparent() is body
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_a_realisasi_derived_from_quarters_is_printed_with_how(documents):
    """(80 + 85 + 91) / 3 = 85,333...: the capaian 94,81 and the change 5,33 are computed from
    it, so the tables print it beside them, not a dash."""
    document = documents["dua"]
    row = rows_of(document, "Tabel 3.1 ")[2]
    assert row[5:7] == ["85,33", "94,81"], row
    how = (
        "IKU-2: Realisasi tahunan diturunkan dari triwulan (Rata-rata: TW1, TW2, TW3); "
        "TW4 belum diisi."
    )
    assert notes_after(document, "Tabel 3.1 ").count(how) == 1
    assert rows_of(document, "Tabel 3.5 ")[2][3:6] == ["80", "85,33", "5,33"]
    text = paragraph(document, "Indikator IKU-2 ")
    assert (
        "memiliki target 90% dan realisasi 85,33% yang diturunkan dari realisasi triwulan "
        "(Rata-rata)." in text
    )
    # at Desimal 0 the derived figure shows as every computed figure does
    assert rows_of(documents["nol"], "Tabel 3.1 ")[2][5] == "85"


def test_a_change_is_counted_in_the_indicators_own_unit(documents):
    document = documents["dua"]
    assert "realisasi meningkat Rp 750.000.000,00 (37,50%)" in paragraph(
        document, "Indikator IKU-7 "
    )
    six = paragraph(document, "Indikator IKU-6 ")
    assert "realisasi menurun 19,75 per 100.000 kelahiran hidup (15,19%)" in six
    assert "realisasi meningkat 13,00 kasus (108,33%)" in paragraph(document, "Indikator IKU-4 ")
    # a percentage changes by points
    assert "realisasi meningkat 20,00 poin (20,00%)" in paragraph(document, "Indikator IKU-3 ")
    header = rows_of(document, "Tabel 3.5 ")[0]
    assert "Perubahan" in header and not [h for h in header if "poin" in h]


def test_a_figure_typed_in_a_general_cell_is_grouped_in_thousands(documents):
    document = documents["dua"]
    measured = rows_of(document, "Tabel 3.1 ")
    assert measured[7][4:6] == ["2.500.000.000", "2.750.000.000"], measured[7]
    assert measured[5][4] == "45.000", measured[5]
    # its own decimals stay as typed
    assert measured[6][4:6] == ["120,5", "110,25"], measured[6]
    assert rows_of(document, "Tabel 3.5 ")[7][3] == "2.000.000.000"
    text = paragraph(document, "Indikator IKU-7 ")
    assert "memiliki target Rp 2.500.000.000 dan realisasi Rp 2.750.000.000." in text


def test_an_ambiguous_text_is_not_echoed_as_a_figure(documents):
    """'1.234' typed as text is 1234 or 1,234: the engine read neither, and the report printing
    it would show one thousand two hundred and thirty-four."""
    document = documents["dua"]
    for caption, at in (("Tabel 3.1 ", 5), ("Tabel 3.4 ", 4), ("Tabel 3.5 ", 4)):
        row = rows_of(document, caption)[5]
        assert row[at] == "\u2013", (caption, row)
        assert (
            "IKU-5: Realisasi: Teks '1.234' bermakna ganda: 1234 atau 1,234. Isi sel sebagai "
            "angka, bukan teks." in notes_after(document, caption)
        )
    assert not [t for t in texts(document) if "1.234" in t and "bermakna ganda" not in t]
    text = paragraph(document, "Indikator IKU-5 ")
    assert "realisasi yang diisi tidak dapat dibaca sebagai angka" in text
    assert "realisasi belum diisi" not in text


def test_ipasn_at_desimal_0_writes_each_weight_as_its_score(tmp_path):
    """The dimension weights keep two places in their cells (they are not rounded figures);
    beside a score at Desimal 0 the sentence says "12 dari 25", not "12 dari 25,00". A blank
    Tahun is left out of the title."""
    path = build_demo("ipasn-000", tmp_path)[0]
    wb = openpyxl.load_workbook(path)
    for name, value in (("Desimal", 0), ("Tahun", None)):
        sheet, cell = next(iter(wb.defined_names[name].destinations))
        wb[sheet][cell.replace("$", "")] = value
    wb.save(path)
    recompute_file(path)
    document = docx.Document(str(report_docx(path, tmp_path / "ipasn.docx")))
    text = paragraph(document, "Nilai IP ASN seluruh ")
    assert "Kualifikasi 12 dari 25 (selisih 13); Kompetensi 29 dari 40 (selisih 11)" in text
    assert "25,00" not in text
    title = document.paragraphs[0].text
    assert title == "Indeks Profesionalitas ASN Pemerintah Kota Bontang", title
    assert document.core_properties.title == title


def test_each_blank_is_noted_once_under_a_table(documents):
    document = documents["dua"]
    for caption in ("Tabel 3.1 ", "Tabel 3.4 "):
        notes = [n for n in notes_after(document, caption) if n.startswith("IKU-8:")]
        assert notes == ["IKU-8: Target belum diisi.", "IKU-8: Realisasi belum diisi."], notes
    notes = [n for n in notes_after(document, "Tabel 3.5 ") if n.startswith("IKU-8:")]
    assert notes == ["IKU-8: Realisasi Tahun Lalu belum diisi.", "IKU-8: Realisasi belum diisi."]


def test_what_an_indicator_lacks_is_not_said_to_be_what_it_has(documents):
    document = documents["dua"]
    assert paragraph(document, "Indikator IKU-1 ").startswith(
        "Indikator IKU-1 (Realisasi kosong) memiliki target 75%, sedangkan realisasi belum "
        "diisi. Capaian kinerjanya belum dapat dihitung (Realisasi belum diisi)."
    )
    assert paragraph(document, "Indikator IKU-8 ").startswith(
        "Indikator IKU-8 (Belum diisi): target dan realisasi belum diisi. Capaian kinerjanya "
        "belum dapat dihitung (Target dan realisasi belum diisi)."
    )
    assert not [t for t in texts(document) if "memiliki target belum" in t]
