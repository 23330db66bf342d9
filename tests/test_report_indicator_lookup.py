"""The report finds a budget line's indicator as the rules do (and Excel's MATCH): the kode as
typed, whatever its case and surrounding spaces, the first row of a repeated kode."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.report.kinerja_data import KinerjaData
from lkjip_xl.workbook.report.source import Rows

KINERJA = template("kinerja")
_kodes = st.one_of(
    st.none(),
    st.integers(0, 3),
    st.sampled_from(["IKU-1", "iku-1", " IKU-1 ", "IKU-2", "Iku-2\t", "", " ", "IKU-1x"]),
)


def _data(kodes: list[object]) -> KinerjaData:
    records = tuple({"kode": k, "indikator": f"Indikator baris {i}"} for i, k in enumerate(kodes))
    empty = Rows(KINERJA.table("tblAnggaran"), ())
    return KinerjaData(
        KINERJA, "Instansi", "Unit", "2025", Rows(KINERJA.table("tblIndikator"), records),
        empty, empty, empty, empty, None, {},
    )  # fmt: skip


def _excel_match(kodes: list[object], wanted: object) -> int | None:
    """The row MATCH(wanted, kodes, 0) finds, from the rule: a Kode is a text, compared
    without letter case and the spaces around it; the first equal row; a cell holding no text
    (blank, only spaces, a number) matches nothing."""
    if not isinstance(wanted, str) or not wanted.strip():
        return None
    for i, k in enumerate(kodes):
        if isinstance(k, str) and k.strip().lower() == wanted.strip().lower():
            return i
    return None


@settings(max_examples=300, deadline=None)
@given(st.lists(_kodes, max_size=12), st.lists(_kodes, max_size=8))
def test_every_lookup_finds_the_row_match_finds(kodes, wanted):
    data = _data(kodes)
    for kode in wanted:
        found = data.indicator(kode)
        row = _excel_match(kodes, kode)
        if row is None:
            assert found is None
        else:
            assert found is data.indikator.records[row]
