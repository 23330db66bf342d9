"""IP-ASN beyond the golden cases: missing data, saran, aggregation, coverage, Data_Kosong."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lkjip_xl as lx
from lkjip_xl.core import ipasn
from lkjip_xl.core.rounding import format_poin

FULL = {
    "pendidikan": "S1",
    "jenis_jabatan": "Fungsional",
    "diklat_jenjang": "Ya",
    "jp_diklat_teknis": 24,
    "seminar": "Tidak",
    "nilai_skp": 88.5,
    "hukuman_disiplin": "Tidak Pernah",
}


def test_saran_names_the_steps_that_raise_the_score():
    result = lx.ipasn_pegawai(**FULL)
    assert result["total"] == 15 + 30 + 25 + 5
    assert result["lengkap"]
    assert "seminar/workshop (+10)" in result["saran"]
    assert "pendidikan ke S2 (+5)" in result["saran"]
    assert "SKP di atas 90 (+5)" in result["saran"]


def test_missing_input_gives_zero_and_names_the_data():
    result = lx.ipasn_pegawai(**{**FULL, "nilai_skp": None, "pendidikan": ""})
    assert result["kinerja"] == 0 and result["kualifikasi"] == 0
    assert not result["lengkap"]
    assert "Lengkapi data: Pendidikan, Nilai SKP atau Predikat SKP." in result["saran"]


def test_pelaksana_needs_no_diklat_jenjang():
    result = lx.ipasn_pegawai(**{**FULL, "jenis_jabatan": "Pelaksana", "diklat_jenjang": None})
    assert result["lengkap"] and result["kompetensi"] == 22.5


def test_predikat_skp_used_when_no_value_and_value_wins():
    assert (
        lx.ipasn_pegawai(**{**FULL, "nilai_skp": None, "predikat_skp": "Butuh Perbaikan"})[
            "kinerja"
        ]
        == 15
    )
    assert lx.ipasn_pegawai(**{**FULL, "nilai_skp": 95, "predikat_skp": "Kurang"})["kinerja"] == 30


@pytest.mark.parametrize(("skp", "score"), [(90.4, 30), (90, 25), (75.5, 25), (50.5, 5), (50, 1)])
def test_fractional_skp_never_falls_between_bands(skp, score):
    assert lx.ipasn_pegawai(**{**FULL, "nilai_skp": skp})["kinerja"] == score


def test_unreadable_values_are_reported():
    result = lx.ipasn_pegawai(**{**FULL, "nilai_skp": 130, "pendidikan": "S4"})
    assert not result["lengkap"]
    assert "tidak valid: Pendidikan, Nilai SKP" in result["saran"]


def test_an_input_refused_before_the_core_is_to_be_corrected_not_completed():
    # A reader that reported a cell (an SKP of 110, "1.234") hands its value on as a blank,
    # with the reason: the value was filled, so it cannot be computed, and is not "not filled".
    rows = [FULL, FULL, {**FULL, "jenis_jabatan": "Pelaksana"}, FULL]
    frame = pd.DataFrame(rows, dtype="object")
    frame["nilai_skp"] = [float("nan"), float("nan"), 88.0, 88.0]
    frame["diklat_jenjang"] = ["Ya", "Ya", "Iya", "Ya"]
    reasons = {
        "nilai_skp": pd.Series(["Nilai SKP: nilai 110 di luar rentang.", None, None, None]),
        "diklat_jenjang": pd.Series([None, None, "Diklat Jenjang: 'Iya' tidak dikenal.", None]),
    }
    scores = ipasn.skor_pegawai(frame, alasan=reasons)
    skp = ipasn.BIT["nilai_skp"]
    assert scores["tidak_valid"].tolist() == [skp, 0, 0, 0]  # not needed for a Pelaksana
    assert scores["kosong"].tolist() == [skp, skp, 0, 0]
    assert scores["saran"][0].startswith("Perbaiki isian yang tidak valid: Nilai SKP atau ")
    assert scores["saran"][1].startswith("Lengkapi data: Nilai SKP atau Predikat SKP.")
    # The figures are those of a missing input (DESIGN §4): its part 0, the row incomplete.
    plain = ipasn.skor_pegawai(frame)
    columns = [*ipasn.DIMENSI, "total", "kategori", "lengkap", "kosong"]
    assert scores[columns].equals(plain[columns])


def roster():
    rows = [
        {**FULL, "unit": "Bidang A", "status": "PNS"},
        {**FULL, "unit": "Bidang A", "status": "PNS", "pendidikan": "S2"},
        {**FULL, "unit": "Bidang A", "status": "PPPK", "nilai_skp": None},
        {**FULL, "unit": "Bidang B", "status": "PNS", "hukuman_disiplin": "Berat"},
    ]
    return pd.DataFrame(rows, dtype="object")


def test_rekap_rows_coverage_and_sum():
    frame = roster()
    scores = ipasn.skor_pegawai(frame)
    table = ipasn.rekap(scores, frame["unit"], frame["status"])
    keys = list(zip(table["unit"], table["status"], strict=True))
    # Labels stay Python objects (pandas would otherwise infer its string dtype for them).
    assert table["unit"].dtype == object and table["status"].dtype == object
    assert keys == [
        ("Bidang A", "PNS"), ("Bidang A", "PPPK"), ("Bidang B", "PNS"),
        ("Jumlah PNS", "PNS"), ("Jumlah PPPK", "PPPK"), ("Seluruh Pegawai", "Semua Status"),
    ]  # fmt: skip
    everyone = table.iloc[-1]
    assert everyone["jumlah"] == 4 and everyone["lengkap"] == 3
    assert everyone["kinerja"] == pytest.approx((25 * 3 + 0) / 4)
    dims = sum(everyone[d] for d in ipasn.DIMENSI)
    assert everyone["total"] == pytest.approx(dims)
    # The mean of the totals equals the sum of the dimension means.
    assert scores["total"].mean() == pytest.approx(dims)


@pytest.mark.parametrize("desimal", [-1, 16])
def test_rekap_refuses_a_desimal_out_of_range(desimal):
    # Scores already on the grid (multiples of 10 at Desimal -1, zeros at 16) skipped the check
    # and crashed later with numpy's AxisError.
    scores = pd.DataFrame({d: [0.0, 10.0 if desimal < 0 else 0.0] for d in ipasn.DIMENSI})
    scores["total"] = scores[list(ipasn.DIMENSI)].sum(axis=1)
    scores["lengkap"] = True
    with pytest.raises(ValueError, match="Desimal"):
        ipasn.rekap(scores, pd.Series(["A", "B"]), pd.Series(["PNS", "PNS"]), desimal=desimal)


def test_kecualikan_leaves_incomplete_rows_out_of_the_means():
    frame = roster()
    scores = ipasn.skor_pegawai(frame)
    table = ipasn.rekap(scores, frame["unit"], frame["status"], data_kosong="Kecualikan")
    everyone = table.iloc[-1]
    assert everyone["jumlah"] == 4 and everyone["lengkap"] == 3
    assert everyone["kinerja"] == 25
    pppk = table[(table["unit"] == "Bidang A") & (table["status"] == "PPPK")].iloc[0]
    assert pppk["jumlah"] == 1 and pd.isna(pppk["total"])


def test_rule_sets_are_named_data():
    assert ipasn.aturan_names() == ["perban-bkn-8-2019"]
    rules = ipasn.load_aturan()
    assert sum(rules.bobot.values()) == 100
    with pytest.raises(ValueError, match="tidak dikenal"):
        ipasn.load_aturan("perban-bkn-99-2030")


@settings(max_examples=200, deadline=None)
@given(
    seminar=st.one_of(
        st.sampled_from([0.0, -0.0, 0.5, 1.0, 2.5, 1e-9, 12345.675]),
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    ),
    teknis=st.sampled_from([0.0, -0.0, 2.5, 7.125]),
)
def test_saran_states_each_points_as_format_poin_writes_them(seminar: float, teknis: float):
    """The sentences remember formatted points: whatever the rule set holds, in any order of
    use (0.0 and -0.0 included), each appears as :func:`format_poin` writes that very value."""
    base = ipasn.load_aturan()
    kompetensi = {j: dict(p) for j, p in base.kompetensi.items()}
    kompetensi["pelaksana"].update(seminar=seminar, diklat_teknis=teknis)
    rules = dataclasses.replace(base, kompetensi=kompetensi)
    text = ipasn.kalimat_saran(rules, 0, 0, "S3", "pelaksana", True, False, False, 0.0)
    assert f"(+{format_poin(teknis)})" in text.split(";")[0]
    assert text.endswith(f"mengikuti seminar/workshop (+{format_poin(seminar)}).")
