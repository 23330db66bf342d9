"""``distribute``: one workbook per unit, holding only that unit's rows, stamped and recorded.

Each unit's workbook is cut from the master's own package (so it keeps everything the master
has: formatting, validations, comments, charts, VBA): the distributed tables keep only the unit's
rows (their XML as in the master, renumbered) and some blank rows to add to; the ``Pengaturan``
sheet is locked and protected; the stamps are set; ``tblPengumpulan`` is emptied; a ``Log`` row
says where the workbook comes from; then the engine's own ``recompute`` makes the unit's results
and ``Rekap`` / ``Ringkasan`` its own. A manifest in the output folder records every row sent
(key and hash); the master gets its stamps, a ``Belum Kembali`` row per unit in
``tblPengumpulan`` and a ``Log`` row (its inputs are not touched; its previous version is kept),
written without reading the distributed tables' sheets again (:mod:`.hollow`).

Speed: the units are made in worker processes, each sent its unit's rows only; for a large
master they are forked before it is read, so that none is a copy of a process holding it.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from lkjip_xl.workbook.api import no_cyclic_gc
from lkjip_xl.workbook.contract import SheetKind, Template
from lkjip_xl.workbook.contract import template as template_named
from lkjip_xl.workbook.exchange import names as unit_names
from lkjip_xl.workbook.exchange import stamp
from lkjip_xl.workbook.exchange.codes import Kode, StatusKiriman
from lkjip_xl.workbook.exchange.hollow import edit_beside_large_sheets, without_rows
from lkjip_xl.workbook.exchange.manifest import FILE_NAME, Manifest, SentTable, SentUnit
from lkjip_xl.workbook.exchange.package import (
    ExchangeError,
    SheetRows,
    lock_sheet,
    rows_for,
    set_table_ref,
    slice_rows,
    split_rows,
    table_part,
    write_package,
)
from lkjip_xl.workbook.exchange.records import (
    PENGUMPULAN,
    TINDAKAN_DISTRIBUSI,
    append_log,
    baris,
    read_pengumpulan,
    write_pengumpulan,
)
from lkjip_xl.workbook.exchange.rows import (
    Row,
    RowsOf,
    fold_text,
    group_name,
    read_rows,
    row_hash,
    text_of,
)
from lkjip_xl.workbook.exchange.seal import new_key, save_key, seal_of
from lkjip_xl.workbook.exchange.snapshot import record_fingerprint, settings_record
from lkjip_xl.workbook.exchange.split import SplitPlan, plan
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.kinds import kind_of
from lkjip_xl.workbook.ooxml.letters import get_column_letter
from lkjip_xl.workbook.patcher import Package
from lkjip_xl.workbook.problems import Masalah
from lkjip_xl.workbook.reader import StructureError, check_headers
from lkjip_xl.workbook.recompute import analyse, detect_template, engine_version, recompute
from lkjip_xl.workbook.safe_write import (
    backup_path,
    refuse_if_open,
    scratch_beside,
    sync_files,
    workbook_lock,
)

Progress = Callable[[int, int, str], None]

MIN_SPARE_ROWS = 10
STAGING_PREFIX = ".~lkjip-distribusi-"
#: A staging folder of ours this old was left by a distribution that was killed: removed.
STALE_STAGING_SECONDS = 24 * 3600
PARALLEL_FROM = 16  # units; fewer are built in this process
MAX_WORKERS = 4
EARLY_WORKERS_FROM = 4 << 20  # bytes of master: below, workers are forked when needed
UNIT_MARK = "\x00"  # where the unit's name goes in the Log text


@dataclass
class SentWorkbook:
    unit: str
    path: Path
    rows: dict[str, int]
    sha256: str


@dataclass
class Distribusi:
    """What :func:`distribute` sent out."""

    id: str
    master: Path
    folder: Path
    manifest: Path
    template: str
    per: str
    deadline: date | None
    workbooks: list[SentWorkbook] = field(default_factory=list)
    masalah: list[Masalah] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "master": str(self.master),
            "folder": str(self.folder),
            "manifest": str(self.manifest),
            "templat": self.template,
            "per": self.per,
            "batas_waktu": self.deadline.isoformat() if self.deadline else None,
            "unit": [
                {"unit": w.unit, "berkas": str(w.path), "baris": w.rows, "sha256": w.sha256}
                for w in self.workbooks
            ],
            "masalah": [m.as_dict() for m in self.masalah],
        }


@contextmanager
def open_package(path: Path) -> Iterator[Package]:
    """The parts of the workbook at ``path`` (read bounded, parsed with defusedxml)."""
    with zipfile.ZipFile(path) as archive:
        yield Package(archive)


def parse_deadline(text: str | None) -> date | None:
    """``2026-12-31``, ``31-12-2026`` or ``31/12/2026``; None for None or blank."""
    if text is None or not str(text).strip():
        return None
    text = str(text).strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(
        f"Batas waktu {text!r} tidak dikenali; tulis seperti 2026-12-31 atau 31-12-2026."
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _require_pengumpulan(book: FileBook) -> None:
    if PENGUMPULAN not in book.table_names():
        raise StructureError(
            f"{book.label} tidak memiliki lembar Pengumpulan (tabel {PENGUMPULAN}); buku kerja "
            "induk untuk dibagikan harus dibuat dengan templat versi ini (lkjip-xl new)."
        )


def _key_texts(rows: RowsOf) -> list[list[str | None]] | None:
    keys = [j for j, c in enumerate(rows.columns) if c.role.value == "key"]
    if not keys:
        return None
    return [[row.texts[j] for j in keys] for row in rows.rows]


@dataclass
class _Split:
    units: list[str]
    rows: dict[str, dict[str, list[Row]]]  # unit -> table -> rows
    masalah: list[Masalah]


def _split(split: SplitPlan, tables: dict[str, RowsOf]) -> _Split:
    primary = tables[split.primary.name]
    per_at = [c.key for c in primary.columns].index(split.per.key)
    units: dict[str, str] = {}  # folded -> shown
    rows: dict[str, dict[str, list[Row]]] = {}
    masalah: list[Masalah] = []
    blank: list[Row] = []
    key_unit: dict[str, str] = {}
    key_at = split.primary_key
    key_pos = [c.key for c in primary.columns].index(key_at.key) if key_at else None
    for row in primary.rows:
        name = group_name(row.raw[per_at])
        if name is None:
            blank.append(row)
            continue
        shown = units.setdefault(name.casefold(), name)
        rows.setdefault(shown, {t.name: [] for t in split.tables})[split.primary.name].append(row)
        key_text = row.texts[key_pos] if key_pos is not None else None
        if key_text is not None:
            key_unit[fold_text(key_text)] = shown
    if blank:
        first = primary.address(blank[0], split.per)
        masalah.append(
            Masalah.of(
                Kode.NO_UNIT, sheet=primary.data.sheet, cell=first, table=split.primary.name,
                jumlah=len(blank), tabel=split.primary.name, kolom=split.per.name,
            )
        )  # fmt: skip
    for link in split.linked:
        linked = tables[link.spec.name]
        at = [c.key for c in linked.columns].index(link.column.key)
        orphans: list[Row] = []
        for row in linked.rows:
            text = row.texts[at]
            unit = key_unit.get(fold_text(text)) if text is not None else None
            if unit is None:
                orphans.append(row)
                continue
            rows[unit][link.spec.name].append(row)
        if orphans:
            masalah.append(
                Masalah.of(
                    Kode.ORPHAN_ROWS, sheet=linked.data.sheet,
                    cell=linked.address(orphans[0], link.column), table=link.spec.name,
                    jumlah=len(orphans), tabel=link.spec.name, tabel_utama=split.primary.name,
                )
            )  # fmt: skip
    return _Split(list(units.values()), rows, masalah)


def _check_unique_keys(tables: dict[str, RowsOf]) -> None:
    for rows in tables.values():
        seen: dict[tuple[str, ...], Row] = {}
        for row in rows.rows:
            if row.key is None:
                continue
            if row.key in seen:
                raise ExchangeError(
                    f"Kunci {row.shown_key(rows.spec)} dipakai dua kali di tabel {rows.spec.name} "
                    f"induk (baris {rows.data.excel_row(seen[row.key].index)} dan "
                    f"{rows.data.excel_row(row.index)}); perbaiki dulu sebelum membagikan."
                )
            seen[row.key] = row


def _settings_parts(package: Package, template: Template) -> dict[str, bytes]:
    """``styles.xml`` and the settings sheets, locked and protected (the same for every unit)."""
    styles_part = package.rel_target("/styles")
    if styles_part is None:
        raise ExchangeError("Buku kerja induk tidak memiliki bagian gaya (styles.xml).")
    styles = package.read(styles_part)
    changes: dict[str, bytes] = {}
    for sheet in template.sheets:
        if sheet.kind is not SheetKind.PENGATURAN:
            continue
        part = package.sheet_part(sheet.name)
        styles, changes[part] = lock_sheet(styles, package.read(part), part)
    changes[styles_part] = styles
    return changes


@dataclass
class _Geometry:
    """Where a distributed table is in the master."""

    sheet: str
    header_row: int
    rows: int
    columns: tuple[int, int]
    first_header: str
    min_rows: int
    part: str
    table_part: str


@dataclass
class _Shared:
    """What every unit's workbook is cut from (sent once to each worker process)."""

    master: Path
    template: str
    per: str
    base: dict[str, bytes]
    tables: dict[str, bytes]  # table part xml
    geometry: dict[str, _Geometry]
    workbook_part: str
    workbook_xml: bytes
    stamps: dict[str, str | None]
    log_text: str
    fingerprint: str


@dataclass
class _Job:
    unit: str
    target: Path
    keep: dict[str, list[int]]  # table -> master data rows
    sent: dict[str, SentTable]
    sheets: dict[str, SheetRows]  # table -> its sheet with the unit's rows only
    raw: dict[str, list[tuple[Any, ...]]]  # table -> the input cells of the rows sent
    seal: str | None = None


@dataclass
class _Done:
    unit: str
    sha256: str
    fingerprint: str
    formulas: list[Masalah]


_SHARED: _Shared | None = None


def _init_worker(shared: _Shared) -> None:
    global _SHARED
    _SHARED = shared


def _make_unit(job: _Job) -> _Done:
    """Cut, stamp, record and recompute one unit's workbook (in a worker process or not)."""
    shared = _SHARED
    assert shared is not None, "_init_worker first"
    template = template_named(shared.template)
    split = plan(template, shared.per)
    changes = dict(shared.base)
    formulas: list[Masalah] = []
    for spec in split.tables:
        where = shared.geometry[spec.name]
        keep = job.keep[spec.name]
        spare = max(MIN_SPARE_ROWS, where.min_rows - len(keep))
        sliced = slice_rows(
            job.sheets[spec.name], where.part, where.header_row,
            where.header_row + where.rows, keep, spare, where.columns,
        )  # fmt: skip
        if sliced.formulas:
            row = where.header_row + 1 + sliced.formulas[0]
            formulas.append(
                Masalah.of(
                    Kode.FORMULA_VALUES, sheet=where.sheet,
                    cell=f"{get_column_letter(where.columns[0])}{row}", table=spec.name,
                    jumlah=len(sliced.formulas), tabel=spec.name, unit=job.unit,
                )
            )  # fmt: skip
        changes[where.part] = sliced.xml
        changes[where.table_part] = set_table_ref(
            shared.tables[spec.name], where.table_part, where.header_row,
            where.header_row + sliced.data_rows,
        )  # fmt: skip
    stamps = dict(shared.stamps)
    stamps[stamp.UNIT_DISTRIBUSI] = job.unit
    stamps[stamp.SEGEL_DISTRIBUSI] = job.seal
    changes[shared.workbook_part] = stamp.set_stamps(shared.workbook_xml, stamps)
    scratch = scratch_beside(job.target)
    try:
        write_package(shared.master, scratch, changes)
        book = FileBook(scratch)
        _verify(book, split, job)
        write_pengumpulan(book, template, [])
        append_log(
            book, template, TINDAKAN_DISTRIBUSI, shared.log_text.replace(UNIT_MARK, job.unit),
            fingerprint=shared.fingerprint,
        )  # fmt: skip
        laporan = recompute(book)
        # Flushed all together before the staging folder is moved into place (sync_files).
        book.commit(job.target, durable=False)
    finally:
        scratch.unlink(missing_ok=True)
    backup_path(job.target).unlink(missing_ok=True)
    return _Done(job.unit, sha256_of(job.target), laporan.fingerprint or "", formulas)


def _workers(units: int) -> int:
    """Worker processes for ``units`` workbooks: the engine's recompute is the cost of each."""
    if units < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, units // 4))


def _make_unit_with(shared: _Shared, job: _Job) -> _Done:
    """:func:`_make_unit` in a worker forked before ``shared`` was made (sent with the job)."""
    _init_worker(shared)
    return _make_unit(job)


def _early_workers(master: Path) -> ProcessPoolExecutor | None:
    """For a large master, the worker processes forked now, before it is read: each is then a
    copy of a small process, not of one holding the master's rows (hundreds of MB)."""
    count = min(os.cpu_count() or 1, MAX_WORKERS)
    if count < 2 or master.stat().st_size < EARLY_WORKERS_FROM:
        return None
    pool = ProcessPoolExecutor(count)
    pool.submit(int).result()  # with fork, the first task starts every worker
    return pool


def _run_jobs(
    shared: _Shared, jobs: list[_Job], progress: Progress | None,
    early: ProcessPoolExecutor | None = None,
) -> list[_Done]:  # fmt: skip
    total = len(jobs)
    workers = _workers(total)
    if workers == 1:
        _init_worker(shared)
        try:
            done = []
            for n, job in enumerate(jobs):
                if progress:
                    progress(n, total, job.unit)
                done.append(_make_unit(job))
            return done
        finally:
            _init_worker(None)  # type: ignore[arg-type]
    results: dict[str, _Done] = {}
    pool = early or ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(shared,))
    with pool:
        if early is not None:
            futures = [pool.submit(_make_unit_with, shared, job) for job in jobs]
        else:
            futures = [pool.submit(_make_unit, job) for job in jobs]
        try:
            for n, future in enumerate(as_completed(futures)):
                item = future.result()
                results[item.unit] = item
                if progress:
                    progress(n + 1, total, item.unit)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return [results[job.unit] for job in jobs]


def distribute(
    master: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    per: str | None = None,
    deadline: date | None = None,
    *,
    new_distribution: bool = False,
    progress: Progress | None = None,
) -> Distribusi:
    """Write one workbook per unit of ``master`` into ``out_dir``, with a manifest.

    Everything is checked before anything is written; the workbooks and the manifest are written
    into a temporary folder beside ``out_dir`` and moved into place once all are complete, so a
    failure leaves no partial distribution. A master whose last distribution still awaits units
    is refused unless ``new_distribution`` (files of the older one are then refused by collect).
    """
    master = Path(master)
    folder = Path(out_dir)
    refuse_if_open(master)
    # Held until the master records the distribution: a collect or another distribute of
    # this master waits, and reads the master as this run left it.
    with workbook_lock(master), no_cyclic_gc(), ExitStack() as stack:
        early = _early_workers(master)
        if early is not None:
            stack.callback(early.shutdown, cancel_futures=True)
        book = FileBook(master)
        # The master is never written through this book: the sheets it keeps for a commit
        # (a roster's, 100+ MB) are let go before it is analysed.
        book.release_parts()
        template = detect_template(book)
        _require_pengumpulan(book)
        if not new_distribution:
            _refuse_pending(master, book, template)
        split = plan(template, per if per is not None else kind_of(template).split_column)
        laporan = analyse(book).laporan
        tables: dict[str, RowsOf] = {}
        for spec in split.tables:
            data = book.read_table(spec.name)
            check_headers(spec, data)
            tables[spec.name] = read_rows(spec, data)
        _check_unique_keys(tables)
        cut = _split(split, tables)
        if not cut.units:
            raise ExchangeError(
                f"Tidak ada baris dengan {split.per.name} di tabel {split.primary.name}; tidak ada "
                "yang dapat dibagikan."
            )
        _check_unit_names(cut, tables[split.primary.name], split)
        manifest_path = folder / FILE_NAME
        if manifest_path.exists():
            raise FileExistsError(
                f"Folder {folder} sudah memuat distribusi lain ({FILE_NAME}); pilih folder baru."
            )
        names = unit_names.file_names(master, cut.units)
        _refuse_taken(folder, names.values())
        settings = settings_record(book, template)
        now = datetime.now().replace(microsecond=0)
        dist_id = f"D{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        result = Distribusi(
            dist_id, master, folder, manifest_path, template.name, split.per.name, deadline,
            masalah=list(cut.masalah),
        )  # fmt: skip
        manifest = Manifest(
            id=dist_id,
            created=now.isoformat(),
            template=template.name,
            template_version=str(book.read_name("Versi_Template") or template.version),
            engine_version=engine_version(),
            master_file=master.name,
            master_sha256=sha256_of(master),
            master_fingerprint=laporan.fingerprint or "",
            per=split.as_dict(),
            deadline=deadline.isoformat() if deadline else None,
            settings_fingerprint=record_fingerprint(settings),
            settings=settings,
            seal_key=new_key(),
        )
        shared, sheets = _shared(master, template, split, tables, manifest)
        folder.parent.mkdir(parents=True, exist_ok=True)
        _clean_stale_staging(folder.parent)
        staging = folder.parent / f"{STAGING_PREFIX}{secrets.token_hex(4)}"
        staging.mkdir()
        try:
            jobs = _jobs(cut, split, tables, manifest, names, staging, shared, sheets)
            for job, done in zip(jobs, _run_jobs(shared, jobs, progress, early), strict=True):
                manifest.units.append(
                    SentUnit(job.unit, job.target.name, done.sha256, job.sent, done.fingerprint)
                )
                result.masalah.extend(done.formulas)
                counts = {n: t.rows for n, t in job.sent.items()}
                path = folder / job.target.name
                result.workbooks.append(SentWorkbook(job.unit, path, counts, done.sha256))
            save_key(master, manifest)  # beside the master, never in the folder sent out
            sync_files(job.target for job in jobs)
            manifest.save(staging / FILE_NAME)
            placed = _place(staging, folder, [*names.values(), FILE_NAME])
            try:
                large = {
                    shared.geometry[name].part: without_rows(sheet)
                    for name, sheet in sheets.items()
                }
                _record_in_master(master, template, manifest, manifest_path, result, large)
            except BaseException:
                placed()
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return result


def _jobs(cut: _Split, split: SplitPlan, tables: dict[str, RowsOf], manifest: Manifest,
          names: dict[str, str], staging: Path, shared: _Shared,
          shared_sheets: dict[str, SheetRows]) -> list[_Job]:  # fmt: skip
    jobs = []
    for unit in cut.units:
        keep, sent, sheets, raw = {}, {}, {}, {}
        for spec in split.tables:
            rows = cut.rows[unit][spec.name]
            keep[spec.name] = [r.index for r in rows]
            where = shared.geometry[spec.name]
            sheets[spec.name] = rows_for(
                shared_sheets[spec.name], where.header_row, where.header_row + where.rows,
                keep[spec.name], where.columns,
            )  # fmt: skip
            raw[spec.name] = [r.raw for r in rows]
            whole = tables[spec.name]
            sent[spec.name] = SentTable(
                len(rows), [r.hash for r in rows],
                _key_texts(RowsOf(spec, whole.data, rows, whole.columns, whole.positions)),
            )  # fmt: skip
        seal = seal_of(manifest, SentUnit(unit, names[unit], "", sent))
        jobs.append(_Job(unit, staging / names[unit], keep, sent, sheets, raw, seal))
    return jobs


def _refuse_pending(master: Path, book: FileBook, template: Template) -> None:
    """A master whose last distribution still awaits units is not distributed again silently:
    every file already sent out would be refused by the next collection."""
    latest = stamp.read_stamps(master).get(stamp.DISTRIBUSI_ID)
    if latest is None:
        return
    waiting = [
        r.unit
        for r in read_pengumpulan(book, template)
        if r.distribution == latest and r.status == StatusKiriman.BELUM_KEMBALI.value
    ]
    if not waiting:
        return
    more = f" dan {len(waiting) - 5} unit lain" if len(waiting) > 5 else ""
    shown = ", ".join(waiting[:5]) + more
    raise ExchangeError(
        f"Distribusi {latest} dari {master.name} masih menunggu {len(waiting)} unit (Belum "
        f"Kembali: {shown}). Kumpulkan dulu berkas mereka, atau mulai distribusi baru dengan "
        f"opsi --baru (berkas distribusi {latest} yang belum kembali tidak dapat dikumpulkan "
        "lagi sesudahnya)."
    )


def _check_unit_names(cut: _Split, primary: RowsOf, split: SplitPlan) -> None:
    """Every unit's name can be a stamp and part of a file name; all bad ones named at once."""
    bad = []
    for unit in cut.units:
        reason = unit_names.problem(unit)
        if reason is not None:
            first = cut.rows[unit][split.primary.name][0]
            cell = f"{primary.data.sheet}!{primary.address(first, split.per)}"
            bad.append(f"{cell} ({reason})")
    if bad:
        shown = "; ".join(bad[:10]) + (f"; dan {len(bad) - 10} lainnya" if len(bad) > 10 else "")
        raise ExchangeError(
            f"Nama unit di kolom {split.per.name} tidak dapat dipakai: {shown}. Perbaiki nama "
            "itu di induk; belum ada berkas yang ditulis."
        )


def _refuse_taken(folder: Path, names: Iterable[str]) -> None:
    if not folder.exists():
        return
    if not folder.is_dir():
        raise ExchangeError(f"{folder} bukan folder; pilih folder untuk buku kerja unit.")
    taken = sorted(n for n in names if (folder / n).exists())
    if taken:
        raise FileExistsError(
            f"Folder {folder} sudah memuat {', '.join(taken[:3])}"
            f"{' dan lainnya' if len(taken) > 3 else ''}; pilih folder baru."
        )


def _clean_stale_staging(parent: Path) -> None:
    """Remove the staging folders distributions killed midway left beside their output (only
    ours, only old ones: a distribution running now is never touched)."""
    now = time.time()
    for path in parent.glob(f"{STAGING_PREFIX}*"):
        try:
            old = now - path.lstat().st_mtime > STALE_STAGING_SECONDS
        except OSError:
            continue
        if old and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def _place(staging: Path, folder: Path, names: list[str]) -> Callable[[], None]:
    """Move the complete distribution from ``staging`` into ``folder``; returns how to undo it.

    A new folder is the staging folder renamed (one step); into an existing one the files are
    moved one by one, the manifest last, and removed again when a move fails."""
    if not folder.exists():
        os.replace(staging, folder)

        def undo_folder() -> None:
            shutil.rmtree(folder, ignore_errors=True)

        return undo_folder
    moved: list[Path] = []

    def undo() -> None:
        for path in moved:
            path.unlink(missing_ok=True)

    try:
        for name in names:
            target = folder / name
            os.replace(staging / name, target)
            moved.append(target)
    except BaseException:
        undo()
        raise
    return undo


def _shared(
    master: Path, template: Template, split: SplitPlan, tables: dict[str, RowsOf],
    manifest: Manifest,
) -> tuple[_Shared, dict[str, SheetRows]]:  # fmt: skip
    sheets: dict[str, SheetRows] = {}
    table_xml: dict[str, bytes] = {}
    geometry: dict[str, _Geometry] = {}
    with open_package(master) as package:
        base = _settings_parts(package, template)
        seen: set[str] = set()
        for spec in split.tables:
            data = tables[spec.name].data
            part = package.sheet_part(data.sheet)
            if part in seen:
                raise ExchangeError(
                    f"Lembar {data.sheet} memuat lebih dari satu tabel yang dibagi."
                )
            seen.add(part)
            tpart = table_part(package, spec.name)
            sheets[spec.name] = split_rows(package.read(part), part)
            table_xml[spec.name] = package.read(tpart)
            geometry[spec.name] = _Geometry(
                data.sheet, data.header_row, len(data.rows), (data.first_column, data.last_column),
                data.headers[0], spec.min_rows, part, tpart,
            )  # fmt: skip
        workbook_part = package.workbook
        workbook_xml = package.read(workbook_part)
    deadline = f" paling lambat {manifest.deadline}" if manifest.deadline else ""
    log_text = (
        f"Buku kerja unit {UNIT_MARK}, dibagikan dari {manifest.master_file} (distribusi "
        f"{manifest.id}). Isi bagian unit ini, lalu kirim kembali{deadline}."
    )
    stamps = {
        stamp.DISTRIBUSI_ID: manifest.id,
        stamp.SIDIK_JARI_MASTER: manifest.master_fingerprint,
        stamp.SIDIK_JARI_PENGATURAN: manifest.settings_fingerprint,
        stamp.BATAS_WAKTU: manifest.deadline,
        stamp.MANIFEST_DISTRIBUSI: None,
    }
    shared = _Shared(
        master, template.name, split.per.key, base, table_xml, geometry, workbook_part,
        workbook_xml, stamps, log_text, manifest.master_fingerprint,
    )  # fmt: skip
    return shared, sheets


def _verify(book: FileBook, split: SplitPlan, job: _Job) -> None:
    """The unit's workbook reads back with exactly the rows recorded in the manifest.

    Its table is read as the engine reads it (the recompute that follows reads it from the
    same cache); a row whose input cells are the very values (and types) the master's held has
    the hash recorded, and only a row that differs is hashed again, as the manifest's were."""
    for spec in split.tables:
        data = book.read_table(spec.name)
        positions = [data.headers.index(c.name) for c in spec.input_columns]
        expected, hashes = job.raw[spec.name], job.sent[spec.name].hashes
        good = len(data.rows) >= len(expected)
        for index, cells in enumerate(data.rows):
            if not good:
                break
            raw = tuple(cells[p] if p < len(cells) else None for p in positions)
            if index >= len(expected):
                good = all(text_of(v) is None for v in raw)
            elif raw != expected[index] or list(map(type, raw)) != list(map(type, expected[index])):
                good = row_hash(tuple(map(text_of, raw))) == hashes[index]
        if not good:
            raise ExchangeError(
                f"Buku kerja unit {job.unit} tidak memuat baris {spec.name} yang sama dengan "
                "induk; pembagian dihentikan."
            )


def _record_in_master(
    master: Path, template: Template, manifest: Manifest, manifest_path: Path, result: Distribusi,
    large: dict[str, bytes],
) -> None:  # fmt: skip
    """The master's stamps, a ``Belum Kembali`` row per unit and a ``Log`` row; its sheets
    ``large`` (the distributed tables', untouched) are not read when that can be avoided."""
    relative = os.path.relpath(manifest_path.resolve(), master.resolve().parent)
    with open_package(master) as package:
        part = package.workbook
        xml = package.read(part)
    stamped = stamp.set_stamps(
        xml, {stamp.DISTRIBUSI_ID: manifest.id, stamp.MANIFEST_DISTRIBUSI: relative}
    )

    def edit(book: FileBook) -> None:
        rows = read_pengumpulan(book, template)
        primary = manifest.per["tabel"]
        for sent in manifest.units:
            rows.append(
                baris(
                    manifest.id,
                    sent.unit,
                    sent.file,
                    StatusKiriman.BELUM_KEMBALI,
                    rows=sent.tables[primary].rows if primary in sent.tables else None,
                )
            )
        write_pengumpulan(book, template, rows)
        deadline = f", batas waktu {manifest.deadline}" if manifest.deadline else ""
        append_log(
            book,
            template,
            TINDAKAN_DISTRIBUSI,
            f"{len(manifest.units)} buku kerja unit (per {result.per}) dibagikan ke {relative} "
            f"(distribusi {manifest.id}{deadline}).",
            fingerprint=manifest.master_fingerprint,
            peringatan=len(result.masalah),
        )

    if large and edit_beside_large_sheets(master, {part: stamped}, large, edit):
        return
    scratch = scratch_beside(Path(os.path.realpath(master)))
    try:
        write_package(master, scratch, {part: stamped})
        book = FileBook(scratch)
        edit(book)
        book.commit(master)
    finally:
        scratch.unlink(missing_ok=True)
