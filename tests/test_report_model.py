"""The report model: every figure is the workbook's shown cell, the Indonesian way, and a blank
is a dash with its reason, never 0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lkjip_xl.core.ipasn import SELURUH, SEMUA_STATUS
from lkjip_xl.core.values import parse_number
from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.demo import build_demo
from lkjip_xl.workbook.report.model import build_report
from lkjip_xl.workbook.report.shown import DASH, shown
from tests.workbooks import ANGGARAN, INDIKATOR, TRIWULAN, filled_kinerja

EXAMPLES = Path(__file__).parents[1] / "lkjip_xl" / "workbook" / "examples"


@pytest.mark.parametrize(
    ("value", "code", "text"),
    [
        (95.445, "#,##0.00", "95,45"),  # Excel shows half away from zero
        (1234567.5, '"Rp "#,##0', "Rp 1.234.568"),
        (85.88, "General", "85,88"),
        (100.0, "General", "100"),
        (2777, "#,##0", "2.777"),
        (0.0, "#,##0.00", "0,00"),  # a real zero is a figure
        (None, "#,##0.00", DASH),
        ("  ", "@", DASH),
        (float("nan"), "0.00", DASH),
        (1.005, "0.00", "1,01"),  # the decimal 1,005, not the float just below it
    ],
)
def test_shown_text_follows_the_number_format(value, code, text):
    assert shown(value, code) == text


@pytest.fixture(scope="module")
def kaltim(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    return build_demo("kinerja-001", folder)[0]


def figure(text: str) -> float:
    parsed = parse_number(text)
    assert parsed.is_number, text
    return float(parsed.value)


def test_kaltim_renstra_table_prints_report_001_figures(kaltim):
    """Report 001's Tabel 3.7 prints capaian Renstra 85,88 and 137,7 (IKU-1, IKU-3)."""
    printed = json.loads((EXAMPLES / "kinerja-001.json").read_text())["printed"]
    report = build_report(kaltim)
    table = report.table("renstra")
    column = table.header.index("Capaian Renstra (%)")
    shown_by_row = [row[column] for row in table.rows]
    assert len(shown_by_row) == len(printed["capaian_renstra"])
    for text, (kode, value) in zip(shown_by_row, printed["capaian_renstra"].items(), strict=True):
        assert figure(text) == pytest.approx(value, abs=0.005), kode
    assert shown_by_row[0] == "85,88"


def test_tables_are_numbered_in_print_order(kaltim):
    report = build_report(kaltim)
    numbers = [t.number for t in report.tables]
    assert numbers == [f"3.{i}" for i in range(1, len(numbers) + 1)]
    keys = [t.key for t in report.tables]
    assert keys.index("pengukuran") < keys.index("target_realisasi") < keys.index("renstra")
    assert keys.index("renstra") < keys.index("efisiensi") < keys.index("anggaran")
    headings = [s.heading for s in report.sections]
    assert headings[0] == "A. Capaian Kinerja Organisasi"
    assert "B. Realisasi Anggaran" in headings


def test_a_blank_realisasi_is_a_dash_with_its_reason(tmp_path):
    path = filled_kinerja(tmp_path / "k.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    recompute_file(path)
    report = build_report(path)
    table = report.table("target_realisasi")
    by_name = {row[1]: row for row in table.rows}
    # IKU-2 is negative polarity with a real realisasi; IKU-1 has both: numbers, not dashes
    assert by_name["Indeks IP ASN"][table.header.index("Capaian (%)")] == "95,45"
    renstra = report.table("renstra")
    row = next(r for r in renstra.rows if r[1] == "Pelanggaran")
    assert row[renstra.header.index("Target Akhir Renstra")] == DASH
    assert row[renstra.header.index("Capaian Renstra (%)")] == DASH
    assert any(n.startswith("IKU-2: Target Akhir Renstra belum diisi") for n in renstra.notes)
    assert "0" not in {r[renstra.header.index("Capaian Renstra (%)")] for r in renstra.rows}


def test_ipasn_categories_count_every_employee(tmp_path):
    path = build_demo("ipasn-000", tmp_path)[0]
    report = build_report(path)
    unit = report.table("unit")
    everyone = next(r for r in unit.rows if r[1] == SELURUH and r[2] == SEMUA_STATUS)
    total = everyone[unit.header.index("Jumlah Pegawai")]
    kategori = report.table("kategori")
    assert kategori.rows[-1][2] == total == "2.777"
    counted = sum(int(r[2].replace(".", "")) for r in kategori.rows[:-1])
    assert counted == 2777
    assert report.table("dimensi").rows[0][3] == "12,13"  # report 000: Kualifikasi 12,13


def test_kaltim_last_year_table_has_both_changes_from_report_001_inputs(kaltim):
    """Report 001's Tabel 3.6 heads its column "(5/4-1)*100" but prints differences, and uses
    the capaian 97,3 as realisasi 2020 (13,11 for IKU-1). The report's table holds the point
    change and the percent change of the realisasi the report gives (Tabel 3.5: 73)."""
    from decimal import ROUND_HALF_UP, Decimal

    rows = json.loads((EXAMPLES / "kinerja-001.json").read_text())["indikator"]
    table = build_report(kaltim).table("tahun_lalu")
    points = table.header.index("Perubahan")
    percent = table.header.index("Perubahan (%)")
    cent = Decimal("0.01")
    for row, source in zip(table.rows, rows, strict=True):
        now, before = (
            Decimal(str(source["Realisasi"])),
            Decimal(str(source["Realisasi Tahun Lalu"])),
        )
        assert figure(row[points]) == float((now - before).quantize(cent, ROUND_HALF_UP))
        if before == 0:
            assert row[percent] == DASH
            assert any(n.startswith(f"{source['Kode']}: ") for n in table.notes)
        else:
            expected = ((now / before - 1) * 100).quantize(cent, ROUND_HALF_UP)
            assert figure(row[percent]) == float(expected)
    assert table.rows[0][points] == "-11,19" and table.rows[0][percent] == "-13,29"


def test_a_kode_typed_as_a_number_is_named_as_its_cell_shows_it(tmp_path):
    indikator = [dict(r) for r in INDIKATOR]
    indikator[1]["Kode"], indikator[2]["Kode"] = 7, 2.5
    path = filled_kinerja(tmp_path / "k.xlsx", indikator)
    report = build_report(path)
    chart = next(
        c for s in report.sections for c in s.content if getattr(c, "kind", "") == "bar_line"
    )
    assert chart.categories == ("IKU-1", "7", "2,5")
    notes = [n for table in report.tables for n in table.notes]
    # without a Tahun the year is named "Tahun Ini", not a dash
    assert "7 Tahun Ini: Capaian tidak dapat dihitung." in notes
    assert not [n for n in notes if n.startswith(("7.0", "2.5"))], notes
