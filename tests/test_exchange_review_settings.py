"""Review of the refusal of a master whose Pengaturan stops its computation: what does not stop
it (a blank optional setting, a warning, an older template version whose layout is complete)
is distributed, and its units compute."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.workbook.demo import build_demo
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.recompute import analyse
from lkjip_xl.workbook.safe_write import backups
from tests.test_distribute_collect import ipasn_master

CASES = {
    "ipasn": [("Desimal", None), ("Pembulatan", None), ("Data_Kosong", None)],
    "kinerja": [("Desimal", None), ("Batas_Atas_Capaian", None), ("Metode_Negatif", None)],
}


def _master(kind: str, tmp_path: Path) -> Path:
    if kind == "ipasn":
        return ipasn_master(tmp_path / "induk.xlsx")
    return build_demo("kinerja-001", tmp_path)[0]


def _set_name(path: Path, name: str, value: object) -> None:
    wb = openpyxl.load_workbook(path)
    for sheet, ref in wb.defined_names[name].destinations:
        wb[sheet][ref.replace("$", "")].value = value
    wb.save(path)


@pytest.mark.parametrize("kind", ["ipasn", "kinerja"])
@pytest.mark.parametrize("case", ["blank-settings", "older-version"])
def test_a_master_that_computes_is_distributed(tmp_path, kind, case):
    master = _master(kind, tmp_path)
    if case == "blank-settings":  # blank: the template's default, never an error
        for name, value in CASES[kind]:
            _set_name(master, name, value)
    else:  # an earlier template whose layout is complete: a warning only
        _set_name(master, "Versi_Template", "2020.1")
    for backup in backups(master):
        backup.unlink()
    reference = analyse(FileBook(master))
    assert reference.tulis and not reference.laporan.galat
    if case == "older-version":
        assert "template-version" in {m.code.value for m in reference.laporan.peringatan}
    sent = distribute(master, tmp_path / "kirim")
    assert sent.workbooks
    for made in sent.workbooks:
        unit = analyse(FileBook(made.path))
        assert unit.tulis and not unit.laporan.galat, made.path.name
