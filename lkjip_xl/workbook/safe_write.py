"""Replace a workbook file atomically, keep its previous versions, and respect every lock.

A recompute must never leave a half-written workbook behind, even if the process is killed or
the machine loses power mid-write: the new content is written to a hidden temporary file in
the same directory (so the final rename stays on one file system), flushed to disk, and only
then renamed over the original.

This module is the one place that decides whether a workbook may be written now: open in
Excel (:func:`refuse_if_open`), held by another run of lkjip_xl (:func:`workbook_lock`, an
OS-level lock), changed since it was read (``unchanged_since``), read-only, or on a full disk
(:class:`WriteError`, one Indonesian sentence naming the file). It also puts files in place
(:func:`atomic_update`, :func:`write_atomic`): templates, new workbooks, recomputed workbooks
and archived copies alike. A symbolic link is written through: its target gets the new
content and the link stays a link.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import shutil
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

__all__ = [
    "HOST_TAG",
    "KEEP_BACKUPS",
    "STALE_AFTER_SECONDS",
    "Fingerprint",
    "WorkbookBusyError",
    "WorkbookChangedError",
    "WorkbookLockedError",
    "WriteError",
    "atomic_update",
    "backup_path",
    "backups",
    "clean_stale_temps",
    "fingerprint",
    "lock_files",
    "refuse_if_open",
    "scratch_beside",
    "sync_files",
    "workbook_lock",
    "write_atomic",
    "write_error",
]

TEMP_PREFIX = ".~lkjip-"
LOCK_SUFFIX = ".kunci"
BACKUP_TAG = ".sebelumnya"
#: How many earlier versions of a workbook are kept beside it.
KEEP_BACKUPS = 5
#: A temporary file of ours this old is left over from a run that died (a write keeps
#: touching its file; the longest real write takes seconds).
STALE_AFTER_SECONDS = 30 * 60
#: How long a write waits for another run of lkjip_xl to finish with the same workbook.
LOCK_WAIT_SECONDS = 60.0


# Temporary names carry the writer's host and process, so that a file left by a killed run is
# recognised as soon as the process is gone (on the same host; elsewhere by its age).
def _host_name() -> str:
    """``socket.gethostname()``: on POSIX the same name read from ``uname`` (every click would
    otherwise import the socket module only for it)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


HOST_TAG = hashlib.sha1(_host_name().encode("utf-8", "replace")).hexdigest()[:8]
_OURS = re.compile(r"\.~lkjip-(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-")

Fingerprint = tuple[int, int, int, int]


class WorkbookLockedError(PermissionError):
    """The workbook is open in Excel (its lock file exists) or held by another program.

    A :class:`PermissionError`: the file may not be written now, for the same reason Windows
    refuses to replace a file that another program holds open.
    """

    def __init__(self, path: Path, lock_file: Path | None = None, message: str = "") -> None:
        self.path = path
        self.lock_file = lock_file
        if message:
            pass
        elif lock_file is not None:
            # Excel and LibreOffice leave their lock file behind when killed or crashed; the
            # file is hidden, so a user who closed every window had nothing left to try.
            program = _program_of(lock_file, path)
            message = (
                f"{_noun(path)} sedang dibuka di {program} (berkas kunci {lock_file.name} ada); "
                f"tutup dulu lalu ulangi. Bila {program} sudah ditutup dan tidak ada orang lain "
                f"yang membukanya, berkas kunci itu tertinggal dari {program} yang tertutup "
                f"paksa: hapus berkas tersembunyi {lock_file} lalu ulangi."
            )
        else:
            message = (
                f"{_noun(path)} {path.name} sedang dipakai program lain; tutup dulu lalu ulangi."
            )
        super().__init__(message)


class WorkbookBusyError(WorkbookLockedError):
    """Another run of lkjip_xl held the workbook longer than we wait."""

    def __init__(self, path: Path, waited: float) -> None:
        super().__init__(
            path,
            message=(
                f"Buku kerja {path.name} sedang diproses oleh lkjip-xl lain (sudah ditunggu "
                f"{waited:.0f} detik); ulangi setelah proses itu selesai. Berkas tidak diubah."
            ),
        )


class WorkbookChangedError(WorkbookLockedError):
    """The workbook was replaced after it was read: writing would lose the other change."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            message=(
                f"Buku kerja {path.name} diubah oleh proses lain sejak dibaca; hasil ini tidak "
                "disimpan agar perubahan itu tidak hilang. Jalankan perintahnya sekali lagi."
            ),
        )


class WriteError(OSError):
    """A file could not be written (read-only, full disk, missing folder, ...).

    The message is one Indonesian sentence naming the file; ``errno`` is the system's code.
    """

    def __init__(self, code: int | None, message: str, path: Path) -> None:
        super().__init__(message)  # one argument: str() is the sentence, not "[Errno n] ..."
        self.errno = code
        self.path = path


def write_error(exc: OSError, path: Path) -> WriteError:
    """The Indonesian sentence for an OS error met while writing ``path``."""
    code = exc.errno
    name, folder = path.name, path.parent
    kept = "Berkas asli tidak berubah."
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        text = (
            f"Ruang disk tidak cukup untuk menyimpan {name} di folder {folder}; kosongkan ruang "
            f"disk lalu ulangi. {kept}"
        )
    elif code == errno.EROFS:
        text = (
            f"Folder {folder} berada di media hanya-baca, sehingga {name} tidak dapat disimpan; "
            f"salin ke folder lain lalu ulangi. {kept}"
        )
    elif code in (errno.EACCES, errno.EPERM):
        if path.exists() and _read_only(path):
            text = _read_only_text(path)
        else:
            text = (
                f"Tidak ada izin menulis di folder {folder}, sehingga {name} tidak dapat "
                f"disimpan; minta izin menulis atau simpan ke folder lain. {kept}"
            )
    elif code == errno.ENOENT and not folder.is_dir():
        text = f"Folder {folder} tidak ada; buat foldernya dulu atau pilih folder lain."
    elif code == errno.ENAMETOOLONG:
        text = f"Nama berkas {name} terlalu panjang untuk sistem berkas ini; pakai nama pendek."
    else:
        reason = errno.errorcode.get(code, "tidak dikenal") if code is not None else "tidak dikenal"
        text = f"{name} tidak dapat disimpan di folder {folder} (kesalahan sistem {reason}). {kept}"
    return WriteError(code, text, path)


def _read_only(path: Path) -> bool:
    # The mode bits too: root may write anywhere, but a file marked read-only (Windows'
    # attribute shows as a mode without write bits) is one the user asked to keep as it is.
    mode = path.stat().st_mode
    return not stat.S_IMODE(mode) & 0o222 or not os.access(path, os.W_OK)


def _read_only_text(path: Path) -> str:
    return (
        f"Berkas {path.name} bersifat hanya-baca (read-only); hapus tanda hanya-baca pada "
        "berkas itu atau simpan ke berkas lain. Berkas tidak diubah."
    )


def lock_files(path: str | Path) -> list[Path]:
    """Where Excel and LibreOffice put the lock file of ``path``.

    Excel writes ``~$`` + the file name, and for longer names drops the first two characters
    of the name so that the lock name stays as long as the original. LibreOffice writes
    ``.~lock.`` + the file name + ``#``; a workbook replaced under it is written back with the
    old content by its next save in Calc.
    """
    path = Path(path)
    name = path.name
    candidates = [path.with_name("~$" + name)]
    if len(name) > 2:
        candidates.append(path.with_name("~$" + name[2:]))
    candidates.append(path.with_name(LIBREOFFICE_LOCK.format(name=name)))
    return candidates


#: LibreOffice's lock file of a document named ``name``.
LIBREOFFICE_LOCK = ".~lock.{name}#"


#: Word's documents: the report ``laporan`` writes. Word leaves the same ``~$`` lock file as
#: Excel, and a user told that a "workbook" is open "in Excel" looks for the wrong window.
_WORD_SUFFIXES = (".docx", ".doc")


def _noun(path: Path) -> str:
    return "Dokumen" if path.suffix.lower() in _WORD_SUFFIXES else "Buku kerja"


def _program_of(lock_file: Path, path: Path) -> str:
    if lock_file.name.startswith(".~lock."):
        return "LibreOffice"
    return "Word" if path.suffix.lower() in _WORD_SUFFIXES else "Excel"


def _target(path: Path) -> Path:
    """The file that holds ``path``'s content: the end of its chain of symbolic links."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _backup_stem(path: Path) -> str:
    """The workbook's stem, shortened when a backup's name would not fit in 255 bytes."""
    stem = path.stem
    room = 250 - len(f"{BACKUP_TAG}-YYYYMMDD-HHMMSS-99{path.suffix}".encode())
    while len(stem.encode("utf-8", "surrogateescape")) > room:
        stem = stem[:-1]
    return stem


def backup_path(path: str | Path, when: datetime | None = None) -> Path:
    """``laporan.xlsx`` -> ``laporan.sebelumnya-20261205-221003.xlsx``, beside it."""
    path = Path(path)
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{_backup_stem(path)}{BACKUP_TAG}-{stamp}{path.suffix}")


def _backup_pattern(path: Path) -> re.Pattern[str]:
    return re.compile(
        re.escape(_backup_stem(path) + BACKUP_TAG)
        + r"-(\d{8}-\d{6})(?:-(\d+))?"
        + re.escape(path.suffix)
        + r"\Z"
    )


def backups(path: str | Path) -> list[Path]:
    """The kept earlier versions of ``path`` (of its target, for a link), newest first."""
    target = _target(Path(path))
    pattern = _backup_pattern(target)
    found = []
    with contextlib.suppress(OSError):
        for entry in target.parent.iterdir():
            m = pattern.match(entry.name)
            if m:
                found.append(((m.group(1), int(m.group(2) or 0)), entry))
    return [p for _key, p in sorted(found, reverse=True)]


def refuse_if_open(path: str | Path) -> None:
    """Raise :class:`WorkbookLockedError` when Excel's or LibreOffice's lock file of ``path``
    exists (beside the link and beside its target, for a symbolic link)."""
    path = Path(path)
    for place in dict.fromkeys((path, _target(path))):
        for lock in lock_files(place):
            if lock.exists():
                raise WorkbookLockedError(path, lock)


def fingerprint(path: str | Path) -> Fingerprint | None:
    """What identifies the current version of the file at ``path`` (None when missing): any
    replacement or write changes it."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


# --- the OS-level lock of a workbook ---------------------------------------------------------

_held: dict[tuple[str, int], list[Any]] = {}  # (lock file, thread) -> [fd or None, depth]
_held_guard = threading.Lock()


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
            # A network share without locks: go on; the read-version check in atomic_update
            # still refuses to overwrite what another run wrote.
            return True
        raise
    return True


def _release(fd: int, lock: Path) -> None:
    if sys.platform == "win32":
        import msvcrt

        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.close(fd)
        with contextlib.suppress(OSError):
            lock.unlink()
        return
    # Removed while still held: a run waiting on the removed file sees that it is gone and
    # takes a fresh one, so two runs never both believe they hold the lock.
    with contextlib.suppress(OSError):
        lock.unlink()
    os.close(fd)


def _acquire(lock: Path, path: Path, wait: float) -> int | None:
    start = time.monotonic()
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                # A folder nobody may write: no run can replace the workbook there, so there
                # is nothing to lock (a write is refused by its own checks).
                return None
            raise write_error(exc, path) from exc
        try:
            if _try_lock(fd):
                try:
                    same = os.path.samestat(os.fstat(fd), os.stat(lock))
                except FileNotFoundError:
                    same = False
                if same:
                    return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        waited = time.monotonic() - start
        if waited >= wait:
            raise WorkbookBusyError(path, waited)
        time.sleep(0.05)


@contextlib.contextmanager
def workbook_lock(path: str | Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the OS-level lock of the workbook ``path`` (of its target, for a link).

    Another run of lkjip_xl on the same workbook waits here, up to ``wait`` seconds, then is
    refused with :class:`WorkbookBusyError`. The lock is a hidden file ``.~lkjip-NAME.kunci``
    beside the workbook, locked with ``flock`` (``msvcrt.locking`` on Windows) and removed when
    released; the system releases it when a run dies. Taken again by the same thread, it is
    held once.
    """
    path = Path(path)
    target = _target(path)
    name = target.name
    if len(name.encode("utf-8", "surrogateescape")) > 200:  # room for the prefix and suffix
        name = hashlib.sha1(name.encode("utf-8", "surrogateescape")).hexdigest()
    lock = target.with_name(f"{TEMP_PREFIX}{name}{LOCK_SUFFIX}")
    key = (str(lock), threading.get_ident())
    with _held_guard:
        entry = _held.get(key)
        if entry is not None:
            entry[1] += 1
    if entry is None:
        if not target.parent.is_dir():
            raise write_error(OSError(errno.ENOENT, "missing"), target)
        fd = _acquire(lock, path, wait)
        with _held_guard:
            _held[key] = [fd, 1]
    try:
        yield
    finally:
        with _held_guard:
            entry = _held[key]
            entry[1] -= 1
            last = entry[1] == 0
            if last:
                del _held[key]
        if last and entry[0] is not None:
            _release(entry[0], lock)


# --- temporary files -------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def clean_stale_temps(directory: str | Path, *, max_age: float = STALE_AFTER_SECONDS) -> list[Path]:
    """Remove the temporary files a killed run of lkjip_xl left in ``directory``.

    Only ours (hidden ``.~lkjip-*``, never a lock file), and only stale ones: written by a
    process of this host that is gone, or untouched for ``max_age`` seconds. Returns what was
    removed; a file that cannot be removed is left alone.
    """
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.startswith(TEMP_PREFIX) or name.endswith(LOCK_SUFFIX):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        stale = now - st.st_mtime > max_age
        m = _OURS.match(name)
        # os.kill(pid, 0) is only a probe on POSIX; on Windows it would end the process.
        if not stale and m and m["host"] == HOST_TAG and os.name == "posix":
            pid = int(m["pid"])
            stale = pid != os.getpid() and not _alive(pid)
        if stale:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a directory this way.
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some network file systems refuse; the rename has happened all the same
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def scratch_beside(path: str | Path) -> Path:
    """A free hidden name beside ``path`` for a scratch copy (``.~lkjip-HOST-PID-*``): one that
    a killed run leaves behind is removed by the next write in that folder as soon as its
    process is gone. The caller creates and removes the file."""
    path = Path(path)
    return path.with_name(
        f"{TEMP_PREFIX}{HOST_TAG}-{os.getpid()}-{secrets.token_hex(4)}{path.suffix}"
    )


def _temp_beside(path: Path, suffix: str) -> Path:
    prefix = f"{TEMP_PREFIX}{HOST_TAG}-{os.getpid()}-"
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=path.parent)
    os.close(fd)
    return Path(name)


def _keep_backup(target: Path) -> Path:
    """Copy ``target`` to a new timestamped backup beside it; drop all but the newest few."""
    backup = backup_path(target)
    n = 1
    while backup.exists():
        n += 1
        backup = backup.with_name(f"{backup_path(target).stem}-{n}{target.suffix}")
    # The old version's own file becomes the backup: the update then puts a new file at the
    # target's name, so nothing writes into the linked one again, and no copy or flush is paid.
    with contextlib.suppress(OSError):
        os.link(target, backup)
        _drop_old_backups(target)
        return backup
    # Where links are not possible (some shares, FAT): copied through a temporary name so that
    # a crash never leaves a torn backup.
    backup_tmp = _temp_beside(target, target.suffix)
    try:
        shutil.copy2(target, backup_tmp)
        _fsync_file(backup_tmp)
        os.replace(backup_tmp, backup)
    except BaseException:
        with contextlib.suppress(OSError):
            backup_tmp.unlink(missing_ok=True)
        raise
    _drop_old_backups(target)
    return backup


def _drop_old_backups(target: Path) -> None:
    for old in backups(target)[KEEP_BACKUPS:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _check_writable(path: Path, target: Path) -> None:
    if not target.parent.is_dir():
        raise write_error(OSError(errno.ENOENT, "missing"), target)
    if target.is_dir():
        raise WriteError(
            errno.EISDIR, f"{path} adalah folder, bukan berkas buku kerja; sebut nama berkasnya.",
            target,
        )  # fmt: skip
    if hasattr(os, "statvfs") and os.statvfs(target.parent).f_flag & os.ST_RDONLY:
        raise write_error(OSError(errno.EROFS, "read-only file system"), target)
    if target.exists() and _read_only(target):
        raise WriteError(errno.EACCES, _read_only_text(target), target)
    if not os.access(target.parent, os.W_OK):
        raise write_error(OSError(errno.EACCES, "folder"), target)


def atomic_update(
    path: str | Path,
    produce: Callable[[Path], object],  # what it returns is not used
    *,
    keep_previous: bool = True,
    unchanged_since: Fingerprint | None = None,
    durable: bool = True,
) -> Path | None:
    """Replace ``path`` with what ``produce(tmp)`` writes to ``tmp``, atomically.

    Refuses with :class:`WorkbookLockedError` when Excel's lock file ``~$...`` is beside the
    workbook, and with :class:`WriteError` (an Indonesian sentence naming the file) when the
    workbook is read-only, its folder is missing or not writable, or the disk is full. A
    symbolic link is written through: its target is replaced, the link stays.

    While the OS-level lock of the workbook is held (:func:`workbook_lock`), ``produce``
    writes the complete new file to the temporary path it is given (in the same directory,
    hidden name ``.~lkjip-*``); the file is flushed to disk, the current version is copied to
    a timestamped backup ``<stem>.sebelumnya-YYYYMMDD-HHMMSS<suffix>`` (the newest
    :data:`KEEP_BACKUPS` are kept) when ``keep_previous`` is true, and the new file is renamed
    over the target. With ``unchanged_since`` (the :func:`fingerprint` of the file when it was
    read), a file replaced meanwhile by another run is refused with
    :class:`WorkbookChangedError` instead of being overwritten. If anything fails, the
    temporary file is removed and ``path`` is untouched. Stale temporary files of killed runs
    are removed from the folder first (:func:`clean_stale_temps`).

    Returns the backup path, or None when no backup was made (``keep_previous`` false, or
    ``path`` did not exist yet).

    ``durable=False`` leaves the flushing to the caller (no fsync of the file, nor of the
    folder after the rename): only for a new file in a staging folder of the caller's, which
    is flushed once, all files together, with :func:`sync_files` before it is moved where a
    user sees it. A user's file is always written durably.
    """
    path = Path(path)
    target = _target(path)
    refuse_if_open(path)
    _check_writable(path, target)
    with workbook_lock(path):
        clean_stale_temps(target.parent)
        with _os_failure_said(target):
            return _replace(path, target, produce, keep_previous, unchanged_since, durable)


@contextlib.contextmanager
def _os_failure_said(target: Path) -> Iterator[None]:
    """An operating system's failure inside said as a :class:`WriteError` naming ``target``."""
    try:
        yield
    except WorkbookLockedError:
        raise
    except OSError as exc:
        if isinstance(exc, WriteError):
            raise
        raise write_error(exc, target) from exc


def _replace(
    path: Path,
    target: Path,
    produce: Callable[[Path], object],
    keep_previous: bool,
    unchanged_since: Fingerprint | None,
    durable: bool,
) -> Path | None:
    tmp = _temp_beside(target, target.suffix)
    backup: Path | None = None
    try:
        produce(tmp)
        if durable:
            _fsync_file(tmp)
        exists = target.exists()
        # mkstemp creates the file private (0600): a replaced workbook keeps its permissions,
        # a new one gets the usual ones.
        if exists:
            shutil.copymode(target, tmp)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        # Excel may have opened the workbook while we were producing the new version, and
        # another run may have replaced it since it was read.
        refuse_if_open(path)
        if unchanged_since is not None and fingerprint(target) != unchanged_since:
            raise WorkbookChangedError(path)
        if keep_previous and exists:
            backup = _keep_backup(target)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            # On Windows a workbook held open by another program cannot be replaced.
            raise WorkbookLockedError(path) from exc
        if durable:
            _fsync_dir(target.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    return backup


def sync_files(paths: Iterable[Path]) -> None:
    """Flush the files written with ``durable=False`` (and their folders' entries) to disk.

    One pass at the end: the first fsync writes back most of what the others would, where one
    per file, in the middle of the writing, each waited for the disk."""
    folders: dict[Path, None] = {}
    for path in paths:
        _fsync_file(path)
        folders[path.parent] = None
    for folder in folders:
        _fsync_dir(folder)


def write_named_by_content(path: str | Path, data: bytes) -> None:
    """Put ``data`` at ``path``, a new file whose name holds the SHA-256 of its content (a
    file collect archives), durably and atomically as :func:`write_atomic` does, without the
    guards of a user's workbook: its OS-level lock and a sweep of the folder's stale temporary
    files on every write. Two runs writing one such name write the same bytes, each through
    its own temporary file; and the sweep read the whole folder for every file, an archive
    growing by a few hundred files per collection: the caller sweeps it once
    (:func:`clean_stale_temps`) before writing many."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(exc, path.parent) from exc
    target = _target(path)
    _check_writable(path, target)
    with _os_failure_said(target):
        _replace(path, target, lambda tmp: tmp.write_bytes(data), False, None, True)


def write_atomic(path: str | Path, data: bytes, *, keep_previous: bool = False) -> Path | None:
    """Put ``data`` at ``path`` as :func:`atomic_update` does (its folder is created when
    missing); returns the backup path, as :func:`atomic_update` does."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(exc, path.parent) from exc
    return atomic_update(path, lambda tmp: tmp.write_bytes(data), keep_previous=keep_previous)
