"""Hostile, bad and faulty files for the exchange, generated from a real distribution.

One small distribution (three units of four people) is made once per test module; every case
works on its own copy of it (:class:`World`). A case turns one or more of the unit's workbooks
into something hostile: an edited or forged stamp, rows of another unit, a broken or unsafe
package, a bad value. The tests then collect the hostile files together with a good file of
another unit and assert what the user is told, that the master's input cells are unchanged but
for the good file's edit, and that the good file was merged.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.defined_name import DefinedName

from lkjip_xl.workbook.exchange import stamp
from lkjip_xl.workbook.exchange.collect import HasilPengumpulan, collect
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.ooxml.package import Package
from tests.test_distribute_collect import (
    IPASN,
    PEG,
    UNITS,
    edit_unit,
    input_cells,
    ipasn_master,
    nip,
    pegawai,
)

GOOD_UNIT = 2
GOOD_EDIT = {nip(GOOD_UNIT, 0): {"Nilai SKP": 91}}


@dataclass
class World:
    """A copy of the distribution: the master, its unit files, and a file of another one."""

    root: Path

    @property
    def master(self) -> Path:
        return self.root / "induk.xlsx"

    def unit(self, n: int) -> Path:
        return self.root / "kirim" / f"induk - {UNITS[n]}.xlsx"

    @property
    def elsewhere(self) -> Path:
        """Unit 0's file of another distribution (of a copy of the master)."""
        return self.root / "kirim-lain" / f"lain - {UNITS[0]}.xlsx"

    def path(self, name: str) -> Path:
        return self.root / name


def make_base(root: Path) -> Path:
    """The distribution every case copies."""
    root.mkdir(parents=True, exist_ok=True)
    master = ipasn_master(root / "induk.xlsx", units=3)
    other = shutil.copy(master, root / "lain.xlsx")
    distribute(master, root / "kirim")
    distribute(other, root / "kirim-lain")
    return root


def copy_world(base: Path, target: Path) -> World:
    shutil.copytree(base, target)
    return World(target)


# --- packages, byte by byte ------------------------------------------------------------------


def rewrite(src: Path, dst: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of the package ``src`` with every part passed through ``change`` (None drops it)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info, data)
    return dst


def part_of(path: Path, what: str) -> str:
    """The part name of the workbook, the Pegawai sheet or the tblPegawai table of ``path``."""
    with zipfile.ZipFile(path) as archive:
        package = Package(archive)
        if what == "workbook":
            return package.workbook
        if what == "sheet":
            return package.sheet_part(PEG.sheet)
        return package.table_parts()[PEG.name]


def with_doctype(path: Path, out: Path, where: str, doctype: bytes) -> Path:
    """``path`` with ``doctype`` put before the root element of one of its parts."""
    target = part_of(path, where) if where in ("workbook", "sheet", "table") else where

    def change(name: str, data: bytes) -> bytes:
        if name != target:
            return data
        at = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
        return data[:at] + doctype + data[at:]

    return rewrite(path, out, change)


def without(path: Path, out: Path, part: str) -> Path:
    target = part_of(path, part) if part in ("workbook", "sheet", "table") else part
    return rewrite(path, out, lambda name, data: None if name == target else data)


def replaced(path: Path, out: Path, part: str, content: bytes) -> Path:
    target = part_of(path, part) if part in ("workbook", "sheet", "table") else part
    return rewrite(path, out, lambda name, data: content if name == target else data)


def truncated(path: Path, out: Path, keep: float | int) -> Path:
    data = path.read_bytes()
    size = keep if isinstance(keep, int) else int(len(data) * keep)
    out.write_bytes(data[:size])
    return out


def declared_huge(path: Path, out: Path) -> Path:
    """A zip bomb by its sizes: the central directory says a part inflates to almost 4 GB."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    assert at >= 0
    data[at + 24 : at + 28] = struct.pack("<I", 0xFFFFFFF0)  # uncompressed size
    out.write_bytes(bytes(data))
    return out


def deflate_bomb(out: Path, size: int = 64 << 20) -> Path:
    """A real zip bomb in miniature: a workbook part of ``size`` zero bytes, deflated."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("xl/workbook.xml", "w", force_zip64=True) as stream:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                stream.write(chunk)
    return out


def flipped(path: Path, out: Path) -> Path:
    """A few bytes inside the compressed Pegawai sheet changed (its CRC no longer holds)."""
    target = part_of(path, "sheet")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(target)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 100, start + 110):
        data[i] ^= 0xFF
    out.write_bytes(bytes(data))
    return out


# --- stamps and rows, as a person edits them ---------------------------------------------------


def set_stamp(path: Path, name: str, value: str | None, formula: str | None = None) -> Path:
    """Edit one stamp as Excel's Name Manager does (None deletes it)."""
    wb = openpyxl.load_workbook(path)
    if name in wb.defined_names:
        del wb.defined_names[name]
    if value is not None or formula is not None:
        text = formula if formula is not None else '"' + value.replace('"', '""') + '"'
        wb.defined_names[name] = DefinedName(name, attr_text=text)
    wb.save(path)
    return path


def set_stamps_bytes(path: Path, out: Path, values: dict[str, str | None]) -> Path:
    """Edit stamps in ``workbook.xml`` directly, as a script or a zip tool does."""
    target = part_of(path, "workbook")
    return rewrite(path, out, lambda n, d: stamp.set_stamps(d, values) if n == target else d)


def copy_stamps(src: Path, dst: Path, names: tuple[str, ...]) -> Path:
    stamps = stamp.read_stamps(src)
    for name in names:
        set_stamp(dst, name, stamps.get(name))
    return dst


def type_cells(path: Path, cells: dict[tuple[str, str], Any]) -> Path:
    """Type values into (NIP, header) cells of the Pegawai table."""
    wb = openpyxl.load_workbook(path)
    ws = wb[PEG.sheet]
    col = {c.name: PEG.col_index(c.key) for c in PEG.columns}
    for row in range(PEG.first_data_row, ws.max_row + 1):
        key = ws.cell(row, col["NIP"]).value
        for (who, header), value in cells.items():
            if who == key:
                ws.cell(row, col[header], value)
    wb.save(path)
    return path


def type_below_table(path: Path, rows: list[dict[str, Any]]) -> Path:
    """Type rows right under the Pegawai table, outside its range (as in LibreOffice)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[PEG.sheet]
    last = int(ws.tables[PEG.name].ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    for i, values in enumerate(rows):
        for column in PEG.columns:
            if column.name in values:
                ws.cell(last + 1 + i, PEG.col_index(column.key), values[column.name])
    wb.save(path)
    return path


def other_units_rows(n: int, count: int = 4, **over: Any) -> list[dict[str, Any]]:
    return [pegawai(n, i, **over) for i in range(count)]


# --- running a case --------------------------------------------------------------------------


@dataclass
class Outcome:
    result: HasilPengumpulan
    before: dict[tuple[str, str], Any]
    after: dict[tuple[str, str], Any]
    hostile: list[Any] = field(default_factory=list)


def good_cell(world: World) -> tuple[str, str]:
    """The master's cell the good file changes."""
    ws = openpyxl.load_workbook(world.master, read_only=True)[PEG.sheet]
    for row in ws.iter_rows(min_row=PEG.first_data_row, max_col=1):
        if row[0].value == nip(GOOD_UNIT, 0):
            return (PEG.sheet, f"{PEG.letter('nilai_skp')}{row[0].row}")
    raise AssertionError("the good unit's row is not in the master")


def collect_with_good(world: World, hostile: list[Path]) -> Outcome:
    """Collect ``hostile`` and a good file of another unit; check the good one is merged."""
    good = edit_unit(world.unit(GOOD_UNIT), world.path("baik.xlsx"), set_=GOOD_EDIT)
    before = input_cells(world.master, IPASN)
    where = good_cell(world)
    result = collect(world.master, [*hostile, good])
    after = input_cells(world.master, IPASN)
    *items, last = result.kiriman
    assert last.status.value == "Diterima", [m.message for m in last.masalah]
    assert after[where] == 91
    return Outcome(result, before, after, items)


def assert_only_good_edit(world: World, outcome: Outcome) -> None:
    """The master's input cells are as before, but for the good file's one edit."""
    where = good_cell(world)
    expected = dict(outcome.before)
    expected[where] = 91
    assert outcome.after == expected
