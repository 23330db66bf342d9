"""Statuses of a returned workbook and the stable codes of every exchange problem.

A problem is a :class:`~lkjip_xl.workbook.problems.Masalah`: a code from this module, a place
(sheet and cell, in the unit's workbook unless the sentence says "di induk") and an Indonesian
sentence. Codes are stable: tools may rely on them.
"""

from __future__ import annotations

from enum import StrEnum

from lkjip_xl.workbook.contract import STATUS_PENGUMPULAN


class Status(StrEnum):
    """What became of a returned workbook (the ``Status`` column of ``tblPengumpulan``)."""

    BELUM_KEMBALI = "Belum Kembali"
    DITERIMA = "Diterima"
    DITOLAK = "Ditolak"
    KONFLIK = "Konflik"
    DUPLIKAT = "Duplikat"


assert tuple(Status) == STATUS_PENGUMPULAN, "Status must follow the contract's vocabulary"


class Kode(StrEnum):
    # A returned file is rejected (Ditolak) for any of these.
    UNREADABLE = "unreadable"  # not a workbook, or one that cannot be read safely
    NOT_TEMPLATE = "not-template"  # not an lkjip_xl workbook
    WRONG_TEMPLATE = "wrong-template"  # ipasn returned to a kinerja master, or the reverse
    NO_STAMP = "no-stamp"  # no distribution stamp: not sent by `distribute`
    OTHER_DISTRIBUTION = "other-distribution"
    UNKNOWN_UNIT = "unknown-unit"
    STAMP_CHANGED = "stamp-changed"  # a stamp differs from what the manifest recorded
    TEMPLATE_VERSION = "template-version"
    SETTINGS_CHANGED = "settings-changed"
    STRUCTURE = "structure"  # a distributed table or one of its columns is missing
    # Not merged, shown as Konflik or Duplikat.
    CONFLICT_FILES = "conflict-files"  # two different files for one unit in one collection
    ALREADY_ACCEPTED = "already-accepted"  # a different file for a unit accepted before
    DUPLICATE_FILE = "duplicate-file"  # the very same file again
    # Rows of an accepted workbook: errors are rows left out of the merge.
    KEY_CHANGED = "key-changed"
    DUPLICATE_KEY = "duplicate-key"
    MASTER_CHANGED = "master-changed"  # the unit and the master both changed a row
    MASTER_REMOVED = "master-removed"  # the unit changed a row the master has since removed
    REMOVED_CHANGED = "removed-changed"  # the unit removed a row the master has since changed
    # Warnings: merged (or deliberately kept), and worth a look.
    ROW_ADDED = "row-added"
    ROW_REMOVED = "row-removed"
    REMOVAL_KEPT = "removal-kept"
    MISSING_KEY = "missing-key"
    OTHER_UNIT = "other-unit"
    EXTRA_COLUMN = "extra-column"
    FORMULA_INPUT = "formula-input"  # a formula typed in an input cell: its value is merged
    IGNORED_EDITS = "ignored-edits"
    STALE_RESULTS = "stale-results"
    LATE = "late"
    MASTER_EDITED = "master-edited"
    # Distribution.
    NO_UNIT = "no-unit"  # rows without a value in the split column are not sent
    ORPHAN_ROWS = "orphan-rows"  # rows of a linked table that refer to no distributed row
    FORMULA_VALUES = "formula-values"  # formulas in distributed rows are sent as their values


#: Codes that reject a returned workbook.
REJECTING = frozenset(
    {
        Kode.UNREADABLE,
        Kode.NOT_TEMPLATE,
        Kode.WRONG_TEMPLATE,
        Kode.NO_STAMP,
        Kode.OTHER_DISTRIBUTION,
        Kode.UNKNOWN_UNIT,
        Kode.STAMP_CHANGED,
        Kode.TEMPLATE_VERSION,
        Kode.SETTINGS_CHANGED,
        Kode.STRUCTURE,
    }
)
