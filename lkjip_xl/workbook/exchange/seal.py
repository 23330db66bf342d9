"""The seal of a unit's workbook: proof of which unit it was sent to and which rows it holds.

Every stamp of a unit's workbook is a plain text a user can edit (a defined name). The seal is a
keyed MAC (HMAC-SHA256) over the distribution, the unit, the other stamps and the identities of
the rows sent to that unit (their keys, or their hashes in tables without a key). The key is
drawn at distribution and kept only in a hidden key file beside the master
(``.NAME.kunci-distribusi.json``), never in a unit's workbook nor in the output folder sent to
the units (the manifest there names the key file only): a unit that renames its
``Unit_Distribusi`` stamp cannot compute the seal of the name it types, so collect sees the edit.
Manifests of an earlier version carry the key themselves, and are read as before.

The SHA-256 the manifest records for each unit's workbook is sealed with the same key
(:func:`seal_hashes`): collect takes a returned file of that hash as unchanged without opening
it, and the manifest lies in a folder others may write. A hash whose seal does not hold (or a
manifest without those seals) only costs the full check of the file.

A seal is checked against the manifest's record of the unit the file claims to be; the row
ownership rules (:mod:`.merge`) still apply to a file whose seal holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from lkjip_xl.workbook.exchange.manifest import Manifest, SentUnit
from lkjip_xl.workbook.exchange.package import ExchangeError
from lkjip_xl.workbook.safe_write import write_atomic

FORMAT = "lkjip_xl.segel/1"
KEY_FORMAT = "lkjip_xl.kunci-distribusi/1"
KEY_SUFFIX = ".kunci-distribusi.json"
KEY_BYTES = 32
HASH_FORMAT = "lkjip_xl.segel-sha256/1"


def new_key() -> str:
    """A fresh secret key for one distribution (hex)."""
    return secrets.token_hex(KEY_BYTES)


def _message(manifest: Manifest, unit: str, rows: dict[str, list[tuple[str, ...]]]) -> bytes:
    # json writes a tuple as it writes a list: the identities go in as they are kept.
    record = {
        "format": FORMAT,
        "distribusi": manifest.id,
        "unit": unit,
        "sidik_jari_master": manifest.master_fingerprint,
        "sidik_jari_pengaturan": manifest.settings_fingerprint,
        "batas_waktu": manifest.deadline,
        "baris": rows,
    }
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass")


def seal_of(manifest: Manifest, sent: SentUnit) -> str | None:
    """The seal of ``sent``'s workbook; None for a manifest without a key (older versions)."""
    rows = {name: table.identities() for name, table in sent.tables.items()}
    return seal_of_rows(manifest, sent.unit, rows)


def seal_of_rows(
    manifest: Manifest, unit: str, identities: dict[str, list[tuple[str, ...]]]
) -> str | None:
    """:func:`seal_of` for the unit whose rows sent have these ``identities`` (by table, as
    :meth:`~.manifest.SentTable.identities` makes them): distribute has them from the rows
    read, and need not keep them on the tables it sends to the workers."""
    if not manifest.seal_key:
        return None
    key = bytes.fromhex(manifest.seal_key)
    return hmac.new(key, _message(manifest, unit, identities), hashlib.sha256).hexdigest()


def holds(manifest: Manifest, sent: SentUnit, found: str | None) -> bool:
    """Whether ``found`` (the seal stamp of a returned workbook) is ``sent``'s seal."""
    expected = seal_of(manifest, sent)
    if expected is None:
        return True
    if found is None:
        return False
    return hmac.compare_digest(expected.encode("ascii"), found.strip().encode("utf-8"))


def _hash_seal(manifest: Manifest, sent: SentUnit) -> str | None:
    if not manifest.seal_key or not sent.sha256:
        return None
    record = [HASH_FORMAT, manifest.id, sent.unit, sent.file, sent.sha256]
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    key = bytes.fromhex(manifest.seal_key)
    return hmac.new(key, text.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def seal_hashes(manifest: Manifest) -> None:
    """Seal every unit's recorded SHA-256 with ``manifest``'s key."""
    for sent in manifest.units:
        sent.sha256_seal = _hash_seal(manifest, sent) or ""


def hash_sealed(manifest: Manifest, sent: SentUnit) -> bool:
    """Whether ``sent``'s recorded SHA-256 is the one distribute sealed (False without a key or
    a seal: an earlier manifest's hashes are not taken on trust)."""
    expected = _hash_seal(manifest, sent)
    if expected is None or not sent.sha256_seal:
        return False
    return hmac.compare_digest(expected.encode("ascii"), sent.sha256_seal.encode("utf-8"))


def key_file(master: str | os.PathLike[str]) -> Path:
    """The hidden file beside ``master`` (beside its target, for a link) holding the seal keys
    of its distributions; never sent to the units."""
    target = Path(os.path.realpath(master))
    name = target.name
    if len(f".{name}{KEY_SUFFIX}".encode("utf-8", "surrogateescape")) > 250:
        name = hashlib.sha1(name.encode("utf-8", "surrogateescape")).hexdigest()
    return target.with_name(f".{name}{KEY_SUFFIX}")


def _read_keys(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExchangeError(
            f"Berkas kunci segel {path.name} di samping induk tidak dapat dibaca ({exc})."
        ) from None
    keys = data.get("kunci") if isinstance(data, dict) else None
    if data.get("format") != KEY_FORMAT or not isinstance(keys, dict):
        raise ExchangeError(f"Berkas kunci segel {path.name} di samping induk tidak sah.")
    found = {str(k): str(v) for k, v in keys.items()}
    if not all(_is_key(v) for v in found.values()):  # edited: else each unit's file is blamed
        raise ExchangeError(f"Berkas kunci segel {path.name} di samping induk tidak sah.")
    return found


def _is_key(text: str) -> bool:
    try:
        return bool(bytes.fromhex(text))
    except ValueError:
        return False


def save_key(master: str | os.PathLike[str], manifest: Manifest) -> Path:
    """Record ``manifest``'s seal key in the key file beside ``master`` (keys of earlier
    distributions are kept); the manifest then names the file instead of holding the key, and
    its units' hashes are sealed (so it is called once every unit is in the manifest)."""
    assert manifest.seal_key is not None
    seal_hashes(manifest)
    path = key_file(master)
    keys = _read_keys(path)
    keys[manifest.id] = manifest.seal_key
    text = json.dumps({"format": KEY_FORMAT, "kunci": keys}, indent=1) + "\n"
    write_atomic(path, text.encode("utf-8"))
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)  # a secret: only its owner reads it
    manifest.seal_key_file = path.name
    return path


def keys_before(master: str | os.PathLike[str]) -> Callable[[], None]:
    """What puts the key file beside ``master`` back as it is now (gone, when there is none):
    a distribution refused after :func:`save_key` leaves no key of units never sent."""
    path = key_file(master)
    try:
        before: bytes | None = path.read_bytes()
    except FileNotFoundError:
        before = None

    def restore() -> None:
        with contextlib.suppress(OSError):  # the refusal itself is what the user is told
            if before is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, before)
                os.chmod(path, 0o600)

    return restore


def load_key(master: str | os.PathLike[str], manifest: Manifest) -> None:
    """Give ``manifest`` its seal key from the key file beside ``master`` (a manifest of an
    earlier version holds its own key, or none); refuses when the key cannot be found."""
    if manifest.seal_key and not _is_key(manifest.seal_key):  # an earlier manifest's own key
        raise ExchangeError(
            f"Kunci segel distribusi {manifest.id} di manifest tidak sah; asal berkas unit tidak "
            "dapat dibuktikan. Kembalikan manifest itu dari cadangan lalu ulangi."
        )
    if manifest.seal_key or not manifest.seal_key_file:
        return
    path = key_file(master)
    keys = _read_keys(path)
    if manifest.id not in keys:
        where = "tidak ditemukan" if not keys else f"tidak memuat kunci distribusi {manifest.id}"
        raise ExchangeError(
            f"Kunci segel distribusi {manifest.id} tidak ada: berkas {path.name} di samping "
            f"{Path(master).name} {where}. Tanpa kunci itu asal berkas unit tidak dapat "
            "dibuktikan; kembalikan berkas kunci tersebut (dari cadangan) lalu ulangi."
        )
    manifest.seal_key = keys[manifest.id]
