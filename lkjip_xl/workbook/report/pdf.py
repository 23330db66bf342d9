"""A Word document to PDF with LibreOffice (``soffice --headless --convert-to pdf``).

soffice runs with a private, throw-away profile: a LibreOffice the user has open (or another
conversion running at the same time) would otherwise take the request over, or lock the profile,
and the command would return without writing anything. The PDF is written beside the document
through :mod:`lkjip_xl.workbook.safe_write`, so a failed conversion leaves no torn file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from lkjip_xl.workbook.safe_write import write_atomic

__all__ = ["TIMEOUT", "PdfError", "PdfUnavailableError", "convert_to_pdf", "find_soffice"]

#: seconds a conversion may take (the first start of LibreOffice builds its profile)
TIMEOUT = 180.0


class PdfError(Exception):
    """The PDF could not be made; the message is one Indonesian sentence."""


class PdfUnavailableError(PdfError):
    """LibreOffice is not installed (or not on PATH)."""


def find_soffice() -> str | None:
    """The soffice program on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(command: list[str]) -> bool:
    """Run soffice; False when it overran :data:`TIMEOUT` (it is then killed, with the
    soffice.bin its launcher script started: they share a new session)."""
    posix = os.name == "posix"
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=posix,
    )
    try:
        process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        if posix:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait()
        return False
    return True


def convert_to_pdf(document: str | Path, output: str | Path | None = None) -> Path:
    """Convert ``document`` to PDF (default: beside it, same name, ``.pdf``); returns its path."""
    document = Path(document)
    target = Path(output) if output is not None else document.with_suffix(".pdf")
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailableError(
            "PDF tidak dibuat karena LibreOffice (perintah soffice) tidak terpasang atau tidak "
            f"ada di PATH; dokumen Word {document.name} sudah ditulis. Pasang LibreOffice "
            "Writer, atau buka dokumen itu di Word lalu simpan sebagai PDF."
        )
    with tempfile.TemporaryDirectory(prefix="lkjip-pdf-") as folder:
        work = Path(folder)
        profile = (work / "profil").as_uri()
        command = [
            soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(work / "keluar"), str(document.resolve()),
        ]  # fmt: skip
        if not _run(command):
            raise PdfError(
                f"LibreOffice tidak selesai mengubah {document.name} ke PDF dalam "
                f"{TIMEOUT:.0f} detik; PDF tidak dibuat."
            )
        produced = work / "keluar" / f"{document.stem}.pdf"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise PdfError(
                f"LibreOffice gagal mengubah {document.name} ke PDF (apakah LibreOffice Writer "
                "terpasang?); PDF tidak dibuat."
            )
        write_atomic(target, produced.read_bytes())
    return target
