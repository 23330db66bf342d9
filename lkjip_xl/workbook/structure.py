"""The error of a workbook that is not the standard template, in a module of its own.

It is raised while reading (:mod:`lkjip_xl.workbook.reader`) and caught by the command line
before anything is read: catching it must not import pandas, which the command line then
imports while the workbook's tables are being read.
"""

from __future__ import annotations

__all__ = ["StructureError"]


class StructureError(Exception):
    """The workbook is not (or no longer) the standard template: one Indonesian sentence."""
