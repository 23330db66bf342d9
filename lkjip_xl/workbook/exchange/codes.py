"""Statuses of a returned workbook, and which problem codes reject one.

A problem is a :class:`~lkjip_xl.workbook.problems.Masalah`: a code of the catalog
(:mod:`lkjip_xl.core.problems`, area ``pertukaran``), a place (sheet and cell, in the unit's
workbook unless the sentence says "di induk") and an Indonesian sentence. Codes are stable: tools
may rely on them.
"""

from __future__ import annotations

from enum import StrEnum

from lkjip_xl.core.problems import Kode
from lkjip_xl.workbook.contract import STATUS_PENGUMPULAN

__all__ = ["REJECTING", "Kode", "StatusKiriman"]


class StatusKiriman(StrEnum):
    """What became of a returned workbook (the ``Status`` column of ``tblPengumpulan``)."""

    BELUM_KEMBALI = "Belum Kembali"
    DITERIMA = "Diterima"
    DITOLAK = "Ditolak"
    KONFLIK = "Konflik"
    DUPLIKAT = "Duplikat"


assert tuple(StatusKiriman) == STATUS_PENGUMPULAN, "StatusKiriman must follow the contract"
assert {k.status_kiriman for k in Kode} <= {None, *StatusKiriman}, "catalog: unknown status"

#: Codes that reject a returned workbook (the catalog gives them the status ``Ditolak``).
REJECTING = frozenset(k for k in Kode if k.status_kiriman == StatusKiriman.DITOLAK)
