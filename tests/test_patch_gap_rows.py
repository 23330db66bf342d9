"""The first recompute of a roster written with its input columns only: rows holding none of
the computed cells get them in one place, with the bytes (or the refusal) of the row-by-row
path.

A script, or a colleague's workbook never recomputed, leaves every row without its computed
cells; :meth:`SheetPatch._patch_row_gap` puts them where :func:`parse_cells` and the
row-by-row path put them, without parsing every cell. The reference is the same values given
cell by cell, which never take that way. Rows of other forms are among them: cells out of
column order, a user's cell after the table, some computed cells present, ``spans``, rows
empty or self-closing, white space, an extLst, a cell without its reference.
"""

from __future__ import annotations

import pytest

from lkjip_xl.workbook.ooxml import segmented_patch, sheet_patch
from lkjip_xl.workbook.ooxml.segmented_patch import SegmentedPatch
from lkjip_xl.workbook.ooxml.sheet_patch import SheetPatch

PART = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
FIRST, ROWS = 3, 300
#: The input cells of a usual row ({r} the row, {p} the namespace prefix).
INPUTS = (
    '<{p}c r="A{r}" s="1" t="inlineStr"><{p}is><{p}t>Pegawai {r}</{p}t></{p}is></{p}c>'
    '<{p}c r="B{r}"><{p}v>{r}</{p}v></{p}c>'
)
NOTE = '<{p}c r="F{r}" t="inlineStr"><{p}is><{p}t>catatan</{p}t></{p}is></{p}c>'
#: Rows of other forms, each written where a usual row would be.
ODD = {
    "user cell after the table": '<{p}row r="{r}">' + INPUTS + NOTE + "</{p}row>",
    "spans": '<{p}row r="{r}" spans="1:2" ht="15">' + INPUTS + "</{p}row>",
    "spans and a note": '<{p}row r="{r}" spans="1:6">' + INPUTS + NOTE + "</{p}row>",
    "empty": '<{p}row r="{r}"></{p}row>',
    "self-closing": '<{p}row r="{r}" spans="1:2"/>',
    "white space": '<{p}row r="{r}">\n  ' + INPUTS.replace("</{p}c>", "</{p}c>\n  ") + "</{p}row>",
    "only the note": '<{p}row r="{r}"> ' + NOTE + " </{p}row>",
    "some computed cells": '<{p}row r="{r}">' + INPUTS + '<{p}c r="D{r}" s="4"/></{p}row>',
    "computed cell of a new style": (
        '<{p}row r="{r}">' + INPUTS + '<{p}c r="C{r}" s="4"><{p}v>0</{p}v></{p}c></{p}row>'
    ),
    "an extLst": '<{p}row r="{r}">' + INPUTS + "<{p}extLst/></{p}row>",
    "a cell without its reference": (
        '<{p}row r="{r}"><{p}c s="1"><{p}v>1</{p}v></{p}c><{p}c r="B{r}"/></{p}row>'
    ),
    "reference not first": '<{p}row r="{r}"><{p}c s="1" r="A{r}"/><{p}c r="B{r}"/></{p}row>',
    "a formula": '<{p}row r="{r}"><{p}c r="B{r}"><{p}f>1+1</{p}f><{p}v>2</{p}v></{p}c></{p}row>',
    "a space before />": '<{p}row r="{r}"><{p}c r="A{r}" s="1" /></{p}row>',
    "cells out of column order": '<{p}row r="{r}"><{p}c r="B{r}"/><{p}c r="A{r}"/></{p}row>',
    "note before the inputs": '<{p}row r="{r}">' + NOTE + INPUTS + "</{p}row>",
    "another row's cell": '<{p}row r="{r}"><{p}c r="A{r}9"/></{p}row>',
    "text after a cell": '<{p}row r="{r}"><{p}c r="A{r}"/>x</{p}row>',
}


def _sheet(p: str, odd: dict[int, str], styled: bool) -> bytes:
    """Rows FIRST.. holding their input cells only; the header row above styles column C (and
    D when ``styled``), which the new cells take."""
    ns = f'xmlns:{p[:-1]}="{MAIN}"' if p else f'xmlns="{MAIN}"'
    d_head = f'<{p}c r="D2" s="3"/>' if styled else ""
    head = f'<{p}row r="2"><{p}c r="A2"/><{p}c r="C2" s="2"/>{d_head}</{p}row>'
    usual = f'<{p}row r="{{r}}">' + INPUTS + f"</{p}row>"
    body = "".join(odd.get(r, usual).format(p=p, r=r) for r in range(FIRST, FIRST + ROWS))
    end = FIRST + ROWS + 2
    below = f'<{p}row r="{end}"><{p}c r="A{end}"><{p}v>1</{p}v></{p}c></{p}row>'
    return (
        f'<{p}worksheet {ns}><{p}dimension ref="A1:B{end}"/><{p}sheetData>'
        f"{head}{body}{below}</{p}sheetData></{p}worksheet>"
    ).encode()


def _columns() -> list:
    c = [[1.25, float("nan"), None, 7, 0.1 + 0.2][r % 5] for r in range(ROWS)]
    d = [["Tinggi", "teks <&>", None, None, "Sangat Rendah"][r % 5] for r in range(ROWS)]
    return [(3, FIRST, c), (4, FIRST, d)]


def _cells(columns: list) -> dict[str, object]:
    return {
        f"{'ABCDEFG'[col - 1]}{first + i}": v
        for col, first, vs in columns
        for i, v in enumerate(vs)
    }


def _outcome(xml: bytes, edits: dict, columns: list) -> bytes | str:
    try:
        return SheetPatch(xml, PART, "Data", edits, columns).run()
    except Exception as exc:  # the refusal itself is what both must agree on
        return f"{type(exc).__name__}: {exc}"


def _segmented(monkeypatch, xml: bytes, columns: list, segment: int) -> bytes:
    """What the segmented patch writes of ``xml`` read in pieces, which must be the whole part."""
    patch = SegmentedPatch(
        lambda: iter([xml[i : i + 999] for i in range(0, len(xml), 999)]),
        lambda: pytest.fail("read whole"), len(xml), PART, "Data", columns, segment_bytes=segment,
    )  # fmt: skip
    data = b"".join(patch.chunks(buffer=700))
    monkeypatch.setattr(segmented_patch, "FAST_LEVEL_FROM", 0)  # what the segments spelt stands
    assert patch.outcome() is True
    return data


def _parsed_rows(monkeypatch) -> list[int]:
    """The rows the patch parses cell by cell (so that a test cannot pass without the gap)."""
    parsed: list[int] = []
    parse = sheet_patch.parse_cells

    def counted(sx, part, rownum, content):
        parsed.append(rownum)
        return parse(sx, part, rownum, content)

    monkeypatch.setattr(sheet_patch, "parse_cells", counted)
    return parsed


ALONE = sorted(ODD)
TOGETHER = [k for k in ODD if k not in ("cells out of column order", "note before the inputs",
                                        "another row's cell", "text after a cell")]  # fmt: skip


@pytest.mark.parametrize("styled", [True, False], ids=["styled", "D unstyled"])
@pytest.mark.parametrize("prefix", ["", "x:"])
@pytest.mark.parametrize("odd", [[], TOGETHER, *([k] for k in ALONE)], ids=lambda o: "+".join(o))
def test_rows_without_computed_cells_get_the_bytes_of_the_row_by_row_path(
    monkeypatch, prefix, odd, styled
):
    at = {FIRST + 40 + 7 * i: ODD[k] for i, k in enumerate(odd)}
    xml = _sheet(prefix, at, styled)
    columns = _columns()
    reference = _outcome(xml, _cells(columns), [])
    parsed = _parsed_rows(monkeypatch)
    got = _outcome(xml, {}, columns)
    assert got == reference
    if isinstance(reference, bytes):
        assert reference != xml
        # Usual rows, and rows of the forms the gap reads, are not parsed cell by cell.
        assert [r for r in parsed if r not in at] == []


def test_the_new_cells_are_where_a_reader_finds_them():
    xml = _sheet("", {FIRST + 1: ODD["spans and a note"], FIRST + 2: ODD["empty"]}, True)
    got = SheetPatch(xml, PART, "Data", {}, _columns()).run()
    r = FIRST + 1
    assert (
        f'<row r="{r}" spans="1:6"><c r="A{r}" s="1" t="inlineStr"><is><t>Pegawai {r}</t></is>'
        f'</c><c r="B{r}"><v>{r}</v></c><c r="C{r}" s="2"/><c r="D{r}" s="3" t="inlineStr"><is>'
        f'<t xml:space="preserve">teks &lt;&amp;&gt;</t></is></c><c r="F{r}" t="inlineStr">'
        f"<is><t>catatan</t></is></c></row>"
    ).encode() in got
    r = FIRST + 2
    assert f'<row r="{r}"><c r="C{r}" s="2"/><c r="D{r}" s="3"/></row>'.encode() in got
    assert b'<dimension ref="A1:D305"/>' in got


@pytest.mark.parametrize("segment", [1, 700, 1 << 20])
def test_segments_of_rows_without_computed_cells_write_the_whole_patch(monkeypatch, segment):
    odd = {FIRST + 40 + 7 * i: ODD[k] for i, k in enumerate(TOGETHER)}
    # A dimension that covers the new cells already: the segments then spell the whole part.
    xml = _sheet("", odd, True).replace(b'ref="A1:B', b'ref="A1:F')
    columns = _columns()
    assert _segmented(monkeypatch, xml, columns, segment) == _outcome(xml, _cells(columns), [])
