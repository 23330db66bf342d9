"""Bounds on how many items a part holds, checked before any reader builds them.

A reader holds each item of some parts as an object of its own: calamine (and openpyxl) every
item of the shared strings table, ElementTree every element of the styles. 20 million empty
shared strings, about a megabyte zipped and well within the bound on a part's size, cost
calamine 1.5 GB before a single cell was read; 8 million cell formats made a recompute's
styles tree outgrow 2.8 GB, and 2 million defined names cost a check 1.4 GB and 16 s. Real
workbooks are far from these bounds: a roster of 100,000 employees holds a few hundred
thousand shared strings, Excel keeps at most 65,490 cell formats, and a workbook bloated by
copied sheets holds some ten thousand names. Counting inflates the part once in pieces (never
held whole); a part too small to hold more than the bound is not inflated at all.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass

from lkjip_xl.core.problems import ribuan
from lkjip_xl.workbook.ooxml.errors import PackageError

__all__ = [
    "SHARED_STRINGS",
    "SHARED_STRINGS_PART",
    "STYLES",
    "STYLES_PART",
    "WORKBOOK",
    "Bound",
    "check",
]


@dataclass(frozen=True, slots=True)
class Bound:
    """At most ``limit`` start tags matching ``tag`` (each at least ``shortest`` bytes long)."""

    tag: re.Pattern[bytes]
    shortest: int
    limit: int
    what: str  # what the items are, in the sentence that refuses the part


#: An item of the table, with or without a namespace prefix (``<si>``, ``<x:si/>``).
SHARED_STRINGS = Bound(re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?si[\s/>]"), 5, 5_000_000, "teks")
#: Every element of the styles part (``<a/>`` is the shortest).
STYLES = Bound(re.compile(rb"<[A-Za-z_]"), 4, 1_000_000, "unsur format sel")
#: Every element of the workbook part: its sheets and defined names, mostly.
WORKBOOK = Bound(re.compile(rb"<[A-Za-z_]"), 4, 1_000_000, "unsur (nama, lembar)")
#: Where Excel writes these parts, and where readers that ignore the relationship look.
SHARED_STRINGS_PART = "xl/sharedStrings.xml"
STYLES_PART = "xl/styles.xml"
#: Longer than any start tag the bounds match, up to the character after the name.
_CARRY = 48
_PIECE = 1 << 20


def check(zf: zipfile.ZipFile, info: zipfile.ZipInfo, bound: Bound) -> None:
    """Refuse (:class:`PackageError`) the part ``info`` when it holds more items than ``bound``."""
    if info.file_size < (bound.limit + 1) * bound.shortest:
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
                count += len(bound.tag.findall(data, 0, cut))
                carry = data[cut:]
                if count > bound.limit:
                    break
            count += len(bound.tag.findall(carry))
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
        raise PackageError(f"Arsip rusak: bagian {info.filename} tidak dapat dibaca.") from exc
    if count > bound.limit:
        raise PackageError(
            f"Bagian {info.filename} memuat lebih dari {ribuan(bound.limit)} {bound.what}, jauh "
            "melebihi buku kerja mana pun yang wajar; berkas ini tidak dibuka demi keamanan."
        )
