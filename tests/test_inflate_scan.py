"""A part inflated in a worker thread while it is searched: the same bytes as zipfile reads,
the same first match as a search of the whole part (also across two pieces), and the same
refusals (a declared size too large, a part whose CRC is wrong)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from lkjip_xl.workbook.ooxml import inflate_scan
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.inflate_scan import CHUNK_BYTES, inflate_searching

PATTERN = re.compile(rb' r="[A-Z](?:[A-Z]|[0-9]{7})')


def _sheet(cells: int, far_at: int | None) -> bytes:
    """A sheet-like part with ``cells`` references and a far one after ``far_at`` bytes."""
    body = b"".join(b'<c r="B%d"><v>%d</v></c>' % (i, i) for i in range(cells))
    data = b"<worksheet><sheetData>" + body + b"</sheetData></worksheet>"
    if far_at is not None:
        data = data[:far_at] + b'<c r="XFD1048576"><v>7</v></c>' + data[far_at:]
    return data


def _archive(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/worksheets/sheet1.xml", data)
    return path


def test_bytes_not_there_are_found_nowhere(tmp_path):
    path = _archive(tmp_path, _sheet(200_000, None))
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert inflate_searching(archive, info, PATTERN, (b"\t", b"\r")).last_watched == -1
        assert inflate_searching(archive, info, PATTERN).last_watched == -1


@pytest.mark.parametrize("far_at", [None, 0, 1000, CHUNK_BYTES - 40, CHUNK_BYTES - 5,
                                    CHUNK_BYTES + 5, 3 * CHUNK_BYTES - 4])  # fmt: skip
def test_the_part_and_its_first_match_are_those_of_a_whole_read(far_at, tmp_path):
    # zipfile hands the part over in pieces of CHUNK_BYTES: the far reference (its match
    # starts 2 bytes after far_at, 6 bytes long) lies across a seam at -5 and 3 * C - 4.
    data = _sheet(200_000, far_at)
    assert len(data) > 3 * CHUNK_BYTES
    path = _archive(tmp_path, data)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        content, found, last = inflate_searching(archive, info, PATTERN, (b"X", b"v"))
        assert content == archive.read(info)
    assert last == max(content.rfind(b"X"), content.rfind(b"v"))
    whole = PATTERN.search(content)
    assert found == (whole.start() if whole else -1)
    assert (found >= 0) is (far_at is not None)


def test_a_declared_size_beyond_the_bound_is_refused(tmp_path, monkeypatch):
    path = _archive(tmp_path, _sheet(1000, None))
    monkeypatch.setattr(inflate_scan, "MAX_PART_BYTES", 1000)
    with zipfile.ZipFile(path) as archive, pytest.raises(PackageError):
        inflate_searching(archive, archive.getinfo("xl/worksheets/sheet1.xml"), PATTERN)


def test_a_wrong_crc_is_raised_in_the_callers_thread(tmp_path):
    path = _archive(tmp_path, _sheet(50_000, None))
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        info.CRC ^= 1  # as a tampered central directory would declare it
        with pytest.raises(zipfile.BadZipFile):
            inflate_searching(archive, info, PATTERN)
