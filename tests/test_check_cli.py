"""``lkjip-xl check`` on workbooks seeded with bad inputs, typed as a person would."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pytest

from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import template

KINERJA = template("kinerja")
IPASN = template("ipasn")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", *args], capture_output=True, text=True, timeout=300
    )


def cell(spec_table, key: str, row: int) -> str:
    return f"{spec_table.letter(key)}{spec_table.first_data_row + row}"


@pytest.mark.libreoffice
def test_check_lists_every_bad_input_with_its_cell_and_exits_1(tmp_path, libreoffice):
    blank = tmp_path / "kosong.xlsx"
    build_template("kinerja", blank)
    ind = KINERJA.table("tblIndikator")
    rows = [
        # kode, sasaran, indikator, polaritas, target, realisasi
        ("IKU-1", "S1", "Baik", "Positif", 80, 72),
        ("IKU-2", "S1", "Teks", "Positif", "sembilan puluh", 50),
        ("IKU-3", "S1", "Titik", "Positif", 100, "1.234"),
        ("IKU-4", "S2", "Koma", "Positif", 100, "1,234"),
        ("IKU-5", "S2", "Galat", "Positif", 100, None),  # =1/0 below
        ("IKU-1", "S2", "Ganda", "Positif", 100, 90),
        ("IKU-7", "S2", "Kosong", "Positif", None, 90),
        ("IKU-8", "S2", "Salah eja", "Negatf", 100, 90),
        ("IKU-9", "S2", "Baik juga", "Negatif", 100, 80),
    ]
    ops = []
    for i, (kode, sasaran, nama, pol, target, real) in enumerate(rows):
        typed = {"kode": kode, "sasaran": sasaran, "indikator": nama, "polaritas": pol,
                 "target": target, "realisasi": real}  # fmt: skip
        for key, value in typed.items():
            if value is not None:
                ops.append({"op": "set", "sheet": "Indikator", "cell": cell(ind, key, i),
                            "value": value})  # fmt: skip
    ops.append({"op": "set", "sheet": "Indikator", "cell": cell(ind, "realisasi", 4),
                "formula": "=1/0"})  # fmt: skip
    bad = tmp_path / "salah.xlsx"
    libreoffice.edit(blank, bad, ops)

    result = cli("check", str(bad), "--json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    found = {(m["code"], m["cell"]) for m in report["masalah"]}
    expected = {
        ("not-a-number", cell(ind, "target", 1)),
        ("ambiguous-number", cell(ind, "realisasi", 2)),
        ("ambiguous-number", cell(ind, "realisasi", 3)),
        ("excel-error", cell(ind, "realisasi", 4)),
        ("duplicate-key", cell(ind, "kode", 5)),
        ("blank-required", cell(ind, "target", 6)),
        ("unknown-choice", cell(ind, "polaritas", 7)),
    }
    assert expected <= found, expected - found
    for m in report["masalah"]:
        if m["cell"]:
            # an excluded indicator's warning sits at its sasaran's mean on Ringkasan
            sheet = "Ringkasan" if m["code"] == "excluded" else "Indikator"
            assert m["sheet"] == sheet and m["message"]

    # Every other row is still computed; the exit code says galat remain, as check's does.
    result = cli("recompute", str(bad))
    assert result.returncode == 1, result.stderr
    ws = openpyxl.load_workbook(bad, data_only=True)["Indikator"]
    capaian = [ws[cell(ind, "capaian", i)].value for i in range(len(rows))]
    assert capaian[0] == 90 and capaian[8] == 120
    assert all(capaian[i] is None for i in (1, 2, 3, 4, 7))
    catatan = ws[cell(ind, "catatan", 2)].value
    assert "1.234" in catatan and "bermakna ganda" in catatan
    assert "#DIV/0!" in ws[cell(ind, "catatan", 4)].value


def test_nip_stored_as_a_number_is_an_error_of_its_cell(tmp_path):
    path = tmp_path / "ipasn.xlsx"
    build_template("ipasn", path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Pegawai"]
    table = IPASN.table("tblPegawai")
    base = {"nama": "A", "unit_kerja": "BKPSDM", "status": "PNS", "jenis_jabatan": "Pelaksana",
            "pendidikan": "S1", "jp_diklat_teknis": 24, "seminar": "Ya", "nilai_skp": 92,
            "hukuman_disiplin": "Tidak Pernah"}  # fmt: skip
    for i, nip in enumerate(["198706152010011003", 198706152010011003]):
        for key, value in {**base, "nip": nip}.items():
            ws[cell(table, key, i)] = value
    wb.save(path)
    result = cli("check", str(path), "--json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)["masalah"]
    assert any(
        m["code"] == "nip-as-number" and m["cell"] == cell(table, "nip", 1) for m in problems
    )
    assert not any(m["cell"] == cell(table, "nip", 0) for m in problems)


def test_failures_are_one_sentence_without_traceback(tmp_path):
    missing = cli("recompute", str(tmp_path / "tidak-ada.xlsx"))
    assert missing.returncode != 0
    assert "Traceback" not in missing.stderr and "tidak ditemukan" in missing.stderr
    junk = tmp_path / "bukan.xlsx"
    junk.write_text("bukan buku kerja")
    result = cli("check", str(junk))
    assert result.returncode != 0 and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["kinerja", "ipasn"])
def test_fresh_templates_check_clean_and_recompute(tmp_path, name):
    path = tmp_path / f"{name}.xlsx"
    build_template(name, path)
    checked = cli("check", str(path), "--json")
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["masalah"] == []
    computed = cli("recompute", str(path))
    assert computed.returncode == 0, computed.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("periksa", "{missing}", "--json"),
        ("bagikan", "{missing}", "--out", "{tmp}/kirim", "--json"),
        ("kumpulkan", "{missing}", "{missing}", "--json"),
    ],
)
def test_a_refusal_with_json_is_json_on_stdout(tmp_path, args):
    # A program reading --json got nothing on stdout when the command refused (exit 2): it
    # could not tell a refusal from a crash. The sentence stays on stderr for a person.
    missing = str(tmp_path / "tidak-ada.xlsx")
    done = cli(*(a.format(missing=missing, tmp=tmp_path) for a in args))
    assert done.returncode == 2
    said = json.loads(done.stdout)
    assert said["berhasil"] is False and said["kode_keluar"] == 2
    assert "tidak-ada.xlsx tidak ditemukan" in said["pesan"]
    assert "tidak-ada.xlsx tidak ditemukan" in done.stderr
