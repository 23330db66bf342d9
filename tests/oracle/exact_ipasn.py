"""Every computed figure of an ipasn workbook by DESIGN.md §4 (IP-ASN), in exact arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tests.oracle.exact import IPASN, classify, exact, mean
from tests.oracle.figures import Figures, Key
from tests.oracle.settings import IpasnSetting

F = Fraction
KUALIFIKASI = {
    "S3": 25,
    "S2": 20,
    "S1": 15,
    "D4": 15,
    "D3": 10,
    "D2": 5,
    "D1": 5,
    "SLTA": 5,
    "SLTP": 1,
    "SD": 1,
}
PREDIKAT_SKP = {
    "Sangat Baik": 30,
    "Baik": 25,
    "Cukup": 15,
    "Butuh Perbaikan": 15,
    "Kurang": 5,
    "Sangat Kurang": 1,
    "Buruk": 1,
}
DISIPLIN = {"Tidak Pernah": 5, "Ringan": 3, "Sedang": 2, "Berat": 1}
DIMENSIONS = ("Kualifikasi", "Kompetensi", "Kinerja", "Disiplin")
BOBOT = {"Kualifikasi": 25, "Kompetensi": 40, "Kinerja": 30, "Disiplin": 5}
# The labels of the total rows as DESIGN §3 fixes them.
SELURUH = "Seluruh Pegawai"
SEMUA_STATUS = "Semua Status"


def jumlah(status: str) -> str:
    return f"Jumlah {status}"


def per_unit(key: tuple[str, str]) -> bool:
    """Whether a Rekap row is one unit's (not a total over units)."""
    return key[0] not in (SELURUH, jumlah(key[1]))


def kinerja_skp(nilai: Fraction) -> int:
    """Bands by lower bounds >90, >75, >60, >50, so 90,4 and 50,5 fall in a band."""
    if nilai > 90:
        return 30
    if nilai > 75:
        return 25
    if nilai > 60:
        return 15
    if nilai > 50:
        return 5
    return 1


@dataclass(frozen=True)
class Score:
    parts: dict[str, Fraction]  # exact dimension scores, a missing input counting 0
    complete: bool


def score(row: dict[str, Any]) -> Score:
    missing = False
    kual = KUALIFIKASI.get(row["Pendidikan"])
    missing |= kual is None
    jp = exact(row["JP Diklat Teknis"])
    seminar = row["Seminar"]
    teknis = None if jp is None else jp >= 20
    if row["Jenis Jabatan"] == "Pelaksana":
        # Diklat jenjang does not count for Pelaksana, so its blank is not missing data.
        components = [(teknis, F(45, 2)), (None if seminar is None else seminar == "Ya", F(35, 2))]
    else:
        jenjang = row["Diklat Jenjang"]
        components = [
            (None if jenjang is None else jenjang == "Ya", F(15)),
            (teknis, F(15)),
            (None if seminar is None else seminar == "Ya", F(10)),
        ]
    komp = F(0)
    for present, points in components:  # a missing component adds 0, the others count
        missing |= present is None
        komp += points if present else 0
    nilai = exact(row["Nilai SKP"])
    if nilai is not None:
        kin: int | None = kinerja_skp(nilai)
    else:
        kin = PREDIKAT_SKP.get(row["Predikat SKP"])
    missing |= kin is None
    dis = DISIPLIN.get(row["Hukuman Disiplin"])
    missing |= dis is None
    parts = {
        "Kualifikasi": F(kual or 0),
        "Kompetensi": komp,
        "Kinerja": F(kin or 0),
        "Disiplin": F(dis or 0),
    }
    return Score(parts, not missing)


def _inputs(row: dict[str, Any]) -> str:
    fields = (
        "Jenis Jabatan",
        "Pendidikan",
        "Diklat Jenjang",
        "JP Diklat Teknis",
        "Seminar",
        "Nilai SKP",
        "Predikat SKP",
        "Hukuman Disiplin",
    )
    return " ".join(f"{f}={row[f]!r}" for f in fields)


def ipasn_figures(setting: IpasnSetting, pegawai: list[dict[str, Any]], tags: list[str]) -> Figures:
    figs = Figures()
    rnd = setting.rounding
    groups: dict[tuple[str, str], list[int]] = {}
    complete: dict[int, bool] = {}
    for i, row in enumerate(pegawai):
        s = score(row)
        complete[i] = s.complete
        kw: dict[str, Any] = {"inputs": _inputs(row), "tag": tags[i]}
        for dim in DIMENSIONS:
            figs.number(("Pegawai", i, dim), s.parts[dim], rnd, **kw)
        t_key: Key = ("Pegawai", i, "Nilai IP ASN")
        shown = figs.number(t_key, sum(s.parts.values(), F(0)), rnd, **kw).value
        figs.add(("Pegawai", i, "Kategori"), classify(shown, IPASN), deps=(t_key,), **kw)
        unit, status = row["Unit Kerja"], row["Status"]
        for key in ((unit, status), (jumlah(status), status), (SELURUH, SEMUA_STATUS)):
            groups.setdefault(key, []).append(i)
    for key, members in groups.items():
        _rekap_row(figs, setting, key, members, complete)
    for dim in DIMENSIONS:
        skor_key: Key = ("Rekap", (SELURUH, SEMUA_STATUS), dim)
        skor = figs[skor_key].value
        figs.add(("Selisih", dim, "Bobot"), F(BOBOT[dim]), tag="selisih")
        figs.add(("Selisih", dim, "Skor"), skor, deps=(skor_key,), tag="selisih")
        raw = None if skor is None else BOBOT[dim] - skor
        figs.number(("Selisih", dim, "Selisih"), raw, rnd, deps=(skor_key,), tag="selisih")
    return figs


def _rekap_row(
    figs: Figures,
    setting: IpasnSetting,
    key: tuple[str, str],
    members: list[int],
    complete: dict[int, bool],
) -> None:
    """Means of the shown values; Kecualikan leaves incomplete rows out of every mean."""
    rnd = setting.rounding
    counted = [i for i in members if complete[i] or not setting.kecualikan]
    tag = "rekap-" + ("unit" if per_unit(key) else "seluruh")
    figs.add(("Rekap", key, "Jumlah Pegawai"), len(members), tag=tag)
    figs.add(("Rekap", key, "Data Lengkap"), sum(complete[i] for i in members), tag=tag)
    for column in (*DIMENSIONS, "Nilai IP ASN"):
        deps = tuple(("Pegawai", i, column) for i in counted)
        values: list[Fraction] = [figs[d].value for d in deps]  # type: ignore[misc]
        text = f"mean of {len(values)} shown {column}"
        figs.number(("Rekap", key, column), mean(values), rnd, deps=deps, inputs=text, tag=tag)
    n_key: Key = ("Rekap", key, "Nilai IP ASN")
    label = classify(figs[n_key].value, IPASN)
    figs.add(("Rekap", key, "Kategori"), label, deps=(n_key,), tag=tag)
    # §4: after rounding the dimension means need not add up to the index; the row says so.
    shown = [figs[("Rekap", key, c)].value for c in (*DIMENSIONS, "Nilai IP ASN")]
    note = None
    if all(v is not None for v in shown):
        note = "selisih" if sum(shown[:-1], Fraction(0)) != shown[-1] else None
    deps = tuple(("Rekap", key, c) for c in (*DIMENSIONS, "Nilai IP ASN"))
    figs.add(("Rekap", key, "Catatan"), note, deps=deps, tag=tag)
