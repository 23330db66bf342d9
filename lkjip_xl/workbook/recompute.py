"""``recompute(book)`` and ``check(book)``, written once against the :class:`Book` protocol.

Both read every input, run the core and collect every problem; recompute then writes the computed
cells (and nothing else) and a Log row with a fingerprint of the inputs, so that a later check can
tell when results are older than the inputs. This module only orchestrates: the book's kind
(:mod:`lkjip_xl.workbook.kinds`) says which computation (:mod:`lkjip_xl.workbook.compute`) runs.
"""

from __future__ import annotations

import os
from contextlib import suppress
from datetime import datetime
from importlib import import_module

from lkjip_xl.core.problems import ribuan
from lkjip_xl.workbook import kinds
from lkjip_xl.workbook.below import take_rows_below
from lkjip_xl.workbook.book import Book
from lkjip_xl.workbook.compute.base import Analisis, MissingResultError
from lkjip_xl.workbook.contract import Template
from lkjip_xl.workbook.problems import Kode, Laporan, Masalah
from lkjip_xl.workbook.reader import StructureError, identitas_problems, read_names

__all__ = [
    "TINDAKAN_HITUNG",
    "TINDAKAN_PERIKSA",
    "Analisis",
    "analyse",
    "check",
    "detect_template",
    "engine_version",
    "recompute",
]

TINDAKAN_HITUNG = "Hitung Ulang"
TINDAKAN_PERIKSA = "Periksa"


def engine_version() -> str:
    """The installed version: the package's metadata is built from :mod:`lkjip_xl.versi`."""
    from lkjip_xl.versi import VERSI

    return VERSI


def detect_template(book: Book) -> Template:
    """The template whose first data table the book holds (tblIndikator, tblPegawai)."""
    return kinds.detect(book).template


def _load_while_reading(book: Book, *, writes: bool) -> None:
    """Import what the run needs while a file book's largest table is still being read in a
    worker thread (:mod:`lkjip_xl.workbook.read_ahead`): the first read of a setting waits for
    it, and these modules (the kind's computation, the report it plans, the patcher) were
    imported after it, in the rules' own time (~0.05 s of a `hitung`). A live Excel
    book reads as it is asked (and each look at it is a call into Excel): nothing is done."""
    reading = getattr(book, "reading", None)
    if not callable(reading) or not reading():
        return
    with suppress(StructureError):  # not a template: analyse says so, as it always did
        kinds.detect(book).analyse  # noqa: B018 (the property imports the computation)
    if writes:
        import getpass  # noqa: F401 (the Log's user)

        from lkjip_xl.workbook.compute.laporan import WRITING_MODULES

        for module in WRITING_MODULES:  # the Laporan sheet's rewrite, which a check never makes
            import_module(module)

        ready = getattr(book, "prepare_commit", None)  # a file book's patcher
        if callable(ready):
            ready()


def analyse(book: Book) -> Analisis:
    """Read, check and compute ``book`` by its kind's rules; the writes are planned, not done."""
    kind = kinds.detect(book)
    template = kind.template
    values, problems = read_names(book, template)
    if any(p.code is Kode.MISSING_NAME for p in problems):
        raise StructureError(problems[0].message)
    laporan = Laporan(template.name, book.label)
    stored = kind.upgrade(book, book.read_name("Versi_Template"))
    if stored is not None and str(stored).strip() != template.version:
        laporan.masalah.append(
            Masalah.of(
                Kode.TEMPLATE_VERSION,
                varian="lama" if kinds.is_older(stored, template) else None,
                sheet="Identitas",
                versi=stored,
                versi_mesin=template.version,
                perintah=kinds.upgrade_command(book),
            )
        )
    laporan.masalah.extend(_reading_problems(book, template))
    laporan.masalah.extend(identitas_problems(book, template, values))
    rows_below = take_rows_below(book, template)
    laporan.masalah.extend(found.masalah() for found in rows_below)
    analisis = kind.analyse(book, template, values, laporan)
    analisis.rows_below = rows_below
    if analisis.tulis:  # computed: every declared result must have been produced
        analisis.require_complete()
    return analisis


def _reading_problems(book: Book, template: Template) -> list[Masalah]:
    """What the reader itself found: a file book names the data it left unread far outside
    every table and the input cells whose formulas' results the file never stored (a live
    Excel book reads only what it is asked, and calculates: it has neither)."""
    found: list[Masalah] = []
    formulas = getattr(book, "formula_problems", None)
    if callable(formulas):
        inputs = {t.name: {c.name for c in t.input_columns} for t in template.tables}
        found.extend(formulas(inputs))
    far = getattr(book, "reading_problems", None)
    found.extend(far() if callable(far) else [])
    return found


def _log_row(template: Template, tindakan: str, analisis: Analisis, keterangan: str) -> list:
    laporan = analisis.laporan
    user = os.environ.get("LKJIP_USER") or _user()
    values = {
        "waktu": datetime.now().replace(microsecond=0),
        "pengguna": user,
        "tindakan": tindakan,
        "versi_mesin": engine_version(),
        "aturan": analisis.aturan,
        "sidik_jari_masukan": laporan.fingerprint,
        "galat": len(laporan.galat),
        "peringatan": len(laporan.peringatan),
        "keterangan": keterangan,
    }
    columns = template.table("tblLog").columns
    for column in columns:
        if column.key not in values:
            raise MissingResultError(template.name, "tblLog", column.name)
    return [values[c.key] for c in columns]


def _user() -> str:
    import getpass  # only a recompute writes the Log's user: a check need not load it

    try:
        return getpass.getuser()
    except Exception:  # no login name in some services
        return "-"


def recompute(book: Book) -> Laporan:
    """Compute every figure and write the computed cells and a Log row into ``book``.

    Rows typed right under an input table are taken into it: its range is extended, and the
    check's warning about them becomes a note (the Log's Keterangan, ``Laporan.catatan``).
    """
    _load_while_reading(book, writes=True)
    analisis = analyse(book)
    laporan = analisis.laporan
    for found in analisis.rows_below:
        book.extend_table(found.table)
        laporan.catatan.append(found.note())
    laporan.masalah = [m for m in laporan.masalah if m.code is not Kode.ROWS_BELOW_TABLE]
    for write in analisis.tulis:
        write(book)
    galat = len(laporan.galat)
    keterangan = "Dihitung ulang."
    if galat:
        keterangan = f"Dihitung ulang; {ribuan(galat)} galat, lihat Catatan/Saran."
    if not analisis.tulis:
        keterangan = "Tidak dihitung: perbaiki Pengaturan dulu."
    keterangan = " ".join([keterangan, *laporan.catatan])
    log = book.read_table("tblLog")
    book.append_row(log, _log_row(analisis.template, TINDAKAN_HITUNG, analisis, keterangan))
    return laporan


def check(book: Book) -> Laporan:
    """Every problem of ``book``, including results older than the inputs and results that
    are not what the rules give from them (typed over); writes nothing."""
    release = getattr(book, "release_parts", None)  # a file book keeps sheets for a write
    if callable(release):
        release()
    _load_while_reading(book, writes=False)
    analisis = analyse(book)
    laporan = analisis.laporan
    record = _last_recompute(book, analisis.template)
    last = None if record is None else record.get("sidik_jari_masukan")
    last = None if last is None else str(last)
    if last is None:
        if analisis.ada_isian:
            laporan.masalah.append(Masalah.of(Kode.NEVER_COMPUTED, sheet="Log"))
    elif last != laporan.fingerprint:
        laporan.masalah.append(Masalah.of(Kode.STALE_RESULTS, sheet="Log"))
    elif analisis.tulis and not any(m.code is Kode.TEMPLATE_VERSION for m in laporan.masalah):
        # The inputs of the last recompute: its results must still be there. A workbook of
        # another template version was computed by other declarations (it is told to upgrade).
        from lkjip_xl.workbook.result_check import edited_results

        assert record is not None
        made = f"versi mesin {record.get('versi_mesin')}, aturan {record.get('aturan')}"
        now = f"versi mesin {engine_version()}, aturan {analisis.aturan}"
        writes = [w for w in analisis.tulis if w is not analisis.tulis_laporan]
        laporan.masalah.extend(edited_results(book, writes, made=made, now=now))
    return laporan


def _last_recompute(book: Book, template: Template) -> dict[str, object] | None:
    """The Log's last Hitung Ulang row, by column key; None when there is none."""
    log = book.read_table("tblLog")
    spec = template.table("tblLog")
    keys = {c.name: c.key for c in spec.columns}
    for row in reversed(log.rows):
        record = {keys.get(h, h): v for h, v in zip(log.headers, row, strict=False)}
        if record.get("tindakan") == TINDAKAN_HITUNG:
            return record
    return None
