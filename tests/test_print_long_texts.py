"""Long texts print whole, inside their cells: LibreOffice prints small workbooks to PDF.

A Sasaran, an Indikator, a staff's analysis, a Nama and a Unit Kerja of some 150 characters are
typed (openpyxl stands in for typing, and, like any file written outside an office application,
states no row height); the engine's own notes (Catatan, Saran) are written by ``hitung``. In the
printout, read with pdfplumber, each text's words are all there, in order, inside the borders
of its cell (the column's vertical borders, the row's horizontal ones), on the page of its row's
key; no two words of the page overlap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pdfplumber
import pytest

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table
from tests.pdf_words import overlapping_words
from tests.workbooks import INDIKATOR, filled_kinerja

pytestmark = pytest.mark.libreoffice

SASARAN = (
    "Meningkatnya profesionalitas dan kompetensi aparatur sipil negara di lingkungan "
    "pemerintah daerah melalui pengembangan karier yang terencana"
)
INDIKATOR_PANJANG = (
    "Persentase aparatur sipil negara yang telah mengikuti pengembangan kompetensi teknis, "
    "manajerial, dan sosial kultural paling sedikit dua puluh jam"
)
PENDORONG = (
    "Dukungan anggaran pelatihan daring dari pemerintah provinsi serta komitmen pimpinan "
    "perangkat daerah untuk membebaskan pegawai dari tugas harian"
)
NAMA = (
    "Raden Mas Haji Muhammad Abdurrahman Wicaksono Prawirodirdjo Kusumanegara Adiningrat "
    "Suryokusumo Hadiwijoyo Mangkubumi Notonegoro Sastrowardoyo"
)
UNIT = (
    "Bidang Pengembangan Kompetensi Aparatur pada Badan Kepegawaian dan Pengembangan Sumber "
    "Daya Manusia Daerah Kabupaten Kutai Kartanegara Provinsi Kalimantan Timur"
)


def _kinerja(path: Path) -> Path:
    rows = [dict(r) for r in INDIKATOR]
    rows[1].update(Sasaran=SASARAN, Indikator=INDIKATOR_PANJANG)
    rows[1]["Faktor Pendorong"] = PENDORONG
    return filled_kinerja(path, rows)


def _ipasn(path: Path) -> Path:
    build_template("ipasn", path)
    wb = openpyxl.load_workbook(path)
    rows = [
        {"NIP": f"19870615201001100{n}", "Nama": nama, "Unit Kerja": unit, "Status": "PNS",
         "Jenis Jabatan": "Pelaksana", "Pendidikan": "S1", "JP Diklat Teknis": 24,
         "Seminar": "Ya", "Nilai SKP": 92, "Hukuman Disiplin": "Tidak Pernah"}
        for n, (nama, unit) in enumerate([("Siti Aminah", "BKPSDM"), (NAMA, UNIT),
                                          ("Budi", "BKPSDM")])
    ]  # fmt: skip
    # Nothing past the position: the engine's Saran lists every field to fill.
    rows[2] = {k: rows[2][k] for k in ("NIP", "Nama", "Unit Kerja", "Status", "Jenis Jabatan")}
    fill_table(wb, template("ipasn").table("tblPegawai"), rows)
    wb.save(path)
    return path


def _cluster(values: list[float]) -> list[float]:
    """Border positions, a line drawn twice (half a point apart) counted once."""
    merged: list[float] = []
    for v in sorted(values):
        if not merged or v - merged[-1] > 1.0:
            merged.append(v)
    return merged


def _printed(office: Any, path: Path, out: Path) -> dict[str, list[dict[str, Any]]]:
    """{sheet: [{"words": [...], "v": [x...], "h": [y...]} per page]}."""
    pages: dict[str, list[dict[str, Any]]] = {}
    for sheet in office.export_pdf(path, out):
        with pdfplumber.open(sheet["pdf"]) as pdf:
            pages[sheet["name"]] = [
                {
                    "words": page.extract_words(keep_blank_chars=False),
                    "v": _cluster([e["x0"] for e in page.edges if e["orientation"] == "v"]),
                    "h": _cluster([e["top"] for e in page.edges if e["orientation"] == "h"]),
                }
                for page in pdf.pages
            ]
    return pages


def _find(pages: list[dict[str, Any]], text: str) -> tuple[dict[str, Any], int] | None:
    """The page and index of the word where ``text``'s first words start (in reading order,
    a wrapped cell's first line comes whole before the next cell's)."""
    opening = text.split()[:3]
    for page in pages:
        said = [w["text"] for w in page["words"]]
        for i in range(len(said) - len(opening) + 1):
            if said[i : i + len(opening)] == opening:
                return page, i
    return None


def _check_in_cell(pages: list[dict[str, Any]], text: str, key: str) -> None:
    found = _find(pages, text)
    assert found is not None, f"{text[:40]!r} is not printed"
    page, start = found
    first = page["words"][start]
    left = max(x for x in page["v"] if x <= first["x0"] + 0.5)
    right = min(x for x in page["v"] if x > left + 1.0)
    top = max(y for y in page["h"] if y <= first["top"] + 0.5)
    bottom = min(y for y in page["h"] if y > top + 1.0)
    inside = [
        w
        for w in page["words"]
        if left <= w["x0"] and w["x1"] <= right and top <= w["top"] and w["bottom"] <= bottom
    ]
    # Every word, in order, and nothing else, between the cell's four borders.
    assert [w["text"] for w in inside] == text.split(), (text[:40], left, right, top, bottom)
    keys = [w for w in page["words"] if w["text"] == key and top - 0.5 <= w["top"] < bottom]
    assert keys, f"{key} is not on the row of {text[:40]!r}"
    assert not overlapping_words(page["words"])


@pytest.fixture(scope="module")
def printed(libreoffice: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("panjang")
    result = {}
    for name, make in (("kinerja", _kinerja), ("ipasn", _ipasn)):
        path = make(folder / f"{name}.xlsx")
        recompute_file(path)
        notes = openpyxl.load_workbook(path)
        result[name] = (notes, _printed(libreoffice, path, folder / f"pdf-{name}"))
    return result


def test_typed_long_texts_print_whole_in_their_cells(printed: dict[str, Any]) -> None:
    _book, kinerja = printed["kinerja"]
    for text in (SASARAN, INDIKATOR_PANJANG, PENDORONG):
        assert len(text) >= 140
        _check_in_cell(kinerja["Indikator"], text, "IKU-2")
    _book, ipasn = printed["ipasn"]
    for text in (NAMA, UNIT):
        assert len(text) >= 140
        _check_in_cell(ipasn["Pegawai"], text, "198706152010011001")


def test_computed_notes_print_whole_in_their_cells(printed: dict[str, Any]) -> None:
    checked = 0
    for name, sheet, table_name, column, key_column in (
        ("kinerja", "Indikator", "tblIndikator", "catatan", "kode"),
        ("ipasn", "Pegawai", "tblPegawai", "saran", "nip"),
    ):
        book, pages = printed[name]
        table = template(name).table(table_name)
        ws = book[sheet]
        width = table.column(column).width or 0
        for row in range(table.first_data_row, table.first_data_row + 3):
            note = ws[f"{table.letter(column)}{row}"].value
            key = ws[f"{table.letter(key_column)}{row}"].value
            # Only notes longer than their column: those that must wrap to be read whole.
            if isinstance(note, str) and len(note) > width:
                _check_in_cell(pages[sheet], note, str(key))
                checked += 1
    assert checked >= 2
