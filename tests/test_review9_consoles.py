"""Review of the consoles that never read markup: on a terminal, what the commands print looks
as rich rendered it from markup before (colours, and numbers highlighted in sentences), with the
names users typed now printed whole."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from tests.hostile.corpus import REPO
from tests.test_cli_klik_names import ODD, _odd_master


def _on_terminal(*args: str, cwd: Path) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        "FORCE_COLOR": "1",  # rich takes the pipe for a terminal
        "COLUMNS": "400",
        "LKJIP_USER": "penguji",
    }
    done = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def _as_markup(markup: str) -> str:
    """``markup`` as rich renders it on a terminal that highlights (the console before)."""
    console = Console(file=io.StringIO(), force_terminal=True, width=400, highlight=True)
    console.print(markup)
    return console.file.getvalue().rstrip("\n")  # type: ignore[attr-defined]


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_distributes_problem_lines_look_as_they_did_from_markup(tmp_path):
    master = _odd_master(tmp_path / f"IPASN {ODD}.xlsx")
    shown = _on_terminal("bagikan", str(master), "-o", "kirim", cwd=tmp_path)
    line = next(x for x in shown.splitlines() if "tanpa Unit Kerja" in x)
    code, rest = _plain(line).split(" ", 1)
    # The markup the command printed before, place and message escaped: the count highlighted.
    assert line == _as_markup(f"[yellow]{code}[/] {escape(rest)}")
    assert "\x1b[1;36m1\x1b[0m baris" in line
