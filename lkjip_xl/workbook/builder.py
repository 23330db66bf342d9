"""Write the standard workbook templates, and fresh workbooks for users, to files.

The workbooks themselves are built from the declaration in :mod:`lkjip_xl.workbook.contract` by
:mod:`lkjip_xl.workbook.template_workbook`; their macro-enabled twins by
:mod:`lkjip_xl.workbook.xlsm`. Builds are reproducible: the same declaration gives the same
bytes (fixed timestamps in the package). Files are written atomically, and a file open in Excel
is not overwritten (:mod:`lkjip_xl.workbook.safe_write`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from lkjip_xl.workbook.contract import (
    TEMPLATES,
    NamedCell,
    SheetKind,
    Template,
    ValueType,
    template,
)
from lkjip_xl.workbook.ooxml.package import at_fixed_time
from lkjip_xl.workbook.safe_write import refuse_if_open, write_atomic
from lkjip_xl.workbook.template_workbook import (
    CREATOR,
    FIXED_TIMESTAMP,
    make_workbook,
    workbook_bytes,
)
from lkjip_xl.workbook.xlsm import build_all_xlsm, macro_enabled, xlsm_bytes

__all__ = [
    "CREATOR",
    "FIXED_TIMESTAMP",
    "build_all",
    "build_template",
    "make_workbook",
    "new_workbook",
]


def build_template(name: str, path: str | os.PathLike[str]) -> Path:
    """Write template ``name`` to ``path`` (a file, or a folder to hold ``<name>.xlsx``)."""
    target = Path(path)
    if target.is_dir():
        target = target / template(name).file_name
    refuse_if_open(target)  # before the build, which takes a while
    write_atomic(target, at_fixed_time(workbook_bytes(make_workbook(name)), FIXED_TIMESTAMP))
    return target


def build_all(
    out_dir: str | os.PathLike[str] = "workbook_templates", *, xlsm: bool = False
) -> list[Path]:
    """Write every template (``kinerja.xlsx``, ``ipasn.xlsx``) into ``out_dir``; with ``xlsm``
    also their macro-enabled twins (``kinerja.xlsm``, ``ipasn.xlsm``, see :mod:`.xlsm`)."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [build_template(name, folder / spec.file_name) for name, spec in TEMPLATES.items()]
    if xlsm:
        paths += build_all_xlsm(folder)
    return paths


def new_workbook(
    name: str,
    path: str | os.PathLike[str],
    identitas: Mapping[str, Any] | None = None,
    *,
    overwrite: bool = False,
    xlsm: bool | None = None,
) -> Path:
    """A fresh workbook for users, with the ``Identitas`` inputs filled from ``identitas``.

    Keys are the defined names (``Instansi``, ``Unit_Kerja``, ``Kode_Unit``, ``Tahun``), matched
    without regard to case, spaces or underscores. An existing file is kept unless ``overwrite``.
    ``xlsm`` makes a macro-enabled workbook (buttons, VBA, ``xlwings.conf``); ``None`` decides by
    the suffix of ``path``, and a request that contradicts it is refused.
    """
    spec = template(name)
    target = Path(path)
    macro = macro_enabled(target, xlsm)
    if target.exists() and not overwrite:
        raise FileExistsError(f"Berkas {target} sudah ada; pilih nama lain atau izinkan menimpa.")
    refuse_if_open(target)
    values = _identitas_values(spec, identitas or {})
    wb = make_workbook(name)
    now = datetime.now().replace(microsecond=0)
    wb.properties.created = now
    wb.properties.modified = now
    for named, value in values:
        wb[named.sheet][named.cell].value = value
    write_atomic(target, xlsm_bytes(wb, spec) if macro else workbook_bytes(wb))
    return target


def _identitas_values(spec: Template, identitas: Mapping[str, Any]) -> list[tuple[NamedCell, Any]]:
    def norm(text: str) -> str:
        return re.sub(r"[\s_]+", "", str(text)).lower()

    fillable = {
        norm(n.name): n
        for n in spec.names
        if n.is_input and spec.sheet(n.sheet).kind is SheetKind.IDENTITAS
    }
    values: list[tuple[NamedCell, Any]] = []
    for key, value in identitas.items():
        named = fillable.get(norm(key))
        if named is None:
            known = ", ".join(n.name for n in fillable.values())
            raise ValueError(f"Isian identitas {key!r} tidak dikenal; yang dapat diisi: {known}.")
        if value is None:
            continue
        if named.type is ValueType.INTEGER:
            text = str(value).strip()
            if not re.fullmatch(r"\d+", text):
                raise ValueError(f"{named.label} harus bilangan bulat, bukan {value!r}.")
            value = int(text)
        else:
            value = str(value)
        values.append((named, value))
    return values
