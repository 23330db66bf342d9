"""Macro-enabled twins of the standard templates (``kinerja.xlsm``, ``ipasn.xlsm``).

An ``.xlsm`` is the workbook of :func:`~lkjip_xl.workbook.template_workbook.make_workbook` plus:

* a VBA project (``xl/vbaProject.bin``) holding the document modules Excel makes for a first
  macro, xlwings' standalone VBA (the standard module ``xlwings`` and the class ``Dictionary``,
  read from the installed xlwings so that the VBA matches the xlwings that runs it) and our
  modules (``lkjip_xl/macros/*.bas``), whose subs call Python with ``RunPython``. pyOpenVBA
  writes the project into the package the way Excel does (code names, relationship, content
  type);
* one legacy form button per :data:`ACTIONS` entry on every data sheet, bound to its macro by
  ``x:FmlaMacro``. A sheet has a single legacy (VML) drawing, shared with its cell comments, so
  the buttons are written into the comments' drawing, which is rewritten the way Excel writes
  one (``v:``/``o:``/``x:`` prefixes, a shape-id block of its own per sheet);
* the ``xlwings.conf`` sheet (hidden) with the settings of :data:`XLWINGS_CONF`;
* the macro-enabled content type of the workbook part.

Cells, tables, names, validations and styles are the ``.xlsx``'s, byte for byte in every part
that the above does not touch. Nothing here imports xlwings: its VBA files are located with
:func:`importlib.util.find_spec`, which does not run the package.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import importlib.util
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET

from lkjip_xl.workbook.contract import TEMPLATES, SheetKind, SheetSpec, Template, template
from lkjip_xl.workbook.ooxml.package import (
    CONTENT_TYPES,
    at_fixed_time,
    package_bytes,
    read_parts,
)
from lkjip_xl.workbook.ooxml.relationships import (
    add_relationship,
    relationships,
    rels_part,
    worksheet_parts,
)
from lkjip_xl.workbook.safe_write import refuse_if_open, write_atomic
from lkjip_xl.workbook.vba_version import (
    XLWINGS_VERSION_LINE as _XLWINGS_VERSION,
)
from lkjip_xl.workbook.vba_version import workbook_xlwings_version, xlwings_version_problems

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# openpyxl, the template builder and xml.sax are imported where a template is built: a
# recompute asks this module only for the xlwings version of a workbook, and a click should not
# load them.

__all__ = [
    "ACTIONS",
    "CONF_SHEET",
    "MACRO_CONTENT_TYPE",
    "VBA_PART",
    "XLWINGS_CONF",
    "Action",
    "VbaModule",
    "XlsmError",
    "build_all_xlsm",
    "build_xlsm",
    "button_sheets",
    "macro_enabled",
    "macro_modules",
    "workbook_xlwings_version",
    "xlsm_bytes",
    "xlsm_file_name",
    "xlwings_folder",
    "xlwings_modules",
    "xlwings_vba_version",
    "xlwings_version_problems",
]

MACRO_CONTENT_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
VML_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
VBA_PART = "xl/vbaProject.bin"
CONF_SHEET = "xlwings.conf"  # the exact name xlwings' GetConfigFromSheet looks for
MACRO_FOLDER = "macros"  # inside the lkjip_xl package; macros/README.md documents it
#: SHA-256 of the code of every committed version of our modules (``git log -p --
#: lkjip_xl/macros/``), by lower-case module name: the code lines (``_code_lines``) joined by
#: CRLF, as UTF-8. A workbook built by an older release carries one of them unedited:
#: ``perbarui`` replaces it without telling the user they may have changed it. Add the new
#: hash whenever a module changes (tests/test_upgrade_macros.py checks the current one).
RELEASED_MODULES: dict[str, frozenset[str]] = {
    "lkjip": frozenset(
        {
            "19c5dcdac950f06e8473083926173285448df9beb7f12f309662f00583775c08",  # 5f1a1e6
            "e0d9e1c91f144a069de505f56a76aec9ca32776f6cb032f785c2f2ec507074b7",  # 32e604e
            "fa123f6e2c611c9ea5f86db036749c53647d28db9546cd90412ca31330912ebd",  # a2675bd
        }
    ),
}


@dataclass(frozen=True)
class Action:
    """A button: its label on the sheet and the VBA sub it runs."""

    label: str
    macro: str


ACTIONS = (Action("Hitung Ulang", "HitungUlang"), Action("Periksa", "Periksa"))

# Rows of the xlwings.conf sheet, from A1 down without a gap: xlwings reads the keys (upper
# cased) down to the first empty cell, and a key present here overrides the user's own config
# file, even with an empty value. So no interpreter is pinned: xlwings then takes the one of
# the machine's config (``xlwings config create``) or ``python`` from PATH, and a workbook
# that travels between offices keeps working. The help rows below say how to pin one.
XLWINGS_CONF: tuple[tuple[str, str | bool], ...] = (
    ("UDF Modules", "lkjip_xl.excel.udfs"),
    ("Use UDF Server", False),
    ("Debug UDFs", False),
    ("Show Console", False),
    # Do not put the workbook's folder on Python's path: workbooks sent in by units are data,
    # and a stray .py beside one (in Downloads, say) must not be imported (DESIGN §5).
    ("ADD_WORKBOOK_TO_PYTHONPATH", False),
)

_CONF_HELP = (
    "Pengaturan xlwings untuk tombol Hitung Ulang, Periksa, dan fungsi lembar kerja lkjip_xl. "
    "xlwings membaca baris mulai A1 sampai baris kosong pertama; baris di bawah ini hanya "
    "petunjuk.",
    "Python yang dipakai: pengaturan komputer ini (jalankan sekali 'xlwings config create'), "
    "atau 'python' dari PATH. Untuk memaksa Python tertentu hanya di buku kerja ini, sisipkan "
    "baris Interpreter_Win (Windows) atau Interpreter_Mac (macOS) berisi path lengkap Python "
    "tepat di bawah baris pengaturan, tanpa baris kosong.",
    "PYTHONPATH hanya perlu bila lkjip_xl tidak dipasang dengan pip; sisipkan dengan cara yang "
    "sama.",
    "ADD_WORKBOOK_TO_PYTHONPATH = FALSE: folder buku kerja tidak ditambahkan ke path Python, "
    "sehingga berkas .py di samping buku kerja kiriman tidak dimuat; buku kerja kiriman adalah "
    "data, bukan program.",
    "Lembar ini disembunyikan. Tampilkan dengan klik kanan tab lembar > Tampilkan (Unhide).",
)


class XlsmError(ValueError):
    """A macro-enabled workbook cannot be built (message: one Indonesian sentence)."""


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def xlsm_file_name(spec: Template) -> str:
    """``kinerja`` -> ``kinerja.xlsm``."""
    return f"{spec.name}.xlsm"


def button_sheets(spec: Template) -> tuple[SheetSpec, ...]:
    """The sheets that get the buttons: the data sheets, where users type and recompute."""
    return tuple(s for s in spec.sheets if s.kind is SheetKind.DATA)


def macro_enabled(path: str | os.PathLike[str], xlsm: bool | None) -> bool:
    """Whether ``path`` is to be a macro-enabled workbook; ``None`` decides by its suffix.

    Excel refuses a macro-enabled package under ``.xlsx`` and a plain one under ``.xlsm``, so a
    request that contradicts the suffix is refused here, before anything is written.
    """
    is_xlsm_name = Path(path).suffix.lower() == ".xlsm"
    if xlsm is None:
        return is_xlsm_name
    if xlsm and not is_xlsm_name:
        raise XlsmError(
            f"Buku kerja bermakro harus berakhiran .xlsm, bukan {Path(path).name!r}; "
            "Excel tidak membuka berkas seperti itu."
        )
    if not xlsm and is_xlsm_name:
        raise XlsmError(
            f"Berkas {Path(path).name!r} berakhiran .xlsm tetapi diminta tanpa makro; pakai "
            "akhiran .xlsx atau minta buku kerja bermakro."
        )
    return xlsm


def build_xlsm(name: str, path: str | os.PathLike[str]) -> Path:
    """Write the macro-enabled template ``name`` to ``path`` (a file, or a folder to hold
    ``<name>.xlsm``). Reproducible like the ``.xlsx``: fixed timestamps, same bytes."""
    from lkjip_xl.workbook.template_workbook import FIXED_TIMESTAMP, make_workbook

    spec = template(name)
    target = Path(path)
    if target.is_dir():
        target = target / xlsm_file_name(spec)
    macro_enabled(target, True)
    refuse_if_open(target)  # before the build, which takes a while
    write_atomic(target, at_fixed_time(xlsm_bytes(make_workbook(name), spec), FIXED_TIMESTAMP))
    return target


def build_all_xlsm(out_dir: str | os.PathLike[str] = "workbook_templates") -> list[Path]:
    """Every macro-enabled template into ``out_dir``."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return [build_xlsm(name, folder / xlsm_file_name(spec)) for name, spec in TEMPLATES.items()]


def xlsm_bytes(wb: Workbook, spec: Template, theirs: Sequence[VbaModule] = ()) -> bytes:
    """The package of ``wb`` (a workbook of template ``spec``) as a macro-enabled workbook,
    with ``theirs`` (the user's own modules, see own_modules) after the template's.

    Adds the ``xlwings.conf`` sheet to ``wb`` itself; everything else happens on the package.
    """
    from lkjip_xl.workbook.template_workbook import workbook_bytes

    ours = macro_modules()
    _check_actions(ours)
    modules = [*xlwings_modules(), *ours, *theirs]
    layouts = {sheet.name: _layout(wb[sheet.name], sheet) for sheet in button_sheets(spec)}
    _add_conf_sheet(wb)
    files, order = read_parts(workbook_bytes(wb))
    _add_buttons(files, order, layouts)
    _set_macro_content_type(files)
    return _with_vba_project(package_bytes(files, order), modules)


# ---------------------------------------------------------------------------------------------
# VBA modules
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VbaModule:
    """A VBA module as exported by the editor: ``.bas`` (standard) or ``.cls`` (class)."""

    name: str
    source: str  # CRLF line ends, as VBA stores them
    is_class: bool = False

    def subs(self) -> tuple[str, ...]:
        """Names of the public subs, the ones a button can run."""
        return tuple(m.group(1) for m in _PUBLIC_SUB.finditer(self.source))


_VB_NAME = re.compile(r'^Attribute VB_Name = "([^"]+)"', re.M)
_PUBLIC_SUB = re.compile(r"^[ \t]*(?:Public[ \t]+)?Sub[ \t]+(\w+)[ \t]*\(", re.M | re.I)


def _module(raw: bytes, file_name: str) -> VbaModule:
    # The editor exports in the ANSI code page; normalising the line ends keeps builds identical
    # whatever git did to them on checkout.
    text = raw.decode("cp1252")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    found = _VB_NAME.search(text)
    name = found.group(1) if found else Path(file_name).stem
    return VbaModule(name, text, is_class=file_name.lower().endswith(".cls"))


def macro_modules() -> list[VbaModule]:
    """Our modules, from ``lkjip_xl/macros/`` (``*.bas`` standard, ``*.cls`` class), by name."""
    folder = importlib.resources.files("lkjip_xl") / MACRO_FOLDER
    entries = sorted(
        (e for e in folder.iterdir() if e.name.lower().endswith((".bas", ".cls"))),
        key=lambda e: e.name,
    )
    if not entries:
        raise XlsmError("Modul makro lkjip_xl (lkjip_xl/macros/*.bas) tidak ditemukan.")
    return [_module(entry.read_bytes(), entry.name) for entry in entries]


def xlwings_folder() -> Path:
    """The folder of the installed xlwings package (without importing it)."""
    found = importlib.util.find_spec("xlwings")
    if found is None or not found.submodule_search_locations:
        raise XlsmError(
            "xlwings belum terpasang; modul VBA-nya diperlukan untuk membuat buku kerja "
            "bermakro (pip install xlwings)."
        )
    return Path(next(iter(found.submodule_search_locations)))


def xlwings_modules() -> list[VbaModule]:
    """xlwings' standalone VBA: the ``xlwings`` module (RunPython) and the ``Dictionary`` class
    it needs on macOS, as the installed xlwings ships them."""
    folder = xlwings_folder()
    modules = []
    for relative in ("xlwings.bas", "addin/Dictionary.cls"):
        path = folder / relative
        if not path.is_file():
            raise XlsmError(f"Berkas VBA xlwings {relative} tidak ada di {folder}.")
        modules.append(_module(path.read_bytes(), path.name))
    return modules


def own_modules(path: Path) -> tuple[list[VbaModule], list[str], list[str]]:
    """The VBA a user wrote in the macro-enabled workbook at ``path``: their standard modules
    (rebuilt into a new project as they are), the modules whose code cannot be (a class
    module of theirs, code in ThisWorkbook or a sheet's module: tied to the old project's
    objects), by name, and the template's modules whose code differs from the current one
    and from every released one (edited by the user: the rebuilt project holds the current
    one).
    A module named like one of the template's is the template's."""
    from pyopenvba import ExcelFile, PyOpenVBAError, VBAModuleKind

    template = {m.name.lower(): m for m in (*xlwings_modules(), *macro_modules())}
    carried: list[VbaModule] = []
    named: list[str] = []
    edited: list[str] = []
    try:
        with ExcelFile(path) as book:
            if not book.has_vba_project():
                return [], [], []
            for module in book.vba_project().modules:
                source = module.source.replace("\r\n", "\n").replace("\n", "\r\n")
                current = template.get(module.name.lower())
                if current is not None:
                    lines = _code_lines(source)
                    if lines != _code_lines(current.source) and not _released(module.name, lines):
                        edited.append(module.name)
                    continue
                if module.kind is VBAModuleKind.standard:
                    carried.append(VbaModule(module.name, source))
                elif any(
                    line.strip() and not line.startswith("Attribute ")
                    for line in source.split("\r\n")
                ):
                    named.append(module.name)
    except (PyOpenVBAError, OSError, ValueError, KeyError):
        return [], ["(proyek VBA tidak terbaca)"], []
    return carried, named, edited


#: Lines the VBA editor writes itself (a class module's header, attributes): not code.
_NOT_CODE = re.compile(r"Attribute |VERSION \d|BEGIN$|END$|\s+MultiUse\b")


def _code_lines(source: str) -> list[str]:
    """A module's code as it reads, without the lines the editor writes and trailing blanks."""
    lines = [line.rstrip() for line in source.split("\r\n") if not _NOT_CODE.match(line)]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def code_sha256(source: str) -> str:
    """The hash ``RELEASED_MODULES`` keeps of a module's code (``source``: its text)."""
    return _hash_lines(_code_lines(source.replace("\r\n", "\n").replace("\n", "\r\n")))


def _hash_lines(lines: list[str]) -> str:
    return hashlib.sha256("\r\n".join(lines).encode("utf-8")).hexdigest()


def _released(name: str, lines: list[str]) -> bool:
    return _hash_lines(lines) in RELEASED_MODULES.get(name.lower(), frozenset())


def xlwings_vba_version(modules: Sequence[VbaModule] | None = None) -> str:
    """The xlwings version written in its VBA module (it must match the Python package)."""
    for module in modules if modules is not None else xlwings_modules():
        found = _XLWINGS_VERSION.search(module.source)
        if found:
            return found.group(1)
    raise XlsmError("Versi modul VBA xlwings tidak dikenali.")


def _check_actions(modules: Sequence[VbaModule]) -> None:
    subs = {sub.lower() for module in modules for sub in module.subs()}
    for action in ACTIONS:
        if action.macro.lower() not in subs:
            raise XlsmError(
                f"Tombol {action.label!r} menjalankan makro {action.macro}, tetapi tidak ada "
                "Sub dengan nama itu di lkjip_xl/macros."
            )


def _with_vba_project(package: bytes, modules: Sequence[VbaModule]) -> bytes:
    """Give the package a VBA project holding ``modules`` (pyOpenVBA, pure Python)."""
    from pyopenvba import ExcelFile, VBAModuleKind

    with tempfile.TemporaryDirectory(prefix="lkjip-xlsm-") as folder:
        source, target = Path(folder) / "templat.xlsm", Path(folder) / "bermakro.xlsm"
        source.write_bytes(package)
        with ExcelFile(source) as book:
            # The document modules Excel makes for a first macro: ThisWorkbook, Sheet1..n.
            project = book.add_vba_project()
            for module in modules:
                kind = VBAModuleKind.other if module.is_class else VBAModuleKind.standard
                project.add_module(module.name, module.source, kind=kind)
            book.save(target)
        return target.read_bytes()


# ---------------------------------------------------------------------------------------------
# The xlwings.conf sheet
# ---------------------------------------------------------------------------------------------


def _add_conf_sheet(wb: Workbook) -> Worksheet:
    from openpyxl.styles import Font

    if CONF_SHEET in wb.sheetnames:
        raise XlsmError(f"Buku kerja sudah mempunyai lembar {CONF_SHEET}.")
    ws = wb.create_sheet(CONF_SHEET)
    for row, (key, value) in enumerate(XLWINGS_CONF, 1):
        ws.cell(row, 1, key)
        ws.cell(row, 2, value)
    row = len(XLWINGS_CONF) + 2  # one empty row ends what xlwings reads
    ws.cell(row, 1, "Petunjuk").font = Font(bold=True)
    for line in _CONF_HELP:
        row += 1
        ws.cell(row, 1, line)
    ws.column_dimensions["A"].width = 30.0
    ws.column_dimensions["B"].width = 26.0
    ws.sheet_state = "hidden"
    return ws


# ---------------------------------------------------------------------------------------------
# Buttons: geometry
# ---------------------------------------------------------------------------------------------

# Pixels at 96 dpi for the default font (Calibri 11: a digit is 7 px wide, a row 20 px high).
_DIGIT_PX = 7
_DEFAULT_COLUMN_PX = 64
_TEXT_PX = 7  # an (italic) description character, generously
_TITLE_PX = 11  # a 14 pt bold title character
_BUTTON_WIDTH_PX = 112
_BUTTON_GAP_PX = 8
_TEXT_MARGIN_PX = 16
_ROW_PX = 20
_TOP_PX = 3  # inside row 1
_BOTTOM_PX = 17  # inside row 2: the buttons cover rows 1-2, beside the sheet's title


@dataclass(frozen=True)
class _Placed:
    action: Action
    # Excel's client anchor: column, x offset, row, y offset of the top-left and bottom-right
    # corners (0-based, offsets in pixels).
    anchor: tuple[int, int, int, int, int, int, int, int]
    left_px: int
    width_px: int


def _column_px(ws: Worksheet, col: int) -> int:
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(col)
    if letter in ws.column_dimensions and ws.column_dimensions[letter].width:
        # Excel: pixels = trunc(((256 * width + trunc(128 / 7)) / 256) * 7)
        width = float(ws.column_dimensions[letter].width)
        return int(((256 * width + 128 // _DIGIT_PX) / 256) * _DIGIT_PX)
    return _DEFAULT_COLUMN_PX


def _to_column(ws: Worksheet, x_px: int) -> tuple[int, int]:
    """(0-based column, offset in pixels) of the point ``x_px`` from the sheet's left edge."""
    col, left = 1, 0
    while left + _column_px(ws, col) <= x_px:
        left += _column_px(ws, col)
        col += 1
    return col - 1, x_px - left


def _layout(ws: Worksheet, sheet: SheetSpec) -> tuple[_Placed, ...]:
    """The buttons side by side on rows 1-2, right of the title and description, starting at a
    column edge so that they never cover text of those rows."""
    text_px = max(len(sheet.title) * _TITLE_PX, len(sheet.description) * _TEXT_PX)
    col, left = 1, 0
    while left < text_px + _TEXT_MARGIN_PX:
        left += _column_px(ws, col)
        col += 1
    placed = []
    for action in ACTIONS:
        first_col, first_dx = _to_column(ws, left)
        last_col, last_dx = _to_column(ws, left + _BUTTON_WIDTH_PX)
        anchor = (first_col, first_dx, 0, _TOP_PX, last_col, last_dx, 1, _BOTTOM_PX)
        placed.append(_Placed(action, anchor, left, _BUTTON_WIDTH_PX))
        left += _BUTTON_WIDTH_PX + _BUTTON_GAP_PX
    return tuple(placed)


# ---------------------------------------------------------------------------------------------
# Buttons: the package
# ---------------------------------------------------------------------------------------------

_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL_VML = _NS_R + "/vmlDrawing"
_VML_PREFIXES = {
    "urn:schemas-microsoft-com:vml": "v",
    "urn:schemas-microsoft-com:office:office": "o",
    "urn:schemas-microsoft-com:office:excel": "x",
}
_VML_ROOT = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:'
    'office" xmlns:x="urn:schemas-microsoft-com:office:excel">'
)
_BUTTON_TYPE = "_x0000_t201"
_BUTTON_SHAPETYPE = (
    f'<v:shapetype id="{_BUTTON_TYPE}" coordsize="21600,21600" o:spt="201" '
    'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path shadowok="f" '
    'o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/><o:lock v:ext="edit" '
    'shapetype="t"/></v:shapetype>'
)
_SHAPES_PER_BLOCK = 1024  # Excel numbers a drawing's shapes within its idmap block
# Elements a worksheet may hold after <legacyDrawing>, in schema order.
_AFTER_LEGACY_DRAWING = (
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)


def _relationships(files: dict[str, bytes], part: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of every internal relationship of ``part``."""
    data = files.get(rels_part(part))
    if data is None:
        return []
    return [(r.id, r.type, r.target) for r in relationships(data, part) if not r.external]


def _sheet_parts(files: dict[str, bytes]) -> list[tuple[str, str]]:
    """(sheet name, worksheet part) in workbook order; the part is "" for a chart sheet."""
    workbook = "xl/workbook.xml"
    rels = relationships(files[rels_part(workbook)], workbook)
    return list(worksheet_parts(files[workbook], rels).items())


def _add_buttons(
    files: dict[str, bytes], order: list[str], layouts: dict[str, tuple[_Placed, ...]]
) -> None:
    """Write every sheet's legacy drawing anew, with its comments and its buttons.

    Each drawing gets the idmap block of its sheet's position, so shape ids are unique across
    the workbook as Excel keeps them (openpyxl gives every comment drawing block 1).
    """
    for position, (name, part) in enumerate(_sheet_parts(files), 1):
        if not part:
            continue  # a chart sheet: no cells, no comments, no buttons
        buttons = layouts.get(name, ())
        drawings = [t for _, kind, t in _relationships(files, part) if kind == _REL_VML]
        if not drawings and not buttons:
            continue
        if drawings:
            drawing = drawings[0]
        else:
            drawing = _add_legacy_drawing(files, order, part)
        files[drawing] = _vml(files.get(drawing), position, buttons)
    missing = set(layouts) - {name for name, _ in _sheet_parts(files)}
    if missing:
        raise XlsmError(f"Lembar {sorted(missing)} tidak ada di buku kerja.")


def _add_legacy_drawing(files: dict[str, bytes], order: list[str], part: str) -> str:
    """A new, empty VML drawing related from worksheet ``part``; returns its part name."""
    number = 1
    while f"xl/drawings/vmlDrawing{number}.vml" in files:
        number += 1
    drawing = f"xl/drawings/vmlDrawing{number}.vml"
    files[drawing] = b""
    order.append(drawing)
    rels_name = rels_part(part)
    if rels_name not in files:
        order.append(rels_name)
    taken = {rid for rid, _, _ in _relationships(files, part)}
    rid = next(f"rIdVml{n}" for n in range(1, len(taken) + 2) if f"rIdVml{n}" not in taken)
    files[rels_name] = add_relationship(files.get(rels_name), rid, _REL_VML, f"/{drawing}")

    sheet = files[part].decode("utf-8")
    element = f'<legacyDrawing xmlns:r="{_NS_R}" r:id="{rid}"/>'
    anchor = None
    for local in _AFTER_LEGACY_DRAWING:
        found = re.search(rf"<(?:\w+:)?{local}[\s/>]", sheet)
        if found:
            anchor = found.start()
            break
    if anchor is None:
        anchor = sheet.rindex("</")
    files[part] = (sheet[:anchor] + element + sheet[anchor:]).encode("utf-8")

    types = files[CONTENT_TYPES].decode("utf-8")
    if 'Extension="vml"' not in types:
        default = f'<Default Extension="vml" ContentType="{VML_CONTENT_TYPE}"/>'
        types = types.replace("<Default ", default + "<Default ", 1)
        files[CONTENT_TYPES] = types.encode("utf-8")
    return drawing


def _vml(source: bytes | None, block: int, buttons: Sequence[_Placed]) -> bytes:
    shapetypes: list[str] = []
    shapes: list[Element] = []
    if source:
        for child in SafeET.fromstring(source):
            local = child.tag.rsplit("}", 1)[-1]
            if local == "shapetype":
                shapetypes.append(_serialise(child))
                if child.get("id") == _BUTTON_TYPE:
                    shapetypes.pop()  # ours is written below
            elif local != "shapelayout":
                shapes.append(child)
    if len(shapes) + len(buttons) >= _SHAPES_PER_BLOCK:
        raise XlsmError("Terlalu banyak komentar dan tombol dalam satu lembar.")
    parts = [
        _VML_ROOT,
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/></o:shapelayout>',
        *shapetypes,
    ]
    if buttons:
        parts.append(_BUTTON_SHAPETYPE)
    number = 0
    for shape in shapes:
        number += 1
        shape.set("id", _shape_id(block, number))
        parts.append(_serialise(shape))
    for placed in buttons:
        number += 1
        parts.append(_button(_shape_id(block, number), placed, number))
    parts.append("</xml>")
    return "".join(parts).encode("utf-8")


def _shape_id(block: int, number: int) -> str:
    return f"_x0000_s{block * _SHAPES_PER_BLOCK + number}"


def _qname(name: str) -> str:
    if name.startswith("{"):
        uri, local = name[1:].split("}", 1)
        if uri not in _VML_PREFIXES:
            raise XlsmError(f"Namespace VML tidak dikenal: {uri}.")
        return f"{_VML_PREFIXES[uri]}:{local}"
    return name


def _serialise(element: Element) -> str:
    from xml.sax.saxutils import escape, quoteattr  # it loads urllib, http and ssl

    attributes = "".join(f" {_qname(k)}={quoteattr(v)}" for k, v in element.attrib.items())
    inner = escape(element.text or "") + "".join(
        _serialise(child) + escape(child.tail or "") for child in element
    )
    tag = _qname(element.tag)
    return f"<{tag}{attributes}>{inner}</{tag}>" if inner else f"<{tag}{attributes}/>"


def _pt(px: float) -> str:
    return f"{px * 0.75:g}pt"


def _button(shape_id: str, placed: _Placed, z_index: int) -> str:
    """A form button (Excel's "Button" form control) that runs ``placed.action.macro``."""
    from xml.sax.saxutils import escape

    height_px = _ROW_PX - _TOP_PX + _BOTTOM_PX
    style = (
        f"position:absolute;margin-left:{_pt(placed.left_px)};margin-top:{_pt(_TOP_PX)};"
        f"width:{_pt(placed.width_px)};height:{_pt(height_px)};z-index:{z_index};"
        "mso-wrap-style:tight"
    )
    anchor = ", ".join(str(n) for n in placed.anchor)
    label = escape(placed.action.label)
    return (
        f'<v:shape id="{shape_id}" type="#{_BUTTON_TYPE}" style="{style}" o:button="t" '
        'fillcolor="buttonFace [67]" strokecolor="windowText [64]" o:insetmode="auto">'
        '<v:fill color2="buttonFace [67]" o:detectmouseclick="t"/>'
        '<o:lock v:ext="edit" rotation="t"/>'
        '<v:textbox style="mso-direction-alt:auto" o:singleclick="f">'
        '<div style="text-align:center"><font face="Calibri" size="220" color="#000000">'
        f"{label}</font></div></v:textbox>"
        '<x:ClientData ObjectType="Button">'
        f"<x:Anchor>{anchor}</x:Anchor>"
        "<x:PrintObject>False</x:PrintObject><x:AutoFill>False</x:AutoFill>"
        f"<x:FmlaMacro>[0]!{placed.action.macro}</x:FmlaMacro>"
        "<x:TextHAlign>Center</x:TextHAlign><x:TextVAlign>Center</x:TextVAlign>"
        "</x:ClientData></v:shape>"
    )


def _set_macro_content_type(files: dict[str, bytes]) -> None:
    types = files[CONTENT_TYPES]
    if XLSX_CONTENT_TYPE.encode() not in types:
        raise XlsmError("Jenis isi buku kerja tidak dikenali; berkas tidak dapat diberi makro.")
    files[CONTENT_TYPES] = types.replace(XLSX_CONTENT_TYPE.encode(), MACRO_CONTENT_TYPE.encode(), 1)
