"""A large part inflated in a worker thread while the caller searches it piece by piece.

The inflate (ISA-L's, or zlib's, as :func:`~.package.read_in_pieces` does it) runs without the
GIL, and a regular expression search holds it: a roster's worksheet (~90 MB of XML) is inflated
on the second core while the first one searches what has arrived, so the search costs no time
of its own before python-calamine may read the sheet."""

from __future__ import annotations

import queue
import re
import threading
import zipfile
from collections.abc import Sequence
from typing import NamedTuple

from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.package import MAX_PART_BYTES, read_in_pieces

__all__ = ["CHUNK_BYTES", "Inflated", "inflate_searching"]

#: The pieces the worker hands over are at most this large.
CHUNK_BYTES = 1 << 20
#: How many pieces may wait for the search.
QUEUED_PIECES = 4
#: How far a match may reach back into the piece before: the patterns searched this way match
#: at most a cell reference (`` r="XFD1048576``, 15 bytes).
OVERLAP = 32

_END = object()


class Inflated(NamedTuple):
    """A part inflated while it was searched."""

    content: bytes
    #: Where the pattern first matches (-1: nowhere).
    found: int
    #: Where the last of the bytes watched for stands (-1: nowhere, or none watched for).
    last_watched: int


def inflate_searching(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    pattern: re.Pattern[bytes],
    watch: Sequence[bytes] = (),
) -> Inflated:
    """The member's content, where ``pattern`` first matches in it, and where the last of the
    single bytes ``watch`` stands.

    The search for ``watch`` runs on each piece as it arrives, still in the cache after the
    pattern's search: on a roster's sheet (~90 MB) ~0.01 s, where a search of the whole part
    afterwards, reading it from memory again, took ~0.04 s before calamine could start.

    Bounded as :func:`~.package.read_bounded` is: a declared size beyond
    :data:`~.package.MAX_PART_BYTES` is refused, the inflate stops at the declared size and the
    CRC is checked. A match longer than :data:`OVERLAP` bytes may be missed across two pieces.
    """
    assert all(len(b) == 1 for b in watch), "single bytes: a piece's seams split none"
    if info.file_size > MAX_PART_BYTES:
        raise PackageError(f"Bagian {info.filename} terlalu besar untuk diproses.")
    # Bounded: a searcher slowed down (a busy machine) holds a few pieces, not the whole part.
    pieces: queue.Queue[object] = queue.Queue(maxsize=QUEUED_PIECES)
    content: list[bytes] = []
    failed: list[BaseException] = []

    def inflate() -> None:
        try:
            content.append(read_in_pieces(zf, info, pieces.put))
        except BaseException as exc:  # raised in the caller's thread, as a read there would
            failed.append(exc)
        finally:
            pieces.put(_END)

    worker = threading.Thread(target=inflate, name="lkjip-xl-inflate", daemon=True)
    worker.start()
    found = last = -1
    offset = 0  # where ``tail`` starts in the part
    at = 0  # where ``chunk`` starts in the part
    tail = b""
    while (chunk := pieces.get()) is not _END:
        assert isinstance(chunk, bytes)
        for byte in watch:
            where = chunk.rfind(byte)
            if where >= 0:
                last = max(last, at + where)
        at += len(chunk)
        if found < 0:
            window = tail + chunk
            hit = pattern.search(window)
            if hit is not None:
                found = offset + hit.start()
            keep = min(OVERLAP, len(window))
            offset += len(window) - keep
            tail = window[len(window) - keep :]
    worker.join()
    if failed:
        raise failed[0]
    return Inflated(content[0], found, last)
