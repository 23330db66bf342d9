"""One table's cells as the workbook shows them, noting the reason of every dash."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lkjip_xl.workbook.report.shown import DASH, with_places
from lkjip_xl.workbook.report.source import Record, Rows, number, unreadable

#: the columns the row's Status speaks of: it is the status of the row's capaian
_STATUS_OF = ("capaian", "predikat")


#: the engine's note on a capaian it limited: "Hasil 240,00 dibatasi menjadi 120,00
#: (Batas_Atas_Capaian)." (core.capaian.catatan_batas)
LIMITED = re.compile(r"Hasil (?P<raw>\S+) dibatasi menjadi (?P<to>\S+)(?: \((?P<why>[^)]+)\))?\.")
#: the engine's note on a realisasi derived from the quarters (core.capaian.agregasi_triwulan)
DERIVED = re.compile(r"Realisasi tahunan diturunkan dari triwulan [^.]*\.")
#: the engine's note on blank inputs ("Target dan realisasi belum diisi.")
BLANK = re.compile(r"(?P<what>[^.:]+) belum diisi\.")
#: the engine's note on a Negatif indicator's formula (core.capaian)
NEGATIVE = re.compile(r"Polaritas negatif: (?P<formula>[^.]+)\.")


def capaian_notes(catatan: object, capaian: str, formula: bool = True) -> list[str]:
    """What a reader must know to read a capaian that is a number: the formula of a Negatif
    indicator (a realisasi under its target gives more than 100) and a result the settings
    limited (240 shown as 120). The table and the paragraph would otherwise print a figure
    that the target and realisasi beside it contradict."""
    if not isinstance(catatan, str):
        return []
    notes = [f"polaritas negatif, {m['formula']}" for m in NEGATIVE.finditer(catatan) if formula]
    for m in LIMITED.finditer(catatan):
        why = f" sesuai pengaturan {m['why']}" if m["why"] else ""
        # the limit is the capaian shown, at its places (the note writes the setting at two)
        raw = with_places(m["raw"], capaian)
        notes.append(f"hasil perhitungan capaian {raw}% dibatasi menjadi {capaian}%{why}")
    return notes


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
        if (why := unreadable(record.get(key))) is not None:
            return f"{column.name}: {why}"
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
    #: whether a Negatif indicator's formula is noted under this table: once per indicator
    #: (the tables of the year), not under each of its quarters and past years
    formula: bool = True

    def cell(self, rows: Rows, record: Record, key: str, who: str) -> str:
        """The shown text of ``key``; a dash is noted with ``who`` and its reason."""
        if not rows.has(key):
            return DASH
        text = rows.text(record, key)
        if text == DASH:
            why = reason(rows, record, key)
            if not self._said(who, why):
                self.notes.append(f"{who}: {why}")
        elif key == "capaian":
            said = capaian_notes(record.get("catatan"), text, self.formula)
            self.notes += [f"{who}: {note}." for note in said]
        return text

    def _said(self, who: str, why: str) -> bool:
        """Whether the engine's "Target dan realisasi belum diisi." of a row repeats a blank
        input the table's notes already name ("Realisasi belum diisi."): each blank is noted
        once under a table. The row's note is the reason of every figure of the row, and an
        input the table does not print (the target beside a change) is not that figure's."""
        blank = BLANK.fullmatch(why)
        if blank is None:
            return False
        inputs = [part.strip() for part in re.split(r",| dan ", blank["what"]) if part.strip()]
        if len(inputs) < 2:
            return False
        noted = {n.casefold() for n in self.notes}
        return any(f"{who}: {part} belum diisi.".casefold() in noted for part in inputs)

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
