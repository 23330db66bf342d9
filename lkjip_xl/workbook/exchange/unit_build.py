"""The unit workbooks of a distribution: what each is cut from, the jobs, and the worker side.

:mod:`.distribute` reads and checks the master, then hands every unit's rows to
:func:`run_jobs`; each unit's workbook is cut from the master's package (the unit's rows only,
renumbered, and spare blank rows; its result tables cut to a new workbook's rows), stamped,
given its ``Log`` row, verified against the rows recorded in the manifest and recomputed by the
engine, in worker processes for many units.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from pathlib import Path
from queue import Queue
from threading import Thread
from typing import Any

from lkjip_xl.workbook.contract import SheetKind, Template
from lkjip_xl.workbook.contract import template as template_named
from lkjip_xl.workbook.exchange import stamp
from lkjip_xl.workbook.exchange.codes import Kode
from lkjip_xl.workbook.exchange.laporan_cut import RewriteSeen, emptied_laporan
from lkjip_xl.workbook.exchange.manifest import Manifest, SentTable
from lkjip_xl.workbook.exchange.package import (
    ExchangeError,
    SheetRows,
    lock_sheet,
    rows_for,
    set_table_ref,
    slice_rows,
    table_part,
    write_package,
)
from lkjip_xl.workbook.exchange.records import TINDAKAN_DISTRIBUSI, append_log, write_pengumpulan
from lkjip_xl.workbook.exchange.result_rows import cut_result_tables
from lkjip_xl.workbook.exchange.row_slices import RowPlaces, find_rows_streamed, sheet_rows
from lkjip_xl.workbook.exchange.rows import Row, RowsOf, row_hash, text_of
from lkjip_xl.workbook.exchange.seal import seal_of_rows
from lkjip_xl.workbook.exchange.split import SplitPlan, plan
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.letters import get_column_letter
from lkjip_xl.workbook.ooxml.package import (
    MAX_PART_BYTES,
    check_parts,
    inflated_chunks,
    vouched,
)
from lkjip_xl.workbook.ooxml.relationships import (
    link_sheets,
    package_local_links,
    without_links,
)
from lkjip_xl.workbook.ooxml.tables import totals_row_count
from lkjip_xl.workbook.patcher import Package
from lkjip_xl.workbook.problems import Masalah
from lkjip_xl.workbook.recompute import recompute
from lkjip_xl.workbook.safe_write import Fingerprint, backup_path, fingerprint, scratch_beside

Progress = Callable[[int, int, str], None]

MIN_SPARE_ROWS = 10
PARALLEL_FROM = 16  # units; fewer are built in this process
MAX_WORKERS = 4
EARLY_WORKERS_FROM = 4 << 20  # bytes of master: below, workers are forked when needed
UNIT_MARK = "\x00"  # where the unit's name goes in the Log text
#: Jobs built and not yet done at a time (each worker has one to start when it is free).
JOBS_AHEAD = 2 * MAX_WORKERS + 2


@contextmanager
def open_package(path: Path) -> Iterator[Package]:
    """The parts of the workbook at ``path`` (read bounded, parsed with defusedxml)."""
    with zipfile.ZipFile(path) as archive:
        yield Package(archive)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _key_texts(rows: RowsOf) -> list[list[str | None]] | None:
    keys = [j for j, c in enumerate(rows.columns) if c.role.value == "key"]
    if not keys:
        return None
    return [[row.text_at(j) for j in keys] for row in rows.rows]


@dataclass
class Cut:
    units: list[str]
    rows: dict[str, dict[str, list[Row]]]  # unit -> table -> rows
    masalah: list[Masalah]


def settings_parts(package: Package, template: Template) -> dict[str, bytes]:
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
class Geometry:
    """Where a distributed table is in the master."""

    sheet: str
    header_row: int
    rows: int
    columns: tuple[int, int]
    first_header: str
    min_rows: int
    part: str
    table_part: str
    total_row: int | None = None  # Excel's Total Row, under the data rows


@dataclass
class Shared:
    """What every unit's workbook is cut from (sent once to each worker process)."""

    master: Path
    template: str
    per: str
    base: dict[str, bytes]
    tables: dict[str, bytes]  # table part xml
    geometry: dict[str, Geometry]
    workbook_part: str
    workbook_xml: bytes
    stamps: dict[str, str | None]
    log_text: str
    fingerprint: str
    #: The version of ``master`` whose every part was checked when ``base`` was cut from it.
    master_version: Fingerprint | None = None
    #: The targets of the links to local files left out of every unit (see shared_parts), by
    #: the sheet that held them (None: the workbook's own part).
    dropped_links: dict[str | None, list[str]] = field(default_factory=dict)


@dataclass
class UnitJob:
    unit: str
    target: Path
    keep: dict[str, list[int]]  # table -> master data rows
    sent: dict[str, SentTable]
    sheets: dict[str, SheetRows]  # table -> its sheet with the unit's rows only
    raw: dict[str, list[tuple[Any, ...]]]  # table -> the input cells of the rows sent
    seal: str | None = None
    #: Its file flushed to disk, with its folder's entry, once made (:class:`_Flusher`).
    on_disk: bool = False

    def let_go(self) -> None:
        """Once the unit's workbook is made: its rows are not held until all others are."""
        self.sheets = {}
        self.raw = {}


@dataclass
class UnitDone:
    unit: str
    sha256: str
    fingerprint: str
    formulas: list[Masalah]


_SHARED: Shared | None = None
#: The shared parts last checked in this process (a worker forked early is sent them again
#: with every unit: equal parts are not checked again).
_BASE_CHECKED: dict[str, bytes] | None = None


def _init_worker(shared: Shared) -> None:
    global _SHARED
    _SHARED = shared


def _make_unit(job: UnitJob, check_once: bool = True, laporan: bool = True) -> UnitDone:
    """Cut, stamp, record and recompute one unit's workbook (in a worker process or not).

    ``check_once``: the unit's package, written from parts already checked (the master's, as
    the master was opened, and the new ones here), is opened for the recompute and its commit
    without checking every part again (:func:`~lkjip_xl.workbook.ooxml.package.vouched`);
    False checks them as for any workbook opened. ``laporan``: the master's Laporan sheet,
    which the recompute rewrites whole, is sent emptied (:mod:`.laporan_cut`): the same
    workbook is made, the master's sheet not searched through; False keeps the master's."""
    global _BASE_CHECKED
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
            where.header_row + where.rows, keep, spare, where.columns, where.total_row,
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
            where.header_row + sliced.data_rows + (where.total_row is not None),
        )  # fmt: skip
    stamps = dict(shared.stamps)
    stamps[stamp.UNIT_DISTRIBUSI] = job.unit
    stamps[stamp.SEGEL_DISTRIBUSI] = job.seal
    changes[shared.workbook_part] = stamp.set_stamps(shared.workbook_xml, stamps)
    emptied = None
    if laporan:
        emptied = emptied_laporan(shared.master, shared.master_version, template, set(changes))
        if emptied is not None:
            changes[emptied[1]] = emptied[2]
    if check_once:
        try:
            if shared.base != _BASE_CHECKED:
                check_parts(shared.base)
                _BASE_CHECKED = shared.base
            check_parts({p: xml for p, xml in changes.items() if xml is not shared.base.get(p)})
        except PackageError as exc:
            raise ExchangeError(str(exc)) from exc
    scratch = scratch_beside(job.target)
    try:
        # Its new parts are compressed once, by the commit (they were twice: ~6 ms a unit).
        stored = {p for p, xml in changes.items() if xml is not None}
        write_package(shared.master, scratch, changes, scratch=True)
        # Its other parts are the master's as checked only while the master is that version.
        same_master = shared.master_version == fingerprint(shared.master)
        with vouched(scratch) if check_once and same_master else nullcontext():
            book = RewriteSeen(scratch)
            _verify(book, split, job)
            write_pengumpulan(book, template, [])
            append_log(
                book, template, TINDAKAN_DISTRIBUSI,
                shared.log_text.replace(UNIT_MARK, job.unit), fingerprint=shared.fingerprint,
            )  # fmt: skip
            report = recompute(book)
            # Not rewritten after all: the unit is made again with the master's sheet.
            again = emptied is not None and emptied[0] not in book.rewritten
            if not again:
                # Flushed all together before the staging folder is moved into place.
                book.commit(job.target, durable=False, deflate=stored)
    finally:
        scratch.unlink(missing_ok=True)
    if again:
        return _make_unit(job, check_once, laporan=False)
    backup_path(job.target).unlink(missing_ok=True)
    return UnitDone(job.unit, sha256_of(job.target), report.fingerprint or "", formulas)


def _forget_checked() -> None:
    global _BASE_CHECKED
    _BASE_CHECKED = None


def _workers(units: int) -> int:
    """Worker processes for ``units`` workbooks: the engine's recompute is the cost of each."""
    if units < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, units // 4))


def _make_unit_with(shared: Shared, job: UnitJob) -> UnitDone:
    """:func:`_make_unit` in a worker forked before ``shared`` was made (sent with the job)."""
    _init_worker(shared)
    return _make_unit(job)


def early_workers(master: Path) -> ProcessPoolExecutor | None:
    """For a large master, the worker processes forked now, before it is read: each is then a
    copy of a small process, not of one holding the master's rows (hundreds of MB)."""
    count = min(os.cpu_count() or 1, MAX_WORKERS)
    if count < 2 or master.stat().st_size < EARLY_WORKERS_FROM:
        return None
    pool = ProcessPoolExecutor(count)
    pool.submit(int).result()  # with fork, the first task starts every worker
    return pool


def run_jobs(
    shared: Shared, jobs: Iterable[UnitJob], total: int, progress: Progress | None,
    early: ProcessPoolExecutor | None = None,
) -> list[tuple[UnitJob, UnitDone]]:  # fmt: skip
    """Make the ``total`` units' workbooks; each job goes to a worker as soon as it is built, so
    the workers start while the later jobs are still being built. Only a few jobs wait for a
    worker at a time: a job holds its unit's rows of the sheet (all of them, a roster's sheet
    again), and a job done lets go of them. A job whose file is on disk already (flushed while
    the others were made) says so (:attr:`UnitJob.on_disk`)."""
    workers = _workers(total)
    if workers == 1:
        _init_worker(shared)
        try:
            done = []
            for n, job in enumerate(jobs):
                if progress:
                    progress(n, total, job.unit)
                done.append((job, _make_unit(job)))
                job.let_go()
            return done
        finally:
            _init_worker(None)  # type: ignore[arg-type]
            _forget_checked()
    results: dict[str, UnitDone] = {}
    pool = early or ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(shared,))
    futures: dict[Future[UnitDone], UnitJob] = {}
    waiting: set[Future[UnitDone]] = set()
    flusher = _Flusher()

    def finished(future: Future[UnitDone]) -> None:
        item = future.result()
        results[item.unit] = item
        job = futures[future]
        job.let_go()
        flusher.add(job.target)
        if progress:
            progress(len(results), total, item.unit)

    with pool, flusher:
        try:
            for job in jobs:
                while len(waiting) >= JOBS_AHEAD:
                    ready, waiting = wait(waiting, return_when=FIRST_COMPLETED)
                    for future in ready:
                        finished(future)
                if early is not None:
                    future = pool.submit(_make_unit_with, shared, job)
                else:
                    future = pool.submit(_make_unit, job)
                futures[future] = job
                waiting.add(future)
            for future in as_completed(waiting):
                finished(future)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    for job in futures.values():
        job.on_disk = job.target in flusher.synced
    return [(job, results[job.unit]) for job in futures.values()]


class _Flusher:
    """Flushes the unit files made so far to disk from a second thread while the workers make
    the others (fsync releases the GIL), then their folders' entries. A file whose fsync
    succeeded (it is complete, and never written again) is in :attr:`synced`: the caller's
    final ``sync_files`` vouches for the others only. Flushing a file again is not free: an
    fsync asks the disk to flush its cache even when the file has nothing left to write
    (~3 ms each here, 0.7 s for 200 units at the end, with both cores idle)."""

    def __init__(self) -> None:
        self._queue: Queue[Path | None] = Queue()
        self._thread = Thread(target=self._run, name="lkjip-fsync", daemon=True)
        self.synced: set[Path] = set()

    def __enter__(self) -> _Flusher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._queue.put(None)
        self._thread.join()

    def add(self, path: Path) -> None:
        self._queue.put(path)

    def _run(self) -> None:
        synced: set[Path] = set()
        while (path := self._queue.get()) is not None:
            if _flush(path):
                synced.add(path)
        # Their entries in their folders, as sync_files flushes them (where a folder can be
        # opened: on POSIX; a folder refusing it is let be, as there).
        if os.name == "posix":
            for folder in {path.parent for path in synced}:
                _flush(folder)
        self.synced = synced


def _flush(path: Path) -> bool:
    """fsync ``path``; whether that succeeded."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False  # the final sync_files reports what cannot be flushed
    try:
        os.fsync(fd)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def job_order(cut: Cut) -> list[str]:
    """The units in the order their jobs are given out: for several workers the largest first
    (rows of every table), so that the last jobs are small ones and no worker makes a large
    unit alone at the end while the others wait (a roster's education office can hold a third
    of it); for one, as in ``cut.units``."""
    if _workers(len(cut.units)) == 1:
        return list(cut.units)
    size = {unit: sum(map(len, cut.rows[unit].values())) for unit in cut.units}
    return sorted(cut.units, key=lambda unit: -size[unit])  # stable: equal ones as they were


def build_jobs(cut: Cut, split: SplitPlan, tables: dict[str, RowsOf], manifest: Manifest,
          names: dict[str, str], staging: Path, shared: Shared,
          shared_sheets: dict[str, SheetRows],
          order: Iterable[str] | None = None) -> Iterator[UnitJob]:  # fmt: skip
    """Each unit's job, in the order of ``order`` (else of ``cut.units``), built as they are
    asked for."""
    for unit in cut.units if order is None else order:
        keep, sent, sheets, raw, identities = {}, {}, {}, {}, {}
        for spec in split.tables:
            rows = cut.rows[unit][spec.name]
            keep[spec.name] = [r.index for r in rows]
            where = shared.geometry[spec.name]
            sheets[spec.name] = rows_for(
                shared_sheets[spec.name], where.header_row, where.header_row + where.rows,
                keep[spec.name], where.columns, where.total_row,
            )  # fmt: skip
            raw[spec.name] = [r.raw for r in rows]
            # The rows' identities as the manifest's tables make them again from the keys
            # sent: the seal is made of these, and they are not sent with the job.
            identities[spec.name] = [r.identity for r in rows]
            whole = tables[spec.name]
            sent[spec.name] = SentTable(
                len(rows), [r.hash for r in rows],
                _key_texts(RowsOf(spec, whole.data, rows, whole.columns, whole.positions)),
            )  # fmt: skip
        seal = seal_of_rows(manifest, unit, identities)
        yield UnitJob(unit, staging / names[unit], keep, sent, sheets, raw, seal)


def split_largest_sheet(master: Path) -> dict[str, RowPlaces]:
    """Where the rows are in the largest worksheet holding a table (a roster's), by part;
    empty when they cannot be found (the split of :func:`shared_parts` then says why).

    Done in a worker process forked before the master is read, while :mod:`.distribute` reads
    it (its scan, calamine's reading of its tables, the analysis): :func:`shared_parts` takes
    it when it is the sheet distributed, and the workers start that much sooner. Only the
    rows' places are kept (and sent back): the part itself is read again once the tables
    are read."""
    try:
        with open_package(master) as package:
            parts = [p for p in package.worksheets().values() if p and package.sheet_tables(p)]
            if not parts:
                return {}
            part = max(parts, key=lambda p: package.infos[p].file_size)
            info = package.infos[part]
            if info.file_size > MAX_PART_BYTES:  # refused where it is read whole
                return {}
            if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1:
                with package.zf.open(info) as stream:
                    places = find_rows_streamed(stream, part, info.file_size)
            else:
                # Inflated by the large-part codec (ISA-L: a roster's sheet in half of zlib's
                # time), through a handle of its own, chunk by chunk as zipfile would.
                with open(master, "rb") as source:
                    chunks = _Chunks(inflated_chunks(source, info))
                    places = find_rows_streamed(chunks, part, info.file_size)
            return {part: places} if places is not None else {}
    except (PackageError, ExchangeError, OSError, zipfile.BadZipFile):
        return {}


class _Chunks:
    """Chunks read as a stream is: each ``read`` gives the next one (b"" once all are)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks

    def read(self, _size: int = -1) -> bytes:
        return next(self._chunks, b"")


def shared_parts(
    master: Path, template: Template, split: SplitPlan, tables: dict[str, RowsOf],
    counts: dict[str, int], manifest: Manifest, presplit: dict[str, RowPlaces] | None = None,
) -> tuple[Shared, dict[str, SheetRows]]:  # fmt: skip
    """What every unit is cut from; ``counts``: the data rows of each table as read;
    ``presplit``: where the rows of some sheets are, by part (taken)."""
    presplit = presplit if presplit is not None else {}
    sheets: dict[str, SheetRows] = {}
    table_xml: dict[str, bytes] = {}
    geometry: dict[str, Geometry] = {}
    version = fingerprint(master)  # the version whose every part the package checks
    with open_package(master) as package:
        base = settings_parts(package, template)
        base.update(cut_result_tables(package, template))
        # A part linked to a file of the PC or its network is the master's, not the unit's:
        # Excel would look for it on every unit's PC (a comments part at C:/Windows/win.ini).
        found = package_local_links(package.infos, package.read)
        for rels, links in found.items():
            base[rels] = without_links(base.get(rels) or package.read(rels), {r.id for r in links})
        dropped = {
            holder: [r.target for r in links]
            for holder, links in link_sheets(
                found, package.worksheets(), package.infos, package.read
            ).items()
        }
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
            sheets[spec.name] = sheet_rows(package.read(part), part, presplit.pop(part, None))
            table_xml[spec.name] = package.read(tpart)
            totals = totals_row_count(table_xml[spec.name], tpart)
            geometry[spec.name] = Geometry(
                data.sheet, data.header_row, counts[spec.name],
                (data.first_column, data.last_column), data.headers[0], spec.min_rows, part, tpart,
                data.header_row + counts[spec.name] + 1 if totals else None,
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
    shared = Shared(
        master, template.name, split.per.key, base, table_xml, geometry, workbook_part,
        workbook_xml, stamps, log_text, manifest.master_fingerprint, version, dropped,
    )  # fmt: skip
    return shared, sheets


def _alike(rows: list[list[Any]], expected: list[tuple[Any, ...]], pick: Any, width: int) -> bool:
    """Whether the first rows hold the very values of ``expected``, of the same types, at the
    positions ``pick`` takes: the usual unit, told in a few passes at C speed (else each row
    is looked at, and hashed when it differs)."""
    head = rows[: len(expected)]
    if pick is None or min(map(len, head), default=width) < width:
        return False
    got = list(map(pick, head))
    return got == expected and list(map(type, chain.from_iterable(got))) == list(
        map(type, chain.from_iterable(expected))
    )


def _verify(book: FileBook, split: SplitPlan, job: UnitJob) -> None:
    """The unit's workbook reads back with exactly the rows recorded in the manifest.

    Its table is read as the engine reads it (the recompute that follows reads it from the
    same cache); a row whose input cells are the very values (and types) the master's held has
    the hash recorded, and only a row that differs is hashed again, as the manifest's were."""
    for spec in split.tables:
        data = book.read_table(spec.name)
        positions = [data.headers.index(c.name) for c in spec.input_columns]
        expected, hashes = job.raw[spec.name], job.sent[spec.name].hashes
        good = len(data.rows) >= len(expected)
        width = max(positions) + 1
        pick = itemgetter(*positions) if len(positions) > 1 else None
        # Rows alike at once are not looked at one by one: only the spare rows under them.
        start = len(expected) if good and _alike(data.rows, expected, pick, width) else 0
        for index in range(start, len(data.rows)):
            cells = data.rows[index]
            if not good:
                break
            if pick is not None and len(cells) >= width:
                raw = pick(cells)  # the usual row: its input cells at C speed
            else:
                raw = tuple(cells[p] if p < len(cells) else None for p in positions)
            if index >= len(expected):
                good = all(text_of(v) is None for v in raw)
            elif raw != expected[index] or tuple(map(type, raw)) != tuple(
                map(type, expected[index])
            ):
                good = row_hash(tuple(map(text_of, raw))) == hashes[index]
        if not good:
            raise ExchangeError(
                f"Buku kerja unit {job.unit} tidak memuat baris {spec.name} yang sama dengan "
                "induk; pembagian dihentikan."
            )
