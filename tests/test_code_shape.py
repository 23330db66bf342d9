"""Small parts: no module in lkjip_xl over 800 lines, no function over 120 lines.

Long modules and functions are where changes become expensive and unsafe; the limits are the
project's (CONTRIBUTING.md), checked here so CI enforces them.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "lkjip_xl"
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 120


def modules() -> list[Path]:
    found = sorted(PACKAGE.rglob("*.py"))
    assert len(found) > 20, "the package was not found"
    return found


def test_no_module_over_800_lines() -> None:
    long = {}
    for path in modules():
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_MODULE_LINES:
            long[str(path.relative_to(PACKAGE))] = lines
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def test_no_function_over_120_lines() -> None:
    long = {}
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                # Decorators count: they are part of what a reader must take in.
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                lines = (node.end_lineno or node.lineno) - first + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"] = lines
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"
