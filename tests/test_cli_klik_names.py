"""What a click prints names the user's files and cells as they are: a name such as
``Laporan [final].xlsx`` is text, never rich console markup (which would drop ``[final]``)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from lkjip_xl.cli_klik import konsol, masalah_table
from lkjip_xl.workbook.problems import Kode, Laporan, Masalah

ROOT = Path(__file__).resolve().parents[1]
_SWITCHES = ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


@pytest.mark.parametrize("command", ["hitung", "periksa"])
def test_a_file_name_in_brackets_is_printed_whole(tmp_path: Path, command: str) -> None:
    from lkjip_xl.workbook.demo import build_demo

    source, _ = build_demo("kinerja-000", tmp_path / "demo")
    book = tmp_path / "Laporan [final].xlsx"
    shutil.copy(source, book)
    env = {k: v for k, v in os.environ.items() if k not in _SWITCHES}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="400")  # no line wrapped
    done = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", command, str(book)], capture_output=True,
        text=True, cwd=tmp_path, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    if command == "hitung":
        assert f"Disimpan: {book} (" in done.stdout
        # The title is wrapped over the table's width, as rich wraps it.
        assert "Ringkasan Laporan [final].xlsx (kinerja)" in " ".join(done.stdout.split())
    else:
        assert "Laporan [final].xlsx: 0 galat" in done.stdout


def test_the_problems_table_shows_names_and_messages_as_typed() -> None:
    laporan = Laporan("kinerja", "Laporan [final].xlsx")
    laporan.masalah.append(
        Masalah.of(Kode.STRUCTURE, sheet="Data [2024]", alasan="kolom [Nama] tidak ada")
    )
    screen = io.StringIO()
    konsol(file=screen, width=200, force_terminal=False, _environ={}).print(masalah_table(laporan))
    shown = screen.getvalue()
    assert "Masalah di Laporan [final].xlsx" in shown
    assert "Data [2024]" in shown
    assert "kolom [Nama] tidak ada" in shown


def test_a_new_workbook_in_brackets_is_named_whole(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in _SWITCHES}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="400")
    done = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", "new", "kinerja", "Baru [v2].xlsx"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "dibuat: Baru [v2].xlsx" in done.stdout
    assert (tmp_path / "Baru [v2].xlsx").is_file()


# --- every command that prints a name a user typed --------------------------------------------
#: Rich console markup and an emoji code: both are text in a name, never formatting.
ODD = "[final] :100:"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in _SWITCHES}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="400")  # no line wrapped
    return subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", *args], capture_output=True, text=True, cwd=cwd,
        env=env, timeout=600,
    )  # fmt: skip


def _unwrapped(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("command", ["hitung", "periksa"])
def test_a_file_name_with_an_emoji_code_is_printed_whole(tmp_path: Path, command: str) -> None:
    from lkjip_xl.workbook.demo import build_demo

    source, _ = build_demo("kinerja-000", tmp_path / "demo")
    book = tmp_path / f"Laporan {ODD}.xlsx"
    shutil.copy(source, book)
    done = _cli(command, str(book), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    shown = _unwrapped(done.stdout)
    if command == "hitung":
        assert f"Disimpan: {book} (" in shown
        assert f"Ringkasan Laporan {ODD}.xlsx (kinerja)" in shown
    else:
        assert f"Laporan {ODD}.xlsx: 0 galat" in shown
    assert "💯" not in done.stdout + done.stderr


def test_a_problem_of_a_workbook_named_oddly_is_printed_whole(tmp_path: Path) -> None:
    from lkjip_xl.workbook.demo import build_demo

    source, _ = build_demo("kinerja-000", tmp_path / "demo")
    book = tmp_path / f"Laporan {ODD}.xlsx"
    shutil.copy(source, book)
    import openpyxl

    wb = openpyxl.load_workbook(book)
    wb["Anggaran"]["C5"] = "[red]Rp[/] :100:"  # text typed in a number column: a problem
    wb.save(book)
    done = _cli("periksa", str(book), cwd=tmp_path)
    shown = _unwrapped(done.stdout)
    assert done.returncode == 1, done.stderr
    assert f"Masalah di Laporan {ODD}.xlsx" in shown
    assert "Teks '[red]Rp[/] :100:' bukan angka" in shown
    assert "[red]galat" not in shown and "[yellow]" not in shown and "💯" not in shown


def _odd_master(path: Path) -> Path:
    from lkjip_xl.workbook.api import recompute_file
    from lkjip_xl.workbook.builder import make_workbook
    from lkjip_xl.workbook.demo import fill_names, fill_table
    from tests.test_distribute_collect import IDENTITAS, PEG, pegawai

    units = [f"Dinas {ODD}", "Sekretariat [Daerah]"]
    rows = [pegawai(u % 2, n, **{"Unit Kerja": units[u % 2]}) for u in range(2) for n in range(2)]
    rows.append(pegawai(0, 3, **{"Unit Kerja": None}))  # no unit: a problem line of bagikan
    wb = make_workbook("ipasn")
    fill_names(wb, "ipasn", IDENTITAS)
    fill_table(wb, PEG, rows)
    wb.save(path)
    recompute_file(path)
    return path


def test_distribute_and_collect_print_units_and_files_as_typed(tmp_path: Path) -> None:
    master = _odd_master(tmp_path / f"IPASN {ODD}.xlsx")
    sent = _cli("bagikan", str(master), "-o", "kirim", "--json", cwd=tmp_path)
    assert sent.returncode == 0, sent.stderr
    record = json.loads(sent.stdout)  # --json: the names as typed, as they always were
    units = {w["unit"]: Path(w["berkas"]).name for w in record["unit"]}
    assert set(units) == {f"Dinas {ODD}", "Sekretariat [Daerah]"}
    assert [m["code"] for m in record["masalah"]] == ["no-unit"]

    again = _cli("bagikan", str(master), "-o", "kirim2", "--baru", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    shown = _unwrapped(again.stdout)
    assert all(unit in shown for unit in units)
    assert "no-unit " in shown and "[yellow]" not in shown and "💯" not in shown
    files = sorted((tmp_path / "kirim2").glob("*.xlsx"))
    assert len(files) == 2 and all(f.name in shown for f in files)

    back = tmp_path / "kembali"
    back.mkdir()
    returned = shutil.copy(files[0], back / f"Kiriman {ODD}.xlsx")
    foreign = shutil.copy(master, back / "Lain [x].xlsx")  # no stamp: refused, a problem row
    got = _cli("kumpulkan", str(master), str(returned), str(foreign), cwd=tmp_path)
    assert got.returncode == 1, got.stderr
    shown = _unwrapped(got.stdout)
    assert f"Kiriman {ODD}.xlsx" in shown and "Lain [x].xlsx" in shown
    assert "Belum Kembali" in shown and "[dim]" not in shown and "[red]" not in shown
    assert all(unit in shown for unit in units)  # the one returned, the one awaited
    assert "💯" not in got.stdout


def test_new_demo_templates_and_upgrade_print_paths_as_typed(tmp_path: Path) -> None:
    made = _cli("new", "kinerja", f"Baru {ODD}.xlsx", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert f"dibuat: Baru {ODD}.xlsx" in made.stdout
    same = _cli("perbarui", f"Baru {ODD}.xlsx", cwd=tmp_path)
    assert same.returncode == 0, same.stderr
    assert f"Baru {ODD}.xlsx sudah memakai templat versi" in _unwrapped(same.stdout)
    built = _cli("templates", "build", "--out", f"templat {ODD}", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert f"Templat dibangun: templat {ODD}/" in built.stdout
    assert "💯" not in made.stdout + same.stdout + built.stdout


def test_demo_prints_its_folder_as_typed(tmp_path: Path) -> None:
    done = _cli("demo", f"contoh {ODD}", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    shown = _unwrapped(done.stdout)
    assert f"contoh {ODD}/" in shown and f"Laporan: contoh {ODD}/" in shown
    assert "💯" not in done.stdout


def test_the_progress_display_shows_a_name_as_typed() -> None:
    from lkjip_xl.cli_progress import kemajuan

    screen = io.StringIO()
    console = Console(file=screen, width=200, force_terminal=True, _environ={})
    with kemajuan(console, f"Membaca Laporan {ODD}.xlsx") as update:
        update(text=f"Menyimpan Laporan {ODD}.xlsx")
    assert f"Laporan {ODD}.xlsx" in screen.getvalue()


def test_the_summary_shows_counts_as_the_workbook_does(tmp_path: Path) -> None:
    """Counts as their cells show them (``#,##0``: 2.777 pegawai, not 2777)."""
    from lkjip_xl.workbook.demo import build_demo

    book, _ = build_demo("ipasn-000", tmp_path / "demo")
    env = {k: v for k, v in os.environ.items() if k not in _SWITCHES}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="100")
    done = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", "hitung", str(book)], capture_output=True,
        text=True, cwd=tmp_path, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    jumlah = next(line for line in lines if "Jumlah Pegawai" in line)
    assert "2.777" in jumlah, jumlah
