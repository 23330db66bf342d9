"""Which tables go out to a unit, split by which column: derived from the contract.

The primary table is the template's first data table (``tblPegawai``, ``tblIndikator``); it is
split by one of its input columns (``--per``). A table whose column refers to the primary table's
key (``tblTriwulan.Kode`` and ``tblAnggaran.Kode Indikator`` refer to ``tblIndikator.Kode``) goes
with the rows it refers to. Every other table stays as it is in the master.
"""

from __future__ import annotations

from dataclasses import dataclass

from lkjip_xl.workbook.contract import Column, Role, SheetKind, Table, Template
from lkjip_xl.workbook.kinds import kind_of


@dataclass(frozen=True)
class Linked:
    """A table whose rows follow the primary rows they refer to through ``column``."""

    spec: Table
    column: Column


@dataclass(frozen=True)
class SplitPlan:
    template: Template
    primary: Table
    per: Column
    linked: tuple[Linked, ...]

    @property
    def tables(self) -> tuple[Table, ...]:
        return (self.primary, *(link.spec for link in self.linked))

    def link_of(self, name: str) -> Linked | None:
        return next((link for link in self.linked if link.spec.name == name), None)

    @property
    def primary_key(self) -> Column | None:
        keys = [c for c in self.primary.columns if c.role is Role.KEY]
        return keys[0] if len(keys) == 1 else None

    def as_dict(self) -> dict[str, object]:
        return {
            "tabel": self.primary.name,
            "kolom": self.per.name,
            "tabel_terkait": {link.spec.name: link.column.name for link in self.linked},
        }


def primary_table(template: Template) -> Table:
    for sheet in template.sheets:
        if sheet.kind is SheetKind.DATA and sheet.tables:
            return sheet.tables[0]
    raise ValueError(f"Templat {template.name} tidak memiliki tabel data.")


def plan(template: Template, per: str | None = None) -> SplitPlan:
    """The split of ``template`` by the column ``per`` (header or key, any case)."""
    primary = primary_table(template)
    wanted = per if per is not None else kind_of(template).split_column
    inputs = primary.input_columns
    column = None
    if wanted is not None:
        folded = wanted.strip().casefold()
        column = next((c for c in inputs if folded in (c.name.casefold(), c.key.casefold())), None)
    if column is None:
        known = ", ".join(f'"{c.name}"' for c in inputs)
        raise ValueError(
            f"Kolom {wanted!r} tidak ada di tabel {primary.name} sebagai isian; buku kerja dapat "
            f"dibagi menurut salah satu kolom ini: {known}."
        )
    keys = [c for c in primary.columns if c.role is Role.KEY]
    linked: list[Linked] = []
    if len(keys) == 1:
        target = f"{primary.name}.{keys[0].key}"
        for table in template.tables:
            if table is primary or template.sheet(table.sheet).kind is not SheetKind.DATA:
                continue
            for col in table.input_columns:
                if col.refers_to == target:
                    linked.append(Linked(table, col))
                    break
    return SplitPlan(template, primary, column, tuple(linked))
