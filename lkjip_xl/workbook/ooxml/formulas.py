"""Whether a worksheet part holds a formula element (:data:`~.sheet_data.FORMULA_START`), told
at memchr speed: a roster's sheet (~120 MB) is searched for its few ``f`` bytes instead of
scanned for two-byte patterns (0.22 s of CPU per pass) or by the pattern tried at every ``<``.
"""

from __future__ import annotations

from lkjip_xl.workbook.ooxml.sheet_data import FORMULA_START

__all__ = ["has_formula"]

#: What :data:`FORMULA_START` takes after the ``f`` (white space, ``/``, ``>``).
_AFTER_F = (b" ", b"\t", b"\r", b"\n", b"\x0b", b"\x0c", b"/", b">")
_LT, _COLON = ord("<"), ord(":")
#: ``f`` bytes looked at one by one, at least (a roster's sheet of 120 MB holds ~17,000).
ONE_BY_ONE = 4096
#: ... and one per this many bytes of sheet data: beyond, a sheet of many texts holding the
#: letter is searched by two C-speed scans instead, for ``:f`` and ``<f`` (~1 ns a byte,
#: where each ``f`` looked at costs ~1 us: at worst the search takes 1.5 times as long).
BYTES_PER_F = 1024


def has_formula(xml: bytes) -> bool:
    """Whether ``xml`` holds a formula element (:data:`FORMULA_START`). An element without a
    prefix is ``<f`` and one more byte; one with a prefix holds ``:f`` (the pattern then
    decides). Every ``f`` of the sheet data is found by memchr and the byte before it looked at
    (a roster's sheet holds ~17,000). No match runs across the start of ``</sheetData>``, so
    what follows it (a few conditional formats) is searched apart."""
    end = xml.rfind(b"</sheetData>")
    if end < 0:
        end = len(xml)
    if FORMULA_START.search(xml, end) is not None:
        return True
    find = xml.find
    at = find(b"f", 1, end)  # an ``f`` at 0 has no ``<`` or ``:`` before it
    for _ in range(max(ONE_BY_ONE, end // BYTES_PER_F)):
        if at < 0:
            return False
        before = xml[at - 1]
        if before == _COLON:
            return FORMULA_START.search(xml, 0, end) is not None
        if before == _LT and xml[at + 1 : at + 2] in _AFTER_F:
            return True
        at = find(b"f", at + 1, end)
    return _two_scans(xml, end)


def _two_scans(xml: bytes, end: int) -> bool:
    """:func:`has_formula` of the sheet data ``xml[:end]`` by two scans: ``:f`` anywhere lets
    the pattern decide; otherwise every ``<f`` is looked at."""
    if xml.find(b":f", 0, end) >= 0:
        return FORMULA_START.search(xml, 0, end) is not None
    at = xml.find(b"<f", 0, end)
    while at >= 0:
        if xml[at + 2 : at + 3] in _AFTER_F:
            return True
        at = xml.find(b"<f", at + 2, end)
    return False
