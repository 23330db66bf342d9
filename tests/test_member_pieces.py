"""A package member inflated piece by piece (:mod:`lkjip_xl.workbook.ooxml.member_pieces`) gives
the bytes :mod:`zipfile` reads, and never more than the member's declared size."""

from __future__ import annotations

import random
import struct
import zipfile
from pathlib import Path

import pytest

from lkjip_xl.workbook.exchange.master_edits import sheet_has_formulas
from lkjip_xl.workbook.ooxml.member_pieces import PIECE_BYTES, inflated_pieces


def _rows(count: int) -> bytes:
    rng = random.Random(7)
    return b"".join(
        b'<row r="%d"><c r="A%d" s="3"><v>%d</v></c></row>' % (i, i, rng.randrange(10**9))
        for i in range(1, count + 1)
    )


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_pieces_spell_what_zipfile_reads(tmp_path: Path, method: int) -> None:
    path = tmp_path / "book.xlsx"
    content = _rows(120_000)  # several pieces, deflated about tenfold
    with zipfile.ZipFile(path, "w", method) as archive:
        archive.writestr("a.xml", b"<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", content)
    pieces = list(inflated_pieces(path, "xl/worksheets/sheet1.xml"))
    assert len(pieces) > 2
    assert max(map(len, pieces)) <= PIECE_BYTES
    with zipfile.ZipFile(path) as archive:
        assert b"".join(pieces) == archive.read("xl/worksheets/sheet1.xml")
    assert b"".join(inflated_pieces(path, "a.xml")) == b"<x/>"


def test_a_member_larger_than_declared_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.xml", b"<a>" + b"x" * 3_000_000 + b"</a>")
    data = bytearray(path.read_bytes())
    # Declare 1,000 bytes in the local header and the central directory alike.
    struct.pack_into("<L", data, 22, 1000)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<L", data, central + 24, 1000)
    path.write_bytes(bytes(data))
    with pytest.raises(zipfile.BadZipFile, match=r"big\.xml"):
        b"".join(inflated_pieces(path, "big.xml"))


def test_a_member_whose_header_names_another_is_refused(tmp_path: Path) -> None:
    """The piecewise read checks the local header as zipfile (and the package's whole reads)
    do: a member whose header names another part is not searched as this one."""
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.xml", b"<a>" + b"x" * 3_000_000 + b"</a>")
    data = bytearray(path.read_bytes())
    data[30:37] = b"bog.xml"  # the local header's name; the central directory still says big
    path.write_bytes(bytes(data))
    with pytest.raises(zipfile.BadZipFile, match=r"big\.xml"), zipfile.ZipFile(path) as archive:
        archive.read("big.xml")
    with pytest.raises(zipfile.BadZipFile, match=r"big\.xml"):
        b"".join(inflated_pieces(path, "big.xml"))


def test_a_formula_is_found_across_pieces(tmp_path: Path) -> None:
    """The search for formulas in a master's sheet, over a sheet of many pieces, finds the one
    formula near its end and none in a sheet without."""
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>'
    )
    plain = sheet + _rows(60_000)
    with_formula = plain + b'<row r="60001"><c r="A60001"><f>1+1</f><v>2</v></c></row>'
    end = b"</sheetData></worksheet>"
    for name, content, expected in [("tanpa", plain, False), ("dengan", with_formula, True)]:
        path = tmp_path / f"{name}.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
            archive.writestr("_rels/.rels", _PACKAGE_RELS)
            archive.writestr(
                "xl/workbook.xml",
                b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                b'<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
            )
            archive.writestr(
                "xl/_rels/workbook.xml.rels",
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
                b'org/officeDocument/2006/relationships/worksheet" '
                b'Target="worksheets/sheet1.xml"/></Relationships>',
            )
            archive.writestr("xl/worksheets/sheet1.xml", content + end)
        assert sheet_has_formulas(path, "Data") is expected


_CONTENT_TYPES = (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_PACKAGE_RELS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
