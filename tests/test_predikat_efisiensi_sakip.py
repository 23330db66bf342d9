"""Band tables, efisiensi and SAKIP beyond the golden cases."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import lkjip_xl as lx
from lkjip_xl.core import presets
from lkjip_xl.core.efisiensi import (
    default_skala,
    hitung_efisiensi,
    hitung_serapan,
    kategori_efisiensi,
)
from lkjip_xl.core.predikat import (
    Band,
    Skala,
    SkalaError,
    bands_from_rows,
    load_preset,
    preset_names,
    validate_bands,
)
from lkjip_xl.core.sakip import AturanSakip, Komponen, evaluasi_sakip


def test_presets_have_name_and_version():
    assert {"sakip", "berhasil", "tercapai", "mencapai", "permendagri86", "ipasn", "skp"} <= set(
        preset_names()
    )
    for name in preset_names():
        doc = presets.load("skala", name)
        assert doc["name"] == name and doc["version"]
        assert load_preset(name).version == doc["version"]


@pytest.mark.parametrize(
    "name", ["x" * 300, "../skala-sakip", "sakip/"], ids=["long", "up", "slash"]
)
def test_a_scale_name_typed_in_a_cell_is_unknown_not_a_path(name):
    """A 300-letter skala in =LKJ_PREDIKAT(A1; B1) answered "OSError: File name too long"."""
    with pytest.raises(ValueError, match="tidak dikenal; yang tersedia: berhasil"):
        presets.load("skala", name)
    with pytest.raises(ValueError, match="tidak dikenal"):
        lx.predikat(80, skala=name)


@pytest.mark.parametrize(
    ("value", "label"),
    [(100.01, "AA"), (90.0, "A"), (90.01, "AA"), (30.0, "D"), (472, "AA"), (-5, "D")],
)
def test_sakip_bounds(value, label):
    assert lx.predikat(value) == label


def test_other_presets_edges():
    assert lx.predikat(85, "berhasil") == "Sangat Berhasil"
    assert lx.predikat(756, "berhasil") == "Sangat Berhasil"
    assert lx.predikat(100, "tercapai") == "Tercapai"
    assert lx.predikat(90.5, "permendagri86") == "Tinggi"
    assert lx.predikat(90, "skp") == "Baik"
    assert lx.predikat(None) is None


def test_validation_finds_order_gaps_and_overlaps():
    codes = lambda bands: {p.code for p in validate_bands(bands)}  # noqa: E731
    assert codes([Band("B", 50), Band("A", 80), Band("C", None)]) == {"band-order"}
    assert codes([Band("A", 80), Band("B", 80), Band("C", None)]) == {"band-overlap"}
    assert codes([Band("A", 80), Band("B", 50)]) == {"band-gap"}
    assert codes([Band("A", 80), Band("A", 50), Band("C", None)]) == {"duplicate-label"}
    assert validate_bands([Band("A", 100), Band("B", 100, True), Band("C", None)]) == []


def test_bands_from_worksheet_rows():
    bands, problems = bands_from_rows(
        [
            {"label": "Baik", "lower": "70,5", "inclusive": "Ya"},
            {"label": "Kurang", "lower": None, "inclusive": None},
        ]
    )
    assert problems == [] and bands[0].lower == 70.5 and bands[0].inclusive
    _, problems = bands_from_rows([{"label": "X", "lower": "abc", "inclusive": "Ya"}])
    assert problems[0].code == "bad-bound"
    with pytest.raises(SkalaError):
        Skala.from_bands("x", [Band("A", 10)])


def test_serapan_and_efisiensi_states():
    s = hitung_serapan(pd.Series([100.0, 0.0, None, 100.0]), pd.Series([80.0, 5.0, 5.0, 120.0]))
    assert s["nilai"].iloc[0] == 80
    assert s["keadaan"].tolist()[1:3] == ["Tidak Dapat Dihitung", "Belum Diisi"]
    assert "melebihi pagu" in s["catatan"].iloc[3]
    e = hitung_efisiensi(pd.Series([100.0, 100.0, None]), pd.Series([80.0, 0.0, 80.0]))
    assert e["nilai"].iloc[0] == 1.25
    assert math.isnan(e["nilai"].iloc[1]) and math.isnan(e["nilai"].iloc[2])
    assert lx.efisiensi(95.44, 92.5, "selisih") == pytest.approx(2.94)


def test_efisiensi_categories_and_empty_table():
    values = pd.Series([0.99, 1.0, 1.49, 1.5])
    assert kategori_efisiensi(values, default_skala("rasio")).tolist() == [
        "Kurang Efisien", "Efisien", "Efisien", "Sangat Efisien"
    ]  # fmt: skip
    assert kategori_efisiensi(values, None).tolist() == [None] * 4


def test_sakip_problems_are_named():
    result = evaluasi_sakip({"perencanaan": 31, "pengukuran": 20})
    assert result.total is None
    assert any("Perencanaan" in m and "bobot" in m for m in result.masalah)
    assert any("belum lengkap" in m for m in result.masalah)
    ok = evaluasi_sakip(
        {"Perencanaan Kinerja": 25, "Pengukuran Kinerja": 25, "Pelaporan Kinerja": 10,
         "Evaluasi Akuntabilitas Kinerja Internal": 20},
        "permenpan-88-2021",
    )  # fmt: skip
    assert ok.total == 80 and ok.predikat == "BB"


def test_sakip_component_lookup_by_key_or_label():
    first = Komponen("perencanaan", "Perencanaan Kinerja", 30.0)
    # A later component whose key repeats the first one's label: the first still wins, as in
    # an Evaluasi table that lists a component twice.
    second = Komponen("perencanaan kinerja", "Pengukuran", 30.0)
    rules = AturanSakip("t", "1", "t", "sakip", (first, second))
    assert rules.find("PERENCANAAN_kinerja") is first
    assert rules.find(" perencanaan ") is first
    assert rules.find("pengukuran") is second
    assert rules.find("pelaporan") is None


def test_sakip_table_of_thousands_of_components():
    # An Evaluasi table may hold thousands of components: 3,000 of 0.02 make exactly 60, which
    # is CC since B needs over 60.
    parts = tuple(Komponen(f"k{i}", f"Komponen {i}", 1.0) for i in range(3_000))
    rules = AturanSakip("tabel", "tabel", "Tabel", "sakip", parts)
    result = evaluasi_sakip({f"Komponen {i}": 0.02 for i in range(3_000)}, rules)
    assert (result.total, result.predikat, result.masalah) == (60.0, "CC", ())
