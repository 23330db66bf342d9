"""The layers import downwards only: core knows no workbook library and no Excel."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "lkjip_xl"


def test_importing_core_loads_no_file_or_excel_library():
    code = (
        "import sys, lkjip_xl, lkjip_xl.core.capaian, lkjip_xl.core.efisiensi, "
        "lkjip_xl.core.ipasn, lkjip_xl.core.predikat, lkjip_xl.core.sakip, "
        "lkjip_xl.core.values, lkjip_xl.core.rounding; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'openpyxl', 'xlwings', 'python_calamine'} or m.startswith(('lkjip_xl.workbook', "
        "'lkjip_xl.excel', 'lkjip_xl.cli'))); print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module if node.level == 0 else "." * node.level + node.module)
    return found


FORBIDDEN = {
    "core": ("openpyxl", "xlwings", "python_calamine", "lkjip_xl.workbook", "lkjip_xl.excel",
             "lkjip_xl.cli"),
    "workbook": ("xlwings", "lkjip_xl.excel", "lkjip_xl.cli"),
}  # fmt: skip


def test_no_module_imports_upwards():
    for layer, forbidden in FORBIDDEN.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in imports_of(path):
                assert not name.startswith(forbidden), f"{path} imports {name}"
                assert not name.startswith(".."), f"{path} uses a relative import {name}"
