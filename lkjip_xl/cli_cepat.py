"""The short way to the commands of the buttons: ``lkjip-xl hitung BERKAS`` and ``periksa``.

typer builds every command of the program and checks each argument through pydantic before it
runs one (about 0.1 s, as long as the recompute of a kinerja workbook itself). A command line
that is exactly ``hitung``/``recompute`` with a file, ``-o``/``--output`` with a file and
``--timpa``, or ``periksa``/``check`` with a file and ``--json``, each at most once, needs none
of that: :func:`perintah_hitung` and :func:`perintah_periksa` read it, and :func:`klik` runs
it from :mod:`lkjip_xl.cli_klik` without importing typer at all. Anything else (help, an
unknown or repeated option, a missing file, ``--``, a value starting with ``-``, what Windows
would expand) returns None and goes through typer, so help pages and usage errors stay those of
:mod:`lkjip_xl.cli_chrome`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

HITUNG = ("hitung", "recompute")
PERIKSA = ("periksa", "check")
_OUTPUT = ("-o", "--output")
_TIMPA = "--timpa"
#: What click expands in an argument on Windows (user, variables, wildcards): typer's to do.
_DIPERLUAS_WINDOWS = ("~", "$", "%", "*", "?", "[")


def _polos(arg: str) -> bool:
    """A value typer would take as it is: not empty, not an option, nothing to expand."""
    if not arg or arg.startswith("-"):
        return False
    return os.name != "nt" or not any(mark in arg for mark in _DIPERLUAS_WINDOWS)


def perintah_hitung(argv: Sequence[str]) -> tuple[Path, Path | None, bool] | None:
    """``(file, output, overwrite)`` when ``argv`` is a plain ``hitung`` command line."""
    if not argv or argv[0] not in HITUNG:
        return None
    file: str | None = None
    output: str | None = None
    overwrite = False
    rest = iter(argv[1:])
    for arg in rest:
        if arg == _TIMPA and not overwrite:
            overwrite = True
        elif arg in _OUTPUT and output is None:
            output = next(rest, "")
            if not _polos(output):
                return None
        elif file is None and _polos(arg):
            file = arg
        else:
            return None
    if file is None:
        return None
    return Path(file), (Path(output) if output is not None else None), overwrite


def perintah_periksa(argv: Sequence[str]) -> tuple[Path, bool] | None:
    """``(file, as_json)`` when ``argv`` is a plain ``periksa`` command line."""
    if not argv or argv[0] not in PERIKSA:
        return None
    file: str | None = None
    as_json = False
    for arg in argv[1:]:
        if arg == "--json" and not as_json:
            as_json = True
        elif file is None and _polos(arg):
            file = arg
        else:
            return None
    return None if file is None else (Path(file), as_json)


def jalankan(action: Callable[[], int]) -> None:
    """Run a command (which returns its exit code) and exit with that code, or 130 after Ctrl+C,
    as :class:`~lkjip_xl.cli_chrome.KelompokPerintah` would. The process ends here."""
    import gc

    # A click is a short process that makes no garbage cycles worth collecting: without the
    # cyclic collector, the imports that come with the work (rich, pandas, the engine) do not
    # walk every object loaded before them again and again.
    gc.disable()
    try:
        code = action()
    except (EOFError, KeyboardInterrupt):
        from rich.console import Console

        from lkjip_xl.cli_keluar import KELUAR_DIBATALKAN
        from lkjip_xl.cli_text import DIBATALKAN

        sys.stderr.write("\n")
        Console(stderr=True).print(DIBATALKAN)
        code = KELUAR_DIBATALKAN
    # Should the process end through the interpreter's shutdown after all (see akhiri), its
    # collections no longer walk the objects of the run: frozen, they are skipped (about 0.1 s,
    # a fifth of a click).
    gc.freeze()
    akhiri(code)
    sys.exit(code)


def akhiri(code: int) -> None:
    """End the process with ``code`` as the interpreter's shutdown would, without tearing down
    every module: the exit handlers run, stdout and stderr are flushed, then the process ends.

    Everything a command writes is written, flushed and closed before it returns (a workbook
    is fsynced before its rename); what the teardown would add is freeing, object by object,
    the memory of pandas, numpy and the engine, which the operating system takes back at once
    (about 15 ms, a twentieth of a click). Returns, leaving the ending to ``sys.exit``, while
    another thread still runs (the shutdown waits for it) or when a stream cannot be flushed
    (the shutdown reports that, and exits with 120)."""
    import atexit
    import threading

    if type(code) is not int or not 0 <= code <= 255 or threading.active_count() > 1:
        return
    # What the shutdown runs before its teardown: every handler registered with atexit
    # (pandas', a coverage tool's, a test's), the last registered first.
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


def _hitung(file: Path, output: Path | None, overwrite: bool) -> int:
    from lkjip_xl.cli_klik import recompute_command

    return recompute_command(file, output, overwrite)


def _periksa(file: Path, as_json: bool) -> int:
    from lkjip_xl.cli_klik import check_command

    return check_command(file, as_json)


def klik(argv: Sequence[str]) -> None:
    """Run ``argv`` and exit when it is a plain ``hitung`` or ``periksa`` command line (without
    importing typer: :mod:`lkjip_xl.cli_klik`); return for any other."""
    if (hitung := perintah_hitung(argv)) is not None:
        jalankan(lambda: _hitung(*hitung))
    if (periksa := perintah_periksa(argv)) is not None:
        jalankan(lambda: _periksa(*periksa))
