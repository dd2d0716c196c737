"""Cold `okrtui log` against `python -c pass`, as a ratio measured in one run.

Usage: python bench/bench_log.py [--pairs 9]
Builds the 1-year and 10-year synthetic stores in bench/.stores/, then
alternates runs of `python -c pass` and the installed `okrtui log` on the
same machine, and prints the median of each and their ratio.
Targets (issue 2): at most 3x on the 1-year store, 5x on the 10-year store.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import installed_okrtui, peak_mib, timed  # noqa: E402
from stores import build  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = {1: 3.0, 10: 5.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9, help="alternating pairs per store (at least 7)")
    args = parser.parse_args()
    okrtui = installed_okrtui()
    stores = os.path.join(HERE, ".stores")
    os.makedirs(stores, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "OKRTUI_DB"}
    print(f"{'store':<10} {'size':>8} {'python -c pass':>15} {'okrtui log':>11} {'ratio':>6} {'target':>7}"
          f"  {'peak memory (ratio)':>20}")
    for years in (1, 10):
        # the history ends 60 days ago, so every run appends a new (past) date, the common case,
        # and the store grows as in real use; future dates are refused
        ended = date.today() - timedelta(days=60)
        path = build(os.path.join(stores, f"{years}y.json"), years, ended)
        size = os.path.getsize(path) / 1e6
        base, log = [], []
        day = ended + timedelta(days=1)
        for i in range(max(7, args.pairs)):
            base.append(timed([sys.executable, "-c", "pass"], env))
            log.append(timed([okrtui, "--db", path, "log", "Synthetic KPI 07", "512.5", "--date",
                              (day + timedelta(days=i)).isoformat()], env))
        b, logged = statistics.median(base), statistics.median(log)
        log_code = "import sys; from okrtui.cli import main; main(sys.argv[1:])"
        later = (day + timedelta(days=len(log) + 1)).isoformat()
        mb = peak_mib("pass", env=env)
        ml = peak_mib(log_code, ["--db", path, "log", "Synthetic KPI 07", "512.5", "--date", later], env=env)
        ratio = logged / b
        verdict = "ok" if ratio <= TARGETS[years] else "OVER"
        print(f"{years:>2} year{'s' if years > 1 else ' '}   {size:>6.1f}MB {b * 1000:>12.1f} ms {logged * 1000:>8.1f} ms"
              f" {ratio:>5.2f}x {TARGETS[years]:>5.1f}x {verdict:<4}  {ml:5.1f} MiB ({ml / mb:.1f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
