"""``check`` finds computed cells that are not what the rules give from the inputs (a figure
typed over a result after unprotecting the sheet), and leaves the engine's own files clean."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.demo import DEMOS, build_demo
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.problems import Kode
from lkjip_xl.workbook.result_check import same_value

FIXTURES = Path(__file__).parent / "data" / "fixtures"


@pytest.fixture(scope="module")
def demos(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("demos")
    return {name: build_demo(name, folder)[0] for name in DEMOS}


def fresh(demos: dict[str, Path], name: str, tmp_path: Path) -> Path:
    return Path(shutil.copy(demos[name], tmp_path / demos[name].name))


def type_over(
    path: Path, cells: dict[tuple[str, str, int], Any]
) -> dict[tuple[str, str, int], str]:
    """Write ``cells`` ((table, header, 0-based row) -> value) over the results as a cell of
    its own, nothing else changed; their A1 places."""
    book = FileBook(path)
    places = {}
    for (name, header, row), value in cells.items():
        table = book.read_table(name)
        column = table.values(header)
        column[row] = value
        book.write_column(table, header, column)
        places[(name, header, row)] = f"{table.sheet}!{table.address(row, header)}"
    book.commit()
    return places


def edited(path: Path) -> list:
    return [m for m in check_file(path).masalah if m.code is Kode.RESULT_EDITED]


def test_demos_as_computed_are_clean(demos):
    for path in demos.values():
        codes = [m.code for m in check_file(path).masalah]
        assert Kode.RESULT_EDITED not in codes, path.name
        assert Kode.STALE_RESULTS not in codes, path.name


def test_a_figure_typed_over_in_the_roster_is_found_at_its_cell(demos, tmp_path):
    path = fresh(demos, "ipasn-000", tmp_path)
    book = FileBook(path)
    nilai = book.read_table("tblPegawai").values("Nilai IP ASN")[2]
    rekap = book.read_table("tblRekap").values("Nilai IP ASN")[0]
    assert isinstance(nilai, float) and nilai != 99
    places = type_over(path, {
        ("tblPegawai", "Nilai IP ASN", 2): 99,
        ("tblPegawai", "Kategori", 4): "Sangat Tinggi" if nilai < 50 else "Sangat Rendah",
        ("tblRekap", "Nilai IP ASN", 0): rekap + 0.01,
    })  # fmt: skip
    found = edited(path)
    assert len(found) == 1
    first = found[0]
    assert first.tingkat.value == "peringatan"
    assert f"{first.sheet}!{first.cell}" == places[("tblPegawai", "Nilai IP ASN", 2)]
    assert first.message.startswith("3 sel hasil tidak sama dengan hitungan aturan")
    shown = f"{nilai:.15g}".replace(".", ",")
    assert f"berisi 99, menurut aturan {shown})" in first.message
    assert "Hitung Ulang akan menulis kembali" in first.message

    recompute_file(path)  # Hitung Ulang puts the rules' figures back
    assert edited(path) == []
    assert FileBook(path).read_table("tblPegawai").values("Nilai IP ASN")[2] == nilai


def test_a_rekap_cell_alone_is_found(demos, tmp_path):
    path = fresh(demos, "ipasn-000", tmp_path)
    kategori = FileBook(path).read_table("tblRekap").values("Kategori")[1]
    places = type_over(path, {("tblRekap", "Kategori", 1): f"{kategori} "})
    (found,) = edited(path)
    assert f"{found.sheet}!{found.cell}" == places[("tblRekap", "Kategori", 1)]
    assert found.message.startswith("1 sel hasil")
    assert f"berisi '{kategori} '" in found.message


def test_capaian_and_predikat_typed_over_in_kinerja_are_found(demos, tmp_path):
    path = fresh(demos, "kinerja-000", tmp_path)
    table = FileBook(path).read_table("tblIndikator")
    capaian = table.values("Capaian")
    row = next(i for i, v in enumerate(capaian) if isinstance(v, float))
    places = type_over(path, {
        ("tblIndikator", "Capaian", row): capaian[row] + 1,
        ("tblIndikator", "Predikat", row + 1): "Sangat Kurang",
    })  # fmt: skip
    predikat = table.values("Predikat")[row + 1]
    (found,) = edited(path)
    count = 1 if predikat == "Sangat Kurang" else 2
    assert found.message.startswith(f"{count} sel hasil")
    assert f"{found.sheet}!{found.cell}" == places[("tblIndikator", "Capaian", row)]


def test_a_computed_name_typed_over_is_found(demos, tmp_path):
    path = fresh(demos, "kinerja-001", tmp_path)
    book = FileBook(path)
    rata = book.read_name("Rata_Capaian")
    sheet, cell = book.name_address("Rata_Capaian") or ("", "")
    assert isinstance(rata, float)
    book.write_name("Rata_Capaian", 100.0 if rata != 100 else 99.0)
    book.commit()
    (found,) = edited(path)
    assert (found.sheet, found.cell) == (sheet, cell.replace("$", ""))


def test_changed_inputs_say_stale_results_only(demos, tmp_path):
    path = fresh(demos, "ipasn-000", tmp_path)
    nilai_skp = FileBook(path).read_table("tblPegawai").values("Nilai SKP")[0]
    type_over(path, {("tblPegawai", "Nilai SKP", 0): nilai_skp - 10,
                     ("tblPegawai", "Nilai IP ASN", 1): 1})  # fmt: skip
    codes = [m.code for m in check_file(path).masalah]
    assert Kode.STALE_RESULTS in codes
    assert Kode.RESULT_EDITED not in codes


def test_recomputed_fixture_of_an_older_template_is_not_compared():
    # Computed under template 2026.2, whose Rekap total row read "SELURUH": told to upgrade,
    # not that its results were typed over.
    codes = [m.code for m in check_file(FIXTURES / "ipasn-2026.2.xlsx").masalah]
    assert codes == [Kode.TEMPLATE_VERSION]


def test_periksa_cli_tells_the_cell_and_exits_clean_of_errors(demos, tmp_path):
    path = fresh(demos, "ipasn-000", tmp_path)
    places = type_over(path, {("tblPegawai", "Nilai IP ASN", 0): 99})
    run = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", "periksa", "--json", str(path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    masalah = data["masalah"] if isinstance(data, dict) else data[0]["masalah"]
    found = [m for m in masalah if m["code"] == "result-edited"]
    assert [f"{m['sheet']}!{m['cell']}" for m in found] == [
        places[("tblPegawai", "Nilai IP ASN", 0)]
    ]


@pytest.mark.parametrize(
    ("written", "read", "same"),
    [
        (85, 85.0, True),  # the writer stores an int, the reader gives a float
        (None, "", True),
        ("", None, True),
        (0.1 + 0.2, float(f"{0.1 + 0.2:.15g}"), True),  # 15 digits, as LibreOffice saves
        (53.48, 53.49, False),
        (17.0, 99, False),
        (0.0, None, False),  # a blank is not 0
        (True, 1.0, False),
        ("Tinggi", "Tinggi ", False),
        ("a\nb", "a\r\nb", True),
        (17.0, "17", False),  # a number typed as text is not the figure
    ],
)
def test_same_value(written, read, same):
    assert same_value(written, read) is same


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["ipasn-000", "kinerja-000"])
def test_saved_by_libreoffice_stays_clean_and_a_typed_figure_is_found(
    demos, tmp_path, libreoffice, name
):
    """LibreOffice writes its own text of each float and its own strings: still the figures."""
    source = demos[name]
    saved = libreoffice.edit(source, tmp_path / "disimpan.xlsx", [])
    codes = [m.code for m in check_file(saved).masalah]
    assert Kode.RESULT_EDITED not in codes
    assert Kode.STALE_RESULTS not in codes

    table = FileBook(source).read_table(
        "tblPegawai" if name.startswith("ipasn") else "tblIndikator"
    )
    header = "Nilai IP ASN" if name.startswith("ipasn") else "Capaian"
    cell = table.address(0, header)
    typed = libreoffice.edit(source, tmp_path / "diketik.xlsx", [
        {"op": "set", "sheet": table.sheet, "cell": cell, "value": 12.5},
    ])  # fmt: skip
    (found,) = edited(typed)
    assert (found.sheet, found.cell) == (table.sheet, cell)
    assert found.message.startswith("1 sel hasil") and "berisi 12,5" in found.message


def test_collect_tells_a_units_typed_over_result_and_takes_the_file(tmp_path):
    from lkjip_xl.workbook.exchange.codes import StatusKiriman
    from lkjip_xl.workbook.exchange.collect import collect
    from lkjip_xl.workbook.exchange.distribute import distribute
    from tests.test_distribute_collect import edit_unit, ipasn_master, nip, unit_file

    master = ipasn_master(tmp_path / "induk.xlsx")
    sent = distribute(master, tmp_path / "kirim")
    unit = edit_unit(unit_file(sent, 0), set_={nip(0, 1): {"Nilai SKP": 95.5}})
    recompute_file(unit)
    assert edited(unit) == []
    places = type_over(unit, {("tblPegawai", "Nilai IP ASN", 2): 99})
    result = collect(master, [unit])
    (item,) = result.kiriman
    assert item.status is StatusKiriman.DITERIMA and item.changed == 1
    assert [m.code for m in item.masalah] == [Kode.RESULT_EDITED]
    (told,) = item.masalah
    assert f"{told.sheet}!{told.cell}" == places[("tblPegawai", "Nilai IP ASN", 2)]
    assert told.message.startswith("1 sel hasil")


def test_a_recompute_by_another_engine_version_is_named_as_a_possible_cause(demos, tmp_path):
    path = fresh(demos, "ipasn-000", tmp_path)
    log = FileBook(path).read_table("tblLog")
    versi = log.values("Versi Mesin")
    type_over(path, {("tblLog", "Versi Mesin", len(versi) - 1): "0.0.9",
                     ("tblPegawai", "Nilai IP ASN", 0): 99})  # fmt: skip
    (found,) = edited(path)
    assert found.message.startswith("1 sel hasil tidak sama dengan hitungan mesin ini")
    assert "Hitung Ulang terakhir dibuat dengan versi mesin 0.0.9, aturan ipasn=" in found.message
    assert f"bukan versi mesin {versi[-1]}, aturan ipasn=" in found.message
