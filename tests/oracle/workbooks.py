"""Workbooks made the way a user makes them: `lkjip-xl new`, inputs typed (openpyxl stands in
for typing), `lkjip-xl recompute`; and reading tables back by their headers.

Only the command line of lkjip_xl is used, never its modules: the engine is the thing under test.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook

from tests.oracle.data_kinerja import TAHUN


def cli(*args: str | Path, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
    """Run ``lkjip-xl`` as a user would; fail with its output when it fails."""
    proc = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode not in ok:
        raise AssertionError(
            f"lkjip-xl {' '.join(map(str, args))} exited {proc.returncode}\n"
            f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        )
    return proc


def recompute(path: Path) -> None:
    """`lkjip-xl recompute PATH`.  Exit 1 means "recomputed, and the workbook has errors"
    (the generated inputs have some on purpose); the file must have been rewritten either way.
    """
    before = path.stat().st_mtime_ns, path.stat().st_size
    proc = cli("recompute", path, ok=(0, 1))
    after = path.stat().st_mtime_ns, path.stat().st_size
    if after == before:
        raise AssertionError(f"lkjip-xl recompute did not write {path}\n{proc.stdout[-3000:]}")


@dataclass(frozen=True)
class TableLayout:
    sheet: str
    header_row: int
    first_col: int
    last_col: int
    last_row: int
    headers: tuple[str, ...]

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    def column(self, header: str) -> int:
        return self.first_col + self.headers.index(header)

    def address(self, header: str, index: int) -> str:
        """A1 address of data row ``index`` (0-based) in column ``header``."""
        return f"{get_column_letter(self.column(header))}{self.first_data_row + index}"


def find_table(wb: Workbook, name: str) -> TableLayout:
    for ws in wb.worksheets:
        if name in ws.tables:
            ref = ws.tables[name].ref
            min_col, min_row, max_col, max_row = range_boundaries(ref)
            headers = tuple(
                str(ws.cell(min_row, c).value or "") for c in range(min_col, max_col + 1)
            )
            return TableLayout(ws.title, min_row, min_col, max_col, max_row, headers)
    raise KeyError(f"table {name} not found")


def fill_table(wb: Workbook, name: str, rows: list[dict[str, Any]]) -> None:
    """Type ``rows`` (header -> value) from the first data row; grow the table like a user
    who inserts table rows (new rows take the look of the first data row)."""
    layout = find_table(wb, name)
    ws = wb[layout.sheet]
    for i, row in enumerate(rows):
        for header, value in row.items():
            ws.cell(layout.first_data_row + i, layout.column(header), value)
    last = layout.header_row + len(rows)
    if last > layout.last_row:
        for col in range(layout.first_col, layout.last_col + 1):
            model = ws.cell(layout.first_data_row, col)
            for r in range(layout.last_row + 1, last + 1):
                ws.cell(r, col)._style = copy.copy(model._style)
        table = ws.tables[name]
        first = get_column_letter(layout.first_col)
        table.ref = f"{first}{layout.header_row}:{get_column_letter(layout.last_col)}{last}"
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref


def named_cell(wb: Workbook, name: str) -> tuple[str, str]:
    """(sheet, A1 cell) of a workbook-scoped defined name."""
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return sheet, ref.replace("$", "")


def set_names(wb: Workbook, values: dict[str, object]) -> None:
    for name, value in values.items():
        sheet, cell = named_cell(wb, name)
        wb[sheet][cell] = value


def set_band_rows(wb: Workbook, name: str, rows: list[tuple[str, float | int | None, str]]):
    """Replace the (Predikat, Batas Bawah, Termasuk Batas) rows of a band table; a row left
    without a band is emptied (colour and note too), a band row keeps the template's colour."""
    layout = find_table(wb, name)
    ws = wb[layout.sheet]
    for r in range(layout.first_data_row, layout.last_row + 1):
        i = r - layout.first_data_row
        band = rows[i] if i < len(rows) else None
        for header in layout.headers:
            if band is None or header in BAND_COLUMNS:
                ws.cell(r, layout.column(header)).value = None
        if band is not None:
            for header, value in zip(BAND_COLUMNS, band, strict=True):
                ws.cell(r, layout.column(header)).value = value


BAND_COLUMNS = ("Predikat", "Batas Bawah", "Termasuk Batas")


def read_rows(wb: Workbook, name: str, count: int | None = None) -> list[dict[str, Any]]:
    """Data rows of a table as header -> value (all rows, or the first ``count``)."""
    layout = find_table(wb, name)
    ws = wb[layout.sheet]
    last = layout.last_row if count is None else layout.header_row + count
    rows = []
    for cells in ws.iter_rows(
        min_row=layout.first_data_row,
        max_row=last,
        min_col=layout.first_col,
        max_col=layout.last_col,
        values_only=True,
    ):
        rows.append(dict(zip(layout.headers, cells, strict=True)))
    return rows


def load(path: Path) -> Workbook:
    return openpyxl.load_workbook(path)


def make_kinerja(folder: Path, data, settings) -> dict[str, Path]:
    """One workbook per setting, all with the inputs of ``data`` (a KinerjaData)."""
    base = folder / "kinerja-kosong.xlsx"
    cli("new", "kinerja", base)
    wb = load(base)
    fill_table(wb, "tblIndikator", data.indikator)
    fill_table(wb, "tblTriwulan", data.triwulan)
    fill_table(wb, "tblAnggaran", data.anggaran)
    fill_table(wb, "tblEvaluasiSakip", [{"Nilai": v} for v in data.evaluasi_nilai])
    fill_table(wb, "tblRiwayat", data.riwayat)
    set_names(wb, {"Tahun": TAHUN})
    template_bands = [
        (row["Predikat"], row["Batas Bawah"], row["Termasuk Batas"])
        for row in read_rows(wb, "tblSkalaEfisiensi")
        if row["Predikat"] is not None
    ]
    paths = {}
    for setting in settings:
        set_names(wb, {name: setting.value(name) for name in KINERJA_NAMES})
        rows = template_bands if setting.efisiensi_rows is None else setting.efisiensi_rows
        set_band_rows(wb, "tblSkalaEfisiensi", rows)
        paths[setting.name] = folder / f"kinerja-{setting.name}.xlsx"
        wb.save(paths[setting.name])
    return paths


def make_ipasn(folder: Path, data, settings) -> dict[str, Path]:
    """One workbook per setting, all with the employees of ``data`` (an IpasnData)."""
    base = folder / "ipasn-kosong.xlsx"
    cli("new", "ipasn", base)
    wb = load(base)
    fill_table(wb, "tblPegawai", data.pegawai)
    paths = {}
    for setting in settings:
        set_names(wb, {name: setting.value(name) for name in IPASN_NAMES})
        paths[setting.name] = folder / f"ipasn-{setting.name}.xlsx"
        wb.save(paths[setting.name])
    return paths


KINERJA_NAMES = (
    "Skala_Capaian",
    "Metode_Negatif",
    "Batas_Bawah_Nol",
    "Batas_Atas_Capaian",
    "Metode_Efisiensi",
    "Desimal",
    "Pembulatan",
)
IPASN_NAMES = ("Data_Kosong", "Desimal", "Pembulatan")
