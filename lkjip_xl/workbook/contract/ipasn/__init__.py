"""Template ``ipasn``: the IP-ASN of every civil servant and its recap per unit and status."""

from __future__ import annotations

from lkjip_xl.workbook.contract.common.identitas import identitas_sheet
from lkjip_xl.workbook.contract.common.log import log_sheet
from lkjip_xl.workbook.contract.common.pengumpulan import pengumpulan_sheet
from lkjip_xl.workbook.contract.common.petunjuk import petunjuk_sheet
from lkjip_xl.workbook.contract.ipasn.laporan import laporan_sheet
from lkjip_xl.workbook.contract.ipasn.pegawai import pegawai_sheet
from lkjip_xl.workbook.contract.ipasn.pengaturan import pengaturan_sheet
from lkjip_xl.workbook.contract.ipasn.rekap import rekap_sheet
from lkjip_xl.workbook.contract.types import TEMPLATE_VERSION, Template


def ipasn_template(version: str = TEMPLATE_VERSION) -> Template:
    return Template(
        "ipasn",
        version,
        "Templat Indeks Profesionalitas ASN (IP ASN)",
        (
            petunjuk_sheet(),
            identitas_sheet(version),
            pegawai_sheet(),
            rekap_sheet(),
            laporan_sheet(),
            pengaturan_sheet(),
            pengumpulan_sheet(),
            log_sheet(),
        ),
        notes=(
            "NIP ditulis sebagai teks 18 digit (kolom NIP sudah berformat Teks). Saat menempel "
            "dari ekspor, tempel sebagai nilai (Tempel Spesial > Nilai) agar format kolom tetap.",
            "Isi Nilai SKP atau, bila tidak ada, Predikat SKP.",
        ),
    )
