"""``FileBook.write_rows`` blanks the old rows a table no longer holds where cells stand, not
all the way down its range: a Pengumpulan whose range a damaged file runs to row 1,048,576
made ``bagikan`` write a blank into 11.5 million cells (47 s CPU, 3.5 GB)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from lkjip_xl.workbook.exchange.records import write_pengumpulan
from lkjip_xl.workbook.file_book import FileBook, WorkbookError
from lkjip_xl.workbook.kinds import KINDS
from tests.hostile.corpus import part, rewrite, sheet_part

FIXTURE = Path(__file__).resolve().parent / "data" / "fixtures" / "ipasn-2026.2.xlsx"
#: Row 7 holds a value and row 9 a formula, under the table's one data row (row 5).
UNDER = (b'<row r="7"><c r="B7" t="inlineStr"><is><t>lama</t></is></c></row>'
         b'<row r="9"><c r="C9"><f>1+1</f><v>2</v></c></row>')  # fmt: skip


def _pengumpulan_to(tmp_path: Path, last: int, *, under: bytes = UNDER) -> Path:
    path = tmp_path / "induk.xlsx"
    shutil.copyfile(FIXTURE, path)
    name = sheet_part(path, "Pengumpulan")
    sheet = part(path, name).replace(b"</sheetData>", under + b"</sheetData>")
    table = "xl/tables/" + next(
        n.rsplit("/", 1)[1]
        for n in _members(path)
        if n.startswith("xl/tables/") and b'displayName="tblPengumpulan"' in part(path, n)
    )
    xml = part(path, table).replace(b'ref="A4:K5"', f'ref="A4:K{last}"'.encode())
    return rewrite(path, {name: sheet, table: xml})


def _members(path: Path) -> list[str]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def test_rows_under_the_sheets_last_row_are_not_written(tmp_path):
    path = _pengumpulan_to(tmp_path, 50_000)
    book = FileBook(path)
    data = book.read_table("tblPengumpulan")
    assert len(data.rows) == 49_996
    row = ["D1", "Unit A", "a.xlsx", None, "Belum Kembali", 3, None, None, None, None, None]
    book.write_rows(data, [row])
    # Rows 5 to 9, the last one holding a cell: 5 rows of 11 columns, not 49,996.
    written = book._edits["Pengumpulan"]
    assert len(written) == 5 * 11
    assert written["B7"] is None and written["C9"] is None
    book.commit()
    ws = openpyxl.load_workbook(path)["Pengumpulan"]
    assert ws.tables["tblPengumpulan"].ref == "A4:K5"
    assert [c.value for c in ws[5]][:5] == ["D1", "Unit A", "a.xlsx", None, "Belum Kembali"]
    # The value and the formula once in the table's range are gone with its rows.
    assert ws["B7"].value is None and ws["C9"].value is None


def test_the_pengumpulan_written_by_a_distribution_is_bounded_the_same_way(tmp_path):
    path = _pengumpulan_to(tmp_path, 90_000, under=b"")
    book = FileBook(path)
    write_pengumpulan(book, KINDS["ipasn"].template, [])
    assert len(book._edits["Pengumpulan"]) == 11  # row 5, the sheet's last


def test_a_table_running_a_million_empty_cells_past_its_sheet_is_refused(tmp_path):
    """Read, such a range costs what calamine allocates for it (728 MiB for A4:K1048576)."""
    path = _pengumpulan_to(tmp_path, 1_048_576)
    with pytest.raises(WorkbookError) as caught:
        FileBook(path)
    assert str(caught.value) == (
        "induk.xlsx tidak dapat dibaca: Tabel tblPengumpulan: rentang A4:K1048576 berlanjut "
        "1.048.567 baris kosong melewati baris terakhir lembar Pengumpulan yang berisi sel "
        "(baris 9); perkecil tabel itu sampai baris yang berisi data."
    )


@pytest.mark.parametrize(
    ("stray", "far"),
    [
        (b'<row r="1048575"><c r="A1048575" t="inlineStr"><is><t>x</t></is></c></row>',
         "sel A1048575"),
        (b'<row r="1048575" ht="20" customHeight="1"/>', "baris 1.048.575"),
    ],
    ids=["value", "empty-row"],
)  # fmt: skip
def test_a_stray_row_near_the_grids_end_does_not_let_the_empty_range_through(tmp_path, stray, far):
    """With a value in A1048575, the sheet's last row reached the range's end: the range was
    read whole (hitung 800 MiB; bagikan 71 s CPU, 3.5 GB)."""
    path = _pengumpulan_to(tmp_path, 1_048_576, under=UNDER + stray)
    with pytest.raises(WorkbookError) as caught:
        FileBook(path)
    assert str(caught.value) == (
        "induk.xlsx tidak dapat dibaca: Tabel tblPengumpulan: rentang A4:K1048576 memuat "
        f"1.048.564 baris kosong sebelum {far} di lembar Pengumpulan; pindahkan atau hapus isi "
        f"{far} lalu perkecil tabel itu sampai baris yang berisi data."
    )


def test_a_range_filled_to_the_stray_row_is_read(tmp_path):
    """Rows counted, not the last one only: a table of 400,000 rows, all present, is read."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>D%d</t></is></c></row>' % (r, r, r)
        for r in range(6, 400_001)
    )
    path = _pengumpulan_to(tmp_path, 400_000, under=rows)
    assert len(FileBook(path).read_table("tblPengumpulan").rows) == 399_996
