"""A character XML cannot hold, typed in a unit's workbook, reaches the master as typed.

Word's manual line break (a vertical tab) pasted into a cell, or a control character copied out
of a PDF, is written by Excel as its own ``_x000B_`` escape. Collect carries such a cell into the
master through the engine's cell writer, which used to drop the character: "Budi Santoso" with
a line break came back as "BudiSantoso", silently. Excel, LibreOffice and calamine decode the
escape, so it is what the engine writes too.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
import python_calamine

from lkjip_xl.workbook.exchange.codes import StatusKiriman
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from tests.test_distribute_collect import PEG, UNITS, ipasn_master, nip

TYPED = "Budi\x0bSantoso \x01 _x0041_"
#: How Excel writes TYPED into a cell's text: the escapes, and a literal escape kept literal.
AS_EXCEL_WRITES = b"Budi_x000B_Santoso _x0001_ _x005F_x0041_"


def _excel_typed_in(unit: Path, name: str) -> None:
    """Replace a name in the unit's Pegawai sheet with TYPED, spelled as Excel spells it."""
    copy = unit.with_suffix(".tmp")
    with zipfile.ZipFile(unit) as src, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as dst:
        hits = 0
        for info in src.infolist():
            data = src.read(info)
            if b">" + name.encode() + b"<" in data:
                data = data.replace(b">" + name.encode() + b"<", b">" + AS_EXCEL_WRITES + b"<")
                hits += 1
            dst.writestr(info, data)
    assert hits == 1
    shutil.move(copy, unit)


def _names(path: Path) -> dict[str, str]:
    """NIP -> Nama of the master's roster, read by calamine (the engine's reader)."""
    table = python_calamine.CalamineWorkbook.from_path(path, load_tables=True)
    rows = table.get_table_by_name(PEG.name).to_python()
    nip_at, name_at = PEG.col_index("nip") - 1, PEG.col_index("nama") - 1
    return {str(r[nip_at]): r[name_at] for r in rows if r[nip_at]}


@pytest.fixture
def collected(tmp_path: Path) -> Path:
    master = ipasn_master(tmp_path / "induk.xlsx")
    sent = distribute(master, tmp_path / "kirim")
    unit = next(w.path for w in sent.workbooks if w.unit == UNITS[0])
    _excel_typed_in(unit, "Pegawai 0-1")
    result = collect(master, [w.path for w in sent.workbooks])
    assert [k.status for k in result.kiriman] == [StatusKiriman.DITERIMA] * 3
    assert result.kiriman[0].changed == 1
    return master


def test_a_control_character_typed_in_a_unit_reaches_the_master(collected):
    names = _names(collected)
    assert names[nip(0, 1)] == TYPED
    assert names[nip(0, 2)] == "Pegawai 0-2"


@pytest.mark.libreoffice
def test_libreoffice_reads_the_collected_name_as_typed(libreoffice, collected):
    cells = libreoffice.inspect(collected)["cells"][PEG.sheet]
    column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[PEG.col_index("nama") - 1]
    found = [v for ref, v in cells.items() if ref.startswith(column) and "Budi" in str(v)]
    assert found == [TYPED]
