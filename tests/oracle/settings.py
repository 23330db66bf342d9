"""The Pengaturan variants the oracle runs, as a user types them, and their reading by §4."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from tests.oracle.exact import EFISIENSI_RASIO, PRESETS, Band, Rounding, bands

# tblSkalaEfisiensi rows as typed: (Predikat, Batas Bawah, Termasuk Batas).
SELISIH_BANDS = [
    ("Sangat Efisien", 10, "Ya"),
    ("Efisien", 0, "Tidak"),
    ("Kurang Efisien", None, "Tidak"),
]


@dataclass(frozen=True)
class KinerjaSetting:
    name: str
    values: dict[str, object] = field(default_factory=dict)  # Pengaturan name -> typed value
    # None: keep the template's tblSkalaEfisiensi; a list (maybe empty) replaces its rows.
    efisiensi_rows: list[tuple[str, float | int | None, str]] | None = None

    def value(self, name: str) -> object:
        return self.values.get(name, KINERJA_DEFAULTS[name])

    @property
    def rounding(self) -> Rounding:
        return Rounding(int(self.value("Desimal")), self.value("Pembulatan") == "Potong")

    @property
    def skala(self) -> tuple[Band, ...]:
        return PRESETS[str(self.value("Skala_Capaian"))]

    @property
    def efisiensi_bands(self) -> tuple[Band, ...]:
        if self.efisiensi_rows is None:
            return EFISIENSI_RASIO
        return bands(*[(label, lower, inc == "Ya") for label, lower, inc in self.efisiensi_rows])

    @property
    def batas_atas(self) -> Fraction | None:
        cap = self.value("Batas_Atas_Capaian")
        return None if cap is None else Fraction(str(cap))


KINERJA_DEFAULTS: dict[str, object] = {
    "Skala_Capaian": "sakip",
    "Metode_Negatif": "lan",
    "Batas_Bawah_Nol": "Ya",
    "Batas_Atas_Capaian": None,
    "Metode_Efisiensi": "rasio",
    "Desimal": 2,
    "Pembulatan": "Setengah ke atas",
}

KINERJA_SETTINGS = [
    KinerjaSetting("bawaan"),
    KinerjaSetting(
        "desimal0-potong-tanpa-lantai",
        {"Desimal": 0, "Pembulatan": "Potong", "Batas_Bawah_Nol": "Tidak"},
        efisiensi_rows=[],  # an empty band table: no Kategori Efisiensi
    ),
    KinerjaSetting(
        "desimal3-invers-batas120-selisih",
        {
            "Desimal": 3,
            "Metode_Negatif": "invers",
            "Batas_Atas_Capaian": 120,
            "Metode_Efisiensi": "selisih",
            "Skala_Capaian": "berhasil",
        },
        efisiensi_rows=SELISIH_BANDS,
    ),
    KinerjaSetting(
        "potong-selisih-batas100",
        {
            "Pembulatan": "Potong",
            "Batas_Atas_Capaian": 100,
            "Metode_Efisiensi": "selisih",
            "Skala_Capaian": "permendagri86",
        },
        efisiensi_rows=SELISIH_BANDS,
    ),
]


@dataclass(frozen=True)
class IpasnSetting:
    name: str
    values: dict[str, object] = field(default_factory=dict)

    def value(self, name: str) -> object:
        return self.values.get(name, IPASN_DEFAULTS[name])

    @property
    def rounding(self) -> Rounding:
        return Rounding(int(self.value("Desimal")), self.value("Pembulatan") == "Potong")

    @property
    def kecualikan(self) -> bool:
        return self.value("Data_Kosong") == "Kecualikan"


IPASN_DEFAULTS: dict[str, object] = {
    "Data_Kosong": "Nol",
    "Desimal": 2,
    "Pembulatan": "Setengah ke atas",
}

IPASN_SETTINGS = [
    IpasnSetting("bawaan"),
    IpasnSetting(
        "kecualikan-desimal0-potong",
        {"Data_Kosong": "Kecualikan", "Desimal": 0, "Pembulatan": "Potong"},
    ),
    IpasnSetting("kecualikan-desimal3", {"Data_Kosong": "Kecualikan", "Desimal": 3}),
    IpasnSetting("nol-desimal1-potong", {"Desimal": 1, "Pembulatan": "Potong"}),
]
