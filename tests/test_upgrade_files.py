"""``lkjip-xl perbarui`` as a file operation: a workbook it cannot replace is left as it was,
with nothing beside it, as the refusal says ("Berkas tidak diubah").
"""

from __future__ import annotations

from typer.testing import CliRunner

from lkjip_xl.cli import app
from tests.test_upgrade import copy_of


def test_a_read_only_workbook_is_refused_and_no_copy_is_left(tmp_path):
    path = copy_of("kinerja-2026.2", tmp_path)
    original = path.read_bytes()
    path.chmod(0o444)
    result = CliRunner().invoke(app, ["perbarui", str(path)])
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "bersifat hanya-baca" in said and "Berkas tidak diubah." in said
    # The copy of the old file made before the write was left beside it, so that the folder
    # contradicted "tidak diubah" and a second run kept its copy as "... (templat 2026.2) 2".
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    assert path.read_bytes() == original
    path.chmod(0o644)
    result = CliRunner().invoke(app, ["perbarui", str(path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [path.name, "kinerja-2026.2 (templat 2026.2).xlsx"]
    )
