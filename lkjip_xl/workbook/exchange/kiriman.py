"""A file a unit sends back, as collect receives it: hashed, archived unchanged, and what became
of it (:class:`Kiriman`). A failure reading or checking one file rejects that file only."""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException

from lkjip_xl.core.problems import ribuan
from lkjip_xl.workbook.exchange.codes import REJECTING, Kode, StatusKiriman
from lkjip_xl.workbook.exchange.names import safe_part
from lkjip_xl.workbook.exchange.package import ExchangeError
from lkjip_xl.workbook.exchange.rows import RowsOf
from lkjip_xl.workbook.file_book import WorkbookError
from lkjip_xl.workbook.file_kind import uraian, uraian_nama
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.package import Package
from lkjip_xl.workbook.problems import Masalah, Tingkat
from lkjip_xl.workbook.reader import StructureError
from lkjip_xl.workbook.safe_write import write_named_by_content

MAX_FILE_BYTES = 512 << 20
ARCHIVE_STEM_BYTES = 120


@dataclass
class Kiriman:
    """One file received, and what became of it."""

    path: Path
    received: datetime
    sha256: str = ""
    archived: Path | None = None
    unit: str | None = None
    status: StatusKiriman | None = None
    rows: int | None = None
    changed: int | None = None
    added: int | None = None
    removed: int | None = None
    masalah: list[Masalah] = field(default_factory=list)
    tables: dict[str, RowsOf] = field(default_factory=dict, repr=False)
    # The file's inputs outside its part, as read by its check, and where among ``masalah`` a
    # change of them is told: compared with the master's in the main process, so that the
    # files are checked while the master is still being read.
    outside: dict[str, Any] | None = field(default=None, repr=False)
    outside_at: int = 0
    # Every row of the file hashes as sent: nothing of it to merge, its rows not kept.
    as_sent: bool = False

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def digest(self) -> str:
        return self.sha256[:16]

    @property
    def rejected(self) -> bool:
        return any(m.code in REJECTING for m in self.masalah)

    @property
    def reasons(self) -> list[Masalah]:
        return [m for m in self.masalah if m.tingkat is Tingkat.GALAT]

    def report(self, kode: Kode, **details: Any) -> None:
        """Record the problem ``kode`` of this file (place and fields as :meth:`Masalah.of`)."""
        self.masalah.append(Masalah.of(kode, **details))

    def as_dict(self) -> dict[str, Any]:
        return {
            "berkas": str(self.path),
            "arsip": str(self.archived) if self.archived else None,
            "sha256": self.sha256,
            "unit": self.unit,
            "status": self.status.value if self.status else None,
            "waktu_diterima": self.received.isoformat(),
            "baris": self.rows,
            "diubah": self.changed,
            "ditambah": self.added,
            "dihapus": self.removed,
            "masalah": [m.as_dict() for m in self.masalah],
        }


# --- receiving ---------------------------------------------------------------------------------


def _safe_stem(stem: str) -> str:
    return safe_part(stem, ARCHIVE_STEM_BYTES) or "berkas"


def refuse_failed(item: Kiriman, exc: BaseException, *, merging: bool = False) -> None:
    """Any failure reading, checking or (``merging``) merging one file rejects that file, with
    its reason; the collection goes on with the other files."""
    item.tables.clear()
    if isinstance(exc, DefusedXmlException):
        reason = "memuat DOCTYPE atau entitas XML yang tidak diizinkan"
        item.report(Kode.UNREADABLE, varian="tidak-aman", berkas=item.name, alasan=reason)
        return
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        reason = "arsip zip rusak atau terpotong"
    elif isinstance(exc, ParseError):
        reason = f"isi XML-nya rusak ({exc})"
    elif isinstance(exc, OSError):
        reason = os_reason(exc)
    elif isinstance(exc, MemoryError):
        reason = "terlalu besar untuk dibaca"
    elif isinstance(exc, KeyError):
        reason = f"bagian {exc.args[0] if exc.args else ''} tidak ada di berkas"
    elif isinstance(exc, PackageError | WorkbookError | StructureError | ExchangeError):
        reason = str(exc).rstrip(".")
    else:
        reason = f"{type(exc).__name__}: {exc}".rstrip(".")
    varian = "penggabungan" if merging else "pemeriksaan"
    item.report(Kode.UNREADABLE, varian=varian, berkas=item.name, alasan=reason)


def os_reason(exc: OSError) -> str:
    """Why a file cannot be read, in Indonesian (the system's own text is English)."""
    if isinstance(exc, FileNotFoundError):
        return "berkas tidak ditemukan"
    if isinstance(exc, IsADirectoryError):
        return "ini sebuah folder, bukan berkas"
    if isinstance(exc, PermissionError):
        return "tidak ada izin untuk membacanya"
    return f"kesalahan sistem berkas ({exc.strerror or type(exc).__name__})"


def receive(path: Path, archive: Path, now: datetime) -> Kiriman:
    """Hash the file and keep an unchanged copy in the archive (the copy is what is read)."""
    item = Kiriman(path, now)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            item.report(
                Kode.UNREADABLE, varian="terlalu-besar", berkas=path.name, ukuran=ribuan(size)
            )
            return item
        data = path.read_bytes()
    except OSError as exc:
        item.report(Kode.UNREADABLE, berkas=path.name, alasan=os_reason(exc))
        return item
    item.sha256 = hashlib.sha256(data).hexdigest()
    target = archive / f"{_safe_stem(path.stem)}.{item.digest}{path.suffix.lower()}"
    if not target.exists():
        write_named_by_content(target, data)  # the folder swept once per collection
    item.archived = target
    return item


def refuse_other_kinds(item: Kiriman) -> None:
    """Reject a received file that is no .xlsx/.xlsm package, by its archived copy's content:
    an Excel 97-2003 file or a CSV gets its next step, not "zip rusak"."""
    assert item.archived is not None
    # A package under another name (a unit's .xlsx renamed .xls) is refused as every command
    # refuses it, with the name to give it, not as a broken part.
    said = uraian(item.archived, item.name, kiriman=True) or uraian_nama(item.name)
    if said is not None:
        item.report(Kode.UNREADABLE, varian="buku-kerja", berkas=item.name, alasan=said)


def unsafe_part(path: Path) -> str | None:
    """Why the package at ``path`` is refused by the file layer (a DOCTYPE in any part, a part
    stored twice, no content types), or None.

    Not every part is parsed by collect (calamine reads the sheets), and a part a later
    recompute would refuse must not pass the collection: the same check decides both."""
    with zipfile.ZipFile(path) as archive:
        try:
            Package(archive)
        except PackageError as exc:
            return str(exc)
    return None


def safe_package(item: Kiriman, archive: zipfile.ZipFile) -> Package | None:
    """The package of ``item``'s archived copy (``archive``), opened once for all its checks;
    None, and ``item`` rejected, when the file layer refuses it (as :func:`unsafe_part`)."""
    try:
        return Package(archive)
    except PackageError as exc:
        item.report(Kode.UNREADABLE, varian="tidak-aman", berkas=item.name, alasan=str(exc))
        return None
