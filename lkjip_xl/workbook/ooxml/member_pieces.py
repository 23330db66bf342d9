"""A package member inflated piece by piece, never held whole: what a search of a roster's
sheet for one kind of element needs (collect's search for formulas, beside the master's read).

A deflated member of a package file is inflated by the large-part codec (ISA-L's, about five
times zlib's speed on a roster's sheet, :func:`~.deflate.codec`) from its raw bytes; anything
else (a stored member, an encrypted one) is read through :mod:`zipfile`. The inflate stops at
the member's declared size: what a hostile archive would make of it beyond is never made.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lkjip_xl.workbook.ooxml.deflate import codec
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.package import MAX_PART_BYTES

__all__ = ["PIECE_BYTES", "inflated_pieces"]

#: About how large each piece handed over is (uncompressed).
PIECE_BYTES = 1 << 20
#: How much compressed data is read from the file at once.
_RAW_BYTES = 1 << 18
#: A local file header (as :mod:`zipfile` reads it): signature, versions, flags, method, time,
#: date, CRC, sizes, then the lengths of the name and the extra field that follow it.
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_NAME_LENGTH, _EXTRA_LENGTH = 10, 11


def inflated_pieces(path: Path, part: str) -> Iterator[bytes]:
    """The member ``part`` of the package at ``path``, inflated in pieces of about
    :data:`PIECE_BYTES` (a damaged stream raises :class:`zipfile.BadZipFile` or
    ``zlib.error``; one that runs past the declared size, :class:`PackageError`)."""
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
        yield from _inflate(raw, info)


def _inflate(raw: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"Bad file header for {info.filename}")
    fields = _LOCAL_HEADER.unpack(header)
    raw.seek(fields[_NAME_LENGTH] + fields[_EXTRA_LENGTH], 1)
    inflater = codec().decompressobj(-15)
    left, made = info.compress_size, 0
    while left > 0 or inflater.unconsumed_tail:
        if inflater.unconsumed_tail:
            data = inflater.unconsumed_tail
        else:
            data = raw.read(min(_RAW_BYTES, left))
            if not data:
                raise zipfile.BadZipFile(f"Truncated data for {info.filename}")
            left -= len(data)
        piece = inflater.decompress(data, PIECE_BYTES)
        made += len(piece)
        if made > info.file_size:
            raise PackageError(f"Bagian {info.filename} lebih besar dari ukuran yang tercatat.")
        if piece:
            yield piece
