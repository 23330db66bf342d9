"""CI runs what the README tells a developer to run, on both cores.

``.ci/run`` said in a comment that it must match the README's test command, and nothing checked
it. The whole suite took about 54 minutes on one of CI's two cores; pytest-xdist runs it on both
(``-n 2``), whole files to a worker (``--dist loadfile``) so that a module's expensive fixture
(a built workbook, a served xlwings Server) is made once, not once on each worker. The checks
after the install are compared step by step: the README's ``&&`` chain and the script's lines.
"""

from __future__ import annotations

import re
import shlex

from tests.reference import REPO

PYTEST = ["python", "-m", "pytest", "-q", "-n", "2", "--dist", "loadfile"]


def _normal(command: str) -> list[str]:
    """The words of one check, ``exec`` and ``python -m`` before a tool dropped (same program)."""
    words = shlex.split(command)
    if words[:1] == ["exec"]:
        words = words[1:]
    if words[:2] == ["python", "-m"] and words[2:3] != ["pytest"]:
        words = words[2:]
    return words


def _readme_checks() -> list[list[str]]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (line,) = [ln for ln in readme.splitlines() if ln.startswith("apt-get update && ")]
    steps = [step.strip() for step in line.split("&&")]
    install = steps.index("python -m pip install -e '.[test]'")
    return [_normal(step) for step in steps[install + 1 :]]


def _ci_checks() -> list[list[str]]:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    install = script.index("python -m pip install --quiet -e '.[test]'")
    lines = [ln.strip() for ln in script[install + 1 :]]
    return [_normal(ln) for ln in lines if ln and not ln.startswith("#")]


def test_ci_runs_the_readme_checks_in_its_order() -> None:
    assert _ci_checks() == _readme_checks()


def test_the_suite_runs_on_both_cores_a_file_to_a_worker() -> None:
    assert _readme_checks()[-1] == PYTEST


def test_contributing_gives_the_same_whole_suite_command() -> None:
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    (line,) = [ln for ln in guide.splitlines() if re.search(r"#\s*everything, as CI runs it", ln)]
    assert _normal(line.split("#")[0]) == PYTEST


def test_xdist_is_in_the_test_extra() -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    extra = pyproject.split("test = [", 1)[1].split("]", 1)[0]
    assert re.search(r'"pytest-xdist>=\d', extra)
