"""The per-indicator sentences of the Word report give each missing figure its own reason, read
back from the .docx with python-docx: a reviewer reads the reason printed beside the figure."""

from __future__ import annotations

import docx
import pytest

from lkjip_xl.workbook.api import recompute_file
from lkjip_xl.workbook.report.document import report_docx
from tests.workbooks import filled_kinerja

INDIKATOR = [
    # target 0 with last year's realisasi 0: the capaian and the change in percent both fail
    {"Kode": "IKU-1", "Sasaran": "Sasaran A", "Indikator": "Target nol", "Satuan": "%",
     "Polaritas": "Positif", "Target": 0, "Realisasi": 5, "Realisasi Tahun Lalu": 0,
     "Target Akhir Renstra": 85},
    # last year's realisasi negative: the change in percent fails for that reason, not for 0
    {"Kode": "IKU-2", "Sasaran": "Sasaran A", "Indikator": "Saldo", "Satuan": "poin",
     "Polaritas": "Positif", "Target": 10, "Realisasi": 8, "Realisasi Tahun Lalu": -4},
    # no realisasi: every supporting line's efisiensi cannot be computed
    {"Kode": "IKU-3", "Sasaran": "Sasaran B", "Indikator": "Tanpa realisasi", "Satuan": "%",
     "Polaritas": "Positif", "Target": 90},
    # an amount in rupiah, and a Renstra target of 0
    {"Kode": "IKU-4", "Sasaran": "Sasaran B", "Indikator": "Pendapatan", "Satuan": "Rp",
     "Polaritas": "Positif", "Target": 2500000, "Realisasi": 2000000, "Realisasi Tahun Lalu": 1000,
     "Target Akhir Renstra": 0},
    # supporting lines whose serapan is missing for three reasons (a pagu of 0 is no blank)
    {"Kode": "IKU-5", "Sasaran": "Sasaran B", "Indikator": "Eliminasi malaria", "Satuan": "%",
     "Polaritas": "Positif", "Target": 100, "Realisasi": 100},
]  # fmt: skip
ANGGARAN = [
    {"Kode Indikator": "IKU-3", "Program/Kegiatan": f"Kegiatan {i}", "Pagu": 1000000,
     "Realisasi Anggaran": 900000 + i}
    for i in range(1, 5)
] + [
    {"Kode Indikator": "IKU-5", "Program/Kegiatan": "Pagu nol", "Pagu": 0, "Realisasi Anggaran": 0},
    {"Kode Indikator": "IKU-5", "Program/Kegiatan": "Pagu minus", "Pagu": -5,
     "Realisasi Anggaran": 0},
    {"Kode Indikator": "IKU-5", "Program/Kegiatan": "Belum diisi", "Pagu": 500000},
]  # fmt: skip


@pytest.fixture(scope="module")
def paragraphs(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("alasan")
    path = filled_kinerja(folder / "k.xlsx", INDIKATOR, ANGGARAN)
    recompute_file(path)
    out = report_docx(path, folder / "k.docx")
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    return {
        kode: next(t for t in texts if t.startswith(f"Indikator {kode} "))
        for kode in ("IKU-1", "IKU-2", "IKU-3", "IKU-4", "IKU-5")
    }


def test_the_capaian_reason_is_the_capaians_own_note(paragraphs):
    text = paragraphs["IKU-1"]
    assert (
        "Capaian kinerjanya tidak dapat dihitung (Target bernilai 0: capaian tidak dapat dihitung)."
        in text
    )
    # the change's note belongs to the change sentence, said once there
    assert text.count("Perubahan (%)") == 0
    assert text.count("tidak dapat dihitung karena realisasi tahun lalu 0") == 1


def test_a_negative_last_year_is_named_as_the_reason(paragraphs):
    text = paragraphs["IKU-2"]
    assert "Dibandingkan realisasi tahun lalu (-4 poin), realisasi meningkat 12" in text
    assert "karena realisasi tahun lalu negatif" in text
    assert "karena realisasi tahun lalu 0" not in text


def test_lines_without_efisiensi_are_said_so_not_without_category(paragraphs):
    text = paragraphs["IKU-3"]
    assert "Indikator ini didukung 4 program dan kegiatan" in text
    assert "tanpa kategori" not in text
    assert "efisiensi 4 program dan kegiatan itu tidak dapat dihitung" in text


def test_a_serapan_that_cannot_be_computed_is_not_said_to_be_missing(paragraphs):
    # "serapan belum ada" said a line with a pagu of 0 only waits for its data.
    text = paragraphs["IKU-5"]
    assert (
        "Pagu nol (serapan tidak dapat dihitung karena pagu bernilai 0, efisiensi tidak dapat "
        "dihitung); Pagu minus (serapan tidak dapat dihitung karena isian Pagu tidak valid, "
        "efisiensi tidak dapat dihitung); Belum diisi (serapan belum ada, efisiensi tidak dapat "
        "dihitung)."
    ) in text


def test_rupiah_is_written_before_the_amount(paragraphs):
    text = paragraphs["IKU-4"]
    # typed in General cells, written with the thousands grouped (PUEBI)
    assert "memiliki target Rp 2.500.000 dan realisasi Rp 2.000.000." in text
    assert "Dibandingkan realisasi tahun lalu (Rp 1.000)" in text
    # the change of an amount is in rupiah, not in points
    assert "realisasi meningkat Rp 1.999.000,00" in text
    assert " Rp." not in text and "0 Rp" not in text


def test_a_renstra_target_of_0_cannot_give_a_capaian(paragraphs):
    text = paragraphs["IKU-4"]
    assert (
        "Terhadap target akhir Renstra (Rp 0) capaiannya tidak dapat dihitung (Target akhir "
        "Renstra bernilai 0: capaian tidak dapat dihitung)."
    ) in text


def test_without_a_tahun_the_year_before_is_named_once(tmp_path):
    path = filled_kinerja(tmp_path / "k.xlsx", INDIKATOR[:1])
    recompute_file(path)
    out = report_docx(path, tmp_path / "k.docx")
    captions = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Caption"]
    title = next(c for c in captions if c.startswith("Tabel 3.4 "))
    assert title.endswith("dengan Tahun Lalu")
    assert not any("Tahun Tahun" in c for c in captions)
