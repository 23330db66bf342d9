"""The short way to ``lkjip-xl hitung`` and ``periksa``: it takes exactly the command lines typer
reads to the same parameters, leaves every other to typer, and prints and exits as typer does."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lkjip_xl.cli import app
from lkjip_xl.cli_cepat import perintah_hitung, perintah_periksa
from lkjip_xl.workbook.builder import build_template

ROOT = Path(__file__).resolve().parents[1]


def typer_reads(argv: list[str]) -> dict | None:
    """The parameters typer's own parser gives the command, or None when it refuses the command
    line (a usage error or the help page)."""
    import typer

    group = typer.main.get_command(app)
    try:
        ctx = group.make_context("lkjip-xl", list(argv))
        name, command, rest = group.resolve_command(ctx, [*ctx._protected_args, *ctx.args])
        sub = command.make_context(name, rest, parent=ctx)
    except Exception:  # typer's usage errors, its help page (an Exit)
        return None
    if sub.args:
        return None
    return sub.params


ACCEPTED = [
    ["hitung", "Kinerja2025.xlsx"],
    ["recompute", "Kinerja2025.xlsx"],
    ["hitung", "Kinerja2025.xlsx", "-o", "Final.xlsx"],
    ["hitung", "-o", "Final.xlsx", "Kinerja2025.xlsx"],
    ["hitung", "Kinerja2025.xlsx", "--output", "Final.xlsx", "--timpa"],
    ["hitung", "--timpa", "Kinerja2025.xlsx"],
    ["hitung", "folder/Laporan final.xlsx"],
]


@pytest.mark.parametrize("argv", ACCEPTED)
def test_a_plain_command_line_is_read_as_typer_reads_it(argv):
    file, output, overwrite = perintah_hitung(argv)
    assert typer_reads(argv) == {"file": file, "output": output, "overwrite": overwrite}


CHECKS = [
    ["periksa", "Kinerja2025.xlsx"],
    ["check", "Kinerja2025.xlsx", "--json"],
    ["periksa", "--json", "folder/Laporan final.xlsx"],
]


@pytest.mark.parametrize("argv", CHECKS)
def test_a_plain_check_is_read_as_typer_reads_it(argv):
    file, as_json = perintah_periksa(argv)
    assert typer_reads(argv) == {"file": file, "as_json": as_json}


@pytest.mark.parametrize(
    "argv",
    [
        ["periksa"],
        ["periksa", "--help"],
        ["periksa", "a.xlsx", "--json", "--json"],
        ["periksa", "a.xlsx", "b.xlsx"],
        ["periksa", "a.xlsx", "-o", "b.xlsx"],
        ["hitung", "a.xlsx"],
    ],
)
def test_every_other_check_is_left_to_typer(argv):
    assert perintah_periksa(argv) is None


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["periksa", "Kinerja2025.xlsx"],
        ["hitung"],
        ["hitung", "--help"],
        ["hitung", "-h"],
        ["hitung", "Kinerja2025.xlsx", "-o"],
        ["hitung", "Kinerja2025.xlsx", "--output=Final.xlsx"],
        ["hitung", "Kinerja2025.xlsx", "-oFinal.xlsx"],
        ["hitung", "Kinerja2025.xlsx", "-o", "a.xlsx", "-o", "b.xlsx"],
        ["hitung", "Kinerja2025.xlsx", "--timpa", "--timpa"],
        ["hitung", "a.xlsx", "b.xlsx"],
        ["hitung", "--", "-a.xlsx"],
        ["hitung", "Kinerja2025.xlsx", "--tmpa"],
        ["hitung", ""],
        ["--version"],
        ["Hitung", "Kinerja2025.xlsx"],
    ],
)
def test_every_other_command_line_is_left_to_typer(argv):
    assert perintah_hitung(argv) is None


def _run(tmp: Path, argv: list[str], *, typer_only: bool) -> subprocess.CompletedProcess:
    code = "import sys; from lkjip_xl.cli import app; sys.argv[0] = 'lkjip-xl'; app()"
    command = ["-c", code] if typer_only else ["-m", "lkjip_xl.cli"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, *command, *argv], capture_output=True, text=True, cwd=tmp, env=env,
        timeout=300,
    )  # fmt: skip


@pytest.mark.parametrize(
    "argv",
    [
        ["hitung", "Kinerja2025.xlsx"],
        ["recompute", "Kinerja2025.xlsx", "-o", "Final.xlsx"],
        ["hitung", "Kinerja2025.xlsx", "-o", "Lain.xlsx"],  # exists, no --timpa: refused
        ["hitung", "Tidak ada.xlsx"],
        ["periksa", "Kinerja2025.xlsx"],
        ["check", "Kinerja2025.xlsx", "--json"],
        ["periksa", "Lain.xlsx"],  # not a workbook: refused
    ],
)
def test_the_short_way_prints_and_exits_as_typer_does(tmp_path, argv):
    results = []
    for way in ("cepat", "typer"):
        folder = tmp_path / way
        folder.mkdir()
        build_template("kinerja", folder / "Kinerja2025.xlsx")
        (folder / "Lain.xlsx").write_bytes(b"buku kerja lain")
        done = _run(folder, argv, typer_only=way == "typer")
        assert "Traceback" not in done.stderr, done.stderr
        # A backup is named by the time of the run.
        shown = re.sub(r"sebelumnya-[0-9-]+", "sebelumnya-WAKTU", done.stdout)
        # A name not found is told with the folder it was looked for in: each way's own.
        results.append((done.returncode, shown, done.stderr.replace(str(folder), "FOLDER")))
    assert results[0] == results[1]
    assert results[0][0] in (0, 1, 2)


WHAT_WAS_IMPORTED = """
import atexit, runpy, sys
atexit.register(lambda: sys.stderr.write(
    "\\nDIMUAT " + " ".join(m for m in ("typer", "importlib.metadata") if m in sys.modules)))
sys.argv = ["lkjip-xl", *sys.argv[1:]]
if sys.argv[1:2] == ["--program"]:
    del sys.argv[1]
    from lkjip_xl.cli_program import main
    main()
runpy.run_module("lkjip_xl.cli", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("way", [[], ["--program"]], ids=["python -m lkjip_xl.cli", "lkjip-xl"])
def test_a_click_imports_neither_typer_nor_the_package_metadata(tmp_path, way):
    """``python -m lkjip_xl.cli`` and the console script run a button's command line before
    typer is imported; the Log row's engine version needs no importlib.metadata either."""
    build_template("kinerja", tmp_path / "Kinerja2025.xlsx")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for argv in (["hitung", "Kinerja2025.xlsx"], ["periksa", "Kinerja2025.xlsx"]):
        done = subprocess.run(
            [sys.executable, "-c", WHAT_WAS_IMPORTED, *way, *argv], capture_output=True,
            text=True, cwd=tmp_path, env=env, timeout=300,
        )  # fmt: skip
        assert done.returncode in (0, 1), done.stderr
        assert done.stderr.rstrip().endswith("DIMUAT"), done.stderr
    help_page = subprocess.run(
        [sys.executable, "-c", WHAT_WAS_IMPORTED, *way, "hitung", "--help"], capture_output=True,
        text=True, cwd=tmp_path, env=env, timeout=300,
    )  # fmt: skip
    assert help_page.returncode == 0 and "typer" in help_page.stderr.split("DIMUAT")[-1]
