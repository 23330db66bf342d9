"""Hostile and broken packages returned as unit files: each is refused on its own, named, with a
reason code, while the good file of the same collection is merged and nothing else changes."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.workbook.builder import build_template
from tests.hostile.exchange_cases import (
    World,
    assert_only_good_edit,
    collect_with_good,
    copy_world,
    declared_huge,
    deflate_bomb,
    flipped,
    make_base,
    replaced,
    truncated,
    with_doctype,
    without,
)

ENTITY = b'<!DOCTYPE x [<!ENTITY a "b">]>'
XXE = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def _many_members(world: World, out: Path) -> Path:
    with zipfile.ZipFile(world.unit(0)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        for n in range(20_001):
            dst.writestr(f"xl/media/x{n}.bin", b"")
    return out


def _directory(world: World, out: Path) -> Path:
    out.mkdir()
    return out


def _blank_workbook(world: World, out: Path) -> Path:
    openpyxl.Workbook().save(out)
    return out


Build = Callable[[World, Path], Path]

#: (case, how the file is made, the reason code it is refused with; None: harmless, accepted)
CASES: list[tuple[str, Build, str | None]] = [
    ("doctype-entity-workbook", lambda w, o: with_doctype(w.unit(0), o, "workbook", ENTITY),
     "unreadable"),
    ("doctype-xxe-workbook", lambda w, o: with_doctype(w.unit(0), o, "workbook", XXE),
     "unreadable"),
    ("billion-laughs-workbook", lambda w, o: with_doctype(w.unit(0), o, "workbook", LAUGHS),
     "unreadable"),
    ("doctype-entity-sheet", lambda w, o: with_doctype(w.unit(0), o, "sheet", ENTITY),
     "unreadable"),
    ("doctype-xxe-sheet", lambda w, o: with_doctype(w.unit(0), o, "sheet", XXE), "unreadable"),
    ("doctype-entity-table", lambda w, o: with_doctype(w.unit(0), o, "table", ENTITY),
     "unreadable"),
    ("missing-workbook-part", lambda w, o: without(w.unit(0), o, "workbook"), "unreadable"),
    ("missing-sheet-part", lambda w, o: without(w.unit(0), o, "sheet"), "unreadable"),
    ("missing-content-types", lambda w, o: without(w.unit(0), o, "[Content_Types].xml"),
     "unreadable"),
    ("doctype-entity-styles", lambda w, o: with_doctype(w.unit(0), o, "xl/styles.xml", ENTITY),
     "unreadable"),
    ("doctype-entity-content-types", lambda w, o: with_doctype(
        w.unit(0), o, "[Content_Types].xml", ENTITY), "unreadable"),
    ("doctype-entity-comments", lambda w, o: with_doctype(
        w.unit(0), o, "xl/comments/comment1.xml", ENTITY), "unreadable"),
    ("missing-workbook-rels", lambda w, o: without(w.unit(0), o, "xl/_rels/workbook.xml.rels"),
     "unreadable"),
    ("garbage-workbook-part", lambda w, o: replaced(w.unit(0), o, "workbook", b"<workbook"),
     "unreadable"),
    ("empty-workbook-part", lambda w, o: replaced(w.unit(0), o, "workbook", b""), "unreadable"),
    ("garbage-sheet-part", lambda w, o: replaced(w.unit(0), o, "sheet", b"\x00\xff<<"),
     "unreadable"),
    ("not-a-zip", lambda w, o: (o.write_text("bukan buku kerja", encoding="utf-8"), o)[1],
     "unreadable"),
    ("empty-file", lambda w, o: (o.write_bytes(b""), o)[1], "unreadable"),
    ("png-named-xlsx", lambda w, o: (o.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64), o)[1],
     "unreadable"),
    ("old-xls-named-xlsx", lambda w, o: (o.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                                                       + b"\0" * 504), o)[1], "unreadable"),
    ("truncated-half", lambda w, o: truncated(w.unit(0), o, 0.5), "unreadable"),
    ("truncated-most", lambda w, o: truncated(w.unit(0), o, 0.95), "unreadable"),
    ("truncated-header", lambda w, o: truncated(w.unit(0), o, 22), "unreadable"),
    ("zip-bomb-declared", lambda w, o: declared_huge(w.unit(0), o), "unreadable"),
    ("zip-bomb-deflated", lambda w, o: deflate_bomb(o), "unreadable"),
    ("zip-many-members", _many_members, "unreadable"),
    ("flipped-bytes", lambda w, o: flipped(w.unit(0), o), "unreadable"),
    ("directory-named-xlsx", _directory, "unreadable"),
    ("missing-file", lambda w, o: o, "unreadable"),
    ("blank-workbook", _blank_workbook, "not-template"),
    ("other-template", lambda w, o: build_template("kinerja", o), "wrong-template"),
    ("unstamped-template", lambda w, o: build_template("ipasn", o), "no-stamp"),
]  # fmt: skip


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return make_base(tmp_path_factory.mktemp("dasar"))


@pytest.mark.parametrize(("case", "build", "code"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_package_is_refused_alone(base, tmp_path, case, build, code):
    world = copy_world(base, tmp_path / "w")
    hostile = build(world, world.path(f"{case}.xlsx"))
    outcome = collect_with_good(world, [hostile])
    (item,) = outcome.hostile
    if code is None:  # nothing the engine reads is missing: accepted, and it changed nothing
        assert item.status.value == "Diterima" and not item.reasons
        assert_only_good_edit(world, outcome)
        return
    assert item.status.value == "Ditolak"
    assert [m.code.value for m in item.reasons] == [code], [m.message for m in item.masalah]
    message = item.reasons[0].message
    if code == "unreadable":
        assert f"Berkas {hostile.name}" in message, message
    assert "Traceback" not in message and "Error(" not in message, message
    assert_only_good_edit(world, outcome)
