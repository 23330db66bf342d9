"""The xlwings a workbook's macros were made for, against the installed one (olevba reads both).

The VBA of xlwings' standalone module calls the DLL of its own version, so a workbook whose VBA
names another version than the installed xlwings gets a warning from ``check`` / ``recompute``.
olevba (oletools), not our reader, says which version the VBA carries.
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import warnings
from pathlib import Path

from pyopenvba import ExcelFile

from lkjip_xl.workbook.api import check_file
from lkjip_xl.workbook.problems import Kode, Tingkat
from lkjip_xl.workbook.xlsm import build_xlsm
from tests.conftest import missing_counterpart

ROOT = Path(__file__).resolve().parent.parent
VERSION_LINE = re.compile(r'^Public Const XLWINGS_VERSION As String = "([^"]+)"', re.M)
OTHER = "0.30.0"


def _olevba_version(path: Path) -> str:
    try:
        with warnings.catch_warnings():  # olevba's pyparsing calls are deprecated, not wrong
            warnings.simplefilter("ignore", DeprecationWarning)
            from oletools.olevba import VBA_Parser
    except ImportError as exc:
        missing_counterpart("oletools (olevba)", str(exc))
    parser = VBA_Parser(str(path))
    try:
        found = [
            m.group(1)
            for _, stream, _, code in parser.extract_macros()
            if stream.rsplit("/", 1)[-1].lower() == "xlwings"
            for m in [VERSION_LINE.search(code)]
            if m
        ]
    finally:
        parser.close()
    assert len(found) == 1, found
    return found[0]


def _version_problems(path: Path) -> list:
    return [m for m in check_file(path).masalah if m.code is Kode.XLWINGS_VERSION]


def test_pinned_xlwings_is_the_templates_vba() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (pin,) = set(re.findall(r'"xlwings==([^"]+)"', pyproject))  # dependencies and extras
    for name in ("kinerja.xlsm", "ipasn.xlsm"):
        assert _olevba_version(ROOT / "workbook_templates" / name) == pin


def test_same_version_no_warning(tmp_path: Path) -> None:
    path = build_xlsm("kinerja", tmp_path / "k.xlsm")
    assert _olevba_version(path) == importlib.metadata.version("xlwings")
    assert _version_problems(path) == []


def test_other_version_warns(tmp_path: Path) -> None:
    path = build_xlsm("kinerja", tmp_path / "k.xlsm")
    old = tmp_path / "lama.xlsm"
    shutil.copy(path, old)
    with ExcelFile(old) as book:
        source = book.get_module("xlwings")
        book.set_module("xlwings", VERSION_LINE.sub(
            f'Public Const XLWINGS_VERSION As String = "{OTHER}"', source
        ))  # fmt: skip
        book.save()
    assert _olevba_version(old) == OTHER
    (problem,) = _version_problems(old)
    assert problem.code.value == "xlwings-version"
    assert problem.tingkat is Tingkat.PERINGATAN
    assert OTHER in problem.message
    assert importlib.metadata.version("xlwings") in problem.message


def test_olevba_keywords_come_from_xlwings_own_vba() -> None:
    """What IT reads in the README: every keyword olevba calls suspicious is in xlwings' module
    (or its Dictionary class); our LKjIP module has none; the document modules only carry the
    class id olevba reads as a hex string."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            from oletools.olevba import VBA_Parser, VBA_Scanner
    except ImportError as exc:
        missing_counterpart("oletools (olevba)", str(exc))
    parser = VBA_Parser(str(ROOT / "workbook_templates" / "kinerja.xlsm"))
    try:
        whole = {kw for kind, kw, _ in parser.analyze_macros() if kind == "Suspicious"}
        per_module = {
            stream.rsplit("/", 1)[-1]: {
                kw for kind, kw, _ in VBA_Scanner(code).scan() if kind == "Suspicious"
            }
            for _, stream, _, code in parser.extract_macros()
        }
    finally:
        parser.close()
    assert per_module.pop("LKjIP") == set()
    xlwings_own = per_module.pop("xlwings") | per_module.pop("Dictionary")
    assert len(whole) == 29 and whole <= xlwings_own | {"Hex Strings"}
    assert all(found <= {"Hex Strings"} for found in per_module.values()), per_module


def _vba_procedure(code: str, kind: str, name: str) -> str:
    found = re.search(rf"^(?:Public |Private )?{kind} {name}\(.*?^End {kind}", code, re.M | re.S)
    assert found, name
    return found.group(0)


def test_the_version_warning_names_what_the_version_breaks() -> None:
    """Read from xlwings' own VBA: with the templates' ``Use UDF Server`` FALSE, RunPython on
    Windows starts ``python`` through cmd.exe and never loads the versioned DLL, which the
    worksheet functions do; on macOS RunPython calls the AppleScript of its own version. The
    warning said the buttons may fail, which on Windows they do not."""
    import xlwings

    from lkjip_xl.workbook.xlsm import XLWINGS_CONF

    code = (Path(xlwings.__file__).parent / "xlwings.bas").read_text(encoding="utf-8")
    assert dict(XLWINGS_CONF)["Use UDF Server"] is False
    windows = _vba_procedure(code, "Function", "ExecuteWindows")
    statements = [line.split(" '")[0] for line in windows.splitlines()]
    statements = [line for line in statements if not line.lstrip().startswith("'")]
    assert not any(re.search(r"\bXLPy(DLL\w*)?\b", line) for line in statements)
    assert 'WScript.Run("cmd.exe /C "' in windows
    assert "XLPyDLLActivateAuto" in _vba_procedure(code, "Function", "XLPy")
    version = importlib.metadata.version("xlwings")
    assert f'Lib "xlwings64-{version}.dll"' in code
    mac = _vba_procedure(code, "Sub", "ExecuteMac")
    assert 'AppleScriptTask("xlwings-" & XLWINGS_VERSION & ".applescript"' in mac
    message = Kode.XLWINGS_VERSION.pesan
    assert "fungsi lembar kerja (LKJ_CAPAIAN dan lainnya) di Windows" in message
    assert "tombol Hitung Ulang / Periksa di macOS" in message
