"""Progress on the terminal: percentage, count and time left once the total is known; a spinner and
the time spent before; never a count against "None"."""

from __future__ import annotations

import io
import re

from rich.console import Console
from typer.testing import CliRunner

from lkjip_xl import cli, cli_klik
from lkjip_xl.cli_progress import kemajuan
from lkjip_xl.workbook.builder import build_template

SPINNER = re.compile("[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]")  # rich's default "dots" spinner


def terminal() -> tuple[Console, io.StringIO]:
    screen = io.StringIO()
    return Console(file=screen, force_terminal=True, width=120, color_system=None), screen


def test_unknown_total_shows_a_spinner_and_the_time_spent_only():
    console, screen = terminal()
    with kemajuan(console, "Membaca Kinerja2025.xlsx") as update:
        update(text="Menghitung")
    shown = screen.getvalue()
    assert "Menghitung" in shown and SPINNER.search(shown)
    assert "lama 0:00:0" in shown
    assert "None" not in shown and "%" not in shown and "sisa" not in shown and "/" not in shown


def test_known_total_shows_percentage_count_and_time_left():
    console, screen = terminal()
    with kemajuan(console, "Mengumpulkan") as update:
        update(0, 5, "Memeriksa A.xlsx")
        update(2, 5, "Memeriksa C.xlsx")
        frame_two = screen.getvalue()
        update(5, 5, "Selesai")
    shown = screen.getvalue()
    assert " 40% " in frame_two and " 2/5 " in frame_two
    assert re.search(r"sisa (-:--:--|\d:\d\d:\d\d)", frame_two)
    assert "100% 5/5 sisa 0:00:00" in " ".join(shown.split())
    assert "None" not in shown


def test_no_progress_is_written_when_the_output_is_not_a_terminal():
    screen = io.StringIO()
    with kemajuan(Console(file=screen, force_terminal=False), "Membaca") as update:
        update(1, 2, "Menghitung")
    assert screen.getvalue() == ""


def test_recompute_shows_its_steps_without_a_count(tmp_path, monkeypatch):
    console, screen = terminal()
    monkeypatch.setattr(cli_klik, "err", console)  # the console of the buttons' commands
    path = build_template("kinerja", tmp_path / "Kinerja2025.xlsx")
    done = CliRunner().invoke(cli.app, ["hitung", str(path)])
    assert done.exit_code == 0, done.output
    shown = screen.getvalue()
    assert "Membaca Kinerja2025.xlsx" in shown and "lama 0:00:" in shown
    assert "None" not in shown
