"""The command line ``lkjip-xl``: a thin shell over :mod:`lkjip_xl.workbook`.

Messages are Bahasa Indonesia; every failure is one clear sentence and a non-zero exit.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(
    name="lkjip-xl",
    help="Mesin LKjIP: menghitung capaian, predikat, efisiensi dan IP-ASN langsung di buku kerja.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
templates_app = typer.Typer(help="Templat standar.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")

out = Console()
err = Console(stderr=True)


class Gagal(Exception):
    """A failure to report as one sentence."""


@contextmanager
def _langkah(description: str):
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task(description, total=None)

        def advance(text: str) -> None:
            progress.update(task, description=text)

        yield advance


def _run(action: Callable[[], int | None]) -> None:
    from lkjip_xl.workbook.file_book import WorkbookError
    from lkjip_xl.workbook.reader import StructureError
    from lkjip_xl.workbook.safe_write import WorkbookLockedError

    try:
        code = action()
    except (Gagal, WorkbookError, StructureError, WorkbookLockedError, FileExistsError,
            PermissionError, FileNotFoundError, ValueError) as exc:  # fmt: skip
        err.print(f"[bold red]Gagal:[/] {exc}")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        err.print("Dibatalkan.")
        raise typer.Exit(130) from None
    except Exception as exc:  # the last line of defence: never a traceback for a user
        err.print(f"[bold red]Gagal karena kesalahan tak terduga:[/] {type(exc).__name__}: {exc}")
        raise typer.Exit(3) from None
    raise typer.Exit(code or 0)


def _masalah_table(laporan, limit: int | None = 50) -> Table:
    table = Table(title=f"Masalah di {laporan.book}", show_lines=False)
    for header in ("Tingkat", "Kode", "Tempat", "Keterangan"):
        table.add_column(header, overflow="fold")
    rows = laporan.galat + laporan.peringatan
    for m in rows[:limit] if limit else rows:
        colour = "red" if m.tingkat.value == "galat" else "yellow"
        table.add_row(f"[{colour}]{m.tingkat.value}[/]", m.code, m.place, m.message)
    return table


def _ringkasan_table(laporan) -> Table:
    table = Table(title=f"Ringkasan {laporan.book} ({laporan.template})")
    table.add_column("Besaran")
    table.add_column("Nilai", justify="right")
    from lkjip_xl.core.rounding import format_id

    for key, value in laporan.ringkasan.items():
        if isinstance(value, float):
            text = format_id(value, 2)
        elif value is None:
            text = "-"
        else:
            text = str(value)
        table.add_row(key.replace("_", " "), text)
    return table


@app.command("new")
def new(
    template: Annotated[str, typer.Argument(help="kinerja atau ipasn")],
    output: Annotated[Path, typer.Argument(help="Berkas .xlsx (atau .xlsm) yang dibuat")],
    overwrite: Annotated[bool, typer.Option("--timpa", help="Timpa berkas yang sudah ada")] = False,
    xlsm: Annotated[
        bool,
        typer.Option(
            "--xlsm",
            help="Buku kerja bermakro (.xlsm) dengan tombol Hitung Ulang dan Periksa; "
            "berkas berakhiran .xlsm selalu bermakro",
        ),
    ] = False,
) -> None:
    """Buat buku kerja baru dari templat standar."""

    def action() -> None:
        from lkjip_xl.workbook.builder import new_workbook
        from lkjip_xl.workbook.kinds import kind

        name = kind(template).name  # an unknown kind fails here, naming the known ones
        path = new_workbook(name, output, overwrite=overwrite, xlsm=True if xlsm else None)
        out.print(f"Buku kerja {template} dibuat: {path}")

    _run(action)


def _recompute(file: Path, output: Path | None) -> None:
    def action() -> int:
        from lkjip_xl.workbook.api import no_cyclic_gc
        from lkjip_xl.workbook.file_book import FileBook
        from lkjip_xl.workbook.recompute import recompute

        with no_cyclic_gc(), _langkah(f"Membaca {file.name}") as step:
            book = FileBook(file)
            step("Menghitung")
            laporan = recompute(book)
            step("Menyimpan")
            target = book.commit(output)
        out.print(_ringkasan_table(laporan))
        if laporan.masalah:
            out.print(_masalah_table(laporan, limit=20))
        for note in laporan.catatan:
            out.print(note)
        out.print(
            f"Disimpan: {target} ({len(laporan.galat)} galat, {len(laporan.peringatan)} "
            "peringatan)."
        )
        return 0

    _run(action)


@app.command("recompute")
def recompute_cmd(
    file: Annotated[Path, typer.Argument(help="Buku kerja .xlsx/.xlsm")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Simpan ke berkas lain")
    ] = None,
) -> None:
    """Hitung ulang semua sel hasil (hanya sel hasil yang diubah). Alias: hitung."""
    _recompute(file, output)


app.command("hitung", help="Sama dengan recompute.")(recompute_cmd)


def _check(file: Path, as_json: bool) -> None:
    def action() -> int:
        from lkjip_xl.workbook.api import check_file

        laporan = check_file(file)
        if as_json:
            sys.stdout.write(json.dumps(laporan.as_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            if laporan.masalah:
                out.print(_masalah_table(laporan, limit=None))
            out.print(
                f"{laporan.book}: {len(laporan.galat)} galat, {len(laporan.peringatan)} peringatan."
            )
        return 1 if laporan.galat else 0

    _run(action)


@app.command("check")
def check_cmd(
    file: Annotated[Path, typer.Argument(help="Buku kerja .xlsx/.xlsm")],
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON")] = False,
) -> None:
    """Periksa isian; keluar dengan kode 1 bila ada galat. Alias: periksa."""
    _check(file, as_json)


app.command("periksa", help="Sama dengan check.")(check_cmd)


@app.command("perbarui")
def perbarui_cmd(
    file: Annotated[Path, typer.Argument(help="Buku kerja .xlsx/.xlsm dari templat versi lama")],
) -> None:
    """Perbarui buku kerja ke versi templat terbaru: semua isian dibawa, berkas lama disimpan,
    lalu dihitung ulang. Alias: upgrade."""

    def action() -> int:
        from lkjip_xl.workbook.upgrade import upgrade_file

        with _langkah(f"Memperbarui {file.name}"):
            hasil = upgrade_file(file)
        if not hasil.diperbarui:
            out.print(f"{file.name} sudah memakai templat versi {hasil.ke}; tidak ada yang diubah.")
            return 0
        for line in hasil.peringatan:
            out.print(f"[yellow]Peringatan:[/] {line}")
        laporan = hasil.laporan
        counts = (
            f"{len(laporan.galat)} galat, {len(laporan.peringatan)} peringatan" if laporan else ""
        )
        out.print(
            f"{file.name} diperbarui dari templat versi {hasil.dari} ke {hasil.ke} dan dihitung "
            f"ulang ({counts}); berkas lama disimpan sebagai {hasil.cadangan}."
        )
        return 0

    _run(action)


app.command("upgrade", help="Sama dengan perbarui.")(perbarui_cmd)


@app.command("demo")
def demo(
    directory: Annotated[Path, typer.Argument(help="Folder keluaran")] = Path("demo-output"),
) -> None:
    """Buat dan hitung contoh buku kerja dari laporan LKjIP nyata."""

    def action() -> None:
        from lkjip_xl.workbook.demo import DEMOS, build_demo
        from lkjip_xl.workbook.report.document import default_output, report_docx

        with Progress(
            TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err,
            transient=True, disable=not err.is_terminal,
        ) as progress:  # fmt: skip
            task = progress.add_task("Membuat contoh", total=len(DEMOS))
            reports = []
            for name in DEMOS:
                progress.update(task, description=f"Membuat {name}")
                path, laporan = build_demo(name, directory)
                reports.append((path, laporan, report_docx(path, default_output(path))))
                progress.advance(task)
        for path, laporan, docx in reports:
            out.print(_ringkasan_table(laporan))
            out.print(f"  {path}: {len(laporan.galat)} galat, {len(laporan.peringatan)} peringatan")
            out.print(f"  Laporan: {docx}")

    _run(action)


@app.command("laporan")
def laporan_cmd(
    file: Annotated[Path, typer.Argument(help="Buku kerja .xlsx/.xlsm")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Dokumen .docx (bawaan: NAMA.laporan.docx)"),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Buat juga PDF-nya dengan LibreOffice")
    ] = False,
) -> None:
    """Tulis Bab III LKjIP sebagai dokumen Word (buku kerja tidak diubah). Alias: report."""

    def action() -> int:
        from rich.markup import escape

        from lkjip_xl.workbook.report.document import write_report
        from lkjip_xl.workbook.report.pdf import PdfError

        try:
            with _bar(f"Menyusun laporan {file.name}") as update:
                hasil = write_report(file, output, pdf=pdf, progress=update)
        except PdfError as exc:
            raise Gagal(escape(str(exc))) from None
        for note in hasil.catatan:
            out.print(escape(note))
        written = ", ".join(str(p) for p in (hasil.docx, hasil.pdf) if p is not None)
        out.print(f"Laporan ditulis: {escape(written)} ({hasil.galat} galat, {hasil.peringatan} "
                  "peringatan di buku kerja).")  # fmt: skip
        return 0

    _run(action)


app.command("report", help="Sama dengan laporan.")(laporan_cmd)


@templates_app.command("build")
def templates_build(
    directory: Annotated[Path, typer.Option("--out", help="Folder templat")] = Path(
        "workbook_templates"
    ),
) -> None:
    """Bangun ulang templat standar dari deklarasinya."""

    def action() -> None:
        from lkjip_xl.workbook.kinds import build_templates

        for path in build_templates(directory, xlsm=True):
            out.print(f"Templat dibangun: {path}")

    _run(action)


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option("--host", help="Alamat yang didengarkan")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port")] = 8000,
    url: Annotated[
        str | None,
        typer.Option("--url", help="Alamat server yang dipakai Excel (manifest), mis. https://..."),
    ] = None,
    ssl_keyfile: Annotated[
        Path | None, typer.Option("--ssl-keyfile", help="Kunci TLS (Office.js butuh HTTPS)")
    ] = None,
    ssl_certfile: Annotated[
        Path | None, typer.Option("--ssl-certfile", help="Sertifikat TLS")
    ] = None,
) -> None:
    """Jalankan server Office.js: fungsi LKJIP.LKJ_* dan tombol Hitung Ulang / Periksa."""

    def action() -> None:
        from lkjip_xl.excel.server import ServerUnavailable, serve

        try:
            serve(
                host,
                port,
                public_url=url,
                ssl_keyfile=str(ssl_keyfile) if ssl_keyfile else None,
                ssl_certfile=str(ssl_certfile) if ssl_certfile else None,
            )
        except ServerUnavailable as exc:
            from rich.markup import escape

            raise Gagal(escape(str(exc))) from None  # "[server]" is not console markup

    _run(action)


@contextmanager
def _bar(description: str):
    """A rich progress bar on stderr; yields ``update(done, total, text)``."""
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal,
    ) as progress:  # fmt: skip
        task = progress.add_task(description, total=None)

        def update(done: int, total: int, text: str) -> None:
            progress.update(task, completed=done, total=total, description=text, refresh=True)

        yield update


@app.command("distribute")
def distribute_cmd(
    master: Annotated[Path, typer.Argument(help="Buku kerja induk .xlsx/.xlsm")],
    output: Annotated[Path, typer.Option("-o", "--out", help="Folder untuk buku kerja unit")],
    per: Annotated[
        str | None, typer.Option("--per", help='Kolom pembagi, misalnya "Unit Kerja" atau Sasaran')
    ] = None,
    batas_waktu: Annotated[
        str | None, typer.Option("--batas-waktu", help="Batas pengembalian, misalnya 2026-12-31")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON")] = False,
) -> None:
    """Bagikan buku kerja induk: satu buku kerja per unit, berisi baris unit itu. Alias: bagikan."""

    def action() -> int:
        from lkjip_xl.workbook.exchange.distribute import distribute, parse_deadline

        deadline = parse_deadline(batas_waktu)
        with _bar(f"Membagikan {master.name}") as update:
            result = distribute(master, output, per, deadline, progress=update)
        if as_json:
            sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
            return 0
        table = Table(title=f"Distribusi {result.id} (per {result.per})")
        for header in ("Unit", "Berkas", "Baris"):
            table.add_column(header, overflow="fold")
        for sent in result.workbooks:
            table.add_row(sent.unit, sent.path.name, str(next(iter(sent.rows.values()))))
        out.print(table)
        for m in result.masalah:
            out.print(f"[yellow]{m.code}[/] {m.place}: {m.message}")
        out.print(f"{len(result.workbooks)} buku kerja unit dan manifest {result.manifest}.")
        return 0

    _run(action)


app.command("bagikan", help="Sama dengan distribute.")(distribute_cmd)


@app.command("collect")
def collect_cmd(
    master: Annotated[Path, typer.Argument(help="Buku kerja induk .xlsx/.xlsm")],
    files: Annotated[list[Path], typer.Argument(help="Buku kerja yang dikirim kembali oleh unit")],
    manifest: Annotated[
        Path | None, typer.Option("--manifest", help="Manifest distribusi (bawaan: cap induk)")
    ] = None,
    keep_removed: Annotated[
        bool, typer.Option("--jangan-hapus", help="Baris yang dihapus unit tetap di induk")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON")] = False,
) -> None:
    """Kumpulkan buku kerja unit, gabungkan isiannya ke induk, hitung ulang. Alias: kumpulkan."""

    def action() -> int:
        from lkjip_xl.workbook.exchange.codes import StatusKiriman
        from lkjip_xl.workbook.exchange.collect import collect

        with _bar(f"Mengumpulkan ke {master.name}") as update:
            result = collect(
                master, list(files), manifest=manifest, apply_removals=not keep_removed,
                progress=update,
            )  # fmt: skip
        failed = result.count(StatusKiriman.DITOLAK) + result.count(StatusKiriman.KONFLIK)
        if as_json:
            sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
            return 1 if failed else 0
        colours = {"Diterima": "green", "Ditolak": "red", "Konflik": "yellow"}
        table = Table(title=f"Pengumpulan distribusi {result.distribution}")
        for header in ("Unit", "Berkas", "Status", "Baris", "Diubah", "Ditambah", "Dihapus"):
            table.add_column(header, overflow="fold")
        for k in result.kiriman:
            status = k.status.value if k.status else "-"
            numbers = (k.rows, k.changed, k.added, k.removed)
            table.add_row(
                k.unit or "-", k.name, f"[{colours.get(status, 'white')}]{status}[/]",
                *("-" if n is None else str(n) for n in numbers),
            )  # fmt: skip
        for unit in result.awaited:
            table.add_row(unit, "-", "[dim]Belum Kembali[/]", "-", "-", "-", "-")
        out.print(table)
        problems = Table(title="Masalah", show_lines=False)
        for header in ("Berkas", "Kode", "Tempat", "Keterangan"):
            problems.add_column(header, overflow="fold")
        shown = 0
        for k in result.kiriman:
            for m in k.masalah:
                if shown < 100:
                    colour = "red" if m.tingkat.value == "galat" else "yellow"
                    problems.add_row(k.name, f"[{colour}]{m.code}[/]", m.place, m.message)
                shown += 1
        if shown:
            out.print(problems)
        if shown > 100:
            out.print(f"... dan {shown - 100} masalah lain; lihat lembar Pengumpulan atau --json.")
        counts = ", ".join(
            f"{result.count(s)} {s.value.lower()}" for s in StatusKiriman if result.count(s)
        )
        out.print(
            f"{result.master}: {counts or 'tidak ada berkas'}; {len(result.awaited)} unit belum "
            f"kembali. Berkas asli disimpan di {result.archive}."
        )
        return 1 if failed else 0

    _run(action)


app.command("kumpulkan", help="Sama dengan collect.")(collect_cmd)


@app.command("codes")
def codes_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON")] = False,
) -> None:
    """Daftar kode masalah: tingkat, area, judul dan pesannya. Alias: kode."""

    def action() -> None:
        from rich.markup import escape

        from lkjip_xl.core.problems import Kode, katalog, level_text

        if as_json:
            sys.stdout.write(json.dumps(katalog(), ensure_ascii=False, indent=2) + "\n")
            return
        table = Table(title=f"Kode masalah lkjip_xl ({len(Kode)})")
        for header in ("Kode", "Tingkat", "Area", "Judul", "Pesan"):
            # A code is looked up as typed: never wrapped, the words may be.
            table.add_column(header, overflow="fold", no_wrap=header == "Kode")
        for k in Kode:
            table.add_row(k.value, level_text(k), k.area.value, k.judul, escape(k.pesan))
        out.print(table)

    _run(action)


app.command("kode", help="Sama dengan codes.")(codes_cmd)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
