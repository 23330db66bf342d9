"""Re-point cell references in formulas when table columns move (template upgrades).

A formula such as ``=Indikator!Q5`` names a column by its letter; when a newer template puts new
columns before it, the same header sits under another letter. The formula is tokenised with
openpyxl's Excel formula tokenizer and only the sheet-qualified references into moved columns are
rewritten; everything else of the formula is rendered back as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils.cell import column_index_from_string, get_column_letter, quote_sheetname

#: Per sheet name: old column number -> new column number (None: the column is gone).
Moves = dict[str, dict[int, int | None]]

_CELL = re.compile(r"^(\$?)([A-Za-z]{1,3})(\$?\d+)$")


def move_ref(ref: str, moved: dict[int, int | None]) -> str | None:
    """``A1`` or ``A1:B2`` with its columns moved; None when one of them is gone."""
    parts = []
    for part in ref.split(":"):
        m = _CELL.match(part)
        if not m:
            return ref  # whole rows or columns, names: left as they are
        col = column_index_from_string(m.group(2).upper())
        if col in moved:
            target = moved[col]
            if target is None:
                return None
            parts.append(f"{m.group(1)}{get_column_letter(target)}{m.group(3)}")
        else:
            parts.append(part)
    return ":".join(parts)


def move_formula(
    formula: str, moves: Moves, renames: Mapping[str, str] | None = None
) -> tuple[str, bool]:
    """``formula`` with references into moved table columns re-pointed, and references into a
    sheet ``renames`` maps (old name -> name) pointed at that sheet; and whether some reference
    pointed at a column this version no longer has."""
    renames = renames or {}
    if not (moves or renames) or not formula.startswith("="):
        return formula, False
    tokens = Tokenizer(formula)
    lost = False
    changed = False
    for token in tokens.items:
        if token.type != Token.OPERAND or token.subtype != Token.RANGE or "!" not in token.value:
            continue
        sheet_part, ref = token.value.rsplit("!", 1)
        sheet = sheet_part.strip("'").replace("''", "'")
        if sheet not in moves and sheet not in renames:
            continue
        moved = move_ref(ref, moves.get(sheet, {}))
        if sheet in renames:
            sheet_part = quote_sheetname(renames[sheet])
        if moved is None:
            lost = True
        elif moved != ref or sheet in renames:
            token.value = f"{sheet_part}!{moved}"
            changed = True
    return (tokens.render() if changed else formula), lost
