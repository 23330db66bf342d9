"""The manifest a distribution writes: JSON that reads back as what was sent, a unit a line."""

from __future__ import annotations

import json

from lkjip_xl.workbook.exchange.distribute import distribute
from lkjip_xl.workbook.exchange.manifest import load
from tests.test_distribute_collect import ipasn_master


def test_the_manifest_reads_back_whole_with_a_unit_a_line(tmp_path):
    master = ipasn_master(tmp_path / "induk.xlsx")
    sent = distribute(master, tmp_path / "kirim")
    text = sent.manifest.read_text(encoding="utf-8")
    data = json.loads(text)  # the standard library's reader, not ours
    manifest = load(sent.manifest)
    assert data == json.loads(json.dumps(manifest.as_dict()))
    assert [u["unit"] for u in data["unit"]] == [w.unit for w in sent.workbooks]
    assert [u["sha256"] for u in data["unit"]] == [w.sha256 for w in sent.workbooks]
    lines = text.splitlines()
    for unit in data["unit"]:
        line = next(x for x in lines if x.startswith('  {"unit": ' + json.dumps(unit["unit"])))
        assert json.loads(line.rstrip(",")) == unit
    assert data["format"] == "lkjip_xl.distribusi/1"
