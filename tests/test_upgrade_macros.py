"""``lkjip-xl perbarui`` of a macro-enabled workbook keeps the macros the user wrote in it.

The VBA project is rebuilt with the template's modules; a module of the user's own was
dropped unseen. The workbook is the current macro template stamped 2026.2 (as in
tests/test_upgrade.py), given a module and ThisWorkbook code with pyOpenVBA, and read back with
pyOpenVBA and oletools' olevba (an independent reader of VBA projects).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from oletools.olevba import VBA_Parser
from pyopenvba import ExcelFile, VBAModuleKind

from lkjip_xl.workbook.upgrade import upgrade_file
from lkjip_xl.workbook.xlsm import RELEASED_MODULES, code_sha256, macro_modules

TEMPLATES = Path(__file__).parents[1] / "workbook_templates"
# LKjIP.bas as earlier commits had it (git show COMMIT:lkjip_xl/macros/LKjIP.bas).
OLD_MODULES = sorted((Path(__file__).parent / "data" / "macros").glob("LKjIP-*.bas"))
OWN = (
    'Attribute VB_Name = "ModulSaya"\r\nSub Halo()\r\n    MsgBox "Halo, Bidang Program"\r\n'
    "End Sub\r\n"
)
EVENT = 'Private Sub Workbook_Open()\r\n    MsgBox "Selamat datang"\r\nEnd Sub\r\n'


def old_macro_workbook(folder: Path) -> Path:
    path = folder / "Kinerja Bidang.xlsm"
    shutil.copyfile(TEMPLATES / "kinerja.xlsm", path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    wb["Identitas"]["B8"] = "2026.2"
    wb.save(path)
    edited = folder / "diedit.xlsm"
    with ExcelFile(path) as book:
        project = book.vba_project()
        project.add_module("ModulSaya", OWN, kind=VBAModuleKind.standard)
        book.set_module("ThisWorkbook", book.get_module("ThisWorkbook") + EVENT)
        book.save(edited)
    edited.replace(path)
    return path


def olevba_modules(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_the_users_own_module_is_carried_and_event_code_named(tmp_path):
    path = old_macro_workbook(tmp_path)
    hasil = upgrade_file(path)
    with ExcelFile(path) as book:
        names = book.module_names()
        assert "ModulSaya" in names and "LKjIP" in names and "xlwings" in names
        assert book.get_module("ModulSaya").replace("\r\n", "\n") == OWN.replace("\r\n", "\n")
    code = olevba_modules(path)
    assert 'MsgBox "Halo, Bidang Program"' in code["ModulSaya.bas"]
    # ThisWorkbook's code is tied to the old project: named, with where it is kept.
    (said,) = [p for p in hasil.peringatan if "Makro" in p]
    assert "ThisWorkbook" in said and hasil.cadangan is not None
    assert hasil.cadangan.name in said
    assert "Workbook_Open" in olevba_modules(hasil.cadangan)["ThisWorkbook.cls"]


def test_an_edit_to_a_template_module_is_said_with_the_backup_that_keeps_it(tmp_path):
    path = old_macro_workbook(tmp_path)
    edit = "' Catatan Bidang Program: tombol ini juga menyimpan\r\n"
    edited = tmp_path / "lkjip-diedit.xlsm"
    with ExcelFile(path) as book:
        book.set_module("LKjIP", book.get_module("LKjIP") + edit)
        book.save(edited)
    edited.replace(path)
    hasil = upgrade_file(path)
    (said,) = [p for p in hasil.peringatan if "Modul makro templat" in p]
    assert "LKjIP" in said and "xlwings" not in said
    assert hasil.cadangan is not None and hasil.cadangan.name in said
    # The new project holds the current module; the backup the edited one.
    assert "Catatan Bidang Program" not in olevba_modules(path)["LKjIP.bas"]
    assert "Catatan Bidang Program" in olevba_modules(hasil.cadangan)["LKjIP.bas"]


def test_unedited_template_modules_are_not_said(tmp_path):
    hasil = upgrade_file(old_macro_workbook(tmp_path))
    assert not [p for p in hasil.peringatan if "Modul makro templat" in p]


def with_module(path: Path, code: str) -> Path:
    """``path`` with its LKjIP module's code replaced by ``code``."""
    changed = path.with_name("modul-lama.xlsm")
    with ExcelFile(path) as book:
        book.set_module("LKjIP", code)
        book.save(changed)
    changed.replace(path)
    return path


def old_code(file: Path) -> str:
    return file.read_bytes().decode("cp1252").replace("\r\n", "\n").replace("\n", "\r\n")


def test_a_module_of_an_older_release_is_replaced_without_a_warning(tmp_path):
    assert len(OLD_MODULES) == 2
    for file in OLD_MODULES:
        folder = tmp_path / file.stem
        folder.mkdir()
        path = with_module(old_macro_workbook(folder), old_code(file))
        with ExcelFile(path) as book:  # the workbook really carries the old code
            assert "Jalankan" not in book.get_module("LKjIP")
        hasil = upgrade_file(path)
        assert not [p for p in hasil.peringatan if "Modul makro templat" in p], file.name
        assert "Private Sub Jalankan" in olevba_modules(path)["LKjIP.bas"]


def test_an_edited_module_of_an_older_release_is_said(tmp_path):
    edit = "' Catatan Bidang Program\r\n"
    path = with_module(old_macro_workbook(tmp_path), old_code(OLD_MODULES[0]) + edit)
    hasil = upgrade_file(path)
    (said,) = [p for p in hasil.peringatan if "Modul makro templat" in p]
    assert "LKjIP" in said


def test_every_committed_module_version_is_declared_released():
    # Changing LKjIP.bas without adding its hash would warn every user who upgrades.
    (current,) = [m for m in macro_modules() if m.name == "LKjIP"]
    hashes = {code_sha256(old_code(file)) for file in OLD_MODULES} | {code_sha256(current.source)}
    assert {"lkjip": frozenset(hashes)} == RELEASED_MODULES
