"""The built-in examples of ``lkjip-xl demo``: workbooks filled from the reference reports.

Which examples exist, and which data fills them, is each kind's business
(:mod:`lkjip_xl.workbook.kinds`); the filling itself is in :mod:`lkjip_xl.workbook.demo_books`.
Here each example is written and recomputed by the engine, as a user's workbook would be.
"""

from __future__ import annotations

from pathlib import Path

from lkjip_xl.workbook.demo_books import example, fill_names, fill_table, ipasn_roster
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.kinds import KINDS, find_demo
from lkjip_xl.workbook.problems import Laporan
from lkjip_xl.workbook.recompute import recompute
from lkjip_xl.workbook.safe_write import backups

__all__ = ["DEMOS", "build_demo", "example", "fill_names", "fill_table", "ipasn_roster"]

#: example name -> file name, every kind's examples in registry order.
DEMOS = {demo.name: demo.file_name for kind in KINDS.values() for demo in kind.demos}


def build_demo(name: str, directory: str | Path) -> tuple[Path, Laporan]:
    """Write one example workbook into ``directory`` and recompute it with the engine."""
    demo = find_demo(name)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / demo.file_name
    demo.workbook().save(path)
    book = FileBook(path)
    laporan = recompute(book)
    book.commit()
    for backup in backups(path):  # the example was built just now: nothing to keep
        backup.unlink()
    return path, laporan
