"""The server answers xlwings' per-cell "is this Pyodide's JsNull?" once, not by a failed import
per cell: off Pyodide, the answer it gives is the one xlwings' own probe gives, for every kind of
value a call carries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

CODE = """
import json
from xlwings import utils
probe = utils.is_jsnull
values = [None, "", 0, 1.5, -2, True, False, "teks", {"type": "Error", "basicValue": "#N/A"},
          [], [[None]]]
before = [probe(v) for v in values]
from lkjip_xl.excel.server import officejs_functions
officejs_functions()
after = [utils.is_jsnull(v) for v in values]
print(json.dumps([utils.is_jsnull is not probe, before, after]))
"""


def test_the_probe_is_replaced_and_answers_as_xlwings_does():
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
           "XLWINGS_LICENSE_KEY": "noncommercial"}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    replaced, before, after = json.loads(done.stdout.splitlines()[-1])
    assert replaced
    assert after == before
