"""Reading a large package part: the same bytes zipfile reads, held once while inflated."""

from __future__ import annotations

import random
import tracemalloc
import zipfile
import zlib
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


def _damaged_copy(path: Path, tmp_path: Path, change) -> Path:
    """A copy of ``path`` whose deflated sheet1.xml member was changed by ``change``."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    change(data, info)
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    return damaged


def _data_start(data: bytearray, info: zipfile.ZipInfo) -> int:
    at = info.header_offset
    name_len, extra_len = (
        int.from_bytes(data[at + 26 : at + 28], "little"),
        int.from_bytes(data[at + 28 : at + 30], "little"),
    )
    return at + 30 + name_len + extra_len


def _flip_middle(data: bytearray, info: zipfile.ZipInfo) -> None:
    data[_data_start(data, info) + info.compress_size // 2] ^= 0x55


def _cut_short(data: bytearray, info: zipfile.ZipInfo) -> None:
    # The deflate stream loses its last half, replaced by zeros (stored blocks of nothing).
    start = _data_start(data, info)
    half = info.compress_size // 2
    data[start + half : start + info.compress_size] = bytes(info.compress_size - half)


def _wrong_crc(data: bytearray, info: zipfile.ZipInfo) -> None:
    # The CRC of the local header and of the central directory alike.
    crc = info.CRC.to_bytes(4, "little")
    wrong = (info.CRC ^ 1).to_bytes(4, "little")
    data[:] = data.replace(crc, wrong)


@pytest.mark.parametrize("change", [_flip_middle, _cut_short, _wrong_crc])
def test_a_damaged_large_deflated_part_is_refused_as_zipfile_refuses_it(
    archive: tuple[Path, dict[str, bytes]], tmp_path: Path, change
) -> None:
    _refused_as_zipfile_refuses(_damaged_copy(archive[0], tmp_path, change))


def _refused_as_zipfile_refuses(damaged: Path) -> None:
    name = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(damaged) as zf:
        info = zf.getinfo(name)
        with pytest.raises((zipfile.BadZipFile, zlib.error)):
            zf.read(name)  # what zipfile itself says of it
        with pytest.raises(zipfile.BadZipFile):
            read_bounded(zf, info)


def test_a_large_part_declared_smaller_than_it_inflates_is_refused(
    archive: tuple[Path, dict[str, bytes]],
) -> None:
    path, parts = archive
    name = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
        info.file_size = len(parts[name]) - 1000
        with pytest.raises(zipfile.BadZipFile):
            read_bounded(zf, info)
        info.file_size = len(parts[name]) + 1000
        with pytest.raises(zipfile.BadZipFile):
            read_bounded(zf, info)


def test_large_parts_read_the_same_with_zlib_where_isa_l_is_missing(
    archive: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from lkjip_xl.workbook.ooxml import package

    monkeypatch.setattr(package, "codec", lambda: zlib)
    path, parts = archive
    with zipfile.ZipFile(path) as zf:
        for name, data in parts.items():
            assert read_bounded(zf, zf.getinfo(name)) == data


def test_a_member_open_meanwhile_reads_on_after_a_large_part_is_read(
    archive: tuple[Path, dict[str, bytes]],
) -> None:
    # The large part is read from the archive's own file: a member being read goes on from
    # where it was.
    path, parts = archive
    with zipfile.ZipFile(path) as zf, zf.open("xl/worksheets/sheet2.xml") as fh:
        head = fh.read(1000)
        large = read_bounded(zf, zf.getinfo("xl/worksheets/sheet1.xml"))
        assert head + fh.read() == parts["xl/worksheets/sheet2.xml"]
    assert large == parts["xl/worksheets/sheet1.xml"]


def _renamed_in_local_header(data: bytearray, info: zipfile.ZipInfo) -> None:
    # The central directory still names sheet1.xml; the member's own header names sheet3.xml.
    at = info.header_offset + 30
    assert data[at : at + len(info.filename)] == info.filename.encode()
    data[at : at + len(info.filename)] = info.filename.replace("sheet1", "sheet3").encode()


def _header_cut(data: bytearray, info: zipfile.ZipInfo) -> None:
    # The central directory points the member at the archive's last 22 bytes (its end record):
    # too few for a local header.
    entry = _central_entry(data, info)
    data[entry + 42 : entry + 46] = (len(data) - 22).to_bytes(4, "little")


def _central_entry(data: bytearray, info: zipfile.ZipInfo) -> int:
    name = info.filename.encode()
    at = data.rfind(b"PK\x01\x02")
    while data[at + 46 : at + 46 + len(name)] != name:
        at = data.rfind(b"PK\x01\x02", 0, at)
    return at


@pytest.mark.parametrize("change", [_renamed_in_local_header, _header_cut])
def test_a_large_part_with_a_broken_local_header_is_refused_as_zipfile_refuses_it(
    archive: tuple[Path, dict[str, bytes]], tmp_path: Path, change
) -> None:
    _refused_as_zipfile_refuses(_damaged_copy(archive[0], tmp_path, change))
