"""Group names that differ only in letter case or spacing.

Rows are grouped by the exact text of their group column (a sasaran's mean, a unit's recap, a
distribution's units), so "meningkatnya  PAD" after "Meningkatnya PAD" is a second group. That
is said, not merged: whether the two are one is the user's to decide.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["similar_names"]


def similar_names(names: pd.Series) -> list[tuple[Any, str, str]]:
    """(row label, name, the earlier name) for each spelling of a group name that differs from
    an earlier one only in letter case or spacing, at the first row of that spelling."""
    first: dict[str, str] = {}
    found = []
    # Each spelling once, at its first row: a roster's 100,000 units are a few hundred names.
    for label, name in names.drop_duplicates().items():
        if not isinstance(name, str):
            continue
        key = " ".join(name.split()).casefold()
        if key in first:
            found.append((label, name, first[key]))
        else:
            first[key] = name
    return found
