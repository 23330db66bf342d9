"""One table's cells as the workbook shows them, noting the reason of every dash."""

from __future__ import annotations

from dataclasses import dataclass, field

from lkjip_xl.workbook.report.numbering import unique
from lkjip_xl.workbook.report.shown import DASH
from lkjip_xl.workbook.report.source import Record, Rows


def reason(rows: Rows, record: Record, key: str) -> str:
    """Why ``key`` of ``record`` shows no figure: an input left blank, or the engine's note."""
    column = rows.spec.column(key)
    if column.is_input:
        return f"{column.name} belum diisi."
    note = record.get("catatan")
    if isinstance(note, str) and note.strip():
        return note.strip()
    status = record.get("status")
    if isinstance(status, str) and status.strip():
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
        return unique(self.notes)
