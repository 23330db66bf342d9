"""Time patch_workbook on a 100,000-row x 20-column sheet, rewriting 8 columns of every row.

Run: python benchmarks/bench_patcher.py [ROWS]

The sheet XML is generated directly (openpyxl cell by cell would take minutes), inside a
package that openpyxl created, so the rest of the workbook is realistic.
"""

from __future__ import annotations

import io
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from lkjip_xl.workbook.patcher import patch_workbook

COLS = 20
EDIT_COLS = range(13, 21)  # M..T: the "computed" columns


def sheet_xml(rows: int) -> bytes:
    letters = [get_column_letter(c) for c in range(1, COLS + 1)]
    out = io.StringIO()
    out.write(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<dimension ref="A1:T{rows + 1}"/><sheetViews><sheetView workbookViewId="0"/>'
        '</sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>'
    )
    out.write('<row r="1" spans="1:20">')
    out.write("".join(f'<c r="{c}1" t="inlineStr"><is><t>Kolom {c}</t></is></c>' for c in letters))
    out.write("</row>")
    rnd = random.Random(1)
    for r in range(2, rows + 2):
        cells = []
        for i, c in enumerate(letters, start=1):
            if i == 1:
                cells.append(f'<c r="{c}{r}" t="inlineStr"><is><t>K-{r:06d}</t></is></c>')
            elif i in EDIT_COLS:
                cells.append(f'<c r="{c}{r}" s="1"><v>{round(rnd.random(), 4)!r}</v></c>')
            else:
                cells.append(f'<c r="{c}{r}"><v>{rnd.randint(0, 999)}</v></c>')
        out.write(f'<row r="{r}" spans="1:20">{"".join(cells)}</row>')
    out.write(
        '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
        'header="0.3" footer="0.3"/></worksheet>'
    )
    return out.getvalue().encode()


def build(path: Path, rows: int) -> int:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws["M2"].number_format = "0.00"
    tmp = path.with_suffix(".seed.xlsx")
    wb.save(tmp)
    xml = sheet_xml(rows)
    with zipfile.ZipFile(tmp) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = xml if info.filename == "xl/worksheets/sheet1.xml" else zin.read(info)
            zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    tmp.unlink()
    return len(xml)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as d:
        src, dst = Path(d) / "big.xlsx", Path(d) / "big-out.xlsx"
        t0 = time.perf_counter()
        size = build(src, rows)
        t1 = time.perf_counter()
        letters = [get_column_letter(c) for c in EDIT_COLS]
        edits = {
            f"{c}{r}": (r * 0.001 + j) if j % 2 else f"Catatan {r}"
            for r in range(2, rows + 2)
            for j, c in enumerate(letters)
        }
        t2 = time.perf_counter()
        patch_workbook(src, dst, {"Data": edits})
        t3 = time.perf_counter()
        print(f"sheet XML: {size / 1e6:.1f} MB, {rows:,} rows x {COLS} columns")
        print(f"build: {t1 - t0:.2f} s, edit dict ({len(edits):,} cells): {t2 - t1:.2f} s")
        print(f"patch_workbook ({len(EDIT_COLS)} columns of every row): {t3 - t2:.2f} s")


if __name__ == "__main__":
    main()
