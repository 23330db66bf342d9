"""Distribute an ``ipasn`` master to 200 units, then collect the 200 workbooks back.

Run: python benchmarks/bench_collect.py [UNITS] [ROWS_PER_UNIT]. Builds a master of UNITS x
ROWS_PER_UNIT employees (default 200 x 50 = 10,000) once, recomputes it, then times:

* ``distribute``: one workbook per unit (cut from the master's package, stamped, recomputed);
* a unit's edit: every tenth unit changes a value, adds a row and removes one (openpyxl stands in
  for a person; the edit is not timed);
* ``collect`` of all the workbooks: checks, archive, merge, the master's recompute and write.

Goal on the 2-core reference machine: under 20 s for both together (measured when written:
about 7 s to distribute and 3 s to collect).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute

SPEC = template("ipasn").table("tblPegawai")


def roster(units: int, per_unit: int) -> list[dict]:
    rows = []
    for u in range(units):
        for i in range(per_unit):
            n = u * per_unit + i
            rows.append(
                {
                    "NIP": f"198001012005{1 + n % 2}{n:05d}",
                    "Nama": f"Pegawai {n}",
                    "Unit Kerja": f"Perangkat Daerah {u:03d}",
                    "Status": "PNS" if n % 7 else "PPPK",
                    "Jenis Jabatan": ("Struktural", "Fungsional", "Pelaksana")[n % 3],
                    "Pendidikan": ("SLTA", "D3", "S1", "S2")[n % 4],
                    "Diklat Jenjang": "Ya" if n % 2 else "Tidak",
                    "JP Diklat Teknis": n % 40,
                    "Seminar": "Ya" if n % 3 else "Tidak",
                    "Nilai SKP": 60 + n % 40,
                    "Hukuman Disiplin": "Tidak Pernah",
                }
            )
    return rows


def edit_unit(path: Path, n: int) -> None:
    """A person changes a value, removes the second row and types a new employee."""
    wb = openpyxl.load_workbook(path)
    ws = wb[SPEC.sheet]
    table = ws.tables[SPEC.name]
    first = SPEC.first_data_row
    ws.cell(first, SPEC.col_index("pendidikan"), "S3")
    filled = sum(1 for r in range(first, ws.max_row + 1) if ws.cell(r, 1).value)
    ws.delete_rows(first + 1)
    new = first + filled - 1
    values = {"nip": f"19990101202001{n:04d}", "nama": f"Baru {n}", "status": "PPPK",
              "jenis_jabatan": "Pelaksana", "pendidikan": "S1"}  # fmt: skip
    values["unit_kerja"] = ws.cell(first, SPEC.col_index("unit_kerja")).value
    for key, value in values.items():
        ws.cell(new, SPEC.col_index(key), value)
    del table  # openpyxl keeps the table range; the deleted row leaves a blank one at its end
    wb.save(path)


def main() -> None:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    per_unit = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    folder = Path(tempfile.mkdtemp(prefix="lkjip-bench-collect-"))
    master = folder / "induk.xlsx"
    start = time.perf_counter()
    wb = make_workbook("ipasn")
    fill_table(wb, SPEC, roster(units, per_unit))
    wb.save(master)
    recompute_file(master)
    print(f"master: {units * per_unit:,} employees in {units} units, built in "
          f"{time.perf_counter() - start:.1f} s ({folder})")  # fmt: skip

    start = time.perf_counter()
    sent = distribute(master, folder / "kirim")
    distribute_s = time.perf_counter() - start
    print(f"distribute: {len(sent.workbooks)} workbooks in {distribute_s:.1f} s")

    files = [w.path for w in sent.workbooks]
    for n, path in enumerate(files):
        if n % 10 == 0:
            edit_unit(path, n)

    start = time.perf_counter()
    result = collect(master, files)
    collect_s = time.perf_counter() - start
    statuses = {}
    for item in result.kiriman:
        statuses[item.status.value] = statuses.get(item.status.value, 0) + 1
    changed = sum(k.changed or 0 for k in result.kiriman)
    added = sum(k.added or 0 for k in result.kiriman)
    removed = sum(k.removed or 0 for k in result.kiriman)
    print(f"collect: {len(files)} workbooks in {collect_s:.1f} s; {statuses}; "
          f"{changed} rows changed, {added} added, {removed} removed")  # fmt: skip
    total = distribute_s + collect_s
    verdict = "OK" if total < 20 else "SLOWER THAN GOAL"
    print(f"distribute + collect: {total:.1f} s (goal < 20 s: {verdict})")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
