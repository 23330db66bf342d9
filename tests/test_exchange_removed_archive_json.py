"""The archive of rows a unit removed (``arsip/dihapus-*.json``) is JSON every reader reads.

A master cell holding a number no cell can hold (``1e400`` planted in the XML, read as
infinity) went into the archive as ``Infinity``, which Python writes but JSON does not have:
``jq``, JavaScript's ``JSON.parse`` and every strict reader refuse the whole file.
"""

from __future__ import annotations

import json

import openpyxl

from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from tests.hostile.corpus import set_cell_xml

PEG = template("ipasn").table("tblPegawai")


def _person(n: int) -> dict:
    return {"NIP": f"19800101200501{n:04d}", "Nama": f"P{n}", "Unit Kerja": "Unit A",
            "Status": "PNS", "Jenis Jabatan": "Pelaksana", "Pendidikan": "S1",
            "JP Diklat Teknis": 24, "Seminar": "Ya", "Nilai SKP": 80,
            "Hukuman Disiplin": "Tidak Pernah"}  # fmt: skip


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def test_a_removed_row_holding_infinity_is_archived_as_valid_json(tmp_path):
    master = tmp_path / "induk.xlsx"
    wb = make_workbook("ipasn")
    fill_table(wb, PEG, [_person(n) for n in range(3)])
    wb.save(master)
    ref = f"{PEG.letter('jp_diklat_teknis')}{PEG.first_data_row + 1}"
    set_cell_xml(master, PEG.sheet, ref, f'<c r="{ref}"><v>1e400</v></c>'.encode())
    (unit,) = [w.path for w in distribute(master, tmp_path / "kirim").workbooks]
    wb = openpyxl.load_workbook(unit)
    ws = wb[PEG.sheet]
    row = next(r for r in range(PEG.first_data_row, ws.max_row + 1)
               if ws.cell(r, PEG.col_index("nip")).value == "198001012005010001")  # fmt: skip
    for column in PEG.input_columns:
        ws.cell(row, PEG.col_index(column.key)).value = None  # the unit removes the row
    wb.save(unit)

    result = collect(master, [unit])

    assert result.removed_archive is not None
    data = json.loads(result.removed_archive.read_text(encoding="utf-8"),
                      parse_constant=_refuse_constant)  # fmt: skip
    (removed,) = data["baris"]
    assert removed["nilai"]["NIP"] == "198001012005010001"
    assert removed["nilai"]["JP Diklat Teknis"] is None  # as a NaN cell is archived
