"""The units' SHA-256 in the manifest are under the seal key.

Collect takes a returned file whose SHA-256 is the one distribute wrote for a unit as returned
unchanged, without opening it. The manifest lies in the lead's distribution folder, a plain file:
someone able to write it could record the hash of any file there. Each unit's hash is therefore
sealed with the distribution's key (kept beside the master, never in that folder); a hash whose
seal does not hold, or a manifest of an earlier version without those seals, sends the file
through the full check, which proves a file by its own stamps and seal.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from lkjip_xl.workbook.exchange import seal
from lkjip_xl.workbook.exchange.codes import StatusKiriman
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.exchange.manifest import HASH_SEAL_FIELD, load
from tests.test_distribute_collect import UNITS, ipasn_master, sha, unit_file


def _distribution(tmp_path: Path):
    dist = tmp_path / "dist"
    dist.mkdir()
    master = ipasn_master(dist / "induk.xlsx", units=3, per_unit=4)
    return master, distribute(master, dist / "kirim")


def _record_hash(manifest: Path, unit: str, digest: str, *, drop_seals: bool = False) -> None:
    """Edit the manifest as a text editor would: the unit's hash replaced."""
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in data["unit"]:
        if entry["unit"] == unit:
            entry["sha256"] = digest
        if drop_seals:
            entry.pop(HASH_SEAL_FIELD, None)
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_every_unit_hash_is_sealed_and_an_edited_one_is_not(tmp_path):
    master, sent = _distribution(tmp_path)
    record = load(sent.manifest)
    seal.load_key(master, record)
    assert len(record.units) == 3
    assert all(seal.hash_sealed(record, u) for u in record.units)
    assert [u.sha256 for u in record.units] == [sha(unit_file(sent, i)) for i in range(3)]
    record.units[1].sha256 = record.units[0].sha256
    assert not seal.hash_sealed(record, record.units[1])
    # Without the key (a manifest read as is) nothing is taken on trust.
    assert not any(seal.hash_sealed(load(sent.manifest), u) for u in load(sent.manifest).units)


def _forged_collect(tmp_path: Path, *, drop_seals: bool):
    master, sent = _distribution(tmp_path)
    back = tmp_path / "kembali"
    back.mkdir()
    # A workbook of the template that no distribution made: its hash only is in the manifest.
    forged = ipasn_master(back / "palsu.xlsx", units=1, per_unit=2)
    genuine = shutil.copy(unit_file(sent, 0), back / "asli.xlsx")
    _record_hash(sent.manifest, UNITS[1], sha(forged), drop_seals=drop_seals)
    return collect(master, [genuine, forged])


def test_a_file_whose_hash_was_written_into_the_manifest_is_checked_in_full(tmp_path):
    result = _forged_collect(tmp_path, drop_seals=False)
    genuine, forged = result.kiriman
    assert genuine.status is StatusKiriman.DITERIMA and genuine.unit == UNITS[0]
    assert forged.status is StatusKiriman.DITOLAK and forged.unit is None
    assert UNITS[1] in result.awaited


def test_a_manifest_without_hash_seals_is_checked_in_full(tmp_path):
    result = _forged_collect(tmp_path, drop_seals=True)
    genuine, forged = result.kiriman
    assert genuine.status is StatusKiriman.DITERIMA and genuine.unit == UNITS[0]
    assert genuine.rows == 4
    assert forged.status is StatusKiriman.DITOLAK
    assert UNITS[1] in result.awaited
