"""The scan of a large sheet, searched for far cells as it is inflated (and its rows under the
tables counted while calamine reads), says what the scan of a sheet read whole says: rows typed
under a table, stray cells far away, and a workbook without either. Every sheet is taken down
the large sheets' path here by lowering its threshold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from lkjip_xl.workbook import file_book
from lkjip_xl.workbook.api import check_file
from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import template
from tests.workbooks import ANGGARAN, INDIKATOR, TRIWULAN, filled_kinerja

IPASN = template("ipasn")
PEGAWAI = {
    "NIP": "198706152010011003", "Nama": "Pegawai Bawah", "Unit Kerja": "Bidang A",
    "Status": "PNS", "Jenis Jabatan": "Pelaksana", "Pendidikan": "S1", "Nilai SKP": 90,
}  # fmt: skip


def _type_under_pegawai(path: Path, rows: int) -> tuple[int, int]:
    spec = IPASN.table("tblPegawai")
    wb = openpyxl.load_workbook(path)
    ws = wb[spec.sheet]
    c1, _r1, _c2, r2 = range_boundaries(ws.tables[spec.name].ref)
    headers = [c.name for c in spec.columns]
    for r in range(r2 + 1, r2 + 1 + rows):
        for header, value in PEGAWAI.items():
            ws.cell(r, c1 + headers.index(header)).value = value
    wb.save(path)
    return r2 + 1, r2 + rows


def _far(path: Path, cells: dict[str, Any]) -> Path:
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb["Indikator"][ref] = value
    wb.save(path)
    return path


def _problems(path: Path) -> list[tuple[str, str | None, str]]:
    return [(m.code.value, m.place, m.message) for m in check_file(path).masalah]


def _both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list, int]:
    """(problems read whole, problems read streamed, sheets streamed)."""
    whole = _problems(path)
    streamed = []
    real = file_book.inflate_searching

    def counted(*args: Any) -> Any:
        streamed.append(args[1].filename)
        return real(*args)

    monkeypatch.setattr(file_book, "STREAMED_PART_BYTES", 0)
    monkeypatch.setattr(file_book, "inflate_searching", counted)
    return whole, _problems(path), len(streamed)


def test_rows_under_a_table_are_counted_while_calamine_reads(tmp_path, monkeypatch):
    path = build_template("ipasn", tmp_path / "ipasn.xlsx")
    first, last = _type_under_pegawai(path, 3)
    whole, streamed, sheets = _both(path, monkeypatch)
    assert sheets > 0
    assert streamed == whole
    (below,) = [p for p in whole if p[0] == "rows-below-table"]
    assert below[1] == f"Pegawai!A{first}:{IPASN.table('tblPegawai').letter('Saran')}{last}"
    assert f"3 baris di bawah tabel tblPegawai (baris {first}–{last})" in below[2]


@pytest.mark.parametrize(
    "cells", [{"XFD1048576": 5}, {"CZ5": "=1+1", "ZZ200000": "jauh"}, {"A1048576": "IKU-9"}]
)
def test_far_cells_are_named_as_when_read_whole(cells, tmp_path, monkeypatch):
    path = _far(filled_kinerja(tmp_path / "kinerja.xlsx", INDIKATOR, ANGGARAN, TRIWULAN), cells)
    whole, streamed, sheets = _both(path, monkeypatch)
    assert sheets > 0
    assert streamed == whole
    assert [p[0] for p in whole].count("far-cells") == 1


def test_a_workbook_without_either_says_the_same(tmp_path, monkeypatch):
    path = filled_kinerja(tmp_path / "kinerja.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    whole, streamed, sheets = _both(path, monkeypatch)
    assert sheets > 0
    assert streamed == whole
    assert not {"far-cells", "rows-below-table"} & {p[0] for p in whole}
