"""The example data of ``lkjip-xl demo`` (lkjip_xl/workbook/examples/*.json) against the reports.

Every figure there is taken from a seed report and carries the line where it is printed. These
tests check that the rows are complete and linked, that the figures appear on the lines they cite,
and that the engine reproduces every golden case citing the same line with the same inputs (and the
documented rule's result for every known inconsistency of the reports).
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

import lkjip_xl as lx
from lkjip_xl.core.ipasn import kualifikasi_rata_rata
from lkjip_xl.core.rounding import round_value
from lkjip_xl.core.sakip import evaluasi_sakip, load_aturan
from tests.reference import REPO, load, printed, seeds_dir

EXAMPLES = REPO / "lkjip_xl" / "workbook" / "examples"
KINERJA = ("kinerja-000.json", "kinerja-001.json")
IPASN = "ipasn-000.json"


def example(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def golden(kinds: set[str]) -> list[dict]:
    return [c for c in load("golden_public.json")["cases"] if c["kind"] in kinds]


def inconsistencies(kinds: set[str]) -> list[dict]:
    return [i for i in load("inconsistencies_public.json")["items"] if i["kind"] in kinds]


@cache
def seed_lines(source: str) -> list[str]:
    path = seeds_dir() / source
    if not path.is_file():
        raise FileNotFoundError(f"seed document {path} is missing from the repository")
    return path.read_text(encoding="utf-8").splitlines()


def at_line(source: str, line: int) -> str:
    return seed_lines(source)[line - 1]


def spellings(value: float) -> set[str]:
    """How a report may print a number: Indonesian or English separators, with or without
    decimals."""
    out = {str(value), str(value).replace(".", ",")}
    if float(value).is_integer():
        n = int(value)
        out |= {str(n), f"{n:,}", f"{n:,}".replace(",", ".")}
    else:
        two = f"{value:.2f}"
        out |= {two, two.replace(".", ",")}
    return out


def assert_printed_on(source: str, line: int, value: float, what: str) -> None:
    text = at_line(source, line)
    assert any(s in text for s in spellings(value)), f"{what}: {value} not on line {line}: {text!r}"


def anggaran_rows(ex: dict) -> list[dict]:
    rows = list(ex["anggaran"]) + list(ex.get("anggaran_lain", {}).get("rows", []))
    return rows + list(ex.get("anggaran_per_iku_pk", []))


def comparisons(ex: dict):
    """(what, target, realisasi, polaritas, line) for every capaian the example implies."""
    polaritas = {}
    for row in ex["indikator"]:
        kode, pol, lines = row["Kode"], row["Polaritas"].lower(), row.get("lines", {})
        polaritas[kode] = pol
        yield f"{kode} capaian", row["Target"], row["Realisasi"], pol, row["line"]
        for target, capaian in (
            ("Target Akhir Renstra", "Capaian Renstra"),
            ("Target Nasional", "Capaian Nasional"),
        ):
            if row.get(target) is not None and capaian in lines:
                yield f"{kode} {capaian}", row[target], row["Realisasi"], pol, lines[capaian]
        for past in row.get("riwayat", []):
            name = f"{kode} {past['Tahun']}"
            yield name, past["Target"], past["Realisasi"], pol, past["line"]
    for tw in ex["triwulan"]:
        kode = tw["Kode"]
        name = f"{kode} {tw['Triwulan']}"
        yield name, tw["Target"], tw["Realisasi"], polaritas[kode], tw["line"]


def capaian_inputs(inputs: dict) -> tuple[float, float, str]:
    target = inputs["target"] if "target" in inputs else inputs["target_akhir"]
    return target, inputs["realisasi"], inputs.get("polaritas", "positif")


def compute_capaian(target, realisasi, polaritas, inputs):
    return lx.capaian(
        target,
        realisasi,
        polaritas=polaritas,
        metode_negatif=inputs.get("metode_negatif", "lan"),
        batas_atas=inputs.get("batas_atas"),
    )


# ----------------------------------------------------------------------------- structure


@pytest.mark.parametrize("name", [*KINERJA, IPASN])
def test_example_file_names_its_source(name):
    ex = example(name)
    assert seed_lines(ex["source"]) is None or len(seed_lines(ex["source"])) > 100
    assert ex["source"] in {c["source"] for c in load("golden_public.json")["cases"]}
    assert set(ex["identitas"]) == {"Instansi", "Unit_Kerja", "Kode_Unit", "Tahun"}


@pytest.mark.parametrize("name", KINERJA)
def test_every_row_has_a_line_number(name):
    ex = example(name)
    rows = [*ex["indikator"], *ex["triwulan"], *anggaran_rows(ex), ex["anggaran_total"]]
    rows += [p for r in ex["indikator"] for p in r.get("riwayat", [])]
    if ex.get("evaluasi_sakip"):
        rows.append(ex["evaluasi_sakip"])
    lines = seed_lines(ex["source"])
    for row in rows:
        line = row.get("line")
        assert isinstance(line, int) and line > 0, row
        if lines is not None:
            assert line <= len(lines), row
        for key, other in row.get("lines", {}).items():
            assert isinstance(other, int) and other > 0, (key, row)


@pytest.mark.parametrize("name", KINERJA)
def test_indicators_are_complete_and_unique(name):
    ex = example(name)
    kodes = [r["Kode"] for r in ex["indikator"]]
    assert len(kodes) == len(set(kodes))
    for row in ex["indikator"]:
        assert row["Polaritas"] in {"Positif", "Negatif"}
        for key in ("Sasaran", "Indikator", "Satuan", "Target", "Realisasi"):
            assert row[key] not in (None, ""), (row["Kode"], key)
        for key in ("Realisasi Tahun Lalu", "Target Akhir Renstra", "Target Nasional", "Agregasi"):
            assert key in row, (row["Kode"], key)


def test_the_lower_is_better_indicator_of_001_is_negatif():
    assert "Negatif" in {r["Polaritas"] for r in example("kinerja-001.json")["indikator"]}


@pytest.mark.parametrize("name", KINERJA)
def test_budget_and_quarter_rows_refer_to_existing_indicators(name):
    ex = example(name)
    kodes = {r["Kode"] for r in ex["indikator"]}
    for row in anggaran_rows(ex):
        assert row["Kode Indikator"] in kodes, row
        assert isinstance(row["Pagu"], int) and isinstance(row["Realisasi Anggaran"], int), row
    for row in ex["triwulan"]:
        assert row["Kode"] in kodes, row
        assert row["Triwulan"] in {"TW1", "TW2", "TW3", "TW4"}, row


@pytest.mark.parametrize("name", KINERJA)
def test_budget_rows_add_up_to_the_total_and_to_their_programme(name):
    ex = example(name)
    total = ex["anggaran_total"]
    for key in ("Pagu", "Realisasi Anggaran"):
        assert sum(r[key] for r in ex["anggaran"]) == total[key], key
    rows = [*ex["anggaran"], *ex.get("anggaran_lain", {}).get("rows", [])]
    programmes = {r["Program/Kegiatan"]: r for r in rows if r["tingkat"] == "Program"}
    children = defaultdict(list)
    for row in rows:
        if "program" in row:
            children[row["program"]].append(row)
    assert children, "no row names its programme"
    for programme, parts in children.items():
        for key in ("Pagu", "Realisasi Anggaran"):
            assert sum(p[key] for p in parts) == programmes[programme][key], (programme, key)


# ----------------------------------------------------------------------------- printed figures


@pytest.mark.parametrize("name", KINERJA)
def test_figures_are_printed_on_the_lines_they_cite(name):
    ex = example(name)
    source = ex["source"]
    for row in ex["indikator"]:
        kode, lines = row["Kode"], row.get("lines", {})
        assert_printed_on(source, row["line"], row["Target"], f"{kode} Target")
        assert_printed_on(source, row["line"], row["Realisasi"], f"{kode} Realisasi")
        for key in ("Target", "Realisasi Tahun Lalu", "Target Akhir Renstra", "Target Nasional"):
            if row.get(key) is not None and key in lines:
                assert_printed_on(source, lines[key], row[key], f"{kode} {key}")
        for past in row.get("riwayat", []):
            assert_printed_on(source, past["line"], past["Realisasi"], f"{kode} {past['Tahun']}")
            if "Target" in past.get("lines", {}):
                what = f"{kode} {past['Tahun']} Target"
                assert_printed_on(source, past["lines"]["Target"], past["Target"], what)
    for tw in ex["triwulan"]:
        what = f"{tw['Kode']} {tw['Triwulan']}"
        assert_printed_on(source, tw["line"], tw["Target"], what)
        assert_printed_on(source, tw["line"], tw["Realisasi"], what)
    for row in [*anggaran_rows(ex), ex["anggaran_total"]]:
        what = row.get("Program/Kegiatan", "anggaran_total")
        assert_printed_on(source, row["line"], row.get("pagu_dicetak", row["Pagu"]), what)
        assert_printed_on(source, row["line"], row["Realisasi Anggaran"], what)
    sakip = ex.get("evaluasi_sakip")
    if sakip:
        for label, value in sakip["komponen"].items():
            assert_printed_on(source, sakip["lines"][label], value, label)
        assert_printed_on(source, sakip["line"], sakip["printed_total"], "Nilai SAKIP")


# ----------------------------------------------------------------------------- golden cases


@pytest.mark.parametrize("name", KINERJA)
def test_capaian_agrees_with_golden_cases_on_the_same_line(name):
    ex = example(name)
    cases = [c for c in golden({"capaian", "renstra"}) if c["source"] == ex["source"]]
    items = [i for i in inconsistencies({"capaian"}) if i["source"] == ex["source"]]
    matched = 0
    for what, target, realisasi, polaritas, line in comparisons(ex):
        on_line = [c for c in cases if c["line"] == line]
        same = [c for c in on_line if capaian_inputs(c["inputs"]) == (target, realisasi, polaritas)]
        assert same or not on_line, f"{what}: golden cases on line {line} have other inputs"
        for case in same:
            value = compute_capaian(target, realisasi, polaritas, case["inputs"])
            assert printed(value, case) == pytest.approx(case["expected"], abs=1e-9), case["id"]
            matched += 1
        for item in items:
            if item["line"] == line and capaian_inputs(item["inputs"]) == (
                target,
                realisasi,
                polaritas,
            ):
                value = compute_capaian(target, realisasi, polaritas, item["inputs"])
                assert round_value(value, item["decimals"]) == pytest.approx(item["correct"])
    assert matched > 0, "no indicator row meets a golden case: lines or inputs are off"


@pytest.mark.parametrize("name", KINERJA)
def test_serapan_agrees_with_golden_cases_on_the_same_line(name):
    ex = example(name)
    cases = [c for c in golden({"serapan"}) if c["source"] == ex["source"]]
    items = [i for i in inconsistencies({"serapan"}) if i["source"] == ex["source"]]
    matched = 0
    for row in [*anggaran_rows(ex), ex["anggaran_total"]]:
        pagu, real = row["Pagu"], row["Realisasi Anggaran"]
        value = lx.serapan(pagu, real)
        assert value is not None, row
        on_line = [c for c in cases if c["line"] == row["line"]]
        same = [
            c
            for c in on_line
            if (c["inputs"]["pagu"], c["inputs"]["realisasi_anggaran"]) == (pagu, real)
        ]
        assert same or not on_line, f"{row}: golden cases on this line have other inputs"
        for case in same:
            assert printed(value, case) == pytest.approx(case["expected"], abs=1e-9), case["id"]
            matched += 1
        for item in items:
            if item["line"] == row["line"] and item["inputs"]["pagu"] == pagu:
                assert round_value(value, item["decimals"]) == pytest.approx(item["correct"])
    assert matched > 0, "no budget row meets a golden case: lines or inputs are off"


@pytest.mark.parametrize("name", KINERJA)
def test_sakip_components_agree_with_the_reference(name):
    ex = example(name)
    cases = [c for c in golden({"sakip"}) if c["source"] == ex["source"]]
    items = [i for i in inconsistencies({"sakip"}) if i["source"] == ex["source"]]
    checked = 0
    for key in ("evaluasi_sakip", "evaluasi_sakip_sebelumnya"):
        sakip = ex.get(key)
        if not sakip:
            continue
        rules = load_aturan(sakip["preset"])
        keyed = {rules.find(label).key: value for label, value in sakip["komponen"].items()}
        result = evaluasi_sakip(sakip["komponen"], sakip["preset"])
        assert result.masalah == (), result.masalah
        for case in cases:
            if case["line"] == sakip["line"] and case["inputs"]["komponen"] == keyed:
                assert result.total == pytest.approx(case["expected"]["total"])
                assert result.predikat == case["expected"]["predikat"] == sakip["printed_predikat"]
                checked += 1
        for item in items:
            if item["line"] == sakip["line"] and item["inputs"]["komponen"] == keyed:
                assert result.total == pytest.approx(item["correct"]["total"])
                assert item["stated"]["total"] == sakip["printed_total"]
                checked += 1
    assert checked > 0, "no SAKIP evaluation meets a reference case"


# ----------------------------------------------------------------------------- IP-ASN


def test_ipasn_counts_make_up_the_roster():
    ex = example(IPASN)
    total = ex["jumlah_pns"]
    assert total == 2777
    assert sum(ex["pendidikan_counts"].values()) == total
    assert sum(ex["jabatan_counts"].values()) == total
    assert ex["jabatan_total"]["jumlah"] == total
    assert sum(ex["hukuman_disiplin_counts"].values()) == 4
    assert sum(ex["skp_counts"].values()) == ex["skp_jumlah"]["jumlah"] <= total
    by_code = defaultdict(int)
    for row in ex["pendidikan_rows"]:
        by_code[row["kode"]] += row["jumlah"]
    assert {k: v for k, v in ex["pendidikan_counts"].items() if v} == {
        k: v for k, v in by_code.items() if v
    }
    for key, rows in (
        ("hukuman_disiplin_counts", "hukuman_disiplin_rows"),
        ("skp_counts", "skp_rows"),
    ):
        summed = defaultdict(int)
        for row in ex[rows]:
            summed[row.get("tingkat", row.get("predikat"))] += row["jumlah"]
        assert dict(summed) == ex[key], key
    for row in ex["jabatan_rows"]:
        assert row["sudah_pelatihan"] + row["belum_pelatihan"] == row["jumlah"]
        assert ex["jabatan_counts"][row["jenis_jabatan"]] == row["jumlah"]


def test_ipasn_education_reproduces_the_golden_kualifikasi():
    ex = example(IPASN)
    (case,) = [c for c in golden({"ipasn_rekap"}) if c["id"] == "000-ipasn-kualifikasi-2021"]
    assert ex["pendidikan_counts"] == case["inputs"]["pendidikan_counts"]
    value = kualifikasi_rata_rata(ex["pendidikan_counts"])
    assert printed(value, case) == pytest.approx(case["expected"]["kualifikasi"], abs=1e-9)
    assert ex["published"]["kualifikasi"] == case["expected"]["kualifikasi"]


def test_ipasn_disiplin_is_printed_truncated():
    """The four punished employees give 4.9957: the report prints 4.99 (half-up would be 5.00)."""
    ex = example(IPASN)
    counts = dict(ex["hukuman_disiplin_counts"])
    counts["Tidak Pernah"] = ex["jumlah_pns"] - sum(counts.values())
    points = sum(lx.ipasn_pegawai(hukuman_disiplin=h)["disiplin"] * n for h, n in counts.items())
    mean = points / ex["jumlah_pns"]
    assert round_value(mean, 2, "truncate") == ex["published"]["disiplin"]
    assert round_value(mean, 2) != ex["published"]["disiplin"]


def test_ipasn_rows_have_lines_and_figures_are_printed_there():
    ex = example(IPASN)
    source = ex["source"]
    rows = [
        *ex["pendidikan_rows"],
        *ex["pendidikan_subtotal"],
        *ex["hukuman_disiplin_rows"],
        *ex["skp_rows"],
        ex["skp_jumlah"],
        *ex["jabatan_rows"],
        ex["jabatan_total"],
    ]
    for row in rows:
        assert isinstance(row["line"], int) and row["line"] > 0, row
        assert_printed_on(source, row["line"], row["jumlah"], str(row))
    unit = ex["unit_bkpsdm"]
    for row in unit["pendidikan_rows"]:  # printed per sex: laki-laki and perempuan
        assert row["laki_laki"] + row["perempuan"] == row["jumlah"], row
        assert_printed_on(source, row["line"], row["laki_laki"], str(row))
        assert_printed_on(source, row["line"], row["perempuan"], str(row))
    assert sum(r["jumlah"] for r in unit["pendidikan_rows"]) == unit["jumlah_pns"]
    for key in ("published", "published_2020"):
        for dim, line in ex[key]["line_per_dimensi"].items():
            assert_printed_on(source, line, ex[key][dim], f"{key} {dim}")
        assert sorted(ex[key]["lines"]) == sorted(ex[key]["line_per_dimensi"].values())
    for unit in ex["unit_kerja"]:
        if unit["dari_laporan"]:
            text = at_line(source, unit["line"])
            assert unit.get("singkatan", unit["nama"]) in text or unit["nama"] in text, unit


def test_examples_folder_holds_the_documented_files():
    assert {p.name for p in Path(EXAMPLES).glob("*.json")} >= {*KINERJA, IPASN}


ANALISIS = ("Faktor Pendorong", "Faktor Penghambat", "Tindak Lanjut")


def _folded(text: str) -> str:
    """Text compared across OCR: lower case, without spaces (OCR drops and adds them)."""
    return "".join(text.lower().split())


@pytest.mark.parametrize("name", KINERJA)
def test_staff_analysis_is_quoted_from_the_line_it_cites(name):
    ex = example(name)
    quoted = 0
    for row in ex["indikator"]:
        sumber = row.get("analisis_sumber", {})
        assert set(sumber) == {k for k in ANALISIS if row.get(k)}, row["Kode"]
        for key, where in sumber.items():
            assert where["kutipan"] in at_line(ex["source"], where["line"]), (row["Kode"], key)
            assert _folded(where["kutipan"]) in _folded(row[key]), (row["Kode"], key)
            quoted += 1
    assert quoted > 0
