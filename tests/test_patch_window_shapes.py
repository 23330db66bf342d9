"""Generated rows: whole columns patched by windows give the bytes (or the refusal) of the same
edits given cell by cell, which never take windows.

The window pattern (:mod:`lkjip_xl.workbook.ooxml.column_runs`) recognises one run of ordinary
cells per row and sends everything else the row-by-row way. Each generated sheet has a usual
layout (as openpyxl, lkjip_xl or LibreOffice write it, with or without a namespace prefix) and a
few rows of another shape: cells missing, out of order, reordered attributes, no style, a space
before ``/>``, rich or plain inline text, a formula (shared too), a user's note after the
computed cells, a gap column's cell in any form. The reference is the cell-by-cell patch of
the same values.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lkjip_xl.workbook.ooxml import column_runs
from lkjip_xl.workbook.ooxml.sheet_patch import SheetPatch

PART = "xl/worksheets/sheet1.xml"
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
FIRST = 2
#: The usual computed cells (C, D) of each writer; {r} is the row, {p} the namespace prefix.
USUAL = {
    "openpyxl": '<{p}c r="C{r}" s="2" t="n"></{p}c><{p}c r="D{r}" s="2" t="n"></{p}c>',
    "lkjip_xl": '<{p}c r="C{r}" s="2"><{p}v>1.5</{p}v></{p}c><{p}c r="D{r}" s="3" '
    't="inlineStr"><{p}is><{p}t xml:space="preserve">lama</{p}t></{p}is></{p}c>',
    "LibreOffice": '<{p}c r="C{r}" s="2"/><{p}c r="D{r}" s="3" t="s"><{p}v>4</{p}v></{p}c>',
}
#: One computed cell (column {L}) in every form met in a sheet, usual or not.
CELL = [
    '<{p}c r="{L}{r}" s="2" t="n"></{p}c>',
    '<{p}c r="{L}{r}" s="3"><{p}v>7</{p}v></{p}c>',
    '<{p}c r="{L}{r}"/>',
    '<{p}c r="{L}{r}" s="2" />',
    '<{p}c r="{L}{r}" t="n"><{p}v>3</{p}v></{p}c>',
    '<{p}c r="{L}{r}" t="n" s="2"><{p}v>1</{p}v></{p}c>',
    '<{p}c r="{L}{r}" s="4" t="inlineStr"><{p}is><{p}t>polos</{p}t></{p}is></{p}c>',
    '<{p}c r="{L}{r}" t="inlineStr"><{p}is><{p}r><{p}t>kaya</{p}t></{p}r></{p}is></{p}c>',
    '<{p}c r="{L}{r}" s="2"><{p}f>1+1</{p}f><{p}v>2</{p}v></{p}c>',
    '<{p}c r="{L}{r}" s="2"><{p}f t="shared" ref="{L}{r}:{L}300" si="0">1+1</{p}f></{p}c>',
    '<{p}c r="{L}{r}" s="2"><{p}f t="shared" si="0"/><{p}v>2</{p}v></{p}c>',
    '<{p}c r="{L}{r}" s="2" t="e"><{p}v>#N/A</{p}v></{p}c>',
    '<{p}c r="{L}{r}" s="2" cm="1"><{p}v>5</{p}v></{p}c>',
    "",
]
NOTE = '<{p}c r="Z{r}" t="inlineStr"><{p}is><{p}t>catatan</{p}t></{p}is></{p}c>'

ROWS = st.integers(min_value=201, max_value=230)
ODD_ROW = st.tuples(
    st.sampled_from(CELL),  # column C
    st.sampled_from(CELL),  # column D
    st.sampled_from(CELL),  # column B (a gap when B is not written)
    st.booleans(),  # D before C
    st.booleans(),  # a user's note in column Z
)


def _values(rows: int) -> tuple[list[object], list[object]]:
    c = [[1.25, float("nan"), None, 7, 0.1 + 0.2][r % 5] for r in range(rows)]
    d = [["Tinggi", "teks <&>", None, True, "Sangat Rendah"][r % 5] for r in range(rows)]
    return c, d


def _row(r: int, p: str, writer: str, odd: tuple[str, str, str, bool, bool] | None) -> str:
    attrs = ' customFormat="false" ht="15"' if writer == "LibreOffice" else ""
    a = f'<{p}c r="A{r}" s="1" t="inlineStr"><{p}is><{p}t>Pegawai {r}</{p}t></{p}is></{p}c>'
    b = f'<{p}c r="B{r}"><{p}v>{r}</{p}v></{p}c>'
    if odd is None:
        body = a + b + USUAL[writer].format(p=p, r=r)
    else:
        c, d, b_cell, swapped, note = odd
        c, d = c.format(p=p, L="C", r=r), d.format(p=p, L="D", r=r)
        body = a + b_cell.format(p=p, L="B", r=r) + (d + c if swapped else c + d)
        body += NOTE.format(p=p, r=r) if note else ""
    return f'<{p}row r="{r}"{attrs}>{body}</{p}row>'


def _sheet(p: str, writer: str, rows: int, odd: dict[int, tuple]) -> bytes:
    ns = f'xmlns:{p[:-1]}="{MAIN.decode()}"' if p else f'xmlns="{MAIN.decode()}"'
    head = (
        f'<{p}row r="1"><{p}c r="A1" t="inlineStr"><{p}is><{p}t>Nama</{p}t></{p}is></{p}c></{p}row>'
    )
    body = "".join(_row(r, p, writer, odd.get(r)) for r in range(FIRST, FIRST + rows))
    end = FIRST + rows + 2
    below = f'<{p}row r="{end}"><{p}c r="A{end}"><{p}v>1</{p}v></{p}c></{p}row>'
    return (
        f'<{p}worksheet {ns}><{p}dimension ref="A1:D{end}"/><{p}sheetData>'
        f"{head}{body}{below}</{p}sheetData></{p}worksheet>"
    ).encode()


def _outcome(xml: bytes, edits: dict, columns: list) -> bytes | str:
    try:
        return SheetPatch(xml, PART, "Data", edits, columns).run()
    except Exception as exc:  # the refusal itself is what both must agree on
        return f"{type(exc).__name__}: {exc}"


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.sampled_from(["", "x:"]),
    writer=st.sampled_from(sorted(USUAL)),
    rows=ROWS,
    odd=st.dictionaries(st.integers(FIRST, FIRST + 200), ODD_ROW, max_size=5),
    names=st.booleans(),  # column A written too, B a gap between it and C
    window=st.sampled_from([500, 4000, column_runs.WINDOW_BYTES]),
)
def test_windows_write_what_cell_by_cell_writes(prefix, writer, rows, odd, names, window):
    xml = _sheet(prefix, writer, rows, odd)
    c, d = _values(rows)
    columns: list = [(3, FIRST, c), (4, FIRST, d)]
    written: dict[str, list[object]] = {"C": c, "D": d}
    if names:
        a = [f"Pegawai baru {r}" for r in range(rows)]
        columns.insert(0, (1, FIRST, a))
        written["A"] = a
    cells = {f"{k}{FIRST + i}": v for k, vs in written.items() for i, v in enumerate(vs)}
    taken: list[int] = []
    original_window, original_bytes = column_runs.ColumnRuns.window, column_runs.WINDOW_BYTES

    def counted(self, *args, **kwargs):
        got = original_window(self, *args, **kwargs)
        taken.append(got.rows if got is not None else 0)
        return got

    column_runs.ColumnRuns.window = counted  # type: ignore[method-assign]
    column_runs.WINDOW_BYTES = window
    try:
        by_column = _outcome(xml, {}, columns)
    finally:
        column_runs.ColumnRuns.window = original_window  # type: ignore[method-assign]
        column_runs.WINDOW_BYTES = original_bytes
    assert by_column == _outcome(xml, cells, [])
    if not odd:  # a sheet of the usual layout throughout goes by windows
        assert sum(taken) == rows
