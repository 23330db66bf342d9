"""Collect's shortcuts give what the long way gives.

* A returned file that is, byte for byte, the workbook distributed (its SHA-256 is the
  manifest's) is taken as sent without being opened: the same statuses, problems, counts and
  master as for the same workbook repacked (other bytes, the same content), which is read and
  checked in full.
* A master's rows are held without their texts (``read_rows(lean=True)``) and made texts column by
  column: the same hashes, keys and texts as made cell by cell (:func:`rows.text_of`).
* Whether a sheet holds a formula is settled by scans before the pattern: the same answer as
  the pattern (:data:`FORMULA_START`) itself, on the sheets of real workbooks and on edge cases.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.exchange.file_check import _key_repeated
from lkjip_xl.workbook.exchange.manifest import SentTable, load
from lkjip_xl.workbook.exchange.rows import read_rows, row_hash, text_of
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.ooxml import formulas
from lkjip_xl.workbook.ooxml.formulas import has_formula
from lkjip_xl.workbook.ooxml.package import Package
from lkjip_xl.workbook.ooxml.sheet_data import FORMULA_START
from tests.test_distribute_collect import (
    IPASN,
    PEG,
    by_nip,
    edit_unit,
    input_cells,
    ipasn_master,
    nip,
    sha,
    unit_file,
)


def _repack(source: Path, target: Path) -> Path:
    """The same members, uncompressed bytes and order, in a zip of other bytes."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info), zipfile.ZIP_DEFLATED, compresslevel=1)
    return target


def _said(result) -> list[dict[str, Any]]:
    out = []
    for item in result.kiriman:
        shown = item.as_dict()
        for varies in ("arsip", "waktu_diterima", "sha256", "berkas"):
            shown.pop(varies)
        out.append(shown)
    return out


def test_file_as_distributed_is_taken_as_the_same_content_repacked(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    master = ipasn_master(dist / "induk.xlsx", units=3, per_unit=5)
    sent = distribute(master, dist / "kirim")
    back = tmp_path / "kembali"
    back.mkdir()
    edited = edit_unit(unit_file(sent, 0), back / "u0.xlsx", set_={nip(0, 2): {"Pendidikan": "S3"}})
    as_sent = [unit_file(sent, 1), unit_file(sent, 2)]
    repacked = [_repack(p, back / f"ulang-{p.name}") for p in as_sent]
    record = load(dist / "kirim" / "distribusi.json")
    recorded = {u.sha256 for u in record.units}
    assert {sha(p) for p in as_sent} <= recorded  # the shortcut's case
    assert not {sha(p) for p in repacked} & recorded  # the long way's
    assert input_cells(repacked[0], IPASN) == input_cells(as_sent[0], IPASN)

    results, masters = [], []
    for name, files in (("pintas", as_sent), ("penuh", repacked)):
        copy = tmp_path / name
        shutil.copytree(dist, copy)
        results.append(collect(copy / "induk.xlsx", [edited, *files]))
        masters.append(input_cells(copy / "induk.xlsx", IPASN))
    shortcut, full = results
    assert _said(shortcut) == _said(full)
    assert [k.status.value for k in shortcut.kiriman] == ["Diterima"] * 3
    assert [k.rows for k in shortcut.kiriman] == [5, 5, 5]
    assert masters[0] == masters[1]
    assert by_nip(tmp_path / "pintas" / "induk.xlsx")[nip(0, 2)]["pendidikan"] == "S3"


def test_lean_rows_are_the_rows(tmp_path):
    master = ipasn_master(tmp_path / "induk.xlsx", units=3, per_unit=6)
    data = FileBook(master).read_table(PEG.name)
    full = read_rows(PEG, data)
    lean = read_rows(PEG, data, lean=True)
    assert len(full.rows) == len(lean.rows) == 18
    for a, b in zip(full.rows, lean.rows, strict=True):
        assert (a.index, a.raw, a.hash, a.key) == (b.index, b.raw, b.hash, b.key)
        assert a.texts == b.texts == tuple(map(text_of, a.raw))


@pytest.mark.parametrize(
    "values",
    [
        [1, 1.0, True, "1", None, " ", math.nan, dt.date(2024, 1, 2), 1e16, -0.0, 2.5],
        [1, Decimal(1), 2, 2, 2, 2],  # equal to 1 as a dict key, another text
        [True, 1, None, None, None, None],
        ["S1", "S1", None, dt.datetime(2024, 1, 2), dt.date(2024, 1, 2), "S1"],
    ],
)
def test_column_texts_keep_values_of_each_kind_apart(tmp_path, values):
    """Values that one dict key would merge (1, 1.0, True) keep their own texts."""
    master = ipasn_master(tmp_path / "induk.xlsx", units=1, per_unit=2)
    data = FileBook(master).read_table(PEG.name)
    width = len(data.headers)
    column = data.headers.index(PEG.input_columns[-1].name)
    data.rows[:] = []
    for value in values * 3:
        row: list[Any] = ["x"] * width
        row[column] = value
        data.rows.append(row)
    rows = read_rows(PEG, data, lean=True).rows
    at = [c.name for c in PEG.input_columns].index(data.headers[column])
    got = [r.texts[at] for r in rows]
    assert got == [text_of(v) for v in values * 3]
    assert len(set(got[:3])) == len({text_of(v) for v in values[:3]})


def test_column_texts_kept_across_chunks_stay_apart_by_kind(tmp_path):
    """The texts a column's values got in earlier chunks of a long table (kept from chunk to
    chunk) never stand for a value of another kind in a later one (1.0, then True, then 1),
    nor for a value once the column has proven too varied to keep them."""
    master = ipasn_master(tmp_path / "induk.xlsx", units=1, per_unit=2)
    data = FileBook(master).read_table(PEG.name)
    width = len(data.headers)
    column = data.headers.index(PEG.input_columns[-1].name)
    chunk = 4096  # rows.read_rows makes the texts of so many rows at once
    values: list[Any] = [1.0, 2.5] * (chunk // 2) + [True, False] * (chunk // 2)
    values += [1, 2, None, 3] * (chunk // 4) + [1.0, "1", 2.5, None] * (chunk // 4)
    values += [float(i) for i in range(3 * chunk)] + [1.0, True, 1, "1"] * (chunk // 4)
    data.rows[:] = []
    for value in values:
        row: list[Any] = ["x"] * width
        row[column] = value
        data.rows.append(row)
    rows = read_rows(PEG, data).rows  # a lean row makes its texts again from its values
    at = [c.name for c in PEG.input_columns].index(data.headers[column])
    assert [r.texts[at] for r in rows] == [text_of(v) for v in values]
    lean = read_rows(PEG, data, lean=True).rows
    assert [r.hash for r in lean] == [row_hash(tuple(map(text_of, r.raw))) for r in rows]


def _formula_cases() -> list[bytes]:
    made = [
        b"",
        b"<f",
        b"<f>",
        b"<sheetData><row><c><f>A1</f></c></row></sheetData>",
        b"<sheetData><c><formula>x</formula><fx/></c></sheetData><cfRule><formula>1</formula>",
        b"<sheetData></sheetData><extLst><xm:f>Sheet1!A1</xm:f></extLst>",
        b"<x:sheetData><x:c><x:f t='shared'/></x:c></x:sheetData>",
        b"<sheetData><c><f\n/></c></sheetData>",
        b"<sheetData><c><f\x0c/></c></sheetData>",
        b"<sheetData><c><is><t>a:fb &lt;f</t></is></c></sheetData>",
        b"<sheetData><c><v>1</v></c></sheetData><f ",
        b"f<sheetData><fx/><c><f/></c></sheetData>",
        b"<sheetData><x:fy/><c><f/></c></sheetData>",
        b"<sheetData><x:fy/><c><fz/></c></sheetData>",
        b"<sheetData><c><f</sheetData>",
    ]
    # More ``f`` bytes than are looked at one by one: the rest is searched by the two scans.
    many = b"<c><is><t>" + b"fa " * formulas.ONE_BY_ONE + b"</t></is></c>"
    for late in (b"", b"<c><f>A1</f></c>", b"<c><x:f>A1</x:f></c>", b"<c><x:fo/></c>",
                 b"<c><f\x0b/></c>"):  # fmt: skip
        made.append(b"<sheetData>" + many + late + b"</sheetData>")
        made.append(b"<sheetData>" + many + many + late + b"</sheetData>")
    return made


def test_formula_scan_is_the_pattern(tmp_path):
    cases = _formula_cases()
    master = ipasn_master(tmp_path / "induk.xlsx", units=2, per_unit=3)
    with zipfile.ZipFile(master) as archive:
        cases += [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    answers = [has_formula(xml) for xml in cases]
    assert answers == [FORMULA_START.search(xml) is not None for xml in cases]
    assert True in answers and False in answers


def test_a_column_of_distinct_texts_reads_back_as_written(tmp_path):
    """Collect writes whole input columns of distinct texts (NIP, Nama) in one pass; openpyxl
    reads every text back, those needing an escape too."""
    master = ipasn_master(tmp_path / "induk.xlsx", units=2, per_unit=4)
    book = FileBook(master)
    table = book.read_table(PEG.name)
    header = PEG.input_columns[1].name
    texts = [f"Nama {i} bin Fulan" for i in range(len(table.rows))]
    texts[1] = 'A & B <C> "kutip"'
    plain = [f"Pegawai {i}" for i in range(len(table.rows))]
    letter, first = table.column_letter(header), table.excel_row(0)
    for n, values in enumerate((texts, plain)):
        book = FileBook(master)
        table = book.read_table(PEG.name)
        book.write_column(table, header, values)
        out = book.commit(tmp_path / f"keluar{n}.xlsx")
        ws = openpyxl.load_workbook(out)[PEG.sheet]
        assert [ws[f"{letter}{first + i}"].value for i in range(len(values))] == values


def test_the_master_read_tells_which_sheets_hold_formulas(tmp_path):
    """A master read with ``formulas=True`` tells, for every sheet it read, what the pattern
    finds in the file's sheet; the sheets it did not read (or a book not asked) tell None."""
    master = ipasn_master(tmp_path / "induk.xlsx", units=2, per_unit=3)
    wb = openpyxl.load_workbook(master)
    wb[PEG.sheet]["Z2"] = "=1+1"
    wb.save(master)
    book = FileBook(master, formulas=True)
    sheets = book.sheet_names()
    with zipfile.ZipFile(master) as archive:
        package = Package(archive)
        expected = {
            s: FORMULA_START.search(archive.read(package.sheet_part(s))) is not None for s in sheets
        }
    told = {s: book.holds_formulas(s) for s in sheets}
    assert {s: v for s, v in told.items() if v is not None} == {
        s: expected[s] for s, v in told.items() if v is not None
    }
    assert told[PEG.sheet] is True and False in told.values()
    assert book.holds_formulas("Tidak Ada") is None
    assert FileBook(master).holds_formulas(PEG.sheet) is None


@pytest.mark.parametrize(
    "keys",
    [
        None,
        [["s:1"], ["s:2"], [None]],
        [["s:1"], [" s:1"], ["s:2"]],
        [["s:ab"], ["s: AB "], [None], [None]],
        [["n:7"], ["s:7"]],
        [["s:a", "s:b"], ["s:A", "s:b "]],
        [["s:a", None], ["s:a", None]],
    ],
)
def test_a_repeated_key_is_told_as_the_identities_tell_it(keys):
    """Whether a unit's rows as sent hold a key twice, told without the rows' identities for
    a key of one text: the same answer as their identities give."""
    table = SentTable(len(keys or [1, 2]), [f"h{i}" for i in range(len(keys or [1, 2]))], keys)
    found = [i for i in SentTable(table.rows, table.hashes, keys).identities() if i[0] == "k"]
    assert _key_repeated(table) is (len(set(found)) != len(found))
