"""Building blocks of the hostile corpus: workbooks filled as a user fills them, then changed as
bytes the way a hostile or broken file is (a part replaced, a cell's XML rewritten, a member
added), and what must hold afterwards (the input cells, read back with openpyxl)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from lkjip_xl.workbook.contract import template
from tests.workbooks import INDIKATOR, filled_kinerja

REPO = Path(__file__).resolve().parents[2]
KINERJA = template("kinerja")


def kinerja(path: Path, rows: list[dict[str, Any]] | None = None) -> Path:
    """A kinerja workbook with the usual three indicators (or ``rows``)."""
    return filled_kinerja(path, INDIKATOR if rows is None else rows)


def sheet_part(path: Path, sheet: str) -> str:
    """The worksheet part of ``sheet``, read from the workbook's own relationships."""
    from lkjip_xl.workbook.ooxml.package import Package

    with zipfile.ZipFile(path) as archive:
        return Package(archive).sheet_part(sheet)


def rewrite(
    path: Path,
    changes: Mapping[str, bytes | None],
    *,
    extra: Sequence[tuple[str, bytes]] = (),
) -> Path:
    """Rewrite the package at ``path`` with parts replaced (None: removed) and ``extra``
    members appended (duplicates allowed, as a hostile archive may carry them)."""
    with zipfile.ZipFile(path) as archive:
        members = [(i.filename, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            if name in changes:
                if changes[name] is None:
                    continue
                data = changes[name] or b""
            out.writestr(name, data)
        for name, data in extra:
            out.writestr(name, data)
    return path


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def set_cell_xml(path: Path, sheet: str, ref: str, cell_xml: bytes) -> Path:
    """Replace the cell ``ref`` of ``sheet`` by ``cell_xml`` exactly as given."""
    name = sheet_part(path, sheet)
    xml = part(path, name)
    pattern = rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)'
    new, count = re.subn(pattern, lambda _m: cell_xml, xml, count=1, flags=re.S)
    assert count == 1, f"{sheet}!{ref} not found in {name}"
    return rewrite(path, {name: new})


def inline_text(ref: str, text: str) -> bytes:
    from xml.sax.saxutils import escape

    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'.encode()


def _cell_elements(xml: bytes) -> dict[str, bytes]:
    found = {}
    for m in re.finditer(rb'<c r="([A-Z]+[0-9]+)"[^>]*?(?:/>|>.*?</c>)', xml, flags=re.S):
        found[m.group(1).decode()] = m.group(0)
    return found


def input_cells(path: Path) -> dict[tuple[str, str], bytes]:
    """The XML, byte for byte, of every input cell of every table (within its range, as the
    table part says) and every input name: what a user typed, as the file holds it (read as
    XML, since openpyxl refuses some of the values the corpus plants)."""
    from openpyxl.utils.cell import range_boundaries

    cells: dict[tuple[str, str], bytes] = {}
    by_sheet: dict[str, dict[str, bytes]] = {}

    def sheet_cells(sheet: str) -> dict[str, bytes]:
        if sheet not in by_sheet:
            by_sheet[sheet] = _cell_elements(part(path, sheet_part(path, sheet)))
        return by_sheet[sheet]

    with zipfile.ZipFile(path) as archive:
        tables = {}
        for name in archive.namelist():
            if name.startswith("xl/tables/"):
                xml = archive.read(name)
                m = re.search(rb'displayName="([^"]+)"[^>]*?\sref="([^"]+)"', xml)
                if m:
                    tables[m.group(1).decode()] = m.group(2).decode()
    for table in KINERJA.tables:
        _c1, _r1, _c2, last = range_boundaries(tables[table.name])
        found = sheet_cells(table.sheet)
        for column in table.input_columns:
            letter = table.letter(column.key)
            for row in range(table.first_data_row, last + 1):
                ref = f"{letter}{row}"
                if ref in found:
                    cells[(table.sheet, ref)] = found[ref]
    for named in KINERJA.input_names:
        cells[(named.sheet, named.cell)] = sheet_cells(named.sheet).get(named.cell, b"")
    return cells


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``lkjip-xl ARGS`` as a user runs it, in a fresh process of this checkout."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        "COLUMNS": "200",  # rich wraps at the terminal width; a wide one keeps sentences whole
        "LKJIP_USER": "penguji",
    }
    return subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", *args],
        capture_output=True, text=True, env=env, timeout=timeout, cwd=REPO,
    )  # fmt: skip


def one_line(text: str) -> str:
    """Console output with rich's line breaks undone."""
    return " ".join(text.split())


def no_leftovers(directory: Path) -> list[str]:
    """Hidden files of ours left in ``directory`` (should be none after any run)."""
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".~lkjip-"))
