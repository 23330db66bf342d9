"""What the rules read, the check accepts: a quarter typed ``TW I`` or ``Triwulan 2``, an
Agregasi typed ``jumlah``. They were reported as unknown choices (galat) while the computation
used them all the same; a check and a recompute now read one list the same way."""

from __future__ import annotations

import openpyxl
import python_calamine
from hypothesis import given
from hypothesis import strategies as st

from lkjip_xl.core.capaian import parse_agregasi, parse_triwulan
from lkjip_xl.core.values import normalise_label, parse_choice
from lkjip_xl.core.vocab import AGREGASI, ALIASES, POLARITAS, TRIWULAN
from lkjip_xl.workbook.api import check_file, recompute_file
from tests.workbooks import INDIKATOR, filled_kinerja


def _capaian(path) -> list:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Indikator")
    return [row[11:13] for row in rows.to_python()[4:7]]


def test_other_spellings_of_a_quarter_and_a_method_are_read_not_refused(tmp_path):
    spelled = [
        {"Kode": "IKU-3", "Triwulan": "TW I", "Target": 20, "Realisasi": 25},
        {"Kode": "IKU-3", "Triwulan": "Triwulan 2", "Target": 25, "Realisasi": 22},
        {"Kode": "IKU-3", "Triwulan": "tw 3", "Target": 25, "Realisasi": 10},
        {"Kode": "IKU-3", "Triwulan": 4, "Target": 25, "Realisasi": 1},
    ]
    canonical = [dict(r, Triwulan=f"TW{n}") for n, r in enumerate(spelled, 1)]
    indikator = [dict(r) for r in INDIKATOR]
    indikator[2]["Agregasi"] = "jumlah"
    path = filled_kinerja(tmp_path / "ejaan.xlsx", indikator, (), spelled)
    typed = filled_kinerja(tmp_path / "baku.xlsx", INDIKATOR, (), canonical)
    assert {m.code for m in check_file(path).masalah} == {"never-computed"}
    laporan = recompute_file(path)
    assert not laporan.masalah, laporan.masalah
    recompute_file(typed)
    assert _capaian(path) == _capaian(typed)
    assert _capaian(path)[2] == [64.44, "B"]  # (25 + 22 + 10 + 1) / 90, Kumulatif


def test_a_quarter_typed_twice_in_two_spellings_is_one_quarter_twice(tmp_path):
    rows = [
        {"Kode": "IKU-3", "Triwulan": "TW1", "Target": 20, "Realisasi": 25},
        {"Kode": "IKU-3", "Triwulan": "TW I", "Target": 25, "Realisasi": 22},
    ]
    path = filled_kinerja(tmp_path / "dua.xlsx", INDIKATOR, (), rows)
    found = [(m.code, m.place) for m in check_file(path).masalah]
    assert ("duplicate-key", "Triwulan!B6") in found


@given(st.one_of(st.text(max_size=12), st.integers(-2, 6), st.floats(allow_nan=False)))
def test_the_check_reads_a_label_as_the_rule_does(raw):
    for labels, rule in ((TRIWULAN, parse_triwulan), (AGREGASI, parse_agregasi)):
        choices = {normalise_label(c): c for c in labels}
        read = parse_choice(raw, choices, "x", ALIASES[labels])
        ruled = rule(raw)
        if ruled is not None and not isinstance(raw, bool):
            assert read.value == getattr(ruled, "value", ruled), (raw, read)
    assert POLARITAS in ALIASES


def test_a_logical_value_is_no_quarter_for_the_check_nor_the_rule(tmp_path):
    rows = [
        {"Kode": "IKU-3", "Triwulan": True, "Target": 20, "Realisasi": 25},
        {"Kode": "IKU-3", "Triwulan": "TW2", "Target": 25, "Realisasi": 22},
    ]
    path = filled_kinerja(tmp_path / "logika.xlsx", INDIKATOR, (), rows)
    laporan = recompute_file(path)
    assert [m.place for m in laporan.masalah if m.code == "unknown-choice"] == ["Triwulan!B5"]
    assert _capaian(path)[2][0] == 24.44  # 22 / 90: the TRUE row counts for nothing
    assert parse_triwulan(True) is None


# IP-ASN: the roster's answers in the spellings the IP-ASN rule scores (SIMPEG exports and
# staff write them so). The check called them unknown choices (galat) while the score used
# them all the same: an S-1 employee got 15 for Kualifikasi beside "Pendidikan 'S-1' tidak
# dikenal", and a "Belum" for Diklat Jenjang counted as a complete row.
SPELLED = {
    "Pendidikan": ["S-1", "Strata 3", "SMA", "D-III", "Diploma IV", "smp"],
    "Jenis Jabatan": ["Fungsional Umum", "fungsional tertentu", "Struktural", "pelaksana",
                      "Fungsional", "Struktural"],
    "Diklat Jenjang": ["Sudah", "Belum", "Ada", "Tidak Ada", "Y", "T"],
    "Seminar": ["Belum", "Sudah", "ya", 1, "TIDAK", "Ada"],
    "Predikat SKP": ["sangat.baik", "Butuh-Perbaikan", "BAIK", "Sangat  Kurang", "cukup", "Baik"],
    "Hukuman Disiplin": ["Nihil", "Tidak Ada", "ringan", "SEDANG", "Berat", "Tidak-Pernah"],
}  # fmt: skip
CANONICAL = {
    "Pendidikan": ["S1", "S3", "SLTA", "D3", "D4", "SLTP"],
    "Jenis Jabatan": ["Pelaksana", "Fungsional", "Struktural", "Pelaksana", "Fungsional",
                      "Struktural"],
    "Diklat Jenjang": ["Ya", "Tidak", "Ya", "Tidak", "Ya", "Tidak"],
    "Seminar": ["Tidak", "Ya", "Ya", "Ya", "Tidak", "Ya"],
    "Predikat SKP": ["Sangat Baik", "Butuh Perbaikan", "Baik", "Sangat Kurang", "Cukup", "Baik"],
    "Hukuman Disiplin": ["Tidak Pernah", "Tidak Pernah", "Ringan", "Sedang", "Berat",
                         "Tidak Pernah"],
}  # fmt: skip


def _roster(path, answers):
    from lkjip_xl.workbook.builder import build_template
    from lkjip_xl.workbook.contract import template
    from lkjip_xl.workbook.demo import fill_table

    build_template("ipasn", path)
    rows = [
        {"NIP": f"19850312201001{1000 + i}", "Nama": f"Pegawai {i}", "Unit Kerja": "Dinas Sosial",
         "Status": "PNS", "JP Diklat Teknis": 24, **{c: v[i] for c, v in answers.items()}}
        for i in range(6)
    ]  # fmt: skip
    wb = openpyxl.load_workbook(path)
    fill_table(wb, template("ipasn").table("tblPegawai"), rows)
    wb.save(path)
    return path


def _scores(path) -> list:
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Pegawai")
    return [row[12:18] for row in sheet.to_python()[4:10]]


def test_the_ipasn_rule_s_spellings_are_read_by_the_check_as_by_the_score(tmp_path):
    path = _roster(tmp_path / "ejaan.xlsx", SPELLED)
    typed = _roster(tmp_path / "baku.xlsx", CANONICAL)
    assert {m.code for m in check_file(path).masalah} == {"never-computed"}
    laporan = recompute_file(path)
    assert not laporan.masalah, laporan.masalah
    recompute_file(typed)
    assert _scores(path) == _scores(typed)
    # S-1 15; Fungsional Umum is Pelaksana: 24 JP 22,5, seminar "Belum" 0; Sangat Baik 30;
    # Nihil 5
    assert _scores(path)[0] == [15, 22.5, 30, 5, 72.5, "Sedang"]


@given(st.one_of(st.text(max_size=12), st.integers(-2, 6), st.floats(allow_nan=False)))
def test_the_check_reads_a_roster_answer_as_the_ipasn_rule_does(raw):
    from lkjip_xl.core.ipasn import ALIAS_YA_TIDAK, kode_jawaban, load_aturan
    from lkjip_xl.core.ipasn import YA_TIDAK as CODES_YA_TIDAK
    from lkjip_xl.workbook.contract import template

    spec = template("ipasn").table("tblPegawai")
    column = next(c for c in spec.columns if c.key == "seminar")
    choices = {normalise_label(c): c for c in column.choices}
    read = parse_choice(raw, choices, "x", column.reads)
    code = kode_jawaban(raw, ALIAS_YA_TIDAK, CODES_YA_TIDAK)
    if not isinstance(raw, bool):
        assert (read.value == "Ya") == (code >= 0 and CODES_YA_TIDAK[code] is True), raw
        assert (read.value == "Tidak") == (code >= 0 and CODES_YA_TIDAK[code] is False), raw
    rules = load_aturan()
    column = next(c for c in spec.columns if c.key == "predikat_skp")
    read = parse_choice(raw, {normalise_label(c): c for c in column.choices}, "x", column.reads)
    canon = tuple(rules.predikat_skp)
    code = kode_jawaban(raw, rules.kunci_predikat, canon)
    assert (read.value or "").lower() == (canon[code] if code >= 0 else ""), raw


def test_a_band_s_termasuk_batas_is_read_by_the_check_as_by_the_band_table(tmp_path):
    # ">" and "inklusif" set a band's bound for the scale, yet the check called them unknown
    # choices (galat); a word neither reads ("Sudah") stays an error of its cell.
    from lkjip_xl.core.predikat import parse_inclusive
    from lkjip_xl.workbook.contract import template

    path = filled_kinerja(tmp_path / "pita.xlsx", INDIKATOR)
    spec = template("kinerja").table("tblSkalaCapaian")
    wb = openpyxl.load_workbook(path)
    ws = wb[spec.sheet]
    column = spec.col_index("inclusive")
    for i, flag in enumerate([">", "eksklusif", "Sudah", "inklusif", ">="]):
        ws.cell(spec.first_data_row + i, column, flag)
    wb.save(path)
    found = [
        (m.code, m.sheet, m.cell) for m in check_file(path).masalah if m.code != "never-computed"
    ]
    place = f"{spec.letter('inclusive')}{spec.first_data_row + 2}"
    assert found == [("unknown-choice", spec.sheet, place)]
    flags = spec.column("inclusive")
    for raw in [">", ">=", "inklusif", "Termasuk", "salah", True, 1, "Sudah", 1.5]:
        read = parse_choice(raw, {normalise_label(c): c for c in flags.choices}, "x", flags.reads)
        ruled = parse_inclusive(raw)
        assert read.value == (None if ruled is None else "Ya" if ruled else "Tidak"), raw


def test_a_choice_with_an_invisible_character_names_it_in_words(tmp_path):
    # DESIGN reads a choice with case and spacing aside: "PNS" with a no-break space at its end
    # is PNS; a zero-width space or a BOM is no spacing, so those stay unknown, said in words.
    from lkjip_xl.workbook.builder import make_workbook
    from lkjip_xl.workbook.contract import template
    from lkjip_xl.workbook.demo import fill_table
    from tests.test_distribute_collect import pegawai

    typed = ["PNS\u200b", "\ufeffPPPK", "PNS\u00a0", "P\u00a0NS"]
    rows = [pegawai(0, n, Status=status) for n, status in enumerate(typed)]
    rows[0]["NIP"] = rows[0]["NIP"][:9] + "\u200b" + rows[0]["NIP"][9:]
    spec = template("ipasn").table("tblPegawai")
    wb = make_workbook("ipasn")
    fill_table(wb, spec, rows)
    wb.save(tmp_path / "tak-terlihat.xlsx")
    found = {
        m.cell: m.message
        for m in check_file(tmp_path / "tak-terlihat.xlsx").masalah
        if m.code in ("unknown-choice", "nip-format")
    }
    status, nip = spec.letter("status"), spec.letter("nip")
    first = spec.first_data_row
    assert found[f"{status}{first}"] == (
        "Status: Status 'PNS' (berisi karakter tak terlihat U+200B) tidak dikenal; pilih: "
        "PNS, PPPK."
    )
    assert found[f"{status}{first + 1}"].startswith(
        "Status: Status 'PPPK' (berisi karakter tak terlihat U+FEFF) tidak dikenal"
    )
    assert f"{status}{first + 2}" not in found  # a no-break space is spacing
    assert found[f"{status}{first + 3}"].startswith(
        "Status: Status 'P NS' (berisi karakter tak terlihat U+00A0) tidak dikenal"
    )
    assert "(berisi karakter tak terlihat U+200B) harus 18 digit angka." in found[f"{nip}{first}"]
    assert not any("\\u" in message or "\\x" in message for message in found.values())


def test_a_polaritas_with_an_invisible_character_is_named_in_words_in_its_catatan(tmp_path):
    indikator = [dict(r) for r in INDIKATOR]
    indikator[0]["Polaritas"] = "Positif\u200b"
    path = filled_kinerja(tmp_path / "polaritas.xlsx", indikator)
    recompute_file(path)
    from lkjip_xl.workbook.contract import template

    spec = template("kinerja").table("tblIndikator")
    ws = openpyxl.load_workbook(path, data_only=True)[spec.sheet]
    catatan = ws[f"{spec.letter('catatan')}{spec.first_data_row}"].value
    assert "Polaritas 'Positif' (berisi karakter tak terlihat U+200B) tidak dikenal" in catatan


def test_the_one_value_polaritas_names_an_invisible_character_in_words():
    # The Excel functions' reading (core.satu_nilai) says it in its own note.
    from lkjip_xl.core.capaian import polaritas_satu

    _, sebab = polaritas_satu("\ufeffNegatif")
    assert sebab is not None and sebab[1] == (
        "Polaritas 'Negatif' (berisi karakter tak terlihat U+FEFF) tidak dikenal; pilih Positif "
        "atau Negatif."
    )
