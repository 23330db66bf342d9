"""The IP-ASN recap over many units and many typed statuses: only the pairs that occur are
summed, and each mean is the plain mean of the shown values of its employees."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from lkjip_xl.core import ipasn


def _mean(values: list[float]) -> float:
    """The mean of whole hundredths, rounded half up to two decimals, by decimal arithmetic."""
    total = sum(Decimal(str(v)) for v in values)
    return float((total / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_rekap_sums_only_the_unit_status_pairs_that_occur():
    rows = 3_000
    rng = np.random.default_rng(5)
    scores = pd.DataFrame({d: rng.integers(0, 50, rows) * 0.5 for d in ipasn.DIMENSI})
    scores["total"] = scores[list(ipasn.DIMENSI)].sum(axis=1)
    scores["lengkap"] = True
    # 1,500 units by 1,000 typed statuses, pairs mostly of one employee: a dense table of every
    # unit by every status would hold 1.5 million groups for 3,000 employees.
    unit = pd.Series([f"Unit {i // 2}" for i in range(rows)], dtype=object)
    status = pd.Series([f"Status {i * 7 % 1_000}" for i in range(rows)], dtype=object)
    table = ipasn.rekap(scores, unit, status)

    frame = scores.assign(unit=unit, status=status)
    pairs = frame.groupby(["unit", "status"], sort=True)["total"]
    total_row = [ipasn.baris_jumlah(u, s) for u, s in table[["unit", "status"]].to_numpy()]
    body = table[~np.array(total_row)]
    assert len(body) == pairs.ngroups
    expected = {key: (len(v), _mean(v.tolist())) for key, v in pairs}
    got = {(u, s): (n, t) for u, s, n, t in body[["unit", "status", "jumlah", "total"]].itertuples(
        index=False)}  # fmt: skip
    assert got == expected

    per_status = frame.groupby("status")["total"]
    sums = table[table["unit"].astype(str).str.startswith("Jumlah ")]
    assert len(sums) == 1_000
    for s, n, t in sums[["status", "jumlah", "total"]].itertuples(index=False):
        values = per_status.get_group(s).tolist()
        assert (n, t) == (len(values), _mean(values))
    everyone = table[table["unit"] == ipasn.SELURUH].iloc[0]
    assert (everyone["jumlah"], everyone["total"]) == (rows, _mean(scores["total"].tolist()))
