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
change of the key. Without a key, a row sent that the master changed since is no longer found by
its content; an added row in its place is the unit's edit of it, a conflict (``master-removed``),
and its removal, when the master holds an unclaimed line of the unit in its place, is
``removed-changed`` (the line kept).
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any, TypedDict

from lkjip_xl.workbook.book import cell_value
from lkjip_xl.workbook.contract import Column, Role, Table
from lkjip_xl.workbook.exchange.codes import Kode
from lkjip_xl.workbook.exchange.manifest import SentTable, SentUnit
from lkjip_xl.workbook.exchange.rows import Row, RowsOf, fold_text, group_name, plain
from lkjip_xl.workbook.exchange.split import SplitPlan
from lkjip_xl.workbook.ooxml.cell_edits import prepare_edits
from lkjip_xl.workbook.problems import Masalah

SIMILAR = 0.5


@dataclass
class MasterTable:
    """A distributed table of the master, and what the merge does to it."""

    rows: RowsOf
    # A row's index, or (an identity shared by rows) a queue of them: a queue per row would be
    # ~76 MB for a roster of 100,000 rows.
    by_identity: dict[tuple[str, ...], int | deque[int]] = field(default_factory=dict)
    edits: dict[int, dict[int, Any]] = field(default_factory=dict)  # data row -> {header: value}
    removed: dict[int, str] = field(default_factory=dict)  # data row -> unit
    added: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)  # (unit, inputs)
    keys_in_use: set[tuple[str, ...]] = field(default_factory=set)
    _by_index: dict[int, Row] = field(default_factory=dict)

    def __post_init__(self) -> None:
        index: dict[tuple[str, ...], int | deque[int]] = {}
        by_index, in_use = self._by_index, self.keys_in_use
        for row in self.rows.rows:  # a roster's 100,000 rows: Row.identity inline
            key, at = row.key, row.index
            identity = ("k", *key) if key is not None else ("h", row.hash)
            found = index.setdefault(identity, at)
            if found != at:
                if type(found) is int:
                    index[identity] = found = deque([found])
                found.append(at)  # type: ignore[union-attr]
            by_index[at] = row
            if key is not None:
                in_use.add(identity)
        self.by_identity = index

    @property
    def spec(self) -> Table:
        return self.rows.spec

    def release_rows(self) -> None:
        """Let go of the rows as read (their texts, hashes and keys) once merged: the write
        needs only the table, and what the merge does to it (a roster's are ~200 MB)."""
        self.rows.rows = []
        self._by_index = {}
        self.by_identity = {}
        self.keys_in_use = set()

    def row(self, index: int) -> Row:
        return self._by_index[index]

    def claim(self, identity: tuple[str, ...]) -> int | None:
        """The master row of ``identity`` (each row of a keyless table is claimed once)."""
        found = self.by_identity.get(identity)
        if type(found) is int:
            if identity[0] != "k":
                del self.by_identity[identity]
            return found
        if not found:
            return None
        if identity[0] == "k":
            return found[0]  # type: ignore[index]
        return found.popleft()  # type: ignore[union-attr]

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


class _TableMerge:
    """One unit's rows of one table, settled against the master step by step (merge_table)."""

    def __init__(self, unit: str, sent: SentTable, returned: RowsOf, master: MasterTable,
                 plan: SplitPlan, result: UnitResult,
                 primary_sent: SentTable | None = None) -> None:  # fmt: skip
        self.unit, self.sent, self.returned, self.master = unit, sent, returned, master
        self.primary_sent = primary_sent  # the unit's primary rows sent: what it owns
        self.plan, self.result = plan, result
        self.spec = returned.spec
        self.sheet = returned.data.sheet
        self.keyed = any(c.role is Role.KEY for c in self.spec.input_columns)
        key_cols = [j for j, c in enumerate(returned.columns) if c.role is Role.KEY]
        self.other_cols = (
            [j for j in range(len(returned.columns)) if j not in key_cols]
            if self.keyed
            else list(range(len(returned.columns)))
        )
        self.first_key = returned.columns[key_cols[0]] if key_cols else returned.columns[0]
        self.identities = sent.identities()
        # Rows whose key the file holds twice: never added, but still the rows sent they may be
        # (two NIPs stored as numbers round to one), so that a row sent is not taken as removed.
        self.doubled: list[Row] = []
        self.hashes = sent.hashes
        # The master's row for every row sent, and whether the master changed it since.
        self.master_of = [master.claim(ident) for ident in self.identities]
        for i, m in enumerate(self.master_of):
            if m is None or master.row(m).hash != self.hashes[i]:
                result.master_edited += 1

    def report(self, kode: Kode, row: Row, **fields: Any) -> None:
        """A problem of a returned row, at its key cell."""
        self.result.masalah.append(
            Masalah.of(
                kode, sheet=self.sheet, cell=self.returned.address(row, self.first_key),
                table=self.spec.name, row=row.index, **fields,
            )
        )  # fmt: skip

    def report_master(self, kode: Kode, m: int, label: str) -> None:
        """A problem of a row sent, at the master's row ``m``."""
        where = self.master.address(m, self.first_key)
        self.result.masalah.append(
            Masalah.of(
                kode, sheet=self.master.rows.data.sheet, cell=where, table=self.spec.name, row=m,
                baris=label, sel_induk=where,
            )
        )  # fmt: skip

    def match(self) -> tuple[list[tuple[int, Row]], list[Row], list[int | None], list[int]]:
        """Rows returned matched to rows sent by identity: (matched, new, the sent row of each
        returned row, rows sent that came back no more)."""
        waiting: dict[tuple[str, ...], deque[int]] = defaultdict(deque)
        for i, ident in enumerate(self.identities):
            waiting[ident].append(i)
        matched: list[tuple[int, Row]] = []
        new: list[Row] = []
        sent_at: list[int | None] = []  # per returned row: the sent row it matched
        seen: dict[tuple[str, ...], Row] = {}
        for row in self.returned.rows:
            if row.key is not None:
                first = seen.get(row.identity)
                if first is not None:
                    self.report(
                        Kode.DUPLICATE_KEY, row, varian="kiriman", kolom=self.first_key.name,
                        kunci=row.shown_key(self.spec),
                        baris=self.returned.data.excel_row(first.index),
                    )  # fmt: skip
                    sent_at.append(None)
                    self.doubled.append(row)
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
        return matched, new, sent_at, gone

    def pair(self, matched: list[tuple[int, Row]], new: list[Row], sent_at: list[int | None],
             gone: list[int]) -> tuple[list[Row], list[int]]:  # fmt: skip
        """Removed and added rows in the same place that are alike: the same row, changed.

        Without a key the pair joins ``matched``; with one it is a changed key, reported. Returns
        the rows still new and the rows still gone."""
        master, hashes = self.master, self.hashes
        matched_sent = {i for i, _ in matched}
        gap_of_sent = _gaps([i if i in matched_sent else None for i in range(len(hashes))])
        returned_gaps = dict(zip((id(r) for r in self.returned.rows), _gaps(sent_at), strict=True))
        paired_sent: set[int] = set()
        paired_new: set[int] = set()
        candidates = []
        unknown: list[int] = []  # rows sent without a key that the master changed or removed
        pool = [*new, *self.doubled]  # a doubled key is paired (a changed key), never added
        for i in gone:
            m = self.master_of[i]
            if m is None or master.row(m).hash != hashes[i]:
                if m is None and not self.keyed:
                    unknown.append(i)
                continue  # the values sent are no longer known
            before = master.row(m).texts
            for n, row in enumerate(pool):
                if returned_gaps[id(row)] != gap_of_sent[i]:
                    continue
                score = _similarity(before, row.texts, self.other_cols)
                if score >= SIMILAR:
                    candidates.append((-score, i, n))
        for _score, i, n in sorted(candidates):
            if i in paired_sent or n in paired_new:
                continue
            paired_sent.add(i)
            paired_new.add(n)
            row = pool[n]
            if self.keyed:
                self.report(
                    Kode.KEY_CHANGED, row, kolom=self.first_key.name,
                    lama=self.sent.shown_key(i), baru=row.shown_key(self.spec),
                )  # fmt: skip
            else:
                matched.append((i, row))
        # Without a key, a row the master changed since is no longer found by its content: a
        # new row in its place is the unit's edit of it (a conflict, master-removed), not a row
        # to append beside the master's version (a budget line counted twice). When the master
        # already holds the unit's values, the row is settled.
        # The master's version is one of its rows no row sent claims, between the master's rows
        # of the rows sent around it: the new row most alike it is the edit (a row typed there
        # that is not alike is a new line, added). Without such a row (the master removed it)
        # the first new row in its place is taken, as nothing is left to compare with.
        claimed = {m for m in self.master_of if m is not None}
        windows: dict[tuple[int, int | None], list[tuple[str | None, ...]]] = {}
        alike: dict[tuple[int, int | None, int], float] = {}
        for i in unknown:
            places = [
                k for k, row in enumerate(new)
                if k not in paired_new and returned_gaps[id(row)] == gap_of_sent[i]
            ]  # fmt: skip
            if not places:
                continue
            lo = max((m for m in self.master_of[:i] if m is not None), default=-1)
            hi = min((m for m in self.master_of[i + 1 :] if m is not None), default=None)
            # Rows of one place share their window: its rows, and how alike each new row is
            # to them, are found once (every row of a unit that the master changed: one window).
            versions = windows.get((lo, hi))
            if versions is None:
                versions = windows[lo, hi] = [
                    row.texts for at, row in master._by_index.items()
                    if lo < at and (hi is None or at < hi) and at not in claimed
                ]  # fmt: skip
            place = places[0]
            if versions:
                scores: list[float] = []
                for k in places:
                    if (lo, hi, k) not in alike:
                        alike[lo, hi, k] = max(
                            _similarity(v, new[k].texts, self.other_cols) for v in versions
                        )
                    scores.append(alike[lo, hi, k])
                best = max(scores)
                if best < SIMILAR:
                    continue
                place = places[scores.index(best)]
            paired_sent.add(i)
            paired_new.add(place)
            found = master.claim(new[place].identity)
            if found is not None:
                self.master_of[i] = found
            matched.append((i, new[place]))
        still_gone = [i for i in gone if i not in paired_sent]
        return [row for n, row in enumerate(new) if n not in paired_new], still_gone

    def apply_changes(self, matched: list[tuple[int, Row]]) -> None:
        """Write the rows the unit changed into the master, unless the master changed them too."""
        master, returned = self.master, self.returned
        for i, row in matched:
            if row.hash == self.hashes[i]:
                continue
            m = self.master_of[i]
            if m is None:
                self.report(Kode.MASTER_REMOVED, row, baris=_label(row, self.spec, returned))
                continue
            current = master.row(m)
            if current.hash == row.hash:
                continue
            if current.hash != self.hashes[i]:
                cols = [
                    c.name
                    for j, c in enumerate(returned.columns)
                    if row.texts[j] != current.texts[j]
                ]
                self.report(
                    Kode.MASTER_CHANGED, row, baris=_label(row, self.spec, returned),
                    sel_induk=master.address(m), kolom=", ".join(cols),
                )  # fmt: skip
                continue
            edits = master.edits.setdefault(m, {})
            for j in range(len(returned.columns)):
                if row.texts[j] != current.texts[j]:
                    edits[master.rows.positions[j]] = cell_value(row.raw[j])
            self.result.changed += 1
            _check_unit(self.unit, row, returned, self.plan, self.result, moved=True)

    def apply_removals(self, gone: list[int], apply_removals: bool) -> None:
        """Remove from the master the rows the unit removed, when the master's row is as sent."""
        master = self.master
        for i in gone:
            m = self.master_of[i]
            label = self.sent.shown_key(i) or f"ke-{i + 1} yang dikirim"
            if m is None:
                if not self.keyed:  # its values changed in the master, or it is gone there too
                    self.removed_changed_keyless(i, label)
                continue  # already gone from the master
            if master.row(m).hash != self.hashes[i]:
                self.report_master(Kode.REMOVED_CHANGED, m, label)
            elif not apply_removals:
                self.report_master(Kode.REMOVAL_KEPT, m, label)
            else:
                master.removed[m] = self.unit
                master.keys_in_use.discard(master.row(m).identity)
                self.result.removed += 1
                self.report_master(Kode.ROW_REMOVED, m, label)

    def removed_changed_keyless(self, i: int, label: str) -> None:
        """A keyless row sent that the unit removed and the master no longer holds as sent: when
        the master holds a line of this unit in its place (between the master's rows of the
        rows sent around it) that no unit claimed, the master changed it since; the line is
        kept, and said (``removed-changed``), as for a keyed row. None there: the master
        removed it too, nothing to say."""
        master, master_of = self.master, self.master_of
        before = next((m for m in reversed(master_of[:i]) if m is not None), -1)
        after = next((m for m in master_of[i + 1 :] if m is not None), None)
        claimed = {m for m in master_of if m is not None}
        link = self.plan.link_of(self.spec.name)
        owned: set[tuple[str, ...]] | None = None
        at = None
        if link is not None and self.primary_sent is not None:
            owned = set(self.primary_sent.identities())
            at = [c.key for c in self.returned.columns].index(link.column.key)
        for row in master.rows.rows:
            m = row.index
            if m <= before or m in claimed or m in master.removed:
                continue
            if after is not None and m >= after:
                break
            waiting = master.by_identity.get(("h", row.hash))
            if waiting is None or (m != waiting if isinstance(waiting, int) else m not in waiting):
                continue  # another unit's row, or a line another row sent already stands for
            if owned is not None and at is not None:
                text = row.text_at(at)
                if text is None or ("k", fold_text(text)) not in owned:
                    continue  # a line of another unit
            self.master_of[i] = m
            self.report_master(Kode.REMOVED_CHANGED, m, label)
            return


def merge_table(
    unit: str,
    sent: SentTable,
    returned: RowsOf,
    master: MasterTable,
    plan: SplitPlan,
    result: UnitResult,
    apply_removals: bool,
    primary_sent: SentTable | None = None,
) -> None:
    """Settle one unit's rows of one table: edits and removals now, additions as pending."""
    merge = _TableMerge(unit, sent, returned, master, plan, result, primary_sent)
    matched, new, sent_at, gone = merge.match()
    new, gone = merge.pair(matched, new, sent_at, gone)
    merge.apply_changes(matched)
    merge.apply_removals(gone, apply_removals)
    for row in new:
        result.pending.append((master, returned, row))


class _Place(TypedDict):
    """Where a new row's problems are: the place arguments of :meth:`Masalah.of`."""

    sheet: str
    cell: str
    table: str
    row: int


def add_rows(unit: str, plan: SplitPlan, result: UnitResult) -> None:
    """Append a unit's new rows, once every unit's removals are settled."""
    for master, returned, row in result.pending:
        spec = returned.spec
        key_cols = [c for c in returned.columns if c.role is Role.KEY]
        first_key = key_cols[0] if key_cols else returned.columns[0]
        where = returned.address(row, first_key)
        place: _Place = {
            "sheet": returned.data.sheet,
            "cell": where,
            "table": spec.name,
            "row": row.index,
        }
        if row.key is not None and row.identity in master.keys_in_use:
            result.masalah.append(
                Masalah.of(
                    Kode.DUPLICATE_KEY, varian="baris-baru", **place, kolom=first_key.name,
                    kunci=row.shown_key(spec),
                )
            )  # fmt: skip
            continue
        if row.key is not None:
            master.keys_in_use.add(row.identity)
        master.added.append((unit, row.raw))
        result.added += 1
        shown = row.shown_key(spec) if key_cols else _first_text(row)
        result.masalah.append(Masalah.of(Kode.ROW_ADDED, **place, baris=shown))
        if key_cols and row.key is None:
            result.masalah.append(Masalah.of(Kode.MISSING_KEY, **place, kolom=first_key.name))
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
    result.masalah.append(
        Masalah.of(
            Kode.OTHER_UNIT, varian=None if moved else "baris-baru", sheet=returned.data.sheet,
            cell=returned.address(row, plan.per), table=returned.spec.name, row=row.index,
            kolom=plan.per.name, nilai=value or "(kosong)", unit=unit,
        )
    )  # fmt: skip


def writable(sent: SentUnit, returned: dict[str, RowsOf]) -> None:
    """Raise :class:`PackageError` (naming the unit's cell) when a value of a row the unit
    changed or added cannot be written into the master: the writer's own rendering is asked
    (a text longer than Excel holds, which another program may have saved), before the master
    is touched, so that the file is refused rather than the whole collection."""
    for name, rows in returned.items():
        table = sent.tables.get(name)
        as_sent = frozenset(table.hashes) if table else frozenset()
        cells = {
            rows.address(row, column): cell_value(value)
            for row in rows.rows
            if row.hash not in as_sent
            for column, value in zip(rows.columns, row.raw, strict=True)
        }
        if cells:
            prepare_edits(rows.data.sheet, cells, b"")


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
            sent.tables.get(plan.primary.name),
        )
    return result


def unchanged_unit(sent: SentUnit, masters: dict[str, MasterTable], plan: SplitPlan) -> UnitResult:
    """A unit whose file holds every row exactly as sent: nothing to merge. The master's rows
    sent to it are claimed, and those the master changed since counted, as :func:`merge_unit`
    does (the rows of a keyless table are claimed in the same order)."""
    result = UnitResult()
    for table in plan.tables:
        sent_table = sent.tables.get(table.name) or SentTable(0, [], None)
        master = masters[table.name]
        for identity, digest in zip(sent_table.identities(), sent_table.hashes, strict=True):
            m = master.claim(identity)
            if m is None or master.row(m).hash != digest:
                result.master_edited += 1
    return result
