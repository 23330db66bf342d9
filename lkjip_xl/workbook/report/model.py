"""The report model: chapter III of the LKjIP (or the IP-ASN section) as numbered, titled tables,
charts and paragraphs, built from a workbook's shown cells.

One model serves the Laporan sheet (written by recompute) and the Word document, so the two
cannot disagree. Build it from a file with :func:`build_report` (recompute the file first when
its results may be older than its inputs), or from any book with :func:`report_from`.
"""

from __future__ import annotations

from pathlib import Path

from lkjip_xl.workbook import kinds
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.report.build import narrated_report, report_for
from lkjip_xl.workbook.report.elements import Report, ReportChart, ReportTable, Section
from lkjip_xl.workbook.report.resources import Paragraphs
from lkjip_xl.workbook.report.source import Source

__all__ = [
    "Paragraphs",
    "Report",
    "ReportChart",
    "ReportTable",
    "Section",
    "build_report",
    "narrated",
    "report_for",
    "report_from",
]


def report_from(source: Source, paragraphs: Paragraphs | None = None) -> Report:
    """The report of the workbook ``source`` reads (a FileBook, or a book with planned writes)."""
    kind = kinds.detect(source)  # type: ignore[arg-type]  # only table_names is used
    return report_for(source, kind.template, paragraphs)


def build_report(path: Path, paragraphs: Paragraphs | None = None) -> Report:
    """The report of the workbook file ``path``, from the values its cells hold now."""
    return report_from(FileBook(path), paragraphs)


def narrated(path: Path) -> Report:
    """The report of the workbook file ``path`` with its prose, as the Laporan sheet holds it
    and the Word document prints it."""
    book = FileBook(path)
    return narrated_report(book, kinds.detect(book).template)
