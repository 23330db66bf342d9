"""Files named on the command line: names ``new`` refuses, inputs that are not workbooks, and the
next step each refusal gives; exit codes when problems of level galat remain."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pytest

from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import template
from tests.libreoffice import find_soffice


def cli(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", *map(str, args)],
        capture_output=True, text=True, timeout=300, cwd=cwd,
    )  # fmt: skip


def said(done: subprocess.CompletedProcess) -> str:
    return " ".join((done.stdout + done.stderr).split())


# --- new ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["Kinerja.xls", "Kinerja.ods", "Kinerja.csv", "Kinerja"])
def test_new_refuses_a_name_that_is_not_xlsx_and_suggests_one(tmp_path, name):
    target = tmp_path / name
    done = cli("new", "kinerja", target)
    assert done.returncode == 2, said(done)
    text = said(done)
    assert f"bukan '{name}'" in text and "harus berakhiran .xlsx" in text
    assert f"Coba: lkjip-xl new kinerja {tmp_path / 'Kinerja.xlsx'}" in text
    assert list(tmp_path.iterdir()) == []
    assert "Traceback" not in text


@pytest.mark.parametrize("kind", ["Kinerja", "KINERJA", " ipasn "])
def test_new_accepts_a_kind_in_any_letter_case(tmp_path, kind):
    target = tmp_path / "baru.xlsx"
    done = cli("new", kind, target)
    assert done.returncode == 0, said(done)
    expected = template(kind.strip().lower())
    assert openpyxl.load_workbook(target).sheetnames == [s.name for s in expected.sheets]


def test_new_names_the_option_that_replaces_an_existing_file(tmp_path):
    target = tmp_path / "Kinerja2025.xlsx"
    target.write_bytes(b"isian pengguna")
    done = cli("new", "kinerja", target)
    assert done.returncode == 2
    assert f"Berkas {target} sudah ada; pilih nama lain, atau tambahkan --timpa" in said(done)
    assert target.read_bytes() == b"isian pengguna"
    replaced = cli("new", "kinerja", target, "--timpa")
    assert replaced.returncode == 0, said(replaced)
    assert "Indikator" in openpyxl.load_workbook(target).sheetnames


def test_new_into_a_folder_says_to_name_a_file(tmp_path):
    done = cli("new", "kinerja", tmp_path)
    assert done.returncode == 2
    assert f"{tmp_path} adalah folder; sebutkan nama berkas di dalamnya" in said(done)


# --- inputs -------------------------------------------------------------------------------------
def test_a_missing_file_is_named_with_a_close_name_suggested(tmp_path):
    build_template("kinerja", tmp_path / "Kinerja2025.xlsx")
    done = cli("hitung", tmp_path / "Kinerja2052.xlsx")
    assert done.returncode == 2
    assert (
        f"Berkas {tmp_path / 'Kinerja2052.xlsx'} tidak ditemukan. Mungkin maksudnya: "
        f"'{tmp_path / 'Kinerja2025.xlsx'}'?" in said(done)
    )
    no_suffix = cli("periksa", tmp_path / "Kinerja2025")
    assert f"Mungkin maksudnya: '{tmp_path / 'Kinerja2025.xlsx'}'?" in said(no_suffix)
    # The suffix typed again after the one the shell's completion gave: a short name was too
    # far from it for any suggestion.
    build_template("kinerja", tmp_path / "k2.xlsx")
    twice = cli("hitung", tmp_path / "k2.xlsx.xlsx")
    assert f"Mungkin maksudnya: '{tmp_path / 'k2.xlsx'}'?" in said(twice), said(twice)
    nowhere = cli("periksa", tmp_path / "tidak" / "ada.xlsx")
    assert f"Folder {tmp_path / 'tidak'} pun tidak ada" in said(nowhere)


def test_a_missing_name_without_folder_says_where_it_was_looked_for(tmp_path):
    # A new Command Prompt opens in the user's home folder; "tidak ditemukan" alone left the
    # user who typed only the name (the workbook being in Documents) with nothing to try.
    done = cli("hitung", "Kinerja 2025.xlsx", cwd=tmp_path)
    assert done.returncode == 2
    assert (
        f"Berkas Kinerja 2025.xlsx tidak ditemukan. Nama tanpa folder dicari di folder tempat "
        f"perintah dijalankan ({tmp_path}); tulis jalur lengkapnya, atau pindah dulu ke "
        "foldernya dengan cd." in said(done)
    )
    build_template("kinerja", tmp_path / "Kinerja 2024.xlsx")  # a close name: that is said
    done = cli("hitung", "Kinerja 2025.xlsx", cwd=tmp_path)
    assert "Mungkin maksudnya: 'Kinerja 2024.xlsx'?" in said(done)
    assert "Nama tanpa folder" not in said(done)


def test_a_folder_is_not_a_workbook_and_its_workbook_is_suggested(tmp_path):
    empty = tmp_path / "kosong"
    empty.mkdir()
    done = cli("periksa", empty)
    assert done.returncode == 2
    assert f"{empty} adalah folder, bukan berkas buku kerja." in said(done)
    assert "tidak memuat berkas .xlsx atau .xlsm" in said(done)
    build_template("kinerja", tmp_path / "Kinerja2025.xlsx")
    done = cli("hitung", tmp_path)
    assert f"Sebutkan berkasnya, misalnya: {tmp_path / 'Kinerja2025.xlsx'}" in said(done)


def test_a_csv_file_gets_the_way_to_a_workbook(tmp_path):
    data = tmp_path / "indikator.csv"
    data.write_text("Kode;Indikator;Target\nIKU-1;Baik;80\n", encoding="utf-8")
    done = cli("hitung", data)
    assert done.returncode == 2
    assert (
        "indikator.csv adalah teks (.csv), bukan buku kerja. Buat buku kerja dengan "
        "'lkjip-xl new kinerja indikator.xlsx'" in said(done)
    )
    assert data.read_text(encoding="utf-8").startswith("Kode;")


def test_an_xlsx_package_named_xls_gets_the_save_as_step(tmp_path):
    """What ``new kinerja X.xls`` wrote before names were checked: a later ``hitung X.xls``."""
    old = tmp_path / "X.xls"
    build_template("kinerja", tmp_path / "X.xlsx").rename(old)
    done = cli("hitung", old)
    assert done.returncode == 2
    assert "Cfb" not in said(done) and "OLE" not in said(done)
    assert "Simpan Sebagai (Save As), jenis Buku Kerja Excel (*.xlsx)" in said(done)


@pytest.mark.libreoffice
@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_real_xls_and_ods_files_get_their_next_step(tmp_path, libreoffice, suffix):
    source = build_template("kinerja", tmp_path / "Kinerja2025.xlsx")
    converted = tmp_path / f"Kinerja2025{suffix}"
    profile = (tmp_path / "profil").as_uri()
    subprocess.run(
        [find_soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to",
         suffix[1:], "--outdir", str(tmp_path / "keluar"), str(source)],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    (tmp_path / "keluar" / converted.name).rename(converted)
    head = converted.read_bytes()[:8]
    # The real formats: an OLE compound file (Excel 97-2003), a zip package (OpenDocument).
    assert head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" if suffix == ".xls" else head[:2] == b"PK"
    for command in ("hitung", "periksa", "bagikan"):
        args = ["-o", tmp_path / "kirim"] if command == "bagikan" else []
        done = cli(command, converted, *args)
        assert done.returncode == 2, said(done)
        text = said(done)
        if suffix == ".xls":
            assert "berformat Excel 97-2003 (.xls)" in text and "Buka berkas itu di Excel" in text
        else:
            assert "berformat OpenDocument (.ods)" in text and "LibreOffice Calc" in text
        assert "lalu jalankan lagi perintah ini dengan Kinerja2025.xlsx." in text
    assert not (tmp_path / "kirim").exists()


def test_recompute_to_an_existing_other_file_needs_timpa(tmp_path):
    source = build_template("kinerja", tmp_path / "Kinerja2025.xlsx")
    other = tmp_path / "Final.xlsx"
    other.write_bytes(b"buku kerja lain")
    done = cli("hitung", source, "-o", other)
    assert done.returncode == 2
    assert f"Berkas {other} sudah ada; pilih nama lain, atau tambahkan --timpa" in said(done)
    assert other.read_bytes() == b"buku kerja lain"
    assert cli("hitung", source, "-o", other, "--timpa").returncode == 0
    assert "Indikator" in openpyxl.load_workbook(other).sheetnames


def test_hitung_and_laporan_refuse_an_output_in_a_missing_folder_alike(tmp_path):
    # DESIGN §5: a missing folder is one sentence naming it; a mistyped folder is not created.
    source = build_template("kinerja", tmp_path / "Kinerja2025.xlsx")
    for command, name in (("hitung", "Final.xlsx"), ("laporan", "Bab3.docx")):
        missing = tmp_path / f"tidak-ada-{command}"
        done = cli(command, source, "-o", missing / name)
        assert done.returncode == 2, said(done)
        assert f"Folder {missing} tidak ada; buat foldernya dulu atau pilih folder lain." in said(
            done
        )
        assert not missing.exists()


# --- exit codes ---------------------------------------------------------------------------------
def _ipasn_with_a_nip_stored_as_a_number(path):
    build_template("ipasn", path)
    wb = openpyxl.load_workbook(path)
    table = template("ipasn").table("tblPegawai")
    row = {"nip": 198706152010011003, "nama": "A", "unit_kerja": "BKPSDM", "status": "PNS",
           "jenis_jabatan": "Pelaksana", "pendidikan": "S1", "jp_diklat_teknis": 24,
           "seminar": "Ya", "nilai_skp": 92, "hukuman_disiplin": "Tidak Pernah"}  # fmt: skip
    for key, value in row.items():
        wb["Pegawai"][f"{table.letter(key)}{table.first_data_row}"] = value
    wb.save(path)
    return path


def test_recompute_and_check_exit_1_while_galat_remain_and_0_when_clean(tmp_path):
    bad = _ipasn_with_a_nip_stored_as_a_number(tmp_path / "ipasn.xlsx")
    checked = cli("periksa", bad, "--json")
    assert checked.returncode == 1, said(checked)
    galat = [m for m in json.loads(checked.stdout)["masalah"] if m["tingkat"] == "galat"]
    assert [m["code"] for m in galat] == ["nip-as-number"]
    computed = cli("hitung", bad)
    assert computed.returncode == 1, said(computed)
    assert "(1 galat," in said(computed)  # the work is done and saved all the same
    clean = build_template("ipasn", tmp_path / "bersih.xlsx")
    assert cli("hitung", clean).returncode == 0
    assert cli("periksa", clean).returncode == 0


def test_an_unexpected_error_exits_3_without_traceback(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from lkjip_xl import cli as module
    from lkjip_xl.workbook import api

    def broken(path):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(api, "check_file", broken)  # a bug inside the engine
    path = build_template("kinerja", tmp_path / "k.xlsx")
    done = CliRunner().invoke(module.app, ["periksa", str(path)])
    assert done.exit_code == 3
    assert "Gagal karena kesalahan tak terduga" in done.output
    assert "Traceback" not in done.output


def test_a_file_name_with_brackets_is_printed_as_typed(tmp_path):
    """Console markup must not eat "[final]" out of the name the user is told about."""
    done = cli("periksa", tmp_path / "Laporan [final].xlsx")
    assert done.returncode == 2
    assert f"Berkas {tmp_path / 'Laporan [final].xlsx'} tidak ditemukan." in said(done)


# --- a workbook whose name's suffix Excel refuses for its content -------------------------------
def _suffix_warnings(done: subprocess.CompletedProcess) -> list[str]:
    report = json.loads(done.stdout)
    return [m["message"] for m in report["masalah"] if m["code"] == "file-suffix"]


def _main_content_type(path) -> str:
    import zipfile

    from defusedxml import ElementTree as SafeET

    with zipfile.ZipFile(path) as package:
        types = SafeET.fromstring(package.read("[Content_Types].xml"))
    ns = "{http://schemas.openxmlformats.org/package/2006/content-types}"
    return next(
        o.get("ContentType")
        for o in types.iter(f"{ns}Override")
        if o.get("PartName") == "/xl/workbook.xml"
    )


def test_a_workbook_renamed_to_the_other_suffix_is_told_to_be_renamed_back(tmp_path):
    # An .xlsm renamed .xlsx is refused by Excel ("file format or file extension is not
    # valid"); lkjip-xl read and wrote it without a word, so the user met it only in Excel.
    import shutil

    from tests.reference import REPO

    macro, plain = (
        REPO / "workbook_templates" / "kinerja.xlsm",
        REPO / "workbook_templates" / "kinerja.xlsx",
    )
    assert "macroEnabled" in _main_content_type(macro) and "macroEnabled" not in _main_content_type(
        plain
    )
    renamed = tmp_path / "Kinerja 2025.xlsx"
    shutil.copyfile(macro, renamed)
    done = cli("periksa", "--json", renamed)
    assert done.returncode == 0, said(done)
    assert _suffix_warnings(done) == [
        "Isi berkas ini buku kerja .xlsm, tetapi namanya berakhiran .xlsx: Excel menolak "
        "membukanya (format atau ekstensi berkas tidak valid). Ganti nama berkasnya menjadi "
        "Kinerja 2025.xlsm; isinya tidak perlu diubah."
    ]
    # The reverse, on screen after a recompute.
    shutil.copyfile(plain, tmp_path / "Biasa.xlsm")
    done = cli("hitung", tmp_path / "Biasa.xlsm")
    assert "file-suffix" in said(done) and "menjadi Biasa.xlsx" in said(done), said(done)
    # hitung -o names the file it writes: a macro workbook is not written as .xlsx (it was,
    # with the warning after the fact), and the command suggested writes it.
    shutil.copyfile(macro, tmp_path / "Induk.xlsm")
    done = cli("hitung", tmp_path / "Induk.xlsm", "-o", tmp_path / "Keluar.xlsx")
    assert done.returncode == 2, said(done)
    assert not (tmp_path / "Keluar.xlsx").exists()
    assert (
        "Buku kerja ini bermakro (.xlsm); Excel menolak membukanya bila disimpan dengan nama "
        f"'Keluar.xlsx'. Berkas tidak ditulis. Coba: lkjip-xl hitung {tmp_path / 'Induk.xlsm'} "
        f"-o {tmp_path / 'Keluar.xlsm'}"
    ) in said(done), said(done)
    done = cli("hitung", tmp_path / "Induk.xlsm", "-o", tmp_path / "Keluar.xlsm")
    assert done.returncode == 0, said(done)
    assert "macroEnabled" in _main_content_type(tmp_path / "Keluar.xlsm")
    assert "file-suffix" not in said(done)
    # Rightly named: nothing to say.
    for right in (macro, plain):
        assert _suffix_warnings(cli("periksa", "--json", right)) == []


def test_new_says_the_next_steps_and_its_command_runs_as_printed(tmp_path):
    # "Buku kerja kinerja dibuat: X" left a first-time user with no next step.
    import shlex

    done = cli("new", "kinerja", "Kinerja 2025.xlsm", cwd=tmp_path)
    assert done.returncode == 0, said(done)
    lines = done.stdout.splitlines()
    assert lines[0] == "Buku kerja kinerja dibuat: Kinerja 2025.xlsm"
    assert "isi sel berlatar krem (cara mengisi ada di lembar Petunjuk)" in said(done)
    assert "Atau klik tombol Hitung Ulang di Excel (makro harus diaktifkan)." in said(done)
    (command,) = [line.strip() for line in lines if line.strip().startswith("lkjip-xl ")]
    assert command == 'lkjip-xl hitung "Kinerja 2025.xlsm"'
    ran = cli(*shlex.split(command)[1:], cwd=tmp_path)  # as a shell splits the printed line
    assert ran.returncode == 0 and "Disimpan: Kinerja 2025.xlsm" in said(ran), said(ran)
    plain = cli("new", "ipasn", "IPASN.xlsx", cwd=tmp_path)
    assert "  lkjip-xl hitung IPASN.xlsx" in plain.stdout.splitlines()
    assert "Hitung Ulang" not in plain.stdout


def test_the_program_runs_as_python_m_where_the_readme_says_so(tmp_path):
    # pip's user install on Windows leaves Scripts off PATH: "'lkjip-xl' is not recognized".
    # The README's fallbacks must then run: python -m lkjip_xl, python -m xlwings.cli.
    import re

    from tests.reference import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Mulai cepat", 1)[1].split("\n## ", 1)[0]
    assert "`python -m lkjip_xl demo`" in quick and "`python -m xlwings.cli`" in quick
    assert re.search(r"`python -m xlwings\.cli config create`", readme)
    own = subprocess.run(
        [sys.executable, "-m", "lkjip_xl", "new", "kinerja", "K.xlsx"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert own.returncode == 0 and "Buku kerja kinerja dibuat: K.xlsx" in own.stdout, own.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "lkjip_xl", "hitung"], capture_output=True, text=True, timeout=300
    )
    assert usage.returncode == 2 and "Penggunaan: lkjip-xl hitung [OPSI] BERKAS" in usage.stderr
    xlwings_cli = subprocess.run(
        [sys.executable, "-m", "xlwings.cli", "config", "--help"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert xlwings_cli.returncode == 0 and "create" in xlwings_cli.stdout, xlwings_cli.stderr
