"""``lkjip-xl demo``: example workbooks from the reference reports, recomputed."""

from __future__ import annotations

import subprocess
import sys

import openpyxl
import pytest

from lkjip_xl.core.rounding import round_value
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import DEMOS, example
from tests.reference import golden_cases, load


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
    selu = [
        r for r in rekap if r["unit_kerja"] == "Seluruh Pegawai" and r["status"] == "Semua Status"
    ]
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
