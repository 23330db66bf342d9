"""patch_workbook changes only the cells it is asked to, and nothing else in the package."""

from __future__ import annotations

import math
import re
import struct
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.escape import unescape as openpyxl_unescape
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from lkjip_xl.workbook.patcher import Cell, PatchError, patch_workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS = {"m": MAIN}
RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

try:
    import PIL  # noqa: F401

    HAVE_PIL = True
except ImportError:
    HAVE_PIL = False


# ---------------------------------------------------------------------------------------------
# Fixtures


def png_bytes(width: int = 4, height: int = 3) -> bytes:
    """A valid RGB PNG, written by hand so the tests do not need Pillow."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + bytes([200, 30, 30]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


class PngImage(Image):
    """openpyxl's Image needs Pillow only to sniff size and format; we know both."""

    def __init__(self, data: bytes, width: int, height: int) -> None:
        self.ref = None
        self._png = data
        self.width, self.height = width, height
        self.format = "png"

    def _data(self) -> bytes:
        return self._png


HEADERS = ["Kode", "Polaritas", "Target", "Realisasi", "Capaian", "Predikat", "Catatan"]


def build_rich_workbook(path: Path) -> Path:
    """A workbook as a user leaves it: table, chart, image, comment, rules, extra sheets."""
    wb = openpyxl.Workbook()
    ident = wb.active
    ident.title = "Identitas"
    ident["A1"], ident["B1"] = "Tahun", 2024
    wb.defined_names["Tahun"] = DefinedName("Tahun", attr_text="Identitas!$B$1")

    ws = wb.create_sheet("Indikator")
    ws.append(HEADERS)
    for i in range(1, 11):
        ws.append([f"IKU-{i:02d}", "Positif", 100, 80 + i, None, None, None])
    for r in range(2, 12):
        ws[f"E{r}"].number_format = "0.00%"
        ws[f"E{r}"].protection = Protection(locked=True)
    ws["E2"] = "=D2/C2"  # a user's formula in a computed cell: our value replaces it
    for r in range(2, 7):  # Predikat styled on some rows only; rows 7-11 have no F cell
        ws[f"F{r}"].fill = PatternFill("solid", fgColor="DDEBF7")
    ws.column_dimensions["G"].width = 40
    ws.freeze_panes = "B2"
    ws.add_table(
        Table(
            displayName="tblIndikator",
            ref="A1:G11",
            tableStyleInfo=TableStyleInfo(name="TableStyleMedium2", showRowStripes=True),
        )
    )
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=4, min_row=1, max_row=11), titles_from_data=True)
    ws.add_chart(chart, "I2")
    ws.add_image(PngImage(png_bytes(), 4, 3), "I20")
    ws["A2"].comment = Comment("Kode dari Renstra", "Penyusun")
    ws.conditional_formatting.add(
        "E2:E11",
        CellIsRule(
            operator="lessThan", formula=["0.5"], fill=PatternFill("solid", fgColor="FFC7CE")
        ),
    )
    dv = DataValidation(type="list", formula1='"Positif,Negatif"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("B2:B11")

    extra = wb.create_sheet("Catatan Pengguna")
    extra["A1"] = "Jangan dihapus"
    extra["B2"] = "=Indikator!E3*2"
    wb.save(path)
    return path


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    return build_rich_workbook(tmp_path / "kinerja.xlsx")


# ---------------------------------------------------------------------------------------------
# Helpers


def sheet_part(path: Path, sheet: str) -> str:
    with zipfile.ZipFile(path) as z:
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    rid = next(
        s.get(f"{{{RELS_NS}}}id") for s in wb.iter(f"{{{MAIN}}}sheet") if s.get("name") == sheet
    )
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def raw_member(path: Path, info: zipfile.ZipInfo) -> bytes:
    """The compressed bytes of a member as stored in the archive."""
    with open(path, "rb") as fh:
        fh.seek(info.header_offset)
        header = fh.read(30)
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        fh.seek(info.header_offset + 30 + name_len + extra_len)
        return fh.read(info.compress_size)


def changed_members(src: Path, dst: Path) -> set[str]:
    """Members whose content differs; asserts the others are stored identically, in order."""
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst) as b:
        a_infos, b_infos = a.infolist(), b.infolist()
        assert [i.filename for i in b_infos] == [
            i.filename for i in a_infos if i.filename in b.namelist()
        ]
        b_by_name = {i.filename: i for i in b_infos}
        changed = set()
        for ia in a_infos:
            ib = b_by_name.get(ia.filename)
            if ib is None:
                changed.add(ia.filename)
                continue
            if a.read(ia) != b.read(ib):
                changed.add(ia.filename)
                continue
            # Not recompressed: same method, same compressed bytes, same metadata.
            assert (ib.compress_type, ib.compress_size, ib.CRC, ib.date_time) == (
                ia.compress_type,
                ia.compress_size,
                ia.CRC,
                ia.date_time,
            ), ia.filename
            assert raw_member(dst, ib) == raw_member(src, ia), ia.filename
        assert b.testzip() is None
    return changed


def cells_of(xml: bytes) -> dict[str, bytes]:
    """A1 ref -> canonical XML of the cell (test data is trusted, so ElementTree is fine)."""
    root = ET.fromstring(xml)
    return {
        c.get("r"): ET.tostring(c)
        for row in root.find("m:sheetData", NS)
        for c in row.findall("m:c", NS)
    }


def outside_sheet_data(xml: bytes) -> bytes:
    xml = re.sub(
        rb"<sheetData\b[^>]*?/>|<sheetData\b.*?</sheetData>", b"", xml, count=1, flags=re.S
    )
    return re.sub(rb"<dimension [^>]*>", b"", xml, count=1)


def read_part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


# ---------------------------------------------------------------------------------------------
# The main promise: only the edited cells change


def test_only_edited_cells_change_and_user_additions_survive(rich: Path, tmp_path: Path) -> None:
    dst = tmp_path / "out.xlsx"
    edits: dict[str, object] = {f"E{r}": 0.8 + r / 100 for r in range(2, 12)}
    edits.update({f"F{r}": "Baik" for r in range(2, 12)})  # F7..F11 do not exist yet
    edits["G3"] = 'Capaian ≥ 100% <&>" tercapai'
    edits["G5"] = Cell(None)  # neither value nor style: no cell is created
    patch_workbook(rich, dst, {"Indikator": edits})

    part = sheet_part(rich, "Indikator")
    changed = changed_members(rich, dst)
    assert part in changed
    assert changed <= {part, "xl/workbook.xml"}

    before, after = read_part(rich, part), read_part(dst, part)
    assert outside_sheet_data(before) == outside_sheet_data(after)
    cells_before, cells_after = cells_of(before), cells_of(after)
    differing = {
        ref
        for ref in cells_before.keys() | cells_after.keys()
        if cells_before.get(ref) != cells_after.get(ref)
    }
    assert differing == set(edits) - {"G5"}

    wb = openpyxl.load_workbook(dst, data_only=True)
    ws = wb["Indikator"]
    for r in range(2, 12):
        assert ws[f"E{r}"].value == pytest.approx(0.8 + r / 100)
        assert ws[f"E{r}"].number_format == "0.00%"  # style kept
        assert ws[f"F{r}"].value == "Baik"
    assert ws["G3"].value == 'Capaian ≥ 100% <&>" tercapai'
    assert ws["G5"].value is None
    assert [c.value for c in ws[1]] == HEADERS
    assert ws["A11"].value == "IKU-10" and ws["D11"].value == 90  # inputs untouched
    assert ws["F3"].fill.fgColor.rgb.endswith("DDEBF7")

    wb = openpyxl.load_workbook(dst)
    ws = wb["Indikator"]
    assert ws["E2"].value == pytest.approx(0.82)  # the formula is gone, not just its result
    assert len(ws._charts) == 1
    assert ws["A2"].comment is not None and ws["A2"].comment.text == "Kode dari Renstra"
    assert [str(cf.sqref) for cf in ws.conditional_formatting] == ["E2:E11"]
    assert [str(dv.sqref) for dv in ws.data_validations.dataValidation] == ["B2:B11"]
    assert ws.tables["tblIndikator"].ref == "A1:G11"
    assert ws.freeze_panes == "B2"
    assert "Tahun" in wb.defined_names
    assert wb["Catatan Pengguna"]["B2"].value == "=Indikator!E3*2"
    assert read_part(dst, "xl/media/image1.png") == png_bytes()
    if HAVE_PIL:  # openpyxl drops images on load without Pillow
        assert len(ws._images) == 1


def test_new_cell_takes_the_style_of_the_nearest_cell_above(rich: Path, tmp_path: Path) -> None:
    dst = tmp_path / "out.xlsx"
    patch_workbook(rich, dst, {"Indikator": {"F9": "Cukup", "E13": 0.5, "B13": Cell(1, style=0)}})
    cells = cells_of(read_part(dst, sheet_part(dst, "Indikator")))
    before = cells_of(read_part(rich, sheet_part(rich, "Indikator")))
    style_of = {ref: ET.fromstring(xml).get("s") for ref, xml in before.items()}
    assert ET.fromstring(cells["F9"]).get("s") == style_of["F6"]  # F7, F8 do not exist
    assert ET.fromstring(cells["E13"]).get("s") == style_of["E11"]
    assert ET.fromstring(cells["B13"]).get("s") == "0"  # explicit style wins


# ---------------------------------------------------------------------------------------------
# Growth: new rows, new cells, table ref


def test_rows_and_cells_inserted_in_order_and_table_grows(rich: Path, tmp_path: Path) -> None:
    dst = tmp_path / "out.xlsx"
    edits = {
        "A13": "IKU-12",
        "A12": "IKU-11",
        "E12": 0.7,
        "G12": "baru",
        "C13": 50,
        "K3": "di luar tabel",  # a new column at the end of an existing row
        "H2": 1.25,  # a new cell between existing cells G2 and... (none) - end of row
        "E14": Cell(None, style=0),  # blank but styled: the cell exists, without a value
    }
    patch_workbook(rich, dst, {"Indikator": edits}, table_refs={"tblIndikator": "A1:G13"})

    xml = read_part(dst, sheet_part(dst, "Indikator"))
    root = ET.fromstring(xml)
    rows = root.find("m:sheetData", NS)
    row_numbers = [int(r.get("r")) for r in rows]
    assert row_numbers == sorted(row_numbers) and len(set(row_numbers)) == len(row_numbers)
    for row in rows:
        cols = [
            openpyxl.utils.column_index_from_string(re.sub(r"\d", "", c.get("r")))
            for c in row.findall("m:c", NS)
        ]
        assert cols == sorted(cols) and len(set(cols)) == len(cols)
    assert root.find("m:dimension", NS).get("ref") == "A1:K14"

    wb = openpyxl.load_workbook(dst)
    ws = wb["Indikator"]
    assert ws["A12"].value == "IKU-11" and ws["A13"].value == "IKU-12"
    assert ws["E12"].value == 0.7 and ws["G12"].value == "baru" and ws["C13"].value == 50
    assert ws["K3"].value == "di luar tabel" and ws["H2"].value == 1.25
    assert ws["E14"].value is None
    assert ws.tables["tblIndikator"].ref == "A1:G13"
    table_xml = read_part(dst, "xl/tables/table1.xml")
    assert b'<autoFilter ref="A1:G13"' in table_xml
    assert ws.max_row == 14


def test_table_ref_must_keep_its_columns_and_header(rich: Path, tmp_path: Path) -> None:
    dst = tmp_path / "out.xlsx"
    with pytest.raises(PatchError, match="kolom yang sama"):
        patch_workbook(rich, dst, {}, table_refs={"tblIndikator": "A1:H20"})
    with pytest.raises(PatchError, match="minimal satu baris data"):
        patch_workbook(rich, dst, {}, table_refs={"tblIndikator": "A1:G1"})
    with pytest.raises(PatchError, match="tidak ada"):
        patch_workbook(rich, dst, {}, table_refs={"tblTidakAda": "A1:G20"})


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    existing=st.dictionaries(
        st.tuples(st.integers(1, 12), st.integers(1, 8)), st.integers(-5, 5), max_size=30
    ),
    edits=st.dictionaries(
        st.tuples(st.integers(1, 14), st.integers(1, 10)),
        st.one_of(
            st.integers(-(10**12), 10**12),
            st.floats(allow_nan=False, allow_infinity=False),
            st.text(max_size=12),
            st.booleans(),
        ),
        max_size=30,
    ),
)
def test_any_edit_set_reads_back(tmp_path_factory, existing, edits) -> None:
    d = tmp_path_factory.mktemp("prop")
    src, dst = d / "in.xlsx", d / "out.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for (r, c), v in existing.items():
        ws.cell(r, c, v)
    wb.save(src)
    patch_workbook(
        src, dst, {"Sheet": {f"{get_column_letter(c)}{r}": v for (r, c), v in edits.items()}}
    )
    expected = {**existing, **edits}  # every character, those XML cannot hold included
    got = openpyxl.load_workbook(dst)["Sheet"]
    for (r, c), v in expected.items():
        value = got.cell(r, c).value
        if isinstance(v, str):
            # openpyxl leaves Excel's _xHHHH_ escapes in inline strings; its own decoder reads them.
            value = openpyxl_unescape(value or "")
        assert value == v and type(value) is type(v), (r, c, value, v)


# ---------------------------------------------------------------------------------------------
# Values


def test_value_forms_in_xml(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = 1
    ws["B1"] = "=A1*2"
    ws["B1"].number_format = "0.0"
    ws["C1"] = "lama"
    wb.save(src)
    patch_workbook(
        src,
        dst,
        {
            "Sheet": {
                "A1": 3,
                "A2": 0.1,
                "A3": 1e-05,
                "A4": True,
                "A5": math.nan,
                "B1": None,
                "C1": "  spasi & baris\nbaru\x07 ",
                "C2": "_x0041_",
                "C3": "",
            }
        },
    )
    cells = cells_of(read_part(dst, "xl/worksheets/sheet1.xml"))

    def parse(ref: str) -> ET.Element:
        return ET.fromstring(cells[ref])

    assert parse("A1").find("m:v", NS).text == "3"
    assert parse("A2").find("m:v", NS).text == "0.1"
    assert float(parse("A3").find("m:v", NS).text) == 1e-05
    assert parse("A4").get("t") == "b" and parse("A4").find("m:v", NS).text == "1"
    assert "A5" not in cells  # NaN is blank, and a blank unstyled cell is not created
    b1 = parse("B1")
    assert b1.find("m:f", NS) is None and b1.find("m:v", NS) is None and b1.get("s")
    c1 = parse("C1")
    assert c1.get("t") == "inlineStr"
    t = c1.find("m:is/m:t", NS)
    # A bell XML cannot hold is written as Excel's escape, which Excel decodes back.
    assert t.text == "  spasi & baris\nbaru_x0007_ "
    assert t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    # Excel decodes _xHHHH_; a literal one is escaped so it stays literal.
    assert parse("C2").find("m:is/m:t", NS).text == "_x005F_x0041_"
    assert parse("C3").find("m:is/m:t", NS).text is None

    ws = openpyxl.load_workbook(dst)["Sheet"]
    assert ws["A1"].value == 3 and isinstance(ws["A1"].value, int)
    assert ws["A4"].value is True
    assert ws["B1"].value is None and ws["B1"].number_format == "0.0"


def test_indonesian_and_special_strings_round_trip(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    openpyxl.Workbook().save(src)
    texts = [
        "Capaian ≥ 100%",
        'Realisasi <melampaui> target & "sangat baik"',
        "Dinas Pekerjaan Umum dan Penataan Ruang – Bidang Bina Marga",
        "Catatan: realisasi TW4 belum diisi; diturunkan dari triwulan (Kumulatif)",
        "ĀāŽž 東京 😀",
        "a'b",
    ]
    patch_workbook(src, dst, {"Sheet": {f"A{i}": t for i, t in enumerate(texts, start=1)}})
    ws = openpyxl.load_workbook(dst)["Sheet"]
    assert [ws[f"A{i}"].value for i in range(1, len(texts) + 1)] == texts


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        ({"Tidak Ada": {"A1": 1}}, "tidak ada di buku kerja"),
        ({"Sheet": {"A0": 1}}, "di luar batas"),
        ({"Sheet": {"1A": 1}}, "tidak sah"),
        ({"Sheet": {"XFE1": 1}}, "di luar batas"),
        ({"Sheet": {"A1": math.inf}}, "tak hingga"),
        ({"Sheet": {"A1": object()}}, "tidak didukung"),
        ({"Sheet": {"A1": Cell(1, style=99)}}, "gaya sel 99"),
        ({"Sheet": {"a1": 1, "A1": 2}}, "lebih dari sekali"),
        ({"Sheet": {"A1": "x" * 40_000}}, "terlalu panjang"),
    ],
)
def test_bad_requests_raise_in_indonesian(tmp_path: Path, edits, message) -> None:
    src, dst = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    openpyxl.Workbook().save(src)
    with pytest.raises(PatchError, match=message):
        patch_workbook(src, dst, edits)
    assert not dst.exists()


def test_refuses_to_patch_in_place(tmp_path: Path) -> None:
    src = tmp_path / "in.xlsx"
    openpyxl.Workbook().save(src)
    with pytest.raises(PatchError, match="atomic_update"):
        patch_workbook(src, src, {"Sheet": {"A1": 1}})


def test_lenient_refs_are_normalised(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    openpyxl.Workbook().save(src)
    patch_workbook(src, dst, {"Sheet": {"$b$2": 7, "c3": 8}})
    ws = openpyxl.load_workbook(dst)["Sheet"]
    assert ws["B2"].value == 7 and ws["C3"].value == 8


# ---------------------------------------------------------------------------------------------
# Packages and XML written by other tools


def rewrite_zip(path: Path, replace: dict[str, bytes | None], add: dict[str, bytes]) -> None:
    """Rewrite a package the way other tools do: other compression levels, some parts stored.

    Members the patcher must copy then differ from anything zipfile would produce by default,
    so a patcher that recompresses instead of copying raw bytes is caught.
    """
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    items = [(i.filename, replace.get(i.filename, d)) for i, d in items]
    items = [(n, d) for n, d in items if d is not None] + list(add.items())
    with zipfile.ZipFile(path, "w") as z:
        for name, data in items:
            stored = name.endswith((".bin", ".png"))
            z.writestr(
                name,
                data,
                compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED,
                compresslevel=None if stored else 9,
            )


def test_xlsm_like_package_keeps_vba_and_vml_identical(rich: Path, tmp_path: Path) -> None:
    src = tmp_path / "kinerja.xlsm"
    vba = bytes(range(256)) * 40
    button_vml = (
        b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:'
        b'office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">'
        b'<v:shape id="_x0000_s1025" type="#_x0000_t201"><x:ClientData ObjectType="Button">'
        b"<x:FmlaMacro>[0]!Hitung</x:FmlaMacro></x:ClientData></v:shape></xml>"
    )
    src.write_bytes(rich.read_bytes())
    with zipfile.ZipFile(src) as z:
        ct = z.read("[Content_Types].xml")
        rels = z.read("xl/_rels/workbook.xml.rels")
    ct = ct.replace(
        b"</Types>",
        b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    ).replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    rels = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships'
        b'/vbaProject" Target="vbaProject.bin"/></Relationships>',
    )
    rewrite_zip(
        src,
        {"[Content_Types].xml": ct, "xl/_rels/workbook.xml.rels": rels},
        {"xl/vbaProject.bin": vba, "xl/drawings/vmlDrawing9.vml": button_vml},
    )
    dst = tmp_path / "hasil.xlsm"
    patch_workbook(src, dst, {"Indikator": {"E3": 0.5, "F3": "Baik"}})

    changed = changed_members(src, dst)
    assert changed <= {sheet_part(src, "Indikator"), "xl/workbook.xml"}
    assert read_part(dst, "xl/vbaProject.bin") == vba
    assert read_part(dst, "xl/drawings/vmlDrawing9.vml") == button_vml
    with zipfile.ZipFile(src) as z:
        vml = [n for n in z.namelist() if n.endswith(".vml")]
    assert len(vml) == 2  # the comment's legacy drawing and the button
    wb = openpyxl.load_workbook(dst, keep_vba=True)
    assert wb.vba_archive is not None and wb["Indikator"]["F3"].value == "Baik"


def test_full_calc_on_load_is_set_in_schema_position(rich: Path, tmp_path: Path) -> None:
    src = tmp_path / "tanpa-calcpr.xlsx"
    src.write_bytes(rich.read_bytes())
    wb_xml = read_part(rich, "xl/workbook.xml")
    stripped = re.sub(rb"<calcPr[^>]*/>", b"", wb_xml)
    assert stripped != wb_xml
    rewrite_zip(src, {"xl/workbook.xml": stripped}, {})

    dst = tmp_path / "out.xlsx"
    patch_workbook(src, dst, {"Indikator": {"E3": 0.5}})
    root = ET.fromstring(read_part(dst, "xl/workbook.xml"))
    children = [child.tag.split("}")[1] for child in root]
    assert children.index("calcPr") == children.index("definedNames") + 1
    assert root.find("m:calcPr", NS).get("fullCalcOnLoad") == "1"
    assert changed_members(src, dst) == {sheet_part(src, "Indikator"), "xl/workbook.xml"}
    openpyxl.load_workbook(dst)

    # An existing calcPr gains the attribute and keeps the others.
    with_calc = stripped.replace(b"</definedNames>", b'</definedNames><calcPr calcId="191029"/>')
    if with_calc == stripped:
        with_calc = re.sub(rb"(<definedNames[^>]*/>)", rb'\1<calcPr calcId="191029"/>', stripped)
    rewrite_zip(src, {"xl/workbook.xml": with_calc}, {})
    patch_workbook(src, dst, {"Indikator": {"E3": 0.5}})
    calc = ET.fromstring(read_part(dst, "xl/workbook.xml")).find("m:calcPr", NS)
    assert calc.get("calcId") == "191029" and calc.get("fullCalcOnLoad") == "1"

    patch_workbook(src, dst, {"Indikator": {"E3": 0.5}}, full_calc_on_load=False)
    assert read_part(dst, "xl/workbook.xml") == with_calc


def test_shared_formula_master_overwritten_keeps_dependents(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 5):
        ws.cell(r, 2, r * 10)
    wb.save(src)
    xml = read_part(src, "xl/worksheets/sheet1.xml")
    # As Excel writes a filled-down formula: one master, the others refer to it by si.
    xml = xml.replace(
        b'<c r="B1" t="n"><v>10</v></c>',
        b'<c r="B1" t="n"><v>10</v></c><c r="C1"><f t="shared" ref="C1:C4" si="0">B1*2</f>'
        b"<v>20</v></c>",
    )
    for r in range(2, 5):
        xml = xml.replace(
            f'<c r="B{r}" t="n"><v>{r * 10}</v></c>'.encode(),
            f'<c r="B{r}" t="n"><v>{r * 10}</v></c><c r="C{r}"><f t="shared" si="0"/>'
            f"<v>{r * 20}</v></c>".encode(),
        )
    rewrite_zip(src, {"xl/worksheets/sheet1.xml": xml}, {})
    assert openpyxl.load_workbook(src)["Sheet"]["C3"].value == "=B3*2"

    patch_workbook(src, dst, {"Sheet": {"C1": 99, "C4": 5}})
    ws = openpyxl.load_workbook(dst)["Sheet"]
    assert ws["C1"].value == 99 and ws["C4"].value == 5
    assert ws["C2"].value == "=B2*2" and ws["C3"].value == "=B3*2"
    out = read_part(dst, "xl/worksheets/sheet1.xml")
    assert b't="shared"' not in out


def test_calc_chain_is_dropped_when_a_formula_is_removed(rich: Path, tmp_path: Path) -> None:
    src = tmp_path / "calc.xlsx"
    src.write_bytes(rich.read_bytes())
    with zipfile.ZipFile(src) as z:
        ct = z.read("[Content_Types].xml")
        rels = z.read("xl/_rels/workbook.xml.rels")
    ct = ct.replace(
        b"</Types>",
        b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.calcChain+xml"/></Types>',
    )
    rels = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdCalc" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>',
    )
    chain = f'<calcChain xmlns="{MAIN}"><c r="E2" i="2"/><c r="B2" i="3"/></calcChain>'.encode()
    rewrite_zip(
        src,
        {"[Content_Types].xml": ct, "xl/_rels/workbook.xml.rels": rels},
        {"xl/calcChain.xml": chain},
    )

    dst = tmp_path / "out.xlsx"
    patch_workbook(src, dst, {"Indikator": {"E3": 0.5}})  # no formula removed: chain kept
    assert read_part(dst, "xl/calcChain.xml") == chain

    patch_workbook(src, dst, {"Indikator": {"E2": 0.5}})  # E2 held a formula
    with zipfile.ZipFile(dst) as z:
        assert "xl/calcChain.xml" not in z.namelist()
        assert b"calcChain" not in z.read("[Content_Types].xml")
        assert b"calcChain" not in z.read("xl/_rels/workbook.xml.rels")
    assert openpyxl.load_workbook(dst)["Indikator"]["E2"].value == 0.5


def handmade_workbook(path: Path, sheet_xml: bytes) -> Path:
    """A minimal package around a hand-written sheet, as other tools write it."""
    ct = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        b'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
        b'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
        b'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.worksheet+xml"/></Types>'
    )
    root_rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        b'<x:workbook xmlns:x="' + MAIN.encode() + b'" xmlns:r="' + RELS_NS.encode() + b'">'
        b'<x:sheets><x:sheet name="Data" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>'
    )
    wb_rels = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def test_prefixed_namespace_and_unusual_layout(tmp_path: Path) -> None:
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<x:worksheet xmlns:x="' + MAIN.encode() + b'">'
        b'<x:dimension ref="A1:C4"/><x:sheetData>\n'
        b'  <x:row r="1" spans="1:3"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c>'
        b'<x:c r="C1"><x:v>3</x:v></x:c></x:row>\n'
        b'  <x:row r="2" spans="1:3" ht="20" customHeight="1"/>\n'
        b'  <x:row r="4"><x:c s="0" r="A4"><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c></x:row>\n'
        b"</x:sheetData></x:worksheet>"
    )
    src = handmade_workbook(tmp_path / "in.xlsx", sheet)
    dst = tmp_path / "out.xlsx"
    patch_workbook(
        src, dst, {"Data": {"B1": "b", "C1": 30, "B2": 2.5, "B4": 20, "A3": True, "D5": 0}}
    )
    out = read_part(dst, "xl/worksheets/sheet1.xml")
    assert b"<c " not in out and b"<x:c " in out  # written in the sheet's own prefix
    assert b'<x:row r="2" spans="1:3" ht="20" customHeight="1">' in out
    assert b'<x:dimension ref="A1:D5"/>' in out
    ws = openpyxl.load_workbook(dst)["Data"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=5, max_col=4)] == [
        ["a", "b", 30, None],
        [None, 2.5, None, None],
        [True, None, None, None],
        [1, 20, None, None],
        [None, None, None, 0],
    ]
    assert ws.row_dimensions[2].height == 20


def test_prefix_bound_to_another_namespace_is_refused(tmp_path: Path) -> None:
    sheet = b'<x:worksheet xmlns:x="urn:bukan-spreadsheetml"><x:sheetData/></x:worksheet>'
    src = handmade_workbook(tmp_path / "in.xlsx", sheet)
    with pytest.raises(PatchError, match="namespace"):
        patch_workbook(src, tmp_path / "out.xlsx", {"Data": {"A1": 1}})


def test_cdata_in_sheet_data_is_refused(tmp_path: Path) -> None:
    sheet = (
        b'<worksheet xmlns="' + MAIN.encode() + b'"><sheetData><row r="1"><c r="A1" '
        b't="inlineStr"><is><t><![CDATA[</row>]]></t></is></c></row></sheetData></worksheet>'
    )
    src = handmade_workbook(tmp_path / "in.xlsx", sheet)
    with pytest.raises(PatchError, match="CDATA"):
        patch_workbook(src, tmp_path / "out.xlsx", {"Data": {"A1": 1}})


def test_a_doctype_is_refused_so_entities_are_never_expanded(tmp_path: Path) -> None:
    sheet = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet xmlns="'
        + MAIN.encode()
        + b'"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    src = handmade_workbook(tmp_path / "in.xlsx", sheet)
    dst = tmp_path / "out.xlsx"
    with pytest.raises(ValueError, match=r"xl/worksheets/sheet1\.xml memuat deklarasi DOCTYPE"):
        patch_workbook(src, dst, {"Data": {"B1": 1}})
    assert not dst.exists()


@pytest.mark.parametrize("empty", [b"<sheetData></sheetData>", b"<sheetData/>"])
def test_empty_sheet_data_gets_rows(tmp_path: Path, empty: bytes) -> None:
    src, dst = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    wb = openpyxl.Workbook()
    wb.create_sheet("Kosong")
    wb.save(src)
    part = sheet_part(src, "Kosong")
    xml = read_part(src, part)
    assert b"<sheetData></sheetData>" in xml
    rewrite_zip(src, {part: xml.replace(b"<sheetData></sheetData>", empty)}, {})
    patch_workbook(src, dst, {"Kosong": {"B3": 1, "A1": "x"}})
    ws = openpyxl.load_workbook(dst)["Kosong"]
    assert ws["A1"].value == "x" and ws["B3"].value == 1
    assert ws.dimensions == "A1:B3"


def test_nothing_to_change_copies_package(rich: Path, tmp_path: Path) -> None:
    dst = tmp_path / "out.xlsx"
    patch_workbook(rich, dst, {"Indikator": {"G5": None}})  # no cell, no style: no-op
    assert changed_members(rich, dst) == set()


def test_other_cell_attributes_and_extensions_are_kept(tmp_path: Path) -> None:
    sheet = (
        b'<worksheet xmlns="' + MAIN.encode() + b'"><dimension ref="A1:C2"/><sheetData>'
        b'<row r="1" spans="1:3" x14ac:dyDescent="0.25" xmlns:x14ac="urn:x14ac">'
        b'<c r="A1" s="2" t="str" cm="1" ph="1"><f>1+1</f><v>2</v>'
        b'<extLst><ext uri="{X}"/></extLst></c>'
        b"<c r='B1' s='3' vm='1'><v>5</v></c>"
        b'<c r="C1" s="4"/></row>'
        b'<row r="2" spans="1:3"><c r="A2" s="5"><v>1</v></c></row>'
        b"</sheetData></worksheet>"
    )
    src = handmade_workbook(tmp_path / "in.xlsx", sheet)
    dst = tmp_path / "out.xlsx"
    patch_workbook(src, dst, {"Data": {"A1": 7, "B1": Cell("x", style=1), "C1": 9, "E2": 1}})
    out = read_part(dst, "xl/worksheets/sheet1.xml")
    assert (
        b'<c r="A1" s="2" ph="1"><v>7</v><extLst><ext uri="{X}"/></extLst></c>'
        b'<c r="B1" s="1" t="inlineStr"><is><t xml:space="preserve">x</t></is></c>'
        b'<c r="C1" s="4"><v>9</v></c></row>' in out
    )
    assert b'<row r="1" spans="1:3" x14ac:dyDescent="0.25" xmlns:x14ac="urn:x14ac">' in out
    assert b'<row r="2" spans="1:5"><c r="A2" s="5"><v>1</v></c><c r="E2"><v>1</v></c></row>' in out
