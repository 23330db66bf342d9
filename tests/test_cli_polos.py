"""The plain output of a button's command is rich's output, character for character: a line and
the summary table as ``rich.console.Console`` prints them on a console that is no terminal."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from lkjip_xl.cli_polos import baris, lebar_polos, tabel

ROOT = Path(__file__).resolve().parents[1]

#: Printable ASCII with the characters rich treats specially (markup, emoji codes) well
#: represented, and a few it strips or widens.
_CHARS = st.sampled_from([*"ab Z09.,()/-_:[]\\~", "  ", "é", "\t", "漢"])
_TEXT = st.lists(_CHARS, max_size=60).map("".join)
_WORDY = st.lists(st.sampled_from(["a", "bb", "Versi", " ", "  ", "/tmp/x-y.xlsx", ":", "ccccccc"]),
                  max_size=30).map("".join)  # fmt: skip


def _rich(width: int, renderable, *, reads_markup: bool = True, **options) -> str:
    screen = io.StringIO()
    # The commands' consoles read neither markup nor emoji codes (lkjip_xl.cli_klik).
    plain = {} if reads_markup else {"markup": False, "emoji": False}
    console = Console(file=screen, width=width, force_terminal=False, highlight=False,
                      _environ={}, **plain)  # fmt: skip
    console.print(renderable, **options)
    return screen.getvalue()


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(_TEXT, _WORDY), width=st.integers(20, 90), markup=st.booleans())
def test_a_line_is_what_rich_prints(text, width, markup):
    plain = baris(text, width, markup=markup)
    if plain is not None:
        assert plain == _rich(width, text, markup=markup)
        assert plain == _rich(width, text, reads_markup=markup)


@settings(max_examples=300, deadline=None)
@given(text=_WORDY, width=st.integers(20, 90))
def test_plain_words_are_always_printed_without_rich(text, width):
    assert baris(text.replace(":", ""), width) is not None


@settings(max_examples=1000, deadline=None)
@given(
    title=st.one_of(_TEXT, _WORDY),
    headers=st.lists(st.one_of(_TEXT, _WORDY, st.just("Besaran")), min_size=1, max_size=4),
    justify=st.lists(st.sampled_from(["left", "right"]), min_size=4, max_size=4),
    cells=st.lists(st.lists(st.one_of(_TEXT, _WORDY, st.just("95,45")), min_size=4, max_size=4),
                   max_size=6),
    width=st.integers(20, 120),
    markup=st.booleans(),
)  # fmt: skip
def test_a_table_is_what_rich_prints(title, headers, justify, cells, width, markup):
    columns = list(zip(headers, justify, strict=False))
    rows = [row[: len(columns)] for row in cells]
    plain = tabel(title, columns, rows, width, markup=markup)
    if plain is None:
        return
    table = Table(title=title)
    for header, side in columns:
        table.add_column(header, justify=side)
    for row in rows:
        table.add_row(*row)
    assert plain == _rich(width, table, reads_markup=markup)


def test_the_summary_of_a_recompute_is_printed_without_rich():
    rows = [["Rata Capaian", "95,45"], ["Predikat Instansi", "AA"], ["Jumlah Indikator", "1"]]
    columns = [("Besaran", "left"), ("Nilai", "right")]
    assert tabel("Ringkasan klik.xlsx (kinerja)", columns, rows, 80) is not None  # type: ignore[arg-type]


_WIDTH = """
import json, sys
from lkjip_xl.cli_polos import lebar_polos
from rich.console import Console
console = Console()
print(json.dumps([lebar_polos(sys.stdout), console.is_terminal, console.width]))
"""


_SWITCHES = ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


@pytest.mark.parametrize(
    "env",
    [{}, {"COLUMNS": "200"}, {"COLUMNS": "abc"}, {"FORCE_COLOR": "1"}, {"TTY_COMPATIBLE": "0"}],
)
def test_the_width_is_that_of_riches_console_when_printing_to_a_pipe(env):
    base = {k: v for k, v in os.environ.items() if k not in _SWITCHES}
    done = subprocess.run(
        [sys.executable, "-c", _WIDTH], capture_output=True, text=True, check=True,
        env={**base, **env, "PYTHONPATH": str(ROOT)}, timeout=120,
    )  # fmt: skip
    width, is_terminal, rich_width = json.loads(done.stdout)
    if width is not None:
        assert not is_terminal and width == rich_width
    else:
        assert env  # only a switch of rich's, or an unreadable setting, sends it to rich


def test_a_terminal_is_left_to_rich():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert lebar_polos(Terminal()) is None


_TYPER = "import sys; from lkjip_xl.cli import app; sys.argv[0] = 'lkjip-xl'; app()"


@pytest.mark.parametrize("command", ["hitung", "periksa"])
def test_a_click_prints_what_the_typer_command_prints_through_rich(tmp_path, command):
    """A long folder name: the title of the summary and the saved-file lines wrap at 80."""
    from lkjip_xl.workbook.demo import build_demo

    env = {k: v for k, v in os.environ.items() if k not in _SWITCHES}
    env["PYTHONPATH"] = str(ROOT)
    shown = []
    for way in (["-m", "lkjip_xl.cli"], ["-c", _TYPER]):
        folder = tmp_path / ("laporan-kinerja-tahunan-" * 3) / way[0].strip("-")
        source, _ = build_demo("kinerja-000", folder)
        done = subprocess.run(
            [sys.executable, *way, command, str(source)], capture_output=True, text=True,
            cwd=folder, env=env, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        text = done.stdout.replace(f"/{folder.name}/", "/X/")  # folders of the same length
        shown.append(re.sub(r"sebelumnya-[0-9-]+", "sebelumnya-WAKTU", text))
    assert shown[0] == shown[1]
    assert "Ringkasan" in shown[0] or command == "periksa"
