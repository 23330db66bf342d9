"""Exit codes of ``lkjip-xl`` and the failure it reports as one sentence.

Apart from :mod:`lkjip_xl.cli_chrome` (which re-exports them), so that the buttons' commands
(:mod:`lkjip_xl.cli_klik`) run without importing typer. Exit codes are documented in the README
and in ``lkjip-xl --help``.
"""

from __future__ import annotations

KELUAR_BERHASIL = 0
KELUAR_GALAT = 1  # done, but problems of level galat remain (or a returned workbook was refused)
KELUAR_DITOLAK = 2  # not done: a usage error or a file that cannot be processed; nothing written
KELUAR_TAK_TERDUGA = 3  # a programming error, reported in one sentence without a traceback
KELUAR_DIBATALKAN = 130  # Ctrl+C, as shells report SIGINT


class Gagal(Exception):
    """A failure to report as one sentence."""
