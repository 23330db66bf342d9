"""A recompute of a roster whose rows go on to the right of the table (a user's notes in the
columns after the computed ones): windows write it, with the bytes (or the refusal) of the
same values given cell by cell, which never take windows.

Every recompute after the first meets the computed cells in place and the notes after them;
:mod:`~lkjip_xl.workbook.ooxml.column_runs` keeps such cells as they are when every path would
(their ``r`` first, of the row, right of the run, in order, nothing between them) and sends any
other row the row-by-row way: a written column's cell after the run, a cell of another row,
white space or text, an extLst, a cell without its reference, a cell inside a cell.
"""

from __future__ import annotations

import pytest

from lkjip_xl.workbook.ooxml import column_runs
from lkjip_xl.workbook.ooxml.sheet_patch import SheetPatch
from tests.test_patch_gap_rows import (  # the same values, the same refusals
    _columns,
    _outcome,
    _segmented,
)
from tests.test_patch_windows import count_windows

PART = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
FIRST, ROWS = 3, 300
#: The input cells (A, B) and the computed ones (C, D) a first recompute left in a row.
CELLS = (
    '<{p}c r="A{r}" s="1" t="inlineStr"><{p}is><{p}t>Pegawai {r}</{p}t></{p}is></{p}c>'
    '<{p}c r="B{r}"><{p}v>{r}</{p}v></{p}c>'
    '<{p}c r="C{r}" s="2"><{p}v>1.5</{p}v></{p}c>'
    '<{p}c r="D{r}" s="3" t="inlineStr"><{p}is><{p}t xml:space="preserve">lama</{p}t></{p}is>'
    "</{p}c>"
)
#: The notes of a usual row, as benchmarks/roster_shapes.py writes them.
NOTES = (
    '<{p}c r="T{r}" s="0" t="inlineStr"><{p}is><{p}t>catatan {r}</{p}t></{p}is></{p}c>'
    '<{p}c r="U{r}"><{p}v>4.5</{p}v></{p}c><{p}c r="V{r}"><{p}v>45001</{p}v></{p}c>'
)
#: What follows the computed cells in rows of other forms: windows take them (the notes kept).
TAKEN = {
    "styles": '<{p}c r="F{r}" s="5"><{p}v>3</{p}v></{p}c><{p}c r="G{r}" s="1"/>',
    "a formula": '<{p}c r="F{r}" t="str"><{p}f>A{r}&amp;"x"</{p}f><{p}v>x</{p}v></{p}c>',
    "a shared formula": (
        '<{p}c r="F{r}"><{p}f t="shared" ref="F{r}:F{r}" si="0">B{r}*2</{p}f><{p}v>2</{p}v></{p}c>'
    ),
    "rich inline text": (
        '<{p}c r="E{r}" t="inlineStr"><{p}is><{p}r><{p}rPr><{p}b/></{p}rPr><{p}t>kaya</{p}t>'
        "</{p}r></{p}is></{p}c>"
    ),
    "a space before />": '<{p}c r="F{r}" s="1" />',
    "more attributes": '<{p}c r="F{r}" s="1" t="n" cm="1"><{p}v>1</{p}v></{p}c>',
    "an error": '<{p}c r="F{r}" t="e"><{p}v>#N/A</{p}v></{p}c>',
    "far right": '<{p}c r="XFD{r}"><{p}v>1</{p}v></{p}c>',
    "escaped markup": (
        '<{p}c r="F{r}" t="inlineStr"><{p}is><{p}t>&lt;/row&gt;</{p}t></{p}is></{p}c>'
    ),
    "no notes": "",
}
#: ... and those that send their row the row-by-row way.
REFUSED = {
    "a written column's cell again": '<{p}c r="D{r}"><{p}v>1</{p}v></{p}c>',
    "a user cell among the computed columns": '<{p}c r="F{r}"/><{p}c r="C{r}"/>',
    "a cell left of the table": '<{p}c r="B{r}"/>',
    "notes out of order": '<{p}c r="G{r}"/><{p}c r="F{r}"/>',
    "usual notes out of order": '<{p}c r="U{r}"/><{p}c r="T{r}"/>',
    "a usual note twice": '<{p}c r="T{r}"/><{p}c r="T{r}"/>',
    "another row's cell": '<{p}c r="F{r}9"/>',
    "a space between notes": '<{p}c r="F{r}"/> <{p}c r="G{r}"/>',
    "text after the notes": '<{p}c r="F{r}"/>x',
    "an extLst": '<{p}c r="F{r}"/><{p}extLst/>',
    "a cell without its reference": '<{p}c s="1"><{p}v>1</{p}v></{p}c>',
    "reference not first": '<{p}c s="1" r="F{r}"/>',
    "a cell inside a cell": '<{p}c r="F{r}"><{p}c r="G{r}"/></{p}c>',
    "a comment": '<{p}c r="F{r}"><!-- x --><{p}v>1</{p}v></{p}c>',
}
ODD = TAKEN | REFUSED


def _sheet(p: str, odd: dict[int, str], spans: bool) -> bytes:
    ns = f'xmlns:{p[:-1]}="{MAIN}"' if p else f'xmlns="{MAIN}"'
    head = f'<{p}row r="2"><{p}c r="A2"/><{p}c r="C2" s="2"/><{p}c r="D2" s="3"/></{p}row>'
    attrs = ' spans="1:22" x14ac:dyDescent="0.25"' if spans else ""
    rows = "".join(
        f'<{p}row r="{r}"{attrs}>' + (CELLS + odd.get(r, NOTES)).format(p=p, r=r) + f"</{p}row>"
        for r in range(FIRST, FIRST + ROWS)
    )
    end = FIRST + ROWS + 2
    below = f'<{p}row r="{end}"><{p}c r="A{end}"><{p}v>1</{p}v></{p}c></{p}row>'
    return (
        f'<{p}worksheet {ns}><{p}dimension ref="A1:V{end}"/><{p}sheetData>'
        f"{head}{rows}{below}</{p}sheetData></{p}worksheet>"
    ).encode()


def _cells(columns: list) -> dict[str, object]:
    return {
        f"{'CD'[col - 3]}{first + i}": v for col, first, vs in columns for i, v in enumerate(vs)
    }


def _odd_rows(kinds: list[str]) -> dict[int, str]:
    return {FIRST + 40 + 7 * i: ODD[k] for i, k in enumerate(kinds)}


@pytest.mark.parametrize("window", [600, column_runs.WINDOW_BYTES])
@pytest.mark.parametrize("spans", [False, True], ids=["", "spans"])
@pytest.mark.parametrize("prefix", ["", "x:"])
@pytest.mark.parametrize("odd", [[], list(TAKEN), *([k] for k in ODD)], ids="+".join)
def test_rows_going_on_after_the_run_get_the_bytes_of_the_cell_by_cell_path(
    monkeypatch, prefix, spans, odd, window
):
    monkeypatch.setattr(column_runs, "WINDOW_BYTES", window)
    xml = _sheet(prefix, _odd_rows(odd), spans)
    columns = _columns()
    reference = _outcome(xml, _cells(columns), [])
    taken = count_windows(monkeypatch)
    assert _outcome(xml, {}, columns) == reference
    if all(k in TAKEN for k in odd):
        assert isinstance(reference, bytes) and reference != xml
        assert sum(taken) == ROWS  # every row written by windows
    else:
        assert sum(taken) < ROWS


def test_the_notes_stand_where_they_were():
    xml = _sheet("", _odd_rows(["styles"]), True)
    got = SheetPatch(xml, PART, "Data", {}, _columns()).run()
    r = FIRST + 40
    assert (
        f'<row r="{r}" spans="1:22" x14ac:dyDescent="0.25"><c r="A{r}" s="1" t="inlineStr"><is>'
        f'<t>Pegawai {r}</t></is></c><c r="B{r}"><v>{r}</v></c><c r="C{r}" s="2"><v>1.25</v></c>'
        f'<c r="D{r}" s="3" t="inlineStr"><is><t xml:space="preserve">Tinggi</t></is></c>'
        f'<c r="F{r}" s="5"><v>3</v></c><c r="G{r}" s="1"/></row>'
    ).encode() in got
    r += 1
    assert (
        f'<c r="C{r}" s="2"/><c r="D{r}" s="3" t="inlineStr"><is><t xml:space="preserve">teks '
        f'&lt;&amp;&gt;</t></is></c><c r="T{r}" s="0" t="inlineStr"><is><t>catatan {r}</t></is>'
        f'</c><c r="U{r}"><v>4.5</v></c><c r="V{r}"><v>45001</v></c></row>'
    ).encode() in got


@pytest.mark.parametrize("window", [600, column_runs.WINDOW_BYTES])
@pytest.mark.parametrize("half", ["first", "second"])
def test_notes_in_half_of_the_rows_are_written_by_windows(monkeypatch, half, window):
    # Windows know from a sheet's first row which way to split it; notes met later change it.
    monkeypatch.setattr(column_runs, "WINDOW_BYTES", window)
    middle = FIRST + ROWS // 2
    bare = range(middle, FIRST + ROWS) if half == "first" else range(FIRST, middle)
    xml = _sheet("", dict.fromkeys(bare, ""), False)
    columns = _columns()
    taken = count_windows(monkeypatch)
    assert _outcome(xml, {}, columns) == _outcome(xml, _cells(columns), [])
    assert sum(taken) == ROWS


@pytest.mark.parametrize("segment", [1, 700, 1 << 20])
def test_segments_of_rows_going_on_after_the_run_write_the_whole_patch(monkeypatch, segment):
    xml = _sheet("", _odd_rows(list(TAKEN)), False)
    columns = _columns()
    taken = count_windows(monkeypatch)
    assert _segmented(monkeypatch, xml, columns, segment) == _outcome(xml, _cells(columns), [])
    assert sum(taken) == ROWS
