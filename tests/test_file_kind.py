"""Files that are not .xlsx workbooks, whatever their names: what lkjip-xl tells of each.

The files are made by real writers: LibreOffice saves the Excel 97-2003 (.xls), OpenDocument
(.ods) and web page (.html) files, msoffcrypto-tool encrypts an .xlsx the way Office does,
python-docx writes a Word document (the same zip container as a workbook). Each
is then given, under its own name and renamed .xlsx/.xlsm, to every command that reads a
workbook: one sentence saying what the file is and the next step, exit 2, nothing written.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from typer.testing import CliRunner

from lkjip_xl import cli
from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.exchange.codes import StatusKiriman
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.file_book import WorkbookError
from lkjip_xl.workbook.file_kind import JenisBerkas, jenis_berkas, langkah_berikut
from tests.test_distribute_collect import ipasn_master

SAVE_AS_EXCEL = "pilih File > Simpan Sebagai (Save As), jenis Buku Kerja Excel (*.xlsx)"
#: What each kind's sentence must say: what the file is, and the step out.
SAID = {
    "xls": ("berformat Excel 97-2003 (.xls)", SAVE_AS_EXCEL),
    "ods": ("berformat OpenDocument (.ods)", "Buka di LibreOffice Calc"),
    "html": ("berisi halaman web (HTML)", SAVE_AS_EXCEL),
    "csv": ("adalah teks", "lkjip-xl new kinerja"),
    "terkunci": ("adalah buku kerja Excel yang dikunci dengan kata sandi", "kosongkan kata sandi"),
    "docx": ("adalah dokumen Office lain (misalnya Word)", "buku kerja Excel (.xlsx)"),
}
COMMANDS = ("hitung", "periksa", "perbarui", "laporan", "kumpulkan", "bagikan")


@pytest.fixture(scope="module")
def real_files(libreoffice: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """{kind: file} written by real writers from the standard kinerja template."""
    folder = tmp_path_factory.mktemp("asli")
    source = build_template("kinerja", folder / "Kinerja2025.xlsx")
    files = {}
    for kind in ("xls", "ods", "html"):
        files[kind] = libreoffice.edit(source, folder / f"Kinerja2025.{kind}", [])
    files["csv"] = folder / "Kinerja2025.csv"
    files["csv"].write_text("Kode;Indikator;Target\nIKU-01;Persentase ASN;80\n", encoding="utf-8")
    files["docx"] = folder / "Laporan.docx"
    document = docx.Document()
    document.add_paragraph("Bab III Akuntabilitas Kinerja")
    document.save(files["docx"])
    files["terkunci"] = folder / "Terkunci.xlsx"
    with source.open("rb") as plain, files["terkunci"].open("wb") as locked:
        OOXMLFile(plain).encrypt("rahasia", locked)
    return files


def run(*args: Any) -> tuple[int, str]:
    done = CliRunner().invoke(cli.app, [str(a) for a in args])
    return done.exit_code, " ".join(done.output.split())


def _given_to(command: str, path: Path, out: Path) -> tuple[Any, ...]:
    if command == "bagikan":
        return (command, path, "-o", out / "kirim")
    if command == "laporan":
        return (command, path, "-o", out / "laporan.docx")
    if command == "kumpulkan":  # the file as the master; the units' files are tested below
        return (command, path, path)
    return (command, path)


@pytest.mark.libreoffice
def test_the_kind_is_told_by_content(real_files: dict[str, Path], tmp_path: Path) -> None:
    expected = {
        "xls": JenisBerkas.XLS,
        "ods": JenisBerkas.ODS,
        "html": JenisBerkas.HTML,
        "csv": JenisBerkas.TEKS,
        "terkunci": JenisBerkas.TERKUNCI,
        "docx": JenisBerkas.DOKUMEN,
    }
    for kind, path in real_files.items():
        renamed = shutil.copy(path, tmp_path / f"{kind}.xlsx")
        assert jenis_berkas(path) is jenis_berkas(renamed) is expected[kind], kind
    # The real headers: an OLE compound file, a zip package naming its OpenDocument type.
    assert real_files["xls"].read_bytes()[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    assert real_files["terkunci"].read_bytes()[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    assert real_files["ods"].read_bytes()[30:38] == b"mimetype"
    xlsx = build_template("kinerja", tmp_path / "asli.xlsx")
    assert jenis_berkas(xlsx) is JenisBerkas.OOXML and langkah_berikut(xlsx) is None


@pytest.mark.libreoffice
@pytest.mark.parametrize("kind", sorted(SAID))
@pytest.mark.parametrize("name", ["asli", "Induk.xlsx", "Induk.xlsm"])
def test_each_reading_command_says_what_the_file_is_and_writes_nothing(
    real_files: dict[str, Path], tmp_path: Path, kind: str, name: str
) -> None:
    given = real_files[kind] if name == "asli" else tmp_path / name
    if name != "asli":
        shutil.copy(real_files[kind], given)
    before = {p: p.read_bytes() for p in given.parent.iterdir() if p.is_file()}
    xlsx = given.with_suffix(".xlsx").name
    what, step = SAID[kind]
    for command in COMMANDS:
        code, text = run(*_given_to(command, given, tmp_path))
        assert code == 2, (command, text)
        assert text.startswith(f"Gagal: {given.name} {what}"), (command, text)
        assert step in text, (command, text)
        if kind != "csv":
            assert xlsx in text, (command, text)
        for raw in ("Cfb", "OLE", "zip", "Traceback", "BadZipFile", "Content_Types"):
            assert raw not in text, (command, text)
    after = {p: p.read_bytes() for p in given.parent.iterdir() if p.is_file()}
    assert after == before
    assert not (tmp_path / "kirim").exists() and not (tmp_path / "laporan.docx").exists()


def test_an_xlsx_under_another_name_is_told_to_take_its_name(tmp_path: Path) -> None:
    for name in ("Kinerja2025.xls", "Kinerja2025"):
        path = build_template("kinerja", tmp_path / "k.xlsx").rename(tmp_path / name)
        code, text = run("periksa", path)
        assert code == 2
        assert f"{name} berisi buku kerja Excel (.xlsx)" in text
        assert "Ganti namanya menjadi Kinerja2025.xlsx" in text


@pytest.mark.libreoffice
def test_a_unit_sending_back_an_xls_is_refused_with_the_save_as_step(
    libreoffice: Any, tmp_path: Path
) -> None:
    master = ipasn_master(tmp_path / "induk.xlsx")
    sent = distribute(master, tmp_path / "kirim")
    first, second = (w.path for w in sent.workbooks[:2])
    # The unit opened its workbook and saved it as Excel 97-2003, keeping the .xlsx name.
    saved_as_xls = libreoffice.edit(first, tmp_path / "unit.xls", [])
    returned = shutil.copy(saved_as_xls, tmp_path / first.name)
    result = collect(master, [returned, second])
    status = {k.name: k.status for k in result.kiriman}
    assert status == {first.name: StatusKiriman.DITOLAK, second.name: StatusKiriman.DITERIMA}
    (refused,) = [m for m in result.kiriman[0].masalah if m.code == "unreadable"]
    assert f"Berkas {first.name}: berformat Excel 97-2003 (.xls)" in refused.message
    assert SAVE_AS_EXCEL in refused.message
    assert "zip" not in refused.message


def test_a_workbook_cut_short_is_told_to_be_sent_again(tmp_path: Path) -> None:
    """A download or mail attachment that stopped half-way: the zip's directory is missing."""
    whole = build_template("kinerja", tmp_path / "utuh.xlsx").read_bytes()
    cut = tmp_path / "Kinerja2025.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    assert jenis_berkas(cut) is JenisBerkas.RUSAK
    code, text = run("hitung", cut)
    assert code == 2
    assert "Gagal: Kinerja2025.xlsx rusak atau terpotong" in text
    assert "Mintalah berkasnya dikirim ulang" in text
    assert cut.read_bytes() == whole[: len(whole) // 2]


@pytest.mark.libreoffice
@pytest.mark.parametrize("kind", sorted(SAID))
def test_the_python_api_says_what_the_file_is(
    real_files: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    """``recompute_file`` / ``check_file`` called from Python (an agency's own script) tell the
    same sentence as the command line, renamed .xlsx or not, and write nothing."""
    what, step = SAID[kind]
    for given in (real_files[kind], Path(shutil.copy(real_files[kind], tmp_path / "Induk.xlsx"))):
        before = given.read_bytes()
        for call in (recompute_file, check_file):
            with pytest.raises(WorkbookError) as raised:
                call(given)
            said = str(raised.value)
            assert said.startswith(f"{given.name} {what}") and step in said, (call, said)
        assert given.read_bytes() == before
