"""The figures of a performance table: indicators, their quarters, budget lines and the summary.

Rules only: inputs are pandas frames already read from a workbook (numbers as floats with NaN for
"not filled", labels as text), plus per-field reasons for values that could not be read. Every
computed figure is rounded as the cell will show it, and later figures use the shown number, as
reports do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
from lkjip_xl.core.predikat import Skala, load_preset
from lkjip_xl.core.rounding import Pembulatan, round_series, round_value


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


def _reason(masalah: dict[str, pd.Series], index: pd.Index, *keys: str) -> pd.Series:
    """The first reason among ``keys`` for each row (None where every field was readable)."""
    out = pd.Series([None] * len(index), index=index, dtype="object")
    for key in keys:
        if key in masalah:
            reasons = masalah[key].reindex(index)
            out = out.where(out.notna(), reasons)
    return out


def _join_notes(*parts: pd.Series) -> pd.Series:
    frame = pd.concat(parts, axis=1)
    joined = frame.apply(
        lambda row: " ".join(str(x) for x in row if isinstance(x, str) and x), axis=1
    )
    return joined.where(joined != "", None)


@dataclass
class HasilKinerja:
    indikator: pd.DataFrame
    triwulan: pd.DataFrame
    anggaran: pd.DataFrame
    sasaran: pd.DataFrame
    ringkasan: dict[str, float | str | None]


def hitung_kinerja(
    indikator: pd.DataFrame,
    triwulan: pd.DataFrame,
    anggaran: pd.DataFrame,
    aturan: AturanKinerja,
    masalah: dict[str, dict[str, pd.Series]] | None = None,
) -> HasilKinerja:
    """Compute every figure of the ``kinerja`` template.

    ``indikator`` has the columns kode, sasaran, polaritas, target, realisasi,
    target_akhir_renstra, target_nasional, agregasi; ``triwulan``: kode, triwulan (TW1..TW4),
    target, realisasi; ``anggaran``: kode_indikator, pagu, realisasi_anggaran. ``masalah`` maps
    table -> field -> reasons per row for inputs that could not be read.
    """
    masalah = masalah or {}
    m_ind = masalah.get("indikator", {})
    ind = indikator
    idx = ind.index

    # Quarters first: a blank annual realisasi is derived from them.
    tw = _triwulan(triwulan, ind, aturan, masalah.get("triwulan", {}))
    metode = {}
    for kode, raw in zip(ind["kode"], ind["agregasi"], strict=True):
        how = parse_agregasi(raw)
        if how is not None and isinstance(kode, str):
            metode[kode] = how
    derived = agregasi_triwulan(
        triwulan["kode"], triwulan["tw_parsed"], triwulan["realisasi"], metode
    ) if len(triwulan) else pd.DataFrame(columns=["nilai", "catatan"])  # fmt: skip
    realisasi = ind["realisasi"].astype("float64").copy()
    notes_derived = pd.Series([None] * len(ind), index=idx, dtype="object")
    reason_r = _reason(m_ind, idx, "realisasi")
    for i, kode in zip(idx, ind["kode"], strict=True):
        if np.isnan(realisasi[i]) and reason_r[i] is None and kode in derived.index:
            value = derived.loc[kode, "nilai"]
            if not np.isnan(value):
                realisasi[i] = value
                notes_derived[i] = derived.loc[kode, "catatan"]

    def capaian_against(target_key: str, name: str) -> pd.DataFrame:
        frame = hitung_capaian(
            ind[target_key].astype("float64"),
            realisasi,
            ind["polaritas"],
            metode_negatif=aturan.metode_negatif,
            batas_bawah_nol=aturan.batas_bawah_nol,
            batas_atas=aturan.batas_atas,
            alasan_masukan=_reason(m_ind, idx, target_key, "realisasi", "polaritas"),
            nama_target=name,
        )
        frame["nilai"] = aturan.bulat(frame["nilai"])
        return frame

    utama = capaian_against("target", "Target")
    renstra = capaian_against("target_akhir_renstra", "Target akhir Renstra")
    nasional = capaian_against("target_nasional", "Target nasional")
    hasil_ind = pd.DataFrame(
        {
            "capaian": utama["nilai"],
            "predikat": aturan.skala.classify(utama["nilai"]),
            "status": status_capaian(utama["nilai"], utama["keadaan"]),
            "capaian_renstra": renstra["nilai"],
            "capaian_nasional": nasional["nilai"],
            "catatan": _join_notes(notes_derived, utama["catatan"]),
        },
        index=idx,
    )
    reasons_for_mean = utama["keadaan"].where(utama["keadaan"].notna(), None)
    sasaran = rata_rata_kelompok(
        ind["sasaran"].fillna("(Sasaran kosong)"),
        hasil_ind["capaian"],
        ind["kode"].fillna("(tanpa kode)"),
        reasons_for_mean,
    )
    sasaran["rata_rata"] = aturan.bulat(sasaran["rata_rata"])
    sasaran["predikat"] = aturan.skala.classify(sasaran["rata_rata"])

    hasil_ang = _anggaran(anggaran, ind, hasil_ind, aturan, masalah.get("anggaran", {}))
    rata = hasil_ind["capaian"].dropna()
    rata_capaian = (
        round_value(rata.mean(), aturan.desimal, aturan.pembulatan) if len(rata) else None
    )
    serapan_total = _serapan_total(anggaran, hasil_ang, aturan)
    efisiensi_instansi = None
    if rata_capaian is not None and serapan_total is not None:
        e = hitung_efisiensi(
            pd.Series([rata_capaian]), pd.Series([serapan_total]), aturan.metode_efisiensi
        )["nilai"].iloc[0]
        efisiensi_instansi = round_value(e, aturan.desimal, aturan.pembulatan)
    ringkasan = {
        "rata_capaian": rata_capaian,
        "predikat_instansi": aturan.skala.classify_one(rata_capaian),
        "serapan_total": serapan_total,
        "efisiensi_instansi": efisiensi_instansi,
        "jumlah_indikator": len(ind),
        "indikator_dihitung": len(rata),
    }
    return HasilKinerja(hasil_ind, tw, hasil_ang, sasaran, ringkasan)


def _triwulan(
    triwulan: pd.DataFrame, ind: pd.DataFrame, aturan: AturanKinerja, m: dict[str, pd.Series]
) -> pd.DataFrame:
    idx = triwulan.index
    if not len(triwulan):
        return pd.DataFrame(columns=["capaian", "predikat", "status", "catatan"], index=idx)
    pol_by_kode = {
        k: p for k, p in zip(ind["kode"], ind["polaritas"], strict=True) if isinstance(k, str)
    }
    known = triwulan["kode"].isin(list(pol_by_kode))
    unknown_reason = pd.Series(
        np.where(
            triwulan["kode"].isna(),
            "Kode belum diisi.",
            "Kode " + triwulan["kode"].astype(str) + " tidak ada di tabel Indikator.",
        ),
        index=idx,
    ).where(~known, None)
    tw_reason = pd.Series(
        np.where(triwulan["tw_parsed"].isna(), "Triwulan harus TW1, TW2, TW3 atau TW4.", None),
        index=idx,
    )
    reason = _reason(m, idx, "target", "realisasi")
    reason = reason.where(reason.notna(), unknown_reason)
    reason = reason.where(reason.notna(), tw_reason)
    frame = hitung_capaian(
        triwulan["target"].astype("float64"),
        triwulan["realisasi"].astype("float64"),
        triwulan["kode"].map(pol_by_kode).where(known, "Positif"),
        metode_negatif=aturan.metode_negatif,
        batas_bawah_nol=aturan.batas_bawah_nol,
        batas_atas=aturan.batas_atas,
        alasan_masukan=reason,
    )
    nilai = aturan.bulat(frame["nilai"])
    return pd.DataFrame(
        {
            "capaian": nilai,
            "predikat": aturan.skala.classify(nilai),
            "status": status_capaian(nilai, frame["keadaan"]),
            "catatan": frame["catatan"],
        },
        index=idx,
    )


def _anggaran(
    anggaran: pd.DataFrame,
    ind: pd.DataFrame,
    hasil_ind: pd.DataFrame,
    aturan: AturanKinerja,
    m: dict[str, pd.Series],
) -> pd.DataFrame:
    idx = anggaran.index
    columns = ["serapan", "capaian_kinerja", "efisiensi", "kategori_efisiensi", "catatan"]
    if not len(anggaran):
        return pd.DataFrame(columns=columns, index=idx)
    serapan = hitung_serapan(
        anggaran["pagu"].astype("float64"),
        anggaran["realisasi_anggaran"].astype("float64"),
        alasan_masukan=_reason(m, idx, "pagu", "realisasi_anggaran"),
    )
    serapan_nilai = aturan.bulat(serapan["nilai"])
    capaian_by_kode = {
        k: c for k, c in zip(ind["kode"], hasil_ind["capaian"], strict=True) if isinstance(k, str)
    }
    kode = anggaran["kode_indikator"]
    known = kode.isin(list(capaian_by_kode))
    capaian_kinerja = kode.map(capaian_by_kode).where(known).astype("float64")
    link_reason = pd.Series(
        np.where(
            kode.isna(),
            "Kode Indikator belum diisi.",
            "Kode Indikator " + kode.astype(str) + " tidak ada di tabel Indikator.",
        ),
        index=idx,
    ).where(~known, None)
    eff = hitung_efisiensi(
        capaian_kinerja,
        serapan_nilai,
        aturan.metode_efisiensi,
        alasan_masukan=link_reason,
    )
    eff_nilai = aturan.bulat(eff["nilai"])
    kategori = (
        aturan.skala_efisiensi.classify(eff_nilai)
        if aturan.skala_efisiensi is not None
        else pd.Series([None] * len(idx), index=idx, dtype="object")
    )
    notes = _join_notes(serapan["catatan"], eff["catatan"].where(serapan["keadaan"].isna(), None))
    return pd.DataFrame(
        {
            "serapan": serapan_nilai,
            "capaian_kinerja": capaian_kinerja,
            "efisiensi": eff_nilai,
            "kategori_efisiensi": kategori,
            "catatan": notes,
        },
        index=idx,
    )


def _serapan_total(anggaran: pd.DataFrame, hasil: pd.DataFrame, aturan: AturanKinerja):
    """Total realisasi over total pagu, over the lines whose serapan is computable."""
    if not len(anggaran):
        return None
    ok = hasil["serapan"].notna()
    if not ok.any():
        return None
    pagu = anggaran.loc[ok, "pagu"].astype("float64").sum()
    real = anggaran.loc[ok, "realisasi_anggaran"].astype("float64").sum()
    return round_value(real / pagu * 100, aturan.desimal, aturan.pembulatan)


__all__ = ["AturanKinerja", "HasilKinerja", "Status", "hitung_kinerja", "parse_polaritas"]
