"""The ``lkjip-xl`` program (the console script): a button's command line runs without typer
(:func:`lkjip_xl.cli_cepat.klik`), every other goes through typer (:mod:`lkjip_xl.cli`).

Importing :mod:`lkjip_xl.cli` imports typer and builds every command: the entry point is
therefore here, apart from it, as ``python -m lkjip_xl.cli`` starts there before its imports.
"""

from __future__ import annotations

import sys

from lkjip_xl.cli_cepat import klik


def main() -> None:
    klik(sys.argv[1:])
    from lkjip_xl.cli import app

    app()


if __name__ == "__main__":
    main()
