"""When a table's range runs far past the rows its sheet holds: refused before it is read.

Shared by the file reader (:mod:`.file_book`, calamine) and ``perbarui`` (openpyxl): both would
allocate the whole range.
"""

from __future__ import annotations

from lkjip_xl.core.problems import ribuan
from lkjip_xl.workbook.ooxml.cells import format_range

__all__ = ["EMPTY_TAIL_CELLS", "empty_before", "empty_tail"]

# A table whose range runs this many cells past its sheet's last row is refused: calamine
# allocates a table's whole range, and a Pengumpulan to row 1,048,576 (11.5 million empty
# cells) took 728 MiB to read alone; perbarui's openpyxl makes an object of every cell it
# carries. A full roster's range holds its rows, and is read; a table a user dragged far down
# to make room (100,000 empty rows of 24 columns: 2.4 million cells) is read too.
EMPTY_TAIL_CELLS = 4_000_000


def empty_tail(name: str, ref: tuple[int, int, int, int], sheet: str, last: int) -> str | None:
    """Why the table ``name`` is refused when its range ``ref`` (rows and columns) runs far
    past ``last``, the last row of ``sheet`` holding a cell (see EMPTY_TAIL_CELLS); else None."""
    r1, c1, r2, c2 = ref
    empty = r2 - max(last, r1 + 1)
    if empty * (c2 - c1 + 1) <= EMPTY_TAIL_CELLS:
        return None
    return (
        f"Tabel {name}: rentang {format_range(r1, c1, r2, c2)} berlanjut {ribuan(empty)} baris "
        f"kosong melewati baris terakhir lembar {sheet} yang berisi sel (baris {ribuan(last)}); "
        "perkecil tabel itu sampai baris yang berisi data."
    )


def empty_before(
    name: str, ref: tuple[int, int, int, int], sheet: str, empty: int, far: str
) -> str:
    """Why the table ``name`` is refused when its range ``ref`` holds ``empty`` empty rows
    before ``far`` (a stray cell near the grid's end, or its row)."""
    return (
        f"Tabel {name}: rentang {format_range(*ref)} memuat {ribuan(empty)} baris kosong "
        f"sebelum {far} di lembar {sheet}; pindahkan atau hapus isi {far} lalu perkecil tabel "
        "itu sampai baris yang berisi data."
    )
