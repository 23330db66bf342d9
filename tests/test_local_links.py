"""A part linked through ``TargetMode="External"`` to a file of the PC or its network.

``bagikan`` copied such a link (a comments part at ``file:///C:/Windows/win.ini``) into every
unit's workbook, where Excel would look for the file on each unit's PC; ``hitung`` said nothing.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from lkjip_xl import cli
from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.ooxml.relationships import local_links, without_links
from tests.hostile.corpus import part, rewrite, sheet_part

FIXTURE = Path(__file__).resolve().parent / "data" / "fixtures" / "ipasn-2026.2.xlsx"
COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
LOCAL = "file:///C:/Windows/win.ini"


def _linked(tmp_path: Path) -> tuple[Path, str]:
    """The fixture with Pengumpulan's comments linked to a local file; its ``.rels`` part."""
    path = tmp_path / "kerja" / "kerja.xlsx"
    path.parent.mkdir()
    shutil.copyfile(FIXTURE, path)
    rels = sheet_part(path, "Pengumpulan").replace("worksheets/", "worksheets/_rels/") + ".rels"
    link = f'<Relationship Id="rIdLokal" Type="{COMMENTS}" Target="{LOCAL}" TargetMode="External"/>'
    rewrite(
        path,
        {rels: part(path, rels).replace(b"</Relationships>", link.encode() + b"</Relationships>")},
    )
    return path, rels


def test_only_unnamed_links_to_local_files_are_found_and_removed():
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="t/table" Target="../tables/table1.xml"/>'
        f'<Relationship Id="rId2" Type="{COMMENTS}" Target="{LOCAL}" TargetMode="External"/>'
        f'<Relationship Id="rId3" Type="{COMMENTS}" Target="\\\\srv\\x" TargetMode="External"/>'
        f'<Relationship Id="rId4" Type="{HYPERLINK}" Target="C:\\a.xlsx" TargetMode="External"/>'
        f'<Relationship Id="rId5" Type="{COMMENTS}" Target="https://a.id/x" TargetMode="External"/>'
        "</Relationships>"
    ).encode()
    sheet = b'<hyperlinks><hyperlink ref="A1" r:id="rId4"/></hyperlinks>'  # typed in a cell
    found = local_links(rels, "xl/worksheets/sheet1.xml", sheet)
    assert [(r.id, r.target) for r in found] == [("rId2", LOCAL), ("rId3", "\\\\srv\\x")]
    kept = without_links(rels, {"rId2", "rId3"})
    assert [r.id for r in local_links(kept, "xl/worksheets/sheet1.xml", None)] == ["rId4"]
    assert b"rId1" in kept and b"rId5" in kept and b"rId2" not in kept and b"rId3" not in kept


def test_hitung_says_the_link_and_keeps_it(tmp_path):
    path, rels = _linked(tmp_path)
    before = part(path, rels)
    laporan = recompute_file(path)
    said = [m for m in laporan.masalah if m.code == "local-links"]
    assert [(m.tingkat.value, m.message) for m in said] == [(
        "peringatan",
        "1 tautan tersembunyi ke berkas di komputer atau jaringan (file:///C:/Windows/win.ini); "
        "mesin tidak membukanya dan membiarkannya di buku kerja ini.",
    )]  # fmt: skip
    assert [m.sheet for m in said] == ["Pengumpulan"]  # the sheet whose part holds it
    assert part(path, rels) == before


def test_each_link_is_said_at_the_sheet_that_holds_it(tmp_path):
    # The warning had no sheet: its place column was empty, whichever part held the link.
    path, _ = _linked(tmp_path)
    drawing = "xl/drawings/_rels/drawing1.xml.rels"  # the chart of Rekap: no sheet's own part
    workbook = "xl/_rels/workbook.xml.rels"
    links = {
        drawing: f'<Relationship Id="rIdGbr" Type="{COMMENTS}" Target="\\\\srv\\gambar" '
        'TargetMode="External"/>',
        workbook: f'<Relationship Id="rIdBk" Type="{COMMENTS}" Target="C:\\buku.xml" '
        'TargetMode="External"/>',
    }
    rewrite(
        path,
        {
            name: part(path, name).replace(b"</Relationships>", link.encode() + b"</Relationships>")
            for name, link in links.items()
        },
    )
    said = {m.sheet: m.message for m in recompute_file(path).masalah if m.code == "local-links"}
    assert said == {
        "Pengumpulan": "1 tautan tersembunyi ke berkas di komputer atau jaringan "
        "(file:///C:/Windows/win.ini); mesin tidak membukanya dan membiarkannya di buku kerja ini.",
        "Rekap": "1 tautan tersembunyi ke berkas di komputer atau jaringan (\\\\srv\\gambar); "
        "mesin tidak membukanya dan membiarkannya di buku kerja ini.",
        None: "1 tautan tersembunyi ke berkas di komputer atau jaringan (C:\\buku.xml); mesin "
        "tidak membukanya dan membiarkannya di buku kerja ini.",
    }


def test_bagikan_leaves_the_link_out_of_every_unit(tmp_path):
    path, rels = _linked(tmp_path)
    before = part(path, rels)
    out = tmp_path / "kirim"
    done = CliRunner().invoke(cli.app, ["bagikan", str(path), "-o", str(out), "--json"])
    assert done.exit_code == 0, done.output
    said = [
        (m["sheet"], m["message"])
        for m in json.loads(done.output)["masalah"]
        if m["code"] == "local-links"
    ]
    assert said == [(
        "Pengumpulan",  # the sheet whose part held it
        "1 tautan tersembunyi ke berkas di komputer atau jaringan (file:///C:/Windows/win.ini) "
        "tidak disalin ke buku kerja unit.",
    )]  # fmt: skip
    units = sorted(out.glob("*.xlsx"))
    assert len(units) == 6
    for unit in units:
        with zipfile.ZipFile(unit) as archive:
            unit_rels = archive.read(rels)
        assert b"win.ini" not in unit_rels and b"tables/" in unit_rels
        assert openpyxl.load_workbook(unit)["Pengumpulan"].tables  # the table is still linked
    assert part(path, rels) == before  # the master is the user's, kept as it is
