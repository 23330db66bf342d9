"""The per-indicator paragraph and the IP-ASN text say the shown figures and nothing else."""

from __future__ import annotations

import re

from lkjip_xl.core.ipasn import SELURUH, SEMUA_STATUS, DataKosong, jumlah_status
from lkjip_xl.workbook.report.narrative import (
    IndicatorFigures,
    IpasnFigures,
    ProgramFigures,
    UnitFigures,
    indicator_paragraphs,
    ipasn_paragraphs,
)

FULL = IndicatorFigures(
    kode="IKU-02",
    indikator="Indeks Profesionalitas ASN",
    satuan="indeks",
    target="75,00",
    realisasi="71,59",
    capaian="95,45",
    predikat="AA",
    status="Tidak Tercapai",
    realisasi_tahun_lalu="73,10",
    perubahan="-1,51",
    perubahan_persen="-2,07",
    arah="Menurun",
    kecenderungan="Memburuk",
    target_renstra="85,88",
    capaian_renstra="83,36",
    programs=(ProgramFigures("Program Kepegawaian Daerah", "92,50", "1,03", "Efisien"),),
    faktor_pendorong="Dukungan pimpinan daerah.",
    faktor_penghambat="Data SKP belum lengkap.",
    tindak_lanjut="Pemutakhiran data SKP tiap triwulan.",
)


def figures_in(text: str) -> set[str]:
    return set(re.findall(r"\d[\d.]*,\d+", text))


def test_paragraph_speaks_every_shown_figure_as_shown():
    generated, *staff = indicator_paragraphs(FULL)
    for figure in ("75,00", "71,59", "95,45", "73,10", "1,51", "2,07", "85,88", "83,36"):
        assert figure in generated
    assert "AA" in generated and "menurun" in generated and "memburuk" in generated
    assert "92,50" in generated and "1,03" in generated
    # the direction word carries the sign: "menurun 1,51 poin", not "menurun -1,51"
    assert "-1,51" not in generated and "menurun 1,51 poin (2,07%)" in generated
    # no figure appears that the workbook does not show
    assert figures_in(generated) <= {
        "75,00", "71,59", "95,45", "73,10", "1,51", "2,07", "85,88", "83,36", "92,50", "1,03",
    }  # fmt: skip
    assert staff == [
        "Faktor pendorong: Dukungan pimpinan daerah.",
        "Faktor penghambat: Data SKP belum lengkap.",
        "Tindak lanjut: Pemutakhiran data SKP tiap triwulan.",
    ]


def test_missing_figures_are_phrases_never_zero():
    blank = IndicatorFigures(
        kode="IKU-03",
        indikator="Persentase pegawai",
        satuan="%",
        target="80,00",
        realisasi=None,
        capaian="–",
        predikat="–",
        status="Belum Diisi",
        catatan="Realisasi belum diisi.",
        target_renstra=None,
    )
    generated, staff = indicator_paragraphs(blank)
    assert "realisasi belum diisi" in generated
    assert "Capaian kinerjanya belum dapat dihitung (Realisasi belum diisi)" in generated
    assert "Realisasi tahun lalu belum diisi" in generated
    assert "Target akhir Renstra belum diisi" in generated
    assert "Belum ada program" in generated
    assert not re.search(r"(?<![\d,])0(?![\d,])", generated)  # no bare 0 stands for a blank
    assert figures_in(generated) == {"80,00"}
    assert "belum diisi" in staff


def test_not_computable_is_said_with_its_reason():
    zero_target = IndicatorFigures(
        kode="IKU-04",
        indikator="Jumlah pelanggaran",
        target="0",
        realisasi="3",
        status="Tidak Dapat Dihitung",
        catatan="Target 0: capaian tidak dapat dihitung.",
        realisasi_tahun_lalu="0",
        perubahan="3,00",
        perubahan_persen=None,
        arah="Meningkat",
        kecenderungan="Memburuk",
    )
    generated = indicator_paragraphs(zero_target)[0]
    assert "Capaian kinerjanya tidak dapat dihitung (Target 0: capaian tidak dapat dihitung)" in (
        generated
    )
    assert "meningkat 3,00 poin (persentase perubahan tidak dapat dihitung" in generated
    assert "kinerja memburuk" in generated


def test_many_programs_are_summed_up_by_the_span_of_their_shown_figures():
    lines = (
        ProgramFigures("Administrasi Perkantoran", "98,96", "0,98", "Kurang Efisien"),
        ProgramFigures("Peralatan", "100,00", "0,97", "Kurang Efisien"),
        ProgramFigures("Koordinasi", "93,81", "1,04", "Efisien"),
        ProgramFigures("Pengembangan Karier", None, None, None),
    )
    generated = indicator_paragraphs(IndicatorFigures(kode="IKU-1", indikator="X", programs=lines))
    assert (
        "Indikator ini didukung 4 program dan kegiatan dengan serapan anggaran 93,81% sampai "
        "100,00% dan efisiensi 0,97 sampai 1,04 (2 kurang efisien; 1 efisien; efisiensi 1 "
        "lainnya tidak dapat dihitung)."
    ) in generated[0]
    assert "Administrasi" not in generated[0]  # the table names each line


def test_unchanged_realisasi_is_tetap_without_figures():
    same = IndicatorFigures(
        kode="IKU-05",
        indikator="Indeks",
        target="70,00",
        realisasi="70,00",
        capaian="100,00",
        predikat="AA",
        status="Tercapai",
        realisasi_tahun_lalu="70,00",
        perubahan="0,00",
        perubahan_persen="0,00",
        arah="Tetap",
        kecenderungan="Tetap",
    )
    generated = indicator_paragraphs(same)[0]
    assert "Dibandingkan realisasi tahun lalu (70,00), realisasi tetap." in generated


def test_ipasn_text_names_overall_dimensions_units_categories_and_saran():
    figures = IpasnFigures(
        dimensi=(
            ("Kualifikasi", "25,00", "12,13", "12,87"),
            ("Kompetensi", "40,00", "18,50", "21,50"),
            ("Kinerja", "30,00", "26,23", "3,77"),
            ("Disiplin", "5,00", "5,00", "0,00"),
        ),
        units=(
            UnitFigures("Dinas A", "PNS", "1.200", "70,10", "Sedang"),
            UnitFigures("Dinas B", "PNS", "1.577", "58,40", "Sangat Rendah"),
            UnitFigures(jumlah_status("PNS"), "PNS", "2.777", "61,86", "Rendah"),
            UnitFigures(SELURUH, SEMUA_STATUS, "2.777", "61,86", "Rendah"),
        ),
        kategori=(
            ("Sangat Tinggi", "12", "0,43"),
            ("Tinggi", "0", "0,00"),
            ("Rendah", "1.500", "54,01"),
        ),
        saran=(("Ikuti diklat teknis minimal 20 JP.", "1.800"), ("Lengkapi data seminar.", "40")),
    )
    texts = ipasn_paragraphs(figures)
    assert set(texts) == {"dimensi", "unit", "kategori", "saran"}
    overall = texts["dimensi"]
    assert "Nilai IP ASN seluruh 2.777 pegawai adalah 61,86, kategori Rendah." in overall
    assert "Kualifikasi 12,13 dari 25,00 (selisih 12,87)" in overall
    assert "terbesar ada pada dimensi Kompetensi (selisih 21,50)" in overall
    assert (
        "tertinggi 70,10 pada Dinas A (PNS) dan terendah 58,40 pada Dinas B (PNS)"
        in (texts["unit"])
    )
    assert "Rendah 1.500 pegawai (54,01%)" in texts["kategori"]
    assert "Tinggi 0" not in texts["kategori"]  # an empty category is not spoken of
    saran = texts["saran"]
    assert saran.index("Ikuti diklat") < saran.index("Lengkapi data")
    assert "(1.800 pegawai)" in saran


def test_ipasn_without_a_score_says_so():
    texts = ipasn_paragraphs(
        IpasnFigures(units=(UnitFigures(SELURUH, SEMUA_STATUS, "0", "–", "–"),))
    )
    assert texts["dimensi"] == "Nilai IP ASN seluruh pegawai belum dapat dihitung."
    assert "Tidak ada saran" in texts["saran"]
    assert "unit" not in texts and "kategori" not in texts


def _coverage_figures(data_kosong: DataKosong | None) -> IpasnFigures:
    return IpasnFigures(
        units=(
            UnitFigures("Dinas A", "PNS", "1.200", "70,10", "Sedang", "1.150"),
            UnitFigures(jumlah_status("PNS"), "PNS", "1.200", "70,10", "Sedang", "1.150"),
            UnitFigures(jumlah_status("PPPK"), "PPPK", "375", "60,00", "Rendah", "325"),
            UnitFigures(SELURUH, SEMUA_STATUS, "1.575", "67,70", "Sedang", "1.475"),
        ),
        data_kosong=data_kosong,
    )


def test_under_kecualikan_the_mean_is_said_to_be_of_the_complete_rows_only():
    overall = ipasn_paragraphs(_coverage_figures(DataKosong.KECUALIKAN))["dimensi"]
    assert overall.startswith(
        "Nilai IP ASN seluruh pegawai adalah 67,70, kategori Sedang, rata-rata 1.475 pegawai "
        "yang datanya lengkap; 100 dari 1.575 pegawai tidak ikut dirata-ratakan karena datanya "
        "belum lengkap."
    )
    assert "1.575 pegawai adalah" not in overall
    assert "PNS 70,10 (1.150 dari 1.200 pegawai); PPPK 60,00 (325 dari 375 pegawai)" in overall


def test_under_nol_the_incomplete_rows_are_said_to_count_their_blanks_as_zero():
    overall = ipasn_paragraphs(_coverage_figures(DataKosong.NOL))["dimensi"]
    assert overall.startswith(
        "Nilai IP ASN seluruh 1.575 pegawai adalah 67,70, kategori Sedang. Data 100 pegawai "
        "belum lengkap; bagian yang kosong dihitung 0."
    )
    assert "PNS 70,10 (1.200 pegawai); PPPK 60,00 (375 pegawai)" in overall


def test_under_kecualikan_without_the_complete_counts_no_mean_is_said_to_be_of_everyone():
    """The Data Lengkap column shows nothing (a workbook not recomputed since, a dash): the
    number left out is unknown, so the mean may not be called that of all 1.575 employees."""
    figures = IpasnFigures(
        units=(
            UnitFigures(jumlah_status("PNS"), "PNS", "1.200", "70,10", "Sedang", "-"),
            UnitFigures(jumlah_status("PPPK"), "PPPK", "375", "60,00", "Rendah", None),
            UnitFigures(SELURUH, SEMUA_STATUS, "1.575", "67,70", "Sedang", "-"),
        ),
        data_kosong=DataKosong.KECUALIKAN,
    )
    overall = ipasn_paragraphs(figures)["dimensi"]
    assert overall.startswith(
        "Nilai IP ASN seluruh pegawai adalah 67,70, kategori Sedang, rata-rata pegawai yang "
        "datanya lengkap."
    )
    assert "1.575 pegawai" not in overall and "1.200 pegawai" not in overall
    assert "Menurut status: PNS 70,10; PPPK 60,00." in overall


def test_counts_past_a_thousand_read_with_the_thousands_dot():
    lines = tuple(ProgramFigures(f"Kegiatan {n}", "90,00", "1,00", "Efisien") for n in range(1200))
    generated = indicator_paragraphs(IndicatorFigures(kode="IKU-1", indikator="X", programs=lines))
    assert "didukung 1.200 program dan kegiatan" in generated[0]
    assert "(1.200 efisien)" in generated[0]
    units = tuple(
        UnitFigures(f"Unit {n}", "PNS", "10", f"{n % 90},00", "Baik") for n in range(1500)
    )
    text = ipasn_paragraphs(IpasnFigures(units=units))["unit"]
    assert text.startswith("Di antara 1.500 baris unit kerja dan status,")
