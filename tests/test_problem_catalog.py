"""The catalog of problem codes (lkjip_xl.core.problems): each code declared once, every code the
program emits declared, and the README's list and ``lkjip-xl codes`` derived from it."""

from __future__ import annotations

import ast
import inspect
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import TableColumn

from lkjip_xl.core import problems as catalog
from lkjip_xl.core import values
from lkjip_xl.core.predikat import Band, bands_from_rows, validate_bands
from lkjip_xl.core.problem_table import markdown
from lkjip_xl.core.problems import Area, Kode, Tingkat, fields_of, katalog
from lkjip_xl.workbook import problems as workbook_problems
from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.builder import build_template, make_workbook
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_names, fill_table
from lkjip_xl.workbook.exchange import codes as exchange_codes
from lkjip_xl.workbook.exchange.codes import REJECTING, StatusKiriman
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.file_book import FileBook
from lkjip_xl.workbook.problems import Masalah
from lkjip_xl.workbook.reader import StructureError, read_names
from lkjip_xl.workbook.recompute import check
from tests.hostile.corpus import part, rewrite, sheet_part
from tests.workbooks import INDIKATOR, TRIWULAN, filled_kinerja

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lkjip_xl"
CATALOG = PACKAGE / "core" / "problems.py"
KINERJA = template("kinerja")
IPASN = template("ipasn")
PEG = IPASN.table("tblPegawai")


# --- the catalog itself ------------------------------------------------------------------------


def test_each_code_is_declared_once_with_its_words():
    names = [k.name for k in Kode]
    assert len(names) == len(set(Kode)) == len({k.value for k in Kode}) == 79
    for kode in Kode:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", kode.value), kode
        assert kode.name == kode.value.upper().replace("-", "_")
        assert kode.judul and kode.pesan and kode.keterangan, kode
        assert isinstance(kode.tingkat, Tingkat) and isinstance(kode.area, Area)
        reserved = {"kode", "tingkat", "varian", "sheet", "cell", "table", "row", "field"}
        for text in (kode.pesan, *kode.varian.values()):
            assert not fields_of(text) & reserved, (kode, text)
    # The one code with a second level: a warning in a check, an error when collecting.
    assert [k for k in Kode if k.definisi.tingkat_lain] == [Kode.TEMPLATE_VERSION]
    assert Kode.TEMPLATE_VERSION.allows(Tingkat.GALAT)
    assert not Kode.STALE_RESULTS.allows(Tingkat.GALAT)


def test_one_kode_everywhere_and_statuses_are_their_own_vocabulary():
    assert values.Kode is Kode is workbook_problems.Kode is exchange_codes.Kode
    assert workbook_problems.Tingkat is Tingkat
    assert [s.value for s in StatusKiriman] == [
        "Belum Kembali", "Diterima", "Ditolak", "Konflik", "Duplikat",
    ]  # fmt: skip
    assert {k.value for k in REJECTING} == {
        "unreadable", "not-template", "wrong-template", "no-stamp", "other-distribution",
        "unknown-unit", "stamp-changed", "template-version", "settings-changed", "structure",
        "seal-invalid", "foreign-row", "formula-without-value", "unit-emptied",
    }  # fmt: skip
    konflik = {k.value for k in Kode if k.status_kiriman == StatusKiriman.KONFLIK}
    assert konflik == {"conflict-files", "already-accepted"}
    assert [k for k in Kode if k.status_kiriman == StatusKiriman.DUPLIKAT] == [Kode.DUPLICATE_FILE]


def test_messages_are_the_templates_filled():
    assert Kode.STALE_RESULTS.message() == (
        "Masukan berubah sejak hitung ulang terakhir: hasil di buku kerja sudah usang; "
        "jalankan Hitung Ulang."
    )
    assert Kode.STALE_RESULTS.message("kiriman") == (
        "Hasil hitungan di berkas unit belum diperbarui setelah isian diubah; induk menghitung "
        "ulang sendiri."
    )
    assert Kode.UNREADABLE.message("terlalu-besar", berkas="a.xlsx", ukuran=9) == (
        "Berkas a.xlsx terlalu besar (9 byte)."
    )
    assert Kode.OUT_OF_RANGE.message(kolom="Nilai SKP", nilai="150", rentang="0 sampai 100") == (
        "Nilai SKP: nilai 150 di luar rentang yang diizinkan (0 sampai 100)."
    )
    with pytest.raises(KeyError):
        Kode.ROW_ADDED.message()  # a missing field is a programming error, not a blank


def test_masalah_refuses_a_code_or_level_the_catalog_does_not_declare():
    found = Masalah.of(Kode.INCOMPLETE_ROWS, sheet="Pegawai", jumlah=3)
    assert (found.code, found.tingkat, found.message, found.place) == (
        Kode.INCOMPLETE_ROWS, Tingkat.PERINGATAN,
        "3 pegawai datanya belum lengkap (lihat kolom Saran).", "Pegawai",
    )  # fmt: skip
    assert found.as_dict()["code"] == "incomplete-rows" and type(found.as_dict()["code"]) is str
    assert Masalah("late", "peringatan", "x").code is Kode.LATE  # plain strings are looked up
    with pytest.raises(ValueError, match="no-such-code"):
        Masalah("no-such-code", Tingkat.GALAT, "x")
    with pytest.raises(ValueError, match="not declared at level"):
        Masalah.of(Kode.LATE, tingkat=Tingkat.GALAT, batas_waktu="2025-12-31")
    kiriman = Masalah.of(
        Kode.TEMPLATE_VERSION, tingkat=Tingkat.GALAT, varian="kiriman", versi="1", dikirim="2"
    )
    assert kiriman.tingkat is Tingkat.GALAT
    assert kiriman.message == "Versi templat berkas ini 1, sedangkan yang dikirim 2."


# --- every code the program can emit is in the catalog: read from the source ------------------

PROBLEM_CALLS = {"Masalah", "of", "BandProblem", "_galat", "Nilai", "report", "report_master",
                 "_problem"}  # fmt: skip
# Calls that build a problem's message from its template; helpers fill some fields themselves.
MESSAGE_CALLS = {"of", "report", "report_master", "_problem"}
FILLED_BY = {"_problem": {"kolom"}, "report_master": {"baris", "sel_induk"}}
NOT_ONLY_A_CODE = {"sakip"}  # also the name of a preset scale


def _sources(*folders: Path):
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            if path != CATALOG:
                tree = ast.parse(path.read_text(encoding="utf-8"))
                for node in ast.walk(tree):
                    for child in ast.iter_child_nodes(node):
                        child.parent = node  # type: ignore[attr-defined]
                yield path.relative_to(ROOT), tree


def _call_name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _kode_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        member = node.value.id == "Kode" and re.fullmatch(r"[A-Z][A-Z_]*", node.attr)
        return node.attr if member else None
    return None


def test_no_code_is_a_string_literal_outside_the_catalog():
    codes = {k.value for k in Kode}
    found = []
    for path, tree in _sources(PACKAGE):
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in codes:
                parent = node.parent  # type: ignore[attr-defined]
                in_call = isinstance(parent, ast.Call | ast.keyword)
                call = parent if isinstance(parent, ast.Call) else getattr(parent, "parent", None)
                if node.value in NOT_ONLY_A_CODE and not (
                    in_call and isinstance(call, ast.Call) and _call_name(call) in PROBLEM_CALLS
                ):
                    continue
                found.append(f"{path}:{node.lineno} {node.value!r}")
            if isinstance(node, ast.Call) and _call_name(node) in PROBLEM_CALLS:
                for arg in node.args:
                    text = arg.value if isinstance(arg, ast.Constant) else None
                    if isinstance(text, str) and re.fullmatch(r"[a-z]+(-[a-z]+)*", text):
                        found.append(f"{path}:{node.lineno} {text!r} passed as a code")
    assert not found, found


def test_problems_are_built_through_the_catalog_with_its_fields():
    problems = []
    for path, tree in _sources(PACKAGE, ROOT / "tests"):
        inside = path.parts[0] == "lkjip_xl"
        for node in ast.walk(tree):
            name = _kode_of(node)
            if name is not None and name not in Kode.__members__:
                problems.append(f"{path}:{node.lineno} Kode.{name} is not declared")
            if not (inside and isinstance(node, ast.Call)):
                continue
            if _call_name(node) == "Masalah" and path != Path("lkjip_xl/workbook/problems.py"):
                problems.append(f"{path}:{node.lineno} Masalah(...) instead of Masalah.of(...)")
            kodes = [_kode_of(a) for a in node.args if _kode_of(a) in Kode.__members__]
            if not kodes or _call_name(node) not in MESSAGE_CALLS:
                continue
            kode = Kode[kodes[0]]
            keywords = {k.arg: k.value for k in node.keywords}
            wordings = [None]
            if "varian" in keywords:
                wordings = [n.value for n in ast.walk(keywords["varian"])
                            if isinstance(n, ast.Constant)]  # fmt: skip
            for varian in wordings:
                if varian is not None and varian not in kode.varian:
                    problems.append(f"{path}:{node.lineno} {kode.value} has no variant {varian}")
                    continue
                if None in keywords:  # fields passed on as **mapping: checked when run
                    continue
                text = kode.pesan if varian is None else kode.varian[varian]
                given = set(keywords) | FILLED_BY.get(_call_name(node), set())
                if fields_of(text) - given:
                    missing = sorted(fields_of(text) - given)
                    problems.append(f"{path}:{node.lineno} {kode.value} lacks {missing}")
    assert not problems, problems


# --- every code the program can emit is in the catalog: run it ---------------------------------


def _assert_from_catalog(found: list[Masalah]) -> set[str]:
    for m in found:
        assert isinstance(m.code, Kode) and m.code.allows(m.tingkat), m
        assert m.message and "{" not in m.message, m
    return {m.code.value for m in found}


def _set_rows(ws, spec, rows: list[tuple]) -> None:
    """Replace the (prefilled) input rows of a Pengaturan band table by ``rows``."""
    keys = [c.key for c in spec.columns]  # the label is the key; every column is typed
    for i in range(spec.min_rows):
        row = rows[i] if i < len(rows) else ()
        for j, key in enumerate(keys):
            cell = ws.cell(spec.first_data_row + i, spec.col_index(key))
            cell.value = row[j] if j < len(row) else None  # ws.cell(..., None) would keep it


def test_check_and_recompute_emit_catalog_codes(tmp_path):
    found: list[Masalah] = []
    base = {"Sasaran": "S1", "Indikator": "I", "Satuan": "%", "Polaritas": "Positif"}
    rows = [
        {"Kode": "IKU-1", "Target": 80, "Realisasi": 72},
        {"Kode": "IKU-2", "Target": "sembilan puluh", "Realisasi": 50},
        {"Kode": "IKU-3", "Target": 100, "Realisasi": "1.234"},
        {"Kode": "IKU-4", "Target": 100, "Realisasi": "95.44"},
        {"Kode": "IKU-5", "Target": True, "Realisasi": 90},
        {"Kode": "IKU-6", "Target": datetime(2025, 1, 1), "Realisasi": 90},
        {"Kode": "IKU-7", "Target": 100, "Realisasi": "#N/A"},
        {"Kode": "IKU-8", "Polaritas": "Negatf", "Target": 100, "Realisasi": 90},
        {"Kode": "IKU-1", "Sasaran": "S2", "Target": 100, "Realisasi": 90},
        {"Kode": "IKU-9", "Sasaran": "S3", "Realisasi": 90},
    ]
    path = filled_kinerja(tmp_path / "kinerja.xlsx", [{**base, **r} for r in rows])
    wb = openpyxl.load_workbook(path)
    evaluasi = KINERJA.table("tblEvaluasiSakip")
    wb[evaluasi.sheet].cell(evaluasi.first_data_row, evaluasi.col_index("nilai"), 25)
    wb[KINERJA.named("Versi_Template").sheet][KINERJA.named("Versi_Template").cell] = "0.1"
    wb.save(path)
    found += check(FileBook(path)).masalah  # never computed
    found += recompute_file(path).masalah
    wb = openpyxl.load_workbook(path)
    indikator = KINERJA.table("tblIndikator")
    wb[indikator.sheet].cell(indikator.first_data_row, indikator.col_index("target"), 81)
    wb.save(path)
    found += check(FileBook(path)).masalah  # stale

    settings = filled_kinerja(tmp_path / "pengaturan.xlsx", [{**base, **rows[0]}])
    wb = openpyxl.load_workbook(settings)
    fill_names(wb, "kinerja", {"Skala_Capaian": "kustom", "Desimal": 20})
    capaian, efisiensi = KINERJA.table("tblSkalaCapaian"), KINERJA.table("tblSkalaEfisiensi")
    _set_rows(
        wb[capaian.sheet],
        capaian,
        [("A", 80, "Ya"), ("A", 80, "Ya"), (None, 90, "Ya"), ("D", 10, "Tidak")],
    )
    _set_rows(wb[efisiensi.sheet], efisiensi, [("X", 1, "Mungkin")])
    wb.save(settings)
    found += check(FileBook(settings)).masalah

    ipasn = tmp_path / "ipasn.xlsx"
    wb = make_workbook("ipasn")
    person = {"Nama": "A", "Unit Kerja": "BKPSDM", "Status": "PNS", "Jenis Jabatan": "Pelaksana",
              "Pendidikan": "S1", "JP Diklat Teknis": 24, "Seminar": "Ya", "Nilai SKP": 92,
              "Hukuman Disiplin": "Tidak Pernah"}  # fmt: skip
    nips = ["198706152010011003", 198706152010011004, "12345", "198706152010011006",
            "198706152010011003", "198706152010011008"]  # fmt: skip
    people = [{**person, "NIP": n} for n in nips]
    people[3]["Nilai SKP"], people[5]["Pendidikan"] = 150, None
    people[0]["Predikat SKP"] = "Kurang"  # Nilai SKP 92 gives 30, Kurang 5
    fill_table(wb, PEG, people)
    wb.save(ipasn)
    found += recompute_file(ipasn).masalah

    unnamed = tmp_path / "tanpa-nama.xlsx"
    wb = openpyxl.load_workbook(path)
    del wb.defined_names["Desimal"]
    wb.save(unnamed)
    _names, missing = read_names(FileBook(unnamed), KINERJA)
    found += missing
    with pytest.raises(StructureError, match="Nama Desimal tidak ada"):
        check(FileBook(unnamed))

    emitted = _assert_from_catalog(found)
    # The core's own codes of band tables that no workbook can produce (the reader reports
    # an unreadable bound or an empty table first).
    core = [bands_from_rows([{"label": "A", "lower": "tinggi"}])[1][0], validate_bands([])[0]]
    assert [p.code for p in core] == [Kode.BAD_BOUND, Kode.EMPTY_SCALE]
    assert validate_bands([Band("A", 80), Band("B", None)]) == []
    assert emitted == {
        "not-a-number", "ambiguous-number", "wrong-decimal-mark", "boolean-as-number",
        "date-as-number", "excel-error", "unknown-choice", "duplicate-key", "blank-required",
        "excluded", "sakip", "template-version", "never-computed", "stale-results",
        "bad-setting", "band-order", "band-overlap", "band-gap", "duplicate-label",
        "blank-label", "bad-flag", "nip-as-number", "nip-format", "out-of-range",
        "incomplete-rows", "missing-name", "skp-mismatch",
    }  # fmt: skip
    by_code = {m.code: m for m in found}
    assert by_code[Kode.MISSING_NAME].message == (
        "Nama Desimal tidak ada; buku kerja ini bukan templat standar."
    )
    assert by_code[Kode.OUT_OF_RANGE].message == (
        "Nilai SKP: nilai 150 di luar rentang yang diizinkan (0 sampai 100)."
    )
    assert by_code[Kode.SAKIP].message.startswith("Evaluasi SAKIP: Nilai komponen belum lengkap")
    # A blank label is a blank label (it was once read as a band named "nan").
    assert by_code[Kode.BLANK_LABEL].message == "Tabel tblSkalaCapaian: Baris 3: label kosong."


def _person(unit: str, n: int, **over) -> dict:
    row = {"NIP": f"19800101200501{n:04d}", "Nama": f"P{n}", "Unit Kerja": unit, "Status": "PNS",
           "Jenis Jabatan": "Pelaksana", "Pendidikan": "S1", "Diklat Jenjang": "Ya",
           "JP Diklat Teknis": 24, "Seminar": "Ya", "Nilai SKP": 80,
           "Hukuman Disiplin": "Tidak Pernah"}  # fmt: skip
    return {**row, **over}


def _edit(path: Path, out: Path, edit) -> Path:
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(out)
    return out


def _cell(wb, n: int, header: str):
    """The cell of column ``header`` in the row of NIP number ``n``."""
    ws = wb[PEG.sheet]
    nip = f"19800101200501{n:04d}"
    row = next(r for r in range(PEG.first_data_row, ws.max_row + 1)
               if ws.cell(r, PEG.col_index("nip")).value == nip)  # fmt: skip
    return ws.cell(row, next(PEG.col_index(c.key) for c in PEG.columns if c.name == header))


def _blank_row(wb) -> int:
    ws = wb[PEG.sheet]
    return next(r for r in range(PEG.first_data_row, ws.max_row + 1)
                if ws.cell(r, PEG.col_index("nama")).value is None)  # fmt: skip


def _type_row(wb, values: dict) -> None:
    row = _blank_row(wb)
    for column in PEG.columns:
        if column.name in values:
            wb[PEG.sheet].cell(row, PEG.col_index(column.key), values[column.name])


def _stored_results(path: Path, results: dict[bytes, bytes]) -> Path:
    """The formulas openpyxl wrote given their results, as Excel stores them on saving."""
    name = sheet_part(path, PEG.sheet)
    xml = part(path, name)
    for formula, value in results.items():
        spelled = b"<f>" + formula + b"</f><v></v>"
        assert spelled in xml
        xml = xml.replace(spelled, b"<f>" + formula + b"</f><v>" + value + b"</v>")
    return rewrite(path, {name: xml})


def test_distribute_and_collect_emit_catalog_codes(tmp_path):
    units = ("Unit A", "Unit B", "Unit C")
    people = [_person(units[n % 3], n) for n in range(9)] + [_person(None, 9)]
    people[0]["Nilai SKP"] = "=70+1"
    master = tmp_path / "induk.xlsx"
    wb = make_workbook("ipasn")
    fill_table(wb, PEG, people)
    wb.save(master)
    recompute_file(master)
    sent = distribute(master, tmp_path / "kirim")
    files = {w.unit: w.path for w in sent.workbooks}
    found = list(sent.masalah)

    def unit_a(wb):
        _cell(wb, 3, "Unit Kerja").value = units[1]  # moves to another unit
        _cell(wb, 6, "Nilai SKP").value = "=80+2"
        _type_row(wb, _person(units[0], 20, NIP=None))
        _type_row(wb, _person(units[2], 21))

    def other_version(wb):
        named = IPASN.named("Versi_Template")
        wb[named.sheet][named.cell] = "0.1"

    def renamed_column(wb):
        ws = wb[PEG.sheet]
        ws.cell(PEG.header_row, PEG.col_index("seminar"), "Seminar Lain")
        column = next(c for c in ws.tables[PEG.name].tableColumns if c.name == "Seminar")
        column.name = "Seminar Lain"

    def other_unit_stamp(wb):
        wb.defined_names["Unit_Distribusi"] = DefinedName("Unit_Distribusi", attr_text='"Z"')

    def unit_c(wb):
        _cell(wb, 2, "Nilai SKP").value = 90  # a row the master removes meanwhile
        ws = wb[PEG.sheet]
        table = ws.tables[PEG.name]
        column = PEG.last_col + 1
        ws.cell(PEG.header_row, column, "Tambahan")
        table.tableColumns.append(TableColumn(id=len(table.tableColumns) + 1, name="Tambahan"))
        last = table.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        table.ref = f"{PEG.anchor}:{openpyxl.utils.get_column_letter(column)}{last}"
        table.autoFilter.ref = table.ref

    returned = [
        _stored_results(_edit(files[units[0]], tmp_path / "a.xlsx", unit_a), {b"80+2": b"82"}),
        _edit(files[units[1]], tmp_path / "b-versi.xlsx", other_version),
        _edit(files[units[1]], tmp_path / "b-kolom.xlsx", renamed_column),
        _edit(files[units[1]], tmp_path / "b-cap.xlsx", other_unit_stamp),
        build_template("kinerja", tmp_path / "kinerja.xlsx"),
        tmp_path / "lain.xlsx",  # a workbook, but no template
        _edit(files[units[2]], tmp_path / "c.xlsx", unit_c),
    ]
    openpyxl.Workbook().save(tmp_path / "lain.xlsx")
    wb = openpyxl.load_workbook(master)
    wb[PEG.sheet].delete_rows(_cell(wb, 2, "NIP").row)
    wb.save(master)
    result = collect(master, returned)
    for item in result.kiriman:
        found += item.masalah
    statuses = [k.status for k in result.kiriman]
    assert statuses == [StatusKiriman.DITERIMA] + [StatusKiriman.DITOLAK] * 5 + [
        StatusKiriman.DITERIMA
    ]

    kinerja = filled_kinerja(
        tmp_path / "kinerja-induk.xlsx",
        INDIKATOR,
        (),
        [*TRIWULAN, {"Kode": "IKU-99", "Triwulan": "TW1", "Target": 1}],
    )
    found += distribute(kinerja, tmp_path / "kirim-kinerja").masalah  # fmt: skip

    assert _assert_from_catalog(found) == {
        "no-unit", "formula-values", "other-unit", "row-added", "missing-key", "formula-input",
        "stale-results", "template-version", "structure", "unknown-unit", "wrong-template",
        "not-template",
        "master-removed", "master-edited", "extra-column", "orphan-rows", "input-problems",
    }  # fmt: skip
    by_code = {}
    for m in found:
        by_code.setdefault(m.code, []).append(m)
    assert [m.message for m in by_code[Kode.INPUT_PROBLEMS]] == [
        "1 isian berkas ini bermasalah dan digabungkan apa adanya (perbaiki di induk atau minta "
        "unit memperbaikinya): Pegawai!A8: NIP: belum diisi."
    ]
    assert by_code[Kode.TEMPLATE_VERSION][0].tingkat is Tingkat.GALAT
    assert sorted(m.message for m in by_code[Kode.OTHER_UNIT]) == [
        "Baris baru ini memakai Unit Kerja Unit C, bukan Unit A.",
        "Unit Kerja baris ini diubah menjadi Unit B; baris pindah ke unit itu di induk.",
    ]


def test_every_code_is_emitted_by_a_test():
    """Codes the two tests above do not trigger are asserted by name in the other tests."""
    here = "".join(
        inspect.getsource(test)
        for test in (test_check_and_recompute_emit_catalog_codes,
                     test_distribute_and_collect_emit_catalog_codes)
    )  # fmt: skip
    elsewhere = "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py")
        if p.name != Path(__file__).name
    )  # fmt: skip
    missing = [
        kode.value
        for kode in Kode
        if f'"{kode.value}"' not in here + elsewhere and f"Kode.{kode.name}" not in here
    ]
    assert not missing


# --- what is derived from the catalog ----------------------------------------------------------

START, END = "<!-- kode:mulai -->", "<!-- kode:akhir -->"


def test_readme_lists_the_catalog():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split(START, 1)[1].split(END, 1)[0]
    assert block == "\n" + markdown(), "run: python scripts/kode_readme.py"
    for kode in Kode:
        assert f"| `{kode.value}` |" in block


def test_readme_generator_rewrites_only_its_block(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# X\n\nsebelum\n{START}\nusang\n{END}\nsesudah\n", encoding="utf-8")
    script = [sys.executable, str(ROOT / "scripts" / "kode_readme.py")]
    stale = subprocess.run([*script, "--check", str(readme)], capture_output=True, text=True)
    assert stale.returncode == 1 and "usang" not in stale.stderr
    done = subprocess.run([*script, str(readme)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert readme.read_text(encoding="utf-8") == (
        f"# X\n\nsebelum\n{START}\n{markdown()}{END}\nsesudah\n"
    )
    fresh = subprocess.run([*script, "--check", str(readme)], capture_output=True, text=True)
    assert fresh.returncode == 0, fresh.stderr


def test_codes_command_lists_the_catalog_for_people_and_tools():
    from typer.testing import CliRunner

    from lkjip_xl.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["kode", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == katalog() and len(data) == len(Kode)
    first = data[0]
    assert {"code", "tingkat", "area", "judul", "pesan", "keterangan"} <= set(first)
    version = next(d for d in data if d["code"] == "template-version")
    assert (version["tingkat"], version["tingkat_lain"], version["status_kiriman"]) == (
        "peringatan", ["galat"], "Ditolak",
    )  # fmt: skip
    narrow = runner.invoke(app, ["codes"])  # 80 columns: the words wrap, the codes never
    assert narrow.exit_code == 0, narrow.output
    for kode in Kode:
        assert f"│ {kode.value} " in narrow.output
    wide = runner.invoke(app, ["codes"], env={"COLUMNS": "200"})
    assert "│ peringatan / galat │" in wide.output
    assert "{kolom}: nilai {nilai} di luar rentang yang diizinkan ({rentang})." in wide.output


def test_catalog_module_needs_no_workbook_library():
    assert catalog.__name__ == "lkjip_xl.core.problems"
    tree = ast.parse(CATALOG.read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any(m and m.startswith("lkjip_xl") for m in imported), imported
