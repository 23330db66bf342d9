"""Distribute the same masters with two versions of the code, and tell whether they wrote the
same unit workbooks, manifest and master, byte for byte (and how much CPU each spent).

Run, from each worktree in turn (the code imported is the worktree's: ``PYTHONPATH=$PWD``):

    python benchmarks/distribute_digests.py prepare FOLDER [--large]
    python benchmarks/distribute_digests.py run FOLDER OUT.json

``prepare`` builds the masters once: the demos (``kinerja-000``, ``kinerja-001`` per Sasaran and
per Polaritas, ``ipasn-000``), a recomputed roster of 3,000 employees in 30 units and the
same in 2 (units of more rows than one split of :mod:`.package` renumbers) and, with
``--large``, ``bench_collect.py``'s master (100,000 employees in 200 units). ``run`` distributes a
copy of each with the clock, the user and the random parts (distribution id, seal key) fixed,
prints wall and CPU time, and writes the SHA-256 of every member of every unit workbook, of the
manifest and of every member of the master as recorded to OUT.json: two runs of the same inputs
compare equal when the two versions wrote the same bytes.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import resource
import secrets
import shutil
import sys
import tempfile
import time
import zipfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

#: Master folder name -> the split column (None: the kind's default).
MASTERS = {
    "kinerja-000": None,
    "kinerja-001-sasaran": "Sasaran",
    "kinerja-001-polaritas": "Polaritas",
    "ipasn-000": None,
    "roster-3000": None,
    "roster-3000-in-2": None,
    "roster-100000": None,
}


class _Fixed(datetime):
    """The clock of every run: the same Log times and distribution id, the same bytes."""

    @classmethod
    def now(cls, tz=None):
        return cls(2026, 1, 2, 12, 0, 0)


def prepare(folder: Path, large: bool) -> None:
    from roster import roster_workbook

    from lkjip_xl.workbook.api import recompute_file
    from lkjip_xl.workbook.demo import build_demo
    from lkjip_xl.workbook.safe_write import backups

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in ("kinerja-000", "kinerja-001", "ipasn-000"):
        path, _ = build_demo(name, folder / "demo")
        targets = [f"{name}-sasaran", f"{name}-polaritas"] if name == "kinerja-001" else [name]
        for target in targets:
            (folder / target).mkdir()
            shutil.copy(path, folder / target / "induk.xlsx")
    sizes = [(3000, 30, ""), (3000, 2, "-in-2")] + ([(100_000, 200, "")] if large else [])
    for rows, units, suffix in sizes:
        (folder / f"roster-{rows}{suffix}").mkdir()
        master = folder / f"roster-{rows}{suffix}" / "induk.xlsx"
        shutil.copy(roster_workbook(rows, units=units), master)
        recompute_file(master)
        for backup in backups(master):
            backup.unlink()
    shutil.rmtree(folder / "demo")
    print(f"prepared {folder}")


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _members(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: _sha(archive.read(info)) for info in archive.infolist()}


def _fix_randomness() -> None:
    counter = itertools.count()

    def token_hex(nbytes: int | None = None) -> str:
        return f"{next(counter):0{2 * (nbytes or 32)}x}"

    secrets.token_hex = token_hex  # type: ignore[assignment]


def run(folder: Path, out: Path) -> None:
    os.environ["LKJIP_USER"] = "bench"
    import lkjip_xl.workbook.exchange.distribute as distribute_module
    import lkjip_xl.workbook.exchange.records as records
    import lkjip_xl.workbook.recompute as recompute_module

    for module in (distribute_module, records, recompute_module):
        module.datetime = _Fixed  # type: ignore[attr-defined]
    digests: dict[str, object] = {}
    work = Path(tempfile.mkdtemp(prefix="lkjip-distribute-digests-"))
    try:
        for name, per in MASTERS.items():
            if not (folder / name).is_dir():
                continue
            _fix_randomness()
            shutil.copytree(folder / name, work / name)
            master, out_dir = work / name / "induk.xlsx", work / name / "kirim"
            start, cpu0 = time.perf_counter(), _cpu()
            result = distribute_module.distribute(master, out_dir, per=per)
            wall, cpu = time.perf_counter() - start, _cpu() - cpu0
            print(f"{name}: {len(result.workbooks)} workbooks, {wall:.2f} s wall, "
                  f"{cpu:.2f} s CPU")  # fmt: skip
            files = {p.name: _members(p) for p in sorted(out_dir.glob("*.xlsx"))}
            digests[name] = {
                "units": files,
                "manifest": _sha(result.manifest.read_bytes()),
                "master": _members(master),
                "kept": [_sha(p.read_bytes()) for p in sorted(master.parent.glob("*.sebelumnya*"))],
            }
            shutil.rmtree(work / name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n")


def main() -> None:
    if len(sys.argv) >= 3 and sys.argv[1] == "prepare":
        prepare(Path(sys.argv[2]), "--large" in sys.argv[3:])
    elif len(sys.argv) == 4 and sys.argv[1] == "run":
        run(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
