"""The two commands of the workbook's buttons, ``hitung`` and ``periksa``, without typer.

A click runs one of them in a fresh process; importing typer (and building every command) would
cost as much as the recompute of a kinerja workbook itself. :mod:`lkjip_xl.cli_cepat` runs them
from here for a plain command line, :mod:`lkjip_xl.cli` for every other (help, errors, aliases).
The consoles and the frame every command runs in (one sentence on failure, an exit code) live
here too, so that both ways print and exit alike.

What the commands print holds names users typed: files ("Laporan [final].xlsx"), units, sheets,
values. The consoles therefore never read console markup nor emoji codes (``:100:``) in what
they print; a colour is a style given with the text (:func:`berwarna`), never a tag in it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lkjip_xl.cli_keluar import (
    KELUAR_BERHASIL,
    KELUAR_DIBATALKAN,
    KELUAR_DITOLAK,
    KELUAR_GALAT,
    KELUAR_TAK_TERDUGA,
    Gagal,
)
from lkjip_xl.cli_paths import buku_kerja_keluaran, buku_kerja_masukan
from lkjip_xl.cli_polos import Rata, baris, lebar_polos, tabel
from lkjip_xl.cli_progress import kemajuan
from lkjip_xl.cli_text import galat_sistem, ribuan

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out: Console  # the rich consoles, made on first use (module __getattr__)
    err: Console


def konsol(**options: Any) -> Console:
    """A rich console that prints text as it is: no markup, no emoji codes (``options`` as
    ``rich.console.Console``'s)."""
    from rich.console import Console

    return Console(markup=False, emoji=False, **options)


def _console(name: str) -> Console:
    """The console ``out`` or ``err``, made on first use: a click that prints to no terminal
    prints plain text (:mod:`lkjip_xl.cli_polos`) and never imports rich's console."""
    made = globals().get(name)
    if made is None:
        from rich.console import Console

        # Highlighting (numbers, paths) colours a terminal only; elsewhere (a button's
        # captured output, a pipe) it would compile rich's patterns for nothing.
        made = konsol(highlight=Console().is_terminal) if name == "out" else konsol(stderr=True)
        globals()[name] = made
    return made


def __getattr__(name: str) -> Any:
    if name in ("out", "err"):
        return _console(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _lebar_polos(name: str) -> int | None:
    """The width to print plain text at on stdout (``out``) or stderr (``err``); None to go
    through rich: its console is made (the typer commands of lkjip_xl.cli, a test's), or the
    stream may be a terminal."""
    if name in globals():
        return None
    return lebar_polos(sys.stdout if name == "out" else sys.stderr)


def cetak(text: str) -> None:
    """``out.print(text)``: written as rich would write it."""
    width = _lebar_polos("out")
    shown = baris(text, width, markup=False) if width is not None else None
    if shown is None:
        _console("out").print(text)
    else:
        sys.stdout.write(shown)
        sys.stdout.flush()  # as rich: stdout and stderr stay in order when they are one pipe


def cetak_tabel(title: str, columns: list[tuple[str, Rata]], rows: list[list[str]]) -> None:
    """A table of plain texts printed on ``out`` as ``rich.table.Table(title=title)``."""
    width = _lebar_polos("out")
    shown = tabel(title, columns, rows, width, markup=False) if width is not None else None
    if shown is not None:
        sys.stdout.write(shown)
        sys.stdout.flush()
        return
    _console("out").print(_rich_table(title, columns, rows))


def berwarna(text: str, colour: str) -> Text:
    """``text`` shown in ``colour`` (a table cell, a part of a line)."""
    from rich.text import Text

    return Text(text, style=colour)


def _rich_table(title: str, columns: list[tuple[str, Rata]], rows: list[list[str]]) -> Table:
    from rich.table import Table

    table = Table(title=title)
    for header, justify in columns:
        table.add_column(header, justify=justify)
    for row in rows:
        table.add_row(*row)
    return table


@contextmanager
def langkah(description: str) -> Iterator[Callable[[str], None]]:
    """Steps of unknown length: a spinner, the step being done and the time spent."""
    if _lebar_polos("err") is not None:  # no terminal: rich would show nothing
        yield lambda text: None
        return
    with kemajuan(_console("err"), description) as update:

        def advance(text: str) -> None:
            update(text=text)

        yield advance


def run_action(action: Callable[[], int | None], as_json: bool = False) -> int:
    """Run a command's work and return its exit code: a failure is one sentence on stderr (and,
    for ``--json``, an object naming it on stdout: a program reading stdout got nothing)."""
    code, said = _run_action(action)
    if said is not None and as_json:
        failure = {"berhasil": False, "kode_keluar": code, "pesan": said}
        with suppress(MemoryError):  # said on stderr already
            sys.stdout.write(json.dumps(failure, ensure_ascii=False, indent=2) + "\n")
    return code


def _run_action(action: Callable[[], int | None]) -> tuple[int, str | None]:
    """The exit code, and the sentence said on stderr when the work failed."""
    from lkjip_xl.workbook.file_book import WorkbookError
    from lkjip_xl.workbook.safe_write import WorkbookLockedError, WriteError
    from lkjip_xl.workbook.structure import StructureError

    try:
        code = action()
    except (Gagal, WorkbookError, StructureError, WorkbookLockedError, WriteError, FileExistsError,
            PermissionError, FileNotFoundError, ValueError, OSError) as exc:  # fmt: skip
        # The operating system's own sentence (errno, strerror) is English: say it in Indonesian.
        said = galat_sistem(exc) if isinstance(exc, OSError) and exc.filename else exc
        # A path is never cut in two.
        from rich.text import Text

        _console("err").print(Text.assemble(("Gagal: ", "bold red"), str(said)), soft_wrap=True)
        return KELUAR_DITOLAK, str(said)
    except KeyboardInterrupt:
        _console("err").print("Dibatalkan.")
        return KELUAR_DIBATALKAN, "Dibatalkan."
    except MemoryError as exc:
        # What filled the memory is held by the failed work's frames: saying so imports and
        # prints, which need memory too (a traceback and exit 1 were all that came out).
        _release_frames(exc)
        said = "Gagal: " + TIDAK_CUKUP_MEMORI
        try:
            _console("err").print(said, style="bold red", soft_wrap=True, markup=False)
        except MemoryError:
            sys.stderr.write(said + "\n")
        return KELUAR_TAK_TERDUGA, TIDAK_CUKUP_MEMORI
    except BaseException as exc:  # the last line of defence: never a traceback for a user
        if isinstance(exc, (SystemExit, GeneratorExit)):
            raise
        # A reader's Rust panic (pyo3's PanicException) is no Exception: it is caught here too.
        from rich.text import Text

        unexpected = f"{type(exc).__name__}: {exc}"
        _console("err").print(
            Text.assemble(("Gagal karena kesalahan tak terduga: ", "bold red"), unexpected),
            soft_wrap=True,
        )
        return KELUAR_TAK_TERDUGA, f"Gagal karena kesalahan tak terduga: {unexpected}"
    return code or KELUAR_BERHASIL, None


TIDAK_CUKUP_MEMORI = (
    "memori komputer tidak cukup untuk pekerjaan ini (berkasnya terlalu besar atau tidak "
    "wajar). Tutup program lain lalu coba lagi, atau periksa berkasnya."
)


def _release_frames(exc: BaseException | None) -> None:
    """Let go of what the frames of ``exc``'s traceback, and of the exceptions it arose
    from, hold."""
    while exc is not None:
        tb, exc.__traceback__ = exc.__traceback__, None
        while tb is not None:
            with suppress(RuntimeError):  # a frame still running (run_action's own) stays
                tb.tb_frame.clear()
            tb = tb.tb_next
        following = exc.__context__
        exc.__context__ = None
        exc = following


def exit_code(masalah) -> int:
    """1 when any problem of level galat remains, for every command."""
    return KELUAR_GALAT if any(m.tingkat.value == "galat" for m in masalah) else KELUAR_BERHASIL


def masalah_table(laporan, limit: int | None = 50) -> Table:
    from rich.table import Table

    table = Table(title=f"Masalah di {laporan.book}", show_lines=False)
    for header in ("Tingkat", "Kode", "Tempat", "Keterangan"):
        table.add_column(header, overflow="fold")
    rows = laporan.galat + laporan.peringatan
    for m in rows[:limit] if limit else rows:
        colour = "red" if m.tingkat.value == "galat" else "yellow"
        table.add_row(berwarna(m.tingkat.value, colour), m.code, m.place, m.message)
    return table


RINGKASAN_KOLOM: list[tuple[str, Rata]] = [("Besaran", "left"), ("Nilai", "right")]


def ringkasan(laporan) -> tuple[str, list[list[str]]]:
    """The title and rows of a workbook's summary table (columns :data:`RINGKASAN_KOLOM`)."""
    from lkjip_xl.core.rounding import format_id

    rows = []
    for key, value in laporan.ringkasan.items():
        if isinstance(value, float):
            text = format_id(value, 2)
        elif isinstance(value, int) and not isinstance(value, bool):
            text = format_id(value, 0)  # 2.777 pegawai, as its cell shows it (#,##0)
        elif value is None:
            text = "-"
        else:
            text = str(value)
        rows.append([key.replace("_", " "), text])
    return f"Ringkasan {laporan.book} ({laporan.template})", rows


def ringkasan_table(laporan) -> Table:
    title, rows = ringkasan(laporan)
    return _rich_table(title, RINGKASAN_KOLOM, rows)


#: How many problems ``hitung`` lists on screen under its summary.
RECOMPUTE_SHOWN = 20


def recompute_command(file: Path, output: Path | None, overwrite: bool = False) -> int:
    """``lkjip-xl hitung``: recompute ``file`` (into ``output``); returns the exit code."""

    def action() -> int:
        from lkjip_xl.workbook.api import no_cyclic_gc
        from lkjip_xl.workbook.file_book import FileBook
        from lkjip_xl.workbook.safe_write import workbook_lock
        from lkjip_xl.workbook.vba_version import macro_problems

        buku_kerja_masukan(file)
        if output is not None and output.resolve() != file.resolve():
            buku_kerja_keluaran(
                output, perintah=f"lkjip-xl hitung {file} -o", opsi_timpa="--timpa",
                timpa=overwrite, isi=file,
            )  # fmt: skip
        # Held from reading to writing: a second run on the same workbook waits, then reads
        # what the first wrote, so neither run's Log row is lost.
        lock = workbook_lock(file) if file.is_file() else nullcontext()
        with lock, no_cyclic_gc(), langkah(f"Membaca {file.name}") as step:
            book = FileBook(file)
            # Imported while the file's largest table is read (lkjip_xl.workbook.read_ahead).
            from lkjip_xl.workbook.recompute import recompute

            step("Menghitung")
            laporan = recompute(book)
            step("Menyimpan")
            target = book.commit(output)
        laporan.masalah.extend(macro_problems(target))  # the file written, as -o named it
        title, rows = ringkasan(laporan)
        cetak_tabel(title, RINGKASAN_KOLOM, rows)
        if laporan.masalah:
            _console("out").print(masalah_table(laporan, limit=RECOMPUTE_SHOWN))
        if len(laporan.masalah) > RECOMPUTE_SHOWN:
            # Without this line the summary's counts name problems the screen never showed.
            rest = ribuan(len(laporan.masalah) - RECOMPUTE_SHOWN)
            cetak(f"... dan {rest} masalah lain; semuanya terlihat dengan lkjip-xl periksa {file}.")
        for note in laporan.catatan:
            cetak(note)
        cetak(
            f"Disimpan: {target} ({ribuan(len(laporan.galat))} galat, "
            f"{ribuan(len(laporan.peringatan))} peringatan)."
        )
        if book.backup is not None:
            from lkjip_xl.workbook.safe_write import KEEP_BACKUPS

            cetak(f"Versi sebelumnya: {book.backup} ({KEEP_BACKUPS} versi terakhir disimpan).")
        return exit_code(laporan.masalah)

    return run_action(action)


#: How many problems ``check`` lists on screen; a count per code covers all of them.
CHECK_SHOWN = 50


def print_check(laporan) -> None:
    """The problems of a check: every one up to CHECK_SHOWN, beyond that a count per code and
    the first ones with their cells (200,000 rows in a rich table take minutes)."""
    masalah = laporan.masalah
    if len(masalah) <= CHECK_SHOWN:
        if masalah:
            _console("out").print(masalah_table(laporan, limit=None))
        return
    from rich.table import Table

    out = _console("out")
    counts: dict = {}
    for m in masalah:
        counts[m.code] = counts.get(m.code, 0) + 1
    summary = Table(title=f"Jumlah masalah per kode di {laporan.book}")
    for header, justify in (("Tingkat", "left"), ("Kode", "left"), ("Jumlah", "right"),
                            ("Judul", "left")):  # fmt: skip
        summary.add_column(header, justify=justify)  # type: ignore[arg-type]
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0].value)):
        summary.add_row(code.tingkat.value, code.value, ribuan(count),
                        code.definisi.judul)  # fmt: skip
    out.print(summary)
    out.print(masalah_table(laporan, limit=CHECK_SHOWN))
    rest = ribuan(len(masalah) - CHECK_SHOWN)
    out.print(f"... dan {rest} masalah lain; semuanya ada di keluaran --json.")


def check_command(file: Path, as_json: bool) -> int:
    """``lkjip-xl periksa``: check ``file`` without changing it; returns the exit code."""

    def action() -> int:
        from lkjip_xl.workbook.api import check_file

        buku_kerja_masukan(file)
        laporan = check_file(file)
        if as_json:
            sys.stdout.write(json.dumps(laporan.as_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            print_check(laporan)
            cetak(
                f"{laporan.book}: {ribuan(len(laporan.galat))} galat, "
                f"{ribuan(len(laporan.peringatan))} peringatan."
            )
        return 1 if laporan.galat else 0

    return run_action(action, as_json)
