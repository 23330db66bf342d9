"""Replace a workbook file atomically, keep its previous version, and respect Excel's lock.

A recompute must never leave a half-written workbook behind, even if the process is killed or
the machine loses power mid-write: the new content is written to a hidden temporary file in
the same directory (so the final rename stays on one file system), flushed to disk, and only
then renamed over the original.

This module is the one place that decides whether a workbook is open in Excel
(:func:`refuse_if_open`) and that puts a file in place atomically (:func:`atomic_update`,
:func:`write_atomic`): templates, new workbooks, recomputed workbooks and archived copies alike.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = [
    "WorkbookLockedError",
    "atomic_update",
    "backup_path",
    "lock_files",
    "refuse_if_open",
    "write_atomic",
]

TEMP_PREFIX = ".~lkjip-"
BACKUP_TAG = ".sebelumnya"


class WorkbookLockedError(PermissionError):
    """The workbook is open in Excel (its lock file exists) or held by another program.

    A :class:`PermissionError`: the file may not be written now, for the same reason Windows
    refuses to replace a file that another program holds open.
    """

    def __init__(self, path: Path, lock_file: Path | None = None) -> None:
        self.path = path
        self.lock_file = lock_file
        if lock_file is not None:
            message = (
                f"Buku kerja sedang dibuka di Excel (berkas kunci {lock_file.name} ada); "
                "tutup dulu lalu ulangi."
            )
        else:
            message = f"Buku kerja {path.name} sedang dipakai program lain; tutup dulu lalu ulangi."
        super().__init__(message)


def lock_files(path: str | Path) -> list[Path]:
    """Where Excel puts the lock file of ``path``.

    Excel writes ``~$`` + the file name, and for longer names drops the first two characters
    of the name so that the lock name stays as long as the original.
    """
    path = Path(path)
    name = path.name
    candidates = [path.with_name("~$" + name)]
    if len(name) > 2:
        candidates.append(path.with_name("~$" + name[2:]))
    return candidates


def backup_path(path: str | Path) -> Path:
    """``laporan.xlsx`` -> ``laporan.sebelumnya.xlsx``, beside it."""
    path = Path(path)
    return path.with_name(f"{path.stem}{BACKUP_TAG}{path.suffix}")


def refuse_if_open(path: str | Path) -> None:
    """Raise :class:`WorkbookLockedError` when Excel's lock file of ``path`` exists."""
    path = Path(path)
    for lock in lock_files(path):
        if lock.exists():
            raise WorkbookLockedError(path, lock)


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


def _temp_beside(path: Path, suffix: str) -> Path:
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=suffix, dir=path.parent)
    os.close(fd)
    return Path(name)


def atomic_update(
    path: str | Path,
    produce: Callable[[Path], object],  # what it returns is not used
    *,
    keep_previous: bool = True,
) -> Path | None:
    """Replace ``path`` with what ``produce(tmp)`` writes to ``tmp``, atomically.

    Refuses with :class:`WorkbookLockedError` when Excel's lock file ``~$...`` is beside the
    workbook. ``produce`` writes the complete new file to the temporary path it is given (in
    the same directory, hidden name ``.~lkjip-*``); the file is flushed to disk, the current
    version is copied to ``<stem>.sebelumnya<suffix>`` (replacing an older backup) when
    ``keep_previous`` is true, and the new file is renamed over ``path``. If anything fails,
    the temporary file is removed and ``path`` is untouched.

    Returns the backup path, or None when no backup was made (``keep_previous`` false, or
    ``path`` did not exist yet).
    """
    path = Path(path)
    refuse_if_open(path)
    tmp = _temp_beside(path, path.suffix)
    backup: Path | None = None
    backup_tmp: Path | None = None
    try:
        produce(tmp)
        _fsync_file(tmp)
        exists = path.exists()
        # mkstemp creates the file private (0600): a replaced workbook keeps its permissions,
        # a new one gets the usual ones.
        if exists:
            shutil.copymode(path, tmp)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        # Excel may have opened the workbook while we were producing the new version.
        refuse_if_open(path)
        if keep_previous and exists:
            backup = backup_path(path)
            # Copied through a temporary name so that a crash never leaves a torn backup in
            # place of the older, good one.
            backup_tmp = _temp_beside(path, path.suffix)
            shutil.copy2(path, backup_tmp)
            _fsync_file(backup_tmp)
            os.replace(backup_tmp, backup)
            backup_tmp = None
        try:
            os.replace(tmp, path)
        except PermissionError as exc:
            # On Windows a workbook held open by another program cannot be replaced.
            raise WorkbookLockedError(path) from exc
        _fsync_dir(path.parent)
    except BaseException:
        for leftover in (tmp, backup_tmp):
            if leftover is not None:
                with contextlib.suppress(OSError):
                    leftover.unlink(missing_ok=True)
        raise
    return backup


def write_atomic(path: str | Path, data: bytes, *, keep_previous: bool = False) -> Path | None:
    """Put ``data`` at ``path`` as :func:`atomic_update` does (its folder is created when
    missing); returns the backup path, as :func:`atomic_update` does."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic_update(path, lambda tmp: tmp.write_bytes(data), keep_previous=keep_previous)
