"""A formula whose result the file never stored (a workbook written by a program that does not
calculate, and not opened in Excel since) is not a blank: check and recompute say so at the
cell, in one sentence, and leave the cell as it was."""

from __future__ import annotations

from python_calamine import CalamineWorkbook

from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.ooxml.sheet_data import formula_blanks
from tests.hostile.corpus import input_cells, kinerja, set_cell_xml


def _capaian(path) -> list:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Indikator").to_python()
    return [row[11] for row in rows[4:7]]


def test_a_formula_without_its_result_is_named_not_read_as_blank(tmp_path):
    path = kinerja(tmp_path / "kinerja.xlsx")
    set_cell_xml(path, "Indikator", "H5", b'<c r="H5"><f>70+1.59</f></c>')
    # openpyxl's spelling of every formula it writes: an empty value element, no result.
    set_cell_xml(path, "Indikator", "J6", b'<c r="J6"><f>SUM(G6:H6)</f><v></v></c>')
    # A text result stored empty is a result.
    set_cell_xml(path, "Indikator", "D7", b'<c r="D7" t="str"><f>""</f><v></v></c>')
    # Capaian is computed: the engine writes over the formula, which is not read.
    set_cell_xml(path, "Indikator", "L5", b'<c r="L5"><f>H5/G5*100</f></c>')
    before = input_cells(path)
    for laporan in (check_file(path), recompute_file(path)):
        found = [m for m in laporan.masalah if m.code == "formula-without-value"]
        assert [m.place for m in found] == ["Indikator!H5"], laporan.masalah
        assert found[0].tingkat.value == "galat"
        said = found[0].message
        assert "2 sel tabel berisi rumus yang hasilnya belum pernah dihitung (H5, J6)" in said
    assert input_cells(path) == before  # the formula is kept as written
    assert _capaian(path)[0] == ""  # still no figure from a value nobody computed


def test_a_formula_with_its_result_stored_reads_as_its_result(tmp_path):
    path = kinerja(tmp_path / "kinerja.xlsx")
    set_cell_xml(path, "Indikator", "H5", b'<c r="H5"><f>70+1.59</f><v>71.59</v></c>')
    laporan = recompute_file(path)
    assert "formula-without-value" not in {m.code for m in laporan.masalah}
    assert _capaian(path)[0] == 95.45


def test_formula_blanks_reads_every_spelling_of_a_cell():
    xml = (
        b'<x:sheetData><x:row r="2"><x:c r="B2" s="1"><x:f>1+1</x:f></x:c>'
        b'<x:c r="C2"><x:f t="shared" ref="C2:C3" si="0">A2</x:f><x:v>1</x:v></x:c>'
        b'<x:c r="D2"><x:f>1</x:f><x:v/></x:c><x:c r="E2"/><x:c r="F2"><x:v>2</x:v></x:c>'
        b'<x:c r="G2" t="str"><x:f>""</x:f><x:v/></x:c><x:c r="H2"><x:f>1</x:f><x:v>0</x:v></x:c>'
        b"</x:row></x:sheetData>"
    )
    assert formula_blanks(xml, b"x:") == [(2, 2), (2, 4)]
    assert formula_blanks(b'<c r="A1"><f>1</f><v> </v></c>') == [(1, 1)]
    assert formula_blanks(b'<c r="A1" t="str"><f>""</f><v></v></c>') == []
    assert formula_blanks(b'<c r="AA10" t="str"><f>"a"</f></c>') == [(10, 27)]
    assert formula_blanks(b'<c r="A1"><v>1</v></c>') == []
