"""The VBA of an old macro-enabled workbook ``perbarui`` upgrades: the user's own standard
modules carried into the new project, and said in Indonesian what is not (code tied to the old
project, and the template's own modules whose code a user edited: the new project holds the current
one, the backup keeps the old code)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from lkjip_xl.workbook.xlsm import VbaModule, own_modules


def carried_macros(original: bytes, backup: str, version: str) -> tuple[list[VbaModule], list[str]]:
    """The user's modules to put into the new project, and the warnings (``original``: the
    bytes of the ``.xlsm`` the rest of the upgrade read; ``backup``: the name of the file kept
    beside the workbook; ``version``: the template version upgraded to)."""
    # pyOpenVBA reads a path only: it reads a copy of the bytes read once, not the file again,
    # which a save meanwhile could have changed under the rest of the upgrade.
    with tempfile.TemporaryDirectory(prefix="lkjip-vba-") as folder:
        snapshot = Path(folder) / "lama.xlsm"
        snapshot.write_bytes(original)
        theirs, left, edited = own_modules(snapshot)
    said = []
    if left:  # the old file keeps them: it is the backup
        said.append(
            f"Makro di modul {', '.join(left)} tidak dapat dibawa; salin kodenya dari "
            f"{backup} lewat Visual Basic Editor (Alt+F11)."
        )
    if edited:  # code of no released version: the user's edit, lost unless they copy it
        said.append(
            f"Modul makro templat {', '.join(edited)} diganti dengan versi templat {version}; "
            f"kodenya di berkas lama berbeda dari setiap versi templat (suntingan). Bila Anda "
            f"mengubahnya, salin perubahan itu dari {backup} lewat Visual Basic Editor "
            "(Alt+F11)."
        )
    return theirs, said
