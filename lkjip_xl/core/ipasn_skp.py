"""Nilai SKP and Predikat SKP both typed and telling different things: the sentence that says
which one the Kinerja part took (the ``skp-mismatch`` warning)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lkjip_xl.core.ipasn import DEFAULT_ATURAN, AturanIpasn, Skp, baca_skp, load_aturan, poin
from lkjip_xl.core.rounding import format_persis

__all__ = ["skp_tidak_sejalan"]


def skp_tidak_sejalan(
    frame: pd.DataFrame, aturan: str | AturanIpasn = DEFAULT_ATURAN, *, skp: Skp | None = None
) -> pd.Series:
    """Where Nilai SKP and Predikat SKP are both read and give the Kinerja part different points:
    the sentence saying so, else None (on ``frame``'s index). The Nilai SKP is the one used (the
    template's rule: the predikat counts when the value is blank), so a person who typed both
    learns which one the score took. ``skp``: :func:`baca_skp` of ``frame`` as the score read
    it (a roster's two columns are not parsed twice)."""
    rules = aturan if isinstance(aturan, AturanIpasn) else load_aturan(aturan)
    said = pd.Series(None, index=frame.index, dtype="object")
    skp = baca_skp(frame, rules) if skp is None else skp
    if skp.predikat is None or skp.dari_predikat is None:
        return said
    canon = rules.predikat_label
    with np.errstate(invalid="ignore"):
        differ = skp.dari_nilai != skp.dari_predikat
    rows = np.flatnonzero(differ & ~np.isnan(skp.dari_nilai) & ~np.isnan(skp.dari_predikat))
    # Once per distinct value: a roster's SKP values repeat (two decimals, 0 to 100).
    angka = _angka(list(set(skp.nilai[rows].tolist())), rules)
    said.iloc[rows] = [
        f"Nilai SKP {angka[nilai]} memberi Kinerja {poin(dari_nilai)}, sedangkan Predikat SKP "
        f"{canon[predikat]} memberi {poin(dari_predikat)}; yang dipakai Nilai SKP."
        for nilai, dari_nilai, predikat, dari_predikat in zip(
            skp.nilai[rows].tolist(), skp.dari_nilai[rows].tolist(),
            skp.predikat[rows].tolist(), skp.dari_predikat[rows].tolist(), strict=True,
        )
    ]  # fmt: skip
    return said


def _angka(values: list[float], rules: AturanIpasn) -> dict[float, str]:
    """Typed Nilai SKP values as Excel's formula bar shows them (15 significant digits), or
    with every digit one holds where those 15 would score otherwise: a formula's
    90.00000000000001 scores 30, and "90" would say 25 (90,004 is not 90 either: the bands
    part at 90)."""
    texts = [format_persis(v) for v in values]
    shown = np.array([float(t.replace(",", ".")) for t in texts], dtype="float64")
    with np.errstate(invalid="ignore"):
        other = rules.skor_skp(shown) != rules.skor_skp(np.array(values, dtype="float64"))
    for i in np.flatnonzero(other).tolist():
        texts[i] = format_persis(values[i], semua=True)
    return dict(zip(values, texts, strict=True))
