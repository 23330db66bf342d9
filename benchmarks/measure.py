"""Run one command in a fresh process and report its wall time, CPU time and peak memory.

``/usr/bin/time`` gives the figures of the whole process (and of the children it waited for),
so an import, a recompute or LibreOffice are measured the same way. Every benchmark prints its
ratios from measurements taken in the same run, one after the other.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIME = "/usr/bin/time"


@dataclass(frozen=True)
class Figure:
    label: str
    wall: float  # seconds
    cpu: float  # user + system seconds
    peak_mib: float

    def __str__(self) -> str:
        return (
            f"{self.label}: {self.wall:.2f} s wall, {self.cpu:.2f} s CPU, "
            f"{self.peak_mib:.0f} MiB peak"
        )


def ratio(a: Figure, b: Figure) -> str:
    """``a`` against ``b``, by wall time and by CPU time: on a shared machine the wall times
    swing with the load, the CPU times much less."""
    return f"{a.wall / b.wall:.2f}x by wall time, {a.cpu / b.cpu:.2f}x by CPU time"


def _env() -> dict[str, str]:
    # An installed package has its ``.pyc`` files; with ``PYTHONDONTWRITEBYTECODE`` set (as on
    # these machines) every fresh process would compile lkjip_xl's modules again, ~0.3 s that
    # no user pays. They are compiled once (:func:`_compiled`) beside the sources, as pip does.
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@cache
def _compiled() -> None:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "lkjip_xl")], check=True)


def run(label: str, argv: list[str], *, repeat: int = 1) -> Figure:
    """The best of ``repeat`` runs of ``argv`` (the least disturbed by the machine's load)."""
    best: Figure | None = None
    _compiled()
    env = _env()
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(
            [TIME, "-f", "@@ %U %S %M", *argv], capture_output=True, text=True, env=env
        )
        wall = time.perf_counter() - start
        if done.returncode not in (0, 1):  # check exits 1 when the workbook has errors
            sys.stderr.write(done.stdout + done.stderr)
            raise SystemExit(f"{label} failed ({done.returncode})")
        line = [x for x in done.stderr.splitlines() if x.startswith("@@ ")][-1]
        user, system, kib = line.split()[1:]
        figure = Figure(label, wall, float(user) + float(system), int(kib) / 1024)
        if best is None or figure.wall < best.wall:
            best = figure
    assert best is not None
    return best


def python(label: str, code: str, *args: str, repeat: int = 1) -> Figure:
    """``python -c code args...`` in a fresh process."""
    return run(label, [sys.executable, "-c", code, *args], repeat=repeat)


def cli(label: str, *args: str, repeat: int = 1) -> Figure:
    """``lkjip-xl args...`` as a user runs it, in a fresh process."""
    return run(label, [sys.executable, "-m", "lkjip_xl.cli", *args], repeat=repeat)


#: The I/O floor of a workbook: python-calamine reading the roster's table, plus unzipping and
#: rezipping every member (what any recompute has to do at the least).
IO_FLOOR = """
import sys, zipfile, tempfile, os
import python_calamine
src = sys.argv[1]
book = python_calamine.CalamineWorkbook.from_path(src, load_tables=True)
rows = book.get_table_by_name(sys.argv[2]).to_python()
fd, out = tempfile.mkstemp(suffix=".xlsx")
os.close(fd)
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        zout.writestr(info, zin.read(info))
os.unlink(out)
"""

OPENPYXL_ROUND_TRIP = """
import sys, openpyxl
openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])
"""


def io_floor(path: Path, table: str = "tblPegawai", repeat: int = 1) -> Figure:
    return python("I/O floor (calamine table + unzip/rezip)", IO_FLOOR, str(path), table,
                  repeat=repeat)  # fmt: skip


def openpyxl_round_trip(path: Path, out: Path) -> Figure:
    return python("openpyxl load + save", OPENPYXL_ROUND_TRIP, str(path), str(out))


def libreoffice_round_trip(path: Path, folder: Path) -> Figure:
    """LibreOffice opening and saving the workbook as .xlsx (headless, its own profile)."""
    profile = folder / "lo-profile"
    return run(
        "LibreOffice open + save",
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(folder / "lo-out"),
            str(path),
        ],
    )


def best(run: Callable[[], object], times: int = 3) -> float:
    """The shortest of ``times`` in-process runs of ``run``, in seconds."""
    found = None
    for _ in range(times):
        start = time.perf_counter()
        run()
        took = time.perf_counter() - start
        found = took if found is None else min(found, took)
    assert found is not None
    return found
