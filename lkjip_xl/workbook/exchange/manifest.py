"""The manifest of a distribution: what went out, to whom, cut from which master (JSON in DIR).

Format ``lkjip_xl.distribusi/1``::

    {
      "format": "lkjip_xl.distribusi/1",
      "id": "D20260315-101112-a1b2c3",
      "dibuat": "2026-03-15T10:11:12",
      "templat": "ipasn", "versi_templat": "2026.1", "versi_mesin": "0.1.0",
      "master": {"berkas": "IPASN.xlsx", "sha256": "...", "sidik_jari": "..."},
      "per": {"tabel": "tblPegawai", "kolom": "Unit Kerja", "tabel_terkait": {}},
      "batas_waktu": "2026-12-31" | null,
      "pengaturan": {"sidik_jari": "...", "nilai": {"Desimal": "n:2", ...}},
      "berkas_kunci_segel": ".IPASN.xlsx.kunci-distribusi.json",
      "unit": [
        {"unit": "Dinas Kesehatan", "berkas": "IPASN - Dinas Kesehatan.xlsx", "sha256": "...",
         "segel_sha256": "...", "sidik_jari_baris": "...", "sidik_jari_unit": "...",
         "tabel": {"tblPegawai": {"baris": 453, "kunci": [["1980..."], ...], "hash": ["..."]}}}
      ]
    }

``hash`` holds one hash per row sent (of its input cells, :func:`rows.row_hash`), in the order
sent; ``kunci`` the row's key as typed (tables with a key). ``sidik_jari_baris`` is the hash of
all of them: the unit's rows as they were in the master when they went out, so that a later edit
in the master is seen. ``sidik_jari_unit`` is the unit workbook's input fingerprint written by the
recompute at distribution (its ``Log``), so that a unit that edits without recomputing is seen.
``segel_sha256`` seals the unit's ``sha256`` with the key of the seals (:func:`.seal.seal_hashes`):
collect takes a file of that hash as returned unchanged without opening it only when the seal
holds, since anyone able to write this folder could record the hash of a file of their own.
``berkas_kunci_segel`` names the hidden file beside the master that holds the secret key of the
units' seals (:mod:`.seal`); the key itself is never written here, since this folder goes out to
the units. Manifests of an earlier version hold the key as ``kunci_segel`` (still read), or
none (their units are not sealed).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lkjip_xl.workbook.exchange.rows import fold_key, plain
from lkjip_xl.workbook.safe_write import atomic_update

FORMAT = "lkjip_xl.distribusi/1"
FILE_NAME = "distribusi.json"
HASH_SEAL_FIELD = "segel_sha256"


@dataclass
class SentTable:
    rows: int
    hashes: list[str]
    keys: list[list[str | None]] | None = None  # key texts as sent (tagged), per row
    # Made once: collect asks for them several times per unit (ownership, seal, merge).
    _identities: list[tuple[str, ...]] | None = field(default=None, init=False, repr=False,
                                                      compare=False)  # fmt: skip

    def identities(self) -> list[tuple[str, ...]]:
        """Identities of the rows sent, as :attr:`rows.Row.identity` computes them (a list
        not to be changed: it is kept)."""
        if self._identities is None:
            self._identities = self._make_identities()
        return self._identities

    def _make_identities(self) -> list[tuple[str, ...]]:
        if self.keys is None:
            return [("h", digest) for digest in self.hashes]
        keys = self.keys
        out: list[tuple[str, ...]] = []
        for i, digest in enumerate(self.hashes):
            key = keys[i]
            if len(key) == 1:  # the usual key, one text: fold_key inline (100,000 rows)
                text = key[0]
                out.append(("h", digest) if text is None else ("k", text[2:].strip().upper()))
                continue
            folded = fold_key(tuple(key))
            out.append(("k", *folded) if folded is not None else ("h", digest))
        return out

    def shown_key(self, i: int) -> str:
        if self.keys is None:
            return ""
        return " / ".join(plain(t) or "(kosong)" for t in self.keys[i])

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"baris": self.rows}
        if self.keys is not None:
            data["kunci"] = self.keys
        data["hash"] = self.hashes
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SentTable:
        return cls(int(data["baris"]), list(data["hash"]), data.get("kunci"))


@dataclass
class SentUnit:
    unit: str
    file: str
    sha256: str
    tables: dict[str, SentTable]
    fingerprint: str = ""  # the unit workbook's input fingerprint when it went out
    sha256_seal: str = ""  # ``sha256`` sealed (:mod:`.seal`); none in earlier manifests

    @property
    def rows_fingerprint(self) -> str:
        return rows_fingerprint({n: t.hashes for n, t in self.tables.items()})

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "berkas": self.file,
            "sha256": self.sha256,
            **({HASH_SEAL_FIELD: self.sha256_seal} if self.sha256_seal else {}),
            "sidik_jari_baris": self.rows_fingerprint,
            "sidik_jari_unit": self.fingerprint,
            "tabel": {name: table.as_dict() for name, table in self.tables.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SentUnit:
        tables = {n: SentTable.from_dict(t) for n, t in data["tabel"].items()}
        return cls(
            str(data["unit"]),
            str(data["berkas"]),
            str(data["sha256"]),
            tables,
            str(data.get("sidik_jari_unit") or ""),
            str(data.get(HASH_SEAL_FIELD) or ""),
        )


def rows_fingerprint(hashes: dict[str, list[str]]) -> str:
    digest = hashlib.sha256()
    for name in sorted(hashes):
        digest.update(name.encode() + b"\x1d" + "\x1f".join(hashes[name]).encode() + b"\x1e")
    return digest.hexdigest()[:16]


@dataclass
class Manifest:
    id: str
    created: str
    template: str
    template_version: str
    engine_version: str
    master_file: str
    master_sha256: str
    master_fingerprint: str
    per: dict[str, Any]
    deadline: str | None
    settings_fingerprint: str
    settings: dict[str, Any]
    units: list[SentUnit] = field(default_factory=list)
    seal_key: str | None = None  # in memory only; written beside the master (:mod:`.seal`)
    seal_key_file: str | None = None

    def unit(self, name: str) -> SentUnit | None:
        return next((u for u in self.units if u.unit == name), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "id": self.id,
            "dibuat": self.created,
            "templat": self.template,
            "versi_templat": self.template_version,
            "versi_mesin": self.engine_version,
            "master": {
                "berkas": self.master_file,
                "sha256": self.master_sha256,
                "sidik_jari": self.master_fingerprint,
            },
            "per": self.per,
            "batas_waktu": self.deadline,
            "pengaturan": {"sidik_jari": self.settings_fingerprint, "nilai": self.settings},
            "unit": [u.as_dict() for u in self.units],
            **({"berkas_kunci_segel": self.seal_key_file} if self.seal_key_file else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        if data.get("format") != FORMAT:
            raise ValueError(
                f"Manifest berformat {data.get('format')!r}; yang dikenal hanya {FORMAT}."
            )
        master = data["master"]
        return cls(
            id=str(data["id"]),
            created=str(data["dibuat"]),
            template=str(data["templat"]),
            template_version=str(data["versi_templat"]),
            engine_version=str(data["versi_mesin"]),
            master_file=str(master["berkas"]),
            master_sha256=str(master["sha256"]),
            master_fingerprint=str(master["sidik_jari"]),
            per=dict(data["per"]),
            deadline=data.get("batas_waktu"),
            settings_fingerprint=str(data["pengaturan"]["sidik_jari"]),
            settings=dict(data["pengaturan"]["nilai"]),
            units=[SentUnit.from_dict(u) for u in data["unit"]],
            seal_key=str(data["kunci_segel"]) if data.get("kunci_segel") else None,
            seal_key_file=(
                str(data["berkas_kunci_segel"]) if data.get("berkas_kunci_segel") else None
            ),
        )

    def save(self, path: Path) -> None:
        data = self.as_dict()
        units = data.pop("unit")
        # A unit per line: an indented dump goes through json's pure-Python encoder, which
        # spends most of a second on a 100,000-row distribution's hashes.
        lines = ",\n  ".join(json.dumps(u, ensure_ascii=False) for u in units)
        text = json.dumps(data, ensure_ascii=False, indent=1)[:-2]
        text += f',\n "unit": [\n  {lines}\n ]\n}}' if units else ',\n "unit": []\n}'

        def produce(tmp: Path) -> None:
            tmp.write_text(text + "\n", encoding="utf-8")

        atomic_update(path, produce, keep_previous=False)


def load(path: str | os.PathLike[str]) -> Manifest:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"Manifest distribusi {path} tidak ditemukan.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"Manifest distribusi {path} tidak dapat dibaca: {exc}.") from None
    try:
        return Manifest.from_dict(data)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"Manifest distribusi {path} tidak lengkap ({exc}).") from None
