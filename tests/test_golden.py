"""Every golden_public case, read from the file, reproduced at its stated decimals and rounding."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import lkjip_xl as lx
from lkjip_xl.core import efisiensi as eff
from lkjip_xl.core import ipasn
from lkjip_xl.core.sakip import evaluasi_sakip
from tests.reference import golden_cases, load, printed


def ids(cases):
    return [c["id"] for c in cases]


def test_reference_is_present_and_covers_every_kind():
    cases = load("golden_public.json")["cases"]
    kinds = {c["kind"] for c in cases}
    assert kinds == {
        "capaian",
        "renstra",
        "serapan",
        "efisiensi",
        "predikat",
        "sakip",
        "ipasn_pegawai",
        "ipasn_rekap",
    }
    assert len({c["id"] for c in cases}) == len(cases)


@pytest.mark.parametrize("case", golden_cases("capaian"), ids=ids(golden_cases("capaian")))
def test_capaian(case):
    inputs = case["inputs"]
    value = lx.capaian(
        inputs["target"],
        inputs["realisasi"],
        polaritas=inputs["polaritas"],
        metode_negatif=inputs.get("metode_negatif", "lan"),
        batas_atas=inputs.get("batas_atas"),
    )
    assert printed(value, case) == pytest.approx(case["expected"], abs=1e-9)


@pytest.mark.parametrize("case", golden_cases("renstra"), ids=ids(golden_cases("renstra")))
def test_renstra(case):
    inputs = case["inputs"]
    value = lx.capaian(inputs["target_akhir"], inputs["realisasi"])
    assert printed(value, case) == pytest.approx(case["expected"], abs=1e-9)


@pytest.mark.parametrize("case", golden_cases("serapan"), ids=ids(golden_cases("serapan")))
def test_serapan(case):
    value = lx.serapan(case["inputs"]["pagu"], case["inputs"]["realisasi_anggaran"])
    assert printed(value, case) == pytest.approx(case["expected"], abs=1e-9)


@pytest.mark.parametrize("case", golden_cases("efisiensi"), ids=ids(golden_cases("efisiensi")))
def test_efisiensi(case):
    inputs = case["inputs"]
    value = lx.efisiensi(inputs["capaian_kinerja"], inputs["serapan_anggaran"], inputs["metode"])
    shown = printed(value, case)
    assert shown == pytest.approx(case["expected"], abs=1e-9)
    if case.get("expected_kategori"):
        skala = eff.default_skala(inputs["metode"])
        assert skala.classify_one(shown) == case["expected_kategori"]


@pytest.mark.parametrize("case", golden_cases("predikat"), ids=ids(golden_cases("predikat")))
def test_predikat(case):
    assert lx.predikat(case["inputs"]["nilai"], case["inputs"]["skala"]) == case["expected"]


@pytest.mark.parametrize("case", golden_cases("sakip"), ids=ids(golden_cases("sakip")))
def test_sakip(case):
    result = evaluasi_sakip(
        case["inputs"]["komponen"], "lke-2015", case["decimals"], case["rounding"]
    )
    assert result.masalah == ()
    assert result.total == pytest.approx(case["expected"]["total"], abs=1e-9)
    assert result.predikat == case["expected"]["predikat"]


PEGAWAI = golden_cases("ipasn_pegawai")


@pytest.mark.parametrize("case", PEGAWAI, ids=ids(PEGAWAI))
def test_ipasn_pegawai(case):
    result = lx.ipasn_pegawai(**case["inputs"])
    expected = case["expected"]
    for key in ("kualifikasi", "kompetensi", "kinerja", "disiplin", "total"):
        assert printed(result[key], case) == pytest.approx(expected[key], abs=1e-9), key
    assert result["kategori"] == expected["kategori"]
    assert result["lengkap"] is True


def test_ipasn_pegawai_vectorised_equals_scalar():
    """The roster path gives every golden employee the same scores as the scalar path."""
    frame = pd.DataFrame([c["inputs"] for c in PEGAWAI], dtype="object")
    scores = ipasn.skor_pegawai(frame)
    for (_, row), case in zip(scores.iterrows(), PEGAWAI, strict=True):
        for key in ("kualifikasi", "kompetensi", "kinerja", "disiplin", "total", "kategori"):
            expected = case["expected"][key]
            assert row[key] == (expected if isinstance(expected, str) else pytest.approx(expected))


REKAP = golden_cases("ipasn_rekap")


@pytest.mark.parametrize("case", REKAP, ids=ids(REKAP))
def test_ipasn_rekap(case):
    inputs, expected = case["inputs"], case["expected"]
    if "pendidikan_counts" in inputs:
        # Through the real roster path: one row per employee, then the recap's Seluruh Pegawai row.
        counts = inputs["pendidikan_counts"]
        roster = pd.DataFrame(
            {"pendidikan": np.repeat(list(counts), list(counts.values()))}, dtype="object"
        )
        scores = ipasn.skor_pegawai(roster)
        table = ipasn.rekap(
            scores,
            pd.Series(["Unit"] * len(roster)),
            pd.Series(["PNS"] * len(roster)),
            desimal=case["decimals"],
            pembulatan=case["rounding"],
        )
        selu = table[(table["unit"] == ipasn.SELURUH) & (table["status"] == ipasn.SEMUA_STATUS)]
        assert selu["kualifikasi"].iloc[0] == pytest.approx(expected["kualifikasi"], abs=1e-9)
        assert selu["jumlah"].iloc[0] == sum(counts.values())
        assert printed(ipasn.kualifikasi_rata_rata(counts), case) == pytest.approx(
            expected["kualifikasi"], abs=1e-9
        )
    elif "dimensi" in inputs:
        table = ipasn.selisih({inputs["dimensi"]: inputs["skor"]}, desimal=case["decimals"])
        row = table[table["dimensi"].str.lower() == inputs["dimensi"]]
        assert row["selisih"].iloc[0] == pytest.approx(expected, abs=1e-9)
    else:
        dims = inputs["dimensi_skor"]
        scores = pd.DataFrame([{**dims, "lengkap": True}], columns=[*ipasn.DIMENSI, "lengkap"])
        table = ipasn.rekap(scores, pd.Series(["U"]), pd.Series(["PNS"]), desimal=case["decimals"])
        assert table["total"].iloc[-1] == pytest.approx(expected["total"], abs=1e-9)
