"""Figure-by-figure comparison: the formula oracle against the exact one, then the engine.

Two checks, one after the other:
1. LibreOffice's recalculated formulas must equal the exact figures.  Doubles cannot decide a
   figure whose exact value sits on a rounding boundary (T = 40, R = 79,998 gives 0,005 exactly
   but 0,00499999... in binary); there the exact result is the authority, and a figure computed
   from a shown value decided that way follows it.  Any other difference is a fault of the
   oracle itself and fails the test.
2. The engine's cells after `lkjip-xl recompute` must equal the exact figures: numbers as the
   cell shows them, labels as written, blanks as blanks.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tests.oracle.figures import Figure, Figures, Key


def normalise(value: Any) -> Any:
    """None for a blank (an empty cell or a formula's empty text), anything else as it is."""
    if value is None or (isinstance(value, str) and value == ""):
        return None
    return value


def as_shown(value: Fraction | int | float) -> str:
    """A number as a cell shows it at full precision (15 significant digits, no -0)."""
    x = float(value) + 0.0
    if not math.isfinite(x):
        return repr(x)
    return format(x, ".15g")


def same(a: Any, b: Any) -> bool:
    a, b = normalise(a), normalise(b)
    if a is None or b is None:
        return a is None and b is None
    a_num = isinstance(a, Fraction | int | float) and not isinstance(a, bool)
    b_num = isinstance(b, Fraction | int | float) and not isinstance(b, bool)
    if a_num and b_num:
        return as_shown(a) == as_shown(b)
    if a_num or b_num:
        return False
    return a == b


def describe(value: Any) -> str:
    value = normalise(value)
    if value is None:
        return "(kosong)"
    if isinstance(value, Fraction):
        return as_shown(value)
    return repr(value)


@dataclass
class CrossCheck:
    compared: int
    decided_exactly: list[Key]  # LibreOffice's doubles fell on the other side of a boundary
    faults: list[str]  # the two halves of the oracle disagree: the oracle is wrong


def cross_check(figs: Figures, cells: dict[Key, tuple[str, int, int]], lo: dict) -> CrossCheck:
    decided: list[Key] = []
    faults: list[str] = []
    tainted: set[Key] = set()
    for key, fig in figs.items():  # insertion order: a figure comes after what it uses
        sheet, r, c = cells[key]
        rows = lo[sheet]
        value = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
        if isinstance(value, str) and value.startswith("#ERR"):
            faults.append(f"{key}: formula error {value} at {sheet} R{r + 1}C{c + 1}")
            continue
        if same(value, fig.value):
            continue
        if any(d in tainted for d in fig.deps) or (fig.near_tie and _one_step(value, fig)):
            tainted.add(key)
            decided.append(key)
            continue
        faults.append(
            f"{key}: LibreOffice {describe(value)} vs exact {describe(fig.value)} "
            f"[{fig.tag}] {fig.inputs}"
        )
    return CrossCheck(len(figs), decided, faults)


def _one_step(value: Any, fig: Figure) -> bool:
    """A double rounding the other way at a boundary is off by one step of the last decimal."""
    if not isinstance(value, float) or not isinstance(fig.value, Fraction):
        return False
    unit = fig.extra["unit"]
    assert isinstance(unit, Fraction)
    return abs(Fraction(value) - fig.value) <= unit * Fraction(1000001, 1000000)


@dataclass
class Disagreement:
    template: str
    setting: str
    sheet: str
    cell: str
    column: str
    tag: str
    inputs: str
    engine: Any
    oracle: Any
    follows: bool = False  # computed from a figure that already disagrees
    key: Key | None = None  # the figure, for tools that trace consequences to causes

    def line(self) -> str:
        where = "follows " if self.follows else ""
        return (
            f"{where}{self.template}/{self.setting} {self.sheet}!{self.cell} [{self.column}] "
            f"case={self.tag}: engine {describe(self.engine)}, oracle {describe(self.oracle)}"
            f" | {self.inputs}"
        )


def compare_engine(
    template: str,
    setting: str,
    figs: Figures,
    engine: dict[Key, tuple[str, Any]],
    skip: Collection[Key] = (),
) -> tuple[int, list[Disagreement]]:
    """``engine`` maps a key to (cell address, value); a key it lacks is a missing row."""
    found: list[Disagreement] = []
    wrong: set[Key] = set()
    compared = 0
    for key, fig in figs.items():  # insertion order: a figure comes after what it uses
        if key in skip:
            continue
        compared += 1
        cell, value = engine.get(key, ("(baris tidak ada)", None))
        if not same(value, fig.value) or key not in engine:
            found.append(_disagreement(template, setting, fig, cell, value))
            found[-1].follows = any(d in wrong for d in fig.deps)
            wrong.add(key)
    for key, (cell, value) in engine.items():
        if key not in figs and key not in skip:
            found.append(
                Disagreement(
                    template, setting, key[0], cell, key[2], "extra-row", str(key[1]), value, None
                )
            )
    return compared, found


def _disagreement(template: str, setting: str, fig: Figure, cell: str, value: Any) -> Disagreement:
    sheet, _row, column = fig.key
    return Disagreement(
        template, setting, sheet, cell, column, fig.tag, fig.inputs, value, fig.value, key=fig.key
    )


def summary(disagreements: list[Disagreement]) -> list[str]:
    """Counts by (column, case): first the figures that disagree although everything they are
    computed from agrees (the causes), then their consequences; settings in brackets."""
    groups: dict[tuple[bool, str, str], Counter[str]] = {}
    for d in disagreements:
        groups.setdefault((d.follows, d.column, d.tag), Counter())[d.setting] += 1
    lines = []
    for (follows, column, tag), settings in sorted(groups.items()):
        title = "follows" if follows else "own"
        where = ", ".join(f"{name} {n}" for name, n in settings.items())
        lines.append(f"{settings.total():5d}  {title}: {column} case={tag} [{where}]")
    return lines
