"""Reading a large package part: the same bytes zipfile reads, held once while inflated."""

from __future__ import annotations

import random
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from lkjip_xl.workbook.ooxml.package import read_bounded


def _sheet_like(size: int) -> bytes:
    """Worksheet-like XML of about ``size`` bytes: compressible, yet not one repeated row."""
    rng = random.Random(7)
    rows, total, r = [], 0, 1
    while total < size:
        row = (
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{rng.getrandbits(60)}</t></is></c>'
            f'<c r="B{r}"><v>{rng.random()}</v></c></row>'
        ).encode()
        rows.append(row)
        total += len(row)
        r += 1
    return b"<worksheet><sheetData>" + b"".join(rows) + b"</sheetData></worksheet>"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    parts = {
        "xl/worksheets/sheet1.xml": _sheet_like(24 << 20),
        "xl/worksheets/sheet2.xml": _sheet_like(3 << 20),
        "xl/small.xml": b"<a/>",
        "xl/empty.xml": b"",
    }
    path = tmp_path_factory.mktemp("package") / "parts.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for i, (name, data) in enumerate(parts.items()):
            # One member stored, the others deflated: both kinds are read.
            kind = zipfile.ZIP_STORED if i == 1 else zipfile.ZIP_DEFLATED
            zf.writestr(name, data, compress_type=kind)
    return path, parts


def test_parts_read_as_zipfile_reads_them(archive: tuple[Path, dict[str, bytes]]) -> None:
    path, parts = archive
    with zipfile.ZipFile(path) as zf:
        for name, data in parts.items():
            read = read_bounded(zf, zf.getinfo(name))
            assert type(read) is bytes
            assert read == data == zf.read(name)


def test_large_part_is_held_once_while_inflated(archive: tuple[Path, dict[str, bytes]]) -> None:
    path, parts = archive
    name = "xl/worksheets/sheet1.xml"
    size = len(parts[name])
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
        tracemalloc.start()
        try:
            data = read_bounded(zf, info)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert data == parts[name]
    # zipfile's own read holds the part twice (zlib's output blocks and their join).
    assert peak < 1.3 * size


def test_a_corrupt_large_part_is_refused(archive: tuple[Path, dict[str, bytes]],
                                         tmp_path: Path) -> None:  # fmt: skip
    path, parts = archive
    name = "xl/worksheets/sheet2.xml"  # stored: its bytes are in the file as they are
    damaged = tmp_path / "damaged.zip"
    raw = bytearray(path.read_bytes())
    at = raw.find(parts[name][: 1 << 10]) + (1 << 20)
    raw[at] ^= 0xFF
    damaged.write_bytes(bytes(raw))
    with zipfile.ZipFile(damaged) as zf, pytest.raises(zipfile.BadZipFile):
        read_bounded(zf, zf.getinfo(name))
