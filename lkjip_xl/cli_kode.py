"""``lkjip-xl kode [KODE]``: the catalog of problem codes, or what one code means.

A staff member meets a code in ``periksa``'s table (``history-mismatch``) and asks what it
means: the table of every code shows its message pattern, not the explanation, and a code
typed as the README spells a name (``HISTORY_MISMATCH``) or with a slip must still find it.
"""

from __future__ import annotations

import difflib
import json
import sys

from rich.table import Table

from lkjip_xl.cli_keluar import Gagal
from lkjip_xl.cli_klik import out
from lkjip_xl.core.problems import Kode, katalog, level_text

__all__ = ["cari_kode", "tampilkan_kode"]


def _lipat(teks: str) -> str:
    """A code as typed, folded as the catalog spells codes: letter case, surrounding spaces
    and ``_`` or spaces for ``-`` aside (``HISTORY_MISMATCH`` is ``history-mismatch``)."""
    return "-".join(teks.strip().casefold().replace("_", " ").replace("-", " ").split())


def cari_kode(teks: str) -> Kode:
    """The code ``teks`` names; a :class:`Gagal` naming the nearest codes when none matches."""
    kunci = _lipat(teks)
    semua = [k.value for k in Kode]
    for kode in Kode:
        if kode.value == kunci:
            return kode
    # the words of a code in a wrong order or half of it (mismatch) find it too
    mirip = difflib.get_close_matches(kunci, semua, n=3, cutoff=0.6)
    mirip += [v for v in semua if kunci and kunci in v and v not in mirip]
    if mirip:
        saran = ", ".join(mirip[:5])
        raise Gagal(
            f"Kode masalah {teks.strip()!r} tidak dikenal. Mungkin maksudnya: {saran}. "
            "Daftar semua kode: lkjip-xl kode"
        )
    raise Gagal(f"Kode masalah {teks.strip()!r} tidak dikenal. Daftar semua kode: lkjip-xl kode")


def tampilkan_kode(teks: str | None, as_json: bool) -> None:
    """Print the catalog, or the one code ``teks`` names (for tools: a list of that one)."""
    if teks is None:
        if as_json:
            sys.stdout.write(json.dumps(katalog(), ensure_ascii=False, indent=2) + "\n")
            return
        table = Table(title=f"Kode masalah lkjip_xl ({len(Kode)})")
        for header in ("Kode", "Tingkat", "Area", "Judul", "Pesan"):
            # A code is looked up as typed: never wrapped, the words may be.
            table.add_column(header, overflow="fold", no_wrap=header == "Kode")
        for k in Kode:
            table.add_row(k.value, level_text(k), k.area.value, k.judul, k.pesan)
        out.print(table)
        out.print("Arti satu kode: lkjip-xl kode KODE (misalnya lkjip-xl kode duplicate-key).")
        return
    kode = cari_kode(teks)
    if as_json:
        sys.stdout.write(json.dumps([kode.as_dict()], ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"Kode masalah {kode.value}", show_header=False)
    table.add_column("Hal", no_wrap=True, style="bold")
    table.add_column("Isi", overflow="fold")
    table.add_row("Kode", kode.value)
    table.add_row("Judul", kode.judul)
    table.add_row("Tingkat", level_text(kode))
    table.add_row("Area", kode.area.value)
    table.add_row("Keterangan", kode.keterangan)
    table.add_row("Pola pesan", kode.pesan)
    out.print(table)
