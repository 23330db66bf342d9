"""Unit names, checked before anything is written, and the file names made from them.

A unit's name is typed in the master (the split column) and becomes a stamp in the unit's
workbook, a row of ``tblPengumpulan`` and part of a file name. Each has its limits: a stamp holds
at most 255 characters and no control character (XML 1.0 cannot hold most of them); a file name
is limited in bytes, not characters (255 bytes on common file systems; ``क`` is three bytes in
UTF-8). All names are checked first, so that a bad one refuses the distribution before any file
is written, and names all the bad ones at once.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from lkjip_xl.core.ipasn import SELURUH, jumlah_status
from lkjip_xl.core.problems import ribuan
from lkjip_xl.core.vocab import STATUS_PEGAWAI
from lkjip_xl.workbook.exchange.stamp import MAX_STAMP_CHARS

#: A unit's workbook's file name in bytes (UTF-8), below the 255 of common file systems so that
#: a " (2)" for a second unit of the same safe name and the temporary names still fit.
MAX_FILE_NAME_BYTES = 200
#: Bytes of the file name kept for the unit's part when the master's own name is long.
MIN_UNIT_BYTES = 40

_UNSAFE = re.compile(r"[^\w .,()&+-]+", flags=re.UNICODE)
_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
)
#: Names the engine itself uses in a unit's place (the total rows of Rekap).
RESERVED = frozenset({SELURUH.casefold()} | {jumlah_status(s).casefold() for s in STATUS_PEGAWAI})


def problem(name: str) -> str | None:
    """Why ``name`` cannot be a unit's name (an Indonesian phrase), or None when it can."""
    shown = [c for c in name if not c.isspace() and unicodedata.category(c) not in ("Cf", "Zs")]
    if not shown:
        return "kosong atau hanya berisi spasi"
    for char in name:
        if unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff":
            return f"memuat karakter kendali U+{ord(char):04X}"
    if len(name) > MAX_STAMP_CHARS:
        return f"terlalu panjang ({ribuan(len(name))} karakter; paling banyak {MAX_STAMP_CHARS})"
    if name.strip().casefold() in RESERVED:
        return f"{name.strip()} dipakai mesin untuk baris jumlah di Rekap"
    return None


def cut_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8, never inside a character."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")


def safe_part(text: str, limit: int) -> str:
    """A part of a file name from ``text``: letters, digits and a few signs, at most ``limit``
    bytes, never a device name of Windows."""
    cleaned = re.sub(r"\s+", " ", _UNSAFE.sub("_", text)).strip(" ._")
    cleaned = cut_bytes(cleaned, limit).rstrip(" ._")
    if cleaned.split(".")[0].upper() in _DEVICES:
        cleaned = "_" + cleaned
    return cleaned


def file_names(master: Path, units: list[str]) -> dict[str, str]:
    """A distinct file name (case-insensitively) per unit, within :data:`MAX_FILE_NAME_BYTES`."""
    suffix = master.suffix
    room = MAX_FILE_NAME_BYTES - len(suffix.encode()) - len(b" (999)")
    head = safe_part(master.stem, max(room - 3 - MIN_UNIT_BYTES, 1)) or "induk"
    unit_room = room - len(f"{head} - ".encode())
    names: dict[str, str] = {}
    used: set[str] = set()
    for unit in units:
        stem = f"{head} - {safe_part(unit, unit_room) or 'unit'}"
        name, n = f"{stem}{suffix}", 2
        while name.casefold() in used:
            name, n = f"{stem} ({n}){suffix}", n + 1
        used.add(name.casefold())
        names[unit] = name
    return names
