"""Small input frames for the core's kinerja path, as the workbook reader hands them over."""

from __future__ import annotations

import numpy as np
import pandas as pd

INDIKATOR_COLUMNS = (
    "kode", "sasaran", "polaritas", "target", "realisasi", "target_akhir_renstra",
    "target_nasional", "agregasi",
)  # fmt: skip


def indikator(rows: list[dict]) -> pd.DataFrame:
    """One row per indicator; missing fields are blank (NaN / None), never 0."""
    frame = pd.DataFrame(
        [{c: r.get(c) for c in INDIKATOR_COLUMNS} for r in rows], columns=list(INDIKATOR_COLUMNS)
    )
    for c in ("target", "realisasi", "target_akhir_renstra", "target_nasional"):
        frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("float64")
    return frame


def triwulan(rows: list[dict] | None = None) -> pd.DataFrame:
    rows = rows or []
    frame = pd.DataFrame(
        [{c: r.get(c) for c in ("kode", "triwulan", "target", "realisasi")} for r in rows],
        columns=["kode", "triwulan", "target", "realisasi"],
    )
    for c in ("target", "realisasi"):
        frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("float64")
    frame["tw_parsed"] = frame["triwulan"]
    return frame


def anggaran(rows: list[dict] | None = None) -> pd.DataFrame:
    rows = rows or []
    frame = pd.DataFrame(
        [{c: r.get(c) for c in ("kode_indikator", "pagu", "realisasi_anggaran")} for r in rows],
        columns=["kode_indikator", "pagu", "realisasi_anggaran"],
    )
    for c in ("pagu", "realisasi_anggaran"):
        frame[c] = pd.to_numeric(frame[c], errors="coerce").astype("float64")
    return frame


def nan() -> float:
    return float(np.nan)
