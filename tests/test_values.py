"""Reading cell values: Indonesian numbers, blanks, Excel errors, ambiguous texts, NIPs."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lkjip_xl.core.values import Keadaan, Kode, parse_choice, parse_nip, parse_number, parse_numbers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("95,44", 95.44),
        ("75%", 75.0),
        ("75 %", 75.0),
        ("Rp 10.882.830.012,00", 10882830012.0),
        ("Rp10.000", 10000.0),
        ("Rp 10.000,-", 10000.0),
        ("1.234.567", 1234567.0),
        ("1.234,5", 1234.5),
        ("-5,5", -5.5),
        ("\u22125,5", -5.5),
        ("0", 0.0),
        (0, 0.0),
        (12.5, 12.5),
        (",5", 0.5),
        ("12\n", 12.0),
        ("1\n%", 1.0),
        ("1 234 567", 1234567.0),  # a space between groups of three digits: thousands
        ("1 234,5", 1234.5),
        ("Rp 10 000", 10000.0),
        ("- 85", -85.0),
        ("( 5 )", -5.0),
    ],
)
def test_numbers(raw, expected):
    parsed = parse_number(raw)
    assert parsed.state is Keadaan.ANGKA
    assert parsed.value == expected


@pytest.mark.parametrize("raw", [None, "", "   ", float("nan")])
def test_blank_is_not_zero(raw):
    parsed = parse_number(raw)
    assert parsed.state is Keadaan.KOSONG
    assert parsed.value is None


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1.234", Kode.AMBIGUOUS_NUMBER),
        ("1,234", Kode.AMBIGUOUS_NUMBER),
        ("95.44", Kode.WRONG_DECIMAL_MARK),
        ("1,234,567", Kode.WRONG_DECIMAL_MARK),
        ("#DIV/0!", Kode.EXCEL_ERROR),
        ("#N/A", Kode.EXCEL_ERROR),
        ("sembilan", Kode.NOT_A_NUMBER),
        (True, Kode.BOOLEAN_AS_NUMBER),
        ("1\n2", Kode.NOT_A_NUMBER),  # a line break inside the cell (Alt+Enter) crashed
        ("Rp 1\n000", Kode.NOT_A_NUMBER),
        # Two numbers typed in one cell are not one number (85 90 was read as 8590).
        ("85 90", Kode.NOT_A_NUMBER),
        ("8 5", Kode.NOT_A_NUMBER),
        ("12 34,5", Kode.NOT_A_NUMBER),
        ("71, 59", Kode.NOT_A_NUMBER),
        ("71 ,59", Kode.NOT_A_NUMBER),
        ("1 2345", Kode.NOT_A_NUMBER),
        ("1  234", Kode.NOT_A_NUMBER),
        ("1 234.567", Kode.NOT_A_NUMBER),
        # Digits of other scripts, which Excel keeps as text (they were read as 85).
        ("\u0668\u0665", Kode.NOT_A_NUMBER),
        ("8\u0665", Kode.NOT_A_NUMBER),
        ("\uff18\uff15", Kode.NOT_A_NUMBER),
        ("\u09e7\u09e8,5", Kode.NOT_A_NUMBER),
    ],
)
def test_problems_are_reported_not_guessed(raw, code):
    parsed = parse_number(raw)
    assert parsed.state is Keadaan.GALAT
    assert parsed.code is code
    assert parsed.value is None
    assert parsed.message  # an Indonesian sentence


def test_vectorised_parse_keeps_the_three_states():
    frame = parse_numbers(pd.Series(["95,44", None, "#DIV/0!", 7], dtype="object"))
    assert frame["state"].tolist() == ["angka", "kosong", "galat", "angka"]
    assert frame["value"].iloc[0] == 95.44 and frame["value"].iloc[3] == 7
    assert math.isnan(frame["value"].iloc[1]) and math.isnan(frame["value"].iloc[2])
    assert frame["code"].iloc[2] == "excel-error"


def test_nip_stored_as_number_is_an_error():
    assert parse_nip("198706152010011003").value == "198706152010011003"
    lost = parse_nip(198706152010011000)
    assert lost.code is Kode.NIP_AS_NUMBER
    assert parse_nip("19870615").code is Kode.NIP_FORMAT


@pytest.mark.parametrize(
    "typed",
    [
        "19870615 201001 1 003",
        "19870615\u00a0201001\u00a01\u00a0003",
        "19870615\u202f201001 1\t003",
    ],
)
def test_a_nip_written_in_groups_is_read_whatever_the_spaces(typed):
    # Copied from a web page or a letter, the groups are parted by no-break or thin spaces: the
    # NIP was refused as "harus 18 digit angka" though it shows 18 digits.
    parsed = parse_nip(typed)
    assert parsed.state is Keadaan.ANGKA
    assert parsed.value == "198706152010011003"


def test_choices_fold_case_and_spacing():
    choices = {"positif": "Positif", "negatif": "Negatif"}
    assert parse_choice(" POSITIF ", choices, "Polaritas").value == "Positif"
    wrong = parse_choice("Negatf", choices, "Polaritas")
    assert wrong.code is Kode.UNKNOWN_CHOICE and "Negatf" in wrong.message


def test_a_nip_of_other_scripts_digits_is_not_a_nip():
    # Eighteen Arabic-Indic digits were taken as a NIP no personnel system would match.
    parsed = parse_nip("\u0661\u0669\u0668\u0660" * 4 + "\u0661\u0662")
    assert parsed.state is Keadaan.GALAT
    assert parsed.code is Kode.NIP_FORMAT


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("85\u200b", "Teks '85' (berisi karakter tak terlihat U+200B) bukan angka."),
        ("7'5", "Teks '7'5' bukan angka."),  # quoted as typed, not as Python quotes it
        ("a\\b", "Teks 'a\\b' bukan angka."),
        # A number typed with its unit: the user is told what to type.
        (
            "24 JP",
            "Teks '24 JP' bukan angka; isi angkanya saja (24), tanpa satuan atau keterangan.",
        ),
        (
            "12,5 orang",
            "Teks '12,5 orang' bukan angka; isi angkanya saja (12,5), tanpa satuan atau "
            "keterangan.",
        ),
        ("3 dari 4", "Teks '3 dari 4' bukan angka."),  # two numbers: which, it cannot say
        ("1.234 dokumen", "Teks '1.234 dokumen' bukan angka."),  # which number, it cannot say
        ("85 90", "Teks '85 90' bukan angka."),  # two numbers in one cell
    ],
)
def test_a_text_that_is_no_number_is_quoted_as_typed(raw, said):
    assert parse_number(raw).message == said


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # A ratio below one, as Bappeda reports print the Gini ratio: a first group of 0 is no
        # English thousands grouping, so the comma can only be the decimal mark.
        ("0,312", 0.312),
        ("-0,318", -0.318),
        ("0,312%", 0.312),
        ("012,345", 12.345),
    ],
)
def test_a_leading_zero_is_no_thousands_group(raw, expected):
    parsed = parse_number(raw)
    assert parsed.state is Keadaan.ANGKA
    assert parsed.value == expected


def test_a_dot_after_a_leading_zero_is_a_decimal_point_not_thousands():
    # "0.312" is no Indonesian thousands grouping (it was "0312 atau 0,312"): an English decimal.
    parsed = parse_number("0.312")
    assert parsed.code is Kode.WRONG_DECIMAL_MARK
    assert "tulis 0,312" in parsed.message


def test_a_dot_before_zeros_only_asks_for_the_whole_number():
    # A year pasted as "2023.0" was told "tulis 2023,0": a decimal comma for a whole number.
    parsed = parse_number("2023.0")
    assert parsed.code is Kode.WRONG_DECIMAL_MARK
    assert parsed.message == (
        "Teks '2023.0' memakai titik sebagai pemisah desimal; tulis 2023 atau isi sebagai angka."
    )
    assert parse_number("95.40").message.endswith("tulis 95,40 atau isi sebagai angka.")
