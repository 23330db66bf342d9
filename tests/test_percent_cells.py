"""A number its cell shows as a percentage is read as the figure shown.

Typing ``75%`` in Excel (or LibreOffice) stores 0.75 and formats the cell as a percentage. The
engine read 0.75, and a realisasi of 71.59 against it gave a capaian of 9545, rated AA, without
a word. It now reads 75, as it reads the text ``75%``; the cell keeps what it holds."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from lkjip_xl.core.persen import Persen
from lkjip_xl.core.values import parse_number
from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.ooxml.percent_cells import percent_cells, percent_formats
from tests.hostile.corpus import input_cells
from tests.workbooks import INDIKATOR, filled_kinerja

IND = template("kinerja").table("tblIndikator")


def _results(path) -> list[list]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(IND.sheet).to_python()
    capaian, predikat = IND.col_index("capaian") - 1, IND.col_index("predikat") - 1
    return [[row[capaian], row[predikat]] for row in rows[IND.first_data_row - 1 :][:3]]


def _format(path, cells: dict[str, tuple[object, str]]) -> None:
    """Cells of tblIndikator given a value and a number format, as Excel stores "75%"."""
    wb = openpyxl.load_workbook(path)
    ws = wb[IND.sheet]
    for ref, (value, number_format) in cells.items():
        ws[ref].value = value
        ws[ref].number_format = number_format
    wb.save(path)


def _cell(key: str, n: int) -> str:
    return f"{IND.letter(key)}{IND.first_data_row + n}"


def test_a_target_typed_as_a_percentage_is_the_percentage_shown(tmp_path):
    typed = filled_kinerja(tmp_path / "ketik.xlsx", INDIKATOR)
    shown = filled_kinerja(tmp_path / "persen.xlsx", INDIKATOR)
    # IKU-1's 75 typed as "75%"; IKU-2's realisasi 6.23 as "6,23%" in a format of two decimals
    _format(shown, {_cell("target", 0): (0.75, "0%"), _cell("realisasi", 1): (0.0623, "0.00%")})
    before = input_cells(shown)
    recompute_file(typed)
    laporan = recompute_file(shown)
    assert not laporan.galat, laporan.masalah
    assert _results(shown) == _results(typed)
    assert _results(shown)[0] == [95.45, "AA"]  # 71.59 / 75, not 71.59 / 0.75
    assert input_cells(shown) == before  # the cells keep 0.75 and 0.0623


def test_the_same_number_unformatted_stays_what_it_is(tmp_path):
    """A column's distinct values are read once each: 0.75 shown as 75% and 0.75 typed as
    such are two values, not one."""
    path = filled_kinerja(tmp_path / "dua.xlsx", INDIKATOR)
    _format(path, {_cell("target", 0): (0.75, "0%"), _cell("target", 1): (0.75, "General")})
    book = FileBook(path)
    target = book.read_table(IND.name).values("Target")
    assert type(target[0]) is Persen and type(target[1]) is float
    recompute_file(path)
    capaian = [row[0] for row in _results(path)]
    assert capaian[0] == 95.45
    assert capaian[1] != capaian[0]


def test_a_format_showing_a_per_cent_sign_as_text_is_no_percentage(tmp_path):
    path = filled_kinerja(tmp_path / "teks.xlsx", INDIKATOR)
    literal = {
        _cell("target", 0): (75, '0" %"'),  # a quoted sign: Excel shows "75 %", multiplies not
        _cell("target", 1): (10, "0\\%"),  # an escaped sign
        _cell("target", 2): (90, "#,##0.00"),
    }
    _format(path, literal)
    typed = filled_kinerja(tmp_path / "ketik.xlsx", INDIKATOR)
    recompute_file(path)
    recompute_file(typed)
    assert _results(path) == _results(typed)


@pytest.mark.parametrize(
    ("code", "percent"),
    [("0%", True), ("0.00%", True), ("0.0%", True), ("[Red]0.0%;-0.0%", True),
     ('#,##0.00" %"', False), ("0\\%", False), ("General", False), ("#,##0.00", False),
     ('"Rp "#,##0', False), ("[$%-421]0", False)],
)  # fmt: skip
def test_percent_formats_are_told_by_their_codes(tmp_path, code, percent):
    wb = openpyxl.Workbook()
    wb.active["A1"] = 0.5
    wb.active["A1"].number_format = code
    wb.active["B1"] = 0.5  # General
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        formats = percent_formats(archive.read("xl/styles.xml"))
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert (percent_cells(sheet, formats) == {(1, 1)}) is percent


def test_only_numbers_are_shown_as_percentages():
    xml = (
        b'<sheetData><row r="2"><c r="A2" s="3"><v>0.5</v></c><c r="B2" s="3" t="s"><v>0</v>'
        b'</c><c r="C2" s="3" t="n"><v>1</v></c><c r="D2" s="4"><v>1</v></c>'
        b'<c r="E2" s = "3" t="str"><f>"a"</f><v>a</v></c></row></sheetData>'
    )
    assert percent_cells(xml, {3}) == {(2, 1), (2, 3)}
    assert percent_cells(xml, set()) == set()


def test_the_figure_shown_is_the_exact_decimal_times_100():
    assert parse_number(Persen(0.7555)).value == 75.55
    assert parse_number(Persen(0.0623)).value == 6.23
    assert parse_number(Persen(1)).value == 100
    assert parse_number(Persen(float("inf"))).code == "non-finite"
    assert Persen(0.75) != 0.75 and hash(Persen(0.75)) != hash(0.75)


def test_check_reads_the_percentage_as_recompute_does(tmp_path):
    path = filled_kinerja(tmp_path / "periksa.xlsx", INDIKATOR)
    _format(path, {_cell("target", 0): (0.75, "0%")})
    laporan = check_file(path)
    assert not laporan.galat, laporan.masalah


def test_collect_merges_the_percentage_a_unit_typed_as_the_figure_it_saw(tmp_path):
    """The format does not travel into the master: a unit's "75%" goes into the master's
    cell, which shows no percentage, as 75 (as 0.75 it would read 0.75 there)."""
    from lkjip_xl.workbook.exchange.collect import collect
    from lkjip_xl.workbook.exchange.distribute import distribute

    master = filled_kinerja(tmp_path / "induk.xlsx", INDIKATOR)
    typed = filled_kinerja(tmp_path / "ketik.xlsx", INDIKATOR)
    for path in (master, typed):
        _format(path, {_cell("target", 0): (None, "General")})
        recompute_file(path)
    sent = distribute(master, tmp_path / "kirim")
    unit = next(w.path for w in sent.workbooks if w.unit == INDIKATOR[0]["Sasaran"])
    _format(unit, {_cell("target", 0): (0.75, "0%")})
    recompute_file(unit)
    assert _results(unit)[0] == [95.45, "AA"]
    (item,) = [k for k in collect(master, [unit]).kiriman]
    assert item.status.value == "Diterima" and item.changed == 1, item.masalah
    target = openpyxl.load_workbook(master)[IND.sheet][_cell("target", 0)]
    assert target.value == 75 and "%" not in target.number_format
    _format(typed, {_cell("target", 0): (75, "General")})
    recompute_file(typed)
    assert _results(master) == _results(typed)


def _collected(tmp_path, master_target: tuple[object, str], unit_target: tuple[object, str]):
    """The master's first target cell after collecting a unit that typed ``unit_target`` into
    it, and the figures of the master recomputed again from what the cell then holds."""
    from lkjip_xl.workbook.exchange.collect import collect
    from lkjip_xl.workbook.exchange.distribute import distribute

    master = filled_kinerja(tmp_path / "induk.xlsx", INDIKATOR)
    _format(master, {_cell("target", 0): master_target})
    recompute_file(master)
    sent = distribute(master, tmp_path / "kirim")
    unit = next(w.path for w in sent.workbooks if w.unit == INDIKATOR[0]["Sasaran"])
    _format(unit, {_cell("target", 0): unit_target})
    recompute_file(unit)
    (item,) = collect(master, [unit]).kiriman
    assert item.status.value == "Diterima" and item.changed == 1, item.masalah
    collected = _results(master)
    recompute_file(master)
    assert _results(master) == collected  # what collect computed is what the cell holds
    return openpyxl.load_workbook(master)[IND.sheet][_cell("target", 0)], collected


@pytest.fixture(params=["whole", "patch"])
def write_path(request, monkeypatch):
    """Collect's two writes of the master: its changed columns whole, or its changed cells
    patched (as when the sheet holds a formula)."""
    if request.param == "patch":
        from lkjip_xl.workbook.exchange import master_write

        monkeypatch.setattr(master_write, "_whole", lambda *args: None)
    return request.param


def test_collect_writes_a_plain_figure_into_a_master_cell_shown_as_a_percentage(
    tmp_path, write_path
):
    """The master's cell shows 75% (0.75); the unit's cell lost the format (pasted from
    elsewhere) and holds 80: the master's cell must show 80%, not 8000%."""
    cell, figures = _collected(tmp_path, (0.75, "0%"), (80, "General"))
    assert cell.value == 0.8 and cell.number_format == "0%"
    assert figures[0] == [89.49, "A"]  # 71.59 / 80


def test_collect_writes_a_percentage_into_a_blank_master_cell_shown_as_a_percentage(
    tmp_path, write_path
):
    """The master's blank target cells are formatted as percentages (the unit's cell too, so
    that typing 75 there stores 0.75): the master's cell must show 75%, not 7500%."""
    cell, figures = _collected(tmp_path, (None, "0%"), (0.75, "0%"))
    assert cell.value == 0.75 and cell.number_format == "0%"
    assert figures[0] == [95.45, "AA"]


def test_collect_takes_a_number_the_unit_formatted_as_a_percentage(tmp_path, write_path):
    """The master holds 0.75 shown plainly (read 0.75, capaian 9545); the unit formats that
    cell as a percentage, so it reads 75 and its capaian is 95.45: a change of the figure,
    though not of the number stored, which collect must carry (it took the file as sent)."""
    cell, figures = _collected(tmp_path, (0.75, "General"), (0.75, "0%"))
    assert cell.value == 75 and "%" not in cell.number_format
    assert figures[0] == [95.45, "AA"]


def test_the_report_prints_the_percentage_as_the_figure_it_computed_with(tmp_path):
    """The Laporan sheet and the Word document print the target 75 and the realisasi 6,23
    beside the capaian computed from them (they printed 0,75 and 0,0623 beside 95,45), and
    chart them so."""
    from lkjip_xl.workbook.report.model import narrated

    typed = filled_kinerja(tmp_path / "ketik.xlsx", INDIKATOR)
    shown = filled_kinerja(tmp_path / "persen.xlsx", INDIKATOR)
    _format(shown, {_cell("target", 0): (0.75, "0%"), _cell("realisasi", 1): (0.0623, "0.00%")})
    _format(typed, {_cell("realisasi", 1): (6.23, "General")})
    for path in (typed, shown):
        recompute_file(path)
    assert repr(narrated(shown)) == repr(narrated(typed))
    assert "'0,75'" not in repr(narrated(shown))


def test_a_row_moved_up_into_a_cell_shown_as_a_percentage_keeps_its_figure(tmp_path, write_path):
    """The unit removes IKU-1, whose target cell shows 75%: IKU-2 moves up into that cell, and
    its target 10 must show there as 10%, not 1000% (a capaian of 199,38 at the next hitung)."""
    from lkjip_xl.workbook.exchange.collect import collect
    from lkjip_xl.workbook.exchange.distribute import distribute

    master = filled_kinerja(tmp_path / "induk.xlsx", INDIKATOR)
    _format(master, {_cell("target", 0): (0.75, "0%")})
    recompute_file(master)
    sent = distribute(master, tmp_path / "kirim")
    unit = next(w.path for w in sent.workbooks if w.unit == INDIKATOR[0]["Sasaran"])
    _format(unit, {f"{IND.letter(c.key)}{IND.first_data_row}": (None, "General")
                   for c in IND.input_columns})  # fmt: skip
    recompute_file(unit)
    (item,) = collect(master, [unit]).kiriman
    assert [m.code for m in item.masalah] == ["row-removed"], item.masalah
    collected = _results(master)
    assert collected[0] == [137.7, "AA"]  # IKU-2: 6.23 against 10, lower is better
    recompute_file(master)
    assert _results(master) == collected
    cell = openpyxl.load_workbook(master)[IND.sheet][_cell("target", 0)]
    assert cell.value == 0.1 and cell.number_format == "0%"
