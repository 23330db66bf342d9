"""``kumpulkan INDUK FOLDER``: a folder of returned files stands for the workbooks in it (on
Windows no shell expands ``masuk\\*.xlsx``), never for the master, its kept versions, hidden
files or Excel's lock files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from lkjip_xl import cli
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.safe_write import backups
from tests.test_distribute_collect import edit_unit, ipasn_master, nip


def test_a_folder_collects_every_workbook_in_it(tmp_path: Path):
    master = ipasn_master(tmp_path / "induk.xlsx")
    runner = CliRunner()
    done = runner.invoke(cli.app, ["bagikan", str(master), "-o", str(tmp_path / "kirim")])
    assert done.exit_code == 0, done.output
    sent = sorted((tmp_path / "kirim").glob("*.xlsx"))
    assert len(sent) == 3
    back = tmp_path / "masuk"
    back.mkdir()
    edit_unit(sent[0], back / sent[0].name, set_={nip(0, 0): {"Nilai SKP": 91}})
    for path in sent[1:]:
        shutil.copy(path, back / path.name)
    (back / f"~${sent[1].name}").write_bytes(b"\x00" * 165)  # Excel's lock file, not a workbook
    (back / "catatan.txt").write_text("bukan buku kerja")
    (back / "lama").mkdir()  # a subfolder is not searched
    shutil.copy(sent[2], back / "lama" / sent[2].name)
    shutil.copy(master, back / "induk-salinan.xlsx")  # a copy of the master is a file, refused

    done = runner.invoke(cli.app, ["kumpulkan", str(master), str(back), "--json"])
    data = json.loads(done.output)
    named = {Path(k["berkas"]).name: k["status"] for k in data["kiriman"]}
    assert set(named) == {p.name for p in sent} | {"induk-salinan.xlsx"}, named
    assert [named[p.name] for p in sent] == ["Diterima"] * 3
    assert named["induk-salinan.xlsx"] == "Ditolak"
    assert data["belum_kembali"] == []
    pegawai = FileBook(master).read_table("tblPegawai")
    column = pegawai.headers.index("Nilai SKP")
    assert any(row[column] == 91 for row in pegawai.rows)


def test_the_master_and_its_kept_versions_in_the_folder_are_not_collected(tmp_path: Path):
    master = ipasn_master(tmp_path / "induk.xlsx")
    runner = CliRunner()
    done = runner.invoke(cli.app, ["bagikan", str(master), "-o", str(tmp_path / "kirim")])
    assert done.exit_code == 0, done.output
    for path in (tmp_path / "kirim").glob("*.xlsx"):
        shutil.copy(path, tmp_path / path.name)  # the returned files saved beside the master
    first = next((tmp_path / "kirim").glob("*.xlsx"))
    shutil.copy(first, tmp_path / f"._{first.name}")  # a Mac's metadata copy, hidden
    assert backups(master)  # distribute stamped the master, keeping its earlier version
    done = runner.invoke(cli.app, ["kumpulkan", str(master), str(tmp_path), "--json"])
    data = json.loads(done.output)
    assert done.exit_code == 0, done.output
    assert sorted(Path(k["berkas"]).name for k in data["kiriman"]) == sorted(
        p.name for p in (tmp_path / "kirim").glob("*.xlsx")
    )


def test_a_folder_without_workbooks_is_one_sentence(tmp_path: Path):
    master = ipasn_master(tmp_path / "induk.xlsx")
    runner = CliRunner()
    runner.invoke(cli.app, ["bagikan", str(master), "-o", str(tmp_path / "kirim")])
    (tmp_path / "kosong").mkdir()
    done = runner.invoke(cli.app, ["kumpulkan", str(master), str(tmp_path / "kosong")])
    assert done.exit_code == 2
    assert "tidak memuat buku kerja unit" in done.output and "Traceback" not in done.output
