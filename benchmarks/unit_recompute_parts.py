"""Which parts of a unit's workbook its engine recompute changes, for masters whose last
recompute is current: the ground a distribute without a recompute per unit would stand on.

Run: python benchmarks/unit_recompute_parts.py FOLDER [MASTER...]
(``FOLDER`` as ``distribute_digests.py prepare`` makes it; default: every master in it).

Each master is distributed as ``bagikan`` does it, the unit's scratch package copied aside
just before :func:`~lkjip_xl.workbook.recompute.recompute` runs on it; the unit written is then
compared with that copy part by part. Printed per master: whether it is current (its Log's last
``Hitung Ulang`` fingerprint is the fingerprint of its inputs now), and each part that differs,
by sheet name where it is a worksheet, with the number of units in which it does. The writes
made in the same book before the recompute (the ``Log``'s distribution row, ``Pengumpulan``)
are in the difference too: they are committed with the recompute's.

Found (2026-12-07, on the masters of ``distribute_digests.py prepare --large``, all current):
no data sheet (``Indikator``, ``Pegawai``) and no ``workbook.xml`` ever differs; the recompute
rewrites the result sheets, the Log, their tables' ranges and the charts' caches only; every
roster unit's fingerprint is the master's rows grouped by unit hashed (100,000 employees in 200
units: 0.37 s CPU for all, against ~45 ms of recompute in each unit). But a current Log does not
prove a unit's result cells current: a master whose input was edited after its recompute (not
current) has the edited row's unit's ``Pegawai`` rewritten, as expected, and so has a master
still current by its Log whose *result* cell (``Nilai IP ASN``) was typed over: results are not
in the fingerprint. A unit made without its recompute would keep that typed value.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pandas as pd

from lkjip_xl.workbook import kinds
from lkjip_xl.workbook import recompute as recompute_module
from lkjip_xl.workbook.contract import Table
from lkjip_xl.workbook.exchange import unit_build
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.exchange.master_fingerprint import master_fingerprint
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.reader import TabelMasukan, fingerprint, read_names, read_table

PER = {"kinerja-001-sasaran": "Sasaran", "kinerja-001-polaritas": "Polaritas"}


def last_computed(book: FileBook) -> str | None:
    """The fingerprint of the Log's last ``Hitung Ulang`` row (None: never recomputed)."""
    log = book.read_table("tblLog")
    action, stamp = log.column_index("Tindakan"), log.column_index("Sidik Jari Masukan")
    if action is None or stamp is None:
        return None
    for row in reversed(log.rows):
        if row[action] == recompute_module.TINDAKAN_HITUNG:
            return str(row[stamp])
    return None


def grouped_fingerprints(master: Path, units: list[Path]) -> tuple[int, int, float]:
    """For a roster (``ipasn``): how many units' Log fingerprints equal the fingerprint of the
    master's table grouped by ``Unit Kerja`` (the split), and how many differ; and the CPU
    seconds that grouping and hashing took for all units at once."""
    book = FileBook(master)
    template = kinds.detect(book).template
    values, _ = read_names(book, template)
    spec = template.table("tblPegawai")
    frame = read_table(book, spec).frame
    start = time.process_time()
    groups = dict(tuple(frame.groupby("unit_kerja", sort=False, dropna=False)))
    mine = {
        key: fingerprint([cast("TabelMasukan", _Frame(spec, group))], values)
        for key, group in groups.items()
    }
    seconds = time.process_time() - start
    equal = 0
    for unit in units:
        own = FileBook(unit)
        equal += mine.get(read_table(own, spec).frame["unit_kerja"].iloc[0]) == last_computed(own)
    return equal, len(units) - equal, seconds


@dataclass
class _Frame:
    """What :func:`~lkjip_xl.workbook.reader.fingerprint` reads of a table."""

    spec: Table
    frame: pd.DataFrame


def sheet_names(path: Path) -> dict[str, str]:
    """Worksheet part -> sheet name."""
    with zipfile.ZipFile(path) as archive:
        from lkjip_xl.workbook.patcher import Package

        return {part: name for name, part in Package(archive).worksheets().items() if part}


_MAKE, _RECOMPUTE = unit_build._make_unit, unit_build.recompute
_WATCH: dict[str, Any] = {}  # the scratch folder, the unit being made (inherited by workers)


def _making(job: Any, *args: Any, **kwargs: Any) -> Any:
    _WATCH["target"] = job.target.name
    return _MAKE(job, *args, **kwargs)


def _recomputing(book: Any) -> Any:
    shutil.copy(book.path, _WATCH["scratch"] / _WATCH["target"])
    return _RECOMPUTE(book)


def watch(master: Path, out: Path, per: str | None, scratch: Path) -> None:
    """Distribute ``master`` into ``out``; each unit's package as it was before its recompute
    copied into ``scratch`` under the unit's file name (a unit made again, with the master's
    Laporan sheet, overwrites its first copy)."""
    _WATCH["scratch"] = scratch
    unit_build._make_unit, unit_build.recompute = _making, _recomputing  # type: ignore[assignment]
    try:
        distribute(master, out, per)
    finally:
        unit_build._make_unit, unit_build.recompute = _MAKE, _RECOMPUTE  # type: ignore[assignment]


def main() -> None:
    folder = Path(sys.argv[1])
    names = sys.argv[2:] or sorted(p.name for p in folder.iterdir() if p.is_dir())
    for name in names:
        work = Path(tempfile.mkdtemp(prefix="lkjip-unit-parts-"))
        try:
            master = work / "induk.xlsx"
            shutil.copy(folder / name / "induk.xlsx", master)
            book = FileBook(master)
            now, last = master_fingerprint(book), last_computed(book)
            del book
            (work / "before").mkdir()
            # Forked workers inherit the watch (ProcessPoolExecutor forks on Linux).
            watch(master, work / "kirim", PER.get(name), work / "before")
            sheets = sheet_names(master)
            changed: Counter[str] = Counter()
            units = sorted((work / "kirim").glob("*.xlsx"))
            for unit in units:
                with zipfile.ZipFile(work / "before" / unit.name) as a, zipfile.ZipFile(unit) as b:
                    for part in sorted(set(a.namelist()) | set(b.namelist())):
                        inside = part in a.namelist() and part in b.namelist()
                        if not inside or a.read(part) != b.read(part):
                            changed[f"{part} ({sheets[part]})" if part in sheets else part] += 1
            state = "current" if last == now else f"NOT current (Log {last}, inputs {now})"
            print(f"{name}: {len(units)} units, master {state}")
            for part, count in sorted(changed.items()):
                print(f"  {part}: {count}")
            if "tblPegawai" in FileBook(master).table_names():
                equal, differ, seconds = grouped_fingerprints(master, units)
                print(f"  units' fingerprints from the master's rows grouped by unit: {equal} "
                      f"equal, {differ} differ ({seconds:.3f} s CPU for all)")  # fmt: skip
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
