"""A person in another office fills a template in LibreOffice; the real CLI recomputes it.

DESIGN §6: LibreOffice edits workbooks "the way a person in another office would". The inputs are
the golden cases of the reference reports (``tests/data/reference/golden_public.json``), typed over
UNO into a fresh template and saved as .xlsx by LibreOffice. ``lkjip-xl recompute FILE`` runs as a
subprocess; the results are read back with openpyxl (cached values) and with LibreOffice (which
opens and recalculates the file), and compared with

- the core called on the same inputs, rounded as the cells show figures (``Desimal`` 2, half up),
  so later figures (efisiensi, means) use the shown numbers;
- the figures the reports print (``printed(value, case) == case["expected"]``).

DESIGN §5: a recompute never changes an input cell, so every input cell reads the same before and
after.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils.cell import range_boundaries

from lkjip_xl import capaian as core_capaian
from lkjip_xl import efisiensi as core_efisiensi
from lkjip_xl import evaluasi_sakip, ipasn_pegawai, predikat
from lkjip_xl import serapan as core_serapan
from lkjip_xl.core import ipasn as core_ipasn
from lkjip_xl.core.rounding import round_value
from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import Table, Template, template
from tests.reference import golden_cases, load, printed

pytestmark = pytest.mark.libreoffice

KINERJA = template("kinerja")
IPASN = template("ipasn")
IND = KINERJA.table("tblIndikator")
ANG = KINERJA.table("tblAnggaran")
EVA = KINERJA.table("tblEvaluasiSakip")
RINGKASAN = KINERJA.table("tblRingkasanSasaran")
LOG = KINERJA.table("tblLog")
PEG = IPASN.table("tblPegawai")
REKAP = IPASN.table("tblRekap")
SELISIH = IPASN.table("tblSelisih")

# The templates' defaults, which the person leaves as they are.
DESIMAL = KINERJA.named("Desimal").default
assert DESIMAL == IPASN.named("Desimal").default == 2
SKALA = KINERJA.named("Skala_Capaian").default
METODE_EFISIENSI = KINERJA.named("Metode_Efisiensi").default
SKALA_EFISIENSI = f"efisiensi-{METODE_EFISIENSI}"  # what tblSkalaEfisiensi is prefilled with

IDENTITAS = {"Instansi": "Pemerintah Kota Uji", "Unit_Kerja": "BKPSDM", "Tahun": 2021}


def shown(value: float | None) -> float | None:
    """A figure as a computed cell holds it (Desimal 2, Pembulatan half up)."""
    return round_value(value, DESIMAL)


def status_of(value: float | None) -> str | None:
    if value is None:
        return None
    return "Melebihi Target" if value > 100 else "Tercapai" if value == 100 else "Tidak Tercapai"


def quote_sheet(name: str) -> str:
    """As the harness prints addresses: plain names bare, others in single quotes."""
    plain = name.replace("_", "").isalnum() and not name[0].isdigit()
    return name if plain else "'" + name.replace("'", "''") + "'"


def require_golden() -> None:
    """Fail when the shipped reference data is missing, instead of testing nothing."""
    load("golden_public.json")


# --- typing in LibreOffice --------------------------------------------------------------------


def put(sheet: str, cell: str, value: Any) -> dict[str, Any]:
    return {"op": "set", "sheet": sheet, "cell": cell, "value": value}


def put_row(table: Table, index: int, values: dict[str, Any]) -> list[dict[str, Any]]:
    """Type one row (column key -> value) into data row ``index`` (0-based) of ``table``."""
    row = table.first_data_row + index
    return [
        put(table.sheet, f"{table.letter(key)}{row}", value)
        for key, value in values.items()
        if value is not None
    ]


def put_names(spec: Template, values: dict[str, Any]) -> list[dict[str, Any]]:
    return [put(spec.named(k).sheet, spec.named(k).cell, v) for k, v in values.items()]


def lkjip_xl_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``lkjip-xl`` console script, as a user would."""
    exe = shutil.which("lkjip-xl", path=str(Path(sys.executable).parent)) or shutil.which(
        "lkjip-xl"
    )
    assert exe, "the lkjip-xl console script is not installed (pip install -e .)"
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=600)


def recompute(path: Path) -> None:
    result = lkjip_xl_cli("recompute", str(path))
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"


# --- reading results ---------------------------------------------------------------------------

Getter = Callable[[str, str], Any]


def openpyxl_view(path: Path) -> Getter:
    """Cell values as stored in the file (what Excel shows before it recalculates anything)."""
    wb = openpyxl.load_workbook(path, data_only=True)
    return lambda sheet, ref: wb[sheet][ref].value


def libreoffice_view(info: dict[str, Any]) -> Getter:
    cells = info["cells"]
    return lambda sheet, ref: cells.get(sheet, {}).get(ref)


def read_rows(get: Getter, table: Table, count: int, start: int = 0) -> list[dict[str, Any]]:
    return [
        {
            c.key: get(table.sheet, f"{table.letter(c.key)}{table.first_data_row + i}")
            for c in table.columns
        }
        for i in range(start, start + count)
    ]


def read_name(get: Getter, spec: Template, name: str) -> Any:
    named = spec.named(name)
    return get(named.sheet, named.cell)


def differences(got: list[dict[str, Any]], expected: list[dict[str, Any]]) -> list[str]:
    """Row-by-row differences on the keys of ``expected`` (numbers compared as numbers)."""
    assert len(got) == len(expected)
    found = []
    for i, (g, e) in enumerate(zip(got, expected, strict=True)):
        for key, want in e.items():
            if g[key] != want:
                found.append(f"row {i} {key}: workbook {g[key]!r}, expected {want!r}")
    return found


def input_cells(path: Path, spec: Template) -> dict[tuple[str, str], tuple[Any, str]]:
    """Every input cell of every table (over the table's current range) and every input name:
    (sheet, cell) -> (value, openpyxl data type)."""
    wb = openpyxl.load_workbook(path)
    cells: dict[tuple[str, str], tuple[Any, str]] = {}
    for table in spec.tables:
        ws = wb[table.sheet]
        _, _, _, last_row = range_boundaries(ws.tables[table.name].ref)
        for column in table.input_columns:
            letter = table.letter(column.key)
            for row in range(table.first_data_row, last_row + 1):
                cell = ws[f"{letter}{row}"]
                cells[(table.sheet, cell.coordinate)] = (cell.value, cell.data_type)
    for named in spec.input_names:
        cell = wb[named.sheet][named.cell]
        cells[(named.sheet, named.cell)] = (cell.value, cell.data_type)
    return cells


def assert_typed_values_kept(get: Getter, operations: list[dict[str, Any]]) -> None:
    """What the person typed still reads the same (text stays text, numbers stay numbers)."""
    wrong = []
    for op in operations:
        if op["op"] != "set":
            continue
        value = get(op["sheet"], op["cell"])
        if value != op["value"] or isinstance(value, str) != isinstance(op["value"], str):
            wrong.append(f"{op['sheet']}!{op['cell']}: typed {op['value']!r}, reads {value!r}")
    assert not wrong, wrong


def last_log(get: Getter) -> dict[str, Any]:
    rows = read_rows(get, LOG, 10)
    filled = [r for r in rows if r["tindakan"] is not None]
    assert filled, "recompute wrote no Log row"
    return filled[-1]


def check_golden(case: dict[str, Any], core_value: float, workbook_value: Any) -> bool:
    """The report's printed figure from the core and, where it can be read back, the workbook.

    The workbook holds ``Desimal`` 2 half up. A report printing fewer decimals half up is read
    back by rounding the workbook value again, which is sound unless double rounding changes
    the result (117.647 -> 117.65 -> 117.7, the report prints 117.6): there, and for reports
    that truncate, the core's exact value gives the printed figure, and the workbook must hold
    that value as shown. Returns whether the workbook value itself gave the printed figure.
    """
    assert printed(core_value, case) == case["expected"], case["id"]
    assert workbook_value == shown(core_value), case["id"]
    decimals = case["decimals"]
    sound = case.get("rounding", "half_up") == "half_up" and round_value(
        shown(core_value), decimals
    ) == round_value(core_value, decimals)
    if sound:
        assert round_value(workbook_value, decimals, "half_up") == case["expected"], case["id"]
    return sound


# --- kinerja ------------------------------------------------------------------------------------


@dataclass
class Office:
    """One workbook: the capaian cases sharing one Pengaturan, and some budget lines."""

    batas_atas: float | None
    metode_negatif: str
    capaian: list[dict[str, Any]]
    serapan: list[dict[str, Any]] = field(default_factory=list)

    @property
    def id(self) -> str:
        batas = "tanpa-batas" if self.batas_atas is None else f"batas-{self.batas_atas:g}"
        return f"{batas}-{self.metode_negatif}-{self.capaian[0]['id']}"


def kinerja_offices() -> list[Office]:
    """Capaian cases grouped by the settings they need (Batas_Atas_Capaian, Metode_Negatif), at
    most a table's worth of indicators per workbook; budget lines spread over the workbooks."""
    groups: dict[tuple[float | None, str], list[dict[str, Any]]] = {}
    for case in golden_cases("capaian"):
        inputs = case["inputs"]
        key = (inputs.get("batas_atas"), inputs.get("metode_negatif", "lan"))
        groups.setdefault(key, []).append(case)
    offices = [
        Office(batas, metode, cases[start : start + IND.min_rows])
        for (batas, metode), cases in groups.items()
        for start in range(0, len(cases), IND.min_rows)
    ]
    for j, case in enumerate(golden_cases("serapan")):
        offices[j % len(offices)].serapan.append(case)
    assert all(len(o.serapan) <= ANG.min_rows for o in offices)
    return offices


OFFICES = kinerja_offices()


def indikator_rows(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for i, case in enumerate(cases):
        inputs = case["inputs"]
        target = inputs["target"]
        rows.append(
            {
                "kode": f"IKU-{i + 1:02d}",
                # Two indicators per sasaran: up to 15 rows, more than tblRingkasanSasaran holds
                # in the template.
                "sasaran": f"Sasaran {case['source'][:3]}-{i // 2 + 1:02d}",
                "indikator": case["id"],
                "satuan": "%",
                "polaritas": inputs["polaritas"].capitalize(),
                "target": target,
                "realisasi": inputs["realisasi"],
                # Some rows also compare with a Renstra end target and a national target.
                "target_akhir_renstra": round_value(target * 1.2, 2) if i % 3 == 0 else None,
                "target_nasional": target + 5 if i % 4 == 1 else None,
            }
        )
    return rows


def anggaran_rows(cases: list[dict[str, Any]], kode: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "kode_indikator": kode[j % len(kode)],
            "program_kegiatan": case["id"],
            "pagu": case["inputs"]["pagu"],
            "realisasi_anggaran": case["inputs"]["realisasi_anggaran"],
        }
        for j, case in enumerate(cases)
    ]


def sakip_nilai() -> dict[str, float]:
    """Component label of tblEvaluasiSakip -> the score of golden case 001-sakip-77-28."""
    case = next(c for c in golden_cases("sakip"))
    scores = case["inputs"]["komponen"]
    return {row["komponen"]: scores[row["komponen"].split()[0].lower()] for row in EVA.initial_rows}


def expected_indikator(row: dict[str, Any], office: Office) -> dict[str, Any]:
    def against(target: float | None) -> float | None:
        if target is None:
            return None
        value = core_capaian(
            target, row["realisasi"], row["polaritas"], office.metode_negatif, office.batas_atas
        )
        return shown(value)

    value = against(row["target"])
    return {
        "capaian": value,
        "predikat": predikat(value, SKALA),
        "status": status_of(value),
        "capaian_renstra": against(row["target_akhir_renstra"]),
        "capaian_nasional": against(row["target_nasional"]),
    }


def expected_anggaran(row: dict[str, Any], capaian_by_kode: dict[str, float]) -> dict[str, Any]:
    serapan = shown(core_serapan(row["pagu"], row["realisasi_anggaran"]))
    capaian = capaian_by_kode[row["kode_indikator"]]
    eff = shown(core_efisiensi(capaian, serapan, METODE_EFISIENSI))
    return {
        "serapan": serapan,
        "capaian_kinerja": capaian,
        "efisiensi": eff,
        "kategori_efisiensi": predikat(eff, SKALA_EFISIENSI),
    }


def expected_summary(
    ind: list[dict[str, Any]], ind_expected: list[dict[str, Any]], ang: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    per_sasaran: dict[str, list[float]] = {}
    for row, exp in zip(ind, ind_expected, strict=True):
        per_sasaran.setdefault(row["sasaran"], []).append(exp["capaian"])
    sasaran = [
        {
            "sasaran": name,
            "jumlah_indikator": len(values),
            "rata_rata_capaian": shown(fmean(values)),
            "predikat": predikat(shown(fmean(values)), SKALA),
        }
        for name, values in per_sasaran.items()
    ]
    rata = shown(fmean(e["capaian"] for e in ind_expected))
    serapan_total = shown(
        core_serapan(sum(r["pagu"] for r in ang), sum(r["realisasi_anggaran"] for r in ang))
    )
    sakip = evaluasi_sakip(sakip_nilai())
    names = {
        "Rata_Capaian": rata,
        "Predikat_Instansi": predikat(rata, SKALA),
        "Serapan_Total": serapan_total,
        "Efisiensi_Instansi": shown(core_efisiensi(rata, serapan_total, METODE_EFISIENSI)),
        "Nilai_SAKIP": sakip.total,
        "Predikat_SAKIP": sakip.predikat,
    }
    return sasaran, names


def kinerja_operations(office: Office) -> tuple[list, list, list]:
    ind = indikator_rows(office.capaian)
    ang = anggaran_rows(office.serapan, [r["kode"] for r in ind])
    ops = put_names(KINERJA, IDENTITAS)
    if office.batas_atas is not None:
        ops += put_names(KINERJA, {"Batas_Atas_Capaian": office.batas_atas})
    if office.metode_negatif != KINERJA.named("Metode_Negatif").default:
        ops += put_names(KINERJA, {"Metode_Negatif": office.metode_negatif})
    for i, row in enumerate(ind):
        ops += put_row(IND, i, row)
    for j, row in enumerate(ang):
        ops += put_row(ANG, j, row)
    nilai = sakip_nilai()
    for k, row in enumerate(EVA.initial_rows):
        ops += put_row(EVA, k, {"nilai": nilai[row["komponen"]]})
    return ops, ind, ang


@pytest.mark.parametrize("office", OFFICES or [None], ids=[o.id for o in OFFICES] or ["none"])
def test_kinerja_filled_in_libreoffice_recomputes_to_core_and_report_figures(
    libreoffice, tmp_path, office
):
    require_golden()
    assert office is not None
    fresh = build_template("kinerja", tmp_path / "kinerja.xlsx")
    ops, ind, ang = kinerja_operations(office)
    filled = libreoffice.edit(fresh, tmp_path / "kinerja-kantor.xlsx", ops)

    before = input_cells(filled, KINERJA)
    assert_typed_values_kept(openpyxl_view(filled), ops)
    recompute(filled)
    assert input_cells(filled, KINERJA) == before

    ind_expected = [expected_indikator(row, office) for row in ind]
    capaian_by_kode = {r["kode"]: e["capaian"] for r, e in zip(ind, ind_expected, strict=True)}
    ang_expected = [expected_anggaran(row, capaian_by_kode) for row in ang]
    sasaran_expected, names_expected = expected_summary(ind, ind_expected, ang)
    assert names_expected["Nilai_SAKIP"] == 77.28 and names_expected["Predikat_SAKIP"] == "BB"

    info = libreoffice.inspect(filled)
    assert info["errors"] == [], info["error_details"]
    assert_typed_values_kept(libreoffice_view(info), ops)
    for reader, get in (
        ("openpyxl", openpyxl_view(filled)),
        ("LibreOffice", libreoffice_view(info)),
    ):
        problems = differences(read_rows(get, IND, len(ind)), ind_expected)
        problems += differences(read_rows(get, ANG, len(ang)), ang_expected)
        problems += differences(read_rows(get, RINGKASAN, len(sasaran_expected)), sasaran_expected)
        problems += [
            f"{name}: workbook {read_name(get, KINERJA, name)!r}, expected {want!r}"
            for name, want in names_expected.items()
            if read_name(get, KINERJA, name) != want
        ]
        # Rows nobody filled stay blank in every computed column.
        for table, used in ((IND, len(ind)), (ANG, len(ang))):
            for i, row in enumerate(read_rows(get, table, table.min_rows - used, start=used)):
                filled_cells = {
                    c.key: row[c.key] for c in table.computed_columns if row[c.key] is not None
                }
                if filled_cells:
                    problems.append(f"{table.name} empty row {used + i}: {filled_cells}")
        (after_summary,) = read_rows(get, RINGKASAN, 1, start=len(sasaran_expected))
        if any(v is not None for v in after_summary.values()):
            problems.append(f"tblRingkasanSasaran has a stale row: {after_summary}")
        assert not problems, f"{reader} reads:\n" + "\n".join(problems)
        log = last_log(get)
        assert log["tindakan"] == "Hitung Ulang" and log["galat"] == 0, log
    # The summary table took exactly one row per sasaran (it grew or shrank from the template's).
    sheet = quote_sheet(RINGKASAN.sheet)
    last = RINGKASAN.header_row + len(sasaran_expected)
    assert info["database_ranges"][RINGKASAN.name] == (
        f"{sheet}!{RINGKASAN.anchor}:{RINGKASAN.last_letter}{last}"
    )

    # The note says when a formula for negative polarity or Batas_Atas_Capaian shaped a figure.
    for row, got in zip(ind, read_rows(openpyxl_view(filled), IND, len(ind)), strict=True):
        uncapped = core_capaian(
            row["target"], row["realisasi"], row["polaritas"], office.metode_negatif
        )
        note = got["catatan"] or ""
        if office.batas_atas is not None and uncapped > office.batas_atas:
            assert "Batas_Atas_Capaian" in note, (row["indikator"], note)
        else:
            assert "Batas_Atas_Capaian" not in note, (row["indikator"], note)
        if row["polaritas"] == "Negatif":
            assert "negatif" in note, (row["indikator"], note)

    # Each golden case against the figure its report prints.
    get = openpyxl_view(filled)
    got_ind = read_rows(get, IND, len(ind))
    read_back = 0
    for case, row, got in zip(office.capaian, ind, got_ind, strict=True):
        inputs = case["inputs"]
        core_value = core_capaian(
            inputs["target"],
            inputs["realisasi"],
            inputs["polaritas"],
            inputs.get("metode_negatif", "lan"),
            inputs["batas_atas"],
        )
        assert got["indikator"] == case["id"] == row["indikator"]
        read_back += check_golden(case, core_value, got["capaian"])
    got_ang = read_rows(get, ANG, len(ang))
    for case, got in zip(office.serapan, got_ang, strict=True):
        inputs = case["inputs"]
        assert got["program_kegiatan"] == case["id"]
        core_value = core_serapan(inputs["pagu"], inputs["realisasi_anggaran"])
        read_back += check_golden(case, core_value, got["serapan"])
    # Most printed figures come straight from the workbook's own (2-decimal) value.
    assert read_back >= (len(office.capaian) + len(office.serapan)) // 2


def test_row_inserted_inside_tblindikator_in_libreoffice_is_computed(libreoffice, tmp_path):
    """A second person inserts a row between two indicators of a computed workbook, types an
    indicator there and a budget line for it; the next recompute covers that row too."""
    require_golden()
    settings = Office(None, "lan", [])  # the template's defaults
    cases = [
        c
        for c in golden_cases("capaian")
        if c["inputs"]["batas_atas"] is None and c["inputs"].get("metode_negatif", "lan") == "lan"
    ]
    positif = [c for c in cases if c["inputs"]["polaritas"] == "positif"][:3]
    negatif = next((c for c in cases if c["inputs"]["polaritas"] == "negatif"), cases[-1])
    serapan = golden_cases("serapan")[:2]
    first = indikator_rows(positif)
    ang_first = anggaran_rows(serapan[:1], ["IKU-02"])
    ops = put_names(KINERJA, IDENTITAS)
    for i, row in enumerate(first):
        ops += put_row(IND, i, row)
    ops += put_row(ANG, 0, ang_first[0])
    fresh = build_template("kinerja", tmp_path / "kinerja.xlsx")
    book = libreoffice.edit(fresh, tmp_path / "kinerja-kantor.xlsx", ops)
    recompute(book)

    (inserted,) = indikator_rows([negatif])
    inserted |= {"kode": "IKU-04", "sasaran": first[0]["sasaran"]}
    ang_new = anggaran_rows(serapan[1:2], ["IKU-04"])
    at = IND.first_data_row + 1  # between IKU-01 and IKU-02
    ops = [{"op": "insert_rows", "sheet": IND.sheet, "row": at, "count": 1}]
    ops += put_row(IND, 1, inserted)
    ops += put_row(ANG, 1, ang_new[0])
    book = libreoffice.edit(book, tmp_path / "kinerja-kantor-2.xlsx", ops)
    info = libreoffice.inspect(book)
    grown = f"{quote_sheet(IND.sheet)}!{IND.anchor}:{IND.last_letter}{IND.last_row + 1}"
    assert info["database_ranges"][IND.name] == grown, "LibreOffice grows the table by the row"
    before = input_cells(book, KINERJA)
    recompute(book)
    assert input_cells(book, KINERJA) == before

    ind = [first[0], inserted, first[1], first[2]]
    ind_expected = [expected_indikator(row, settings) for row in ind]
    capaian_by_kode = {r["kode"]: e["capaian"] for r, e in zip(ind, ind_expected, strict=True)}
    ang = ang_first + ang_new
    ang_expected = [expected_anggaran(row, capaian_by_kode) for row in ang]
    assert ind_expected[1]["capaian"] is not None

    info = libreoffice.inspect(book)
    assert info["errors"] == [], info["error_details"]
    for reader, get in (("openpyxl", openpyxl_view(book)), ("LibreOffice", libreoffice_view(info))):
        got = read_rows(get, IND, len(ind))
        assert [r["kode"] for r in got] == ["IKU-01", "IKU-04", "IKU-02", "IKU-03"], reader
        problems = differences(got, ind_expected)
        problems += differences(read_rows(get, ANG, len(ang)), ang_expected)
        rata = shown(fmean(e["capaian"] for e in ind_expected))
        if read_name(get, KINERJA, "Rata_Capaian") != rata:
            problems.append(f"Rata_Capaian {read_name(get, KINERJA, 'Rata_Capaian')} != {rata}")
        (last,) = read_rows(get, IND, 1, start=IND.min_rows)  # the table's new last row
        if any(last[c.key] is not None for c in IND.columns):
            problems.append(f"last row of the grown table is not blank: {last}")
        assert not problems, f"{reader} reads:\n" + "\n".join(problems)
        runs = [r for r in read_rows(get, LOG, 5) if r["tindakan"] is not None]
        assert [(r["tindakan"], r["galat"]) for r in runs] == [("Hitung Ulang", 0)] * 2, runs


# --- ipasn --------------------------------------------------------------------------------------

LABELS = {
    "struktural": "Struktural",
    "fungsional": "Fungsional",
    "pelaksana": "Pelaksana",
    "tidak_pernah": "Tidak Pernah",
    "ringan": "Ringan",
    "sedang": "Sedang",
    "berat": "Berat",
}
# Four units, PNS and PPPK in each: 8 + 2 + 1 rows, more than tblRekap holds in the template.
UNITS = ("BKPSDM", "Dinas Kesehatan", "Sekretariat Daerah", "Dinas Pendidikan")


def ya_tidak(value: bool) -> str:
    return "Ya" if value else "Tidak"


def pegawai_rows(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The golden employees as a unit would type them: Indonesian labels, NIP as 18-digit text."""
    rows = []
    for i, case in enumerate(cases):
        inputs = case["inputs"]
        born = f"{1965 + i:04d}{i % 12 + 1:02d}{i % 28 + 1:02d}"
        tmt = f"{1990 + i % 25:04d}{(i * 5) % 12 + 1:02d}"
        nip = f"{born}{tmt}{1 + i % 2}{i + 1:03d}"
        assert len(nip) == 18 and nip.isdigit()
        rows.append(
            {
                "nip": nip,
                "nama": f"Pegawai Uji {i + 1:02d} ({case['id']})",
                "unit_kerja": UNITS[i % len(UNITS)],
                "status": "PPPK" if i % 5 == 4 else "PNS",
                "jenis_jabatan": LABELS[inputs["jenis_jabatan"]],
                "pendidikan": inputs["pendidikan"],
                "diklat_jenjang": ya_tidak(inputs["diklat_jenjang"]),
                "jp_diklat_teknis": inputs["jp_diklat_teknis"],
                "seminar": ya_tidak(inputs["seminar"]),
                "nilai_skp": inputs["nilai_skp"],
                "hukuman_disiplin": LABELS[inputs["hukuman_disiplin"]],
            }
        )
    return rows


def test_ipasn_filled_in_libreoffice_recomputes_to_core_and_report_figures(libreoffice, tmp_path):
    require_golden()
    cases = golden_cases("ipasn_pegawai")
    assert 0 < len(cases) <= PEG.min_rows
    rows = pegawai_rows(cases)
    ops = put_names(IPASN, IDENTITAS)
    for i, row in enumerate(rows):
        ops += put_row(PEG, i, row)
    fresh = build_template("ipasn", tmp_path / "ipasn.xlsx")
    filled = libreoffice.edit(fresh, tmp_path / "ipasn-kantor.xlsx", ops)

    before = input_cells(filled, IPASN)
    nip_cells = [
        before[(PEG.sheet, f"{PEG.letter('nip')}{PEG.first_data_row + i}")]
        for i in range(len(rows))
    ]
    assert nip_cells == [(r["nip"], "s") for r in rows], "NIP typed as text in LibreOffice"
    assert_typed_values_kept(openpyxl_view(filled), ops)
    recompute(filled)
    assert input_cells(filled, IPASN) == before

    # The core on the same inputs, the labels exactly as typed.
    fields = core_ipasn.FIELDS
    per_row = [ipasn_pegawai(**{f: row[f] for f in fields}) for row in rows]
    pegawai_expected = [
        {
            **{d: shown(core[d]) for d in core_ipasn.DIMENSI},
            "nilai_ip_asn": shown(core["total"]),
            "kategori": core["kategori"],
            "saran": core["saran"],
        }
        for core in per_row
    ]
    frame = pd.DataFrame([{f: row[f] for f in fields} for row in rows], dtype="object")
    scores = core_ipasn.skor_pegawai(frame)
    table = core_ipasn.rekap(
        scores,
        pd.Series([r["unit_kerja"] for r in rows]),
        pd.Series([r["status"] for r in rows]),
        data_kosong=IPASN.named("Data_Kosong").default,
        desimal=DESIMAL,
    )
    rekap_expected = [
        {
            "unit_kerja": r.unit,
            "status": r.status,
            "jumlah_pegawai": r.jumlah,
            "data_lengkap": r.lengkap,
            **{d: getattr(r, d) for d in core_ipasn.DIMENSI},
            "nilai_ip_asn": r.total,
            "kategori": r.kategori,
        }
        for r in table.itertuples()
    ]
    everyone = rekap_expected[-1]
    assert (everyone["unit_kerja"], everyone["status"]) == ("Seluruh Pegawai", "Semua Status")
    # The row over everyone is the mean over the employees: of the core's scores, and of the golden
    # dimensions themselves.
    for d in core_ipasn.DIMENSI:
        assert (
            everyone[d] == shown(scores[d].mean()) == shown(fmean(c["expected"][d] for c in cases))
        ), d
    assert everyone["jumlah_pegawai"] == everyone["data_lengkap"] == len(rows)
    assert len(rekap_expected) > REKAP.min_rows  # the engine must grow tblRekap
    selisih_expected = core_ipasn.selisih(
        {d: everyone[d] for d in core_ipasn.DIMENSI}, desimal=DESIMAL
    ).to_dict("records")

    info = libreoffice.inspect(filled)
    assert info["errors"] == [], info["error_details"]
    assert_typed_values_kept(libreoffice_view(info), ops)
    last = REKAP.header_row + len(rekap_expected)
    assert info["database_ranges"][REKAP.name] == (
        f"{quote_sheet(REKAP.sheet)}!{REKAP.anchor}:{REKAP.last_letter}{last}"
    )
    for reader, get in (
        ("openpyxl", openpyxl_view(filled)),
        ("LibreOffice", libreoffice_view(info)),
    ):
        got = read_rows(get, PEG, len(rows))
        problems = differences(got, pegawai_expected)
        problems += differences(read_rows(get, REKAP, len(rekap_expected)), rekap_expected)
        problems += differences(read_rows(get, SELISIH, len(selisih_expected)), selisih_expected)
        (after_rekap,) = read_rows(get, REKAP, 1, start=len(rekap_expected))
        if any(v is not None for v in after_rekap.values()):
            problems.append(f"tblRekap has a stale row: {after_rekap}")
        for i, row in enumerate(read_rows(get, PEG, PEG.min_rows - len(rows), start=len(rows))):
            left = {c.key: row[c.key] for c in PEG.computed_columns if row[c.key] is not None}
            if left:
                problems.append(f"tblPegawai empty row {len(rows) + i}: {left}")
        assert not problems, f"{reader} reads:\n" + "\n".join(problems)
        assert last_log(get)["galat"] == 0

    # Every employee against the golden case: dimensions, total and category as printed.
    got = read_rows(openpyxl_view(filled), PEG, len(rows))
    for case, core, row in zip(cases, per_row, got, strict=True):
        expected = case["expected"]
        for d in (*core_ipasn.DIMENSI, "total"):
            column = "nilai_ip_asn" if d == "total" else d
            single = {**case, "expected": expected[d]}
            assert check_golden(single, core[d], row[column]), (case["id"], d)
        assert row["kategori"] == expected["kategori"] == core["kategori"], case["id"]
