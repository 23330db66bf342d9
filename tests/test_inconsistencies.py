"""Figures the reports print wrongly: the engine gives the documented rule's result."""

from __future__ import annotations

import pandas as pd
import pytest

import lkjip_xl as lx
from lkjip_xl.core import ipasn
from lkjip_xl.core.rounding import round_value
from lkjip_xl.core.sakip import evaluasi_sakip
from tests.reference import load


def items(kind):
    return [i for i in load("inconsistencies_public.json")["items"] if i["kind"] == kind]


def shown(value, item):
    return round_value(value, item["decimals"])


def test_capaian_items_give_the_correct_figure():
    for item in items("capaian"):
        i = item["inputs"]
        value = lx.capaian(
            i["target"], i["realisasi"], i["polaritas"], i.get("metode_negatif", "lan"),
            i.get("batas_atas"),
        )  # fmt: skip
        assert shown(value, item) == pytest.approx(item["correct"]), item["id"]
        assert shown(value, item) != pytest.approx(item["stated"]), item["id"]


def test_serapan_items_give_the_correct_figure():
    for item in items("serapan"):
        value = lx.serapan(item["inputs"]["pagu"], item["inputs"]["realisasi_anggaran"])
        assert shown(value, item) == pytest.approx(item["correct"]), item["id"]


def test_sakip_items_give_the_correct_total():
    for item in items("sakip"):
        result = evaluasi_sakip(item["inputs"]["komponen"], "lke-2015", item["decimals"])
        assert result.total == pytest.approx(item["correct"]["total"]), item["id"]
        assert result.predikat == item["correct"]["predikat"], item["id"]


def test_ipasn_total_is_the_sum_of_the_shown_dimensions():
    for item in items("ipasn_rekap"):
        dims = item["inputs"]["dimensi_skor"]
        scores = pd.DataFrame([{**dims, "lengkap": True}], columns=[*ipasn.DIMENSI, "lengkap"])
        table = ipasn.rekap(scores, pd.Series(["U"]), pd.Series(["PNS"]), desimal=item["decimals"])
        assert table["total"].iloc[-1] == pytest.approx(item["correct"]["total"]), item["id"]
