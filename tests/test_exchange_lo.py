"""Units fill their workbooks in LibreOffice, as a person in another office would (DESIGN §6).

Each unit's workbook goes out with ``distribute``, is opened in a real headless LibreOffice over
UNO, edited (values typed, a table row inserted and filled, a row deleted: on the protected sheet
a person first lifts the protection, as the ``Petunjuk`` sheet says) and saved as .xlsx by
LibreOffice. ``collect`` then takes them back; the master must hold every edit, report every added
and removed row, and be recomputed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lkjip_xl import ipasn_pegawai
from lkjip_xl.workbook.demo import build_demo
from lkjip_xl.workbook.exchange import stamp
from lkjip_xl.workbook.exchange.codes import StatusKiriman
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from tests.libreoffice import SCRIPTS, UNO_PYTHON, _script_env
from tests.test_distribute_collect import (
    IPASN,
    KINERJA,
    PEG,
    UNITS,
    _computed_rows,
    by_nip,
    input_cells,
    ipasn_master,
    nip,
    pegawai,
    rows_of,
    unit_file,
)

pytestmark = pytest.mark.libreoffice

# lo_edit.py's operations, plus lifting and restoring a sheet's protection (no password), which
# a person does before deleting table rows that hold locked (computed) cells.
PERSON = """
import sys
sys.path.insert(0, {scripts!r})
import lo_edit
from _lo_common import run

_apply = lo_edit.apply


def apply(doc, op, parser):
    if op["op"] in ("unprotect", "protect"):
        getattr(lo_edit.get_sheet(doc, op.get("sheet", 0)), op["op"])("")
        return
    _apply(doc, op, parser)


lo_edit.apply = apply
run(lo_edit.handle)
"""


def person(libreoffice, source: Path, out: Path, operations: list[dict[str, Any]]) -> Path:
    """Open ``source`` in LibreOffice, apply ``operations``, save as ``out`` (.xlsx)."""
    script = out.parent / "lo_person.py"
    script.write_text(PERSON.format(scripts=str(SCRIPTS)), encoding="utf-8")
    request = {
        "port": libreoffice.port,
        "path": str(source.resolve()),
        "out": str(out.resolve()),
        "operations": operations,
    }

    def run() -> None:
        proc = subprocess.run(
            [UNO_PYTHON, str(script)], input=json.dumps(request), capture_output=True, text=True,
            timeout=180, env=_script_env(),
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-3000:]

    libreoffice._call(run)
    return out


def typed(row: int, values: dict[str, Any]) -> list[dict[str, Any]]:
    """Operations typing ``values`` (header -> value) into Pegawai row ``row``."""
    return [
        {"op": "set", "sheet": PEG.sheet, "cell": f"{PEG.letter(h)}{row}", "value": v}
        for h, v in values.items()
    ]


def score(row: dict[str, Any]) -> dict[str, Any]:
    return ipasn_pegawai(
        pendidikan=row["pendidikan"],
        jenis_jabatan=row["jenis_jabatan"],
        diklat_jenjang=row["diklat_jenjang"],
        jp_diklat_teknis=row["jp_diklat_teknis"],
        seminar=row["seminar"],
        nilai_skp=row["nilai_skp"],
        predikat_skp=row["predikat_skp"],
        hukuman_disiplin=row["hukuman_disiplin"],
    )


def test_edits_made_in_libreoffice_reach_the_master(libreoffice, tmp_path):
    master = ipasn_master(tmp_path / "induk.xlsx")
    sent = distribute(master, tmp_path / "kirim")
    back = tmp_path / "kembali"
    back.mkdir()
    first = PEG.first_data_row  # rows first..first+3 hold employees 0..3 of each unit
    baru = pegawai(0, 8, Nama="Pegawai Baru", Status="PPPK", Pendidikan="S2")
    baru.pop("Diklat Jenjang")
    unit0 = person(libreoffice, unit_file(sent, 0), back / "unit0.xlsx", [
        *typed(first, {"Pendidikan": "S3"}),
        {"op": "unprotect", "sheet": PEG.sheet},
        {"op": "delete_rows", "sheet": PEG.sheet, "row": first + 1, "count": 1},  # employee 1
        {"op": "insert_rows", "sheet": PEG.sheet, "row": first + 2, "count": 1},
        *typed(first + 2, baru),  # between employees 2 and 3
        *typed(first + 3, {"Nilai SKP": 91.5}),  # employee 3
        {"op": "protect", "sheet": PEG.sheet},
    ])  # fmt: skip
    unit1 = person(libreoffice, unit_file(sent, 1), back / "unit1.xlsx", [])
    spare = pegawai(2, 9, Nama="Tambahan", **{"Nilai SKP": 80})
    unit2 = person(libreoffice, unit_file(sent, 2), back / "unit2.xlsx", [
        *typed(first, {"Hukuman Disiplin": "Berat", "JP Diklat Teknis": 24}),
        *typed(first + 4, spare),  # a blank row of the table, below the last employee
    ])  # fmt: skip
    info = libreoffice.inspect(unit0)
    assert info["database_ranges"][PEG.name].endswith(f"{PEG.last_row}")  # one out, one in

    before = by_nip(master)
    result = collect(master, [unit0, unit1, unit2])
    counts = [(k.status, k.changed, k.added, k.removed) for k in result.kiriman]
    assert counts == [
        (StatusKiriman.DITERIMA, 2, 1, 1),
        (StatusKiriman.DITERIMA, 0, 0, 0),
        (StatusKiriman.DITERIMA, 1, 1, 0),
    ]
    assert sorted(m.code for m in result.kiriman[0].masalah) == [
        "row-added", "row-removed", "stale-results",
    ]  # fmt: skip
    assert result.kiriman[1].masalah == []  # saved by LibreOffice, unchanged: nothing to say
    assert sorted(m.code for m in result.kiriman[2].masalah) == ["row-added", "stale-results"]
    removed = next(m for m in result.kiriman[0].masalah if m.code == "row-removed")
    assert nip(0, 1) in removed.message

    after = by_nip(master)
    assert set(after) == set(before) - {nip(0, 1)} | {nip(0, 8), nip(2, 9)}
    assert after[nip(0, 0)]["pendidikan"] == "S3"
    assert after[nip(0, 3)]["nilai_skp"] == 91.5
    assert after[nip(0, 8)]["nama"] == "Pegawai Baru" and after[nip(0, 8)]["status"] == "PPPK"
    assert after[nip(2, 0)]["hukuman_disiplin"] == "Berat"
    assert after[nip(2, 0)]["jp_diklat_teknis"] == 24
    assert after[nip(2, 9)]["nama"] == "Tambahan"
    edited = {nip(0, 0), nip(0, 3), nip(0, 8), nip(2, 0), nip(2, 9)}
    for key, row in after.items():
        expected = score(row)
        assert row["nilai_ip_asn"] == expected["total"], key
        assert row["kategori"] == expected["kategori"], key
        if key not in edited:
            assert {c.key: row[c.key] for c in PEG.input_columns} == {
                c.key: before[key][c.key] for c in PEG.input_columns
            }, key
    rekap = _computed_rows(master, IPASN.table("tblRekap"))
    assert rekap[-1]["unit_kerja"] == "Seluruh Pegawai" and rekap[-1]["jumlah_pegawai"] == 13
    rows = _computed_rows(master, IPASN.table("tblPengumpulan"))
    assert [(r["unit"], r["status"], r["ditambah"], r["dihapus"]) for r in rows] == [
        (UNITS[0], "Diterima", 1, 1), (UNITS[1], "Diterima", 0, 0), (UNITS[2], "Diterima", 1, 0),
    ]  # fmt: skip

    # LibreOffice opens the merged master cleanly: tables, names, no error cells.
    info = libreoffice.inspect(master)
    assert info["errors"] == [], info["error_details"]
    assert {"tblPegawai", "tblRekap", "tblPengumpulan", "tblLog"} <= set(info["database_ranges"])


def test_settings_changed_in_libreoffice_are_refused(libreoffice, tmp_path):
    master = ipasn_master(tmp_path / "induk.xlsx")
    sent = distribute(master, tmp_path / "kirim")
    cell = IPASN.named("Data_Kosong").cell
    changed = person(libreoffice, unit_file(sent, 0), tmp_path / "unit0.xlsx", [
        {"op": "unprotect", "sheet": "Pengaturan"},
        {"op": "set", "sheet": "Pengaturan", "cell": cell, "value": "Kecualikan"},
        *typed(PEG.first_data_row, {"Nilai SKP": 55}),
    ])  # fmt: skip
    before = input_cells(master, IPASN)
    result = collect(master, [changed])
    (item,) = result.kiriman
    assert item.status is StatusKiriman.DITOLAK
    assert [m.code for m in item.reasons] == ["settings-changed"]
    assert "Data Kosong (Data_Kosong)" in item.reasons[0].message
    assert input_cells(master, IPASN) == before
    assert result.awaited == [UNITS[1], UNITS[2]]


def test_demo_roster_through_libreoffice_gives_the_same_rekap(libreoffice, tmp_path):
    """The 2,777 employees of report 000, sent to their 7 units, opened and saved by each in
    LibreOffice, and collected back: the same inputs, the same Rekap."""
    master, _ = build_demo("ipasn-000", tmp_path)
    rekap = _computed_rows(master, IPASN.table("tblRekap"))
    selisih = _computed_rows(master, IPASN.table("tblSelisih"))
    before = input_cells(master, IPASN)
    sent = distribute(master, tmp_path / "kirim")
    assert len(sent.workbooks) == 7
    back = tmp_path / "kembali"
    back.mkdir()
    files = [person(libreoffice, w.path, back / f"unit{i}.xlsx", [])
             for i, w in enumerate(sent.workbooks)]  # fmt: skip
    result = collect(master, files)
    assert [k.status for k in result.kiriman] == [StatusKiriman.DITERIMA] * 7
    assert all(not k.masalah for k in result.kiriman), [k.masalah for k in result.kiriman]
    assert input_cells(master, IPASN) == before
    assert _computed_rows(master, IPASN.table("tblRekap")) == rekap
    assert _computed_rows(master, IPASN.table("tblSelisih")) == selisih
    assert rekap[-1]["jumlah_pegawai"] == 2777


def test_kinerja_unit_fills_its_sasaran_in_libreoffice(libreoffice, tmp_path):
    master, _ = build_demo("kinerja-001", tmp_path)
    sent = distribute(master, tmp_path / "kirim", per="Sasaran")
    ind, ang = KINERJA.table("tblIndikator"), KINERJA.table("tblAnggaran")
    target = next(w for w in sent.workbooks if w.rows["tblIndikator"] == 2)
    mine = rows_of(target.path, ind)
    kode = mine[1]["kode"]
    realisasi = (mine[1]["target"] or 100) * 1.1
    new_row = ang.first_data_row + target.rows["tblAnggaran"]  # the first blank row

    def put(table, key: str, row: int, value: Any) -> dict[str, Any]:
        return {"op": "set", "sheet": table.sheet, "cell": f"{table.letter(key)}{row}",
                "value": value}  # fmt: skip

    out = person(libreoffice, target.path, tmp_path / "unit.xlsx", [
        put(ind, "realisasi", ind.first_data_row + 1, realisasi),
        put(ang, "kode_indikator", new_row, kode),
        put(ang, "program_kegiatan", new_row, "Kegiatan Baru"),
        put(ang, "pagu", new_row, 1000000),
    ])  # fmt: skip
    result = collect(master, [out])
    (item,) = result.kiriman
    assert (item.status, item.changed, item.added, item.removed) == (
        StatusKiriman.DITERIMA,
        1,
        1,
        0,
    )
    indikator = {r["kode"]: r for r in rows_of(master, ind)}
    assert indikator[kode]["realisasi"] == pytest.approx(realisasi)
    assert indikator[kode]["status"] in ("Melebihi Target", "Tercapai")
    added = [r for r in rows_of(master, ang) if r["program_kegiatan"] == "Kegiatan Baru"]
    assert len(added) == 1 and added[0]["kode_indikator"] == kode and added[0]["pagu"] == 1000000
    assert added[0]["capaian_kinerja"] == indikator[kode]["capaian"]
    assert len(result.awaited) == 2


def test_libreoffice_keeps_the_seal_and_its_rows_below_or_of_another_unit(libreoffice, tmp_path):
    """LibreOffice keeps the seal; rows it lets a person type under the table are taken in;
    another unit's person typed into a unit's table refuses that file, changing nothing."""
    master = ipasn_master(tmp_path / "induk.xlsx")
    sent = distribute(master, tmp_path / "kirim")
    back = tmp_path / "kembali"
    back.mkdir()
    ref = openpyxl.load_workbook(unit_file(sent, 0))[PEG.sheet].tables[PEG.name].ref
    last = int(ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    below = person(libreoffice, unit_file(sent, 0), back / "bawah.xlsx",
                   typed(last + 1, pegawai(0, 9, Nama="Di Bawah")))  # fmt: skip
    foreign = person(libreoffice, unit_file(sent, 1), back / "asing.xlsx",
                     typed(PEG.first_data_row + 4, pegawai(2, 0, Nama="Salinan")))  # fmt: skip
    sealed = stamp.read_stamps(unit_file(sent, 0))["Segel_Distribusi"]
    assert stamp.read_stamps(below)["Segel_Distribusi"] == sealed
    before = by_nip(master)
    result = collect(master, [below, foreign])
    kept, refused = result.kiriman
    assert (kept.status, kept.added) == (StatusKiriman.DITERIMA, 1)
    assert "rows-below-table" in [m.code for m in kept.masalah]
    assert refused.status is StatusKiriman.DITOLAK
    assert [m.code for m in refused.reasons] == ["foreign-row"]
    after = by_nip(master)
    assert after[nip(0, 9)]["nama"] == "Di Bawah"
    assert after[nip(2, 0)]["nama"] == before[nip(2, 0)]["nama"] == "Pegawai 2-0"
