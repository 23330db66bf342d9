"""The frame of ``lkjip-xl`` speaks Indonesian: no English of typer or click leaks into any help
page or usage error.

The forbidden English is not a list typed here: it is read from the installed frameworks' own
source (typer, its vendored click, and click when installed), so a message they add or reword
is checked too.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from lkjip_xl.cli import app

# Calls whose string arguments are shown to a user: the gettext marker, click's exceptions and
# the ways click prints or fails.
MESSAGE_CALLS = {
    "_", "UsageError", "BadParameter", "MissingParameter", "NoSuchOption", "BadOptionUsage",
    "BadArgumentUsage", "FileError", "ClickException", "fail", "echo", "secho",
}  # fmt: skip
# Names that hold user-facing words: the usage prefix, metavars, an exception's message.
MESSAGE_NAMES = re.compile(r"prefix|metavar|message|msg|hint|suggest|_STRING$|_TITLE$|_TEXT$")


def _pieces(node: ast.AST) -> list[str]:
    """The literal text of a string or f-string expression (anywhere inside ``node``)."""
    found = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            found.append(sub.value)
    return found


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _target_name(target: ast.expr) -> str:
    return target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")


def messages_of(path: Path) -> set[str]:
    """Every user-facing literal text of one framework module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    texts: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if _call_name(node) in MESSAGE_CALLS:
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    texts += _pieces(arg)
            texts += [t for k in node.keywords if k.arg == "help" for t in _pieces(k.value)]
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value and any(MESSAGE_NAMES.search(_target_name(t)) for t in targets):
                texts += _pieces(node.value)
        elif isinstance(node, ast.FunctionDef):
            named = [*node.args.args, *node.args.kwonlyargs]
            defaults = [*node.args.defaults, *node.args.kw_defaults]
            for arg, default in zip(reversed(named), reversed(defaults), strict=False):
                if default is not None and MESSAGE_NAMES.search(arg.arg):
                    texts += _pieces(default)
    return set(texts)


def _fragments(text: str) -> list[str]:
    """The parts of a message a user would read: at least three letters, placeholders cut."""
    parts = re.split(r"\{[^}]*\}|%\(?\w*\)?[sdr]|[\n\t]", text)
    edges = " .,:;!?'\"()[]<>*-"
    return [p.strip(edges) for p in parts if len(re.findall(r"[A-Za-z]", p)) >= 3]


def framework_sources() -> list[Path]:
    root = Path(typer.__file__).parent
    sources = sorted(root.glob("*.py")) + sorted((root / "_click").glob("*.py"))
    spec = importlib.util.find_spec("click")
    if spec and spec.origin:  # the click an older typer would run on
        sources += sorted(Path(spec.origin).parent.glob("*.py"))
    return [p for p in sources if p.name != "testing.py"]


def forbidden_english() -> set[str]:
    found: set[str] = set()
    for path in framework_sources():
        for text in messages_of(path):
            found.update(_fragments(text))
    return found


FORBIDDEN = forbidden_english()
# Type labels typer prints beside a parameter (``<bool>``, ``<path>``, ``<list[Path]>``).
TYPE_LABEL = re.compile(r"<[a-zA-Z][\w\[\]|, ]*>")


def english_in(output: str) -> list[str]:
    # Option names are the command line's own (``--version``, ``--json``), not prose.
    flat = " ".join(re.sub(r"[│╭╮╰╯─]|(?<!\S)--?[a-z][\w-]*", " ", output).split())
    leaks = [f for f in FORBIDDEN if re.search(rf"(?<![A-Za-z]){re.escape(f)}(?![A-Za-z])", flat)]
    return leaks + TYPE_LABEL.findall(flat)


def test_the_forbidden_list_holds_the_frameworks_words():
    """The list is read from the sources: the words of the issue are in it, or the test is void."""
    for english in ("Show this message and exit", "Usage", "Did you mean", "required",
                    "Got unexpected extra argument(s", "Missing", "No such option",
                    "Arguments", "Options", "Commands", "Error", "default",
                    "Install completion for the current shell", "COMMAND [ARGS",
                    "OPTIONS", "Invalid value for", "Aborted"):  # fmt: skip
        assert english in FORBIDDEN, english
    assert english_in("Usage: x [OPTIONS]") and english_in("│ --json  <bool>  Keluaran JSON │")
    assert not english_in("Penggunaan: lkjip-xl periksa [OPSI] BERKAS; distribusi, Opsi")


def command_paths(command, prefix=()) -> list[tuple[str, ...]]:
    """Every command and subcommand, hidden aliases included."""
    paths = [prefix]
    for name, sub in getattr(command, "commands", {}).items():
        paths += command_paths(sub, (*prefix, name))
    return paths


ALL_COMMANDS = command_paths(typer.main.get_command(app))


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "300"})


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "lkjip-xl")
def test_every_help_page_is_indonesian(path):
    done = run(*path, "--help")
    assert done.exit_code == 0, done.output
    assert "Penggunaan: lkjip-xl" in done.output
    assert "Tampilkan bantuan ini lalu keluar." in done.output
    assert not english_in(done.output), (english_in(done.output), done.output)
    if path and path != ("templates",):  # a command, not a group: its examples follow
        assert "\n Contoh:\n   lkjip-xl " in done.output, done.output


def test_the_list_shows_each_command_once_and_aliases_in_their_command():
    import inspect

    group = typer.main.get_command(app)
    listing = run("--help").output
    visible = [n for n, c in group.commands.items() if not c.hidden]
    for name in group.commands:
        assert len(re.findall(rf"│ {re.escape(name)} ", listing)) == (name in visible), name
    commands = [group.commands[n] for n in visible]
    functions = [inspect.unwrap(c.callback) for c in commands if c.callback is not None]
    assert len(functions) == len(set(functions)), "a function is listed under two names"
    assert {"new", "hitung", "periksa", "demo", "serve", "bagikan", "kumpulkan", "kode",
            "templates"} <= set(visible)  # fmt: skip
    for shown, alias in [("hitung", "recompute"), ("periksa", "check"), ("bagikan", "distribute"),
                         ("kumpulkan", "collect"), ("kode", "codes")]:  # fmt: skip
        assert f"Nama lain: {alias}." in run(shown, "--help").output
        page = run(alias, "--help").output
        assert f"Nama lain: {shown}." in page and f"lkjip-xl {shown} " in page  # its examples


def test_every_command_has_examples_and_names_its_values_in_indonesian():
    from typer.core import TyperArgument

    for path in ALL_COMMANDS:
        command = typer.main.get_command(app)
        for name in path:
            command = command.commands[name]
        if hasattr(command, "commands") or command.hidden:
            continue
        assert command.epilog and command.epilog.startswith("Contoh:\n  lkjip-xl "), path
        for param in command.params:  # a Python name (FILE, OUTPUT) would show otherwise
            takes_value = isinstance(param, TyperArgument) or not param.is_flag
            assert not takes_value or param.metavar, (path, param.name)


USAGE_ERRORS = {
    ("hitng", "x.xlsx"): "Perintah 'hitng' tidak dikenal. Mungkin maksudnya: 'hitung'?",
    ("templates", "bild"): "Perintah 'bild' tidak dikenal. Mungkin maksudnya: 'build'?",
    # Caps Lock on: no suggestion was made for the command's own name in capitals.
    ("HITUNG", "x.xlsx"): "Perintah 'HITUNG' tidak dikenal. Mungkin maksudnya: 'hitung'?",
    ("periksa",): "Argumen BERKAS belum diberikan.",
    ("periksa", "a.xlsx", "b.xlsx"): "Argumen berlebih: b.xlsx.",
    ("periksa", "--jsn", "a.xlsx"): "Opsi --jsn tidak dikenal. Mungkin maksudnya: '--json'?",
    ("periksa", "--json=1", "a.xlsx"): "Opsi --json tidak menerima nilai.",
    ("hitung", "a.xlsx", "-o"): "Opsi -o memerlukan nilai.",
    ("bagikan", "a.xlsx"): "Opsi --out wajib diberikan.",
    ("serve", "--port", "abc"): "Nilai 'abc' untuk --port tidak sah; yang diharapkan: bilangan",
    ("--bantuan",): "Opsi --bantuan tidak dikenal.",
}


@pytest.mark.parametrize("args", list(USAGE_ERRORS), ids=" ".join)
def test_usage_errors_are_one_indonesian_sentence_and_exit_2(args):
    done = run(*args)
    assert done.exit_code == 2, done.output
    said = " ".join(done.output.split())
    assert f"Gagal: {USAGE_ERRORS[args]}" in said, said
    assert "Penggunaan: lkjip-xl" in said and "--help' untuk bantuan." in said
    assert not english_in(done.output), english_in(done.output)


def test_a_bare_call_prints_the_help_and_exits_0():
    done = run()
    assert done.exit_code == 0
    assert "Penggunaan: lkjip-xl [OPSI] PERINTAH [ARGUMEN]..." in done.output
    assert "Kode keluar:" in done.output and not english_in(done.output)
    group = run("templates")
    assert group.exit_code == 0 and "build" in group.output


def test_version_prints_the_package_version():
    # The installed package's metadata (built by setuptools from the version pyproject.toml
    # points at) is the counterpart; tests/test_versi.py builds the package to compare.
    from importlib.metadata import version

    done = run("--version")
    assert done.exit_code == 0
    assert done.output == f"lkjip-xl {version('lkjip_xl')}\n"


def test_a_second_registration_of_a_function_is_an_alias_even_when_not_marked_hidden():
    """How a command added later with ``app.command("english")(fungsi)`` is shown."""
    from lkjip_xl.cli_chrome import KelompokPerintah
    from lkjip_xl.cli_text import contoh

    demo = typer.Typer(name="lkjip-xl", cls=KelompokPerintah)

    @demo.command("perbarui", epilog=contoh(("lkjip-xl perbarui A.xlsx", "Perbarui A.xlsx.")))
    def perbarui(berkas: str = typer.Argument(metavar="BERKAS")) -> None:
        """Perbarui buku kerja ke versi templat terbaru."""

    demo.command("upgrade", help="Sama dengan perbarui.")(perbarui)
    demo.command("lain")(lambda: None)
    runner = CliRunner()
    listing = runner.invoke(demo, ["--help"]).output
    assert "│ perbarui " in listing and "upgrade" not in listing
    page = runner.invoke(demo, ["upgrade", "--help"]).output
    assert (
        "Perbarui buku kerja ke versi templat terbaru." in page and "Nama lain: perbarui." in page
    )
    assert "lkjip-xl perbarui A.xlsx" in page and "Sama dengan" not in page


def test_h_is_help_everywhere():
    for path in ALL_COMMANDS:
        assert run(*path, "-h").output == run(*path, "--help").output, path
