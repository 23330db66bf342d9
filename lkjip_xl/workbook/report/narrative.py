"""The report's prose, from the figures alone: a paragraph per indicator, the IP-ASN text.

Every figure arrives as the workbook shows it (``"95,45"``); a blank or a figure that cannot be
computed arrives as ``None`` (or the report's dash) and is written as an explicit phrase, never as
0. Nothing here computes a figure: the sentences only put the shown figures into words, so the
text cannot drift from the tables beside it. The staff's own analysis (Faktor Pendorong, Faktor
Penghambat, Tindak Lanjut) follows each generated paragraph as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from lkjip_xl.core.ipasn import SELURUH, DataKosong, baris_jumlah
from lkjip_xl.core.problems import ribuan
from lkjip_xl.workbook.report.cells import LIMITED, NEGATIVE, derived
from lkjip_xl.workbook.report.elements import Report, ReportChart, ReportTable
from lkjip_xl.workbook.report.kinerja_data import KinerjaData
from lkjip_xl.workbook.report.shown import DASH, with_places
from lkjip_xl.workbook.report.source import Record

__all__ = [
    "ANALYSIS_LABELS",
    "DASH",
    "SELURUH",
    "IndicatorFigures",
    "IpasnFigures",
    "ProgramFigures",
    "UnitFigures",
    "indicator_paragraphs",
    "ipasn_figures",
    "ipasn_paragraphs",
    "kinerja_paragraphs",
    "shown",
    "with_ipasn_text",
]

#: the labels of the staff's analysis paragraphs, in the order of tblIndikator's columns
ANALYSIS_LABELS = ("Faktor pendorong", "Faktor penghambat", "Tindak lanjut")
#: more supporting programs than this are summarised, not named one by one
MAX_PROGRAMS_NAMED = 3
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
    catatan: str | None = None


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
    #: the Agregasi of an indicator whose blank Realisasi the engine derived from its quarters
    agregasi: str | None = None


_PREFIX_UNITS = {"rp", "rp."}


def _with_unit(value: str, satuan: str | None) -> str:
    unit = shown(satuan)
    if unit is None:
        return value
    # Staff type the unit into the figure too ("100%", "Rp 245.000.000"): said once.
    folded, unit_folded = value.casefold(), unit.casefold()
    if not _is_figure(value) and (folded.startswith(unit_folded) or folded.endswith(unit_folded)):
        return value
    if unit == "%":
        return f"{value}{unit}"
    # Rupiah is written before the amount, as the budget tables print it.
    return f"{unit} {value}" if unit.casefold() in _PREFIX_UNITS else f"{value} {unit}"


def _realisasi_phrase(f: IndicatorFigures) -> str:
    realisasi, agregasi = shown(f.realisasi), shown(f.agregasi)
    if realisasi and agregasi:
        return (
            f"realisasi {_with_unit(realisasi, f.satuan)} yang diturunkan dari realisasi "
            f"triwulan ({agregasi})"
        )
    if realisasi:
        return f"realisasi {_with_unit(realisasi, f.satuan)}"
    if agregasi and shown(f.capaian):
        return f"realisasi tahunan diturunkan dari realisasi triwulan ({agregasi})"
    return _unfilled("realisasi", f.catatan)


def _unfilled(label: str, catatan: str | None) -> str:
    """A figure without a value: not filled in, or filled with what cannot be read (its
    problem note starts with its column's name, "Realisasi: Teks '1.234' bermakna ganda")."""
    if any(n.casefold().startswith(f"{label}:") for n in _notes(catatan)):
        return f"{label} yang diisi tidak dapat dibaca sebagai angka"
    return f"{label} belum diisi"


def _unsigned(value: str) -> str:
    # The direction word carries the sign ("menurun 2,50 poin"), so the figure is written bare.
    return value[1:] if value[:1] in "-−" else value


# Catatan joins the notes of every figure of the row; the notes of these figures are said in
# their own sentences, and would pass for the reason the capaian is missing.
_OTHER_FIGURES = ("perubahan", "target akhir renstra", "target nasional", "realisasi tahun lalu")
_SENTENCE_END = re.compile(r"(?<=\.)\s+")


def _notes(catatan: str | None) -> list[str]:
    """The sentences of a Catatan, each without its trailing stop."""
    return [s.rstrip(".") for s in _SENTENCE_END.split(shown(catatan) or "")]


def _capaian_reason(catatan: str | None) -> str | None:
    """The notes of Catatan that say why the capaian is missing."""
    own = [s for s in _notes(catatan) if s and not s.casefold().startswith(_OTHER_FIGURES)]
    return "; ".join(own) or None


def _opening(who: str, parts: list[str]) -> str:
    """What the indicator has, then what it lacks: "memiliki target belum diisi" says it
    has what it has not."""
    missing = [p for p in parts if p.endswith(("belum diisi", "tidak dapat dibaca sebagai angka"))]
    present = [p for p in parts if p not in missing]
    if not missing:
        return f"{who[0].upper()}{who[1:]} memiliki {' dan '.join(present)}."
    if not present:
        if all(p.endswith("belum diisi") for p in missing):
            return f"{who[0].upper()}{who[1:]}: target dan realisasi belum diisi."
        return f"{who[0].upper()}{who[1:]}: {'; '.join(missing)}."
    return f"{who[0].upper()}{who[1:]} memiliki {present[0]}, sedangkan {missing[0]}."


def _capaian_sentence(f: IndicatorFigures) -> str:
    name = shown(f.indikator) or "tanpa nama"
    target = shown(f.target)
    parts = [
        f"target {_with_unit(target, f.satuan)}" if target else _unfilled("target", f.catatan),
        _realisasi_phrase(f),
    ]
    opening = _opening(f"indikator {f.kode} ({name})", parts)
    capaian = shown(f.capaian)
    if capaian is None:
        status = shown(f.status)
        reason = _capaian_reason(f.catatan)
        why = f" ({reason})" if reason else ""
        state = (
            "belum dapat dihitung" if status in (None, "Belum Diisi") else "tidak dapat dihitung"
        )
        return f"{opening} Capaian kinerjanya {state}{why}."
    predikat, status = shown(f.predikat), shown(f.status)
    tail = f" dengan predikat {predikat}" if predikat else ""
    status_text = f" ({status.lower()})" if status else ""
    return f"{opening} Capaian kinerjanya {capaian}%{tail}{status_text}.{_how_computed(f)}"


def _how_computed(f: IndicatorFigures) -> str:
    """The sentences a reader needs to check the capaian against the target and realisasi:
    a Negatif indicator's formula, and a result the settings limited."""
    catatan = shown(f.catatan) or ""
    said = ""
    if m := NEGATIVE.search(catatan):
        said += (
            " Indikator ini berpolaritas negatif (makin rendah realisasi, makin baik), "
            f"sehingga {m['formula']}."
        )
    if m := LIMITED.search(catatan):
        why = f" sesuai pengaturan {m['why']}" if m["why"] else ""
        # the limit is the capaian shown, at its places (the note writes the setting at two)
        raw = with_places(m["raw"], str(f.capaian))
        said += f" Hasil perhitungannya {raw}%, dibatasi menjadi {f.capaian}%{why}."
    return said


# Units whose change is counted in points: a change of a percentage is percentage points, of an
# index or a score its points. A change of an amount in rupiah, of cases or of a rate per
# 100.000 is counted in that unit ("Rp 750.000.000,00", "19,75 per 100.000 penduduk").
_POINT_UNITS = {"%", "persen", "poin", "indeks", "nilai", "skor", "angka"}


def _change_amount(figure: str, satuan: str | None) -> str:
    unit = shown(satuan)
    if unit is None or unit.casefold() in _POINT_UNITS or unit.casefold().startswith("persen"):
        return f"{figure} poin"
    return _with_unit(figure, unit)


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
        amount = _change_amount(_unsigned(poin), f.satuan)
        if persen is not None:
            amount += f" ({_unsigned(persen)}%)"
        else:
            base_is = "negatif" if lalu.startswith(("-", "\u2212")) else "0"
            amount += (
                " (persentase perubahan tidak dapat dihitung karena realisasi tahun lalu "
                f"{base_is})"
            )
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
        # A Renstra target of 0 or below cannot give a capaian: "belum" would say it is
        # only waiting for data.
        own = [s for s in _notes(f.catatan) if s.casefold().startswith("target akhir renstra")]
        state = "tidak dapat dihitung" if any("tidak" in s for s in own) else "belum dapat dihitung"
        why = f" ({'; '.join(own)})" if own else ""
        return (
            f"Terhadap target akhir Renstra ({_with_unit(target, f.satuan)}) capaiannya "
            f"{state}{why}."
        )
    return (
        f"Terhadap target akhir Renstra ({_with_unit(target, f.satuan)}) capaiannya sampai "
        f"tahun ini {capaian}%."
    )


def _program_sentence(f: IndicatorFigures) -> str:
    if not f.programs:
        return "Belum ada program atau kegiatan di lembar Anggaran yang mendukung indikator ini."
    if len(f.programs) > MAX_PROGRAMS_NAMED:
        return _programs_summary(f.programs)
    parts = []
    for p in f.programs:
        name = shown(p.nama) or "tanpa nama"
        serapan, efisiensi, kategori = shown(p.serapan), shown(p.efisiensi), shown(p.kategori)
        text = f"{name} (" + (f"serapan anggaran {serapan}%" if serapan else _no_serapan(p))
        if efisiensi:
            text += f", efisiensi {efisiensi}" + (f", {kategori.lower()}" if kategori else "")
        else:
            text += ", efisiensi tidak dapat dihitung"
        parts.append(text + ")")
    lead = "Program pendukungnya" if len(parts) == 1 else "Program dan kegiatan pendukungnya"
    return f"{lead}: {'; '.join(parts)}."


def _no_serapan(p: ProgramFigures) -> str:
    """Why a line shows no serapan, from its own notes: an amount that gives none (a pagu of
    0), an amount its cell's problem rules out, or data not filled in yet. "Belum ada" alone
    said a pagu of 0 only waits for data."""
    for note in _notes(p.catatan):
        head, colon, _ = note.partition(":")
        folded = head.casefold()
        if not colon:
            continue
        if folded.startswith(("pagu bernilai", "realisasi anggaran bernilai")):
            return f"serapan tidak dapat dihitung karena {head[0].lower()}{head[1:]}"
        if folded in ("pagu", "realisasi anggaran"):
            return f"serapan tidak dapat dihitung karena isian {head} tidak valid"
    return "serapan belum ada"


def _span(figures: list[str], unit: str = "") -> str:
    """The lowest and the highest of shown figures, as shown ("93,81% sampai 100,00%")."""
    ranked = sorted(figures, key=_value)
    low, high = ranked[0] + unit, ranked[-1] + unit
    return low if low == high else f"{low} sampai {high}"


def _programs_summary(programs: tuple[ProgramFigures, ...]) -> str:
    """Many supporting lines in one sentence: their count, the spans of their shown serapan
    and efisiensi, and how many fall in each efficiency category (the table lists each)."""
    serapan = [t for p in programs if (t := shown(p.serapan)) and _is_figure(t)]
    efisiensi = [t for p in programs if (t := shown(p.efisiensi)) and _is_figure(t)]
    sentence = f"Indikator ini didukung {ribuan(len(programs))} program dan kegiatan"
    parts = []
    if serapan:
        parts.append(f"serapan anggaran {_span(serapan, '%')}")
    if efisiensi:
        parts.append(f"efisiensi {_span(efisiensi)}")
    if parts:
        sentence += f" dengan {' dan '.join(parts)}"
    categories: dict[str, int] = {}
    uncomputed = 0
    for p in programs:
        if shown(p.efisiensi) is None:
            uncomputed += 1
            continue
        label = shown(p.kategori) or "tanpa kategori"
        categories[label] = categories.get(label, 0) + 1
    counted = [f"{ribuan(n)} {label.lower()}" for label, n in categories.items()]
    if uncomputed:
        # A line without efisiensi has no category: "tanpa kategori" would hide why.
        whose = "lainnya" if counted else "program dan kegiatan itu"
        counted.append(f"efisiensi {ribuan(uncomputed)} {whose} tidak dapat dihitung")
    return f"{sentence} ({'; '.join(counted)})."


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
    typed = (figures.faktor_pendorong, figures.faktor_penghambat, figures.tindak_lanjut)
    analysis = tuple(zip(ANALYSIS_LABELS, typed, strict=True))
    staff = tuple(f"{label}: {text}" for label, raw in analysis if (text := shown(raw)))
    if not staff:
        staff = ("Analisis faktor pendorong, penghambat, dan tindak lanjut belum diisi.",)
    return (generated, *staff)


@dataclass(frozen=True)
class UnitFigures:
    """One row of tblRekap as shown: a unit (or SELURUH) and one status."""

    unit: str
    status: str
    jumlah: str | None
    nilai: str | None
    kategori: str | None
    lengkap: str | None = None  # employees whose data is complete (Data Lengkap)


@dataclass(frozen=True)
class IpasnFigures:
    """The shown figures the IP-ASN section speaks of (counts as shown: ``"1.234"``)."""

    #: (Dimensi, Bobot, Skor, Selisih) as tblSelisih shows them
    dimensi: tuple[tuple[str, str | None, str | None, str | None], ...] = ()
    #: the rows of tblRekap; those of unit SELURUH are the totals per status and overall
    units: tuple[UnitFigures, ...] = ()
    #: (Kategori, number of employees, percent) in the order of the scale
    kategori: tuple[tuple[str, str | None, str | None], ...] = ()
    #: (Saran, number of employees), most common first
    saran: tuple[tuple[str, str | None], ...] = ()
    #: who the means are of (the workbook's Data_Kosong); None when unknown
    data_kosong: DataKosong | None = None


def _is_figure(text: str) -> bool:
    return re.fullmatch(r"-?[\d.]+(,\d+)?", text) is not None


def _value(text: str) -> float:
    """A shown Indonesian figure as a number, only to rank shown figures against each other."""
    return float(text.replace(".", "").replace(",", "."))


def _incomplete(u: UnitFigures) -> int | None:
    """Employees of the row whose data is not complete, when both counts are shown."""
    jumlah, lengkap = shown(u.jumlah), shown(u.lengkap)
    if not (jumlah and lengkap and _is_figure(jumlah) and _is_figure(lengkap)):
        return None
    return int(_value(jumlah)) - int(_value(lengkap))


def _overall(f: IpasnFigures) -> str:
    totals = [u for u in f.units if baris_jumlah(u.unit, u.status)]
    whole = next((u for u in totals if u.unit == SELURUH), None)
    if whole is None or shown(whole.nilai) is None:
        return "Nilai IP ASN seluruh pegawai belum dapat dihitung."
    kategori = f", kategori {whole.kategori}" if shown(whole.kategori) else ""
    # Under Kecualikan the means are of the employees whose data is complete: the sentence
    # must not call them the mean of everyone.
    excluded = f.data_kosong is DataKosong.KECUALIKAN
    incomplete = _incomplete(whole)
    if excluded and incomplete:
        sentence = (
            f"Nilai IP ASN seluruh pegawai adalah {whole.nilai}{kategori}, rata-rata "
            f"{whole.lengkap} pegawai yang datanya lengkap; {ribuan(incomplete)} dari "
            f"{whole.jumlah} pegawai tidak ikut dirata-ratakan karena datanya belum lengkap."
        )
    elif excluded and incomplete is None:
        # How many were left out is not shown: the mean is not said to be of all of them.
        sentence = (
            f"Nilai IP ASN seluruh pegawai adalah {whole.nilai}{kategori}, rata-rata pegawai "
            "yang datanya lengkap."
        )
    else:
        who = f"{whole.jumlah} pegawai" if shown(whole.jumlah) else "pegawai"
        sentence = f"Nilai IP ASN seluruh {who} adalah {whole.nilai}{kategori}."
        if incomplete and f.data_kosong is DataKosong.NOL:
            sentence += (
                f" Data {ribuan(incomplete)} pegawai belum lengkap; bagian yang kosong dihitung 0."
            )
    per_status = [u for u in totals if u is not whole and shown(u.nilai)]
    if len(per_status) > 1:
        parts = []
        for u in per_status:
            left_out = _incomplete(u)
            if excluded and left_out:
                parts.append(f"{u.status} {u.nilai} ({u.lengkap} dari {u.jumlah} pegawai)")
            elif excluded and left_out is None:
                parts.append(f"{u.status} {u.nilai}")
            else:
                parts.append(f"{u.status} {u.nilai} ({u.jumlah} pegawai)")
        sentence += f" Menurut status: {'; '.join(parts)}."
    return sentence


def _dimensions(f: IpasnFigures) -> str | None:
    parts = []
    for name, bobot, skor, selisih in f.dimensi:
        if shown(skor) is None:
            parts.append(f"{name} belum dapat dihitung")
            continue
        # The weights are whole numbers of the instrument, not rounded figures: their cells
        # keep two places at any Desimal, and "12 dari 25,00" would mix two precisions.
        weight = shown(bobot)
        text = f"{name} {skor}"
        if weight:
            text += f" dari {with_places(weight, str(skor))}"
        if shown(selisih):
            text += f" (selisih {selisih})"
        parts.append(text)
    if not parts:
        return None
    sentence = f"Skor rata-rata per dimensi: {'; '.join(parts)}."
    gaps = [(name, gap) for name, _, _, selisih in f.dimensi
            if (gap := shown(selisih)) and _is_figure(gap)]  # fmt: skip
    if gaps:
        name, gap = max(gaps, key=lambda g: _value(g[1]))
        sentence += f" Ruang perbaikan terbesar ada pada dimensi {name} (selisih {gap})."
    return sentence


def _units(f: IpasnFigures) -> str | None:
    rated = [
        u
        for u in f.units
        if not baris_jumlah(u.unit, u.status) and _is_figure(shown(u.nilai) or "")
    ]
    if not rated:
        return None
    values = [_value(str(u.nilai)) for u in rated]
    top = rated[values.index(max(values))]
    low = rated[values.index(min(values))]
    if top is low:
        return f"Nilai IP ASN {top.unit} ({top.status}) adalah {top.nilai}."
    return (
        f"Di antara {ribuan(len(rated))} baris unit kerja dan status, nilai tertinggi {top.nilai} "
        f"pada {top.unit} ({top.status}) dan terendah {low.nilai} pada {low.unit} ({low.status})."
    )


def _categories(f: IpasnFigures) -> str | None:
    parts = [
        f"{label} {count} pegawai" + (f" ({share}%)" if shown(share) else "")
        for label, count, share in f.kategori
        if shown(count) and count != "0"
    ]
    if not parts:
        return None
    return f"Sebaran pegawai menurut kategori: {'; '.join(parts)}."


def _saran(f: IpasnFigures, limit: int = 3) -> str:
    if not f.saran:
        return "Tidak ada saran perbaikan data atau pengembangan pegawai."
    parts = [f"\u201c{text.rstrip('.')}\u201d ({count} pegawai)" for text, count in f.saran[:limit]]
    return f"Saran yang paling sering: {'; '.join(parts)}."


def ipasn_paragraphs(figures: IpasnFigures) -> dict[str, str]:
    """The IP-ASN section's paragraphs, by the key of the table each one introduces."""
    found = {
        "dimensi": " ".join(p for p in (_overall(figures), _dimensions(figures)) if p),
        "unit": _units(figures),
        "kategori": _categories(figures),
        "saran": _saran(figures),
    }
    return {key: text for key, text in found.items() if text}


# --- from the report's sources ------------------------------------------------------------------

_INDICATOR_FIELDS = (
    "satuan", "target", "realisasi", "capaian", "predikat", "status", "catatan",
    "realisasi_tahun_lalu", "perubahan", "perubahan_persen", "arah", "kecenderungan",
    "capaian_renstra", "faktor_pendorong", "faktor_penghambat", "tindak_lanjut",
)  # fmt: skip


def kinerja_paragraphs(data: KinerjaData) -> list[str]:
    """Every indicator's paragraphs, in the order of tblIndikator (the report model's hook)."""
    ind, ang = data.indikator, data.anggaran
    lines: dict[int, list[Record]] = {}  # an indicator record's id -> its budget lines
    for r in ang.records:
        owner = data.indicator(r.get("kode_indikator"))
        if owner is not None:
            lines.setdefault(id(owner), []).append(r)
    paragraphs: list[str] = []
    for record in ind.records:
        kode = data.who(record)
        programs = tuple(
            ProgramFigures(
                ang.text(r, "program_kegiatan"),
                ang.text(r, "serapan"),
                ang.text(r, "efisiensi"),
                ang.text(r, "kategori_efisiensi"),
                ang.text(r, "catatan"),
            )
            for r in lines.get(id(record), ())
        )
        texts = {key: ind.text(record, key) for key in _INDICATOR_FIELDS}
        texts["realisasi"] = data.shown_realisasi(record)
        lalu = data.last_year_in_riwayat(record)
        if lalu is not None:
            texts["realisasi_tahun_lalu"] = lalu
        figures = IndicatorFigures(
            kode=kode,
            indikator=ind.text(record, "indikator"),
            target_renstra=ind.text(record, "target_akhir_renstra"),
            programs=programs,
            agregasi=derived(ind, record),
            **texts,
        )
        paragraphs.extend(indicator_paragraphs(figures))
    return paragraphs


def _columns(report: Report, key: str, *headers: str) -> list[tuple[str, ...]]:
    """The named columns of the report's table ``key`` (a dash where a column is missing)."""
    table = next((t for t in report.tables if t.key == key), None)
    if table is None:
        return []
    where = [table.header.index(h) if h in table.header else None for h in headers]
    return [tuple(DASH if i is None else row[i] for i in where) for row in table.rows]


def ipasn_figures(report: Report) -> IpasnFigures:
    """The figures of the IP-ASN report's tables (dimensi, unit, kategori, saran), as shown."""
    dimensi = _columns(report, "dimensi", "Dimensi", "Bobot", "Skor", "Selisih")
    units = _columns(report, "unit", "Unit Kerja", "Status", "Jumlah Pegawai", "Nilai IP ASN",
                     "Kategori", "Data Lengkap")  # fmt: skip
    kategori = _columns(report, "kategori", "No", "Kategori", "Jumlah Pegawai", "Persentase (%)")
    saran = _columns(report, "saran", "Saran", "Jumlah Pegawai")
    return IpasnFigures(
        dimensi=tuple((d[0], d[1], d[2], d[3]) for d in dimensi),
        units=tuple(UnitFigures(*u) for u in units),
        # the closing Jumlah row has no number
        kategori=tuple((k[1], k[2], k[3]) for k in kategori if shown(k[0])),
        saran=tuple((t[0], t[1]) for t in saran),
        data_kosong=report.data_kosong,
    )


def with_ipasn_text(report: Report) -> Report:
    """The IP-ASN report with its paragraphs, each just before the table it speaks of."""
    texts = ipasn_paragraphs(ipasn_figures(report))
    sections = []
    for section in report.sections:
        content: list[str | ReportTable | ReportChart] = []
        for item in section.content:
            if isinstance(item, ReportTable) and item.key in texts:
                content.append(texts[item.key])
            content.append(item)
        sections.append(replace(section, content=tuple(content)))
    return replace(report, sections=tuple(sections))
