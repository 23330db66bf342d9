"""The example workbooks of ``lkjip-xl demo``, filled from the reference reports (not computed).

``examples/kinerja-000.json`` and ``kinerja-001.json`` hold the indicators, targets, realisations,
past years, the staff's analysis and budget lines of reports 000 and 001 with the line each is
printed on;
``examples/ipasn-000.json`` holds what report 000 publishes of its 2,777 PNS. The IP-ASN roster is
built to agree with those figures (education counts, disciplinary cases, SKP grades, positions);
every other field is synthetic, and the workbook's ``Petunjuk`` says so.

Each kind in :mod:`lkjip_xl.workbook.kinds` names the example workbooks it has and the function
here that fills them; :mod:`lkjip_xl.workbook.demo` writes and recomputes them.
"""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from openpyxl import Workbook

from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.contract import Table, template


@cache
def example(name: str) -> dict[str, Any]:
    entry = resources.files("lkjip_xl.workbook").joinpath("examples", f"{name}.json")
    return json.loads(entry.read_text(encoding="utf-8"))


def fill_table(wb: Workbook, spec: Table, rows: list[dict[str, Any]]) -> None:
    """Type ``rows`` (header -> value) into a table's input columns, growing it if needed."""
    ws = wb[spec.sheet]
    for i, row in enumerate(rows):
        for column in spec.input_columns:
            if column.name in row:
                ws.cell(spec.first_data_row + i, spec.col_index(column.key), row[column.name])
    if len(rows) > spec.min_rows:
        # New rows take the look of the table's first data row (unlocked inputs, locked results).
        last = spec.header_row + len(rows)
        for col in range(spec.first_col, spec.last_col + 1):
            model = ws.cell(spec.first_data_row, col)
            for r in range(spec.last_row + 1, last + 1):
                target = ws.cell(r, col)
                target._style = copy.copy(model._style)
        table = ws.tables[spec.name]
        table.ref = f"{spec.anchor}:{spec.last_letter}{last}"
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref


def fill_names(wb: Workbook, name: str, values: dict[str, Any]) -> None:
    spec = template(name)
    for key, value in values.items():
        named = spec.named(key)
        wb[named.sheet][named.cell] = value


def note_on_petunjuk(wb: Workbook, lines: list[str]) -> None:
    ws = wb["Petunjuk"]
    row = ws.max_row + 2
    ws.cell(row, 1, "Tentang data contoh ini")
    ws.cell(row, 1).font = copy.copy(ws["A1"].font)
    for i, line in enumerate(lines, start=1):
        ws.cell(row + i, 1, line)


def kinerja_workbook(name: str) -> Workbook:
    """Report ``name`` (``kinerja-000``, ``kinerja-001``) typed into a fresh kinerja workbook."""
    data = example(name)
    spec = template("kinerja")
    wb = make_workbook("kinerja")
    fill_names(wb, "kinerja", data["identitas"])
    fill_table(wb, spec.table("tblIndikator"), data["indikator"])
    fill_table(wb, spec.table("tblTriwulan"), data["triwulan"])
    fill_table(wb, spec.table("tblAnggaran"), data["anggaran"])
    riwayat = [
        {"Kode": row["Kode"], **past}
        for row in data["indikator"]
        for past in row.get("riwayat", [])
    ]
    fill_table(wb, spec.table("tblRiwayat"), riwayat)
    sakip = data.get("evaluasi_sakip")
    if sakip:
        evaluasi = spec.table("tblEvaluasiSakip")
        ws = wb[evaluasi.sheet]
        scores = {_first_word(k): v for k, v in sakip["komponen"].items()}
        for i, row in enumerate(evaluasi.initial_rows):
            value = scores.get(_first_word(row["komponen"]))
            if value is not None:
                ws.cell(evaluasi.first_data_row + i, evaluasi.col_index("nilai"), value)
    note_on_petunjuk(
        wb,
        [
            f"Sumber: {data['dokumen']} (berkas {data['source']}).",
            "Indikator, target, realisasi, riwayat tahun lalu, analisis faktor, anggaran dan nilai "
            "evaluasi SAKIP disalin dari laporan tersebut; nomor baris sumber tercatat di data "
            "contoh lkjip_xl.",
            *[f"Catatan laporan: {c}" for c in data.get("catatan", [])],
        ],
    )
    return wb


def _first_word(label: str) -> str:
    return label.split()[0].lower()


def ipasn_roster(seed: int = 2021, name: str = "ipasn-000") -> list[dict[str, Any]]:
    """2,777 PNS consistent with report 000; fields the report does not give are synthetic."""
    data = example(name)
    rng = np.random.default_rng(seed)
    n = data["jumlah_pns"]

    def exact(counts: dict[str, int]) -> np.ndarray:
        values = np.repeat(list(counts), list(counts.values())).astype(object)
        assert len(values) <= n
        values = np.concatenate([values, np.full(n - len(values), None, dtype=object)])
        return rng.permutation(values)

    pendidikan = exact(data["pendidikan_counts"])
    jabatan = exact(data["jabatan_counts"])
    hukuman = exact({**data["hukuman_disiplin_counts"]})
    hukuman = np.where(hukuman == None, "Tidak Pernah", hukuman)  # noqa: E711
    predikat = exact({k: v for k, v in data["skp_counts"].items() if v})

    diklat = np.full(n, "Tidak", dtype=object)
    for row in data["jabatan_rows"]:
        idx = np.flatnonzero(jabatan == row["jenis_jabatan"])
        diklat[rng.choice(idx, row["sudah_pelatihan"], replace=False)] = "Ya"

    units = [u["nama"] for u in data["unit_kerja"]]
    bkpsdm = data["unit_bkpsdm"]["jumlah_pns"]
    weights = np.array([0.0] + [1.0] * (len(units) - 1))
    unit = rng.choice(units, n, p=weights / weights.sum()).astype(object)
    unit[rng.choice(n, bkpsdm, replace=False)] = units[0]

    # Shares chosen so that the synthetic dimensions land near the published ones.
    jp = np.where(rng.random(n) < 0.885, rng.choice([20, 24, 32, 40], n), rng.choice([0, 8, 16], n))
    seminar = np.where(rng.random(n) < 0.885, "Ya", "Tidak")
    nilai_skp = np.round(rng.uniform(55, 99, n), 2)
    start = date(1965, 1, 1)
    roster = []
    for i in range(n):
        born = start + timedelta(days=int(rng.integers(0, 365 * 35)))
        tmt = born + timedelta(days=365 * int(rng.integers(22, 30)))
        nip = f"{born:%Y%m%d}{tmt:%Y%m}{int(rng.integers(1, 3))}{i % 1000:03d}"
        has_predikat = predikat[i] is not None
        roster.append(
            {
                "NIP": nip,
                "Nama": f"Pegawai Contoh {i + 1:04d}",
                "Unit Kerja": unit[i],
                "Status": "PNS",
                "Jenis Jabatan": jabatan[i],
                "Pendidikan": pendidikan[i],
                "Diklat Jenjang": diklat[i] if jabatan[i] != "Pelaksana" else None,
                "JP Diklat Teknis": int(jp[i]),
                "Seminar": seminar[i],
                "Nilai SKP": None if has_predikat else float(nilai_skp[i]),
                "Predikat SKP": predikat[i],
                "Hukuman Disiplin": hukuman[i],
            }
        )
    return roster


def ipasn_workbook(name: str) -> Workbook:
    """The roster of :func:`ipasn_roster` typed into a fresh ipasn workbook."""
    data = example(name)
    wb = make_workbook("ipasn")
    fill_names(wb, "ipasn", data["identitas"])
    fill_table(wb, template("ipasn").table("tblPegawai"), ipasn_roster(name=name))
    note_on_petunjuk(
        wb,
        [
            "Sumber: LKjIP 2021 BKPSDM Kota Bontang (berkas 000_18caf5c68afc8ce4.txt).",
            "Dari laporan: jumlah 2.777 PNS, sebaran pendidikan (baris 3803-3825), jenis jabatan "
            "dan jumlah yang sudah diklat (baris 3849-3864), 912 predikat SKP (baris 3881-3892) "
            "dan empat hukuman disiplin (baris 3897-3901).",
            "SINTETIS (bukan data nyata): NIP, nama, unit kerja selain BKPSDM, JP diklat teknis, "
            "seminar, dan Nilai SKP pegawai yang tidak tercantum di rekap SKP.",
        ],
    )
    return wb
