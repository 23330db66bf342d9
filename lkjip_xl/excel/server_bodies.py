"""What the Office.js server accepts as a request body, checked before xlwings or the engine
reads it: a custom-function call (``func_name`` and ``args``) and the workbook a button sends
(``book``, ``sheets`` with their values and tables, ``names``).

xlwings reads these bodies by key and trusts their shapes; a body the clients never send
(a table address that is no cell, a ragged sheet, an argument missing) failed deep inside it
in English, or, worse, made it build a table of a million rows by sixteen thousand columns
from a few hundred bytes. Each check here answers one Indonesian sentence instead
(:class:`BodyRefused`, a 400), naming what is wrong and where.
"""

from __future__ import annotations

import inspect
import math
import sys
from itertools import chain
from typing import Any

from lkjip_xl.core.problems import ribuan
from lkjip_xl.workbook.ooxml.cells import parse_range
from lkjip_xl.workbook.ooxml.errors import PackageError

__all__ = ["PERCENT_KEY", "BodyRefused", "book_problem", "call_problem", "shown", "table_cells"]

#: The key of each sheet in the task pane's request with its number cells whose format code
#: holds a "%": [[row, column, code], ...], 1-based. lkjip's own, not xlwings'.
PERCENT_KEY = "lkjip_percent"
OFFICE_JS = "Office.js"  # the only client whose book xlwings reads here
#: The fewest bytes one cell takes in a body (``1,``): the most cells a body of a given size
#: can fill. A request's tables may cover no more cells than that, blank ones included: the
#: remote book pads a table beyond the sent values cell by cell, so a table address is not
#: bounded by the body that carries it (A1:XFD1048576 is 17 billion cells in 13 bytes).
BYTES_PER_CELL = 2

_SCALARS = (str, int, float, bool, type(None))
_CELLS = (*_SCALARS, dict)
_LARGEST = sys.float_info.max
_is_float = float.__instancecheck__
_is_int = int.__instancecheck__  # bool too: abs(True) is 1
# Every key of a table that xlwings' remote book reads by key (the task pane sends them all).
_TABLE_PARTS = ("header_row_range_address", "data_body_range_address", "total_row_range_address")
_TABLE_FLAGS = ("show_headers", "show_totals")


class BodyRefused(ValueError):
    """A request the server refuses with 400; the message is one Indonesian sentence."""


def shown(value: object, limit: int = 60) -> str:
    """``value`` quoted for a message, cut at ``limit`` characters: a refusal never echoes a
    500 KB name back."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…'"


def _numbers_problem(cells: list[Any], what: str, present: set[type]) -> str | None:
    # With filter and map over C predicates: a 10,000-row range is checked in C loops.
    if float in present and not all(map(math.isfinite, filter(_is_float, cells))):
        # JSON has no NaN or Infinity; Python's reader takes them, and a NaN then read as
        # a blank cell: a figure silently gone.
        return f"{what} memuat NaN atau Infinity, yang bukan angka JSON."
    if int in present and max(map(abs, filter(_is_int, cells)), default=0) > _LARGEST:
        # JSON's integers have no bound, Excel's numbers do: such a one made float() fail
        # in the rules, in English.
        return f"{what} memuat angka di luar jangkauan angka Excel."
    return None


def _grid_problem(value: Any, what: str, cells: tuple[type, ...] = _SCALARS) -> str | None:
    # By the types present, not cell by cell: a 10,000-row range is checked in C loops.
    if not isinstance(value, list) or not all(issubclass(t, list) for t in set(map(type, value))):
        return f"{what} harus berupa larik dua dimensi."
    if len(set(map(len, value))) > 1:
        # Excel's ranges are rectangles; a short row shifted or lost the cells after it.
        return f"{what} tidak persegi: panjang barisnya berbeda-beda."
    present = set(map(type, chain.from_iterable(value)))
    if not all(issubclass(t, cells) for t in present):
        return f"{what} memuat nilai yang bukan angka, teks, logika atau kosong."
    if (float in present or int in present) and (
        problem := _numbers_problem(list(chain.from_iterable(value)), what, present)
    ):
        return problem
    if dict in present:
        objects = [cell for cell in chain.from_iterable(value) if type(cell) is dict]
        if not all(map(_cell_object, objects)):
            return f"{what} memuat objek sel yang bukan galat Excel atau nilai bertipe."
        values = [cell["basicValue"] for cell in objects]
        return _numbers_problem(values, what, set(map(type, values)))
    return None


def _cell_object(cell: dict) -> bool:
    # An Excel error or a typed value as Office.js sends it: xlwings reads its "type" and
    # "basicValue" by key, so another object ended in a KeyError answered as a 500. An error's
    # value is its text (#N/A): an "error" holding a number was read as that number.
    kind, value = cell.get("type"), cell.get("basicValue")
    if not isinstance(kind, str) or type(value) not in _SCALARS[:-1]:
        return False
    return kind != "Error" or (isinstance(value, str) and value.startswith("#"))


def _client_problem(data: Any) -> str | None:
    if isinstance(data, bytes):
        # FastAPI hands over the bytes of a body sent as another type: valid JSON sent as
        # text/plain was told it was no JSON object.
        return "Isi permintaan harus dikirim sebagai JSON (Content-Type: application/json)."
    if not isinstance(data, dict):
        return "Isi permintaan harus berupa objek JSON."
    # xlwings reads another client's book in another shape, and refused a version other than
    # its own from it in English.
    client = data.get("client", OFFICE_JS)
    if client != OFFICE_JS:
        return f"Klien {shown(client)} tidak didukung: server ini melayani add-in Office.js."
    return None


def call_problem(data: Any) -> str | None:
    """What is wrong with a custom-function call's body, or None."""
    from lkjip_xl.excel import udfs

    if problem := _client_problem(data):
        return problem
    name = data.get("func_name")
    if not isinstance(name, str):
        return "Permintaan tidak menyebut fungsi (func_name)."
    if name not in udfs.UDFS:
        return f"Fungsi {shown(name)} tidak dikenal."
    args = data.get("args")
    if not isinstance(args, list):
        return "Argumen fungsi (args) harus berupa daftar."
    params = inspect.signature(udfs.UDFS[name].func).parameters.values()
    required = sum(p.default is inspect.Parameter.empty for p in params)
    if not required <= len(args) <= len(params):
        # The clients send every argument (null when omitted); another count failed inside
        # the call with Python's English TypeError.
        expected = f"{required}" if required == len(params) else f"{required} sampai {len(params)}"
        return f"Fungsi {name} menerima {expected} argumen, bukan {len(args)}."
    for i, arg in enumerate(args, start=1):
        # A cell may be an Excel error, which Office.js sends as an object.
        if arg is not None and (problem := _grid_problem(arg, f"Argumen ke-{i}", _CELLS)):
            return problem
    return None


def table_cells(sheet: str, table: Any) -> int:
    """The cells ``table`` covers; :class:`BodyRefused` when it is not a table as the task pane
    sends it (a name, addresses of cells inside its range, the two flags)."""
    if not isinstance(table, dict) or not isinstance(table.get("name"), str):
        raise BodyRefused(f"Tabel di lembar {shown(sheet)} tidak sah (tanpa nama).")
    where = f"Tabel {shown(table['name'])} di lembar {shown(sheet)}"
    try:
        r1, c1, r2, c2 = parse_range(table.get("range_address"))  # type: ignore[arg-type]
    except PackageError as exc:
        raise BodyRefused(f"{where}: {exc}") from None
    for key in _TABLE_PARTS:
        if key not in table:
            raise BodyRefused(f"{where} tidak menyebut {key}.")
        if table[key] is None:
            continue
        try:
            p1, q1, p2, q2 = parse_range(table[key])
        except PackageError as exc:
            raise BodyRefused(f"{where}: {exc}") from None
        if not (r1 <= p1 and p2 <= r2 and c1 <= q1 and q2 <= c2):
            outside = f"{key} {shown(table[key])} di luar rentang tabel {table['range_address']}"
            raise BodyRefused(f"{where}: {outside}.")
    if not all(type(table.get(flag)) is bool for flag in _TABLE_FLAGS):
        raise BodyRefused(f"{where} tidak menyebut show_headers/show_totals (benar atau salah).")
    return (r2 - r1 + 1) * (c2 - c1 + 1)


def _sheet_problem(i: int, sheet: Any) -> tuple[str | None, int]:
    """(what is wrong with the ``i``-th sheet or None, the cells its tables cover)."""
    if not isinstance(sheet, dict) or not isinstance(sheet.get("name"), str):
        return f"Lembar ke-{i} tidak bernama.", 0
    name = sheet["name"]
    if problem := _grid_problem(sheet.get("values"), f"Isi lembar {shown(name)}"):
        return problem, 0
    for key in ("tables", "pictures"):
        items = sheet.get(key, [])
        if not isinstance(items, list) or not all(isinstance(t, dict) for t in items):
            return f"Daftar {key} lembar {shown(name)} tidak sah.", 0
    cells = sum(table_cells(name, table) for table in sheet.get("tables", []))
    percent = sheet.get(PERCENT_KEY, [])
    if not isinstance(percent, list) or not all(
        isinstance(cell, list)
        and len(cell) == 3
        and all(type(n) is int and n >= 1 for n in cell[:2])
        and isinstance(cell[2], str)
        for cell in percent
    ):
        return f"Daftar sel persen lembar {shown(name)} tidak sah.", 0
    return None, cells


def _twice(names: list[str]) -> str | None:
    """The first name given twice, as Excel compares them (ignoring case), or None."""
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            return name
        seen.add(name.casefold())
    return None


def book_problem(data: Any, max_body: int) -> str | None:
    """What is wrong with the workbook the task pane sent, or None: the shape the remote book
    of xlwings reads, so that a malformed body is refused (400) rather than failing inside.
    ``max_body``: the server's body limit, which bounds the cells a request's tables cover."""
    if problem := _client_problem(data):
        return problem
    book = data.get("book")
    if not isinstance(book, dict) or not isinstance(book.get("name"), str):
        return "Permintaan tidak berisi data buku kerja dari klien xlwings (book.name)."
    sheets = data.get("sheets")
    if not isinstance(sheets, list) or not sheets:
        return "Permintaan tidak berisi lembar buku kerja (sheets)."
    covered = 0
    try:
        for i, sheet in enumerate(sheets, start=1):
            problem, cells = _sheet_problem(i, sheet)
            if problem:
                return problem
            covered += cells
    except BodyRefused as exc:
        return str(exc)
    if twice := _twice([sheet["name"] for sheet in sheets]):
        return f"Nama lembar {shown(twice)} muncul dua kali; buku kerja Excel tidak demikian."
    tables = [t["name"] for sheet in sheets for t in sheet.get("tables", [])]
    if twice := _twice(tables):
        return f"Nama tabel {shown(twice)} muncul dua kali; buku kerja Excel tidak demikian."
    if covered > max_body // BYTES_PER_CELL:
        return (
            f"Tabel-tabel buku kerja ini mencakup {ribuan(covered)} sel, melebihi "
            f"{ribuan(max_body // BYTES_PER_CELL)} sel yang dapat dihitung server ini; perkecil "
            "rentang tabel yang memuat banyak baris atau kolom kosong (Desain Tabel > Ubah "
            "Ukuran Tabel)."
        )
    return _names_problem(data.get("names", []), len(sheets))


def _names_problem(names: Any, sheet_count: int) -> str | None:
    if not isinstance(names, list):
        return "Daftar nama (names) tidak sah."
    for name in names:
        if (
            not isinstance(name, dict)
            or not isinstance(name.get("name"), str)
            or not isinstance(name.get("address"), str)
            or type(name.get("sheet_index")) is not int
            or not 0 <= name["sheet_index"] < sheet_count
        ):
            return "Nama di buku kerja (names) tidak sah."
    return None
