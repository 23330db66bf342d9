"""The parts of a report: tables, charts and sections, as both the Laporan sheet and the Word
document print them. Every figure is already the text the workbook shows (see :mod:`.shown`),
so the two renderings cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass

from lkjip_xl.core.ipasn import DataKosong

__all__ = ["Report", "ReportChart", "ReportTable", "Section"]


@dataclass(frozen=True)
class ReportTable:
    """A numbered table of the report, every cell as the workbook shows it."""

    key: str  # stable id, e.g. "pengukuran"
    number: str  # "3.1"
    title: str  # Indonesian title as the reports print it
    header: tuple[str, ...]
    # Every cell as the workbook SHOWS it: Indonesian number text "95,45", "–" for blank or
    # not computable.
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()  # the reason for each "–" (e.g. "IKU-03: realisasi belum diisi")

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.header):
                raise ValueError(f"{self.key}: a row of {len(row)} cells under {len(self.header)}")

    @property
    def caption(self) -> str:
        """ "Tabel 3.1 Pengukuran Capaian Kinerja ...", as the reports head their tables."""
        return f"Tabel {self.number} {self.title}"


@dataclass(frozen=True)
class ReportChart:
    """A numbered chart of the report: its categories and series of figures."""

    key: str
    number: str
    title: str
    kind: str  # "bar" | "line" | "stacked_bar" | "bar_line"
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    reference_line: float | None = None  # e.g. 100 for the 100 % line

    @property
    def caption(self) -> str:
        return f"Grafik {self.number} {self.title}"


@dataclass(frozen=True)
class Section:
    """A heading and what follows it: paragraphs, tables and charts."""

    heading: str
    level: int  # 1..3
    content: tuple[str | ReportTable | ReportChart, ...]  # str = a paragraph


@dataclass(frozen=True)
class Report:
    """The report of one workbook (chapter III of an LKjIP), section by section."""

    kind: str  # "kinerja" | "ipasn"
    title: str
    year: str
    sections: tuple[Section, ...]
    #: IP-ASN: the workbook's Data_Kosong (Nol / Kecualikan), which decides who the means are
    #: of; None when the setting is unreadable or the report is not of a roster
    data_kosong: DataKosong | None = None

    @property
    def tables(self) -> tuple[ReportTable, ...]:
        return tuple(c for s in self.sections for c in s.content if isinstance(c, ReportTable))

    @property
    def charts(self) -> tuple[ReportChart, ...]:
        return tuple(c for s in self.sections for c in s.content if isinstance(c, ReportChart))

    def table(self, key: str) -> ReportTable:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(f"report has no table {key!r}")
