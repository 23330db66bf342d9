"""The LibreOffice harness itself, proved on small real workbooks built with openpyxl."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table

from tests.conftest import missing_counterpart
from tests.libreoffice import LibreOffice, LibreOfficeError

DATA = "Data Sheet"  # a space, so addresses must come back quoted


def build_book(path: Path) -> Path:
    """Table Items on 'Data Sheet'!A1:B4, names, and formulas without cached values."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = DATA
    for row in (["Name", "Qty"], ["a", 1], ["b", 2], ["c", 4]):
        ws.append(row)
    ws.add_table(Table(displayName="Items", ref="A1:B4"))
    ws["D1"] = 21
    ws["E1"] = "=D1*2"
    ws["E2"] = "=SUM(B2:B4)"
    wb.defined_names["Rate"] = DefinedName("Rate", attr_text=f"'{DATA}'!$D$1")
    wb.defined_names["Half"] = DefinedName("Half", attr_text="0.5")
    ws.defined_names["LocalQty"] = DefinedName("LocalQty", attr_text=f"'{DATA}'!$B$2:$B$4")
    calc = wb.create_sheet("Calc")
    calc["A1"] = "label"
    calc["B1"] = "=Rate*Half"
    wb.save(path)
    return path


def add_form_button(path: Path, label: str, macro: str) -> Path:
    """Add a legacy (VML) form button to the first sheet, as Excel stores one."""
    vml = f"""<xml xmlns:v="urn:schemas-microsoft-com:vml"
 xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
 <o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>
 <v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201"
  path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>
  <v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/>
  <o:lock v:ext="edit" shapetype="t"/></v:shapetype>
 <v:shape id="_x0000_s1025" type="#_x0000_t201" o:button="t" fillcolor="buttonFace [67]"
  style="position:absolute;margin-left:48pt;margin-top:15pt;width:96pt;height:30pt;z-index:1">
  <v:textbox><div style="text-align:center"><font face="Calibri" size="220">{label}</font></div>
  </v:textbox>
  <x:ClientData ObjectType="Button"><x:Anchor>1, 0, 1, 0, 3, 0, 3, 0</x:Anchor>
   <x:PrintObject>False</x:PrintObject><x:AutoFill>False</x:AutoFill>
   <x:FmlaMacro>[0]!{macro}</x:FmlaMacro></x:ClientData>
 </v:shape></xml>"""
    rel = (
        b'<Relationship Id="rIdVml1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/>'
    )
    rels_name = "xl/worksheets/_rels/sheet1.xml.rels"
    src = path.with_suffix(".plain.xlsx")
    path.rename(src)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        for name in names:
            data = zin.read(name)
            if name == "xl/worksheets/sheet1.xml":
                # legacyDrawing comes before tableParts in the schema's element order.
                anchor = b"<tableParts" if b"<tableParts" in data else b"</worksheet>"
                data = data.replace(anchor, b'<legacyDrawing r:id="rIdVml1"/>' + anchor, 1)
                root_tag = data[data.index(b"<worksheet") :].split(b">", 1)[0]
                if b"xmlns:r=" not in root_tag:  # openpyxl declares it on tablePart only
                    data = data.replace(
                        b"<worksheet ",
                        b'<worksheet xmlns:r="http://schemas.openxmlformats.org/'
                        b'officeDocument/2006/relationships" ',
                        1,
                    )
            elif name == rels_name:
                data = data.replace(b"</Relationships>", rel + b"</Relationships>")
            elif name == "[Content_Types].xml":
                data = data.replace(
                    b"<Default ",
                    b'<Default Extension="vml" ContentType='
                    b'"application/vnd.openxmlformats-officedocument.vmlDrawing"/><Default ',
                    1,
                )
            zout.writestr(name, data)
        if rels_name not in names:
            zout.writestr(
                rels_name,
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + rel
                + b"</Relationships>",
            )
        zout.writestr("xl/drawings/vmlDrawing1.vml", vml)
    return path


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return build_book(tmp_path / "book.xlsx")


def test_book_has_no_cached_values(book: Path) -> None:
    # The premise of the recalculation test: openpyxl writes formulas without results.
    with zipfile.ZipFile(book) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>D1*2</f>" in sheet
    # An empty <v></v> or <v/> (openpyxl with or without lxml) holds no result.
    assert not re.search(r"<f>D1\*2</f><v>[^<]", sheet)


@pytest.mark.libreoffice
def test_inspect_recalculates_and_lists_names_and_tables(
    libreoffice: LibreOffice, book: Path
) -> None:
    info = libreoffice.inspect(book, formulas=True)

    assert info["sheets"] == [DATA, "Calc"]
    data = info["cells"][DATA]
    assert data["A1"] == "Name"
    assert data["B4"] == 4.0
    assert data["E1"] == 42.0  # computed by LibreOffice: the file holds no cached value
    assert data["E2"] == 7.0
    assert info["cells"]["Calc"] == {"A1": "label", "B1": 10.5}
    assert info["formulas"][DATA] == {"E1": "=D1*2", "E2": "=SUM(B2:B4)"}
    assert info["formulas"]["Calc"] == {"B1": "=Rate*Half"}

    assert info["database_ranges"] == {"Items": "'Data Sheet'!A1:B4"}
    names = info["named_ranges"]
    assert names["Rate"]["address"] == "'Data Sheet'!D1"
    assert names["Rate"]["scope"] is None
    assert names["Half"] == {"name": "Half", "scope": None, "content": "0.5", "address": None}
    local = names["'Data Sheet'!LocalQty"]
    assert (local["scope"], local["address"]) == (DATA, "'Data Sheet'!B2:B4")

    assert info["errors"] == []
    assert info["error_details"] == {}
    assert info["drawings"][DATA] == {"shapes": 0, "shape_types": [], "controls": []}


@pytest.mark.libreoffice
def test_inspect_ignores_stale_cached_values(
    libreoffice: LibreOffice, book: Path, tmp_path: Path
) -> None:
    # A file whose cached result is wrong, as one saved by a buggy writer would be.
    stale = tmp_path / "stale.xlsx"
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(stale, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>D1*2</f>", b"<f>D1*2</f><v>999</v>")
            zout.writestr(name, data)

    assert libreoffice.inspect(stale)["cells"][DATA]["E1"] == 42.0


@pytest.mark.libreoffice
def test_inspect_reports_error_cells(libreoffice: LibreOffice, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws["A1"] = "=NOSUCHFUNC(1)"
    ws["A2"] = "=1/0"
    ws["A3"] = "=SQRT(-1)"
    ws["A4"] = 5
    wb.save(tmp_path / "errors.xlsx")

    info = libreoffice.inspect(tmp_path / "errors.xlsx")

    assert info["errors"] == ["S!A1", "S!A2", "S!A3"]
    assert info["cells"]["S"] == {"A1": "#NAME?", "A2": "#DIV/0!", "A3": "#NUM!", "A4": 5.0}
    assert info["error_details"]["S!A1"]["code"] == 525
    # LibreOffice shows Err:502 where Excel shows #NUM!; both spellings are kept.
    assert info["error_details"]["S!A3"] == {"code": 502, "text": "#NUM!", "lo_text": "Err:502"}


@pytest.mark.libreoffice
def test_edit_sets_values_inserts_and_deletes_rows(
    libreoffice: LibreOffice, book: Path, tmp_path: Path
) -> None:
    out = libreoffice.edit(
        book,
        tmp_path / "edited.xlsx",
        [
            {"op": "set", "sheet": DATA, "cell": "D1", "value": 12.5},
            {"op": "set", "sheet": DATA, "cell": "A3", "value": "beta"},
            {"op": "set", "sheet": "Calc", "cell": "C1", "formula": f"=SUM('{DATA}'!B2:B4)*2"},
            {"op": "set", "sheet": "Calc", "cell": "D1", "formula_lo": "=SUM(Items[Qty])"},
            # A person adds a row inside the table and deletes the first data row.
            {"op": "insert_rows", "sheet": DATA, "row": 3, "count": 1},
            {"op": "set", "sheet": DATA, "cell": "A3", "value": "new"},
            {"op": "set", "sheet": DATA, "cell": "B3", "value": 10},
            {"op": "delete_rows", "sheet": DATA, "row": 2},
        ],
    )
    assert out == (tmp_path / "edited.xlsx").resolve()

    values = openpyxl.load_workbook(out, data_only=True)
    ws = values[DATA]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=4, max_col=2)]
    assert rows == [["Name", "Qty"], ["new", 10], ["beta", 2], ["c", 4]]
    assert ws["D1"].value == 12.5
    assert ws["E1"].value == 25  # =D1*2, recalculated and cached by LibreOffice
    assert ws.tables["Items"].ref == "A1:B4"  # grew by one row, shrank by one
    calc = values["Calc"]
    assert calc["B1"].value == 6.25  # Rate*Half follows the new D1
    assert calc["C1"].value == 32  # B2:B4 grew with the inserted row, shrank with the deleted
    assert calc["D1"].value == 16

    formulas = openpyxl.load_workbook(out)
    assert formulas["Calc"]["C1"].value == f"=SUM('{DATA}'!B2:B4)*2"
    assert formulas["Calc"]["D1"].value == "=SUM(Items[Qty])"
    assert formulas.defined_names["Rate"].attr_text == f"'{DATA}'!$D$1"

    # And LibreOffice reads its own output back the same way.
    again = libreoffice.inspect(out)
    assert again["errors"] == []
    assert again["database_ranges"] == {"Items": "'Data Sheet'!A1:B4"}


@pytest.mark.libreoffice
def test_edit_saves_xlsm_as_macro_enabled(
    libreoffice: LibreOffice, book: Path, tmp_path: Path
) -> None:
    out = libreoffice.edit(
        book, tmp_path / "edited.xlsm", [{"op": "set", "cell": "A1", "value": 1}]
    )
    with zipfile.ZipFile(out) as z:
        content_types = z.read("[Content_Types].xml").decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in content_types
    assert openpyxl.load_workbook(out, keep_vba=True)[DATA]["A1"].value == 1


@pytest.mark.libreoffice
def test_edit_rejects_excel_formula_with_table_reference(
    libreoffice: LibreOffice, book: Path, tmp_path: Path
) -> None:
    with pytest.raises(LibreOfficeError, match="formula_lo"):
        libreoffice.edit(
            book,
            tmp_path / "never.xlsx",
            [{"op": "set", "cell": "F1", "formula": "=SUM(Items[Qty])"}],
        )
    assert not (tmp_path / "never.xlsx").exists()


@pytest.mark.libreoffice
def test_inspect_lists_form_buttons(libreoffice: LibreOffice, book: Path) -> None:
    add_form_button(book, "Hitung Capaian", "Hitung")

    drawing = libreoffice.inspect(book)["drawings"][DATA]

    assert drawing["shapes"] == 1
    [button] = drawing["controls"]
    assert (button["type"], button["label"]) == ("CommandButton", "Hitung Capaian")


@pytest.mark.libreoffice
def test_unreadable_file_gives_a_readable_error(libreoffice: LibreOffice, tmp_path: Path) -> None:
    with pytest.raises(LibreOfficeError, match="FileNotFoundError"):
        libreoffice.inspect(tmp_path / "missing.xlsx")
    assert libreoffice.alive()  # and the session's soffice is still usable


def test_missing_counterpart_fails_in_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"LibreOffice is required in CI.*: gone"):
        missing_counterpart("LibreOffice", "gone")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="LibreOffice unavailable: gone"):
        missing_counterpart("LibreOffice", "gone")
