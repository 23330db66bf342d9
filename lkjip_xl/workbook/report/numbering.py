"""Numbering the tables and charts of a chapter as the reports do: Tabel 3.1, 3.2, ...;
Grafik 3.1, ..."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lkjip_xl.workbook.report.elements import ReportChart, ReportTable


@dataclass
class Numbering:
    """Numbers a chapter's tables and charts in turn ("3.1", "3.2"): how many of each so far."""

    chapter: str = "3"
    tables: int = 0
    charts: int = 0

    def table(
        self,
        key: str,
        title: str,
        header: tuple[str, ...],
        rows: Sequence[tuple[str, ...]],
        notes: Sequence[str] = (),
    ) -> ReportTable:
        self.tables += 1
        return ReportTable(
            key, f"{self.chapter}.{self.tables}", title, header, tuple(rows), unique(notes)
        )

    def chart(
        self,
        key: str,
        title: str,
        kind: str,
        categories: list[str],
        series: list[tuple[str, tuple[float | None, ...]]],
        reference_line: float | None = None,
    ) -> ReportChart:
        self.charts += 1
        return ReportChart(
            key,
            f"{self.chapter}.{self.charts}",
            title,
            kind,
            tuple(categories),
            tuple(series),
            reference_line,
        )


def unique(notes: Sequence[str]) -> tuple[str, ...]:
    """The notes in order, each once."""
    return tuple(dict.fromkeys(n for n in notes if n))
