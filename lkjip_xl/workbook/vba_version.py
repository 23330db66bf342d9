"""What keeps a workbook's macros from working in Excel, told by ``check`` and ``recompute``.

The xlwings version a macro-enabled workbook's VBA was written for, against the installed one,
and a file name whose suffix Excel refuses for its content (an ``.xlsm`` renamed ``.xlsx``).
Apart from :mod:`.xlsm` (which builds the VBA and needs openpyxl) so that ``check`` and
``recompute`` can warn without loading openpyxl on their path.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from lkjip_xl.workbook.ooxml.content_types import suffix_for_content
from lkjip_xl.workbook.problems import Kode, Masalah

XLWINGS_VERSION_LINE = re.compile(r'^Public Const XLWINGS_VERSION As String = "([^"]+)"', re.M)


def workbook_xlwings_version(path: str | os.PathLike[str]) -> str | None:
    """The xlwings version written in the VBA of the macro-enabled workbook at ``path``.

    None when the file has no VBA project, no ``xlwings`` module, or a project pyOpenVBA cannot
    read: then there is nothing to compare, and the check of the cells goes on regardless.
    """
    from pyopenvba import ExcelFile, PyOpenVBAError

    try:
        with ExcelFile(Path(path)) as book:
            if not book.has_vba_project():
                return None
            names = {name.lower(): name for name in book.module_names()}
            if "xlwings" not in names:
                return None
            source = book.get_module(names["xlwings"])
    except (PyOpenVBAError, OSError, ValueError, KeyError):
        return None
    found = XLWINGS_VERSION_LINE.search(source.replace("\r\n", "\n"))
    return found.group(1) if found else None


def xlwings_version_problems(path: str | os.PathLike[str]) -> list[Masalah]:
    """A warning when the workbook's xlwings VBA and the installed xlwings differ (.xlsm only).

    The VBA's ``RunPython`` loads the DLL of its own version, which only the xlwings Python
    package of that version ships: with another one installed the buttons fail.
    """
    if Path(path).suffix.lower() != ".xlsm":
        return []
    versi = workbook_xlwings_version(path)
    if versi is None:
        return []
    import importlib.metadata  # only for a macro-enabled workbook: it costs a click 10 ms

    try:
        terpasang = importlib.metadata.version("xlwings")
    except importlib.metadata.PackageNotFoundError:
        terpasang = "(tidak terpasang)"
    if versi == terpasang:
        return []
    return [Masalah.of(Kode.XLWINGS_VERSION, versi=versi, versi_terpasang=terpasang)]


def file_suffix_problems(path: str | os.PathLike[str]) -> list[Masalah]:
    """A warning when Excel would refuse to open ``path`` for its suffix (its content is a
    macro-enabled workbook and its name ends in ``.xlsx``, or the reverse)."""
    path = Path(path)
    akhiran = path.suffix.lower()
    akhiran_isi = suffix_for_content(path)
    if akhiran_isi is None or akhiran_isi == akhiran:
        return []
    nama = path.with_suffix(akhiran_isi).name
    return [Masalah.of(Kode.FILE_SUFFIX, akhiran_isi=akhiran_isi, akhiran=akhiran, nama=nama)]


def macro_problems(path: str | os.PathLike[str]) -> list[Masalah]:
    """The warnings of this module for the workbook file at ``path``."""
    return file_suffix_problems(path) + xlwings_version_problems(path)
