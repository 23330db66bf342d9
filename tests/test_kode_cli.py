"""``lkjip-xl kode KODE``: what one code means, found as a staff member types it."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from lkjip_xl.cli import app
from lkjip_xl.core.problems import Kode


def _kode(*args: str):
    return CliRunner().invoke(app, ["kode", *args], env={"COLUMNS": "80"})


def test_one_code_typed_in_another_case_shows_its_explanation():
    # `kode` took no argument: "HISTORY_MISMATCH" was a usage error, and the table of every
    # code shows the message pattern ({kolom}: {alasan}), never the explanation.
    result = _kode("  HISTORY_MISMATCH ")
    assert result.exit_code == 0, result.output
    assert all(len(line) <= 80 for line in result.output.splitlines())
    rows: dict[str, str] = {}
    label = ""
    for line in result.output.splitlines():
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if len(cells) == 2:
            label = cells[0] or label
            rows[label] = f"{rows.get(label, '')} {cells[1]}".strip()
    kode = Kode.HISTORY_MISMATCH
    assert rows == {
        "Kode": "history-mismatch",
        "Judul": kode.judul,
        "Tingkat": "peringatan",
        "Area": "kinerja",
        "Keterangan": kode.keterangan,
        "Pola pesan": "{kolom}: {alasan}",
    }


def test_one_code_for_tools_is_a_list_of_that_entry():
    result = _kode("Duplicate-Key", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [Kode.DUPLICATE_KEY.as_dict()]


def test_an_unknown_code_is_refused_with_the_nearest_codes():
    result = _kode("histroy-mismatch")
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert said == (
        "Gagal: Kode masalah 'histroy-mismatch' tidak dikenal. Mungkin maksudnya: "
        "history-mismatch, skp-mismatch. Daftar semua kode: lkjip-xl kode"
    )
    nothing = _kode("zzz")
    assert nothing.exit_code == 2
    assert " ".join(nothing.output.split()) == (
        "Gagal: Kode masalah 'zzz' tidak dikenal. Daftar semua kode: lkjip-xl kode"
    )
