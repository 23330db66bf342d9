"""Review of the well-formed check of small parts: what Excel, Google Sheets, WPS Office,
Apple Numbers and older writers put at the top of a part, or how they name namespaces, is not
refused; hitung computes the workbook and keeps what users typed."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.hostile.corpus import input_cells, kinerja, one_line, part, rewrite, run_cli

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MC = b"http://schemas.openxmlformats.org/markup-compatibility/2006"
DECL = re.compile(rb"^<\?xml[^?]*\?>\s*")


def _declared(xml: bytes, declaration: bytes) -> bytes:
    return declaration + DECL.sub(b"", xml)


def _prefixed(xml: bytes) -> bytes:
    """Every unprefixed element of the main namespace written as ``x:`` (as some writers do)."""
    if b'xmlns="' + MAIN + b'"' not in xml:
        return xml
    xml = re.sub(rb"<(/?)([A-Za-z][\w.-]*)(?=[\s/>])", rb"<\1x:\2", xml)
    return xml.replace(b'xmlns="' + MAIN + b'"', b'xmlns:x="' + MAIN + b'"', 1)


def _alternate_content(xml: bytes, name: str) -> bytes:
    """Excel's workbook.xml: the file's path inside mc:AlternateContent."""
    if name != "xl/workbook.xml":
        return xml
    alt = (
        b'<mc:AlternateContent xmlns:mc="' + MC + b'"><mc:Choice Requires="x15">'
        b'<x15ac:absPath url="C:\\Users\\Operator\\" xmlns:x15ac="http://schemas.microsoft.com/'
        b'office/spreadsheetml/2010/11/ac"/></mc:Choice></mc:AlternateContent>'
    )
    root_end = xml.index(b">", xml.index(b"<workbook")) + 1
    return xml[:root_end] + alt + xml[root_end:]


VARIANTS = {
    "utf8-bom": lambda x, n: b"\xef\xbb\xbf" + x,
    "standalone": lambda x, n: _declared(
        x, b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    ),
    "no-declaration": lambda x, n: DECL.sub(b"", x),
    "lower-case-utf8": lambda x, n: _declared(x, b"<?xml version='1.0' encoding='utf-8'?>"),
    "windows-1252": lambda x, n: _declared(x, b'<?xml version="1.0" encoding="windows-1252"?>'),
    "line-breaks": lambda x, n: x.replace(b"><", b">\r\n<"),
    "trailing-space": lambda x, n: x + b"\r\n \n",
    "prefixed": lambda x, n: _prefixed(x),
    "alternate-content": _alternate_content,
}


def _values(path: Path, cells: list[tuple[str, str]]) -> list[object]:
    book = openpyxl.load_workbook(path)
    return [book[sheet][ref].value for sheet, ref in cells]


@pytest.mark.parametrize("variant", VARIANTS, ids=list(VARIANTS))
def test_parts_as_other_programs_write_them_are_computed(tmp_path, variant):
    path = kinerja(tmp_path / "kinerja.xlsx")
    cells = sorted(input_cells(path))  # every input cell, read as openpyxl reads it
    typed = _values(path, cells)
    change = VARIANTS[variant]
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]
    rewrite(path, {n: change(part(path, n), n) for n in names})
    done = run_cli("hitung", str(path))
    assert done.returncode == 0, one_line(done.stderr)
    assert "Disimpan:" in one_line(done.stdout)
    assert _values(path, cells) == typed


@pytest.mark.parametrize(
    ("encoding", "company"),
    [("Shift_JIS", "株式会社テスト"), ("GB2312", "测试公司"), ("Big5", "測試公司"),
     ("EUC-KR", "테스트"), ("x-tak-dikenal", "Pemda")],
)  # fmt: skip
def test_a_part_in_an_encoding_expat_cannot_read_is_left_to_the_programs_that_can(
    tmp_path, encoding, company
):
    """A part the engine leaves as it is (docProps/app.xml) in a multi-byte encoding (or one
    not known here) is written back as it was: not refused, nor met with Python's English."""
    path = kinerja(tmp_path / "kinerja.xlsx")
    try:
        text = company.encode(encoding)
    except LookupError:
        text = company.encode()
    app = (
        b'<?xml version="1.0" encoding="' + encoding.encode() + b'"?><Properties xmlns="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>'
        + text
        + b"</Company></Properties>"
    )
    rewrite(path, {"docProps/app.xml": app})
    for command in ("periksa", "hitung"):
        done = run_cli(command, str(path))
        assert done.returncode == 0, (command, one_line(done.stderr))
    assert part(path, "docProps/app.xml") == app


READ_PARTS = ["xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/styles.xml",
              "[Content_Types].xml", "xl/tables/table1.xml"]  # fmt: skip


def _declaring(path: Path, name: str, encoding: bytes) -> Path:
    xml = DECL.sub(b"", part(path, name))
    return rewrite(path, {name: b'<?xml version="1.0" encoding="' + encoding + b'"?>' + xml})


@pytest.mark.parametrize("name", READ_PARTS)
def test_a_part_the_engine_reads_in_a_multi_byte_encoding_is_read(tmp_path, name):
    path = _declaring(kinerja(tmp_path / "kinerja.xlsx"), name, b"Shift_JIS")
    for command in ("periksa", "hitung"):
        done = run_cli(command, str(path))
        assert done.returncode == 0, (command, one_line(done.stderr))


def test_a_part_the_engine_reads_in_an_unknown_encoding_is_refused_in_indonesian(tmp_path):
    name = "xl/_rels/workbook.xml.rels"
    path = _declaring(kinerja(tmp_path / "kinerja.xlsx"), name, b"x-tak-dikenal")
    done = run_cli("periksa", str(path))
    assert done.returncode == 2, one_line(done.stderr)
    assert f"Bagian {name} memakai pengodean karakter yang tidak dikenal" in one_line(done.stderr)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-16-le"])
def test_a_table_sheet_in_utf16_is_refused_for_its_encoding(tmp_path, codec):
    """The sheet of a table written in UTF-16 (legal XML, which no spreadsheet
    program writes and the byte scans cannot read) is refused for its encoding, not called a
    part that is no worksheet."""
    path = kinerja(tmp_path / "kinerja.xlsx")
    name = "xl/worksheets/sheet2.xml"
    body = DECL.sub(b"", part(path, name)).decode()
    declared = f'<?xml version="1.0" encoding="{codec.upper()}"?>'
    path = rewrite(path, {name: (declared + body).encode(codec)})
    for command in ("periksa", "hitung"):
        done = run_cli(command, str(path))
        assert done.returncode == 2, one_line(done.stderr)
        assert f"Bagian {name} ditulis dalam pengodean UTF-16," in one_line(done.stderr)


STRICT = {
    MAIN: b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
}


@pytest.mark.parametrize("command", ["periksa", "hitung", "laporan", "perbarui"])
def test_a_workbook_saved_as_strict_open_xml_is_refused_for_that(tmp_path, command):
    """Excel's "Strict Open XML Spreadsheet": its namespaces and relationship types are the
    ISO ones. calamine found no table in it, so it was called no lkjip_xl workbook at all
    (and perbarui, through openpyxl, no lkjip_xl workbook either)."""
    path = kinerja(tmp_path / "kinerja.xlsx")
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]
    changes = {}
    for name in names:
        xml = part(path, name)
        for old, new in STRICT.items():
            xml = xml.replace(old, new)
        changes[name] = xml
    rewrite(path, changes)
    before = path.read_bytes()
    done = run_cli(command, str(path))
    assert done.returncode == 2, one_line(done.stdout + done.stderr)
    assert (
        "disimpan dalam format Strict Open XML Spreadsheet; buka di Excel lalu simpan ulang "
        "sebagai Buku Kerja Excel (.xlsx)." in one_line(done.stderr)
    )
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kinerja.xlsx"]
