"""The inputs and results of a kinerja workbook that chapter III prints, read once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from lkjip_xl.core.kinerja import kunci_kode
from lkjip_xl.workbook.contract import Template
from lkjip_xl.workbook.report.cells import Cells
from lkjip_xl.workbook.report.shown import DASH, shown
from lkjip_xl.workbook.report.source import Record, Rows, Source, name_text, read_rows


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
                    *(cells.cell(ind, r, k, who) for k in figures),
                )
            )
        return rows, cells

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
    return KinerjaData(
        template,
        instansi=name_text(source, template, "Instansi"),
        unit=unit,
        tahun=name_text(source, template, "Tahun"),
        indikator=read_rows(source, template, "tblIndikator"),
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
    )


def organisation(data: KinerjaData) -> str:
    return data.unit if data.unit != DASH else data.instansi
