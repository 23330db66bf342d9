"""Workbooks for tests, filled the way a user fills them (openpyxl stands in for typing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table

#: Bytes of each kinerja workbook filled this session, by the repr of what it was filled with.
_FILLED: dict[str, bytes] = {}


def filled_kinerja(path: Path, indikator: list[dict[str, Any]], anggaran=(), triwulan=()) -> Path:
    """The kinerja template filled with these rows, written to ``path``.

    Building and filling take over a second and some hundred tests ask for the same rows, so
    the bytes are made once per session for each distinct content and copied: the same file
    each time (the template is written at a fixed time; only openpyxl's save time in
    docProps/core.xml is that of the first build).  ``repr`` keeps types and the column order,
    so two different fillings never share a file (at worst two equal ones are built twice).
    """
    path = Path(path)
    rows = (list(indikator), list(anggaran), list(triwulan))
    key = repr(rows)
    made = _FILLED.get(key)
    if made is not None:
        path.parent.mkdir(parents=True, exist_ok=True)  # as build_template does
        path.write_bytes(made)
        return path
    build_template("kinerja", path)
    wb = openpyxl.load_workbook(path)
    spec = template("kinerja")
    for name, filled in zip(("tblIndikator", "tblAnggaran", "tblTriwulan"), rows, strict=True):
        fill_table(wb, spec.table(name), filled)
    wb.save(path)
    _FILLED[key] = path.read_bytes()
    return path


INDIKATOR = [
    {"Kode": "IKU-1", "Sasaran": "Meningkatnya profesionalitas ASN", "Indikator": "Indeks IP ASN",
     "Satuan": "%", "Polaritas": "Positif", "Target": 75, "Realisasi": 71.59,
     "Target Akhir Renstra": 85, "Target Nasional": 77},
    {"Kode": "IKU-2", "Sasaran": "Meningkatnya profesionalitas ASN", "Indikator": "Pelanggaran",
     "Satuan": "%", "Polaritas": "Negatif", "Target": 10, "Realisasi": 6.23},
    {"Kode": "IKU-3", "Sasaran": "Pelayanan kepegawaian", "Indikator": "Layanan tepat waktu",
     "Satuan": "%", "Polaritas": "Positif", "Target": 90, "Agregasi": "Kumulatif"},
]  # fmt: skip
ANGGARAN = [
    {"Kode Indikator": "IKU-1", "Program/Kegiatan": "Program Penunjang", "Pagu": 11470273050,
     "Realisasi Anggaran": 10610006984},
    {"Kode Indikator": "IKU-3", "Program/Kegiatan": "Program Pelayanan", "Pagu": 2481980047,
     "Realisasi Anggaran": 2330123456},
]  # fmt: skip
TRIWULAN = [
    {"Kode": "IKU-3", "Triwulan": "TW1", "Target": 20, "Realisasi": 25},
    {"Kode": "IKU-3", "Triwulan": "TW2", "Target": 25, "Realisasi": 22},
]
