"""Worksheet functions: ``=LKJ_CAPAIAN(B5; C5)`` in desktop Excel (xlwings add-in or the
standalone workbook), ``=LKJIP.LKJ_CAPAIAN(B5; C5)`` through the Office.js server.

Every function takes single cells or whole ranges. With ranges, the arguments are broadcast as
Excel does (a single cell goes with every cell of a range; ranges must have the same shape) and
the result is an array of that shape, computed by the vectorised core in one pass. Single cells
take the core's scalar path (:mod:`lkjip_xl.core.satu_nilai`): the same rules without building
frames, so that thousands of single-cell formulas cost what one range call costs. A blank input
gives an empty cell; an input that cannot be used (a typo, an Excel error such as ``#DIV/0!``,
a target of 0) gives a short Indonesian reason instead of a number; never a traceback. Numbers
are returned at full precision: the cell's number format rounds what is shown. A function gets
values, never formats (Office.js sends values only): a target cell showing ``75%`` holds 0.75
and is taken as 0.75, as any Excel formula takes it, where the buttons read the figure shown
(:class:`~lkjip_xl.core.persen.Persen`). Reading formats (``@xw.arg(..., "range")``) would
work on Windows only, cost a COM call per argument, and still not see a literal or a formula's
result; so functions and formulas agree, and the README says how to pass such a cell.

The functions are plain Python and work without Excel (``LKJ_CAPAIAN(75, 71.59)``). The
decorators are those of the running xlwings: classic xlwings on Windows registers them for the
VBA wrapper (``Import Functions``), and :mod:`lkjip_xl.excel.server` registers copies of them with
xlwings Server for Office.js. Descriptions and argument help live in :data:`UDFS`, once.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import xlwings as xw

from lkjip_xl.core import ipasn as core_ipasn
from lkjip_xl.core.capaian import Status, hitung_capaian, parse_metode_negatif
from lkjip_xl.core.efisiensi import MetodeEfisiensi, hitung_efisiensi, hitung_serapan
from lkjip_xl.core.predikat import load_preset
from lkjip_xl.core.satu_nilai import capaian_satu, efisiensi_satu, serapan_satu
from lkjip_xl.core.satu_pegawai import SkorPegawai, skor_satu
from lkjip_xl.core.values import Keadaan, is_blank, parse_number, parse_numbers

KATEGORI = "LKjIP"  # the category in Excel's function wizard (classic xlwings)
#: A cell's answer to a failure no rule foresaw ({}: the exception's class name). Python's own
#: text (English, sometimes a path) goes to the log: the server's log under Office.js; the
#: COM server's stderr is seen by no one, so the sentence does not send the user there.
TAK_TERDUGA = (
    "Tidak dapat dihitung: kesalahan tak terduga di lkjip_xl ({}). Periksa isian fungsi ini; "
    "bila sudah benar, laporkan ke bagian TI beserta rumus dan isiannya."
)
logger = logging.getLogger(__name__)
# Every argument is read as a 2-D block; Excel errors arrive as their text (#DIV/0!), so that an
# error stays distinguishable from a blank cell.
ARG_OPTIONS: dict[str, Any] = {"ndim": 2, "err_to_str": True}
RINCI_KOLOM = ("kualifikasi", "kompetensi", "kinerja", "disiplin", "total", "kategori")


def _missing_pyodide_fails_fast() -> None:
    """xlwings Server asks, for every cell of every argument, whether it is Pyodide's JsNull by
    trying ``from pyodide.ffi import JsNull``. Outside Pyodide each failed import searches the
    whole path again (about 0.4 ms a cell: seconds for a 10,000-row range). A package known to
    be absent is recorded as such (None in ``sys.modules``), so the import fails at once."""
    if "pyodide" not in sys.modules and importlib.util.find_spec("pyodide") is None:
        sys.modules["pyodide"] = sys.modules["pyodide.ffi"] = None  # type: ignore[assignment]


_missing_pyodide_fails_fast()


@dataclass(frozen=True)
class Udf:
    """One worksheet function: its Excel description and the help of each argument."""

    func: Callable[..., Any]
    description: str
    args: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.func.__name__


UDFS: dict[str, Udf] = {}


def terapkan(f: Callable, func: Callable, arg: Callable, spec: Udf, **func_options: Any):
    """Register ``f`` with an xlwings implementation's ``func`` / ``arg`` decorators.

    The argument decorators go first and ``func`` last, as ``@xw.func`` over ``@xw.arg`` would:
    both implementations reset ``func``'s own options whenever ``arg`` runs after it.
    """
    for name, doc in spec.args.items():
        f = arg(name, doc=doc, **ARG_OPTIONS)(f)
    return func(**func_options)(f)


def _fungsi(description: str, **bantuan: str) -> Callable[[Callable], Callable]:
    def decorate(f: Callable) -> Callable:
        f.__doc__ = description
        spec = Udf(f, description, bantuan)
        UDFS[f.__name__] = spec
        # xw.func is looked up now: classic xlwings on Windows, xlwings Server when
        # XLWINGS_ON_SERVER=true, and a no-op elsewhere (the module still imports on Linux).
        return terapkan(f, xw.func, xw.arg, spec, category=KATEGORI)

    return decorate


# --- arguments ------------------------------------------------------------------------------


class Alasan(Exception):
    """An argument that cannot be used as a whole; the message is the cell's answer."""


def _grid(value: Any) -> np.ndarray:
    """Any argument as a 2-D object array: a scalar is 1x1, a 1-D list a column."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, pd.Series | pd.DataFrame):
        value = value.to_numpy(dtype=object).tolist()
    if not isinstance(value, list | tuple):
        out = np.empty((1, 1), dtype=object)
        out[0, 0] = value
        return out
    rows = [list(r) if isinstance(r, list | tuple) else [r] for r in value]
    if not rows:
        return np.empty((0, 1), dtype=object)
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise Alasan("Rentang tidak berbentuk persegi.")
    out = np.empty((len(rows), width), dtype=object)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            out[i, j] = cell
    return out


def _broadcast(*values: Any) -> tuple[tuple[int, int], list[np.ndarray]]:
    """The arguments broadcast to one shape, each flattened in row order."""
    grids = [_grid(v) for v in values]
    try:
        shape = np.broadcast_shapes(*(g.shape for g in grids))
    except ValueError:
        sizes = ", ".join(f"{g.shape[0]}x{g.shape[1]}" for g in grids if g.size > 1)
        raise Alasan(f"Ukuran rentang tidak sepadan ({sizes}).") from None
    return shape, [np.broadcast_to(g, shape).ravel() for g in grids]


_RENTANG = object()  # what _satu answers for a range
_WADAH = (list, tuple, np.ndarray, pd.Series, pd.DataFrame)


def _satu(value: Any) -> Any:
    """The cell of a single-cell argument (a value, ``[v]`` or ``[[v]]``, as :func:`_grid`
    reads them), or ``_RENTANG`` for anything else."""
    if not isinstance(value, _WADAH):  # a plain value: by far the most frequent call
        return value
    for _ in range(2):
        if not isinstance(value, list | tuple):
            break
        if len(value) != 1:
            return _RENTANG
        value = value[0]
    if isinstance(value, np.ndarray | pd.Series | pd.DataFrame):
        return _RENTANG
    return value


def _sel(*values: Any) -> list[Any] | None:
    """The cells when every argument is a single cell, else None (the range path)."""
    cells = [_satu(v) for v in values]
    return None if any(c is _RENTANG for c in cells) else cells


def _satu_sel(value: Any, what: str) -> Any:
    cell = _satu(value)
    if cell is _RENTANG:
        grid = _grid(value)
        if grid.size != 1:
            raise Alasan(f"{what} harus satu sel, bukan rentang.")
        cell = grid[0, 0]
    return cell


def _setting(value: Any, default: str, what: str) -> str:
    """A single-cell setting (a method or scale name); blank means the default."""
    cell = _satu_sel(value, what)
    return default if is_blank(cell) else str(cell).strip()


# Settings are a handful of names, read again by every call: parsed once.
_metode_negatif = functools.lru_cache(maxsize=64)(parse_metode_negatif)
_metode_efisiensi = functools.lru_cache(maxsize=64)(MetodeEfisiensi.parse)
_skala = functools.lru_cache(maxsize=64)(load_preset)


def _optional_number(value: Any, what: str) -> float | None:
    parsed = parse_number(_satu_sel(value, what))
    if parsed.state is Keadaan.KOSONG:
        return None
    if not parsed.is_number:
        raise Alasan(f"{what}: {parsed.message}")
    return float(parsed.value)


def _numbers(raw: np.ndarray, what: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values with NaN, blank mask, reason or None per cell) of one flattened argument."""
    parsed = parse_numbers(pd.Series(raw, dtype=object))
    values = parsed["value"].to_numpy(dtype="float64")
    state = parsed["state"].to_numpy(dtype=object)
    reasons = np.array(
        [f"{what}: {m}" if s == Keadaan.GALAT.value else None
         for s, m in zip(state, parsed["message"], strict=True)],
        dtype=object,
    )  # fmt: skip
    return values, state == Keadaan.KOSONG.value, reasons


def _angka(cell: Any, what: str) -> tuple[float, bool, str | None]:
    """(value with NaN, blank, reason or None) of one cell, as :func:`_numbers` reads a range."""
    parsed = parse_number(cell)
    if parsed.state is Keadaan.ANGKA:
        return float(parsed.value), False, None
    if parsed.state is Keadaan.KOSONG:
        return math.nan, True, None
    return math.nan, False, f"{what}: {parsed.message}"


def _first_reason(*columns: np.ndarray) -> np.ndarray:
    out = np.full(len(columns[0]), None, dtype=object)
    for column in columns:
        take = (out == None) & (column != None)  # noqa: E711 - elementwise on object arrays
        out[take] = column[take]
    return out


def _answer(shape: tuple[int, int], cells: list[Any]) -> Any:
    """A scalar for a single cell, else a 2-D list of ``shape`` (row order)."""
    if shape == (1, 1):
        return cells[0]
    rows, cols = shape
    return [cells[i * cols : (i + 1) * cols] for i in range(rows)]


def _from_frame(frame: pd.DataFrame) -> list[Any]:
    """A core result (``nilai`` / ``keadaan`` / ``catatan``) as cells: the number, an empty
    cell for Belum Diisi, and the core's reason for Tidak Dapat Dihitung."""
    keadaan = frame["keadaan"].astype(object).where(frame["keadaan"].notna(), None)
    catatan = frame["catatan"].astype(object).where(frame["catatan"].notna(), None)
    values = frame["nilai"].to_numpy(dtype="float64")
    return [_jawaban(*row) for row in zip(values, keadaan, catatan, strict=True)]


def _jawaban(nilai: float, keadaan: str | None, catatan: str | None) -> Any:
    """One core result as a cell: the number, an empty cell for Belum Diisi, and the core's
    reason for Tidak Dapat Dihitung."""
    if keadaan is None and not math.isnan(nilai):
        return float(nilai)
    if keadaan == Status.BELUM_DIISI.value:
        return None
    return catatan or Status.TIDAK_DAPAT.value


def _guard(f: Callable[..., Any]) -> Callable[..., Any]:
    """Never a traceback in a cell: an unusable argument answers with its reason."""

    @functools.wraps(f)
    def run(*args: Any) -> Any:
        try:
            return f(*args)
        except Alasan as exc:
            return str(exc)
        except ValueError as exc:  # the core's Indonesian sentence for a bad setting
            return str(exc)
        except Exception as exc:  # an input no rule foresaw: a sentence, not a traceback
            logger.exception("Kesalahan tak terduga pada %s", f.__name__)
            return TAK_TERDUGA.format(type(exc).__name__)[:255]

    return run


# --- the functions --------------------------------------------------------------------------


@_fungsi(
    "Capaian kinerja (persen) dari target dan realisasi. Polaritas Positif: R/T x 100; Negatif "
    "(metode lan): (2T - R)/T x 100, paling kecil 0. Sel kosong memberi hasil kosong.",
    target="Target indikator: satu sel atau rentang.",
    realisasi="Realisasi indikator: satu sel atau rentang sebesar target.",
    polaritas="Positif (bawaan bila kosong) atau Negatif; satu sel atau rentang.",
    metode_negatif="Rumus polaritas negatif: lan (bawaan) atau invers (T/R x 100).",
    batas_atas="Opsional: batas atas capaian, misalnya 120; kosong berarti tanpa batas.",
)
def LKJ_CAPAIAN(target, realisasi, polaritas="Positif", metode_negatif="lan", batas_atas=None):
    return _capaian(target, realisasi, polaritas, metode_negatif, batas_atas)


@_guard
def _capaian(target, realisasi, polaritas, metode_negatif, batas_atas):
    metode = _metode_negatif(_setting(metode_negatif, "lan", "Metode negatif"))
    batas = _optional_number(batas_atas, "Batas atas")
    cells = _sel(target, realisasi, polaritas)
    if cells is not None:
        return _capaian_sel(cells[0], cells[1], cells[2], metode, batas)
    shape, (t_raw, r_raw, p_raw) = _broadcast(target, realisasi, polaritas)
    t, _, t_reason = _numbers(t_raw, "Target")
    r, _, r_reason = _numbers(r_raw, "Realisasi")
    pol = pd.Series(["Positif" if is_blank(p) else p for p in p_raw], dtype=object)
    frame = hitung_capaian(
        pd.Series(t),
        pd.Series(r),
        pol,
        metode_negatif=metode.value,
        batas_atas=batas,
        alasan_masukan=pd.Series(_first_reason(t_reason, r_reason), dtype=object),
    )
    return _answer(shape, _from_frame(frame))


@_fungsi(
    "Predikat dari sebuah nilai menurut skala (bawaan sakip: AA, A, BB, B, CC, C, D). "
    "Sel kosong memberi hasil kosong.",
    nilai="Nilai (misalnya capaian dalam persen): satu sel atau rentang.",
    skala="Nama skala: sakip (bawaan), berhasil, tercapai, mencapai, permendagri86, ipasn, skp, "
    "efisiensi-rasio, efisiensi-selisih.",
)
def LKJ_PREDIKAT(nilai, skala="sakip"):
    return _predikat(nilai, skala)


@_guard
def _predikat(nilai, skala):
    scale = _skala(_setting(skala, "sakip", "Skala"))
    cells = _sel(nilai)
    if cells is not None:
        value, _, reason = _angka(cells[0], "Nilai")
        return reason or scale.classify_one(value)
    shape, (raw,) = _broadcast(nilai)
    values, _, reasons = _numbers(raw, "Nilai")
    labels = scale.classify(pd.Series(values)).tolist()
    cells = [reason if reason else label for label, reason in zip(labels, reasons, strict=True)]
    return _answer(shape, cells)


@_fungsi(
    "Efisiensi dari capaian kinerja dan serapan anggaran (keduanya persen). Metode rasio "
    "(bawaan): capaian / serapan; selisih: capaian - serapan.",
    capaian_kinerja="Capaian kinerja dalam persen: satu sel atau rentang.",
    serapan_anggaran="Serapan anggaran dalam persen: satu sel atau rentang.",
    metode="rasio (bawaan) atau selisih.",
)
def LKJ_EFISIENSI(capaian_kinerja, serapan_anggaran, metode="rasio"):
    return _efisiensi(capaian_kinerja, serapan_anggaran, metode)


@_guard
def _efisiensi(capaian_kinerja, serapan_anggaran, metode):
    cara = _metode_efisiensi(_setting(metode, "rasio", "Metode"))
    cells = _sel(capaian_kinerja, serapan_anggaran)
    if cells is not None:
        return _efisiensi_sel(cells[0], cells[1], cara)
    shape, (c_raw, s_raw) = _broadcast(capaian_kinerja, serapan_anggaran)
    c, c_blank, c_reason = _numbers(c_raw, "Capaian kinerja")
    s, s_blank, s_reason = _numbers(s_raw, "Serapan anggaran")
    reason = _first_reason(c_reason, s_reason)
    frame = hitung_efisiensi(
        pd.Series(c), pd.Series(s), cara, alasan_masukan=pd.Series(reason, dtype=object)
    )
    cells = _from_frame(frame)
    # The core explains a missing input; a worksheet function leaves that cell empty.
    blank = (c_blank | s_blank) & (reason == None)  # noqa: E711
    cells = [None if b else cell for b, cell in zip(blank, cells, strict=True)]
    return _answer(shape, cells)


@_fungsi(
    "Serapan anggaran (persen): realisasi anggaran / pagu x 100. Sel kosong memberi hasil kosong.",
    pagu="Pagu anggaran (rupiah): satu sel atau rentang.",
    realisasi_anggaran="Realisasi anggaran (rupiah): satu sel atau rentang sebesar pagu.",
)
def LKJ_SERAPAN(pagu, realisasi_anggaran):
    return _serapan(pagu, realisasi_anggaran)


@_guard
def _serapan(pagu, realisasi_anggaran):
    cells = _sel(pagu, realisasi_anggaran)
    if cells is not None:
        return _serapan_sel(cells[0], cells[1])
    shape, (p_raw, r_raw) = _broadcast(pagu, realisasi_anggaran)
    p, _, p_reason = _numbers(p_raw, "Pagu")
    r, _, r_reason = _numbers(r_raw, "Realisasi anggaran")
    frame = hitung_serapan(
        pd.Series(p),
        pd.Series(r),
        alasan_masukan=pd.Series(_first_reason(p_reason, r_reason), dtype=object),
    )
    return _answer(shape, _from_frame(frame))


# --- single cells: the core's scalar path, answering as the range path does -------------------


def _capaian_sel(target: Any, realisasi: Any, polaritas: Any, metode: Any, batas: Any) -> Any:
    t, _, t_reason = _angka(target, "Target")
    r, _, r_reason = _angka(realisasi, "Realisasi")
    pol = "Positif" if is_blank(polaritas) else polaritas
    one = capaian_satu(t, r, pol, metode_negatif=metode, batas_atas=batas,
                       alasan_masukan=t_reason or r_reason)  # fmt: skip
    return _jawaban(one.nilai, one.keadaan, one.catatan)


def _efisiensi_sel(capaian_kinerja: Any, serapan_anggaran: Any, cara: Any) -> Any:
    c, c_blank, c_reason = _angka(capaian_kinerja, "Capaian kinerja")
    s, s_blank, s_reason = _angka(serapan_anggaran, "Serapan anggaran")
    reason = c_reason or s_reason
    if (c_blank or s_blank) and not reason:
        return None  # as the range path: a missing input leaves the cell empty
    one = efisiensi_satu(c, s, cara, alasan_masukan=reason)
    return _jawaban(one.nilai, one.keadaan, one.catatan)


def _serapan_sel(pagu: Any, realisasi_anggaran: Any) -> Any:
    p, _, p_reason = _angka(pagu, "Pagu")
    r, _, r_reason = _angka(realisasi_anggaran, "Realisasi anggaran")
    one = serapan_satu(p, r, alasan_masukan=p_reason or r_reason)
    return _jawaban(one.nilai, one.keadaan, one.catatan)


_IPASN_HELP = {
    "pendidikan": "Pendidikan terakhir: SD, SLTP, SLTA, D1, D2, D3, D4, S1, S2, S3.",
    "jenis_jabatan": "Jenis jabatan: Struktural, Fungsional atau Pelaksana.",
    "diklat_jenjang": "Sudah mengikuti diklat jenjang (kepemimpinan/fungsional): Ya atau Tidak.",
    "jp_diklat_teknis": "Jam pelajaran diklat teknis setahun terakhir (angka).",
    "seminar": "Mengikuti seminar/workshop dua tahun terakhir: Ya atau Tidak.",
    "nilai_skp": "Nilai SKP 0-100, atau predikat SKP (Sangat Baik, Baik, Cukup, Kurang, ...).",
    "hukuman_disiplin": "Hukuman disiplin lima tahun terakhir: Tidak Pernah, Ringan, Sedang, "
    "Berat.",
}


def _ipasn(args: tuple[Any, ...]) -> tuple[tuple[int, int], pd.DataFrame, np.ndarray, np.ndarray]:
    """(shape, scores, all-blank mask, reason or None) for one employee per broadcast cell."""
    shape, columns = _broadcast(*args)
    frame = pd.DataFrame(dict(zip(core_ipasn.FIELDS, columns, strict=True)), dtype=object)
    # A predikat typed where the SKP value goes is read as the predikat.
    skp = frame["nilai_skp"].tolist()
    as_text = [isinstance(v, str) and parse_number(v).state is Keadaan.GALAT for v in skp]
    frame["predikat_skp"] = [v if t else None for v, t in zip(skp, as_text, strict=True)]
    frame["nilai_skp"] = [None if t else v for v, t in zip(skp, as_text, strict=True)]
    scores = core_ipasn.skor_pegawai(frame)
    blank = np.logical_and.reduce([[is_blank(v) for v in column] for column in columns])
    reasons = np.full(len(frame), None, dtype=object)
    for i, bits in enumerate(scores["tidak_valid"].to_numpy()):
        if bits and not blank[i]:
            reasons[i] = _tidak_valid(int(bits))
    return shape, scores, blank, reasons


def _tidak_valid(bits: int) -> str:
    """The answer for an employee with unreadable answers (``bits`` over ``ipasn.FIELDS``)."""
    names = [core_ipasn.FIELD_LABELS[f] for f in core_ipasn.FIELDS if bits & core_ipasn.BIT[f]]
    return f"Isian tidak valid: {', '.join(names)}."


def _ipasn_sel(cells: list[Any]) -> SkorPegawai | str | None:
    """One employee's single cells by the core's scalar path (:mod:`lkjip_xl.core.satu_pegawai`),
    read as :func:`_ipasn` reads a range: None when every cell is blank, the reason when an
    answer is unreadable, else the score."""
    pend, jab, dj, jp, sem, skp, huk = cells
    # A predikat typed where the SKP value goes is read as the predikat.
    as_text = isinstance(skp, str) and parse_number(skp).state is Keadaan.GALAT
    one = skor_satu(pend, jab, dj, jp, sem, None if as_text else skp, huk,
                    predikat_skp=skp if as_text else None, saran=False)  # fmt: skip
    if all(is_blank(v) for v in cells):
        return None
    return _tidak_valid(one.tidak_valid) if one.tidak_valid else one


@_fungsi(
    "Nilai IP ASN seorang pegawai (0-100): kualifikasi + kompetensi + kinerja + disiplin "
    "(Peraturan BKN 8/2019). Data yang kosong bernilai 0 pada dimensinya.",
    **_IPASN_HELP,
)
def LKJ_IPASN(
    pendidikan,
    jenis_jabatan,
    diklat_jenjang,
    jp_diklat_teknis,
    seminar,
    nilai_skp,
    hukuman_disiplin,
):
    args = (pendidikan, jenis_jabatan, diklat_jenjang, jp_diklat_teknis, seminar, nilai_skp,
            hukuman_disiplin)  # fmt: skip
    return _ipasn_total(args)


@_guard
def _ipasn_total(args):
    cells = _sel(*args)
    if cells is not None:
        one = _ipasn_sel(cells)
        return one.total if isinstance(one, SkorPegawai) else one
    shape, scores, blank, reasons = _ipasn(args)
    cells = [
        None if b else (reason or float(total))
        for total, b, reason in zip(scores["total"], blank, reasons, strict=True)
    ]
    return _answer(shape, cells)


@_fungsi(
    "Rincian IP ASN, satu baris per pegawai: kualifikasi, kompetensi, kinerja, disiplin, "
    "total, kategori. Argumen sama dengan LKJ_IPASN.",
    **_IPASN_HELP,
)
def LKJ_IPASN_RINCI(
    pendidikan,
    jenis_jabatan,
    diklat_jenjang,
    jp_diklat_teknis,
    seminar,
    nilai_skp,
    hukuman_disiplin,
):
    args = (pendidikan, jenis_jabatan, diklat_jenjang, jp_diklat_teknis, seminar, nilai_skp,
            hukuman_disiplin)  # fmt: skip
    return _ipasn_rinci(args)


@_guard
def _ipasn_rinci(args):
    width = len(RINCI_KOLOM)
    cells = _sel(*args)
    if cells is not None:
        one = _ipasn_sel(cells)
        if isinstance(one, SkorPegawai):
            return [[getattr(one, column) for column in RINCI_KOLOM]]
        return [[one] + [None] * (width - 1)]
    _, scores, blank, reasons = _ipasn(args)
    rows: list[list[Any]] = []
    for i, record in enumerate(scores[list(RINCI_KOLOM)].itertuples(index=False)):
        if blank[i]:
            rows.append([None] * width)
        elif reasons[i]:
            rows.append([reasons[i]] + [None] * (width - 1))
        else:
            rows.append([float(v) for v in record[:-1]] + [record[-1]])
    return rows


__all__ = ["UDFS", *sorted(UDFS)]
