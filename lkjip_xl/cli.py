"""The command line ``lkjip-xl``: a thin shell over :mod:`lkjip_xl.workbook`.

Messages are Bahasa Indonesia; every failure is one clear sentence and a non-zero exit. The
frame around the commands (help pages, usage errors, aliases, exit codes) is
:mod:`lkjip_xl.cli_chrome`; every ``typer.Typer`` here is made with ``cls=KelompokPerintah``.
An alias is the same function registered again under another name: it is hidden from the list
and named in the help page of its command.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":
    # A button's command line runs and exits here, before typer is imported (lkjip_xl.cli_cepat).
    from lkjip_xl.cli_cepat import klik

    klik(sys.argv[1:])

import json
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from lkjip_xl.cli_chrome import (
    KELUAR_BERHASIL,
    KELUAR_GALAT,
    Gagal,
    KelompokPerintah,
    versi_paket,
)
from lkjip_xl.cli_klik import berwarna, err, out, run_action
from lkjip_xl.cli_klik import exit_code as _exit_code
from lkjip_xl.cli_klik import langkah as _langkah
from lkjip_xl.cli_klik import ringkasan_table as _ringkasan_table
from lkjip_xl.cli_paths import berkas_kiriman, buku_kerja_keluaran, buku_kerja_masukan
from lkjip_xl.cli_progress import kemajuan
from lkjip_xl.cli_text import (
    KODE_KELUAR,
    VERSI,
    argumen,
    contoh,
    dibatalkan_setelah_disimpan,
    dibuat,
    ribuan,
)

if TYPE_CHECKING:
    from lkjip_xl.workbook.exchange.collect import HasilPengumpulan

app = typer.Typer(
    name="lkjip-xl",
    cls=KelompokPerintah,
    help="Mesin LKjIP: menghitung capaian, predikat, efisiensi dan IP-ASN langsung di buku kerja.",
    epilog=contoh(
        ("lkjip-xl demo", "Buat contoh buku kerja dari laporan LKjIP nyata di folder demo-output."),
        ("lkjip-xl new kinerja Kinerja2025.xlsx", "Buat buku kerja kinerja baru."),
        ("lkjip-xl hitung Kinerja2025.xlsx", "Hitung ulang semua hasil di buku kerja itu."),
        ("lkjip-xl hitung --help", "Bantuan dan contoh untuk satu perintah."),
    )
    + "\n\n"
    + KODE_KELUAR,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
templates_app = typer.Typer(cls=KelompokPerintah, help="Templat standar.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")


def _show_version(value: bool) -> None:
    if value:
        out.print(f"lkjip-xl {versi_paket()}", highlight=False)
        raise typer.Exit(KELUAR_BERHASIL)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", help=VERSI, callback=_show_version, is_eager=True),
    ] = False,
) -> None:
    """Mesin LKjIP: menghitung capaian, predikat, efisiensi dan IP-ASN langsung di buku kerja."""


def _run(action: Callable[[], int | None], as_json: bool = False) -> None:
    raise typer.Exit(run_action(action, as_json))


@app.command(
    "new",
    epilog=contoh(
        ("lkjip-xl new kinerja Kinerja2025.xlsx", "Buku kerja kinerja (capaian, predikat)."),
        ("lkjip-xl new ipasn IPASN2025.xlsx", "Buku kerja IP-ASN pegawai."),
        ("lkjip-xl new kinerja Kinerja2025.xlsm", "Dengan tombol Hitung Ulang dan Periksa."),
        ("lkjip-xl new kinerja Kinerja2025.xlsx --timpa", "Ganti berkas yang sudah ada."),
    ),
)
def new(
    template: Annotated[
        str, typer.Argument(metavar="JENIS", help="kinerja atau ipasn (huruf besar boleh)")
    ],
    output: Annotated[
        Path, typer.Argument(metavar="BERKAS", help="Berkas .xlsx (atau .xlsm) yang dibuat")
    ],
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

        name = kind(template.strip().lower()).name  # an unknown kind fails, naming the known ones
        buku_kerja_keluaran(
            output, perintah=f"lkjip-xl new {name}", opsi_timpa="--timpa", timpa=overwrite
        )
        path = new_workbook(name, output, overwrite=overwrite, xlsm=True if xlsm else None)
        out.print(dibuat(name, path, path.suffix.lower() == ".xlsm"))

    _run(action)


def _recompute(file: Path, output: Path | None, overwrite: bool = False) -> None:
    from lkjip_xl.cli_klik import recompute_command

    raise typer.Exit(recompute_command(file, output, overwrite))


@app.command(
    "hitung",
    epilog=contoh(
        ("lkjip-xl hitung Kinerja2025.xlsx", "Hitung ulang dan simpan di berkas yang sama."),
        ("lkjip-xl hitung Kinerja2025.xlsx -o Kinerja2025-final.xlsx", "Simpan ke berkas lain."),
    ),
)
def recompute_cmd(
    file: Annotated[Path, typer.Argument(metavar="BERKAS", help="Buku kerja .xlsx/.xlsm")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="BERKAS", help="Simpan ke berkas lain"),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--timpa", help="Timpa berkas --output yang sudah ada")
    ] = False,
) -> None:
    """Hitung ulang semua sel hasil (hanya sel hasil yang diubah); keluar dengan kode 1 bila masih
    ada galat."""
    _recompute(file, output, overwrite)


app.command("recompute", hidden=True)(recompute_cmd)


def _check(file: Path, as_json: bool) -> None:
    from lkjip_xl.cli_klik import check_command

    raise typer.Exit(check_command(file, as_json))


@app.command(
    "periksa",
    epilog=contoh(
        ("lkjip-xl periksa Kinerja2025.xlsx", "Daftar masalah isian beserta selnya."),
        ("lkjip-xl periksa Kinerja2025.xlsx --json", "Daftar yang sama untuk program lain."),
    ),
)
def check_cmd(
    file: Annotated[Path, typer.Argument(metavar="BERKAS", help="Buku kerja .xlsx/.xlsm")],
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON")] = False,
) -> None:
    """Periksa isian tanpa mengubah berkas; keluar dengan kode 1 bila ada galat."""
    _check(file, as_json)


app.command("check", hidden=True)(check_cmd)


@app.command(
    "perbarui",
    epilog=contoh(
        ("lkjip-xl perbarui Kinerja2025.xlsx", "Bawa buku kerja ke versi templat terbaru."),
    ),
)
def perbarui_cmd(
    file: Annotated[
        Path,
        typer.Argument(metavar="BERKAS", help="Buku kerja .xlsx/.xlsm dari templat versi lama"),
    ],
) -> None:
    """Perbarui buku kerja ke versi templat terbaru: semua isian dibawa, berkas lama disimpan,
    lalu dihitung ulang."""

    def action() -> int:
        from lkjip_xl.workbook.upgrade import upgrade_file

        buku_kerja_masukan(file)
        with _langkah(f"Memperbarui {file.name}"):
            hasil = upgrade_file(file)
        if not hasil.diperbarui:
            out.print(f"{file.name} sudah memakai templat versi {hasil.ke}; tidak ada yang diubah.")
            return 0
        for line in hasil.peringatan:
            out.print(f"Peringatan: {line}")
        laporan = hasil.laporan
        if laporan is not None and laporan.masalah:
            # As hitung shows them: the counts below named problems the screen never showed.
            from lkjip_xl.cli_klik import RECOMPUTE_SHOWN, masalah_table

            out.print(masalah_table(laporan, limit=RECOMPUTE_SHOWN))
            if len(laporan.masalah) > RECOMPUTE_SHOWN:
                rest = ribuan(len(laporan.masalah) - RECOMPUTE_SHOWN)
                out.print(f"... dan {rest} masalah lain; semuanya terlihat dengan lkjip-xl "
                          f"periksa {file}.")  # fmt: skip
        counts = (
            f"{ribuan(len(laporan.galat))} galat, {ribuan(len(laporan.peringatan))} peringatan"
            if laporan
            else ""
        )
        out.print(
            f"{file.name} diperbarui dari templat versi {hasil.dari} ke {hasil.ke} dan dihitung "
            f"ulang ({counts}); berkas lama disimpan sebagai {hasil.cadangan}."
        )
        return _exit_code(laporan.masalah) if laporan else 0

    _run(action)


app.command("upgrade", hidden=True)(perbarui_cmd)


@app.command(
    "demo",
    epilog=contoh(
        ("lkjip-xl demo", "Contoh buku kerja di folder demo-output."),
        ("lkjip-xl demo contoh", "Contoh buku kerja di folder contoh."),
    ),
)
def demo(
    directory: Annotated[Path, typer.Argument(metavar="FOLDER", help="Folder keluaran")] = Path(
        "demo-output"
    ),
) -> None:
    """Buat dan hitung contoh buku kerja dari laporan LKjIP nyata."""

    def action() -> int:
        from lkjip_xl.workbook.demo import DEMOS, build_demo
        from lkjip_xl.workbook.report.document import default_output, report_docx

        with kemajuan(err, "Membuat contoh") as update:
            reports = []
            for done, name in enumerate(DEMOS):
                update(done, len(DEMOS), f"Membuat {name}")
                path, laporan = build_demo(name, directory)
                reports.append((path, laporan, report_docx(path, default_output(path))))
            update(len(DEMOS), len(DEMOS))
        for path, laporan, docx in reports:
            out.print(_ringkasan_table(laporan))
            out.print(
                f"  {path}: {ribuan(len(laporan.galat))} galat, "
                f"{ribuan(len(laporan.peringatan))} peringatan"
            )
            out.print(f"  Laporan: {docx}")
        return _exit_code([m for _, laporan, _ in reports for m in laporan.masalah])

    _run(action)


@app.command(
    "laporan",
    epilog=contoh(
        ("lkjip-xl laporan Kinerja2025.xlsx", "Bab III sebagai Kinerja2025.laporan.docx."),
        (
            "lkjip-xl laporan Kinerja2025.xlsx -o Bab3.docx --pdf",
            "Dokumen Word dan PDF-nya (PDF memerlukan LibreOffice).",
        ),
    ),
)
def laporan_cmd(
    file: Annotated[Path, typer.Argument(metavar="BERKAS", help="Buku kerja .xlsx/.xlsm")],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="DOKUMEN", help="Dokumen .docx (bawaan: NAMA.laporan.docx)"
        ),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Buat juga PDF-nya dengan LibreOffice")
    ] = False,
) -> None:
    """Tulis Bab III LKjIP sebagai dokumen Word (buku kerja tidak diubah)."""

    def action() -> int:
        from lkjip_xl.workbook.report.document import write_report
        from lkjip_xl.workbook.report.pdf import PdfError

        buku_kerja_masukan(file)
        try:
            with _bar(f"Menyusun laporan {file.name}") as update:
                hasil = write_report(file, output, pdf=pdf, progress=update)
        except PdfError as exc:
            raise Gagal(str(exc)) from None
        for note in hasil.catatan:
            out.print(note)
        written = ", ".join(str(p) for p in (hasil.docx, hasil.pdf) if p is not None)
        out.print(
            f"Laporan ditulis: {written} ({ribuan(hasil.galat)} galat, {ribuan(hasil.peringatan)} "
            "peringatan di buku kerja)."
        )
        if hasil.galat:  # the reason of exit code 1, which the document only notes per table
            out.print(f"Daftar galat dan tempatnya: lkjip-xl periksa {file}")
        return 1 if hasil.galat else 0

    _run(action)


app.command("report", hidden=True)(laporan_cmd)


@templates_app.command(
    "build",
    epilog=contoh(
        ("lkjip-xl templates build", "Templat .xlsx dan .xlsm di folder workbook_templates."),
        ("lkjip-xl templates build --out templat", "Templat di folder templat."),
    ),
)
def templates_build(
    directory: Annotated[
        Path, typer.Option("--out", metavar="FOLDER", help="Folder templat")
    ] = Path("workbook_templates"),
) -> None:
    """Bangun ulang templat standar dari deklarasinya."""

    def action() -> None:
        from lkjip_xl.workbook.kinds import build_templates

        for path in build_templates(directory, xlsm=True):
            out.print(f"Templat dibangun: {path}")

    _run(action)


@app.command(
    "serve",
    epilog=contoh(
        ("lkjip-xl serve", "Server untuk Excel di komputer ini (http://127.0.0.1:8000)."),
        (
            "lkjip-xl serve --host 0.0.0.0 --port 8443 --url https://lkjip.kantor.local:8443",
            "Server untuk jaringan kantor; Excel memerlukan alamat https://.",
        ),
    ),
)
def serve_cmd(
    host: Annotated[
        str,
        typer.Option(
            "--host", metavar="ALAMAT", help="Alamat yang didengarkan; selain 127.0.0.1 wajib token"
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="NOMOR", help="Port")] = 8000,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            metavar="URL",
            help="Alamat server yang dipakai Excel (manifest), mis. https://...",
        ),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            metavar="TOKEN",
            help="Token akses (lebih aman lewat variabel LKJIP_SERVER_TOKEN)",
        ),
    ] = None,
    ssl_keyfile: Annotated[
        Path | None,
        typer.Option(
            "--key",
            "--ssl-keyfile",
            metavar="BERKAS",
            help="Kunci TLS berformat PEM (Office.js butuh HTTPS)",
        ),
    ] = None,
    ssl_certfile: Annotated[
        Path | None,
        typer.Option(
            "--cert", "--ssl-certfile", metavar="BERKAS", help="Sertifikat TLS berformat PEM"
        ),
    ] = None,
    batas_mb: Annotated[
        int,
        typer.Option("--batas-mb", metavar="MB", help="Ukuran terbesar satu permintaan, dalam MB"),
    ] = 16,
) -> None:
    """Jalankan server Office.js: fungsi LKJIP.LKJ_* dan tombol Hitung Ulang / Periksa."""

    def action() -> None:
        from lkjip_xl.excel.server import ServerUnavailable, serve

        try:
            serve(
                host,
                port,
                public_url=url,
                token=token,
                ssl_keyfile=str(ssl_keyfile) if ssl_keyfile else None,
                ssl_certfile=str(ssl_certfile) if ssl_certfile else None,
                max_body=batas_mb << 20,
            )
        except ServerUnavailable as exc:
            raise Gagal(str(exc)) from None

    _run(action)


@contextmanager
def _bar(description: str):
    """A progress bar on stderr with percentage, count and time left (a spinner and the time
    spent until the total is known); yields ``update(done, total, text)``."""
    with kemajuan(err, description) as update:
        yield update


@app.command(
    "bagikan",
    epilog=contoh(
        (
            'lkjip-xl bagikan IPASN2025.xlsx --per "Unit Kerja" -o kirim',
            "Satu buku kerja per unit kerja di folder kirim, dengan manifest distribusi.",
        ),
        (
            "lkjip-xl bagikan Kinerja2025.xlsx -o kirim --batas-waktu 2026-12-31",
            "Per sasaran (bawaan kinerja), dengan batas pengembalian.",
        ),
    ),
)
def distribute_cmd(
    master: Annotated[Path, typer.Argument(metavar="INDUK", help="Buku kerja induk .xlsx/.xlsm")],
    output: Annotated[
        Path,
        typer.Option("-o", "--out", metavar="FOLDER", help="Folder untuk buku kerja unit"),
    ],
    per: Annotated[
        str | None,
        typer.Option(
            "--per", metavar="KOLOM", help='Kolom pembagi, misalnya "Unit Kerja" atau Sasaran'
        ),
    ] = None,
    batas_waktu: Annotated[
        str | None,
        typer.Option(
            "--batas-waktu", metavar="TANGGAL", help="Batas pengembalian, misalnya 2026-12-31"
        ),
    ] = None,
    baru: Annotated[
        bool,
        typer.Option(
            "--baru",
            help="Mulai distribusi baru walau unit distribusi sebelumnya belum kembali (berkas "
            "mereka tidak dapat dikumpulkan lagi)",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON")] = False,
) -> None:
    """Bagikan buku kerja induk: satu buku kerja per unit, berisi baris unit itu."""

    def action() -> int:
        from datetime import date

        from lkjip_xl.workbook.exchange.distribute import (
            distribute,
            parse_deadline,
            refuse_past_deadline,
        )
        from lkjip_xl.workbook.exchange.seal import key_file

        buku_kerja_masukan(master)
        deadline = parse_deadline(batas_waktu)
        refuse_past_deadline(deadline, date.today())
        with _bar(f"Membagikan {master.name}") as update:
            result = distribute(
                master, output, per, deadline, new_distribution=baru, progress=update
            )
        if as_json:
            sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
            return _exit_code(result.masalah)
        table = Table(title=f"Distribusi {result.id} (per {result.per})")
        for header in ("Unit", "Berkas", "Baris"):
            table.add_column(header, overflow="fold")
        for sent in result.workbooks:
            table.add_row(sent.unit, sent.path.name, ribuan(next(iter(sent.rows.values()))))
        out.print(table)
        for m in result.masalah:
            # The sentence as a str: a terminal highlights its numbers, as it always did.
            out.print(berwarna(m.code, "yellow"), f"{m.place}: {m.message}")
        made = ribuan(len(result.workbooks))
        out.print(f"{made} buku kerja unit dan manifest {result.manifest}.")
        # The key file is hidden (Explorer does not show it): a master copied or cleaned up
        # without it can never collect this distribution, and nothing else on screen says so.
        kunci = key_file(result.master)
        out.print(
            f"Langkah berikutnya: kirim setiap buku kerja di {result.folder} ke unitnya. Berkas "
            f"tersembunyi {kunci.name} di samping {result.master.name} jangan dikirim dan jangan "
            "dihapus: tanpa berkas itu kiriman unit tidak dapat dikumpulkan. Simpan berkas yang "
            f"kembali di satu folder, lalu jalankan: lkjip-xl kumpulkan {argumen(master)} FOLDER"
        )
        return _exit_code(result.masalah)

    _run(action, as_json)


app.command("distribute", hidden=True)(distribute_cmd)


@app.command(
    "kumpulkan",
    epilog=contoh(
        (
            "lkjip-xl kumpulkan IPASN2025.xlsx masuk",
            "Gabungkan isian semua buku kerja unit di folder masuk ke induk, lalu hitung ulang.",
        ),
        (
            "lkjip-xl kumpulkan IPASN2025.xlsx masuk/BKPSDM.xlsx --jangan-hapus",
            "Satu berkas; baris yang dihapus unit tetap ada di induk.",
        ),
    ),
)
def collect_cmd(
    master: Annotated[Path, typer.Argument(metavar="INDUK", help="Buku kerja induk .xlsx/.xlsm")],
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="BERKAS",
            help="Buku kerja yang dikirim kembali oleh unit, atau folder berisi buku kerja itu",
        ),
    ],
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest", metavar="BERKAS", help="Manifest distribusi (bawaan: cap induk)"
        ),
    ] = None,
    keep_removed: Annotated[
        bool, typer.Option("--jangan-hapus", help="Baris yang dihapus unit tetap di induk")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON")] = False,
) -> None:
    """Kumpulkan buku kerja unit, gabungkan isiannya ke induk, hitung ulang; keluar dengan kode 1
    bila ada kiriman ditolak atau masih ada galat."""

    def action() -> int:
        from lkjip_xl.workbook.exchange.codes import StatusKiriman
        from lkjip_xl.workbook.exchange.collect import SavedThenInterrupted, collect

        buku_kerja_masukan(master)
        returned = berkas_kiriman(list(files), master)
        interrupted = False
        try:
            with _bar(f"Mengumpulkan ke {master.name}") as update:
                result = collect(
                    master, returned, manifest=manifest, apply_removals=not keep_removed,
                    progress=update,
                )  # fmt: skip
        except SavedThenInterrupted as exc:  # the work is done: its exit code, not 130
            result, interrupted = exc.hasil, True
        failed = result.count(StatusKiriman.DITOLAK) + result.count(StatusKiriman.KONFLIK)
        remaining = result.laporan.masalah if result.laporan else []
        # A file's own galat (a unit's edit kept out because the master changed the row too,
        # a changed key) is a unit's value not merged: the run did not go through cleanly.
        told = [m for k in result.kiriman for m in k.masalah]
        code = KELUAR_GALAT if failed else _exit_code([*remaining, *told])
        try:
            if as_json:
                sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
            elif not interrupted:
                _tell_collection(result)
        except KeyboardInterrupt:
            interrupted = True
        if interrupted:
            err.print(dibatalkan_setelah_disimpan(result.master), soft_wrap=True)
        return code

    _run(action, as_json)


app.command("collect", hidden=True)(collect_cmd)


def _tell_collection(result: HasilPengumpulan) -> None:
    """The screen after a collection: a row per file and per unit awaited, the problems, the
    counts and the master's own notes."""
    from lkjip_xl.workbook.exchange.codes import StatusKiriman

    colours = {"Diterima": "green", "Ditolak": "red", "Konflik": "yellow"}
    table = Table(title=f"Pengumpulan distribusi {result.distribution}")
    for header in ("Unit", "Berkas", "Status", "Baris", "Diubah", "Ditambah", "Dihapus"):
        table.add_column(header, overflow="fold")
    for k in result.kiriman:
        status = k.status.value if k.status else "-"
        numbers = (k.rows, k.changed, k.added, k.removed)
        shown_status = berwarna(status, colours.get(status, "white"))
        table.add_row(
            k.unit or "-", k.name, shown_status,
            *("-" if n is None else ribuan(n) for n in numbers),
        )  # fmt: skip
    for unit in result.awaited:
        table.add_row(unit, "-", berwarna("Belum Kembali", "dim"), "-", "-", "-", "-")
    out.print(table)
    problems = Table(title="Masalah", show_lines=False)
    for header in ("Berkas", "Kode", "Tempat", "Keterangan"):
        problems.add_column(header, overflow="fold")
    shown = 0
    for k in result.kiriman:
        for m in k.masalah:
            if shown < 100:
                colour = "red" if m.tingkat.value == "galat" else "yellow"
                problems.add_row(k.name, berwarna(m.code, colour), m.place, m.message)
            shown += 1
    if shown:
        out.print(problems)
    if shown > 100:
        rest = ribuan(shown - 100)
        out.print(f"... dan {rest} masalah lain; lihat lembar Pengumpulan atau --json.")
    counts = ", ".join(
        f"{ribuan(result.count(s))} {s.value.lower()}" for s in StatusKiriman if result.count(s)
    )
    out.print(
        f"{result.master}: {counts or 'tidak ada berkas'}; {ribuan(len(result.awaited))} unit "
        f"belum kembali. Berkas asli disimpan di {result.archive}."
    )
    if result.laporan is not None:
        for note in result.laporan.catatan:
            out.print(note)
        galat = len(result.laporan.galat)
        if galat:  # an exit code 1 of the master's own, which no file's row above tells
            out.print(
                f"Induk dihitung ulang dengan {ribuan(galat)} galat dan "
                f"{ribuan(len(result.laporan.peringatan))} peringatan; daftarnya: "
                f"lkjip-xl periksa {result.master}"
            )


@app.command(
    "kode",
    epilog=contoh(
        ("lkjip-xl kode", "Tabel semua kode masalah."),
        ("lkjip-xl kode history-mismatch", "Arti satu kode yang muncul di hasil periksa."),
        ("lkjip-xl kode --json", "Katalog yang sama untuk program lain."),
    ),
)
def codes_cmd(
    kode: Annotated[
        str | None,
        typer.Argument(
            metavar="KODE", help="Satu kode saja, mis. duplicate-key (huruf besar boleh)"
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Keluaran JSON")] = False,
) -> None:
    """Daftar kode masalah: tingkat, area, judul dan pesannya; dengan KODE, arti kode itu."""

    def action() -> None:
        from lkjip_xl.cli_kode import tampilkan_kode

        tampilkan_kode(kode, as_json)

    _run(action, as_json)


app.command("codes", hidden=True)(codes_cmd)


def main() -> None:
    from lkjip_xl.cli_cepat import klik

    # The buttons' commands skip building every command (lkjip_xl.cli_cepat).
    klik(sys.argv[1:])
    app()


if __name__ == "__main__":
    main()
