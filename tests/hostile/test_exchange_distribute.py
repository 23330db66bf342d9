"""Distribute under bad unit names, faults midway and a second distribution: refused before
anything is written, or written completely; never a partial folder, never a changed master."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table
from lkjip_xl.workbook.exchange import distribute as distribute_module
from lkjip_xl.workbook.exchange import stamp, unit_build
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.exchange.names import MAX_FILE_NAME_BYTES, file_names, safe_part
from lkjip_xl.workbook.exchange.package import ExchangeError
from tests.test_distribute_collect import by_nip, ipasn_master, pegawai

PEG = template("ipasn").table("tblPegawai")


def master_with_units(path: Path, units: list[str]) -> Path:
    wb = make_workbook("ipasn")
    rows = [pegawai(0, n, **{"Unit Kerja": unit}) for n, unit in enumerate(units)]
    fill_table(wb, PEG, rows)
    wb.save(path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".~lkjip"))


BAD_NAMES = [
    ("control-character", "Dinas_x0001_Kesehatan", "memuat karakter kendali U+0001"),
    ("delete-character", "Dinas\x7fKesehatan", "memuat karakter kendali U+007F"),
    ("c1-control", "Dinas\x9bKesehatan", "memuat karakter kendali U+009B"),
    ("too-long", "Unit " + "x" * 300, "terlalu panjang (305 karakter; paling banyak 255)"),
    ("far-too-long", "Unit " + "x" * 1200, "terlalu panjang (1.205 karakter; paling banyak 255)"),
    ("zero-width-only", "\u200b\u200b", "kosong atau hanya berisi spasi"),
    (
        "reserved-total",
        "Seluruh Pegawai",
        "Seluruh Pegawai dipakai mesin untuk baris jumlah di Rekap",
    ),
    ("reserved-status-total", "jumlah pns", "jumlah pns dipakai mesin untuk baris jumlah di Rekap"),
    (
        "reserved-total-case",
        " SELURUH pegawai ",
        "SELURUH pegawai dipakai mesin untuk baris jumlah di Rekap",
    ),
]


@pytest.mark.parametrize(("case", "name", "reason"), BAD_NAMES, ids=[c[0] for c in BAD_NAMES])
def test_a_bad_unit_name_refuses_before_anything_is_written(tmp_path, case, name, reason):
    master = master_with_units(tmp_path / "induk.xlsx", ["Dinas Baik", name])
    before = digest(master)
    with pytest.raises(ExchangeError) as caught:
        distribute(master, tmp_path / "kirim")
    message = str(caught.value)
    assert "Nama unit di kolom Unit Kerja tidak dapat dipakai" in message
    assert f"Pegawai!{PEG.letter('unit_kerja')}6 ({reason})" in message, message
    assert "belum ada berkas yang ditulis" in message
    assert not (tmp_path / "kirim").exists()
    assert leftovers(tmp_path) == []
    assert digest(master) == before


def test_every_bad_name_is_named_at_once(tmp_path):
    master = master_with_units(
        tmp_path / "induk.xlsx", ["A\x7f", "Baik", "Seluruh Pegawai", "B\x7f"]
    )
    with pytest.raises(ExchangeError) as caught:
        distribute(master, tmp_path / "kirim")
    assert str(caught.value).count("Pegawai!") == 3


GOOD_NAMES = [
    ("devanagari-100", "क" * 100),
    ("path-climbing", "../../etc/passwd"),
    ("windows-device", "CON"),
    ("ascii-255", "U" * 255),
    ("emoji", "Unit 🚀 Roket " * 10),
    ("slashes-and-colons", "Bidang A/B: Umum"),
]


@pytest.mark.parametrize(("case", "name"), GOOD_NAMES, ids=[c[0] for c in GOOD_NAMES])
def test_a_long_or_odd_name_distributes_and_comes_back(tmp_path, case, name):
    master = master_with_units(tmp_path / "induk.xlsx", [name, "Dinas Lain"])
    sent = distribute(master, tmp_path / "kirim")
    paths = [w.path for w in sent.workbooks]
    for path in paths:
        assert path.parent == tmp_path / "kirim" and path.exists()
        assert len(path.name.encode("utf-8")) <= MAX_FILE_NAME_BYTES
    assert stamp.read_stamps(paths[0])["Unit_Distribusi"] == name.strip()
    result = collect(master, paths)
    assert [k.status.value for k in result.kiriman] == ["Diterima", "Diterima"]


def test_file_names_are_distinct_and_bounded_in_bytes(tmp_path):
    master = tmp_path / ("Laporan Kinerja " + "क" * 60 + ".xlsx")
    names = file_names(master, ["A/B", "A:B", "a/b ", "क" * 200])
    assert len({n.casefold() for n in names.values()}) == 4
    assert all(len(n.encode()) <= MAX_FILE_NAME_BYTES for n in names.values())
    assert safe_part("CON", 50) == "_CON" and safe_part("nul.txt", 50) == "_nul.txt"
    assert safe_part("क" * 10, 10) == "क" * 3  # never half a character


# --- all or nothing ------------------------------------------------------------------------------


def test_a_failure_midway_leaves_no_partial_folder(tmp_path, monkeypatch):
    master = ipasn_master(tmp_path / "induk.xlsx")
    before = digest(master)
    real = unit_build.recompute
    calls = []

    def failing(book):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(book)

    monkeypatch.setattr(unit_build, "recompute", failing)
    with pytest.raises(OSError):
        distribute(master, tmp_path / "kirim")
    assert not (tmp_path / "kirim").exists()
    assert leftovers(tmp_path) == []
    assert digest(master) == before


def test_a_failure_recording_in_the_master_takes_the_files_back(tmp_path, monkeypatch):
    master = ipasn_master(tmp_path / "induk.xlsx")
    folder = tmp_path / "kirim"
    folder.mkdir()
    (folder / "catatan.txt").write_text("milik pengguna", encoding="utf-8")
    before = digest(master)

    def failing(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(distribute_module, "_record_in_master", failing)
    with pytest.raises(PermissionError):
        distribute(master, folder)
    assert sorted(p.name for p in folder.iterdir()) == ["catatan.txt"]
    assert leftovers(tmp_path) == []
    assert digest(master) == before


def test_a_folder_holding_a_units_file_is_refused_untouched(tmp_path):
    master = ipasn_master(tmp_path / "induk.xlsx")
    folder = tmp_path / "kirim"
    folder.mkdir()
    taken = folder / "induk - Dinas Kesehatan.xlsx"
    taken.write_bytes(b"berkas lama")
    with pytest.raises(FileExistsError, match=r"induk - Dinas Kesehatan\.xlsx"):
        distribute(master, folder)
    assert taken.read_bytes() == b"berkas lama"
    assert sorted(p.name for p in folder.iterdir()) == [taken.name]


# --- a second distribution -----------------------------------------------------------------------


def test_a_second_distribution_waits_for_the_first(tmp_path):
    master = ipasn_master(tmp_path / "induk.xlsx")
    first = distribute(master, tmp_path / "kirim-1")
    before = digest(master)
    with pytest.raises(ExchangeError) as caught:
        distribute(master, tmp_path / "kirim-2")
    message = str(caught.value)
    assert f"Distribusi {first.id} dari induk.xlsx masih menunggu 3 unit" in message
    assert "--baru" in message and "Dinas Kesehatan" in message
    assert digest(master) == before and not (tmp_path / "kirim-2").exists()
    # Once every unit is back, a new distribution needs no option.
    result = collect(master, [w.path for w in first.workbooks])
    assert result.awaited == []
    second = distribute(master, tmp_path / "kirim-2")
    assert stamp.read_stamps(master)["Distribusi_ID"] == second.id


def test_the_cli_names_the_option_and_honours_it(tmp_path):
    from lkjip_xl import cli

    master = ipasn_master(tmp_path / "induk.xlsx")
    runner = CliRunner()
    done = runner.invoke(cli.app, ["bagikan", str(master), "-o", str(tmp_path / "a")])
    assert done.exit_code == 0, done.output
    done = runner.invoke(cli.app, ["bagikan", str(master), "-o", str(tmp_path / "b")])
    assert done.exit_code == 2 and "--baru" in done.output and "Traceback" not in done.output
    done = runner.invoke(cli.app, ["bagikan", str(master), "-o", str(tmp_path / "b"), "--baru"])
    assert done.exit_code == 0, done.output
    old = sorted((tmp_path / "a").glob("*.xlsx"))
    result = collect(master, old[:1])
    assert [m.code.value for m in result.kiriman[0].reasons] == ["other-distribution"]
    assert len(by_nip(master)) == 12


def test_a_unit_name_with_only_spaces_is_a_row_without_unit(tmp_path):
    master = master_with_units(tmp_path / "induk.xlsx", ["Dinas Baik", "   "])
    sent = distribute(master, tmp_path / "kirim")
    assert [w.unit for w in sent.workbooks] == ["Dinas Baik"]
    assert [m.code.value for m in sent.masalah] == ["no-unit"]
    wb = openpyxl.load_workbook(sent.workbooks[0].path)
    assert wb[PEG.sheet].cell(PEG.first_data_row, 1).value == pegawai(0, 0)["NIP"]


def test_a_staging_folder_left_by_a_killed_distribution_is_cleaned(tmp_path):
    master = ipasn_master(tmp_path / "induk.xlsx")
    stale = tmp_path / ".~lkjip-distribusi-0badc0de"
    stale.mkdir()
    (stale / "induk - Dinas Kesehatan.xlsx").write_bytes(b"setengah")
    fresh = tmp_path / ".~lkjip-distribusi-1234abcd"  # a distribution running now
    fresh.mkdir()
    os.utime(stale, (time.time() - 2 * 24 * 3600,) * 2)
    distribute(master, tmp_path / "kirim")
    assert leftovers(tmp_path) == [fresh.name]


def test_the_bad_names_not_listed_are_counted_with_the_thousands_dot(tmp_path):
    names = [f"Unit\x7f{n}" for n in range(1210)]
    master = master_with_units(tmp_path / "induk.xlsx", names)
    with pytest.raises(ExchangeError) as caught:
        distribute(master, tmp_path / "kirim")
    assert "; dan 1.200 lainnya." in str(caught.value)
