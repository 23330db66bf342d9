"""Mutations of real workbooks at the zip and XML level, and what a command must do with them.

A mutation is named by its kind and a seed: the same pair always makes the same file, so that a
case found by the property test (``test_fuzz_cli.py``) can be kept as a plain regression test.
What must hold (:func:`judge`): ``periksa`` and ``hitung`` end with exit 0 or 1 (done), or refuse
in one Indonesian sentence with exit 2, never with a traceback, an unexpected error (exit 3) or a
crash; a refusal leaves the workbook as it was; a workbook ``hitung`` wrote is read by openpyxl
and calamine (when they read it before).
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


def mutate(base: Path, target: Path, kinds: list[tuple[str, int]]) -> Path:
    """``base`` changed by each (kind, seed) in turn, written to ``target``."""
    with zipfile.ZipFile(base) as archive:
        members: Members = [(i.filename, archive.read(i)) for i in archive.infolist()]
    for kind, seed in kinds:
        members = MUTATIONS[kind](random.Random(f"{kind}:{seed}"), members)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a member twice is one of the mutations
        for name, data in members:
            out.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    for kind, seed in kinds:
        if kind == "huge-size":
            _declare_sizes(target, random.Random(f"{kind}:{seed}"))
    return target


#: Words of a Python error or of an English library message: never in what a user reads.
ENGLISH = re.compile(
    r"Traceback|Error\b|Exception|object has no attribute|index out of range|invalid literal"
    r"|not supported|unexpected|cannot|Errno|NoneType|expected|line \d+, column \d+"
    r"|\b(?:the|is|missing|invalid|failed|found|syntax)\b"
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
