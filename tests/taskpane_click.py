"""The task pane clicked in Node (tests/node/taskpane_click.mjs) on a stand-in for Excel's
Office.js workbook made from a real workbook file: its cached values, number format codes,
tables, names, sheet protection and visibility."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.utils.datetime import to_excel

from tests.conftest import missing_counterpart

HARNESS = Path(__file__).parent / "node" / "taskpane_click.mjs"


def node() -> str:
    found = shutil.which("node")
    if found is None:
        missing_counterpart("Node.js", "the node executable is not on PATH")
    version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
    if int(version.strip().lstrip("v").split(".")[0]) < 18:
        missing_counterpart("Node.js 18+", f"found {version.strip()}, which has no fetch")
    return found


def excel_book(path: Path) -> dict[str, Any]:
    """The workbook as Excel holds it: values as Office.js reads them ("" for a blank, a date
    as its serial number), the format code of every cell."""
    wb = openpyxl.load_workbook(path, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(max_row=max(ws.max_row, 1), max_col=max(ws.max_column, 1)))
        values = [
            [to_excel(c.value) if isinstance(c.value, dt.datetime | dt.date)
             else "" if c.value is None else c.value for c in row]
            for row in rows
        ]  # fmt: skip
        sheets.append(
            {
                "name": ws.title,
                "values": values,
                "formats": [[c.number_format for c in row] for row in rows],
                "visibility": {"hidden": "Hidden", "veryHidden": "VeryHidden"}.get(
                    ws.sheet_state, "Visible"
                ),
                "protected": bool(ws.protection.sheet),
                "tables": [
                    {"name": t.name, "ref": t.ref, "showTotals": bool(t.totalsRowCount)}
                    for t in ws.tables.values()
                ],
            }
        )
    names = [
        {"name": name, "sheet": sheet, "address": ref}
        for name, defined in wb.defined_names.items()
        for sheet, ref in defined.destinations
    ]
    return {"name": path.name, "sheets": sheets, "names": names}


def click(origin: str, book: dict[str, Any], folder: Path, **scenario: Any) -> dict[str, Any]:
    """Run the clicks of ``scenario`` (``clicks=[...]`` or ``together=[...]``) on ``book``;
    the messages the pane showed, the book after them and the buttons' state."""
    scenario_file = folder / "scenario.json"
    scenario_file.write_text(json.dumps({"origin": origin, "book": book, **scenario}))
    result = subprocess.run([node(), str(HARNESS), str(scenario_file)], capture_output=True,
                            text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def cells_after(path: Path, after: dict[str, Any], target: Path) -> Path:
    """A copy of ``path`` holding the values, formats and table ranges the pane left."""
    wb = openpyxl.load_workbook(path)
    for sheet in after["book"]["sheets"]:
        ws = wb[sheet["name"]]
        for r, (row, formats) in enumerate(zip(sheet["values"], sheet["formats"], strict=True)):
            for c, (value, code) in enumerate(zip(row, formats, strict=True)):
                cell = ws.cell(r + 1, c + 1)
                if isinstance(cell, MergedCell):
                    continue
                cell.value = None if value == "" else value
                cell.number_format = code
        for table in sheet["tables"]:
            ws.tables[table["name"]].ref = table["ref"]
            if ws.tables[table["name"]].autoFilter is not None:
                ws.tables[table["name"]].autoFilter.ref = table["ref"]
    wb.save(target)
    return target


class _ProxyError(http.server.BaseHTTPRequestHandler):
    """A reverse proxy whose lkjip_xl behind it is down: an HTML page with a 502."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        page = b"<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>"
        self.send_response(502)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *_args: Any) -> None:
        pass


@contextmanager
def proxy_error() -> Iterator[str]:
    """The origin of such a proxy on loopback, while the block runs."""
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ProxyError)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{proxy.server_port}"
    finally:
        proxy.shutdown()
        proxy.server_close()
