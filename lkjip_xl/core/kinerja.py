"""The figures of a performance table: indicators, their quarters, budget lines and the summary.

Rules only: inputs are pandas frames already read from a workbook (numbers as floats with NaN for
"not filled", labels as text), plus per-field reasons for values that could not be read. Every
computed figure is rounded as the cell will show it, and later figures use the shown number, as
reports do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from lkjip_xl.core.capaian import (
    Status,
    agregasi_triwulan,
    hitung_capaian,
    parse_agregasi,
    parse_polaritas,
    rata_rata_kelompok,
    status_capaian,
)
from lkjip_xl.core.efisiensi import MetodeEfisiensi, hitung_efisiensi, hitung_serapan
from lkjip_xl.core.perbandingan import angka_id, hitung_perbandingan
from lkjip_xl.core.predikat import Skala, load_preset
from lkjip_xl.core.problems import Kode
from lkjip_xl.core.rounding import (
    Pembulatan,
    beyond_excel,
    fraction_of,
    mean_shown,
    round_series,
    round_value,
)


@dataclass(frozen=True)
class AturanKinerja:
    """Every setting of a recompute, in one frozen object (the workbook's ``Pengaturan``)."""

    skala: Skala = field(default_factory=lambda: load_preset("sakip"))
    metode_negatif: str = "lan"
    batas_bawah_nol: bool = True
    batas_atas: float | None = None
    metode_efisiensi: MetodeEfisiensi = MetodeEfisiensi.RASIO
    skala_efisiensi: Skala | None = field(default_factory=lambda: load_preset("efisiensi-rasio"))
    desimal: int = 2
    pembulatan: Pembulatan = Pembulatan.HALF_UP

    def bulat(self, values: pd.Series) -> pd.Series:
        return round_series(values, self.desimal, self.pembulatan)

    def capaian(
        self, target: pd.Series, realisasi: pd.Series, polaritas: pd.Series, **extra: Any
    ) -> pd.DataFrame:
        """:func:`hitung_capaian` under these settings (``extra``: reasons, names, exact values)."""
        return hitung_capaian(
            target,
            realisasi,
            polaritas,
            metode_negatif=self.metode_negatif,
            batas_bawah_nol=self.batas_bawah_nol,
            batas_atas=self.batas_atas,
            desimal=self.desimal,
            pembulatan=self.pembulatan,
            **extra,
        )


def _reason(masalah: dict[str, pd.Series], index: pd.Index, *keys: str) -> pd.Series:
    """The first reason among ``keys`` for each row (None where every field was readable)."""
    # One object array filled where still missing: what Series.where chained over the keys
    # gives, without a frame operation per key (tens of them in a click's recompute).
    out = np.full(len(index), None, dtype=object)
    for key in keys:
        if key in masalah:
            missing = pd.isna(out)
            if missing.any():
                reasons = masalah[key].reindex(index).to_numpy(dtype=object)
                out[missing] = reasons[missing]
    # Dtypes here are numpy types, not names ("object"): pandas looks a name up among every
    # registered dtype first (over a hundred lookups in a click's recompute).
    return pd.Series(out, index=index, dtype=object)


def _other_capaian_note(frame: pd.DataFrame, name: str) -> pd.Series:
    """What Catatan says of a capaian against another target: why it is not computed, or that
    the floor or the cap limited it (the same rules as Capaian; unsaid, its figure would not
    follow from its inputs). Its formula note is the Capaian's own, said once."""
    limited = frame["batas"].map(lambda s: f"{name}: {s[0].lower()}{s[1:]}", na_action="ignore")
    return frame["catatan"].where(frame["kode"].notna(), limited)


def _join_notes(*parts: pd.Series) -> pd.Series:
    """The notes of each row joined, each distinct sentence once."""
    joined = []
    for row in zip(*(p.to_numpy(dtype=object) for p in parts), strict=True):
        seen: list[str] = []
        for x in row:
            if isinstance(x, str) and x and x not in seen:
                seen.append(x)
        joined.append(" ".join(seen) if seen else None)
    return pd.Series(joined, index=parts[0].index, dtype=object)


MASALAH_KOLOM = ["tabel", "baris", "kolom", "kode", "tingkat", "pesan"]
RIWAYAT_MASUKAN = ["kode", "tahun", "target", "realisasi"]
RIWAYAT_KOLOM = ["capaian", "predikat", "catatan"]
#: The problems of a result that has none: one frame for all, read only by _gather (which leaves
#: empty parts out), never changed.
_NO_PROBLEMS = pd.DataFrame(columns=MASALAH_KOLOM)


def _problems(tabel: str, frame: pd.DataFrame, fields: dict[str, str], hasil: str) -> pd.DataFrame:
    """The reasons the rules found in a core result, as problems of cells: ``tabel``, ``baris``
    (the row's index label), ``kolom`` (the input key, or ``hasil`` for the result itself),
    ``kode``, ``tingkat`` and ``pesan``."""
    has_code = frame["kode"].notna()
    if not has_code.any():  # the usual result: no frame operations for nothing
        return _NO_PROBLEMS
    found = frame[has_code]
    kolom = [hasil if not isinstance(k, str) else fields.get(k, k) for k in found["kolom"].tolist()]
    return pd.DataFrame(
        {
            "tabel": tabel,
            "baris": found.index,
            "kolom": kolom,
            "kode": found["kode"].astype(object).to_numpy(),
            "tingkat": [Kode(k).tingkat.value for k in found["kode"]],
            "pesan": found["catatan"].astype(object).to_numpy(),
        },
        columns=MASALAH_KOLOM,
    )


def kunci_kode(kode: object) -> str | None:
    """A Kode as tables are matched by it: letter case and surrounding spaces ignored, as
    Excel's MATCH; None for a blank one."""
    if not isinstance(kode, str):
        return None
    folded = kode.strip().upper()
    return folded or None


def _kunci(kode: pd.Series) -> pd.Series:
    return pd.Series([kunci_kode(k) for k in kode], index=kode.index, dtype=object)


def _by_kode(kode: pd.Series, values: pd.Series) -> dict[str, object]:
    """Each indicator's value under its folded Kode; a repeated Kode keeps its first row (the
    reader reports the repeat)."""
    found: dict[str, object] = {}
    for k, v in zip(_kunci(kode), values, strict=True):
        if k is not None and k not in found:
            found[k] = v
    return found


def _link(kode: pd.Series, known: pd.Series, nama: str) -> pd.Series:
    """The note of a row whose Kode matches no indicator (None on rows that match)."""
    notes = [
        None if ok else f"{nama} belum diisi." if kunci_kode(k) is None
        else f"{nama} {str(k).strip()} tidak ada di tabel Indikator."
        for k, ok in zip(kode, known, strict=True)
    ]  # fmt: skip
    return pd.Series(notes, index=kode.index, dtype=object)


def _unknown_reference(tabel: str, kolom: str, kode: pd.Series, rows: pd.Series) -> pd.DataFrame:
    """An error per row of ``rows`` (a mask) whose Kode is blank or matches no indicator."""
    if not rows.any():
        return _NO_PROBLEMS
    codes = kode[rows]
    return pd.DataFrame(
        {
            "tabel": tabel,
            "baris": codes.index,
            "kolom": kolom,
            "kode": Kode.UNKNOWN_REFERENCE.value,
            "tingkat": Kode.UNKNOWN_REFERENCE.tingkat.value,
            "pesan": [
                "belum diisi, padahal baris ini terisi." if kunci_kode(c) is None
                else f"{str(c).strip()} tidak cocok dengan Kode mana pun di tabel Indikator."
                for c in codes
            ],
        },
        columns=MASALAH_KOLOM,
    )  # fmt: skip


def _gather(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=MASALAH_KOLOM)
    frame = pd.concat(parts, ignore_index=True)
    return frame.drop_duplicates(["tabel", "baris", "kolom", "kode"]).reset_index(drop=True)


@dataclass
class HasilKinerja:
    """Every computed figure, and ``masalah``: the problems the rules found, per cell (columns
    of :data:`MASALAH_KOLOM`; reasons that came with the inputs are not repeated)."""

    indikator: pd.DataFrame
    triwulan: pd.DataFrame
    anggaran: pd.DataFrame
    sasaran: pd.DataFrame
    ringkasan: dict[str, float | str | None]
    masalah: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MASALAH_KOLOM))
    riwayat: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=RIWAYAT_KOLOM))


def hitung_kinerja(
    indikator: pd.DataFrame,
    triwulan: pd.DataFrame,
    anggaran: pd.DataFrame,
    aturan: AturanKinerja,
    masalah: dict[str, dict[str, pd.Series]] | None = None,
    riwayat: pd.DataFrame | None = None,
    tahun: int | None = None,
) -> HasilKinerja:
    """Compute every figure of the ``kinerja`` template.

    ``indikator`` has the columns kode, sasaran, polaritas, target, realisasi,
    target_akhir_renstra, target_nasional, agregasi (and realisasi_tahun_lalu, when there is
    one); ``triwulan``: kode, triwulan (TW1..TW4), target, realisasi; ``anggaran``:
    kode_indikator, pagu, realisasi_anggaran; ``riwayat`` (past years): kode, tahun, target,
    realisasi. ``masalah`` maps table -> field -> reasons per row
    for inputs that could not be read. ``tahun`` is the report's year: a blank Realisasi Tahun
    Lalu is taken from ``riwayat``'s row of ``tahun - 1``.

    Every figure is the exact decimal result rounded once as its cell shows it, and later
    figures (means, Capaian Kinerja, efisiensi) use the shown figures they come from.
    """
    masalah = masalah or {}
    m_ind = masalah.get("indikator", {})
    ind = indikator
    idx = ind.index

    # Quarters first: a blank annual realisasi is derived from them.
    tw, problems = _triwulan(triwulan, ind, aturan, masalah.get("triwulan", {}))
    realisasi, tepat, notes_derived = _realisasi(ind, triwulan, m_ind)

    def capaian_against(target_key: str, name: str, hasil: str) -> pd.DataFrame:
        frame = aturan.capaian(
            ind[target_key].astype(np.float64),
            realisasi,
            ind["polaritas"],
            alasan_masukan=_reason(m_ind, idx, target_key, "realisasi", "polaritas"),
            nama_target=name,
            realisasi_tepat=tepat,
        )
        problems.append(_problems("indikator", frame, {"target": target_key}, hasil))
        return frame

    riwayat = riwayat if riwayat is not None else pd.DataFrame(columns=RIWAYAT_MASUKAN)
    hasil_riw, problems_riw = _riwayat(riwayat, ind, aturan, masalah.get("riwayat", {}))
    problems.extend(problems_riw)
    notes_tahun, problems_tahun = _not_past_years(riwayat, tahun, masalah.get("riwayat", {}))
    hasil_riw["catatan"] = _join_notes(notes_tahun, hasil_riw["catatan"])
    problems.append(problems_tahun)
    lalu, notes_lalu, problems_lalu = _tahun_lalu(
        ind, riwayat, tahun, m_ind, masalah.get("riwayat", {})
    )
    problems.append(problems_lalu)
    banding = hitung_perbandingan(
        realisasi,
        lalu,
        ind["polaritas"],
        desimal=aturan.desimal,
        pembulatan=aturan.pembulatan,
        realisasi_tepat=tepat,
        alasan_masukan=_reason(m_ind, idx, "realisasi", "realisasi_tahun_lalu"),
    )
    utama = capaian_against("target", "Target", "capaian")
    renstra = capaian_against("target_akhir_renstra", "Target akhir Renstra", "capaian_renstra")
    nasional = capaian_against("target_nasional", "Target nasional", "capaian_nasional")
    hasil_ind = pd.DataFrame(
        {
            "capaian": utama["nilai"],
            "predikat": aturan.skala.classify(utama["nilai"]),
            "status": status_capaian(utama["nilai"], utama["keadaan"]),
            "capaian_renstra": renstra["nilai"],
            "capaian_nasional": nasional["nilai"],
            "perubahan": banding["perubahan"],
            "perubahan_persen": banding["perubahan_persen"],
            "arah": banding["arah"],
            "kecenderungan": banding["kecenderungan"],
            "catatan": _join_notes(
                notes_derived,
                utama["catatan"],
                _other_capaian_note(renstra, "Capaian Renstra"),
                _other_capaian_note(nasional, "Capaian Nasional"),
                notes_lalu,
                banding["catatan"],
            ),
        },
        index=idx,
    )
    sasaran = _sasaran(ind, hasil_ind, utama, aturan)
    hasil_ang, problems_ang = _anggaran(
        anggaran, ind, hasil_ind, aturan, masalah.get("anggaran", {})
    )
    problems.append(problems_ang)
    rata = mean_shown(hasil_ind["capaian"].to_numpy(), aturan.desimal, aturan.pembulatan)
    rata_capaian = None if np.isnan(rata) else rata
    serapan_total = _serapan_total(anggaran, hasil_ang, aturan)
    efisiensi_instansi = None
    if rata_capaian is not None and serapan_total is not None:
        e = hitung_efisiensi(
            pd.Series([rata_capaian]),
            pd.Series([serapan_total]),
            aturan.metode_efisiensi,
            desimal=aturan.desimal,
            pembulatan=aturan.pembulatan,
        )["nilai"].iloc[0]
        efisiensi_instansi = None if np.isnan(e) else float(e)
    ringkasan = {
        "rata_capaian": rata_capaian,
        "predikat_instansi": aturan.skala.classify_one(rata_capaian),
        "serapan_total": serapan_total,
        "efisiensi_instansi": efisiensi_instansi,
        "jumlah_indikator": len(ind),
        "indikator_dihitung": int(hasil_ind["capaian"].notna().sum()),
    }
    return HasilKinerja(hasil_ind, tw, hasil_ang, sasaran, ringkasan, _gather(problems), hasil_riw)


def _realisasi(ind: pd.DataFrame, triwulan: pd.DataFrame, m_ind: dict[str, pd.Series]):
    """(realisasi, exact realisasi where derived, notes): a blank annual realisasi is derived
    from the quarters by the indicator's Agregasi."""
    idx = ind.index
    kunci = _kunci(ind["kode"])
    metode = {}
    for kode, raw in zip(kunci, ind["agregasi"], strict=True):
        how = parse_agregasi(raw)
        if how is not None and kode is not None and kode not in metode:
            metode[kode] = how
    derived = agregasi_triwulan(
        _kunci(triwulan["kode"]), triwulan["tw_parsed"], triwulan["realisasi"], metode
    ) if len(triwulan) else pd.DataFrame(columns=["nilai", "tepat", "catatan"])  # fmt: skip
    realisasi = ind["realisasi"].astype(np.float64).copy()
    tepat = pd.Series([None] * len(ind), index=idx, dtype=object)
    notes = pd.Series([None] * len(ind), index=idx, dtype=object)
    reason_r = _reason(m_ind, idx, "realisasi")
    for i, kode in zip(idx, kunci, strict=True):
        if np.isnan(realisasi[i]) and reason_r[i] is None and kode in derived.index:
            value = derived.loc[kode, "nilai"]
            if not np.isnan(value):
                realisasi[i] = value
                tepat[i] = derived.loc[kode, "tepat"]
                notes[i] = derived.loc[kode, "catatan"]
    return realisasi, tepat, notes


def _sasaran(ind, hasil_ind, utama, aturan: AturanKinerja) -> pd.DataFrame:
    """Per sasaran: every indicator counted (``jumlah_indikator``), those with a number
    (``indikator_dihitung``), and the mean of their shown capaian, rounded once."""
    reasons_for_mean = utama["keadaan"].where(utama["keadaan"].notna(), None)
    sasaran = rata_rata_kelompok(
        ind["sasaran"].fillna("(Sasaran kosong)"),
        hasil_ind["capaian"],
        ind["kode"].fillna("(tanpa kode)"),
        reasons_for_mean,
        desimal=aturan.desimal,
        pembulatan=aturan.pembulatan,
    )
    sasaran["predikat"] = aturan.skala.classify(sasaran["rata_rata"])
    sasaran["jumlah_indikator"] = sasaran["jumlah"]
    sasaran["indikator_dihitung"] = sasaran["dihitung"]
    return sasaran


def _triwulan(
    triwulan: pd.DataFrame, ind: pd.DataFrame, aturan: AturanKinerja, m: dict[str, pd.Series]
) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    idx = triwulan.index
    if not len(triwulan):
        empty = pd.DataFrame(columns=["capaian", "predikat", "status", "catatan"], index=idx)
        return empty, []
    pol_by_kode = _by_kode(ind["kode"], ind["polaritas"])
    kunci = _kunci(triwulan["kode"])
    known = kunci.isin(list(pol_by_kode))
    unknown_reason = _link(triwulan["kode"], known, "Kode")
    tw_reason = pd.Series(
        np.where(
            triwulan["tw_parsed"].isna(),
            "Triwulan harus TW1, TW2, TW3 atau TW4.",
            np.array(None, dtype=object),
        ),
        index=idx,
    )
    reason = _reason(m, idx, "target", "realisasi")
    reason = reason.where(reason.notna(), unknown_reason)
    reason = reason.where(reason.notna(), tw_reason)
    frame = aturan.capaian(
        triwulan["target"].astype(np.float64),
        triwulan["realisasi"].astype(np.float64),
        kunci.map(pol_by_kode).where(known, "Positif"),
        alasan_masukan=reason,
    )
    nilai = frame["nilai"]
    result = pd.DataFrame(
        {
            "capaian": nilai,
            "predikat": aturan.skala.classify(nilai),
            "status": status_capaian(nilai, frame["keadaan"]),
            "catatan": frame["catatan"],
        },
        index=idx,
    )
    dangling = ~known & _reason(m, idx, "kode").isna()
    problems = [
        _problems("triwulan", frame, {}, "capaian"),
        _unknown_reference("triwulan", "kode", triwulan["kode"], dangling),
    ]
    return result, problems


def _riwayat(
    riwayat: pd.DataFrame, ind: pd.DataFrame, aturan: AturanKinerja, m: dict[str, pd.Series]
) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """Capaian and predikat of past years, by the same rules and settings as this year's, with
    the polarity of the indicator of the same Kode."""
    idx = riwayat.index
    if not len(riwayat):
        return pd.DataFrame(columns=RIWAYAT_KOLOM, index=idx), []
    pol_by_kode = _by_kode(ind["kode"], ind["polaritas"])
    kunci = _kunci(riwayat["kode"])
    known = kunci.isin(list(pol_by_kode))
    reason = _reason(m, idx, "target", "realisasi")
    reason = reason.where(reason.notna(), _link(riwayat["kode"], known, "Kode"))
    frame = aturan.capaian(
        riwayat["target"].astype(np.float64),
        riwayat["realisasi"].astype(np.float64),
        kunci.map(pol_by_kode).where(known, "Positif"),
        alasan_masukan=reason,
    )
    result = pd.DataFrame(
        {
            "capaian": frame["nilai"],
            "predikat": aturan.skala.classify(frame["nilai"]),
            "catatan": frame["catatan"],
        },
        index=idx,
    )
    dangling = ~known & _reason(m, idx, "kode").isna()
    problems = [
        _problems("riwayat", frame, {}, "capaian"),
        _unknown_reference("riwayat", "kode", riwayat["kode"], dangling),
    ]
    return result, problems


def _tahun_lalu(
    ind: pd.DataFrame,
    riwayat: pd.DataFrame,
    tahun: int | None,
    m_ind: dict[str, pd.Series],
    m: dict[str, pd.Series],
) -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    """Last year's realisasi of each indicator, the note of those taken from Riwayat, and a
    ``history-mismatch`` warning where both are filled and differ.

    Realisasi Tahun Lalu as typed wins; only a blank one (not an unreadable one) is taken from
    the Riwayat row of the year before ``tahun``. Riwayat rows that could not be read, or whose
    Kode repeats with that year, give nothing beyond their first row (the reader reports them).
    """
    idx = ind.index
    if "realisasi_tahun_lalu" in ind:
        lalu = ind["realisasi_tahun_lalu"].astype(np.float64).copy()
    else:  # a caller without last year's figures: nothing to compare
        lalu = pd.Series(np.nan, index=idx, dtype="float64")
    notes = pd.Series([None] * len(ind), index=idx, dtype=object)
    empty = pd.DataFrame(columns=MASALAH_KOLOM)
    if tahun is None or not len(riwayat):
        return lalu, notes, empty
    dulu = tahun - 1
    unread = _reason(m, riwayat.index, "tahun", "realisasi").notna()
    found: dict[str, float] = {}
    for k, year, value, bad in zip(
        _kunci(riwayat["kode"]), riwayat["tahun"], riwayat["realisasi"], unread, strict=True
    ):
        if k is None or bad or k in found or not _same_year(year, dulu):
            continue
        if isinstance(value, int | float) and np.isfinite(value):
            found[k] = float(value)
    unread_lalu = _reason(m_ind, idx, "realisasi_tahun_lalu").notna()
    mismatch = []
    for i, k in zip(idx, _kunci(ind["kode"]), strict=True):
        if k not in found or unread_lalu[i]:
            continue
        dari_riwayat = found[k]
        if np.isnan(lalu[i]):
            lalu[i] = dari_riwayat
            notes[i] = f"Realisasi tahun lalu ({dulu}) diambil dari lembar Riwayat."
        elif fraction_of(lalu[i]) != fraction_of(dari_riwayat):
            text = (
                f"{angka_id(lalu[i])} berbeda dengan Realisasi {dulu} di lembar Riwayat "
                f"({angka_id(dari_riwayat)}); perbandingan memakai Realisasi Tahun Lalu."
            )
            notes[i] = f"Realisasi Tahun Lalu {text}"
            mismatch.append((i, text))
    problems = _found("indikator", "realisasi_tahun_lalu", Kode.HISTORY_MISMATCH, mismatch)
    return lalu, notes, problems


def _found(tabel: str, kolom: str, kode: Kode, found: list[tuple[Any, str]]) -> pd.DataFrame:
    """The problems ``found`` (row, message), all of ``kode`` in one column of one table."""
    return pd.DataFrame(
        {
            "tabel": tabel,
            "baris": [i for i, _ in found],
            "kolom": kolom,
            "kode": kode.value,
            "tingkat": kode.tingkat.value,
            "pesan": [t for _, t in found],
        },
        columns=MASALAH_KOLOM,
    )


def _not_past_years(
    riwayat: pd.DataFrame, tahun: int | None, m: dict[str, pd.Series]
) -> tuple[pd.Series, pd.DataFrame]:
    """The note and the ``history-year`` warning of each Riwayat row whose year is not before
    the report's year: no comparison reads it, and the report's trend leaves it out, so a
    year typed wrong (2025 for 2022) would otherwise vanish without a word."""
    notes = pd.Series([None] * len(riwayat), index=riwayat.index, dtype=object)
    if tahun is None or not len(riwayat):
        return notes, _NO_PROBLEMS
    unread = _reason(m, riwayat.index, "tahun").notna()
    late = []
    for i, year, bad in zip(riwayat.index, riwayat["tahun"], unread, strict=True):
        if bad or not isinstance(year, int | float) or not np.isfinite(year) or year < tahun:
            continue
        # a year is named as its cell shows it: 2025, never the thousands-grouped 2.025
        shown = str(int(year)) if year == int(year) else angka_id(year)
        when = "sama dengan" if year == tahun else "sesudah"
        text = (
            f"{shown} {when} Tahun laporan ({tahun}); lembar Riwayat hanya untuk tahun-tahun "
            "sebelumnya, jadi baris ini tidak dipakai di perbandingan dan tren laporan."
        )
        notes[i] = f"Tahun: {text}"
        late.append((i, text))
    if not late:
        return notes, _NO_PROBLEMS
    return notes, _found("riwayat", "tahun", Kode.HISTORY_YEAR, late)


def _same_year(value: object, year: int) -> bool:
    return isinstance(value, int | float) and np.isfinite(value) and int(value) == value == year


def _anggaran(
    anggaran: pd.DataFrame,
    ind: pd.DataFrame,
    hasil_ind: pd.DataFrame,
    aturan: AturanKinerja,
    m: dict[str, pd.Series],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    idx = anggaran.index
    columns = ["serapan", "capaian_kinerja", "efisiensi", "kategori_efisiensi", "catatan"]
    if not len(anggaran):
        return pd.DataFrame(columns=columns, index=idx), pd.DataFrame(columns=MASALAH_KOLOM)
    serapan = hitung_serapan(
        anggaran["pagu"].astype(np.float64),
        anggaran["realisasi_anggaran"].astype(np.float64),
        alasan_masukan=_reason(m, idx, "pagu", "realisasi_anggaran"),
        desimal=aturan.desimal,
        pembulatan=aturan.pembulatan,
    )
    serapan_nilai = serapan["nilai"]
    capaian_by_kode = _by_kode(ind["kode"], hasil_ind["capaian"])
    kode = anggaran["kode_indikator"]
    kunci = _kunci(kode)
    known = kunci.isin(list(capaian_by_kode))
    # The indicator's shown Capaian.
    capaian_kinerja = kunci.map(capaian_by_kode).where(known).astype(np.float64)
    link_reason = _link(kode, known, "Kode Indikator")
    eff = hitung_efisiensi(
        capaian_kinerja,
        serapan_nilai,
        aturan.metode_efisiensi,
        alasan_masukan=link_reason,
        desimal=aturan.desimal,
        pembulatan=aturan.pembulatan,
    )
    eff_nilai = eff["nilai"]
    kategori = (
        aturan.skala_efisiensi.classify(eff_nilai)
        if aturan.skala_efisiensi is not None
        else pd.Series([None] * len(idx), index=idx, dtype=object)
    )
    notes = _join_notes(serapan["catatan"], eff["catatan"].where(serapan["keadaan"].isna(), None))
    result = pd.DataFrame(
        {
            "serapan": serapan_nilai,
            "capaian_kinerja": capaian_kinerja,
            "efisiensi": eff_nilai,
            "kategori_efisiensi": kategori,
            "catatan": notes,
        },
        index=idx,
    )
    dangling = ~known & _reason(m, idx, "kode_indikator").isna()
    problems = _gather([
        _problems("anggaran", serapan, {}, "serapan"),
        _problems("anggaran", eff[serapan["keadaan"].isna()],
                  {"serapan": "realisasi_anggaran"}, "efisiensi"),
        _unknown_reference("anggaran", "kode_indikator", kode, dangling),
    ])  # fmt: skip
    return result, problems


def _serapan_total(anggaran: pd.DataFrame, hasil: pd.DataFrame, aturan: AturanKinerja):
    """Total realisasi over total pagu, over the lines whose serapan is computable: the exact
    ratio of the exact sums, rounded once."""
    if not len(anggaran):
        return None
    ok = hasil["serapan"].notna()
    if not ok.any():
        return None
    pagu = sum(map(fraction_of, anggaran.loc[ok, "pagu"].astype(np.float64)), Fraction(0))
    real = sum(
        map(fraction_of, anggaran.loc[ok, "realisasi_anggaran"].astype(np.float64)), Fraction(0)
    )
    if pagu <= 0:
        return None
    total = real / pagu * 100
    if beyond_excel(total):
        return None
    return round_value(total, aturan.desimal, aturan.pembulatan)


__all__ = [
    "MASALAH_KOLOM",
    "AturanKinerja",
    "HasilKinerja",
    "Status",
    "hitung_kinerja",
    "kunci_kode",
    "parse_polaritas",
]
