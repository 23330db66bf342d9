"""Round trips from the task pane to Excel for one "Hitung Ulang" click.

In Excel on the web every ``context.sync()`` of the task pane is a network exchange with
Excel's servers, so a click's wait grows with their number. The real page script is clicked
in Node on the stand-in for Excel's workbook (tests/node/taskpane_click.mjs, which counts the
syncs and refuses one over Excel on the web's 5 MB), against ``lkjip-xl serve`` on loopback,
on the demo workbooks with their computed cells emptied.

Run: python benchmarks/bench_taskpane_syncs.py. Prints, per workbook, the syncs of the click
and the click's wall time (server and Node included, no network latency to Excel).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench_server import start_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lkjip_xl.workbook.demo import build_demo
from tests.taskpane_click import click, excel_book
from tests.test_xlwings_book import blank_computed


def main() -> None:
    process, origin = start_server()
    try:
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            for name in ("kinerja-000", "ipasn-000"):
                demo, _ = build_demo(name, work)
                book = excel_book(blank_computed(demo, work / f"{name}-inputs.xlsx"))
                start = time.perf_counter()
                after = click(origin, book, work, clicks=["hitung_ulang"])
                wall = time.perf_counter() - start
                print(
                    f"{name}: {after['syncs']} syncs, {wall:.1f} s, {after['messages'][-1][0][:60]}"
                )
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
