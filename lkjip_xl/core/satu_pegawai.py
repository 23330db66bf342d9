"""One employee at a time: the IP-ASN score of single answers, without pandas.

A worksheet function called with single cells is called once per employee, thousands of times;
``skor_pegawai`` builds frames for each call and costs milliseconds. :func:`skor_satu` gives one
row of what ``skor_pegawai`` gives, in microseconds. It holds no rule of its own: the answers
are read by ``ipasn.kode_jawaban`` with the rule set's alias tables, the points, bands, weights,
predikat SKP and the category scale are the rule set's (:class:`ipasn.AturanIpasn`), the
``Saran`` sentence is ``ipasn.kalimat_saran``, and numbers are read by ``values.parse_number``
(what ``parse_numbers`` does per cell). Only the order of the steps is written again, once per
value instead of once per column; tests/test_satu_pegawai.py holds the two paths together.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from lkjip_xl.core.ipasn import (
    ALIAS_HUKUMAN,
    ALIAS_JABATAN,
    ALIAS_PENDIDIKAN,
    ALIAS_YA_TIDAK,
    BIT,
    BLANK,
    DEFAULT_ATURAN,
    HUKUMAN,
    JABATAN,
    PENDIDIKAN,
    UNKNOWN,
    YA_TIDAK,
    AturanIpasn,
    kalimat_saran,
    kode_jawaban,
    load_aturan,
)
from lkjip_xl.core.values import Keadaan, parse_number

_YA = YA_TIDAK.index(True)
#: Codes of the texts already read, per alias table: a column holds a few distinct answers
#: ("S1", "Ya", "Tidak Pernah"), so each is normalised once, not once per employee. Only texts
#: are kept (True == 1 == 1.0 as keys) and at most so many per table.
_MEMO_MAX = 4096
_MEMO: dict[int, dict[str, int]] = {
    id(table): {} for table in (ALIAS_PENDIDIKAN, ALIAS_JABATAN, ALIAS_YA_TIDAK, ALIAS_HUKUMAN)
}


class SkorPegawai(NamedTuple):
    """One row of ``skor_pegawai``: the four dimensions, ``total``, ``kategori``, ``lengkap``,
    ``kosong`` and ``tidak_valid`` (bit masks over ``ipasn.FIELDS``) and ``saran`` (None when
    it was not asked for)."""

    kualifikasi: float
    kompetensi: float
    kinerja: float
    disiplin: float
    total: float
    kategori: str | None
    lengkap: bool
    kosong: int
    tidak_valid: int
    saran: str | None


def _angka(raw: Any) -> tuple[float, bool]:
    """(value with NaN for a blank, filled but unreadable) of one cell, as ``ipasn`` reads a
    column of numbers."""
    parsed = parse_number(raw)
    value = math.nan if parsed.value is None else parsed.value
    return value, parsed.state is Keadaan.GALAT


def _kode(raw: Any, mapping: dict[str, Any], canon: tuple[Any, ...]) -> int:
    """``ipasn.kode_jawaban``, remembered for the texts of the fixed alias tables."""
    if type(raw) is not str:
        return kode_jawaban(raw, mapping, canon)
    memo = _MEMO[id(mapping)]
    code = memo.get(raw)
    if code is None:
        code = kode_jawaban(raw, mapping, canon)
        if len(memo) < _MEMO_MAX:
            memo[raw] = code
    return code


def _poin(code: int, canon: tuple[str, ...], table: dict[str, float]) -> float:
    """Points by code; blank and unknown give 0 (as ``ipasn._points``)."""
    return table.get(canon[code], 0.0) if code >= 0 else 0.0


def skor_satu(
    pendidikan: Any = None,
    jenis_jabatan: Any = None,
    diklat_jenjang: Any = None,
    jp_diklat_teknis: Any = None,
    seminar: Any = None,
    nilai_skp: Any = None,
    hukuman_disiplin: Any = None,
    predikat_skp: Any = None,
    aturan: str | AturanIpasn = DEFAULT_ATURAN,
    *,
    saran: bool = True,
) -> SkorPegawai:
    """One employee's row of ``ipasn.skor_pegawai`` (raw cell values in, full precision out;
    the ``kategori`` is that of the full-precision total, as ``skor_pegawai`` without
    ``desimal``). With ``saran=False`` the sentence is not written (a worksheet function shows
    only the figures)."""
    rules = aturan if isinstance(aturan, AturanIpasn) else load_aturan(aturan)
    kosong = tidak_valid = 0

    def note(name: str, blank: bool, bad: bool) -> None:
        nonlocal kosong, tidak_valid
        if blank or bad:
            kosong |= BIT[name]
        if bad:
            tidak_valid |= BIT[name]

    pend = _kode(pendidikan, ALIAS_PENDIDIKAN, PENDIDIKAN)
    note("pendidikan", pend == BLANK, pend == UNKNOWN)
    kualifikasi = _poin(pend, PENDIDIKAN, rules.kualifikasi)

    jab = _kode(jenis_jabatan, ALIAS_JABATAN, JABATAN)
    note("jenis_jabatan", jab == BLANK, jab == UNKNOWN)
    dj = _kode(diklat_jenjang, ALIAS_YA_TIDAK, YA_TIDAK)
    sem = _kode(seminar, ALIAS_YA_TIDAK, YA_TIDAK)
    jp, bad_jp = _angka(jp_diklat_teknis)
    if jp < 0:
        jp, bad_jp = math.nan, True

    parts = rules.kompetensi.get(JABATAN[jab]) if jab >= 0 else None
    pts_dj = parts["diklat_jenjang"] if parts else 0.0
    pts_teknis = parts["diklat_teknis"] if parts else 0.0
    pts_seminar = parts["seminar"] if parts else 0.0
    # Diklat jenjang does not count for pelaksana: its answer is not needed there.
    needs_dj = pts_dj > 0 or jab < 0
    note("diklat_jenjang", dj == BLANK and needs_dj, dj == UNKNOWN and needs_dj)
    note("jp_diklat_teknis", math.isnan(jp) and not bad_jp, bad_jp)
    note("seminar", sem == BLANK, sem == UNKNOWN)
    has_dj, has_sem = dj == _YA, sem == _YA
    jp_ok = jp >= rules.jp_minimum
    kompetensi = (
        (pts_dj if has_dj else 0.0)
        + (pts_teknis if jp_ok else 0.0)
        + (pts_seminar if has_sem else 0.0)
    )

    skp, bad_skp = _angka(nilai_skp)
    out_of_range = skp < 0 or skp > 100
    kinerja = rules.skor_skp_satu(math.nan if out_of_range else skp)
    pred = BLANK
    if predikat_skp is not None:  # None is blank: the column of predikat is mostly empty
        canon = tuple(rules.predikat_skp)
        pred = kode_jawaban(predikat_skp, rules.kunci_predikat, canon)
        if math.isnan(kinerja) and pred >= 0:
            kinerja = rules.predikat_skp[canon[pred]]
    bad_skp = bad_skp or pred == UNKNOWN
    no_kinerja = math.isnan(kinerja)
    bad_kinerja = (bad_skp or out_of_range) and no_kinerja
    note("nilai_skp", no_kinerja and not bad_kinerja, bad_kinerja)
    if no_kinerja:
        kinerja = 0.0

    huk = _kode(hukuman_disiplin, ALIAS_HUKUMAN, HUKUMAN)
    note("hukuman_disiplin", huk == BLANK, huk == UNKNOWN)
    disiplin = _poin(huk, HUKUMAN, rules.disiplin)

    total = kualifikasi + kompetensi + kinerja + disiplin
    sentence = None
    if saran:
        sentence = kalimat_saran(
            rules,
            kosong,
            tidak_valid,
            PENDIDIKAN[pend] if pend >= 0 else None,
            JABATAN[jab] if jab >= 0 else None,
            has_dj,
            jp_ok,
            has_sem,
            kinerja,
        )
    return SkorPegawai(
        kualifikasi,
        kompetensi,
        kinerja,
        disiplin,
        total,
        rules.skala_kategori.classify_one(total),
        kosong == 0,
        kosong,
        tidak_valid,
        sentence,
    )
