"""Installation as the README writes it: a wheel built from a clean copy, installed offline.

From a copy of the repository's files (what a clone holds), the README's one command builds the
wheel; a fresh virtual environment in another folder installs that file with ``--no-index`` (no
package index, no repository), and its ``lkjip-xl demo`` writes the three example workbooks. The
environment sees this interpreter's packages (``--system-site-packages``) as the dependencies, the
way an agency's PC gets them from its own mirror or wheelhouse: nothing is downloaded for the
install. Building the wheel itself needs setuptools and wheel, which pip fetches for its build
environment from the configured index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
#: The command the README gives for building the wheel, run here exactly as written.
WHEEL_COMMAND = "python -m pip wheel --no-deps -w dist ."


def _clean_copy(target: Path) -> Path:
    """The files git tracks (and new ones not ignored): a clone's content, no build leftovers."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _env() -> dict[str, str]:
    # Nothing of this checkout may leak in: the installed wheel alone must do the work.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PYTHONNOUSERSITE"] = "1"
    return env


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(args, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"{args} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def test_readme_gives_the_wheel_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert WHEEL_COMMAND in readme


def test_wheel_installs_offline_and_runs_demo(tmp_path: Path) -> None:
    source = _clean_copy(tmp_path / "clone")
    command = WHEEL_COMMAND.split()
    _run([sys.executable, *command[1:]], cwd=source)
    (wheel,) = (source / "dist").glob("lkjip_xl-*.whl")

    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "lkjip_xl"
    data = [
        *package.glob("core/presets/*.json"),
        *package.glob("workbook/examples/*.json"),
        *package.glob("excel/static/*"),
        *package.glob("macros/*.bas"),
    ]
    assert data
    missing = [p.relative_to(ROOT).as_posix() for p in data]
    assert not [m for m in missing if m not in names], "package data left out of the wheel"

    elsewhere = tmp_path / "pc"
    elsewhere.mkdir()
    venv = elsewhere / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], cwd=elsewhere)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run([str(python), "-m", "pip", "install", "--no-index", str(wheel)], cwd=elsewhere)

    where = _run([str(python), "-c", "import lkjip_xl; print(lkjip_xl.__file__)"], cwd=elsewhere)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout

    script = venv / ("Scripts/lkjip-xl.exe" if os.name == "nt" else "bin/lkjip-xl")
    out = elsewhere / "contoh"
    _run([str(script), "demo", str(out)], cwd=elsewhere)
    written = sorted(p.name for p in out.glob("*.xlsx"))
    assert written == [
        "IPASN-2021-Kota-Bontang.xlsx",
        "LKjIP-2020-BKD-Kaltim.xlsx",
        "LKjIP-2021-BKPSDM-Bontang.xlsx",
    ]
