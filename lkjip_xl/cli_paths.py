"""The files named on the command line, checked before any work, each refusal with its next step.

A workbook to read must be an existing ``.xlsx``/``.xlsm`` file, judged by its content
(:mod:`lkjip_xl.workbook.file_kind`); one to write must be named so,
and may replace an existing file only when its command's overwrite option is given. Each
refusal is a :class:`~lkjip_xl.cli_keluar.Gagal` naming the file and what to do.
"""

from __future__ import annotations

from pathlib import Path

from lkjip_xl import cli_text as kata
from lkjip_xl.cli_keluar import Gagal
from lkjip_xl.workbook.file_kind import langkah_berikut

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: A folder of returned files stands for these too: a unit's file saved as .xls, .xlsb, .ods,
#: CSV or web page is refused by collect with its next step, not passed over without a word.
RETURNED_SUFFIXES = (*WORKBOOK_SUFFIXES, ".xls", ".xlsb", ".ods", ".csv", ".htm", ".html")


def _workbooks_in(folder: Path, suffixes: tuple[str, ...] = WORKBOOK_SUFFIXES) -> list[Path]:
    try:
        found = [p for p in folder.iterdir() if p.suffix.lower() in suffixes]
    except OSError:
        return []
    return sorted(p for p in found if p.is_file() and not p.name.startswith("~$"))


def _similar(path: Path) -> list[str]:
    """Workbooks beside ``path`` whose names are close to it (a typo, a missing suffix)."""
    from difflib import get_close_matches  # only for a name that was mistyped, not per click

    if not path.parent.is_dir():
        return []
    names = [p.name for p in _workbooks_in(path.parent)]
    typed = path.name if path.suffix else path.name + ".xlsx"
    # "k2.xlsx.xlsx" (the suffix typed after one that completion already gave) is too far
    # from a short name for the similarity below.
    once = path.with_suffix("").name
    first = [once] if Path(once).suffix.lower() in WORKBOOK_SUFFIXES and once in names else []
    close = get_close_matches(typed, names, n=3, cutoff=0.75)
    return [str(path.parent / n) for n in dict.fromkeys(first + close)]


def buku_kerja_masukan(path: Path) -> Path:
    """``path`` when it is an existing workbook file lkjip_xl reads; otherwise :class:`Gagal`."""
    if path.is_dir():
        found = _workbooks_in(path)
        raise Gagal(kata.adalah_folder(path, found[0] if found else None))
    if not path.exists():
        raise Gagal(kata.tidak_ditemukan(path, _similar(path)))
    # By content, not by name: an Excel 97-2003 file renamed .xlsx is still one.
    langkah = langkah_berikut(path)
    if langkah is not None:
        raise Gagal(langkah)
    return path


def berkas_kiriman(paths: list[Path], master: Path) -> list[Path]:
    """The returned files to collect: a folder named stands for the workbooks in it (and the
    files of :data:`RETURNED_SUFFIXES`, which collect refuses each with its next step; not its
    subfolders, hidden files, Excel's lock files, the master or its kept versions), so that
    a folder of returned files can be named on Windows, whose shell expands no ``*.xlsx``; a
    folder holding none is :class:`Gagal`. Each file once, in the order named."""
    from lkjip_xl.workbook.safe_write import backups  # only for a collect

    own = [master, *backups(master)]  # the master and the versions kept of it
    chosen: dict[Path, None] = {}
    for path in paths:
        if not path.is_dir():
            chosen.setdefault(path, None)
            continue
        found = [
            p for p in _workbooks_in(path, RETURNED_SUFFIXES)
            # Hidden: the engine's temporary files, a Mac's "._" copies of a file's metadata.
            if not p.name.startswith(".") and not any(_same_file(p, m) for m in own)
        ]  # fmt: skip
        if not found:
            raise Gagal(kata.folder_tanpa_kiriman(path))
        for p in found:
            chosen.setdefault(p, None)
    return list(chosen)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def buku_kerja_keluaran(
    path: Path, *, perintah: str, opsi_timpa: str, timpa: bool, isi: Path | None = None
) -> Path:
    """``path`` when a workbook may be written there; otherwise :class:`Gagal`.

    ``perintah`` is the command line to suggest with a corrected name; ``opsi_timpa`` the
    option of that command that allows replacing an existing file, given or not (``timpa``).
    ``isi``: the workbook whose content goes there, whose suffix the name must keep (Excel
    refuses to open an .xlsm's content named .xlsx, and the reverse).
    """
    if path.is_dir():
        raise Gagal(kata.keluaran_folder(path))
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise Gagal(kata.nama_keluaran_salah(path, perintah))
    if isi is not None:
        from lkjip_xl.workbook.ooxml.content_types import suffix_for_content

        akhiran = suffix_for_content(isi)
        if akhiran is not None and akhiran != path.suffix.lower():
            raise Gagal(kata.akhiran_keluaran(path, akhiran, perintah))
    if path.exists() and not timpa:
        raise Gagal(kata.sudah_ada(path, opsi_timpa))
    return path
