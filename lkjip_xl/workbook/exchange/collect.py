"""``collect``: check the workbooks units send back, merge what is theirs, recompute the master.

For every file, in this order:

1. it is archived unchanged, named with its SHA-256 (``arsip/`` beside the master), and only the
   archived copy is read: what was checked is what was kept;
2. it is checked: a safe package (no part declares a DOCTYPE or an entity), a readable lkjip_xl
   workbook of the master's template, stamped by this distribution for one of its units and
   sealed for it (:mod:`.seal`), stamps and template version as sent, settings unchanged, its
   distributed tables and columns present; rows typed under a table are taken in, and the
   values that cannot be used are listed. Any failure rejects it (``Ditolak``, with the
   reasons), whatever the failure: one file never stops the collection; a rejected file changes
   nothing in the master;
3. two different files for one unit in one collection are a conflict (``Konflik``, neither is
   merged); a different file for a unit accepted earlier is a conflict too; the same file again
   is a ``Duplikat``; a file reaching into another unit's rows is rejected (:mod:`.ownership`),
   and so is one holding none of its unit's rows (its table cleared by mistake);
4. the rows of every accepted workbook are merged into the master (:mod:`.merge`); a file whose
   merge fails (a value no cell can hold, or anything unexpected) is rejected with its reason
   and the merge is made again without it, so the master never holds part of it; then the
   master is recomputed with the engine's own ``recompute``, and ``tblPengumpulan`` gets one row
   per file and one ``Belum Kembali`` row per unit that sent nothing.

Many files are read and checked in worker processes (each on its own, in the order given),
begun from the master's stamps and manifest before the master itself is read, so that both go on
at once (:mod:`.check_pool`); each file's package is opened once for all its checks
(:mod:`.file_check`), and a file byte for byte the workbook distributed (the SHA-256 the manifest
records for its unit) is not opened: it is what the distribution made and recorded. A file whose
every row hashes as sent has nothing to merge: its rows are not kept, and the merge only counts
the master's own changes to them. The master is read once and written once, atomically
(:mod:`.master_write`); its previous version is kept as ``NAME.sebelumnya.xlsx``. Rows removed
from the master are also written to the archive (JSON).
"""

from __future__ import annotations

import json
import math
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from lkjip_xl.core.problems import ribuan
from lkjip_xl.workbook.api import no_cyclic_gc
from lkjip_xl.workbook.below import take_rows_below
from lkjip_xl.workbook.contract import Template
from lkjip_xl.workbook.contract import template as template_named
from lkjip_xl.workbook.exchange import seal, stamp
from lkjip_xl.workbook.exchange.check_pool import CheckPool, workers_for
from lkjip_xl.workbook.exchange.codes import Kode, StatusKiriman
from lkjip_xl.workbook.exchange.file_check import Checks, check_file
from lkjip_xl.workbook.exchange.kiriman import Kiriman, refuse_failed
from lkjip_xl.workbook.exchange.manifest import Manifest, SentTable, load
from lkjip_xl.workbook.exchange.master_write import write_master
from lkjip_xl.workbook.exchange.merge import (
    MasterTable,
    UnitResult,
    add_rows,
    merge_unit,
    unchanged_unit,
    writable,
)
from lkjip_xl.workbook.exchange.ownership import foreign_rows
from lkjip_xl.workbook.exchange.package import ExchangeError
from lkjip_xl.workbook.exchange.records import (
    PENGUMPULAN,
    Baris,
    baris,
    read_pengumpulan,
)
from lkjip_xl.workbook.exchange.rows import read_rows
from lkjip_xl.workbook.exchange.snapshot import (
    changed,
    outside_record,
)
from lkjip_xl.workbook.exchange.split import SplitPlan, plan
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.ooxml.deflate import codec
from lkjip_xl.workbook.problems import Laporan, Masalah
from lkjip_xl.workbook.reader import StructureError, check_headers
from lkjip_xl.workbook.recompute import detect_template
from lkjip_xl.workbook.safe_write import (
    clean_stale_temps,
    fingerprint,
    refuse_if_open,
    workbook_lock,
)

Progress = Callable[[int, int, str], None]

ARCHIVE = "arsip"


@dataclass
class HasilPengumpulan:
    """What :func:`collect` did."""

    master: Path
    distribution: str
    manifest: Path
    kiriman: list[Kiriman]
    awaited: list[str]  # units that have sent nothing yet
    laporan: Laporan | None = None  # the master's recompute
    archive: Path | None = None
    removed_archive: Path | None = None

    def count(self, status: StatusKiriman) -> int:
        return sum(1 for k in self.kiriman if k.status is status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "induk": str(self.master),
            "distribusi": self.distribution,
            "manifest": str(self.manifest),
            "arsip": str(self.archive) if self.archive else None,
            "arsip_baris_dihapus": str(self.removed_archive) if self.removed_archive else None,
            "kiriman": [k.as_dict() for k in self.kiriman],
            "belum_kembali": self.awaited,
            "induk_dihitung_ulang": self.laporan.as_dict() if self.laporan else None,
        }


def _ignored_edits(item: Kiriman, outside: dict[str, Any], template: Template) -> None:
    """Tell, where the check of the file had come to, the inputs outside the unit's part that
    the file changed (they are not merged)."""
    if item.outside is None:
        return
    labels = changed(outside, item.outside, template)
    item.outside = None
    if labels:
        found = Masalah.of(Kode.IGNORED_EDITS, isian=", ".join(labels))
        item.masalah.insert(item.outside_at, found)


def _accepted_before(existing: list[Baris], record: Manifest) -> dict[str, list[Baris]]:
    """Per unit, the files accepted by earlier collections of this distribution."""
    found: dict[str, list[Baris]] = {}
    for row in existing:
        if row.distribution == record.id and row.status == StatusKiriman.DITERIMA.value:
            found.setdefault(row.unit, []).append(row)
    return found


def _merged_something(row: Baris) -> bool:
    return any(row.values.get(k) for k in ("diubah", "ditambah", "dihapus"))


def _named_as_another_unit(items: list[Kiriman], record: Manifest) -> None:
    """Tell a file named as another unit's workbook was sent: it is taken for the unit its seal
    proves, and the other unit, still awaited though a file of its name came, may have had its
    own file replaced by this one where they were saved."""
    sent_as = {u.file.casefold(): u.unit for u in record.units}
    came = {item.unit for item in items}
    for item in items:
        named = sent_as.get(item.name.casefold())
        if item.unit is not None and named is not None and named != item.unit:
            item.report(
                Kode.OTHER_UNITS_NAME, varian="tertukar" if named in came else None,
                nama_unit=named, unit=item.unit,
            )  # fmt: skip


def _decide(items: list[Kiriman], before: dict[str, list[Baris]]) -> dict[str, Kiriman]:
    """Statuses of checked files; the accepted file of each unit.

    A different file for a unit accepted earlier is a conflict, unless what was accepted merged
    nothing (the workbook as it was sent: the distribution folder collected by mistake, the
    attachment sent back unopened): that holds none of the unit's data, and would keep the
    unit's real return out for good."""
    by_unit: dict[str, list[Kiriman]] = {}
    for item in items:
        if item.rejected:
            item.status = StatusKiriman.DITOLAK
            continue
        assert item.unit is not None
        by_unit.setdefault(item.unit, []).append(item)
    accepted: dict[str, Kiriman] = {}
    for unit, group in by_unit.items():
        earlier = before.get(unit, [])
        seen = {str(r.values.get("sidik_jari_berkas") or ""): r for r in earlier}
        for item in group:
            if item.digest in seen:
                item.status = StatusKiriman.DUPLIKAT
                item.report(
                    Kode.DUPLICATE_FILE, varian="sudah-diterima",
                    berkas=seen[item.digest].values.get("berkas"),
                )  # fmt: skip
        group = [item for item in group if item.status is None]
        holding = [r for r in earlier if _merged_something(r)]
        if holding:
            for item in group:
                item.status = StatusKiriman.KONFLIK
                item.report(
                    Kode.ALREADY_ACCEPTED, unit=unit, berkas=holding[-1].values.get("berkas")
                )
            continue
        if not group:
            continue
        digests = {item.sha256 for item in group}
        if len(digests) == 1:
            group[0].status = StatusKiriman.DITERIMA
            accepted[unit] = group[0]
            for item in group[1:]:
                item.status = StatusKiriman.DUPLIKAT
                item.report(Kode.DUPLICATE_FILE, berkas=group[0].name)
            continue
        names = ", ".join(item.name for item in group)
        for item in group:
            item.status = StatusKiriman.KONFLIK
            item.report(Kode.CONFLICT_FILES, jumlah=len(group), unit=unit, berkas=names)
    return accepted


def _refuse_foreign(accepted: dict[str, Kiriman], record: Manifest, split: SplitPlan,
                    masters: dict[str, MasterTable]) -> None:  # fmt: skip
    """Refuse, before anything is merged, every file that reaches into another unit's rows."""
    in_master = masters[split.primary.name].keys_in_use
    returned = {unit: item.tables for unit, item in accepted.items() if not item.as_sent}
    as_sent = frozenset(unit for unit, item in accepted.items() if item.as_sent)
    for unit, problems in foreign_rows(returned, record, split, in_master, as_sent).items():
        item = accepted.pop(unit)
        item.masalah.extend(problems)
        item.status = StatusKiriman.DITOLAK


def _refuse_emptied(accepted: dict[str, Kiriman], record: Manifest, split: SplitPlan) -> None:
    """Refuse, before anything is merged, every file that holds none of its unit's rows.

    A table cleared by mistake (select all, Delete, save, send) would otherwise remove the whole
    unit from the master, each row a mere warning. A file is kept only when every row it dropped
    is held by another file of this collection (the unit's people all moved, as the README tells
    a move); a unit that truly has no rows left is emptied in the master itself."""
    name = split.primary.name
    held: set[tuple[str, ...]] = set()
    for item in accepted.values():
        rows = item.tables.get(name)
        if rows is not None:
            held.update(r.identity for r in rows.rows)
    for unit in list(accepted):
        item = accepted[unit]
        rows = item.tables.get(name)
        sent = record.unit(unit)
        table = sent.tables.get(name) if sent is not None else None
        if item.as_sent or rows is None or rows.rows or table is None or not table.rows:
            continue
        if all(identity in held for identity in table.identities()):
            continue
        accepted.pop(unit)
        item.report(
            Kode.UNIT_EMPTIED, sheet=rows.data.sheet, table=name, jumlah=ribuan(table.rows),
            unit=unit, tabel=name,
        )  # fmt: skip
        item.status = StatusKiriman.DITOLAK


# --- writing the master ------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, float) and not math.isfinite(value):
        # No cell holds NaN or infinity (the file said 1e400, say), and JSON has neither:
        # Python would write Infinity, which strict readers refuse, file and all.
        return None
    return value


def _archive_removed(archive: Path, manifest: Manifest, masters: dict[str, MasterTable],
                     now: datetime) -> Path | None:  # fmt: skip
    records = []
    for name, master in masters.items():
        data = master.rows.data
        for index, unit in sorted(master.removed.items()):
            row = data.rows[index]
            values = {h: _json_value(row[j] if j < len(row) else None)
                      for j, h in enumerate(data.headers)}  # fmt: skip
            records.append({"unit": unit, "tabel": name, "baris_induk": data.excel_row(index),
                            "nilai": values})  # fmt: skip
    if not records:
        return None
    path = archive / f"dihapus-{manifest.id}-{now:%Y%m%d-%H%M%S}.json"
    payload = {"distribusi": manifest.id, "waktu": now.isoformat(), "baris": records}
    text = json.dumps(payload, ensure_ascii=False, indent=1, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _pengumpulan_rows(
    existing: list[Baris], manifest: Manifest, items: list[Kiriman], split: SplitPlan
) -> tuple[list[Baris], list[str]]:
    other = [r for r in existing if r.distribution != manifest.id]
    mine = [r for r in existing if r.distribution == manifest.id]
    mine = [r for r in mine if r.status != StatusKiriman.BELUM_KEMBALI.value]
    new = []
    for item in items:
        assert item.status is not None
        new.append(
            baris(
                manifest.id, item.unit, item.name, item.status, when=item.received,
                rows=item.rows, changed=item.changed, added=item.added, removed=item.removed,
                masalah=item.masalah, digest=item.digest or None,
            )
        )  # fmt: skip
    rows: list[Baris] = []
    awaited: list[str] = []
    for sent in manifest.units:
        theirs = [r for r in mine + new if r.unit == sent.unit]
        if not theirs:
            awaited.append(sent.unit)
            table = sent.tables.get(split.primary.name)
            theirs = [
                baris(manifest.id, sent.unit, sent.file, StatusKiriman.BELUM_KEMBALI,
                      rows=table.rows if table else None)
            ]  # fmt: skip
        rows.extend(theirs)
    known = {u.unit for u in manifest.units}
    rows.extend(r for r in mine + new if r.unit not in known)
    return other + rows, awaited


def refuse_open(master: Path) -> None:
    """A master open in Excel is not written: say so before any work is done."""
    refuse_if_open(master)


def _manifest_path(master: Path, stamps: dict[str, str], given: Path | None) -> Path:
    if given is not None:
        return Path(given)
    relative = stamps.get(stamp.MANIFEST_DISTRIBUSI)
    if not relative:
        raise ExchangeError(
            f"{master.name} belum pernah dibagikan (tidak ada cap {stamp.MANIFEST_DISTRIBUSI}); "
            "sebutkan manifest distribusinya dengan --manifest."
        )
    return master.resolve().parent / relative


Known = tuple[Path, Manifest, dict[str, str]]  # the manifest's path, the manifest, the stamps


def _manifest_of(master: Path, given: Path | None) -> Known:
    """The manifest the master's stamps (or ``given``) name, with its seal key."""
    stamps = stamp.read_stamps(master)
    manifest_path = _manifest_path(master, stamps, given)
    record = load(manifest_path)
    seal.load_key(master, record)
    return manifest_path, record, stamps


def _distribution(
    master: Path, book: FileBook, template: Template, given: Path | None, known: Known | None
) -> tuple[Path, Manifest]:
    """The manifest of the master's latest distribution (``known`` when already read), checked
    against the master."""
    if PENGUMPULAN not in book.table_names():
        raise StructureError(
            f"{master.name} tidak memiliki lembar Pengumpulan (tabel {PENGUMPULAN}); buku "
            "kerja ini bukan induk dari sebuah distribusi."
        )
    manifest_path, record, stamps = known or _manifest_of(master, given)
    if record.template != template.name:
        raise ExchangeError(
            f"Manifest {manifest_path.name} untuk templat {record.template}, sedangkan "
            f"{master.name} memakai templat {template.name}."
        )
    latest = stamps.get(stamp.DISTRIBUSI_ID)
    if latest is not None and latest != record.id:
        raise ExchangeError(
            f"Manifest {manifest_path.name} mencatat distribusi {record.id}, sedangkan "
            f"distribusi terakhir {master.name} adalah {latest}."
        )
    return manifest_path, record


def _merge(accepted: dict[str, Kiriman], record: Manifest, masters: dict[str, MasterTable],
           split: SplitPlan, apply_removals: bool) -> dict[str, MasterTable]:  # fmt: skip
    """Merge the rows of every accepted file into ``masters``; removals before additions.

    A file whose merge fails, whatever the failure, is rejected with its reason, and the merge
    is made again without it from the master's rows as read: the master never holds part of a
    rejected file (another file's addition may rest on its removal). Returns the merged tables.
    """
    while True:
        failed = _merge_all(accepted, record, masters, split, apply_removals)
        if failed is None:
            return masters
        unit, exc = failed
        item = accepted.pop(unit)
        item.status = StatusKiriman.DITOLAK
        refuse_failed(item, exc, merging=True)
        masters = {name: MasterTable(table.rows) for name, table in masters.items()}


def _merge_all(accepted: dict[str, Kiriman], record: Manifest, masters: dict[str, MasterTable],
               split: SplitPlan, apply_removals: bool) -> tuple[str, Exception] | None:  # fmt: skip
    """One merge of every accepted file; the unit of the first file that fails, and why."""
    results: dict[str, UnitResult] = {}
    for sent in record.units:
        item = accepted.get(sent.unit)
        if item is None:
            continue
        try:
            if item.as_sent:
                results[sent.unit] = unchanged_unit(sent, masters, split)
                continue
            writable(sent, item.tables)
            results[sent.unit] = merge_unit(sent, item.tables, masters, split, apply_removals)
        except Exception as exc:  # one file's failure never stops the others
            return sent.unit, exc
    for sent in record.units:
        if sent.unit in results:
            try:
                add_rows(sent.unit, split, results[sent.unit])
            except Exception as exc:
                return sent.unit, exc
    for unit, result in results.items():
        item = accepted[unit]
        item.changed, item.added, item.removed = result.changed, result.added, result.removed
        if result.master_edited:
            item.report(Kode.MASTER_EDITED, jumlah=result.master_edited)
        item.masalah.extend(result.masalah)
    return None


def _checks_for(master: Path, record: Manifest) -> Checks:
    """What the files are checked against; the archive folder made."""
    archive = master.resolve().parent / ARCHIVE
    archive.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(archive)  # once: the files are archived without a sweep each
    now = datetime.now().replace(microsecond=0)
    return Checks(archive, now, record, record.template, record.per.get("kolom"))


def _begin_checks(
    master: Path, given: Path | None, paths: list[Path]
) -> tuple[Known, CheckPool, Checks] | None:
    """Many files: their checks begun in worker processes before the master is read, from its
    stamps and manifest alone (the master is then read while they run, and checked against the
    manifest as always). None when there are few files, or when the stamps do not name this
    manifest as the latest distribution: the master's reading then says what is wrong, before
    any file is looked at."""
    if workers_for(len(paths)) <= 1:
        return None
    try:
        known = _manifest_of(master, given)
        template_named(known[1].template)
    except Exception:  # said by the master's own reading, in its place
        return None
    latest = known[2].get(stamp.DISTRIBUSI_ID)
    if latest is not None and latest != known[1].id:
        return None
    checks = _checks_for(master, known[1])
    return known, CheckPool(check_file, checks, paths), checks


def collect(
    master: str | os.PathLike[str],
    files: Sequence[str | os.PathLike[str]],
    *,
    manifest: str | os.PathLike[str] | None = None,
    apply_removals: bool = True,
    progress: Progress | None = None,
) -> HasilPengumpulan:
    """Check ``files`` against the master's distribution, merge the accepted ones, recompute."""
    master = Path(master)
    refuse_open(master)
    # Held for the whole run: a second collect (or a recompute) of this master waits until
    # this one has written, then reads what it wrote.
    with workbook_lock(master), no_cyclic_gc():
        read_version = fingerprint(master)
        given = Path(manifest) if manifest else None
        paths = [Path(f) for f in files]
        early = _begin_checks(master, given, paths)
        pool = early[1] if early else None
        try:
            # Whether the roster's sheet holds a formula is told while it is read (the write
            # rewrites whole columns only when it holds none).
            book = FileBook(master, formulas=True)
            template = detect_template(book)
            known = early[0] if early else None
            manifest_path, record = _distribution(master, book, template, given, known)
            split = plan(template, record.per.get("kolom"))
            # The workers hold their own copy of the manifest (given when they started).
            aside = _set_aside_rows_sent(record) if pool is not None else None
            # Rows the master's users typed right under a distributed table are the master's
            # rows, as a recompute takes them: their keys are in use, and rows a unit adds go
            # after them, never over them.
            below = take_rows_below(book, template, {t.name for t in split.tables})
            for found in below:
                book.extend_table(found.table)
            masters: dict[str, MasterTable] = {}
            for spec in split.tables:
                data = book.read_table(spec.name)
                check_headers(spec, data)
                masters[spec.name] = MasterTable(read_rows(spec, data, lean=True))
            outside = outside_record(book, template, {t.name for t in split.tables})
            existing = read_pengumpulan(book, template)
            if aside is not None:
                _take_back_rows_sent(record, aside)
            checks = early[2] if early else _checks_for(master, record)
            pool = pool or CheckPool(check_file, checks, paths)
            total = len(files) + 2
            items = pool.results(progress, total)
        finally:
            if pool is not None:  # a failure reading the master: the files' checks stopped
                pool.close()
        for item in items:
            _ignored_edits(item, outside, template)
        _named_as_another_unit(items, record)
        before = _accepted_before(existing, record)
        archive, now = checks.archive, checks.now

        if progress:
            progress(len(files), total, "Menggabungkan")
        accepted = _decide(items, before)
        _refuse_foreign(accepted, record, split, masters)
        _refuse_emptied(accepted, record, split)
        masters = _merge(accepted, record, masters, split, apply_removals)
        for item in items:  # merged: the returned rows are not held through the recompute
            item.tables.clear()
        for table in masters.values():  # nor the master's rows as read
            table.release_rows()
        _let_go_of_rows_sent(record)
        rows, awaited = _pengumpulan_rows(existing, record, items, split)

        if progress:
            progress(len(files) + 1, total, "Menghitung ulang induk")
        removed_archive = _archive_removed(archive, record, masters, now)
        summary = _summary(items, awaited, record)
        laporan = write_master(master, book, template, masters, rows, items, summary, read_version)
        hasil = HasilPengumpulan(
            master, record.id, manifest_path, items, awaited, laporan, archive, removed_archive
        )
        try:
            for note in (found.note() for found in below):
                if note not in laporan.catatan:  # the recompute of a patched copy may have said it
                    laporan.catatan.append(note)
            if progress:
                progress(total, total, "Selesai")
        except KeyboardInterrupt:
            raise SavedThenInterrupted(hasil) from None
    return hasil


class SavedThenInterrupted(KeyboardInterrupt):
    """Ctrl+C once the master was written: the collection is done and recorded in it (a run
    again would find every file a ``Duplikat``), so its result is carried to be told."""

    def __init__(self, hasil: HasilPengumpulan) -> None:
        super().__init__()
        self.hasil = hasil


def _set_aside_rows_sent(record: Manifest) -> list[dict[str, tuple[int, bytes, bytes | None]]]:
    """The rows sent to every unit (their hashes and keys: ~400,000 small objects for a
    roster), held as a few compressed texts per table while the master is read: only the
    workers check files with them meanwhile. The objects sat among those of the master's
    table, whose reading is collect's peak (~25 MiB higher with them). Texts, not a pickle
    of the objects: made and read back in a fifth of the time; compressed by the large
    parts' codec, ~1.5 MB at 100,000 rows (bytes held on top of the memory a process keeps
    for Python's objects, after a distribute in the same process)."""
    aside = []
    for sent in record.units:
        aside.append({name: _packed(table) for name, table in sent.tables.items()})
        sent.tables = {}
    return aside


#: What separates the texts of a table set aside (one that holds it is pickled instead).
_SEPARATOR = "\n"


def _joined(texts: list[Any]) -> bytes | None:
    """``texts`` as one compressed text, or None when one is no text or holds the separator."""
    if not texts or not all(type(t) is str for t in texts):
        return None
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:
        return None
    return codec().compress(joined.encode("utf-8", "surrogatepass"), 1)


def _split(packed: bytes) -> list[str]:
    return codec().decompress(packed).decode("utf-8", "surrogatepass").split(_SEPARATOR)


def _packed(table: SentTable) -> tuple[int, bytes, bytes | None]:
    """A table sent: its row count, its hashes (marked b"h" when joined, b"p" pickled), its
    keys (one text per row when each is one text; else pickled; None without keys)."""
    hashes = _joined(table.hashes)
    packed_hashes = b"h" + hashes if hashes is not None else b"p" + pickle.dumps(table.hashes)
    if table.keys is None:
        return table.rows, packed_hashes, None
    keys = _joined([k[0] if type(k) is list and len(k) == 1 else None for k in table.keys])
    packed_keys = b"h" + keys if keys is not None else b"p" + pickle.dumps(table.keys)
    return table.rows, packed_hashes, packed_keys


def _unpacked(rows: int, hashes: bytes, keys: bytes | None) -> SentTable:
    back = _split(hashes[1:]) if hashes[:1] == b"h" else pickle.loads(hashes[1:])
    if keys is None:
        return SentTable(rows, back)
    if keys[:1] == b"h":
        return SentTable(rows, back, [[k] for k in _split(keys[1:])])
    return SentTable(rows, back, pickle.loads(keys[1:]))


def _take_back_rows_sent(
    record: Manifest, aside: list[dict[str, tuple[int, bytes, bytes | None]]]
) -> None:
    """The rows sent, as :func:`_set_aside_rows_sent` held them."""
    for sent, tables in zip(record.units, aside, strict=True):
        sent.tables = {name: _unpacked(*packed) for name, packed in tables.items()}


def _let_go_of_rows_sent(record: Manifest) -> None:
    """Once merged, the hashes, keys and identities of every row sent (~35 MB of small objects
    for a roster) are not held through the recompute and the write: only how many rows each
    unit was sent is asked for again (the ``Pengumpulan`` rows)."""
    for sent in record.units:
        sent.tables = {name: SentTable(table.rows, []) for name, table in sent.tables.items()}


def _summary(items: list[Kiriman], awaited: list[str], manifest: Manifest) -> str:
    counts = {s: sum(1 for k in items if k.status is s) for s in StatusKiriman}
    parts = [f"{ribuan(len(items))} berkas untuk distribusi {manifest.id}"]
    for status in (
        StatusKiriman.DITERIMA,
        StatusKiriman.DITOLAK,
        StatusKiriman.KONFLIK,
        StatusKiriman.DUPLIKAT,
    ):
        if counts[status]:
            parts.append(f"{ribuan(counts[status])} {status.value.lower()}")
    parts.append(f"{ribuan(len(awaited))} unit belum kembali")
    return "; ".join(parts) + "."
