"""The frame around the commands of ``lkjip-xl``: help pages, usage errors, aliases, in Indonesian.

typer (0.29 and later) vendors click without its translation catalog, so its help and usage
errors are fixed English strings. The command line therefore keeps typer for what it does well
(reading the commands' signatures, parsing) and owns the words around them:

- :class:`Konteks`, the context of every command, draws the usage line and the help page
  (:func:`halaman_bantuan`) from the commands' own declarations and :mod:`lkjip_xl.cli_text`;
- :class:`KelompokPerintah`, the group class of every ``typer.Typer`` of the command line
  (``cls=KelompokPerintah``), turns the exceptions of parsing into one Indonesian sentence by their
  class and attributes (:func:`pesan_penggunaan`), exits 0 with the help page when called bare,
  and shows an alias once: a later registration of the same function is hidden and named in
  the help page of its command.

Exit codes (documented in the README and in ``lkjip-xl --help``) are those of
:mod:`lkjip_xl.cli_keluar`, re-exported here.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Iterable, Sequence
from difflib import get_close_matches
from typing import Any, cast, get_args, get_origin

import typer
from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

# typer exports only some of its parsing errors; the others live in its vendored click (typer
# >= 0.26), whose classes and attributes the tests of the command line exercise one by one.
from typer._click import exceptions as click_errors
from typer.core import TyperArgument, TyperGroup, TyperOption

from lkjip_xl import cli_text as kata
from lkjip_xl.cli_keluar import KELUAR_BERHASIL as KELUAR_BERHASIL
from lkjip_xl.cli_keluar import KELUAR_DIBATALKAN as KELUAR_DIBATALKAN
from lkjip_xl.cli_keluar import KELUAR_DITOLAK as KELUAR_DITOLAK
from lkjip_xl.cli_keluar import KELUAR_GALAT as KELUAR_GALAT
from lkjip_xl.cli_keluar import KELUAR_TAK_TERDUGA as KELUAR_TAK_TERDUGA
from lkjip_xl.cli_keluar import Gagal as Gagal
from lkjip_xl.cli_klik import konsol


class ArgumenBerlebih(click_errors.UsageError):
    """Words left over after every argument of a command is filled."""

    def __init__(self, extra: Sequence[str], ctx: typer.Context) -> None:
        super().__init__(kata.argumen_berlebih(extra), ctx)


class PerintahTidakDikenal(click_errors.UsageError):
    def __init__(self, name: str, suggestions: Sequence[str], ctx: typer.Context) -> None:
        super().__init__(kata.perintah_tidak_dikenal(name, suggestions), ctx)


# --- what a parameter is called and takes ----------------------------------------------------
def _type_name(annotation: Any) -> str:
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
    return getattr(annotation, "__name__", "")


def nama_parameter(param: Any) -> str:
    """An argument's metavar (``BERKAS``), or an option's longest name (``--output``)."""
    if isinstance(param, TyperArgument):
        return param.metavar or (param.name or "").upper()
    return max([*param.opts, *param.secondary_opts], key=len)


def _value_label(param: Any) -> str | None:
    if isinstance(param, TyperOption) and param.is_flag:
        return None
    if param.metavar:
        return cast(str, param.metavar)
    name = _type_name(param.type_descriptor.annotation)
    return kata.LABEL_TIPE.get(name, kata.LABEL_LAIN)


def _usage_piece(param: Any) -> str:
    name = nama_parameter(param) + ("..." if param.nargs == -1 else "")
    return name if param.required else f"[{name}]"


def _shown_default(param: Any) -> str | None:
    default = param.default
    if default is None or param.show_default is False or callable(default):
        return None
    if isinstance(param, TyperOption) and param.is_flag:
        return None
    if isinstance(default, list | tuple):
        return ", ".join(map(str, default)) or None
    return str(default)


# --- the help page --------------------------------------------------------------------------
def baris_penggunaan(ctx: typer.Context) -> str:
    command = ctx.command
    pieces = [ctx.command_path]
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    if any(isinstance(p, TyperOption) for p in params):
        pieces.append(kata.METAVAR_OPSI)
    pieces += [_usage_piece(p) for p in params if isinstance(p, TyperArgument)]
    if isinstance(command, TyperGroup):
        pieces.append(kata.METAVAR_PERINTAH)
    return f"{kata.PENGGUNAAN} {' '.join(pieces)}"


def _family(ctx: typer.Context) -> tuple[Any, list[str]]:
    """The command whose help and examples ``ctx.command`` shows, and its other names."""
    group = ctx.parent.command if ctx.parent else None
    name = ctx.info_name or ""
    if not isinstance(group, KelompokPerintah) or name not in group.utama:
        return ctx.command, []
    return group.utama[name], [n for n in group.nama_lain[name] if n != name]


def _param_help(param: Any, ctx: typer.Context) -> Text:
    help_option = ctx.command.get_help_option(ctx)
    text = Text(kata.BANTUAN if param is help_option else _prose(param.help or ""))
    default = _shown_default(param)
    if default is not None:
        text.append(" " + kata.BAWAAN.format(default), style="dim")
    if param.required:
        text.append(" " + kata.WAJIB, style="dim red")
    return text


def _prose(text: str) -> str:
    """A help text as written in a docstring: paragraphs kept, the lines within them joined."""
    paragraphs = inspect.cleandoc(text).partition("\f")[0].split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _block(text: str | Text, top: int = 0) -> Padding:
    return Padding(text, (top, 1, 1, 1), expand=False)


def _panel(title: str, rows: list[list[RenderableType]]) -> Panel:
    table = Table(show_header=False, box=None, expand=True, padding=(0, 1), pad_edge=False)
    marked = any(row[0] for row in rows)  # the required ones, with "*"
    if marked:
        table.add_column(no_wrap=True, style="red", width=1)
    table.add_column(no_wrap=True, style="bold cyan")
    table.add_column(no_wrap=True, style="yellow")
    table.add_column(ratio=1)
    for row in rows:
        table.add_row(*(row if marked else row[1:]))
    return Panel(table, title=title, title_align="left", border_style="dim", box=box.ROUNDED)


def _param_rows(ctx: typer.Context, params: Iterable[Any]) -> list[list[RenderableType]]:
    rows: list[list[RenderableType]] = []
    for param in params:
        if isinstance(param, TyperArgument):
            names = nama_parameter(param) + ("..." if param.nargs == -1 else "")
            label = ""
        else:
            names = ", ".join(sorted([*param.opts, *param.secondary_opts], key=len))
            label = _value_label(param) or ""
        rows.append(["*" if param.required else "", names, label, _param_help(param, ctx)])
    return rows


def _first_paragraph(command: Any) -> str:
    return _prose(command.short_help or command.help or "").split("\n\n", 1)[0]


def _command_rows(ctx: typer.Context, group: TyperGroup) -> list[list[RenderableType]]:
    rows: list[list[RenderableType]] = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None and not command.hidden:
            rows.append(["", name, "", Text(_first_paragraph(command))])
    return rows


def halaman_bantuan(ctx: typer.Context) -> list[RenderableType]:
    """The help page of ``ctx.command``: usage, description, parameters, commands, examples."""
    command = ctx.command
    primary, other_names = _family(ctx)
    parts: list[RenderableType] = [_block(Text(baris_penggunaan(ctx), style="bold"), top=1)]
    about = _prose(primary.help or "")
    if about:
        parts.append(_block(Text(about)))
    if other_names:
        parts.append(_block(Text(kata.NAMA_LAIN.format(", ".join(other_names)))))
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [p for p in params if isinstance(p, TyperArgument)]
    options = [p for p in params if not isinstance(p, TyperArgument)]
    if arguments:
        parts.append(_panel(kata.PANEL_ARGUMEN, _param_rows(ctx, arguments)))
    if options:
        parts.append(_panel(kata.PANEL_OPSI, _param_rows(ctx, options)))
    if isinstance(command, TyperGroup):
        rows = _command_rows(ctx, command)
        if rows:
            parts.append(_panel(kata.PANEL_PERINTAH, rows))
    if primary.epilog:
        # Examples are laid out line by line: kept as written.
        parts.append(Padding(Text(primary.epilog.strip("\n")), (1, 1, 0, 1), expand=False))
    return parts


def _render(renderables: list[RenderableType], stderr: bool = False) -> str:
    console = Console(stderr=stderr, highlight=False)
    with console.capture() as captured:
        console.print(Group(*renderables))
    return "\n".join(line.rstrip() for line in captured.get().rstrip("\n").splitlines())


class Konteks(typer.Context):
    """The context of every command: its usage line and help page are drawn in Indonesian."""

    def __init__(self, command: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(command, *args, **kwargs)
        # click fails on leftover words with a fixed English sentence inside parse_args; the
        # words are let through and refused in :meth:`invoke` instead, before the callback.
        self.refuse_extra = not isinstance(command, TyperGroup) and not self.allow_extra_args
        if self.refuse_extra:
            self.allow_extra_args = True

    def __exit__(self, exc_type: Any, exc_value: Any, tb: Any) -> Any:
        # The option parser raises its errors without a context; the one being parsed is theirs
        # (its usage line, its options), as click's augment_usage_errors does for parameters.
        if isinstance(exc_value, click_errors.UsageError) and exc_value.ctx is None:
            exc_value.ctx = self
        return super().__exit__(exc_type, exc_value, tb)

    def get_usage(self) -> str:
        return baris_penggunaan(self)

    def get_help(self) -> str:
        return _render(halaman_bantuan(self))

    def invoke(self, callback: Any, /, *args: Any, **kwargs: Any) -> Any:
        if self.refuse_extra and self.args and not self.resilient_parsing:
            raise ArgumenBerlebih(self.args, self)
        return super().invoke(callback, *args, **kwargs)


# --- usage errors ---------------------------------------------------------------------------
def _param_of_option(ctx: Any, option: str) -> Any:
    if ctx is None:
        return None
    for param in ctx.command.get_params(ctx):
        if option in (*param.opts, *param.secondary_opts):
            return param
    return None


def _bad_value(exc: click_errors.BadParameter) -> str:
    param = exc.param
    if param is None:
        return kata.PERINTAH_TIDAK_DIPAHAMI
    errors = getattr(exc.__cause__, "errors", None)  # pydantic's ValidationError, when it was
    given = errors()[0].get("input") if callable(errors) and errors() else None
    wanted = kata.HARUS_TIPE.get(_type_name(param.type_descriptor.annotation))
    return kata.nilai_tidak_sah(nama_parameter(param), given, wanted)


def pesan_penggunaan(exc: click_errors.UsageError) -> str:
    """One Indonesian sentence for a usage error, from its class and attributes."""
    if isinstance(exc, ArgumenBerlebih | PerintahTidakDikenal):
        return exc.message
    if isinstance(exc, click_errors.MissingParameter):
        if exc.param is None:
            return kata.PERINTAH_TIDAK_DIPAHAMI
        name = nama_parameter(exc.param)
        if isinstance(exc.param, TyperArgument):
            return kata.argumen_belum_ada(name)
        return kata.opsi_belum_ada(name)
    if isinstance(exc, click_errors.BadParameter):
        return _bad_value(exc)
    if isinstance(exc, click_errors.NoSuchOption):
        return kata.opsi_tidak_dikenal(exc.option_name, sorted(exc.possibilities or ()))
    if isinstance(exc, click_errors.BadOptionUsage):
        param = _param_of_option(exc.ctx, exc.option_name)
        if param is not None and getattr(param, "is_flag", False):
            return kata.opsi_tanpa_nilai(exc.option_name)
        return kata.opsi_perlu_nilai(exc.option_name)
    return kata.PERINTAH_TIDAK_DIPAHAMI


def tampilkan_galat_penggunaan(exc: click_errors.UsageError) -> None:
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    console.print(Text.assemble(("Gagal: ", "bold red"), pesan_penggunaan(exc)))
    ctx = exc.ctx
    if ctx is not None:
        console.print(Text(ctx.get_usage()))
        console.print(Text(kata.COBA_BANTUAN.format(perintah=ctx.command_path), style="dim"))


# --- the group -------------------------------------------------------------------------------
def _unwrapped(command: Any) -> Callable[..., Any] | None:
    callback = getattr(command, "callback", None)
    return inspect.unwrap(callback) if callback is not None else None


class KelompokPerintah(TyperGroup):
    """A typer group whose help, errors and aliases speak Indonesian (see the module's doc)."""

    context_class = Konteks

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.nama_lain: dict[str, list[str]] = {}  # every name of a family -> all its names
        self.utama: dict[str, Any] = {}  # every name of a family -> its first, shown command
        families: dict[Any, list[str]] = {}
        for name, command in self.commands.items():
            key = _unwrapped(command)
            if key is not None and not isinstance(command, TyperGroup):
                families.setdefault(key, []).append(name)
            _adopt(command)
        for names in families.values():
            shown = [n for n in names if not self.commands[n].hidden] or names
            ordered = [shown[0], *(n for n in names if n != shown[0])]
            for name in names:
                self.nama_lain[name] = ordered
                self.utama[name] = self.commands[ordered[0]]
                self.commands[name].hidden = name != ordered[0]

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name = args[0]
        command = self.get_command(ctx, name)
        if command is None and not ctx.resilient_parsing:
            if name.startswith("-"):
                self.parse_args(ctx, args)  # raises the option error of the group
            known = [n for n, c in self.commands.items() if not c.hidden] + list(self.nama_lain)
            # Lower case first: HITUNG (Caps Lock on) is as close to hitung as a name can be.
            close = get_close_matches(name.lower(), dict.fromkeys(known))
            raise PerintahTidakDikenal(name, close, ctx)
        return (name if command else None), command, args[1:]

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(
                args, prog_name or self.name or kata.PROGRAM, complete_var, standalone_mode=False,
                windows_expand_args=windows_expand_args, **extra,
            )  # fmt: skip
            code = result if isinstance(result, int) else KELUAR_BERHASIL
        except click_errors.NoArgsIsHelpError as exc:
            sys.stdout.write(exc.ctx.get_help() + "\n")
            code = KELUAR_BERHASIL
        except click_errors.UsageError as exc:
            tampilkan_galat_penggunaan(exc)
            code = KELUAR_DITOLAK
        except click_errors.ClickException as exc:  # a file parameter typer could not open
            name = getattr(exc, "ui_filename", None)
            said = kata.tidak_dapat_dibuka(name) if name else kata.PERINTAH_TIDAK_DIPAHAMI
            konsol(stderr=True, soft_wrap=True).print(f"Gagal: {said}")
            code = KELUAR_DITOLAK
        except typer.Abort:
            Console(stderr=True).print(kata.DIBATALKAN)
            code = KELUAR_DIBATALKAN
        if standalone_mode:
            sys.exit(code)
        return code


def _adopt(command: Any) -> None:
    """Draw ``command``'s (and its subcommands') help and usage with :class:`Konteks`."""
    command.context_class = Konteks
    for sub in getattr(command, "commands", {}).values():
        _adopt(sub)


def versi_paket() -> str:
    """The installed distribution's version; the package's own when run from a checkout."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lkjip_xl")
    except PackageNotFoundError:
        from lkjip_xl import __version__

        return __version__
