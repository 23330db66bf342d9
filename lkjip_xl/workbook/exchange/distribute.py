"""``distribute``: one workbook per unit, holding only that unit's rows, stamped and recorded.

Each unit's workbook is cut from the master's own package (so it keeps everything the master
has: formatting, validations, comments, charts, VBA): the distributed tables keep only the unit's
rows (their XML as in the master, renumbered) and some blank rows to add to; the ``Pengaturan``
sheet is locked and protected; the stamps are set; ``tblPengumpulan`` is emptied; a ``Log`` row
says where the workbook comes from; then the engine's own ``recompute`` makes the unit's results
and ``Rekap`` / ``Ringkasan`` its own (cut first to a new workbook's rows, :mod:`.result_rows`:
the master's hold a row per unit). A manifest in the output folder records every row sent
(key and hash); the master gets its stamps, a ``Belum Kembali`` row per unit in
``tblPengumpulan`` and a ``Log`` row (its inputs are not touched; its previous version is kept),
written without reading the distributed tables' sheets again (:mod:`.hollow`).

Speed: the units are made in worker processes (:mod:`.unit_build`), each sent its unit's rows
only, as soon as its job is built; for a large master they are forked before it is read, so that
none is a copy of a process holding it, and one of them finds where its roster sheet's rows are
while this process reads it. The master's fingerprint comes from its input tables alone
(:mod:`.master_fingerprint`), not from scoring every row; a master whose Pengaturan stops its
computation is refused there (its units could neither compute nor correct it). Several workers
get the largest units first (no worker makes a large unit alone at the end), and a unit file
flushed to disk while the others were made is not flushed again at the end.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from lkjip_xl.core.problems import ribuan
from lkjip_xl.workbook.api import no_cyclic_gc
from lkjip_xl.workbook.contract import Template
from lkjip_xl.workbook.exchange import names as unit_names
from lkjip_xl.workbook.exchange import stamp
from lkjip_xl.workbook.exchange.codes import Kode, StatusKiriman
from lkjip_xl.workbook.exchange.hollow import edit_beside_large_sheets, without_rows
from lkjip_xl.workbook.exchange.manifest import FILE_NAME, Manifest, SentUnit
from lkjip_xl.workbook.exchange.master_fingerprint import MasterInputs, master_inputs
from lkjip_xl.workbook.exchange.package import (
    ExchangeError,
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
from lkjip_xl.workbook.exchange.row_slices import RowPlaces
from lkjip_xl.workbook.exchange.rows import (
    Row,
    RowsOf,
    fold_text,
    group_name,
    read_rows,
)
from lkjip_xl.workbook.exchange.seal import keys_before, new_key, save_key
from lkjip_xl.workbook.exchange.snapshot import record_fingerprint, settings_record
from lkjip_xl.workbook.exchange.split import SplitPlan, plan
from lkjip_xl.workbook.exchange.unit_build import (
    Cut,
    Progress,
    UnitDone,
    UnitJob,
    build_jobs,
    early_workers,
    job_order,
    open_package,
    run_jobs,
    sha256_of,
    shared_parts,
    split_largest_sheet,
)
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.kinds import kind_of
from lkjip_xl.workbook.problems import Masalah
from lkjip_xl.workbook.read_ahead import return_free_memory
from lkjip_xl.workbook.reader import StructureError, check_headers
from lkjip_xl.workbook.recompute import detect_template, engine_version
from lkjip_xl.workbook.safe_write import (
    refuse_if_open,
    scratch_beside,
    sync_files,
    workbook_lock,
)

STAGING_PREFIX = ".~lkjip-distribusi-"
#: A staging folder of ours this old was left by a distribution that was killed: removed.
STALE_STAGING_SECONDS = 24 * 3600


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


def refuse_past_deadline(deadline: date | None, today: date) -> None:
    """A deadline already past when the units are sent is a mistyped date (a year, a month for
    a day): every file would come back ``late``, and the stamp cannot be changed once sent.
    Refused before anything is written (the Python API, given a date, leaves it to its caller)."""
    if deadline is not None and deadline < today:
        raise ValueError(
            f"Batas waktu {deadline.isoformat()} sudah lewat (hari ini {today.isoformat()}): "
            "setiap berkas yang kembali akan tercatat terlambat. Periksa tanggalnya, atau "
            "bagikan tanpa --batas-waktu."
        )


def _require_pengumpulan(book: FileBook) -> None:
    if PENGUMPULAN not in book.table_names():
        raise StructureError(
            f"{book.label} tidak memiliki lembar Pengumpulan (tabel {PENGUMPULAN}); buku kerja "
            "induk untuk dibagikan harus dibuat dengan templat versi ini (lkjip-xl new)."
        )


def _split(split: SplitPlan, tables: dict[str, RowsOf]) -> Cut:
    primary = tables[split.primary.name]
    per_at = [c.key for c in primary.columns].index(split.per.key)
    units: dict[str, str] = {}  # folded -> shown
    rows: dict[str, dict[str, list[Row]]] = {}
    masalah: list[Masalah] = []
    blank: list[Row] = []
    key_unit: dict[str, str] = {}
    key_at = split.primary_key
    # Keys are looked up only to place the rows of linked tables.
    key_pos = [c.key for c in primary.columns].index(key_at.key) if key_at else None
    if not split.linked:
        key_pos = None
    # A roster names its 200 units 100,000 times: each value found once is kept with its unit
    # and that unit's list of rows (None: blank).
    places: dict[tuple[type, Any], tuple[str, list[Row]] | None] = {}
    tables_split = [t.name for t in split.tables]

    def place_of(value: Any) -> tuple[str, list[Row]] | None:
        name = group_name(value)
        if name is None:
            return None
        shown = units.setdefault(name.casefold(), name)
        if shown not in rows:
            rows[shown] = {t: [] for t in tables_split}
        return shown, rows[shown][split.primary.name]

    for row in primary.rows:
        value = row.raw[per_at]
        try:
            place = places[type(value), value]
        except KeyError:
            place = places[type(value), value] = place_of(value)
        except TypeError:  # a value that is no dictionary key
            place = place_of(value)
        if place is None:
            blank.append(row)
            continue
        place[1].append(row)
        key_text = row.text_at(key_pos) if key_pos is not None else None
        if key_text is not None:
            key_unit[fold_text(key_text)] = place[0]
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
            text = row.text_at(at)
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
    return Cut(list(units.values()), rows, masalah)


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
    try:
        return _distribute(Path(master), Path(out_dir), per, deadline, new_distribution, progress)
    finally:
        # A roster's rows, freed in small pieces, handed back: a collect that follows in this
        # process (and the workers it forks) does not start on top of them.
        return_free_memory()


def _distribute(
    master: Path, folder: Path, per: str | None, deadline: date | None,
    new_distribution: bool, progress: Progress | None,
) -> Distribusi:  # fmt: skip
    refuse_if_open(master)
    # Held until the master records the distribution: a collect or another distribute of
    # this master waits, and reads the master as this run left it.
    with workbook_lock(master), no_cyclic_gc(), ExitStack() as stack:
        early = early_workers(master)
        if early is not None:
            stack.callback(early.shutdown, cancel_futures=True)
        # Where the roster sheet's rows are, found by a worker, idle until the first unit's
        # job, while this process reads the master (they were found here after its scan).
        ahead = early.submit(split_largest_sheet, master) if early is not None else None
        book = FileBook(master)
        # The master is never written through this book: the sheets it keeps for a commit
        # (a roster's, 100+ MB) are let go before it is analysed.
        book.release_parts()
        template = detect_template(book)
        _require_pengumpulan(book)
        if not new_distribution:
            _refuse_pending(master, book, template)
        split = plan(template, per if per is not None else kind_of(template).split_column)
        inputs = master_inputs(book)
        _refuse_uncomputable(inputs, master)
        fingerprint = inputs.fingerprint
        tables: dict[str, RowsOf] = {}
        counts: dict[str, int] = {}  # data rows of each table as read
        for spec in split.tables:
            data = book.read_table(spec.name)
            check_headers(spec, data)
            # Lean: a roster's input texts (~60 MB) are made again only for the few asked for.
            tables[spec.name] = read_rows(spec, data, lean=True)
            del data
            # Only the rows' input values are sent: the rest of the cells is let go of before
            # the units are made (they and the sheet were held together for the whole run).
            counts[spec.name] = tables[spec.name].let_go_of_cells()
        book.release_reads()
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
            master_fingerprint=fingerprint,
            per=split.as_dict(),
            deadline=deadline.isoformat() if deadline else None,
            settings_fingerprint=record_fingerprint(settings),
            settings=settings,
            seal_key=new_key(),
        )
        presplit = _presplit(ahead)
        shared, sheets = shared_parts(master, template, split, tables, counts, manifest, presplit)
        for holder, links in shared.dropped_links.items():
            said = Masalah.of(
                Kode.LOCAL_LINKS, varian="unit", sheet=holder, jumlah=len(links),
                tautan=", ".join(links),
            )  # fmt: skip
            result.masalah.append(said)
        del presplit, ahead  # a sheet not distributed is let go
        folder.parent.mkdir(parents=True, exist_ok=True)
        _clean_stale_staging(folder.parent)
        staging = folder.parent / f"{STAGING_PREFIX}{secrets.token_hex(4)}"
        staging.mkdir()
        try:
            order = job_order(cut)
            jobs = build_jobs(cut, split, tables, manifest, names, staging, shared, sheets, order)
            made = run_jobs(shared, jobs, len(cut.units), progress, early)
            _list_made(made, cut.units, manifest, result, folder)
            keys_back = keys_before(master)
            save_key(master, manifest)  # beside the master, never in the folder sent out
            try:
                sync_files(job.target for job, _ in made if not job.on_disk)
                manifest.save(staging / FILE_NAME)
                placed = _place(staging, folder, [*names.values(), FILE_NAME])
            except BaseException:
                keys_back()
                raise
            try:
                large = {
                    shared.geometry[name].part: without_rows(sheet)
                    for name, sheet in sheets.items()
                }
                # The master's rows and its roster sheet are let go of before it is written.
                sheets.clear()
                tables.clear()
                cut.rows.clear()
                return_free_memory()
                _record_in_master(master, template, manifest, manifest_path, result, large)
            except BaseException:
                placed()
                keys_back()  # a refusal leaves nothing behind, the key of no unit sent either
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return result


def _list_made(
    made: list[tuple[UnitJob, UnitDone]],
    units: Iterable[str],
    manifest: Manifest,
    result: Distribusi,
    folder: Path,
) -> None:
    """The units made, in the manifest and the result: as the master lists them (the
    master's Pengumpulan rows follow), whichever order they were made in."""
    at = {unit: n for n, unit in enumerate(units)}
    made.sort(key=lambda item: at[item[0].unit])
    for job, done in made:
        manifest.units.append(
            SentUnit(job.unit, job.target.name, done.sha256, job.sent, done.fingerprint)
        )
        result.masalah.extend(done.formulas)
        counts = {n: t.rows for n, t in job.sent.items()}
        path = folder / job.target.name
        result.workbooks.append(SentWorkbook(job.unit, path, counts, done.sha256))


def _presplit(ahead: Future[dict[str, RowPlaces]] | None) -> dict[str, RowPlaces]:
    """The rows' places a worker found (:func:`split_largest_sheet`); none when it could not
    (:func:`shared_parts` then finds them in the sheet it reads)."""
    if ahead is None:
        return {}
    try:
        return ahead.result()
    except Exception:  # a worker lost: the places are found again, as for a small master
        return {}


def _refuse_uncomputable(inputs: MasterInputs, master: Path) -> None:
    """A master whose Pengaturan stops its computation is not sent out: every unit would get
    that Pengaturan locked, and could neither compute nor correct it."""
    if not inputs.stopped_by:
        return
    first = inputs.stopped_by[0]
    where = f" di {first.place}" if first.place else ""
    raise ExchangeError(
        f"{master.name} tidak dibagikan: Pengaturan-nya memuat galat{where} "
        f"({first.message.rstrip('.')}), sehingga buku kerja unit tidak dapat dihitung dan "
        "Pengaturan-nya terkunci di sana; perbaiki dulu di induk (belum ada berkas yang ditulis)."
    )


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
    more = f" dan {ribuan(len(waiting) - 5)} unit lain" if len(waiting) > 5 else ""
    shown = ", ".join(waiting[:5]) + more
    raise ExchangeError(
        f"Distribusi {latest} dari {master.name} masih menunggu {ribuan(len(waiting))} unit (Belum "
        f"Kembali: {shown}). Kumpulkan dulu berkas mereka, atau mulai distribusi baru dengan "
        f"opsi --baru (berkas distribusi {latest} yang belum kembali tidak dapat dikumpulkan "
        "lagi sesudahnya)."
    )


def _check_unit_names(cut: Cut, primary: RowsOf, split: SplitPlan) -> None:
    """Every unit's name can be a stamp and part of a file name; all bad ones named at once."""
    bad = []
    for unit in cut.units:
        reason = unit_names.problem(unit)
        if reason is not None:
            first = cut.rows[unit][split.primary.name][0]
            cell = f"{primary.data.sheet}!{primary.address(first, split.per)}"
            bad.append(f"{cell} ({reason})")
    if bad:
        more = f"; dan {ribuan(len(bad) - 10)} lainnya" if len(bad) > 10 else ""
        shown = "; ".join(bad[:10]) + more
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
            f"{ribuan(len(manifest.units))} buku kerja unit (per {result.per}) dibagikan ke "
            f"{relative} (distribusi {manifest.id}{deadline}).",
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
