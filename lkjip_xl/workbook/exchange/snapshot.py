"""What a unit must not change, recorded so that a change is seen.

* :func:`settings_record`: every input of the ``Pengaturan`` sheet (names and band tables), as
  the cells hold them. The manifest keeps it; a returned workbook whose record differs has had its
  settings changed (its sheet is protected, but without a password).
* :func:`outside_record`: the inputs that are not the unit's part (``Identitas``, and data tables
  that are not distributed, such as ``tblEvaluasiSakip``); they are not merged, and a returned
  workbook that changed them is told so.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from lkjip_xl.workbook.book import Book
from lkjip_xl.workbook.contract import SheetKind, Template
from lkjip_xl.workbook.exchange.rows import read_rows, text_of
from lkjip_xl.workbook.reader import check_headers


def _record(
    book: Book, template: Template, kinds: set[SheetKind], skip: set[str]
) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for named in template.input_names:
        if template.sheet(named.sheet).kind in kinds:
            record[named.name] = text_of(book.read_name(named.name))
    for table in template.tables:
        if template.sheet(table.sheet).kind not in kinds or table.name in skip:
            continue
        if not table.input_columns:
            continue
        data = book.read_table(table.name)
        check_headers(table, data)
        record[table.name] = [list(row.texts) for row in read_rows(table, data).rows]
    return record


def settings_record(book: Book, template: Template) -> dict[str, Any]:
    return _record(book, template, {SheetKind.PENGATURAN}, set())


def outside_record(book: Book, template: Template, distributed: set[str]) -> dict[str, Any]:
    return _record(book, template, {SheetKind.IDENTITAS, SheetKind.DATA}, distributed)


def record_fingerprint(record: dict[str, Any]) -> str:
    text = json.dumps(record, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def changed(before: dict[str, Any], after: dict[str, Any], template: Template) -> list[str]:
    """Labels of the entries that differ, in the declaration's order (names, then tables)."""
    out = []
    for key in sorted(set(before) | set(after), key=lambda k: _order(template, k)):
        if before.get(key) != after.get(key):
            out.append(_label(template, key))
    return out


def changed_values(before: dict[str, Any], after: dict[str, Any], template: Template) -> list[str]:
    """As :func:`changed`, a named cell's label with its value as sent and as found, so that
    the unit can set it back (a table is named only: its rows are too many to quote)."""
    out = []
    for key in sorted(set(before) | set(after), key=lambda k: _order(template, k)):
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        label = _label(template, key)
        if isinstance(was, (str, type(None))) and isinstance(now, (str, type(None))):
            label = f"{label}: dikirim {_shown(was)}, kini {_shown(now)}"
        out.append(label)
    return out


def _shown(text: str | None) -> str:
    """A tagged value of :func:`text_of` as a person reads it (a number with a decimal comma)."""
    if text is None:
        return "(kosong)"
    kind, _, value = text.partition(":")
    return value.replace(".", ",") if kind == "n" else value


def _order(template: Template, key: str) -> tuple[int, int]:
    names = [n.name for n in template.names]
    tables = [t.name for t in template.tables]
    if key in names:
        return (0, names.index(key))
    return (1, tables.index(key) if key in tables else len(tables))


def _label(template: Template, key: str) -> str:
    try:
        named = template.named(key)
        return f"{named.label} ({named.name})"
    except KeyError:
        return f"tabel {key}"
