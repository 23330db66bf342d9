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

from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.package import MAX_PART_BYTES, read_in_pieces

__all__ = ["CHUNK_BYTES", "inflate_searching"]

#: The pieces the worker hands over are at most this large.
CHUNK_BYTES = 1 << 20
#: How many pieces may wait for the search.
QUEUED_PIECES = 4
#: How far a match may reach back into the piece before: the patterns searched this way match
#: at most a cell reference (`` r="XFD1048576``, 15 bytes).
OVERLAP = 32

_END = object()


def inflate_searching(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, pattern: re.Pattern[bytes]
) -> tuple[bytes, int]:
    """The member's content, and where ``pattern`` first matches in it (-1: nowhere).

    Bounded as :func:`~.package.read_bounded` is: a declared size beyond
    :data:`~.package.MAX_PART_BYTES` is refused, the inflate stops at the declared size and the
    CRC is checked. A match longer than :data:`OVERLAP` bytes may be missed across two pieces.
    """
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
    found = -1
    offset = 0  # where ``tail`` starts in the part
    tail = b""
    while (chunk := pieces.get()) is not _END:
        assert isinstance(chunk, bytes)
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
    return content[0], found
