"""`okrtui due --format prompt` (what a shell prompt or tmux runs) against `python -c pass` and
against `okrtui log`, as ratios measured in one run.

Usage: python bench/bench_due.py [--pairs 9]
Builds the 1-year and 10-year synthetic stores in bench/.stores/ and alternates runs of
`python -c pass`, the installed `okrtui due --mine --format prompt` and `okrtui log` on the same
machine. Target (issue 17): `due` costs no more than `okrtui log` (3x a bare Python start on the
1-year store).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import installed_okrtui, timed  # noqa: E402
from stores import build  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9, help="alternating rounds per store (at least 7)")
    args = parser.parse_args()
    okrtui = installed_okrtui()
    stores = os.path.join(HERE, ".stores")
    os.makedirs(stores, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "OKRTUI_DB"}
    print(f"{'store':<10} {'python -c pass':>15} {'okrtui due':>11} {'okrtui log':>11} {'due/pass':>9} {'due/log':>8}")
    for years in (1, 10):
        ended = date.today() - timedelta(days=60)
        path = build(os.path.join(stores, f"{years}y.json"), years, ended)
        base, due, log = [], [], []
        day = ended + timedelta(days=1)
        timed([okrtui, "--db", path, "due", "--format", "prompt"], env)  # the check cache, as a prompt finds it
        for i in range(max(7, args.pairs)):
            base.append(timed([sys.executable, "-c", "pass"], env))
            due.append(timed([okrtui, "--db", path, "due", "--mine", "--format", "prompt"], env))
            log.append(timed([okrtui, "--db", path, "log", "Synthetic KPI 07", "512.5", "--date",
                              (day + timedelta(days=i)).isoformat()], env))
        b, d, lg = (statistics.median(x) for x in (base, due, log))
        print(f"{years:>2} year{'s' if years > 1 else ' '}  {b * 1000:>12.1f} ms {d * 1000:>8.1f} ms {lg * 1000:>8.1f} ms"
              f" {d / b:>8.2f}x {d / lg:>7.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
