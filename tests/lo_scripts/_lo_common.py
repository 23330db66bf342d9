"""Shared helpers for the UNO scripts that tests/libreoffice.py runs.

These scripts run under Debian's system Python (/usr/bin/python3), the only interpreter that
has the ``uno`` module from ``python3-uno``.  They talk JSON: one request object on stdin, one
result object on stdout.  Diagnostics go to stderr, which the harness shows when a script fails.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

# com.sun.star.document.MacroExecMode.NEVER_EXECUTE: documents under test must never run code.
NEVER_EXECUTE = 0
# com.sun.star.document.UpdateDocMode.NO_UPDATE: never follow external links while testing.
NO_UPDATE = 0


def prop(name: str, value: Any) -> PropertyValue:
    """A com.sun.star.beans.PropertyValue."""
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(port: int, wait_seconds: float = 10.0) -> tuple[Any, Any]:
    """Return (component context, desktop) of the soffice listening on ``port``.

    Retries for ``wait_seconds`` because a freshly started soffice opens its socket a moment
    before the UNO bridge answers.
    """
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            ctx = resolver.resolve(url)
            break
        except NoConnectException:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.2)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return ctx, desktop


def file_url(path: str) -> str:
    return uno.systemPathToFileUrl(os.path.abspath(path))


def load(desktop: Any, path: str) -> Any:
    """Open ``path`` hidden, with macros disabled and links not updated."""
    if not os.path.isfile(path):
        raise FileNotFoundError(path)
    args = (
        prop("Hidden", True),
        prop("MacroExecutionMode", NEVER_EXECUTE),
        prop("UpdateDocMode", NO_UPDATE),
    )
    doc = desktop.loadComponentFromURL(file_url(path), "_blank", 0, args)
    if doc is None:
        # loadComponentFromURL returns None instead of raising for files no filter accepts.
        raise RuntimeError(f"LibreOffice could not load {path}")
    return doc


def close(doc: Any) -> None:
    """Close without saving; a leaked document would slow down every later test."""
    try:
        doc.close(True)
    except Exception:
        # A CloseVetoException or a half-dead model: dispose is the last resort.
        doc.dispose()


def column_letters(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """Excel letters -> 0-based column index (A -> 0)."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def a1(column: int, row: int) -> str:
    """0-based (column, row) -> 'B5'."""
    return f"{column_letters(column)}{row + 1}"


_CELL_LIKE = re.compile(r"^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*)$")


def quote_sheet(name: str) -> str:
    """Quote a sheet name the way Excel does in references ('My Sheet'!A1, Data!A1)."""
    plain = name.replace("_", "").isalnum() and not name[0].isdigit()
    if plain and not _CELL_LIKE.match(name):
        return name
    return "'" + name.replace("'", "''") + "'"


def range_text(sheet_name: str, start_col: int, start_row: int, end_col: int, end_row: int) -> str:
    """Excel-style address of a range: Sheet!A1:B3, or Sheet!A1 for a single cell."""
    ref = a1(start_col, start_row)
    if (end_col, end_row) != (start_col, start_row):
        ref += ":" + a1(end_col, end_row)
    return f"{quote_sheet(sheet_name)}!{ref}"


def run(handler: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Read the JSON request, call ``handler``, write its JSON result; exit 1 on any error."""
    request = json.load(sys.stdin)
    real_stdout = sys.stdout
    # Anything printed by UNO or by the handler must not corrupt the JSON answer.
    sys.stdout = sys.stderr
    try:
        result = handler(request)
    except Exception:
        traceback.print_exc()
        sys.exit(1)
    finally:
        sys.stdout = real_stdout
    json.dump(result, real_stdout)
    real_stdout.flush()
