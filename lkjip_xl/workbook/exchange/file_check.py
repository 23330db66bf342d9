"""The checks of one file a unit sends back (:func:`check_file`), run in a worker process.

A file is archived, then its archived copy is checked: a safe package, a readable workbook of the
master's template, stamped and sealed by this distribution for one of its units, stamps, template
version and settings as sent, its distributed tables and columns present, formulas in input
cells, values that cannot be used, results older than its inputs. Any failure rejects that file
only (:func:`.kiriman.refuse_failed`).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from lkjip_xl.core.problems import Area, ribuan
from lkjip_xl.workbook.below import take_rows_below
from lkjip_xl.workbook.book import TableData
from lkjip_xl.workbook.contract import Table, Template
from lkjip_xl.workbook.contract import template as template_named
from lkjip_xl.workbook.exchange import seal, stamp
from lkjip_xl.workbook.exchange.codes import Kode
from lkjip_xl.workbook.exchange.kiriman import (
    Kiriman,
    receive,
    refuse_failed,
    refuse_other_kinds,
    safe_package,
)
from lkjip_xl.workbook.exchange.manifest import Manifest, SentTable, SentUnit
from lkjip_xl.workbook.exchange.package import ExchangeError
from lkjip_xl.workbook.exchange.rows import non_finite, read_rows
from lkjip_xl.workbook.exchange.snapshot import (
    changed_values,
    outside_record,
    record_fingerprint,
    settings_record,
)
from lkjip_xl.workbook.exchange.split import SplitPlan, plan, primary_table
from lkjip_xl.workbook.file_book import FileBook, WorkbookError
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.formulas import has_formula
from lkjip_xl.workbook.ooxml.sheet_data import (
    CELL_ELEMENT,
    CELL_R_ATTR,
    FORMULA_START,
    holds_result,
)
from lkjip_xl.workbook.patcher import Package
from lkjip_xl.workbook.problems import Masalah, Tingkat
from lkjip_xl.workbook.reader import StructureError, check_headers
from lkjip_xl.workbook.reader import read_table as read_input_table
from lkjip_xl.workbook.recompute import TINDAKAN_HITUNG, check, detect_template

INPUT_PROBLEMS_SHOWN = 3


def _inspect(item: Kiriman, package: Package, manifest: Manifest, template: Template,
             split: SplitPlan) -> None:  # fmt: skip
    """Run every check on a received file (``package``: its archived copy, opened); fill its
    unit, tables and problems (a change of its inputs outside its part is told by
    collect, against the master)."""
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
    """Whether the file's rows differ from the rows sent (a file as sent holds nothing new).

    Rows only put in another order (sorted by name, as staff do all day) are the rows sent: the
    results beside them still match them (a sort moves whole rows), and the merge finds each row
    by its key or content, wherever it is; stale results are not said of them."""
    for name, table in sent.tables.items():
        if name not in item.tables:
            continue
        hashes = [r.hash for r in item.tables[name].rows]
        if hashes != table.hashes and sorted(hashes) != sorted(table.hashes):
            return True
    return False


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
        shown += f"; dan {ribuan(len(found) - INPUT_PROBLEMS_SHOWN)} lainnya"
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
        # The package opened for every check of the file, not opened again.
        book = FileBook(item.archived, package=package, label=item.name)
        found = detect_template(book)
    except WorkbookError as exc:
        item.report(Kode.UNREADABLE, varian="buku-kerja", berkas=item.name, alasan=str(exc))
        return None
    except StructureError as exc:
        _refuse_not_template(item, package, manifest, template, exc)
        return None
    if found.name != template.name:
        item.report(Kode.WRONG_TEMPLATE, templat=found.name, templat_induk=template.name)
        return None
    stamps, claimed, refusal = _claimed_unit(package, manifest)
    if refusal is not None:
        item.masalah.append(refusal)
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


def _claimed_unit(package: Package, manifest: Manifest
                  ) -> tuple[dict[str, str], str | None, Masalah | None]:  # fmt: skip
    """The file's stamps, and the unit of the manifest they prove it is, or why they do not."""
    try:
        stamps = stamp.stamps_in(package.read(package.workbook))
    except Exception as exc:  # a defined name list that cannot be parsed safely
        return {}, None, Masalah.of(Kode.UNREADABLE, varian="nama", alasan=exc)
    distribution = stamps.get(stamp.DISTRIBUSI_ID)
    if distribution is None:
        return stamps, None, Masalah.of(Kode.NO_STAMP)
    if distribution != manifest.id:
        return stamps, None, Masalah.of(
            Kode.OTHER_DISTRIBUTION, distribusi=distribution, distribusi_induk=manifest.id
        )  # fmt: skip
    claimed = stamps.get(stamp.UNIT_DISTRIBUSI)
    sent = manifest.unit(claimed) if claimed else None
    if sent is None:
        return stamps, None, Masalah.of(
            Kode.UNKNOWN_UNIT, unit=claimed or "(kosong)", distribusi=manifest.id
        )  # fmt: skip
    found_seal = stamps.get(stamp.SEGEL_DISTRIBUSI)
    if not seal.holds(manifest, sent, found_seal):
        # The unit is not proven: the file is no unit's, and the claimed one is still awaited.
        return stamps, None, Masalah.of(
            Kode.SEAL_INVALID, varian=None if found_seal else "tanpa-segel", unit=claimed
        )  # fmt: skip
    return stamps, claimed, None


def _refuse_not_template(item: Kiriman, package: Package, manifest: Manifest,
                         template: Template, exc: StructureError) -> None:  # fmt: skip
    """A file without the template's first table: a unit's workbook of this distribution (its
    stamps and seal say so) whose table was renamed or deleted is refused as that unit's, naming
    the table it lacks, as a missing column is; any other file is no template."""
    _stamps, unit, refusal = _claimed_unit(package, manifest)
    if unit is None or refusal is not None:
        item.report(Kode.NOT_TEMPLATE, alasan=str(exc))
        return
    item.unit = unit
    primary = primary_table(template)
    if _holds_a_table(package, primary.sheet):
        alasan = (
            f"{item.name} (unit {unit}) tidak memuat tabel {primary.name} di lembar "
            f"{primary.sheet}: namanya diganti atau tabelnya dihapus; kembalikan nama tabel itu "
            f"menjadi {primary.name} lalu kirim lagi."
        )
    else:
        # No table left to rename: the range was converted, or the file went through a format
        # that keeps no tables (an .xls saved back as .xlsx); the unit's workbook as sent has it.
        sent = manifest.unit(unit)
        named = f"{sent.file}, " if sent else ""
        alasan = (
            f"{item.name} (unit {unit}) tidak lagi memuat tabel Excel di lembar {primary.sheet}: "
            "tabelnya diubah menjadi rentang biasa, atau berkas pernah disimpan dalam format yang "
            "tidak menyimpan tabel (mis. .xls atau .csv). Salin isian unit ke buku kerja yang "
            f"dibagikan kepadanya ({named}seperti dikirim saat distribusi {manifest.id}), "
            "simpan sebagai .xlsx, lalu kirim lagi."
        )
    item.report(Kode.STRUCTURE, sheet=primary.sheet, table=primary.name, alasan=alasan)


def _holds_a_table(package: Package, sheet: str) -> bool:
    try:
        return bool(package.sheet_tables(package.sheet_part(sheet)))
    except PackageError:  # the sheet is gone too
        return False


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
        labels = changed_values(manifest.settings, settings, template)
        item.report(Kode.SETTINGS_CHANGED, sheet="Pengaturan", isian="; ".join(labels))


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
    """A formula in an input cell is not trusted: its last value is merged, and that is said;
    a formula whose result the file never stored (a script's, not opened in Excel since)
    rejects the file, since its cell reads as blank and would wipe the master's value."""
    xml = book.sheet_xml(data.sheet)
    if xml is None:
        xml = package.read(package.sheet_part(data.sheet))
    if not has_formula(xml):  # the pattern's answer, at memchr speed
        return
    inputs = {data.column_letter(c.name) for c in spec.input_columns}
    first, last = data.excel_row(0), data.excel_row(len(data.rows) - 1)
    cells, blanks = [], []
    for m in CELL_ELEMENT.finditer(xml):
        ref = CELL_R_ATTR.search(xml, m.start(1) - 1, m.end(1))
        if not (ref and m.group(2) and FORMULA_START.search(m.group(2))):
            continue
        letters, row = ref.group(1).decode(), int(ref.group(2))
        if letters in inputs and first <= row <= last:
            cells.append(f"{letters}{row}")
            if not holds_result(m.group(1), m.group(2)):
                blanks.append(cells[-1])
    if cells:
        item.report(Kode.FORMULA_INPUT, sheet=data.sheet, cell=cells[0], table=spec.name,
                    sel=_some(cells))  # fmt: skip
    if blanks:
        item.report(
            Kode.FORMULA_WITHOUT_VALUE, varian="kiriman", sheet=data.sheet, cell=blanks[0],
            table=spec.name, jumlah=len(blanks), sel=_some(blanks),
        )  # fmt: skip


def _some(cells: list[str]) -> str:
    rest = f" dan {ribuan(len(cells) - 5)} sel lain" if len(cells) > 5 else ""
    return ", ".join(cells[:5]) + rest


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
    one recomputed since is checked in full. There, results typed over after the recompute are
    told as the check tells them (a warning: the master computes its own), never refused.
    """
    edited: list[Masalah] = []
    try:
        last = _last_recompute(book)
        stale = last is None or last == sent.fingerprint
        if not stale:
            found = check(book).masalah
            codes = {m.code for m in found}
            stale = bool(codes & {Kode.STALE_RESULTS, Kode.NEVER_COMPUTED})
            edited = [m for m in found if m.code is Kode.RESULT_EDITED]
    except (StructureError, WorkbookError, KeyError, ValueError):
        return
    if stale:
        item.report(Kode.STALE_RESULTS, varian="kiriman", sheet="Log")
    item.masalah.extend(edited)


@dataclass
class Checks:
    """What every received file is checked against (sent once to each worker process)."""

    archive: Path
    now: datetime
    record: Manifest
    template: str
    per: str | None


def check_file(checks: Checks, path: Path) -> Kiriman:
    """Receive, archive and check one file; any failure rejects that file only."""
    item = Kiriman(path, checks.now)
    try:
        item = receive(path, checks.archive, checks.now)
        if item.rejected:
            return item
        assert item.archived is not None
        if _as_distributed(item, checks):
            return item  # the distributed workbook itself: its kind is not asked
        refuse_other_kinds(item)
        if item.rejected:
            return item
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


def _as_distributed(item: Kiriman, checks: Checks) -> bool:
    """Whether the file is, byte for byte, the workbook distribute wrote for a unit (its
    SHA-256 is the one the manifest records for that unit), and is taken as sent without being
    opened: every check of it would find what the distribution itself made, stamped, sealed and
    recorded (its stamps, seal, settings, template version and rows are the manifest's), once
    that hash is proven distribute's by its seal (:func:`.seal.hash_sealed`). A unit
    whose rows as sent hold a key twice is checked in full (the merge reports those rows), as is
    a record without the unit's tables. Only what depends on the day is still told (late)."""
    record = checks.record
    sent = next((u for u in record.units if u.sha256 and u.sha256 == item.sha256), None)
    if sent is None or not seal.hash_sealed(record, sent):
        return False  # a hash anyone could have written into the manifest: checked in full
    split = plan(template_named(checks.template), checks.per)
    for spec in split.tables:
        table = sent.tables.get(spec.name)
        if table is None or _key_repeated(table):
            return False
    item.unit = sent.unit
    item.rows = len(sent.tables[split.primary.name].hashes)
    if record.deadline and item.received.date() > date.fromisoformat(record.deadline):
        item.report(Kode.LATE, batas_waktu=record.deadline)
    item.as_sent = True
    return True


def _key_repeated(table: SentTable) -> bool:
    """Whether two rows sent hold one key, as :attr:`.rows.Row.identity` folds it. A key of
    one text (a roster's NIP) is folded here without the identities of the rows (a tuple
    each, made for nothing when the file is taken as sent: ~0.7 ms of a worker's CPU per
    unit of 500 rows)."""
    keys = table.keys
    if keys is not None and all(len(key) == 1 for key in keys):
        folded = [key[0][2:].strip().upper() for key in keys if key[0] is not None]
        return len(set(folded)) != len(folded)
    found = [i for i in table.identities() if i[0] == "k"]
    return len(set(found)) != len(found)
