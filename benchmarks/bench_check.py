"""``check`` of a 100,000-employee roster against the I/O floor, and of a roster with 200,000
problems on screen and as JSON (goal: at most 1.0x the floor; the 200,000 problems in seconds).

Run: python benchmarks/bench_check.py [ROWS]. Fresh processes, measured by /usr/bin/time; the
rosters are built once by openpyxl (see ``roster.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import cli, io_floor, ratio
from roster import roster_workbook

FLOOR_GOAL = 1.0


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    clean = roster_workbook(rows)
    floor = io_floor(clean)
    checked = cli("lkjip-xl check (valid roster)", "check", str(clean))
    print(f"{rows:,} employees\n  {floor}\n  {checked}")
    print(f"  -> {ratio(checked, floor)} the floor (goal <= {FLOOR_GOAL})")
    broken = roster_workbook(rows, broken=True)
    screen = cli(f"lkjip-xl check ({2 * rows:,} problems, screen)", "check", str(broken))
    as_json = cli(f"lkjip-xl check --json ({2 * rows:,} problems)", "check", "--json", str(broken))
    print(f"  {screen}\n  {as_json}")


if __name__ == "__main__":
    main()
