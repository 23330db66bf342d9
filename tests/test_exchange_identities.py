"""The identities of the rows a manifest records are those :attr:`rows.Row.identity` gives the
rows as read (a key folded by :func:`rows.fold_key`, else the row's hash): a unit's seal and the
ownership of its rows depend on them."""

from __future__ import annotations

from lkjip_xl.workbook.book import TableData
from lkjip_xl.workbook.contract import template
from lkjip_xl.workbook.exchange.manifest import SentTable, SentUnit
from lkjip_xl.workbook.exchange.merge import MasterTable, unchanged_unit
from lkjip_xl.workbook.exchange.rows import fold_key, read_rows
from lkjip_xl.workbook.exchange.split import plan
from lkjip_xl.workbook.exchange.unit_build import _key_texts

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


def _table(spec, values):
    """A table as read: ``values`` fill the spec's input columns in order, the rest blank."""
    headers = [c.name for c in spec.columns]
    inputs = [headers.index(c.name) for c in spec.input_columns]
    rows = []
    for row in values:
        cells = [None] * len(headers)
        for at, value in zip(inputs, row, strict=False):
            cells[at] = value
        rows.append(cells)
    return TableData(spec.name, "Lembar", 1, 1, headers, rows)


def test_the_rows_read_give_the_identities_a_seal_is_checked_with():
    """distribute seals a unit with its rows' :attr:`Row.identity`; collect checks the seal with
    the identities the manifest's key texts give: both must be the same for every kind of key
    (a blank key, spaces, a number, a key of several columns, a keyless table)."""
    cases = {
        "tblPegawai": [
            [" 19800101 abc ", "A"],
            [None, "B"],
            [12.0, "C"],
            [True, "D"],
            ["  ", "E"],
            ["x", "F"],
        ],
        "tblTriwulan": [["K1", "I"], ["K1", None, "x"], [None, "II"], [" k2 ", 3.0]],
        "tblAnggaran": [["a", 1.5], ["b", None]],
    }
    for name, values in cases.items():
        spec = (template("ipasn") if name == "tblPegawai" else template("kinerja")).table(name)
        read = read_rows(spec, _table(spec, values), lean=True)
        assert len(read.rows) == len(values)
        recorded = SentTable(len(read.rows), [r.hash for r in read.rows], _key_texts(read))
        assert [r.identity for r in read.rows] == recorded.identities(), name


def test_single_keys_give_the_identities_of_the_rows_read():
    """Keys of one text each (a roster's NIP), folded at list speed, as fold_key folds them."""
    keys = [["s: 19800101 abc "], [None], ["n:12"], ["s:"], ["b:TRUE"]]
    got = SentTable(len(keys), ["a", "b", "c", "d", "e"], keys).identities()
    assert got == [("k", "19800101 ABC"), ("h", "b"), ("k", "12"), ("k", ""), ("k", "TRUE")]


def _master(values):
    spec = template("ipasn").table("tblPegawai")
    return spec, MasterTable(read_rows(spec, _table(spec, values), lean=True))


def _sent(spec, values, changed=()):
    """The unit's rows as a manifest records them; the rows at ``changed`` with another hash
    (the master changed them since)."""
    read = read_rows(spec, _table(spec, values), lean=True)
    hashes = [("0" * 16 if i in changed else r.hash) for i, r in enumerate(read.rows)]
    table = SentTable(len(read.rows), hashes, _key_texts(read))
    return SentUnit("Unit A", "a.xlsx", "", {spec.name: table})


def test_an_unchanged_unit_counts_the_rows_the_master_changed_since():
    """Every row sent found by its key (one master row each), or not: the same count."""
    split = plan(template("ipasn"))
    spec, master = _master([["1", "A"], ["2", "B"], ["3", "C"], ["4", "D"], ["4", "E"]])
    cases = [
        ([["1", "A"], ["2", "B"], ["3", "C"]], (), 0),
        ([["1", "A"], ["2", "B"], ["3", "C"]], (1,), 1),
        ([["1", "A"], ["2", "X"], ["3", "C"]], (0,), 2),  # ["2", "X"]: the master holds B
        ([["1", "A"], ["9", "Z"]], (), 1),  # 9: no longer in the master
        ([["1", "A"], ["4", "D"]], (), 0),  # 4: two rows of the master, the first claimed
        ([["3", "C"], ["4", "E"]], (0,), 2),
    ]
    for values, changed, edited in cases:
        result = unchanged_unit(_sent(spec, values, changed), {spec.name: master}, split)
        assert result.master_edited == edited, values
