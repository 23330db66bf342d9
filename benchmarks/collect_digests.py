"""Collect the same 200 returned workbooks into the same master with two versions of the code,
and tell whether they wrote the same master, byte for byte (and how much CPU each spent).

Run, from each worktree in turn (the code imported is the worktree's: ``PYTHONPATH=$PWD``):

    python benchmarks/collect_digests.py prepare FOLDER [UNITS] [ROWS_PER_UNIT]
    python benchmarks/collect_digests.py run FOLDER OUT.json

``prepare`` builds once what ``bench_collect.py`` builds (a recomputed master distributed to
UNITS units, every tenth unit's workbook edited); ``run`` collects a copy of FOLDER with the
clock and the user fixed (the Log, the Pengumpulan rows and the archive names hold them), prints
wall and CPU time (this process and its worker processes), and writes the SHA-256 of the master
file, of each of its members, of the version kept before it and of the collection's result to
OUT.json: two runs of the same inputs compare equal when the two versions wrote the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


class _Fixed(datetime):
    """The clock of every run: the same Log and Pengumpulan times, the same bytes."""

    @classmethod
    def now(cls, tz=None):
        return cls(2026, 1, 2, 12, 0, 0)


def prepare(folder: Path, units: int, per_unit: int) -> None:
    from bench_collect import edit_unit
    from roster import roster_workbook

    from lkjip_xl.workbook.api import recompute_file
    from lkjip_xl.workbook.exchange.distribute import distribute

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    master = folder / "induk.xlsx"
    shutil.copy(roster_workbook(units * per_unit, units=units), master)
    recompute_file(master)
    sent = distribute(master, folder / "kirim")
    for n, workbook in enumerate(sent.workbooks):
        if n % 10 == 0:
            edit_unit(workbook.path, n)
    for kept in folder.glob("*.sebelumnya*"):
        kept.unlink()
    print(f"prepared {folder}: {len(sent.workbooks)} workbooks")


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def run(folder: Path, out: Path) -> None:
    os.environ["LKJIP_USER"] = "bench"
    import lkjip_xl.workbook.exchange.collect as collect_module
    import lkjip_xl.workbook.exchange.records as records
    import lkjip_xl.workbook.recompute as recompute_module

    for module in (collect_module, records, recompute_module):
        module.datetime = _Fixed
    work = Path(tempfile.mkdtemp(prefix="lkjip-collect-digests-")) / "run"
    shutil.copytree(folder, work)
    master = work / "induk.xlsx"
    files = sorted((work / "kirim").glob("*.xlsx"))
    (own0, workers0), start = _cpu(), time.perf_counter()
    result = collect_module.collect(master, files)
    wall = time.perf_counter() - start
    own1, workers1 = _cpu()
    print(f"collect: {wall:.2f} s wall, {own1 - own0 + workers1 - workers0:.2f} s CPU "
          f"(this process {own1 - own0:.2f}, workers {workers1 - workers0:.2f})")  # fmt: skip
    digests = {"master": _sha(master.read_bytes())}
    with zipfile.ZipFile(master) as archive:
        for info in archive.infolist():
            digests[info.filename] = _sha(archive.read(info))
    digests["kept"] = [_sha(p.read_bytes()) for p in sorted(work.glob("*.sebelumnya*"))]
    said = json.dumps(result.as_dict(), default=str, sort_keys=True).replace(str(work), "RUN")
    digests["result"] = _sha(said.encode())
    out.write_text(json.dumps(digests, indent=1) + "\n")
    shutil.rmtree(work.parent, ignore_errors=True)


def main() -> None:
    if len(sys.argv) >= 3 and sys.argv[1] == "prepare":
        units = int(sys.argv[3]) if len(sys.argv) > 3 else 200
        per_unit = int(sys.argv[4]) if len(sys.argv) > 4 else 500
        prepare(Path(sys.argv[2]), units, per_unit)
    elif len(sys.argv) == 4 and sys.argv[1] == "run":
        run(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
