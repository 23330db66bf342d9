"""A bound on the shared strings table, checked before any reader builds it.

calamine (and openpyxl) hold every item of the table as an object of its own: 20 million
empty items, about a megabyte zipped and well within the bound on a part's size, cost a
reader 1.5 GB and five seconds before a single cell is read. A roster of 100,000 employees
holds a few hundred thousand items, so a table of more than :data:`MAX_SHARED_STRINGS` items
is refused. Counting them inflates the part once in pieces (never held whole); a part too
small to hold that many items is not inflated at all.
"""

from __future__ import annotations

import re
import zipfile
import zlib

from lkjip_xl.workbook.ooxml.errors import PackageError

__all__ = ["MAX_SHARED_STRINGS", "SHARED_STRINGS_PART", "check_shared_strings"]

MAX_SHARED_STRINGS = 5_000_000
#: Where Excel writes the table, and where readers that ignore the relationship look for it.
SHARED_STRINGS_PART = "xl/sharedStrings.xml"
#: The start tag of an item, with or without a namespace prefix (``<si>``, ``<x:si/>``).
_ITEM = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?si[\s/>]")
_SHORTEST_ITEM = len(b"<si/>")
#: Longer than any item start tag _ITEM matches.
_CARRY = 48
_PIECE = 1 << 20


def check_shared_strings(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse (:class:`PackageError`) a shared strings part of more items than the bound."""
    if info.file_size < (MAX_SHARED_STRINGS + 1) * _SHORTEST_ITEM:
        return
    count, carry = 0, b""
    try:
        with zf.open(info) as fh:
            while piece := fh.read(_PIECE):
                data = carry + piece
                # A start tag holds one "<", its first byte: cut at the last "<" of the tail, and
                # every tag before the cut lies whole before it; the tag the cut may split is
                # carried to the next piece and counted there, once.
                cut = data.rfind(b"<", max(len(data) - _CARRY, 0))
                cut = len(data) if cut < 0 else cut
                count += len(_ITEM.findall(data, 0, cut))
                carry = data[cut:]
                if count > MAX_SHARED_STRINGS:
                    break
            count += len(_ITEM.findall(carry))
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
        raise PackageError(f"Arsip rusak: bagian {info.filename} tidak dapat dibaca.") from exc
    if count > MAX_SHARED_STRINGS:
        bound = f"{MAX_SHARED_STRINGS:,}".replace(",", ".")
        raise PackageError(
            f"Bagian {info.filename} memuat lebih dari {bound} teks, jauh melebihi buku kerja "
            "mana pun yang wajar; berkas ini tidak dibuka demi keamanan."
        )
