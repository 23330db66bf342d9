"""The worksheet functions, through xlwings' own code.

- Classic xlwings (Windows): in a subprocess with the Windows-only modules stubbed, xlwings'
  ``xlwings.udfs`` registers the module exactly as on Windows; ``generate_vba_wrapper`` must
  declare every function with its arguments, and ``import_udfs`` (the ribbon's "Import
  Functions") must give Excel an Indonesian description and help for every argument.
- Range calls replayed through ``xlwings.conversion`` with each function's own argument options,
  on the Office.js engine (the values Excel sends for a range: "" for blanks, error objects),
  against the golden cases of the reference reports.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import re
import subprocess
import sys
import textwrap

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # PolyForm NC, DESIGN §7

import lkjip_xl as lx
from lkjip_xl.core import efisiensi as core_efisiensi
from lkjip_xl.excel import server, udfs
from lkjip_xl.workbook.contract import TEMPLATES
from tests.reference import REPO, golden_cases, printed

FUNCTIONS = sorted(udfs.UDFS)
EXPECTED = {"LKJ_CAPAIAN", "LKJ_PREDIKAT", "LKJ_EFISIENSI", "LKJ_SERAPAN", "LKJ_IPASN",
            "LKJ_IPASN_RINCI"}  # fmt: skip

# Windows-only modules that xlwings.udfs imports, stubbed in the subprocess only; and a fake
# workbook standing in for the COM object that "Import Functions" hands to import_udfs.
CLASSIC = textwrap.dedent(
    """
    import io, json, sys, types

    class ComError(Exception):
        pass

    stubs = {
        "pythoncom": {"CoInitialize": lambda: None},
        "pywintypes": {"com_error": ComError},
        "win32com": {},
        "win32com.client": {"Dispatch": lambda *a, **k: None},
        "win32api": {},
        "win32con": {},
        "win32gui": {},
        "win32process": {},
    }
    for name, attrs in stubs.items():
        module = types.ModuleType(name)
        module.__dict__.update(attrs)
        sys.modules[name] = module
    sys.modules["win32com"].client = sys.modules["win32com.client"]

    import xlwings
    import xlwings.udfs as xludfs

    # What xlwings/__init__.py does on Windows with pywin32.
    xlwings.func, xlwings.arg, xlwings.ret = xludfs.xlfunc, xludfs.xlarg, xludfs.xlret
    xlwings.script = xlwings.sub = xludfs.xlsub

    import lkjip_xl.excel.udfs as module

    out = io.StringIO()

    class Workbook:
        Name = "kinerja.xlsm"

    xludfs.generate_vba_wrapper("lkjip_xl.excel.udfs", module, out, Workbook())

    class Components:
        imported = None

        def __call__(self, name):
            raise ComError(name)

        def Import(self, filename):
            with open(filename, encoding="utf-8") as f:
                Components.imported = f.read()

        def Remove(self, component):
            pass

    class Application:
        Version = "16.0"
        options = []

        def MacroOptions(self, macro, **kwargs):
            Application.options.append({"macro": macro, **kwargs})

        def Run(self, *args):
            raise AssertionError(args)

    class Project:
        VBComponents = Components()

    class ExcelWorkbook:
        Name = "kinerja.xlsm"
        VBProject = Project()
        Application = Application()

    import xlwings._xlwindows  # the stub below

    xludfs.import_udfs("lkjip_xl.excel.udfs", ExcelWorkbook())
    options = {
        name: getattr(module, name).__xlfunc__["args"] for name in module.UDFS
    }
    print(json.dumps({
        "vba": out.getvalue(),
        "imported": Components.imported,
        "macro_options": Application.options,
        "arg_options": {n: [a["options"] for a in args] for n, args in options.items()},
    }, default=str))
    """
)
# import_udfs wraps the workbook in xlwings' Windows Book only to look for embedded code.
WINDOWS_BOOK = textwrap.dedent(
    """
    import types
    class _Sheets(list):
        pass
    class Book:
        def __init__(self, xl):
            self.xl = xl
            self.sheets = _Sheets()
    """
)


@pytest.fixture(scope="module")
def classic(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("classic")
    (folder / "xlwings_windows_stub.py").write_text(WINDOWS_BOOK, encoding="utf-8")
    script = CLASSIC.replace(
        "import xlwings._xlwindows  # the stub below",
        "import xlwings_windows_stub as _w, xlwings as _x; _x._xlwindows = _w; "
        "sys.modules['xlwings._xlwindows'] = _w\n"
        "class _Wrap:\n"
        "    def __init__(self, impl): self.impl = impl; self.sheets = impl.sheets\n"
        "xludfs.Book = _Wrap",
    )
    env = {k: v for k, v in os.environ.items() if k != "XLWINGS_LICENSE_KEY"}
    env["PYTHONPATH"] = os.pathsep.join([str(folder), str(REPO)])
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _declaration(name: str) -> str:
    parts = []
    for p in inspect.signature(udfs.UDFS[name].func).parameters.values():
        parts.append(("Optional " if p.default is not inspect.Parameter.empty else "") + p.name)
    return f"Function {name}({', '.join(parts)})"


def test_every_function_is_registered():
    assert set(FUNCTIONS) == EXPECTED


def test_vba_wrapper_declares_every_function_with_its_arguments(classic):
    vba = classic["vba"]
    declared = re.findall(r"^Function (\w+)\(", vba, flags=re.M)
    assert sorted(declared) == FUNCTIONS
    for name in FUNCTIONS:
        assert _declaration(name) in vba, name
        args = ", ".join(inspect.signature(udfs.UDFS[name].func).parameters)
        call = (f'{name} = XLPy.CallUDF("lkjip_xl.excel.udfs", "{name}", Array({args}), '
                "ThisWorkbook, Application.Caller)")  # fmt: skip
        assert call in vba, name
    # "Import Functions" imports the same declarations into the workbook's VBA project.
    assert classic["imported"].startswith('Attribute VB_Name = "xlwings_udfs"')
    for name in FUNCTIONS:
        assert _declaration(name) in classic["imported"]


def test_function_wizard_gets_indonesian_descriptions(classic):
    options = {o["macro"].split("!")[-1]: o for o in classic["macro_options"]}
    assert sorted(options) == FUNCTIONS
    for name in FUNCTIONS:
        spec = udfs.UDFS[name]
        got = options[name]
        assert got["Category"] == udfs.KATEGORI
        assert got["Description"] == spec.description  # whole: not cut at 255 characters
        assert len(spec.description) <= 255
        params = list(inspect.signature(spec.func).parameters)
        assert got["ArgumentDescriptions"] == [spec.args[p] for p in params]
        for doc in got["ArgumentDescriptions"]:
            assert len(doc) <= 255 and "Positional argument" not in doc


def test_every_argument_reads_a_2d_block_with_errors_as_text(classic):
    for name in FUNCTIONS:
        for options in classic["arg_options"][name]:
            assert options == {"ndim": 2, "err_to_str": True}


def test_names_are_not_template_names_nor_cell_references():
    reserved = {n.name.upper() for t in TEMPLATES.values() for n in t.names}
    reserved |= {t.name.upper() for tpl in TEMPLATES.values() for t in tpl.tables}
    a1 = re.compile(r"^([A-Z]{1,3})([0-9]+)$")
    r1c1 = re.compile(r"^R[0-9]*C[0-9]*$")
    for name in FUNCTIONS:
        assert name.upper() not in reserved
        match = a1.match(name.upper())
        assert not (match and match.group(1) <= "XFD"), name
        assert not r1c1.match(name.upper()), name
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", name) and len(name) <= 64


def test_module_imports_without_excel_or_licence():
    """On Linux, without Windows modules and without the xlwings Server key."""
    env = {k: v for k, v in os.environ.items() if k != "XLWINGS_LICENSE_KEY"}
    code = (
        "import sys, lkjip_xl.excel.udfs as u; "
        "assert u.LKJ_CAPAIAN(75, 71.59) > 95; "
        "bad = [m for m in sys.modules if m.startswith(('pythoncom', 'win32', 'xlwings.server'))]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                            cwd=REPO, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


# --- range calls replayed through xlwings.conversion ---------------------------------------

ERROR = {"type": "Error", "errorType": "Div0", "basicValue": "#DIV/0!"}


@pytest.fixture(scope="module")
def officejs():
    return server.officejs_functions()


def replay(module, name: str, *columns) -> list:
    """Call ``name`` the way a range call arrives from Excel (Office.js): every argument a
    2-D block, read with the function's own options; the result written back for Excel."""
    import asyncio

    from xlwings import conversion
    from xlwings.pro.udfs_officejs import convert

    func = getattr(module, name)
    info = func.__xlfunc__
    args = []
    for value, arg in zip(columns, info["args"], strict=False):
        if value is None:  # an omitted argument: null from Excel, the Python default
            args.append(arg.get("optional"))
        else:
            args.append(conversion.read(None, value, arg["options"], engine_name="officejs"))
    result = func(*args)
    return asyncio.run(convert(result, info["ret"], {"runtime": "1.4"}))


def column(values) -> list[list]:
    return [["" if v is None else v] for v in values]


def test_capaian_range_call_reproduces_the_golden_cases(officejs):
    cases = golden_cases("capaian")
    assert cases
    # The same method and cap for a whole range: group the cases by those settings.
    groups: dict[tuple, list[dict]] = {}
    for case in cases:
        i = case["inputs"]
        groups.setdefault((i.get("metode_negatif", "lan"), i.get("batas_atas")), []).append(case)
    for (metode, batas), group in groups.items():
        inputs = [c["inputs"] for c in group]
        targets = [i["target"] for i in inputs] + [None, ERROR, 0]
        realisasi = [i["realisasi"] for i in inputs] + [5, 5, 5]
        polaritas = [i["polaritas"].capitalize() for i in inputs] + ["Positif"] * 3
        out = replay(
            officejs, "LKJ_CAPAIAN", column(targets), column(realisasi), column(polaritas),
            [[metode]], None if batas is None else [[batas]],
        )  # fmt: skip
        assert len(out) == len(targets) and all(len(row) == 1 for row in out)
        for case, (value,) in zip(group, out, strict=False):
            assert printed(value, case) == pytest.approx(case["expected"], abs=1e-9), case["id"]
        blank, error, zero = (row[0] for row in out[-3:])
        assert blank == ""  # an empty cell
        assert isinstance(error, str) and "#DIV/0!" in error and error.startswith("Target")
        assert zero == "Target bernilai 0: capaian tidak dapat dihitung."


def test_single_cells_equal_the_python_api():
    for case in golden_cases("capaian"):
        i = case["inputs"]
        got = udfs.LKJ_CAPAIAN(i["target"], i["realisasi"], i["polaritas"],
                               i.get("metode_negatif", "lan"), i.get("batas_atas"))  # fmt: skip
        assert got == lx.capaian(i["target"], i["realisasi"], i["polaritas"],
                                 i.get("metode_negatif", "lan"), i.get("batas_atas"))  # fmt: skip
    for case in golden_cases("serapan"):
        i = case["inputs"]
        assert udfs.LKJ_SERAPAN(i["pagu"], i["realisasi_anggaran"]) == lx.serapan(
            i["pagu"], i["realisasi_anggaran"]
        )


def test_renstra_is_capaian_against_the_end_target(officejs):
    cases = golden_cases("renstra")
    out = replay(officejs, "LKJ_CAPAIAN", column([c["inputs"]["target_akhir"] for c in cases]),
                 column([c["inputs"]["realisasi"] for c in cases]))  # fmt: skip
    for case, (value,) in zip(cases, out, strict=True):
        assert printed(value, case) == pytest.approx(case["expected"], abs=1e-9), case["id"]


def test_serapan_range_call(officejs):
    cases = golden_cases("serapan")

    # Budgets often arrive as Indonesian text: give every other one as "Rp 1.234,00".
    def rupiah(x):
        return f"Rp {x:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")

    pagu = [c["inputs"]["pagu"] if k % 2 else rupiah(c["inputs"]["pagu"])
            for k, c in enumerate(cases)]  # fmt: skip
    out = replay(officejs, "LKJ_SERAPAN", column(pagu),
                 column([c["inputs"]["realisasi_anggaran"] for c in cases]))  # fmt: skip
    for case, (value,) in zip(cases, out, strict=True):
        assert printed(value, case) == pytest.approx(case["expected"], abs=1e-9), case["id"]


def test_efisiensi_range_call_with_its_category(officejs):
    cases = golden_cases("efisiensi")
    for metode in {c["inputs"]["metode"] for c in cases}:
        group = [c for c in cases if c["inputs"]["metode"] == metode]
        out = replay(officejs, "LKJ_EFISIENSI",
                     column([c["inputs"]["capaian_kinerja"] for c in group] + [None]),
                     column([c["inputs"]["serapan_anggaran"] for c in group] + [90]),
                     [[metode]])  # fmt: skip
        assert out[-1] == [""]
        values = [row[0] for row in out[:-1]]
        for case, value in zip(group, values, strict=True):
            shown = printed(value, case)
            assert shown == pytest.approx(case["expected"], abs=1e-9), case["id"]
            if case.get("expected_kategori"):
                kategori = replay(officejs, "LKJ_PREDIKAT", [[shown]], [[f"efisiensi-{metode}"]])
                assert kategori == [[case["expected_kategori"]]]
                assert core_efisiensi.default_skala(metode).classify_one(shown) == kategori[0][0]


def test_predikat_range_call(officejs):
    cases = golden_cases("predikat")
    for skala in {c["inputs"]["skala"] for c in cases}:
        group = [c for c in cases if c["inputs"]["skala"] == skala]
        out = replay(officejs, "LKJ_PREDIKAT",
                     column([c["inputs"]["nilai"] for c in group] + [None, "abc"]),
                     [[skala]])  # fmt: skip
        assert [row[0] for row in out[:-2]] == [c["expected"] for c in group]
        assert out[-2] == [""] and out[-1][0].startswith("Nilai: ")


def test_ipasn_range_calls(officejs):
    cases = golden_cases("ipasn_pegawai")
    fields = ["pendidikan", "jenis_jabatan", "diklat_jenjang", "jp_diklat_teknis", "seminar",
              "nilai_skp", "hukuman_disiplin"]  # fmt: skip

    def excel(value):  # what a person types: Ya / Tidak, labels as shown in the dropdowns
        if isinstance(value, bool):
            return "Ya" if value else "Tidak"
        return value.replace("_", " ").title() if isinstance(value, str) else value

    columns = [column([excel(c["inputs"][f]) for c in cases] + [None, "S9"]) for f in fields]
    for k in range(1, len(fields)):
        columns[k][-2] = [""]  # the blank employee: every field empty
        columns[k][-1] = columns[k][0]
    totals = replay(officejs, "LKJ_IPASN", *columns)
    rinci = replay(officejs, "LKJ_IPASN_RINCI", *columns)
    assert len(rinci) == len(cases) + 2 and {len(r) for r in rinci} == {6}
    for case, (total,), row in zip(cases, totals, rinci, strict=False):
        expected = case["expected"]
        assert printed(total, case) == pytest.approx(expected["total"], abs=1e-9), case["id"]
        for key, value in zip(udfs.RINCI_KOLOM, row, strict=True):
            if key == "kategori":
                assert value == expected["kategori"], case["id"]
            else:
                assert printed(value, case) == pytest.approx(expected[key], abs=1e-9), case["id"]
    assert totals[-2] == [""] and rinci[-2] == [""] * 6
    assert totals[-1][0] == "Isian tidak valid: Pendidikan."
    assert rinci[-1][0] == "Isian tidak valid: Pendidikan." and rinci[-1][1:] == [""] * 5


def test_unusable_arguments_answer_with_a_reason_never_a_traceback():
    answers = [
        udfs.LKJ_CAPAIAN([[1, 2]], [[1], [2], [3]]),  # 1x2 with 3x1 broadcasts (as Excel)
        udfs.LKJ_CAPAIAN([[1, 2, 3]], [[1, 2]]),
        udfs.LKJ_CAPAIAN(75, 80, "Positif", "zz"),
        udfs.LKJ_CAPAIAN(75, 80, "kadang"),
        udfs.LKJ_CAPAIAN(75, 80, "Positif", [["lan"], ["lan"]]),
        udfs.LKJ_CAPAIAN(75, 80, "Positif", "lan", "banyak"),
        udfs.LKJ_PREDIKAT(90, "tidak-ada"),
        udfs.LKJ_EFISIENSI(100, 80, "bagi"),
        udfs.LKJ_SERAPAN(True, 5),
        udfs.LKJ_IPASN([[1, 2]], [[1, 2, 3]], None, None, None, None, None),
        udfs.LKJ_CAPAIAN(object(), 5),  # nothing Excel sends, yet a sentence
    ]
    assert answers[0] == [[100.0, 50.0], [200.0, 100.0], [300.0, 150.0]]
    for answer in answers[1:]:
        assert isinstance(answer, str) and answer and "Traceback" not in answer, answer
    assert answers[1] == "Ukuran rentang tidak sepadan (1x3, 1x2)."
    assert "lan atau invers" in answers[2]
    assert "Positif atau Negatif" in answers[3]
    assert answers[4] == "Metode negatif harus satu sel, bukan rentang."
    assert answers[5].startswith("Batas atas: ")
    assert "tersedia: " in answers[6]
    assert "rasio atau selisih" in answers[7]
    assert answers[8].startswith("Pagu: ")


@pytest.mark.parametrize(
    "huge", [10**400, -(10**309), 2 * 10**308], ids=["1e400", "-1e309", "2e308"]
)
def test_an_integer_past_excels_numbers_is_a_reason_in_every_function(huge):
    """Python's integers have no bound (Excel's numbers do): every function answered
    "Tidak dapat dihitung: OverflowError: int too large to convert to float"."""
    from lkjip_xl.core.values import TAK_HINGGA

    assert udfs.LKJ_CAPAIAN(huge, 5) == f"Target: {TAK_HINGGA}"
    assert udfs.LKJ_CAPAIAN([[75], [huge]], [[71.59], [5]]) == [
        [lx.capaian(75, 71.59)],
        [f"Target: {TAK_HINGGA}"],
    ]
    assert udfs.LKJ_SERAPAN(100, huge) == f"Realisasi anggaran: {TAK_HINGGA}"
    assert udfs.LKJ_SERAPAN([[100], [100]], [[huge], [50]]) == [
        [f"Realisasi anggaran: {TAK_HINGGA}"],
        [50.0],
    ]
    assert udfs.LKJ_PREDIKAT(huge) == f"Nilai: {TAK_HINGGA}"
    assert udfs.LKJ_EFISIENSI(huge, 50) == f"Capaian kinerja: {TAK_HINGGA}"
    assert udfs.LKJ_IPASN("S1", "Struktural", "Ya", huge, "Ya", 80, "Tidak Pernah") == (
        "Isian tidak valid: JP Diklat Teknis."
    )
    # as a float past the largest double reads (the scalar path and the range path agree)
    assert udfs.LKJ_CAPAIAN(huge, 5) == udfs.LKJ_CAPAIAN(float("inf"), 5)


def test_an_unforeseen_failure_is_an_indonesian_sentence_and_pythons_text_is_logged(
    monkeypatch, caplog
):
    # The cell showed "Tidak dapat dihitung: RuntimeError: C:\\Users\\..." (Python's English
    # words, a path). A failure deep in the core, on the scalar and on the range path.
    import lkjip_xl.core.efisiensi as core_serapan
    import lkjip_xl.core.satu_nilai as core_satu

    def broken(p, r):
        raise RuntimeError(r"C:\Users\budi\rahasia.xlsx cannot be read")

    monkeypatch.setattr(core_serapan, "rumus_serapan", broken)
    monkeypatch.setattr(core_satu, "rumus_serapan", broken)
    with caplog.at_level(logging.ERROR, logger="lkjip_xl.excel.udfs"):
        answers = [udfs.LKJ_SERAPAN(100, 7), udfs.LKJ_SERAPAN([[100], [100]], [[7], [8]])]
    for answer in answers:
        assert answer == (
            "Tidak dapat dihitung: kesalahan tak terduga di lkjip_xl (RuntimeError). Periksa "
            "isian fungsi ini; bila sudah benar, laporkan ke bagian TI beserta rumus dan isiannya."
        )
    assert len(caplog.records) == 2
    for record in caplog.records:
        assert record.exc_info and "rahasia.xlsx cannot be read" in caplog.text
        assert record.getMessage() == "Kesalahan tak terduga pada _serapan"


def test_defaults_follow_the_python_api(officejs):
    assert udfs.LKJ_CAPAIAN(10, 6.23, "Negatif") == lx.capaian(10, 6.23, "negatif")
    assert udfs.LKJ_EFISIENSI(100, 80) == lx.efisiensi(100, 80)
    assert udfs.LKJ_PREDIKAT(85) == lx.predikat(85)
    # a blank settings cell means the default, as an omitted argument does
    blank = replay(officejs, "LKJ_CAPAIAN", [[10]], [[6.23]], [["Negatif"]], [[""]], [[""]])
    omitted = replay(officejs, "LKJ_CAPAIAN", [[10]], [[6.23]], [["Negatif"]])
    assert blank == omitted == [[lx.capaian(10, 6.23, "negatif")]]
    assert replay(officejs, "LKJ_CAPAIAN", [[10]], [[6.23]], [[""]]) == [[62.3]]  # Positif


def test_full_precision_and_blank_is_not_zero():
    assert udfs.LKJ_CAPAIAN(75, 71.59) == pytest.approx(71.59 / 75 * 100, rel=1e-15)
    assert udfs.LKJ_CAPAIAN(75, 0) == 0.0  # a real 0 is a number
    assert udfs.LKJ_CAPAIAN(75, None) is None  # a blank is not
    assert udfs.LKJ_CAPAIAN(75, "") is None
    assert udfs.LKJ_SERAPAN(100, None) is None
    assert udfs.LKJ_PREDIKAT(None) is None


def test_a_function_takes_a_cell_shown_as_a_percentage_as_its_value():
    """A function gets values, never formats (README): a cell showing 75% passes 0.75, taken
    as 0.75 as any Excel formula takes it (71.59 / 0.75 x 100); the text "75%" is 75."""
    assert udfs.LKJ_CAPAIAN(0.75, 71.59) == lx.capaian(0.75, 71.59)
    assert udfs.LKJ_CAPAIAN(0.75, 71.59) == pytest.approx(9545.333333333334)
    assert udfs.LKJ_CAPAIAN("75%", 71.59) == lx.capaian(75, 71.59)
