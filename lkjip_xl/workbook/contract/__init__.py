"""The template contract: every sheet, Excel table, column and defined name, declared once.

DESIGN §3 fixes the public names (sheets, tables, column headers, defined names). They are typed
here and nowhere else in the engine: the builder, reader, checker, writer and the ``Petunjuk`` sheet
all walk this declaration. Code refers to a column by its python ``key``::

    TEMPLATES["kinerja"].table("tblIndikator").column("target").name  # -> "Target"
    TEMPLATES["kinerja"].named("Desimal").ref                          # -> "'Pengaturan'!$B$9"

Everything a user reads (headers, titles, help texts, choices) is Bahasa Indonesia.

Layout: :mod:`.types` holds the declaration types, :mod:`.vocab` the choice lists (taken from
the core) and colours, :mod:`.common` the sheets both templates share, and :mod:`.kinerja` and
:mod:`.ipasn` one module per sheet with one function per table (``tbl_indikator()``), assembled
into a template by ``kinerja_template()`` / ``ipasn_template()``. What a template is *for* (its
computation, its demo, how it is split) is joined to it in :mod:`lkjip_xl.workbook.kinds`.
"""

from __future__ import annotations

from lkjip_xl.workbook.contract.ipasn import ipasn_template
from lkjip_xl.workbook.contract.kinerja import kinerja_template
from lkjip_xl.workbook.contract.types import (
    DEFAULT_DESIMAL,
    DEFAULT_WIDTHS,
    DESIMAL_FORMATS,
    NUMBER_FORMATS,
    ROLE_LABELS,
    SCORE_FORMAT,
    TEMPLATE_VERSION,
    TYPE_LABELS,
    YEAR_FORMAT,
    Chart,
    Colours,
    Column,
    NamedCell,
    Role,
    SheetKind,
    SheetSpec,
    Table,
    Template,
    ValueType,
    shown_format,
)
from lkjip_xl.workbook.contract.vocab import (
    AGREGASI,
    ATURAN_IPASN,
    DATA_KOSONG,
    HUKUMAN_DISIPLIN,
    JENIS_JABATAN,
    KUSTOM,
    METODE_EFISIENSI,
    METODE_NEGATIF,
    PEMBULATAN,
    PENDIDIKAN,
    POLARITAS,
    PREDIKAT_SKP,
    SAKIP_LKE_2015,
    SKALA_CAPAIAN,
    SKALA_CAPAIAN_CHOICES,
    STATUS_CAPAIAN,
    STATUS_PEGAWAI,
    STATUS_PENGUMPULAN,
    TRIWULAN,
    WARNA_CAPAIAN,
    WARNA_EFISIENSI,
    WARNA_IPASN,
    WARNA_PENGUMPULAN,
    WARNA_SAKIP,
    WARNA_STATUS,
    YA_TIDAK,
)

__all__ = [
    "AGREGASI",
    "ATURAN_IPASN",
    "DATA_KOSONG",
    "DEFAULT_DESIMAL",
    "DEFAULT_WIDTHS",
    "DESIMAL_FORMATS",
    "HUKUMAN_DISIPLIN",
    "JENIS_JABATAN",
    "KUSTOM",
    "METODE_EFISIENSI",
    "METODE_NEGATIF",
    "NUMBER_FORMATS",
    "PEMBULATAN",
    "PENDIDIKAN",
    "POLARITAS",
    "PREDIKAT_SKP",
    "ROLE_LABELS",
    "SAKIP_LKE_2015",
    "SCORE_FORMAT",
    "SKALA_CAPAIAN",
    "SKALA_CAPAIAN_CHOICES",
    "STATUS_CAPAIAN",
    "STATUS_PEGAWAI",
    "STATUS_PENGUMPULAN",
    "TEMPLATES",
    "TEMPLATE_VERSION",
    "TRIWULAN",
    "TYPE_LABELS",
    "WARNA_CAPAIAN",
    "WARNA_EFISIENSI",
    "WARNA_IPASN",
    "WARNA_PENGUMPULAN",
    "WARNA_SAKIP",
    "WARNA_STATUS",
    "YA_TIDAK",
    "YEAR_FORMAT",
    "Chart",
    "Colours",
    "Column",
    "NamedCell",
    "Role",
    "SheetKind",
    "SheetSpec",
    "Table",
    "Template",
    "ValueType",
    "ipasn_template",
    "kinerja_template",
    "shown_format",
    "template",
]

TEMPLATES: dict[str, Template] = {t.name: t for t in (kinerja_template(), ipasn_template())}


def template(name: str) -> Template:
    """The declaration of a template by name; ValueError naming the known ones otherwise."""
    try:
        return TEMPLATES[name]
    except KeyError:
        known = ", ".join(sorted(TEMPLATES))
        raise ValueError(f"Templat {name!r} tidak dikenal; yang tersedia: {known}.") from None
