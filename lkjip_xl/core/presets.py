"""Rule presets kept as data files (``presets/<kind>-<name>.json``) with a name and a version."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def _folder():
    return resources.files("lkjip_xl.core").joinpath("presets")


@cache
def load(kind: str, name: str) -> dict[str, Any]:
    """The preset document ``<kind>-<name>.json``; ValueError naming the known ones otherwise."""
    # Looked up among the files there, never as a path: a name typed in a cell (of 300
    # letters, or with a "/") made the file system answer in English (File name too long).
    known = names(kind)
    if name not in known:
        raise ValueError(
            f"Preset {kind} {name!r} tidak dikenal; yang tersedia: {', '.join(known)}."
        )
    entry = _folder().joinpath(f"{kind}-{name}.json")
    document = json.loads(entry.read_text(encoding="utf-8"))
    if document.get("name") != name or document.get("kind") != kind:
        raise ValueError(f"Berkas preset {kind}-{name}.json tidak cocok dengan namanya.")
    return document


def names(kind: str) -> list[str]:
    prefix = f"{kind}-"
    return sorted(
        entry.name[len(prefix) : -len(".json")]
        for entry in _folder().iterdir()
        if entry.name.startswith(prefix) and entry.name.endswith(".json")
    )
