"""A workbook open in LibreOffice Calc is not replaced under it.

Calc keeps the document it loaded in memory; a file replaced meanwhile is written back with the
old content at the user's next save, so every figure lkjip-xl wrote would be lost without a
word. LibreOffice marks an open document with its lock file, as Excel does with ``~$``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from lkjip_xl.workbook.safe_write import lock_files
from tests.libreoffice import LibreOffice, hold_open

pytestmark = pytest.mark.libreoffice

ROOT = Path(__file__).resolve().parents[1]


def test_a_workbook_open_in_libreoffice_is_refused_unchanged(
    libreoffice: LibreOffice, tmp_path: Path
) -> None:
    book = tmp_path / "Kinerja Dinas.xlsx"
    shutil.copy(ROOT / "workbook_templates" / "kinerja.xlsx", book)
    before = book.read_bytes()
    held = hold_open(
        book, [sys.executable, "-m", "lkjip_xl", "hitung", str(book)], port=libreoffice.port
    )
    # The lock LibreOffice itself made is one lkjip_xl looks for.
    made = set(held["folder"]) - {book.name}
    assert made & {p.name for p in lock_files(book)} == {".~lock.Kinerja Dinas.xlsx#"}
    assert held["exit"] == 2, held
    said = " ".join((held["stdout"] + held["stderr"]).split())
    assert (
        "Buku kerja sedang dibuka di LibreOffice (berkas kunci .~lock.Kinerja Dinas.xlsx# ada)"
        in said
    )
    assert "Traceback" not in said
    assert book.read_bytes() == before
