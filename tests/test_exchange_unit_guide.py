"""What a unit's staff read in the workbook ``bagikan`` sent them: what they may change, where
their unit and deadline are, and what to do with the file afterwards."""

from __future__ import annotations

import re
from datetime import date

import openpyxl

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.exchange.distribute import distribute
from tests.workbooks import ANGGARAN, INDIKATOR, filled_kinerja


def _unit_workbook(tmp_path):
    master = filled_kinerja(tmp_path / "Kinerja Induk.xlsx", INDIKATOR, ANGGARAN)
    recompute_file(master)
    distribute(master, tmp_path / "kirim", deadline=date(2026, 12, 31))
    units = sorted((tmp_path / "kirim").glob("*.xlsx"))
    assert len(units) == 2  # one per Sasaran
    return openpyxl.load_workbook(units[0])


def test_a_unit_workbook_opens_on_what_the_unit_does_and_where_its_deadline_is(tmp_path):
    # The unit workbook opened on a Petunjuk for the master's staff: nothing said what a unit
    # may change or to send the file back, and its deadline was only a hidden defined name.
    wb = _unit_workbook(tmp_path)
    assert wb.active.title == "Petunjuk"
    rules = [
        (row[0].value, row[1].value)
        for row in wb["Petunjuk"].iter_rows(min_row=6, max_col=2)
        if isinstance(row[0].value, str) and re.fullmatch(r"\d+\.", row[0].value)
    ]
    unit_rules = [(n, t) for n, t in rules if t and t.startswith("Buku kerja unit")]
    assert unit_rules == [
        (
            "11.",  # the last rule, after the kinerja template's own order of work
            "Buku kerja unit (dibagikan pengelola dengan 'lkjip-xl bagikan'): isi atau ubah hanya "
            "baris yang dikirim untuk unit Anda, dan tambahkan baris baru di baris kosong "
            "tabelnya; jangan mengganti nama lembar, tabel, atau judul kolom. Lembar Pengaturan "
            "terkunci: aturannya ditetapkan induk. Nama unit, asal berkas, dan batas waktu "
            "pengembaliannya tercatat di lembar Log (baris Distribusi). Setelah selesai, simpan "
            "dan tutup buku kerja, lalu kirim berkas ini kembali ke pengelola; pengelola "
            "menggabungkannya dengan 'lkjip-xl kumpulkan'.",
        )
    ]
    assert rules[-1] == unit_rules[0]
    # ... and the Log's Distribusi row it points to says the unit and the deadline
    log = [[c.value for c in row] for row in wb["Log"].iter_rows(min_row=5)]
    distribusi = [row for row in log if row[2] == "Distribusi"]
    assert len(distribusi) == 1
    assert "Buku kerja unit " in distribusi[0][8]
    assert distribusi[0][8].endswith("kirim kembali paling lambat 2026-12-31.")
    # Pengumpulan, empty in a unit's workbook, says it is not theirs to fill
    pengumpulan = wb["Pengumpulan"]
    assert pengumpulan["A2"].value.endswith(
        "Di buku kerja unit tabel ini kosong dan tidak perlu diisi (lihat Petunjuk)."
    )
    assert all(c.value is None for c in pengumpulan[5])
