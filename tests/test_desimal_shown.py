"""A computed figure shows the places Pengaturan ``Desimal`` rounds it to (DESIGN.md §4: the
label never contradicts the figure beside it). Read back as the programs people use show them:
LibreOffice's text of each cell (``--convert-to csv`` writes the shown text, not the value),
python-docx reading the Word report, openpyxl reading the number formats and the other parts of
each cell's style."""

from __future__ import annotations

import copy
import csv
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import build_demo
from lkjip_xl.workbook.ooxml.package import Package
from lkjip_xl.workbook.patcher import patch_workbook
from lkjip_xl.workbook.report.document import report_docx
from tests.conftest import missing_counterpart
from tests.libreoffice import find_soffice
from tests.workbooks import filled_kinerja

KINERJA = template("kinerja")
INDIKATOR = KINERJA.table("tblIndikator")
ROW = INDIKATOR.first_data_row


def indikator(realisasi: float, lalu: float | None = None) -> dict[str, object]:
    return {"Kode": "IKU-1", "Sasaran": "Sasaran", "Indikator": "Indikator", "Satuan": "%",
            "Polaritas": "Positif", "Target": 100, "Realisasi": realisasi,
            "Realisasi Tahun Lalu": lalu}  # fmt: skip


def set_name(path: Path, name: str, value: object) -> None:
    wb = openpyxl.load_workbook(path)
    sheet, cell = next(iter(wb.defined_names[name].destinations))
    wb[sheet][cell.replace("$", "")] = value
    wb.save(path)


def kinerja(tmp_path: Path, desimal: object, realisasi: float, lalu: float | None = None) -> Path:
    path = filled_kinerja(tmp_path / f"kinerja-{desimal}.xlsx", [indikator(realisasi, lalu)])
    set_name(path, "Desimal", desimal)
    recompute_file(path)
    return path


def cell(path: Path, key: str):
    ws = openpyxl.load_workbook(path)[INDIKATOR.sheet]
    return ws[f"{INDIKATOR.letter(key)}{ROW}"]


def shown_by_libreoffice(path: Path, sheet: str) -> list[list[str]]:
    """The rows of ``sheet`` as LibreOffice shows its cells (its en-US text: 0.004, 1,234.5)."""
    soffice = find_soffice()
    if soffice is None:
        missing_counterpart("LibreOffice", "soffice not on PATH")
    assert soffice is not None
    out = path.parent / f"csv-{path.stem}"
    profile = (path.parent / f"profil-{path.stem}").as_uri()
    # Token 9 "as shown" on, token 12 -1: every sheet to its own file.
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,"
         "false,-1", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    with open(out / f"{path.stem}-{sheet}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def indikator_shown(path: Path) -> dict[str, str]:
    rows = shown_by_libreoffice(path, INDIKATOR.sheet)
    header = rows[INDIKATOR.header_row - 1]
    return dict(zip(header, rows[ROW - 1], strict=False))


def report_texts(path: Path) -> list[list[str]]:
    document = docx.Document(str(report_docx(path, path.with_suffix(".docx"))))
    return [[c.text for c in row.cells] for t in document.tables for row in t.rows]


@pytest.mark.libreoffice
def test_a_change_of_0_004_shows_its_third_place_beside_meningkat(tmp_path):
    path = kinerja(tmp_path, 3, 10.004, 10)
    perubahan = cell(path, "perubahan")
    assert perubahan.value == pytest.approx(0.004)
    assert perubahan.number_format == "#,##0.000"
    assert cell(path, "perubahan_persen").number_format == "#,##0.000"
    assert cell(path, "capaian").number_format == "#,##0.000"
    assert cell(path, "arah").value == "Meningkat"
    # Only the number format changed: font, fill, border and protection are the template's.
    declared = kinerja(tmp_path, 2, 10.004, 10)
    for key in ("perubahan", "capaian"):
        new, old = cell(path, key), cell(declared, key)
        for part in ("font", "fill", "border", "protection", "alignment"):
            # Copies: openpyxl's style proxies compare unequal to one another.
            assert copy.copy(getattr(new, part)) == copy.copy(getattr(old, part)), (key, part)
        assert old.number_format == "#,##0.00"
    shown = indikator_shown(path)
    assert (shown["Perubahan"], shown["Arah"]) == ("0.004", "Meningkat")
    assert shown["Capaian"] == "10.004"
    # At two places the same change is 0,00 and Tetap: the label follows the figure.
    shown = indikator_shown(declared)
    assert (shown["Perubahan"], shown["Arah"]) == ("0.00", "Tetap")
    # The Word report prints what the cells show.
    rows = report_texts(path)
    assert any("0,004" in row and "Meningkat" in row for row in rows)


@pytest.mark.libreoffice
def test_desimal_0_shows_whole_figures_and_2_shows_them_again(tmp_path):
    path = kinerja(tmp_path, 0, 91.2)
    assert cell(path, "capaian").value == 91
    assert cell(path, "capaian").number_format == "#,##0"
    wb = openpyxl.load_workbook(path)
    sheet, ref = next(iter(wb.defined_names["Rata_Capaian"].destinations))
    assert wb[sheet][ref.replace("$", "")].number_format == "#,##0"
    assert indikator_shown(path)["Capaian"] == "91"
    assert any("91" in row for row in report_texts(path))
    # Back to the default Desimal: the declared format again.
    set_name(path, "Desimal", 2)
    wb = openpyxl.load_workbook(path)
    ws = wb[INDIKATOR.sheet]
    ws[f"{INDIKATOR.letter('realisasi')}{ROW}"] = 95.45
    wb.save(path)
    recompute_file(path)
    assert cell(path, "capaian").number_format == "#,##0.00"
    assert indikator_shown(path)["Capaian"] == "95.45"
    assert any("95,45" in row for row in report_texts(path))


def test_a_desimal_that_is_not_valid_keeps_the_declared_display(tmp_path):
    path = kinerja(tmp_path, "dua", 95.45)
    assert cell(path, "capaian").number_format == "#,##0.00"
    assert cell(path, "perubahan").number_format == "#,##0.00"


@pytest.mark.libreoffice
def test_ipasn_scores_and_means_show_desimal_places(tmp_path):
    path = build_demo("ipasn-000", tmp_path)[0]
    set_name(path, "Desimal", 0)
    recompute_file(path)
    spec = template("ipasn")
    wb = openpyxl.load_workbook(path)
    for name, keys in (("tblPegawai", ("kualifikasi", "nilai_ip_asn")),
                       ("tblRekap", ("kinerja", "nilai_ip_asn")),
                       ("tblSelisih", ("skor", "selisih"))):  # fmt: skip
        table = spec.table(name)
        ws = wb[table.sheet]
        for key in keys:
            first = ws[f"{table.letter(key)}{table.first_data_row}"]
            assert first.number_format == "0", (name, key)
            assert float(first.value).is_integer(), (name, key)
    bobot = spec.table("tblSelisih")
    # A rule's weight is not rounded to Desimal: it keeps its declared format.
    assert wb[bobot.sheet][f"{bobot.letter('bobot')}{bobot.first_data_row}"].number_format == (
        "0.00"
    )
    rekap = spec.table("tblRekap")
    shown = shown_by_libreoffice(path, rekap.sheet)
    value = wb[rekap.sheet][f"{rekap.letter('nilai_ip_asn')}{rekap.first_data_row}"].value
    assert shown[rekap.first_data_row - 1][rekap.col_index("nilai_ip_asn") - 1] == str(int(value))


def _cell_style(path: Path, sheet: str, ref: str) -> int:
    """The ``s`` of one cell as the file holds it (openpyxl would renumber the styles)."""
    with zipfile.ZipFile(path) as z:
        xml = z.read(Package(z).sheet_part(sheet))
    found = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*?\ss="([0-9]+)"', xml)
    assert found is not None, ref
    return int(found.group(1))


def _styles_part(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/styles.xml")


def test_back_at_desimal_2_the_cells_take_their_own_cell_format_again(tmp_path):
    """Only the cells' number format moves: Desimal 3 adds a cell format that differs from the
    template's in it alone, Desimal 2 finds the template's again (no new entry), and a
    recompute at 2 of cells shown so already leaves styles.xml as it was."""
    path = filled_kinerja(tmp_path / "k.xlsx", [indikator(10.004, 10)])
    desimal = KINERJA.named("Desimal")
    ref = f"{INDIKATOR.letter('perubahan')}{ROW}"
    recompute_file(path)
    own, styles = _cell_style(path, INDIKATOR.sheet, ref), _styles_part(path)
    recompute_file(path)
    assert _styles_part(path) == styles
    for value, want in ((3, "#,##0.000"), (2, "#,##0.00")):
        patch_workbook(path, tmp_path / "t.xlsx", {desimal.sheet: {desimal.cell: value}})
        (tmp_path / "t.xlsx").replace(path)
        recompute_file(path)
        assert cell(path, "perubahan").number_format == want
        if value == 3:
            assert _cell_style(path, INDIKATOR.sheet, ref) != own
            grown = _styles_part(path).count(b"<xf ")
            assert grown > styles.count(b"<xf ")
    assert _cell_style(path, INDIKATOR.sheet, ref) == own
    assert _styles_part(path).count(b"<xf ") == grown  # none added to go back
