"""The inputs and results of a kinerja workbook that chapter III prints, read once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from lkjip_xl.core.capaian import Agregasi, agregasi_triwulan, parse_agregasi, parse_triwulan
from lkjip_xl.core.kinerja import kunci_kode
from lkjip_xl.core.rounding import as_float, round_fraction
from lkjip_xl.workbook.contract import Template, shown_format
from lkjip_xl.workbook.reader import read_table
from lkjip_xl.workbook.report.cells import DERIVED, Cells, derived
from lkjip_xl.workbook.report.shown import DASH, shown
from lkjip_xl.workbook.report.source import (
    Record,
    Rows,
    Source,
    name_text,
    number,
    read_rows,
    rounding_of,
)
from lkjip_xl.workbook.structure import StructureError


@dataclass(frozen=True)
class KinerjaData:
    """What chapter III is made of, read once from the workbook."""

    template: Template
    instansi: str
    unit: str
    tahun: str
    indikator: Rows
    triwulan: Rows
    anggaran: Rows
    evaluasi: Rows
    sasaran: Rows
    riwayat: Rows | None  # None: a template without tblRiwayat
    names: dict[str, str]  # computed named cells, shown
    #: kode key -> the annual realisasi the engine derived from the quarters, shown and as
    #: a number (rounded as shown)
    from_quarters: dict[str, tuple[str, float]] = field(default_factory=dict)

    def who(self, record: Record) -> str:
        kode = record.get("kode") or record.get("kode_indikator")
        # A Kode typed as a number is named as its cell shows it (7, 2,5), not 7.0.
        return shown(kode) if kode is not None else "(tanpa kode)"

    def indicator_rows(
        self, texts: tuple[str, ...], figures: tuple[str, ...]
    ) -> tuple[list[tuple[str, ...]], Cells]:
        """One row per indicator: its number, the ``texts`` columns as typed, the ``figures``
        as shown (a dash with its reason collected in the returned cells)."""
        rows, cells = [], Cells()
        ind = self.indikator
        for i, r in enumerate(ind.records, start=1):
            who = self.who(r)
            rows.append(
                (
                    str(i),
                    *(ind.text(r, k) for k in texts),
                    *(
                        self.realisasi(cells, r, who) if k == "realisasi"
                        else cells.cell(ind, r, k, who)
                        for k in figures
                    ),
                )
            )  # fmt: skip
        return rows, cells

    def realisasi(self, cells: Cells, record: Record, who: str) -> str:
        """The indicator's annual realisasi as its table prints it: the typed one, or the one
        the engine derived from the quarters (its capaian and change are computed from it, and
        a dash beside them would contradict them), noted with how it was derived."""
        figure = self._from_quarters(record)
        if figure is None:
            return cells.cell(self.indikator, record, "realisasi", who)
        note = record.get("catatan")
        said = DERIVED.search(note) if isinstance(note, str) else None
        how = said.group(0) if said else "Realisasi tahunan diturunkan dari realisasi triwulan."
        cells.note(f"{who}: {how}")
        return figure[0]

    def realisasi_figure(self, record: Record) -> float | None:
        """The annual realisasi for a chart: typed, or derived from the quarters."""
        figure = self._from_quarters(record)
        return number(record.get("realisasi")) if figure is None else figure[1]

    def _from_quarters(self, record: Record) -> tuple[str, float] | None:
        key = kunci_kode(record.get("kode"))
        if key is None or derived(self.indikator, record) is None:
            return None
        return self.from_quarters.get(key)

    def shown_realisasi(self, record: Record) -> str:
        """The annual realisasi as the narrative says it (a dash when there is none)."""
        figure = self._from_quarters(record)
        return self.indikator.text(record, "realisasi") if figure is None else figure[0]

    def indicator_name(self, kode: object) -> str:
        record = self.indicator(kode)
        return DASH if record is None else self.indikator.text(record, "indikator")

    def indicator(self, kode: object) -> Record | None:
        """The tblIndikator record of ``kode``, matched by the rules' key (``kunci_kode``:
        case and surrounding spaces ignored, as Excel's MATCH; the first of a repeated kode;
        a blank kode matches none)."""
        key = kunci_kode(kode)
        return None if key is None else self._indicators.get(key)

    @cached_property
    def _indicators(self) -> dict[str, Record]:
        # Looked up for every budget line and every row of tblRiwayat: a scan each was
        # quadratic (a thousand indicators took most of a minute).
        found: dict[str, Record] = {}
        for record in self.indikator.records:
            key = kunci_kode(record.get("kode"))
            if key is not None:
                found.setdefault(key, record)
        return found

    def last_year_in_riwayat(self, record: Record) -> str | None:
        """The shown Realisasi of tblRiwayat for this indicator and the year before Tahun, when
        its Realisasi Tahun Lalu is blank: the figure the engine compared this year's with
        (DESIGN §4), so the report prints the base of the change it prints."""
        if self.riwayat is None or record.get("realisasi_tahun_lalu") is not None:
            return None
        key = kunci_kode(record.get("kode"))
        if key is None:
            return None
        riwayat = self.riwayat
        for past in riwayat.records:
            if kunci_kode(past.get("kode")) != key:
                continue
            if riwayat.text(past, "tahun") == self.previous_year:
                text = riwayat.text(past, "realisasi")
                return None if text == DASH else text
        return None

    @property
    def previous_year(self) -> str:
        return str(int(self.tahun) - 1) if self.tahun.isdigit() else "Tahun Lalu"

    @property
    def current_year(self) -> str:
        """This year as a column header names it: without a Tahun, "Tahun Ini", not a dash."""
        return self.tahun if self.tahun != DASH else "Tahun Ini"

    @property
    def this_year(self) -> str:
        """This year as a sentence names it ("Tahun 2024", or "Tahun Ini" without a Tahun)."""
        return f"Tahun {self.tahun}" if self.tahun != DASH else "Tahun Ini"

    @property
    def in_year(self) -> str:
        """The end of a title naming the year (" Tahun 2024"); nothing without a Tahun: a
        title is no place for a dash."""
        return f" Tahun {self.tahun}" if self.tahun != DASH else ""

    @property
    def of_organisation(self) -> str:
        """The part of a title naming the unit or the agency (" Dinas X"); nothing when both
        are blank."""
        name = organisation(self)
        return f" {name}" if name != DASH else ""


def from_quarters(
    source: Source, template: Template, indikator: Rows
) -> dict[str, tuple[str, float]]:
    """Each indicator's annual realisasi derived from its quarters by its Agregasi, by the
    engine's own rule on the quarters as the engine reads them, shown at Desimal places as
    every computed figure is (a mean of three quarters is 85,33, not 85,3333333333)."""
    metode: dict[str, Agregasi] = {}
    for record in indikator.records:
        key, how = kunci_kode(record.get("kode")), parse_agregasi(record.get("agregasi"))
        if key is not None and how is not None and record.get("realisasi") is None:
            metode.setdefault(key, how)
    if not metode or "tblTriwulan" not in source.table_names():
        return {}
    try:
        frame = read_table(source, template.table("tblTriwulan")).frame  # type: ignore[arg-type]
    except StructureError:  # a table the engine refuses: its figures are dashes, as before
        return {}
    if frame.empty:
        return {}
    kode = pd.Series([kunci_kode(k) for k in frame["kode"]], index=frame.index, dtype=object)
    quarter = pd.Series([parse_triwulan(v) for v in frame["triwulan"]], index=frame.index)
    found = agregasi_triwulan(kode, quarter, frame["realisasi"], metode)
    decimals, mode = rounding_of(source)
    code = shown_format(str(template.table("tblIndikator").column("perubahan").number_format),
                        decimals)  # fmt: skip
    figures = {}
    for kode_key, exact in found["tepat"].items():
        if exact is not None:
            value = as_float(round_fraction(exact, decimals, mode))
            figures[str(kode_key)] = (shown(value, code), value)
    return figures


def read_kinerja(source: Source, template: Template) -> KinerjaData:
    names = (
        "Rata_Capaian",
        "Predikat_Instansi",
        "Serapan_Total",
        "Efisiensi_Instansi",
        "Nilai_SAKIP",
        "Predikat_SAKIP",
    )
    unit = name_text(source, template, "Unit_Kerja")
    indikator = read_rows(source, template, "tblIndikator")
    return KinerjaData(
        template,
        instansi=name_text(source, template, "Instansi"),
        unit=unit,
        tahun=name_text(source, template, "Tahun"),
        indikator=indikator,
        triwulan=read_rows(source, template, "tblTriwulan"),
        anggaran=read_rows(source, template, "tblAnggaran"),
        evaluasi=read_rows(source, template, "tblEvaluasiSakip"),
        sasaran=read_rows(source, template, "tblRingkasanSasaran"),
        riwayat=(
            read_rows(source, template, "tblRiwayat")
            if any(t.name == "tblRiwayat" for t in template.tables)
            else None
        ),
        names={n: name_text(source, template, n) for n in names},
        from_quarters=from_quarters(source, template, indikator),
    )


def organisation(data: KinerjaData) -> str:
    return data.unit if data.unit != DASH else data.instansi
