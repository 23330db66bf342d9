"""Review of collect's column work (whole columns checked by one sum, rows read by columns):
values on the edges typed by units reach the master as typed, read back by openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from lkjip_xl.workbook.exchange.codes import StatusKiriman
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from tests.test_distribute_collect import PEG, edit_unit, ipasn_master, nip, unit_file

#: What units type, per (unit, row): numbers whose sum is beyond the largest float (so the
#: column's one-sum check cannot settle it), the smallest and the negative zero, an integer
#: beyond a float's exact ones, texts that look like numbers or begin with a quote, the
#: longest text a cell holds.
TYPED = {
    (0, 0): {"JP Diklat Teknis": 1e308, "Nama": "'awal kutip"},
    (0, 1): {"JP Diklat Teknis": 1e308, "Nama": "007"},
    (1, 0): {"JP Diklat Teknis": 1.7e308, "Nilai SKP": 5e-324, "Nama": "1e5"},
    (1, 1): {"JP Diklat Teknis": -1.7e308, "Nilai SKP": 2.0**53 + 2, "Nama": "x" * 32_767},
    (2, 0): {"Nilai SKP": -0.0, "Nama": "  spasi di tepi  "},
    (2, 3): {"Nilai SKP": 123456789.125, "Nama": "Ω ñ 😀"},
}


def _master_values(path: Path) -> dict[str, dict[str, object]]:
    sheet = openpyxl.load_workbook(path)[PEG.sheet]
    header_row = PEG.first_data_row - 1
    headers = {sheet.cell(header_row, c).value: c for c in range(1, sheet.max_column + 1)}
    found = {}
    for r in range(PEG.first_data_row, sheet.max_row + 1):
        key = sheet.cell(r, headers["NIP"]).value
        if key:
            found[key] = {h: sheet.cell(r, c).value for h, c in headers.items() if h}
    return found


def test_edge_values_typed_by_units_reach_the_master_as_typed(tmp_path):
    master = ipasn_master(tmp_path / "induk.xlsx", units=3, per_unit=4)
    sent = distribute(master, tmp_path / "kirim")
    files = []
    for unit in range(3):
        edits = {nip(u, n): v for (u, n), v in TYPED.items() if u == unit}
        files.append(edit_unit(unit_file(sent, unit), set_=edits))
    result = collect(master, files)
    assert [k.status for k in result.kiriman] == [StatusKiriman.DITERIMA] * 3, [
        [(m.code, m.message) for m in k.masalah] for k in result.kiriman
    ]
    got = _master_values(master)
    for (unit, n), typed in TYPED.items():
        for header, value in typed.items():
            assert got[nip(unit, n)][header] == value, (unit, n, header)
