"""Faults around the file: killed mid-write, a full disk, read-only files and folders, a missing
folder, symbolic links, two runs at once, Excel's lock, the 1904 date system. Each run says
what happened in one Indonesian sentence naming the file, and the workbook is either written
completely or left byte for byte.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.workbook.safe_write import KEEP_BACKUPS, backups
from tests.hostile.corpus import REPO, input_cells, kinerja, no_leftovers, one_line, part, rewrite
from tests.hostile.corpus import run_cli as cli

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file system semantics")


def log_actions(path: Path) -> list[tuple[str, object]]:
    """(tindakan, waktu) of every filled row of the Log table, read with openpyxl."""
    ws = openpyxl.load_workbook(path)["Log"]
    table = ws.tables["tblLog"]
    first, last = table.ref.split(":")
    rows = list(ws[f"{first}:{last}"])
    header = [c.value for c in rows[0]]
    out = []
    for row in rows[1:]:
        values = dict(zip(header, [c.value for c in row], strict=True))
        if values.get("Tindakan"):
            out.append((values["Tindakan"], values["Waktu"]))
    return out


def temp_files(directory: Path) -> list[Path]:
    return [p for p in directory.iterdir()
            if p.name.startswith(".~lkjip-") and not p.name.endswith(".kunci")]  # fmt: skip


SLOW_RECOMPUTE = r"""
import sys, time, zipfile
original = zipfile.ZipFile.writestr
def slow(self, *args, **kwargs):
    time.sleep(0.2)
    return original(self, *args, **kwargs)
zipfile.ZipFile.writestr = slow
from lkjip_xl.cli import main
sys.argv = ["lkjip-xl", "recompute", sys.argv[1]]
main()
"""


@posix_only
def test_sigkill_mid_write_leaves_the_original_and_the_next_run_cleans_up(tmp_path):
    path = kinerja(tmp_path / "kinerja.xlsx")
    original = path.read_bytes()
    script = tmp_path / "lambat.py"
    script.write_text(SLOW_RECOMPUTE)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    process = subprocess.Popen([sys.executable, str(script), str(path)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(
            p.stat().st_size > 0 for p in temp_files(tmp_path)
        ):
            time.sleep(0.01)
        assert temp_files(tmp_path), "the recompute never started writing"
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert path.read_bytes() == original
    assert len(temp_files(tmp_path)) == 1  # what the killed run left
    run = cli("recompute", str(path))
    assert run.returncode == 0, run.stderr
    assert temp_files(tmp_path) == [] and no_leftovers(tmp_path) == []
    assert [a for a, _ in log_actions(path)] == ["Hitung Ulang"]


@contextlib.contextmanager
def small_tmpfs(where: Path, size: str, read_only: bool = False):
    """A tmpfs of ``size`` mounted at ``where`` (root only); skips, saying why, elsewhere."""
    where.mkdir()
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a small tmpfs needs root and mount(8) on this machine; not run here")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_is_named_and_the_workbook_left_whole(tmp_path):
    source = kinerja(tmp_path / "kinerja.xlsx")
    size = source.stat().st_size
    # Room for the workbook, not for its new version beside it.
    with small_tmpfs(tmp_path / "penuh", f"{(size * 3 // 2) // 4096 * 4096 + 4096}") as disk:
        path = disk / "kinerja.xlsx"
        shutil.copyfile(source, path)
        original = path.read_bytes()
        run = cli("recompute", str(path))
        assert run.returncode == 2, run.stdout
        assert one_line(run.stderr) == (
            f"Gagal: Ruang disk tidak cukup untuk menyimpan kinerja.xlsx di folder {disk}; "
            "kosongkan ruang disk lalu ulangi. Berkas asli tidak berubah."
        )
        assert path.read_bytes() == original
        assert no_leftovers(disk) == [] and backups(path) == []


def test_a_read_only_folder_is_named(tmp_path):
    source = kinerja(tmp_path / "kinerja.xlsx")
    if os.name == "posix" and os.geteuid() == 0:  # root writes anywhere: a read-only mount
        with small_tmpfs(tmp_path / "ro", "4m") as folder:
            shutil.copyfile(source, folder / "kinerja.xlsx")
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
            _assert_read_only_folder(folder, "berada di media hanya-baca")
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        shutil.copyfile(source, folder / "kinerja.xlsx")
        folder.chmod(0o555)
        try:
            _assert_read_only_folder(folder, "Tidak ada izin menulis di folder")
        finally:
            folder.chmod(0o755)


def _assert_read_only_folder(folder: Path, words: str) -> None:
    path = folder / "kinerja.xlsx"
    original = path.read_bytes()
    run = cli("recompute", str(path))
    assert run.returncode == 2, run.stdout
    message = one_line(run.stderr)
    assert message.startswith("Gagal: ") and words in message and "kinerja.xlsx" in message
    assert "Errno" not in message and ".~lkjip" not in message
    assert path.read_bytes() == original


@posix_only
def test_a_read_only_workbook_is_named_not_a_temporary_file(tmp_path):
    path = kinerja(tmp_path / "kinerja.xlsx")
    original = path.read_bytes()
    path.chmod(0o444)
    run = cli("recompute", str(path))
    assert run.returncode == 2
    assert one_line(run.stderr) == (
        "Gagal: Berkas kinerja.xlsx bersifat hanya-baca (read-only); hapus tanda hanya-baca "
        "pada berkas itu atau simpan ke berkas lain. Berkas tidak diubah."
    )
    assert path.read_bytes() == original and no_leftovers(tmp_path) == []


def test_a_missing_output_folder_is_named(tmp_path):
    path = kinerja(tmp_path / "kinerja.xlsx")
    target = tmp_path / "tidak-ada" / "hasil.xlsx"
    run = cli("recompute", str(path), "-o", str(target))
    assert run.returncode == 2
    assert one_line(run.stderr) == (
        f"Gagal: Folder {target.parent} tidak ada; buat foldernya dulu atau pilih folder lain."
    )
    assert not target.parent.exists()


def test_a_folder_as_output_is_named(tmp_path):
    path = kinerja(tmp_path / "kinerja.xlsx")
    folder = tmp_path / "hasil.xlsx"
    folder.mkdir()
    run = cli("recompute", str(path), "-o", str(folder))
    assert run.returncode == 2
    said = one_line(run.stderr)
    assert f"{folder} adalah folder; sebutkan nama berkas di dalamnya" in said


@posix_only
def test_recompute_through_a_symlink_updates_its_target(tmp_path):
    shared = tmp_path / "bersama"
    shared.mkdir()
    target = kinerja(shared / "kinerja.xlsx")
    before = input_cells(target)
    link = tmp_path / "pintasan.xlsx"
    link.symlink_to(target)
    run = cli("recompute", str(link))
    assert run.returncode == 0, run.stderr
    assert link.is_symlink() and link.resolve() == target
    assert [a for a, _ in log_actions(target)] == ["Hitung Ulang"]
    assert input_cells(target) == before
    [backup] = backups(target)
    assert backup.parent == shared
    assert f"Versi sebelumnya: {backup}" in one_line(run.stdout)


@posix_only
def test_a_dangling_symlink_is_not_found(tmp_path):
    link = tmp_path / "pintasan.xlsx"
    link.symlink_to(tmp_path / "hilang.xlsx")
    run = cli("check", str(link))
    assert run.returncode == 2
    assert "tidak ditemukan" in one_line(run.stderr)


def test_recomputes_at_once_never_lose_a_log_row(tmp_path):
    """Two recomputes of one file at once lost a Log row: now each waits for the other (or,
    past the wait, is refused in words), and every run that succeeded left its row."""
    path = kinerja(tmp_path / "kinerja.xlsx")
    paths = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": paths, "COLUMNS": "200"}
    runs = [
        subprocess.Popen([sys.executable, "-m", "lkjip_xl.cli", "recompute", str(path)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(3)
    ]  # fmt: skip
    results = [(p.wait(timeout=180), p.stdout.read(), p.stderr.read()) for p in runs]
    for p in runs:
        p.stdout.close()
        p.stderr.close()
    written = [r for r in results if r[0] == 0]
    refused = [r for r in results if r[0] != 0]
    for code, _out, err in refused:
        assert code == 2
        assert "diubah oleh proses lain sejak dibaca" in one_line(err) or (
            "sedang diproses oleh lkjip-xl lain" in one_line(err)
        ), err
    assert [a for a, _ in log_actions(path)] == ["Hitung Ulang"] * len(written)
    assert written  # at least one run did its work
    assert no_leftovers(tmp_path) == []


def test_excel_lock_file_refuses_with_the_lock_named(tmp_path):
    path = kinerja(tmp_path / "kinerja.xlsx")
    original = path.read_bytes()
    (tmp_path / "~$kinerja.xlsx").write_bytes(b"")
    run = cli("recompute", str(path))
    assert run.returncode == 2
    assert one_line(run.stderr) == (
        "Gagal: Buku kerja sedang dibuka di Excel (berkas kunci ~$kinerja.xlsx ada); tutup dulu "
        "lalu ulangi. Bila Excel sudah ditutup dan tidak ada orang lain yang membukanya, berkas "
        "kunci itu tertinggal dari Excel yang tertutup paksa: hapus berkas tersembunyi "
        f"{tmp_path / '~$kinerja.xlsx'} lalu ulangi."
    )
    assert path.read_bytes() == original


def test_backups_keep_the_first_version_and_say_where_they_are(tmp_path):
    path = kinerja(tmp_path / "kinerja.xlsx")
    original = path.read_bytes()
    outputs = []
    for _ in range(2):
        run = cli("recompute", str(path))
        assert run.returncode == 0, run.stderr
        outputs.append(one_line(run.stdout))
    kept = backups(path)
    assert len(kept) == 2 and kept[-1].read_bytes() == original
    for text, backup in zip(outputs, reversed(kept), strict=True):
        assert f"Versi sebelumnya: {backup} ({KEEP_BACKUPS} versi terakhir disimpan)." in text
        assert re.search(r"kinerja\.sebelumnya-\d{8}-\d{6}(-\d+)?\.xlsx", backup.name)


def test_the_log_date_of_a_1904_workbook_is_today(tmp_path):
    """In a workbook using the 1904 date system the Log's date was written four years off."""
    path = kinerja(tmp_path / "kinerja.xlsx")
    xml = part(path, "xl/workbook.xml")
    new, count = re.subn(rb"<workbookPr\b", b'<workbookPr date1904="1"', xml, count=1)
    if not count:
        new = xml.replace(b"<bookViews", b'<workbookPr date1904="1"/><bookViews', 1)
    rewrite(path, {"xl/workbook.xml": new})
    assert openpyxl.load_workbook(path).epoch.year == 1904
    before = datetime.now()
    run = cli("recompute", str(path))
    assert run.returncode == 0, run.stderr
    [(action, when)] = log_actions(path)
    assert action == "Hitung Ulang"
    # openpyxl reads the serial number by the workbook's own date system.
    assert isinstance(when, datetime)
    assert abs((when - before).total_seconds()) < 600


def test_a_workbook_in_a_read_only_folder_can_be_recomputed_elsewhere(tmp_path):
    source = kinerja(tmp_path / "kinerja.xlsx")
    target = tmp_path / "hasil.xlsx"
    if os.name == "posix" and os.geteuid() == 0:
        with small_tmpfs(tmp_path / "ro", "4m") as folder:
            shutil.copyfile(source, folder / "kinerja.xlsx")
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
            run = cli("recompute", str(folder / "kinerja.xlsx"), "-o", str(target))
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        shutil.copyfile(source, folder / "kinerja.xlsx")
        folder.chmod(0o555)
        try:
            run = cli("recompute", str(folder / "kinerja.xlsx"), "-o", str(target))
        finally:
            folder.chmod(0o755)
    assert run.returncode == 0, run.stderr
    assert [a for a, _ in log_actions(target)] == ["Hitung Ulang"]
    assert input_cells(target) == input_cells(source)
