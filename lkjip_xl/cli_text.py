"""The Indonesian words of the command line's own frame: usage, panels, errors and next steps.

The framework under :mod:`lkjip_xl.cli` (typer, with its vendored copy of click) writes its help
and its usage errors in English; :mod:`lkjip_xl.cli_chrome` draws them instead from here. What a
command says about its own work stays beside the command in :mod:`lkjip_xl.cli`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lkjip_xl.core.problems import ribuan as ribuan  # one definition, below the cli

PROGRAM = "lkjip-xl"

# --- help page --------------------------------------------------------------------------------
PENGGUNAAN = "Penggunaan:"
PANEL_ARGUMEN = "Argumen"
PANEL_OPSI = "Opsi"
PANEL_PERINTAH = "Perintah"
METAVAR_OPSI = "[OPSI]"
METAVAR_PERINTAH = "PERINTAH [ARGUMEN]..."
BANTUAN = "Tampilkan bantuan ini lalu keluar."
VERSI = "Tampilkan versi lkjip-xl lalu keluar."
WAJIB = "[wajib]"
BAWAAN = "[bawaan: {}]"
NAMA_LAIN = "Nama lain: {}."
JUDUL_CONTOH = "Contoh:"

# The value a parameter takes, by the Python type its function declares; a flag shows none.
LABEL_TIPE: dict[str, str] = {
    "str": "TEKS",
    "int": "BILANGAN",
    "float": "ANGKA",
    "Path": "JALUR",
    "date": "TANGGAL",
}
LABEL_LAIN = "NILAI"
# What a value of that type must be, for an error message.
HARUS_TIPE: dict[str, str] = {
    "int": "bilangan bulat, misalnya 8000",
    "float": "angka, misalnya 12,5",
    "date": "tanggal, misalnya 2026-12-31",
}

KODE_KELUAR = (
    "Kode keluar: 0 selesai tanpa galat; 1 selesai, tetapi masih ada masalah bertingkat galat "
    "(atau ada kiriman yang ditolak); 2 perintah ditolak (salah pakai, atau berkas tidak dapat "
    "diproses; tidak ada yang ditulis); 3 kesalahan tak terduga; 130 dibatalkan (Ctrl+C)."
)

# --- usage errors -----------------------------------------------------------------------------
JUDUL_GALAT = "Galat"
COBA_BANTUAN = "Coba '{perintah} --help' untuk bantuan."
DIBATALKAN = "Dibatalkan."


def dibatalkan_setelah_disimpan(induk: object) -> str:
    """Ctrl+C once ``kumpulkan`` wrote the master: the work is done, and the user is told so
    (a run again would only find every file a Duplikat)."""
    return (
        f"Dibatalkan setelah induk disimpan: {induk} sudah memuat hasil pengumpulan ini (lihat "
        "lembar Pengumpulan); berkas yang sama tidak perlu dikumpulkan lagi."
    )


def _saran(pilihan: Sequence[str]) -> str:
    if not pilihan:
        return ""
    return " Mungkin maksudnya: " + ", ".join(f"'{p}'" for p in pilihan) + "?"


def perintah_tidak_dikenal(nama: str, saran: Sequence[str]) -> str:
    return f"Perintah '{nama}' tidak dikenal.{_saran(saran)}"


def opsi_tidak_dikenal(opsi: str, saran: Sequence[str]) -> str:
    return f"Opsi {opsi} tidak dikenal.{_saran(saran)}"


def argumen_berlebih(nilai: Sequence[str]) -> str:
    daftar = " ".join(nilai)
    return (
        f"Argumen berlebih: {daftar}. Nama berkas yang memuat spasi ditulis di antara tanda kutip."
    )


def argumen_belum_ada(nama: str) -> str:
    return f"Argumen {nama} belum diberikan."


def opsi_belum_ada(nama: str) -> str:
    return f"Opsi {nama} wajib diberikan."


def opsi_perlu_nilai(opsi: str) -> str:
    return f"Opsi {opsi} memerlukan nilai."


def opsi_tanpa_nilai(opsi: str) -> str:
    return f"Opsi {opsi} tidak menerima nilai."


def nilai_tidak_sah(nama: str, nilai: object | None, harus: str | None) -> str:
    given = f" {nilai!r}" if nilai is not None else ""
    want = f"; yang diharapkan: {harus}" if harus else ""
    return f"Nilai{given} untuk {nama} tidak sah{want}."


PERINTAH_TIDAK_DIPAHAMI = "Perintah ini tidak dapat dipahami."


def tidak_dapat_dibuka(nama: str) -> str:
    return f"Berkas {nama} tidak dapat dibuka."


# --- files given to a command -----------------------------------------------------------------
def tidak_ditemukan(path: Path, saran: Sequence[str] = ()) -> str:
    text = f"Berkas {path} tidak ditemukan."
    if not path.parent.exists():
        text += f" Folder {path.parent} pun tidak ada; periksa jalurnya."
    elif not saran and not path.is_absolute():
        # A name alone is looked for where the terminal is, which a first-time user does not
        # know (a new Command Prompt opens in the user's home folder, not in Documents).
        text += (
            f" Nama tanpa folder dicari di folder tempat perintah dijalankan ({Path.cwd()}); "
            "tulis jalur lengkapnya, atau pindah dulu ke foldernya dengan cd."
        )
    return text + _saran(saran)


def adalah_folder(path: Path, contoh: Path | None) -> str:
    text = f"{path} adalah folder, bukan berkas buku kerja."
    if contoh is not None:
        return f"{text} Sebutkan berkasnya, misalnya: {contoh}"
    return f"{text} Folder itu tidak memuat berkas .xlsx atau .xlsm."


def folder_tanpa_kiriman(path: Path) -> str:
    return (
        f"Folder {path} tidak memuat buku kerja unit (.xlsx atau .xlsm) untuk dikumpulkan. "
        "Sebutkan folder tempat berkas kiriman unit disimpan, atau berkasnya satu per satu."
    )


def nama_keluaran_salah(path: Path, perintah: str) -> str:
    stem = path.stem if path.suffix else path.name
    return (
        f"Nama berkas keluaran harus berakhiran .xlsx (atau .xlsm untuk buku kerja bermakro), "
        f"bukan {path.name!r}. Coba: {perintah} {path.with_name(stem + '.xlsx')}"
    )


def akhiran_keluaran(path: Path, akhiran: str, perintah: str) -> str:
    jenis = "bermakro" if akhiran == ".xlsm" else "tanpa makro"
    return (
        f"Buku kerja ini {jenis} ({akhiran}); Excel menolak membukanya bila disimpan dengan "
        f"nama {path.name!r}. Berkas tidak ditulis. Coba: {perintah} "
        f"{path.with_suffix(akhiran)}"
    )


def keluaran_folder(path: Path) -> str:
    return (
        f"{path} adalah folder; sebutkan nama berkas di dalamnya, misalnya "
        f"{path / 'Kinerja2025.xlsx'}"
    )


def sudah_ada(path: Path, opsi: str) -> str:
    return f"Berkas {path} sudah ada; pilih nama lain, atau tambahkan {opsi} untuk menimpanya."


def galat_sistem(exc: OSError) -> str:
    """One Indonesian sentence for an error the operating system raised about a file."""
    target = exc.filename
    if isinstance(exc, FileNotFoundError):
        return f"Berkas atau folder {target} tidak ditemukan."
    if isinstance(exc, IsADirectoryError):
        return f"{target} adalah folder, bukan berkas."
    if isinstance(exc, NotADirectoryError):
        return f"{target} bukan folder."
    if isinstance(exc, PermissionError):
        return (
            f"Tidak ada izin untuk membuka atau menulis {target}; periksa hak akses berkas atau "
            "foldernya, atau tutup program yang sedang memakainya."
        )
    if isinstance(exc, FileExistsError):
        return f"{target} sudah ada."
    return f"{target} tidak dapat dibuka atau ditulis (galat sistem {exc.errno})."


def argumen(path: Path) -> str:
    """``path`` as it is typed after a command: in double quotes when it holds a space (one
    spelling that Command Prompt, PowerShell and POSIX shells all take for an ordinary name)."""
    text = str(path)
    return f'"{text}"' if any(c.isspace() for c in text) else text


def dibuat(jenis: str, path: Path, bermakro: bool) -> str:
    """What ``new`` says: the file made and the next steps of a user who has just made one."""
    tombol = (
        "\nAtau klik tombol Hitung Ulang di Excel (makro harus diaktifkan)." if bermakro else ""
    )
    return (
        f"Buku kerja {jenis} dibuat: {path}\n"
        "Langkah berikutnya: buka berkas itu di Excel dan isi sel berlatar krem (cara mengisi "
        "ada di lembar Petunjuk); simpan dan tutup, lalu jalankan:\n"
        f"  lkjip-xl hitung {argumen(path)}{tombol}"
    )


# --- examples ---------------------------------------------------------------------------------
def contoh(*pairs: tuple[str, str]) -> str:
    """A help page's examples: (command line, what it does) pairs, as the command's epilog."""
    lines = [JUDUL_CONTOH]
    for command, what in pairs:
        lines.append(f"  {command}")
        lines.append(f"      {what}")
    return "\n".join(lines)
