"""A large sheet let go of after the scan and read again by the commit: the same bytes as the
sheet held; each text and nonzero number of a table held once, as calamine read it."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
import python_calamine

from lkjip_xl.workbook import file_book
from lkjip_xl.workbook.api import check_file
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.ooxml.package import Package
from lkjip_xl.workbook.recompute import check, recompute
from lkjip_xl.workbook.safe_write import WorkbookChangedError
from tests.workbooks import ANGGARAN, INDIKATOR, TRIWULAN, filled_kinerja


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _recomputed(source: Path, out: Path, keep: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(file_book, "KEEP_PART_BYTES", keep)
    work = out.with_suffix(".work.xlsx")
    shutil.copy(source, work)
    book = FileBook(work)
    recompute(book)
    book.release_reads()  # as recompute_file does
    book.commit(out)
    return out


def test_a_sheet_read_again_is_patched_as_the_sheet_held(tmp_path, monkeypatch):
    monkeypatch.setenv("LKJIP_USER", "penguji")
    source = filled_kinerja(tmp_path / "kinerja.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    held = _members(_recomputed(source, tmp_path / "held.xlsx", 16 << 20, monkeypatch))
    again = _members(_recomputed(source, tmp_path / "again.xlsx", 0, monkeypatch))
    with zipfile.ZipFile(tmp_path / "held.xlsx") as zf:
        log = Package(zf).sheet_part("Log")  # holds the time of the recompute
    assert held.keys() == again.keys()
    differ = {name for name in held if held[name] != again[name]}
    assert differ <= {log}
    assert _members(source).keys() <= held.keys()


def test_a_table_holds_each_text_once(tmp_path):
    path = filled_kinerja(tmp_path / "kinerja.xlsx", INDIKATOR)
    table = FileBook(path).read_table("tblIndikator")
    sasaran = table.values("Sasaran")
    assert sasaran[0] == sasaran[1] == "Meningkatnya profesionalitas ASN"
    assert sasaran[0] is sasaran[1]  # one string for the column's repeats, not one per cell
    assert None in table.values("Realisasi")  # an empty cell is still a blank


@pytest.mark.parametrize("shared", [True, False])
def test_shared_values_keep_their_type_and_sign(tmp_path, shared):
    targets = [0.0, -0.0, 1, 1.0, True, 2.5, 2.5, "2.5", "", " "]
    rows = [{**INDIKATOR[0], "Kode": f"IKU-{i}", "Target": t} for i, t in enumerate(targets)]
    path = filled_kinerja(tmp_path / "kinerja.xlsx", rows)
    read = FileBook(path, shared=shared).read_table("tblIndikator").values("Target")
    workbook = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    table = workbook.get_table_by_name("tblIndikator")
    column = table.columns.index("Target")
    direct = [None if row[column] == "" else row[column] for row in table.to_python()]
    # repr tells -0.0 from 0.0 and 1 from 1.0 and True, which == does not.
    assert [repr(v) for v in read] == [repr(v) for v in direct]
    assert "-0.0" in map(repr, read)


def test_a_check_reads_unshared_values_as_a_recompute_reads_them(tmp_path):
    """check_file reads without sharing (``shared=False``): every problem, cell and message
    as a book read with sharing gives them, on values of every type and sign."""
    targets = [0.0, -0.0, 1, 1.0, True, 2.5, 2.5, "2.5", "", " ", "abc", -1.0, 1e300]
    rows = [{**INDIKATOR[0], "Kode": f"IKU-{i % 11}", "Target": t, "Realisasi": t}
            for i, t in enumerate(targets)]  # fmt: skip
    path = filled_kinerja(tmp_path / "kinerja.xlsx", rows, ANGGARAN, TRIWULAN)
    unshared = check_file(path).as_dict()
    assert unshared == check(FileBook(path)).as_dict()
    codes = {m["code"] for m in unshared["masalah"]}
    assert {"boolean-as-number", "duplicate-key", "wrong-decimal-mark", "zero-divisor"} <= codes


def test_a_source_saved_meanwhile_is_not_mixed_into_another_file(tmp_path, monkeypatch):
    """``recompute -o``: the output takes the sheets let go of from the source. Saved by another
    program between the read and the commit, the source would give the output its new inputs
    beside results computed from the old ones: refused, nothing written, the source as saved."""
    monkeypatch.setattr(file_book, "KEEP_PART_BYTES", 0)  # every sheet read again at commit
    source = filled_kinerja(tmp_path / "kinerja.xlsx", INDIKATOR, ANGGARAN, TRIWULAN)
    book = FileBook(source)
    recompute(book)
    other = filled_kinerja(tmp_path / "lain.xlsx", INDIKATOR[:2], ANGGARAN, TRIWULAN)
    saved = other.read_bytes()
    source.write_bytes(saved)  # the colleague's save, as a whole new file
    out = tmp_path / "hasil.xlsx"
    with pytest.raises(WorkbookChangedError) as info:
        book.commit(out)
    assert "kinerja.xlsx diubah oleh proses lain sejak dibaca" in str(info.value)
    assert not out.exists() and source.read_bytes() == saved
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kinerja.xlsx", "lain.xlsx"]
