"""Printed sheets: LibreOffice prints every sheet of the demo workbooks to PDF, pdfplumber reads it.

What a person gets on paper: no text below 8 pt on any page of any sheet, and the Pegawai
table's header row on every one of its pages (print titles). The page settings themselves come
from the declaration (``SheetSpec.print_layout``); these tests judge the printout, not them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pdfplumber
import pytest

from lkjip_xl.workbook.contract import TEMPLATES
from lkjip_xl.workbook.contract.print_layout import MIN_PRINTED_PT, MIN_SCALE
from lkjip_xl.workbook.demo import DEMOS, build_demo
from tests.pdf_words import overlapping_words

# The demo roster prints to some 500 pages: minutes, not seconds.
pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


@pytest.fixture(scope="module")
def printed(libreoffice: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """{workbook file name: [{"name": sheet, "pdf": path}, ...]} for every demo workbook."""
    folder = tmp_path_factory.mktemp("demo")
    result = {}
    for name in DEMOS:
        path, _laporan = build_demo(name, folder)
        out = tmp_path_factory.mktemp(path.stem)
        result[path.name] = libreoffice.export_pdf(path, out)
    return result


def _printed_size(char: dict[str, Any]) -> float:
    """The font size a glyph prints at, whatever its rotation.

    pdfminer boxes a glyph as ``adv`` wide and one font size high in text space, then maps the
    box through ``matrix``; its "size" is that box's page height (width when turned), which for
    a slanted axis label mixes in the advance. Solve the box back for the font size instead.
    """
    a, b, c, d = (abs(v) for v in char["matrix"][:4])
    adv = float(char["adv"])
    if d > 0.1:
        font = (float(char["height"]) - b * adv) / d
    else:
        font = (float(char["width"]) - a * adv) / c
    return font * math.hypot(c, d)


def _pages(pdf_path: str) -> Iterator[Any]:
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            yield page
            page.close()  # the Pegawai roster prints to hundreds of pages: free each one


def test_every_sheet_is_printed(printed: dict[str, Any]) -> None:
    for file_name, sheets in printed.items():
        kind = "ipasn" if file_name.startswith("IPASN") else "kinerja"
        assert [s["name"] for s in sheets] == list(TEMPLATES[kind].sheet_names), file_name


def test_no_text_below_8_pt(printed: dict[str, Any]) -> None:
    too_small = []
    for file_name, sheets in printed.items():
        for sheet in sheets:
            pages = 0
            for number, page in enumerate(_pages(sheet["pdf"]), 1):
                pages += 1
                small = [c for c in page.chars if _printed_size(c) < MIN_PRINTED_PT - 0.01]
                if small:
                    text = "".join(c["text"] for c in small)[:60]
                    size = min(_printed_size(c) for c in small)
                    too_small.append(f"{file_name} {sheet['name']} p.{number}: {size:.2f} {text}")
            assert pages, f"{file_name} {sheet['name']} printed no page"
    assert not too_small, "\n".join(too_small[:20])


def test_pegawai_header_on_every_page(printed: dict[str, Any]) -> None:
    (sheets,) = [s for f, s in printed.items() if f.startswith("IPASN")]
    (pegawai,) = [s for s in sheets if s["name"] == "Pegawai"]
    table = TEMPLATES["ipasn"].table("tblPegawai")
    headers = set(table.headers)
    # The repeated key columns start every page across, so their headers are on every page.
    keys = {c.name for c in table.columns[: max(table.freeze_columns, 1)]}
    seen: set[str] = set()
    count = 0
    for number, page in enumerate(_pages(pegawai["pdf"]), 1):
        count += 1
        lines = page.extract_text().splitlines()
        header_lines = [line for line in lines if all(k in line.split() for k in keys)]
        assert header_lines, f"Pegawai page {number} has no header row: {lines[:5]}"
        seen.update(h for h in headers if h in header_lines[0])
    # The demo roster runs to thousands of rows: far more than one page.
    assert count > 10
    assert seen == headers, f"headers never printed: {sorted(headers - seen)}"


def test_wide_sheets_are_landscape_and_legible() -> None:
    for spec in TEMPLATES.values():
        for sheet in spec.sheets:
            layout = sheet.print_layout
            assert layout.scale >= MIN_SCALE
            if layout.pages_across > 1:
                assert layout.orientation == "landscape"
                assert layout.title_columns is not None, sheet.name


def test_wrapped_texts_stay_in_their_rows(printed: dict[str, Any]) -> None:
    """Petunjuk and Identitas hold the template's own long texts, wrapped in rows sized for them:
    no word of one row may print over a word of the next."""
    overprinted = []
    for file_name, sheets in printed.items():
        for sheet in sheets:
            if sheet["name"] not in ("Petunjuk", "Identitas"):
                continue
            for number, page in enumerate(_pages(sheet["pdf"]), 1):
                pairs = overlapping_words(page.extract_words())
                if pairs:
                    overprinted.append(f"{file_name} {sheet['name']} p.{number}: {pairs[:3]}")
    assert not overprinted, "\n".join(overprinted)
