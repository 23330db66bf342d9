"""The fingerprint of a master's inputs, as its recompute's analysis gives it, for the stamps
and the manifest of a distribution; and whether that analysis computes at all.

A kind whose computation offers ``input_fingerprint`` has it read from the input tables alone
(for a 100,000-employee roster, about a second less than scoring everything); the book is
first checked and prepared exactly as :func:`~lkjip_xl.workbook.recompute.analyse` does it
(names, layout version, rows typed below a table, which later reads of the table include).
Other kinds run the whole analysis.

A master whose ``Pengaturan`` stops its analysis (a galat there: nothing is computed) must not
be distributed: every unit would get it locked, and could neither compute nor fix it. Whether it
does is asked of the kind's own computation run over the master with its data tables empty
(settings do not depend on the rows), so no row is scored for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from importlib import import_module
from typing import Any, cast

from lkjip_xl.workbook import kinds
from lkjip_xl.workbook.below import take_rows_below
from lkjip_xl.workbook.book import Book, TableData
from lkjip_xl.workbook.contract import SheetKind, Template
from lkjip_xl.workbook.problems import Kode, Laporan, Masalah
from lkjip_xl.workbook.reader import StructureError, read_names
from lkjip_xl.workbook.recompute import analyse

InputFingerprint = Callable[[Book, Template, dict[str, Any]], str]


@dataclass(frozen=True)
class MasterInputs:
    """What a distribution needs of the master's analysis."""

    fingerprint: str
    #: The galat that stop the analysis (Pengaturan's); empty when it computes.
    stopped_by: tuple[Masalah, ...] = ()


def master_fingerprint(book: Book) -> str:
    """``analyse(book).laporan.fingerprint`` (blank when it has none), with the same refusals;
    ``book`` is left as the analysis leaves it for reading its tables."""
    return master_inputs(book).fingerprint


def master_inputs(book: Book) -> MasterInputs:
    """:func:`master_fingerprint`, and whether the master's analysis computes anything."""
    kind = kinds.detect(book)
    cheap = cast(
        "InputFingerprint | None",
        getattr(import_module(kind.computation), "input_fingerprint", None),
    )
    if cheap is None:
        analisis = analyse(book)
        stopped = () if analisis.tulis else tuple(analisis.laporan.galat)
        return MasterInputs(analisis.laporan.fingerprint or "", stopped)
    template = kind.template
    values, problems = read_names(book, template)
    if any(p.code is Kode.MISSING_NAME for p in problems):
        raise StructureError(problems[0].message)
    kind.upgrade(book, book.read_name("Versi_Template"))
    take_rows_below(book, template)
    fingerprint = cheap(book, template, values)
    laporan = Laporan(template.name, book.label)
    data_tables = (t.name for s in template.sheets if s.kind is SheetKind.DATA for t in s.tables)
    hollow = cast("Book", _WithoutRows(book, data_tables))
    analisis = kind.analyse(hollow, template, values, laporan)
    stopped = () if analisis.tulis else tuple(laporan.galat)
    return MasterInputs(fingerprint, stopped)


class _WithoutRows:
    """``book`` read as if the tables ``names`` held no rows (reading only: the analysis plans
    its writes, and they are never run)."""

    def __init__(self, book: Book, names: Iterable[str]) -> None:
        self._book = book
        self._empty = frozenset(names)

    def read_table(self, name: str) -> TableData:
        table = self._book.read_table(name)
        return replace(table, rows=[]) if name in self._empty else table

    def __getattr__(self, name: str) -> Any:
        return getattr(self._book, name)
