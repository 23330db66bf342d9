"""Recompute and check workbook files: the entry points of the command line and the Python API.

The file is opened before the rules are imported: its largest table is then read on the second
core while pandas and the contract load (:mod:`lkjip_xl.workbook.read_ahead`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from importlib import import_module
from pathlib import Path

from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.problems import Laporan
from lkjip_xl.workbook.vba_version import macro_problems


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """A roster allocates millions of short-lived objects that form no cycles; the cyclic
    collector would rescan them again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_computation(book: FileBook) -> None:
    """Import the book's kind's computation while its largest table is still being read (it
    is imported on first use, which would otherwise come after the read)."""
    from lkjip_xl.workbook import kinds
    from lkjip_xl.workbook.structure import StructureError

    # Not a template: the check or the recompute itself says so, as it always did.
    with suppress(StructureError):
        import_module(kinds.detect(book).computation)


def recompute_file(path: str | Path, output: str | Path | None = None) -> Laporan:
    """Recompute ``path`` and write it (or ``output``) atomically, keeping the previous version."""
    with no_cyclic_gc():
        book = FileBook(path)
        from lkjip_xl.workbook.recompute import recompute

        _load_computation(book)
        laporan = recompute(book)
        book.release_reads()
        target = book.commit(output)
    laporan.masalah.extend(macro_problems(target))  # the file written, as ``output`` named it
    return laporan


def check_file(path: str | Path) -> Laporan:
    """Check ``path`` without changing it."""
    with no_cyclic_gc():
        book = FileBook(path, shared=False)  # held by nothing that writes
        from lkjip_xl.workbook.recompute import check

        _load_computation(book)
        laporan = check(book)
    laporan.masalah.extend(macro_problems(path))
    return laporan
