"""Write the README's list of problem codes from the catalog (``lkjip_xl.core.problems``).

    python scripts/kode_readme.py [--check] [README.md]

Only the text between ``<!-- kode:mulai -->`` and ``<!-- kode:akhir -->`` is replaced. With
``--check`` nothing is written; the exit code is 1 when the list is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the catalog of this checkout, not of an installed copy

from lkjip_xl.core.problem_table import markdown  # noqa: E402

START, END = "<!-- kode:mulai -->", "<!-- kode:akhir -->"


def render(text: str) -> str:
    """``text`` with the block between the markers replaced by the catalog's list."""
    if START not in text or END not in text.split(START, 1)[1]:
        raise ValueError(f"markers {START} ... {END} not found")
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    return f"{head}{START}\n{markdown()}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("readme", nargs="?", type=Path, default=ROOT / "README.md")
    parser.add_argument("--check", action="store_true", help="only tell whether it is current")
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    try:
        new = render(text)
    except ValueError as exc:
        print(f"{args.readme}: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if new != text:
            print(f"{args.readme}: the list of codes is out of date; run {sys.argv[0]}",
                  file=sys.stderr)  # fmt: skip
            return 1
        return 0
    if new != text:
        args.readme.write_text(new, encoding="utf-8")
        print(f"{args.readme}: list of codes written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
