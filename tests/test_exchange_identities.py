"""The identities of the rows a manifest records are those :attr:`rows.Row.identity` gives the
rows as read (a key folded by :func:`rows.fold_key`, else the row's hash): a unit's seal and the
ownership of its rows depend on them."""

from __future__ import annotations

from lkjip_xl.workbook.exchange.manifest import SentTable
from lkjip_xl.workbook.exchange.rows import fold_key

KEYS = [["s: 19800101 abc "], [None], ["n:12"], ["s:x", "s: y"], ["s:x", None], ["s:"], ["b:TRUE"]]


def test_single_and_compound_keys_give_the_identities_of_the_rows_read():
    hashes = [f"h{i}" for i in range(len(KEYS))]
    got = SentTable(len(KEYS), hashes, KEYS).identities()
    assert got == [
        ("k", "19800101 ABC"),
        ("h", "h1"),
        ("k", "12"),
        ("k", "X", "Y"),
        ("h", "h4"),
        ("k", ""),
        ("k", "TRUE"),
    ]
    for identity, key, digest in zip(got, KEYS, hashes, strict=True):
        folded = fold_key(tuple(key))
        assert identity == (("k", *folded) if folded is not None else ("h", digest))


def test_a_table_without_keys_is_known_by_its_hashes():
    assert SentTable(2, ["a", "b"]).identities() == [("h", "a"), ("h", "b")]
