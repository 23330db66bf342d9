"""Hostile and broken packages: every command that reads a workbook (check, recompute, collect)
refuses them the same way, in one Indonesian sentence naming the file, and leaves the file
byte for byte as it was. A DTD is never expanded, a member name never becomes a path, a zip
bomb is never inflated.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from lkjip_xl.cli_klik import TIDAK_CUKUP_MEMORI
from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.file_book import WorkbookError
from lkjip_xl.workbook.ooxml import part_counts
from tests.hostile.corpus import (
    REPO,
    kinerja,
    no_leftovers,
    one_line,
    part,
    rewrite,
    run_cli,
    sheet_part,
)

XXE = b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
)

# Every kind of XML part a kinerja workbook holds, and one of each that the engine reads.
DOCTYPE_PARTS = [
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "docProps/core.xml",
    "docProps/app.xml",
    "xl/worksheets/sheet3.xml",
    "xl/worksheets/_rels/sheet3.xml.rels",
    "xl/tables/table1.xml",
    "xl/tables/table9.xml",
    "xl/charts/chart1.xml",
    "xl/drawings/commentsDrawing6.vml",
]


def with_doctype(xml: bytes, doctype: bytes) -> bytes:
    """``xml`` with ``doctype`` right after its XML declaration (or at its start)."""
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        return xml[:end] + doctype + xml[end:]
    return doctype + xml


def refused_everywhere(path: Path, expected: str) -> None:
    """check and recompute both refuse ``path`` with ``expected`` in their message, as the
    command line does (exit 2, no traceback), and the file is left byte for byte."""
    before = path.read_bytes()
    for run in (check_file, recompute_file):
        with pytest.raises(WorkbookError) as info:
            run(path)
        assert expected in str(info.value), str(info.value)
        assert path.name in str(info.value)
    assert path.read_bytes() == before
    assert no_leftovers(path.parent) == []


@pytest.mark.parametrize("name", DOCTYPE_PARTS)
def test_a_doctype_in_any_part_is_refused_by_check_and_recompute_alike(name, tmp_path):
    path = kinerja(tmp_path / "kinerja.xlsx")
    rewrite(path, {name: with_doctype(part(path, name), XXE)})
    refused_everywhere(path, f"Bagian {name} memuat deklarasi DOCTYPE")


@pytest.mark.parametrize(
    "variant",
    ["laughs", "after-comment", "utf-16", "no-declaration", "long-comment-prolog"],
)
def test_every_way_of_writing_a_doctype_is_seen(variant, tmp_path):
    path = kinerja(tmp_path / "kinerja.xlsx")
    name = "xl/tables/table1.xml"
    xml = part(path, name)
    if variant == "laughs":
        new = with_doctype(xml, LAUGHS)
    elif variant == "after-comment":
        new = with_doctype(xml, b"<!-- catatan --><?pi x?>\n" + XXE)
    elif variant == "utf-16":
        body = xml[xml.index(b"?>") + 2 :] if xml.startswith(b"<?xml") else xml
        text = '<?xml version="1.0" encoding="UTF-16"?>' + XXE.decode() + body.decode()
        new = text.encode("utf-16")
    elif variant == "no-declaration":
        new = XXE + (xml[xml.index(b"?>") + 2 :] if xml.startswith(b"<?xml") else xml)
    else:
        new = with_doctype(xml, b"<!--" + b" " * 100_000 + b"-->" + XXE)
    rewrite(path, {name: new})
    refused_everywhere(path, f"Bagian {name} memuat deklarasi DOCTYPE")


def test_a_doctype_is_refused_the_same_way_by_every_command(tmp_path):
    """check passed a DOCTYPE in a table part while recompute refused it (EntitiesForbidden):
    now both refuse it in the same words, with exit code 2."""
    path = kinerja(tmp_path / "kinerja.xlsx")
    name = "xl/tables/table1.xml"
    rewrite(path, {name: with_doctype(part(path, name), XXE)})
    before = path.read_bytes()
    messages = set()
    for command in ("check", "recompute"):
        run = run_cli(command, str(path))
        assert run.returncode == 2, (command, run.stdout, run.stderr)
        assert "Traceback" not in run.stderr and "EntitiesForbidden" not in run.stderr
        messages.add(one_line(run.stderr))
    assert messages == {
        f"Gagal: kinerja.xlsx tidak dapat dibaca: Bagian {name} memuat deklarasi DOCTYPE, yang "
        "tidak pernah ditulis Excel; berkas ini ditolak demi keamanan."
    }
    assert path.read_bytes() == before


MISSING = {
    "[Content_Types].xml": "bagian [Content_Types].xml tidak ada",
    "_rels/.rels": "bagian _rels/.rels tidak ada",
    "xl/workbook.xml": "bagian xl/workbook.xml tidak ada",
    "xl/_rels/workbook.xml.rels": "bagian xl/_rels/workbook.xml.rels tidak ada",
    "xl/worksheets/sheet3.xml": "bagian xl/worksheets/sheet3.xml tidak ada",
    "xl/tables/table1.xml": "bagian xl/tables/table1.xml tidak ada",
    # Found in the file: which sheetN is the Log's changes when the template gains a sheet.
    "relationships of the Log sheet": "Tabel tblLog tidak ada di kinerja.xlsx",
}


def _rels_of(path: Path, sheet: str) -> str:
    folder, _, name = sheet_part(path, sheet).rpartition("/")
    return f"{folder}/_rels/{name}.rels"


@pytest.mark.parametrize("name", MISSING)
def test_a_missing_part_is_named(name, tmp_path):
    path = kinerja(tmp_path / "kinerja.xlsx")
    member = _rels_of(path, "Log") if name == "relationships of the Log sheet" else name
    rewrite(path, {member: None})
    refused_everywhere(path, MISSING[name])


@pytest.mark.parametrize("name", MISSING)
def test_perbarui_names_a_missing_part_too(name, tmp_path):
    """perbarui reads with openpyxl, which ended in a KeyError (exit 3, "kesalahan tak
    terduga") on a missing table part or a sheet without its relationships part."""
    path = kinerja(tmp_path / "kinerja.xlsx")
    member = _rels_of(path, "Log") if name == "relationships of the Log sheet" else name
    rewrite(path, {member: None})
    before = path.read_bytes()
    run = run_cli("perbarui", str(path))
    assert run.returncode == 2, (run.stdout, run.stderr)
    expected = member if member != name else MISSING[name]
    assert one_line(run.stderr).startswith("Gagal: kinerja.xlsx tidak dapat dibaca: ")
    assert expected in run.stderr and "Traceback" not in run.stderr
    assert path.read_bytes() == before
    assert no_leftovers(path.parent) == []


def test_a_part_stored_twice_is_refused(tmp_path):
    """Readers differ on which copy of a duplicated member they take."""
    path = kinerja(tmp_path / "kinerja.xlsx")
    other = part(path, "xl/workbook.xml").replace(b"Indikator", b"Indikator2")
    with pytest.warns(UserWarning, match="Duplicate name"):
        rewrite(path, {}, extra=[("xl/workbook.xml", other)])
    refused_everywhere(path, "Arsip memuat bagian xl/workbook.xml lebih dari sekali")


NOT_WORKBOOKS = {
    "empty": b"",
    "text": b"Laporan kinerja 2026\n",
    "old-xls": bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504,
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    "random": bytes(range(256)) * 40,
}
#: What each is said to be, by the engine's own readers as by the command line.
SAID_TO_BE = {
    "empty": "kinerja.xlsx kosong (0 bita), bukan buku kerja",
    "text": "kinerja.xlsx adalah teks (CSV atau sejenisnya), bukan buku kerja",
    "old-xls": "kinerja.xlsx berformat Excel 97-2003 (.xls)",
    "pdf": "kinerja.xlsx bukan buku kerja .xlsx atau .xlsm",
    "random": "kinerja.xlsx bukan buku kerja .xlsx atau .xlsm",
}


@pytest.mark.parametrize("kind", NOT_WORKBOOKS)
def test_a_file_that_is_not_a_workbook_is_named(kind, tmp_path):
    path = tmp_path / "kinerja.xlsx"
    path.write_bytes(NOT_WORKBOOKS[kind])
    refused_everywhere(path, SAID_TO_BE[kind])


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.999], ids=["half", "most", "all-but-the-end"])
def test_a_truncated_workbook_is_refused(keep, tmp_path):
    path = kinerja(tmp_path / "kinerja.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    refused_everywhere(path, "kinerja.xlsx")


def _declare_size(path: Path, name: str, size: int) -> None:
    """Make the central directory claim that member ``name`` inflates to ``size`` bytes."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    # The central directory entry: signature, then fields up to the uncompressed size (+24).
    at = data.index(b"PK\x01\x02")  # the first entry
    while True:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_len].decode() == info.filename:
            break
        extra, comment = struct.unpack_from("<HH", data, at + 30)
        at += 46 + name_len + extra + comment
    struct.pack_into("<I", data, at + 24, size)
    path.write_bytes(bytes(data))


def test_a_zip_bomb_declaring_gigabytes_is_refused_before_inflating(tmp_path):
    path = kinerja(tmp_path / "kinerja.xlsx")
    _declare_size(path, "xl/worksheets/sheet3.xml", 0xFFFFFFF0)
    refused_everywhere(path, "terlalu besar atau tidak wajar untuk dibuka dengan aman")


def test_a_zip_with_tens_of_thousands_of_members_is_refused(tmp_path):
    path = kinerja(tmp_path / "kinerja.xlsx")
    rewrite(path, {}, extra=[(f"xl/media/kosong{i}.bin", b"") for i in range(20_001)])
    refused_everywhere(path, "terlalu besar atau tidak wajar untuk dibuka dengan aman")


@pytest.mark.parametrize(
    "name",
    ["../../keluar.xml", "/etc/lkjip-keluar.xml", "xl/../../../keluar.xml", "C:\\keluar.xml"],
    ids=["dotdot", "absolute", "nested-dotdot", "windows-drive"],
)
def test_a_zip_slip_member_name_never_becomes_a_path(name, tmp_path):
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    path = kinerja(work / "kinerja.xlsx")
    rewrite(path, {}, extra=[(name, b"<keluar/>")])
    before = {p for p in tmp_path.rglob("*")}
    laporan = check_file(path)
    assert not laporan.galat
    recompute_file(path)
    # The member is kept as an unknown part, and nothing was written outside the folder.
    with zipfile.ZipFile(path) as archive:
        assert name in archive.namelist()
    after = {p for p in tmp_path.rglob("*") if not p.name.startswith("kinerja.sebelumnya-")}
    assert after == before
    assert not Path("/etc/lkjip-keluar.xml").exists()


SST_CONTENT_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sharedStrings+xml"/>'
)
SST_RELATIONSHIP = (
    b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/sharedStrings" Target="sharedStrings.xml"/>'
)


def with_shared_strings(path: Path, items: bytes) -> Path:
    """``path`` with a shared strings table holding ``items``, as Excel declares one."""
    sst = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
        b'schemas.openxmlformats.org/spreadsheetml/2006/main">' + items + b"</sst>"
    )
    types = part(path, "[Content_Types].xml").replace(b"</Types>", SST_CONTENT_TYPE + b"</Types>")
    rels = part(path, "xl/_rels/workbook.xml.rels")
    rels = rels.replace(b"</Relationships>", SST_RELATIONSHIP + b"</Relationships>")
    return rewrite(
        path,
        {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels},
        extra=[("xl/sharedStrings.xml", sst)],
    )


def test_a_shared_strings_table_of_millions_of_empty_items_is_refused(tmp_path):
    # 30 MB of "<si/>", 30 kB zipped: calamine held 1.5 GB for 20 million of them.
    path = with_shared_strings(
        kinerja(tmp_path / "kinerja.xlsx"), b"<si/>" * (part_counts.SHARED_STRINGS.limit + 1)
    )
    refused_everywhere(path, "5.000.000 teks, jauh melebihi buku kerja mana pun yang wajar")
    done = run_cli("periksa", str(path))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "xl/sharedStrings.xml memuat lebih dari 5.000.000 teks" in one_line(done.stderr)


def test_styles_of_millions_of_cell_formats_are_refused(tmp_path):
    # 8 million of them made recompute's styles tree outgrow 2.8 GB, then a traceback.
    path = kinerja(tmp_path / "kinerja.xlsx")
    styles = part(path, "xl/styles.xml")
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    at = styles.index(b"</cellXfs>")
    many = styles[:at] + xf * part_counts.STYLES.limit + styles[at:]
    rewrite(path, {"xl/styles.xml": many})
    refused_everywhere(path, "xl/styles.xml memuat lebih dari 1.000.000 unsur format sel")


@pytest.mark.parametrize("prefix", [b"", b"x:"], ids=["plain", "prefixed"])
def test_shared_string_items_are_counted_across_pieces(prefix, tmp_path, monkeypatch):
    # Items of every length, so that start tags fall across the 1 MiB pieces inflated.
    item = b"<%ssi><%st>%s</%st></%ssi>"
    items = [item % (prefix, prefix, b"n" * (i % 97), prefix, prefix) for i in range(60_000)]
    xml = b"".join(items)
    if prefix:
        xml = xml.replace(b"<x:si>", b'<x:si xmlns:x="urn:x">', 1)
    path = with_shared_strings(kinerja(tmp_path / "kinerja.xlsx"), xml)
    exact = replace(part_counts.SHARED_STRINGS, shortest=0, limit=len(items))
    monkeypatch.setattr(part_counts, "SHARED_STRINGS", exact)
    check_file(path)  # exactly at the bound: read
    monkeypatch.setattr(part_counts, "SHARED_STRINGS", replace(exact, limit=len(items) - 1))
    refused_everywhere(path, "memuat lebih dari 59.999 teks")


def with_names(path: Path, count: int) -> Path:
    """``path`` with ``count`` more defined names, as a workbook bloated by copied sheets."""
    names = b"".join(b'<definedName name="N%d">Identitas!$A$1</definedName>' % i
                     for i in range(count))  # fmt: skip
    workbook = part(path, "xl/workbook.xml").replace(b"<definedNames>", b"<definedNames>" + names)
    return rewrite(path, {"xl/workbook.xml": workbook})


def test_a_workbook_part_of_millions_of_names_is_refused(tmp_path):
    # 2 million of them cost a check 1.4 GB and 16 s of CPU.
    path = with_names(kinerja(tmp_path / "kinerja.xlsx"), part_counts.WORKBOOK.limit)
    refused_everywhere(path, "xl/workbook.xml memuat lebih dari 1.000.000 unsur (nama, lembar)")


@pytest.mark.skipif(sys.platform == "win32", reason="the memory cap is set with setrlimit")
def test_running_out_of_memory_is_one_sentence_not_a_traceback(tmp_path):
    # 900,000 defined names (2.4 MB zipped, under the bound on the workbook part's elements)
    # need more than the 400 MB the run may take; the last line of defence itself imported a
    # module to say so, failed, and left a traceback and exit 1 ("galat remain").
    import resource

    path = with_names(kinerja(tmp_path / "kinerja.xlsx"), 900_000)
    before = path.read_bytes()

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (400 << 20, 400 << 20))

    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200", "OPENBLAS_NUM_THREADS": "1"}
    for command in ("periksa", "hitung"):
        done = subprocess.run(
            [sys.executable, "-m", "lkjip_xl.cli", command, str(path)],
            capture_output=True, text=True, env=env, timeout=300, cwd=REPO, preexec_fn=cap,
        )  # fmt: skip
        said = one_line(done.stdout + done.stderr)
        assert done.returncode == 3, said
        assert "Traceback" not in said
        assert said == "Gagal: " + TIDAK_CUKUP_MEMORI
    assert path.read_bytes() == before
    assert no_leftovers(path.parent) == []
