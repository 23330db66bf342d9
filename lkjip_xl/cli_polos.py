"""What a button's command prints, as plain text, when it prints to no terminal.

A click runs ``lkjip-xl hitung`` in a fresh process whose output goes to a pipe or a file:
importing rich's console (and measuring a table with it) would take a sixth of the click. For
the text rich would print there without any styling (no terminal: no colours, no progress), the
functions here give the same characters rich gives: a line wrapped where rich wraps it, a table
drawn with rich's default box. Whenever the text or the console is anything else (a terminal,
rich's environment switches, markup or emoji codes, characters other than printable ASCII, a
table that would not fit), they return None and the caller prints through rich, so what a user
sees is rich's output either way. ``tests/test_cli_polos.py`` holds them to rich's own output.
"""

from __future__ import annotations

import builtins
import os
import sys
from collections.abc import Sequence
from itertools import pairwise
from typing import Literal, TextIO

Rata = Literal["left", "right"]

#: Environment variables that make rich treat a pipe as a terminal (or otherwise change it).
_SAKLAR_RICH = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")
#: Narrower than this, rich's folding of a table or a path is not worth copying.
_LEBAR_MINIMUM = 20


def _nomor_berkas(stream: TextIO | None, cadangan: int) -> int:
    try:
        return stream.fileno() if stream is not None else cadangan
    except Exception:  # as rich: a replaced stream without a descriptor
        return cadangan


def lebar_polos(stream: TextIO) -> int | None:
    """The width rich's default console wraps at when it prints to ``stream``, provided rich
    would take ``stream`` for no terminal; None when it might (or on Windows, where rich's
    legacy console rules apply)."""
    if os.name == "nt" or any(name in os.environ for name in _SAKLAR_RICH):
        return None
    if hasattr(builtins, "get_ipython"):  # rich's Jupyter detection
        return None
    if getattr(sys.stdin, "__module__", "").startswith("idlelib"):
        return None
    isatty = getattr(stream, "isatty", None)
    if isatty is None or isatty():
        return None
    if not (getattr(stream, "encoding", "utf-8") or "utf-8").lower().startswith("utf"):
        return None  # rich draws an ASCII box there
    width: int | None = None
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    else:
        for fd in (
            _nomor_berkas(sys.__stdin__, 0),
            _nomor_berkas(sys.__stdout__, 1),
            _nomor_berkas(sys.__stderr__, 2),
        ):
            try:
                width = os.get_terminal_size(fd).columns
            except (AttributeError, ValueError, OSError):
                continue
            break
        width = width or 80
    return width if width >= _LEBAR_MINIMUM else None


def _polos(text: str, *, markup: bool = True) -> bool:
    """Whether rich prints ``text`` as it is: printable ASCII (one cell a character), no markup
    tag when markup is read, and nothing rich could take for an emoji code (``:name:``)."""
    if not (text.isascii() and text.isprintable()):
        return False
    if markup and "[" in text:
        return False
    between = text.split(":")[1:-1]
    return all(" " in part for part in between)


def _potong(text: str, width: int) -> list[str]:
    """``text`` cut into lines as rich wraps it: at spaces, a word longer than a line folded."""
    starts: list[int] = []
    offset = 0
    position = 0
    end = len(text)
    while position < end:
        # A word: spaces before it, its characters, the spaces after it (rich's r"\s*\S+\s*").
        stop = position
        while stop < end and text[stop] == " ":
            stop += 1
        if stop == end:
            break
        while stop < end and text[stop] != " ":
            stop += 1
        length = stop - position
        while stop < end and text[stop] == " ":
            stop += 1
        start, word = position, text[position:stop]
        position = stop
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            chunks = [word[i : i + width] for i in range(0, len(word), width)]
            for number, chunk in enumerate(chunks, 1):
                if start:
                    starts.append(start)
                if number == len(chunks):
                    offset = len(chunk)
                else:
                    start += len(chunk)
        elif offset and start:
            starts.append(start)
            offset = len(word)
    bounds = [0, *starts, len(text)]
    lines = []
    for a, b in pairwise(bounds):
        line = text[a:b]
        if len(line) > width:  # rich drops the spaces that overhang the line, then crops
            excess = len(line) - width
            spaces = len(line) - len(line.rstrip(" "))
            line = line[: len(line) - min(spaces, excess)][:width]
        lines.append(line)
    return lines


def baris(text: str, width: int, *, markup: bool = True) -> str | None:
    """What ``Console.print(text)`` writes on a console ``width`` wide that is no terminal; None
    when only rich can tell."""
    if not _polos(text, markup=markup):
        return None
    return "".join(line + "\n" for line in _potong(text, width))


def tabel(
    title: str,
    columns: Sequence[tuple[str, Rata]],
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    markup: bool = True,
) -> str | None:
    """What ``Console.print`` writes for a ``rich.table.Table(title=title)`` with these columns
    (header, justify) and rows of text, on a console ``width`` wide that is no terminal (one
    reading markup or not); None when the table would not fit as it is, or only rich can
    tell."""
    texts = [title, *(header for header, _ in columns), *(cell for row in rows for cell in row)]
    if not rows or not columns or not all(_polos(text, markup=markup) for text in texts):
        return None
    if any(len(row) != len(columns) for row in rows):
        return None
    inner = [
        max(len(header), *(len(row[i]) for row in rows)) for i, (header, _) in enumerate(columns)
    ]
    spans = [w + 2 for w in inner]  # one space of padding on each side
    table_width = sum(spans) + len(columns) + 1
    if table_width > width:
        return None  # rich would shrink and wrap the columns

    def line(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * span for span in spans) + right + "\n"

    def row_of(cells: Sequence[str], bar: str) -> str:
        shown = [
            (cell.rstrip().rjust(w) if justify == "right" else cell.ljust(w))
            for cell, w, (_, justify) in zip(cells, inner, columns, strict=True)
        ]
        return bar + bar.join(f" {text} " for text in shown) + bar + "\n"

    out = []
    for part in _potong(title, table_width) if title else []:  # rich leaves out an empty title
        part = part.rstrip()
        left = (table_width - len(part)) // 2
        out.append(" " * left + part + " " * (table_width - len(part) - left) + "\n")
    out.append(line("┏", "━", "┳", "┓"))
    out.append(row_of([header for header, _ in columns], "┃"))
    out.append(line("┡", "━", "╇", "┩"))
    out.extend(row_of(row, "│") for row in rows)
    out.append(line("└", "─", "┴", "┘"))
    return "".join(out)
