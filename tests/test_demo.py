"""``lkjip-xl demo``: example workbooks from the reference reports, recomputed."""

from __future__ import annotations

import math
import subprocess
import sys
from fractions import Fraction

import openpyxl
import pytest

from lkjip_xl.core.rounding import format_id, round_value
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import DEMOS, example
from tests.reference import REPO, golden_cases, load


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    result = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", "demo", str(folder)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Kualifikasi" in result.stdout  # the summary table is printed
    return folder


def table_rows(ws, spec_table):
    rows = []
    for r in range(spec_table.first_data_row, ws.max_row + 1):
        values = {c.key: ws[f"{spec_table.letter(c.key)}{r}"].value for c in spec_table.columns}
        if all(v is None for v in values.values()):
            break
        rows.append(values)
    return rows


def test_ipasn_demo_reproduces_report_000_kualifikasi(demo_dir):
    case = next(c for c in golden_cases("ipasn_rekap") if "pendidikan_counts" in c["inputs"])
    wb = openpyxl.load_workbook(demo_dir / DEMOS["ipasn-000"], data_only=True)
    spec = template("ipasn")
    rekap = table_rows(wb["Rekap"], spec.table("tblRekap"))
    selu = [r for r in rekap if r["unit_kerja"] == "SELURUH" and r["status"] == "SELURUH"]
    assert len(selu) == 1
    assert selu[0]["kualifikasi"] == case["expected"]["kualifikasi"]
    assert selu[0]["jumlah_pegawai"] == sum(case["inputs"]["pendidikan_counts"].values())
    published = example("ipasn-000")
    assert selu[0]["jumlah_pegawai"] == published["jumlah_pns"]
    pegawai = table_rows(wb["Pegawai"], spec.table("tblPegawai"))
    assert len(pegawai) == published["jumlah_pns"]
    disiplin = [p["hukuman_disiplin"] for p in pegawai]
    for level, count in published["hukuman_disiplin_counts"].items():
        assert disiplin.count(level) == count
    petunjuk = " ".join(str(c.value) for row in wb["Petunjuk"].iter_rows() for c in row if c.value)
    assert "SINTETIS" in petunjuk


def test_kinerja_demos_give_the_correct_figures_where_reports_misprint(demo_dir):
    wb = openpyxl.load_workbook(demo_dir / DEMOS["kinerja-000"], data_only=True)
    spec = template("kinerja")
    ind = table_rows(wb["Indikator"], spec.table("tblIndikator"))
    wrong = {i["id"]: i for i in load("inconsistencies_public.json")["items"]}
    assert ind[0]["capaian"] == wrong["000-cap-ipasn-2021"]["correct"]
    assert ind[0]["capaian_nasional"] == wrong["000-cap-ipasn-vs-bkn"]["correct"]
    nilai = spec.named("Nilai_SAKIP")
    assert wb[nilai.sheet][nilai.cell].value == wrong["000-sakip-cur"]["correct"]["total"]
    wb = openpyxl.load_workbook(demo_dir / DEMOS["kinerja-001"], data_only=True)
    ind = {r["kode"]: r for r in table_rows(wb["Indikator"], spec.table("tblIndikator"))}
    renstra = {c["id"]: c for c in golden_cases("renstra")}
    assert ind["IKU-1"]["capaian_renstra"] == renstra["001-renstra-t3-7-iku1"]["expected"]
    negatif = next(c for c in golden_cases("capaian") if c["id"] == "001-cap-t3-7-iku3-negatif")
    assert round_value(ind["IKU-3"]["capaian_renstra"], 1) == negatif["expected"]


def shown2(exact: Fraction) -> float:
    """An exact value rounded half up to two places, as the demo's Pengaturan shows figures."""
    scaled = abs(exact) * 100
    whole = math.floor(scaled + Fraction(1, 2))
    return float(Fraction(whole if exact >= 0 else -whole, 100))


# Report 001 (LKjIP 2020, BKD Kaltim), lines 1980-1993, Tabel 3.6 "Realisasi Kinerja serta
# Capaian Kinerja periode 2020": columns 4 (realisasi 2019), 5 (2020) and 6 "= (5/4-1)*100".
# The report misprints: column 6 holds differences, not percents (13,11 = 97,3 - 84,19 and
# 3,77 = 10 - 6,23), and row 1's column 5 is the 2020 capaian 97,3, not the realisasi 73 of
# Tabel 3.5 (line 1941). Printed: (realisasi 2019, column 5, column 6).
TABEL_3_6 = {
    "IKU-1": (Fraction("84.19"), "97,3", "13,11"),
    "IKU-2": (Fraction(0), "0", "0"),
    "IKU-3": (Fraction(10), "6,23", "3,77"),
    "IKU-4": (Fraction(100), "100", "0"),
}
REALISASI_2020 = {"IKU-1": Fraction(73), "IKU-2": Fraction(0), "IKU-3": Fraction("6.23"),
                  "IKU-4": Fraction(100)}  # fmt: skip  # Tabel 3.5, lines 1941-1950


def test_kinerja_001_comparison_columns_show_tabel_3_6_and_3_7_corrected(demo_dir):
    seed = (
        (REPO / "tests" / "data" / "seeds" / example("kinerja-001")["source"])
        .read_text(encoding="utf-8")
        .splitlines()
    )
    for kode, (lalu, col5, col6) in TABEL_3_6.items():
        line = next(r["lines"]["Realisasi Tahun Lalu"] for r in example("kinerja-001")["indikator"]
                    if r["Kode"] == kode)  # fmt: skip
        printed = f"% {format_id(float(lalu), 2).rstrip('0').rstrip(',')} {col5} {col6}"
        assert printed in seed[line - 1], kode  # the row as the report prints it
    wb = openpyxl.load_workbook(demo_dir / DEMOS["kinerja-001"], data_only=True)
    spec = template("kinerja")
    ind = {r["kode"]: r for r in table_rows(wb["Indikator"], spec.table("tblIndikator"))}
    for kode, (lalu, _, _) in TABEL_3_6.items():
        row, now = ind[kode], REALISASI_2020[kode]
        assert Fraction(str(row["realisasi_tahun_lalu"])) == lalu
        assert row["perubahan"] == shown2(now - lalu), kode  # points: R_t - R_t-1
        if lalu == 0:
            assert row["perubahan_persen"] is None, kode  # no base: "–", never 0
        else:
            assert row["perubahan_persen"] == shown2((now / lalu - 1) * 100), kode
    # The corrected figures, as they are (the report prints 13,11 and 3,77 for the first two).
    assert [ind[k]["perubahan"] for k in TABEL_3_6] == [-11.19, 0, -3.77, 0]
    assert [ind[k]["perubahan_persen"] for k in TABEL_3_6] == [-13.29, None, -37.7, 0]
    assert [ind[k]["arah"] for k in TABEL_3_6] == ["Menurun", "Tetap", "Menurun", "Tetap"]
    # IKU-3 is Negatif (line 1963: "bersifat menurun"): its fall is an improvement.
    assert [ind[k]["kecenderungan"] for k in TABEL_3_6] == ["Memburuk", "Tetap", "Membaik", "Tetap"]
    # Tabel 3.7 (lines 2037-2046): realisasi against the Renstra end target, 85,88 and 137,7.
    assert [ind[k]["capaian_renstra"] for k in TABEL_3_6] == [85.88, 0, 137.7, 100]
    # Riwayat 2019: Renstra year-1 targets (Tabel 2.1) against Tabel 3.6's 2019 realisasi; IKU-1
    # gives 84,19 / 75 = 112,25, which Tabel 3.12 (line 2841) prints as 112.
    riwayat = table_rows(wb["Riwayat"], spec.table("tblRiwayat"))
    assert [(r["kode"], r["tahun"], r["capaian"]) for r in riwayat] == [
        ("IKU-1", 2019, shown2(Fraction("84.19") / 75 * 100)),
        ("IKU-2", 2019, None),  # target 0: not computable
        ("IKU-3", 2019, shown2((2 * 20 - Fraction(10)) / 20 * 100)),
        ("IKU-4", 2019, 100),
    ]
    assert riwayat[0]["capaian"] == 112.25
    # The staff's analysis is carried as typed.
    assert ind["IKU-2"]["tindak_lanjut"].startswith("Berkoordinasi aktif")
