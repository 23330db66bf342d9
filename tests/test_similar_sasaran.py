"""Two sasaran that differ only in letter case or spacing are two groups (two rows of the
Ringkasan, two units when distributed per sasaran): said at the later spelling's cell."""

from __future__ import annotations

import pandas as pd
from python_calamine import CalamineWorkbook

from lkjip_xl.core.kelompok import similar_names
from lkjip_xl.workbook.api import recompute_file
from tests.workbooks import INDIKATOR, filled_kinerja


def test_a_sasaran_spelled_otherwise_is_said_where_it_is(tmp_path):
    rows = [dict(r) for r in INDIKATOR]
    rows[1]["Sasaran"] = "meningkatnya  profesionalitas ASN"  # IKU-1's, in other case/spaces
    path = filled_kinerja(tmp_path / "ejaan.xlsx", rows)
    laporan = recompute_file(path)
    (found,) = [m for m in laporan.masalah if m.code == "similar-names"]
    assert found.place == "Indikator!B6" and found.tingkat.value == "peringatan"
    assert found.message == (
        'Sasaran "meningkatnya  profesionalitas ASN" hanya berbeda huruf besar/kecil atau spasi '
        'dengan "Meningkatnya profesionalitas ASN"; keduanya dihitung sebagai sasaran terpisah. '
        "Samakan penulisannya bila maksudnya sama."
    )
    ringkasan = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Ringkasan").to_python()
    names = [r[0] for r in ringkasan if isinstance(r[0], str) and "rofesionalitas" in r[0]]
    assert len(names) == 2  # two groups, as the warning says


def test_the_same_spelling_and_other_names_are_not_said(tmp_path):
    path = filled_kinerja(tmp_path / "sama.xlsx", INDIKATOR)
    assert not [m for m in recompute_file(path).masalah if m.code == "similar-names"]


def test_similar_names_are_told_once_per_spelling():
    names = pd.Series(["A b", "a  B", "a  B", "C", None, "A B", "c"], index=[5, 6, 7, 8, 9, 10, 11])
    assert similar_names(names) == [(6, "a  B", "A b"), (10, "A B", "A b"), (11, "c", "C")]


def test_a_unit_spelled_as_another_is_said_in_a_roster(tmp_path):
    import openpyxl

    from lkjip_xl.workbook.builder import make_workbook
    from lkjip_xl.workbook.contract import template
    from lkjip_xl.workbook.demo import fill_table

    peg = template("ipasn").table("tblPegawai")
    person = {"Status": "PNS", "Jenis Jabatan": "Pelaksana", "Pendidikan": "S1"}
    rows = [
        {**person, "NIP": f"19800101200501100{n}", "Nama": f"P{n}", "Unit Kerja": unit}
        for n, unit in enumerate(["Dinas Pendidikan", "Dinas Kesehatan", "dinas pendidikan"])
    ]
    wb = make_workbook("ipasn")
    fill_table(wb, peg, rows)
    path = tmp_path / "ipasn.xlsx"
    wb.save(path)
    (found,) = [m for m in recompute_file(path).masalah if m.code == "similar-names"]
    assert found.place == f"Pegawai!{peg.letter('unit_kerja')}{peg.first_data_row + 2}"
    assert "sebagai unit terpisah" in found.message
    rekap = openpyxl.load_workbook(path)["Rekap"]
    units = {row[0] for row in rekap.iter_rows(values_only=True)}
    assert {"Dinas Pendidikan", "dinas pendidikan"} <= units  # two units, as it says
