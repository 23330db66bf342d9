"""Worksheet functions: 10,000 single-cell calls against one 10,000-row range call (goal: at most
3x), for ``LKJ_CAPAIAN`` and, as a check on the other scalar paths, ``LKJ_SERAPAN``,
``LKJ_EFISIENSI``, ``LKJ_PREDIKAT`` and ``LKJ_IPASN`` (one employee per call, through
``core.satu_pegawai``); and the ``LKJ_CAPAIAN`` range call through ``lkjip-xl serve`` against the
direct call (goal: at most 2x).

Run: python benchmarks/bench_udfs.py [ROWS]. The server is started here on a free loopback port
(needs the ``server`` extra; skipped with a note when it is missing).
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request

from measure import best

from lkjip_xl.excel.udfs import LKJ_CAPAIAN, LKJ_EFISIENSI, LKJ_IPASN, LKJ_PREDIKAT, LKJ_SERAPAN

SCALAR_GOAL, SERVER_GOAL = 3.0, 2.0


def _inputs(rows: int) -> tuple[list[float], list[float]]:
    rnd = random.Random(3)
    return ([round(rnd.uniform(1, 200), 2) for _ in range(rows)],
            [round(rnd.uniform(0, 250), 2) for _ in range(rows)])  # fmt: skip


def _server_call(targets: list[float], actuals: list[float]) -> float | None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial"}
    process = subprocess.Popen(
        [sys.executable, "-m", "lkjip_xl.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    origin = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                return None
            try:
                urllib.request.urlopen(origin + "/xlwings/custom-functions-meta", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    return None
                time.sleep(0.2)
        body = json.dumps({
            "func_name": "LKJ_CAPAIAN", "args": [[[t] for t in targets], [[r] for r in actuals]],
            "caller_address": "[kinerja.xlsx]Indikator!Q5", "content_language": "id-ID",
            "version": "0", "runtime": "1.4", "client": "Office.js",
        }).encode()  # fmt: skip

        def post() -> None:
            request = urllib.request.Request(
                origin + "/xlwings/custom-functions-call", data=body,
                headers={"Content-Type": "application/json"}, method="POST",
            )  # fmt: skip
            with urllib.request.urlopen(request, timeout=120) as response:
                json.loads(response.read())

        return best(post)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _scalar_against_range(name: str, func, columns: list[list], rows: int, times: int = 3) -> float:
    """Print and return (10,000 single-cell calls) / (one range call) for ``func``."""
    ranges = [[[v] for v in column] for column in columns]
    cells = list(zip(*columns, strict=True))
    ranged = best(lambda: func(*ranges), times)
    scalar = best(lambda: [func(*row) for row in cells], times)
    ratio = scalar / ranged
    print(f"{name}: one {rows:,}-row range call {ranged:.3f} s; {rows:,} single-cell calls "
          f"{scalar:.3f} s ({scalar / rows * 1e6:.1f} us each) -> {ratio:.2f}x "
          f"(goal <= {SCALAR_GOAL})")  # fmt: skip
    return ranged


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    targets, actuals = _inputs(rows)
    ranged = _scalar_against_range("LKJ_CAPAIAN", LKJ_CAPAIAN, [targets, actuals], rows)
    budgets = [t * 1_000_000 for t in targets]
    _scalar_against_range("LKJ_SERAPAN", LKJ_SERAPAN, [budgets, [a * 900_000 for a in actuals]],
                          rows)  # fmt: skip
    _scalar_against_range("LKJ_EFISIENSI", LKJ_EFISIENSI, [actuals, targets], rows)
    _scalar_against_range("LKJ_PREDIKAT", LKJ_PREDIKAT, [actuals], rows)
    kinds = [("S1", "Fungsional", "Ya", 24, "Ya", "Tidak Pernah"),
             ("S2", "Struktural", "Tidak", 12, "Ya", "Ringan"),
             ("D3", "Pelaksana", None, 30, "Tidak", "Tidak Pernah")]  # fmt: skip
    employees = [(*kinds[i % 3][:5], actuals[i], kinds[i % 3][5]) for i in range(rows)]
    columns = [list(column) for column in zip(*employees, strict=True)]
    _scalar_against_range("LKJ_IPASN", LKJ_IPASN, columns, rows)
    served = _server_call(targets, actuals)
    if served is None:
        print("server: not measured (lkjip-xl serve did not start; install the server extra)")
    else:
        print(f"the range call through lkjip-xl serve: {served:.3f} s")
        print(f"  -> {served / ranged:.1f}x the direct call (goal <= {SERVER_GOAL})")


if __name__ == "__main__":
    main()
