"""What a click prints names the user's files and cells as they are: a name such as
``Laporan [final].xlsx`` is text, never rich console markup (which would drop ``[final]``)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from lkjip_xl.cli_klik import masalah_table
from lkjip_xl.workbook.problems import Kode, Laporan, Masalah

ROOT = Path(__file__).resolve().parents[1]
_SWITCHES = ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


@pytest.mark.parametrize("command", ["hitung", "periksa"])
def test_a_file_name_in_brackets_is_printed_whole(tmp_path: Path, command: str) -> None:
    from lkjip_xl.workbook.demo import build_demo

    source, _ = build_demo("kinerja-000", tmp_path / "demo")
    book = tmp_path / "Laporan [final].xlsx"
    shutil.copy(source, book)
    env = {k: v for k, v in os.environ.items() if k not in _SWITCHES}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="400")  # no line wrapped
    done = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", command, str(book)], capture_output=True,
        text=True, cwd=tmp_path, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    if command == "hitung":
        assert f"Disimpan: {book} (" in done.stdout
        # The title is wrapped over the table's width, as rich wraps it.
        assert "Ringkasan Laporan [final].xlsx (kinerja)" in " ".join(done.stdout.split())
    else:
        assert "Laporan [final].xlsx: 0 galat" in done.stdout


def test_the_problems_table_shows_names_and_messages_as_typed() -> None:
    laporan = Laporan("kinerja", "Laporan [final].xlsx")
    laporan.masalah.append(
        Masalah.of(Kode.STRUCTURE, sheet="Data [2024]", alasan="kolom [Nama] tidak ada")
    )
    screen = io.StringIO()
    Console(file=screen, width=200, force_terminal=False, _environ={}).print(masalah_table(laporan))
    shown = screen.getvalue()
    assert "Masalah di Laporan [final].xlsx" in shown
    assert "Data [2024]" in shown
    assert "kolom [Nama] tidak ada" in shown


def test_a_new_workbook_in_brackets_is_named_whole(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in _SWITCHES}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="400")
    done = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", "new", "kinerja", "Baru [v2].xlsx"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "dibuat: Baru [v2].xlsx" in done.stdout
    assert (tmp_path / "Baru [v2].xlsx").is_file()
