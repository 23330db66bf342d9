"""``lkjip-xl perbarui`` as a file operation: a workbook it cannot replace is left as it was,
with nothing beside it, as the refusal says ("Berkas tidak diubah").
"""

from __future__ import annotations

import os
import subprocess
import sys

from typer.testing import CliRunner

from lkjip_xl.cli import app
from tests.test_upgrade import copy_of


def test_a_read_only_workbook_is_refused_and_no_copy_is_left(tmp_path):
    path = copy_of("kinerja-2026.2", tmp_path)
    original = path.read_bytes()
    path.chmod(0o444)
    result = CliRunner().invoke(app, ["perbarui", str(path)])
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "bersifat hanya-baca" in said and "Berkas tidak diubah." in said
    # The copy of the old file made before the write was left beside it, so that the folder
    # contradicted "tidak diubah" and a second run kept its copy as "... (templat 2026.2) 2".
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    assert path.read_bytes() == original
    path.chmod(0o644)
    result = CliRunner().invoke(app, ["perbarui", str(path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [path.name, "kinerja-2026.2 (templat 2026.2).xlsx"]
    )


def test_the_problems_of_the_recompute_are_shown_under_the_workbooks_name(tmp_path):
    # "dihitung ulang (0 galat, 4 peringatan)" named four problems the screen never showed;
    # shown, they were titled with the temporary copy's name ("diperbarui.xlsx").
    path = copy_of("kinerja-2026.2", tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", "perbarui", str(path)],
        capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    said = " ".join((done.stdout + done.stderr).split())
    assert done.returncode == 0, said
    assert "(0 galat, 4 peringatan)" in said
    assert "Masalah di kinerja-2026.2.xlsx" in said
    assert [f"Triwulan!C{row}" in said for row in (9, 10, 11, 12)] == [True] * 4
    assert said.count("zero-divisor") == 4
    assert "diperbarui.xlsx" not in said and "dihitung" + "-" not in said


def test_a_save_made_while_it_is_upgraded_is_not_overwritten(tmp_path, monkeypatch):
    # A program that leaves no lock file (a sync client, a colleague's script) saves the
    # workbook while perbarui works on the version it read: that save was replaced by the
    # upgrade of the older content, and the backup (read at the end) held it, unsaid.
    import lkjip_xl.workbook.upgrade as upgrade

    path = copy_of("kinerja-2026.2", tmp_path)
    original = path.read_bytes()
    saved_meanwhile = original + b"\n"  # another version on disk
    recompute = upgrade._recomputed

    def save_meanwhile(data, name):
        done = recompute(data, name)
        path.write_bytes(saved_meanwhile)
        os.utime(path, ns=(1, 1))
        return done

    monkeypatch.setattr(upgrade, "_recomputed", save_meanwhile)
    result = CliRunner().invoke(app, ["perbarui", str(path)])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert f"Buku kerja {path.name} diubah oleh proses lain sejak dibaca" in said
    assert path.read_bytes() == saved_meanwhile
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_a_stray_value_near_the_grids_end_is_refused_before_openpyxl_walks_the_range(tmp_path):
    # A Pengumpulan stretched to A4:K1048576 with a value in A1048575: the sheet's last row
    # reached the range's end, so the empty-tail guard let it through and perbarui made a cell
    # of every one (88 s of CPU and 5 GB before it was killed). hitung refuses the same file.
    from tests.hostile.corpus import part, sheet_part
    from tests.test_file_book_write_rows import UNDER, _pengumpulan_to

    stray = b'<row r="1048575"><c r="A1048575" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _pengumpulan_to(tmp_path, 1_048_576, under=UNDER + stray)
    assert b"A1048575" in part(path, sheet_part(path, "Pengumpulan"))
    original = path.read_bytes()
    result = CliRunner().invoke(app, ["perbarui", str(path)])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert (
        "Tabel tblPengumpulan: rentang A4:K1048576 memuat 1.048.564 baris kosong sebelum sel "
        "A1048575 di lembar Pengumpulan; pindahkan atau hapus isi sel A1048575 lalu perkecil "
        "tabel itu sampai baris yang berisi data."
    ) in said, said
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


_opened: dict[str, list[object]] = {}  # path -> modes of the opens seen while it is watched
_hooked: list[bool] = []  # the hook is added once per process: it cannot be removed


def _count_opens(event: str, args: tuple) -> None:
    if event == "open" and isinstance(args[0], str | bytes | os.PathLike):
        path = os.fsdecode(args[0])
        if path in _opened:
            _opened[path].append(args[1])


def opens_during_upgrade(path) -> list[object]:
    from lkjip_xl.workbook.upgrade import upgrade_file

    if not _hooked:  # it watches only the paths in _opened
        sys.addaudithook(_count_opens)
        _hooked.append(True)
    _opened[str(path)] = []
    try:
        hasil = upgrade_file(path)
    finally:
        seen = _opened.pop(str(path))
    assert hasil.diperbarui
    return seen


def test_the_old_file_is_read_once(tmp_path):
    # It was read four times (package checks, the backup's bytes, openpyxl, the formulas'
    # results) and an .xlsm a fifth (its VBA): a save in between mixed two versions in one
    # upgrade. CPython's audit events see every open of the path, by any library.
    assert opens_during_upgrade(copy_of("kinerja-2026.2", tmp_path)) == ["r"]
    from tests.test_upgrade_macros import old_macro_workbook

    macro = tmp_path / "makro"
    macro.mkdir()
    assert opens_during_upgrade(old_macro_workbook(macro)) == ["r"]
