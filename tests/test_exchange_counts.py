"""Counts in what collect writes (the Pengumpulan sheet, a file's problems) read 1.200 as the
CLI's counts beside them do, not 1200."""

from __future__ import annotations

from lkjip_xl.core.problems import Kode
from lkjip_xl.workbook.exchange.file_check import _some
from lkjip_xl.workbook.exchange.records import MAX_PROBLEMS_SHOWN, problems_text
from lkjip_xl.workbook.problems import Masalah


def test_the_problems_not_listed_are_counted_with_the_thousands_dot():
    masalah = [
        Masalah.of(Kode.INCOMPLETE_ROWS, sheet="Pegawai", jumlah=1)
        for _ in range(MAX_PROBLEMS_SHOWN + 1200)
    ]
    text = problems_text(masalah)
    assert text is not None
    assert text.endswith(" dan 1.200 masalah lain (lihat keluaran perintah kumpulkan).")


def test_the_cells_not_named_are_counted_with_the_thousands_dot():
    cells = [f"M{r}" for r in range(5, 5 + 1205)]
    assert _some(cells) == "M5, M6, M7, M8, M9 dan 1.200 sel lain"
