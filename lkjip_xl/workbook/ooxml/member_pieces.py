"""A package member inflated piece by piece, never held whole: what a search of a roster's
sheet for one kind of element needs (collect's search for formulas, beside the master's read).

A deflated member of a package file is inflated by the large-part codec as the package's own
reads inflate it (:func:`~.package.inflated_chunks`: ISA-L's, the local header, size and CRC
checked as zipfile checks them); anything else (a stored member, an encrypted one) is read
through :mod:`zipfile`. Nothing beyond the member's declared size is ever made.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.package import MAX_PART_BYTES, inflated_chunks

__all__ = ["PIECE_BYTES", "inflated_pieces"]

#: At most how large each piece handed over is (uncompressed).
PIECE_BYTES = 1 << 20


def inflated_pieces(path: Path, part: str) -> Iterator[bytes]:
    """The member ``part`` of the package at ``path``, inflated in pieces of at most
    :data:`PIECE_BYTES` (a damaged stream, or one that runs past the declared size, raises
    :class:`zipfile.BadZipFile` as zipfile would)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
        if info.file_size > MAX_PART_BYTES:
            raise PackageError(f"Bagian {info.filename} terlalu besar untuk diproses.")
        if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1:
            with archive.open(info) as stream:
                while piece := stream.read(PIECE_BYTES):
                    yield piece
            return
    with open(path, "rb") as raw:
        yield from inflated_chunks(raw, info)
