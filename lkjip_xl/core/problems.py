"""The catalog of problem codes: every code the engine can report, declared exactly once.

Following frictionless-py (one error class per problem: code, title, message template,
description), each member of :class:`Kode` carries its whole declaration: the stable code, its
level (:class:`Tingkat`), its area, an Indonesian title, an Indonesian message template
(``str.format`` with named fields) and a short Indonesian description. The command
``lkjip-xl codes`` and the README's list of codes are derived from it.

Declaring a code: add a member ``NAME = Definisi("name", Tingkat..., Area..., judul=...,
pesan=..., keterangan=...)``; the member name is the code in upper case with ``_`` for ``-``.

Raising one: ``Masalah.of(Kode.NAME, sheet=..., cell=..., **fields)`` (in
``lkjip_xl.workbook.problems``) builds the problem with the catalog's level and message; the core
reports codes of values and band tables as ``Kode`` members (``Nilai.code``,
``BandProblem.code``). ``Masalah`` refuses a code the catalog does not declare.

Where one code is worded differently in different places (the check and the collection of
returned workbooks, say), the other wordings are named variants of the same declaration
(``varian``). One code has a second level, declared in ``tingkat_lain``: ``template-version`` is
a warning in a check, but rejects a returned workbook (an error) when collecting.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum, unique
from numbers import Integral
from typing import Any


def ribuan(n: int) -> str:
    """A count as Indonesian text shows it: 100.001, not 100001 or 100,001. Defined here, in
    the module every layer's messages already import and that imports nothing of the package,
    for every count a user reads."""
    return f"{n:,}".replace(",", ".")


def teks_diketik(text: str) -> str:
    """A typed text as a message quotes it: the characters nobody sees in it (a zero-width
    space, a BOM, a no-break space) named by their code point after it, never as Python escapes
    them (``'PNS\\u200b'``), which a user cannot read and a quoted text alone would hide."""
    hidden = [c for c in dict.fromkeys(text) if not c.isprintable()]
    shown = "".join(" " if c.isspace() else c for c in text if c.isprintable() or c.isspace())
    if not hidden:
        return f"'{shown}'"
    codes = ", ".join(f"U+{ord(c):04X}" for c in hidden)
    return f"'{shown}' (berisi karakter tak terlihat {codes})"


class Tingkat(StrEnum):
    GALAT = "galat"  # an error: the figure it feeds cannot be computed
    PERINGATAN = "peringatan"  # a warning: computed, but look at it


class Area(StrEnum):
    """What a problem is about (for people reading the list, and for grouping it)."""

    NILAI = "nilai"  # a value typed in an input cell
    PENGATURAN = "pengaturan"  # the Pengaturan sheet and its band tables
    STRUKTUR = "struktur"  # the workbook as a template: names, version
    HASIL = "hasil"  # the computed results as a whole: never computed, stale
    KINERJA = "kinerja"  # the kinerja figures
    IPASN = "ipasn"  # the IP-ASN figures
    PERTUKARAN = "pertukaran"  # distributing workbooks to units and collecting them back


# Statuses of a returned workbook (the contract's tblPengumpulan vocabulary, which the core does
# not import): the status a code gives the file it is found in.
DITOLAK, KONFLIK, DUPLIKAT = "Ditolak", "Konflik", "Duplikat"


@dataclass(frozen=True, eq=False)
class Definisi:
    """The declaration of one problem code."""

    kode: str
    tingkat: Tingkat
    area: Area
    judul: str
    pesan: str
    keterangan: str
    varian: Mapping[str, str] = field(default_factory=dict)
    tingkat_lain: frozenset[Tingkat] = frozenset()
    status_kiriman: str | None = None


def fields_of(template: str) -> set[str]:
    """The named fields of a message template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


G, P = Tingkat.GALAT, Tingkat.PERINGATAN


@unique
class Kode(StrEnum):
    """Every problem code; each member carries its :class:`Definisi`."""

    definisi: Definisi

    def __new__(cls, definisi: Definisi) -> Kode:
        member = str.__new__(cls, definisi.kode)
        member._value_ = definisi.kode
        member.definisi = definisi
        return member

    @property
    def tingkat(self) -> Tingkat:
        return self.definisi.tingkat

    @property
    def area(self) -> Area:
        return self.definisi.area

    @property
    def judul(self) -> str:
        return self.definisi.judul

    @property
    def pesan(self) -> str:
        return self.definisi.pesan

    @property
    def keterangan(self) -> str:
        return self.definisi.keterangan

    @property
    def varian(self) -> Mapping[str, str]:
        return self.definisi.varian

    @property
    def status_kiriman(self) -> str | None:
        return self.definisi.status_kiriman

    def allows(self, tingkat: Tingkat) -> bool:
        return tingkat is self.tingkat or tingkat in self.definisi.tingkat_lain

    def message(self, varian: str | None = None, **fields: Any) -> str:
        """The Indonesian sentence: the template (or its named variant) filled with ``fields``."""
        template = self.pesan if varian is None else self.varian[varian]
        count = fields.get("jumlah")
        # A count reads 1.200, as the counts beside it do (a row number, baris, stays 1200).
        if isinstance(count, Integral) and not isinstance(count, bool):
            fields["jumlah"] = ribuan(int(count))
        return template.format(**fields)

    def as_dict(self) -> dict[str, Any]:
        d = self.definisi
        return {
            "code": self.value,
            "tingkat": d.tingkat.value,
            "area": d.area.value,
            "judul": d.judul,
            "pesan": d.pesan,
            "keterangan": d.keterangan,
            "varian": dict(d.varian),
            "tingkat_lain": sorted(t.value for t in d.tingkat_lain),
            "status_kiriman": d.status_kiriman,
        }

    # --- values typed in input cells (the reason comes from lkjip_xl.core.values) --------------
    NOT_A_NUMBER = Definisi(
        "not-a-number", G, Area.NILAI, judul="Bukan angka", pesan="{kolom}: {alasan}",
        keterangan="Sel angka berisi teks atau nilai yang tidak dapat dibaca sebagai angka.",
    )  # fmt: skip
    AMBIGUOUS_NUMBER = Definisi(
        "ambiguous-number", G, Area.NILAI, judul="Angka bermakna ganda", pesan="{kolom}: {alasan}",
        keterangan="Teks seperti 1.234 atau 1,234 dapat dibaca sebagai dua angka berbeda (cara "
        "Indonesia atau cara Inggris); angkanya tidak ditebak.",
    )  # fmt: skip
    WRONG_DECIMAL_MARK = Definisi(
        "wrong-decimal-mark", G, Area.NILAI, judul="Pemisah desimal atau ribuan keliru",
        pesan="{kolom}: {alasan}",
        keterangan="Teks memakai titik sebagai pemisah desimal (95.44) atau koma sebagai pemisah "
        "ribuan (1,234,567); cara Indonesia: titik untuk ribuan, koma untuk desimal.",
    )  # fmt: skip
    EXCEL_ERROR = Definisi(
        "excel-error", G, Area.NILAI, judul="Galat Excel di sel isian", pesan="{kolom}: {alasan}",
        keterangan="Sel isian berisi galat Excel (#DIV/0!, #N/A, ...): galat sel itu sendiri.",
    )  # fmt: skip
    BOOLEAN_AS_NUMBER = Definisi(
        "boolean-as-number", G, Area.NILAI, judul="Nilai logika di sel angka",
        pesan="{kolom}: {alasan}",
        keterangan="Sel angka berisi TRUE/FALSE; nilai logika tidak dibaca sebagai 1 atau 0.",
    )  # fmt: skip
    DATE_AS_NUMBER = Definisi(
        "date-as-number", G, Area.NILAI, judul="Tanggal di sel angka", pesan="{kolom}: {alasan}",
        keterangan="Sel angka berisi tanggal atau waktu.",
    )  # fmt: skip
    UNKNOWN_CHOICE = Definisi(
        "unknown-choice", G, Area.NILAI, judul="Pilihan tidak dikenal", pesan="{kolom}: {alasan}",
        keterangan="Isian kolom pilihan (mis. Polaritas, Pendidikan, Triwulan) tidak ada dalam "
        "daftar pilihannya.",
    )  # fmt: skip
    NIP_AS_NUMBER = Definisi(
        "nip-as-number", G, Area.NILAI, judul="NIP tersimpan sebagai angka",
        pesan="{kolom}: {alasan}",
        keterangan="Excel hanya menyimpan 15 digit angka, jadi digit terakhir NIP sudah hilang; "
        "NIP harus diketik sebagai teks.",
    )  # fmt: skip
    NIP_FORMAT = Definisi(
        "nip-format", G, Area.NILAI, judul="Format NIP salah", pesan="{kolom}: {alasan}",
        keterangan="NIP harus tepat 18 digit angka.",
    )  # fmt: skip
    OUT_OF_RANGE = Definisi(
        "out-of-range", G, Area.NILAI, judul="Di luar rentang",
        pesan="{kolom}: nilai {nilai} di luar rentang yang diizinkan ({rentang}).",
        keterangan="Angka di luar rentang kolomnya (mis. Nilai SKP 0 sampai 100), atau angka "
        "yang tidak berlaku untuk rumusnya (pagu atau realisasi anggaran negatif).",
        varian={"alasan": "{kolom}: {alasan}"},
    )  # fmt: skip
    NON_FINITE = Definisi(
        "non-finite", G, Area.NILAI, judul="Nilai tak hingga atau terlalu besar",
        pesan="{kolom}: {alasan}",
        keterangan="Sel berisi INF atau angka di atas batas Excel (9,99999999999999E+307), atau "
        "hasil perhitungannya melampaui batas itu: tidak ada angka yang dapat ditampilkan.",
    )  # fmt: skip
    BLANK_REQUIRED = Definisi(
        "blank-required", P, Area.NILAI, judul="Isian wajib kosong", pesan="{kolom}: belum diisi.",
        keterangan="Kolom wajib pada baris yang terisi belum diisi; Catatan/Saran baris itu "
        "menjelaskan akibatnya.",
    )  # fmt: skip
    DUPLICATE_KEY = Definisi(
        "duplicate-key", G, Area.NILAI, judul="Kunci ganda",
        pesan="{kolom}: {kunci} sudah dipakai di baris {baris}; setiap baris harus unik.",
        keterangan="Kunci yang sama (Kode, NIP, label pita) dipakai lebih dari satu baris: "
        "setiap ulangan sesudah baris pertamanya. Saat pengumpulan, baris unit dengan kunci yang "
        "sudah dipakai tidak digabungkan.",
        varian={
            "kiriman": "{kolom} {kunci} sudah dipakai di baris {baris}; baris ini tidak "
            "digabungkan.",
            "baris-baru": "Baris baru {kolom} {kunci} tidak ditambahkan: kunci itu sudah ada di "
            "induk (baris unit lain atau baris induk).",
        },
    )  # fmt: skip

    # --- the Pengaturan sheet (band reasons come from lkjip_xl.core.predikat) -----------------
    BAD_SETTING = Definisi(
        "bad-setting", G, Area.PENGATURAN, judul="Pengaturan tidak sah", pesan="{label}: {alasan}",
        keterangan="Isian lembar Pengaturan (Skala_Capaian, Metode_Negatif, Desimal, ...) tidak "
        "dikenal atau di luar batas; tidak ada yang dihitung sampai diperbaiki.",
    )  # fmt: skip
    EMPTY_SCALE = Definisi(
        "empty-scale", G, Area.PENGATURAN, judul="Tabel skala kosong",
        pesan="Tabel {tabel}: {alasan}", keterangan="Tabel pita predikat tidak berisi baris.",
    )  # fmt: skip
    BLANK_LABEL = Definisi(
        "blank-label", G, Area.PENGATURAN, judul="Label pita kosong",
        pesan="Tabel {tabel}: {alasan}",
        keterangan="Sebuah pita di tabel skala (tblSkalaCapaian, tblSkalaEfisiensi) tanpa label.",
    )  # fmt: skip
    BAND_ORDER = Definisi(
        "band-order", G, Area.PENGATURAN, judul="Urutan pita salah",
        pesan="Tabel {tabel}: {alasan}",
        keterangan="Pita diurutkan dari batas bawah tertinggi ke terendah; pita tanpa batas bawah "
        "menjadi baris terakhir.",
    )  # fmt: skip
    BAND_OVERLAP = Definisi(
        "band-overlap", G, Area.PENGATURAN, judul="Pita tumpang tindih",
        pesan="Tabel {tabel}: {alasan}",
        keterangan="Dua pita berurutan memiliki batas bawah yang sama.",
    )  # fmt: skip
    BAND_GAP = Definisi(
        "band-gap", G, Area.PENGATURAN, judul="Celah di bawah pita terakhir",
        pesan="Tabel {tabel}: {alasan}",
        keterangan="Pita terakhir memiliki batas bawah, sehingga nilai di bawahnya tidak mendapat "
        "predikat.",
    )  # fmt: skip
    DUPLICATE_LABEL = Definisi(
        "duplicate-label", G, Area.PENGATURAN, judul="Label pita ganda",
        pesan="Tabel {tabel}: {alasan}", keterangan="Dua pita memakai label yang sama.",
    )  # fmt: skip
    BAD_BOUND = Definisi(
        "bad-bound", G, Area.PENGATURAN, judul="Batas bawah bukan angka",
        pesan="Tabel {tabel}: {alasan}",
        keterangan="Batas bawah sebuah pita tidak dapat dibaca sebagai angka.",
    )  # fmt: skip
    BANDS_OF_OTHER_METHOD = Definisi(
        "bands-of-other-method", P, Area.PENGATURAN, judul="Kategori efisiensi metode lain",
        pesan="Metode_Efisiensi {metode}, tetapi tabel {tabel} masih berisi batas untuk metode "
        "{lain} ({batas}): kategorinya tidak sesuai. Sesuaikan batasnya (untuk {metode}: "
        "{saran}).",
        keterangan="Tabel Kategori Efisiensi terisi batas bawaan metode rasio (Efisien mulai 1) "
        "sedangkan metode selisih dipilih, atau sebaliknya: selisih 0,5 poin disebut Kurang "
        "Efisien, atau setiap rasio Efisien.",
    )  # fmt: skip
    BAD_FLAG = Definisi(
        "bad-flag", G, Area.PENGATURAN, judul="Isian Termasuk Batas tidak sah",
        pesan="Tabel {tabel}: {alasan}",
        keterangan="Kolom Termasuk Batas sebuah pita harus Ya atau Tidak.",
    )  # fmt: skip

    # --- the workbook as a template, and its results as a whole -------------------------------
    MISSING_NAME = Definisi(
        "missing-name", G, Area.STRUKTUR, judul="Nama templat hilang",
        pesan="Nama {nama} tidak ada; buku kerja ini bukan templat standar.",
        keterangan="Nama (defined name) templat tidak ada di buku kerja, atau tidak menunjuk "
        "satu sel; buku kerja tidak dihitung.",
        varian={
            "bukan-sel": "Nama {nama} menunjuk {rujukan}, bukan satu sel; buku kerja ini bukan "
            "templat standar.",
        },
    )  # fmt: skip
    TEMPLATE_VERSION = Definisi(
        "template-version", P, Area.STRUKTUR, judul="Versi templat berbeda",
        pesan="Versi templat {versi} berbeda dengan versi mesin {versi_mesin}.",
        keterangan="Versi_Template buku kerja berbeda dengan versi mesin (peringatan). Saat "
        "pengumpulan: versi berkas unit berbeda dengan yang dikirim (galat, berkas ditolak).",
        varian={
            "kiriman": "Versi templat berkas ini {versi}, sedangkan yang dikirim {dikirim}.",
            "lama": "Versi templat {versi} lebih lama dari versi mesin {versi_mesin}; jalankan "
            "'{perintah}' untuk memperbaruinya.",
        },
        tingkat_lain=frozenset({G}),
        status_kiriman=DITOLAK,
    )  # fmt: skip
    XLWINGS_VERSION = Definisi(
        "xlwings-version", P, Area.STRUKTUR, judul="Versi xlwings makro berbeda",
        pesan="Makro buku kerja ini dibuat untuk xlwings {versi}, sedangkan xlwings yang "
        "terpasang {versi_terpasang}; fungsi lembar kerja (LKJ_CAPAIAN dan lainnya) di "
        "Windows dan tombol Hitung Ulang / Periksa di macOS dapat gagal. Buat ulang "
        "buku kerja bermakro dengan xlwings yang terpasang (lkjip-xl new ... --xlsm, lalu "
        "salin isiannya) atau pasang xlwings {versi}.",
        keterangan="Modul VBA xlwings di buku kerja .xlsm memanggil DLL xlwings (fungsi lembar "
        "kerja di Windows) dan skrip AppleScript xlwings (tombol di macOS) versi yang tertulis "
        "di dalamnya; xlwings Python yang terpasang harus versi yang sama. Tombol di Windows "
        "menjalankan Python langsung, dan hitungan dari baris perintah tidak terpengaruh.",
    )  # fmt: skip
    FILE_SUFFIX = Definisi(
        "file-suffix", P, Area.STRUKTUR, judul="Akhiran nama berkas tidak cocok",
        pesan="Isi berkas ini buku kerja {akhiran_isi}, tetapi namanya berakhiran {akhiran}: "
        "Excel menolak membukanya (format atau ekstensi berkas tidak valid). Ganti nama "
        "berkasnya menjadi {nama}; isinya tidak perlu diubah.",
        keterangan="Excel membuka buku kerja hanya bila akhiran namanya cocok dengan isinya: "
        ".xlsm untuk buku kerja bermakro, .xlsx untuk yang tanpa makro. Berkas .xlsm yang "
        "diganti namanya menjadi .xlsx (atau sebaliknya) tetap dihitung, tetapi tidak dapat "
        "dibuka di Excel sampai namanya dikembalikan.",
    )  # fmt: skip
    ROWS_BELOW_TABLE = Definisi(
        "rows-below-table", P, Area.STRUKTUR, judul="Baris di bawah tabel",
        pesan="{jumlah} baris di bawah tabel {tabel} (baris {baris}) belum termasuk tabel; "
        "Hitung Ulang akan memasukkannya ke dalam tabel.",
        keterangan="Baris yang diisi tepat di bawah tabel Excel tanpa masuk ke tabel "
        "(LibreOffice tidak memperluas tabel, begitu pula Excel pada lembar terproteksi). "
        "Hitung Ulang memasukkan baris-baris itu ke dalam tabel, menghitungnya, dan "
        "mencatatnya di Log.",
        varian={"dimasukkan": "{jumlah} baris di bawah tabel {tabel} (baris {baris}) "
                "dimasukkan ke dalam tabel."},
    )  # fmt: skip
    SIMILAR_NAMES = Definisi(
        "similar-names", P, Area.NILAI, judul="Nama kelompok hampir sama",
        pesan='{kolom} "{nama}" hanya berbeda huruf besar/kecil atau spasi dengan "{sebelumnya}"; '
        "keduanya dihitung sebagai {kelompok} terpisah. Samakan penulisannya bila maksudnya sama.",
        keterangan="Dua isian Sasaran (atau Unit Kerja) yang hanya berbeda huruf besar/kecil atau "
        "spasi dihitung sebagai dua kelompok: dua baris Ringkasan atau Rekap, dua unit bila "
        "dibagikan.",
    )  # fmt: skip
    FORMULA_WITHOUT_VALUE = Definisi(
        "formula-without-value", G, Area.NILAI, judul="Rumus tanpa hasil tersimpan",
        pesan="{jumlah} sel tabel berisi rumus yang hasilnya belum pernah dihitung ({sel}); "
        "mesin membacanya sebagai kosong. Buka berkas ini di Excel atau LibreOffice, simpan, "
        "lalu hitung ulang.",
        keterangan="Berkas yang ditulis program lain (mis. sebuah skrip) tanpa menghitung "
        "rumusnya tidak menyimpan hasil rumus itu; sel tersebut terbaca kosong sampai berkas "
        "dibuka dan disimpan di Excel atau LibreOffice. Saat pengumpulan, berkas unit seperti "
        "itu ditolak: nilai induk tidak ditimpa dengan kosong.",
        varian={
            "kiriman": "{jumlah} sel isian berisi rumus yang hasilnya belum pernah dihitung "
            "({sel}); berkas ini tidak digabungkan dan nilai induk tidak diubah. Buka berkas "
            "ini di Excel atau LibreOffice, simpan, lalu kirim kembali.",
        },
        status_kiriman=DITOLAK,
    )  # fmt: skip
    FAR_CELLS = Definisi(
        "far-cells", P, Area.STRUKTUR, judul="Data jauh di luar tabel",
        pesan="{jumlah} sel berisi data jauh di luar tabel ({sel}); sel itu tidak dibaca dan "
        "tidak diubah.",
        keterangan="Sel berisi data jauh di kanan atau di bawah tabel templat (mis. XFD1048576, "
        "setelah Ctrl+panah lalu mengetik). Mesin hanya membaca daerah tabel, sehingga sel itu "
        "tidak ikut dihitung; hapus bila tidak sengaja.",
    )  # fmt: skip
    LOCAL_LINKS = Definisi(
        "local-links", P, Area.STRUKTUR, judul="Tautan tersembunyi ke berkas lokal",
        pesan="{jumlah} tautan tersembunyi ke berkas di komputer atau jaringan ({tautan}); "
        "mesin tidak membukanya dan membiarkannya di buku kerja ini.",
        keterangan="Bagian buku kerja (mis. komentar) ditautkan ke berkas di luar buku kerja "
        "(file:///C:/..., \\\\server\\...), bukan hyperlink yang diketik di sel; Excel dapat "
        "mencari berkas itu saat buku kerja dibuka. Buku kerja unit yang dibuat oleh bagikan "
        "tidak membawanya; hapus bila tidak dikenal.",
        varian={
            "unit": "{jumlah} tautan tersembunyi ke berkas di komputer atau jaringan ({tautan}) "
            "tidak disalin ke buku kerja unit.",
        },
    )  # fmt: skip
    TOTAL_ROW_BLOCKED = Definisi(
        "total-row-blocked", G, Area.STRUKTUR, judul="Baris total tertahan",
        pesan="Tabel {tabel} perlu tumbuh sampai baris {baris}, tetapi di bawah baris totalnya "
        "ada isian ({sel}); kosongkan atau pindahkan isian itu, lalu hitung ulang.",
        keterangan="Tabel dengan Baris Total Excel (Desain Tabel > Baris Total) tumbuh saat "
        "hasilnya bertambah, dan baris totalnya turun ke bawah baris data terakhir. Isian di "
        "bawah baris total akan tertimpa, jadi Hitung Ulang menolak dan tidak menulis apa pun.",
        varian={"bentuk": "Baris total tabel {tabel} memuat rumus bersama atau rumus larik "
                "({sel}) yang tidak dapat dipindahkan dengan aman; tulis ulang rumus itu satu "
                "per sel, lalu hitung ulang.",
                "excel": "Tabel {tabel} memakai Baris Total dan ukurannya harus berubah; "
                "Hitung Ulang dari Excel belum dapat memindahkan baris total dengan aman. Simpan "
                "dan tutup buku kerja, lalu jalankan lkjip-xl hitung pada berkasnya."},
    )  # fmt: skip
    NEVER_COMPUTED = Definisi(
        "never-computed", P, Area.HASIL, judul="Belum pernah dihitung",
        pesan="Buku kerja belum pernah dihitung ulang oleh lkjip_xl.",
        keterangan="Buku kerja berisi isian tetapi lembar Log tidak mencatat Hitung Ulang.",
    )  # fmt: skip
    STALE_RESULTS = Definisi(
        "stale-results", P, Area.HASIL, judul="Hasil usang",
        pesan="Masukan berubah sejak hitung ulang terakhir: hasil di buku kerja sudah usang; "
        "jalankan Hitung Ulang.",
        keterangan="Masukan berubah sejak Hitung Ulang terakhir (sidik jari masukan di Log "
        "berbeda). Saat pengumpulan: unit mengubah isian tanpa menghitung ulang.",
        varian={
            "kiriman": "Hasil hitungan di berkas unit belum diperbarui setelah isian diubah; "
            "induk menghitung ulang sendiri.",
        },
    )  # fmt: skip

    RESULT_EDITED = Definisi(
        "result-edited", P, Area.HASIL, judul="Hasil diubah",
        pesan="{jumlah} sel hasil tidak sama dengan hitungan aturan dari isiannya (yang pertama "
        "{sel} berisi {isi}, menurut aturan {seharusnya}); Hitung Ulang akan menulis kembali "
        "hasil menurut aturan.",
        keterangan="Masukan tidak berubah sejak Hitung Ulang terakhir, tetapi sel hasil "
        "(mis. Capaian, Predikat, Nilai IP ASN, Kategori, Rekap) berisi angka atau teks lain "
        "daripada yang dihitung aturan dari isiannya: hasil diketik atau diubah setelah lembar "
        "dibuka proteksinya (bila Hitung Ulang terakhir dibuat mesin atau aturan lain, pesannya "
        "menyebut bahwa perbedaan mungkin dari situ). Lembar Laporan tidak dibandingkan "
        "(ditulis ulang seluruhnya dari sel hasil); buku kerja versi templat lain juga tidak "
        "(perbarui dulu). Saat pengumpulan: berkas unit tetap diterima, induk menghitung ulang "
        "sendiri.",
        varian={"mesin": "{jumlah} sel hasil tidak sama dengan hitungan mesin ini dari "
                "isiannya (yang pertama {sel} berisi {isi}, menurut aturan {seharusnya}); Hitung "
                "Ulang terakhir dibuat dengan {dibuat}, bukan {sekarang}, jadi perbedaannya "
                "mungkin dari perubahan mesin atau aturan. Hitung Ulang akan menulis hasil "
                "menurut mesin dan aturan sekarang."},
    )  # fmt: skip

    # --- figures ------------------------------------------------------------------------------
    NEGATIVE_TARGET = Definisi(
        "negative-target", P, Area.KINERJA, judul="Target negatif",
        pesan="{kolom}: {alasan}",
        keterangan="Target, Target Akhir Renstra atau Target Nasional bernilai negatif: rumus "
        "capaian tidak berlaku, sel capaiannya dibiarkan kosong dan Catatan menyebut alasannya.",
    )  # fmt: skip
    ZERO_DIVISOR = Definisi(
        "zero-divisor", P, Area.KINERJA, judul="Pembagi nol",
        pesan="{kolom}: {alasan}",
        keterangan="Target 0 (atau realisasi 0 dengan metode invers), pagu 0, atau serapan 0 % "
        "dengan efisiensi rasio: hasilnya tidak dapat dihitung.",
    )  # fmt: skip
    UNKNOWN_REFERENCE = Definisi(
        "unknown-reference", G, Area.KINERJA, judul="Kode tidak dikenal",
        pesan="{kolom}: {alasan}",
        keterangan="Kode di tabel Triwulan, Anggaran atau Riwayat tidak cocok dengan Kode mana "
        "pun di tabel Indikator (huruf besar/kecil dan spasi di tepi diabaikan), atau kosong.",
    )  # fmt: skip
    HISTORY_MISMATCH = Definisi(
        "history-mismatch", P, Area.KINERJA, judul="Realisasi tahun lalu berbeda dengan Riwayat",
        pesan="{kolom}: {alasan}",
        keterangan="Realisasi Tahun Lalu di tabel Indikator berbeda dengan Realisasi tahun "
        "sebelumnya di tabel Riwayat; perbandingan memakai Realisasi Tahun Lalu.",
    )  # fmt: skip
    HISTORY_YEAR = Definisi(
        "history-year", P, Area.KINERJA, judul="Tahun Riwayat bukan tahun sebelumnya",
        pesan="{kolom}: {alasan}",
        keterangan="Tahun di tabel Riwayat sama dengan atau sesudah Tahun laporan (Identitas); "
        "baris itu tidak dipakai di perbandingan dan tren laporan. Periksa tahunnya.",
    )  # fmt: skip
    EXCLUDED = Definisi(
        "excluded", P, Area.KINERJA, judul="Indikator tidak ikut rata-rata",
        pesan="Sasaran {sasaran}: {alasan}",
        keterangan="Indikator tanpa capaian tidak ikut rata-rata sasarannya; alasannya disebut.",
    )  # fmt: skip
    SAKIP = Definisi(
        "sakip", P, Area.KINERJA, judul="Evaluasi SAKIP tidak dapat dihitung",
        pesan="Evaluasi SAKIP: {alasan}",
        keterangan="Komponen tabel Evaluasi tidak dikenal, nilainya di luar 0 sampai bobotnya, "
        "atau belum lengkap; Nilai_SAKIP dibiarkan kosong.",
    )  # fmt: skip
    INCOMPLETE_ROWS = Definisi(
        "incomplete-rows", P, Area.IPASN, judul="Data pegawai belum lengkap",
        pesan="{jumlah} pegawai datanya belum lengkap (lihat kolom Saran).",
        keterangan="Bagian yang kosong bernilai 0 (Data_Kosong = Nol) atau baris itu tidak ikut "
        "rata-rata (Kecualikan); kolom Saran menyebut data yang perlu dilengkapi.",
    )  # fmt: skip

    SKP_MISMATCH = Definisi(
        "skp-mismatch", P, Area.IPASN, judul="Nilai SKP dan Predikat SKP tidak sejalan",
        pesan="{kolom}: {alasan}",
        keterangan="Nilai SKP dan Predikat SKP sama-sama diisi tetapi memberi nilai Kinerja yang "
        "berbeda; yang dipakai Nilai SKP. Kosongkan salah satunya atau samakan keduanya.",
    )  # fmt: skip

    # --- distribution -------------------------------------------------------------------------
    NO_UNIT = Definisi(
        "no-unit", P, Area.PERTUKARAN, judul="Baris tanpa unit",
        pesan="{jumlah} baris tabel {tabel} tanpa {kolom} tidak dikirim ke unit mana pun dan "
        "tetap hanya di induk.",
        keterangan="Baris tanpa isian di kolom pembagi tidak dibagikan.",
    )  # fmt: skip
    ORPHAN_ROWS = Definisi(
        "orphan-rows", P, Area.PERTUKARAN, judul="Baris tanpa rujukan",
        pesan="{jumlah} baris tabel {tabel} tidak merujuk baris {tabel_utama} yang dikirim dan "
        "tetap hanya di induk.",
        keterangan="Baris tabel terkait (tblTriwulan, tblAnggaran) yang tidak merujuk indikator "
        "yang dibagikan.",
    )  # fmt: skip
    FORMULA_VALUES = Definisi(
        "formula-values", P, Area.PERTUKARAN, judul="Rumus dikirim sebagai nilai",
        pesan="Rumus di {jumlah} baris tabel {tabel} dikirim ke unit {unit} sebagai nilainya.",
        keterangan="Sel isian berumus di baris yang dibagikan dikirim sebagai nilai terakhirnya.",
    )  # fmt: skip

    # --- a returned workbook that is rejected (Ditolak) ---------------------------------------
    UNREADABLE = Definisi(
        "unreadable", G, Area.PERTUKARAN, judul="Berkas tidak dapat dibaca",
        pesan="Berkas {berkas} tidak dapat dibaca: {alasan}.",
        keterangan="Bukan buku kerja, terlalu besar, atau tidak dapat dibaca dengan aman.",
        varian={
            "terlalu-besar": "Berkas {berkas} terlalu besar ({ukuran} byte).",
            "buku-kerja": "Berkas {berkas}: {alasan}",
            "nama": "Daftar nama berkas ini tidak dapat dibaca: {alasan}.",
            "tidak-aman": "Berkas {berkas} ditolak karena tidak aman dibaca: {alasan}.",
            "pemeriksaan": "Berkas {berkas} tidak dapat diperiksa ({alasan}); berkas ini tidak "
            "digabungkan, berkas lain tetap diproses.",
            "penggabungan": "Berkas {berkas} tidak dapat digabungkan ke induk ({alasan}); "
            "tidak ada isinya yang masuk ke induk, berkas lain tetap digabungkan.",
        },
        status_kiriman=DITOLAK,
    )  # fmt: skip
    NOT_TEMPLATE = Definisi(
        "not-template", G, Area.PERTUKARAN, judul="Bukan templat lkjip_xl", pesan="{alasan}",
        keterangan="Berkas tidak memuat tabel data templat (tblIndikator atau tblPegawai).",
        status_kiriman=DITOLAK,
    )  # fmt: skip
    WRONG_TEMPLATE = Definisi(
        "wrong-template", G, Area.PERTUKARAN, judul="Templat lain",
        pesan="Berkas ini memakai templat {templat}, sedangkan induk memakai {templat_induk}.",
        keterangan="Buku kerja ipasn dikembalikan ke induk kinerja, atau sebaliknya.",
        status_kiriman=DITOLAK,
    )  # fmt: skip
    NO_STAMP = Definisi(
        "no-stamp", G, Area.PERTUKARAN, judul="Tanpa cap distribusi",
        pesan="Berkas ini tidak memuat cap distribusi (nama Distribusi_ID); hanya buku kerja yang "
        "dibagikan dengan lkjip-xl bagikan yang dapat dikumpulkan.",
        keterangan="Berkas tidak dibagikan dengan lkjip-xl bagikan.",
        status_kiriman=DITOLAK,
    )  # fmt: skip
    OTHER_DISTRIBUTION = Definisi(
        "other-distribution", G, Area.PERTUKARAN, judul="Distribusi lain",
        pesan="Berkas ini berasal dari distribusi {distribusi}, bukan dari distribusi "
        "{distribusi_induk} yang sedang dikumpulkan; isiannya tidak digabungkan. Bila induk ini "
        "dibagikan lagi sejak itu, salin isian unit ke buku kerja yang dibagikan kepadanya pada "
        "distribusi {distribusi_induk} lalu kumpulkan berkas itu; bila berkas ini milik induk "
        "lain, kumpulkan ke induk itu.",
        keterangan="Berkas berasal dari distribusi lain (tahun atau pembagian lain).",
        status_kiriman=DITOLAK,
    )  # fmt: skip
    UNKNOWN_UNIT = Definisi(
        "unknown-unit", G, Area.PERTUKARAN, judul="Unit tidak dikenal",
        pesan="Unit {unit} yang tercap di berkas ini tidak ada dalam distribusi {distribusi}.",
        keterangan="Unit yang tercap di berkas tidak ada dalam manifest distribusi.",
        status_kiriman=DITOLAK,
    )  # fmt: skip
    SEAL_INVALID = Definisi(
        "seal-invalid", G, Area.PERTUKARAN, judul="Segel tidak sah",
        pesan="Segel distribusi berkas ini tidak cocok dengan unit {unit} yang tercap: cap "
        "Unit_Distribusi atau cap lain diubah, atau berkas ini bukan yang dikirim ke unit itu. "
        "Berkas ini tidak digabungkan; baris unit {unit} di induk tidak diubah.",
        keterangan="Segel (Segel_Distribusi) tidak sesuai dengan distribusi, unit dan baris yang "
        "dicatat manifest: sebuah cap diubah atau disalin dari berkas lain.",
        varian={
            "tanpa-segel": "Berkas ini tidak memuat segel distribusi (nama Segel_Distribusi) "
            "yang dikirim ke unit {unit}; berkas ini tidak digabungkan.",
        },
        status_kiriman=DITOLAK,
    )  # fmt: skip
    STAMP_CHANGED = Definisi(
        "stamp-changed", G, Area.PERTUKARAN, judul="Cap diubah",
        pesan="Cap {nama} berkas ini ({nilai}) berbeda dengan yang dikirim ({dikirim}).",
        keterangan="Sebuah cap distribusi berbeda dengan yang dicatat manifest.",
        status_kiriman=DITOLAK,
    )  # fmt: skip
    SETTINGS_CHANGED = Definisi(
        "settings-changed", G, Area.PERTUKARAN, judul="Pengaturan diubah",
        pesan="Pengaturan diubah ({isian}); pengaturan ditetapkan induk dan dikunci di buku kerja "
        "unit, jadi berkas ini tidak digabungkan. Kembalikan pengaturan itu seperti dikirim (atau "
        "salin isian unit ke buku kerja yang dibagikan kepadanya), lalu kirim lagi.",
        keterangan="Lembar Pengaturan berkas unit berbeda dengan yang dikirim.",
        status_kiriman=DITOLAK,
    )  # fmt: skip
    STRUCTURE = Definisi(
        "structure", G, Area.PERTUKARAN, judul="Tabel atau kolom hilang", pesan="{alasan}",
        keterangan="Tabel yang dibagikan, salah satu kolomnya, atau lembar Pengaturan hilang.",
        status_kiriman=DITOLAK,
    )  # fmt: skip
    FOREIGN_ROW = Definisi(
        "foreign-row", G, Area.PERTUKARAN, judul="Baris milik unit lain",
        pesan="{kolom} {kunci} milik unit {pemilik}; berkas ini tidak digabungkan dan baris unit "
        "{pemilik} tidak diubah. Untuk memindahkan baris antar unit, hapus barisnya di berkas unit "
        "{pemilik} dan kumpulkan kedua berkas bersama-sama.",
        keterangan="Berkas unit memuat atau menambah baris yang dikirim ke unit lain (atau "
        "merujuk baris unit lain); setiap berkas hanya boleh mengubah, menambah atau menghapus "
        "baris unitnya sendiri, maka berkas itu ditolak.",
        varian={
            "rujukan": "Baris ini merujuk {kolom} {kunci} milik unit {pemilik}; berkas ini tidak "
            "digabungkan dan baris unit {pemilik} tidak diubah.",
        },
        status_kiriman=DITOLAK,
    )  # fmt: skip

    UNIT_EMPTIED = Definisi(
        "unit-emptied", G, Area.PERTUKARAN, judul="Semua baris unit dihapus",
        pesan="Berkas ini menghapus semua {jumlah} baris unit {unit} di tabel {tabel} tanpa "
        "menambah satu pun; berkas ditolak agar data unit tidak hilang karena tabelnya "
        "terkosongkan. Minta unit mengirim berkas yang berisi barisnya; bila unit itu memang tidak "
        "lagi memiliki baris, hapus barisnya langsung di induk.",
        keterangan="Berkas unit tidak lagi memuat satu pun baris unitnya (tabel dikosongkan) dan "
        "baris itu tidak dipindahkan ke berkas unit lain yang dikumpulkan bersamanya; berkas "
        "ditolak dan induk tidak diubah. Unit yang memang tidak lagi memiliki baris dihapus "
        "barisnya langsung di induk.",
        status_kiriman=DITOLAK,
    )  # fmt: skip

    # --- a returned workbook that is not merged (Konflik, Duplikat) ---------------------------
    CONFLICT_FILES = Definisi(
        "conflict-files", G, Area.PERTUKARAN, judul="Beberapa berkas untuk satu unit",
        pesan="{jumlah} berkas berbeda untuk unit {unit} ({berkas}); tidak ada yang digabungkan. "
        "Kumpulkan ulang dengan satu berkas saja.",
        keterangan="Dua berkas berbeda untuk satu unit dalam satu pengumpulan.",
        status_kiriman=KONFLIK,
    )  # fmt: skip
    ALREADY_ACCEPTED = Definisi(
        "already-accepted", G, Area.PERTUKARAN, judul="Unit sudah diterima",
        pesan="Unit {unit} sudah diterima dari berkas {berkas}; berkas lain untuk unit yang sama "
        "tidak digabungkan (periksa dan ubah induk secara langsung bila perlu).",
        keterangan="Berkas lain untuk unit yang sudah diterima pada pengumpulan sebelumnya "
        "(berkas yang tidak menggabungkan apa pun, seperti buku kerja yang dikirim tanpa diubah, "
        "tidak menahan kiriman unit berikutnya).",
        status_kiriman=KONFLIK,
    )  # fmt: skip
    DUPLICATE_FILE = Definisi(
        "duplicate-file", P, Area.PERTUKARAN, judul="Berkas yang sama",
        pesan="Sama persis dengan berkas {berkas}; hanya satu yang digabungkan.",
        keterangan="Berkas yang sama persis sudah dikumpulkan; tidak ada yang diubah.",
        varian={
            "sudah-diterima": "Berkas yang sama sudah diterima sebagai {berkas}; tidak ada yang "
            "diubah.",
        },
        status_kiriman=DUPLIKAT,
    )  # fmt: skip

    # --- rows of an accepted workbook: errors are rows left out of the merge -------------------
    KEY_CHANGED = Definisi(
        "key-changed", G, Area.PERTUKARAN, judul="Kunci baris diubah",
        pesan="{kolom} diubah dari {lama} menjadi {baru}; kunci baris tidak boleh diubah, baris "
        "ini tidak digabungkan dan induk tetap memakai {lama}.",
        keterangan="Unit mengubah Kode atau NIP sebuah baris; baris itu tidak digabungkan.",
    )  # fmt: skip
    MASTER_CHANGED = Definisi(
        "master-changed", G, Area.PERTUKARAN, judul="Diubah di unit dan di induk",
        pesan="Baris {baris} diubah di unit dan juga di induk ({sel_induk}) setelah dibagikan; "
        "nilai induk dipertahankan (berbeda pada kolom {kolom}).",
        keterangan="Unit dan induk sama-sama mengubah baris itu; nilai induk dipertahankan.",
    )  # fmt: skip
    MASTER_REMOVED = Definisi(
        "master-removed", G, Area.PERTUKARAN, judul="Baris sudah dihapus di induk",
        pesan="Baris {baris} diubah unit, tetapi sudah dihapus atau diubah di induk setelah "
        "dibagikan; perubahan unit tidak digabungkan.",
        keterangan="Unit mengubah baris yang sejak dibagikan dihapus dari induk.",
    )  # fmt: skip
    REMOVED_CHANGED = Definisi(
        "removed-changed", G, Area.PERTUKARAN, judul="Dihapus unit, diubah induk",
        pesan="Baris {baris} dihapus unit, tetapi diubah di induk setelah dibagikan; baris itu "
        "tidak dihapus dari induk ({sel_induk}).",
        keterangan="Unit menghapus baris yang sejak dibagikan diubah di induk; baris tetap ada.",
    )  # fmt: skip

    # --- rows merged (or deliberately kept), worth a look --------------------------------------
    ROW_ADDED = Definisi(
        "row-added", P, Area.PERTUKARAN, judul="Baris ditambahkan",
        pesan="Baris baru {baris} ditambahkan ke induk.",
        keterangan="Baris baru unit ditambahkan ke induk.",
    )  # fmt: skip
    ROW_REMOVED = Definisi(
        "row-removed", P, Area.PERTUKARAN, judul="Baris dihapus",
        pesan="Baris {baris} dihapus unit dan dihapus dari induk ({sel_induk}); nilainya disimpan "
        "di folder arsip.",
        keterangan="Baris yang dihapus unit dihapus dari induk; nilainya disimpan di "
        "arsip/dihapus-*.json.",
    )  # fmt: skip
    REMOVAL_KEPT = Definisi(
        "removal-kept", P, Area.PERTUKARAN, judul="Baris yang dihapus dipertahankan",
        pesan="Baris {baris} dihapus unit; atas permintaan, baris itu tetap ada di induk "
        "({sel_induk}).",
        keterangan="Dengan --jangan-hapus, baris yang dihapus unit tetap di induk.",
    )  # fmt: skip
    MISSING_KEY = Definisi(
        "missing-key", P, Area.PERTUKARAN, judul="Baris baru tanpa kunci",
        pesan="Baris baru tanpa {kolom} ditambahkan; lengkapi {kolom} di induk.",
        keterangan="Baris baru tanpa Kode atau NIP ditambahkan; lengkapi di induk.",
    )  # fmt: skip
    OTHER_UNIT = Definisi(
        "other-unit", P, Area.PERTUKARAN, judul="Baris unit lain",
        pesan="{kolom} baris ini diubah menjadi {nilai}; baris pindah ke unit itu di induk.",
        keterangan="Isian kolom pembagi sebuah baris menyebut unit lain; baris digabungkan apa "
        "adanya.",
        varian={"baris-baru": "Baris baru ini memakai {kolom} {nilai}, bukan {unit}."},
    )  # fmt: skip
    EXTRA_COLUMN = Definisi(
        "extra-column", P, Area.PERTUKARAN, judul="Kolom tambahan",
        pesan="Kolom tambahan {kolom} di tabel {tabel} tidak digabungkan.",
        keterangan="Kolom yang ditambahkan unit ke tabel tidak digabungkan.",
    )  # fmt: skip
    FORMULA_INPUT = Definisi(
        "formula-input", P, Area.PERTUKARAN, judul="Rumus di sel isian",
        pesan="Sel isian {sel} berisi rumus; yang digabungkan ke induk adalah nilai terakhirnya, "
        "bukan rumusnya.",
        keterangan="Rumus di sel isian berkas unit tidak dipercaya; nilai terakhirnya digabungkan.",
    )  # fmt: skip
    IGNORED_EDITS = Definisi(
        "ignored-edits", P, Area.PERTUKARAN, judul="Isian di luar bagian unit",
        pesan="Isian di luar bagian unit berbeda dengan induk dan tidak digabungkan: {isian}.",
        keterangan="Isian di luar baris unit (mis. Identitas) tidak digabungkan.",
    )  # fmt: skip
    INPUT_PROBLEMS = Definisi(
        "input-problems", P, Area.PERTUKARAN, judul="Isian bermasalah",
        pesan="{jumlah} isian berkas ini bermasalah dan digabungkan apa adanya (perbaiki di induk "
        "atau minta unit memperbaikinya): {contoh}.",
        keterangan="Isian unit yang tidak dapat dipakai (mis. teks di kolom angka) digabungkan "
        "seperti diketik; induk menandainya setelah dihitung ulang.",
    )  # fmt: skip
    LATE = Definisi(
        "late", P, Area.PERTUKARAN, judul="Terlambat",
        pesan="Berkas diterima setelah batas waktu {batas_waktu}.",
        keterangan="Berkas dikumpulkan (lkjip-xl kumpulkan) sesudah hari Batas_Waktu distribusi; "
        "tetap digabungkan. Tanggal berkas itu sendiri tidak dipakai karena dapat diatur di "
        "komputer mana pun: kumpulkan berkas segera setelah tiba.",
    )  # fmt: skip
    MASTER_EDITED = Definisi(
        "master-edited", P, Area.PERTUKARAN, judul="Induk diubah setelah dibagikan",
        pesan="{jumlah} baris unit ini diubah atau dihapus di induk setelah dibagikan (sidik jari "
        "baris unit berbeda dengan manifest); perubahan unit pada baris itu menjadi konflik.",
        keterangan="Baris unit ini diubah di induk sejak dibagikan.",
    )  # fmt: skip
    OTHER_UNITS_NAME = Definisi(
        "other-units-name", P, Area.PERTUKARAN, judul="Bernama berkas unit lain",
        pesan="Berkas ini bernama seperti buku kerja yang dibagikan kepada unit {nama_unit}, "
        "tetapi cap dan segelnya menyatakan buku kerja unit {unit}, maka dicatat untuk unit "
        "{unit}. Bila unit {nama_unit} mengirim berkas bernama sama, berkasnya mungkin "
        "tertimpa: mintalah dikirim ulang.",
        keterangan="Nama berkas sama dengan buku kerja yang dibagikan kepada unit lain; berkas "
        "dicatat untuk unit menurut cap dan segelnya, bukan menurut namanya.",
        varian={
            "tertukar": "Berkas ini bernama seperti buku kerja yang dibagikan kepada unit "
            "{nama_unit}, tetapi cap dan segelnya menyatakan buku kerja unit {unit}, maka dicatat "
            "untuk unit {unit}; buku kerja unit {nama_unit} juga ada di antara berkas ini (nama "
            "berkasnya tertukar).",
        },
    )  # fmt: skip


del G, P


def katalog() -> list[dict[str, Any]]:
    """The catalog for tools: one dict per code, in declaration order."""
    return [kode.as_dict() for kode in Kode]


def level_text(kode: Kode) -> str:
    """The level as people read it: ``galat``, or ``peringatan / galat`` with a second level."""
    others = sorted(t.value for t in kode.definisi.tingkat_lain)
    return " / ".join([kode.tingkat.value, *others])
