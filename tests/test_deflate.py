"""A large part deflated on two threads: zlib inflates it back, whatever the size, and the bytes
do not depend on how the part was handed over (whole or in chunks of any size), with ISA-L's
deflate (the codec large parts use) as with zlib's (where ISA-L cannot be installed)."""

from __future__ import annotations

import random
import zlib

import pytest

from lkjip_xl.workbook.ooxml.deflate import BLOCK_BYTES, ParallelDeflate, codec

CODECS = pytest.mark.parametrize("using", [codec(), zlib], ids=lambda m: m.__name__)


def test_large_parts_are_deflated_by_isa_l() -> None:
    # Installed with the engine (pyproject.toml): zlib is only the fallback.
    assert codec().__name__ == "isal.isal_zlib"


def _deflate(data: bytes, cuts: list[int], using=None) -> bytes:
    compressor = ParallelDeflate(1, using=using)
    out, at = [], 0
    for cut in [*cuts, len(data)]:
        out.append(compressor.compress(data[at:cut]))
        at = cut
    out.append(compressor.flush())
    return b"".join(out)


def _sheet_like(size: int) -> bytes:
    rng = random.Random(7)
    row = b'<row r="%d"><c r="A%d" s="1"><v>%d.%d</v></c></row>'
    out = bytearray()
    r = 0
    while len(out) < size:
        r += 1
        out += row % (r, r, rng.randrange(1000), rng.randrange(100))
    return bytes(out[:size])


@CODECS
@pytest.mark.parametrize(
    "size", [0, 1, BLOCK_BYTES - 1, BLOCK_BYTES, 3 * BLOCK_BYTES, 3 * BLOCK_BYTES + 12_345]
)
def test_the_stream_inflates_back_and_does_not_depend_on_the_chunks(size, using):
    data = _sheet_like(size)
    whole = _deflate(data, [], using)
    assert zlib.decompress(whole, -15) == data
    rng = random.Random(size)
    cuts = sorted(rng.randrange(size + 1) for _ in range(40)) if size else []
    assert _deflate(data, cuts, using) == whole
    assert _deflate(data, list(range(0, size, 65_536)), using) == whole


@CODECS
def test_the_stream_compresses_about_as_well_as_one_zlib_deflate(using):
    data = _sheet_like(4 * BLOCK_BYTES)
    one = zlib.compressobj(1, zlib.DEFLATED, -15)
    single = one.compress(data) + one.flush()
    assert len(_deflate(data, [], using)) <= 1.02 * len(single)
