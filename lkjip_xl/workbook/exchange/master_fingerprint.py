"""The fingerprint of a master's inputs, as its recompute's analysis gives it, for the stamps
and the manifest of a distribution.

A kind whose computation offers ``input_fingerprint`` has it read from the input tables alone
(for a 100,000-employee roster, about a second less than scoring everything); the book is
first checked and prepared exactly as :func:`~lkjip_xl.workbook.recompute.analyse` does it
(names, layout version, rows typed below a table, which later reads of the table include).
Other kinds run the whole analysis.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any, cast

from lkjip_xl.workbook import kinds
from lkjip_xl.workbook.below import take_rows_below
from lkjip_xl.workbook.book import Book
from lkjip_xl.workbook.contract import Template
from lkjip_xl.workbook.problems import Kode
from lkjip_xl.workbook.reader import StructureError, read_names
from lkjip_xl.workbook.recompute import analyse

InputFingerprint = Callable[[Book, Template, dict[str, Any]], str]


def master_fingerprint(book: Book) -> str:
    """``analyse(book).laporan.fingerprint`` (blank when it has none), with the same refusals;
    ``book`` is left as the analysis leaves it for reading its tables."""
    kind = kinds.detect(book)
    cheap = cast(
        "InputFingerprint | None",
        getattr(import_module(kind.computation), "input_fingerprint", None),
    )
    if cheap is None:
        return analyse(book).laporan.fingerprint or ""
    template = kind.template
    values, problems = read_names(book, template)
    if any(p.code is Kode.MISSING_NAME for p in problems):
        raise StructureError(problems[0].message)
    kind.upgrade(book, book.read_name("Versi_Template"))
    take_rows_below(book, template)
    return cheap(book, template, values)
