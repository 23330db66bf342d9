"""What collect decides about a returned file a user could send by mistake (a unit's table
cleared), with the unit's edits typed through openpyxl as in ``test_distribute_collect.py``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lkjip_xl.workbook.exchange.codes import StatusKiriman
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from tests.test_distribute_collect import (
    PEG,
    by_nip,
    codes,
    edit_unit,
    ipasn_master,
    nip,
    pegawai,
    rows_of,
    unit_file,
)


def test_a_file_with_all_its_units_rows_deleted_is_refused_and_a_corrected_one_accepted(
    tmp_path: Path,
) -> None:
    master = ipasn_master(tmp_path / "induk.xlsx", units=2, per_unit=3)
    sent = distribute(master, tmp_path / "kirim")
    cleared = edit_unit(unit_file(sent, 0), tmp_path / "kosong.xlsx",
                        delete=[nip(0, n) for n in range(3)])  # fmt: skip
    before = by_nip(master)
    result = collect(master, [cleared])
    item = result.kiriman[0]
    assert item.status is StatusKiriman.DITOLAK
    assert [m.code for m in item.reasons] == ["unit-emptied"]
    assert "semua 3 baris unit Dinas Kesehatan" in item.reasons[0].message
    assert "row-removed" not in codes(item)
    assert by_nip(master) == before  # not one of the unit's rows removed
    # The unit's real return is still taken: a refused file holds nothing back.
    fixed = edit_unit(unit_file(sent, 0), tmp_path / "benar.xlsx",
                      set_={nip(0, 1): {"Nilai SKP": 88}})  # fmt: skip
    again = collect(master, [fixed])
    assert again.kiriman[0].status is StatusKiriman.DITERIMA
    assert by_nip(master)[nip(0, 1)]["nilai_skp"] == 88
    assert len(by_nip(master)) == 6


def test_a_unit_whose_rows_all_moved_to_another_units_file_is_collected(
    tmp_path: Path,
) -> None:
    master = ipasn_master(tmp_path / "induk.xlsx", units=2, per_unit=2)
    sent = distribute(master, tmp_path / "kirim")
    moved = [pegawai(0, n, **{"Unit Kerja": "Sekretariat Daerah"}) for n in range(2)]
    edit_unit(unit_file(sent, 0), delete=[nip(0, 0), nip(0, 1)])
    edit_unit(unit_file(sent, 1), add=moved)
    result = collect(master, [unit_file(sent, 0), unit_file(sent, 1)])
    assert [k.status for k in result.kiriman] == [StatusKiriman.DITERIMA] * 2
    units = {r["nip"]: r["unit_kerja"] for r in rows_of(master, PEG)}
    assert units == {nip(u, n): "Sekretariat Daerah" for u in range(2) for n in range(2)}


def test_ctrl_c_after_the_master_is_written_exits_with_the_collections_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user presses Ctrl+C as the bar reaches "Selesai": the master is written, so the
    exit code is the collection's (0 here), not 130, and the screen says the work was kept."""
    from lkjip_xl import cli

    master = ipasn_master(tmp_path / "induk.xlsx", units=2, per_unit=2)
    sent = distribute(master, tmp_path / "kirim")
    edit_unit(unit_file(sent, 0), set_={nip(0, 1): {"Nilai SKP": 77}})

    @contextmanager
    def bar(_console: object, _description: str) -> Iterator[object]:
        def update(_done: int, _total: int, text: str) -> None:
            if text == "Selesai":
                raise KeyboardInterrupt

        yield update

    monkeypatch.setattr(cli, "kemajuan", bar)
    done = CliRunner().invoke(cli.app, ["kumpulkan", str(master), str(unit_file(sent, 0))])
    assert done.exit_code == 0, done.output
    assert "Dibatalkan setelah induk disimpan" in done.output
    assert by_nip(master)[nip(0, 1)]["nilai_skp"] == 77
    again = collect(master, [unit_file(sent, 0)])
    assert [k.status for k in again.kiriman] == [StatusKiriman.DUPLIKAT]


def test_bagikan_refuses_a_deadline_already_past_and_writes_nothing(tmp_path: Path) -> None:
    from lkjip_xl import cli

    master = ipasn_master(tmp_path / "induk.xlsx", units=2, per_unit=1)
    before = master.read_bytes()
    out = tmp_path / "kirim"
    yesterday = date.today() - timedelta(days=1)
    done = CliRunner().invoke(cli.app, ["bagikan", str(master), "-o", str(out),
                                        "--batas-waktu", f"{yesterday:%d-%m-%Y}"])  # fmt: skip
    assert done.exit_code == 2, done.output
    assert f"Batas waktu {yesterday.isoformat()} sudah lewat" in done.output
    assert not out.exists() and master.read_bytes() == before
    # Today is no past day: a file returned today is on time.
    done = CliRunner().invoke(cli.app, ["bagikan", str(master), "-o", str(out),
                                        "--batas-waktu", date.today().isoformat()])  # fmt: skip
    assert done.exit_code == 0, done.output
