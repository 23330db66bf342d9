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
   is a ``Duplikat``; a file reaching into another unit's rows is rejected (:mod:`.ownership`);
4. the rows of every accepted workbook are merged into the master (:mod:`.merge`); a file whose
   merge fails (a value no cell can hold, or anything unexpected) is rejected with its reason
   and the merge is made again without it, so the master never holds part of it; then the
   master is recomputed with the engine's own ``recompute``, and ``tblPengumpulan`` gets one row
   per file and one ``Belum Kembali`` row per unit that sent nothing.

Many files are read and checked in worker processes (each on its own, in the order given),
begun from the master's stamps and manifest before the master itself is read, so that both go on
at once (:mod:`.check_pool`); each file's package is opened once for all its checks. A file whose
every row hashes as sent has nothing to merge: its rows are not kept, and the merge only counts
the master's own changes to them. The master is read once and written once, atomically
(:mod:`.master_write`); its previous version is kept as ``NAME.sebelumnya.xlsx``. Rows removed
from the master are also written to the archive (JSON).
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from lkjip_xl.core.problems import Area
from lkjip_xl.workbook.api import no_cyclic_gc
from lkjip_xl.workbook.below import take_rows_below
from lkjip_xl.workbook.book import TableData
from lkjip_xl.workbook.contract import Table, Template
from lkjip_xl.workbook.contract import template as template_named
from lkjip_xl.workbook.exchange import seal, stamp
from lkjip_xl.workbook.exchange.check_pool import CheckPool, workers_for
from lkjip_xl.workbook.exchange.codes import Kode, StatusKiriman
from lkjip_xl.workbook.exchange.kiriman import Kiriman, receive, refuse_failed, safe_package
from lkjip_xl.workbook.exchange.manifest import Manifest, SentUnit, load
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
from lkjip_xl.workbook.exchange.rows import non_finite, read_rows
from lkjip_xl.workbook.exchange.snapshot import (
    changed,
    outside_record,
    record_fingerprint,
    settings_record,
)
from lkjip_xl.workbook.exchange.split import SplitPlan, plan
from lkjip_xl.workbook.file_book import FileBook, WorkbookError
from lkjip_xl.workbook.ooxml.sheet_data import CELL_ELEMENT, CELL_R_ATTR, FORMULA_START
from lkjip_xl.workbook.patcher import Package
from lkjip_xl.workbook.problems import Laporan, Masalah, Tingkat
from lkjip_xl.workbook.reader import StructureError, check_headers
from lkjip_xl.workbook.reader import read_table as read_input_table
from lkjip_xl.workbook.recompute import TINDAKAN_HITUNG, check, detect_template
from lkjip_xl.workbook.safe_write import (
    fingerprint,
    refuse_if_open,
    workbook_lock,
)

Progress = Callable[[int, int, str], None]

ARCHIVE = "arsip"
INPUT_PROBLEMS_SHOWN = 3


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


def _inspect(item: Kiriman, package: Package, manifest: Manifest, template: Template,
             split: SplitPlan) -> None:  # fmt: skip
    """Run every check on a received file (``package``: its archived copy, opened); fill its
    unit, tables and problems (a change of its inputs outside its part is told by
    :func:`_ignored_edits`, against the master)."""
    book = _identify(item, package, manifest, template)
    if book is None:
        return
    assert item.unit is not None  # _identify returns a book only for a unit of the manifest
    item.masalah.extend(book.reading_problems())  # data far outside the tables: not taken in
    _check_as_sent(item, book, manifest, template)
    _read_tables(item, book, package, split)
    primary = item.tables.get(split.primary.name)
    item.rows = len(primary.rows) if primary is not None else None
    if item.rejected:
        return
    if manifest.deadline and item.received.date() > date.fromisoformat(manifest.deadline):
        item.report(Kode.LATE, batas_waktu=manifest.deadline)
    try:
        item.outside = outside_record(book, template, {t.name for t in split.tables})
        item.outside_at = len(item.masalah)
    except (StructureError, WorkbookError):
        item.outside = None  # unreadable there: nothing to tell
    sent = manifest.unit(item.unit)
    if sent is not None:
        _refuse_non_finite(item, sent)
    if sent is not None and _edited(item, sent):
        _input_problems(item, book, split)
        _check_stale(item, book, sent)


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


def _refuse_non_finite(item: Kiriman, sent: SentUnit) -> None:
    """A changed row storing NaN or infinity cannot be written into the master as typed, nor be
    left out silently: the whole file is refused (the others of the run go on). A row as sent
    is the master's own and left to its check."""
    for name, rows in item.tables.items():
        table = sent.tables.get(name)
        cell = non_finite(rows, frozenset(table.hashes) if table else frozenset())
        if cell is not None:
            raise ExchangeError(
                f"sel {rows.data.sheet}!{cell} menyimpan nilai tak hingga atau bukan angka "
                "(NaN/INF) yang tidak dapat disimpan di induk; minta unit mengetik ulang angkanya"
            )


def _edited(item: Kiriman, sent: SentUnit) -> bool:
    """Whether the file's rows differ from the rows sent (a file as sent holds nothing new)."""
    return any(
        [r.hash for r in item.tables[name].rows] != table.hashes
        for name, table in sent.tables.items()
        if name in item.tables
    )


def _drop_as_sent(item: Kiriman, manifest: Manifest, split: SplitPlan) -> None:
    """A file whose every table holds exactly the rows sent (same hashes, same order, no key
    twice) has nothing to merge: its rows are let go (not sent back from a worker process, nor
    held through the merge), and the merge counts only the master's changes to them."""
    sent = manifest.unit(item.unit) if item.unit and not item.rejected else None
    if sent is None:
        return
    for spec in split.tables:
        rows = item.tables.get(spec.name)
        table = sent.tables.get(spec.name)
        if rows is None or [r.hash for r in rows.rows] != (table.hashes if table else []):
            return
        keys = [r.identity for r in rows.rows if r.key is not None]
        if len(set(keys)) != len(keys):
            return  # the merge names a key twice
    item.tables = {}
    item.as_sent = True


def _input_problems(item: Kiriman, book: FileBook, split: SplitPlan) -> None:
    """The values of the unit's rows that cannot be used (text in a number column, say): their
    count and the first few, with their cells, as a later check of the master would say them.
    Only the values are read (the reader's own parsing), not the whole computation, and only in
    a file whose rows differ from those sent (the others are the master's own values)."""
    found: list[Masalah] = []
    for spec in split.tables:
        try:
            table = read_input_table(book, spec)
        except (StructureError, WorkbookError):
            continue  # already reported as a missing table or column
        found += [m for m in table.masalah if m.code.area is Area.NILAI]
    if not found:
        return
    shown = "; ".join(f"{m.place}: {m.message.rstrip('.')}" for m in found[:INPUT_PROBLEMS_SHOWN])
    if len(found) > INPUT_PROBLEMS_SHOWN:
        shown += f"; dan {len(found) - INPUT_PROBLEMS_SHOWN} lainnya"
    first = found[0]
    item.report(
        Kode.INPUT_PROBLEMS, sheet=first.sheet, cell=first.cell, table=first.table,
        jumlah=len(found), contoh=shown,
    )  # fmt: skip


def _identify(item: Kiriman, package: Package, manifest: Manifest,
              template: Template) -> FileBook | None:  # fmt: skip
    """The workbook of a received file, when it is this distribution's for one of its units."""
    assert item.archived is not None
    try:
        book = FileBook(item.archived)
        found = detect_template(book)
    except WorkbookError as exc:
        item.report(Kode.UNREADABLE, varian="buku-kerja", berkas=item.name, alasan=str(exc))
        return None
    except StructureError as exc:
        item.report(Kode.NOT_TEMPLATE, alasan=str(exc))
        return None
    if found.name != template.name:
        item.report(Kode.WRONG_TEMPLATE, templat=found.name, templat_induk=template.name)
        return None
    try:
        stamps = stamp.stamps_in(package.read(package.workbook))
    except Exception as exc:  # a defined name list that cannot be parsed safely
        item.report(Kode.UNREADABLE, varian="nama", alasan=exc)
        return None
    distribution = stamps.get(stamp.DISTRIBUSI_ID)
    if distribution is None:
        item.report(Kode.NO_STAMP)
        return None
    if distribution != manifest.id:
        item.report(Kode.OTHER_DISTRIBUTION, distribusi=distribution, distribusi_induk=manifest.id)
        return None
    claimed = stamps.get(stamp.UNIT_DISTRIBUSI)
    sent = manifest.unit(claimed) if claimed else None
    if sent is None:
        item.report(Kode.UNKNOWN_UNIT, unit=claimed or "(kosong)", distribusi=manifest.id)
        return None
    found_seal = stamps.get(stamp.SEGEL_DISTRIBUSI)
    if not seal.holds(manifest, sent, found_seal):
        # The unit is not proven: the file is no unit's, and the claimed one is still awaited.
        item.report(Kode.SEAL_INVALID, varian=None if found_seal else "tanpa-segel", unit=claimed)
        return None
    item.unit = claimed
    expected = {
        stamp.SIDIK_JARI_MASTER: manifest.master_fingerprint,
        stamp.SIDIK_JARI_PENGATURAN: manifest.settings_fingerprint,
        stamp.BATAS_WAKTU: manifest.deadline,
    }
    for name, value in expected.items():
        if stamps.get(name) != value:
            item.report(
                Kode.STAMP_CHANGED, nama=name, nilai=stamps.get(name) or "kosong",
                dikirim=value or "kosong",
            )  # fmt: skip
    return book


def _check_as_sent(item: Kiriman, book: FileBook, manifest: Manifest, template: Template) -> None:
    """The template version and the settings are the ones the unit was sent."""
    version = book.read_name("Versi_Template")
    if str(version or "").strip() != manifest.template_version:
        # Not the check's warning: a returned workbook of another version is rejected.
        item.report(
            Kode.TEMPLATE_VERSION, tingkat=Tingkat.GALAT, varian="kiriman", sheet="Identitas",
            versi=version or "(kosong)", dikirim=manifest.template_version,
        )  # fmt: skip
    try:
        settings = settings_record(book, template)
    except (StructureError, WorkbookError) as exc:
        item.report(Kode.STRUCTURE, sheet="Pengaturan", alasan=str(exc))
        settings = None
    if settings is not None and record_fingerprint(settings) != manifest.settings_fingerprint:
        labels = changed(manifest.settings, settings, template)
        item.report(Kode.SETTINGS_CHANGED, sheet="Pengaturan", isian=", ".join(labels))


def _read_tables(item: Kiriman, book: FileBook, package: Package, split: SplitPlan) -> None:
    """The distributed tables of the file, with their formulas and extra columns reported.

    Rows typed right under a table (LibreOffice does not grow a table) are taken into it, as a
    recompute does, and said."""
    mine = {t.name for t in split.tables}
    for below in take_rows_below(book, split.template):
        if below.table.name in mine:
            item.report(
                Kode.ROWS_BELOW_TABLE, varian="dimasukkan", sheet=below.table.sheet,
                cell=below.cells, table=below.table.name, jumlah=below.count,
                tabel=below.table.name,
                baris=str(below.first) if below.first == below.last
                else f"{below.first}–{below.last}",
            )  # fmt: skip
    for spec in split.tables:
        try:
            data = book.read_table(spec.name)
            check_headers(spec, data)
        except (StructureError, WorkbookError) as exc:
            item.report(Kode.STRUCTURE, sheet=spec.sheet, table=spec.name, alasan=str(exc))
            continue
        item.tables[spec.name] = read_rows(spec, data)
        _formulas(item, book, package, spec, data)
        extra = [h for h in data.headers if h not in spec.headers]
        if extra:
            item.report(
                Kode.EXTRA_COLUMN, sheet=data.sheet, table=spec.name, kolom=", ".join(extra),
                tabel=spec.name,
            )  # fmt: skip


def _formulas(item: Kiriman, book: FileBook, package: Package, spec: Table,
              data: TableData) -> None:  # fmt: skip
    """A formula in an input cell is not trusted: its last value is merged, and that is said."""
    xml = book.sheet_xml(data.sheet)
    if xml is None:
        xml = package.read(package.sheet_part(data.sheet))
    if not FORMULA_START.search(xml):
        return
    inputs = {data.column_letter(c.name) for c in spec.input_columns}
    first, last = data.excel_row(0), data.excel_row(len(data.rows) - 1)
    cells = []
    for m in CELL_ELEMENT.finditer(xml):
        ref = CELL_R_ATTR.search(xml, m.start(1) - 1, m.end(1))
        if not (ref and m.group(2) and FORMULA_START.search(m.group(2))):
            continue
        letters, row = ref.group(1).decode(), int(ref.group(2))
        if letters in inputs and first <= row <= last:
            cells.append(f"{letters}{row}")
    if cells:
        shown = ", ".join(cells[:5]) + (f" dan {len(cells) - 5} sel lain" if len(cells) > 5 else "")
        item.report(Kode.FORMULA_INPUT, sheet=data.sheet, cell=cells[0], table=spec.name, sel=shown)


def _last_recompute(book: FileBook) -> str | None:
    """The input fingerprint of the last ``Hitung Ulang`` in the workbook's Log."""
    log = book.read_table("tblLog")
    action = log.column_index("Tindakan")
    stamp_at = log.column_index("Sidik Jari Masukan")
    if action is None or stamp_at is None:
        return None
    for row in reversed(log.rows):
        if len(row) > max(action, stamp_at) and row[action] == TINDAKAN_HITUNG:
            return None if row[stamp_at] is None else str(row[stamp_at])
    return None


def _check_stale(item: Kiriman, book: FileBook, sent: SentUnit) -> None:
    """Results older than the inputs: the unit changed its rows (the caller checked) but did not
    recompute after.

    Cheap: a workbook whose last recompute is still the one made when it was sent is stale; only
    one recomputed since is checked in full.
    """
    try:
        last = _last_recompute(book)
        stale = last is None or last == sent.fingerprint
        if not stale:
            codes = {m.code for m in check(book).masalah}
            stale = bool(codes & {Kode.STALE_RESULTS, Kode.NEVER_COMPUTED})
    except (StructureError, WorkbookError, KeyError, ValueError):
        return
    if stale:
        item.report(Kode.STALE_RESULTS, varian="kiriman", sheet="Log")


@dataclass
class _Checks:
    """What every received file is checked against (sent once to each worker process)."""

    archive: Path
    now: datetime
    record: Manifest
    template: str
    per: str | None


def _check_file(checks: _Checks, path: Path) -> Kiriman:
    """Receive, archive and check one file; any failure rejects that file only."""
    item = Kiriman(path, checks.now)
    try:
        item = receive(path, checks.archive, checks.now)
        if item.rejected:
            return item
        assert item.archived is not None
        # One opening of the package for every check: its safety, stamps, formulas.
        with zipfile.ZipFile(item.archived) as archive:
            package = safe_package(item, archive)
            if package is not None:
                template = template_named(checks.template)
                split = plan(template, checks.per)
                _inspect(item, package, checks.record, template, split)
                _drop_as_sent(item, checks.record, split)
    except Exception as exc:  # one bad file never stops the collection
        refuse_failed(item, exc)
    return item


def _decide(items: list[Kiriman], before: dict[str, Baris]) -> dict[str, Kiriman]:
    """Statuses of checked files; the accepted file of each unit."""
    by_unit: dict[str, list[Kiriman]] = {}
    for item in items:
        if item.rejected:
            item.status = StatusKiriman.DITOLAK
            continue
        assert item.unit is not None
        by_unit.setdefault(item.unit, []).append(item)
    accepted: dict[str, Kiriman] = {}
    for unit, group in by_unit.items():
        earlier = before.get(unit)
        if earlier is not None:
            for item in group:
                if item.digest == str(earlier.values.get("sidik_jari_berkas") or ""):
                    item.status = StatusKiriman.DUPLIKAT
                    item.report(
                        Kode.DUPLICATE_FILE, varian="sudah-diterima",
                        berkas=earlier.values.get("berkas"),
                    )  # fmt: skip
                else:
                    item.status = StatusKiriman.KONFLIK
                    item.report(
                        Kode.ALREADY_ACCEPTED, unit=unit, berkas=earlier.values.get("berkas")
                    )
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


# --- writing the master ------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, float) and value != value:
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
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
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


def _checks_for(master: Path, record: Manifest) -> _Checks:
    """What the files are checked against; the archive folder made."""
    archive = master.resolve().parent / ARCHIVE
    archive.mkdir(parents=True, exist_ok=True)
    now = datetime.now().replace(microsecond=0)
    return _Checks(archive, now, record, record.template, record.per.get("kolom"))


def _begin_checks(
    master: Path, given: Path | None, paths: list[Path]
) -> tuple[Known, CheckPool, _Checks] | None:
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
    return known, CheckPool(_check_file, checks, paths), checks


def collect(
    master: str | os.PathLike[str],
    files: list[str | os.PathLike[str]],
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
            book = FileBook(master)
            template = detect_template(book)
            known = early[0] if early else None
            manifest_path, record = _distribution(master, book, template, given, known)
            split = plan(template, record.per.get("kolom"))
            masters: dict[str, MasterTable] = {}
            for spec in split.tables:
                data = book.read_table(spec.name)
                check_headers(spec, data)
                masters[spec.name] = MasterTable(read_rows(spec, data))
            outside = outside_record(book, template, {t.name for t in split.tables})
            existing = read_pengumpulan(book, template)
            checks = early[2] if early else _checks_for(master, record)
            pool = pool or CheckPool(_check_file, checks, paths)
            total = len(files) + 2
            items = pool.results(progress, total)
        finally:
            if pool is not None:  # a failure reading the master: the files' checks stopped
                pool.close()
        for item in items:
            _ignored_edits(item, outside, template)
        before = {
            r.unit: r
            for r in existing
            if r.distribution == record.id and r.status == StatusKiriman.DITERIMA.value
        }
        archive, now = checks.archive, checks.now

        if progress:
            progress(len(files), total, "Menggabungkan")
        accepted = _decide(items, before)
        _refuse_foreign(accepted, record, split, masters)
        masters = _merge(accepted, record, masters, split, apply_removals)
        for item in items:  # merged: the returned rows are not held through the recompute
            item.tables.clear()
        for table in masters.values():  # nor the master's rows as read
            table.release_rows()
        rows, awaited = _pengumpulan_rows(existing, record, items, split)

        if progress:
            progress(len(files) + 1, total, "Menghitung ulang induk")
        removed_archive = _archive_removed(archive, record, masters, now)
        summary = _summary(items, awaited, record)
        laporan = write_master(master, book, template, masters, rows, items, summary, read_version)
        if progress:
            progress(total, total, "Selesai")
    return HasilPengumpulan(
        master, record.id, manifest_path, items, awaited, laporan, archive, removed_archive
    )


def _summary(items: list[Kiriman], awaited: list[str], manifest: Manifest) -> str:
    counts = {s: sum(1 for k in items if k.status is s) for s in StatusKiriman}
    parts = [f"{len(items)} berkas untuk distribusi {manifest.id}"]
    for status in (
        StatusKiriman.DITERIMA,
        StatusKiriman.DITOLAK,
        StatusKiriman.KONFLIK,
        StatusKiriman.DUPLIKAT,
    ):
        if counts[status]:
            parts.append(f"{counts[status]} {status.value.lower()}")
    parts.append(f"{len(awaited)} unit belum kembali")
    return "; ".join(parts) + "."
