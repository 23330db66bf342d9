"""A large sheet patched a segment of rows at a time writes the bytes of the sheet patched whole.

:class:`~lkjip_xl.workbook.ooxml.segmented_patch.SegmentedPatch` reads the part in pieces,
regroups them into segments of whole rows and patches each with the whole-sheet patch's own row
code. The reference is :class:`SheetPatch` run on the whole part. Sheets come from
``test_patch_window_shapes``'s generators (every writer's layout, rows of odd shapes); segments
and pieces are made small enough that a segment ends after nearly every row and a piece cuts
through tags. What a segment cannot be sure of must be refused (:class:`NotSegmentable`), never
written differently; a sheet of the usual layout must never be refused.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkjip_xl.workbook import patcher
from lkjip_xl.workbook.ooxml import column_runs, segmented_patch
from lkjip_xl.workbook.ooxml.package import FAST_LEVEL_FROM
from lkjip_xl.workbook.ooxml.row_segments import NotSegmentable
from lkjip_xl.workbook.ooxml.segmented_patch import SegmentedPatch
from lkjip_xl.workbook.ooxml.sheet_data import FORMULA_START, locate_sheet_data
from lkjip_xl.workbook.ooxml.sheet_patch import SheetPatch
from lkjip_xl.workbook.patcher import patch_workbook
from tests.test_patch_window_shapes import FIRST, ODD_ROW, PART, ROWS, _sheet, _values
from tests.test_patch_windows import _sheet as _large_sheet
from tests.test_patch_windows import _values as _large_values
from tests.test_patch_windows import _workbook

#: An odd row's other parts (its D cell usual, no gap cell, in order, no note).
ODD_TAIL = ('<{p}c r="{L}{r}" s="3"><{p}v>7</{p}v></{p}c>', "", False, False)


def _in_pieces(xml: bytes, size: int) -> Iterator[bytes]:
    for at in range(0, len(xml), size):
        yield xml[at : at + size]


def _columns(rows: int, names: bool) -> list:
    c, d = _values(rows)
    columns: list = [(3, FIRST, c), (4, FIRST, d)]
    if names:
        columns.insert(0, (1, FIRST, [f"Pegawai baru {r}" for r in range(rows)]))
    return columns


def _segmented(xml: bytes, columns: list, segment: int, piece: int) -> bytes | str:
    """The part the segments spelt, "whole" when they could not spell it (their outcome made
    it from the whole part), or NotSegmentable raised."""
    read_whole: list[bool] = []

    def whole() -> bytes:
        read_whole.append(True)
        return xml

    patch = SegmentedPatch(
        lambda: _in_pieces(xml, piece), whole, len(xml), PART, "Data", columns,
        segment_bytes=segment,
    )  # fmt: skip
    data = b"".join(patch.chunks(buffer=700))
    original = segmented_patch.FAST_LEVEL_FROM
    segmented_patch.FAST_LEVEL_FROM = 0  # every size streams: what the segments spelt stands
    try:
        outcome = patch.outcome()
    finally:
        segmented_patch.FAST_LEVEL_FROM = original
    if read_whole:
        return "whole"
    if outcome is None:
        assert data == b""  # nothing handed over while the new bytes spell the original
        return xml
    assert outcome is True
    return data


def _whole(xml: bytes, columns: list) -> bytes | str:
    try:
        return SheetPatch(xml, PART, "Data", {}, columns).run()
    except Exception as exc:  # a refusal: the segments must refuse too
        return f"{type(exc).__name__}: {exc}"


def _creates_outside(xml: bytes, columns: list) -> bool:
    patch = SheetPatch(xml, PART, "Data", {}, columns)
    try:
        patch.run()
    except Exception:
        return False
    return not patch.head_stands(xml[: locate_sheet_data(xml, PART).tag_start])


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.sampled_from(["", "x:"]),
    writer=st.sampled_from(["openpyxl", "lkjip_xl", "LibreOffice"]),
    rows=ROWS,
    odd=st.dictionaries(st.integers(FIRST, FIRST + 200), ODD_ROW, max_size=5),
    names=st.booleans(),
    segment=st.one_of(st.integers(1, 3000), st.just(1 << 20)),
    piece=st.integers(1, 5000),
    window=st.sampled_from([500, 4000, column_runs.WINDOW_BYTES]),
)
def test_segments_write_what_the_whole_sheet_patch_writes(
    prefix, writer, rows, odd, names, segment, piece, window
):
    xml = _sheet(prefix, writer, rows, odd)
    columns = _columns(rows, names)
    expected = _whole(xml, columns)
    original_bytes = column_runs.WINDOW_BYTES
    column_runs.WINDOW_BYTES = window
    try:
        got = _segmented(xml, columns, segment, piece)
    except NotSegmentable:
        got = "NotSegmentable"
    finally:
        column_runs.WINDOW_BYTES = original_bytes
    if got == "NotSegmentable":
        # Only what a segment cannot be sure of, all in rows of another shape: a row going row
        # by row after the first segment, a formula, a new cell whose style lies above its
        # segment, a refusal.
        assert odd, "a sheet of the usual layout was refused"
        if segment >= len(xml):  # one segment: only as a whole stream is refused
            assert not isinstance(expected, bytes) or FORMULA_START.search(xml)
        return
    if got == "whole":  # only when a cell is made outside the sheet's dimension
        assert _creates_outside(xml, columns)
        return
    assert got == expected
    if not odd:
        assert got != xml  # the usual layout is rewritten, not left as it was


@pytest.mark.parametrize("writer", ["openpyxl", "lkjip_xl", "LibreOffice"])
@pytest.mark.parametrize("segment", [1, 97, 5000])
def test_a_usual_sheet_is_never_refused(writer, segment):
    xml = _sheet("", writer, 230, {})
    columns = _columns(230, names=True)
    got = _segmented(xml, columns, segment, piece=333)
    assert got == SheetPatch(xml, PART, "Data", {}, columns).run()
    assert got != xml


def test_a_formula_in_a_row_going_row_by_row_is_refused():
    odd = {FIRST + 150: ('<{p}c r="{L}{r}" s="2"><{p}f>1+1</{p}f></{p}c>', "", "", False, False)}
    xml = _sheet("", "lkjip_xl", 230, odd)
    with pytest.raises(NotSegmentable):
        _segmented(xml, _columns(230, names=False), 500, 100)
    # In one segment (the whole part), the same as a whole stream: it holds a formula.
    with pytest.raises(NotSegmentable):
        _segmented(xml, _columns(230, names=False), 1 << 20, 100)


def test_a_row_going_row_by_row_in_the_first_segment_needs_no_formula_in_a_written_column():
    odd = {FIRST + 3: ('<{p}c r="{L}{r}" t="n" s="2"><{p}v>1</{p}v></{p}c>', *ODD_TAIL)}
    xml = _sheet("", "lkjip_xl", 230, odd)
    columns = _columns(230, names=False)
    assert _segmented(xml, columns, 2000, 100) == SheetPatch(xml, PART, "Data", {}, columns).run()
    below = xml.replace(
        b'<c r="A234"><v>1</v></c>', b'<c r="A234"><v>1</v></c><c r="C234"><f>1+1</f><v>2</v></c>'
    )
    assert below != xml
    with pytest.raises(NotSegmentable):  # found in the last segment, searched once needed
        _segmented(below, columns, 2000, 100)
    # Column A is not written: its formula is copied as it is, as the whole part copies it.
    in_a = xml.replace(b'<c r="A234"><v>1</v></c>', b'<c r="A234"><f>1+1</f><v>2</v></c>')
    assert in_a != xml
    expected = SheetPatch(in_a, PART, "Data", {}, columns).run()
    assert _segmented(in_a, columns, 2000, 100) == expected
    assert b"<f>1+1</f>" in expected


def test_rows_not_closed_are_refused_as_the_whole_part_refuses_them():
    xml = _sheet("", "lkjip_xl", 230, {}).replace(b"</sheetData>", b"")
    assert _whole(xml, _columns(230, names=False)).startswith("PackageError")
    with pytest.raises(NotSegmentable):
        _segmented(xml, _columns(230, names=False), 500, 100)


def _patched(src: Path, dst: Path, rows: int) -> bytes:
    patch_workbook(src, dst, {}, columns={"Data": [(3, FIRST, v) for v in _large_values(rows)[:1]]
                                          + [(4, FIRST, _large_values(rows)[1])]})  # fmt: skip
    return dst.read_bytes()


def _patch_calls(monkeypatch) -> list[dict]:
    """The keyword arguments of every call of the patcher's own ``_patch``, as it runs."""
    calls: list[dict] = []
    patch = patcher._patch

    def spied(*args, **kwargs):
        calls.append(kwargs)
        return patch(*args, **kwargs)

    monkeypatch.setattr(patcher, "_patch", spied)
    return calls


def test_a_package_patched_by_segments_is_the_package_patched_whole(tmp_path, monkeypatch):
    # Through patch_workbook: segments of ~64 KB over a 5 MB sheet, against the sheet read whole.
    rows = 26_000
    src = _workbook(tmp_path / "in.xlsx", _large_sheet("lkjip_xl", {}, count=rows))
    monkeypatch.setattr(segmented_patch, "SEGMENTED_FROM", 1 << 40)
    whole = _patched(src, tmp_path / "whole.xlsx", rows)
    made: list[SegmentedPatch] = []
    original = SegmentedPatch.__init__

    def counted(self, *args, **kwargs):
        original(self, *args, **{**kwargs, "segment_bytes": 64 << 10})
        made.append(self)

    monkeypatch.setattr(SegmentedPatch, "__init__", counted)
    monkeypatch.setattr(segmented_patch, "SEGMENTED_FROM", 1 << 20)
    calls = _patch_calls(monkeypatch)
    assert _patched(src, tmp_path / "segments.xlsx", rows) == whole
    assert len(made) == 1 and calls == [{"stream": True, "segments": True}]
    with zipfile.ZipFile(tmp_path / "segments.xlsx") as archive:
        assert archive.testzip() is None


def test_a_formula_sends_the_package_to_the_whole_sheet_patch(tmp_path, monkeypatch):
    rows = 26_000
    odd = {FIRST + 20_000: b'<c r="C20002" s="2"/><c r="D20002" s="3"><f>1+1</f></c>'}
    src = _workbook(tmp_path / "in.xlsx", _large_sheet("lkjip_xl", odd, count=rows))
    monkeypatch.setattr(segmented_patch, "SEGMENTED_FROM", 1 << 40)
    whole = _patched(src, tmp_path / "whole.xlsx", rows)
    monkeypatch.setattr(segmented_patch, "SEGMENTED_FROM", 1 << 20)
    calls = _patch_calls(monkeypatch)
    assert _patched(src, tmp_path / "segments.xlsx", rows) == whole
    assert calls[:2] == [{"stream": True, "segments": True}, {"stream": True, "segments": False}]


def test_a_formula_in_a_column_not_written_keeps_the_sheet_streamed(tmp_path, monkeypatch):
    # A roster typed with formulas in its input columns (=TEXT(...) in NIP) whose computed
    # cells are not there yet: rows go row by row, and the sheet is still written as a stream,
    # in one pass, not made again whole (that held a 100,000-row roster three times over).
    rows = 26_000
    formula = b'<c r="E%d"><f>A%d&amp;"!"</f><v>Pegawai %d!</v></c>'
    odd = {r: b'<c r="C%d" s="2"/>' % r + formula % (r, r, r) for r in range(FIRST, FIRST + rows)}
    xml = _large_sheet("lkjip_xl", odd, count=rows)
    assert len(xml) > FAST_LEVEL_FROM
    src = _workbook(tmp_path / "in.xlsx", xml)
    monkeypatch.setattr(segmented_patch, "SEGMENTED_FROM", 1 << 40)
    calls = _patch_calls(monkeypatch)
    c, d = _large_values(rows)
    columns = [(3, FIRST, c), (4, FIRST, d)]
    patch_workbook(src, tmp_path / "out.xlsx", {}, columns={"Data": columns})
    assert calls == [{"stream": True, "segments": True}]
    with zipfile.ZipFile(tmp_path / "out.xlsx") as archive:
        got = archive.read("xl/worksheets/sheet1.xml")
    assert got == SheetPatch(xml, PART, "Data", {}, columns).run()
    assert got.count(b"<f>") == rows
