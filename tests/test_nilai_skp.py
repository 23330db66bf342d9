"""What the workbook says of a Nilai SKP. Nilai SKP and Predikat SKP both typed: the score takes
the Nilai SKP (the template's rule: the predikat counts where the value is blank), and where the
two give the Kinerja part different points, the Predikat SKP cell says so (``skp-mismatch``, a
warning), in check and recompute. A value out of range is named with the digits that put it
outside."""

from __future__ import annotations

import openpyxl
import pytest

from lkjip_xl.core.problems import Kode, Tingkat
from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table

PEG = template("ipasn").table("tblPegawai")

# Pelaksana, S1 (15), JP 24 (22,5), seminar (17,5), never punished (5): 60 before Kinerja.
PERSON = {"Nama": "A", "Unit Kerja": "BKPSDM", "Status": "PNS", "Jenis Jabatan": "Pelaksana",
          "Pendidikan": "S1", "JP Diklat Teknis": 24, "Seminar": "Ya",
          "Hukuman Disiplin": "Tidak Pernah"}  # fmt: skip
# (Nilai SKP, Predikat SKP, Kinerja part, warned)
CASES = [
    (92, "Kurang", 30, True),  # 30 against 5
    (90.004, "Baik", 30, True),  # above 90: 30, Baik 25
    (90, "Baik", 25, False),
    (65, "Butuh Perbaikan", 15, False),  # 15 either way: nothing to say
    (None, "Kurang", 5, False),  # the predikat is the only one typed
    (77, None, 25, False),
    (110, "Baik", 25, False),  # the value is out of range (its own galat): the predikat counts
    (" 55 ", "sangat  baik", 5, True),  # read as the rules read them
]


def _roster(tmp_path, cases=CASES):
    path = tmp_path / "ipasn.xlsx"
    wb = make_workbook("ipasn")
    people = [
        {**PERSON, "NIP": f"19800101200501{i:04d}", "Nilai SKP": nilai, "Predikat SKP": predikat}
        for i, (nilai, predikat, *_) in enumerate(cases)
    ]
    fill_table(wb, PEG, people)
    wb.save(path)
    return path


def test_both_typed_the_nilai_counts_and_a_disagreement_is_a_warning_on_the_predikat(tmp_path):
    path = _roster(tmp_path)
    checked = [m for m in check_file(path).masalah if m.code is Kode.SKP_MISMATCH]
    computed = recompute_file(path).masalah
    said = [m for m in computed if m.code is Kode.SKP_MISMATCH]
    assert [(m.cell, m.message) for m in checked] == [(m.cell, m.message) for m in said]
    predikat = PEG.letter("predikat_skp")
    warned = [i for i, case in enumerate(CASES) if case[3]]
    assert [m.cell for m in said] == [f"{predikat}{PEG.first_data_row + i}" for i in warned]
    assert {m.tingkat for m in said} == {Tingkat.PERINGATAN}
    assert [m.message for m in said] == [
        "Predikat SKP: Nilai SKP 92 memberi Kinerja 30, sedangkan Predikat SKP Kurang memberi 5; "
        "yang dipakai Nilai SKP.",
        "Predikat SKP: Nilai SKP 90,004 memberi Kinerja 30, sedangkan Predikat SKP Baik memberi "
        "25; yang dipakai Nilai SKP.",
        "Predikat SKP: Nilai SKP 55 memberi Kinerja 5, sedangkan Predikat SKP Sangat Baik "
        "memberi 30; yang dipakai Nilai SKP.",
    ]
    ws = openpyxl.load_workbook(path, data_only=True)[PEG.sheet]
    for i, (_, _, kinerja, _) in enumerate(CASES):
        row = PEG.first_data_row + i
        assert ws[f"{PEG.letter('kinerja')}{row}"].value == kinerja
        assert ws[f"{PEG.letter('nilai_ip_asn')}{row}"].value == 60 + kinerja


def test_the_message_names_the_value_the_bands_read_not_a_rounded_one(tmp_path):
    """A Nilai SKP a formula left a hair above 90 (0,1 x 3 x 300: 90.00000000000001, shown 90)
    scores 30; the message said "Nilai SKP 90 memberi Kinerja 30", which DESIGN contradicts (90
    gives 25). The value is named as Excel's formula bar shows it (15 significant digits), but
    with every digit it holds where those 15 would fall in another band; never in powers of
    ten."""
    cases = [
        (0.1 * 3 * 300, "Baik"),
        (0.00001, "Baik"),
        (-0.0, "Baik"),
        (58.00000000000001, "Baik"),
    ]
    path = _roster(tmp_path, cases)
    said = [m.message for m in check_file(path).masalah if m.code is Kode.SKP_MISMATCH]
    assert said == [
        "Predikat SKP: Nilai SKP 90,00000000000001 memberi Kinerja 30, sedangkan Predikat SKP "
        "Baik memberi 25; yang dipakai Nilai SKP.",
        "Predikat SKP: Nilai SKP 0,00001 memberi Kinerja 1, sedangkan Predikat SKP Baik "
        "memberi 25; yang dipakai Nilai SKP.",
        "Predikat SKP: Nilai SKP 0 memberi Kinerja 1, sedangkan Predikat SKP Baik memberi 25; "
        "yang dipakai Nilai SKP.",
        "Predikat SKP: Nilai SKP 58 memberi Kinerja 5, sedangkan Predikat SKP Baik memberi 25; "
        "yang dipakai Nilai SKP.",
    ]


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        # 100,0000001 is outside 0 to 100; the message once called it "nilai 100".
        # (100.00000000000001 is 100 here: a cell holds 15 significant digits, DESIGN §4)
        ([100.0000001, 100.00000000000001, -0.001, 150, 100.5],
         ["100,0000001", "-0,001", "150", "100,5"]),
        # 1E+300 once came out as 401 characters of digits, most of them not the float's.
        ([1e300, -1e-20, -5e-324, -123456789012345.67],
         ["1E+300", "-1E-20", "-4,94065645841247E-324", "-123.456.789.012.346"]),
    ],
)  # fmt: skip
def test_an_out_of_range_value_is_named_with_the_digits_that_put_it_outside(
    tmp_path, values, shown
):
    path = tmp_path / "ipasn.xlsx"
    wb = make_workbook("ipasn")
    people = [
        {**PERSON, "NIP": f"19800101200501{i:04d}", "Nilai SKP": nilai}
        for i, nilai in enumerate(values)
    ]
    fill_table(wb, PEG, people)
    wb.save(path)
    said = [m.message for m in check_file(path).masalah if m.code is Kode.OUT_OF_RANGE]
    assert said == [
        f"Nilai SKP: nilai {text} di luar rentang yang diizinkan (0 sampai 100)." for text in shown
    ]


def test_a_count_in_a_message_is_written_with_the_thousands_dot(tmp_path):
    """1,200 people without a Nilai SKP: "1.200 pegawai", as the CLI's "1.200 galat" beside it."""
    path = tmp_path / "ipasn.xlsx"
    wb = make_workbook("ipasn")
    people = [{**PERSON, "NIP": f"1980010120050{i:05d}"} for i in range(1200)]
    fill_table(wb, PEG, people)
    wb.save(path)
    said = [m.message for m in check_file(path).masalah if m.code is Kode.INCOMPLETE_ROWS]
    assert said == ["1.200 pegawai datanya belum lengkap (lihat kolom Saran)."]


def test_the_score_and_the_warning_take_one_read_of_the_two_skp_columns():
    """The recompute reads Nilai SKP and Predikat SKP once and hands that read to the score and
    to the warning: the same figures and sentences as each reading the columns itself, and the
    columns are not parsed again (without them, the read handed on still says it all)."""
    import pandas as pd
    from pandas.testing import assert_frame_equal, assert_series_equal

    from lkjip_xl.core import ipasn
    from lkjip_xl.core.ipasn_skp import skp_tidak_sejalan

    frame = pd.DataFrame(
        [{"pendidikan": "S1", "jenis_jabatan": "Pelaksana", "jp_diklat_teknis": 24,
          "seminar": "Ya", "hukuman_disiplin": "Tidak Pernah", "nilai_skp": nilai,
          "predikat_skp": predikat} for nilai, predikat, *_ in CASES],
        dtype="object",
    )  # fmt: skip
    rules = ipasn.load_aturan(ipasn.DEFAULT_ATURAN)
    skp = ipasn.baca_skp(frame, rules)
    scores = ipasn.skor_pegawai(frame, rules, skp=skp)
    assert_frame_equal(scores, ipasn.skor_pegawai(frame, rules))
    assert scores["kinerja"].tolist() == [case[2] for case in CASES]
    said = skp_tidak_sejalan(frame, rules, skp=skp)
    assert_series_equal(said, skp_tidak_sejalan(frame, rules))
    assert said.notna().tolist() == [case[3] for case in CASES]
    without = frame.drop(columns=["nilai_skp", "predikat_skp"])
    assert_series_equal(skp_tidak_sejalan(without, rules, skp=skp), said)
    assert_frame_equal(ipasn.skor_pegawai(without, rules, skp=skp), scores)
