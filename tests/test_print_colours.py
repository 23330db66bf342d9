"""Status and predikat colours do not contradict each other (DESIGN: the predikat judges).

A capaian of 97,33 % is "Tidak Tercapai" and, on the SAKIP scale, AA. The predikat carries the
traffic light of the chosen scale; the status only tints its fact, so no status cell may wear a
colour that any capaian scale uses as a grade.
"""

from __future__ import annotations

from openpyxl import load_workbook

from lkjip_xl.core.capaian import Status
from lkjip_xl.core.predikat import load_preset
from lkjip_xl.workbook.builder import make_workbook
from lkjip_xl.workbook.contract import SKALA_CAPAIAN, TEMPLATES


def _grade_colours() -> set[str]:
    return {b.colour.upper() for name in SKALA_CAPAIAN for b in load_preset(name).bands if b.colour}


def test_status_colours_are_not_grades() -> None:
    status = TEMPLATES["kinerja"].table("tblIndikator").column("status")
    colours = dict(status.colours)
    assert set(colours) == {s.value for s in Status}
    assert not {c.upper() for c in colours.values()} & _grade_colours()


def test_status_fill_in_built_sheet_is_the_tint(tmp_path) -> None:
    path = tmp_path / "kinerja.xlsx"
    make_workbook("kinerja").save(path)
    ws = load_workbook(path)["Indikator"]
    table = TEMPLATES["kinerja"].table("tblIndikator")
    status_range = table.data_range("status", extended=True)
    fills = {}
    for rng in ws.conditional_formatting:
        if str(rng.sqref) == status_range:
            for rule in rng.rules:
                fills[rule.formula[0].strip('"')] = rule.dxf.fill.fgColor.rgb[-6:]
    assert fills[Status.TIDAK_TERCAPAI.value] == "FFF2CC"
    assert not {f"#{v}" for v in fills.values()} & _grade_colours()
