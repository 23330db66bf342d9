"""Files the fuzzing of ``test_fuzz_cli.py`` found mishandled, kept as plain cases: each is
refused by ``periksa`` and ``hitung`` in one Indonesian sentence, the workbook left as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from lkjip_xl.cli_klik import run_action
from tests.hostile.corpus import kinerja, one_line, part, rewrite, run_cli, sheet_part
from tests.hostile.fuzz import Outcome, judge, judged, mutate

#: A comment that takes a part past the size below which every part is checked to be
#: well-formed when a package is opened: the damage is then found where the part is read.
PAD = b"<!--" + b" " * 20000 + b"-->"


def _refused(path: Path, words: str) -> None:
    for command in ("periksa", "hitung"):
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        done = run_cli(command, str(path))
        changed = hashlib.sha256(path.read_bytes()).hexdigest() != before
        outcome = Outcome(command, done.returncode, done.stdout, done.stderr, changed)
        assert judge(outcome, path) == [], (command, done.stderr)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert words in one_line(done.stderr), done.stderr


def _sheet_rels(path: Path, sheet: str) -> str:
    head, tail = sheet_part(path, sheet).rsplit("/", 1)
    return f"{head}/_rels/{tail}.rels"


@pytest.mark.parametrize(
    "damage",
    [b"\x8b\x01garbage", b"", b'<?xml version="1.0"?><Relationships xmlns="x"><Relation'],
    ids=["garbage", "empty", "cut-short"],
)
def test_a_relationship_part_that_is_not_xml_is_refused(tmp_path, damage):
    """Found: expat's ParseError escaped every reader (exit 3, "kesalahan tak terduga")."""
    path = kinerja(tmp_path / "kinerja.xlsx")
    rels = _sheet_rels(path, "Indikator")
    rewrite(path, {rels: damage})
    _refused(path, f"Arsip rusak: bagian {rels} bukan XML yang utuh")


def test_a_workbook_relationship_part_that_is_not_xml_is_refused(tmp_path):
    path = kinerja(tmp_path / "kinerja.xlsx")
    rewrite(path, {"xl/_rels/workbook.xml.rels": part(path, "xl/_rels/workbook.xml.rels")[:50]})
    _refused(path, "Arsip rusak: bagian xl/_rels/workbook.xml.rels bukan XML yang utuh")


def _table_part(path: Path, name: str) -> tuple[str, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.startswith("xl/tables/") and f'displayName="{name}"'.encode() in (
                xml := archive.read(member)
            ):
                return member, xml
    raise AssertionError(name)


def _with_table_ref(path: Path, name: str, ref: str) -> Path:
    member, xml = _table_part(path, name)
    old = xml.split(b' ref="', 1)[1].split(b'"', 1)[0]
    return rewrite(path, {member: xml.replace(b'ref="' + old + b'"', f'ref="{ref}"'.encode())})


def test_a_table_range_written_backwards_is_refused(tmp_path):
    """Found: calamine panics on it (a Rust panic, which is no Python Exception: a traceback)."""
    path = _with_table_ref(kinerja(tmp_path / "kinerja.xlsx"), "tblLog", "I5:A4")
    _refused(path, "Tabel tblLog: rentang I5:A4 tidak sah")


def test_a_table_over_the_whole_sheet_is_refused(tmp_path):
    """Found: calamine allocates the table's whole range (137 GB) and aborts the process."""
    path = _with_table_ref(kinerja(tmp_path / "kinerja.xlsx"), "tblLog", "A4:XFD1048576")
    _refused(path, "Tabel tblLog: rentang A4:XFD1048576 terlalu besar untuk dibaca")


def test_a_readers_panic_is_one_sentence_not_a_traceback(tmp_path, capsys):
    """The last line of defence catches what a Rust reader raises (no Exception subclass)."""
    path = _with_table_ref(kinerja(tmp_path / "kinerja.xlsx"), "tblLog", "A4:I5")
    member, xml = _table_part(path, "tblLog")
    rewrite(path, {member: xml.replace(b'ref="A4:I5"', b'ref="I5:A4"')})  # past our check
    book = CalamineWorkbook.from_path(str(path), load_tables=True)
    assert run_action(lambda: book.get_table_by_name("tblLog")) == 3
    said = one_line(capsys.readouterr().err)
    assert said.startswith("Gagal karena kesalahan tak terduga: PanicException")


@pytest.mark.parametrize("ref", ["A4:I4", "A4"])
def test_a_table_of_one_row_is_refused(tmp_path, ref):
    """Found: calamine panics reading a table without a data row (hitung reads every table)."""
    path = _with_table_ref(kinerja(tmp_path / "kinerja.xlsx"), "tblLog", ref)
    _refused(path, f"Tabel tblLog: rentang {ref} hanya satu baris")


def test_a_sheet_cut_short_is_refused(tmp_path):
    """Found: calamine's XmlError escaped the reading of a named cell's sheet (exit 3)."""
    path = kinerja(tmp_path / "kinerja.xlsx")
    name = sheet_part(path, "Pengaturan")
    xml = part(path, name)
    xml = PAD + xml if not xml.startswith(b"<?") else xml.replace(b"?>", b"?>" + PAD, 1)
    rewrite(path, {name: xml[: xml.index(b"</sheetData>") + 40]})  # cut in what follows
    _refused(path, "Lembar 'Pengaturan' di kinerja.xlsx rusak dan tidak dapat dibaca")


@pytest.mark.parametrize(
    "cell",
    [b'<c r="C5" t="b"><v>2</v></c>', b'<c r="C5" t="e"><v>#BOGUS!</v></c>',
     b'<c r="C5" t="zzz"><v>1</v></c>', b'<c r="C5" t="s"><v>99999</v></c>'],
    ids=["boolean-2", "unknown-error", "unknown-type", "shared-string-out-of-range"],
)  # fmt: skip
def test_a_table_with_a_cell_no_reader_takes_is_not_said_to_be_missing(tmp_path, cell):
    """Found: such a cell made every command say the table was deleted."""
    from tests.hostile.corpus import set_cell_xml
    from tests.workbooks import filled_kinerja

    anggaran = [{"Kode Indikator": "IKU-1", "Program/Kegiatan": "Program", "Pagu": 100,
                 "Realisasi Anggaran": 90}]  # fmt: skip
    path = filled_kinerja(tmp_path / "kinerja.xlsx", [], anggaran)
    set_cell_xml(path, "Anggaran", "C5", cell)
    _refused(path, "Tabel tblAnggaran di kinerja.xlsx memuat sel yang rusak")


def test_a_table_part_cut_short_is_refused_in_indonesian(tmp_path):
    """Found: calamine's own English sentence was the refusal ("syntax error: ...")."""
    path = kinerja(tmp_path / "kinerja.xlsx")
    member, xml = _table_part(path, "tblLog")
    xml = PAD + xml if not xml.startswith(b"<?") else xml.replace(b"?>", b"?>" + PAD, 1)
    rewrite(path, {member: xml[: xml.index(b"<tableColumn") + 30]})  # the range read, not all
    # Every part but the sheets and shared strings is checked whole when the package is opened
    # (also past the size above): the refusal names the part.
    _refused(path, f"kinerja.xlsx tidak dapat dibaca: Arsip rusak: bagian {member} bukan XML")


@pytest.mark.parametrize("member", ["docProps/core.xml", "xl/theme/theme1.xml"])
def test_a_part_the_engine_leaves_alone_cut_short_is_refused(tmp_path, member):
    """Found: hitung wrote such a part back as it was, and openpyxl could not open the result."""
    path = kinerja(tmp_path / "kinerja.xlsx")
    xml = part(path, member)
    rewrite(path, {member: xml[: len(xml) // 2]})
    _refused(path, f"Arsip rusak: bagian {member} bukan XML yang utuh")


def test_vml_as_excel_writes_it_is_taken(tmp_path):
    """Excel's legacy drawings leave ``<br>`` unclosed: not a reason to refuse a workbook."""
    path = kinerja(tmp_path / "kinerja.xlsx")
    rewrite(path, {}, extra=[("xl/drawings/vmlDrawing9.vml", b"<xml><div>a<br>b</div></xml>")])
    for command in ("periksa", "hitung"):
        done = run_cli(command, str(path))
        assert done.returncode in (0, 1), done.stderr


def test_a_table_range_narrower_than_its_columns_is_refused(tmp_path):
    """Found: the rows read were narrower than the headers, and the report's plan failed on
    them (IndexError, exit 3)."""
    path = _with_table_ref(kinerja(tmp_path / "kinerja.xlsx"), "tblLog", "A4:B5")
    _refused(path, "Tabel tblLog: rentang A4:B5 selebar 2 kolom, padahal tabel itu memiliki 9")


def test_a_last_row_numbered_with_letters_is_refused(tmp_path):
    """Found: the far-cell search took the last row's number as an integer (an English
    sentence from int())."""
    import re

    path = kinerja(tmp_path / "kinerja.xlsx")
    name = sheet_part(path, "Identitas")
    xml = part(path, name)
    last = list(re.finditer(rb'<row r="[0-9]+"', xml))[-1]
    rewrite(path, {name: xml[: last.start()] + b'<row r="abc"' + xml[last.end() :]})
    for command in ("periksa", "hitung"):
        done = run_cli(command, str(path))
        outcome = Outcome(command, done.returncode, done.stdout, done.stderr, False)
        assert judge(outcome, path, before="(not read before)") == [], done.stderr
        assert "invalid literal" not in done.stderr


FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"


def test_an_old_workbook_whose_styles_openpyxl_refuses_is_not_upgraded(tmp_path):
    """Found (s23, seed number-format 965893): a number format id that is no number
    (``numFmtId="abc"``) passes the package checks, and openpyxl's TypeError ended
    ``perbarui`` in "kesalahan tak terduga" (exit 3)."""
    path = mutate(FIXTURES / "kinerja-2026.2.xlsx", tmp_path / "kerja.xlsx",
                  [("number-format", 965893)])  # fmt: skip
    assert b'numFmtId="abc"' in part(path, "xl/styles.xml")
    outcome, wrong = judged("perbarui", path)
    assert wrong == [], outcome.stderr
    assert outcome.code == 2
    assert "kerja.xlsx tidak dapat dibaca: salah satu bagian di dalamnya rusak" in one_line(
        outcome.stderr
    )


def _compressed_with(path: Path, member: str, method: int) -> Path:
    """``path`` with the central directory saying ``member`` is compressed by ``method`` (its
    data still deflated), as the zip-method mutation leaves it."""
    import struct

    data = bytearray(path.read_bytes())
    at = data.index(b"PK\x01\x02")
    while True:
        size = struct.unpack_from("<HHH", data, at + 28)
        if bytes(data[at + 46 : at + 46 + size[0]]) == member.encode():
            struct.pack_into("<H", data, at + 10, method)
            path.write_bytes(bytes(data))
            return path
        at += 46 + sum(size)


@pytest.mark.parametrize("method", [12, 14], ids=["bzip2", "lzma"])
def test_a_member_said_compressed_with_bzip2_or_lzma_is_refused(tmp_path, method):
    """Found (s23, seed zip-method 779983): zipfile inflates bzip2 and LZMA too, and the
    decompressor's English OSError ("Invalid data stream") was the refusal of periksa and
    hitung, and "kesalahan sistem berkas (OSError)" the reason collect gave for a unit."""
    path = kinerja(tmp_path / "kinerja.xlsx")
    member, _xml = _table_part(path, "tblLog")
    _compressed_with(path, member, method)
    _refused(path, f"Arsip rusak: bagian {member} dimampatkan dengan metode yang tidak dipakai "
             f"Excel (metode {method}); berkas ini tidak sah.")  # fmt: skip


def test_a_unit_workbook_said_compressed_with_bzip2_is_refused_by_name(tmp_path):
    from lkjip_xl.workbook.demo import build_demo

    master = build_demo("kinerja-000", tmp_path)[0]
    done = run_cli("bagikan", str(master), "-o", str(tmp_path / "unit"))
    assert done.returncode == 0, done.stderr
    unit = sorted((tmp_path / "unit").glob("*.xlsx"))[0]
    (tmp_path / "masuk").mkdir()
    path = tmp_path / "masuk" / "kiriman.xlsx"
    path.write_bytes(unit.read_bytes())
    member, _xml = _table_part(path, "tblIndikator")
    _compressed_with(path, member, 12)
    outcome, wrong = judged("kumpulkan", path, master)
    assert wrong == [], outcome.stdout
    assert outcome.code == 1
    said = one_line(outcome.stdout)
    assert "dimampatkan dengan metode yang tidak dipakai Excel (metode 12)" in said, said


@pytest.mark.parametrize(
    "target",
    ["'Pengaturan'!$B$4:$B$5", "'Pengaturan'!$B:$B", "#REF!", "'Pengaturan'!#REF!"],
    ids=["range", "column", "ref", "sheet-ref"],
)
def test_a_setting_name_pointing_at_no_single_cell_is_refused_saying_so(tmp_path, target):
    """Found (s23, the defined-name mutation): such a name was said to be missing ("Nama
    Skala_Capaian tidak ada"), while Excel's Name Manager lists it."""
    import re

    path = kinerja(tmp_path / "kinerja.xlsx")
    xml = part(path, "xl/workbook.xml")
    name = rb'(<definedName name="Skala_Capaian"[^>]*>)[^<]*'
    xml, count = re.subn(name, lambda m: m.group(1) + target.encode(), xml)
    assert count == 1
    rewrite(path, {"xl/workbook.xml": xml})
    _refused(path, f"Nama Skala_Capaian menunjuk {target}, bukan satu sel")


def test_a_master_whose_styles_hold_an_index_that_is_no_number_is_refused(tmp_path):
    """Found (s23, seed number-format 655749): bagikan read the cell formats with int(), whose
    English ValueError was the refusal ("invalid literal for int() ...")."""
    from lkjip_xl.workbook.demo import build_demo

    base = build_demo("ipasn-000", tmp_path / "demo")[0]
    path = mutate(base, tmp_path / "kerja" / "kerja.xlsx", [("number-format", 655749)])
    assert b'numFmtId="abc"' in part(path, "xl/styles.xml")
    outcome, wrong = judged("bagikan", path)
    assert wrong == [], outcome.stderr
    assert outcome.code == 2
    assert "Bagian xl/styles.xml rusak: numFmtId bernilai 'abc', bukan bilangan bulat" in (
        one_line(outcome.stderr)
    )


def test_an_old_workbook_whose_name_points_at_a_whole_column_is_upgraded(tmp_path):
    """Found (s23, seed defined-name 804084): ``Instansi`` pointing at ``Pengaturan!$B:$B``
    made openpyxl give a column of cells where perbarui took one (AttributeError, exit 3)."""
    path = mutate(FIXTURES / "ipasn-2026.1.xlsx", tmp_path / "kerja.xlsx",
                  [("defined-name", 804084)])  # fmt: skip
    assert b'<definedName name="Instansi">Pengaturan!$B:$B<' in part(path, "xl/workbook.xml")
    outcome, wrong = judged("perbarui", path)
    assert wrong == [], outcome.stderr
    assert outcome.code == 0
    assert "Nama Instansi tidak menunjuk satu sel; isiannya kosong" in one_line(outcome.stdout)


def test_a_master_whose_large_sheet_fails_its_crc_is_refused(tmp_path):
    """Found (s23, seed zip-crc 716016): the roster sheet, large, is copied raw and first
    inflated when the master is stamped, where zipfile's BadZipFile escaped (exit 3)."""
    from lkjip_xl.workbook.demo import build_demo

    base = build_demo("ipasn-000", tmp_path / "demo")[0]
    path = mutate(base, tmp_path / "kerja" / "kerja.xlsx", [("zip-crc", 716016)])
    outcome, wrong = judged("bagikan", path)
    # The refusal comes once the distribution's key is saved: its hidden key file is removed
    # again (no unit is written, the master is unchanged, nothing is left beside it).
    assert wrong == [], outcome.stderr
    assert outcome.code == 2
    assert "Arsip rusak: bagian xl/worksheets/sheet1.xml tidak dapat dibaca" in one_line(
        outcome.stderr
    )


@pytest.mark.parametrize("command", ["bagikan", "perbarui"])
def test_a_record_table_running_to_the_last_row_is_refused(tmp_path, command):
    """Found (s23, seed table-overlap 57608): tblPengumpulan's range runs to row 1,048,576.
    ``bagikan`` blanked every row of it in the master (47 s CPU, 3.5 GB); ``perbarui`` asked
    openpyxl for row 1,048,577 (its English ValueError)."""
    path = mutate(FIXTURES / "ipasn-2026.2.xlsx", tmp_path / "kerja" / "kerja.xlsx",
                  [("table-overlap", 57608)])  # fmt: skip
    outcome, wrong = judged(command, path)
    assert wrong == [], outcome.stderr
    assert outcome.code == 2
    assert (
        "Tabel tblPengumpulan: rentang A4:K1048576 berlanjut 1.048.571 baris kosong melewati "
        "baris terakhir lembar Pengumpulan yang berisi sel (baris 5); perkecil tabel itu sampai "
        "baris yang berisi data."
    ) in one_line(outcome.stderr)


def test_a_master_whose_drawing_nests_too_deep_is_refused_not_distributed(tmp_path):
    """Found: bagikan exited 0 with units openpyxl cannot open ("Excessive depth in document:
    256"): the drawing, which the engine carries unread, went into every unit as it was."""
    path = mutate(kinerja(tmp_path / "base.xlsx"), tmp_path / "m" / "induk.xlsx", [("deep", 195)])
    outcome, wrong = judged("bagikan", path)
    assert wrong == [], outcome
    assert outcome.code == 2, outcome
    assert "bersarang lebih dari 256 tingkat" in one_line(outcome.stderr), outcome.stderr


@pytest.mark.parametrize("depth", [256, 257])
def test_a_part_is_refused_exactly_when_lxml_refuses_it(tmp_path, depth):
    """The depth limit is libxml2's, through lxml, which openpyxl reads every part with: a
    drawing nested as deep as it reads is taken, one level deeper is refused."""
    from lxml import etree

    path = kinerja(tmp_path / "kinerja.xlsx")
    drawing = next(n for n in _members(path) if n.startswith("xl/drawings/drawing"))
    xml = part(path, drawing)
    inner = depth - 1  # the drawing's root element is the first level
    at = xml.rindex(b"</")
    nested = xml[:at] + b"<x>" * inner + b"</x>" * inner + xml[at:]
    try:
        etree.fromstring(nested)
        lxml_reads = True
    except etree.XMLSyntaxError:
        lxml_reads = False
    rewrite(path, {drawing: nested})
    done = run_cli("periksa", str(path))
    assert lxml_reads == (depth == 256)
    if lxml_reads:
        assert done.returncode in (0, 1), done.stderr
    else:
        assert done.returncode == 2, done.stdout
        assert "bersarang lebih dari 256 tingkat" in one_line(done.stderr), done.stderr


def _members(path: Path) -> list[str]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def test_a_sheet_nested_deeper_than_lxml_reads_is_taken_as_openpyxl_takes_it(tmp_path):
    """openpyxl reads worksheets without libxml2's depth limit: such a sheet is no reason to
    refuse a workbook (a unit's sheet, cut from it, was refused under a scratch file's name)."""
    import openpyxl

    path = kinerja(tmp_path / "kinerja.xlsx")
    sheet = sheet_part(path, "Indikator")
    xml = part(path, sheet)
    at = xml.rindex(b"</")
    rewrite(path, {sheet: xml[:at] + b"<x>" * 300 + b"</x>" * 300 + xml[at:]})
    openpyxl.load_workbook(path)  # the counterpart reads it
    outcome, wrong = judged("bagikan", path)
    assert wrong == [] and outcome.code == 0, outcome.stderr
    units = sorted((path.parent / "unit").glob("*.xlsx"))
    assert units
    for unit in units:
        openpyxl.load_workbook(unit)
