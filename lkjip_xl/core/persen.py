"""A number its cell shows as a percentage (kept apart from :mod:`.values`, which loads pandas:
the file reader marks such cells without it)."""

from __future__ import annotations

from decimal import Decimal

__all__ = ["Persen"]


class Persen(float):
    """A number its cell shows as a percentage: typing ``75%`` in Excel stores 0.75 in a
    percent format. It is read as the figure shown, 75, as the text ``75%`` is: exactly the
    decimal the cell holds, times 100. The value itself stays the cell's (0.75), and it is
    equal only to the same percentage, so that a column's distinct values never take it for
    a 0.75 typed without the format."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return type(other) is Persen and float(self) == float(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((Persen, float(self)))

    @property
    def shown(self) -> float:
        """The figure the cell shows (75 for 0.75)."""
        return float(Decimal(float.__repr__(self)) * 100)
