"""``recompute(book)`` and ``check(book)``, written once against the :class:`Book` protocol.

Both read every input, run the core and collect every problem; recompute then writes the computed
cells (and nothing else) and a Log row with a fingerprint of the inputs, so that a later check can
tell when results are older than the inputs.
"""

from __future__ import annotations

import getpass
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import numpy as np
import pandas as pd

from lkjip_xl.core import ipasn as core_ipasn
from lkjip_xl.core.capaian import parse_triwulan
from lkjip_xl.core.kinerja import hitung_kinerja
from lkjip_xl.core.rounding import round_series
from lkjip_xl.core.sakip import AturanSakip, Komponen, evaluasi_sakip
from lkjip_xl.workbook.book import Book
from lkjip_xl.workbook.contract import TEMPLATES, SheetKind, Template
from lkjip_xl.workbook.problems import Kode, Laporan, Masalah, Tingkat
from lkjip_xl.workbook.reader import (
    StructureError,
    TabelMasukan,
    fingerprint,
    read_names,
    read_table,
)
from lkjip_xl.workbook.settings import aturan_ipasn, aturan_kinerja, describe_kinerja

TINDAKAN_HITUNG = "Hitung Ulang"
TINDAKAN_PERIKSA = "Periksa"
# Blank fields whose consequence the core's own note already states.
CORE_EXPLAINS = frozenset({"target", "realisasi", "polaritas", "pagu", "realisasi_anggaran"})


def engine_version() -> str:
    try:
        return version("lkjip_xl")
    except PackageNotFoundError:
        return "0+unknown"


def detect_template(book: Book) -> Template:
    """The template whose first data table the book holds (tblIndikator, tblPegawai)."""
    tables = set(book.table_names())
    for spec in TEMPLATES.values():
        data = [t.name for s in spec.sheets if s.kind is SheetKind.DATA for t in s.tables]
        if data and data[0] in tables:
            return spec
    raise StructureError(
        f"{book.label} bukan templat lkjip_xl (tidak ada tabel tblIndikator atau tblPegawai)."
    )


@dataclass
class Analisis:
    """What one reading of a workbook found and computed, before anything is written."""

    template: Template
    laporan: Laporan
    aturan: str
    tulis: list[Callable[[Book], None]] = field(default_factory=list)
    ada_isian: bool = True  # False when every data table is empty (a fresh template)


def _clean(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if value is pd.NA:
        return None
    return value


def _notes(*parts: Any) -> str | None:
    seen: list[str] = []
    for part in parts:
        items = part if isinstance(part, list) else [part]
        for item in items:
            if isinstance(item, str) and item and item not in seen:
                seen.append(item)
    return " ".join(seen) if seen else None


def _column_writer(table: TabelMasukan, results: pd.DataFrame) -> Callable[[Book], None]:
    """Write every computed column of ``table``: results on filled rows, blanks elsewhere."""

    def write(book: Book) -> None:
        n = len(table.data.rows)
        for column in table.spec.computed_columns:
            full = pd.Series([None] * n, dtype=object)
            if column.key in results:
                series = results[column.key]
                cleaned = series.astype(object).where(series.notna(), None)
                full.iloc[series.index.to_numpy(dtype=np.int64)] = cleaned.to_numpy()
            book.write_column(table.data, column.name, full.tolist())

    return write


def _rows_writer(name: str, template: Template, rows: list[dict[str, Any]]):
    spec = template.table(name)

    def write(book: Book) -> None:
        data = book.read_table(name)
        book.write_rows(data, [[_clean(r.get(c.key)) for c in spec.columns] for r in rows])

    return write


def _names_writer(values: dict[str, Any]):
    def write(book: Book) -> None:
        for name, value in values.items():
            book.write_name(name, _clean(value))

    return write


def analyse(book: Book) -> Analisis:
    template = detect_template(book)
    values, problems = read_names(book, template)
    if any(p.code is Kode.MISSING_NAME for p in problems):
        raise StructureError(problems[0].message)
    laporan = Laporan(template.name, book.label)
    stored = book.read_name("Versi_Template")
    if stored is not None and str(stored).strip() != template.version:
        laporan.masalah.append(
            Masalah.of(
                Kode.TEMPLATE_VERSION,
                sheet="Identitas",
                versi=stored,
                versi_mesin=template.version,
            )
        )
    if template.name == "kinerja":
        return _analyse_kinerja(book, template, values, laporan)
    return _analyse_ipasn(book, template, values, laporan)


def _analyse_kinerja(book, template, values, laporan) -> Analisis:
    aturan, problems, setting_tables = aturan_kinerja(book, template, values)
    laporan.masalah.extend(problems)
    ind = read_table(book, template.table("tblIndikator"))
    tw = read_table(book, template.table("tblTriwulan"))
    ang = read_table(book, template.table("tblAnggaran"))
    evaluasi = read_table(book, template.table("tblEvaluasiSakip"))
    tables = [ind, tw, ang, evaluasi]
    for table in tables:
        laporan.masalah.extend(table.masalah)
    laporan.fingerprint = fingerprint([*tables, *setting_tables], values)
    analisis = Analisis(template, laporan, describe_kinerja(aturan))
    analisis.ada_isian = any(not t.frame.empty for t in (ind, tw, ang))
    if any(p.tingkat is Tingkat.GALAT for p in problems):
        return analisis  # broken settings: nothing is computed from them

    tw.frame["tw_parsed"] = [parse_triwulan(v) for v in tw.frame.get("triwulan", [])]
    masalah = {
        "indikator": ind.reasons,
        "triwulan": tw.reasons,
        "anggaran": ang.reasons,
    }
    hasil = hitung_kinerja(ind.frame, tw.frame, ang.frame, aturan, masalah)

    for table, result in ((ind, hasil.indikator), (tw, hasil.triwulan), (ang, hasil.anggaran)):
        result = result.copy()
        notes = table.row_notes(CORE_EXPLAINS)
        result["catatan"] = [
            _notes(notes.get(int(row), []), note)
            for row, note in zip(result.index, result["catatan"], strict=True)
        ]
        analisis.tulis.append(_column_writer(table, result))

    sasaran_rows = [
        {
            "sasaran": r.kelompok,
            "jumlah_indikator": r.jumlah,
            "rata_rata_capaian": r.rata_rata,
            "predikat": r.predikat,
        }
        for r in hasil.sasaran.itertuples()
    ]
    analisis.tulis.append(_rows_writer("tblRingkasanSasaran", template, sasaran_rows))
    for r in hasil.sasaran.itertuples():
        if isinstance(r.dikecualikan, str):
            laporan.masalah.append(
                Masalah.of(
                    Kode.EXCLUDED, sheet="Ringkasan", sasaran=r.kelompok, alasan=r.dikecualikan
                )
            )
    ringkasan = hasil.ringkasan
    names = {
        "Rata_Capaian": ringkasan["rata_capaian"],
        "Predikat_Instansi": ringkasan["predikat_instansi"],
        "Serapan_Total": ringkasan["serapan_total"],
        "Efisiensi_Instansi": ringkasan["efisiensi_instansi"],
    }
    nilai_sakip, predikat_sakip = _sakip(evaluasi, aturan, laporan)
    names |= {"Nilai_SAKIP": nilai_sakip, "Predikat_SAKIP": predikat_sakip}
    analisis.tulis.append(_names_writer(names))
    laporan.ringkasan = {
        **{k: _clean(v) for k, v in names.items()},
        "Jumlah_Indikator": ringkasan["jumlah_indikator"],
        "Indikator_Dihitung": ringkasan["indikator_dihitung"],
    }
    return analisis


def _sakip(evaluasi: TabelMasukan, aturan, laporan: Laporan) -> tuple[float | None, str | None]:
    frame = evaluasi.frame
    if frame.empty or frame["nilai"].isna().all():
        return None, None
    rows = frame[frame["komponen"].notna()]
    rules = AturanSakip(
        name="tabel",
        version="tabel",
        title="Tabel Evaluasi",
        skala="sakip",
        komponen=tuple(
            Komponen(str(k), str(k), float(b) if not np.isnan(b) else 0.0)
            for k, b in zip(rows["komponen"], rows["bobot"], strict=True)
        ),
    )
    result = evaluasi_sakip(
        dict(zip(rows["komponen"], rows["nilai"], strict=True)),
        rules,
        aturan.desimal,
        aturan.pembulatan,
    )
    for message in result.masalah:
        laporan.masalah.append(Masalah.of(Kode.SAKIP, sheet="Evaluasi", alasan=message))
    return result.total, result.predikat


def _analyse_ipasn(book, template, values, laporan) -> Analisis:
    settings, problems = aturan_ipasn(book, template, values)
    laporan.masalah.extend(problems)
    pegawai = read_table(book, template.table("tblPegawai"))
    laporan.masalah.extend(pegawai.masalah)
    laporan.fingerprint = fingerprint([pegawai], values)
    rules = settings["aturan"]
    aturan_text = (
        f"ipasn={rules.name}@{rules.version}; data_kosong={settings['data_kosong'].value}; "
        f"desimal={settings['desimal']} {settings['pembulatan'].value}"
    )
    analisis = Analisis(template, laporan, aturan_text)
    analisis.ada_isian = not pegawai.frame.empty
    if any(p.tingkat is Tingkat.GALAT for p in problems):
        return analisis
    frame = pegawai.frame
    scores = core_ipasn.skor_pegawai(frame, rules)
    bulat = lambda s: round_series(s, settings["desimal"], settings["pembulatan"])  # noqa: E731
    notes = pegawai.row_notes()
    result = pd.DataFrame(
        {
            **{d: bulat(scores[d]) for d in core_ipasn.DIMENSI},
            "nilai_ip_asn": bulat(scores["total"]),
            "kategori": scores["kategori"],
            "saran": scores["saran"],
        },
        index=frame.index,
    )
    if notes:
        result["saran"] = [
            _notes(notes.get(int(row), []), saran)
            for row, saran in zip(result.index, result["saran"], strict=True)
        ]
    analisis.tulis.append(_column_writer(pegawai, result))
    table = core_ipasn.rekap(
        scores,
        frame["unit_kerja"] if "unit_kerja" in frame else pd.Series(dtype=object),
        frame["status"] if "status" in frame else pd.Series(dtype=object),
        data_kosong=settings["data_kosong"],
        aturan=rules,
        desimal=settings["desimal"],
        pembulatan=settings["pembulatan"],
    )
    rekap_rows = [
        {
            "unit_kerja": r.unit,
            "status": r.status,
            "jumlah_pegawai": r.jumlah,
            "data_lengkap": r.lengkap,
            **{d: getattr(r, d) for d in core_ipasn.DIMENSI},
            "nilai_ip_asn": r.total,
            "kategori": r.kategori,
        }
        for r in table.itertuples()
    ]
    analisis.tulis.append(_rows_writer("tblRekap", template, rekap_rows))
    everyone = table.iloc[-1]
    selisih = core_ipasn.selisih(
        {d: everyone[d] for d in core_ipasn.DIMENSI}, rules, settings["desimal"],
        settings["pembulatan"],
    )  # fmt: skip
    analisis.tulis.append(_rows_writer("tblSelisih", template, selisih.to_dict("records")))
    laporan.ringkasan = {
        "Jumlah_Pegawai": int(everyone["jumlah"]),
        "Data_Lengkap": int(everyone["lengkap"]),
        **{d.capitalize(): _clean(everyone[d]) for d in core_ipasn.DIMENSI},
        "Nilai_IP_ASN": _clean(everyone["total"]),
        "Kategori": everyone["kategori"],
    }
    if int(everyone["lengkap"]) < int(everyone["jumlah"]):
        missing = int(everyone["jumlah"]) - int(everyone["lengkap"])
        laporan.masalah.append(Masalah.of(Kode.INCOMPLETE_ROWS, sheet="Pegawai", jumlah=missing))
    return analisis


def _log_row(template: Template, tindakan: str, analisis: Analisis, keterangan: str) -> list:
    laporan = analisis.laporan
    user = os.environ.get("LKJIP_USER") or _user()
    values = {
        "waktu": datetime.now().replace(microsecond=0),
        "pengguna": user,
        "tindakan": tindakan,
        "versi_mesin": engine_version(),
        "aturan": analisis.aturan,
        "sidik_jari_masukan": laporan.fingerprint,
        "galat": len(laporan.galat),
        "peringatan": len(laporan.peringatan),
        "keterangan": keterangan,
    }
    return [values.get(c.key) for c in template.table("tblLog").columns]


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some services
        return "-"


def recompute(book: Book) -> Laporan:
    """Compute every figure and write the computed cells and a Log row into ``book``."""
    analisis = analyse(book)
    for write in analisis.tulis:
        write(book)
    galat = len(analisis.laporan.galat)
    keterangan = (
        "Dihitung ulang." if not galat else f"Dihitung ulang; {galat} galat, lihat Catatan/Saran."
    )
    if not analisis.tulis:
        keterangan = "Tidak dihitung: perbaiki Pengaturan dulu."
    log = book.read_table("tblLog")
    book.append_row(log, _log_row(analisis.template, TINDAKAN_HITUNG, analisis, keterangan))
    return analisis.laporan


def check(book: Book) -> Laporan:
    """Every problem of ``book``, including results older than the inputs; writes nothing."""
    analisis = analyse(book)
    laporan = analisis.laporan
    last = _last_fingerprint(book)
    if last is None:
        if analisis.ada_isian:
            laporan.masalah.append(Masalah.of(Kode.NEVER_COMPUTED, sheet="Log"))
    elif last != laporan.fingerprint:
        laporan.masalah.append(Masalah.of(Kode.STALE_RESULTS, sheet="Log"))
    return laporan


def _last_fingerprint(book: Book) -> str | None:
    log = book.read_table("tblLog")
    for row in reversed(log.rows):
        record = dict(zip(log.headers, row, strict=False))
        spec = TEMPLATES["kinerja"].table("tblLog")
        if record.get(spec.column("tindakan").name) == TINDAKAN_HITUNG:
            value = record.get(spec.column("sidik_jari_masukan").name)
            return str(value) if value is not None else None
    return None
