"""The computation of template ``ipasn``: every employee's IP-ASN, the recap and the gaps."""

from __future__ import annotations

from typing import Any

import pandas as pd

from lkjip_xl.core import ipasn as core_ipasn
from lkjip_xl.core.ipasn_skp import skp_tidak_sejalan
from lkjip_xl.core.rounding import round_series
from lkjip_xl.workbook.book import Book
from lkjip_xl.workbook.compute.base import Analisis, clean, join_notes, similar_names_said
from lkjip_xl.workbook.compute.laporan import plan_laporan
from lkjip_xl.workbook.contract import Template
from lkjip_xl.workbook.problems import Kode, Laporan, Masalah, Tingkat
from lkjip_xl.workbook.reader import fingerprint, read_table
from lkjip_xl.workbook.settings import aturan_ipasn


def input_fingerprint(book: Book, template: Template, values: dict[str, Any]) -> str:
    """The fingerprint :func:`analyse` gives ``book``'s inputs, without computing anything: a
    distribution stamps its master's (``tests/test_exchange_distribute_exact.py`` compares)."""
    return fingerprint([read_table(book, template.table("tblPegawai"))], values)


def analyse(book: Book, template: Template, values: dict[str, Any], laporan: Laporan) -> Analisis:
    """The IP-ASN of every employee, its recap per unit and status, and the gaps per dimension."""
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
    analisis.desimal = settings["desimal"]
    frame = pegawai.frame
    # An input the reader refused (an SKP of 110, "1.234", a date for hours) is in the frame as
    # a blank; its reason tells the core it was filled but cannot be computed.
    skp = core_ipasn.baca_skp(frame, rules)  # read once, for the score and the warning
    scores = core_ipasn.skor_pegawai(
        frame,
        rules,
        desimal=settings["desimal"],
        pembulatan=settings["pembulatan"],
        alasan=pegawai.reasons,
        skp=skp,
    )
    # Both SKP inputs typed and telling different things: the score took the Nilai SKP.
    differ = skp_tidak_sejalan(frame, rules, skp=skp).dropna()
    for row, said in zip(differ.index.tolist(), differ.tolist(), strict=True):
        laporan.masalah.append(
            pegawai.problem_at(row, "predikat_skp", Kode.SKP_MISMATCH, alasan=said)
        )
    bulat = lambda s: round_series(s, settings["desimal"], settings["pembulatan"])  # noqa: E731
    # The score's advice names a blank input it needs (Lengkapi data: Jenis Jabatan).
    notes = pegawai.row_notes(frozenset(core_ipasn.FIELDS))
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
            join_notes(notes.get(int(row), []), saran)
            for row, saran in zip(result.index, result["saran"], strict=True)
        ]
    analisis.write_columns(pegawai, result)
    table = core_ipasn.rekap(
        scores,
        frame["unit_kerja"] if "unit_kerja" in frame else pd.Series(dtype=object),
        frame["status"] if "status" in frame else pd.Series(dtype=object),
        data_kosong=settings["data_kosong"],
        aturan=rules,
        desimal=settings["desimal"],
        pembulatan=settings["pembulatan"],
    )
    rekap = table.rename(
        columns={
            "unit": "unit_kerja",
            "jumlah": "jumlah_pegawai",
            "lengkap": "data_lengkap",
            "total": "nilai_ip_asn",
        }
    )
    analisis.write_rows("tblRekap", rekap)
    laporan.masalah.extend(similar_names_said(pegawai, "unit_kerja", "unit"))
    everyone = table.iloc[-1]
    selisih = core_ipasn.selisih(
        {d: everyone[d] for d in core_ipasn.DIMENSI}, rules, settings["desimal"],
        settings["pembulatan"],
    )  # fmt: skip
    analisis.write_rows("tblSelisih", selisih)
    laporan.ringkasan = {
        "Jumlah_Pegawai": int(everyone["jumlah"]),
        "Data_Lengkap": int(everyone["lengkap"]),
        **{d.capitalize(): clean(everyone[d]) for d in core_ipasn.DIMENSI},
        "Nilai_IP_ASN": clean(everyone["total"]),
        "Kategori": everyone["kategori"],
    }
    if int(everyone["lengkap"]) < int(everyone["jumlah"]):
        missing = int(everyone["jumlah"]) - int(everyone["lengkap"])
        laporan.masalah.append(Masalah.of(Kode.INCOMPLETE_ROWS, sheet="Pegawai", jumlah=missing))
    plan_laporan(analisis)
    return analisis
