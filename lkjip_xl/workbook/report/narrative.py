"""The report's prose, from the figures alone: a paragraph per indicator, the IP-ASN text.

Every figure arrives as the workbook shows it (``"95,45"``); a blank or a figure that cannot be
computed arrives as ``None`` (or the report's dash) and is written as an explicit phrase, never as
0. Nothing here computes a figure: the sentences only put the shown figures into words, so the
text cannot drift from the tables beside it. The staff's own analysis (Faktor Pendorong, Faktor
Penghambat, Tindak Lanjut) follows each generated paragraph as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = [
    "DASH",
    "IndicatorFigures",
    "IpasnFigures",
    "ProgramFigures",
    "UnitFigures",
    "indicator_paragraphs",
    "ipasn_paragraphs",
    "shown",
]

#: What the report prints for a blank or a figure that cannot be computed.
DASH = "–"
_MISSING = {"", "-", DASH, "—"}


def shown(text: str | None) -> str | None:
    """The figure as shown, or None when the cell shows nothing (a dash or a blank)."""
    if text is None:
        return None
    text = str(text).strip()
    return None if text in _MISSING else text


@dataclass(frozen=True)
class ProgramFigures:
    """One line of tblAnggaran supporting an indicator, as the workbook shows it."""

    nama: str | None
    serapan: str | None = None
    efisiensi: str | None = None
    kategori: str | None = None


@dataclass(frozen=True)
class IndicatorFigures:
    """One indicator's shown figures and the staff's analysis (every field as the cell shows it)."""

    kode: str
    indikator: str | None
    satuan: str | None = None
    target: str | None = None
    realisasi: str | None = None
    capaian: str | None = None
    predikat: str | None = None
    status: str | None = None
    catatan: str | None = None
    realisasi_tahun_lalu: str | None = None
    perubahan: str | None = None
    perubahan_persen: str | None = None
    arah: str | None = None
    kecenderungan: str | None = None
    target_renstra: str | None = None
    capaian_renstra: str | None = None
    programs: tuple[ProgramFigures, ...] = ()
    faktor_pendorong: str | None = None
    faktor_penghambat: str | None = None
    tindak_lanjut: str | None = None


def _with_unit(value: str, satuan: str | None) -> str:
    unit = shown(satuan)
    if unit is None:
        return value
    return f"{value}{unit}" if unit == "%" else f"{value} {unit}"


def _unsigned(value: str) -> str:
    # The direction word carries the sign ("menurun 2,50 poin"), so the figure is written bare.
    return value[1:] if value[:1] in "-−" else value


def _capaian_sentence(f: IndicatorFigures) -> str:
    name = shown(f.indikator) or "tanpa nama"
    target, realisasi = shown(f.target), shown(f.realisasi)
    parts = [
        f"target {_with_unit(target, f.satuan)}" if target else "target belum diisi",
        f"realisasi {_with_unit(realisasi, f.satuan)}" if realisasi else "realisasi belum diisi",
    ]
    opening = f"Indikator {f.kode} ({name}) memiliki {parts[0]} dan {parts[1]}."
    capaian = shown(f.capaian)
    if capaian is None:
        status = shown(f.status)
        reason = shown(f.catatan)
        why = f" ({reason.rstrip('.')})" if reason else ""
        state = (
            "belum dapat dihitung" if status in (None, "Belum Diisi") else "tidak dapat dihitung"
        )
        return f"{opening} Capaian kinerjanya {state}{why}."
    predikat, status = shown(f.predikat), shown(f.status)
    tail = f" dengan predikat {predikat}" if predikat else ""
    status_text = f" ({status.lower()})" if status else ""
    return f"{opening} Capaian kinerjanya {capaian}%{tail}{status_text}."


def _change_sentence(f: IndicatorFigures) -> str:
    lalu = shown(f.realisasi_tahun_lalu)
    if lalu is None:
        return "Realisasi tahun lalu belum diisi, sehingga perubahan tidak dapat dihitung."
    poin, persen, arah = shown(f.perubahan), shown(f.perubahan_persen), shown(f.arah)
    base = f"Dibandingkan realisasi tahun lalu ({_with_unit(lalu, f.satuan)}), realisasi"
    if poin is None or arah is None:
        return f"{base} tahun ini belum dapat dibandingkan."
    if arah.lower() == "tetap":
        sentence = f"{base} tetap"
    else:
        amount = f"{_unsigned(poin)} poin"
        if persen is not None:
            amount += f" ({_unsigned(persen)}%)"
        else:
            amount += " (persentase perubahan tidak dapat dihitung karena realisasi tahun lalu 0)"
        sentence = f"{base} {arah.lower()} {amount}"
    trend = shown(f.kecenderungan)
    if trend and trend.lower() != "tetap":
        sentence += f"; kinerja {trend.lower()}"
    return sentence + "."


def _renstra_sentence(f: IndicatorFigures) -> str:
    target = shown(f.target_renstra)
    if target is None:
        return "Target akhir Renstra belum diisi."
    capaian = shown(f.capaian_renstra)
    if capaian is None:
        return (
            f"Terhadap target akhir Renstra ({_with_unit(target, f.satuan)}) capaiannya "
            "belum dapat dihitung."
        )
    return (
        f"Terhadap target akhir Renstra ({_with_unit(target, f.satuan)}) capaiannya sampai "
        f"tahun ini {capaian}%."
    )


def _program_sentence(f: IndicatorFigures) -> str:
    if not f.programs:
        return "Belum ada program atau kegiatan di lembar Anggaran yang mendukung indikator ini."
    parts = []
    for p in f.programs:
        name = shown(p.nama) or "tanpa nama"
        serapan, efisiensi, kategori = shown(p.serapan), shown(p.efisiensi), shown(p.kategori)
        text = f"{name} (serapan anggaran {serapan}%" if serapan else f"{name} (serapan belum ada"
        if efisiensi:
            text += f", efisiensi {efisiensi}" + (f", {kategori.lower()}" if kategori else "")
        else:
            text += ", efisiensi tidak dapat dihitung"
        parts.append(text + ")")
    lead = "Program pendukungnya" if len(parts) == 1 else "Program dan kegiatan pendukungnya"
    return f"{lead}: {'; '.join(parts)}."


def indicator_paragraphs(figures: IndicatorFigures) -> tuple[str, ...]:
    """The generated paragraph of one indicator, then the staff's analysis paragraphs as typed."""
    generated = " ".join(
        (
            _capaian_sentence(figures),
            _change_sentence(figures),
            _renstra_sentence(figures),
            _program_sentence(figures),
        )
    )
    analysis = (
        ("Faktor pendorong", figures.faktor_pendorong),
        ("Faktor penghambat", figures.faktor_penghambat),
        ("Tindak lanjut", figures.tindak_lanjut),
    )
    staff = tuple(f"{label}: {text}" for label, raw in analysis if (text := shown(raw)))
    if not staff:
        staff = ("Analisis faktor pendorong, penghambat, dan tindak lanjut belum diisi.",)
    return (generated, *staff)


@dataclass(frozen=True)
class UnitFigures:
    """One row of tblRekap as shown: a unit (or a total) and one status."""

    unit: str
    status: str
    jumlah: str | None
    nilai: str | None
    kategori: str | None


@dataclass(frozen=True)
class IpasnFigures:
    """The shown figures the IP-ASN section speaks of."""

    jumlah_pegawai: str | None
    data_lengkap: str | None
    nilai: str | None
    kategori: str | None
    #: (Dimensi, Bobot, Skor, Selisih) as tblSelisih shows them
    dimensi: tuple[tuple[str, str | None, str | None, str | None], ...] = ()
    #: the SELURUH-per-status and per-unit rows of tblRekap
    units: tuple[UnitFigures, ...] = ()
    #: (Kategori, number of employees) in the order of the scale
    kategori_counts: tuple[tuple[str, int], ...] = ()
    #: (Saran, number of employees), most common first
    saran: tuple[tuple[str, int], ...] = field(default=())


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _ipasn_overall(f: IpasnFigures) -> str:
    nilai, jumlah = shown(f.nilai), shown(f.jumlah_pegawai)
    who = f"{jumlah} pegawai" if jumlah else "pegawai"
    complete = shown(f.data_lengkap)
    coverage = f" ({complete} di antaranya dengan data lengkap)" if complete else ""
    if nilai is None:
        return f"Nilai IP ASN seluruh {who}{coverage} belum dapat dihitung."
    kategori = shown(f.kategori)
    tail = f", kategori {kategori}" if kategori else ""
    return f"Nilai IP ASN seluruh {who}{coverage} adalah {nilai}{tail}."


def _ipasn_dimensions(f: IpasnFigures) -> str | None:
    parts = []
    for name, bobot, skor, selisih in f.dimensi:
        if shown(skor) is None:
            parts.append(f"{name} belum dapat dihitung")
            continue
        text = f"{name} {skor} dari {bobot}" if shown(bobot) else f"{name} {skor}"
        if shown(selisih):
            text += f" (selisih {selisih})"
        parts.append(text)
    if not parts:
        return None
    gaps = [(d[0], d[3]) for d in f.dimensi if shown(d[3])]
    sentence = f"Per dimensi: {'; '.join(parts)}."
    if gaps:
        widest = max(gaps, key=lambda g: float(str(g[1]).replace(".", "").replace(",", ".")))
        sentence += f" Ruang perbaikan terbesar ada pada dimensi {widest[0]} (selisih {widest[1]})."
    return sentence


def _ipasn_units(f: IpasnFigures) -> str | None:
    rated = [u for u in f.units if shown(u.nilai)]
    if not rated:
        return None
    parts = [
        f"{u.unit} ({u.status}) {u.nilai}" + (f", {u.kategori}" if shown(u.kategori) else "")
        for u in rated
    ]
    return f"Menurut unit kerja dan status: {'; '.join(parts)}."


def _ipasn_categories(f: IpasnFigures) -> str | None:
    if not f.kategori_counts:
        return None
    parts = [f"{label} {_count(n)} pegawai" for label, n in f.kategori_counts]
    return f"Sebaran kategori: {'; '.join(parts)}."


def _ipasn_saran(f: IpasnFigures, limit: int = 3) -> str:
    if not f.saran:
        return "Tidak ada saran perbaikan data atau pengembangan pegawai."
    parts = [f"“{text}” ({_count(n)} pegawai)" for text, n in f.saran[:limit]]
    return f"Saran yang paling sering: {'; '.join(parts)}."


def ipasn_paragraphs(figures: IpasnFigures) -> tuple[str, ...]:
    """The IP-ASN section's paragraphs: overall, per dimension, per unit, categories, Saran."""
    found: Sequence[str | None] = (
        _ipasn_overall(figures),
        _ipasn_dimensions(figures),
        _ipasn_units(figures),
        _ipasn_categories(figures),
        _ipasn_saran(figures),
    )
    return tuple(p for p in found if p)
