"""The seal of a unit's workbook: proof of which unit it was sent to and which rows it holds.

Every stamp of a unit's workbook is a plain text a user can edit (a defined name). The seal is a
keyed MAC (HMAC-SHA256) over the distribution, the unit, the other stamps and the identities of
the rows sent to that unit (their keys, or their hashes in tables without a key). The key is
drawn at distribution and kept only in the manifest beside the master, never in a unit's
workbook: a unit that renames its ``Unit_Distribusi`` stamp cannot compute the seal of the name
it types, so collect sees the edit.

A seal is checked against the manifest's record of the unit the file claims to be; the row
ownership rules (:mod:`.merge`) still apply to a file whose seal holds.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

from lkjip_xl.workbook.exchange.manifest import Manifest, SentUnit

FORMAT = "lkjip_xl.segel/1"
KEY_BYTES = 32


def new_key() -> str:
    """A fresh secret key for one distribution (hex)."""
    return secrets.token_hex(KEY_BYTES)


def _message(manifest: Manifest, sent: SentUnit) -> bytes:
    rows = {name: [list(i) for i in table.identities()] for name, table in sent.tables.items()}
    record = {
        "format": FORMAT,
        "distribusi": manifest.id,
        "unit": sent.unit,
        "sidik_jari_master": manifest.master_fingerprint,
        "sidik_jari_pengaturan": manifest.settings_fingerprint,
        "batas_waktu": manifest.deadline,
        "baris": rows,
    }
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass")


def seal_of(manifest: Manifest, sent: SentUnit) -> str | None:
    """The seal of ``sent``'s workbook; None for a manifest without a key (older versions)."""
    if not manifest.seal_key:
        return None
    key = bytes.fromhex(manifest.seal_key)
    return hmac.new(key, _message(manifest, sent), hashlib.sha256).hexdigest()


def holds(manifest: Manifest, sent: SentUnit, found: str | None) -> bool:
    """Whether ``found`` (the seal stamp of a returned workbook) is ``sent``'s seal."""
    expected = seal_of(manifest, sent)
    if expected is None:
        return True
    if found is None:
        return False
    return hmac.compare_digest(expected.encode("ascii"), found.strip().encode("utf-8"))
