"""The README's list of problem codes, written from the catalog (:mod:`.problems`)."""

from __future__ import annotations

from lkjip_xl.core.problems import DITOLAK, DUPLIKAT, KONFLIK, Area, Kode, level_text

__all__ = ["markdown"]


def markdown() -> str:
    """The README's list of codes (between its ``kode:mulai`` / ``kode:akhir`` markers)."""
    lines = [
        "| Kode | Tingkat | Area | Judul | Keterangan |",
        "|---|---|---|---|---|",
    ]
    for area in Area:
        for kode in Kode:
            if kode.area is area:
                cells = [f"`{kode.value}`", level_text(kode), area.value, kode.judul,
                         kode.keterangan]  # fmt: skip
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines.append("")
    statuses = []
    for status in (DITOLAK, KONFLIK, DUPLIKAT):
        codes = ", ".join(f"`{k.value}`" for k in Kode if k.status_kiriman == status)
        statuses.append(f"`{status}`: {codes}")
    lines.append("Status berkas kembali menurut kodenya: " + "; ".join(statuses) + ".")
    return "\n".join(lines) + "\n"
