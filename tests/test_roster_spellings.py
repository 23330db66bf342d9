"""Other agencies' rosters name the categories as the IP-ASN instrument does (report 000, lines
~2300-3700): "jabatan administrator, dan jabatan pengawas", "D-II/D-I/SLTA/sederajat", "Di bawah
SLTA", "hukuman disiplin tingkat ringan", "tidak pernah dijatuhi hukuman disiplin". Those are
read as the rule's categories, by the check as by the score; a spelling the instrument does not
name (JPT, PIM IV, Paket C, Teguran lisan, "-") stays an error of its cell, never a guess."""

from __future__ import annotations

import openpyxl
import python_calamine

from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table

# Each column's instrument spellings beside the label the template offers for them.
NAMED = {
    "Jenis Jabatan": [
        ("Administrator", "Struktural"), ("Pengawas", "Struktural"),
        ("Jabatan Pimpinan Tinggi", "Struktural"), ("pimpinan tinggi", "Struktural"),
        ("Jabatan Administrator", "Struktural"), ("JABATAN PENGAWAS", "Struktural"),
        ("Jabatan Fungsional", "Fungsional"), ("Jabatan Pelaksana", "Pelaksana"),
        ("Jabatan Fungsional Tertentu", "Fungsional"), ("Jabatan Fungsional Umum", "Pelaksana"),
    ],
    "Pendidikan": [
        ("SLTA/sederajat", "SLTA"), ("SLTA / Sederajat", "SLTA"), ("Di bawah SLTA", "SLTP"),
        ("S-1/D-IV", "S1"), ("S-3", "S3"), ("D-II", "D2"), ("D-I", "D1"), ("S-2", "S2"),
        ("SLTA Sederajat", "SLTA"), ("S1/D4", "S1"),
    ],
    "Hukuman Disiplin": [
        ("Hukuman disiplin ringan", "Ringan"), ("Hukuman Disiplin Sedang", "Sedang"),
        ("hukuman disiplin tingkat berat", "Berat"), ("Tingkat Ringan", "Ringan"),
        ("Tidak pernah dijatuhi hukuman disiplin", "Tidak Pernah"),
        ("Hukuman disiplin tingkat sedang", "Sedang"), ("tingkat berat", "Berat"),
        ("Tidak Pernah", "Tidak Pernah"), ("Hukuman Disiplin Berat", "Berat"),
        ("TINGKAT SEDANG", "Sedang"),
    ],
}  # fmt: skip
ROWS = 10


def _roster(path, answers: dict[str, list]):
    build_template("ipasn", path)
    rows = [
        {"NIP": f"19850312201001{1000 + i}", "Nama": f"Pegawai {i}", "Unit Kerja": "Dinas Sosial",
         "Status": "PNS", "Diklat Jenjang": "Ya", "JP Diklat Teknis": 24, "Seminar": "Tidak",
         "Nilai SKP": 80, **{c: v[i] for c, v in answers.items()}}
        for i in range(len(next(iter(answers.values()))))
    ]  # fmt: skip
    wb = openpyxl.load_workbook(path)
    fill_table(wb, template("ipasn").table("tblPegawai"), rows)
    wb.save(path)
    return path


def _scores(path, n: int = ROWS) -> list:
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Pegawai")
    return [row[12:19] for row in sheet.to_python()[4 : 4 + n]]


def test_the_instrument_s_names_of_a_category_are_read_as_that_category(tmp_path):
    typed = _roster(tmp_path / "instrumen.xlsx", {c: [s for s, _ in v] for c, v in NAMED.items()})
    offered = _roster(tmp_path / "baku.xlsx", {c: [o for _, o in v] for c, v in NAMED.items()})
    assert {m.code for m in check_file(typed).masalah} == {"never-computed"}
    laporan = recompute_file(typed)
    assert not laporan.masalah, [m.message for m in laporan.masalah]
    recompute_file(offered)
    assert _scores(typed) == _scores(offered)
    # Administrator is a leadership position: diklat jenjang 15 + 24 JP 15, no seminar; SLTA 5;
    # SKP 80 gives 25; ringan 3.
    assert _scores(typed)[0][:5] == [5, 30, 25, 3, 63]
    # Di bawah SLTA 1; Jabatan Pelaksana: 24 JP 22,5; tidak pernah 5.
    assert _scores(typed)[7][:5] == [20, 22.5, 25, 5, 72.5]
    assert _scores(typed)[2][0] == 1


UNNAMED = {
    "Jenis Jabatan": ["JPT", "JFT", "JFU", "Eselon III", "Guru"],
    "Pendidikan": ["Paket C", "S1 Ekonomi", "STM", "SLTP/sederajat", "Sp-1"],
    "Hukuman Disiplin": ["Teguran lisan", "-", "Tidak", "Belum Pernah", "Bebas"],
    "Diklat Jenjang": ["PIM IV", "Diklatpim IV", "PKA", "LATSAR", "✓"],
}


def test_a_spelling_the_instrument_does_not_name_is_an_error_of_its_cell_not_a_guess(tmp_path):
    path = _roster(tmp_path / "asing.xlsx", UNNAMED)
    found = check_file(path).masalah
    refused = {(m.field, m.place): m.message for m in found if m.code == "unknown-choice"}
    columns = {"jenis_jabatan": "E", "pendidikan": "F", "diklat_jenjang": "G",
               "hukuman_disiplin": "L"}  # fmt: skip
    rows = range(5, 10)
    assert set(refused) == {(f, f"Pegawai!{c}{r}") for f, c in columns.items() for r in rows}
    assert all("tidak dikenal; pilih: " in said for said in refused.values()), refused
    recompute_file(path)
    for kualifikasi, kompetensi, _kinerja, disiplin, _total, _kategori, saran in _scores(path, 5):
        assert (kualifikasi, disiplin) == (0, 0)
        assert saran.count("tidak dikenal") == 4, saran
        assert "Perbaiki isian yang tidak valid: Pendidikan, Jenis Jabatan" in saran, saran
        assert kompetensi == 0  # no Jenis Jabatan read: no part of Kompetensi is known


def test_a_number_typed_for_a_label_is_quoted_as_its_cell_shows_it(tmp_path):
    path = _roster(
        tmp_path / "angka.xlsx",
        {"Pendidikan": [1, 2.5], "Hukuman Disiplin": [0, 3], "Jenis Jabatan": [2, 1]},
    )
    said = [m.message for m in check_file(path).masalah if m.code == "unknown-choice"]
    assert "Pendidikan: Pendidikan '1' tidak dikenal" in "\n".join(said), said
    assert "Pendidikan: Pendidikan '2,5' tidak dikenal" in "\n".join(said), said
    assert "Hukuman Disiplin: Hukuman Disiplin '0' tidak dikenal" in "\n".join(said), said
    assert not any(".0'" in s for s in said), said


def test_ma_is_both_madrasah_aliyah_and_a_master_s_degree_and_is_not_read_as_either(tmp_path):
    path = _roster(
        tmp_path / "ma.xlsx",
        {"Pendidikan": ["M.A.", "MA", "Madrasah Aliyah", "madrasah tsanawiyah", "MTs"]},
    )
    found = check_file(path).masalah
    refused = {m.place for m in found if m.code == "unknown-choice"}
    assert refused == {"Pegawai!F5", "Pegawai!F6"}, [m.message for m in found]
    recompute_file(path)
    kualifikasi = [row[0] for row in _scores(path, 5)]
    assert kualifikasi == [0, 0, 5, 1, 1]  # an M.A. scored 5 as if it were SLTA
    assert "Perbaiki isian yang tidak valid: Pendidikan" in _scores(path, 5)[0][6]
