"""The zip package of a workbook: bounded reads of its parts, and the two ways it is written.

* :func:`copy_package` writes a package with some parts replaced (or removed) and every other
  member copied raw: the same compressed bytes, in the same order. This is how a workbook that
  users work in is changed: what lkjip_xl does not model survives byte for byte. A large
  replacement is streamed (:class:`StreamedPart`): written while it is made, with the same
  bytes as the part written whole.
* :func:`package_bytes` writes a package from its parts (templates and new workbooks, built
  here), optionally with fixed timestamps so that the same parts give the same bytes
  (:func:`at_fixed_time`).
"""

from __future__ import annotations

import codecs
import copy
import io
import os
import re
import struct
import time
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path
from queue import Queue
from threading import Thread
from typing import IO, BinaryIO, Literal, Protocol

from lkjip_xl.workbook.ooxml import part_counts
from lkjip_xl.workbook.ooxml.deflate import ParallelDeflate, codec
from lkjip_xl.workbook.ooxml.errors import PackageError
from lkjip_xl.workbook.ooxml.markup import MAIN_NAMESPACES, local_name
from lkjip_xl.workbook.ooxml.parse import DEPTH_FREE, check_well_formed, parse_part
from lkjip_xl.workbook.ooxml.relationships import (
    REL_OFFICE_DOCUMENT,
    REL_SHARED_STRINGS,
    REL_STYLES,
    REL_TABLE,
    Relationship,
    relationships,
    rels_part,
    worksheet_parts,
)

__all__ = [
    "CONTENT_TYPES",
    "CORE_PROPERTIES",
    "CT_TABLE",
    "MAX_PART_BYTES",
    "NotStreamable",
    "Package",
    "StreamedPart",
    "at_fixed_time",
    "check_parts",
    "copy_package",
    "inflated_chunks",
    "package_bytes",
    "read_bounded",
    "read_in_pieces",
    "read_parts",
    "refuse_strict",
    "stored_copy",
    "uses_1904_dates",
    "vouched",
]

# A part we parse is read fully into memory; this bounds what a hostile archive can make us
# inflate (the largest real worksheet we expect is ~40 MB).
MAX_PART_BYTES = 512 << 20
CONTENT_TYPES = "[Content_Types].xml"
CORE_PROPERTIES = "docProps/core.xml"
CT_TABLE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"
#: How far into a part its prolog (what comes before the root element) may reach.
MAX_PROLOG_BYTES = 1 << 20
#: Parts up to this size (read whole by the prolog's check) are checked to be well-formed when
#: a package is opened (~1 ms for a workbook's few dozen small parts); the sheets the engine
#: reads are checked as they are read.
WELL_FORMED_BYTES = 16384
#: Not VML: Excel itself writes it unclosed (``<br>``).
_CHECKED_PART = re.compile(r"\.(xml|rels)\Z", re.IGNORECASE)
#: Parts at least this large are inflated in pieces of this size into one buffer.
_INFLATE_CHUNK = 1 << 20
#: The compression methods of a workbook's members: stored and deflated.
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_XML_PART = re.compile(r"\.(xml|rels|vml)\Z", re.IGNORECASE)
#: Larger parts the engine carries as they are (drawings, charts, styles, comments) are checked
#: whole too: one nested too deep is carried into every unit workbook. Worksheets and shared
#: strings, which the engine reads itself and which are by far the largest, are not.
_CHECKED_WHOLE = re.compile(r"\.xml\Z", re.IGNORECASE)


def read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's content, refused when it inflates beyond :data:`MAX_PART_BYTES`."""
    # The declared size may lie, so the read itself is bounded too.
    if info.file_size > MAX_PART_BYTES:
        raise PackageError(f"Bagian {info.filename} terlalu besar untuk diproses.")
    if info.file_size >= _INFLATE_CHUNK:
        return _read_large(zf, info)
    with zf.open(info) as fh:
        data = fh.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise PackageError(f"Bagian {info.filename} terlalu besar untuk diproses.")
    return data


def _sized_buffer(size: int) -> io.BytesIO:
    """A BytesIO grown once to ``size`` bytes, to be filled in place from its start."""
    out = io.BytesIO()
    out.seek(size - 1)
    out.write(b"\0")
    out.seek(0)
    return out


def read_in_pieces(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, piece: Callable[[bytes], object]
) -> bytes:
    """The member's content read as :func:`read_bounded` reads a large one, each piece handed
    to ``piece`` as soon as it is inflated (a search may run on them meanwhile)."""
    if info.file_size > MAX_PART_BYTES:
        raise PackageError(f"Bagian {info.filename} terlalu besar untuk diproses.")
    return _read_large(zf, info, piece)


def _read_large(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, piece: Callable[[bytes], object] | None = None
) -> bytes:
    """A large member inflated into one buffer of its declared size.

    zipfile's ``read`` of a 120 MB sheet holds it twice (zlib's output blocks, then their join)
    and takes twice as long; a BytesIO grown once and filled in place hands its buffer over as
    the bytes (``getvalue`` copies nothing when nothing else shares it). zipfile still stops
    at the declared size (bounded by the caller) and checks the CRC. A deflated member of a
    package opened from a file is inflated by the large-part codec instead (:func:`_inflate`).
    """
    plain = info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x1
    if plain and zf.fp is not None and zf.fp.seekable():
        # zipfile's own lock over its file: a member open for reading meanwhile (in another
        # thread) seeks back to where it was once it has it again.
        with zf._lock:  # type: ignore[attr-defined]
            return _inflate(zf.fp, info, piece)
    out = _sized_buffer(info.file_size)
    with zf.open(info) as fh:
        assert isinstance(fh, zipfile.ZipExtFile)  # what ZipFile.open opens for reading
        while chunk := fh.read1(_INFLATE_CHUNK):
            out.write(chunk)
            if piece is not None:
                piece(chunk)
    out.truncate(out.tell())
    return out.getvalue()


def _inflate(
    src: IO[bytes], info: zipfile.ZipInfo, piece: Callable[[bytes], object] | None = None
) -> bytes:
    """The deflated member ``info`` of the archive file ``src`` (:func:`inflated_chunks`) in a
    buffer of its declared size, each chunk also handed to ``piece``."""
    out = _sized_buffer(info.file_size)
    for chunk in inflated_chunks(src, info):
        out.write(chunk)
        if piece is not None:
            piece(chunk)
    data = out.getvalue()
    del out
    return data


def inflated_chunks(src: IO[bytes], info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The deflated member ``info`` of the archive file ``src``, inflated by ISA-L (2.3 times
    zlib's speed on a roster's sheet, :func:`~.deflate.codec`) in chunks of at most 1 MiB,
    never held whole here. What zipfile would refuse (a local header naming another member, a
    stream that is damaged, ends early or runs past the declared size, a wrong CRC) raises
    BadZipFile, the CRC once the last chunk is made; nothing past the declared size is made.
    """
    using = codec()
    size = info.file_size
    src.seek(info.header_offset)
    header = src.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        raise zipfile.BadZipFile(f"Truncated file header of {info.filename}")
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"Bad magic number for file header of {info.filename}")
    # As zipfile checks it: a member whose own header names another is not this part.
    name = src.read(fields[9]).decode("utf-8" if fields[2] & 0x800 else "cp437", "replace")
    if name != info.orig_filename:
        raise zipfile.BadZipFile(f"File name in directory and header differ: {info.filename}")
    src.seek(info.header_offset + _LOCAL_HEADER.size + fields[9] + fields[10])
    inflater = using.decompressobj(-15)
    left, pending, written, crc = info.compress_size, b"", 0, 0
    try:
        while not inflater.eof:
            if not pending and left > 0:
                pending = src.read(min(left, _INFLATE_CHUNK))
                left -= len(pending)
            if not pending:  # all the input given: what the inflater still holds
                chunk = inflater.flush()
                if not chunk:
                    break
            else:
                chunk = inflater.decompress(pending, _INFLATE_CHUNK)
                pending = inflater.unconsumed_tail
            written += len(chunk)
            if written > size:
                break
            crc = using.crc32(chunk, crc)
            if chunk:
                yield chunk
    except using.error as exc:
        raise zipfile.BadZipFile(f"Bad deflate stream for file {info.filename}") from exc
    if not inflater.eof or written != size:
        raise zipfile.BadZipFile(f"Bad size for file {info.filename}")
    if crc != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename}")


def _prolog_declares(text: str) -> bool | None:
    """True when the prolog ``text`` holds a declaration (``<!DOCTYPE``), False when it
    reaches the root element without one, None when more text is needed."""
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n\ufeff":
            pos += 1
        rest = text[pos:]
        if len(rest) < 4:
            return None
        if rest.startswith("<?") or rest.startswith("<!--"):
            close = "?>" if rest.startswith("<?") else "-->"
            end = text.find(close, pos + 2)
            if end < 0:
                return None
            pos = end + len(close)
        else:
            # Else the root element, or text no parser takes as XML: no DTD to expand.
            return rest.startswith("<!")


def _encoding_of(head: bytes) -> str:
    if head[:2] in (b"\xff\xfe", b"<\x00"):
        return "utf-16-le"
    if head[:2] in (b"\xfe\xff", b"\x00<"):
        return "utf-16-be"
    return "latin-1"  # every ASCII-compatible encoding reads the prolog's markup the same


def _refuse_doctype(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """Refuse the XML part ``info`` when its prolog declares a DOCTYPE (or is unreasonably
    long): Excel never writes one, and a DTD is how entity attacks (XXE, billion laughs) come
    in. Checked for every part before any is parsed, so that every command that reads a
    workbook refuses such a file the same way, whichever part carries it. Returns the part's
    bytes when the first read took all of it (a small part), else None."""
    read = 0
    decoder = None
    text = ""
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(WELL_FORMED_BYTES)
            whole = chunk if read == 0 and len(chunk) == info.file_size else None
            read += len(chunk)
            if decoder is None:
                decoder = codecs.getincrementaldecoder(_encoding_of(chunk))("replace")
            text += decoder.decode(chunk, final=not chunk)
            verdict = _prolog_declares(text)
            if verdict is False or (verdict is None and not chunk):
                return whole
            if verdict:
                raise PackageError(
                    f"Bagian {info.filename} memuat deklarasi DOCTYPE, yang tidak pernah ditulis "
                    "Excel; berkas ini ditolak demi keamanan."
                )
            if read > MAX_PROLOG_BYTES:
                raise PackageError(
                    f"Bagian {info.filename} tidak wajar (pembukaan XML terlalu panjang)."
                )


def check_parts(parts: Mapping[str, bytes]) -> None:
    """Refuse ``parts`` (new parts, by name) as :class:`Package` refuses a package holding
    them when it is opened: a DOCTYPE, an overlong prolog, a small part not well-formed."""
    stored = io.BytesIO()  # the very check Package runs, on the very bytes, read back
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as zout:
        for name, data in parts.items():
            if _XML_PART.search(name):
                zout.writestr(name, data)
    with zipfile.ZipFile(stored) as zf:
        for info in zf.infolist():
            whole = _refuse_doctype(zf, info)
            if whole is not None and _CHECKED_PART.search(info.filename):
                check_well_formed(whole, info.filename)


#: Packages this process wrote from parts already checked, by path: the version written.
_VOUCHED: dict[str, tuple[int, int, int, int]] = {}


def _version(path: str) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


@contextmanager
def vouched(path: Path) -> Iterator[None]:
    """While in the block, the package just written at ``path`` is opened as a
    :class:`Package` without checking each of its XML parts again: its writer vouches that
    every part was checked, as part of a package opened as a :class:`Package` or by
    :func:`check_parts`. Only the version written is vouched for (a file replaced meanwhile
    is checked as any other)."""
    key = os.fspath(path)
    version = _version(key)
    if version is not None:
        _VOUCHED[key] = version
    try:
        yield
    finally:
        _VOUCHED.pop(key, None)


def _is_vouched(zf: zipfile.ZipFile) -> bool:
    name = zf.filename
    return bool(_VOUCHED) and name is not None and _VOUCHED.get(name, ()) == _version(name)


def uses_1904_dates(workbook_xml: bytes) -> bool:
    """Whether the workbook counts dates from 1904 (``<workbookPr date1904="1"/>``)."""
    for element in parse_part(workbook_xml, "xl/workbook.xml").iter():
        if local_name(element.tag) == "workbookPr":
            return element.get("date1904", "0").strip().lower() in ("1", "true")
    return False


def refuse_strict(workbook_xml: bytes, part: str = "xl/workbook.xml") -> None:
    """Refuse a workbook Excel saved as "Strict Open XML Spreadsheet": calamine finds no
    table through its relationships, so it was called no lkjip_xl workbook at all, and
    openpyxl reads none of its defined names."""
    root = parse_part(workbook_xml, part)
    if root.tag.startswith("{" + MAIN_NAMESPACES[1].decode() + "}"):
        raise PackageError(
            "buku kerja ini disimpan dalam format Strict Open XML Spreadsheet; buka di Excel "
            "lalu simpan ulang sebagai Buku Kerja Excel (.xlsx)."
        )


class Package:
    """Read access to the parts of a workbook package (bounded, parsed with defusedxml).

    Opening one refuses a package without content types, with a part stored twice, or in which
    any XML part declares a DOCTYPE.
    """

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.infos = {i.filename: i for i in zf.infolist()}
        if len(self.infos) != len(zf.infolist()):
            # Readers differ on which copy they take (the first, the last): what we check
            # would not be what another program shows.
            names = [i.filename for i in zf.infolist()]
            twice = next(n for n in names if names.count(n) > 1)
            raise PackageError(
                f"Arsip memuat bagian {twice} lebih dari sekali; berkas ini tidak sah."
            )
        # zipfile also inflates bzip2 and LZMA, which no spreadsheet program writes: a member
        # so marked that holds deflate data ends in the decompressor's English OSError, and one
        # copied raw would be written under a method it is not in.
        odd = next((i for i in zf.infolist() if i.compress_type not in _METHODS), None)
        if odd is not None:
            raise PackageError(
                f"Arsip rusak: bagian {odd.filename} dimampatkan dengan metode yang tidak dipakai "
                f"Excel (metode {odd.compress_type}); berkas ini tidak sah."
            )
        # The small parts as the DOCTYPE check read them whole: read again (the workbook, its
        # relationships, tables, most sheets), they are not inflated a second time.
        self._small: dict[str, bytes] = {}
        if CONTENT_TYPES not in self.infos:
            self.read(CONTENT_TYPES)  # refused there, in the words every missing part gets
        vouched = _is_vouched(zf)
        for info in () if vouched else self.infos.values():
            if _XML_PART.search(info.filename):
                try:
                    whole = _refuse_doctype(zf, info)
                    if whole is not None and _CHECKED_PART.search(info.filename):
                        check_well_formed(whole, info.filename)
                    elif _CHECKED_WHOLE.search(info.filename) and not DEPTH_FREE.search(
                        info.filename
                    ):
                        check_well_formed(read_bounded(zf, info), info.filename)
                    if whole is not None:
                        self._small[info.filename] = whole
                except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError,
                        NotImplementedError) as exc:  # fmt: skip
                    raise PackageError(
                        f"Arsip rusak: bagian {info.filename} tidak dapat dibaca."
                    ) from exc
        root = relationships(self.read("_rels/.rels"), "")
        self.workbook = next(
            (r.target for r in root if r.type.endswith(REL_OFFICE_DOCUMENT)), "xl/workbook.xml"
        )
        if not vouched and self.workbook in self.infos:
            part_counts.check(zf, self.infos[self.workbook], part_counts.WORKBOOK)
        self.workbook_rels = rels_part(self.workbook)
        self.workbook_relationships: list[Relationship] = relationships(
            self.read(self.workbook_rels), self.workbook
        )
        if not vouched:
            self._check_counts()
        self._sheets: dict[str, str] | None = None
        self._tables: dict[str, str] | None = None

    def _check_counts(self) -> None:
        """Refuse shared strings or styles of more items than any real workbook holds."""
        for rel, usual, bound in (
            (REL_SHARED_STRINGS, part_counts.SHARED_STRINGS_PART, part_counts.SHARED_STRINGS),
            (REL_STYLES, part_counts.STYLES_PART, part_counts.STYLES),
        ):
            for name in {self.rel_target(rel), usual}:
                if name in self.infos:
                    part_counts.check(self.zf, self.infos[name], bound)

    def read(self, name: str) -> bytes:
        small = self._small.get(name)
        if small is not None:
            return small
        info = self.infos.get(name)
        if info is None:
            raise PackageError(
                f"Berkas ini bukan buku kerja Excel yang lengkap (bagian {name} tidak ada)."
            )
        data = read_bounded(self.zf, info)
        # A vouched package's small parts are kept as a checked one's are: its relationships,
        # content types and tables are asked for again and again (~60 reads a distributed unit).
        if len(data) == info.file_size <= WELL_FORMED_BYTES and _XML_PART.search(name):
            self._small[name] = data
        return data

    def rel_target(self, type_suffix: str) -> str | None:
        """The part the workbook's first internal relationship of this type points to."""
        for r in self.workbook_relationships:
            if r.type.endswith(type_suffix) and not r.external:
                return r.target
        return None

    def worksheets(self) -> dict[str, str]:
        """Sheet name -> worksheet part, in workbook order (``""`` for a chart sheet)."""
        if self._sheets is None:
            self._sheets = worksheet_parts(self.read(self.workbook), self.workbook_relationships)
        return dict(self._sheets)

    def sheet_part(self, name: str) -> str:
        sheets = self.worksheets()
        if name not in sheets:
            known = ", ".join(repr(n) for n in sheets)
            raise PackageError(f"Lembar '{name}' tidak ada di buku kerja (yang ada: {known}).")
        part = sheets[name]
        if not part:
            raise PackageError(f"Lembar '{name}' bukan lembar kerja biasa (mungkin lembar grafik).")
        return part

    def table_parts(self) -> dict[str, str]:
        """Table name and displayName -> part name."""
        if self._tables is None:
            self._tables = self._find_table_parts()
        return dict(self._tables)

    def _find_table_parts(self) -> dict[str, str]:
        candidates = {n for n in self.infos if re.fullmatch(r"xl/tables/[^/]+\.xml", n)}
        ct = parse_part(self.read(CONTENT_TYPES), CONTENT_TYPES)
        for el in ct:
            if local_name(el.tag) == "Override" and el.get("ContentType") == CT_TABLE:
                candidates.add(el.get("PartName", "").lstrip("/"))
        found: dict[str, str] = {}
        for part in sorted(candidates):
            if part not in self.infos:
                continue
            root = parse_part(self.read(part), part)
            for key in ("displayName", "name"):
                if root.get(key):
                    found.setdefault(root.get(key), part)
        return found

    def sheet_tables(self, sheet_part: str) -> list[str]:
        """The table parts the worksheet ``sheet_part`` holds (its table relationships)."""
        rels = rels_part(sheet_part)
        if rels not in self.infos:
            return []
        return [
            r.target
            for r in relationships(self.read(rels), sheet_part)
            if r.type.endswith(REL_TABLE) and not r.external
        ]

    def style_count(self) -> int | None:
        """How many cell formats (``cellXfs``) the styles part holds; None without one."""
        part = self.rel_target(REL_STYLES)
        if part is None or part not in self.infos:
            return None
        for el in parse_part(self.read(part), part):
            if local_name(el.tag) == "cellXfs":
                return sum(1 for x in el if local_name(x.tag) == "xf")
        return None


# ---------------------------------------------------------------------------------------------
# Writing a package with some parts changed


_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


def _raw_member(src: BinaryIO, info: zipfile.ZipInfo) -> bytes:
    """The member's local header, compressed data and data descriptor, exactly as stored."""
    src.seek(info.header_offset)
    header = src.read(_LOCAL_HEADER.size)
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != b"PK\x03\x04":
        raise PackageError(f"Arsip rusak: kepala bagian {info.filename} tidak sah.")
    name_len, extra_len = fields[9], fields[10]
    extra = src.read(name_len + extra_len)[name_len:]
    length = _LOCAL_HEADER.size + name_len + extra_len + info.compress_size
    if info.flag_bits & 0x08:
        zip64 = False
        i = 0
        while i + 4 <= len(extra):
            hid, size = struct.unpack_from("<HH", extra, i)
            zip64 = zip64 or hid == 1
            i += 4 + size
        src.seek(info.header_offset + length)
        signed = src.read(4) == b"PK\x07\x08"
        length += (4 if signed else 0) + (20 if zip64 else 12)
    src.seek(info.header_offset)
    data = src.read(length)
    if len(data) != length:
        raise PackageError(f"Arsip rusak: bagian {info.filename} terpotong.")
    return data


def _copy_raw(zout: zipfile.ZipFile, raw: bytes, info: zipfile.ZipInfo) -> None:
    # zipfile has no public raw-copy API; this mirrors what ZipFile.writestr does after
    # compressing, so the central directory written on close describes the copied bytes.
    fp = zout.fp
    assert fp is not None  # only None once the archive is closed; copy_package writes it open
    new = copy.copy(info)
    new.header_offset = fp.tell()
    fp.write(raw)
    zout.filelist.append(new)
    zout.NameToInfo[new.filename] = new
    zout.start_dir = fp.tell()
    # Private, so not in typeshed: as writestr does, mark the archive modified so that close
    # writes the central directory.
    zout._didModify = True  # type: ignore[attr-defined]


class NotStreamable(Exception):
    """Raised by a streamed part's chunks when it finds, part-way, that it cannot be written as
    a stream after all: the caller writes the package again with the part made whole."""

    def __init__(self, part: str) -> None:
        super().__init__(part)
        self.part = part


class StreamedPart(Protocol):
    """A replacement part made while it is written, so that a large sheet is never held whole
    a second time. ``size`` is the expected uncompressed size (the original part's); after
    :meth:`chunks` is exhausted, :meth:`outcome` says what stands: ``True`` the streamed
    bytes, ``None`` the original (it turned out unchanged: copied raw), or bytes to write
    instead (the rare case a stream cannot produce exactly as a whole part would be)."""

    @property
    def size(self) -> int: ...

    def chunks(self) -> Iterator[bytes | bytearray | memoryview]: ...

    def outcome(self) -> bytes | Literal[True] | None: ...


#: Parts larger than this are deflated at level 1: a 90 MB sheet in well under a second.
FAST_LEVEL_FROM = 4 << 20


def _part_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    new = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    new.compress_type = (
        info.compress_type if info.compress_type == zipfile.ZIP_STORED else zipfile.ZIP_DEFLATED
    )
    new.external_attr = info.external_attr
    new.create_system = info.create_system
    return new


@contextmanager
def _large_member(
    zout: zipfile.ZipFile, info: zipfile.ZipInfo, size: int, force_zip64: bool = False
) -> Iterator[IO[bytes]]:
    """A member of ``size`` bytes (more than :data:`FAST_LEVEL_FROM`) open for writing,
    deflated at level 1 on two threads (:mod:`~.deflate`): its bytes depend only on what is
    written, whether at once or in chunks."""
    new = _part_info(info)
    # zipfile decides on ZIP64 from the size given here, as writestr does from the data's.
    new.file_size = size
    # Private in Python 3.11 (what writestr's compresslevel sets; public from 3.13).
    new._compresslevel = 1  # type: ignore[attr-defined]
    with zout.open(new, "w", force_zip64=force_zip64) as stream:
        # zipfile's write computes the CRC and sizes and calls compress/flush on this.
        stream._compressor = ParallelDeflate(1)  # type: ignore[attr-defined]
        yield stream


def _write_part(zout: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes) -> None:
    if len(data) <= FAST_LEVEL_FROM:
        zout.writestr(_part_info(info), data, compresslevel=6)
        return
    with _large_member(zout, info, len(data)) as stream:
        stream.write(data)


def _forget_last(zout: zipfile.ZipFile, offset: int) -> None:
    """Take back the member just written from ``offset`` (its bytes and its directory entry)."""
    fp = zout.fp
    assert fp is not None
    gone = zout.filelist.pop()
    del zout.NameToInfo[gone.filename]
    fp.seek(offset)
    fp.truncate()
    zout.start_dir = offset


#: How many chunks may wait for the writing thread (each about a megabyte).
_QUEUED_CHUNKS = 4


def _write_beside(stream: IO[bytes], chunks: Iterator[bytes | bytearray | memoryview]) -> None:
    """Write ``chunks`` into ``stream`` from a second thread while they are made: deflate and
    the CRC release the GIL, so a second core compresses while this one makes the next chunk.
    The bytes written, and their order, are the same as a plain loop's."""
    queue: Queue[bytes | bytearray | memoryview | None] = Queue(_QUEUED_CHUNKS)
    failed: list[BaseException] = []

    def write() -> None:
        while (chunk := queue.get()) is not None:
            if not failed:
                try:
                    stream.write(chunk)
                except BaseException as exc:  # told to the making thread, raised there
                    failed.append(exc)

    writer = Thread(target=write, name="lkjip-deflate", daemon=True)
    writer.start()
    try:
        for chunk in chunks:
            if failed:
                break
            queue.put(chunk)
    finally:
        queue.put(None)
        writer.join()
    if failed:
        raise failed[0]


def _stream_part(
    src: BinaryIO, zout: zipfile.ZipFile, info: zipfile.ZipInfo, part: StreamedPart,
    original: Callable[[], bytes] | None = None,
) -> None:  # fmt: skip
    """Write a streamed part as :func:`_write_part` would write it whole (same header, same
    level, same deflate stream): what it spells is known only once it is written, so the
    member is taken back when the stream says the original or another content stands.
    ``original``: the original's content, when it stands, is deflated again from it (a
    scratch copy's member, see :func:`copy_package`), not copied as stored."""
    offset = zout.start_dir
    if part.size > FAST_LEVEL_FROM:
        with _large_member(zout, info, part.size, part.size > (1 << 30)) as stream:
            _write_beside(stream, part.chunks())
    else:
        new = _part_info(info)
        new.file_size = part.size
        new._compresslevel = 6  # type: ignore[attr-defined]
        with zout.open(new, "w") as stream:
            _write_beside(stream, part.chunks())
    outcome = part.outcome()
    if outcome is True:
        return
    _forget_last(zout, offset)
    if outcome is None and original is not None:
        _write_part(zout, info, original())
    elif outcome is None:
        _copy_raw(zout, _raw_member(src, info), info)
    else:
        _write_part(zout, info, outcome)


def copy_package(
    src_path: Path,
    zin: zipfile.ZipFile,
    dst: Path,
    changes: Mapping[str, bytes | StreamedPart | None],
    *,
    scratch: bool = False,
    deflate: Collection[str] = (),
) -> None:
    """Write the package at ``src_path`` (open as ``zin``) to ``dst`` with the parts in
    ``changes`` replaced (``None`` removes one); every other member is copied raw, in order.
    A replacement may be streamed (:class:`StreamedPart`): written as it is made.

    ``scratch``: ``dst`` is a copy to read from and to be written again (by a copy with
    ``deflate``): the parts of ``changes`` (given whole) are stored in deflate's stored blocks
    (level 0: no compression, the member's type and header as usual). ``deflate``: parts of
    ``src_path`` that are such stored blocks; one not replaced is deflated again as a
    replacement is, not copied as stored: a part is compressed once, by the last copy, and the
    result is the bytes a scratch written at the usual level would have given."""
    with open(src_path, "rb") as raw_src, open(dst, "wb") as fh, zipfile.ZipFile(fh, "w") as zout:
        for info in zin.infolist():
            # A legacy (cp437) non-ASCII name would be re-encoded as UTF-8 in the central
            # directory and no longer match the copied local header, so such a member is
            # rewritten instead (part names in real workbooks are ASCII).
            legacy_name = not info.filename.isascii() and not info.flag_bits & 0x800
            again = info.filename in deflate
            if info.filename not in changes and not legacy_name and not again:
                _copy_raw(zout, _raw_member(raw_src, info), info)
                continue
            data = changes[info.filename] if info.filename in changes else read_bounded(zin, info)
            if data is None:
                continue
            if isinstance(data, bytes):
                if scratch and info.filename in changes:
                    zout.writestr(_part_info(info), data, compresslevel=0)
                else:
                    _write_part(zout, info, data)
            else:
                original = partial(read_bounded, zin, info) if again else None
                _stream_part(raw_src, zout, info, data, original)


def stored_copy(zin: zipfile.ZipFile, changes: Mapping[str, bytes]) -> bytes:
    """The package ``zin`` with the parts in ``changes`` replaced, uncompressed, in memory: a
    copy to read from, never to keep."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = changes.get(info.filename)
            zout.writestr(info.filename, data if data is not None else read_bounded(zin, info))
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# A package as a dict of parts (small packages built here)


def read_parts(data: bytes) -> tuple[dict[str, bytes], list[str]]:
    """Every part of the package ``data`` by name, and the names in archive order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        return {i.filename: read_bounded(archive, i) for i in infos}, [i.filename for i in infos]


def package_bytes(
    parts: Mapping[str, bytes],
    order: Iterable[str],
    *,
    date_time: tuple[int, int, int, int, int, int] | None = None,
) -> bytes:
    """The package holding ``parts`` in the order ``order``, deflated; every member stamped
    ``date_time`` (default: now), so that fixed parts and a fixed time give fixed bytes."""
    stamp = date_time if date_time is not None else time.localtime()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            archive.writestr(entry, parts[name])
    return out.getvalue()


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def at_fixed_time(data: bytes, when: datetime) -> bytes:
    """The package ``data`` with every member and the core properties' modification time
    stamped ``when``: openpyxl stamps the save time in both, and a build must give the same
    bytes every time."""
    parts, order = read_parts(data)
    if CORE_PROPERTIES in parts:
        stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        parts[CORE_PROPERTIES] = _MODIFIED.sub(
            rb"\g<1>" + stamp + rb"\g<2>", parts[CORE_PROPERTIES]
        )
    return package_bytes(parts, order, date_time=when.timetuple()[:6])
