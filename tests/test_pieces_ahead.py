"""Pieces made a few ahead in a worker thread: the same pieces in the same order as the
iteration itself, the worker's failure raised where its piece is asked for, and a caller that
stops early stops the worker (its source closed, no thread left waiting)."""

from __future__ import annotations

import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from lkjip_xl.workbook.ooxml.member_pieces import inflated_pieces
from lkjip_xl.workbook.ooxml.pieces_ahead import pieces_ahead


def _workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "lkjip-xl-inflate-ahead"]


def test_a_members_pieces_are_those_inflated_in_the_callers_thread(tmp_path: Path):
    data = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i * 7)
                    for i in range(300_000))  # fmt: skip
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("xl/worksheets/sheet1.xml", data)
    here = list(inflated_pieces(path, "xl/worksheets/sheet1.xml"))
    ahead = list(pieces_ahead(partial(inflated_pieces, path, "xl/worksheets/sheet1.xml"), 2))
    assert len(here) > 4  # more pieces than may wait
    assert ahead == here
    assert b"".join(ahead) == data
    assert not _workers()


def test_a_failure_is_raised_in_the_callers_thread_after_the_pieces_before_it():
    def failing() -> Iterator[bytes]:
        yield b"a"
        yield b"b"
        raise zipfile.BadZipFile("Bad CRC-32")

    got = []
    with pytest.raises(zipfile.BadZipFile, match="CRC"):
        for piece in pieces_ahead(failing):
            got.append(piece)
    assert got == [b"a", b"b"]
    assert not _workers()


def test_a_caller_stopping_early_stops_the_worker_and_closes_its_source():
    closed = threading.Event()

    def endless() -> Iterator[bytes]:
        try:
            while True:
                yield b"x" * 1000
        finally:
            closed.set()

    ahead = pieces_ahead(endless, 2)
    assert next(ahead) == b"x" * 1000
    ahead.close()
    assert closed.is_set()
    assert not _workers()
