"""Every dropdown of the templates is a vocabulary of the core, and the core reads each choice.

The contract takes its choice lists from :mod:`lkjip_xl.core.vocab`; these tests hold it to that
(a list typed anew in the contract fails the first test) and hold the core vocabularies to the
rules (a choice that the rule reading it does not understand fails the others).
"""

from __future__ import annotations

import pytest

from lkjip_xl.core import vocab
from lkjip_xl.core.capaian import (
    Agregasi,
    MetodeNegatif,
    Polaritas,
    Status,
    parse_agregasi,
    parse_metode_negatif,
    parse_polaritas,
    parse_triwulan,
)
from lkjip_xl.core.efisiensi import MetodeEfisiensi
from lkjip_xl.core.ipasn import DataKosong, ipasn_pegawai, load_aturan
from lkjip_xl.core.predikat import bands_from_rows, load_preset
from lkjip_xl.core.rounding import Pembulatan
from lkjip_xl.core.values import normalise_label
from lkjip_xl.workbook.contract import TEMPLATES, ValueType

# (template, table or None for a defined name, column key or name) -> the core's vocabulary
CORE_LISTS = {
    ("kinerja", "tblIndikator", "polaritas"): vocab.POLARITAS,
    ("kinerja", "tblIndikator", "agregasi"): vocab.AGREGASI,
    ("kinerja", "tblIndikator", "status"): vocab.STATUS_CAPAIAN,
    ("kinerja", "tblIndikator", "arah"): vocab.ARAH,
    ("kinerja", "tblIndikator", "kecenderungan"): vocab.KECENDERUNGAN,
    ("kinerja", "tblTriwulan", "triwulan"): vocab.TRIWULAN,
    ("kinerja", "tblTriwulan", "status"): vocab.STATUS_CAPAIAN,
    ("kinerja", "tblSkalaCapaian", "inclusive"): vocab.YA_TIDAK,
    ("kinerja", "tblSkalaEfisiensi", "inclusive"): vocab.YA_TIDAK,
    ("kinerja", None, "Skala_Capaian"): (*vocab.skala_capaian(), vocab.KUSTOM),
    ("kinerja", None, "Metode_Negatif"): vocab.METODE_NEGATIF,
    ("kinerja", None, "Batas_Bawah_Nol"): vocab.YA_TIDAK,
    ("kinerja", None, "Metode_Efisiensi"): vocab.METODE_EFISIENSI,
    ("kinerja", None, "Pembulatan"): vocab.PEMBULATAN,
    ("ipasn", "tblPegawai", "status"): vocab.STATUS_PEGAWAI,
    ("ipasn", "tblPegawai", "jenis_jabatan"): vocab.JENIS_JABATAN,
    ("ipasn", "tblPegawai", "pendidikan"): vocab.PENDIDIKAN,
    ("ipasn", "tblPegawai", "diklat_jenjang"): vocab.YA_TIDAK,
    ("ipasn", "tblPegawai", "seminar"): vocab.YA_TIDAK,
    ("ipasn", "tblPegawai", "predikat_skp"): vocab.predikat_skp(),
    ("ipasn", "tblPegawai", "hukuman_disiplin"): vocab.HUKUMAN_DISIPLIN,
    ("ipasn", None, "Aturan_IPASN"): vocab.aturan_ipasn(),
    ("ipasn", None, "Data_Kosong"): vocab.DATA_KOSONG,
    ("ipasn", None, "Pembulatan"): vocab.PEMBULATAN,
}
# Statuses the exchange writes (Diterima, Ditolak, ...): no rule of the core reads them.
NOT_FROM_CORE = {("kinerja", "tblPengumpulan", "status"), ("ipasn", "tblPengumpulan", "status")}


def _dropdowns() -> dict[tuple[str, str | None, str], tuple[str, ...]]:
    found = {}
    for spec in TEMPLATES.values():
        for table, column in spec.input_columns + spec.computed_columns:
            if column.type is ValueType.CHOICE:
                found[(spec.name, table.name, column.key)] = column.choices
        for named in spec.names:
            if named.type is ValueType.CHOICE:
                found[(spec.name, None, named.name)] = named.choices
    return found


def test_every_dropdown_is_the_core_vocabulary():
    found = _dropdowns()
    assert set(found) - NOT_FROM_CORE == set(CORE_LISTS)
    for where, choices in CORE_LISTS.items():
        assert found[where] == choices, where


def test_the_lists_users_see_are_unchanged():
    """The derived lists keep the spelling and order of the published templates."""
    assert vocab.POLARITAS == ("Positif", "Negatif")
    assert vocab.JENIS_JABATAN == ("Struktural", "Fungsional", "Pelaksana")
    assert vocab.HUKUMAN_DISIPLIN == ("Tidak Pernah", "Ringan", "Sedang", "Berat")
    assert vocab.PEMBULATAN == ("Setengah ke atas", "Potong")
    assert vocab.predikat_skp() == (
        "Sangat Baik", "Baik", "Cukup", "Butuh Perbaikan", "Kurang", "Sangat Kurang", "Buruk",
    )  # fmt: skip
    assert vocab.skala_capaian()[0] == "sakip"
    assert vocab.aturan_ipasn() == ("perban-bkn-8-2019",)


# --- the core reads every choice it offers ------------------------------------------------------


def test_kinerja_choices_parse_to_every_member():
    assert {parse_polaritas(c) for c in vocab.POLARITAS} == set(Polaritas)
    assert {parse_agregasi(c) for c in vocab.AGREGASI} == set(Agregasi)
    assert {Status(c) for c in vocab.STATUS_CAPAIAN} == set(Status)
    assert [parse_triwulan(c) for c in vocab.TRIWULAN] == list(vocab.TRIWULAN)
    assert {parse_metode_negatif(c) for c in vocab.METODE_NEGATIF} == set(MetodeNegatif)
    assert {MetodeEfisiensi.parse(c) for c in vocab.METODE_EFISIENSI} == set(MetodeEfisiensi)
    assert {Pembulatan.parse(c) for c in vocab.PEMBULATAN} == set(Pembulatan)
    assert {DataKosong.parse(c) for c in vocab.DATA_KOSONG} == set(DataKosong)


def test_every_capaian_scale_is_a_preset_of_labels_not_efficiency():
    for name in vocab.skala_capaian():
        skala = load_preset(name)
        assert skala.bands
        assert "Efisien" not in {band.label for band in skala.bands}
    assert vocab.KUSTOM not in vocab.skala_capaian()


def test_ya_tidak_is_read_as_yes_and_no():
    ya, tidak = vocab.YA_TIDAK
    bands, problems = bands_from_rows(
        [
            {"label": "Atas", "lower": 50, "inclusive": ya},
            {"label": "Tengah", "lower": 10, "inclusive": tidak},
            {"label": "Bawah", "lower": None, "inclusive": tidak},
        ]
    )
    assert not problems
    assert [b.inclusive for b in bands[:2]] == [True, False]
    # The IP-ASN rule reads them too: Ya scores the seminar, Tidak does not.
    with_seminar = ipasn_pegawai(jenis_jabatan="Pelaksana", seminar=ya)["kompetensi"]
    without = ipasn_pegawai(jenis_jabatan="Pelaksana", seminar=tidak)["kompetensi"]
    assert with_seminar - without == load_aturan().kompetensi["pelaksana"]["seminar"]


@pytest.mark.parametrize("name", vocab.aturan_ipasn())
def test_ipasn_choices_score_as_their_rule_set_says(name):
    rules = load_aturan(name)
    for code in vocab.PENDIDIKAN:
        assert ipasn_pegawai(pendidikan=code, aturan=name)["kualifikasi"] == rules.kualifikasi[code]
    for jabatan in vocab.JENIS_JABATAN:
        parts = rules.kompetensi[jabatan.lower()]
        scored = ipasn_pegawai(
            jenis_jabatan=jabatan, diklat_jenjang="Ya", seminar="Ya", aturan=name
        )
        assert scored["kompetensi"] == parts["diklat_jenjang"] + parts["seminar"], jabatan
    for label in vocab.predikat_skp():
        expected = rules.predikat_skp[normalise_label(label)]
        assert ipasn_pegawai(predikat_skp=label, aturan=name)["kinerja"] == expected, label
    for label in vocab.HUKUMAN_DISIPLIN:
        expected = rules.disiplin[label.lower().replace(" ", "_")]
        assert ipasn_pegawai(hukuman_disiplin=label, aturan=name)["disiplin"] == expected, label
