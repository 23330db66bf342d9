"""A stray value far outside every table is found however its cell reference is spelled.

XML lets an attribute be written ``r="A1"``, ``r='A1'``, ``r = "A1"`` or after a tab;
python-calamine reads every spelling, and builds a grid from the first cell to the last. A value
in ``XFD1048576`` that the far-cell search missed would reach calamine, which asks for 512 GiB
and aborts the process (no message in Bahasa Indonesia; in a collect, the worker checking a
unit's file dies). Sheets up to ``extent.ANY_SPELLING_BYTES`` are searched for every spelling;
larger ones for Excel's, and for every other from where a hint of one stands.

The check runs in a child process whose address space is capped, so that a miss is a failed
test here rather than a machine out of memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lkjip_xl.workbook.ooxml.extent import ANY_SPELLING_BYTES

resource = pytest.importorskip("resource")

ROOT = Path(__file__).resolve().parents[1]
_CAP = 4 << 30  # bytes of address space for the child: far above a check of the demo workbook


def _with_far_cell(source: Path, target: Path, row: bytes, pad: int = 0) -> Path:
    """``source`` with ``row`` appended to the sheet data of its Identitas sheet (named cells),
    after a text of ``pad`` bytes in E20 (inside what the engine reads: it finds nothing)."""
    padding = b'<row r="20"><c r="E20" t="inlineStr"><is><t>' + b"x" * pad + b"</t></is></c></row>"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                assert b"</sheetData>" in data
                data = data.replace(
                    b"</sheetData>", (padding if pad else b"") + row + b"</sheetData>"
                )
            zout.writestr(info, data)
    return target


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_CAP, _CAP))


def _check(path: Path) -> tuple[int, list[tuple[str, str]]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "lkjip_xl.cli", "periksa", "--json", str(path)],
        capture_output=True, text=True, env=env, timeout=300, preexec_fn=_cap,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr[-2000:]
    found = json.loads(done.stdout)["masalah"]
    return done.returncode, sorted((m["code"], m["sheet"]) for m in found)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from lkjip_xl.workbook.demo import build_demo

    source, _ = build_demo("kinerja-000", tmp_path_factory.mktemp("demo"))
    return source


@pytest.mark.parametrize(
    "spelling", [b"r='XFD1048576'", b'r = "XFD1048576"', b'\tr="XFD1048576"'],
    ids=["apostrophes", "spaces", "tab"],
)  # fmt: skip
def test_a_far_cell_spelled_otherwise_is_found_as_excel_spells_it(
    demo: Path, tmp_path: Path, spelling: bytes
) -> None:
    usual = _with_far_cell(
        demo, tmp_path / "biasa.xlsx", b'<row><c r="XFD1048576"><v>1</v></c></row>'
    )
    other = _with_far_cell(
        demo, tmp_path / "lain.xlsx", b"<row><c " + spelling + b"><v>1</v></c></row>"
    )
    expected = _check(usual)
    assert ("far-cells", "Identitas") in expected[1]
    assert _check(other) == expected


@pytest.fixture(scope="module")
def large_usual(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, list]:
    """The check of the demo whose Identitas sheet is larger than ``ANY_SPELLING_BYTES`` (and
    searched as it is inflated), with a far cell as Excel spells it."""
    usual = _with_far_cell(
        demo, tmp_path_factory.mktemp("usual") / "biasa.xlsx",
        b'<row><c r="XFD1048576"><v>1</v></c></row>', pad=_LARGE,
    )  # fmt: skip
    found = _check(usual)
    assert ("far-cells", "Identitas") in found[1]
    return found


_LARGE = ANY_SPELLING_BYTES + (1 << 20)


@pytest.mark.parametrize(
    "spelling",
    [b"r='XFD1048576'", b'r = "XFD1048576"', b'r= "XFD1048576"', b'r\t="XFD1048576"',
     b'\tr="XFD1048576"', b'\nr="XFD1048576"', b'\r\nr="XFD1048576"'],
    ids=["apostrophes", "spaces", "space-after", "tab-after", "tab", "newline", "crlf"],
)  # fmt: skip
def test_a_far_cell_spelled_otherwise_in_a_large_sheet_is_found(
    demo: Path, large_usual: tuple[int, list], tmp_path: Path, spelling: bytes
) -> None:
    """Large sheets are searched for Excel's spelling, and for the others from their first
    hint on (a space and ``r`` followed by white space, ``=`` and white space or ``='``; a tab,
    CR or LF inside a tag): missed, the far cell would abort the child in calamine."""
    other = _with_far_cell(
        demo, tmp_path / "lain.xlsx", b"<row><c " + spelling + b"><v>1</v></c></row>", pad=_LARGE
    )
    assert _check(other) == large_usual
