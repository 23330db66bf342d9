"""Mutations of real workbooks at the zip and XML level, and what a command must do with them.

A mutation is named by its kind and a seed: the same pair always makes the same file, so that a
case found by the property test (``test_fuzz_cli.py``) can be kept as a plain regression test.
What must hold (:func:`judge`): ``periksa`` and ``hitung`` end with exit 0 or 1 (done), or refuse
in one Indonesian sentence with exit 2, never with a traceback, an unexpected error (exit 3) or a
crash; a refusal leaves the workbook as it was; a workbook ``hitung`` wrote is read by openpyxl
and calamine (when they read it before). :func:`judged` says the same of ``laporan``,
``perbarui``, ``bagikan`` and ``kumpulkan``, and of the files each writes.

Most kinds change the members (:data:`MUTATIONS`); those of :data:`ZIP_MUTATIONS` change the
written archive's bytes (a cut, a compression method, a CRC, data descriptors, ZIP64, a file
that is no xlsx at all), after the members'.
"""

from __future__ import annotations

import hashlib
import random
import re
import struct
import subprocess
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.hostile.corpus import no_leftovers, one_line, run_cli

Members = list[tuple[str, bytes]]

SHEET = re.compile(r"xl/worksheets/[^/]+\.xml$")
TABLE = re.compile(r"xl/tables/[^/]+\.xml$")
CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
ROW = re.compile(rb"<row [^>]*?(?:/>|>.*?</row>)", re.S)


def _pick(rng: random.Random, members: Members, pattern: re.Pattern[str] | None = None) -> int:
    at = [i for i, (name, _) in enumerate(members) if pattern is None or pattern.match(name)]
    return rng.choice(at) if at else rng.randrange(len(members))


def _with_cells(rng: random.Random, members: Members) -> tuple[int, list[re.Match[bytes]]]:
    """A worksheet holding cells (the one with most of them, often), and its cells."""
    sheets = [i for i, (name, _) in enumerate(members) if SHEET.match(name)]
    rng.shuffle(sheets)
    found = [(i, list(CELL.finditer(members[i][1]))) for i in sheets]
    found = [(i, cells) for i, cells in found if cells]
    if not found:
        return sheets[0] if sheets else 0, []
    if rng.random() < 0.5:
        return max(found, key=lambda f: len(f[1]))
    return found[0]


def _replace(data: bytes, m: re.Match[bytes], new: bytes) -> bytes:
    return data[: m.start()] + new + data[m.end() :]


def truncated(rng: random.Random, members: Members) -> Members:
    i = _pick(rng, members)
    name, data = members[i]
    members[i] = (name, data[: rng.randrange(max(len(data), 1))])
    return members


def garbage(rng: random.Random, members: Members) -> Members:
    i = _pick(rng, members)
    members[i] = (members[i][0], rng.randbytes(rng.choice([0, 1, 7, 300, 5000])))
    return members


def duplicated(rng: random.Random, members: Members) -> Members:
    name, data = members[_pick(rng, members)]
    members.insert(rng.randrange(len(members) + 1), (name, data if rng.random() < 0.5 else b"<x/>"))
    return members


def content_type(rng: random.Random, members: Members) -> Members:
    i = next(i for i, (n, _) in enumerate(members) if n == "[Content_Types].xml")
    xml = members[i][1]
    found = list(re.finditer(rb'ContentType="[^"]*"', xml))
    m = rng.choice(found)
    wrong = rng.choice([b"image/png", b"application/xml", b"", b"text/plain; x=1"])
    if rng.random() < 0.3:
        overrides = list(re.finditer(rb"<Override [^>]*/>", xml))
        if overrides:
            members[i] = ("[Content_Types].xml", _replace(xml, rng.choice(overrides), b""))
            return members
    members[i] = ("[Content_Types].xml", _replace(xml, m, b'ContentType="' + wrong + b'"'))
    return members


ODD_CELLS = [
    b'<c r="%s" t="e"><v>#N/A</v></c>',
    b'<c r="%s" t="e"><v>#BOGUS!</v></c>',
    b'<c r="%s" t="d"><v>2024-02-30T25:61:00</v></c>',
    b'<c r="%s" t="d"><v>2024-03-15</v></c>',
    b'<c r="%s" t="inlineStr"/>',
    b'<c r="%s" t="inlineStr"><v>tanpa is</v></c>',
    b'<c r="%s" t="b"><v>2</v></c>',
    b'<c r="%s" t="b"><v>benar</v></c>',
    b'<c r="%s" t="s"><v>99999</v></c>',
    b'<c r="%s" t="s"><v>-1</v></c>',
    b'<c r="%s" t="s"><v>1.5</v></c>',
    b'<c r="%s" t="n"><v>angka</v></c>',
    b'<c r="%s" t="n"><v>1e999</v></c>',
    b'<c r="%s" t="n"><v>nan</v></c>',
    b'<c r="%s" t="str"/>',
    b'<c r="%s" t="zzz"><v>1</v></c>',
    b'<c r="%s" s="99999"><v>1</v></c>',
    b'<c r="%s" s="-1"><v>1</v></c>',
    b'<c r="%s" s="abc"><v>1</v></c>',
    b'<c r="%s"><v></v></c>',
    b'<c r="%s"><f>1/0</f></c>',
]


def odd_cell(rng: random.Random, members: Members) -> Members:
    i, cells = _with_cells(rng, members)
    if not cells:
        return members
    name, xml = members[i]
    for m in sorted(rng.sample(cells, min(len(cells), rng.choice([1, 1, 3]))),
                    key=lambda m: -m.start()):  # fmt: skip
        ref = m.group(1) + m.group(2)
        xml = _replace(xml, m, rng.choice(ODD_CELLS) % ref)
    members[i] = (name, xml)
    return members


def shared_strings(rng: random.Random, members: Members) -> Members:
    at = [i for i, (n, _) in enumerate(members) if n.endswith("sharedStrings.xml")]
    if not at or rng.random() < 0.5:
        return odd_cell(rng, members)
    name, xml = members[at[0]]
    items = list(re.finditer(rb"<si>.*?</si>", xml, re.S))
    if items:
        keep = rng.randrange(len(items))
        xml = xml[: items[keep].end()] + xml[items[-1].end() :]  # the later strings gone
    members[at[0]] = (name, xml)
    return members


def styles(rng: random.Random, members: Members) -> Members:
    at = [i for i, (n, _) in enumerate(members) if n == "xl/styles.xml"]
    if not at or rng.random() < 0.5:
        i, cells = _with_cells(rng, members)
        if cells:
            name, xml = members[i]
            m = rng.choice(cells)
            attrs = re.sub(rb'\ss="[^"]*"', b"", m.group(3))
            style = rng.choice([b"400", b"65535", b"4294967296", b"-3", b""])
            body = m.group(4)
            new = b'<c r="%s%s"%s s="%s"' % (m.group(1), m.group(2), attrs, style)
            new += b"/>" if body is None else b">" + body + b"</c>"
            members[i] = (name, _replace(xml, m, new))
        return members
    name, xml = members[at[0]]
    xfs = re.search(rb"<cellXfs[^>]*>.*?</cellXfs>", xml, re.S)
    if xfs:
        xml = _replace(xml, xfs, b'<cellXfs count="1"><xf numFmtId="999" fontId="99"/></cellXfs>')
    members[at[0]] = (name, xml)
    return members


def rows_out_of_order(rng: random.Random, members: Members) -> Members:
    i = _pick(rng, members, SHEET)
    name, xml = members[i]
    rows = list(ROW.finditer(xml))
    if len(rows) < 2:
        return members
    a, b = sorted(rng.sample(rows, 2), key=lambda m: m.start())
    xml = xml[: a.start()] + b.group(0) + xml[a.end() : b.start()] + a.group(0) + xml[b.end() :]
    members[i] = (name, xml)
    return members


def row_number(rng: random.Random, members: Members) -> Members:
    i = _pick(rng, members, SHEET)
    name, xml = members[i]
    rows = list(ROW.finditer(xml))
    if not rows:
        return members
    m = rng.choice(rows)
    number = rng.choice([b"0", b"-1", b"-7", b"1048577", b"abc", b""])
    row = re.sub(rb'^<row r="[^"]*"', b'<row r="' + number + b'"', m.group(0))
    if rng.random() < 0.5:  # the cells follow their row
        row = re.sub(rb'(<c r="[A-Z]+)[0-9]+"', rb"\g<1>" + number + b'"', row)
    members[i] = (name, _replace(xml, m, row))
    return members


def merged_over_table(rng: random.Random, members: Members) -> Members:
    i = _pick(rng, members, SHEET)
    name, xml = members[i]
    top = rng.randrange(1, 12)
    ref = f"A{top}:{rng.choice('BCDEFGHIJ')}{top + rng.randrange(0, 8)}".encode()
    merge = b'<mergeCells count="1"><mergeCell ref="' + ref + b'"/></mergeCells>'
    if b"<mergeCells" in xml:
        xml = re.sub(rb"<mergeCells[^>]*>", lambda m: m.group(0) + merge[22:-13], xml, count=1)
    elif b"</sheetData>" in xml:
        xml = xml.replace(b"</sheetData>", b"</sheetData>" + merge, 1)
    members[i] = (name, xml)
    return members


def table_ref(rng: random.Random, members: Members) -> Members:
    at = [i for i, (n, _) in enumerate(members) if TABLE.match(n)]
    if not at:
        return members
    i = rng.choice(at)
    name, xml = members[i]
    ref = rng.choice([b"A1:A1", b"B2:A1", b"A4:XFD1048576", b"ZZZ", b"A4:C5", b"", b"A4:Z400",
                      b"A1048575:B1048576", b"A4"])  # fmt: skip
    xml = re.sub(rb'(<(?:\w+:)?table\b[^>]*?\sref=")[^"]*"', rb"\g<1>" + ref + b'"', xml, count=1)
    if rng.random() < 0.3:
        xml = re.sub(rb'(<(?:\w+:)?autoFilter\b[^>]*?\sref=")[^"]*"', rb"\g<1>" + ref + b'"', xml)
    members[i] = (name, xml)
    return members


XML_PART = re.compile(r".*\.(?:xml|rels)$")


def _root_end(xml: bytes) -> int:
    """Where the root element of ``xml`` closes (its end when it cannot be told)."""
    at = xml.rstrip().rfind(b"</")
    return at if at > 0 else len(xml)


ENTITIES = [
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>',
    b'<!DOCTYPE x [<!ENTITY f SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE x [<!ENTITY f SYSTEM "http://127.0.0.1:9/x">]>',
    b'<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    b'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">',
    b"<!DOCTYPE x>",
]


def entity(rng: random.Random, members: Members) -> Members:
    """A DOCTYPE in an XML part: billion laughs, an external entity, an external DTD; the
    entity used where a value is (refused, never resolved)."""
    i = _pick(rng, members, XML_PART)
    name, xml = members[i]
    doctype = rng.choice(ENTITIES)
    decl = re.match(rb"<\?xml[^>]*\?>\s*", xml)
    at = decl.end() if decl else 0
    xml = xml[:at] + doctype + xml[at:]
    if b"ENTITY f" in doctype:
        texts = list(re.finditer(rb"<(?:t|v)(?: [^>]*)?>[^<]*</", xml))
        if texts:
            m = rng.choice(texts)
            xml = xml[: m.end() - 2] + b"&f;" + xml[m.end() - 2 :]
    members[i] = (name, xml)
    return members


def deep(rng: random.Random, members: Members) -> Members:
    """Elements nested thousands deep (a stack a recursive reader overflows)."""
    i = _pick(rng, members, rng.choice([SHEET, XML_PART]))
    name, xml = members[i]
    depth = rng.choice([500, 5000, 100_000, 1_000_000])
    tag = rng.choice([b"x", b"c", b"extLst"])
    at = _root_end(xml)
    nested = b"<" + tag + b">"
    members[i] = (name, xml[:at] + nested * depth + (b"</" + tag + b">") * depth + xml[at:])
    return members


def encoding(rng: random.Random, members: Members) -> Members:
    """An XML part whose declared encoding, BOM or bytes disagree (or agree on UTF-16)."""
    i = _pick(rng, members, rng.choice([SHEET, XML_PART]))
    name, xml = members[i]
    body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", xml)
    how = rng.randrange(8)
    if how == 0:
        xml = b"\xef\xbb\xbf" + xml
    elif how == 1:
        xml = b'<?xml version="1.0" encoding="UTF-16"?>' + body
    elif how == 2:
        xml = b'<?xml version="1.0" encoding="bogus-8"?>' + body
    elif how == 3:
        xml = (b'<?xml version="1.0" encoding="UTF-16"?>' + body).decode(
            "utf-8", "replace").encode("utf-16")  # fmt: skip
    elif how == 4:
        xml = b"\xff\xfe" + xml
    elif how == 5:
        xml = b'<?xml version="1.0" encoding="ISO-8859-1"?>' + body.replace(b"a", b"\xe9", 3)
    elif how == 6:
        xml = b"\x00\x00\xfe\xff" + xml.decode("utf-8", "replace").encode("utf-32-be")
    else:
        xml = b'<?xml version="1.0" encoding="UTF-8"?>' + body.replace(b"e", b"\xff", 2)
    members[i] = (name, xml)
    return members


def part_gone(rng: random.Random, members: Members) -> Members:
    """A part named by the workbook (a sheet, most often) missing from the archive."""
    pattern = rng.choice([SHEET, SHEET, TABLE, re.compile(r"xl/(?:styles|sharedStrings|workbook)")])
    at = [i for i, (n, _) in enumerate(members) if pattern.match(n)]
    if at:
        del members[rng.choice(at)]
    return members


TARGETS = [b"/etc/passwd", b"../../../../etc/passwd", b"../../../x.xml", b"file:///etc/passwd",
           b"http://127.0.0.1:9/x.xml", b"", b"/xl/worksheets/", b"worksheets/sheet999.xml",
           b"C:\\Windows\\win.ini", b"\\\\server\\share\\x.xml", b"../[Content_Types].xml",
           b"/xl/workbook.xml", b"./worksheets/../worksheets/sheet1.xml"]  # fmt: skip


def rel_target(rng: random.Random, members: Members) -> Members:
    """A relationship that points outside the package, at itself, or nowhere."""
    at = [i for i, (n, _) in enumerate(members) if n.endswith(".rels")]
    if not at:
        return members
    i = rng.choice(at)
    name, xml = members[i]
    found = list(re.finditer(rb'Target="[^"]*"', xml))
    if found:
        new = b'Target="' + rng.choice(TARGETS) + b'"'
        if rng.random() < 0.3:
            new += b' TargetMode="External"'
        xml = _replace(xml, rng.choice(found), new)
    members[i] = (name, xml)
    return members


def table_overlap(rng: random.Random, members: Members) -> Members:
    """A table whose range is another's, lies past the sheet's last row, or crosses it."""
    at = [i for i, (n, _) in enumerate(members) if TABLE.match(n)]
    if not at:
        return members
    refs = [re.search(rb'\sref="([^"]*)"', members[i][1]) for i in at]
    i = rng.choice(at)
    name, xml = members[i]
    other = rng.choice([r.group(1) for r in refs if r])
    m = re.match(rb"([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)", other)
    choices = [other]
    if m:
        top, last = int(m.group(2)), int(m.group(4))
        choices += [b"%s%d:%s%d" % (m.group(1), top + 1, m.group(3), last + 1),
                    b"%s%d:%s%d" % (m.group(1), top + 5000, m.group(3), last + 5000),
                    b"%s%d:%s%d" % (m.group(1), top, m.group(3), 1048576),
                    b"%s%d:XFD%d" % (m.group(1), top, last)]  # fmt: skip
    ref = rng.choice(choices)
    xml = re.sub(rb'(<(?:\w+:)?table\b[^>]*?\sref=")[^"]*"', rb"\g<1>" + ref + b'"', xml, count=1)
    members[i] = (name, xml)
    return members


def number_format(rng: random.Random, members: Members) -> Members:
    """Cell formats naming a number format no part declares, or the declared ones gone."""
    at = [i for i, (n, _) in enumerate(members) if n == "xl/styles.xml"]
    if not at:
        return members
    name, xml = members[at[0]]
    if rng.random() < 0.3:
        xml = re.sub(rb"<numFmts[^>]*>.*?</numFmts>", b"", xml, flags=re.S)
    else:
        found = list(re.finditer(rb'numFmtId="[^"]*"', xml))
        for m in sorted(rng.sample(found, min(len(found), rng.choice([1, 3, 50]))),
                        key=lambda m: -m.start()):  # fmt: skip
            new = rng.choice([b"300", b"5000", b"-1", b"abc", b"", b"4294967296", b"163"])
            xml = _replace(xml, m, b'numFmtId="' + new + b'"')
    members[at[0]] = (name, xml)
    return members


def date_system(rng: random.Random, members: Members) -> Members:
    """The 1904 date system switched on (or its flag set to what no schema allows)."""
    at = [i for i, (n, _) in enumerate(members) if n == "xl/workbook.xml"]
    if not at:
        return members
    name, xml = members[at[0]]
    flag = rng.choice([b"1", b"true", b"0", b"false", b"bogus", b""])
    xml = re.sub(rb'\sdate1904="[^"]*"', b"", xml)
    if b"<workbookPr" in xml:
        xml = xml.replace(b"<workbookPr", b'<workbookPr date1904="' + flag + b'"', 1)
    else:
        xml = re.sub(rb"(<workbook\b[^>]*>)", rb'\1<workbookPr date1904="' + flag + b'"/>',
                     xml, count=1)  # fmt: skip
    members[at[0]] = (name, xml)
    return members


NAME_TARGETS = [b"#REF!", b"Pengaturan!#REF!", b"#REF!$A$1", b"Pengaturan!$B$2:$C$9",
                b"Pengaturan!$B:$B", b"Pengaturan!$2:$2", b"Hilang!$A$1", b"'Pengaturan'!$C$4",
                b"", b"1/0", b"Pengaturan!$XFE$1", b"Pengaturan!$A$1048577",
                b"Identitas!$A$1:$XFD$1048576", b"[1]Pengaturan!$B$2",
                b"Pengaturan!$B$2,Pengaturan!$B$3",
                b"OFFSET(Pengaturan!$B$2,0,0)"]  # fmt: skip


def defined_name(rng: random.Random, members: Members) -> Members:
    """A defined name pointing at #REF!, a range instead of one cell, or another book."""
    at = [i for i, (n, _) in enumerate(members) if n == "xl/workbook.xml"]
    if not at:
        return members
    name, xml = members[at[0]]
    found = list(re.finditer(rb"(<definedName\b[^>]*>)([^<]*)(</definedName>)", xml))
    if not found:
        return members
    for m in sorted(rng.sample(found, min(len(found), rng.choice([1, 1, 3]))),
                    key=lambda m: -m.start()):  # fmt: skip
        xml = _replace(xml, m, m.group(1) + rng.choice(NAME_TARGETS) + m.group(3))
    members[at[0]] = (name, xml)
    return members


def member_name(rng: random.Random, members: Members) -> Members:
    """A member named as no writer names one: outside the package, with a backslash, twice
    under names differing only in case."""
    i = _pick(rng, members)
    name, data = members[i]
    new = rng.choice(["../../" + name, "/" + name, name.replace("/", "\\"), name.upper(),
                      "../../../tmp/lkjip-fuzz-escape.xml", name + "\x00x"])  # fmt: skip
    if rng.random() < 0.5:
        members[i] = (new, data)
    else:
        members.insert(rng.randrange(len(members) + 1), (new, data))
    return members


def bomb(rng: random.Random, members: Members) -> Members:
    """A part that inflates past a thousand times its size: a sheet padded with white space,
    or an extra member of zeros."""
    size = rng.choice([60, 300, 1100]) << 20
    if rng.random() < 0.5:
        i = _pick(rng, members, SHEET)
        name, xml = members[i]
        at = _root_end(xml)
        members[i] = (name, xml[:at] + b" " * size + xml[at:])
    else:
        members.append((rng.choice(["xl/media/image9.png", "customXml/item9.xml"]), bytes(size)))
    return members


def huge_size(rng: random.Random, members: Members) -> Members:
    """Marked here, done on the written zip (:func:`_declare_sizes`)."""
    return members


MUTATIONS: dict[str, Callable[[random.Random, Members], Members]] = {
    "truncated": truncated,
    "garbage": garbage,
    "duplicated": duplicated,
    "content-type": content_type,
    "huge-size": huge_size,
    "odd-cell": odd_cell,
    "shared-strings": shared_strings,
    "styles": styles,
    "rows-out-of-order": rows_out_of_order,
    "row-number": row_number,
    "merged-over-table": merged_over_table,
    "table-ref": table_ref,
    "entity": entity,
    "deep": deep,
    "encoding": encoding,
    "part-gone": part_gone,
    "rel-target": rel_target,
    "table-overlap": table_overlap,
    "number-format": number_format,
    "date-system": date_system,
    "defined-name": defined_name,
    "member-name": member_name,
    "bomb": bomb,
}


def _declare_sizes(path: Path, rng: random.Random) -> None:
    """The central directory (and the local header, at times) of one member claims a size of
    its own choosing."""
    data = bytearray(path.read_bytes())
    entries = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]
    at = rng.choice(entries)
    size = rng.choice([0xFFFFFFF0, 0x7FFFFFFF, 1, 0])
    struct.pack_into("<I", data, at + 24, size)
    if rng.random() < 0.5:
        local = struct.unpack_from("<I", data, at + 42)[0]
        if data[local : local + 4] == b"PK\x03\x04":
            struct.pack_into("<I", data, local + 22, size)
    path.write_bytes(bytes(data))


def _deflated(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    new = zipfile.ZipInfo(info.filename, info.date_time)
    new.compress_type = zipfile.ZIP_DEFLATED
    return new


def _entries(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"PK\x01\x02", data)]


def _local_of(data: bytes, central: int) -> int | None:
    local = struct.unpack_from("<I", data, central + 42)[0]
    return local if data[local : local + 4] == b"PK\x03\x04" else None


def zip_cut(path: Path, rng: random.Random) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: rng.randrange(len(data))])


def _set_field(path: Path, rng: random.Random, central_at: int, local_at: int | None,
               fmt: str, value: int) -> None:  # fmt: skip
    data = bytearray(path.read_bytes())
    entries = _entries(data)
    if not entries:  # cut before its directory by an earlier mutation
        return
    at = rng.choice(entries)
    where = rng.choice(["central", "local", "both"])
    if where != "local":
        struct.pack_into(fmt, data, at + central_at, value)
    local = _local_of(data, at)
    if where != "central" and local is not None and local_at is not None:
        struct.pack_into(fmt, data, local + local_at, value)
    path.write_bytes(bytes(data))


def zip_method(path: Path, rng: random.Random) -> None:
    """A member compressed (so its headers say) with a method no reader of ours knows."""
    _set_field(path, rng, 10, 8, "<H", rng.choice([0, 1, 6, 9, 12, 14, 93, 95, 98, 99, 0xFFFF]))


def zip_crc(path: Path, rng: random.Random) -> None:
    _set_field(path, rng, 16, 14, "<I", rng.randrange(1 << 32))


def zip_compressed_size(path: Path, rng: random.Random) -> None:
    data = path.read_bytes()
    if not _entries(data):
        return
    at = rng.choice(_entries(data))
    size = struct.unpack_from("<I", data, at + 20)[0]
    new = max(0, min(size + rng.choice([-100, -1, 1, 100, 1 << 20]), 0xFFFFFFFF))
    _set_field(path, random.Random(rng.random()), 20, 18, "<I", new)


def zip_flags(path: Path, rng: random.Random) -> None:
    """General purpose flags: encrypted, a data descriptor said to follow, UTF-8 names."""
    _set_field(path, rng, 8, 6, "<H", rng.choice([0x1, 0x8, 0x9, 0x41, 0x800, 0x2000, 0xFFFF]))


class _Unseekable:
    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, b: bytes) -> int:
        self.data += b
        return len(b)

    def flush(self) -> None:
        pass


def data_descriptor(path: Path, rng: random.Random) -> None:
    """Written as a streaming writer does (sizes and CRC after each member, in a data
    descriptor), the descriptor's fields then damaged at times."""
    with zipfile.ZipFile(path) as archive:
        members = [(i, archive.read(i)) for i in archive.infolist()]
    sink = _Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as out:  # type: ignore[arg-type]
        for info, data in members:
            with out.open(_deflated(info), "w") as member:
                member.write(data)
    data = bytearray(sink.data)
    how = rng.randrange(3)
    if how:
        found = [m.start() for m in re.finditer(rb"PK\x07\x08", data)]
        at = rng.choice(found)
        if how == 1:
            struct.pack_into("<I", data, at + 4, rng.randrange(1 << 32))  # its CRC
        else:
            struct.pack_into("<I", data, at + 12, rng.randrange(1 << 20))  # its size
    path.write_bytes(bytes(data))


def zip64(path: Path, rng: random.Random) -> None:
    """Every member with ZIP64 extra fields (sizes past 4 GB a reader must take from them)."""
    with zipfile.ZipFile(path) as archive:
        members = [(i, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            with out.open(_deflated(info), "w",
                          force_zip64=True) as member:  # fmt: skip
                member.write(data)
    if rng.random() < 0.5:  # a ZIP64 extra field whose sizes lie
        data = bytearray(path.read_bytes())
        found = [m.start() for m in re.finditer(rb"\x01\x00\x10\x00", data)]
        if found:
            struct.pack_into("<Q", data, rng.choice(found) + 4, rng.choice([0, 1 << 40, 7]))
        path.write_bytes(bytes(data))


def zip_frame(path: Path, rng: random.Random) -> None:
    """Bytes before the first member (a self-extractor's stub), after the directory, a
    directory count that disagrees, a comment."""
    data = bytearray(path.read_bytes())
    how = rng.randrange(4)
    end = data.rfind(b"PK\x05\x06")
    if how == 0:
        data = bytearray(rng.randbytes(rng.choice([1, 512, 70000]))) + data
    elif how == 1:
        data += rng.randbytes(rng.choice([1, 22, 5000]))
    elif how == 2 and end >= 0:
        count = rng.choice([0, 1, 0xFFFF])
        struct.pack_into("<HH", data, end + 8, count, count)
    elif end >= 0:
        struct.pack_into("<H", data, end + 20, 0xFFFF)  # a comment longer than what follows
    path.write_bytes(bytes(data))


def _ods() -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        out.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        out.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
        )
        out.writestr("META-INF/manifest.xml", "<manifest/>")
    return buffer.getvalue()


def _encrypted(path: Path) -> bytes:
    import io

    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    with path.open("rb") as plain:
        OOXMLFile(plain).encrypt("rahasia", out)
    return out.getvalue()


def other_format(path: Path, rng: random.Random) -> None:
    """Not an xlsx at all, though named one: empty, CSV, an encrypted (OLE) workbook, an old
    .xls, an .ods, a Word document, HTML, a PDF, gzip."""
    import gzip

    how = rng.randrange(10)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    data = path.read_bytes()
    new = [
        b"",
        b"Kode Indikator;Target;Realisasi\nIKU-1;100;90\n",
        _encrypted(path) if how == 2 else b"",
        ole + bytes(8) + rng.randbytes(rng.choice([504, 4096, 20000])),
        _ods(),
        data.replace(b"xl/", b"word/") if how == 5 else b"",
        b"<html><body><table><tr><td>1</td></tr></table></body></html>",
        b"%PDF-1.4\n" + rng.randbytes(300),
        gzip.compress(data) if how == 8 else b"",
        b"\xef\xbb\xbf" + b"\x00" * rng.choice([1, 3000]),
    ][how]
    path.write_bytes(new)


#: Mutations of the written archive's bytes (applied after those of its members).
ZIP_MUTATIONS: dict[str, Callable[[Path, random.Random], None]] = {
    "zip-cut": zip_cut,
    "zip-method": zip_method,
    "zip-crc": zip_crc,
    "zip-compressed-size": zip_compressed_size,
    "zip-flags": zip_flags,
    "data-descriptor": data_descriptor,
    "zip64": zip64,
    "zip-frame": zip_frame,
    "other-format": other_format,
}

#: Every kind, by name.
KINDS = sorted([*MUTATIONS, *ZIP_MUTATIONS])


def mutate(base: Path, target: Path, kinds: list[tuple[str, int]]) -> Path:
    """``base`` changed by each (kind, seed) in turn, written to ``target``."""
    with zipfile.ZipFile(base) as archive:
        members: Members = [(i.filename, archive.read(i)) for i in archive.infolist()]
    for kind, seed in kinds:
        if kind in MUTATIONS:
            members = MUTATIONS[kind](random.Random(f"{kind}:{seed}"), members)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a member twice is one of the mutations
        for name, data in members:
            out.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    for kind, seed in kinds:
        if kind == "huge-size":
            _declare_sizes(target, random.Random(f"{kind}:{seed}"))
        elif kind in ZIP_MUTATIONS and kind != "other-format":
            ZIP_MUTATIONS[kind](target, random.Random(f"{kind}:{seed}"))
    for kind, seed in kinds:
        if kind == "other-format":  # last: it is no zip afterwards
            other_format(target, random.Random(f"{kind}:{seed}"))
    return target


#: Words of a Python error or of an English library message: never in what a user reads.
ENGLISH = re.compile(
    r"Traceback|Error\b|Exception|object has no attribute|index out of range|invalid literal"
    r"|not supported|unexpected|cannot|Errno|NoneType|expected|line \d+, column \d+"
    r"|\b(?:the|is|missing|invalid|failed|found|syntax)\b"
    # A library's own sentence starts with a capital ("Invalid data stream", bz2's).
    r"|\b(?i:invalid|failed|missing|stream|compression|unsupported|truncated|corrupt)\b"
)


@dataclass
class Outcome:
    command: str
    code: int
    stdout: str
    stderr: str
    changed: bool


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(command: str, path: Path) -> Outcome:
    before = _sha(path)
    try:
        done = run_cli(command, str(path), timeout=180)
    except subprocess.TimeoutExpired:
        return Outcome(command, -999, "", "waktu habis", _sha(path) != before)
    return Outcome(command, done.returncode, done.stdout, done.stderr, _sha(path) != before)


#: Beyond this a sheet is not made Python objects (calamine reads every sheet densely).
MAX_READ_CELLS = 2_000_000


def readable(path: Path) -> str | None:
    """None when openpyxl and calamine both read every sheet of ``path``; else what failed."""
    import openpyxl
    from python_calamine import CalamineWorkbook

    try:
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            list(ws.iter_rows(values_only=True))
    except Exception as exc:
        return f"openpyxl: {type(exc).__name__}: {exc}"
    try:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            if sheet.height * sheet.width > MAX_READ_CELLS:  # a row numbered 1048577, say
                return f"calamine: sheet {name} spans {sheet.height} x {sheet.width} cells"
            sheet.to_python()
    except Exception as exc:
        return f"calamine: {type(exc).__name__}: {exc}"
    return None


def judge(outcome: Outcome, path: Path, before: str | None = None) -> list[str]:
    """What is wrong with ``outcome`` (nothing: an empty list); ``before`` is what
    :func:`readable` said of the file before the command (a file others could not read before
    is not required to be readable after)."""
    said = one_line(outcome.stderr)
    wrong = []
    if outcome.code < 0 or outcome.code >= 128:
        wrong.append(f"crash or timeout (exit {outcome.code})")
    if "Traceback" in outcome.stderr + outcome.stdout:
        wrong.append("traceback")
    if outcome.code == 3:
        wrong.append(f"unexpected error: {said}")
    if outcome.code == 2:
        if not said.startswith("Gagal: ") or ENGLISH.search(said):
            wrong.append(f"refusal not one Indonesian sentence: {said!r}")
        if outcome.changed:
            wrong.append("workbook changed although refused")
    if outcome.command == "periksa" and outcome.changed:
        wrong.append("periksa changed the workbook")
    if outcome.command == "hitung" and outcome.code in (0, 1) and before is None:
        failed = readable(path)
        if failed:
            wrong.append(f"hitung wrote a workbook others cannot read: {failed}")
    if no_leftovers(path.parent):
        wrong.append(f"temporary files left: {no_leftovers(path.parent)}")
    return wrong


def _docx_unreadable(path: Path) -> str | None:
    import docx

    try:
        with zipfile.ZipFile(path) as archive:
            if archive.testzip() is not None:
                return "a member fails its CRC"
        docx.Document(str(path))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _common(outcome: Outcome) -> list[str]:
    said = one_line(outcome.stderr)
    wrong = []
    if outcome.code < 0 or outcome.code >= 128:
        wrong.append(f"crash or timeout (exit {outcome.code})")
    if "Traceback" in outcome.stderr + outcome.stdout:
        wrong.append("traceback")
    if outcome.code == 3:
        wrong.append(f"unexpected error: {said}")
    if outcome.code == 2 and (not said.startswith("Gagal: ") or ENGLISH.search(said)):
        wrong.append(f"refusal not one Indonesian sentence: {said!r}")
    return wrong


def judged(command: str, path: Path, master: Path | None = None) -> tuple[Outcome, list[str]]:
    """Run ``command`` on the mutated workbook ``path`` (alone in its folder) and say what is
    wrong with what it did to the files:

    - ``laporan``: the workbook unchanged; a docx python-docx opens when done, none when refused;
    - ``perbarui``: refused, nothing written; done, the old file kept byte for byte beside a
      new one others read;
    - ``bagikan`` (of a mutated master): refused, the master unchanged and no unit written; done,
      a manifest and unit workbooks others read;
    - ``kumpulkan`` of the mutated unit ``path`` into the distributed ``master``: a damaged unit
      is refused by name with exit 1 (never exit 2), the unit unchanged, the master unchanged
      or still read by others.
    """
    folder = path.parent
    before, names = _sha(path), set(p.name for p in folder.iterdir())
    was_read = readable(path) if command == "perbarui" else None
    if command == "bagikan":
        args = [command, str(path), "-o", str(folder / "unit")]
    elif command == "kumpulkan":
        assert master is not None
        args, master_before = [command, str(master), str(path)], _sha(master)
    else:
        args = [command, str(path)]
    try:
        done = run_cli(*args, timeout=180)
        outcome = Outcome(command, done.returncode, done.stdout, done.stderr, _sha(path) != before)
    except subprocess.TimeoutExpired:
        outcome = Outcome(command, -999, "", "waktu habis", _sha(path) != before)
    wrong = _common(outcome)
    new = set(p.name for p in folder.iterdir()) - names
    done_ = outcome.code in (0, 1)
    if outcome.changed and (outcome.code == 2 or command in ("laporan", "kumpulkan")):
        wrong.append(f"{command} changed {path.name} (exit {outcome.code})")
    if command == "laporan":
        report = path.with_suffix(".laporan.docx")
        if done_ and not report.exists():
            wrong.append("done, yet no report written")
        elif done_ and (why := _docx_unreadable(report)):
            wrong.append(f"the report written is not a whole docx: {why}")
        elif not done_ and report.exists():
            wrong.append(f"a report left behind on exit {outcome.code}")
    elif command == "perbarui":
        if outcome.code == 2 and new:
            wrong.append(f"refused, yet wrote {sorted(new)}")
        if done_ and outcome.changed:
            kept = [folder / n for n in new if n.endswith((".xlsx", ".xlsm"))]
            if len(kept) != 1 or _sha(kept[0]) != before:
                wrong.append(f"the old file not kept as it was: {sorted(new)}")
            if was_read is None and (why := readable(path)):
                wrong.append(f"the upgraded workbook is not read by others: {why}")
    elif command == "bagikan":
        units = folder / "unit"
        written = sorted(p.name for p in units.iterdir()) if units.exists() else []
        if outcome.code == 2 and (written or new - {"unit"}):
            wrong.append(f"refused, yet wrote {sorted(new)} {written[:3]}")
        if done_:
            if "distribusi.json" not in written:
                wrong.append("done, yet no manifest")
            for name in written:
                if name.endswith(".xlsx") and (why := readable(units / name)):
                    wrong.append(f"unit workbook {name} is not read by others: {why}")
            wrong += [f"temporary files left: {x}" for x in no_leftovers(units)]
    elif command == "kumpulkan":
        assert master is not None
        if outcome.code == 2:
            wrong.append("a damaged unit refused the whole collection (exit 2)")
        if outcome.code == 1 and path.name not in one_line(outcome.stdout + outcome.stderr):
            wrong.append("exit 1 without naming the unit")
        if _sha(master) != master_before and (why := readable(master)):
            wrong.append(f"the master written is not read by others: {why}")
        wrong += [f"temporary files left: {x}" for x in no_leftovers(master.parent)]
    wrong += [f"temporary files left: {x}" for x in no_leftovers(folder)]
    return outcome, wrong
