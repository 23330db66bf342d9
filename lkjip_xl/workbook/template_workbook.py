"""The openpyxl workbook of a standard template, built from :mod:`lkjip_xl.workbook.contract`.

Nothing here names a sheet, table, column or defined name: every header, cell and dropdown comes
from walking the template's declaration. The same declaration gives the same cells, names,
tables and validations; :mod:`lkjip_xl.workbook.builder` writes them to files, and
:mod:`lkjip_xl.workbook.xlsm` makes their macro-enabled twins.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.text import RichText
from openpyxl.comments import Comment
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.formatting.rule import CellIsRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from lkjip_xl.workbook.contract import (
    Chart,
    Colours,
    Column,
    NamedCell,
    Role,
    SheetKind,
    SheetSpec,
    Table,
    Template,
    ValueType,
    template,
)
from lkjip_xl.workbook.contract.common.pengumpulan import SHEET as PENGUMPULAN_SHEET
from lkjip_xl.workbook.contract.print_layout import (
    CHART_FONT_PT,
    CHART_HEIGHT_CM,
    CHART_WIDTH_CM,
    DEFAULT_ROW_HEIGHT_PT,
    HELP_WIDTH,
    LINE_HEIGHT_PT,
    MARGIN_HEADER_IN,
    MARGIN_SIDE_IN,
    MARGIN_TOP_IN,
    NAMED_TEXT_LINES,
    PETUNJUK_WIDTHS,
    SMALLEST_FONT_PT,
    PrintLayout,
    wrapped_row_height,
)
from lkjip_xl.workbook.laporan_sheet import write_laporan_sheet

__all__ = [
    "CREATOR",
    "FIXED_TIMESTAMP",
    "make_workbook",
    "workbook_bytes",
]

FIXED_TIMESTAMP = datetime(2026, 1, 1, 0, 0, 0)
CREATOR = "lkjip_xl"
TABLE_STYLE = "TableStyleLight1"
CUSTOM_PROPERTY_TEMPLATE = "lkjip_xl.template"
CUSTOM_PROPERTY_VERSION = "lkjip_xl.template_version"

# Cell styles (why: a user must tell at a glance where to type and what the engine overwrites).
INPUT_FILL = PatternFill("solid", start_color="FFFFF8E1", end_color="FFFFF8E1")
COMPUTED_FILL = PatternFill("solid", start_color="FFE3EAF2", end_color="FFE3EAF2")
HEADER_FILLS = {
    Role.KEY: PatternFill("solid", start_color="FF0B3D66", end_color="FF0B3D66"),
    Role.INPUT: PatternFill("solid", start_color="FF1F4E78", end_color="FF1F4E78"),
    Role.COMPUTED: PatternFill("solid", start_color="FF6B7B8C", end_color="FF6B7B8C"),
}
HEADER_FONT = Font(bold=True, color="FFFFFFFF")
HEADER_FONT_COMPUTED = Font(bold=True, italic=True, color="FFFFFFFF")
COMPUTED_FONT = Font(italic=True, color="FF1F3864")
TITLE_FONT = Font(bold=True, size=14, color="FF1F3864")
DESCRIPTION_FONT = Font(italic=True, color="FF595959")
TABLE_TITLE_FONT = Font(bold=True, size=12, color="FF1F3864")
LABEL_FONT = Font(bold=True)
# SMALLEST_FONT_PT: the print scale is chosen so that this still prints at 8 pt.
HELP_FONT = Font(italic=True, size=SMALLEST_FONT_PT, color="FF7F7F7F")
THIN = Side(style="thin", color="FFBFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
# The other cells of a table row read from the top too, so a row grown by a wrapped text keeps
# each of its values on the first line, beside the start of that text.
TOP = Alignment(vertical="top")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")

_LIST_LIMIT = 255  # Excel's limit on an inline list of choices


def make_workbook(name: str) -> Workbook:
    """The template ``name`` as an in-memory openpyxl workbook."""
    spec = template(name)
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in spec.sheets:
        ws = wb.create_sheet(sheet.name)
        if sheet.kind is SheetKind.PETUNJUK:
            _write_petunjuk(ws, spec, sheet)
        elif sheet.kind is SheetKind.LAPORAN:
            write_laporan_sheet(ws, spec, sheet)
            _protect(ws)
        else:
            _write_sheet(ws, spec, sheet)
    for named in spec.names:
        wb.defined_names[named.name] = DefinedName(named.name, attr_text=named.ref)
    wb.active = 0
    _set_properties(wb, spec)
    return wb


def workbook_bytes(wb: Workbook) -> bytes:
    """The package of ``wb`` as openpyxl saves it."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Sheets
# ---------------------------------------------------------------------------------------------


def _write_sheet(ws: Worksheet, spec: Template, sheet: SheetSpec) -> None:
    _write_titles(ws, sheet)
    for named in sheet.names:
        _write_named(ws, named)
    for table in sheet.tables:
        _write_table(ws, table)
    _add_validations(ws, spec, sheet)
    _add_conditional_formats(ws, sheet)
    for chart in sheet.charts:
        _add_chart(ws, spec.table(chart.table), chart)
    for col, width in sheet.column_widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    if sheet.freeze and sheet.tables:
        first = sheet.tables[0]
        ws.freeze_panes = (
            f"{get_column_letter(first.first_col + first.freeze_columns)}{first.first_data_row}"
        )
    if sheet.tab_colour:
        ws.sheet_properties.tabColor = sheet.tab_colour
    _page_setup(ws, sheet.print_layout, sheet.title)
    if sheet.protected:
        _protect(ws)


def _write_titles(ws: Worksheet, sheet: SheetSpec) -> None:
    ws["A1"] = sheet.title
    ws["A1"].font = TITLE_FONT
    if sheet.description:
        ws["A2"] = sheet.description
        ws["A2"].font = DESCRIPTION_FONT


def _style_value_cell(cell: Any, spec: Column | NamedCell) -> None:
    # Column and NamedCell fill a format left None with their type's, when they are made.
    assert spec.number_format is not None
    cell.number_format = spec.number_format
    cell.border = BORDER
    if isinstance(spec, Column):
        cell.alignment = WRAP_TOP if spec.wrap else TOP
    if spec.is_input:
        cell.fill = INPUT_FILL
        cell.protection = UNLOCKED
    else:
        cell.fill = COMPUTED_FILL
        cell.font = COMPUTED_FONT
        cell.protection = LOCKED


def _write_named(ws: Worksheet, named: NamedCell) -> None:
    label = ws[named.label_cell]
    label.value = named.label
    label.font = LABEL_FONT
    cell = ws[named.cell]
    cell.value = named.default
    _style_value_cell(cell, named)
    if named.help:
        help_cell = ws[named.help_cell]
        help_cell.value = named.help
        help_cell.font = HELP_FONT
        help_cell.alignment = WRAP_TOP
    heights = []
    if named.help:
        heights.append(wrapped_row_height([(HELP_WIDTH, named.help)]))
    if named.type is ValueType.TEXT and named.is_input:
        # A long name wraps in its cell instead of being cut at the next column.
        cell.alignment = WRAP_TOP
        label.alignment = Alignment(vertical="top")
        heights.append(NAMED_TEXT_LINES * LINE_HEIGHT_PT + 3.0)
    if heights and max(heights) > DEFAULT_ROW_HEIGHT_PT:
        # An explicit height: LibreOffice does not fit rows to wrapped text when it opens a file.
        ws.row_dimensions[named.row].height = max(heights)


def _write_table(ws: Worksheet, table: Table) -> None:
    title = ws[table.title_cell]
    title.value = table.title
    title.font = TABLE_TITLE_FONT
    for offset, column in enumerate(table.columns):
        cell = ws.cell(table.header_row, table.first_col + offset, column.name)
        cell.fill = HEADER_FILLS[column.role]
        cell.font = HEADER_FONT_COMPUTED if column.is_computed else HEADER_FONT
        cell.alignment = HEADER_ALIGNMENT
        cell.border = BORDER
        cell.protection = LOCKED
        cell.comment = _header_comment(column)
        for row in range(table.first_data_row, table.last_row + 1):
            _style_value_cell(ws.cell(row, cell.column), column)
    for index, row_values in enumerate(table.initial_rows):
        for key, value in row_values.items():
            if value is not None:
                ws.cell(table.first_data_row + index, table.col_index(key), value)

    xl_table = XlTable(
        displayName=table.name,
        ref=table.ref,
        tableStyleInfo=TableStyleInfo(
            name=TABLE_STYLE,
            showFirstColumn=False,
            showLastColumn=False,
            showRowStripes=False,
            showColumnStripes=False,
        ),
    )
    # Ids 1..n (openpyxl would number them by sheet column, which Excel does not expect).
    xl_table.tableColumns = [
        TableColumn(id=index, name=column.name) for index, column in enumerate(table.columns, 1)
    ]
    xl_table.autoFilter = AutoFilter(ref=table.ref)
    ws.add_table(xl_table)


def _header_comment(column: Column) -> Comment:
    lines = [f"{column.role.label}; {column.type.label}."]
    if column.required:
        lines.append("Wajib diisi.")
    if column.help:
        lines.append(column.help)
    if column.choices and column.is_input:
        lines.append("Pilihan: " + ", ".join(column.choices) + ".")
    comment = Comment("\n".join(lines), CREATOR)
    comment.width = 320
    comment.height = 140
    return comment


# ---------------------------------------------------------------------------------------------
# Validation, conditional formats, charts
# ---------------------------------------------------------------------------------------------


def _add_validations(ws: Worksheet, spec: Template, sheet: SheetSpec) -> None:
    for named in sheet.names:
        if named.is_input:
            validation = _validation_for(named.type, named.choices, named.minimum, named.maximum)
            if validation is not None:
                validation.add(named.cell)
                ws.add_data_validation(validation)
    for table in sheet.tables:
        for column in table.input_columns:
            validation = _column_validation(spec, column)
            if validation is not None:
                validation.add(table.data_range(column.key, extended=True))
                ws.add_data_validation(validation)


def _column_validation(spec: Template, column: Column) -> DataValidation | None:
    if column.refers_to:
        target_name, target_key = column.refers_to.split(".")
        target = spec.table(target_name)
        letter = target.letter(target_key)
        sheet = target.sheet.replace("'", "''")
        source = f"'{sheet}'!${letter}${target.first_data_row}:${letter}${target.extent_last_row}"
        column_name = target.column(target_key).name
        # A warning, not a stop: codes are often typed before the indicator list is complete.
        return DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Kode tidak ditemukan",
            error=f"Nilai ini tidak ada di kolom {column_name} tabel {target.name}.",
        )
    if column.type is ValueType.NIP:
        return DataValidation(
            type="textLength",
            operator="equal",
            formula1="18",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="NIP tidak 18 digit",
            error="NIP terdiri atas 18 digit dan ditulis sebagai teks.",
        )
    return _validation_for(column.type, column.choices, column.minimum, column.maximum)


def _validation_for(
    value_type: ValueType,
    choices: tuple[str, ...],
    minimum: float | None,
    maximum: float | None,
) -> DataValidation | None:
    if choices:
        inline = '"' + ",".join(choices) + '"'
        if len(inline) > _LIST_LIMIT or any("," in c or '"' in c for c in choices):
            raise ValueError(f"choices {choices!r} do not fit an inline list")
        return DataValidation(
            type="list",
            formula1=inline,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle="Pilihan tidak dikenal",
            error="Pilih salah satu: " + ", ".join(choices) + ".",
        )
    if value_type.is_numeric and (minimum is not None or maximum is not None):
        kind = "whole" if value_type is ValueType.INTEGER else "decimal"
        if minimum is not None and maximum is not None:
            operator, formula1, formula2 = "between", _num(minimum), _num(maximum)
            message = f"Isi angka dari {_id_num(minimum)} sampai {_id_num(maximum)}."
        elif minimum is not None:
            operator, formula1, formula2 = "greaterThanOrEqual", _num(minimum), None
            message = f"Isi angka paling kecil {_id_num(minimum)}."
        else:
            operator, formula1, formula2 = "lessThanOrEqual", _num(maximum), None
            message = f"Isi angka paling besar {_id_num(maximum)}."
        if kind == "whole":
            message = message.replace("angka", "bilangan bulat")
        # A warning: numbers pasted as text are read (and judged) by the engine, not by Excel.
        return DataValidation(
            type=kind,
            operator=operator,
            formula1=formula1,
            formula2=formula2,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Angka di luar batas",
            error=message,
        )
    return None


def _num(value: float | None) -> str:
    assert value is not None
    return f"{value:g}"


def _id_num(value: float | None) -> str:
    return _num(value).replace(".", ",")


def _add_conditional_formats(ws: Worksheet, sheet: SheetSpec) -> None:
    for named in sheet.names:
        _colour_rules(ws, named.cell, named.colours)
    for table in sheet.tables:
        for column in table.columns:
            _colour_rules(ws, table.data_range(column.key, extended=True), column.colours)


def _colour_rules(ws: Worksheet, ref: str, colours: Colours) -> None:
    for label, colour in colours:
        argb = "FF" + colour.lstrip("#").upper()
        ws.conditional_formatting.add(
            ref,
            CellIsRule(
                operator="equal",
                formula=['"' + label.replace('"', '""') + '"'],
                fill=PatternFill("solid", start_color=argb, end_color=argb),
                font=Font(color=_text_colour(colour)),
            ),
        )


def _text_colour(colour: str) -> str:
    """White text on dark fills, black on light ones (relative luminance)."""
    hex_rgb = colour.lstrip("#")
    red, green, blue = (int(hex_rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "FFFFFFFF" if luminance < 0.5 else "FF000000"


def _add_chart(ws: Worksheet, table: Table, chart: Chart) -> None:
    bar = BarChart()
    bar.type = "bar" if len(chart.values) == 1 else "col"
    bar.style = 10
    bar.title = chart.title
    bar.y_axis.title = chart.y_title or None
    bar.x_axis.title = chart.x_title or None
    # openpyxl 3.1 hides both axes unless told otherwise.
    bar.x_axis.delete = False
    bar.y_axis.delete = False
    bar.width = CHART_WIDTH_CM
    bar.height = CHART_HEIGHT_CM
    for key in chart.values:
        col = table.col_index(key)
        data = Reference(ws, min_col=col, min_row=table.header_row, max_row=table.last_row)
        bar.add_data(data, titles_from_data=True)
    cat_col = table.col_index(chart.categories)
    bar.set_categories(
        Reference(ws, min_col=cat_col, min_row=table.first_data_row, max_row=table.last_row)
    )
    if len(chart.values) == 1:
        bar.legend = None
    # A fixed size: left to itself, a renderer shrinks long category labels below 8 pt.
    for axis in (bar.x_axis, bar.y_axis):
        axis.txPr = _chart_text(CHART_FONT_PT)
    ws.add_chart(bar, chart.anchor)


def _chart_text(size_pt: float) -> RichText:
    props = CharacterProperties(sz=round(size_pt * 100))
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


# ---------------------------------------------------------------------------------------------
# Layout, protection, properties
# ---------------------------------------------------------------------------------------------


def _page_setup(ws: Worksheet, layout: PrintLayout, title: str) -> None:
    """A4 at the declared layout's scale; never "fit to page", which shrank text to 2 pt."""
    ws.page_setup.orientation = layout.orientation
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.scale = layout.scale
    # Across first: a wide sheet's pages for the same rows follow each other.
    ws.page_setup.pageOrder = "overThenDown"
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    margins = ws.page_margins
    margins.left = margins.right = MARGIN_SIDE_IN
    margins.top = margins.bottom = MARGIN_TOP_IN
    margins.header = margins.footer = MARGIN_HEADER_IN
    if layout.title_rows is not None:
        first, last = layout.title_rows
        ws.print_title_rows = f"{first}:{last}"
    if layout.title_columns is not None:
        first, last = layout.title_columns
        ws.print_title_cols = f"{get_column_letter(first)}:{get_column_letter(last)}"
    ws.print_options.gridLines = False
    ws.oddFooter.left.text = title.replace("&", "&&")
    ws.oddFooter.right.text = "Halaman &P dari &N"


def _protect(ws: Worksheet) -> None:
    """Guard against slips, not an attack: no password; formatting, sorting, filtering, row
    insertion and deletion (of unlocked rows) stay allowed. In OOXML ``True`` means forbidden."""
    ws.protection = SheetProtection(
        sheet=True,
        objects=False,
        scenarios=False,
        formatCells=False,
        formatColumns=False,
        formatRows=False,
        insertColumns=True,
        insertRows=False,
        insertHyperlinks=False,
        deleteColumns=True,
        deleteRows=False,
        selectLockedCells=False,
        selectUnlockedCells=False,
        sort=False,
        autoFilter=False,
        pivotTables=True,
    )


def _set_properties(wb: Workbook, spec: Template) -> None:
    props = wb.properties
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.created = FIXED_TIMESTAMP
    props.modified = FIXED_TIMESTAMP
    props.title = spec.title
    props.subject = f"Templat lkjip_xl {spec.name} versi {spec.version}"
    props.keywords = f"lkjip_xl {spec.name} {spec.version}"
    wb.custom_doc_props.append(StringProperty(name=CUSTOM_PROPERTY_TEMPLATE, value=spec.name))
    wb.custom_doc_props.append(StringProperty(name=CUSTOM_PROPERTY_VERSION, value=spec.version))


# ---------------------------------------------------------------------------------------------
# Petunjuk
# ---------------------------------------------------------------------------------------------

_GENERAL_RULES = (
    "Sel berlatar krem adalah isian: ketik atau tempel data di sel ini.",
    "Sel berlatar abu-abu kebiruan dengan huruf miring adalah hasil hitungan mesin. Sel ini "
    "terkunci dan ditimpa setiap kali buku kerja dihitung ulang; jangan diketik.",
    "Daftar disusun sebagai Tabel Excel: isi baris kosong di dalam tabel. Data yang diketik di "
    "luar tabel tidak dibaca.",
    "Lembar yang berisi hasil hitungan diproteksi tanpa kata sandi, hanya untuk mencegah salah "
    "ketik. Bila baris tabel habis: Tinjau > Buka Proteksi Lembar, klik kanan di baris terakhir "
    "tabel > Sisipkan > Baris Tabel di Bawah, lalu Tinjau > Proteksi Lembar.",
    "Kolom pilihan memakai daftar turun (dropdown): isi persis salah satu pilihannya.",
    "Angka ditulis dengan koma desimal (95,45). Persen ditulis dalam satuan persen: 95,45 berarti "
    "95,45% (bukan 0,9545). Rupiah ditulis sebagai angka tanpa 'Rp'.",
    "Sel yang datanya belum ada dibiarkan kosong: kosong berarti belum diisi, sedangkan 0 berarti "
    "nilainya memang nol.",
    "Hitung ulang dengan tombol 'Hitung Ulang' (templat bermakro .xlsm) atau perintah "
    "'lkjip-xl hitung BERKAS'; "
    "periksa isian dengan 'lkjip-xl periksa BERKAS'. Setiap proses dicatat di lembar Log.",
    # Excel's own answer to a button of a workbook whose macros are off ("Cannot run the macro
    # ... all macros may be disabled") says nothing of what to click: this is the one place a
    # user reads before pressing one.
    "Tombol 'Hitung Ulang' dan 'Periksa' (hanya di buku kerja .xlsm) bekerja bila makro "
    "diaktifkan dan di komputer ini terpasang Python dengan lkjip_xl (oleh bagian TI). "
    "Saat buku kerja dibuka, klik 'Aktifkan Konten' (Enable Content) pada bilah kuning; bila "
    "bilah merah menyebut makro diblokir (berkas dari surel atau unduhan): tutup buku kerja, "
    "klik kanan berkasnya > Properti (Properties) > centang Buka Blokir (Unblock) > OK, lalu "
    "buka lagi. Bila tombol tetap tidak berjalan, simpan dan tutup buku kerja lalu pakai "
    "perintah 'lkjip-xl hitung BERKAS'.",
)

# A unit's staff open the workbook bagikan sent them on this sheet: nothing else in it said
# what they may change, where their unit and deadline are, or what to do with the file after.
_UNIT_RULE = (
    "Buku kerja unit (dibagikan pengelola dengan 'lkjip-xl bagikan'): isi atau ubah hanya baris "
    "yang dikirim untuk unit Anda, dan tambahkan baris baru di baris kosong tabelnya; jangan "
    "mengganti nama lembar, tabel, atau judul kolom. Lembar Pengaturan terkunci: aturannya "
    "ditetapkan induk. Nama unit, asal berkas, dan batas waktu pengembaliannya tercatat di "
    "lembar Log (baris Distribusi). Setelah selesai, simpan dan tutup buku kerja, lalu kirim "
    "berkas ini kembali ke pengelola; pengelola menggabungkannya dengan 'lkjip-xl kumpulkan'."
)

_PETUNJUK_HEADERS = (
    "Tabel / Nama",
    "Kolom / Sel",
    "Peran",
    "Jenis",
    "Pilihan",
    "Wajib",
    "Keterangan",
)


def _write_petunjuk(ws: Worksheet, spec: Template, sheet: SheetSpec) -> None:
    ws["A1"] = f"{sheet.title}: {spec.title}"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = (
        f"Templat '{spec.name}' versi {spec.version}. Lembar ini dibuat otomatis dari deklarasi "
        "templat lkjip_xl."
    )
    ws["A2"].font = DESCRIPTION_FONT

    row = 4
    ws.cell(row, 1, "Cara mengisi").font = TABLE_TITLE_FONT
    row += 1
    input_sample = ws.cell(row, 1, "Isian")
    input_sample.fill, input_sample.border = INPUT_FILL, BORDER
    computed_sample = ws.cell(row, 2, "Hasil hitungan")
    computed_sample.fill, computed_sample.font = COMPUTED_FILL, COMPUTED_FONT
    computed_sample.border = BORDER
    row += 1
    unit = (_UNIT_RULE,) if any(s.name == PENGUMPULAN_SHEET for s in spec.sheets) else ()
    for number, text in enumerate((*_GENERAL_RULES, *spec.notes, *unit), 1):
        ws.cell(row, 1, f"{number}.").alignment = Alignment(horizontal="right", vertical="top")
        _paragraph(ws, row, 2, text)
        row += 1

    for sheet_spec in spec.sheets:
        if sheet_spec.kind is SheetKind.PETUNJUK:
            continue
        row += 1
        ws.cell(row, 1, f"Lembar {sheet_spec.name}: {sheet_spec.title}").font = TABLE_TITLE_FONT
        row += 1
        status = (
            "Lembar diproteksi tanpa kata sandi."
            if sheet_spec.protected
            else "Lembar tidak diproteksi."
        )
        _paragraph(ws, row, 1, f"{sheet_spec.description} {status}".strip()).font = DESCRIPTION_FONT
        row += 1
        for offset, header in enumerate(_PETUNJUK_HEADERS, 1):
            cell = ws.cell(row, offset, header)
            cell.fill, cell.font, cell.border = HEADER_FILLS[Role.INPUT], HEADER_FONT, BORDER
        row += 1
        for values in _petunjuk_rows(spec, sheet_spec):
            for offset, value in enumerate(values, 1):
                cell = ws.cell(row, offset, value)
                cell.alignment = WRAP_TOP
                cell.border = BORDER
            # Wrapped text needs its row tall enough, or it prints over the rows below.
            ws.row_dimensions[row].height = wrapped_row_height(
                zip(PETUNJUK_WIDTHS, values, strict=True)
            )
            row += 1

    for col, width in sheet.column_widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.sheet_properties.tabColor = sheet.tab_colour
    _page_setup(ws, sheet.print_layout, sheet.title)
    _protect(ws)


def _paragraph(ws: Worksheet, row: int, col: int, text: str) -> Any:
    """``text`` wrapped in a cell merged to the sheet's last column, its row made tall enough."""
    last = len(PETUNJUK_WIDTHS)
    ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=last)
    cell = ws.cell(row, col, text)
    cell.alignment = WRAP_TOP
    width = sum(PETUNJUK_WIDTHS[col - 1 :])
    ws.row_dimensions[row].height = wrapped_row_height([(width, text)])
    return cell


def _petunjuk_rows(spec: Template, sheet: SheetSpec) -> Iterable[tuple[str, ...]]:
    for named in sheet.names:
        text = named.help
        if named.default is not None:
            text = f"{text} Bawaan: {named.default}.".strip()
        yield (
            named.name,
            f"{named.label} ({named.cell})",
            named.role.label,
            named.type.label,
            ", ".join(named.choices),
            "Ya" if named.required else "",
            text,
        )
    for table in sheet.tables:
        yield (
            table.name,
            f"({table.ref}, {table.min_rows} baris awal)",
            "",
            "",
            "",
            "",
            f"{table.title}. {table.help}".strip(),
        )
        for column in table.columns:
            text = column.help
            if column.refers_to:
                target_name, target_key = column.refers_to.split(".")
                target_column = spec.table(target_name).column(target_key).name
                text = f"{text} Merujuk kolom {target_column} tabel {target_name}.".strip()
            yield (
                table.name,
                f"{column.name} (kolom {table.letter(column.key)})",
                column.role.label,
                column.type.label,
                ", ".join(column.choices),
                "Ya" if column.required else "",
                text,
            )
