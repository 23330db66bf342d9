"""The exact half of the oracle (tests/oracle) reproduces the figures the reports print.

The oracle is only as good as its reading of DESIGN.md §4; the golden cases are a counterpart
that owes nothing to it: figures from the seed reports with the inputs that produce them.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from tests.oracle.exact import PRESETS, SAKIP, Rounding, capaian, classify, exact
from tests.oracle.exact_ipasn import score

GOLDEN = Path(__file__).parent / "data" / "reference" / "golden_public.json"
CASES = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]
# The golden files spell inputs in code form; the workbooks in the words users pick.
JABATAN = {"struktural": "Struktural", "fungsional": "Fungsional", "pelaksana": "Pelaksana"}
HUKUMAN = {"tidak_pernah": "Tidak Pernah", "ringan": "Ringan", "sedang": "Sedang", "berat": "Berat"}


def cases(*kinds: str) -> list:
    found = [c for c in CASES if c["kind"] in kinds]
    assert found, f"no golden case of kind {kinds}"
    return [pytest.param(c, id=c["id"]) for c in found]


def rounding(case: dict) -> Rounding:
    return Rounding(case["decimals"], case["rounding"] == "truncate")


def number(value: object) -> Fraction:
    result = exact(value)
    assert result is not None
    return result


@pytest.mark.parametrize("case", cases("capaian", "renstra"))
def test_capaian(case):
    i = case["inputs"]
    target = i["target"] if case["kind"] == "capaian" else i["target_akhir"]
    cap = i.get("batas_atas")
    got = capaian(
        exact(target),
        exact(i["realisasi"]),
        i.get("polaritas") == "negatif",
        metode_negatif=i.get("metode_negatif") or "lan",
        batas_bawah_nol=True,
        batas_atas=None if cap is None else number(cap),
        rounding=rounding(case),
    )
    assert got.shown == number(case["expected"]), case["note"]


@pytest.mark.parametrize("case", cases("serapan", "efisiensi"))
def test_serapan_and_efisiensi(case):
    i = case["inputs"]
    if case["kind"] == "serapan":
        raw = number(i["realisasi_anggaran"]) / number(i["pagu"]) * 100
    elif i["metode"] == "selisih":
        raw = number(i["capaian_kinerja"]) - number(i["serapan_anggaran"])
    else:
        raw = number(i["capaian_kinerja"]) / number(i["serapan_anggaran"])
    assert rounding(case).shown(raw) == number(case["expected"]), case["note"]


@pytest.mark.parametrize("case", cases("predikat", "sakip"))
def test_predikat_and_sakip(case):
    i = case["inputs"]
    if case["kind"] == "predikat":
        assert classify(number(i["nilai"]), PRESETS[i["skala"]]) == case["expected"]
        return
    total = rounding(case).shown(sum(number(v) for v in i["komponen"].values()))
    assert total == number(case["expected"]["total"])
    assert classify(total, SAKIP) == case["expected"]["predikat"]


@pytest.mark.parametrize("case", cases("ipasn_pegawai"))
def test_ipasn_pegawai(case):
    i = case["inputs"]
    yes_no = {True: "Ya", False: "Tidak", None: None}
    row = {
        "Pendidikan": i["pendidikan"],
        "Jenis Jabatan": JABATAN[i["jenis_jabatan"]],
        "Diklat Jenjang": yes_no[i["diklat_jenjang"]],
        "JP Diklat Teknis": i["jp_diklat_teknis"],
        "Seminar": yes_no[i["seminar"]],
        "Nilai SKP": i["nilai_skp"],
        "Predikat SKP": None,
        "Hukuman Disiplin": HUKUMAN[i["hukuman_disiplin"]],
    }
    got = score(row)
    expected = case["expected"]
    for dim in ("kualifikasi", "kompetensi", "kinerja", "disiplin"):
        assert got.parts[dim.capitalize()] == number(expected[dim]), dim
    total = sum(got.parts.values(), Fraction(0))
    assert total == number(expected["total"])
    assert classify(total, PRESETS["ipasn"]) == expected["kategori"]
