"""Which rows a returned workbook may touch: the rows sent to its unit, and new rows of its own.

The manifest says which key of the primary table (a NIP, a Kode) was sent to which unit. A file
whose primary table holds a key sent to another unit, or whose linked table (``tblTriwulan``,
``tblAnggaran``) refers to one, while that row is still the other unit's in the master, reaches
into another unit's part: the whole file is refused (``foreign-row``), before anything is merged,
so the other unit's rows stay exactly as they are.

A move between units stays possible through the two units' files: when the other unit's file,
accepted in the same collection, no longer holds the row, the row is released and may be added.
Refusing a file can take such a release back, so the check runs until nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from lkjip_xl.workbook.contract import Column, Role
from lkjip_xl.workbook.exchange.codes import Kode
from lkjip_xl.workbook.exchange.manifest import Manifest
from lkjip_xl.workbook.exchange.rows import Row, RowsOf, fold_text, plain
from lkjip_xl.workbook.exchange.split import SplitPlan
from lkjip_xl.workbook.problems import Masalah

Identity = tuple[str, ...]
OtherOwner = Callable[[Identity, str], "str | None"]

#: At most this many foreign rows are named per refused file.
MAX_NAMED = 5


def _owners(manifest: Manifest, primary: str) -> dict[Identity, str]:
    owners: dict[Identity, str] = {}
    for sent in manifest.units:
        table = sent.tables.get(primary)
        if table is None:
            continue
        for identity in table.identities():
            if identity[0] == "k":
                owners[identity] = sent.unit
    return owners


def _held(rows: RowsOf | None) -> set[Identity]:
    return {r.identity for r in rows.rows if r.key is not None} if rows is not None else set()


def foreign_rows(
    returned: Mapping[str, Mapping[str, RowsOf]],
    manifest: Manifest,
    split: SplitPlan,
    in_master: set[Identity],
    as_sent: frozenset[str] = frozenset(),
) -> dict[str, list[Masalah]]:
    """The units among ``returned`` (unit -> its file's tables) whose file reaches into another
    unit's rows, with the problems that say where. ``in_master``: the primary table's keys in
    the master now. ``as_sent``: units whose file holds exactly the rows sent to them (read
    from the manifest): none of those reaches into another unit's part."""
    primary = split.primary.name
    owners = _owners(manifest, primary)
    # Only the files that changed rows are looked into: the rows sent to the others are not
    # made sets (a roster's 180 units returned as sent hold 90,000 of them).
    sent_keys = {
        s.unit: set(s.tables[primary].identities()) if primary in s.tables else set()
        for s in manifest.units
        if s.unit in returned and s.unit not in as_sent
    }
    held = {unit: _held(tables.get(primary)) for unit, tables in returned.items()}
    live = set(returned) | as_sent
    refused: dict[str, list[Masalah]] = {}

    def other_owner(identity: Identity, unit: str) -> str | None:
        owner = owners.get(identity)
        if owner is None or owner == unit or identity not in in_master:
            return None
        # A file as sent holds every row sent to its unit (owners come from those rows): it
        # releases none.
        if owner in live and owner not in as_sent and identity not in held[owner]:
            return None  # released by its unit's file in this collection: a move
        return owner

    while True:
        found: dict[str, list[Masalah]] = {}
        for unit in sorted(live - as_sent):
            problems = _check_file(unit, returned[unit], split, sent_keys.get(unit, set()),
                                   other_owner)  # fmt: skip
            if problems:
                found[unit] = problems
        if not found:
            return refused
        refused.update(found)
        live -= set(found)


def _check_file(unit: str, tables: Mapping[str, RowsOf], split: SplitPlan, sent: set[Identity],
                other_owner: OtherOwner) -> list[Masalah]:  # fmt: skip
    hits: list[tuple[RowsOf, Row, str, str, str | None]] = []  # rows, row, owner, key, varian
    rows = tables.get(split.primary.name)
    if rows is not None:
        for row in rows.rows:
            if row.key is None or row.identity in sent:
                continue
            owner = other_owner(row.identity, unit)
            if owner is not None:
                hits.append((rows, row, owner, row.shown_key(rows.spec), None))
    for link in split.linked:
        linked = tables.get(link.spec.name)
        if linked is None:
            continue
        for row in linked.rows:
            text = linked.text(row, link.column.key)
            if text is None:
                continue
            owner = other_owner(("k", fold_text(text)), unit)
            if owner is not None:
                hits.append((linked, row, owner, plain(text), "rujukan"))
    out = []
    for rows_of, row, owner, key, varian in hits[:MAX_NAMED]:
        column = _column(rows_of, split, varian is not None)
        out.append(
            Masalah.of(
                Kode.FOREIGN_ROW, varian=varian, sheet=rows_of.data.sheet,
                cell=rows_of.address(row, column), table=rows_of.spec.name, row=row.index,
                kolom=column.name, kunci=key, pemilik=owner,
            )
        )  # fmt: skip
    return out


def _column(rows: RowsOf, split: SplitPlan, linked: bool) -> Column:
    if linked:
        link = split.link_of(rows.spec.name)
        assert link is not None
        return link.column
    return next(c for c in rows.columns if c.role is Role.KEY)
