"""``lkjip-xl laporan`` of a workbook with errors: the exit code 1 comes with where to see them."""

from __future__ import annotations

import docx
import pytest
from typer.testing import CliRunner

from lkjip_xl.cli import app
from lkjip_xl.workbook.report.document import write_report
from lkjip_xl.workbook.safe_write import WorkbookLockedError
from tests.workbooks import filled_kinerja


def test_a_report_of_a_workbook_with_errors_names_the_command_that_lists_them(tmp_path):
    # It said "(1 galat, 0 peringatan di buku kerja)" and exited 1, naming nothing to run.
    path = filled_kinerja(tmp_path / "Kinerja.xlsx", [
        {"Kode": "IKU-1", "Sasaran": "S", "Indikator": "Satu", "Satuan": "%",
         "Polaritas": "Positif", "Target": "1.234", "Realisasi": 95.5},
    ])  # fmt: skip
    result = CliRunner().invoke(app, ["laporan", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[-2] == (
        f"Laporan ditulis: {tmp_path / 'Kinerja.laporan.docx'} (1 galat, 1 peringatan di buku "
        "kerja)."
    )
    assert lines[-1] == f"Daftar galat dan tempatnya: lkjip-xl periksa {path}"
    table = docx.Document(str(tmp_path / "Kinerja.laporan.docx")).tables[0]
    assert [c.text for c in table.rows[1].cells][4:7] == ["–", "95,5", "–"]


def test_a_document_open_in_word_is_refused_before_the_workbook_is_read(tmp_path):
    # The lock was seen only after the whole report was built (a stale workbook recomputed
    # first): write_report read the workbook before looking at where it would write.
    path = tmp_path / "Kinerja.xlsx"
    path.write_text("bukan buku kerja", encoding="utf-8")  # reading it would fail
    (tmp_path / "~$Kinerja.laporan.docx").write_bytes(b"")
    with pytest.raises(WorkbookLockedError) as refused:
        write_report(path)
    assert str(refused.value).startswith(
        "Dokumen sedang dibuka di Word (berkas kunci ~$Kinerja.laporan.docx ada)"
    )
    assert not (tmp_path / "Kinerja.laporan.docx").exists()
