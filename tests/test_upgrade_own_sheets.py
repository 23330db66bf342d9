"""A sheet of the user's own named like a sheet a later template adds (``Laporan``, ``Riwayat``
in 2026.3) is theirs in a workbook of an earlier version: ``perbarui`` keeps it, renamed, with
the references to it, and ``hitung`` of such a workbook never writes the report over it.

The standard: nothing a user typed may be lost or silently changed. The workbooks are the
2026.2 fixtures (``tests/data/fixtures``) with the sheets added as a user adds them, read back
with openpyxl and python-calamine.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.upgrade import upgrade_file
from tests.test_upgrade import copy_of


def add_own_sheets(path: Path, names: tuple[str, ...]) -> None:
    wb = openpyxl.load_workbook(path)
    for name in names:
        ws = wb.create_sheet(name)
        ws["A1"], ws["B2"], ws["C3"] = f"Draf {name} kami", 123.5, "=B2*2"
    wb.save(path)


def cells(path: Path, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_a_sheet_named_like_a_new_template_sheet_is_kept_renamed(tmp_path):
    path = copy_of("kinerja-2026.2", tmp_path)
    add_own_sheets(path, ("Laporan", "Riwayat"))
    wb = openpyxl.load_workbook(path)
    wb["Catatan Staf"]["F1"] = "=Laporan!B2+Riwayat!B2"
    wb.save(path)
    hasil = upgrade_file(path)
    after = openpyxl.load_workbook(path)
    # The template's own sheets are there, empty of the user's text...
    assert after["Laporan"]["A1"].value == template("kinerja").sheet("Laporan").title
    assert "tblRiwayat" in after["Riwayat"].tables
    # ...and the user's sheets beside them, whole (the Laporan one was dropped unseen).
    for name in ("Laporan", "Riwayat"):
        own = f"{name} (lama)"
        assert own in hasil.lembar_pengguna
        assert [after[own][c].value for c in ("A1", "B2", "C3")] == [
            f"Draf {name} kami", 123.5, "=B2*2"]  # fmt: skip
        assert cells(path, own)[:2] == [[f"Draf {name} kami", ""], ["", 123.5]]
        assert any(f"Lembar {name} milik Anda" in p and own in p for p in hasil.peringatan)
    # A formula reading them still reads them, not the template's sheets of that name.
    assert after["Catatan Staf"]["F1"].value == "='Laporan (lama)'!B2+'Riwayat (lama)'!B2"
    # The misleading "no longer holds tblRiwayat (made a plain range?)" is not said of it.
    assert not any("tidak lagi memuat" in p for p in hasil.peringatan)


def test_recompute_of_an_older_workbook_leaves_the_users_laporan_sheet_alone(tmp_path):
    # ipasn 2026.2 computes as it is (its tables are complete): its own Laporan sheet was
    # taken for the template's report sheet and written over (refused in the file, for a
    # style the old workbook lacks: "Gaya sel 'Laporan Judul' tidak ada di buku kerja").
    path = copy_of("ipasn-2026.2", tmp_path)
    add_own_sheets(path, ("Laporan",))
    laporan = recompute_file(path)
    assert not laporan.galat
    assert "template-version" in {m.code.value for m in laporan.masalah}
    assert cells(path, "Laporan")[:2] == [["Draf Laporan kami", ""], ["", 123.5]]
    assert openpyxl.load_workbook(path)["Laporan"]["C3"].value == "=B2*2"
