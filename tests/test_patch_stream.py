"""A large sheet is patched while it is written into the output zip (never held whole twice):
the file is byte for byte the one the whole-part path writes, an unchanged sheet is copied raw,
cells created outside the sheet's dimension still widen it, and a failure leaves no file.

The expected files are made by writing the whole new part at once (``SheetPatch.run`` into
``copy_package``), the path every small sheet takes; openpyxl reads the values back.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.workbook.ooxml.package import FAST_LEVEL_FROM, Package, copy_package
from lkjip_xl.workbook.ooxml.sheet_patch import SheetPatch
from lkjip_xl.workbook.patcher import PatchError, patch_workbook

ROWS = 40_000


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    """A workbook whose one sheet is well over the streaming size: rows of a number, a text
    and a styled number, written by openpyxl and then repeated as raw rows."""
    folder = tmp_path_factory.mktemp("large")
    small = folder / "small.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Nomor", "Nama", "Nilai", "Hasil"])
    ws.append([1, "Pegawai 1", 2.5, 0])
    ws["C2"].number_format = "0.00"
    ws["D2"].number_format = "0.00"
    wb.save(small)
    with zipfile.ZipFile(small) as archive:
        part = Package(archive).sheet_part("Data")
        xml = archive.read(part)
        row = xml[xml.index(b'<row r="2"') : xml.index(b"</row>", xml.index(b'<row r="2"')) + 6]
        rows = b"".join(
            row.replace(b'r="2"', b'r="%d"' % r)
            .replace(b'"A2"', b'"A%d"' % r)
            .replace(b'"B2"', b'"B%d"' % r)
            .replace(b'"C2"', b'"C%d"' % r)
            .replace(b'"D2"', b'"D%d"' % r)
            for r in range(2, ROWS + 2)
        )
        big = xml.replace(row, rows).replace(b'ref="A1:D2"', b'ref="A1:D%d"' % (ROWS + 1))
        assert len(big) > 1.5 * FAST_LEVEL_FROM
        path = folder / "large.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                out.writestr(info, big if info.filename == part else archive.read(info))
    return path


def _expected(src: Path, dst: Path, edits: dict, columns: dict) -> None:
    """The file the whole-part path writes: the new sheet made at once, then zipped."""
    with zipfile.ZipFile(src) as archive:
        pkg = Package(archive)
        part = pkg.sheet_part("Data")
        new = SheetPatch(pkg.read(part), part, "Data", edits, columns).run()
        copy_package(src, archive, dst, {part: new} if new != pkg.read(part) else {})


def _values(path: Path, cells: list[str]) -> list[object]:
    ws = openpyxl.load_workbook(path, read_only=True)["Data"]
    return [ws[c].value for c in cells]


def test_a_streamed_sheet_is_the_file_the_whole_part_path_writes(large, tmp_path):
    columns = {"Data": [(4, 2, [i * 0.5 for i in range(ROWS)])]}
    edits = {"Data": {"B7": "Diubah <&>", "D9": None}}
    patch_workbook(large, tmp_path / "out.xlsx", edits, columns=columns, full_calc_on_load=False)
    _expected(large, tmp_path / "expected.xlsx", edits["Data"], columns["Data"])
    assert (tmp_path / "out.xlsx").read_bytes() == (tmp_path / "expected.xlsx").read_bytes()
    got = _values(tmp_path / "out.xlsx", ["D2", "D3", f"D{ROWS + 1}", "B7", "D9", "A5"])
    assert got == [0, 0.5, (ROWS - 1) * 0.5, "Diubah <&>", None, 1]


def test_a_sheet_written_with_its_own_values_is_copied_raw(large, tmp_path):
    # As a second recompute writes the figures the first one wrote.
    columns = {"Data": [(3, 2, [2.5] * ROWS)]}
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    patch_workbook(large, once, {}, columns=columns, full_calc_on_load=False)
    assert once.read_bytes() != large.read_bytes()  # openpyxl's t="n" is not written back
    patch_workbook(once, twice, {}, columns=columns, full_calc_on_load=False)
    assert twice.read_bytes() == once.read_bytes()


def test_cells_beyond_the_dimension_widen_it_as_the_whole_part_path_does(large, tmp_path):
    edits = {"Data": {"F3": 7, f"B{ROWS + 5}": "baru"}}
    patch_workbook(large, tmp_path / "out.xlsx", edits, full_calc_on_load=False)
    _expected(large, tmp_path / "expected.xlsx", edits["Data"], [])
    assert (tmp_path / "out.xlsx").read_bytes() == (tmp_path / "expected.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "out.xlsx") as archive:
        xml = archive.read(Package(archive).sheet_part("Data"))
    assert b'<dimension ref="A1:F%d"/>' % (ROWS + 5) in xml
    assert _values(tmp_path / "out.xlsx", ["F3", f"B{ROWS + 5}"]) == [7, "baru"]


def test_a_failure_while_streaming_leaves_no_file(large, tmp_path):
    # The bad value sits near the end: the sheet is half written when it is found.
    values: list[object] = [1.0] * ROWS
    values[-3] = "x" * 40_000  # longer than Excel allows in a cell
    dst = tmp_path / "out.xlsx"
    with pytest.raises(PatchError, match="terlalu panjang"):
        patch_workbook(large, dst, {}, columns={"Data": [(4, 2, values)]})
    assert not dst.exists()


@pytest.mark.parametrize("written", ["anew", "with its own values", "not at all"])
def test_a_scratch_copy_patched_again_is_the_file_the_usual_copy_gives(large, tmp_path, written):
    # distribute writes a unit's parts into a scratch copy uncompressed and has the commit's
    # patch deflate them: the unit must be the very file a deflated scratch gave, whether the
    # patch writes its large sheet anew, writes it with its own values (the original stands:
    # deflated from the scratch's, not copied stored) or leaves it alone.
    own = [2.5] * ROWS
    once = tmp_path / "once.xlsx"
    patch_workbook(large, once, {}, columns={"Data": [(3, 2, own)]}, full_calc_on_load=False)
    columns = {
        "anew": {"Data": [(4, 2, [i * 0.5 for i in range(ROWS)])]},
        "with its own values": {"Data": [(3, 2, own)]},
        "not at all": {},
    }[written]
    outputs = []
    for scratch in (False, True):
        copy, out = tmp_path / f"copy-{scratch}.xlsx", tmp_path / f"out-{scratch}.xlsx"
        with zipfile.ZipFile(once) as archive:
            pkg = Package(archive)
            changes = {p: pkg.read(p) for p in (pkg.sheet_part("Data"), "docProps/app.xml")}
            copy_package(once, archive, copy, changes, scratch=scratch)
        with zipfile.ZipFile(copy) as archive:
            sizes = [(archive.getinfo(p).compress_size, archive.getinfo(p).file_size)
                     for p in changes]  # fmt: skip
            assert all(c >= f for c, f in sizes) == scratch  # stored blocks only in a scratch
        patch_workbook(copy, out, {}, columns=columns, full_calc_on_load=False,
                       deflate=set(changes) if scratch else ())  # fmt: skip
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert _values(tmp_path / "out-True.xlsx", ["C2", "A5"]) == [2.5, 1]
