"""The template declaration against DESIGN §3, the public contract.

This is the one place outside the ``contract`` package where sheet, table, column and defined
names are typed: on purpose, copied from DESIGN, so that a rename in the declaration fails here.
"""

from __future__ import annotations

import pytest
from openpyxl.utils.cell import range_boundaries

from lkjip_xl.core.predikat import load_preset, preset_names
from lkjip_xl.core.rounding import Pembulatan
from lkjip_xl.workbook.contract import (
    NUMBER_FORMATS,
    TEMPLATES,
    Column,
    Role,
    SheetKind,
    Table,
    ValueType,
    template,
)

# --- DESIGN §3, typed once more ----------------------------------------------------------------

IDENTITAS = ("Instansi", "Unit_Kerja", "Kode_Unit", "Tahun", "Versi_Template")
BAND_COLUMNS = ("Predikat", "Batas Bawah", "Termasuk Batas", "Warna", "Keterangan")
LOG_COLUMNS = (
    "Waktu",
    "Pengguna",
    "Tindakan",
    "Versi Mesin",
    "Aturan",
    "Sidik Jari Masukan",
    "Galat",
    "Peringatan",
    "Keterangan",
)

# table -> (sheet, inputs, computed)
# Added by the exchange (distribute / collect); not in DESIGN §3, which it extends.
PENGUMPULAN_COLUMNS = (
    "ID Distribusi", "Unit", "Berkas", "Waktu Diterima", "Status", "Baris", "Diubah",
    "Ditambah", "Dihapus", "Masalah", "Sidik Jari Berkas",
)  # fmt: skip

EXPECTED_TABLES = {
    "kinerja": {
        "tblIndikator": (
            "Indikator",
            (
                "Kode",
                "Sasaran",
                "Indikator",
                "Satuan",
                "Polaritas",
                "Agregasi",
                "Target",
                "Realisasi",
                "Realisasi Tahun Lalu",
                "Target Akhir Renstra",
                "Target Nasional",
                "Faktor Pendorong",
                "Faktor Penghambat",
                "Tindak Lanjut",
            ),
            (
                "Capaian",
                "Predikat",
                "Status",
                "Capaian Renstra",
                "Capaian Nasional",
                "Perubahan",
                "Perubahan (%)",
                "Arah",
                "Kecenderungan",
                "Catatan",
            ),
        ),
        "tblRiwayat": (
            "Riwayat",
            ("Kode", "Tahun", "Target", "Realisasi"),
            ("Capaian", "Predikat", "Catatan"),
        ),
        "tblTriwulan": (
            "Triwulan",
            ("Kode", "Triwulan", "Target", "Realisasi"),
            ("Capaian", "Predikat", "Status", "Catatan"),
        ),
        "tblAnggaran": (
            "Anggaran",
            ("Kode Indikator", "Program/Kegiatan", "Pagu", "Realisasi Anggaran"),
            ("Serapan", "Capaian Kinerja", "Efisiensi", "Kategori Efisiensi", "Catatan"),
        ),
        "tblEvaluasiSakip": ("Evaluasi", ("Komponen", "Bobot", "Nilai"), ()),
        "tblRingkasanSasaran": (
            "Ringkasan",
            (),
            ("Sasaran", "Jumlah Indikator", "Indikator Dihitung", "Rata-rata Capaian", "Predikat"),
        ),
        "tblSkalaCapaian": ("Pengaturan", BAND_COLUMNS, ()),
        "tblSkalaEfisiensi": ("Pengaturan", BAND_COLUMNS, ()),
        "tblPengumpulan": ("Pengumpulan", (), PENGUMPULAN_COLUMNS),
        "tblLog": ("Log", (), LOG_COLUMNS),
    },
    "ipasn": {
        "tblPegawai": (
            "Pegawai",
            (
                "NIP",
                "Nama",
                "Unit Kerja",
                "Status",
                "Jenis Jabatan",
                "Pendidikan",
                "Diklat Jenjang",
                "JP Diklat Teknis",
                "Seminar",
                "Nilai SKP",
                "Predikat SKP",
                "Hukuman Disiplin",
            ),
            (
                "Kualifikasi",
                "Kompetensi",
                "Kinerja",
                "Disiplin",
                "Nilai IP ASN",
                "Kategori",
                "Saran",
            ),
        ),
        "tblRekap": (
            "Rekap",
            (),
            (
                "Unit Kerja",
                "Status",
                "Jumlah Pegawai",
                "Data Lengkap",
                "Kualifikasi",
                "Kompetensi",
                "Kinerja",
                "Disiplin",
                "Nilai IP ASN",
                "Kategori",
                "Catatan",
            ),
        ),
        "tblSelisih": ("Rekap", (), ("Dimensi", "Bobot", "Skor", "Selisih")),
        "tblPengumpulan": ("Pengumpulan", (), PENGUMPULAN_COLUMNS),
        "tblLog": ("Log", (), LOG_COLUMNS),
    },
}

# name -> (sheet, role)
EXPECTED_NAMES = {
    "kinerja": {
        **{n: ("Identitas", Role.INPUT) for n in IDENTITAS},
        "Versi_Template": ("Identitas", Role.COMPUTED),
        "Nilai_SAKIP": ("Evaluasi", Role.COMPUTED),
        "Predikat_SAKIP": ("Evaluasi", Role.COMPUTED),
        "Rata_Capaian": ("Ringkasan", Role.COMPUTED),
        "Predikat_Instansi": ("Ringkasan", Role.COMPUTED),
        "Serapan_Total": ("Ringkasan", Role.COMPUTED),
        "Efisiensi_Instansi": ("Ringkasan", Role.COMPUTED),
        "Skala_Capaian": ("Pengaturan", Role.INPUT),
        "Metode_Negatif": ("Pengaturan", Role.INPUT),
        "Batas_Bawah_Nol": ("Pengaturan", Role.INPUT),
        "Batas_Atas_Capaian": ("Pengaturan", Role.INPUT),
        "Metode_Efisiensi": ("Pengaturan", Role.INPUT),
        "Desimal": ("Pengaturan", Role.INPUT),
        "Pembulatan": ("Pengaturan", Role.INPUT),
    },
    "ipasn": {
        **{n: ("Identitas", Role.INPUT) for n in IDENTITAS},
        "Versi_Template": ("Identitas", Role.COMPUTED),
        "Aturan_IPASN": ("Pengaturan", Role.INPUT),
        "Data_Kosong": ("Pengaturan", Role.INPUT),
        "Desimal": ("Pengaturan", Role.INPUT),
        "Pembulatan": ("Pengaturan", Role.INPUT),
    },
}

EXPECTED_SHEETS = {
    "kinerja": (
        "Petunjuk",
        "Identitas",
        "Indikator",
        "Triwulan",
        "Riwayat",
        "Anggaran",
        "Evaluasi",
        "Ringkasan",
        "Laporan",
        "Pengaturan",
        "Pengumpulan",
        "Log",
    ),
    "ipasn": (
        "Petunjuk",
        "Identitas",
        "Pegawai",
        "Rekap",
        "Laporan",
        "Pengaturan",
        "Pengumpulan",
        "Log",
    ),
}

# (template, table, column) -> choices
EXPECTED_COLUMN_CHOICES = {
    ("kinerja", "tblIndikator", "Polaritas"): ("Positif", "Negatif"),
    ("kinerja", "tblIndikator", "Agregasi"): ("Kumulatif", "Akhir", "Rata-rata", "Maksimum"),
    ("kinerja", "tblIndikator", "Arah"): ("Meningkat", "Menurun", "Tetap"),
    ("kinerja", "tblIndikator", "Kecenderungan"): ("Membaik", "Memburuk", "Tetap"),
    ("kinerja", "tblTriwulan", "Triwulan"): ("TW1", "TW2", "TW3", "TW4"),
    ("kinerja", "tblSkalaCapaian", "Termasuk Batas"): ("Ya", "Tidak"),
    ("kinerja", "tblSkalaEfisiensi", "Termasuk Batas"): ("Ya", "Tidak"),
    ("ipasn", "tblPegawai", "Status"): ("PNS", "PPPK"),
    ("ipasn", "tblPegawai", "Jenis Jabatan"): ("Struktural", "Fungsional", "Pelaksana"),
    ("ipasn", "tblPegawai", "Pendidikan"): (
        "SD",
        "SLTP",
        "SLTA",
        "D1",
        "D2",
        "D3",
        "D4",
        "S1",
        "S2",
        "S3",
    ),
    ("ipasn", "tblPegawai", "Diklat Jenjang"): ("Ya", "Tidak"),
    ("ipasn", "tblPegawai", "Seminar"): ("Ya", "Tidak"),
    ("ipasn", "tblPegawai", "Predikat SKP"): (
        "Sangat Baik",
        "Baik",
        "Cukup",
        "Butuh Perbaikan",
        "Kurang",
        "Sangat Kurang",
        "Buruk",
    ),
    ("ipasn", "tblPegawai", "Hukuman Disiplin"): ("Tidak Pernah", "Ringan", "Sedang", "Berat"),
}

# (template, name) -> (choices, default)
EXPECTED_NAME_CHOICES = {
    ("kinerja", "Metode_Negatif"): (("lan", "invers"), "lan"),
    ("kinerja", "Batas_Bawah_Nol"): (("Ya", "Tidak"), "Ya"),
    ("kinerja", "Metode_Efisiensi"): (("rasio", "selisih"), "rasio"),
    ("kinerja", "Pembulatan"): (("Setengah ke atas", "Potong"), "Setengah ke atas"),
    ("ipasn", "Pembulatan"): (("Setengah ke atas", "Potong"), "Setengah ke atas"),
    ("ipasn", "Data_Kosong"): (("Nol", "Kecualikan"), "Nol"),
    ("ipasn", "Aturan_IPASN"): (("perban-bkn-8-2019",), "perban-bkn-8-2019"),
}

ALL_TABLES = [(t, tb) for t in TEMPLATES.values() for tb in t.tables]
ALL_COLUMNS = [(t, tb, c) for t, tb in ALL_TABLES for c in tb.columns]
ALL_NAMES = [(t, n) for t in TEMPLATES.values() for n in t.names]


def _id(value: object) -> str:
    return getattr(value, "name", str(value))


# --- DESIGN names exist with the exact spelling ------------------------------------------------


def test_templates_are_declared():
    assert set(TEMPLATES) == {"kinerja", "ipasn"}
    for name, spec in TEMPLATES.items():
        assert spec.name == name
        assert spec.file_name == f"{name}.xlsx"
        assert spec.version


@pytest.mark.parametrize("name", sorted(EXPECTED_SHEETS))
def test_sheets(name):
    assert TEMPLATES[name].sheet_names == EXPECTED_SHEETS[name]


@pytest.mark.parametrize("name", sorted(EXPECTED_TABLES))
def test_tables_and_columns(name):
    spec = TEMPLATES[name]
    assert {t.name for t in spec.tables} == set(EXPECTED_TABLES[name])
    for table_name, (sheet, inputs, computed) in EXPECTED_TABLES[name].items():
        table = spec.table(table_name)
        assert table.sheet == sheet
        assert table in spec.sheet(sheet).tables
        assert [c.name for c in table.input_columns] == list(inputs), table_name
        assert [c.name for c in table.computed_columns] == list(computed), table_name
        assert set(table.headers) == set(inputs) | set(computed)


@pytest.mark.parametrize("name", sorted(EXPECTED_NAMES))
def test_defined_names(name):
    spec = TEMPLATES[name]
    assert {n.name for n in spec.names} == set(EXPECTED_NAMES[name])
    for defined, (sheet, role) in EXPECTED_NAMES[name].items():
        named = spec.named(defined)
        assert named.sheet == sheet
        assert named.role is role, defined
        assert named in spec.sheet(sheet).names


@pytest.mark.parametrize("where", sorted(EXPECTED_COLUMN_CHOICES))
def test_column_choices(where):
    name, table, column = where
    declared = TEMPLATES[name].table(table).column(column)
    assert declared.type is ValueType.CHOICE
    assert declared.choices == EXPECTED_COLUMN_CHOICES[where]


@pytest.mark.parametrize("where", sorted(EXPECTED_NAME_CHOICES))
def test_name_choices(where):
    name, defined = where
    choices, default = EXPECTED_NAME_CHOICES[where]
    named = TEMPLATES[name].named(defined)
    assert named.type is ValueType.CHOICE
    assert named.choices == choices
    assert named.default == default


def test_status_capaian_is_the_design_vocabulary():
    for table in ("tblIndikator", "tblTriwulan"):
        status = TEMPLATES["kinerja"].table(table).column("Status")
        assert status.choices == (
            "Melebihi Target",
            "Tercapai",
            "Tidak Tercapai",
            "Belum Diisi",
            "Tidak Dapat Dihitung",
        )
        assert {label for label, _ in status.colours} == set(status.choices)


# --- internal consistency ----------------------------------------------------------------------


@pytest.mark.parametrize(("spec", "table"), ALL_TABLES, ids=lambda v: _id(v))
def test_columns_unique_and_keys_are_identifiers(spec, table: Table):
    assert len(set(table.headers)) == len(table.headers)
    assert len(set(table.keys)) == len(table.keys)
    for column in table.columns:
        assert column.key.isidentifier() and column.key == column.key.lower()
        assert column.help, f"{table.name}.{column.name} has no help text"


def test_keys_of_identifying_columns():
    kinerja, ipasn = TEMPLATES["kinerja"], TEMPLATES["ipasn"]
    assert kinerja.table("tblIndikator").key == ("kode",)
    assert kinerja.table("tblTriwulan").key == ("kode", "triwulan")
    assert ipasn.table("tblPegawai").key == ("nip",)
    nip = ipasn.table("tblPegawai").column("nip")
    assert nip.type is ValueType.NIP and nip.number_format == "@" and nip.required


def test_references_point_at_keys():
    spec = TEMPLATES["kinerja"]
    assert spec.table("tblTriwulan").column("kode").refers_to == "tblIndikator.kode"
    assert spec.table("tblAnggaran").column("kode_indikator").refers_to == "tblIndikator.kode"
    for owner, _table, column in ALL_COLUMNS:
        if column.refers_to:
            target_table, target_key = column.refers_to.split(".")
            assert owner.table(target_table).column(target_key).role is Role.KEY


@pytest.mark.parametrize(("spec", "named"), ALL_NAMES, ids=lambda v: _id(v))
def test_names_have_labels_help_and_valid_defaults(spec, named):
    assert named.label and named.help
    if named.choices and named.default is not None:
        assert named.default in named.choices
    assert named.ref == f"'{named.sheet}'!${named.cell[0]}${named.cell[1:]}"


def test_versi_template_is_the_version():
    for spec in TEMPLATES.values():
        named = spec.named("Versi_Template")
        assert named.default == spec.version
        assert named.is_computed


def test_pengaturan_defaults():
    spec = TEMPLATES["kinerja"]
    skala = spec.named("Skala_Capaian")
    assert skala.default == "sakip"
    assert skala.choices[-1] == "kustom"
    assert set(skala.choices[:-1]) <= set(preset_names())
    assert {"sakip", "berhasil", "tercapai", "mencapai", "permendagri86"} <= set(skala.choices)
    assert spec.named("Batas_Atas_Capaian").default is None
    for template_spec in TEMPLATES.values():
        assert template_spec.named("Desimal").default == 2
        for choice in template_spec.named("Pembulatan").choices:
            Pembulatan.parse(choice)


def test_value_types_and_formats():
    kinerja = TEMPLATES["kinerja"]
    assert NUMBER_FORMATS[ValueType.PERCENT] == "#,##0.00"  # percent units, never Excel's %
    assert NUMBER_FORMATS[ValueType.RUPIAH] == '"Rp "#,##0'
    assert NUMBER_FORMATS[ValueType.INTEGER] == "#,##0"
    assert NUMBER_FORMATS[ValueType.RATIO] == "0.00"
    indikator = kinerja.table("tblIndikator")
    for key in ("capaian", "capaian_renstra", "capaian_nasional"):
        assert indikator.column(key).type is ValueType.PERCENT
    anggaran = kinerja.table("tblAnggaran")
    assert anggaran.column("pagu").type is ValueType.RUPIAH
    assert anggaran.column("realisasi_anggaran").type is ValueType.RUPIAH
    assert anggaran.column("serapan").type is ValueType.PERCENT
    assert anggaran.column("efisiensi").type is ValueType.RATIO
    assert kinerja.named("Tahun").number_format == "0"  # never "2.024"


def test_band_tables_are_prefilled_from_presets():
    spec = TEMPLATES["kinerja"]
    for table_name, preset in (
        ("tblSkalaCapaian", "sakip"),
        ("tblSkalaEfisiensi", "efisiensi-rasio"),
    ):
        rows = spec.table(table_name).initial_rows
        bands = load_preset(preset).bands
        assert len(rows) == len(bands)
        for row, band in zip(rows, bands, strict=True):
            assert row["label"] == band.label
            assert row["lower"] == band.lower
            assert row["inclusive"] == ("Ya" if band.inclusive else "Tidak")
            assert row["colour"] == band.colour


def test_evaluasi_prefilled_with_lke_2015():
    rows = TEMPLATES["kinerja"].table("tblEvaluasiSakip").initial_rows
    assert [(r["komponen"], r["bobot"]) for r in rows] == [
        ("Perencanaan", 30),
        ("Pengukuran", 25),
        ("Pelaporan", 15),
        ("Evaluasi Internal", 10),
        ("Capaian", 20),
    ]
    assert all(r["nilai"] is None for r in rows)


def test_predikat_colours_come_from_presets():
    spec = TEMPLATES["kinerja"]
    colours = dict(spec.table("tblIndikator").column("predikat").colours)
    for band in load_preset("sakip").bands:
        assert colours[band.label] == band.colour
    assert dict(spec.named("Predikat_SAKIP").colours) == {
        b.label: b.colour for b in load_preset("sakip").bands
    }
    kategori = dict(TEMPLATES["ipasn"].table("tblPegawai").column("kategori").colours)
    assert kategori == {b.label: b.colour for b in load_preset("ipasn").bands}


def _cells(sheet_ranges):
    for ref in sheet_ranges:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                yield row, col


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_nothing_overlaps_on_a_sheet(name):
    """Tables (with their title row) and named cells (with label and help) never share a cell."""
    for sheet in TEMPLATES[name].sheets:
        owner: dict[tuple[int, int], str] = {}
        items = [(t.name, [t.ref, t.title_cell]) for t in sheet.tables]
        items += [(n.name, [n.label_cell, n.cell, n.help_cell]) for n in sheet.names]
        items.append(("titles", ["A1:A2"]))
        for item, refs in items:
            for cell in _cells(refs):
                assert cell not in owner, f"{sheet.name}: {item} overlaps {owner.get(cell)}"
                owner[cell] = item


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_protection_policy(name):
    for sheet in TEMPLATES[name].sheets:
        if sheet.kind is SheetKind.PENGATURAN:
            assert not sheet.protected  # all inputs, and its band tables must be able to grow
        if sheet.has_computed:
            assert sheet.protected


# --- lookups -----------------------------------------------------------------------------------


def test_lookup_api():
    spec = template("kinerja")
    table = spec.table("tblIndikator")
    assert table.column("realisasi_tahun_lalu").name == "Realisasi Tahun Lalu"
    assert table.column("Realisasi Tahun Lalu").key == "realisasi_tahun_lalu"
    assert table.ref == "A4:X34"
    assert table.letter("kode") == "A"
    assert table.data_range("kode") == "A5:A34"
    assert spec.named("desimal").name == "Desimal"  # Excel names are case-insensitive
    assert spec.named("Desimal").ref == "'Pengaturan'!$B$9"
    assert (table, table.column("capaian")) in spec.computed_columns
    assert (table, table.column("target")) in spec.input_columns
    assert spec.named("Rata_Capaian") in spec.computed_names
    assert spec.named("Tahun") in spec.input_names
    with pytest.raises(KeyError):
        table.column("tidak_ada")
    with pytest.raises(KeyError):
        spec.table("tblTidakAda")
    with pytest.raises(ValueError, match="tidak dikenal"):
        template("tidak-ada")


def test_declaration_rejects_mistakes():
    with pytest.raises(ValueError):
        Column("Kode Unit", "Kode Unit", Role.INPUT, ValueType.TEXT)
    with pytest.raises(ValueError):
        Column("Polaritas", "polaritas", Role.INPUT, ValueType.CHOICE)
    column = Column("A", "a", Role.INPUT, ValueType.TEXT)
    with pytest.raises(ValueError):
        Table("tblX", "S", "A4", "X", (column, column))
