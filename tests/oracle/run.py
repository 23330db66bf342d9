"""Run the oracle for one template: generate, recompute with the engine, compare."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.libreoffice import LibreOffice, run_script
from tests.oracle import engine, lo_ipasn, lo_kinerja
from tests.oracle.compare import CrossCheck, Disagreement, compare_engine, cross_check, summary
from tests.oracle.data_ipasn import generate_ipasn
from tests.oracle.data_kinerja import generate_kinerja
from tests.oracle.exact_ipasn import ipasn_figures
from tests.oracle.exact_kinerja import KinerjaOracle
from tests.oracle.settings import IPASN_SETTINGS, KINERJA_SETTINGS
from tests.oracle.workbooks import load, make_ipasn, make_kinerja, read_rows, recompute

LO_TIMEOUT = 300.0


@dataclass
class SettingResult:
    template: str
    setting: str
    compared: int
    skipped: int
    cross: CrossCheck
    disagreements: list[Disagreement]


@dataclass
class TemplateResult:
    template: str
    size: str
    settings: list[SettingResult] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def disagreements(self) -> list[Disagreement]:
        return [d for s in self.settings for d in s.disagreements]

    @property
    def faults(self) -> list[str]:
        return [f"{s.setting}: {f}" for s in self.settings for f in s.cross.faults]

    def report(self, limit: int = 60) -> str:
        lines = [f"== oracle {self.template}: {self.size}"]
        for s in self.settings:
            lines.append(
                f"  {s.setting}: {s.compared} figures compared with the engine"
                f" ({s.skipped} skipped: column absent), {len(s.disagreements)} disagreements;"
                f" LibreOffice formulas checked {s.cross.compared} figures,"
                f" {len(s.cross.decided_exactly)} decided by exact arithmetic at a tie,"
                f" {len(s.cross.faults)} oracle faults"
            )
        total = sum(s.compared for s in self.settings)
        lines.append(f"  total figures compared: {total}; disagreements: {len(self.disagreements)}")
        lines.append("  time: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items()))
        if self.disagreements:
            lines.append("  disagreements by column and case:")
            lines += ["   " + line for line in summary(self.disagreements)]
            ordered = sorted(self.disagreements, key=lambda d: d.follows)  # causes first
            lines.append(f"  first {limit}:")
            lines += ["   " + d.line() for d in ordered[:limit]]
        for fault in self.faults[:limit]:
            lines.append("  ORACLE FAULT " + fault)
        return "\n".join(lines)


def recalculate(office: LibreOffice, path: Path, sheets: list[str]) -> dict[str, list[list]]:
    # _call starts a fresh soffice when an earlier document took the session's one down.
    request = {"port": office.port, "path": str(path.resolve()), "sheets": sheets}
    answer = office._call(lambda: run_script("lo_values", request, timeout=LO_TIMEOUT))
    return answer["sheets"]


def run_kinerja(folder: Path, office: LibreOffice) -> TemplateResult:
    clock = time.monotonic()
    data = generate_kinerja()
    paths = make_kinerja(folder, data, KINERJA_SETTINGS)
    seconds = {"generate": time.monotonic() - clock}
    sizes = {
        "Indikator": len(data.indikator),
        "Triwulan": len(data.triwulan),
        "Anggaran": len(data.anggaran),
        "Riwayat": len(data.riwayat),
    }
    # The inputs as the cells hold them, read back from the file the engine gets.
    wb = load(paths[KINERJA_SETTINGS[0].name])
    tables = {
        "indikator": read_rows(wb, "tblIndikator", sizes["Indikator"]),
        "triwulan": read_rows(wb, "tblTriwulan", sizes["Triwulan"]),
        "anggaran": read_rows(wb, "tblAnggaran", sizes["Anggaran"]),
        "evaluasi": [row["Nilai"] for row in read_rows(wb, "tblEvaluasiSakip")],
        "riwayat": read_rows(wb, "tblRiwayat", sizes["Riwayat"]),
    }
    tags = {
        "indikator": data.indikator_tags,
        "triwulan": data.triwulan_tags,
        "anggaran": data.anggaran_tags,
        "riwayat": data.riwayat_tags,
    }
    clock = time.monotonic()
    oracle_path = folder / "oracle-kinerja.xlsx"
    cells = lo_kinerja.build(oracle_path, tables, KINERJA_SETTINGS)
    lo = recalculate(
        office, oracle_path, sorted({c[0] for m in cells.values() for c in m.values()})
    )
    seconds["libreoffice"] = time.monotonic() - clock
    result = TemplateResult(
        "kinerja",
        f"{sizes['Indikator']} indicators, {sizes['Triwulan']} quarter rows, "
        f"{sizes['Anggaran']} budget rows, {sizes['Riwayat']} past-year rows, "
        f"{len(KINERJA_SETTINGS)} settings",
        seconds=seconds,
    )
    seconds["engine"] = 0.0
    for setting in KINERJA_SETTINGS:
        figs = KinerjaOracle(setting, tables, tags).compute()
        cross = cross_check(figs, cells[setting.name], lo)
        clock = time.monotonic()
        recompute(paths[setting.name])
        seconds["engine"] += time.monotonic() - clock
        got, present = engine.kinerja_cells(paths[setting.name], sizes)
        skip = {k for k in figs if k[0] == "Ringkasan" and k[1] != "name" and k[2] not in present}
        compared, found = compare_engine("kinerja", setting.name, figs, got, skip)
        result.settings.append(
            SettingResult("kinerja", setting.name, compared, len(skip), cross, found)
        )
    return result


def run_ipasn(folder: Path, office: LibreOffice) -> TemplateResult:
    clock = time.monotonic()
    data = generate_ipasn()
    paths = make_ipasn(folder, data, IPASN_SETTINGS)
    seconds = {"generate": time.monotonic() - clock}
    n = len(data.pegawai)
    pegawai = read_rows(load(paths[IPASN_SETTINGS[0].name]), "tblPegawai", n)
    clock = time.monotonic()
    oracle_path = folder / "oracle-ipasn.xlsx"
    cells = lo_ipasn.build(oracle_path, pegawai, IPASN_SETTINGS)
    lo = recalculate(
        office, oracle_path, sorted({c[0] for m in cells.values() for c in m.values()})
    )
    seconds["libreoffice"] = time.monotonic() - clock
    result = TemplateResult(
        "ipasn", f"{n} employees, {len(IPASN_SETTINGS)} settings", seconds=seconds
    )
    seconds["engine"] = 0.0
    for setting in IPASN_SETTINGS:
        figs = ipasn_figures(setting, pegawai, data.tags)
        cross = cross_check(figs, cells[setting.name], lo)
        clock = time.monotonic()
        recompute(paths[setting.name])
        seconds["engine"] += time.monotonic() - clock
        got, present = engine.ipasn_cells(paths[setting.name], n)
        skip = {k for k in figs if k[0] == "Rekap" and k[2] not in present}
        compared, found = compare_engine("ipasn", setting.name, figs, got, skip)
        result.settings.append(
            SettingResult("ipasn", setting.name, compared, len(skip), cross, found)
        )
    return result
