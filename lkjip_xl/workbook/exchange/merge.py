"""Merge the rows a unit sends back into the master's rows: a three-way merge by row.

For every distributed table, three versions of a unit's rows are known: as sent (the manifest
holds each row's key and hash), as returned (the unit's workbook), and as the master holds them
now. Rows are matched by key (tables with a key) or by content (tables without one). Then:

* a row the unit did not change is left alone, whatever the master did with it;
* a row the unit changed is written into the master when the master's row is still as sent, and
  is a conflict (``master-changed``, the master's values kept) when both changed it differently;
* a row whose key the unit changed is reported (``key-changed``) and not merged; the master keeps
  the row under its old key;
* a row the unit removed is removed from the master only when the master's row is still as sent
  (``row-removed``; its values go to the archive) and is a conflict otherwise;
* a row the unit added is appended to the master (``row-added``), unless its key is already in
  use there (``duplicate-key``). Removals of every unit are settled before any addition, so that a
  person moved from one unit to another (removed by one, added by the other) is moved.

A removed row and an added row in the same place of a table are the same row changed when at least
half of their non-key values are equal: without a key that is an edit of the row, with a key a
change of the key.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from lkjip_xl.workbook.book import cell_value
from lkjip_xl.workbook.contract import Column, Role, Table
from lkjip_xl.workbook.exchange.codes import Kode
from lkjip_xl.workbook.exchange.manifest import SentTable, SentUnit
from lkjip_xl.workbook.exchange.rows import Row, RowsOf, group_name, plain
from lkjip_xl.workbook.exchange.split import SplitPlan
from lkjip_xl.workbook.problems import Masalah, Tingkat

SIMILAR = 0.5


@dataclass
class MasterTable:
    """A distributed table of the master, and what the merge does to it."""

    rows: RowsOf
    by_identity: dict[tuple[str, ...], deque[int]] = field(default_factory=dict)
    edits: dict[int, dict[int, Any]] = field(default_factory=dict)  # data row -> {header: value}
    removed: dict[int, str] = field(default_factory=dict)  # data row -> unit
    added: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)  # (unit, inputs)
    keys_in_use: set[tuple[str, ...]] = field(default_factory=set)
    _by_index: dict[int, Row] = field(default_factory=dict)

    def __post_init__(self) -> None:
        index: dict[tuple[str, ...], deque[int]] = defaultdict(deque)
        for row in self.rows.rows:
            index[row.identity].append(row.index)
            self._by_index[row.index] = row
            if row.key is not None:
                self.keys_in_use.add(row.identity)
        self.by_identity = dict(index)

    @property
    def spec(self) -> Table:
        return self.rows.spec

    def row(self, index: int) -> Row:
        return self._by_index[index]

    def claim(self, identity: tuple[str, ...]) -> int | None:
        """The master row of ``identity`` (each row of a keyless table is claimed once)."""
        queue = self.by_identity.get(identity)
        if not queue:
            return None
        if identity[0] == "k":
            return queue[0]
        return queue.popleft()

    def address(self, index: int, column: Column | None = None) -> str:
        column = column or self.rows.columns[0]
        return self.rows.data.address(index, column.name)


@dataclass
class UnitResult:
    changed: int = 0
    added: int = 0
    removed: int = 0
    master_edited: int = 0
    masalah: list[Masalah] = field(default_factory=list)
    pending: list[tuple[MasterTable, RowsOf, Row]] = field(default_factory=list)


def _similarity(a: tuple[str | None, ...], b: tuple[str | None, ...], cols: list[int]) -> float:
    same = sum(1 for j in cols if a[j] is not None and a[j] == b[j])
    filled = sum(1 for j in cols if a[j] is not None or b[j] is not None)
    return same / filled if filled and same else 0.0


def _gaps(sequence: list[int | None]) -> list[int]:
    """For each item, the last matched position before it (-1): rows in the same gap are in
    the same place of the table."""
    out, last = [], -1
    for item in sequence:
        if item is not None:
            last = item
            out.append(-2)  # matched items are not in a gap
        else:
            out.append(last)
    return out


def _problem(
    code: Kode,
    tingkat: Tingkat,
    message: str,
    sheet: str | None,
    cell: str | None,
    table: str,
    row: int | None = None,
) -> Masalah:
    return Masalah(code.value, tingkat, message, sheet=sheet, cell=cell, table=table, row=row)


def merge_table(
    unit: str,
    sent: SentTable,
    returned: RowsOf,
    master: MasterTable,
    plan: SplitPlan,
    result: UnitResult,
    apply_removals: bool,
) -> None:
    """Settle one unit's rows of one table: edits and removals now, additions as pending."""
    spec = returned.spec
    sheet = returned.data.sheet
    keyed = any(c.role is Role.KEY for c in spec.input_columns)
    key_cols = [j for j, c in enumerate(returned.columns) if c.role is Role.KEY]
    other_cols = (
        [j for j in range(len(returned.columns)) if j not in key_cols]
        if keyed
        else list(range(len(returned.columns)))
    )
    first_key = returned.columns[key_cols[0]] if key_cols else returned.columns[0]
    identities = sent.identities()
    hashes = sent.hashes

    # The master's row for every row sent, and whether the master changed it since.
    master_of = [master.claim(ident) for ident in identities]
    for i, m in enumerate(master_of):
        if m is None or master.row(m).hash != hashes[i]:
            result.master_edited += 1

    # Rows returned, matched to rows sent by identity.
    waiting: dict[tuple[str, ...], deque[int]] = defaultdict(deque)
    for i, ident in enumerate(identities):
        waiting[ident].append(i)
    matched: list[tuple[int, Row]] = []
    new: list[Row] = []
    sent_at: list[int | None] = []  # per returned row: the sent row it matched
    seen: dict[tuple[str, ...], Row] = {}
    for row in returned.rows:
        if row.key is not None:
            first = seen.get(row.identity)
            if first is not None:
                result.masalah.append(
                    _problem(
                        Kode.DUPLICATE_KEY,
                        Tingkat.GALAT,
                        f"{first_key.name} {row.shown_key(spec)} sudah dipakai di baris "
                        f"{returned.data.excel_row(first.index)}; baris ini tidak digabungkan.",
                        sheet,
                        returned.address(row, first_key),
                        spec.name,
                        row.index,
                    )
                )
                sent_at.append(None)
                continue
            seen[row.identity] = row
        queue = waiting.get(row.identity)
        if queue:
            i = queue.popleft()
            matched.append((i, row))
            sent_at.append(i)
        else:
            new.append(row)
            sent_at.append(None)
    gone = sorted(i for queue in waiting.values() for i in queue)

    # Removed and added rows in the same place that are alike: the same row, changed.
    matched_sent = {i for i, _ in matched}
    gap_of_sent = _gaps([i if i in matched_sent else None for i in range(len(hashes))])
    returned_gaps = dict(zip((id(r) for r in returned.rows), _gaps(sent_at), strict=True))
    paired_sent: set[int] = set()
    paired_new: set[int] = set()
    candidates = []
    for i in gone:
        m = master_of[i]
        if m is None or master.row(m).hash != hashes[i]:
            continue  # the values sent are no longer known
        before = master.row(m).texts
        for n, row in enumerate(new):
            if returned_gaps[id(row)] != gap_of_sent[i]:
                continue
            score = _similarity(before, row.texts, other_cols)
            if score >= SIMILAR:
                candidates.append((-score, i, n))
    for _score, i, n in sorted(candidates):
        if i in paired_sent or n in paired_new:
            continue
        paired_sent.add(i)
        paired_new.add(n)
        row = new[n]
        if keyed:
            old = sent.shown_key(i)
            now = row.shown_key(spec)
            result.masalah.append(
                _problem(
                    Kode.KEY_CHANGED,
                    Tingkat.GALAT,
                    f"{first_key.name} diubah dari {old} menjadi {now}; kunci baris tidak boleh "
                    f"diubah, baris ini tidak digabungkan dan induk tetap memakai {old}.",
                    sheet,
                    returned.address(row, first_key),
                    spec.name,
                    row.index,
                )
            )
        else:
            matched.append((i, row))
    gone = [i for i in gone if i not in paired_sent]
    new = [row for n, row in enumerate(new) if n not in paired_new]

    # Changed rows.
    for i, row in matched:
        if row.hash == hashes[i]:
            continue
        m = master_of[i]
        where = returned.address(row, first_key)
        if m is None:
            result.masalah.append(
                _problem(
                    Kode.MASTER_REMOVED,
                    Tingkat.GALAT,
                    f"Baris {_label(row, spec, returned)} diubah unit, "
                    "tetapi sudah dihapus atau diubah di induk setelah dibagikan; perubahan unit "
                    "tidak digabungkan.",
                    sheet,
                    where,
                    spec.name,
                    row.index,
                )
            )
            continue
        current = master.row(m)
        if current.hash == row.hash:
            continue
        if current.hash != hashes[i]:
            cols = [
                c.name for j, c in enumerate(returned.columns) if row.texts[j] != current.texts[j]
            ]
            result.masalah.append(
                _problem(
                    Kode.MASTER_CHANGED,
                    Tingkat.GALAT,
                    f"Baris {_label(row, spec, returned)} diubah di "
                    f"unit dan juga di induk ({master.address(m)}) setelah dibagikan; nilai induk "
                    f"dipertahankan (berbeda pada kolom {', '.join(cols)}).",
                    sheet,
                    where,
                    spec.name,
                    row.index,
                )
            )
            continue
        edits = master.edits.setdefault(m, {})
        for j in range(len(returned.columns)):
            if row.texts[j] != current.texts[j]:
                edits[master.rows.positions[j]] = cell_value(row.raw[j])
        result.changed += 1
        _check_unit(unit, row, returned, plan, result, moved=True)

    # Removed rows.
    for i in gone:
        m = master_of[i]
        label = sent.shown_key(i) or f"ke-{i + 1} yang dikirim"
        if m is None:
            continue  # already gone from the master
        where = master.address(m, first_key)
        if master.row(m).hash != hashes[i]:
            result.masalah.append(
                _problem(
                    Kode.REMOVED_CHANGED,
                    Tingkat.GALAT,
                    f"Baris {label} dihapus unit, tetapi diubah di induk setelah dibagikan; baris "
                    f"itu tidak dihapus dari induk ({where}).",
                    master.rows.data.sheet,
                    where,
                    spec.name,
                    m,
                )
            )
        elif not apply_removals:
            result.masalah.append(
                _problem(
                    Kode.REMOVAL_KEPT,
                    Tingkat.PERINGATAN,
                    f"Baris {label} dihapus unit; atas permintaan, baris itu tetap ada di induk "
                    f"({where}).",
                    master.rows.data.sheet,
                    where,
                    spec.name,
                    m,
                )
            )
        else:
            master.removed[m] = unit
            master.keys_in_use.discard(master.row(m).identity)
            result.removed += 1
            result.masalah.append(
                _problem(
                    Kode.ROW_REMOVED,
                    Tingkat.PERINGATAN,
                    f"Baris {label} dihapus unit dan dihapus dari induk ({where}); nilainya "
                    "disimpan di folder arsip.",
                    master.rows.data.sheet,
                    where,
                    spec.name,
                    m,
                )
            )

    for row in new:
        result.pending.append((master, returned, row))


def add_rows(unit: str, plan: SplitPlan, result: UnitResult) -> None:
    """Append a unit's new rows, once every unit's removals are settled."""
    for master, returned, row in result.pending:
        spec = returned.spec
        key_cols = [c for c in returned.columns if c.role is Role.KEY]
        first_key = key_cols[0] if key_cols else returned.columns[0]
        where = returned.address(row, first_key)
        if row.key is not None and row.identity in master.keys_in_use:
            result.masalah.append(
                _problem(
                    Kode.DUPLICATE_KEY,
                    Tingkat.GALAT,
                    f"Baris baru {first_key.name} {row.shown_key(spec)} tidak ditambahkan: "
                    "kunci itu sudah ada di induk (baris unit lain atau baris induk).",
                    returned.data.sheet,
                    where,
                    spec.name,
                    row.index,
                )
            )
            continue
        if row.key is not None:
            master.keys_in_use.add(row.identity)
        master.added.append((unit, row.raw))
        result.added += 1
        shown = row.shown_key(spec) if key_cols else _first_text(row)
        result.masalah.append(
            _problem(
                Kode.ROW_ADDED,
                Tingkat.PERINGATAN,
                f"Baris baru {shown} ditambahkan ke induk.",
                returned.data.sheet,
                where,
                spec.name,
                row.index,
            )
        )
        if key_cols and row.key is None:
            result.masalah.append(
                _problem(
                    Kode.MISSING_KEY,
                    Tingkat.PERINGATAN,
                    f"Baris baru tanpa {first_key.name} ditambahkan; lengkapi {first_key.name} di "
                    "induk.",
                    returned.data.sheet,
                    where,
                    spec.name,
                    row.index,
                )
            )
        _check_unit(unit, row, returned, plan, result, moved=False)


def _label(row: Row, spec: Table, rows: RowsOf) -> str:
    if any(c.role is Role.KEY for c in spec.input_columns):
        return row.shown_key(spec)
    return f"{_first_text(row)} (baris {rows.data.excel_row(row.index)})"


def _first_text(row: Row) -> str:
    return next((plain(t) for t in row.texts if t is not None), "")


def _check_unit(
    unit: str, row: Row, returned: RowsOf, plan: SplitPlan, result: UnitResult, moved: bool
) -> None:
    """A primary row whose split value names another unit: reported (it is merged as typed)."""
    if returned.spec.name != plan.primary.name:
        return
    value = group_name(row.raw[[c.key for c in returned.columns].index(plan.per.key)])
    if value is not None and value.casefold() == unit.casefold():
        return
    where = returned.address(row, plan.per)
    if moved:
        text = f"{plan.per.name} baris ini diubah menjadi {value or '(kosong)'}; baris pindah ke "
        text += "unit itu di induk."
    else:
        text = f"Baris baru ini memakai {plan.per.name} {value or '(kosong)'}, bukan {unit}."
    result.masalah.append(
        _problem(
            Kode.OTHER_UNIT,
            Tingkat.PERINGATAN,
            text,
            returned.data.sheet,
            where,
            returned.spec.name,
            row.index,
        )
    )


def merge_unit(
    sent: SentUnit,
    returned: dict[str, RowsOf],
    masters: dict[str, MasterTable],
    plan: SplitPlan,
    apply_removals: bool,
) -> UnitResult:
    result = UnitResult()
    for table in plan.tables:
        sent_table = sent.tables.get(table.name) or SentTable(0, [], None)
        merge_table(
            sent.unit,
            sent_table,
            returned[table.name],
            masters[table.name],
            plan,
            result,
            apply_removals,
        )
    return result
