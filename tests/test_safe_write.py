"""atomic_update: all or nothing, a backup of the previous version, and Excel's lock respected."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.workbook.builder import build_template, new_workbook
from lkjip_xl.workbook.exchange.collect import refuse_open
from lkjip_xl.workbook.patcher import patch_workbook
from lkjip_xl.workbook.safe_write import (
    WorkbookLockedError,
    atomic_update,
    backup_path,
    lock_files,
    refuse_if_open,
    write_atomic,
)
from lkjip_xl.workbook.xlsm import build_xlsm

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "laporan-kinerja.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Indikator"
    wb.active["A1"] = "Kode"
    wb.active["B2"] = 0.75
    wb.save(path)
    return path


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".~lkjip-"))


def write_bytes(data: bytes):
    def produce(tmp: Path) -> None:
        tmp.write_bytes(data)

    return produce


def test_replaces_file_and_keeps_previous_version(book: Path) -> None:
    original = book.read_bytes()
    backup = atomic_update(book, write_bytes(b"versi 2"))
    assert backup == book.with_name("laporan-kinerja.sebelumnya.xlsx") == backup_path(book)
    assert book.read_bytes() == b"versi 2"
    assert backup.read_bytes() == original

    # The next update overwrites the older backup.
    assert atomic_update(book, write_bytes(b"versi 3")) == backup
    assert book.read_bytes() == b"versi 3"
    assert backup.read_bytes() == b"versi 2"
    assert leftovers(book.parent) == []


def test_temp_file_is_hidden_beside_the_workbook(book: Path) -> None:
    seen: list[Path] = []

    def produce(tmp: Path) -> None:
        seen.append(tmp)
        assert tmp.parent == book.parent
        assert tmp.name.startswith(".~lkjip-") and tmp.suffix == ".xlsx"
        tmp.write_bytes(b"baru")

    atomic_update(book, produce)
    assert len(seen) == 1 and not seen[0].exists()


def test_without_backup(book: Path) -> None:
    assert atomic_update(book, write_bytes(b"baru"), keep_previous=False) is None
    assert not backup_path(book).exists()
    assert book.read_bytes() == b"baru"


def test_new_file_has_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "baru.xlsx"
    assert atomic_update(path, write_bytes(b"isi")) is None
    assert path.read_bytes() == b"isi"
    if os.name == "posix":  # not the private mode of the temporary file
        mask = os.umask(0o022)
        os.umask(mask)
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_permissions_of_the_workbook_are_kept(book: Path) -> None:
    book.chmod(0o640)
    atomic_update(book, write_bytes(b"baru"))
    assert book.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("lock_name", ["~$laporan-kinerja.xlsx", "~$poran-kinerja.xlsx"])
def test_refuses_while_open_in_excel(book: Path, lock_name: str) -> None:
    original = book.read_bytes()
    (book.parent / lock_name).write_bytes(b"")
    called = []
    with pytest.raises(WorkbookLockedError) as info:
        atomic_update(book, lambda tmp: called.append(tmp))
    message = str(info.value)
    assert message == (
        f"Buku kerja sedang dibuka di Excel (berkas kunci {lock_name} ada); tutup dulu lalu ulangi."
    )
    assert info.value.lock_file == book.parent / lock_name
    assert called == []
    assert book.read_bytes() == original
    assert leftovers(book.parent) == []


def test_lock_file_names() -> None:
    assert [p.name for p in lock_files(Path("d/Buku1.xlsx"))] == ["~$Buku1.xlsx", "~$ku1.xlsx"]


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda path: write_atomic(path, b"baru"), id="write_atomic"),
        pytest.param(lambda path: refuse_if_open(path), id="refuse_if_open"),
        pytest.param(lambda path: build_template("kinerja", path), id="build_template"),
        pytest.param(lambda path: new_workbook("ipasn", path, overwrite=True), id="new_workbook"),
        pytest.param(lambda path: refuse_open(path), id="collect"),
    ],
)
def test_every_writer_refuses_a_workbook_open_in_excel_the_same_way(book: Path, write) -> None:
    """One check of Excel's lock file, one error: a PermissionError naming the lock file."""
    original = book.read_bytes()
    lock = book.parent / ("~$" + book.name[2:])
    lock.write_bytes(b"")
    with pytest.raises(PermissionError) as info:
        write(book)
    assert isinstance(info.value, WorkbookLockedError)
    assert info.value.lock_file == lock and info.value.path == book
    assert "sedang dibuka di Excel" in str(info.value)
    assert book.read_bytes() == original
    assert leftovers(book.parent) == []


def test_xlsm_build_refuses_a_workbook_open_in_excel(tmp_path: Path) -> None:
    target = tmp_path / "kinerja.xlsm"
    (tmp_path / "~$kinerja.xlsm").write_bytes(b"")
    with pytest.raises(WorkbookLockedError):
        build_xlsm("kinerja", target)
    assert not target.exists()


def test_write_atomic_creates_the_folder_and_keeps_a_backup_only_when_asked(tmp_path: Path):
    path = tmp_path / "baru" / "folder" / "buku.xlsx"
    assert write_atomic(path, b"satu") is None
    assert path.read_bytes() == b"satu"
    assert write_atomic(path, b"dua") is None
    assert not backup_path(path).exists()
    assert write_atomic(path, b"tiga", keep_previous=True) == backup_path(path)
    assert backup_path(path).read_bytes() == b"dua"
    assert path.read_bytes() == b"tiga"
    assert leftovers(path.parent) == []


def test_lock_appearing_while_producing_is_respected(book: Path) -> None:
    original = book.read_bytes()

    def produce(tmp: Path) -> None:
        tmp.write_bytes(b"baru")
        (book.parent / ("~$" + book.name)).write_bytes(b"")  # the user opens it meanwhile

    with pytest.raises(WorkbookLockedError):
        atomic_update(book, produce)
    assert book.read_bytes() == original
    assert not backup_path(book).exists()
    assert leftovers(book.parent) == []


def test_failure_in_produce_leaves_everything_as_it_was(book: Path) -> None:
    original = book.read_bytes()

    def produce(tmp: Path) -> None:
        tmp.write_bytes(b"setengah")
        raise RuntimeError("gagal di tengah jalan")

    with pytest.raises(RuntimeError, match="gagal di tengah jalan"):
        atomic_update(book, produce)
    assert book.read_bytes() == original
    assert not backup_path(book).exists()
    assert leftovers(book.parent) == []


def test_with_patch_workbook(book: Path) -> None:
    original = book.read_bytes()
    backup = atomic_update(book, lambda tmp: patch_workbook(book, tmp, {"Indikator": {"B2": 0.9}}))
    assert openpyxl.load_workbook(book)["Indikator"]["B2"].value == 0.9
    assert backup is not None and backup.read_bytes() == original


KILL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from lkjip_xl.workbook.safe_write import atomic_update

    def produce(tmp):
        with open(tmp, "wb") as fh:
            fh.write(b"PK\\x03\\x04" + b"\\x00" * 200_000)
            fh.flush()
            print("menulis", flush=True)
            time.sleep(60)
            fh.write(b"never")

    atomic_update(Path(sys.argv[1]), produce)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_mid_write_leaves_original_intact(book: Path, tmp_path: Path) -> None:
    original = book.read_bytes()
    script = tmp_path / "kill_me.py"
    script.write_text(KILL_SCRIPT)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.Popen(
        [sys.executable, str(script), str(book)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.strip() == "menulis", proc.stderr.read()
        partial = leftovers(book.parent)
        assert len(partial) == 1 and (book.parent / partial[0]).stat().st_size > 0
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert book.read_bytes() == original
    assert openpyxl.load_workbook(book)["Indikator"]["B2"].value == 0.75
    assert not backup_path(book).exists()
