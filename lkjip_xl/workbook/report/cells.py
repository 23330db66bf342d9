"""One table's cells as the workbook shows them, noting the reason of every dash."""

from __future__ import annotations

from dataclasses import dataclass, field

from lkjip_xl.workbook.report.shown import DASH
from lkjip_xl.workbook.report.source import Record, Rows, number

#: the columns the row's Status speaks of: it is the status of the row's capaian
_STATUS_OF = ("capaian", "predikat")


def derived(rows: Rows, record: Record) -> str | None:
    """How an indicator's blank Realisasi became the figure its capaian shows: the engine
    derives it from the quarters by the indicator's Agregasi (DESIGN §3), and the capaian is a
    number only then."""
    if not rows.has("agregasi") or record.get("agregasi") is None:
        return None
    if record.get("realisasi") is not None or number(record.get("capaian")) is None:
        return None
    return rows.text(record, "agregasi")


def reason(rows: Rows, record: Record, key: str) -> str:
    """Why ``key`` of ``record`` shows no figure: an input left blank, or the engine's note."""
    column = rows.spec.column(key)
    if column.is_input:
        if key == "realisasi" and (agregasi := derived(rows, record)) is not None:
            return f"Realisasi tahunan diturunkan dari realisasi triwulan ({agregasi})."
        return f"{column.name} belum diisi."
    note = record.get("catatan")
    if isinstance(note, str) and note.strip():
        return note.strip()
    status = record.get("status")
    if key in _STATUS_OF and isinstance(status, str) and status.strip():
        return f"{column.name}: {status.strip()}."
    return f"{column.name} tidak dapat dihitung."


@dataclass
class Cells:
    """Builds rows of shown text from one source table and collects the notes for its dashes."""

    notes: list[str] = field(default_factory=list)

    def cell(self, rows: Rows, record: Record, key: str, who: str) -> str:
        """The shown text of ``key``; a dash is noted with ``who`` and its reason."""
        if not rows.has(key):
            return DASH
        text = rows.text(record, key)
        if text == DASH:
            self.notes.append(f"{who}: {reason(rows, record, key)}")
        return text

    def note(self, text: str) -> None:
        self.notes.append(text)

    @property
    def collected(self) -> tuple[str, ...]:
        """The notes in order, each once: the blank input's own note and the engine's note on
        the same blank ("Realisasi Anggaran belum diisi." / "Realisasi anggaran belum diisi.")
        differ only in letter case."""
        seen: dict[str, str] = {}
        for note in self.notes:
            if note:
                seen.setdefault(note.casefold(), note)
        return tuple(seen.values())
