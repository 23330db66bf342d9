"""Rosters as other programs and agencies write them: the benchmarks' roster (``roster.py``)
written straight into the template's Pegawai sheet, in one of several shapes.

Each shape is one keyword of :func:`shaped_roster`: extra user columns to the right of the
table, a user sheet of its own, long texts, empty rows inside the table, rows under it, shared
strings, a style of its own in every cell, formulas (with their cached values) in input cells.
The rows hold the input columns only (a roster typed by a script, or never recomputed): the
computed cells are created by the first ``hitung``. Writing the XML directly builds 100,000
rows in seconds, where openpyxl takes minutes.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from roster import roster

from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.ooxml.letters import get_column_letter

INPUTS = ["NIP", "Nama", "Unit Kerja", "Status", "Jenis Jabatan", "Pendidikan",
          "Diklat Jenjang", "JP Diklat Teknis", "Seminar", "Nilai SKP", "Predikat SKP",
          "Hukuman Disiplin"]  # fmt: skip
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: Each shape's keywords, for the benchmarks that run them all.
SHAPES: dict[str, dict[str, object]] = {
    "plain": {},
    "20 extra columns": {"extra": 20},
    "user sheet 100k rows": {"user_sheet": 100_000},
    "long texts": {"long": True},
    "10,000 units": {"units": 10_000},
    "every 10th row empty": {"empty_every": 10},
    "as many rows under the table": {"under": -1},
    "shared strings": {"sst": True},
    "200 cell styles": {"styles": 200},
    "formulas in NIP, Unit Kerja": {"formulas": True},
}


class _Strings:
    def __init__(self, shared: bool) -> None:
        self.shared, self.index = shared, {}  # type: ignore[var-annotated]

    def cell(self, ref: str, text: str, style: int) -> str:
        if self.shared:
            k = self.index.setdefault(text, len(self.index))
            return f'<c r="{ref}" s="{style}" t="s"><v>{k}</v></c>'
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'

    def part(self) -> str:
        items = "".join(f"<si><t>{escape(s)}</t></si>" for s in self.index)
        n = len(self.index)
        return (f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'count="{n}" uniqueCount="{n}">{items}</sst>')  # fmt: skip


def _row(i: int, row: dict, previous: dict | None, strings: _Strings, kw: dict) -> str:
    n, cells = 5 + i, []
    for j, name in enumerate(INPUTS):
        ref, value = f"{get_column_letter(j + 1)}{n}", row.get(name)
        style = (20, 12, 12)[j] if j < 3 else 21
        if kw["styles"]:
            style = 25 + (i * 12 + j) % kw["styles"]
        if value is None:
            cells.append(f'<c r="{ref}" s="{style}"/>')
        elif kw["formulas"] and name == "NIP":
            cells.append(f'<c r="{ref}" s="{style}" t="str"><f>TEXT("{value}","0")</f>'
                         f"<v>{value}</v></c>")  # fmt: skip
        elif kw["formulas"] and name == "Unit Kerja" and previous and previous[name] == value:
            cells.append(f'<c r="{ref}" s="{style}" t="str"><f>C{n - 1}</f>'
                         f"<v>{escape(value)}</v></c>")  # fmt: skip
        elif isinstance(value, str):
            cells.append(strings.cell(ref, value, style))
        else:
            cells.append(f'<c r="{ref}" s="{style}"><v>{value}</v></c>')
    for k in range(kw["extra"]):
        ref = f"{get_column_letter(20 + k)}{n}"
        if k % 3 == 0:
            cells.append(strings.cell(ref, f"catatan {k} baris {i}", 0))
        else:  # a number, or a date serial
            number = i * 1.5 + k if k % 3 == 1 else 45000 + i % 365
            cells.append(f'<c r="{ref}"><v>{number}</v></c>')
    return f'<row r="{n}">' + "".join(cells) + "</row>"


def _more_styles(xml: str, count: int) -> str:
    """``count`` more cell formats (numbers formats in turn), each unlocked as input cells are."""
    m = re.search(r'<cellXfs count="(\d+)">(.*?)</cellXfs>', xml, re.S)
    assert m and int(m.group(1)) >= 25
    xf = re.findall(r"<xf [^>]*?(?:/>|>.*?</xf>)", m.group(2), re.S)[21]
    new = [re.sub(r'numFmtId="\d+"', f'numFmtId="{(0, 1, 2, 3, 4, 9, 10, 49)[i % 8]}"', xf,
                  count=1) for i in range(count)]  # fmt: skip
    total = int(m.group(1)) + count
    xfs = f'<cellXfs count="{total}">{m.group(2)}{"".join(new)}</cellXfs>'
    return xml[: m.start()] + xfs + xml[m.end() :]


def shaped_roster(path: Path, rows: int, *, units: int = 60, long: bool = False, extra: int = 0,
                  empty_every: int = 0, under: int = 0, sst: bool = False, styles: int = 0,
                  formulas: bool = False, user_sheet: int = 0) -> Path:  # fmt: skip
    """An ``ipasn`` workbook of ``rows`` employees at ``path``, in the shape the keywords say
    (``under=-1``: as many rows under the table as in it)."""
    kw = {"styles": styles, "formulas": formulas, "extra": extra}
    data = roster(rows, units=units)
    if long:
        for i, r in enumerate(data):
            r["Nama"] = (f"Pegawai {i} " + "Nama Panjang Sekali " * 12)[:200]
            r["Unit Kerja"] = (r["Unit Kerja"] + " " + "Bidang Urusan Pemerintahan " * 6)[:150]
    template = path.with_suffix(".template.xlsx")
    make_workbook("ipasn").save(template)
    strings = _Strings(sst)
    body = [f'<row r="{5 + i}"></row>' if empty_every and i % empty_every == empty_every - 1
            else _row(i, r, data[i - 1] if i else None, strings, kw)
            for i, r in enumerate(data)]  # fmt: skip
    last = 4 + rows
    for u in range(rows if under < 0 else under):
        n = last + 3 + u
        body.append(f'<row r="{n}">{strings.cell(f"A{n}", f"Catatan {u}", 0)}'
                    f'<c r="B{n}"><v>{u}</v></c></row>')  # fmt: skip
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            text = src.read(info).decode()
            if info.filename == "xl/worksheets/sheet3.xml":
                start, end = text.find('<row r="5"'), text.find("</sheetData>")
                text = text[: start if start >= 0 else end] + "".join(body) + text[end:]
                corner = f"{get_column_letter(19 + extra)}{len(body) + 6}"
                text = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{corner}"/>', text)
            elif info.filename.startswith("xl/tables/") and 'name="tblPegawai"' in text:
                text = re.sub(r'ref="A4:S\d+"', f'ref="A4:S{last}"', text)
            elif info.filename == "xl/styles.xml" and styles:
                text = _more_styles(text, styles)
            elif info.filename == "[Content_Types].xml":
                text = text.replace("</Types>", (
                    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/>'
                    if sst else "") + (
                    f'<Override PartName="/xl/worksheets/sheet99.xml" ContentType="{SHEET_TYPE}"/>'
                    if user_sheet else "") + "</Types>")  # fmt: skip
            elif info.filename == "xl/_rels/workbook.xml.rels":
                text = text.replace("</Relationships>", (
                    f'<Relationship Id="rIdSst" Type="{REL}/sharedStrings" '
                    'Target="sharedStrings.xml"/>' if sst else "") + (
                    f'<Relationship Id="rIdUser" Type="{REL}/worksheet" '
                    'Target="worksheets/sheet99.xml"/>' if user_sheet else "")
                    + "</Relationships>")  # fmt: skip
            elif info.filename == "xl/workbook.xml" and user_sheet:
                own = (f'<sheet xmlns:r="{REL}" name="Data Sendiri" sheetId="99" '
                       'state="visible" r:id="rIdUser"/>')  # fmt: skip
                text = text.replace("</sheets>", own + "</sheets>")
            z.writestr(info, text.encode())
        if sst:
            z.writestr("xl/sharedStrings.xml", strings.part())
        if user_sheet:
            z.writestr("xl/worksheets/sheet99.xml", _user_sheet(user_sheet))
    template.unlink()
    return path


def _user_sheet(rows: int) -> str:
    """A sheet of the user's own: a text, a number, a date serial and a longer text a row."""
    body = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>data {n}</t></is></c>'
        f'<c r="B{n}"><v>{n * 2.5}</v></c><c r="C{n}"><v>{45000 + n % 900}</v></c>'
        f'<c r="D{n}" t="inlineStr"><is><t>teks pengguna {n} lorem ipsum</t></is></c></row>'
        for n in range(1, rows + 1)
    )
    return ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="A1:D{rows}"/><sheetData>{body}</sheetData></worksheet>')  # fmt: skip
