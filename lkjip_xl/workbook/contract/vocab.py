"""The words and colours the templates offer: dropdown lists, prefilled rows, label colours.

Every list a rule reads comes from the core (:mod:`lkjip_xl.core.vocab`), so a dropdown offers
exactly what the engine understands. Only the exchange's own statuses are declared here.
"""

from __future__ import annotations

from typing import Any

from lkjip_xl.core import vocab as core
from lkjip_xl.core.capaian import Status
from lkjip_xl.core.predikat import load_preset
from lkjip_xl.workbook.contract.types import Colours

YA_TIDAK = core.YA_TIDAK
POLARITAS = core.POLARITAS
AGREGASI = core.AGREGASI
TRIWULAN = core.TRIWULAN
STATUS_CAPAIAN = core.STATUS_CAPAIAN
ARAH = core.ARAH
KECENDERUNGAN = core.KECENDERUNGAN
PEMBULATAN = core.PEMBULATAN
METODE_NEGATIF = core.METODE_NEGATIF
METODE_EFISIENSI = core.METODE_EFISIENSI
STATUS_PEGAWAI = core.STATUS_PEGAWAI
JENIS_JABATAN = core.JENIS_JABATAN
PENDIDIKAN = core.PENDIDIKAN
PREDIKAT_SKP = core.predikat_skp()
HUKUMAN_DISIPLIN = core.HUKUMAN_DISIPLIN
DATA_KOSONG = core.DATA_KOSONG
ATURAN_IPASN = core.aturan_ipasn()
KUSTOM = core.KUSTOM
SKALA_CAPAIAN = core.skala_capaian()
SKALA_CAPAIAN_CHOICES = (*SKALA_CAPAIAN, KUSTOM)

# Written by the exchange (distribute / collect), not by a rule.
STATUS_PENGUMPULAN = ("Belum Kembali", "Diterima", "Ditolak", "Konflik", "Duplikat")

# DESIGN §4: lke-2015 weights as reports 000 and 001 use them. The component labels are the
# reports' short ones, not the preset's long ones ("Perencanaan Kinerja"); the SAKIP reader
# matches either.
SAKIP_LKE_2015 = (
    ("Perencanaan", 30),
    ("Pengukuran", 25),
    ("Pelaporan", 15),
    ("Evaluasi Internal", 10),
    ("Capaian", 20),
)


def _palette(*skala: str, extra: Colours = ()) -> Colours:
    """Label colours from presets; the first preset naming a label decides its colour."""
    seen: dict[str, str] = dict(extra)
    for name in skala:
        for band in load_preset(name).bands:
            if band.colour and band.label not in seen:
                seen[band.label] = band.colour
    return tuple(seen.items())


_GREYS: Colours = ((Status.BELUM_DIISI.value, "#D9D9D9"), (Status.TIDAK_DAPAT.value, "#A6A6A6"))
WARNA_CAPAIAN = _palette(*SKALA_CAPAIAN)
WARNA_STATUS = _palette("tercapai", extra=_GREYS)
WARNA_SAKIP = _palette("sakip")
WARNA_EFISIENSI = _palette("efisiensi-rasio", "efisiensi-selisih")
WARNA_IPASN = _palette("ipasn")
# Green for the better way, red for the worse, grey for no change (the tercapai preset's colours).
WARNA_KECENDERUNGAN: Colours = (
    ("Membaik", dict(WARNA_STATUS)[Status.MELEBIHI.value]),
    ("Memburuk", dict(WARNA_STATUS)[Status.TIDAK_TERCAPAI.value]),
    ("Tetap", "#D9D9D9"),
)
WARNA_PENGUMPULAN: Colours = (
    ("Belum Kembali", "#D9D9D9"),
    ("Diterima", "#1E7B34"),
    ("Ditolak", "#C00000"),
    ("Konflik", "#ED7D31"),
    ("Duplikat", "#BFBFBF"),
)

Prefill = tuple[tuple[tuple[str, Any], ...], ...]


def band_rows(preset: str) -> Prefill:
    """The bands of a preset as prefilled rows of a Pengaturan band table."""
    ya, tidak = YA_TIDAK
    return tuple(
        (
            ("label", band.label),
            ("lower", band.lower),
            ("inclusive", ya if band.inclusive else tidak),
            ("colour", band.colour),
            ("keterangan", band.keterangan),
        )
        for band in load_preset(preset).bands
    )


def prefill_rows(*rows: dict[str, Any]) -> Prefill:
    return tuple(tuple(row.items()) for row in rows)
