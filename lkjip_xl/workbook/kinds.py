"""The registry of template kinds: what each kind of workbook is, computes, and how it travels.

A kind joins, under one name (``kinerja``, ``ipasn``):

- its declaration (:class:`~lkjip_xl.workbook.contract.Template`, built by the contract);
- its computation, ``analyse(book, template, values, laporan) -> Analisis``, which ``recompute``
  and ``check`` run (:mod:`lkjip_xl.workbook.compute`);
- the input column of its first data table that ``distribute`` splits by when ``--per`` is not
  given;
- its example workbooks for ``lkjip-xl demo`` (which example data fills them, into which file);
- its upgrade hook: how a workbook of an older template version is brought up to this one.

Everything that depends on the kind looks it up here (recompute, check, distribute, demo, the
command line), so adding a kind is: declare its template in the contract, write its computation,
and add one :class:`Kind` to :data:`KINDS`. A name that is not registered fails with one
Indonesian sentence naming the known kinds.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from lkjip_xl.workbook.book import Book
from lkjip_xl.workbook.contract import TEMPLATES, Role, SheetKind, Table, Template, template
from lkjip_xl.workbook.contract.types import version_key
from lkjip_xl.workbook.problems import Laporan
from lkjip_xl.workbook.reader import StructureError

if TYPE_CHECKING:  # openpyxl is imported only to make a workbook, never to recompute one
    from openpyxl import Workbook

    from lkjip_xl.workbook.compute.base import Analisis


class Analyse(Protocol):
    """A kind's computation: read the inputs, run the core, plan the writes; write nothing."""

    def __call__(
        self, book: Book, template: Template, values: dict[str, Any], laporan: Laporan
    ) -> Analisis: ...


class Upgrade(Protocol):
    """Bring ``book``, stamped with template version ``stored``, up to the kind's version.

    Returns the version the book is at afterwards; when that is not the kind's version, the
    reader reports ``template-version`` (a warning; ``collect`` refuses such a unit workbook).
    """

    def __call__(self, book: Book, stored: Any) -> Any: ...


def keep_version(book: Book, stored: Any) -> Any:
    """No upgrade path (only the current template version exists): the book stays as it is."""
    return stored


def is_older(stored: Any, spec: Template) -> bool:
    """Whether a workbook stamped ``stored`` was made from an earlier version of ``spec``."""
    return stored is not None and version_key(stored) < version_key(spec.version)


def upgrade_command(book: Book) -> str:
    """The command that upgrades ``book``, as a user types it."""
    return f"lkjip-xl perbarui {book.label}"


def refuse_older_layout(spec: Template) -> Upgrade:
    """The upgrade hook of a template whose previous versions lack tables or columns: refuse
    such a book, pointing to ``lkjip-xl perbarui``.

    A workbook of another version whose tables lack a table or column of this one is refused
    whole, with one sentence naming both versions and the command that upgrades it (it carries
    every input into the current template, keeps the old file, and recomputes): before
    anything is computed or written, so neither ``check`` nor ``recompute`` can leave a
    half-written file. It is not upgraded in place by them: the new columns sit between
    existing ones on sheets with charts and formulas reading them, and a :class:`Book` writes
    values into existing cells only. A book whose layout is complete goes on (a differing
    version is then only the ``template-version`` warning, which names the command too).
    """

    def upgrade(book: Book, stored: Any) -> Any:
        if stored is None or str(stored).strip() == spec.version:
            return stored
        present = set(book.table_names())
        gaps = []
        for table in spec.tables:
            if table.name not in present:
                gaps.append(f"tabel {table.name} belum ada")
                continue
            headers = set(book.read_table(table.name).headers)
            missing = [c.name for c in table.columns if c.name not in headers]
            if missing:
                gaps.append(f"tabel {table.name} belum memiliki kolom {', '.join(missing)}")
        if gaps:
            raise StructureError(
                f"{book.label} memakai templat {spec.name} versi {str(stored).strip()}, "
                f"sedangkan mesin ini memerlukan versi {spec.version} ({'; '.join(gaps)}); "
                f"jalankan '{upgrade_command(book)}' untuk memperbaruinya (semua isian dibawa "
                "dan berkas lama disimpan di sebelahnya)."
            )
        return stored

    return upgrade


@dataclass(frozen=True)
class Demo:
    """An example workbook: example data ``name`` filled by ``make`` and saved as ``file_name``."""

    name: str
    file_name: str
    make: Callable[[str], Workbook]

    def workbook(self) -> Workbook:
        return self.make(self.name)


@dataclass(frozen=True)
class Kind:
    """A kind of workbook: its template, computation, split column, demos and upgrade."""

    template: Template
    #: The module holding the kind's ``analyse``, named rather than imported: a click on a
    #: kinerja workbook runs in a fresh process and need not load the IP-ASN computation.
    computation: str
    split_column: str  # key of an input column of the first data table
    demos: tuple[Demo, ...] = ()
    upgrade: Upgrade = keep_version

    def __post_init__(self) -> None:
        column = self.primary_table.column(self.split_column)
        if column.role is Role.COMPUTED:
            raise ValueError(f"{self.name}: split column {column.name!r} is not an input")

    @property
    def name(self) -> str:
        return self.template.name

    @property
    def analyse(self) -> Analyse:
        """The kind's computation (its module imported on first use)."""
        return cast(Analyse, import_module(self.computation).analyse)

    @property
    def primary_table(self) -> Table:
        """The first table of the first data sheet: it identifies the kind and is split."""
        for sheet in self.template.sheets:
            if sheet.kind is SheetKind.DATA and sheet.tables:
                return sheet.tables[0]
        raise ValueError(f"template {self.name} has no data table")


def _kinerja_workbook(name: str) -> Workbook:
    from lkjip_xl.workbook.demo_books import kinerja_workbook

    return kinerja_workbook(name)


def _ipasn_workbook(name: str) -> Workbook:
    from lkjip_xl.workbook.demo_books import ipasn_workbook

    return ipasn_workbook(name)


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            template("kinerja"),
            "lkjip_xl.workbook.compute.kinerja",
            split_column="sasaran",
            demos=(
                Demo("kinerja-000", "LKjIP-2021-BKPSDM-Bontang.xlsx", _kinerja_workbook),
                Demo("kinerja-001", "LKjIP-2020-BKD-Kaltim.xlsx", _kinerja_workbook),
            ),
            upgrade=refuse_older_layout(template("kinerja")),
        ),
        Kind(
            template("ipasn"),
            "lkjip_xl.workbook.compute.ipasn",
            split_column="unit_kerja",
            demos=(Demo("ipasn-000", "IPASN-2021-Kota-Bontang.xlsx", _ipasn_workbook),),
            upgrade=refuse_older_layout(template("ipasn")),
        ),
    )
}

if set(KINDS) != set(TEMPLATES):  # a declared template nobody computes, or the reverse
    raise RuntimeError(f"kinds {sorted(KINDS)} do not match the templates {sorted(TEMPLATES)}")


def _or(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} atau {names[-1]}"


def kind(name: str) -> Kind:
    """The kind called ``name``; ValueError (one Indonesian sentence) for an unknown one."""
    try:
        return KINDS[name]
    except KeyError:
        known = ", ".join(sorted(KINDS))
        raise ValueError(f"Jenis templat {name!r} tidak dikenal; yang tersedia: {known}.") from None


def kind_of(spec: Template) -> Kind:
    """The kind a template declaration belongs to."""
    return kind(spec.name)


def detect(book: Book) -> Kind:
    """The kind whose first data table the book holds (tblIndikator, tblPegawai)."""
    tables = set(book.table_names())
    for candidate in KINDS.values():
        if candidate.primary_table.name in tables:
            return candidate
    wanted = _or([k.primary_table.name for k in KINDS.values()])
    raise StructureError(f"{book.label} bukan templat lkjip_xl (tidak ada tabel {wanted}).")


def find_demo(name: str) -> Demo:
    """The example workbook called ``name`` (``kinerja-000``), whichever kind it belongs to."""
    demos = {d.name: d for k in KINDS.values() for d in k.demos}
    try:
        return demos[name]
    except KeyError:
        known = ", ".join(demos)
        raise ValueError(f"Contoh {name!r} tidak dikenal; yang tersedia: {known}.") from None


def build_templates(out_dir: str | os.PathLike[str], *, xlsm: bool = False) -> list[Path]:
    """Every kind's template into ``out_dir``: ``<kind>.xlsx``, and with ``xlsm`` its
    macro-enabled twin ``<kind>.xlsm`` (what ``lkjip-xl templates build`` writes)."""
    from lkjip_xl.workbook.builder import build_template

    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [build_template(k.name, folder / k.template.file_name) for k in KINDS.values()]
    if xlsm:
        # Only template builds need the VBA tooling (and the network modules it pulls in).
        from lkjip_xl.workbook.xlsm import build_xlsm, xlsm_file_name

        paths += [build_xlsm(k.name, folder / xlsm_file_name(k.template)) for k in KINDS.values()]
    return paths
