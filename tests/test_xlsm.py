"""The macro-enabled templates (.xlsm), read back by real counterparts (DESIGN.md §6).

olevba (oletools) reads the VBA project and proves that every ``RunPython`` string imports a
module and calls a function that exists, and that every button runs a ``Sub`` of the project;
LibreOffice opens the workbooks and lists the buttons; a recompute keeps the VBA, the drawings
and the ``xlwings.conf`` sheet byte for byte; ``lkjip-xl new ... --xlsm`` makes one.
"""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import inspect
import posixpath
import re
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from defusedxml import ElementTree as SafeET
from python_calamine import CalamineWorkbook

import lkjip_xl as lx
from lkjip_xl.workbook.api import check_file, recompute_file
from lkjip_xl.workbook.builder import build_template, make_workbook, new_workbook
from lkjip_xl.workbook.contract import TEMPLATES, SheetKind, template
from lkjip_xl.workbook.patcher import patch_workbook
from lkjip_xl.workbook.xlsm import (
    ACTIONS,
    CONF_SHEET,
    MACRO_CONTENT_TYPE,
    VBA_PART,
    XLWINGS_CONF,
    XlsmError,
    build_all_xlsm,
    build_xlsm,
    button_sheets,
    macro_enabled,
    macro_modules,
    xlsm_bytes,
    xlsm_file_name,
    xlwings_vba_version,
)
from tests.conftest import missing_counterpart
from tests.workbooks import ANGGARAN, INDIKATOR, TRIWULAN

NAMES = sorted(TEMPLATES)
COMMITTED = Path(__file__).resolve().parents[1] / "workbook_templates"
LABELS = {action.label for action in ACTIONS}

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_X = "urn:schemas-microsoft-com:office:excel"
NS_V = "urn:schemas-microsoft-com:vml"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
REL_VML = NS_R + "/vmlDrawing"


# --- counterparts and helpers ------------------------------------------------------------------


@pytest.fixture(scope="module")
def vba_parser():
    try:
        with warnings.catch_warnings():  # olevba's pyparsing calls are deprecated, not wrong
            warnings.simplefilter("ignore", DeprecationWarning)
            from oletools.olevba import VBA_Parser
    except ImportError as exc:
        problem = f"{exc} (pip install -e '.[test]')"
    else:
        return VBA_Parser
    missing_counterpart("oletools (olevba)", problem)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("xlsm")
    return {path.stem: path for path in build_all_xlsm(folder)}


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def modules_of(vba_parser, path: Path) -> dict[str, tuple[str, str]]:
    """Module name -> (olevba's file name, e.g. ``LKjIP.bas``; source), as olevba reads them."""
    parser = vba_parser(str(path))
    try:
        assert parser.detect_vba_macros(), f"olevba finds no VBA in {path.name}"
        return {
            stream.rsplit("/", 1)[-1]: (file_name, code)
            for _, stream, file_name, code in parser.extract_macros()
        }
    finally:
        parser.close()


def code_lines(code: str) -> list[str]:
    """The lines of VBA that are not comments."""
    return [line for line in code.splitlines() if not line.lstrip().startswith(("'", "Rem "))]


def subs_of(code: str) -> set[str]:
    pattern = re.compile(r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(", re.I)
    return {m.group(1) for line in code_lines(code) if (m := pattern.match(line))}


def rels(files: dict[str, bytes], part: str) -> list[tuple[str, str]]:
    """(type, target part) of the relationships of ``part``."""
    folder, name = posixpath.split(part)
    data = files.get(posixpath.join(folder, "_rels", f"{name}.rels"))
    if data is None:
        return []
    found = []
    for rel in SafeET.fromstring(data).iter(f"{{{NS_PKG}}}Relationship"):
        target = rel.get("Target")
        target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        found.append((rel.get("Type"), posixpath.normpath(target)))
    return found


def sheet_parts(files: dict[str, bytes]) -> dict[str, str]:
    targets = dict(
        (rid, target)
        for rid, target in (
            (rel.get("Id"), rel.get("Target"))
            for rel in SafeET.fromstring(files["xl/_rels/workbook.xml.rels"]).iter(
                f"{{{NS_PKG}}}Relationship"
            )
        )
    )
    found = {}
    for sheet in SafeET.fromstring(files["xl/workbook.xml"]).iter(f"{{{NS_MAIN}}}sheet"):
        target = targets[sheet.get(f"{{{NS_R}}}id")]
        found[sheet.get("name")] = posixpath.normpath(
            target[1:] if target.startswith("/") else posixpath.join("xl", target)
        )
    return found


def buttons_by_sheet(files: dict[str, bytes]) -> dict[str, list[tuple[str, str]]]:
    """Sheet name -> [(label, FmlaMacro)] of the form buttons in its legacy drawing."""
    found: dict[str, list[tuple[str, str]]] = {}
    for sheet, part in sheet_parts(files).items():
        for kind, target in rels(files, part):
            if kind != REL_VML:
                continue
            for shape in SafeET.fromstring(files[target]).iter(f"{{{NS_V}}}shape"):
                data = shape.find(f"{{{NS_X}}}ClientData")
                if data is None or data.get("ObjectType") != "Button":
                    continue
                textbox = shape.find(f"{{{NS_V}}}textbox")
                label = " ".join("".join(textbox.itertext()).split()) if textbox is not None else ""
                macro = data.findtext(f"{{{NS_X}}}FmlaMacro", "")
                found.setdefault(sheet, []).append((label, macro))
    return found


def conf_block(path: Path) -> dict[str, object]:
    """The xlwings.conf sheet as xlwings reads it: A1 down to the first empty cell."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(CONF_SHEET).to_python()
    block = {}
    for row in rows:
        if not row or row[0] in ("", None):
            break
        block[str(row[0])] = row[1] if len(row) > 1 else None
    return block


def runpython_calls(modules: dict[str, tuple[str, str]]) -> list[str]:
    """Every Python command RunPython is given: a string written in the call, or, for a Sub
    that passes one of its parameters on (``RunPython(kode)``), the string each call of that
    Sub gives in that parameter's place."""
    pattern = re.compile(r'\bRunPython\s*\(?\s*"((?:[^"]|"")*)"', re.I)
    commands = [
        m.group(1).replace('""', '"')
        for _, code in modules.values()
        for line in code_lines(code)
        for m in pattern.finditer(line)
    ]
    for _, code in modules.values():
        for sub, body in sub_bodies(code).items():
            passed = re.search(r"\bRunPython\s*\(\s*(\w+)\s*\)", body, re.I)
            if passed is None:
                continue
            place = sub_params(code)[sub].index(passed.group(1))  # ValueError: not a parameter
            calls = sub_calls(code, sub)
            assert calls, f"{sub} passes its parameter to RunPython and nothing calls it"
            commands += [args[place] for args in calls]
    return commands


def sub_params(code: str) -> dict[str, list[str]]:
    """Sub name -> its parameters' names, in order."""
    found = re.finditer(
        r"^\s*(?:(?:Public|Private)\s+)?Sub\s+(\w+)\s*\(([^)]*)\)", code, re.M | re.I
    )
    return {  # "ByVal tombol As String" -> "tombol"
        m.group(1): [
            re.sub(r"\s+As\s+\w+\s*$", "", p).split()[-1]
            for p in m.group(2).split(",")
            if p.strip()
        ]
        for m in found
    }


def sub_calls(code: str, sub: str) -> list[list[str]]:
    """The string arguments of every call of ``sub`` (``Sub "a", "b"`` or ``Call Sub("a", "b")``),
    each call's arguments all strings written in it."""
    calls = []
    for line in code_lines(code.replace("\r\n", "\n")):
        call = re.match(rf"\s*(?:Call\s+)?{sub}\b\s*\(?(.*?)\)?\s*$", line, re.I)
        if call:
            args = vba_strings(call.group(1))
            assert len(args) == len(sub_params(code)[sub]), f"{sub}: not all strings: {line!r}"
            calls.append(args)
    return calls


def resolve_python_command(command: str) -> list[tuple[str, str]]:
    """(module, function) of every call in a RunPython command, checked to exist in Python."""
    tree = ast.parse(command)
    aliases: dict[str, str] = {}
    calls = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            assert isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name), command
            module_name = aliases[func.value.id]  # KeyError: calls a module it did not import
            module = importlib.import_module(module_name)
            function = getattr(module, func.attr, None)
            assert callable(function), f"{module_name}.{func.attr} does not exist: {command!r}"
            # RunPython passes no arguments: the call as written must bind.
            inspect.signature(function).bind(*[None] * len(node.value.args))
            calls.append((module_name, func.attr))
        else:
            pytest.fail(f"unexpected statement in RunPython command {command!r}")
    assert calls, f"RunPython command calls nothing: {command!r}"
    return calls


def cells_for(table, rows: list[dict]) -> dict[str, object]:
    return {
        f"{table.letter(column.key)}{table.first_data_row + i}": row[column.name]
        for i, row in enumerate(rows)
        for column in table.input_columns
        if column.name in row
    }


# --- the package --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_package_is_macro_enabled(built, name):
    files = members(built[name])
    types = SafeET.fromstring(files["[Content_Types].xml"])
    overrides = {
        o.get("PartName"): o.get("ContentType") for o in types.iter(f"{{{NS_CT}}}Override")
    }
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{{{NS_CT}}}Default")}
    assert overrides["/xl/workbook.xml"] == MACRO_CONTENT_TYPE
    vba_type = overrides.get(f"/{VBA_PART}", defaults.get("bin"))
    assert vba_type == "application/vnd.ms-office.vbaProject"
    assert VBA_PART in files
    assert (REL_VBA, VBA_PART) in rels(files, "xl/workbook.xml")
    assert built[name].name == xlsm_file_name(TEMPLATES[name])


@pytest.mark.parametrize("name", NAMES)
def test_pyopenvba_finds_the_project_sound(built, name):
    from pyopenvba import ExcelFile

    with ExcelFile(built[name]) as book:
        assert book.validate() == []
        names = book.module_names()
    assert {"ThisWorkbook", "xlwings", "Dictionary", "LKjIP"} <= set(names)


@pytest.mark.parametrize("name", NAMES)
def test_olevba_reads_xlwings_and_our_modules(built, name, vba_parser):
    modules = modules_of(vba_parser, built[name])
    spec = TEMPLATES[name]
    assert modules["xlwings"][0] == "xlwings.bas"
    assert "Public Function RunPython(" in modules["xlwings"][1]
    assert modules["Dictionary"][0] == "Dictionary.cls"
    # The xlwings VBA is the installed xlwings', whose Python part it calls (same version).
    installed = importlib.metadata.version("xlwings")
    assert f'XLWINGS_VERSION As String = "{installed}"' in modules["xlwings"][1]
    for ours in macro_modules():
        file_name, code = modules[ours.name]
        assert file_name == f"{ours.name}.bas"
        assert code.replace("\r\n", "\n").strip() == ours.source.replace("\r\n", "\n").strip()
    # A document module for the workbook and for every sheet, bound by code name.
    files = members(built[name])
    assert b'codeName="ThisWorkbook"' in files["xl/workbook.xml"]
    for sheet, part in sheet_parts(files).items():
        code_name = re.search(rb'<sheetPr[^>]*codeName="([^"]+)"', files[part]).group(1).decode()
        assert modules[code_name][0] == f"{code_name}.cls", sheet
    assert len(sheet_parts(files)) == len(spec.sheets) + 1  # + xlwings.conf


@pytest.mark.parametrize("name", NAMES)
def test_every_runpython_call_imports_and_calls_what_exists(built, name, vba_parser):
    commands = runpython_calls(modules_of(vba_parser, built[name]))
    calls = {call for command in commands for call in resolve_python_command(command)}
    # The real module written for the buttons: lkjip_xl.excel.buttons.
    assert calls == {
        ("lkjip_xl.excel.buttons", "hitung_ulang"),
        ("lkjip_xl.excel.buttons", "periksa"),
    }


def test_build_refuses_a_button_without_its_sub(monkeypatch):
    import lkjip_xl.workbook.xlsm as xlsm

    ours = xlsm.macro_modules()
    cut = [xlsm.VbaModule(m.name, m.source.replace("Sub Periksa()", "Sub Cek()")) for m in ours]
    monkeypatch.setattr(xlsm, "macro_modules", lambda: cut)
    with pytest.raises(XlsmError, match="Periksa"):
        xlsm_bytes(make_workbook("ipasn"), template("ipasn"))


def test_a_bad_runpython_string_is_caught():
    with pytest.raises(AssertionError, match="does not exist"):
        resolve_python_command("import lkjip_xl.excel.buttons as b; b.hitung_semua()")
    with pytest.raises(ModuleNotFoundError):
        resolve_python_command("import lkjip_xl.tidak_ada as b; b.jalan()")
    with pytest.raises(KeyError):
        resolve_python_command("import lkjip_xl.excel.buttons as b; c.periksa()")


@pytest.mark.parametrize("name", NAMES)
def test_every_button_runs_a_sub_of_the_project(built, name, vba_parser):
    modules = modules_of(vba_parser, built[name])
    standard_subs = {
        sub: module
        for module, (file_name, code) in modules.items()
        if file_name.endswith(".bas")
        for sub in subs_of(code)
    }
    found = buttons_by_sheet(members(built[name]))
    expected_sheets = {sheet.name for sheet in button_sheets(TEMPLATES[name])}
    data_sheets = {s.name for s in TEMPLATES[name].sheets if s.kind is SheetKind.DATA}
    assert expected_sheets == data_sheets and data_sheets
    assert set(found) == expected_sheets
    for sheet, buttons in found.items():
        assert sorted(label for label, _ in buttons) == sorted(LABELS), sheet
        for label, macro in buttons:
            assert macro.startswith("[0]!"), macro  # a macro of this workbook
            sub = macro.removeprefix("[0]!").split(".")[-1]
            assert sub in standard_subs, f"{sheet}: button {label!r} runs missing macro {macro}"
            assert standard_subs[sub] == "LKjIP"
            assert (label, sub) in {(a.label, a.macro) for a in ACTIONS}


def sub_bodies(code: str) -> dict[str, str]:
    """Sub name -> its code lines (comments left out), for every Sub of a module."""
    found = re.finditer(
        r"^\s*(?:(?:Public|Private)\s+)?Sub\s+(\w+)\s*\(.*?$(.*?)^\s*End Sub",
        "\n".join(code_lines(code.replace("\r\n", "\n"))), re.M | re.S | re.I,
    )  # fmt: skip
    return {m.group(1): m.group(2) for m in found}


def vba_strings(code: str) -> list[str]:
    return [m.group(1).replace('""', '"') for m in re.finditer(r'"((?:[^"]|"")*)"', code)]


@pytest.mark.parametrize("name", NAMES)
def test_a_button_whose_python_cannot_run_says_what_to_do(built, name, vba_parser):
    # Without Python on PATH, or with lkjip_xl not installed in it, RunPython showed Python's
    # English words ("No module named 'lkjip_xl'") and nothing else; a VBA error (a missing
    # xlwings DLL, WScript blocked) opened Excel's "Run-time error" box with its Debug button.
    # Python's own exit code cannot be provoked without Excel: the wiring is read with olevba.
    code = modules_of(vba_parser, built[name])["LKjIP"][1]
    bodies = sub_bodies(code)
    for action in ACTIONS:
        # Each button's Sub hands its words to the one Sub that runs Python for every button.
        ((runner, given),) = re.findall(r"^\s*(\w+) (\".*)$", bodies[action.macro], re.M)
        bound = dict(zip(sub_params(code)[runner], vba_strings(given), strict=True))
        body = bodies[runner]
        handler = re.search(r"^\s*On Error GoTo (\w+)\s*$", body, re.M)
        assert handler, f"{action.macro}: a VBA error reaches Excel's Debug box"
        answered = re.search(r"If RunPython\((\w+)\) = -1 Then\s+(\w+) (\w+), (\w+), ", body, re.M)
        assert answered, f"{action.macro}: RunPython's failure (-1) is not answered"
        resolve_python_command(bound[answered.group(1)])  # what RunPython runs is the command
        helper, label, command = answered.group(2, 3, 4)
        after_handler = body.split(f"{handler.group(1)}:", 1)[1]
        assert re.match(rf"\s*{helper} {label}, {command}, ", after_handler), action.macro
        # The message names the action and a real command that does the same from a terminal.
        assert bound[label] == action.label
        done = cli(bound[command], "--help")
        assert done.returncode == 0 and "BERKAS" in done.stdout, bound[command]
    message = " ".join(vba_strings(bodies[helper]))
    for what in ("Python 3.11", "lkjip_xl terpasang", "PATH", "Interpreter_Win", "xlwings.conf",
                 "(cmd)", "lkjip-xl "):  # fmt: skip
        assert what in message, what
    assert "ThisWorkbook.FullName" in bodies[helper]  # the command names this very file
    words = re.findall(r"[a-z]+", message.lower())
    indonesian = {"yang", "di", "dengan", "tidak", "atau", "ini", "itu", "lalu"}
    assert sum(w in indonesian for w in words) >= 8
    assert not {"the", "and", "is", "to", "please", "could", "not"} & set(words)
    # IT is told that olevba's keywords are all in xlwings' own modules (macros/README.md).
    from oletools.olevba import VBA_Scanner

    assert [found for found in VBA_Scanner(code).scan() if found[0] != "IOC"] == []


@pytest.mark.parametrize("name", NAMES)
def test_the_petunjuk_says_how_to_let_the_buttons_run(name):
    # With macros off (Excel's default for a file from mail), a button answers in Excel's words
    # ("Cannot run the macro ... may be disabled"), which name nothing to click; the committed
    # workbook itself must, on the sheet it opens at.
    book = CalamineWorkbook.from_path(str(COMMITTED / f"{name}.xlsm"))
    assert book.sheet_names[0] == "Petunjuk"
    text = " ".join(str(v) for row in book.get_sheet_by_name("Petunjuk").to_python() for v in row)
    rule = next((r for r in re.split(r"\s\d+\.\s", text) if "Aktifkan Konten" in r), "")
    for what in ("Enable Content", "Buka Blokir (Unblock)", "Python dengan lkjip_xl", ".xlsm",
                 "'lkjip-xl hitung BERKAS'"):  # fmt: skip
        assert what in rule, what
    with zipfile.ZipFile(COMMITTED / f"{name}.xlsm") as package:
        assert b'activeTab="0"' in package.read("xl/workbook.xml")


@pytest.mark.parametrize("name", NAMES)
def test_xlwings_conf_sheet(built, name):
    block = conf_block(built[name])
    assert block == dict(XLWINGS_CONF)
    assert block["UDF Modules"] == "lkjip_xl.excel.udfs"
    importlib.import_module(block["UDF Modules"])  # the UDF module exists
    assert len({key.upper() for key in block}) == len(block)
    wb = openpyxl.load_workbook(built[name], keep_vba=True)
    assert wb.sheetnames[-1] == CONF_SHEET
    assert wb[CONF_SHEET].sheet_state == "hidden"
    assert wb.active.title == TEMPLATES[name].sheets[0].name


@pytest.mark.parametrize("name", NAMES)
def test_cells_and_names_are_the_xlsx(built, name, tmp_path):
    plain = build_template(name, tmp_path / TEMPLATES[name].file_name)
    a, b = CalamineWorkbook.from_path(str(plain)), CalamineWorkbook.from_path(str(built[name]))
    assert b.sheet_names == [*a.sheet_names, CONF_SHEET]
    for sheet in a.sheet_names:
        assert a.get_sheet_by_name(sheet).to_python() == b.get_sheet_by_name(sheet).to_python()
    names_a = {k: v.attr_text for k, v in openpyxl.load_workbook(plain).defined_names.items()}
    wb = openpyxl.load_workbook(built[name], keep_vba=True)
    assert {k: v.attr_text for k, v in wb.defined_names.items()} == names_a
    for table in TEMPLATES[name].tables:
        assert wb[table.sheet].tables[table.name].ref == table.ref


# --- reproducible, and committed ------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_two_builds_are_identical(built, name, tmp_path):
    again = build_xlsm(name, tmp_path)
    assert again == tmp_path / xlsm_file_name(TEMPLATES[name])
    assert again.read_bytes() == built[name].read_bytes()


@pytest.mark.parametrize("name", NAMES)
def test_committed_template_is_a_fresh_build(built, name, vba_parser):
    committed = COMMITTED / xlsm_file_name(TEMPLATES[name])
    assert committed.exists(), f"{committed.name} is missing: run `lkjip-xl templates build`"
    old, new = members(committed), members(built[name])
    stale = "is stale: run `lkjip-xl templates build` and commit"
    old_modules = modules_of(vba_parser, committed)
    new_modules = modules_of(vba_parser, built[name])
    old_version = xlwings_vba_version(_as_modules(old_modules))
    if old_version == xlwings_vba_version():
        changed = sorted(n for n in old.keys() | new.keys() if old.get(n) != new.get(n))
        assert not changed, f"{committed.name} {stale} (differs in {changed})"
        return
    # Another xlwings is installed here: its VBA differs, the rest must not.
    warnings.warn(
        f"{committed.name} carries the VBA of xlwings {old_version}, this machine has "
        f"{xlwings_vba_version()}; compared without xlwings' modules",
        stacklevel=1,
    )
    changed = sorted(
        n for n in old.keys() | new.keys() if n != VBA_PART and old.get(n) != new.get(n)
    )
    assert not changed, f"{committed.name} {stale} (differs in {changed})"
    ours = {"xlwings", "Dictionary"}
    assert {k: v for k, v in old_modules.items() if k not in ours} == {
        k: v for k, v in new_modules.items() if k not in ours
    }


def _as_modules(found: dict[str, tuple[str, str]]):
    from lkjip_xl.workbook.xlsm import VbaModule

    return [VbaModule(name, code) for name, (_, code) in found.items()]


# --- LibreOffice ----------------------------------------------------------------------------------


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_opens_the_xlsm_and_lists_the_buttons(built, name, libreoffice):
    info = libreoffice.inspect(built[name])
    spec = TEMPLATES[name]
    assert info["sheets"] == [*spec.sheet_names, CONF_SHEET]
    assert info["errors"] == []
    assert set(info["database_ranges"]) == {t.name for t in spec.tables}
    # Print areas and titles are sheet-local built-in names (_xlnm.*), not the contract's.
    assert {n for n in info["named_ranges"] if "_xlnm." not in n} == {n.name for n in spec.names}
    expected = {sheet.name for sheet in button_sheets(spec)}
    macros = {a.label: a.macro for a in ACTIONS}
    for sheet, drawing in info["drawings"].items():
        controls = drawing["controls"]
        if sheet not in expected:
            assert controls == [], sheet
            continue
        assert sorted(c["label"] for c in controls) == sorted(LABELS), sheet
        for control in controls:
            assert control["type"] == "CommandButton"
            # LibreOffice resolved the binding to the Sub of our module.
            assert control["macro"].startswith(
                f"vnd.sun.star.script:VBAProject.LKjIP.{macros[control['label']]}?"
            ), control
    conf = info["cells"][CONF_SHEET]
    assert (conf["A1"], conf["B1"]) == ("UDF Modules", "lkjip_xl.excel.udfs")


@pytest.mark.libreoffice
def test_buttons_on_a_sheet_without_comments(tmp_path, libreoffice, vba_parser):
    """A data sheet without a legacy drawing gets one (relationship, element, content type)."""
    spec = template("ipasn")
    wb = make_workbook("ipasn")
    for row in wb["Pegawai"].iter_rows():
        for cell in row:
            cell.comment = None
    path = tmp_path / "tanpa-komentar.xlsm"
    path.write_bytes(xlsm_bytes(wb, spec))
    files = members(path)
    part = sheet_parts(files)["Pegawai"]
    sheet_xml = files[part].decode()
    assert sheet_xml.index("<legacyDrawing") < sheet_xml.index("<tableParts")
    assert sorted(label for label, _ in buttons_by_sheet(files)["Pegawai"]) == sorted(LABELS)
    info = libreoffice.inspect(path)
    assert info["errors"] == []
    assert sorted(c["label"] for c in info["drawings"]["Pegawai"]["controls"]) == sorted(LABELS)
    assert "LKjIP" in modules_of(vba_parser, path)


# --- recompute keeps the macros ------------------------------------------------------------------

PEGAWAI = [
    {"NIP": "198501012010011001", "Nama": "Siti", "Unit Kerja": "BKPSDM", "Status": "PNS",
     "Jenis Jabatan": "Fungsional", "Pendidikan": "S1", "Diklat Jenjang": "Ya",
     "JP Diklat Teknis": 24, "Seminar": "Tidak", "Nilai SKP": 88.5,
     "Hukuman Disiplin": "Tidak Pernah"},
]  # fmt: skip


def fill(name: str, path: Path) -> None:
    """Type the inputs into the workbook, changing nothing else (the byte-level writer)."""
    spec = template(name)
    if name == "kinerja":
        edits = {
            "Indikator": cells_for(spec.table("tblIndikator"), INDIKATOR),
            "Anggaran": cells_for(spec.table("tblAnggaran"), ANGGARAN),
            "Triwulan": cells_for(spec.table("tblTriwulan"), TRIWULAN),
        }
    else:
        edits = {"Pegawai": cells_for(spec.table("tblPegawai"), PEGAWAI)}
    typed = path.with_name("diisi-" + path.name)
    patch_workbook(path, typed, edits, full_calc_on_load=False)
    typed.replace(path)


@pytest.mark.parametrize("name", NAMES)
def test_recompute_keeps_vba_buttons_and_conf_identical(name, tmp_path, vba_parser):
    path = tmp_path / f"{name}-2024.xlsm"
    new_workbook(name, path, {"Instansi": "Pemerintah Kota Bontang", "Tahun": 2024})
    fill(name, path)
    before = members(path)
    out = tmp_path / f"{name}-hasil.xlsm"

    laporan = recompute_file(path, out)

    after = members(out)
    assert not laporan.galat, laporan.galat
    conf_part = sheet_parts(before)[CONF_SHEET]
    kept = [VBA_PART, conf_part, *(n for n in before if n.endswith(".vml"))]
    assert len(kept) >= 3
    for part in kept:
        assert after[part] == before[part], part
    assert set(after) == set(before)
    assert buttons_by_sheet(after) == buttons_by_sheet(before)
    assert modules_of(vba_parser, out) == modules_of(vba_parser, path)
    assert b"macroEnabled" in after["[Content_Types].xml"]
    assert conf_block(out) == dict(XLWINGS_CONF)
    # The recompute did compute.
    rows = CalamineWorkbook.from_path(str(out))
    if name == "kinerja":
        table = template(name).table("tblIndikator")
        got = rows.get_sheet_by_name("Indikator").to_python()[table.first_data_row - 1]
        assert got[table.index("capaian")] == pytest.approx(95.45)
    else:
        table = template(name).table("tblPegawai")
        got = rows.get_sheet_by_name("Pegawai").to_python()[table.first_data_row - 1]
        expected = lx.ipasn_pegawai(
            pendidikan="S1", jenis_jabatan="Fungsional", diklat_jenjang="Ya",
            jp_diklat_teknis=24, seminar="Tidak", nilai_skp=88.5,
            hukuman_disiplin="Tidak Pernah",
        )  # fmt: skip
        assert got[table.index("nilai_ip_asn")] == pytest.approx(expected["total"])
    assert check_file(out).template == name


# --- new workbooks and the command line ---------------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_cli_new_xlsm(tmp_path, vba_parser):
    out = tmp_path / "OUT.xlsm"
    result = cli("new", "kinerja", str(out), "--xlsm")
    assert result.returncode == 0, result.stderr
    assert str(out) in " ".join(result.stdout.split())
    files = members(out)
    assert MACRO_CONTENT_TYPE.encode() in files["[Content_Types].xml"]
    assert {"xlwings", "Dictionary", "LKjIP"} <= set(modules_of(vba_parser, out))
    assert set(buttons_by_sheet(files)) == {s.name for s in button_sheets(template("kinerja"))}
    assert conf_block(out) == dict(XLWINGS_CONF)


def test_cli_new_refuses_a_macro_workbook_named_xlsx(tmp_path):
    out = tmp_path / "OUT.xlsx"
    result = cli("new", "kinerja", str(out), "--xlsm")
    assert result.returncode == 2
    assert "Gagal" in result.stderr and ".xlsm" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.slow
def test_cli_new_by_suffix_and_templates_build(tmp_path):
    out = tmp_path / "ipasn.xlsm"
    assert cli("new", "ipasn", str(out)).returncode == 0
    assert MACRO_CONTENT_TYPE.encode() in members(out)["[Content_Types].xml"]
    plain = tmp_path / "ipasn.xlsx"
    assert cli("new", "ipasn", str(plain)).returncode == 0
    assert b"macroEnabled" not in members(plain)["[Content_Types].xml"]
    assert VBA_PART not in members(plain)

    folder = tmp_path / "templat"
    result = cli("templates", "build", "--out", str(folder))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{n}.{ext}" for n in NAMES for ext in ("xlsx", "xlsm")
    )
    for name in NAMES:
        fresh = build_xlsm(name, tmp_path / f"lagi-{name}.xlsm")
        assert (folder / f"{name}.xlsm").read_bytes() == fresh.read_bytes()


def test_new_workbook_fills_identitas_in_the_xlsm(tmp_path):
    path = new_workbook(
        "kinerja", tmp_path / "k.xlsm", {"Instansi": "Kota Bontang", "Tahun": "2024"}, xlsm=True
    )
    wb = openpyxl.load_workbook(path, keep_vba=True)
    spec = template("kinerja")
    named = spec.named("Instansi")
    assert wb[named.sheet][named.cell].value == "Kota Bontang"
    assert wb[spec.named("Tahun").sheet][spec.named("Tahun").cell].value == 2024
    assert wb.vba_archive is not None


def test_macro_enabled_follows_and_guards_the_suffix(tmp_path):
    assert macro_enabled("a.xlsm", None) is True
    assert macro_enabled("a.XLSM", True) is True
    assert macro_enabled("a.xlsx", None) is False
    assert macro_enabled("a.xlsx", False) is False
    with pytest.raises(XlsmError, match=r"\.xlsm"):
        macro_enabled("a.xlsx", True)
    with pytest.raises(XlsmError, match="tanpa makro"):
        macro_enabled("a.xlsm", False)
    with pytest.raises(XlsmError):
        new_workbook("kinerja", tmp_path / "b.xlsx", xlsm=True)
    assert not (tmp_path / "b.xlsx").exists()
