"""How a sheet prints, computed from its column widths: paper orientation, scale, repeated titles.

Why here: the widths are declared with the tables, so the print settings follow from the same
declaration instead of a fixed "fit to one page wide" that shrank a 19-column sheet to 2 pt.
The rule: a sheet that fits a portrait A4 at 100 % prints portrait; otherwise landscape, scaled
to the page width when that keeps the smallest font at 8 pt or more; otherwise at the smallest
legible scale over several pages across, with the identifying columns repeated on each page.

Excel measures a column in characters of the default font (Calibri 11, 7 pixels per
character); a column ``w`` wide is ``w * 7 + 5`` pixels at 96 pixels per inch.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: The smallest font the builder writes (help texts beside named cells), in points.
SMALLEST_FONT_PT = 10.0
#: Nothing may print smaller than this.
MIN_PRINTED_PT = 8.0
#: Scale (percent) below which the smallest font would print under 8 pt; rounded up with a
#: margin of 5 because renderers round scaled font sizes to their own grid.
MIN_SCALE = math.ceil(100 * MIN_PRINTED_PT / SMALLEST_FONT_PT) + 5

#: A4 in inches, and the margins the builder sets (left/right, top/bottom, header/footer).
A4_INCHES = (8.27, 11.69)
MARGIN_SIDE_IN = 0.4
MARGIN_TOP_IN = 0.6
MARGIN_HEADER_IN = 0.3

#: Size of the charts the builder draws (centimetres, as openpyxl takes them).
CHART_WIDTH_CM = 18.0
CHART_HEIGHT_CM = 9.0
CHART_FONT_PT = SMALLEST_FONT_PT
#: Width of the column holding a named cell's help text, wrapped within it.
HELP_WIDTH = 48.0
#: Width of a named text cell (an agency's full name runs to some 50 characters), which wraps
#: within :data:`NAMED_TEXT_LINES` lines.
NAMED_TEXT_WIDTH = 44.0
NAMED_TEXT_LINES = 2
#: Columns of the Petunjuk sheet (Tabel / Nama, Kolom / Sel, Peran, Jenis, Pilihan, Wajib,
#: Keterangan): narrow enough for one landscape page across, the texts wrap.
PETUNJUK_WIDTHS = (14.0, 20.0, 13.0, 13.0, 18.0, 6.0, 38.0)

#: Where Calibri is missing (LibreOffice on Linux without Carlito falls back to DejaVu Sans,
#: whose digit is a third wider), the width unit grows with it; planning for that keeps the
#: columns on their page there, at the cost of some margin in Excel.
FONT_SLACK = 1.35
_PIXELS_PER_CHAR = 7.0
_PIXEL_PADDING = 5.0
_PIXELS_PER_INCH = 96.0
#: Height of one line of 11 pt text in a wrapped cell, in points, and the cell's padding.
LINE_HEIGHT_PT = 15.0
_ROW_PADDING_PT = 3.0
DEFAULT_ROW_HEIGHT_PT = 15.0
#: Excel's width of a column nobody sized.
DEFAULT_WIDTH = 8.43


def column_inches(width: float) -> float:
    """Printed width at 100 % of a column ``width`` characters wide, with :data:`FONT_SLACK`."""
    return FONT_SLACK * (width * _PIXELS_PER_CHAR + _PIXEL_PADDING) / _PIXELS_PER_INCH


def printable_inches(orientation: str) -> float:
    short, long = A4_INCHES
    paper = short if orientation == "portrait" else long
    return paper - 2 * MARGIN_SIDE_IN


@dataclass(frozen=True)
class PrintLayout:
    """Page settings of one sheet; rows and columns are 1-based sheet positions."""

    orientation: str  # "portrait" or "landscape"
    scale: int  # percent
    title_rows: tuple[int, int] | None = None  # repeated at the top of every page
    title_columns: tuple[int, int] | None = None  # repeated at the left of every page
    pages_across: int = 1  # estimated at ``scale``

    def __post_init__(self) -> None:
        if self.scale < MIN_SCALE:
            raise ValueError(f"scale {self.scale} % prints below {MIN_PRINTED_PT:g} pt")


def layout_for(
    widths: Mapping[int, float],
    *,
    title_rows: tuple[int, int] | None = None,
    key_columns: tuple[int, int] | None = None,
    drawings: Iterable[int] = (),
) -> PrintLayout:
    """The print layout of a sheet whose used columns have ``widths`` (column -> characters).

    ``key_columns`` are the identifying columns repeated on every page when the sheet needs
    several pages across; ``title_rows`` the header row(s) repeated on every page down;
    ``drawings`` the columns where charts start, which reach :data:`CHART_WIDTH_CM` further.
    """
    total = sum(column_inches(w) for w in widths.values())
    for col in drawings:
        left = sum(column_inches(widths.get(c, DEFAULT_WIDTH)) for c in range(1, col))
        total = max(total, left + CHART_WIDTH_CM / 2.54)
    if total <= printable_inches("portrait"):
        return PrintLayout("portrait", 100, title_rows)
    room = printable_inches("landscape")
    fit = math.floor(100 * room / total)
    if fit >= MIN_SCALE:
        return PrintLayout("landscape", min(fit, 100), title_rows)
    repeated = 0.0
    if key_columns is not None:
        first, last = key_columns
        repeated = sum(column_inches(widths.get(c, 0.0)) for c in range(first, last + 1))
    scale = MIN_SCALE / 100
    per_page = room / scale - repeated
    across = max(1, math.ceil((total - repeated) / per_page)) if per_page > 0 else 1
    return PrintLayout("landscape", MIN_SCALE, title_rows, key_columns, across)


def wrapped_row_height(cells: Iterable[tuple[float, str]]) -> float:
    """Row height (points) that shows each text wrapped within its column: (width, text).

    Estimated from the text length at the average Calibri 11 character (about one width unit,
    a little less than the digit Excel's unit is measured in), so the estimate errs tall.
    """
    lines = 1
    for width, text in cells:
        per_line = max(1, math.floor(width * 1.05))
        needed = sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))
        lines = max(lines, needed)
    if lines == 1:
        return DEFAULT_ROW_HEIGHT_PT
    return lines * LINE_HEIGHT_PT + _ROW_PADDING_PT
