"""Problems found in a workbook: a stable code, a place (sheet and cell) and an Indonesian sentence.

Checking returns a report; it does not raise. A bad row never stops the others. Every code is
declared in the catalog (:mod:`lkjip_xl.core.problems`); :meth:`Masalah.of` raises one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lkjip_xl.core.problems import Kode, Tingkat

__all__ = ["Kode", "Laporan", "Masalah", "Tingkat"]


@dataclass(frozen=True)
class Masalah:
    """One problem found in a workbook: its catalog code and level, its sentence, and where it
    is (sheet, cell, table, data row, column key) when it belongs to a place."""

    code: Kode
    tingkat: Tingkat
    message: str
    sheet: str | None = None
    cell: str | None = None
    table: str | None = None
    row: int | None = None  # 0-based data row of ``table``
    field: str | None = None  # the column key

    def __post_init__(self) -> None:
        # A code the catalog does not declare, or a level it does not allow, is a programming
        # error: refuse it here rather than let an undocumented code reach users and tools.
        code, tingkat = self.code, self.tingkat
        if type(code) is not Kode:  # a plain string: looked up (ValueError when undeclared)
            # The Enum lookup by value; mypy checks the call against Kode.__new__, which builds
            # the members from their Definisi when the class is made.
            code = Kode(code)  # type: ignore[arg-type]
            object.__setattr__(self, "code", code)
        if type(tingkat) is not Tingkat:
            tingkat = Tingkat(tingkat)
            object.__setattr__(self, "tingkat", tingkat)
        if not code.allows(tingkat):
            raise ValueError(f"{code.value} is not declared at level {tingkat.value}")
        # A data row taken from a table's pandas index is a numpy integer, which neither the
        # JSON of `check --json` nor the server's answer can carry.
        if self.row is not None and type(self.row) is not int:
            object.__setattr__(self, "row", int(self.row))

    @classmethod
    def of(
        cls,
        kode: Kode,
        *,
        tingkat: Tingkat | None = None,
        varian: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        table: str | None = None,
        row: int | None = None,
        field: str | None = None,
        **fields: Any,
    ) -> Masalah:
        """The problem ``kode`` at a place: the catalog's level, and its message filled with
        ``fields``. ``tingkat`` overrides the level only where the catalog declares a second one;
        ``varian`` names another wording of the same code."""
        message = kode.message(varian, **fields)
        return cls(kode, tingkat or kode.tingkat, message, sheet, cell, table, row, field)

    @property
    def place(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def as_dict(self) -> dict:
        # Every field is a scalar: a shallow copy (asdict deep-copies, ten times slower on the
        # 200,000 problems of a large roster).
        data = dict(self.__dict__)
        data["code"] = self.code.value
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
    catatan: list[str] = field(default_factory=list)  # what a recompute did beyond computing

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
            "catatan": list(self.catatan),
        }
