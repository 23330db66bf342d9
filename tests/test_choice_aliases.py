"""What the rules read, the check accepts: a quarter typed ``TW I`` or ``Triwulan 2``, an
Agregasi typed ``jumlah``. They were reported as unknown choices (galat) while the computation
used them all the same; a check and a recompute now read one list the same way."""

from __future__ import annotations

import python_calamine
from hypothesis import given
from hypothesis import strategies as st

from lkjip_xl.core.capaian import parse_agregasi, parse_triwulan
from lkjip_xl.core.values import normalise_label, parse_choice
from lkjip_xl.core.vocab import AGREGASI, ALIASES, POLARITAS, TRIWULAN
from lkjip_xl.workbook.api import check_file, recompute_file
from tests.workbooks import INDIKATOR, filled_kinerja


def _capaian(path) -> list:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Indikator")
    return [row[11:13] for row in rows.to_python()[4:7]]


def test_other_spellings_of_a_quarter_and_a_method_are_read_not_refused(tmp_path):
    spelled = [
        {"Kode": "IKU-3", "Triwulan": "TW I", "Target": 20, "Realisasi": 25},
        {"Kode": "IKU-3", "Triwulan": "Triwulan 2", "Target": 25, "Realisasi": 22},
        {"Kode": "IKU-3", "Triwulan": "tw 3", "Target": 25, "Realisasi": 10},
        {"Kode": "IKU-3", "Triwulan": 4, "Target": 25, "Realisasi": 1},
    ]
    canonical = [dict(r, Triwulan=f"TW{n}") for n, r in enumerate(spelled, 1)]
    indikator = [dict(r) for r in INDIKATOR]
    indikator[2]["Agregasi"] = "jumlah"
    path = filled_kinerja(tmp_path / "ejaan.xlsx", indikator, (), spelled)
    typed = filled_kinerja(tmp_path / "baku.xlsx", INDIKATOR, (), canonical)
    assert {m.code for m in check_file(path).masalah} == {"never-computed"}
    laporan = recompute_file(path)
    assert not laporan.masalah, laporan.masalah
    recompute_file(typed)
    assert _capaian(path) == _capaian(typed)
    assert _capaian(path)[2] == [64.44, "B"]  # (25 + 22 + 10 + 1) / 90, Kumulatif


def test_a_quarter_typed_twice_in_two_spellings_is_one_quarter_twice(tmp_path):
    rows = [
        {"Kode": "IKU-3", "Triwulan": "TW1", "Target": 20, "Realisasi": 25},
        {"Kode": "IKU-3", "Triwulan": "TW I", "Target": 25, "Realisasi": 22},
    ]
    path = filled_kinerja(tmp_path / "dua.xlsx", INDIKATOR, (), rows)
    found = [(m.code, m.place) for m in check_file(path).masalah]
    assert ("duplicate-key", "Triwulan!B6") in found


@given(st.one_of(st.text(max_size=12), st.integers(-2, 6), st.floats(allow_nan=False)))
def test_the_check_reads_a_label_as_the_rule_does(raw):
    for labels, rule in ((TRIWULAN, parse_triwulan), (AGREGASI, parse_agregasi)):
        choices = {normalise_label(c): c for c in labels}
        read = parse_choice(raw, choices, "x", ALIASES[labels])
        ruled = rule(raw)
        if ruled is not None and not isinstance(raw, bool):
            assert read.value == getattr(ruled, "value", ruled), (raw, read)
    assert POLARITAS in ALIASES


def test_a_logical_value_is_no_quarter_for_the_check_nor_the_rule(tmp_path):
    rows = [
        {"Kode": "IKU-3", "Triwulan": True, "Target": 20, "Realisasi": 25},
        {"Kode": "IKU-3", "Triwulan": "TW2", "Target": 25, "Realisasi": 22},
    ]
    path = filled_kinerja(tmp_path / "logika.xlsx", INDIKATOR, (), rows)
    laporan = recompute_file(path)
    assert [m.place for m in laporan.masalah if m.code == "unknown-choice"] == ["Triwulan!B5"]
    assert _capaian(path)[2][0] == 24.44  # 22 / 90: the TRUE row counts for nothing
    assert parse_triwulan(True) is None
