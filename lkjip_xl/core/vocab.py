"""The choice lists a workbook offers, taken from the rules that read them.

A dropdown must offer exactly what a rule understands. Each list below is derived from the enum,
rule set or preset the core reads it with, so a new method, rule set or scale appears in the
workbooks without a second copy to keep in step. Tuples are in the order users see them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from lkjip_xl.core import presets
from lkjip_xl.core.capaian import (
    TRIWULAN,
    Agregasi,
    MetodeNegatif,
    Polaritas,
    Status,
    parse_agregasi,
    parse_polaritas,
    parse_triwulan,
)
from lkjip_xl.core.efisiensi import MetodeEfisiensi
from lkjip_xl.core.ipasn import (
    ALIAS_HUKUMAN,
    ALIAS_JABATAN,
    ALIAS_PENDIDIKAN,
    ALIAS_YA_TIDAK,
    DEFAULT_ATURAN,
    HUKUMAN,
    JABATAN,
    PENDIDIKAN,
    DataKosong,
    kode_jawaban,
    load_aturan,
)
from lkjip_xl.core.ipasn import YA_TIDAK as YA_TIDAK_IPASN
from lkjip_xl.core.ipasn import aturan_names as ipasn_aturan_names
from lkjip_xl.core.perbandingan import Arah, Kecenderungan
from lkjip_xl.core.predikat import parse_inclusive, preset_names
from lkjip_xl.core.rounding import Pembulatan

__all__ = [
    "AGREGASI",
    "ALIASES",
    "ARAH",
    "DATA_KOSONG",
    "HUKUMAN_DISIPLIN",
    "JENIS_JABATAN",
    "KECENDERUNGAN",
    "KUSTOM",
    "METODE_EFISIENSI",
    "METODE_NEGATIF",
    "PEMBULATAN",
    "PEMBULATAN_LABELS",
    "PENDIDIKAN",
    "POLARITAS",
    "SKALA_CAPAIAN_DEFAULT",
    "STATUS_CAPAIAN",
    "STATUS_PEGAWAI",
    "TRIWULAN",
    "YA_TIDAK",
    "aturan_ipasn",
    "baca_hukuman",
    "baca_jabatan",
    "baca_pendidikan",
    "baca_predikat_skp",
    "baca_termasuk_batas",
    "baca_ya_tidak_ipasn",
    "predikat_skp",
    "skala_capaian",
]

#: The answer of every yes/no setting and input (Batas_Bawah_Nol, Diklat Jenjang, Seminar, band
#: inclusiveness); the readers also accept Y/T, TRUE/FALSE and 1/0.
YA_TIDAK = ("Ya", "Tidak")

# Kinerja ----------------------------------------------------------------------------------------
POLARITAS = tuple(p.value.capitalize() for p in Polaritas)
AGREGASI = tuple(a.value for a in Agregasi)
STATUS_CAPAIAN = tuple(s.value for s in Status)
METODE_NEGATIF = tuple(m.value for m in MetodeNegatif)
METODE_EFISIENSI = tuple(m.value for m in MetodeEfisiensi)
ARAH = tuple(a.value for a in Arah)
KECENDERUNGAN = tuple(k.value for k in Kecenderungan)


def _polaritas(raw: Any) -> str | None:
    found = parse_polaritas(raw)
    return found.value.capitalize() if found else None


def _agregasi(raw: Any) -> str | None:
    found = parse_agregasi(raw)
    return found.value if found else None


#: Other spellings the rules read for a list's labels (``TW I``, ``Triwulan 2``, ``+``,
#: ``jumlah``), by list, each giving the list's own label: a check must accept what the
#: computation uses, rather than call it unknown and compute with it all the same.
ALIASES: dict[tuple[str, ...], Callable[[Any], str | None]] = {
    TRIWULAN: parse_triwulan,
    POLARITAS: _polaritas,
    AGREGASI: _agregasi,
}

#: The Indonesian label of each rounding mode, as the ``Pembulatan`` setting shows it.
PEMBULATAN_LABELS = {Pembulatan.HALF_UP: "Setengah ke atas", Pembulatan.TRUNCATE: "Potong"}
PEMBULATAN = tuple(PEMBULATAN_LABELS[p] for p in Pembulatan)

#: ``Skala_Capaian`` value that means "the band table typed in the workbook", not a preset.
KUSTOM = "kustom"
SKALA_CAPAIAN_DEFAULT = "sakip"

# IP-ASN -----------------------------------------------------------------------------------------
#: The statuses the IP-ASN recap reports separately (DESIGN §4: PNS and PPPK, and together).
STATUS_PEGAWAI = ("PNS", "PPPK")
JENIS_JABATAN = tuple(j.capitalize() for j in JABATAN)
HUKUMAN_DISIPLIN = tuple(h.replace("_", " ").title() for h in HUKUMAN)
DATA_KOSONG = tuple(d.value for d in DataKosong)


def skala_capaian() -> tuple[str, ...]:
    """Preset scales for capaian, the default first.

    Efficiency presets are not scales for capaian; offering them there would invite a category
    label ("Efisien") as an achievement predikat.
    """
    others = (
        n for n in preset_names() if n != SKALA_CAPAIAN_DEFAULT and not n.startswith("efisiensi-")
    )
    return (SKALA_CAPAIAN_DEFAULT, *others)


def aturan_ipasn() -> tuple[str, ...]:
    """The IP-ASN rule sets by name, the default first."""
    return (DEFAULT_ATURAN, *(n for n in ipasn_aturan_names() if n != DEFAULT_ATURAN))


def _reading(
    raw: Any, mapping: dict[str, Any], canon: tuple[Any, ...], labels: tuple[str, ...]
) -> str | None:
    """The IP-ASN rule's own reading of an answer (``kode_jawaban``), as a label of ``labels``
    (in ``canon``'s order), or None when the rule cannot read it."""
    code = kode_jawaban(raw, mapping, canon)
    return labels[code] if code >= 0 else None


# Other spellings the IP-ASN rule scores (``SMA``, ``D-III``, ``Fungsional Umum``, ``Sudah``,
# ``nihil``), per input column of the roster: the check reads them as the score does. Per
# column, not per list: Ya/Tidak is also the list of settings that read other spellings.
# Functions of this module, not closures: a template travels to worker processes by pickle
# (collect's checks), and a closure cannot be pickled (every file was checked again here).
_YA_TIDAK_LABELS = tuple(YA_TIDAK[0] if v else YA_TIDAK[1] for v in YA_TIDAK_IPASN)


def baca_pendidikan(raw: Any) -> str | None:
    return _reading(raw, ALIAS_PENDIDIKAN, PENDIDIKAN, PENDIDIKAN)


def baca_jabatan(raw: Any) -> str | None:
    return _reading(raw, ALIAS_JABATAN, JABATAN, JENIS_JABATAN)


def baca_hukuman(raw: Any) -> str | None:
    return _reading(raw, ALIAS_HUKUMAN, HUKUMAN, HUKUMAN_DISIPLIN)


def baca_ya_tidak_ipasn(raw: Any) -> str | None:
    return _reading(raw, ALIAS_YA_TIDAK, YA_TIDAK_IPASN, _YA_TIDAK_LABELS)


def baca_termasuk_batas(raw: Any) -> str | None:
    """A band's "Termasuk Batas" as the band reader reads it (``>=``, ``inklusif``, ``>``)."""
    inclusive = parse_inclusive(raw)
    return None if inclusive is None else YA_TIDAK[0] if inclusive else YA_TIDAK[1]


@cache
def _predikat_keys() -> tuple[dict[str, str], tuple[str, ...]]:
    """Every rule set's predikat spellings -> its label, and the labels (built once)."""
    labels = predikat_skp()
    shown = {label.lower(): label for label in labels}  # a rule set keys its labels lower case
    keys = {
        key: shown[label.lower()]
        for name in aturan_ipasn()
        for key, label in load_aturan(name).kunci_predikat.items()
    }
    return keys, labels


def baca_predikat_skp(raw: Any) -> str | None:
    """A Predikat SKP as the rule sets read it (letter case, spaces and dots aside)."""
    keys, labels = _predikat_keys()
    code = kode_jawaban(raw, keys, labels)
    return labels[code] if code >= 0 else None


def predikat_skp() -> tuple[str, ...]:
    """Every SKP predikat some rule set scores, in the order its rule set lists them."""
    labels: dict[str, None] = {}
    for name in aturan_ipasn():
        labels.update(dict.fromkeys(presets.load("ipasn", name)["kinerja"]["predikat_skp"]))
    return tuple(labels)
