"""Review of the sealed unit hashes: whatever happens to the manifest's record or the files'
names on the way, a genuine unit's file ends Diterima (fast or through the full check) and a
broken key is refused in Indonesian."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lkjip_xl.workbook.exchange import seal
from lkjip_xl.workbook.exchange.codes import StatusKiriman
from lkjip_xl.workbook.exchange.collect import collect
from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.exchange.manifest import HASH_SEAL_FIELD, load
from lkjip_xl.workbook.exchange.package import ExchangeError
from tests.test_distribute_collect import UNITS, ipasn_master, unit_file


def _distribution(tmp_path: Path):
    dist = tmp_path / "dist"
    dist.mkdir()
    master = ipasn_master(dist / "induk.xlsx", units=3, per_unit=4)
    return master, distribute(master, dist / "kirim")


def _returned(tmp_path: Path, sent, names: list[str]) -> list[Path]:
    back = tmp_path / "kembali"
    back.mkdir()
    return [shutil.copy(unit_file(sent, i), back / name) for i, name in enumerate(names)]


def _all_taken(result, count: int) -> None:
    assert [k.status for k in result.kiriman] == [StatusKiriman.DITERIMA] * count
    assert sorted(k.unit for k in result.kiriman) == sorted(UNITS[:count])
    assert all(k.rows == 4 for k in result.kiriman)
    assert result.awaited == []


def test_files_renamed_by_their_units_are_taken(tmp_path):
    master, sent = _distribution(tmp_path)
    files = _returned(tmp_path, sent, ["kiriman kami.xlsx", "B (1).xlsx", "c.XLSX"])
    record = load(sent.manifest)
    seal.load_key(master, record)
    assert all(seal.hash_sealed(record, u) for u in record.units)
    _all_taken(collect(master, files), 3)


def test_a_manifest_rewritten_by_hand_elsewhere_still_takes_genuine_files(tmp_path):
    master, sent = _distribution(tmp_path)
    data = json.loads(sent.manifest.read_text(encoding="utf-8"))
    data["unit"][0]["berkas"] = "dinamai ulang oleh pimpinan.xlsx"  # breaks that hash's seal
    data["unit"][1][HASH_SEAL_FIELD] = "0" * 64  # a seal that does not hold
    data["unit"][2][HASH_SEAL_FIELD] = 12345  # not even text
    data["catatan"] = "diedit di Notepad"
    # Another editor: keys reordered, indented, non-ASCII escaped.
    sent.manifest.write_text(json.dumps(data, indent=4, sort_keys=True), encoding="utf-8")
    files = _returned(tmp_path, sent, [f"u{i}.xlsx" for i in range(3)])
    _all_taken(collect(master, files), 3)


@pytest.mark.parametrize("key", ["bukan-hex", "ab" * 8 + "zz"], ids=["text", "odd-digit"])
def test_a_key_file_edited_to_no_key_is_refused_in_indonesian(tmp_path, key):
    master, sent = _distribution(tmp_path)
    path = seal.key_file(master)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["kunci"] = {k: key for k in data["kunci"]}
    path.write_text(json.dumps(data), encoding="utf-8")
    files = _returned(tmp_path, sent, ["a.xlsx"])
    with pytest.raises(ExchangeError, match=r"Berkas kunci segel .* tidak sah"):
        collect(master, files)


def test_an_earlier_manifests_own_key_edited_is_refused_in_indonesian(tmp_path):
    master, sent = _distribution(tmp_path)
    seal.key_file(master).unlink()
    data = json.loads(sent.manifest.read_text(encoding="utf-8"))
    del data["berkas_kunci_segel"]
    data["kunci_segel"] = "kunci rahasia"  # not the hex an earlier distribute wrote
    sent.manifest.write_text(json.dumps(data), encoding="utf-8")
    before = master.read_bytes()
    with pytest.raises(ExchangeError, match=r"Kunci segel distribusi .* di manifest tidak sah"):
        collect(master, _returned(tmp_path, sent, ["a.xlsx"]))
    assert master.read_bytes() == before
