"""Whole columns patched a window of rows at a time write the bytes the row-by-row path writes.

A recompute's computed columns are written by :mod:`lkjip_xl.workbook.ooxml.column_runs` when
the rows have the usual layout; every other row goes the row-by-row way. The expected file is
the same edits given cell by cell (``patch_workbook(edits=...)``), which never takes windows:
both must be the same bytes, for sheets as openpyxl, lkjip_xl and LibreOffice write them, with
rows that break the layout here and there, and with windows of a few rows (many windows, many
fallbacks) as well as the real size. openpyxl reads the written values back.
"""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.workbook.ooxml import column_runs
from lkjip_xl.workbook.ooxml.package import FAST_LEVEL_FROM
from lkjip_xl.workbook.patcher import PatchError, patch_workbook
from tests.libreoffice import run_script

ROWS = 3_000
FIRST = 2
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _shown(value: object) -> object:
    """A written value as a reader of the file gives it back (blank for None and NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return float(value) if isinstance(value, bool | int | float) else value


def _computed(r: int, writer: str) -> bytes:
    """The two computed cells (C, D) of row ``r`` as each writer leaves them."""
    if writer == "openpyxl":
        return b'<c r="C%d" s="2" t="n"></c><c r="D%d" s="2" t="n"></c>' % (r, r)
    if writer == "lkjip_xl":
        return (
            b'<c r="C%d" s="2"><v>%d.5</v></c><c r="D%d" s="3" t="inlineStr"><is>'
            b'<t xml:space="preserve">lama %d</t></is></c>' % (r, r % 7, r, r % 3)
        )
    return b'<c r="C%d" s="2"/><c r="D%d" s="3" t="s"><v>%d</v></c>' % (r, r, r % 5)


def _row(r: int, writer: str, odd: dict[int, bytes]) -> bytes:
    attrs = b' customFormat="false" ht="15"' if writer == "LibreOffice" else b""
    inputs = (
        b'<c r="A%d" s="1" t="inlineStr"><is><t>Pegawai %d</t></is></c><c r="B%d"><v>%d</v></c>'
    )
    body = odd.get(r, _computed(r, writer))
    return b'<row r="%d"%s>' % (r, attrs) + inputs % (r, r, r, r) + body + b"</row>"


#: Rows that break the usual layout, each sent the row-by-row way.
ODD = {
    40: b'<c r="C40" s="2"/>',  # D40 missing: created, with the style of the cell above
    41: b'<c r="C41" t="n" s="2"><v>1</v></c><c r="D41" s="3"/>',  # attributes reordered
    42: b'<c r="C42" s="2"><v>1</v></c><c r="D42" s="3"/><c r="E42"><v>9</v></c>',  # a cell after
    43: b'<c r="C43" s="2"><v>1</v><extLst/></c><c r="D43" s="3"/>',  # an extension list
    44: b'<c r="C44" s="2" t="inlineStr"><is><r><t>kaya</t></r></is></c><c r="D44" s="3"/>',
    45: b'<c r="C45" s="2"/> <c r="D45" s="3"/>',  # a space between the cells
}


def _sheet(writer: str, odd: dict[int, bytes], gap: bytes = b"", count: int = ROWS) -> bytes:
    head = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Nama</t></is></c></row>'
    rows = gap.join(_row(r, writer, odd) for r in range(FIRST, FIRST + count))
    end = FIRST + count + 2
    below = b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (end, end)
    return (
        b'<worksheet xmlns="' + MAIN + b'"><dimension ref="A1:D%d"/><sheetData>' % end
        + head + gap + rows + gap + below + b"</sheetData></worksheet>"
    )  # fmt: skip


def _workbook(path: Path, sheet_xml: bytes) -> Path:
    """An openpyxl workbook (with enough styles) whose sheet is ``sheet_xml``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for i, fmt in enumerate(["@", "0.00", "0.0", "0"]):
        ws.cell(1, i + 1).number_format = fmt
    wb.save(path.with_suffix(".tmp"))
    with zipfile.ZipFile(path.with_suffix(".tmp")) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            dst.writestr(info, data, zipfile.ZIP_DEFLATED)
    return path


def _values(rows: int) -> list[list[object]]:
    c = [[1.25, float("nan"), None, 7, 0.1 + 0.2][r % 5] for r in range(rows)]
    d = [["Tinggi", "teks <&>", None, True, "Sangat Rendah"][r % 5] for r in range(rows)]
    return [c, d]


def count_windows(monkeypatch) -> list[int]:
    """The rows of every window taken (so that a test cannot pass without any)."""
    taken: list[int] = []
    window = column_runs.ColumnRuns.window

    def counted(self, *args, **kwargs):
        got = window(self, *args, **kwargs)
        if got is not None:
            taken.append(got.rows)
        return got

    monkeypatch.setattr(column_runs.ColumnRuns, "window", counted)
    return taken


def _both(src: Path, tmp_path: Path, count: int = ROWS) -> tuple[bytes, bytes]:
    c, d = _values(count)
    columns = {"Data": [(3, FIRST, c), (4, FIRST, d)]}
    cells = {f"{letter}{FIRST + i}": v for letter, vs in (("C", c), ("D", d)) for i, v in
             enumerate(vs)}  # fmt: skip
    by_column, by_cell = tmp_path / "columns.xlsx", tmp_path / "cells.xlsx"
    patch_workbook(src, by_column, {}, columns=columns)
    patch_workbook(src, by_cell, {"Data": cells})
    return by_column.read_bytes(), by_cell.read_bytes()


@pytest.mark.parametrize("window", [600, column_runs.WINDOW_BYTES])
@pytest.mark.parametrize("writer", ["openpyxl", "lkjip_xl", "LibreOffice"])
@pytest.mark.parametrize("odd", [{}, ODD], ids=["usual", "odd-rows"])
def test_windows_write_the_bytes_of_the_row_by_row_path(tmp_path, monkeypatch, writer, odd, window):
    monkeypatch.setattr(column_runs, "WINDOW_BYTES", window)
    taken = count_windows(monkeypatch)
    src = _workbook(tmp_path / "in.xlsx", _sheet(writer, odd, gap=b"\n " if odd else b""))
    by_column, by_cell = _both(src, tmp_path)
    assert by_column == by_cell
    if window < 1000 or not odd:  # (one real-size window holds every row, odd ones too)
        assert sum(taken) > ROWS // 2  # most rows went by windows, not row by row
    ws = openpyxl.load_workbook(tmp_path / "columns.xlsx")["Data"]
    c, d = _values(ROWS)
    for i in (0, 1, 2, 3, 4, 38, 39, 40, 41, 42, 43, 44, ROWS - 1):
        want_c = None if c[i] is None or (isinstance(c[i], float) and math.isnan(c[i])) else c[i]
        assert ws.cell(FIRST + i, 3).value == want_c, i
        assert ws.cell(FIRST + i, 4).value == d[i], i
    assert ws.cell(FIRST + ROWS + 2, 1).value == 1  # the row under the table is kept


def test_a_row_out_of_order_is_refused_as_row_by_row(tmp_path):
    # Row 30 written again where row 60 should be: the row-by-row path refuses the sheet.
    sheet = _sheet("openpyxl", {}).replace(b'<row r="60">', b'<row r="30">')
    src = _workbook(tmp_path / "in.xlsx", sheet)
    c, d = _values(ROWS)
    columns = {"Data": [(3, FIRST, c), (4, FIRST, d)]}
    with pytest.raises(ValueError, match="tidak berurutan"):
        patch_workbook(src, tmp_path / "out.xlsx", {}, columns=columns)
    assert not (tmp_path / "out.xlsx").exists()


def test_a_formula_met_in_a_streamed_sheet_writes_it_whole_instead(tmp_path, monkeypatch):
    # A sheet large enough to be streamed, streamed without looking for formulas first; the
    # one computed cell holding a formula sends its rows the row-by-row way, which must not
    # remove a formula from a streamed sheet: the sheet is written again, whole.
    from lkjip_xl.workbook import patcher

    rows = 26_000
    odd = {FIRST + 5_000: b'<c r="C5002" s="2"><f>1+1</f><v>2</v></c><c r="D5002" s="3"/>'}
    sheet = _sheet("openpyxl", odd, count=rows)
    assert len(sheet) > FAST_LEVEL_FROM
    src = _workbook(tmp_path / "in.xlsx", sheet)
    calls: list[bool] = []
    patch = patcher._patch

    def spied(*args, stream, **kwargs):
        calls.append(stream)
        return patch(*args, stream=stream, **kwargs)

    monkeypatch.setattr(patcher, "_patch", spied)
    by_column, by_cell = _both(src, tmp_path, rows)
    assert calls == [True, False, True]  # columns: streamed, then whole; cells: not streamed
    assert by_column == by_cell
    with zipfile.ZipFile(tmp_path / "columns.xlsx") as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    ws = openpyxl.load_workbook(tmp_path / "columns.xlsx", read_only=True)["Data"]
    assert ws["C5002"].value == _values(rows)[0][5_000]


def test_a_large_sheet_without_formulas_is_streamed_once(tmp_path, monkeypatch):
    from lkjip_xl.workbook import patcher

    rows = 26_000
    src = _workbook(tmp_path / "in.xlsx", _sheet("lkjip_xl", ODD, count=rows))
    calls: list[bool] = []
    patch = patcher._patch

    def spied(*args, stream, **kwargs):
        calls.append(stream)
        return patch(*args, stream=stream, **kwargs)

    monkeypatch.setattr(patcher, "_patch", spied)
    by_column, by_cell = _both(src, tmp_path, rows)
    assert calls == [True, True]
    assert by_column == by_cell


def test_a_comment_after_sheet_data_is_not_taken_for_its_end(tmp_path):
    sheet = _sheet("openpyxl", {}).replace(
        b"</sheetData>", b"</sheetData><!-- </sheetData> ditulis oleh alat lain -->"
    )
    src = _workbook(tmp_path / "in.xlsx", sheet)
    by_column, by_cell = _both(src, tmp_path)
    assert by_column == by_cell
    with zipfile.ZipFile(tmp_path / "columns.xlsx") as archive:
        assert b"<!-- </sheetData> ditulis oleh alat lain -->" in archive.read(
            "xl/worksheets/sheet1.xml"
        )


def test_a_failed_write_stops_the_stream_and_is_raised(tmp_path):
    from lkjip_xl.workbook.ooxml.package import _write_beside

    made: list[int] = []

    class Full:
        def write(self, data):
            raise OSError(28, "No space left on device")

    def chunks():
        for i in range(100):
            made.append(i)
            yield b"x" * 10

    with pytest.raises(OSError, match="No space"):
        _write_beside(Full(), chunks())
    assert len(made) < 100  # the making stopped once the writing failed


@pytest.mark.libreoffice
def test_libreoffice_reads_a_streamed_sheet_deflated_on_two_threads(tmp_path, libreoffice):
    # Large enough to be streamed and deflated block by block (tests/test_deflate.py): the
    # computed cells LibreOffice reads are the values written, every row of them.
    from lkjip_xl.workbook.ooxml.deflate import BLOCK_BYTES

    rows = 26_000
    src = _workbook(tmp_path / "in.xlsx", _sheet("openpyxl", ODD, count=rows))
    c, d = _values(rows)
    out = tmp_path / "out.xlsx"
    patch_workbook(src, out, {}, columns={"Data": [(3, FIRST, c), (4, FIRST, d)]})
    with zipfile.ZipFile(out) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 4 * BLOCK_BYTES
    request = {"port": libreoffice.port, "path": str(out.resolve()), "sheets": ["Data"]}
    got = libreoffice._call(lambda: run_script("lo_values", request))["sheets"]["Data"]

    want = [[_shown(x), _shown(y)] for x, y in zip(c, d, strict=True)]
    assert [row[2:4] for row in got[FIRST - 1 : FIRST - 1 + rows]] == want


def test_a_streamed_sheet_differing_late_is_the_whole_part_and_unchanged_is_copied(tmp_path):
    # Written twice with the same figures but one: the stream hands over nothing while it
    # spells the original, then the original so far; unchanged, the member is copied raw.
    from lkjip_xl.workbook.ooxml.package import Package, copy_package
    from lkjip_xl.workbook.ooxml.sheet_patch import SheetPatch

    rows = 26_000
    src = _workbook(tmp_path / "in.xlsx", _sheet("openpyxl", {}, count=rows))
    c, d = _values(rows)
    once, again, late = tmp_path / "once.xlsx", tmp_path / "again.xlsx", tmp_path / "late.xlsx"
    patch_workbook(src, once, {}, columns={"Data": [(3, FIRST, c), (4, FIRST, d)]})
    patch_workbook(once, again, {}, columns={"Data": [(3, FIRST, c), (4, FIRST, d)]})
    assert again.read_bytes() == once.read_bytes()
    changed = [*d[:-10], "berbeda", *d[-9:]]
    columns = [(3, FIRST, c), (4, FIRST, changed)]
    patch_workbook(once, late, {}, columns={"Data": columns}, full_calc_on_load=False)
    expected = tmp_path / "expected.xlsx"
    with zipfile.ZipFile(once) as archive:
        part = "xl/worksheets/sheet1.xml"
        new = SheetPatch(Package(archive).read(part), part, "Data", {}, columns).run()
        copy_package(once, archive, expected, {part: new})
    assert late.read_bytes() == expected.read_bytes()
    ws = openpyxl.load_workbook(late, read_only=True)["Data"]
    assert ws[f"D{FIRST + rows - 10}"].value == "berbeda"


def test_a_sheet_of_another_layout_throughout_stops_trying_windows(tmp_path, monkeypatch):
    # White space and a cell after the computed ones in every row: no window fits, and after
    # a few tries the rows go row by row without a pass over each window first.
    monkeypatch.setattr(column_runs, "WINDOW_BYTES", 600)
    tried: list[int] = []
    window = column_runs.ColumnRuns._window

    def counted(self, start, rownum, opening):
        tried.append(rownum)
        return window(self, start, rownum, opening)

    monkeypatch.setattr(column_runs.ColumnRuns, "_window", counted)
    odd = {
        r: _computed(r, "lkjip_xl") + b' <c r="E%d"><v>1</v></c>' % r
        for r in range(FIRST, FIRST + ROWS)
    }
    src = _workbook(tmp_path / "in.xlsx", _sheet("lkjip_xl", odd))
    by_column, by_cell = _both(src, tmp_path)
    assert by_column == by_cell
    assert len(tried) == 3


@pytest.mark.parametrize("writer", ["openpyxl", "LibreOffice"])
def test_short_columns_go_row_by_row_to_the_same_bytes(tmp_path, monkeypatch, writer):
    """A table of tens of rows (a click's workbook) compiles no window pattern."""
    taken = count_windows(monkeypatch)
    src = _workbook(tmp_path / "in.xlsx", _sheet(writer, {}, count=40))
    by_column, by_cell = _both(src, tmp_path, 40)
    assert by_column == by_cell
    assert taken == []


#: Gap cells (column B, not written) out of the usual form: each row goes row by row.
GAP_ODD = {
    b'<c r="B50"><v>50</v></c>': b"",  # no cell in the gap: still a window
    b'<c r="B51"><v>51</v></c>': b'<c r="B51"><f>1+1</f><v>2</v></c>',  # a formula, kept
    b'<c r="B52"><v>52</v></c>': b'<c r="B52" s="2" t="n"></c>',  # openpyxl's blank: a window
    b'<c r="B53"><v>53</v></c>': b'<c r="B53" cm="1"><v>53</v></c>',  # an unusual attribute
}


@pytest.mark.parametrize("window", [600, column_runs.WINDOW_BYTES])
@pytest.mark.parametrize("writer", ["openpyxl", "lkjip_xl", "LibreOffice"])
@pytest.mark.parametrize("odd", [False, True], ids=["usual", "odd-gaps"])
def test_a_column_not_written_among_written_ones_is_kept_by_windows(
    tmp_path, monkeypatch, writer, odd, window
):
    # Collect writes a master's changed input columns with the computed ones; a column no row
    # changes (B here) lies among them, and windows keep its cells as the row-by-row path does.
    monkeypatch.setattr(column_runs, "WINDOW_BYTES", window)
    taken = count_windows(monkeypatch)
    sheet = _sheet(writer, ODD if odd else {})
    for old, new in GAP_ODD.items() if odd else ():
        assert old in sheet
        sheet = sheet.replace(old, new)
    src = _workbook(tmp_path / "in.xlsx", sheet)
    names = [f"Pegawai {r + 1}" for r in range(FIRST, FIRST + ROWS)]  # rows moved up by one
    c, d = _values(ROWS)
    written = {"A": names, "C": c, "D": d}
    columns = {"Data": [(1, FIRST, names), (3, FIRST, c), (4, FIRST, d)]}
    cells = {f"{k}{FIRST + i}": v for k, vs in written.items() for i, v in enumerate(vs)}
    by_column, by_cell = tmp_path / "columns.xlsx", tmp_path / "cells.xlsx"
    patch_workbook(src, by_column, {}, columns=columns)
    patch_workbook(src, by_cell, {"Data": cells})
    assert by_column.read_bytes() == by_cell.read_bytes()
    if window < 1000 or not odd:  # (one real-size window holds every row, odd ones too)
        assert sum(taken) > ROWS // 2
    ws = openpyxl.load_workbook(by_column)["Data"]
    for i in (0, 1, 38, 39, 40, 48, 49, 50, 51, 52, ROWS - 1):
        r = FIRST + i
        assert ws.cell(r, 1).value == f"Pegawai {r + 1}", r
        assert ws.cell(r, 4).value == d[i], r
        if not odd or r not in (50, 51, 52):
            assert ws.cell(r, 2).value == r, r
    if odd:
        assert ws["B50"].value is None
        assert ws["B51"].value == "=1+1"
        assert ws["B52"].value is None


def test_columns_far_apart_go_row_by_row_to_the_same_bytes(tmp_path, monkeypatch):
    # More columns not written than a window's pattern takes between written ones.
    taken = count_windows(monkeypatch)
    far = 4 + column_runs._MAX_GAPS
    src = _workbook(tmp_path / "in.xlsx", _sheet("lkjip_xl", {}))
    values = list(range(ROWS))
    columns = {"Data": [(3, FIRST, values), (far, FIRST, values)]}
    cells = {f"{k}{FIRST + i}": v for k in ("C", openpyxl.utils.get_column_letter(far))
             for i, v in enumerate(values)}  # fmt: skip
    patch_workbook(src, tmp_path / "columns.xlsx", {}, columns=columns)
    patch_workbook(src, tmp_path / "cells.xlsx", {"Data": cells})
    assert (tmp_path / "columns.xlsx").read_bytes() == (tmp_path / "cells.xlsx").read_bytes()
    assert taken == []


def test_calamine_reads_a_streamed_sheet_deflated_by_isa_l(tmp_path):
    # The large sheet's stream is ISA-L's (tests/test_deflate.py): calamine, which reads every
    # workbook the engine opens, reads the values written, every row of them.
    import python_calamine

    from lkjip_xl.workbook.ooxml.deflate import BLOCK_BYTES, codec

    assert codec().__name__ == "isal.isal_zlib"
    rows = 26_000
    src = _workbook(tmp_path / "in.xlsx", _sheet("openpyxl", {}, count=rows))
    c, d = _values(rows)
    out = tmp_path / "out.xlsx"
    patch_workbook(src, out, {}, columns={"Data": [(3, FIRST, c), (4, FIRST, d)]})
    with zipfile.ZipFile(out) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 4 * BLOCK_BYTES
    sheet = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Data")
    got = sheet.to_python(skip_empty_area=False)

    want = [[_shown(x), _shown(y)] for x, y in zip(c, d, strict=True)]
    assert [row[2:4] for row in got[FIRST - 1 : FIRST - 1 + rows]] == want


def _with_blanks(rows: int, late: object = None) -> list[list[object]]:
    """A column of a few numbers and one of a few texts, each with a cell left empty here and
    there (rows added without them): one kind beside blanks. ``late``: a value put in the last
    row of the numbers."""
    c: list[object] = [None if r % 97 == 5 else [1.25, 2.5, 0.1 + 0.2][r % 3] for r in range(rows)]
    d = [None if r % 89 == 7 else ["Tinggi", "teks <&>", "Rendah"][r % 3] for r in range(rows)]
    if late is not None:
        c[-1] = late
    return [c, d]


def test_columns_of_one_kind_with_blanks_write_the_bytes_of_the_row_by_row_path(
    tmp_path, monkeypatch
):
    """Their values rendered in an early window are looked up in the later ones: the same
    bytes as each cell rendered where it is, over many windows."""
    monkeypatch.setattr(column_runs, "WINDOW_BYTES", 600)
    taken = count_windows(monkeypatch)
    src = _workbook(tmp_path / "in.xlsx", _sheet("lkjip_xl", {}))
    c, d = _with_blanks(ROWS)
    cells = {f"{letter}{FIRST + i}": v for letter, vs in (("C", c), ("D", d)) for i, v in
             enumerate(vs)}  # fmt: skip
    by_column, by_cell = tmp_path / "columns.xlsx", tmp_path / "cells.xlsx"
    patch_workbook(src, by_column, {}, columns={"Data": [(3, FIRST, c), (4, FIRST, d)]})
    patch_workbook(src, by_cell, {"Data": cells})
    assert by_column.read_bytes() == by_cell.read_bytes()
    assert len(taken) > 10 and sum(taken) > ROWS // 2
    ws = openpyxl.load_workbook(by_column)["Data"]
    for i in (0, 1, 2, 5, 7, 102, 96 + 7, ROWS - 1):
        assert ws.cell(FIRST + i, 3).value == c[i], i
        assert ws.cell(FIRST + i, 4).value == d[i], i


def test_a_number_no_cell_holds_after_known_values_is_refused_naming_its_cell(tmp_path):
    """An infinity in the last row of a column whose other values were rendered in earlier
    windows is still refused, with its cell named, and nothing is written."""
    src = _workbook(tmp_path / "in.xlsx", _sheet("lkjip_xl", {}))
    c, d = _with_blanks(ROWS, late=float("inf"))
    out = tmp_path / "columns.xlsx"
    with pytest.raises(PatchError, match=f"C{FIRST + ROWS - 1}"):
        patch_workbook(src, out, {}, columns={"Data": [(3, FIRST, c), (4, FIRST, d)]})
    assert not out.exists()
