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


# --- private names and import cycles inside lkjip_xl -------------------------------------------


def module_paths() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package (packages by __init__)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = module_paths()


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if MODULES[module].name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of the import nodes under ``if TYPE_CHECKING:``; they never run."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return skipped


def parsed(module: str) -> ast.Module:
    return ast.parse(MODULES[module].read_text(encoding="utf-8"))


def internal_imports(module: str, tree: ast.Module) -> list[tuple[str, str | None, ast.stmt]]:
    """(imported lkjip_xl module, name taken from it or None, node) of every import that runs,
    at module level or inside a function."""
    skipped = _type_checking_only(tree)
    found: list[tuple[str, str | None, ast.stmt]] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [(a.name, None, node) for a in node.names if a.name in MODULES]
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            if source not in MODULES:
                continue
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in MODULES:
                    found.append((submodule, None, node))
                else:
                    found.append((source, alias.name, node))
    return found


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(module: str, tree: ast.Module) -> list[str]:
    """Private names of another lkjip_xl module that ``module`` (parsed as ``tree``) imports
    or reads."""
    bad = []
    aliases: dict[str, str] = {}  # local name bound to an lkjip_xl module -> that module
    for target, name, node in internal_imports(module, tree):
        if name is not None and _is_private(name) and target != module:
            bad.append(f"line {node.lineno}: from {target} import {name}")
        if name is None and target.rsplit(".", 1)[-1][:1] == "_":
            bad.append(f"line {node.lineno}: imports the private module {target}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    aliases[alias.asname or alias.name.split(".")[0]] = (
                        alias.name if alias.asname else alias.name.split(".")[0]
                    )
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            for alias in node.names:
                if f"{source}.{alias.name}" in MODULES:
                    aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and _is_private(node.attr)):
            continue
        dotted = ast.unparse(node.value)
        head, _, rest = dotted.partition(".")
        target = aliases.get(head)
        if target is None:
            continue
        target = f"{target}.{rest}" if rest else target
        if target in MODULES and target != module:
            bad.append(f"line {node.lineno}: {dotted}.{node.attr}")
    return bad


def test_no_private_name_is_used_across_modules():
    """A name with a leading underscore belongs to its module: another module that needs it
    needs a public name (from ``x import _y``, ``x._y`` and private modules all count)."""
    found = {m: private_uses(m, parsed(m)) for m in MODULES}
    assert not {m: uses for m, uses in found.items() if uses}


def test_private_use_finder_sees_each_form():
    source = (
        "from lkjip_xl.workbook.patcher import _hidden, patch_workbook\n"
        "from lkjip_xl.workbook import patcher as p\n"
        "import lkjip_xl.workbook.builder\n"
        "def f():\n"
        "    from lkjip_xl.workbook.xlsm import _layout\n"
        "    return p._internal, lkjip_xl.workbook.builder._private, p.Package._cache\n"
        "class A:\n"
        "    def g(self):\n"
        "        return self._own\n"
    )
    found = private_uses("lkjip_xl.workbook.file_book", ast.parse(source))
    assert found == [
        "line 1: from lkjip_xl.workbook.patcher import _hidden",
        "line 5: from lkjip_xl.workbook.xlsm import _layout",
        "line 6: p._internal",
        "line 6: lkjip_xl.workbook.builder._private",
    ]


def import_graph() -> dict[str, set[str]]:
    """lkjip_xl module -> the lkjip_xl modules it imports.

    Every import that runs counts, inside functions too: a function-level import only puts a
    cycle off until the call (``builder`` <-> ``xlsm`` was one). Imports under
    ``if TYPE_CHECKING:`` never run and do not count; neither does the implicit import of a
    module's parent packages, or ``lkjip_xl/__init__``'s lazy entry points would close a
    cycle with every module below it.
    """
    return {
        m: {target for target, _, _ in internal_imports(m, parsed(m)) if target != m}
        for m in MODULES
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_cycle_finder_finds_a_cycle_through_three_modules():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_modules():
    assert cycles(import_graph()) == []


def test_the_checks_see_what_they_look_for():
    """The builder imports xlsm, and xlsm must not import the builder (not even lazily)."""
    graph = import_graph()
    assert "lkjip_xl.workbook.xlsm" in graph["lkjip_xl.workbook.builder"]
    assert "lkjip_xl.workbook.builder" not in graph["lkjip_xl.workbook.xlsm"]
    # Function-level imports are in the graph: cli imports the builder inside a command.
    assert "lkjip_xl.workbook.builder" in graph["lkjip_xl.cli"]
