"""The guides a user or an agency's IT reads are in Bahasa Indonesia, and install what exists.

The README's Excel and IT sections and ``macros/README.md`` were English only, and the Windows
guide said ``pip install lkjip_xl``, which no package index answers. Each English section for
them must have an Indonesian twin, told Indonesian by its words (the most common function
words of each language), and the bare ``pip install lkjip_xl`` may only be named as what finds
nothing.
"""

from __future__ import annotations

import re

import pytest

from tests.reference import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
MACROS = (REPO / "macros" / "README.md").read_text(encoding="utf-8")

INDONESIAN = {"yang", "dan", "di", "ke", "dari", "untuk", "dengan", "tidak", "atau", "ini", "itu"}
ENGLISH = {"the", "and", "of", "to", "is", "that", "with", "for", "are", "this", "which"}


def _sections(text: str) -> dict[str, str]:
    """Heading -> body, for every heading of level 2 or 3."""
    parts = re.split(r"^(#{2,3} .+)$", text, flags=re.M)
    return {parts[i].lstrip("# ").strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _is_indonesian(body: str) -> bool:
    prose = re.sub(r"```.*?```|`[^`]*`", " ", body, flags=re.S)
    words = re.findall(r"[a-zA-Z]+", prose.lower())
    ours = sum(w in INDONESIAN for w in words)
    theirs = sum(w in ENGLISH for w in words)
    return len(words) >= 30 and ours >= 3 * max(theirs, 1)


def test_the_language_test_tells_the_two_apart() -> None:
    readme = _sections(README)
    assert not _is_indonesian(readme["Di dalam Excel / Inside Excel"])  # its English part
    assert _is_indonesian(readme["Di dalam Excel (Bahasa Indonesia)"])


@pytest.mark.parametrize(
    ("english", "indonesian"),
    [
        ("For IT: installing lkjip_xl on the PCs (a wheel, offline)",
         "Untuk TI: memasang lkjip_xl di PC (berkas wheel, tanpa internet)"),
        ("Di dalam Excel / Inside Excel", "Di dalam Excel (Bahasa Indonesia)"),
        ("For IT: desktop Excel (classic xlwings)",
         "Panduan singkat: dari PC baru sampai tombol Hitung Ulang (Windows)"),
    ],
)  # fmt: skip
def test_readme_excel_and_it_sections_have_an_indonesian_twin(english, indonesian) -> None:
    sections = _sections(README)
    assert english in sections and indonesian in sections
    assert _is_indonesian(sections[indonesian]), indonesian


def test_the_windows_guide_is_indonesian_and_installs_the_wheel() -> None:
    (guide,) = [b for h, b in _sections(README).items() if h.startswith("Panduan singkat")]
    assert _is_indonesian(guide)
    assert "python -m pip install lkjip_xl-0.1.0-py3-none-any.whl" in guide


def test_macros_readme_comes_in_indonesian_first() -> None:
    sections = _sections(MACROS)
    headings = list(sections)
    first = headings.index("Makro di balik tombol (Bahasa Indonesia)")
    assert first < headings.index("The VBA behind the buttons (English)")
    assert _is_indonesian(sections["Makro di balik tombol (Bahasa Indonesia)"])
    assert _is_indonesian(sections["Catatan untuk TI: peringatan makro"])


def test_a_bare_pip_install_is_only_named_as_what_finds_nothing() -> None:
    for name, text in (("README.md", README), ("macros/README.md", MACROS)):
        for line in text.splitlines():
            if re.search(r"pip install lkjip_xl(?![-\w\[.])", line):
                assert "finds nothing" in line or "tidak menemukan" in line, (name, line)


def test_the_server_section_says_it_in_indonesian_first() -> None:
    body = _sections(README)["Untuk TI: server Office.js / For IT: the Office.js server"]
    indonesian = body.split("**Bahasa Indonesia.**", 1)[1].split("**English.**", 1)[0]
    assert _is_indonesian(indonesian)
    assert "HTTPS" in indonesian and "token" in indonesian and "http://" in indonesian
