"""Column letters as openpyxl converts them: the add-in's own copy (imported without openpyxl)
gives openpyxl's result, or its error, for every column and for malformed input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl.utils import cell as reference

from lkjip_xl.workbook.ooxml import letters


def test_every_column_both_ways():
    for index in range(1, 18_279):
        text = reference.get_column_letter(index)
        assert letters.get_column_letter(index) == text
        assert letters.column_index_from_string(text) == index
        assert letters.column_index_from_string(text.lower()) == index


@pytest.mark.parametrize("bad", [0, -1, 18_279])
def test_column_numbers_out_of_range(bad):
    with pytest.raises(ValueError):
        reference.get_column_letter(bad)
    with pytest.raises(ValueError):
        letters.get_column_letter(bad)


@pytest.mark.parametrize("bad", ["", "AAAA", "A1", "Ä", "-", " A"])
def test_bad_column_letters(bad):
    with pytest.raises(ValueError):
        reference.column_index_from_string(bad)
    with pytest.raises(ValueError):
        letters.column_index_from_string(bad)


@pytest.mark.parametrize("text", ["B12", "$B$12", "xfd1048576", "A0", "A", "12", "A1:B2", "A-1"])
def test_coordinates(text):
    try:
        expected = reference.coordinate_from_string(text)
    except Exception:
        with pytest.raises(ValueError):
            letters.coordinate_from_string(text)
    else:
        assert letters.coordinate_from_string(text) == expected


def test_a_recompute_does_not_import_openpyxl_or_the_core_eagerly():
    """Importing the package and the file book's whole path leaves openpyxl out, and the
    package itself leaves pandas out until a figure is asked for."""
    code = (
        "import sys, lkjip_xl\n"
        "assert 'pandas' not in sys.modules and 'numpy' not in sys.modules\n"
        "import lkjip_xl.workbook.api, lkjip_xl.workbook.kinds\n"
        "assert not [m for m in sys.modules if m.startswith('openpyxl')], 'openpyxl'\n"
        "assert callable(lkjip_xl.capaian) and 'pandas' in sys.modules\n"
    )
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
