"""Recompute and check workbook files: the entry points of the command line and the Python API."""

from __future__ import annotations

from pathlib import Path

from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.problems import Laporan
from lkjip_xl.workbook.recompute import check, recompute


def recompute_file(path: str | Path, output: str | Path | None = None) -> Laporan:
    """Recompute ``path`` and write it (or ``output``) atomically, keeping the previous version."""
    book = FileBook(path)
    laporan = recompute(book)
    book.commit(output)
    return laporan


def check_file(path: str | Path) -> Laporan:
    """Check ``path`` without changing it."""
    return check(FileBook(path))
