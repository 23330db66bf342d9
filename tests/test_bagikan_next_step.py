"""What ``bagikan`` says once the unit workbooks are made: what to do with them, and the hidden
key file without which nothing can be collected."""

from __future__ import annotations

from typer.testing import CliRunner

from lkjip_xl.cli import app
from lkjip_xl.workbook.api import recompute_file
from tests.workbooks import ANGGARAN, INDIKATOR, filled_kinerja


def test_distribute_names_the_next_step_and_the_hidden_key_file(tmp_path):
    # It ended at "2 buku kerja unit dan manifest ...": the key file beside the master is hidden,
    # and a master copied elsewhere without it can never collect its units' files.
    master = filled_kinerja(tmp_path / "Kinerja Induk.xlsx", INDIKATOR, ANGGARAN)
    recompute_file(master)
    out = tmp_path / "kirim"
    result = CliRunner().invoke(
        app, ["bagikan", str(master), "-o", str(out)], env={"COLUMNS": "400"}
    )
    assert result.exit_code == 0, result.output
    assert "2 buku kerja unit dan manifest" in result.output
    key = tmp_path / ".Kinerja Induk.xlsx.kunci-distribusi.json"
    assert key.is_file()
    said = " ".join(result.output.split())  # the sentence wraps at the terminal's width
    assert said.endswith(
        f"Langkah berikutnya: kirim setiap buku kerja di {out} ke unitnya. Berkas tersembunyi "
        f"{key.name} di samping Kinerja Induk.xlsx jangan dikirim dan jangan dihapus: tanpa "
        "berkas itu kiriman unit tidak dapat dikumpulkan. Simpan berkas yang kembali di satu "
        f'folder, lalu jalankan: lkjip-xl kumpulkan "{master}" FOLDER'
    )
