"""What a file really is, told by its first bytes rather than its name, and the next step.

Why: a workbook reaches an agency as whatever the sender's program saved, under whatever name.
An Excel 97-2003 file renamed ``.xlsx``, a LibreOffice ``.ods``, a personnel system's CSV or
HTML export called ``.xls``: read as a zip, each failed with a raw library message that tells a
user nothing to do. Each kind found here comes with one Indonesian sentence saying what the
file is and how to make the ``.xlsx`` lkjip_xl reads.

Only signatures are read (a few bytes, and the names inside a zip), never the content, so an
untrusted file is not parsed.
"""

from __future__ import annotations

import zipfile
from enum import StrEnum
from pathlib import Path

__all__ = ["JenisBerkas", "jenis_berkas", "langkah_berikut", "uraian", "uraian_nama"]

#: Compound File Binary (OLE2): Excel 97-2003 workbooks, and password-protected .xlsx files,
#: which Office wraps in the same container.
CFB_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # a member first; or an empty archive
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
#: The stream name (UTF-16LE in the CFB directory) of an encrypted OOXML package.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_SNIFF_BYTES = 4096
_CFB_SCAN_LIMIT = 64 << 20  # a directory entry lies within the file; stop at an absurd size


class JenisBerkas(StrEnum):
    """What a file holds, as far as its signature tells."""

    OOXML = "ooxml"  # .xlsx / .xlsm: what lkjip_xl reads
    XLSB = "xlsb"  # Excel binary workbook: a zip holding xl/workbook.bin
    XLS = "xls"  # Excel 97-2003 (BIFF in a CFB container)
    TERKUNCI = "terkunci"  # an .xlsx encrypted with a password (CFB with EncryptedPackage)
    ODS = "ods"  # OpenDocument spreadsheet
    DOKUMEN = "dokumen"  # another Office Open XML document (.docx, .pptx)
    ZIP_LAIN = "zip"  # some other zip archive (a folder of workbooks sent zipped)
    RUSAK = "rusak"  # a zip whose directory cannot be read: cut short, or damaged
    HTML = "html"  # a web page or HTML table, often exported under an .xls name
    XML_2003 = "xml2003"  # Excel 2003 XML Spreadsheet
    TEKS = "teks"  # CSV or other plain text
    KOSONG = "kosong"  # zero bytes
    LAIN = "lain"  # anything else


def _zip_kind(path: Path) -> JenisBerkas:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            # An OpenDocument package names its type in a first member called mimetype.
            if "mimetype" in names:
                with archive.open("mimetype") as member:  # a few bytes, never a whole member
                    if member.read(len(ODS_MIMETYPE)) == ODS_MIMETYPE:
                        return JenisBerkas.ODS
            if "[Content_Types].xml" in names:
                if "xl/workbook.bin" in names:
                    return JenisBerkas.XLSB
                if not any(n.startswith("xl/") for n in names):
                    return JenisBerkas.DOKUMEN  # a Word or PowerPoint file: the same container
                return JenisBerkas.OOXML
            if "xl/workbook.xml" in names:  # a workbook missing a part: its reader names which
                return JenisBerkas.OOXML
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, EOFError):
        return JenisBerkas.RUSAK
    return JenisBerkas.ZIP_LAIN


def _cfb_kind(path: Path) -> JenisBerkas:
    # The directory sector may lie anywhere in the file: look for the stream's name throughout.
    keep = len(_ENCRYPTED_STREAM) - 1
    tail = b""
    seen = 0
    with path.open("rb") as stream:
        while seen < _CFB_SCAN_LIMIT:
            block = stream.read(1 << 20)
            if not block:
                break
            seen += len(block)
            if _ENCRYPTED_STREAM in tail + block:
                return JenisBerkas.TERKUNCI
            tail = block[-keep:]
    return JenisBerkas.XLS


def _text_kind(head: bytes) -> JenisBerkas:
    if head.startswith(b"%PDF-"):  # text at its start, binary after: not a table to copy from
        return JenisBerkas.LAIN
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return JenisBerkas.LAIN
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n").lower()
    if text.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in text:
        return JenisBerkas.XML_2003
    if text.startswith(("<!doctype html", "<html", "<table", "<?xml")) or "<html" in text:
        return JenisBerkas.HTML
    return JenisBerkas.TEKS


def jenis_berkas(path: str | Path) -> JenisBerkas:
    """The kind of the existing file ``path``, from its signature (raises ``OSError``)."""
    path = Path(path)
    with path.open("rb") as stream:
        head = stream.read(_SNIFF_BYTES)
    if not head:
        return JenisBerkas.KOSONG
    if head.startswith(ZIP_SIGNATURES):
        return _zip_kind(path)
    if head.startswith(CFB_SIGNATURE):
        return _cfb_kind(path)
    return _text_kind(head)


_SIMPAN_EXCEL = (
    "Buka berkas itu di Excel, pilih File > Simpan Sebagai (Save As), jenis Buku Kerja Excel "
    "(*.xlsx), lalu jalankan lagi perintah ini dengan {xlsx}."
)
_SIMPAN_CALC = (
    "Buka di LibreOffice Calc, pilih Berkas > Simpan Sebagai (File > Save As), jenis Excel "
    "2007-365 (.xlsx), pilih tetap memakai format Excel, lalu jalankan lagi perintah ini dengan "
    "{xlsx}."
)
_BUAT_BARU = (
    "Buat buku kerja dengan 'lkjip-xl new kinerja {xlsx}' (atau ipasn), salin isiannya ke tabel "
    "buku kerja itu di Excel, lalu jalankan lagi perintah ini dengan berkas .xlsx itu."
)

_APA = {
    JenisBerkas.XLSB: "berformat Buku Kerja Biner Excel (.xlsb), yang tidak dibaca lkjip-xl.",
    JenisBerkas.XLS: "berformat Excel 97-2003 (.xls), yang tidak dibaca lkjip-xl.",
    JenisBerkas.TERKUNCI: "adalah buku kerja Excel yang dikunci dengan kata sandi; lkjip-xl "
    "tidak dapat membacanya.",
    JenisBerkas.ODS: "berformat OpenDocument (.ods), yang tidak dibaca lkjip-xl.",
    JenisBerkas.DOKUMEN: "adalah dokumen Office lain (misalnya Word), bukan buku kerja.",
    JenisBerkas.ZIP_LAIN: "adalah arsip zip, bukan buku kerja.",
    JenisBerkas.RUSAK: "rusak atau terpotong (misalnya unduhan atau lampiran surel yang belum "
    "selesai).",
    JenisBerkas.HTML: "berisi halaman web (HTML), bukan buku kerja, meskipun Excel dapat "
    "membukanya.",
    JenisBerkas.XML_2003: "berformat Lembar Kerja XML 2003, yang tidak dibaca lkjip-xl.",
    JenisBerkas.TEKS: "adalah teks (CSV atau sejenisnya), bukan buku kerja.",
    JenisBerkas.KOSONG: "kosong (0 bita), bukan buku kerja.",
    JenisBerkas.LAIN: "bukan buku kerja .xlsx atau .xlsm; lkjip-xl hanya membaca kedua format itu.",
}

_LANGKAH = {
    JenisBerkas.XLSB: _SIMPAN_EXCEL,
    JenisBerkas.XLS: _SIMPAN_EXCEL,
    JenisBerkas.TERKUNCI: "Buka di Excel dengan kata sandinya, pilih File > Info > Lindungi Buku "
    "Kerja > Enkripsi dengan Kata Sandi, kosongkan kata sandi, simpan sebagai {xlsx}, lalu "
    "jalankan lagi perintah ini dengan berkas itu.",
    JenisBerkas.ODS: _SIMPAN_CALC,
    JenisBerkas.DOKUMEN: "Periksa bahwa berkas yang disebut benar: yang dibaca lkjip-xl adalah "
    "buku kerja Excel (.xlsx), misalnya {xlsx}.",
    JenisBerkas.RUSAK: "Mintalah berkasnya dikirim ulang, atau buka di Excel, yang kadang dapat "
    "memulihkannya, lalu simpan sebagai {xlsx}.",
    JenisBerkas.ZIP_LAIN: "Ekstrak dulu isinya, lalu jalankan lagi perintah ini dengan berkas "
    ".xlsx di dalamnya.",
    JenisBerkas.HTML: _SIMPAN_EXCEL,
    JenisBerkas.XML_2003: _SIMPAN_EXCEL,
    JenisBerkas.TEKS: _BUAT_BARU,
    JenisBerkas.KOSONG: "Mintalah berkasnya dikirim ulang.",
    JenisBerkas.LAIN: "Periksa bahwa berkas yang disebut benar.",
}
_TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
#: A unit's file returned as text: a new workbook made from it carries no distribution stamp
#: and would be refused in turn, so the step is the unit's own distributed workbook.
_KIRIMAN_TEKS = (
    "Teks tidak membawa tabel dan cap distribusi buku kerja unit, jadi tidak dapat dikumpulkan, "
    "juga sesudah disimpan sebagai .xlsx: salin isiannya ke buku kerja .xlsx yang dibagikan "
    "kepada unit itu (atau minta unit mengirim kembali buku kerja itu), lalu kumpulkan berkas "
    "itu."
)


def uraian(path: str | Path, nama: str | None = None, *, kiriman: bool = False) -> str | None:
    """``None`` when ``path`` holds an .xlsx/.xlsm package; otherwise what it holds and what to do
    (Indonesian, without the file's name), the workbook to make named after ``nama`` (the name
    the user knows, e.g. of a file an archive copy was made from; ``path``'s by default).
    ``kiriman``: the file is a unit's, returned to ``kumpulkan``."""
    path = Path(path)
    kind = jenis_berkas(path)
    if kind is JenisBerkas.OOXML:
        return None
    shown = Path(nama or path.name)
    xlsx = shown.with_suffix(".xlsx").name if shown.suffix else shown.name + ".xlsx"
    what = _APA[kind]
    suffix = shown.suffix.lower()
    if kind is JenisBerkas.TEKS and suffix in _TEXT_SUFFIXES:
        what = f"adalah teks ({suffix}), bukan buku kerja."
    if kind is JenisBerkas.TEKS and kiriman:
        return f"{what} {_KIRIMAN_TEKS}"
    return f"{what} {_LANGKAH[kind].format(xlsx=xlsx)}"


def langkah_berikut(path: str | Path) -> str | None:
    """``None`` when ``path`` holds an .xlsx/.xlsm workbook under such a name; otherwise one
    Indonesian sentence naming the file, what it really is and what to do (raises ``OSError``)."""
    path = Path(path)
    said = uraian(path) or uraian_nama(path.name)
    return f"{path.name} {said}" if said is not None else None


def uraian_nama(nama: str) -> str | None:
    """For a file holding an .xlsx/.xlsm package: ``None`` when ``nama`` ends so; otherwise what
    the name hides and what to do (Indonesian, without the file's name)."""
    shown = Path(nama)
    if shown.suffix.lower() in (".xlsx", ".xlsm"):
        return None
    xlsx = shown.with_suffix(".xlsx").name if shown.suffix else shown.name + ".xlsx"
    named = f"nama berakhiran {shown.suffix}" if shown.suffix else "nama tanpa akhiran"
    # Read under another name it would be written back under that name, and open nowhere;
    # calamine picks its reader by the name, too.
    return (
        f"berisi buku kerja Excel (.xlsx) dengan {named}. Ganti namanya menjadi "
        f"{xlsx} (atau buka di Excel, pilih File > Simpan Sebagai (Save As), jenis Buku Kerja "
        f"Excel (*.xlsx)), lalu jalankan lagi perintah ini dengan {xlsx}."
    )
