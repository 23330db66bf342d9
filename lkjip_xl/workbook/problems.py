"""Problems found in a workbook: a stable code, a place (sheet and cell) and an Indonesian sentence.

Checking returns a report; it does not raise. A bad row never stops the others.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Tingkat(StrEnum):
    GALAT = "galat"  # an error: the figure it feeds cannot be computed
    PERINGATAN = "peringatan"  # a warning: computed, but look at it


@dataclass(frozen=True)
class Masalah:
    code: str
    tingkat: Tingkat
    message: str
    sheet: str | None = None
    cell: str | None = None
    table: str | None = None
    row: int | None = None  # 0-based data row of ``table``
    field: str | None = None  # the column key

    @property
    def place(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def as_dict(self) -> dict:
        data = asdict(self)
        data["tingkat"] = self.tingkat.value
        data["place"] = self.place
        return data


@dataclass
class Laporan:
    """The report of a check or a recompute."""

    template: str
    book: str
    masalah: list[Masalah] = field(default_factory=list)
    ringkasan: dict = field(default_factory=dict)
    fingerprint: str | None = None

    @property
    def galat(self) -> list[Masalah]:
        return [m for m in self.masalah if m.tingkat is Tingkat.GALAT]

    @property
    def peringatan(self) -> list[Masalah]:
        return [m for m in self.masalah if m.tingkat is Tingkat.PERINGATAN]

    def as_dict(self) -> dict:
        return {
            "template": self.template,
            "book": self.book,
            "galat": len(self.galat),
            "peringatan": len(self.peringatan),
            "masalah": [m.as_dict() for m in self.masalah],
            "ringkasan": self.ringkasan,
            "fingerprint": self.fingerprint,
        }
