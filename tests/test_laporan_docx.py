"""``lkjip-xl laporan`` and ``lkjip-xl demo``: the chapter III Word document, read back.

python-docx reads the document the command wrote. Its tables are compared twice: with the report
model of the same workbook, and, independently of the engine, with the recomputed workbook's
cells as python-calamine reads them, written the way the workbook shows them (the Desimal
setting for computed figures, Excel's General for typed numbers, "Rp " and thousands dots for
rupiah). LibreOffice converts the document to PDF and pdfplumber reads the figures back.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from PIL import Image
from python_calamine import CalamineWorkbook

from lkjip_xl.workbook.demo import DEMOS
from lkjip_xl.workbook.report.model import build_report
from lkjip_xl.workbook.report.narrative import kinerja_paragraphs
from tests.conftest import missing_counterpart

DASH = "\u2013"
KALTIM = DEMOS["kinerja-001"]
IPASN = DEMOS["ipasn-000"]


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", *args],
        capture_output=True, text=True, timeout=600, env=env,
    )  # fmt: skip


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("laporan-demo")
    result = cli("demo", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="module")
def documents(demo_dir, tmp_path_factory) -> dict[str, Path]:
    """``lkjip-xl laporan`` on each demo workbook (as a user runs it after ``demo``)."""
    out = tmp_path_factory.mktemp("laporan-out")
    written = {}
    for name, file_name in DEMOS.items():
        target = out / f"{name}.docx"
        result = cli("laporan", str(demo_dir / file_name), "-o", str(target))
        assert result.returncode == 0, result.stderr + result.stdout
        assert "Laporan ditulis" in result.stdout
        written[name] = target
    return written


def tables_in_order(document) -> list[tuple[str, list[list[str]]]]:
    """(caption paragraph just above, cell texts) of every table in body order."""
    found, previous = [], ""
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            text = "".join(t.text or "" for t in block.iter(qn("w:t")))
            if text.strip():
                previous = text
        elif block.tag == qn("w:tbl"):
            table = docx.table.Table(block, document)
            found.append((previous, [[c.text for c in row.cells] for row in table.rows]))
    return found


# --- the document holds the model's tables, exactly -----------------------------------------------


@pytest.mark.parametrize("name", list(DEMOS))
def test_tables_are_the_models_tables_with_their_numbered_titles(name, demo_dir, documents):
    report = build_report(demo_dir / DEMOS[name], kinerja_paragraphs)
    document = docx.Document(documents[name])
    tables = tables_in_order(document)
    assert len(tables) == len(report.tables) > 0
    for (caption, cells), expected in zip(tables, report.tables, strict=True):
        assert caption == f"Tabel {expected.number} {expected.title}"
        assert cells[0] == list(expected.header)
        assert [tuple(r) for r in cells[1:]] == list(expected.rows)
    numbers = [t.number for t in report.tables]
    assert numbers == [f"3.{i}" for i in range(1, len(numbers) + 1)]
    for table in document.tables:  # the header row repeats on every page
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None


def test_demo_writes_the_same_document_as_laporan(demo_dir, documents):
    for name, file_name in DEMOS.items():
        demo_doc = demo_dir / file_name.replace(".xlsx", ".laporan.docx")
        assert demo_doc.is_file(), sorted(p.name for p in demo_dir.iterdir())
        assert tables_in_order(docx.Document(demo_doc)) == tables_in_order(
            docx.Document(documents[name])
        )


# --- ... and the workbook's shown figures, read independently -------------------------------------


def table_records(path: Path, sheet: str, table: str) -> list[dict[str, object]]:
    """The filled rows of an Excel table: openpyxl finds its range, calamine reads the values."""
    ref = openpyxl.load_workbook(path)[sheet].tables[table].ref
    first, last = ref.split(":")
    top = int(re.sub(r"\D", "", first))
    bottom = int(re.sub(r"\D", "", last))
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    header = [str(h) for h in rows[top - 1]]
    records = []
    for row in rows[top:bottom]:
        record = {h: (None if v == "" else v) for h, v in zip(header, row, strict=False)}
        if any(v is not None for v in record.values()):
            records.append(record)
    return records


def desimal(path: Path) -> int:
    wb = openpyxl.load_workbook(path)
    sheet, cell = next(iter(wb.defined_names["Desimal"].destinations))
    return int(wb[sheet][cell.replace("$", "")].value)


def indonesian(text: str) -> str:
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def computed(value: object, places: int) -> str:
    """A computed figure as the workbook shows it: Desimal places, thousands dots."""
    if value is None:
        return DASH
    exact = (value if isinstance(value, Decimal) else Decimal(repr(value))).quantize(
        Decimal(1).scaleb(-places), ROUND_HALF_UP
    )
    return indonesian(f"{exact:,.{places}f}")


def typed(value: object) -> str:
    """A typed number as Excel's General shows it (6,23; 75)."""
    if value is None:
        return DASH
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return indonesian(str(value))


def rupiah(value: object) -> str:
    return DASH if value is None else "Rp " + indonesian(f"{int(value):,}")


def text(value: object) -> str:
    return DASH if value is None else str(value).strip()


def count(value: object) -> str:
    return DASH if value is None else indonesian(f"{int(value):,}")


def doc_tables(path: Path) -> dict[str, list[dict[str, str]]]:
    """The document's tables by their title's first words, each row as header -> text."""
    out = {}
    for caption, cells in tables_in_order(docx.Document(path)):
        out[caption] = [dict(zip(cells[0], row, strict=True)) for row in cells[1:]]
    return out


def by_title(tables: dict[str, list[dict[str, str]]], start: str) -> list[dict[str, str]]:
    matches = [rows for caption, rows in tables.items() if re.sub(r"^Tabel [\d.]+ ", "", caption)
               .startswith(start)]  # fmt: skip
    assert len(matches) == 1, (start, list(tables))
    return matches[0]


def test_kinerja_tables_hold_the_workbooks_shown_cells(demo_dir, documents):
    workbook = demo_dir / KALTIM
    places = desimal(workbook)
    indikator = table_records(workbook, "Indikator", "tblIndikator")
    anggaran = table_records(workbook, "Anggaran", "tblAnggaran")
    tables = doc_tables(documents["kinerja-001"])

    pengukuran = by_title(tables, "Pengukuran Capaian Kinerja Badan")
    assert len(pengukuran) == len(indikator) == 4
    for row, cells in zip(pengukuran, indikator, strict=True):
        assert row["Indikator Kinerja"] == text(cells["Indikator"])
        assert row["Target"] == typed(cells["Target"])
        assert row["Realisasi"] == typed(cells["Realisasi"])
        assert row["Capaian (%)"] == computed(cells["Capaian"], places)
        assert row["Predikat"] == text(cells["Predikat"])

    for row, cells in zip(by_title(tables, "Perbandingan antara Target"), indikator, strict=True):
        assert row["Status"] == text(cells["Status"])

    lalu = by_title(tables, "Perbandingan Realisasi Kinerja Tahun 2020 dengan Tahun 2019")
    for row, cells in zip(lalu, indikator, strict=True):
        assert row["Realisasi 2019"] == typed(cells["Realisasi Tahun Lalu"])
        assert row["Realisasi 2020"] == typed(cells["Realisasi"])
        assert row["Perubahan"] == computed(cells["Perubahan"], places)
        assert row["Perubahan (%)"] == computed(cells["Perubahan (%)"], places)
        assert row["Arah"] == text(cells["Arah"])
        assert row["Kecenderungan"] == text(cells["Kecenderungan"])

    renstra = by_title(tables, "Perbandingan Realisasi Kinerja Tahun 2020 dengan Target Akhir")
    for row, cells in zip(renstra, indikator, strict=True):
        assert row["Target Akhir Renstra"] == typed(cells["Target Akhir Renstra"])
        assert row["Capaian Renstra (%)"] == computed(cells["Capaian Renstra"], places)
    # report 001's Tabel 3.7: Renstra capaian 85,88 and 137,7
    assert [r["Capaian Renstra (%)"] for r in renstra][0::2] == ["85,88", "137,70"]

    efisiensi = by_title(tables, "Efisiensi Penggunaan Sumber Daya")
    assert len(efisiensi) == len(anggaran) + 1  # and the agency's row
    for row, cells in zip(efisiensi, anggaran, strict=False):
        assert row["Program/Kegiatan"] == text(cells["Program/Kegiatan"])
        assert row["Serapan Anggaran (%)"] == computed(cells["Serapan"], places)
        assert row["Capaian Kinerja (%)"] == computed(cells["Capaian Kinerja"], places)
        assert row["Efisiensi"] == computed(cells["Efisiensi"], places)
        assert row["Kategori Efisiensi"] == text(cells["Kategori Efisiensi"])

    for row, cells in zip(by_title(tables, "Realisasi Anggaran"), anggaran, strict=False):
        assert row["Pagu"] == rupiah(cells["Pagu"])
        assert row["Realisasi Anggaran"] == rupiah(cells["Realisasi Anggaran"])
        assert row["Serapan (%)"] == computed(cells["Serapan"], places)


def test_ipasn_tables_hold_the_workbooks_shown_cells(demo_dir, documents):
    workbook = demo_dir / IPASN
    places = desimal(workbook)
    rekap = table_records(workbook, "Rekap", "tblRekap")
    selisih = table_records(workbook, "Rekap", "tblSelisih")
    tables = doc_tables(documents["ipasn-000"])
    units = by_title(tables, "Rekap IP ASN per Unit Kerja")
    assert len(units) == len(rekap)
    for row, cells in zip(units, rekap, strict=True):
        assert row["Unit Kerja"] == text(cells["Unit Kerja"])
        assert row["Jumlah Pegawai"] == count(cells["Jumlah Pegawai"])
        for key in ("Kualifikasi", "Kompetensi", "Kinerja", "Disiplin", "Nilai IP ASN"):
            assert row[key] == computed(cells[key], places)
        assert row["Kategori"] == text(cells["Kategori"])
    assert units[-1]["Jumlah Pegawai"] == "2.777"
    dims = by_title(tables, "Skor IP ASN per Dimensi")
    for row, cells in zip(dims, selisih, strict=True):
        for key in ("Bobot", "Skor", "Selisih"):
            assert row[key] == computed(cells[key], places)
    # report 000: 2,777 PNS give Kualifikasi 12,13
    assert dims[0]["Dimensi"] == "Kualifikasi" and dims[0]["Skor"] == "12,13"
    pegawai = table_records(workbook, "Pegawai", "tblPegawai")
    kategori = by_title(tables, "Sebaran Pegawai menurut Kategori")
    for row in kategori[:-1]:
        assert row["Jumlah Pegawai"] == count(
            sum(1 for p in pegawai if p["Kategori"] == row["Kategori"])
        )
    assert kategori[-1]["Jumlah Pegawai"] == "2.777"


# --- the shape of the document --------------------------------------------------------------------

KINERJA_HEADINGS = (
    (1, "BAB III AKUNTABILITAS KINERJA"),
    (2, "A. Capaian Kinerja Organisasi"),
    (3, "1. Perbandingan antara Target dan Realisasi Kinerja"),
    (3, "2. Perbandingan Realisasi dan Capaian Kinerja dengan Tahun Lalu"),
    (3, "3. Perbandingan Realisasi Kinerja dengan Target Jangka Menengah"),
    (3, "4. Perbandingan Realisasi Kinerja dengan Standar Nasional"),
    (3, "5. Analisis Penyebab Keberhasilan atau Kegagalan"),
    (3, "6. Analisis Efisiensi Penggunaan Sumber Daya"),
    (3, "7. Program dan Kegiatan Penunjang"),
    (2, "B. Realisasi Anggaran"),
)


def headings(document) -> list[tuple[int, str]]:
    return [
        (int(p.style.name.rsplit(" ", 1)[1]), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]


@pytest.mark.parametrize("name", ["kinerja-000", "kinerja-001"])
def test_headings_follow_permenpan_rb_53_2014_chapter_iii(name, documents):
    found = headings(docx.Document(documents[name]))
    assert len(found) >= len(KINERJA_HEADINGS)
    for (level, text_), (want_level, start) in zip(found, KINERJA_HEADINGS, strict=False):
        assert level == want_level and text_.startswith(start), (found, start)


@pytest.mark.parametrize("name", list(DEMOS))
def test_charts_are_images_with_numbered_captions(name, demo_dir, documents):
    report = build_report(demo_dir / DEMOS[name])
    document = docx.Document(documents[name])
    assert len(document.inline_shapes) == len(report.charts) > 0
    paragraphs = document.paragraphs
    pictures = [i for i, p in enumerate(paragraphs) if p._p.xpath(".//pic:pic")]
    for index, chart in zip(pictures, report.charts, strict=True):
        assert paragraphs[index + 1].text == f"Grafik {chart.number} {chart.title}"
    for shape in document.inline_shapes:
        blob = document.part.related_parts[
            shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        ].blob
        with Image.open(io.BytesIO(blob)) as image:
            assert image.format == "PNG" and image.width >= 600


def test_page_fonts_and_properties(documents):
    document = docx.Document(documents["kinerja-001"])
    for section in document.sections:  # A4, portrait or (a wide table's page) landscape
        short, long = sorted((section.page_width, section.page_height))
        assert abs(short - Cm(21)) < Cm(0.05) and abs(long - Cm(29.7)) < Cm(0.05)
        assert (section.page_width > section.page_height) == (section.orientation == 1)
        for margin in (section.left_margin, section.right_margin, section.top_margin,
                       section.bottom_margin):  # fmt: skip
            assert margin >= Cm(2)
        footer = section.footer._element
        assert any("PAGE" in (t.text or "") for t in footer.iter(qn("w:instrText")))
    assert document.styles["Normal"].font.size >= Pt(10)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        assert run.font.size is not None and run.font.size >= Pt(8)
    props = document.core_properties
    assert "Tahun 2020" in props.title and "Kalimantan Timur" in props.title
    assert "Akuntabilitas Kinerja" in props.subject
    assert props.language == "id-ID"


# --- the narrative and the staff's analysis -------------------------------------------------------


def test_a_stale_workbook_is_recomputed_in_a_copy_and_left_unchanged(demo_dir, tmp_path):
    workbook = tmp_path / KALTIM
    shutil.copy(demo_dir / KALTIM, workbook)
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Indikator"]
    header = [c.value for c in ws[4]]
    row = next(r for r in range(5, 40) if ws.cell(r, 1).value == "IKU-1")
    target = ws.cell(row, header.index("Target") + 1).value
    ws.cell(row, header.index("Realisasi") + 1).value = 80
    ws.cell(row, header.index("Faktor Pendorong") + 1).value = "Uji kompetensi serentak."
    ws.cell(row, header.index("Tindak Lanjut") + 1).value = "Menambah asesor."
    penghambat = ws.cell(row, header.index("Faktor Penghambat") + 1).value
    wb.save(workbook)
    before = hashlib.sha256(workbook.read_bytes()).hexdigest()

    result = cli("laporan", str(workbook))
    assert result.returncode == 0, result.stderr
    assert hashlib.sha256(workbook.read_bytes()).hexdigest() == before
    assert "belum dihitung ulang" in " ".join(result.stdout.split())
    document = docx.Document(tmp_path / KALTIM.replace(".xlsx", ".laporan.docx"))
    capaian = computed(Decimal(80) / Decimal(str(target)) * 100, 2)
    rows = by_title(doc_tables(tmp_path / KALTIM.replace(".xlsx", ".laporan.docx")),
                    "Pengukuran Capaian Kinerja Badan")  # fmt: skip
    assert rows[0]["Realisasi"] == "80" and rows[0]["Capaian (%)"] == capaian
    texts = [p.text for p in document.paragraphs]
    generated = next(t for t in texts if t.startswith("Indikator IKU-1 "))
    assert f"Capaian kinerjanya {capaian}%" in generated
    at = texts.index(generated)
    staff = [
        "Faktor pendorong: Uji kompetensi serentak.",
        *([f"Faktor penghambat: {penghambat.strip()}"] if penghambat else []),
        "Tindak lanjut: Menambah asesor.",
    ]
    assert texts[at + 1 : at + 1 + len(staff)] == staff


def test_every_indicator_has_its_paragraph_and_no_blank_becomes_zero(documents, demo_dir):
    texts = [p.text for p in docx.Document(documents["kinerja-000"]).paragraphs]
    indikator = table_records(demo_dir / DEMOS["kinerja-000"], "Indikator", "tblIndikator")
    for cells in indikator:
        paragraph = next(t for t in texts if t.startswith(f"Indikator {cells['Kode']} "))
        if cells["Capaian"] is None:
            assert "Capaian kinerjanya" in paragraph and "dapat dihitung" in paragraph
        else:
            assert f"Capaian kinerjanya {computed(cells['Capaian'], 2)}%" in paragraph
        if cells["Realisasi Tahun Lalu"] is None:
            assert "Realisasi tahun lalu belum diisi" in paragraph


def test_ipasn_document_speaks_of_the_recap_categories_and_saran(documents):
    texts = " ".join(p.text for p in docx.Document(documents["ipasn-000"]).paragraphs)
    assert "Nilai IP ASN seluruh 2.777 pegawai adalah" in texts
    assert "Kualifikasi 12,13 dari 25,00" in texts
    assert "Sebaran pegawai menurut kategori" in texts
    assert "Saran yang paling sering" in texts


# --- refusals and the PDF -------------------------------------------------------------------------


def test_refuses_to_overwrite_a_document_open_in_word(demo_dir, tmp_path):
    target = tmp_path / "laporan.docx"
    target.write_bytes(b"previous")
    (tmp_path / "~$laporan.docx").write_bytes(b"")
    result = cli("laporan", str(demo_dir / KALTIM), "-o", str(target))
    assert result.returncode == 2
    # Word's lock file, not Excel's: the user was told a "workbook" was open "in Excel"
    assert " ".join(result.stderr.split()).startswith(
        "Gagal: Dokumen sedang dibuka di Word (berkas kunci ~$laporan.docx ada); tutup dulu lalu "
        "ulangi. Bila Word sudah ditutup"
    )
    assert target.read_bytes() == b"previous"


def test_pdf_without_libreoffice_says_so_in_indonesian(demo_dir, tmp_path):
    workbook = tmp_path / KALTIM
    shutil.copy(demo_dir / KALTIM, workbook)
    env = {**os.environ, "PATH": str(tmp_path / "kosong")}  # no soffice anywhere on PATH
    result = cli("laporan", str(workbook), "--pdf", env=env)
    message = " ".join(result.stderr.split())
    assert result.returncode == 2, result.stderr
    assert "LibreOffice" in message and "tidak terpasang" in message
    assert workbook.with_name(KALTIM.replace(".xlsx", ".laporan.docx")).is_file()
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.libreoffice
def test_libreoffice_converts_the_document_to_pdf_with_its_figures(demo_dir, tmp_path):
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        missing_counterpart("LibreOffice", "soffice is not on PATH")
    import pdfplumber

    workbook = tmp_path / KALTIM
    shutil.copy(demo_dir / KALTIM, workbook)
    result = cli("laporan", str(workbook), "--pdf")
    assert result.returncode == 0, result.stderr
    pdf_path = tmp_path / KALTIM.replace(".xlsx", ".laporan.pdf")
    with pdfplumber.open(pdf_path) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
        smallest = min(c["size"] for page in pdf.pages for c in page.chars)
    assert smallest >= 7.95  # nothing printed below 8 pt
    for number, page in enumerate(pages, start=1):  # the footer's page number
        assert page.strip().splitlines()[-1].strip() == str(number)
    flowing = " ".join(" ".join(pages).split())
    words = set(flowing.split())
    report = build_report(workbook)
    for table in report.tables:
        assert " ".join(table.caption.split()) in flowing
        for row in table.rows:
            for cell in row:
                if re.fullmatch(r"-?[\d.]+(,\d+)?", cell):
                    assert cell in words, (table.caption, cell)


def fake_soffice(folder: Path, body: str) -> None:
    """A stand-in for a LibreOffice that hangs or fails: what the caller must survive."""
    folder.mkdir()
    script = folder / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for soffice")
def test_a_hung_libreoffice_is_stopped_with_its_children(tmp_path, monkeypatch):
    from lkjip_xl.workbook.report import pdf

    pid_file = tmp_path / "anak.pid"
    sleep = shutil.which("sleep")  # found before PATH holds only the stand-in
    fake_soffice(tmp_path / "bin", f"{sleep} 600 &\necho $! > {pid_file}\nwait")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setattr(pdf, "TIMEOUT", 2.0)
    document = tmp_path / "laporan.docx"
    document.write_bytes(b"PK")
    with pytest.raises(pdf.PdfError, match="tidak selesai"):
        pdf.convert_to_pdf(document)
    child = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):  # the launcher's own child is gone too
        for _ in range(50):
            os.kill(child, 0)
            time.sleep(0.1)
    assert not (tmp_path / "laporan.pdf").exists()


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for soffice")
def test_a_libreoffice_that_writes_nothing_is_a_failure(tmp_path, monkeypatch):
    from lkjip_xl.workbook.report import pdf

    fake_soffice(tmp_path / "bin", "exit 0")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    document = tmp_path / "laporan.docx"
    document.write_bytes(b"PK")
    with pytest.raises(pdf.PdfError, match=r"gagal mengubah laporan\.docx ke PDF"):
        pdf.convert_to_pdf(document)
    assert not (tmp_path / "laporan.pdf").exists()


def test_a_new_ipasn_workbook_gives_a_document_with_its_empty_charts(tmp_path):
    """A roster with no employee yet (``lkjip-xl new ipasn``): the per-unit chart has no unit.
    The document was refused with Python's "zip() argument 2 is shorter than argument 1"; it
    is written, each chart an image under its numbered caption."""
    from lkjip_xl.workbook.builder import make_workbook
    from lkjip_xl.workbook.report.document import write_report

    workbook = tmp_path / "baru.xlsx"
    make_workbook("ipasn").save(workbook)
    charts = build_report(workbook).charts
    assert [c.categories for c in charts if c.key == "ipasn_unit"] == [()]
    document = docx.Document(write_report(workbook).docx)
    assert len(document.inline_shapes) == len(charts) == 2
    captions = [p.text for p in document.paragraphs if p.text.startswith("Grafik ")]
    assert captions == [f"Grafik {c.number} {c.title}" for c in charts]
