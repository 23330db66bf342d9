"""The print-ready Laporan sheet: its cells are the report model, its charts read them, and
LibreOffice prints it on A4 with no text below 8 pt."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.demo import build_demo
from lkjip_xl.workbook.report import layout
from lkjip_xl.workbook.report.model import Report, build_report, narrated
from lkjip_xl.workbook.report.shown import shown
from tests.libreoffice import run_script
from tests.workbooks import ANGGARAN, INDIKATOR, TRIWULAN, filled_kinerja

DEMOS = ("kinerja-000", "kinerja-001", "ipasn-000")


@pytest.fixture(scope="module")
def demos(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("laporan")
    return {name: build_demo(name, folder)[0] for name in DEMOS}


def cell_text(cell: Any) -> str:
    """What the cell shows, written the Indonesian way (as the report model writes it)."""
    if cell.value is None or cell.value == "":
        return ""
    return shown(cell.value, cell.number_format)


def sheet_tables(path: Path) -> tuple[dict[str, Any], list[str]]:
    """caption -> (header, rows, notes) as the Laporan sheet holds them, and every line of text
    spanning the sheet (titles, headings, paragraphs). A header repeated at the top of a page is
    read once."""
    ws = openpyxl.load_workbook(path)["Laporan"]
    tables: dict[str, Any] = {}
    lines: list[str] = []
    current = None
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=layout.GRID):
        cells = [c for c in row if not isinstance(c, MergedCell)]
        texts = [cell_text(c) for c in cells]
        filled = [t for t in texts if t]
        if not filled:
            current = None if current is None or current["rows"] else current
            continue
        first = cells[0]
        spans_sheet = len(cells) == 1 or all(not t for t in texts[1:])
        if first.style == layout.CAPTION:
            current = tables[texts[0]] = {"header": None, "rows": [], "notes": []}
        elif current is not None and first.style == layout.HEADER:
            if current["header"] is None:
                current["header"] = tuple(texts)
        elif current is not None and first.style == layout.NOTE:
            current["notes"].append(texts[0].removeprefix("Catatan: "))
        elif current is not None and current["header"] is not None and not spans_sheet:
            current["rows"].append(tuple(texts))
        else:
            lines.append(texts[0])
    return tables, lines


@pytest.mark.parametrize("name", DEMOS)
def test_laporan_sheet_holds_the_report_model(demos, name):
    report: Report = narrated(demos[name])
    tables, lines = sheet_tables(demos[name])
    assert len(report.tables) >= 4
    for table in report.tables:
        held = tables[table.caption]
        assert held["header"] == table.header, table.key
        assert [tuple(r) for r in held["rows"]] == [tuple(r) for r in table.rows], table.key
        assert held["notes"] == list(table.notes), table.key
    assert set(tables) == {t.caption for t in report.tables} | {c.caption for c in report.charts}
    for section in report.sections:
        assert section.heading in lines
        assert lines.count(section.heading) == 1
        for part in section.content:
            if isinstance(part, str):
                assert part in lines


def test_a_report_with_fewer_rows_leaves_nothing_behind(tmp_path):
    """Recompute rewrites the sheet whole: rows of a longer earlier report are gone."""
    path = filled_kinerja(tmp_path / "k.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    recompute_file(path)
    longer = openpyxl.load_workbook(path)["Laporan"].max_row
    shorter = filled_kinerja(tmp_path / "s.xlsx", INDIKATOR[:1])
    recompute_file(shorter)
    shorter_rows = openpyxl.load_workbook(shorter)["Laporan"].max_row
    assert shorter_rows < longer
    tables, _ = sheet_tables(shorter)
    report = build_report(shorter)
    assert tables[report.table("pengukuran").caption]["rows"] == [
        tuple(r) for r in report.table("pengukuran").rows
    ]


def en_us(text: str) -> str:
    """A figure as LibreOffice prints it with its default (en-US) separators."""
    return text.replace(".", "\x00").replace(",", ".").replace("\x00", ",")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", DEMOS)
def test_libreoffice_prints_the_laporan_sheet_and_draws_its_charts(
    demos, name, libreoffice, tmp_path
):
    import pdfplumber

    report = build_report(demos[name])
    pdf_path = tmp_path / "laporan.pdf"
    answer = run_script(
        "lo_laporan",
        {"port": libreoffice.port, "path": str(demos[name]), "sheet": "Laporan",
         "pdf": str(pdf_path)},
    )  # fmt: skip
    charts = answer["charts"]
    assert len(charts) == len(report.charts)
    for seen, chart in zip(charts, report.charts, strict=True):
        names = [s for s, _ in chart.series]
        if chart.reference_line is not None:
            names.append("Batas 100")
        assert seen["series"] == names, chart.key
        assert seen["categories"] == list(chart.categories), chart.key
        columns = [values for _, values in chart.series]
        for i, row in enumerate(seen["values"]):
            for k, values in enumerate(columns):
                expected = values[i]
                assert row[k] == pytest.approx(expected if expected is not None else 0.0)
        assert all(r.startswith("Laporan!AD") for r in seen["ranges"]), seen["ranges"]

    with pdfplumber.open(pdf_path) as pdf:
        assert pdf.pages, "no page printed"
        smallest = min(ch["size"] for page in pdf.pages for ch in page.chars)
        assert smallest >= 7.95, f"text of {smallest:.2f} pt"
        for page in pdf.pages:  # A4 landscape: 842 x 595 pt
            assert page.width == pytest.approx(841.9, abs=1) and page.height == pytest.approx(
                595.3, abs=1
            )
            assert max(ch["x1"] for ch in page.chars) <= page.width
        text = squeeze(" ".join(page.extract_text() or "" for page in pdf.pages))
        footers = [page.extract_text().splitlines()[-1] for page in pdf.pages]
    assert footers[0] == f"Halaman 1 dari {len(footers)}"
    for table in report.tables:
        assert squeeze(table.caption) in text, table.caption
        for row in table.rows:
            for value in row:
                if layout.figure_of(value) is not None:
                    assert en_us(value) in text, (table.key, value)


def test_figures_are_numbers_in_the_report_styles(demos):
    """Charts read numbers: a figure is a numeric cell whose number format shows the model's
    text, in the template's named style; the page is A4 landscape at 100 %."""
    ws = openpyxl.load_workbook(demos["kinerja-001"])["Laporan"]
    rupiah = [c for row in ws.iter_rows(max_col=layout.GRID) for c in row
              if isinstance(c.value, float | int) and c.number_format == '"Rp "#,##0']  # fmt: skip
    assert rupiah and all(c.style == layout.NUMBER for c in rupiah)
    assert shown(rupiah[0].value, rupiah[0].number_format).startswith("Rp ")
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale == 100
    assert "&P" in ws.oddFooter.center.text
    fonts = {c.font.sz for row in ws.iter_rows(max_col=layout.GRID) for c in row if c.value}
    assert min(fonts) >= 8


@pytest.mark.libreoffice
def test_a_table_longer_than_a_page_repeats_its_header(tmp_path, libreoffice):
    import pdfplumber

    rows = [
        {**INDIKATOR[0], "Kode": f"IKU-{i:02d}", "Indikator": f"Indikator nomor {i}"}
        for i in range(1, 61)
    ]
    path = filled_kinerja(tmp_path / "panjang.xlsx", rows)
    recompute_file(path)
    pdf_path = tmp_path / "panjang.pdf"
    run_script(
        "lo_laporan",
        {"port": libreoffice.port, "path": str(path), "sheet": "Laporan", "pdf": str(pdf_path)},
    )
    caption = build_report(path).table("pengukuran").caption
    with pdfplumber.open(pdf_path) as pdf:
        pages = [squeeze(page.extract_text() or "") for page in pdf.pages]
    first = next(i for i, text in enumerate(pages) if caption in text)
    continued = pages[first + 1]
    assert "Indikator nomor 60" not in pages[first]  # the table goes on over the next page
    # The header's words (wrapped over two lines, so not in one run) come before the first row.
    before_rows = continued.split("Meningkatnya", 1)[0].split()
    header = build_report(path).table("pengukuran").header
    assert {w for h in header for w in h.split()} <= set(before_rows), continued[:160]
