"""Headless recompute of workbook files: results, the Log, and nothing else touched."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

import lkjip_xl as lx
from lkjip_xl.core.rounding import round_value
from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.contract import Role, template
from lkjip_xl.workbook.safe_write import backups
from tests.workbooks import ANGGARAN, INDIKATOR, TRIWULAN, filled_kinerja

SPEC = template("kinerja")


def values(path: Path) -> dict[str, dict[str, object]]:
    wb = openpyxl.load_workbook(path, data_only=True)
    return {
        ws.title: {
            c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None
        }
        for ws in wb.worksheets
    }


def computed_cells() -> dict[str, set[str]]:
    """Every cell a recompute may write, derived from the contract."""
    cells: dict[str, set[str]] = {}
    for sheet in SPEC.sheets:
        for table in sheet.tables:
            rows = range(table.first_data_row, table.first_data_row + 200)
            columns = table.columns if table.name in {"tblRingkasanSasaran", "tblLog"} else (
                table.computed_columns
            )  # fmt: skip
            for column in columns:
                if column.role is Role.COMPUTED:
                    cells.setdefault(sheet.name, set()).update(
                        f"{table.letter(column.key)}{r}" for r in rows
                    )
        for named in sheet.names:
            if named.is_computed:
                cells.setdefault(sheet.name, set()).add(named.cell)
    cells["Laporan"] = {
        f"{get_column_letter(c)}{r}" for r in range(1, 1000) for c in range(1, 40)
    }  # the report sheet holds no input: all of it is the engine's
    return cells


def laporan_parts(path: Path) -> set[str]:
    """The drawing and chart parts of the Laporan sheet (openpyxl names them on load)."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        wb = openpyxl.load_workbook(path)
        index = wb.sheetnames.index("Laporan") + 1
        rels = archive.read(f"xl/worksheets/_rels/sheet{index}.xml.rels").decode()
        drawing = "xl/drawings/" + rels.split("drawings/")[1].split('"')[0]
        drawing_rels = archive.read(drawing.replace("drawings/", "drawings/_rels/") + ".rels")
        charts = {
            "xl/charts/" + part.split('"')[0] for part in drawing_rels.decode().split("charts/")[1:]
        }
    return {drawing, *charts} & names


def cell_formats(styles: bytes) -> list[bytes]:
    """The cellXfs entries of a styles part, as written."""
    body = styles.split(b"<cellXfs", 1)[1].split(b"</cellXfs>", 1)[0]
    return [b"<xf" + x for x in body.split(b"<xf")[1:]]


def test_results_equal_the_core(tmp_path):
    path = filled_kinerja(tmp_path / "k.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    laporan = recompute_file(path)
    assert not laporan.galat
    got = values(path)["Indikator"]
    table = SPEC.table("tblIndikator")
    row = table.first_data_row
    cap = lambda key, r: got.get(f"{table.letter(key)}{r}")  # noqa: E731
    assert cap("capaian", row) == round_value(lx.capaian(75, 71.59), 2)
    assert cap("capaian_nasional", row) == round_value(lx.capaian(77, 71.59), 2)
    assert cap("predikat", row) == lx.predikat(round_value(lx.capaian(75, 71.59), 2))
    assert cap("capaian", row + 1) == round_value(lx.capaian(10, 6.23, "negatif"), 2)
    # IKU-3 has no annual realisasi: derived from its quarters (Kumulatif), and the note says so.
    assert cap("capaian", row + 2) == round_value(lx.capaian(90, 47), 2)
    assert "triwulan" in cap("catatan", row + 2)
    anggaran = values(path)["Anggaran"]
    at = SPEC.table("tblAnggaran")
    serapan = round_value(lx.serapan(11470273050, 10610006984), 2)
    assert anggaran[f"{at.letter('serapan')}{at.first_data_row}"] == serapan
    assert anggaran[f"{at.letter('efisiensi')}{at.first_data_row}"] == round_value(
        lx.efisiensi(round_value(lx.capaian(75, 71.59), 2), serapan), 2
    )


def test_log_row_and_stale_results(tmp_path):
    path = filled_kinerja(tmp_path / "k.xlsx", INDIKATOR, ANGGARAN)
    assert "never-computed" in {m.code for m in check_file(path).masalah}
    first = recompute_file(path)
    log = openpyxl.load_workbook(path)["Log"]
    assert log.tables["tblLog"].ref == "A4:I5"
    assert log["C5"].value == "Hitung Ulang" and log["F5"].value == first.fingerprint
    assert "stale-results" not in {m.code for m in check_file(path).masalah}
    wb = openpyxl.load_workbook(path)
    table = SPEC.table("tblIndikator")
    wb["Indikator"][f"{table.letter('realisasi')}{table.first_data_row}"] = 70
    wb.save(path)
    assert "stale-results" in {m.code for m in check_file(path).masalah}
    recompute_file(path)
    assert openpyxl.load_workbook(path)["Log"].tables["tblLog"].ref == "A4:I6"


def decorate(path: Path, image_png: bytes) -> None:
    """What a user adds: a chart, an image, a comment, colours, a sheet and a dropdown."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Indikator"]
    ws.protection.sheet = False
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=7, min_row=4, max_row=7), titles_from_data=True)
    ws.add_chart(chart, "S4")
    ws.add_image(Image(io.BytesIO(image_png)), "S20")
    ws["C5"].comment = Comment("Sumber: laporan BKN", "Staf")
    ws.conditional_formatting.add(
        "G5:G10",
        CellIsRule(
            operator="greaterThan", formula=["50"], fill=PatternFill("solid", fgColor="FFFF00")
        ),
    )
    dv = DataValidation(type="list", formula1='"A,B"', allow_blank=True)
    dv.add("R5:R10")
    ws.add_data_validation(dv)
    extra = wb.create_sheet("Catatan Saya")
    extra["A1"] = "Draf analisis bidang"
    wb.save(path)


def png() -> bytes:
    import struct
    import zlib

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))  # fmt: skip


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_recompute_changes_only_computed_cells_and_keeps_every_added_part(tmp_path):
    path = filled_kinerja(tmp_path / "k.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    decorate(path, png())
    before, before_values = members(path), values(path)
    recompute_file(path)
    after, after_values = members(path), values(path)

    assert set(before) == set(after)  # nothing dropped, nothing added
    changed = {name for name in before if before[name] != after[name]}
    # The Laporan sheet is rewritten whole, its charts follow it, and a figure's number
    # format may add a cell format to styles.xml (appended: existing indices keep their look).
    report_parts = laporan_parts(path)
    expected_changes = {"xl/workbook.xml", "xl/styles.xml", *report_parts} | {
        name for name in before if name.startswith(("xl/worksheets/sheet", "xl/tables/table"))
    }
    assert changed <= expected_changes, changed - expected_changes
    for kept in ("xl/media/", "xl/charts/", "xl/drawings/", "xl/comments"):
        for name in before:
            if name.startswith(kept) and name not in report_parts:
                assert before[name] == after[name], name
    assert (
        cell_formats(before["xl/styles.xml"])
        == cell_formats(after["xl/styles.xml"])[: len(cell_formats(before["xl/styles.xml"]))]
    )
    allowed = computed_cells()
    for sheet, cells in before_values.items():
        for cell in set(cells) | set(after_values[sheet]):
            if before_values[sheet].get(cell) != after_values[sheet].get(cell):
                assert cell in allowed.get(sheet, set()), f"{sheet}!{cell} changed"
    wb = openpyxl.load_workbook(path)
    ws = wb["Indikator"]
    assert ws._charts and ws._images and ws["C5"].comment.text == "Sumber: laporan BKN"
    assert ws.conditional_formatting and any(
        dv.formula1 == '"A,B"' for dv in ws.data_validations.dataValidation
    )
    assert wb["Catatan Saya"]["A1"].value == "Draf analisis bidang"
    # The previous version is kept beside the file, byte for byte.
    [backup] = backups(path)
    assert backup.name.startswith("k.sebelumnya-")
    assert members(backup) == before


def test_lock_file_prevents_overwriting(tmp_path):
    path = filled_kinerja(tmp_path / "k.xlsx", INDIKATOR)
    (tmp_path / "~$k.xlsx").write_bytes(b"lock")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    from lkjip_xl.workbook.safe_write import WorkbookLockedError

    with pytest.raises(WorkbookLockedError):
        recompute_file(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


KILLED_RUN = r"""
import sys, time, zipfile
from lkjip_xl.workbook import patcher
original = patcher.zipfile.ZipFile.writestr
def slow(self, *args, **kwargs):
    time.sleep(0.05)
    return original(self, *args, **kwargs)
zipfile.ZipFile.writestr = slow
original_write = zipfile.ZipFile.open
from lkjip_xl.workbook.api import recompute_file
print("start", flush=True)
recompute_file(sys.argv[1])
print("done", flush=True)
"""


def test_recompute_killed_while_writing_leaves_the_original_intact(tmp_path):
    path = filled_kinerja(tmp_path / "k.xlsx", INDIKATOR, ANGGARAN)
    original = path.read_bytes()
    script = tmp_path / "run.py"
    script.write_text(KILLED_RUN)
    process = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE)
    deadline = time.monotonic() + 60
    temp = []
    while time.monotonic() < deadline and not temp:
        temp = [p for p in tmp_path.iterdir()
                if p.name.startswith(".~lkjip") and not p.name.endswith(".kunci")]  # fmt: skip
        time.sleep(0.01)
    assert temp, "the recompute never started writing"
    time.sleep(0.1)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert path.read_bytes() == original
    openpyxl.load_workbook(path)  # still a sound workbook


def test_a_commit_lets_go_of_the_tables_read_and_they_read_again_as_the_file_was(tmp_path):
    # The commit frees what was read (a roster's rows need not sit beside its sheet while it
    # is patched): a table asked for afterwards is read again, from the file as it was read.
    from lkjip_xl.workbook.file_book import FileBook
    from lkjip_xl.workbook.recompute import recompute

    path = filled_kinerja(tmp_path / "k.xlsx", INDIKATOR, ANGGARAN)
    book = FileBook(path)
    before = book.read_table("tblIndikator")
    rows = [list(r) for r in before.rows]
    recompute(book)
    book.commit(tmp_path / "out.xlsx")
    again = book.read_table("tblIndikator")
    assert again is not before
    assert again.rows == rows
    assert values(tmp_path / "out.xlsx")["Indikator"] != values(path)["Indikator"]
