"""Every computed figure of a kinerja workbook by DESIGN.md §3-§4, in exact arithmetic."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from tests.oracle.data_kinerja import TAHUN
from tests.oracle.exact import SAKIP, Capaian, capaian, classify, exact, mean
from tests.oracle.figures import Figures, Key
from tests.oracle.settings import KinerjaSetting

AGREGASI = ("Kumulatif", "Akhir", "Rata-rata", "Maksimum")


def kode_key(kode: object) -> str | None:
    """Kode matching ignores letter case and surrounding spaces (§4, as Excel's MATCH)."""
    return kode.strip().upper() if isinstance(kode, str) and kode.strip() else None


def show(value: object) -> str:
    return "kosong" if value is None else repr(value)


def derived_realisasi(agregasi: object, quarters: dict[int, Fraction]) -> Fraction | None:
    """§3: a blank annual Realisasi from the filled quarters, by the indicator's Agregasi."""
    if not quarters or agregasi not in AGREGASI:
        return None
    values = [quarters[q] for q in sorted(quarters)]
    if agregasi == "Kumulatif":
        return sum(values, Fraction(0))
    if agregasi == "Akhir":
        return values[-1]
    if agregasi == "Rata-rata":
        return mean(values)
    return max(values)


def total(values) -> Fraction:
    return sum((v for v in values if v is not None), Fraction(0))


class KinerjaOracle:
    """The figures of one kinerja workbook under one setting."""

    def __init__(self, setting: KinerjaSetting, tables: dict[str, Any], tags: dict[str, list]):
        self.setting = setting
        self.rnd = setting.rounding
        self.tables = tables
        self.tags = tags
        self.figs = Figures()
        self.by_kode = {kode_key(r["Kode"]): i for i, r in enumerate(tables["indikator"])}
        self.capaian_key: dict[int, Key] = {}

    def capaian(self, target, realisasi, polaritas) -> Capaian:
        s = self.setting
        return capaian(
            target,
            realisasi,
            polaritas == "Negatif",
            metode_negatif=str(s.value("Metode_Negatif")),
            batas_bawah_nol=s.value("Batas_Bawah_Nol") == "Ya",
            batas_atas=s.batas_atas,
            rounding=self.rnd,
        )

    def add_capaian(self, sheet: str, i: int, c: Capaian, inputs: str, tag: str) -> Key:
        key: Key = (sheet, i, "Capaian")
        self.figs.number(key, c.raw, self.rnd, inputs=inputs, tag=tag)
        assert self.figs[key].value == c.shown
        label = classify(c.shown, self.setting.skala)
        self.figs.add((sheet, i, "Predikat"), label, deps=(key,), inputs=inputs, tag=tag)
        self.figs.add((sheet, i, "Status"), c.status, deps=(key,), inputs=inputs, tag=tag)
        return key

    def compute(self) -> Figures:
        quarters = self.quarters()
        for i, row in enumerate(self.tables["indikator"]):
            self.indikator(i, row, quarters)
        for j, row in enumerate(self.tables["triwulan"]):
            self.triwulan(j, row)
        for j, row in enumerate(self.tables["anggaran"]):
            self.anggaran(j, row)
        for j, row in enumerate(self.tables["riwayat"]):
            self.riwayat(j, row)
        self.sasaran()
        self.instansi()
        self.sakip()
        return self.figs

    def quarters(self) -> dict[str, dict[int, Fraction]]:
        found: dict[str, dict[int, Fraction]] = {}
        for row in self.tables["triwulan"]:
            k, r = kode_key(row["Kode"]), exact(row["Realisasi"])
            if k is not None and r is not None and row["Triwulan"] in ("TW1", "TW2", "TW3", "TW4"):
                found.setdefault(k, {})[int(row["Triwulan"][2])] = r
        return found

    def indikator(self, i: int, row: dict, quarters: dict[str, dict[int, Fraction]]) -> None:
        tag = self.tags["indikator"][i]
        t, r = exact(row["Target"]), exact(row["Realisasi"])
        note = ""
        if r is None and row.get("Agregasi"):
            r = derived_realisasi(row["Agregasi"], quarters.get(kode_key(row["Kode"]), {}))
            note = f" (R {row['Agregasi']} triwulan = {r})"
        inputs = f"{row['Polaritas']} T={show(row['Target'])} R={show(row['Realisasi'])}{note}"
        c = self.capaian(t, r, row["Polaritas"])
        self.capaian_key[i] = self.add_capaian("Indikator", i, c, inputs, tag)
        for column, target in (
            ("Capaian Renstra", "Target Akhir Renstra"),
            ("Capaian Nasional", "Target Nasional"),
        ):
            other = self.capaian(exact(row.get(target)), r, row["Polaritas"])
            text = f"{inputs} {target}={show(row.get(target))}"
            self.figs.number(("Indikator", i, column), other.raw, self.rnd, inputs=text, tag=tag)
        lalu = exact(row.get("Realisasi Tahun Lalu"))
        if lalu is None:
            lalu = self.last_year(row["Kode"])
        self.perubahan(i, r, lalu, row["Polaritas"], inputs, tag)

    def last_year(self, kode: object) -> Fraction | None:
        """§4: a blank Realisasi Tahun Lalu is Riwayat's realisasi of the year before Tahun
        (the first such row with a number)."""
        for past in self.tables["riwayat"]:
            if kode_key(past["Kode"]) == kode_key(kode) and past["Tahun"] == TAHUN - 1:
                value = exact(past["Realisasi"])
                if value is not None:
                    return value
        return None

    def riwayat(self, j: int, row: dict) -> None:
        """Past capaian by the same rules, with the polarity of the indicator of that Kode;
        a Kode of no indicator computes nothing."""
        tag = self.tags["riwayat"][j]
        i = self.by_kode.get(kode_key(row["Kode"]))
        inputs = f"Kode={row['Kode']!r} T={show(row['Target'])} R={show(row['Realisasi'])}"
        raw = None
        if i is not None:
            pol = self.tables["indikator"][i]["Polaritas"]
            raw = self.capaian(exact(row["Target"]), exact(row["Realisasi"]), pol).raw
        key: Key = ("Riwayat", j, "Capaian")
        shown = self.figs.number(key, raw, self.rnd, inputs=inputs, tag=tag).value
        label = classify(shown, self.setting.skala)
        self.figs.add(("Riwayat", j, "Predikat"), label, deps=(key,), inputs=inputs, tag=tag)

    def perubahan(self, i: int, r, lalu, polaritas: str, inputs: str, tag: str) -> None:
        """§4 comparisons: R_t - R_t-1 and (R_t / R_t-1 - 1) x 100 (no percent when R_t-1 is 0
        or negative; nothing when either is blank); Arah the sign of the shown change,
        Kecenderungan that read with the polarity."""
        text = f"{inputs} R_t-1={show(lalu)}"
        both = r is not None and lalu is not None
        p_key: Key = ("Indikator", i, "Perubahan")
        poin = self.figs.number(p_key, r - lalu if both else None, self.rnd, inputs=text, tag=tag)
        persen = (r / lalu - 1) * 100 if both and lalu > 0 else None
        self.figs.number(("Indikator", i, "Perubahan (%)"), persen, self.rnd, inputs=text, tag=tag)
        shown = poin.value
        arah = None
        if shown is not None:
            arah = "Meningkat" if shown > 0 else "Menurun" if shown < 0 else "Tetap"
        a_key: Key = ("Indikator", i, "Arah")
        self.figs.add(a_key, arah, deps=(p_key,), inputs=text, tag=tag)
        trend = None
        if arah == "Tetap":
            trend = "Tetap"
        elif arah is not None:
            trend = "Membaik" if (arah == "Meningkat") == (polaritas == "Positif") else "Memburuk"
        self.figs.add(("Indikator", i, "Kecenderungan"), trend, deps=(a_key,), inputs=text, tag=tag)

    def triwulan(self, j: int, row: dict) -> None:
        i = self.by_kode.get(kode_key(row["Kode"]))
        assert i is not None, f"generated triwulan row {j} refers to no indicator"
        pol = self.tables["indikator"][i]["Polaritas"]
        c = self.capaian(exact(row["Target"]), exact(row["Realisasi"]), pol)
        inputs = f"Kode={row['Kode']!r} {pol} T={show(row['Target'])} R={show(row['Realisasi'])}"
        self.add_capaian("Triwulan", j, c, inputs, self.tags["triwulan"][j])

    def efisiensi(self, capaian_shown, serapan_shown) -> Fraction | None:
        if capaian_shown is None or serapan_shown is None:
            return None
        if self.setting.value("Metode_Efisiensi") == "selisih":
            return capaian_shown - serapan_shown
        return None if serapan_shown == 0 else capaian_shown / serapan_shown

    def anggaran(self, j: int, row: dict) -> None:
        tag = self.tags["anggaran"][j]
        pagu, real = exact(row["Pagu"]), exact(row["Realisasi Anggaran"])
        inputs = (
            f"Kode={row['Kode Indikator']!r} Pagu={show(row['Pagu'])} "
            f"Realisasi={show(row['Realisasi Anggaran'])}"
        )
        raw_s = real / pagu * 100 if pagu and real is not None else None  # pagu 0: no serapan
        s_key: Key = ("Anggaran", j, "Serapan")
        serapan = self.figs.number(s_key, raw_s, self.rnd, inputs=inputs, tag=tag).value
        i = self.by_kode.get(kode_key(row["Kode Indikator"]))
        assert i is not None, f"generated anggaran row {j} refers to no indicator"
        c_key = self.capaian_key[i]
        cap = self.figs[c_key].value
        text = f"{inputs}; indikator {self.figs[c_key].inputs}"
        k_key: Key = ("Anggaran", j, "Capaian Kinerja")
        self.figs.add(k_key, cap, deps=(c_key,), inputs=text, tag=tag)
        e_key: Key = ("Anggaran", j, "Efisiensi")
        text = f"{inputs} capaian={show(cap)} serapan={show(serapan)}"
        raw_e = self.efisiensi(cap, serapan)
        eff = self.figs.number(e_key, raw_e, self.rnd, deps=(k_key, s_key), inputs=text, tag=tag)
        label = classify(eff.value, self.setting.efisiensi_bands)
        k2: Key = ("Anggaran", j, "Kategori Efisiensi")
        self.figs.add(k2, label, deps=(e_key,), inputs=text, tag=tag)

    def sasaran(self) -> None:
        groups: dict[str, list[int]] = {}
        for i, row in enumerate(self.tables["indikator"]):
            groups.setdefault(row["Sasaran"], []).append(i)
        for name, members in groups.items():
            keys = tuple(self.capaian_key[i] for i in members)
            values = [self.figs[k].value for k in keys if self.figs[k].value is not None]
            kw: dict[str, Any] = {"deps": keys, "tag": "sasaran"}
            self.figs.add(("Ringkasan", name, "Jumlah Indikator"), len(members), tag="sasaran")
            self.figs.add(("Ringkasan", name, "Indikator Dihitung"), len(values), **kw)
            m_key: Key = ("Ringkasan", name, "Rata-rata Capaian")
            text = f"mean of {len(values)} shown capaian"
            shown = self.figs.number(m_key, mean(values), self.rnd, inputs=text, **kw).value
            label = classify(shown, self.setting.skala)
            self.figs.add(("Ringkasan", name, "Predikat"), label, deps=(m_key,), tag="sasaran")

    def instansi(self) -> None:
        keys = tuple(self.capaian_key.values())
        values = [self.figs[k].value for k in keys if self.figs[k].value is not None]
        r_key: Key = ("Ringkasan", "name", "Rata_Capaian")
        text = f"mean of {len(values)} shown capaian"
        kw: dict[str, Any] = {"tag": "instansi"}
        rata = self.figs.number(r_key, mean(values), self.rnd, deps=keys, inputs=text, **kw).value
        label = classify(rata, self.setting.skala)
        self.figs.add(("Ringkasan", "name", "Predikat_Instansi"), label, deps=(r_key,), **kw)
        rows = self.tables["anggaran"]
        pagu = total(exact(r["Pagu"]) for r in rows)
        real = total(exact(r["Realisasi Anggaran"]) for r in rows)
        s_key: Key = ("Ringkasan", "name", "Serapan_Total")
        raw_s = real / pagu * 100 if pagu else None
        text = f"{real} / {pagu} x 100"
        serapan = self.figs.number(s_key, raw_s, self.rnd, inputs=text, **kw).value
        e_key: Key = ("Ringkasan", "name", "Efisiensi_Instansi")
        text = f"Rata_Capaian={show(rata)} Serapan_Total={show(serapan)}"
        raw_e = self.efisiensi(rata, serapan)
        self.figs.number(e_key, raw_e, self.rnd, deps=(r_key, s_key), inputs=text, **kw)

    def sakip(self) -> None:
        nilai = self.tables["evaluasi"]
        key: Key = ("Evaluasi", "name", "Nilai_SAKIP")
        text = "komponen " + " + ".join(show(v) for v in nilai)
        raw = total(exact(v) for v in nilai)
        shown = self.figs.number(key, raw, self.rnd, inputs=text, tag="sakip").value
        label = classify(shown, SAKIP)  # always the sakip preset (§4 SAKIP evaluation)
        self.figs.add(("Evaluasi", "name", "Predikat_SAKIP"), label, deps=(key,), tag="sakip")
