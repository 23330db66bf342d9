"""The computation of template ``kinerja``: capaian, efisiensi, summaries and the SAKIP total."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from lkjip_xl.core.capaian import parse_triwulan
from lkjip_xl.core.kinerja import hitung_kinerja
from lkjip_xl.core.sakip import AturanSakip, Komponen, evaluasi_sakip
from lkjip_xl.workbook.book import Book
from lkjip_xl.workbook.compute.base import Analisis, clean, join_notes, similar_names_said
from lkjip_xl.workbook.compute.laporan import plan_laporan
from lkjip_xl.workbook.contract import Template
from lkjip_xl.workbook.problems import Kode, Laporan, Masalah, Tingkat
from lkjip_xl.workbook.reader import TabelMasukan, fingerprint, read_table
from lkjip_xl.workbook.settings import aturan_kinerja, describe_kinerja

# Blank fields whose consequence the core's own note already states.
CORE_EXPLAINS = frozenset(
    {"target", "realisasi", "polaritas", "pagu", "realisasi_anggaran", "kode", "kode_indikator"}
)


def analyse(book: Book, template: Template, values: dict[str, Any], laporan: Laporan) -> Analisis:
    """Capaian of indicators and quarters, efficiency of budget lines, summaries, SAKIP."""
    aturan, problems, setting_tables = aturan_kinerja(book, template, values)
    laporan.masalah.extend(problems)
    ind = read_table(book, template.table("tblIndikator"))
    tw = read_table(book, template.table("tblTriwulan"))
    ang = read_table(book, template.table("tblAnggaran"))
    evaluasi = read_table(book, template.table("tblEvaluasiSakip"))
    riw = read_table(book, template.table("tblRiwayat"))
    tables = [ind, tw, ang, evaluasi, riw]
    for table in tables:
        laporan.masalah.extend(table.masalah)
    laporan.fingerprint = fingerprint([*tables, *setting_tables], values)
    analisis = Analisis(template, laporan, describe_kinerja(aturan))
    analisis.ada_isian = any(not t.frame.empty for t in (ind, tw, ang, riw))
    if any(p.tingkat is Tingkat.GALAT for p in problems):
        return analisis  # broken settings: nothing is computed from them
    analisis.desimal = aturan.desimal

    tw.frame["tw_parsed"] = [parse_triwulan(v) for v in tw.frame.get("triwulan", [])]
    masalah = {
        "indikator": ind.reasons,
        "triwulan": tw.reasons,
        "anggaran": ang.reasons,
        "riwayat": riw.reasons,
    }
    hasil = hitung_kinerja(
        ind.frame, tw.frame, ang.frame, aturan, masalah, riw.frame, tahun_laporan(values)
    )
    _report_core_problems(
        hasil.masalah,
        {"indikator": ind, "triwulan": tw, "anggaran": ang, "riwayat": riw},
        laporan,
    )
    laporan.masalah.extend(similar_names_said(ind, "sasaran", "sasaran"))

    for table, result in (
        (ind, hasil.indikator),
        (tw, hasil.triwulan),
        (ang, hasil.anggaran),
        (riw, hasil.riwayat),
    ):
        result = result.copy()
        notes = table.row_notes(CORE_EXPLAINS)
        result["catatan"] = [
            join_notes(notes.get(int(row), []), note)
            for row, note in zip(result.index, result["catatan"], strict=True)
        ]
        analisis.write_columns(table, result)

    # The core names its counts jumlah_indikator and indikator_dihitung already.
    sasaran = hasil.sasaran.rename(
        columns={"kelompok": "sasaran", "rata_rata": "rata_rata_capaian"}
    )
    analisis.write_rows("tblRingkasanSasaran", sasaran)
    # Each warning names the cell of the mean it speaks of: the sasaran's Rata-rata Capaian,
    # on the row it is written to (the computed table starts where the template puts it).
    ringkasan_spec = template.table("tblRingkasanSasaran")
    mean_letter = ringkasan_spec.letter("rata_rata_capaian")
    # Two columns walked together: itertuples would make a named tuple class (compiled) per run.
    for i, (kelompok, dikecualikan) in enumerate(
        zip(hasil.sasaran["kelompok"], hasil.sasaran["dikecualikan"], strict=True)
    ):
        if isinstance(dikecualikan, str):
            cell = f"{mean_letter}{ringkasan_spec.first_data_row + i}"
            laporan.masalah.append(
                Masalah.of(
                    Kode.EXCLUDED,
                    sheet=ringkasan_spec.sheet,
                    cell=cell,
                    sasaran=kelompok,
                    alasan=dikecualikan,
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
    analisis.write_names(names)
    laporan.ringkasan = {
        **{k: clean(v) for k, v in names.items()},
        "Jumlah_Indikator": ringkasan["jumlah_indikator"],
        "Indikator_Dihitung": ringkasan["indikator_dihitung"],
    }
    plan_laporan(analisis)
    return analisis


def tahun_laporan(values: dict[str, Any]) -> int | None:
    """The report's year from Identitas' ``Tahun`` (a whole number), or None: then no Riwayat
    row counts as last year's (the reader reports a Tahun that is not a year)."""
    raw = values.get("Tahun")
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        return int(raw)
    return None


def _report_core_problems(
    masalah: pd.DataFrame, tables: dict[str, TabelMasukan], laporan: Laporan
) -> None:
    """Each problem the rules found (one row of ``HasilKinerja.masalah``) as a problem of its
    cell. The core leaves out reasons that came from the reader, which has reported those cells.
    A Kode the core finds blank is an error there, and replaces the reader's warning of that
    blank cell."""
    placed: set[tuple[str, int, str]] = set()
    for p in masalah.to_dict("records"):
        table = tables[str(p["tabel"])]
        row, key = int(p["baris"]), str(p["kolom"])
        kode = Kode(str(p["kode"]))  # type: ignore[arg-type]  # the Enum lookup by value
        varian = "alasan" if kode is Kode.OUT_OF_RANGE else None
        laporan.masalah.append(table.problem_at(row, key, kode, varian=varian, alasan=p["pesan"]))
        if kode is Kode.UNKNOWN_REFERENCE:
            placed.add((table.spec.name, row, key))
    if placed:
        laporan.masalah[:] = [
            m for m in laporan.masalah
            if not (m.code is Kode.BLANK_REQUIRED and (m.table, m.row, m.field) in placed)
        ]  # fmt: skip


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
