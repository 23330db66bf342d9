"""Template ``kinerja``: indicators, quarters, budget, SAKIP evaluation and their summary."""

from __future__ import annotations

from lkjip_xl.workbook.contract.common.identitas import identitas_sheet
from lkjip_xl.workbook.contract.common.log import log_sheet
from lkjip_xl.workbook.contract.common.pengumpulan import pengumpulan_sheet
from lkjip_xl.workbook.contract.common.petunjuk import petunjuk_sheet
from lkjip_xl.workbook.contract.kinerja.anggaran import anggaran_sheet
from lkjip_xl.workbook.contract.kinerja.evaluasi import evaluasi_sheet
from lkjip_xl.workbook.contract.kinerja.indikator import indikator_sheet
from lkjip_xl.workbook.contract.kinerja.laporan import laporan_sheet
from lkjip_xl.workbook.contract.kinerja.pengaturan import pengaturan_sheet
from lkjip_xl.workbook.contract.kinerja.ringkasan import ringkasan_sheet
from lkjip_xl.workbook.contract.kinerja.riwayat import riwayat_sheet
from lkjip_xl.workbook.contract.kinerja.triwulan import triwulan_sheet
from lkjip_xl.workbook.contract.types import TEMPLATE_VERSION, Template


def kinerja_template(version: str = TEMPLATE_VERSION) -> Template:
    return Template(
        "kinerja",
        version,
        "Templat Kinerja Instansi (LKjIP)",
        (
            petunjuk_sheet(),
            identitas_sheet(version),
            indikator_sheet(),
            triwulan_sheet(),
            riwayat_sheet(),
            anggaran_sheet(),
            evaluasi_sheet(),
            ringkasan_sheet(),
            laporan_sheet(),
            pengaturan_sheet(),
            pengumpulan_sheet(),
            log_sheet(),
        ),
        notes=(
            "Urutan kerja: Identitas, Pengaturan (bila perlu), Indikator, Triwulan (bila "
            "realisasi dipantau per triwulan), Riwayat (tahun-tahun sebelumnya), Anggaran, "
            "Evaluasi; lalu hitung ulang dan baca hasilnya di Ringkasan.",
        ),
    )
