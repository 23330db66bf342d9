"""Another agency's IP-ASN roster end to end: 1,575 employees of a kabupaten typed the way its
staff type them (tests/ipasn_agency.py), computed by ``lkjip-xl hitung``, checked by
``lkjip-xl periksa`` and reported by ``lkjip-xl laporan``, every computed cell against an oracle
written from DESIGN §4 in exact fractions, and the report against the workbook."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from fractions import Fraction
from pathlib import Path

import docx
import openpyxl
import pytest

from lkjip_xl.workbook.builder import build_template
from tests.ipasn_agency import (
    advice_fields,
    angka,
    blank_required,
    cell_of,
    disagreements,
    expected,
    fill,
    gains,
    generate,
    lkjip,
    read_back,
    said_fields,
    said_gains,
    skor,
    wrong_cells,
)


@pytest.fixture(scope="module")
def agency(tmp_path_factory):
    folder = Path(tmp_path_factory.mktemp("bkpsdm"))
    build_template("ipasn", folder / "templat.xlsx")
    roster = generate()
    typed = fill(folder / "templat.xlsx", folder / "ditik.xlsx", roster)
    computed = folder / "ipasn.xlsx"
    shutil.copy(typed, computed)
    run = lkjip("hitung", str(computed))
    assert run.returncode == 1, run.stderr  # the staff's slips are galat: rewritten all the same
    return roster, typed, computed


def test_every_computed_cell_is_the_oracles(agency):
    roster, _, computed = agency
    assert disagreements(expected(roster.rows), read_back(computed)) == []


def test_the_check_names_every_slip_at_its_cell_and_nothing_valid(agency):
    roster, typed, computed = agency
    for path in (typed, computed):
        run = lkjip("periksa", str(path), "--json")
        assert run.returncode == 1, run.stderr
        found = json.loads(run.stdout)["masalah"]
        galat = {m["place"]: m for m in found if m["tingkat"] == "galat"}
        wrong = {cell_of(i, c) for i, c in wrong_cells(roster)}
        assert set(galat) == wrong
        for (i, column), code in roster.slips.items():
            assert galat[cell_of(i, column)]["code"] == code, (i, column)
            # one Indonesian sentence that names the column
            message = galat[cell_of(i, column)]["message"]
            assert message.startswith(f"{column}: ") and message.endswith("."), message
        blank = {m["place"] for m in found if m["code"] == "blank-required"}
        assert blank == {cell_of(i, c) for i, c in blank_required(roster)} != set()
    # the look-alike units are named, each at its first cell
    similar = [m["place"] for m in found if m["code"] == "similar-names"]
    assert similar == [cell_of(31, "Unit Kerja"), cell_of(32, "Unit Kerja")]


def test_the_advice_names_each_blank_once(agency):
    roster, _, computed = agency
    saran = [r["Saran"] for r in read_back(computed)["Pegawai"]]
    for i, column in blank_required(roster):
        # the row's own words: a blank the score needs is named once, in the advice
        said = saran[i].count(column)
        assert said == 1, saran[i]


def test_the_advice_asks_to_correct_a_slip_and_to_complete_a_blank(agency):
    # A value the reader refused (an SKP of 110, "1.234", a date for hours) was read as a blank,
    # so the advice asked staff to complete a field they had filled.
    roster, _, computed = agency
    rows = read_back(computed)["Pegawai"]
    fixes = 0
    for i, row in enumerate(roster.rows):
        fix, fill = advice_fields(row)
        saran = rows[i]["Saran"]
        assert said_fields(saran, "Perbaiki isian yang tidak valid") == fix, (i, saran)
        assert said_fields(saran, "Lengkapi data") == fill, (i, saran)
        fixes += bool(fix)
    assert fixes >= 10  # every slip of SLIPS in a field the score reads


def test_the_advice_of_a_complete_row_names_every_step_with_its_points(agency):
    roster, _, computed = agency
    rows = read_back(computed)["Pegawai"]
    complete = [i for i, row in enumerate(roster.rows) if skor(row).lengkap]
    assert len(complete) > 1400
    for i in complete:
        assert said_gains(rows[i]["Saran"]) == gains(roster.rows[i]), (i, rows[i]["Saran"])
    top = [i for i in complete if not gains(roster.rows[i])]
    assert top and all(
        rows[i]["Saran"] == "Nilai sudah maksimal pada dimensi yang dapat diupayakan." for i in top
    )


def test_the_report_says_what_the_workbook_says(agency, tmp_path):
    _, _, computed = agency
    out = tmp_path / "laporan.docx"
    run = lkjip("laporan", str(computed), "-o", str(out))
    assert run.returncode == 1 and out.exists(), run.stderr  # written; the galat remain
    document = docx.Document(str(out))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    got = read_back(computed)

    selisih = next(t for t in tables if t[0][:2] == ["No", "Dimensi"])
    assert [r[1:] for r in selisih[1:]] == [
        [r["Dimensi"], angka(r["Bobot"]), angka(r["Skor"]), angka(r["Selisih"])]
        for r in got["Selisih"]
    ]
    rekap = next(t for t in tables if t[0][:2] == ["No", "Unit Kerja"])
    assert [r[1:] for r in rekap[1:]] == [
        [
            r["Unit Kerja"], r["Status"], angka(int(r["Jumlah Pegawai"])),
            angka(int(r["Data Lengkap"])), *(angka(r[c]) for c in
            ("Kualifikasi", "Kompetensi", "Kinerja", "Disiplin", "Nilai IP ASN")), r["Kategori"],
        ]
        for r in got["Rekap"]
    ]  # fmt: skip

    pegawai = got["Pegawai"]
    kategori = Counter(r["Kategori"] for r in pegawai)
    sebaran = next(t for t in tables if t[0][:2] == ["No", "Kategori"])
    total = len(pegawai)
    for row in sebaran[1:-1]:
        count = kategori[row[1]]
        share = Fraction(count * 100, total)
        assert row[2:] == [angka(count), angka(float(round_half_up(share)))], row
    assert sebaran[-1][1:] == ["Jumlah", angka(total), "100,00"]

    saran = Counter(r["Saran"] for r in pegawai)
    listed = next(t for t in tables if t[0][:2] == ["No", "Saran"])
    counts = [int(r[2]) for r in listed[1:]]
    assert all(saran[r[1]] == int(r[2]) for r in listed[1:])
    assert counts == sorted(counts, reverse=True)
    assert min(counts) >= max(n for s, n in saran.items() if s not in {r[1] for r in listed})

    seluruh = got["Rekap"][-1]
    opening = next(p.text for p in document.paragraphs if p.text.startswith("Nilai IP ASN"))
    assert opening.startswith(
        f"Nilai IP ASN seluruh {angka(int(seluruh['Jumlah Pegawai']))} pegawai adalah "
        f"{angka(seluruh['Nilai IP ASN'])}, kategori {seluruh['Kategori']}."
    )
    for r in got["Rekap"]:
        if r["Unit Kerja"] == f"Jumlah {r['Status']}":
            said = f"{r['Status']} {angka(r['Nilai IP ASN'])} ({angka(int(r['Jumlah Pegawai']))} "
            assert said in opening, said
    for r in got["Selisih"]:
        said = f"{r['Dimensi']} {angka(r['Skor'])} dari {angka(r['Bobot'])} "
        assert said + f"(selisih {angka(r['Selisih'])})" in opening
    units = [r for r in got["Rekap"] if r["Unit Kerja"] != "Seluruh Pegawai"]
    units = [r for r in units if r["Unit Kerja"] != f"Jumlah {r['Status']}"]
    top = max(units, key=lambda r: r["Nilai IP ASN"])
    low = min(units, key=lambda r: r["Nilai IP ASN"])
    assert (
        f"Di antara {len(units)} baris unit kerja dan status, nilai tertinggi "
        f"{angka(top['Nilai IP ASN'])} pada {top['Unit Kerja']} ({top['Status']}) dan terendah "
        f"{angka(low['Nilai IP ASN'])} pada {low['Unit Kerja']} ({low['Status']})."
    ) in [p.text for p in document.paragraphs]


def round_half_up(value: Fraction) -> Fraction:
    scaled = value * 100
    whole = scaled.numerator // scaled.denominator
    return Fraction(whole + (scaled - whole >= Fraction(1, 2)), 100)


@pytest.mark.parametrize(
    ("data_kosong", "desimal", "pembulatan"),
    [("kecualikan", "1", "potong"), ("Nol", 0, "Setengah ke atas")],
)
def test_the_settings_staff_choose_give_the_oracles_figures(
    agency, tmp_path, data_kosong, desimal, pembulatan
):
    roster, typed, _ = agency
    path = tmp_path / "pengaturan.xlsx"
    wb = openpyxl.load_workbook(typed)
    for name, value in (("Data_Kosong", data_kosong), ("Desimal", desimal),
                        ("Pembulatan", pembulatan)):  # fmt: skip
        sheet, ref = next(iter(wb.defined_names[name].destinations))
        wb[sheet][ref.replace("$", "")] = value
    wb.save(path)
    run = lkjip("hitung", str(path))
    assert run.returncode == 1, run.stderr
    want = expected(
        roster.rows,
        kecualikan=data_kosong.lower() == "kecualikan",
        desimal=int(desimal),
        potong=pembulatan.lower() == "potong",
    )
    got = read_back(path)
    assert disagreements(want, got) == []
    # The report says who the mean is of: under Kecualikan, the complete rows only.
    out = tmp_path / "laporan.docx"
    assert lkjip("laporan", str(path), "-o", str(out)).returncode == 1 and out.exists()
    opening = next(
        p.text for p in docx.Document(str(out)).paragraphs if p.text.startswith("Nilai IP ASN")
    )
    seluruh = got["Rekap"][-1]
    jumlah, lengkap = int(seluruh["Jumlah Pegawai"]), int(seluruh["Data Lengkap"])
    assert lengkap < jumlah
    places = int(desimal)  # the report prints a figure with the places its cell shows
    if data_kosong == "kecualikan":
        assert opening.startswith(
            f"Nilai IP ASN seluruh pegawai adalah {angka(seluruh['Nilai IP ASN'], places)}, "
            f"kategori {seluruh['Kategori']}, rata-rata {angka(lengkap)} pegawai yang datanya "
            "lengkap; "
            f"{angka(jumlah - lengkap)} dari {angka(jumlah)} pegawai tidak ikut "
            "dirata-ratakan karena datanya belum lengkap."
        ), opening
    else:
        assert opening.startswith(
            f"Nilai IP ASN seluruh {angka(jumlah)} pegawai adalah "
            f"{angka(seluruh['Nilai IP ASN'], places)}, kategori {seluruh['Kategori']}. Data "
            f"{angka(jumlah - lengkap)} pegawai belum lengkap; bagian yang kosong dihitung 0."
        ), opening


def test_a_roster_pasted_below_a_table_that_did_not_grow_is_taken_in_whole(tmp_path):
    roster = generate()
    build_template("ipasn", tmp_path / "templat.xlsx")
    path = fill(tmp_path / "templat.xlsx", tmp_path / "ditempel.xlsx", roster, grow=False)
    found = json.loads(lkjip("periksa", str(path), "--json").stdout)["masalah"]
    last = len(roster.rows) + 4
    assert [m["place"] for m in found if m["code"] == "rows-below-table"] == [
        f"Pegawai!A105:S{last}"
    ]
    assert lkjip("hitung", str(path)).returncode == 1
    assert disagreements(expected(roster.rows), read_back(path)) == []
