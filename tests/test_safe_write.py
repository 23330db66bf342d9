"""atomic_update: all or nothing, a backup of the previous version, and Excel's lock respected."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.workbook.builder import build_template, new_workbook
from lkjip_xl.workbook.exchange.collect import refuse_open
from lkjip_xl.workbook.patcher import patch_workbook
from lkjip_xl.workbook.safe_write import (
    HOST_TAG,
    KEEP_BACKUPS,
    STALE_AFTER_SECONDS,
    TEMP_PREFIX,
    WorkbookBusyError,
    WorkbookChangedError,
    WorkbookLockedError,
    WriteError,
    atomic_update,
    backup_path,
    backups,
    clean_stale_temps,
    fingerprint,
    lock_files,
    refuse_if_open,
    scratch_beside,
    sync_files,
    workbook_lock,
    write_atomic,
    write_error,
    write_named_by_content,
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
    """Temporary files of ours (the lock file of a run in progress is not one)."""
    return sorted(
        p.name
        for p in directory.iterdir()
        if p.name.startswith(".~lkjip-") and not p.name.endswith(".kunci")
    )


def write_bytes(data: bytes):
    def produce(tmp: Path) -> None:
        tmp.write_bytes(data)

    return produce


def test_replaces_file_and_keeps_previous_version(book: Path) -> None:
    original = book.read_bytes()
    backup = atomic_update(book, write_bytes(b"versi 2"))
    assert backup is not None and backup.parent == book.parent
    assert re.fullmatch(r"laporan-kinerja\.sebelumnya-\d{8}-\d{6}\.xlsx", backup.name)
    assert book.read_bytes() == b"versi 2"
    assert backup.read_bytes() == original

    # The next update, even within the same second, keeps the older backup too.
    second = atomic_update(book, write_bytes(b"versi 3"))
    assert second is not None and second != backup
    assert book.read_bytes() == b"versi 3"
    assert backups(book) == [second, backup]
    assert [p.read_bytes() for p in backups(book)] == [b"versi 2", original]
    assert leftovers(book.parent) == []


def test_the_first_version_survives_until_five_newer_ones_are_kept(book: Path) -> None:
    original = book.read_bytes()
    for n in range(1, KEEP_BACKUPS + 1):
        atomic_update(book, write_bytes(f"versi {n + 1}".encode()))
    kept = backups(book)
    assert len(kept) == KEEP_BACKUPS
    assert kept[-1].read_bytes() == original
    atomic_update(book, write_bytes(b"versi terbaru"))
    kept = backups(book)
    assert [p.read_bytes() for p in kept] == [f"versi {n}".encode() for n in range(6, 1, -1)]
    assert leftovers(book.parent) == []


def test_backup_name_is_the_time_of_the_copy() -> None:
    when = datetime(2026, 12, 5, 22, 10, 3)
    assert backup_path(Path("d/laporan.xlsx"), when) == Path(
        "d/laporan.sebelumnya-20261205-221003.xlsx"
    )


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
    assert backups(book) == []
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
        " Bila Excel sudah ditutup dan tidak ada orang lain yang membukanya, berkas kunci itu "
        "tertinggal dari Excel yang tertutup paksa: hapus berkas tersembunyi "
        f"{book.parent / lock_name} lalu ulangi."
    )
    assert info.value.lock_file == book.parent / lock_name
    assert called == []
    assert book.read_bytes() == original
    assert leftovers(book.parent) == []


def test_lock_file_names() -> None:
    assert [p.name for p in lock_files(Path("d/Buku1.xlsx"))] == [
        "~$Buku1.xlsx",
        "~$ku1.xlsx",
        ".~lock.Buku1.xlsx#",
    ]


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
    assert backups(path) == []
    backup = write_atomic(path, b"tiga", keep_previous=True)
    assert backups(path) == [backup]
    assert backup is not None and backup.read_bytes() == b"dua"
    assert path.read_bytes() == b"tiga"
    assert leftovers(path.parent) == []


def test_a_file_named_by_its_content_is_written_as_write_atomic_writes_a_new_file(
    tmp_path: Path,
) -> None:
    # Collect's archived copies: the folder made, the bytes whole, the permissions of a new
    # file, nothing left beside them (no temporary file, no lock file).
    atomic = tmp_path / "a" / "unit.0123456789abcdef.xlsx"
    named = tmp_path / "b" / "unit.0123456789abcdef.xlsx"
    write_atomic(atomic, b"isi")
    write_named_by_content(named, b"isi")
    assert named.read_bytes() == b"isi"
    assert named.stat().st_mode == atomic.stat().st_mode
    assert sorted(p.name for p in named.parent.iterdir()) == [named.name]


def test_a_file_named_by_its_content_is_written_while_its_name_is_locked(tmp_path: Path) -> None:
    # Two runs archiving one file write the same bytes, each through its own temporary file:
    # the second does not wait for (nor take) the lock a user's workbook is written under.
    path = tmp_path / "unit.0123456789abcdef.xlsx"
    held = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from lkjip_xl.workbook.safe_write import workbook_lock
            with workbook_lock({str(path)!r}):
                print("held", flush=True)
                time.sleep(30)
        """)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    try:
        assert held.stdout is not None and held.stdout.readline().strip() == "held"
        write_named_by_content(path, b"isi")
    finally:
        held.kill()
        held.wait()
    assert path.read_bytes() == b"isi"


def test_a_file_named_by_its_content_is_refused_as_write_atomic_refuses(tmp_path: Path) -> None:
    blocker = tmp_path / "arsip"
    blocker.write_bytes(b"a file where the folder should be")
    with pytest.raises(WriteError) as atomic:
        write_atomic(blocker / "x.xlsx", b"isi")
    with pytest.raises(WriteError) as named:
        write_named_by_content(blocker / "x.xlsx", b"isi")
    assert str(named.value) == str(atomic.value)


def test_a_backup_stays_the_old_version_whatever_is_then_done_to_the_workbook(tmp_path: Path):
    path = tmp_path / "buku.xlsx"
    write_atomic(path, b"versi lama")
    backup = write_atomic(path, b"versi baru", keep_previous=True)
    assert backup is not None
    # Another program writing into the workbook's file in place must not reach the backup.
    with path.open("r+b") as handle:
        handle.write(b"DITIMPA")
    assert backup.read_bytes() == b"versi lama"
    assert path.read_bytes() == b"DITIMPAaru"
    assert backup.stat().st_ino != path.stat().st_ino


def test_a_backup_is_copied_where_the_folder_takes_no_links(tmp_path: Path, monkeypatch):
    path = tmp_path / "buku.xlsx"
    write_atomic(path, b"versi lama")

    def no_links(*_args, **_kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    backup = write_atomic(path, b"versi baru", keep_previous=True)
    assert backup is not None and backup.read_bytes() == b"versi lama"
    assert path.read_bytes() == b"versi baru"
    assert leftovers(path.parent) == []


def test_lock_appearing_while_producing_is_respected(book: Path) -> None:
    original = book.read_bytes()

    def produce(tmp: Path) -> None:
        tmp.write_bytes(b"baru")
        (book.parent / ("~$" + book.name)).write_bytes(b"")  # the user opens it meanwhile

    with pytest.raises(WorkbookLockedError):
        atomic_update(book, produce)
    assert book.read_bytes() == original
    assert backups(book) == []
    assert leftovers(book.parent) == []


def test_failure_in_produce_leaves_everything_as_it_was(book: Path) -> None:
    original = book.read_bytes()

    def produce(tmp: Path) -> None:
        tmp.write_bytes(b"setengah")
        raise RuntimeError("gagal di tengah jalan")

    with pytest.raises(RuntimeError, match="gagal di tengah jalan"):
        atomic_update(book, produce)
    assert book.read_bytes() == original
    assert backups(book) == []
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


def kill_mid_write(book: Path, tmp_path: Path) -> None:
    """Run atomic_update on ``book`` in another process and SIGKILL it mid-write."""
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


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_mid_write_leaves_original_intact_and_the_next_run_cleans_up(
    book: Path, tmp_path: Path
) -> None:
    original = book.read_bytes()
    kill_mid_write(book, tmp_path)
    assert book.read_bytes() == original
    assert openpyxl.load_workbook(book)["Indikator"]["B2"].value == 0.75
    assert backups(book) == []
    # The killed run's full-size temporary file is still there ...
    assert len(leftovers(book.parent)) == 1
    # ... until the next run: its writer is gone, so it is removed, as is the lock file.
    atomic_update(book, write_bytes(b"baru"))
    assert book.read_bytes() == b"baru"
    assert leftovers(book.parent) == []
    assert sorted(p.name for p in book.parent.iterdir() if p.name.startswith(".~")) == []


# --- symbolic links ----------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_a_symlinked_workbook_is_written_through_to_its_target(tmp_path: Path) -> None:
    shared = tmp_path / "bersama"
    shared.mkdir()
    target = shared / "laporan.xlsx"
    target.write_bytes(b"versi 1")
    link = tmp_path / "pintasan.xlsx"
    link.symlink_to(target)
    backup = atomic_update(link, write_bytes(b"versi 2"))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == b"versi 2" == link.read_bytes()
    # The backup is the target's, beside it; nothing is left beside the link.
    assert backup is not None and backup.parent == shared and backup.read_bytes() == b"versi 1"
    assert backups(link) == [backup]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bersama", "pintasan.xlsx"]
    assert leftovers(shared) == []


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_a_chain_of_links_reaches_the_file_and_excel_lock_beside_the_target_counts(
    tmp_path: Path,
) -> None:
    target = tmp_path / "asli.xlsx"
    target.write_bytes(b"isi")
    first = tmp_path / "satu.xlsx"
    first.symlink_to(target)
    second = tmp_path / "dua.xlsx"
    second.symlink_to(first)
    atomic_update(second, write_bytes(b"baru"), keep_previous=False)
    assert second.is_symlink() and first.is_symlink() and target.read_bytes() == b"baru"
    (tmp_path / "~$asli.xlsx").write_bytes(b"")  # the target is open in Excel
    with pytest.raises(WorkbookLockedError, match="sedang dibuka di Excel"):
        atomic_update(second, write_bytes(b"lagi"))
    assert target.read_bytes() == b"baru"


# --- stale temporary files ---------------------------------------------------------------------


def test_only_our_stale_temporary_files_are_removed(tmp_path: Path) -> None:
    old = time.time() - STALE_AFTER_SECONDS - 60
    mine_running = tmp_path / f".~lkjip-{HOST_TAG}-{os.getpid()}-abc.xlsx"  # this process
    other_host = tmp_path / ".~lkjip-00000000-1-abc.xlsx"  # another machine, recent
    other_host_old = tmp_path / ".~lkjip-00000000-1-def.xlsx"
    legacy_old = tmp_path / ".~lkjip-q1w2e3r4.xlsx"  # an older version's name, old
    lock = tmp_path / ".~lkjip-laporan.xlsx.kunci"
    users = [tmp_path / "laporan.xlsx", tmp_path / "~$laporan.xlsx", tmp_path / ".~lock.x#"]
    for path in [mine_running, other_host, other_host_old, legacy_old, lock, *users]:
        path.write_bytes(b"x")
    for path in (other_host_old, legacy_old, lock):
        os.utime(path, (old, old))
    removed = clean_stale_temps(tmp_path)
    assert sorted(removed) == sorted([other_host_old, legacy_old])
    assert all(p.exists() for p in [mine_running, other_host, lock, *users])


def test_a_scratch_name_is_one_the_cleaning_recognises_as_ours(tmp_path: Path) -> None:
    scratch = scratch_beside(tmp_path / "induk.xlsx")
    assert scratch.parent == tmp_path and scratch.suffix == ".xlsx" and not scratch.exists()
    assert scratch.name.startswith(f".~lkjip-{HOST_TAG}-{os.getpid()}-")
    scratch.write_bytes(b"x")
    assert clean_stale_temps(tmp_path) == []  # its writer (this process) is alive


@pytest.mark.skipif(os.name != "posix", reason="process probe is POSIX only")
def test_a_temporary_file_whose_writer_is_gone_is_removed_at_once(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    gone = tmp_path / f".~lkjip-{HOST_TAG}-{int(proc.stdout)}-xyz.xlsx"
    gone.write_bytes(b"setengah")
    assert clean_stale_temps(tmp_path) == [gone]


# --- clear messages for files that cannot be written --------------------------------------------


def test_a_read_only_workbook_is_refused_by_name(book: Path) -> None:
    original = book.read_bytes()
    book.chmod(0o444)
    called: list[Path] = []
    with pytest.raises(WriteError) as info:
        atomic_update(book, lambda tmp: called.append(tmp))
    assert str(info.value) == (
        "Berkas laporan-kinerja.xlsx bersifat hanya-baca (read-only); hapus tanda hanya-baca "
        "pada berkas itu atau simpan ke berkas lain. Berkas tidak diubah."
    )
    assert "Errno" not in str(info.value) and called == []
    assert book.read_bytes() == original and leftovers(book.parent) == []


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    path = tmp_path / "tidak-ada" / "laporan.xlsx"
    with pytest.raises(WriteError) as info:
        atomic_update(path, write_bytes(b"isi"))
    assert str(info.value) == (
        f"Folder {path.parent} tidak ada; buat foldernya dulu atau pilih folder lain."
    )
    assert not path.parent.exists()


def test_a_folder_given_as_the_workbook_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "laporan.xlsx"
    folder.mkdir()
    with pytest.raises(WriteError, match="adalah folder, bukan berkas buku kerja"):
        atomic_update(folder, write_bytes(b"isi"))
    assert folder.is_dir()


FULL_FILE_SCRIPT = textwrap.dedent(
    """
    import resource, signal, sys
    from pathlib import Path
    from lkjip_xl.workbook.safe_write import WriteError, atomic_update
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))
    try:
        atomic_update(Path(sys.argv[1]), lambda tmp: tmp.write_bytes(b"x" * 200_000))
    except WriteError as exc:
        print(exc)
    """
)


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_a_write_that_runs_out_of_room_names_the_file(book: Path, tmp_path: Path) -> None:
    """The limit on file size stands in for a full disk wherever mounting is not allowed."""
    original = book.read_bytes()
    script = tmp_path / "penuh.py"
    script.write_text(FULL_FILE_SCRIPT)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    run = subprocess.run([sys.executable, str(script), str(book)], capture_output=True,
                         text=True, env=env, timeout=60)  # fmt: skip
    assert run.stdout.strip() == (
        f"Ruang disk tidak cukup untuk menyimpan laporan-kinerja.xlsx di folder {book.parent}; "
        "kosongkan ruang disk lalu ulangi. Berkas asli tidak berubah."
    ), run.stderr
    assert book.read_bytes() == original
    assert leftovers(book.parent) == []


def test_every_os_error_becomes_one_indonesian_sentence(tmp_path: Path) -> None:
    import errno

    path = tmp_path / "laporan.xlsx"
    for code in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.ENAMETOOLONG, errno.EIO):
        text = str(write_error(OSError(code, os.strerror(code)), path))
        assert "laporan.xlsx" in text and "Errno" not in text
        assert os.strerror(code) not in text  # the system's English never reaches the user


# --- two runs on one workbook --------------------------------------------------------------------


def test_a_workbook_replaced_after_it_was_read_is_not_overwritten(book: Path) -> None:
    seen = fingerprint(book)
    atomic_update(book, write_bytes(b"ditulis proses lain"))
    with pytest.raises(WorkbookChangedError) as info:
        atomic_update(book, write_bytes(b"hasil lama"), unchanged_since=seen)
    assert "diubah oleh proses lain sejak dibaca" in str(info.value)
    assert book.read_bytes() == b"ditulis proses lain"
    assert leftovers(book.parent) == []


HOLD_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from lkjip_xl.workbook.safe_write import workbook_lock
    with workbook_lock(sys.argv[1]):
        print("memegang", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


def test_the_os_lock_makes_another_run_wait_then_refuses_clearly(book: Path, tmp_path: Path):
    script = tmp_path / "pegang.py"
    script.write_text(HOLD_SCRIPT)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.Popen([sys.executable, str(script), str(book), "30"],
                            stdout=subprocess.PIPE, text=True, env=env)  # fmt: skip
    try:
        assert proc.stdout.readline().strip() == "memegang"
        with pytest.raises(WorkbookBusyError) as info, workbook_lock(book, wait=0.3):
            pass
        assert str(info.value).startswith(
            "Buku kerja laporan-kinerja.xlsx sedang diproses oleh lkjip-xl lain"
        )
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    # Released when its holder dies: the next run takes it at once.
    # Taken again by the same thread, it is held once.
    with workbook_lock(book, wait=5), workbook_lock(book, wait=0):
        pass
    atomic_update(book, write_bytes(b"baru"))
    assert not any(p.name.endswith(".kunci") for p in book.parent.iterdir())


def test_a_workbook_with_a_name_near_the_limit_can_still_be_locked_and_written(tmp_path: Path):
    path = tmp_path / ("laporan-" + "k" * 230 + ".xlsx")  # 243 bytes: a lock name must fit too
    path.write_bytes(b"lama")
    backup = atomic_update(path, write_bytes(b"baru"))
    assert path.read_bytes() == b"baru"
    assert backups(path) == [backup] and backup is not None and backup.read_bytes() == b"lama"


def _fsynced(monkeypatch) -> list[str]:
    """The names of what ``os.fsync`` flushes from now on (the real fsync still runs)."""
    seen: list[str] = []
    real = os.fsync

    def recording(fd: int) -> None:
        seen.append(os.path.basename(os.readlink(f"/proc/self/fd/{fd}")))
        real(fd)

    monkeypatch.setattr(os, "fsync", recording)
    return seen


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names open files via /proc")
def test_a_user_file_is_flushed_and_a_staged_one_only_by_sync_files(tmp_path, monkeypatch):
    """By default the new file and its folder entry reach the disk before the call returns;
    ``durable=False`` leaves both to :func:`sync_files`, which flushes each file and each
    folder once."""
    user = tmp_path / "pengguna.xlsx"
    staged = [tmp_path / "staging" / f"unit{i}.xlsx" for i in range(3)]
    staged[0].parent.mkdir()
    seen = _fsynced(monkeypatch)
    atomic_update(user, lambda tmp: tmp.write_bytes(b"isi"))
    assert len(seen) == 2 and seen[0].startswith(TEMP_PREFIX)  # the file, before its rename
    assert seen[1] == tmp_path.name  # then the folder holding the new name
    assert user.read_bytes() == b"isi"
    seen.clear()
    for path in staged:
        atomic_update(path, lambda tmp: tmp.write_bytes(b"unit"), durable=False)
    assert seen == [] and all(p.read_bytes() == b"unit" for p in staged)
    sync_files(staged)
    assert seen == [p.name for p in staged] + ["staging"]
