"""The distributed sheet's rows found window by window (never holding the part) and cut when
asked for are the rows :func:`split_rows` cuts from the whole part; a part read again that is
not the one scanned is split anew, never cut at stale places."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from lkjip_xl.workbook.demo import build_demo
from lkjip_xl.workbook.exchange import row_slices
from lkjip_xl.workbook.exchange.package import rows_for, slice_rows, split_rows
from lkjip_xl.workbook.exchange.row_slices import find_rows, find_rows_streamed, sheet_rows
from lkjip_xl.workbook.exchange.unit_build import open_package, split_largest_sheet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PART = "xl/worksheets/sheet1.xml"


def _sheet(prefix: str, rows: int = 40) -> bytes:
    p = f"{prefix}:" if prefix else ""
    ns = f'xmlns{":" + prefix if prefix else ""}="{MAIN}"'
    body = [
        f'<{p}row r="1"><{p}c r="A1" t="inlineStr"><{p}is><{p}t>NIP</{p}t></{p}is></{p}c></{p}row>'
    ]
    for n in range(2, rows + 2):
        if n % 7 == 0:
            body.append(f'<{p}row r="{n}" spans="1:2"/>')  # a row without cells
            continue
        text = "x" * (n * 3 % 50)  # rows of many lengths, so windows end anywhere
        body.append(
            f"<{p}row r='{n}'>\n <{p}c r='A{n}' s=\"1\"><{p}v>{n}</{p}v></{p}c>"
            f'<{p}c r="B{n}" t="inlineStr"><{p}is><{p}t>{text}&lt;/row&gt;</{p}t></{p}is></{p}c>'
            f"</{p}row>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {ns}>'
        f'<{p}dimension ref="A1:B{rows + 1}"/><{p}sheetData>{"".join(body)}</{p}sheetData>'
        f'<{p}mergeCells count="1"><{p}mergeCell ref="A1:B1"/></{p}mergeCells></{p}worksheet>'
    ).encode()


@pytest.mark.parametrize("window", [1, 5, 64, 1 << 20])
@pytest.mark.parametrize("prefix", ["", "x"])
def test_rows_found_window_by_window_are_the_rows_of_the_whole_part(monkeypatch, prefix, window):
    xml = _sheet(prefix)
    monkeypatch.setattr(row_slices, "_WINDOW", window)
    assert find_rows_streamed(io.BytesIO(xml), PART, len(xml)) == find_rows(xml, PART)
    places = find_rows_streamed(io.BytesIO(xml), PART, len(xml))
    lean, whole = sheet_rows(xml, PART, places), split_rows(xml, PART)
    assert (lean.head, lean.tail, lean.prefix) == (whole.head, whole.tail, whole.prefix)
    assert list(lean.order) == whole.order
    assert dict(lean.rows) == whole.rows
    assert 0 not in lean.rows and 10_000 not in lean.rows and "2" not in lean.rows
    keep = [5, 0, 3, 12]
    cut = [rows_for(s, 1, 41, keep, (1, 2)) for s in (lean, whole)]
    assert slice_rows(cut[0], PART, 1, 41, keep, 3, (1, 2)) == slice_rows(
        cut[1], PART, 1, 41, keep, 3, (1, 2)
    )


def test_a_part_read_again_that_is_not_the_one_scanned_is_split_anew():
    places = find_rows_streamed(io.BytesIO(_sheet("")), PART, len(_sheet("")))
    other = _sheet("", rows=45)
    assert dict(sheet_rows(other, PART, places).rows) == split_rows(other, PART).rows


def test_a_part_inflating_beyond_its_declared_size_or_without_rows_is_left_to_the_whole_read():
    xml = _sheet("")
    assert find_rows_streamed(io.BytesIO(xml), PART, len(xml) // 2) is None
    empty = f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>'.encode()
    assert find_rows_streamed(io.BytesIO(empty), PART, len(empty)) is None
    assert sheet_rows(empty, PART, None).rows == split_rows(empty, PART).rows


def test_rows_numbered_with_gaps_are_found_by_their_numbers():
    """A sheet whose rows skip numbers (rows never written, removed ones): each number asked for
    finds its own row, or none, as in the part split whole."""
    numbers = [1, 2, 3, 7, 8, 9, 20, 21, 40]
    body = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>baris {n}</t></is></c></row>'
        for n in numbers
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}">'
        f"<sheetData>{body}</sheetData></worksheet>"
    ).encode()
    lean, whole = sheet_rows(xml, PART, find_rows(xml, PART)), split_rows(xml, PART)
    for n in range(-2, 45):
        assert (n in lean.rows) == (n in whole.rows) == (n in numbers)
        assert lean.rows.get(n) == whole.rows.get(n)
    assert f"baris {7}".encode() in lean.rows[7] and b"baris 20" in lean.rows[20]


def _repacked(source: Path, target: Path, method: int) -> Path:
    """``source``'s parts, each stored by ``method`` (deflated, or stored as they are)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", method) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info))
    return target


def _largest_sheet(path: Path) -> tuple[str, bytes]:
    with open_package(path) as package:
        parts = [p for p in package.worksheets().values() if p and package.sheet_tables(p)]
        part = max(parts, key=lambda p: package.infos[p].file_size)
        return part, package.read(part)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return build_demo("ipasn-000", tmp_path_factory.mktemp("demo"))[0]


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_the_largest_sheet_is_split_from_the_file_as_from_the_whole_part(demo, tmp_path, method):
    """A deflated sheet is inflated chunk by chunk by the large-part codec, a stored one read
    through zipfile: the rows are found where the whole part has them."""
    path = _repacked(demo, tmp_path / "book.xlsx", method)
    part, xml = _largest_sheet(path)
    found = split_largest_sheet(path)
    assert found == {part: find_rows(xml, part)}
    assert len(found[part].numbers) > 20


def test_a_damaged_sheet_is_left_to_the_whole_read(demo, tmp_path):
    """A sheet whose deflated bytes do not give its size and CRC is not split here (its whole
    read says why)."""
    path = _repacked(demo, tmp_path / "book.xlsx", zipfile.ZIP_DEFLATED)
    part, _xml = _largest_sheet(path)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
        assert archive.fp is not None
        archive.fp.seek(info.header_offset + 26)  # the local header's name and extra lengths
        name, extra = struct.unpack("<HH", archive.fp.read(4))
    data = bytearray(path.read_bytes())
    data[info.header_offset + 30 + name + extra + info.compress_size // 2] ^= 0x01
    path.write_bytes(bytes(data))
    assert split_largest_sheet(path) == {}
