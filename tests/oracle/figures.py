"""One computed figure of a workbook, as the oracle expects it."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

# (sheet, row, column): row is a 0-based data-row index of the table, a key such as a sasaran
# name or (unit, status), or "name" for a defined name, whose column is the name itself.
Key = tuple[str, object, str]


@dataclass
class Figure:
    key: Key
    value: Fraction | int | str | None  # None: the cell must be blank
    near_tie: bool = False  # the exact value sits where a double may round the other way
    deps: tuple[Key, ...] = ()  # figures whose shown value this one is computed from
    inputs: str = ""  # the inputs, for a readable disagreement
    tag: str = ""  # the generator's case
    extra: dict[str, object] = field(default_factory=dict)


class Figures(dict[Key, Figure]):
    """All figures of one workbook under one setting, keyed by (sheet, row, column)."""

    def add(self, key: Key, value, **kw) -> Figure:
        if key in self:
            raise KeyError(f"figure {key} computed twice")
        fig = Figure(key, value, **kw)
        self[key] = fig
        return fig

    def number(self, key: Key, raw, rounding, **kw) -> Figure:
        """A number cell: ``raw`` (exact, None for blank) as ``rounding`` shows it."""
        if raw is None:
            return self.add(key, None, **kw)
        fig = self.add(key, rounding.shown(raw), near_tie=rounding.near_boundary(raw), **kw)
        fig.extra["unit"] = Fraction(1, 10**rounding.desimal)  # one step of the last decimal
        return fig
