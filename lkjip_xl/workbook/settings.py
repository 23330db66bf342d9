"""The ``Pengaturan`` sheet read into the core's settings; every bad setting is a named problem."""

from __future__ import annotations

from typing import Any

import numpy as np

from lkjip_xl.core.efisiensi import MetodeEfisiensi, bands_of_other_method, default_skala
from lkjip_xl.core.ipasn import DataKosong, aturan_names, load_aturan
from lkjip_xl.core.kinerja import AturanKinerja
from lkjip_xl.core.predikat import Skala, bands_from_rows, load_preset, preset_names
from lkjip_xl.core.problems import teks_diketik
from lkjip_xl.core.rounding import DESIMAL_DEFAULT, DESIMAL_MAX, DESIMAL_MIN, Pembulatan
from lkjip_xl.core.values import is_blank, normalise_label, parse_number
from lkjip_xl.workbook.book import Book
from lkjip_xl.workbook.contract import Template
from lkjip_xl.workbook.problems import Kode, Masalah
from lkjip_xl.workbook.reader import TabelMasukan, name_problem, read_table

KUSTOM = "kustom"


class _Settings:
    def __init__(self, book: Book, template: Template, values: dict[str, Any]):
        self.book, self.template, self.values = book, template, values
        self.masalah: list[Masalah] = []

    def raw(self, name: str) -> Any:
        value = self.values.get(name)
        return self.template.named(name).default if is_blank(value) else value

    def fail(self, name: str, message: str) -> None:
        self.masalah.append(name_problem(self.template.named(name), message, self.book))

    def choice(self, name: str, parse, default):
        try:
            return parse(self.raw(name))
        except ValueError as exc:
            self.fail(name, str(exc))
            return default

    def integer(self, name: str, low: int, high: int, default: int) -> int:
        parsed = parse_number(self.raw(name))
        if not parsed.is_number or not float(parsed.value).is_integer():
            self.fail(name, f"harus bilangan bulat {low} sampai {high}.")
            return default
        value = int(parsed.value)
        if not low <= value <= high:
            self.fail(name, f"harus bilangan bulat {low} sampai {high}.")
            return default
        return value

    def yes_no(self, name: str, default: bool) -> bool:
        key = normalise_label(self.raw(name))
        if key in {"ya", "y", "true"}:
            return True
        if key in {"tidak", "t", "false"}:
            return False
        self.fail(name, "pilih Ya atau Tidak.")
        return default


def band_table(table: TabelMasukan, name: str) -> tuple[Skala | None, list[Masalah]]:
    """The bands typed in a Pengaturan table; None when it is empty (no labels)."""
    frame = table.frame
    if frame.empty:
        return None, []
    rows = [
        {
            "label": None if is_blank(row.get("label")) else row.get("label"),  # NaN: no label
            "lower": None if isinstance(row.get("lower"), float) and np.isnan(row["lower"])
            else row.get("lower"),
            "inclusive": row.get("inclusive"),
            "colour": row.get("colour"),
        }
        for row in frame.to_dict("records")
    ]  # fmt: skip
    bands, problems = bands_from_rows(rows)
    found = []
    label_header = table.spec.column("label").name
    for problem in problems:
        row = frame.index[problem.row] if problem.row >= 0 else frame.index[0]
        found.append(
            Masalah.of(
                problem.code,
                sheet=table.data.sheet,
                cell=table.data.address(row, label_header),
                table=table.spec.name,
                row=row,
                tabel=table.spec.name,
                alasan=problem.message,
            )
        )
    if found:
        return None, found
    return Skala.from_bands(name, bands, version="tabel", title=f"Tabel {table.spec.name}"), []


def aturan_kinerja(
    book: Book, template: Template, values: dict[str, Any]
) -> tuple[AturanKinerja, list[Masalah], list[TabelMasukan]]:
    s = _Settings(book, template, values)
    tables = [read_table(book, template.table("tblSkalaCapaian")),
              read_table(book, template.table("tblSkalaEfisiensi"))]  # fmt: skip
    for table in tables:
        s.masalah.extend(table.masalah)
    skala_name = str(s.raw("Skala_Capaian")).strip()
    skala = None
    if normalise_label(skala_name) == KUSTOM:
        skala, problems = band_table(tables[0], "kustom")
        s.masalah.extend(problems)
        if skala is None and not problems:
            s.fail("Skala_Capaian", "kustom dipilih tetapi tabel skala capaian kosong.")
    elif (preset := _preset_named(skala_name)) is not None:
        skala = load_preset(preset)
    else:
        s.fail("Skala_Capaian", f"{teks_diketik(str(skala_name))} tidak dikenal.")
    skala_eff, problems = band_table(tables[1], "efisiensi")
    s.masalah.extend(problems)
    cap = s.raw("Batas_Atas_Capaian")
    batas_atas = None
    if not is_blank(cap):
        parsed = parse_number(cap)
        if parsed.is_number and parsed.value > 0:
            batas_atas = parsed.value
        else:
            s.fail("Batas_Atas_Capaian", "harus angka positif atau dikosongkan.")
    from lkjip_xl.core.capaian import MetodeNegatif, parse_metode_negatif

    aturan = AturanKinerja(
        skala=skala or load_preset("sakip"),
        metode_negatif=s.choice("Metode_Negatif", parse_metode_negatif, MetodeNegatif.LAN).value,
        batas_bawah_nol=s.yes_no("Batas_Bawah_Nol", True),
        batas_atas=batas_atas,
        metode_efisiensi=s.choice("Metode_Efisiensi", MetodeEfisiensi.parse, MetodeEfisiensi.RASIO),
        skala_efisiensi=skala_eff,
        desimal=s.integer("Desimal", DESIMAL_MIN, DESIMAL_MAX, DESIMAL_DEFAULT),
        pembulatan=s.choice("Pembulatan", Pembulatan.parse, Pembulatan.HALF_UP),
    )
    other = bands_of_other_method(aturan.metode_efisiensi, skala_eff)
    if other is not None and skala_eff is not None:
        table = tables[1]
        first = table.frame.index[0]
        s.masalah.append(
            Masalah.of(
                Kode.BANDS_OF_OTHER_METHOD, sheet=table.data.sheet,
                cell=table.data.address(first, table.spec.column("label").name),
                table=table.spec.name, metode=aturan.metode_efisiensi.value, lain=other.value,
                tabel=table.spec.name, batas=_bands_text(skala_eff),
                saran=_bands_text(default_skala(aturan.metode_efisiensi)),
            )
        )  # fmt: skip
    return aturan, s.masalah, tables


def _preset_named(name: str) -> str | None:
    """The capaian scale preset ``name`` stands for, letter case and spacing aside as for
    every other setting ("SAKIP " is sakip); None for none (or an efficiency preset)."""
    wanted = normalise_label(name)
    for preset in preset_names():
        if normalise_label(preset) == wanted and not preset.startswith("efisiensi"):
            return preset
    return None


def _bands_text(skala: Skala) -> str:
    return ", ".join(f"{b.label} {b.describe()}" for b in skala.bands if b.lower is not None)


def describe_kinerja(aturan: AturanKinerja) -> str:
    eff = aturan.skala_efisiensi.name if aturan.skala_efisiensi else "tanpa kategori"
    return (
        f"skala={aturan.skala.name}@{aturan.skala.version}; negatif={aturan.metode_negatif}; "
        f"efisiensi={aturan.metode_efisiensi.value} ({eff}); desimal={aturan.desimal} "
        f"{aturan.pembulatan.value}"
    )


def aturan_ipasn(book: Book, template: Template, values: dict[str, Any]):
    """(rule set, Data_Kosong, decimals, rounding) and the problems of Pengaturan."""
    s = _Settings(book, template, values)
    name = str(s.raw("Aturan_IPASN")).strip()
    if name not in aturan_names():
        s.fail(
            "Aturan_IPASN",
            f"{teks_diketik(name)} tidak dikenal; pilih {', '.join(aturan_names())}.",
        )
        name = aturan_names()[0]
    settings = {
        "aturan": load_aturan(name),
        "data_kosong": s.choice("Data_Kosong", DataKosong.parse, DataKosong.NOL),
        "desimal": s.integer("Desimal", DESIMAL_MIN, DESIMAL_MAX, DESIMAL_DEFAULT),
        "pembulatan": s.choice("Pembulatan", Pembulatan.parse, Pembulatan.HALF_UP),
    }
    return settings, s.masalah
