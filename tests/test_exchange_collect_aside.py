"""While the master is read, collect holds the rows sent to the units (the manifest's hashes and
keys) as one pickle, and takes them back before anything in this process uses them: a file its
worker could not bring back is then checked here against the whole manifest, as if no worker
had been there.
"""

from __future__ import annotations

from pathlib import Path

from lkjip_xl.workbook.exchange import check_pool
from lkjip_xl.workbook.exchange import collect as collect_module
from tests.test_exchange_collect_pool import _collect, returned  # noqa: F401 (a fixture)


def _worker_lost(path: Path) -> bytes:
    """What a worker that dies on every file brings back (submitted by name: importable)."""
    raise RuntimeError(f"pekerja berhenti: {path.name}")


def test_files_no_worker_brought_back_are_checked_here_against_the_whole_manifest(
    returned,  # noqa: F811 (the fixture imported above)
    tmp_path,
    monkeypatch,
):
    _here, said_here = _collect(returned, tmp_path / "sini", 1, monkeypatch)
    set_aside: list[int] = []
    aside = collect_module._set_aside_rows_sent

    def counted(record):
        blob = aside(record)
        assert all(not sent.tables for sent in record.units)  # let go of while it is read
        set_aside.append(len(blob))
        return blob

    monkeypatch.setattr(collect_module, "_set_aside_rows_sent", counted)
    monkeypatch.setattr(check_pool, "_check_in_worker", _worker_lost)
    _lost, said_lost = _collect(returned, tmp_path / "hilang", 2, monkeypatch)
    assert len(set_aside) == 1 and set_aside[0] > 0
    assert said_lost == said_here
    statuses = [k["status"] for k in said_here]
    assert statuses == ["Diterima", "Diterima", "Diterima", "Duplikat", "Ditolak"]


def test_rows_sent_come_back_as_they_were(returned, tmp_path, monkeypatch):  # noqa: F811
    taken: list[dict] = []
    back = collect_module._take_back_rows_sent

    def kept(record, blob):
        before = [dict(sent.tables) for sent in record.units]
        assert before and all(not t for t in before)
        back(record, blob)
        taken.append({s.unit: s.tables for s in record.units})

    seen: list[dict] = []
    aside = collect_module._set_aside_rows_sent

    def seeing(record):
        seen.append({s.unit: dict(s.tables) for s in record.units})
        return aside(record)

    monkeypatch.setattr(collect_module, "_set_aside_rows_sent", seeing)
    monkeypatch.setattr(collect_module, "_take_back_rows_sent", kept)
    _collect(returned, tmp_path / "pekerja", 2, monkeypatch)
    assert len(seen) == len(taken) == 1
    assert taken[0] == seen[0] and any(t for t in seen[0].values())


def test_tables_of_every_shape_come_back_as_they_were():
    # Joined texts for the usual shape (one key text per row); anything else pickled: a text
    # holding the separator, keys of two parts or a blank one, no rows, lone surrogates.
    from lkjip_xl.workbook.exchange.manifest import SentTable

    shapes = [
        SentTable(2, ["9a1bd81701fea2e5", "5b2a7c02a1008041"], [["s:1965"], ["s:1966"]]),
        SentTable(2, ["a\nb", "c"], [["x", "y"], ["z", None]]),
        SentTable(2, ["a", "b"], [["s:1\ns:2"], [None]]),
        SentTable(0, [], []),
        SentTable(1, ["\ud800"], [["k\ud800"]]),
        SentTable(3, ["", "a", ""], None),
    ]
    for table in shapes:
        assert collect_module._unpacked(*collect_module._packed(table)) == table
