"""``lkjip-xl laporan``: the Word document (and optionally its PDF) of a workbook's chapter III.

The document must hold the figures the workbook shows once recomputed. A workbook whose results
are older than its inputs (or that was never recomputed) is recomputed first in a temporary
copy: the user's file is never changed by this command, and the result says so, so that the
user can run ``lkjip-xl hitung`` to bring the workbook itself level with the document.
"""

from __future__ import annotations

import errno
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lkjip_xl.workbook.api import check_file, no_cyclic_gc, recompute_file
from lkjip_xl.workbook.problems import Kode
from lkjip_xl.workbook.report.docx_writer import write_docx
from lkjip_xl.workbook.report.model import build_report
from lkjip_xl.workbook.report.narrative import kinerja_paragraphs, with_ipasn_text
from lkjip_xl.workbook.report.pdf import convert_to_pdf
from lkjip_xl.workbook.safe_write import refuse_if_open, write_error

__all__ = ["DOCX_TAG", "HasilLaporan", "default_output", "report_docx", "write_report"]

#: ``LKjIP-2020.xlsx`` -> ``LKjIP-2020.laporan.docx``
DOCX_TAG = ".laporan"
_STALE = {Kode.NEVER_COMPUTED, Kode.STALE_RESULTS}

Progress = Callable[[int, int, str], None]


@dataclass
class HasilLaporan:
    """What ``write_report`` did: the files it wrote and what the user should know."""

    workbook: Path
    docx: Path
    pdf: Path | None = None
    #: true when the figures come from a recompute in a temporary copy
    dihitung_di_salinan: bool = False
    galat: int = 0
    peringatan: int = 0
    catatan: list[str] = field(default_factory=list)


def default_output(workbook: str | Path) -> Path:
    """The document's default place: beside the workbook, ``NAME.laporan.docx``."""
    workbook = Path(workbook)
    return workbook.with_name(f"{workbook.stem}{DOCX_TAG}.docx")


def report_docx(workbook: Path, output: Path, progress: Progress | None = None) -> Path:
    """Build the report of an up-to-date ``workbook`` and write it to ``output``."""
    if progress is not None:
        progress(0, 1, f"Membaca {workbook.name}")
    report = build_report(workbook, kinerja_paragraphs)
    if report.kind == "ipasn":
        report = with_ipasn_text(report)
    return write_docx(report, output, progress=progress)


def _validate(workbook: Path, output: Path) -> None:
    if not workbook.is_file():
        raise FileNotFoundError(f"Berkas tidak ditemukan: {workbook}")
    if output.suffix.lower() != ".docx":
        raise ValueError(f"Berkas keluaran harus berakhiran .docx: {output.name}")
    if output.resolve() == workbook.resolve():
        raise ValueError("Berkas keluaran tidak boleh sama dengan buku kerja.")
    # Before the work, which recomputes a stale workbook first: a document open in Word was
    # refused only once the whole report had been built. A missing folder is refused as every
    # command that writes refuses it (DESIGN §5): a mistyped folder is not created.
    if not output.parent.is_dir():
        raise write_error(FileNotFoundError(errno.ENOENT, "", str(output)), output)
    refuse_if_open(output)


def write_report(
    workbook: str | Path,
    output: str | Path | None = None,
    *,
    pdf: bool = False,
    progress: Progress | None = None,
) -> HasilLaporan:
    """Write the chapter III document of ``workbook``; with ``pdf`` also its PDF beside it.

    Raises :class:`~lkjip_xl.workbook.report.pdf.PdfError` (after the .docx is written) when
    the PDF cannot be made, and the errors of reading a workbook as the other commands do.
    """
    workbook = Path(workbook)
    target = Path(output) if output is not None else default_output(workbook)
    _validate(workbook, target)
    step = progress or (lambda _done, _total, _text: None)
    with no_cyclic_gc():
        step(0, 1, f"Memeriksa {workbook.name}")
        laporan = check_file(workbook)
        stale = any(m.code in _STALE for m in laporan.masalah)
        hasil = HasilLaporan(workbook, target, dihitung_di_salinan=stale)
        if stale:
            with tempfile.TemporaryDirectory(prefix="lkjip-laporan-") as folder:
                copy = Path(folder) / workbook.name
                shutil.copyfile(workbook, copy)
                step(0, 1, "Menghitung ulang salinan sementara")
                laporan = recompute_file(copy)
                report_docx(copy, target, progress)
            hasil.catatan.append(
                f"{workbook.name} belum dihitung ulang sejak isiannya berubah: laporan memakai "
                "hasil hitung ulang di salinan sementara, buku kerja tidak diubah. Jalankan "
                f"lkjip-xl hitung {workbook.name} agar buku kerja sama dengan laporan."
            )
        else:
            report_docx(workbook, target, progress)
    hasil.galat, hasil.peringatan = len(laporan.galat), len(laporan.peringatan)
    if pdf:
        step(0, 1, "Mengubah ke PDF dengan LibreOffice")
        hasil.pdf = convert_to_pdf(target)
    return hasil
