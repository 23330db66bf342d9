"""``lkjip-xl check`` on a roster with many problems: a count per code and the first problems
with their cells on screen, every problem in ``--json`` (a table of 200,000 rows took minutes)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter

import openpyxl

from lkjip_xl.workbook.builder import build_template
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.demo import fill_table

PEGAWAI = template("ipasn").table("tblPegawai")
ROWS = 40  # two problems each: 80, more than the screen lists one by one


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "lkjip_xl.cli", *args], capture_output=True,
                          text=True, timeout=300, env=env)  # fmt: skip


def _broken_roster(path, rows: int):
    """A roster whose every row has two galat: a 17-digit NIP and an unknown Pendidikan."""
    build_template("ipasn", path)
    wb = openpyxl.load_workbook(path)
    people = [
        {"NIP": str(19850101201001100 + i), "Nama": f"Pegawai {i}", "Unit Kerja": "Bidang A",
         "Status": "PNS", "Jenis Jabatan": "Pelaksana", "Pendidikan": "SMA?",
         "Diklat Jenjang": "Tidak", "JP Diklat Teknis": 20, "Seminar": "Ya", "Nilai SKP": 90,
         "Hukuman Disiplin": "Tidak Pernah"}
        for i in range(rows)
    ]  # fmt: skip
    fill_table(wb, PEGAWAI, people)
    wb.save(path)
    return path


def test_many_problems_are_summarised_on_screen_and_all_in_json(tmp_path):
    path = _broken_roster(tmp_path / "ipasn.xlsx", ROWS)

    as_json = _cli("check", "--json", str(path))
    assert as_json.returncode == 1, as_json.stderr[-2000:]
    problems = json.loads(as_json.stdout)["masalah"]
    counts = Counter(m["code"] for m in problems if m["tingkat"] == "galat")
    assert counts == {"nip-format": ROWS, "unknown-choice": ROWS}

    screen = _cli("check", str(path))
    assert screen.returncode == 1, screen.stderr[-2000:]
    out = screen.stdout
    for code, count in counts.items():
        assert any(code in line and f" {count} " in line for line in out.splitlines()), code
    first = PEGAWAI.first_data_row
    assert f"Pegawai!A{first} " in out  # the first problems, with their cells
    shown = sum(1 for line in out.splitlines() if "Pegawai!" in line)
    assert shown == 50
    assert f"... dan {len(problems) - 50} masalah lain" in out


def test_recompute_says_how_many_problems_it_did_not_list(tmp_path):
    path = build_template("ipasn", tmp_path / "ipasn.xlsx")
    wb = openpyxl.load_workbook(path)
    rows = [{"NIP": str(19850101201001100 + i), "Nama": f"Pegawai {i}", "Unit Kerja": "A",
             "Status": "PNS", "Pendidikan": "SMA?"} for i in range(15)]  # fmt: skip
    fill_table(wb, PEGAWAI, rows)
    wb.save(path)
    out = _cli("hitung", str(path)).stdout
    galat, peringatan = map(int, re.search(r"\((\d+) galat, (\d+) peringatan\)", out).groups())
    assert galat + peringatan > 20
    assert sum(1 for line in out.splitlines() if "Pegawai!" in line) == 20
    assert f"... dan {galat + peringatan - 20} masalah lain" in out


def test_counts_past_a_thousand_are_written_with_the_thousands_dot(tmp_path):
    path = _broken_roster(tmp_path / "ipasn.xlsx", 600)
    screen = _cli("check", str(path))
    assert screen.returncode == 1, screen.stderr[-2000:]
    lines = screen.stdout.splitlines()
    assert "... dan 1.152 masalah lain; semuanya ada di keluaran --json." in lines
    assert any(" nip-format " in line and " 600 " in line for line in lines)
    # 1.200 galat; the warnings: the rows left incomplete, and a workbook never computed
    assert lines[-1] == "ipasn.xlsx: 1.200 galat, 2 peringatan."
