"""Counts in what collect writes (the Pengumpulan sheet, a file's problems) read 1.200 as the
CLI's counts beside them do, not 1200."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from lkjip_xl.core.problems import Kode
from lkjip_xl.workbook.exchange.codes import StatusKiriman
from lkjip_xl.workbook.exchange.collect import _summary
from lkjip_xl.workbook.exchange.file_check import _some
from lkjip_xl.workbook.exchange.kiriman import MAX_FILE_BYTES, Kiriman, receive
from lkjip_xl.workbook.exchange.manifest import Manifest
from lkjip_xl.workbook.exchange.records import MAX_PROBLEMS_SHOWN, problems_text
from lkjip_xl.workbook.problems import Masalah


def test_the_problems_not_listed_are_counted_with_the_thousands_dot():
    masalah = [
        Masalah.of(Kode.INCOMPLETE_ROWS, sheet="Pegawai", jumlah=1)
        for _ in range(MAX_PROBLEMS_SHOWN + 1200)
    ]
    text = problems_text(masalah)
    assert text is not None
    assert text.endswith(" dan 1.200 masalah lain (lihat keluaran perintah kumpulkan).")


def test_the_cells_not_named_are_counted_with_the_thousands_dot():
    cells = [f"M{r}" for r in range(5, 5 + 1205)]
    assert _some(cells) == "M5, M6, M7, M8, M9 dan 1.200 sel lain"


def test_the_collect_summary_counts_files_and_units_with_the_thousands_dot():
    """The line kumpulkan prints and logs, over 1,200 files back and 1,500 units awaited."""
    when = datetime(2026, 12, 7, 9, 0)
    items = [
        Kiriman(Path(f"unit-{n}.xlsx"), when, status=StatusKiriman.DITERIMA) for n in range(1200)
    ]
    items += [Kiriman(Path(f"lain-{n}.xlsx"), when, status=StatusKiriman.DITOLAK) for n in range(3)]
    manifest = Manifest(
        id="D1", created="", template="ipasn", template_version="", engine_version="",
        master_file="induk.xlsx", master_sha256="", master_fingerprint="", per={},
        deadline=None, settings_fingerprint="", settings={},
    )  # fmt: skip
    awaited = [f"Unit {n}" for n in range(1500)]
    assert _summary(items, awaited, manifest) == (
        "1.203 berkas untuk distribusi D1; 1.200 diterima; 3 ditolak; 1.500 unit belum kembali."
    )


def test_a_file_too_large_is_refused_with_its_size_in_dotted_bytes(tmp_path):
    path = tmp_path / "besar.xlsx"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written
    archive = tmp_path / "arsip"
    archive.mkdir()
    item = receive(path, archive, datetime(2026, 12, 7, 9, 0))
    assert [m.message for m in item.masalah] == [
        "Berkas besar.xlsx terlalu besar (536.870.913 byte)."
    ]
