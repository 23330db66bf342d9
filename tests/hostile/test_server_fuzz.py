"""Any JSON body, sent to every endpoint of a real ``lkjip-xl serve`` (the token-guarded server of
:mod:`tests.hostile.test_server_corpus`), is answered: a JSON object, a status that is not a
500, and any sentence in it (a refusal's ``detail``, a button's message) Indonesian.

The bodies are arbitrary JSON (NaN, Infinity and integers past a double included, texts with
null bytes, right-to-left marks and zero-width spaces), and bodies shaped like the clients' (a
function call, a workbook of sheets, tables and names) with every part drawn from hostile
values, so that the checks behind the shape are reached too.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lkjip_xl.excel import udfs
from tests.hostile.fuzz import ENGLISH
from tests.hostile.test_server_corpus import FUNCTIONS, SCRIPTS, TOKEN, guarded  # noqa: F401

pytestmark = pytest.mark.slow

TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "75%", "\u200f75", "7\u200b5", "75\u00a0", "x\x00y", "#DIV/0!", "sakip",
                     "Negatif", "lan", "rasio", "S1", "Ya", "Baik", "1e400", "../../etc/passwd",
                     "A1", "A4:X1048576", "A1:XFD1048576", "Indikator", "tblIndikator"]),
)  # fmt: skip
NUMBER = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.sampled_from([1e308, -0.0, 5e-324, 10**400, 0, 1, 100]),
)
SCALAR = st.one_of(st.none(), st.booleans(), NUMBER, TEXT)
CELL_OBJECT = st.fixed_dictionaries(
    {"type": st.sampled_from(["Error", "Double", "String", "Boolean", "", "Entity"]),
     "basicValue": SCALAR},
    optional={"errorType": TEXT},
)  # fmt: skip
CELL = st.one_of(SCALAR, CELL_OBJECT)
GRID = st.lists(st.lists(CELL, min_size=0, max_size=3), min_size=0, max_size=3)
JSON = st.recursive(
    SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)  # fmt: skip
ADDRESS = st.one_of(st.none(), TEXT, st.sampled_from(["A1", "A1:B2", "A4:X34", "B5:B5"]))

CALL = st.fixed_dictionaries(
    {"func_name": st.one_of(st.sampled_from(sorted(udfs.UDFS)), TEXT),
     "args": st.lists(st.one_of(st.none(), GRID, JSON), max_size=8)},
    optional={"client": st.sampled_from(["Office.js", "Excel"]), "version": TEXT,
              "runtime": TEXT, "caller_address": TEXT},
)  # fmt: skip
TABLE = st.fixed_dictionaries(
    {"name": TEXT, "range_address": ADDRESS},
    optional={"header_row_range_address": ADDRESS, "data_body_range_address": ADDRESS,
              "total_row_range_address": ADDRESS, "show_headers": JSON, "show_totals": JSON},
)  # fmt: skip
SHEET = st.fixed_dictionaries(
    {"name": TEXT, "values": GRID},
    optional={"tables": st.lists(TABLE, max_size=2),
              "lkjip_percent": st.lists(st.lists(SCALAR, max_size=3), max_size=2),
              "pictures": JSON},
)  # fmt: skip
NAME = st.fixed_dictionaries(
    {"name": TEXT, "address": ADDRESS, "sheet_index": st.one_of(st.integers(-1, 3), JSON)},
    optional={"book_scope": JSON, "scope_sheet_index": JSON},
)  # fmt: skip
BOOK = st.fixed_dictionaries(
    {"book": st.one_of(st.fixed_dictionaries({"name": TEXT}), JSON),
     "sheets": st.lists(SHEET, max_size=3)},
    optional={"names": st.lists(NAME, max_size=3), "client": st.just("Office.js")},
)  # fmt: skip
PATHS = [FUNCTIONS, SCRIPTS + "hitung_ulang", SCRIPTS + "periksa", SCRIPTS + "..%2Fserver",
         SCRIPTS + "__init__"]  # fmt: skip


def _sentences(answer: object) -> list[str]:
    """What a user reads of an answer: a refusal's detail, a button's message box."""
    if not isinstance(answer, dict):
        return []
    if "detail" in answer:
        return [answer["detail"]]
    return [a["args"][0] for a in answer.get("actions", []) if a.get("func") == "alert"]


def _english(sentence: str) -> str | None:
    # What the body itself said is quoted back ('...'); the sentence around it must not be
    # English.
    own = re.sub(r"'[^']*'|\"[^\"]*\"", "''", sentence)
    found = ENGLISH.search(own)
    return found.group(0) if found else None


def _check(guarded, path: str, body: object) -> None:  # noqa: F811
    data = json.dumps(body, allow_nan=True).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
    status, answer = guarded.request("POST", path, data, headers)
    assert status != 500 and status < 600, (status, answer, body)
    assert isinstance(answer, dict), (status, answer)
    for sentence in _sentences(answer):
        assert isinstance(sentence, str) and sentence, answer
        assert _english(sentence) is None, (sentence, body)


FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))  # fmt: skip


def test_the_english_check_finds_what_python_says():
    assert _english("Tidak dapat dihitung: OverflowError: int too large to convert to float")
    assert _english("Your xlwings version is different on the client (0.0.1) and server")
    assert _english("LKJ_CAPAIAN() missing 1 required positional argument: 'realisasi'")
    assert _english("Fungsi 'the Error is' tidak dikenal.") is None


@FUZZ
@given(body=JSON, path=st.sampled_from(PATHS))
def test_any_json_body_is_answered_in_indonesian(guarded, body, path):  # noqa: F811
    _check(guarded, path, body)


@FUZZ
@given(body=CALL)
def test_any_function_call_is_answered_in_indonesian(guarded, body):  # noqa: F811
    _check(guarded, FUNCTIONS, body)


@FUZZ
@given(body=BOOK, script=st.sampled_from(["hitung_ulang", "periksa"]))
def test_any_workbook_is_answered_in_indonesian(guarded, body, script):  # noqa: F811
    _check(guarded, SCRIPTS + script, body)
