"""Short constructors for the columns the table declarations are made of."""

from __future__ import annotations

from typing import Any

from lkjip_xl.workbook.contract.types import SCORE_FORMAT, Column, Role, ValueType


def input_col(name: str, key: str, type_: ValueType = ValueType.TEXT, **kw: Any) -> Column:
    return Column(name, key, Role.INPUT, type_, **kw)


def key_col(name: str, key: str, type_: ValueType = ValueType.TEXT, **kw: Any) -> Column:
    return Column(name, key, Role.KEY, type_, required=True, **kw)


def computed_col(name: str, key: str, type_: ValueType = ValueType.TEXT, **kw: Any) -> Column:
    return Column(name, key, Role.COMPUTED, type_, **kw)


def catatan_col(help_text: str) -> Column:
    """The engine's note on a row: why a value is missing, which cap applied, what to fix."""
    return computed_col("Catatan", "catatan", width=55, wrap=True, help=help_text)


def score_col(name: str, key: str, help_text: str, **kw: Any) -> Column:
    """An IP-ASN score (a dimension, the index, or a mean of them)."""
    return computed_col(
        name, key, ValueType.NUMBER, number_format=SCORE_FORMAT, help=help_text, **kw
    )
