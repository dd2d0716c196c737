"""Costs that stay flat as a team's store grows (issue 10), as ratios measured in one run.

Usage: python bench/bench_team.py [--pairs 9]
Builds two synthetic stores in bench/.stores/: one person's (1 year of daily values for
50 KPIs, 40 objectives) and a team's (10 years for 100 KPIs, 200 objectives). Then runs,
alternating between the two stores, cold `okrtui log`, `okrtui status`, and the TUI up to
its first dashboard frame (80x24, headless), and prints each median on the team's store
over the same on one person's, with the peak memory of the TUI.
Targets: log at most 1.25x, status and the first frame 1.5x, the TUI's memory 1.5x. "status,
changed" is status just after the store file changed (a pull, an edit), when it checks every
document once; plain "okrtui status" reads a store already checked (see Store.checked_before).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_startup import OKRTUI as FIRST_FRAME  # noqa: E402
from measure import installed_okrtui, peak_mib, timed  # noqa: E402
from stores import build  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = {"okrtui log": 1.25, "okrtui status": 1.5, "status, changed": 1.5, "first frame": 1.5,
           "TUI peak memory": 1.5}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9, help="alternating pairs per measure (at least 7)")
    args = parser.parse_args()
    okrtui = installed_okrtui()
    stores = os.path.join(HERE, ".stores")
    os.makedirs(stores, exist_ok=True)
    os.chdir(stores)  # children import the installed package, not the checkout (see bench_startup.py)
    env = {k: v for k, v in os.environ.items() if k != "OKRTUI_DB"}
    ended = date.today() - timedelta(days=60)  # every log appends a new past day, the common case
    one = build(os.path.join(stores, "person.json"), 1, ended)
    team = build(os.path.join(stores, "team.json"), 10, ended, kpi_count=100, objective_count=200)
    runs = max(7, args.pairs)
    results: dict[str, tuple[float, float]] = {}
    day = ended
    logs: dict[str, list[float]] = {one: [], team: []}
    status: dict[str, list[float]] = {one: [], team: []}
    frame: dict[str, list[float]] = {one: [], team: []}
    changed: dict[str, list[float]] = {one: [], team: []}
    for i in range(runs):
        day += timedelta(days=1)
        for path in (one, team):
            logs[path].append(timed([okrtui, "--db", path, "log", "Synthetic KPI 07", "512.5", "--date", day.isoformat()], env))
            status[path].append(timed([okrtui, "--db", path, "status"], env))
            frame[path].append(timed([sys.executable, "-c", FIRST_FRAME, path], env))
            # the store file just changed (as after a pull or an edit): status pays the whole check once
            timed([okrtui, "--db", path, "kpi", "edit", "Synthetic KPI 07", "--target", str(550 + i)], env)
            changed[path].append(timed([okrtui, "--db", path, "status"], env))
    for name, samples in (("okrtui log", logs), ("okrtui status", status), ("status, changed", changed),
                          ("first frame", frame)):
        results[name] = (statistics.median(samples[one]), statistics.median(samples[team]))
    results["TUI peak memory"] = (peak_mib(FIRST_FRAME, [one], env), peak_mib(FIRST_FRAME, [team], env))
    sizes = [os.path.getsize(p) + sum(e.stat().st_size for e in os.scandir(p[:-5] + ".values")) for p in (one, team)]
    print(f"stores: one person's {sizes[0] / 1e6:.1f} MB (50 KPIs x 1 year, 40 objectives),"
          f" a team's {sizes[1] / 1e6:.1f} MB (100 KPIs x 10 years, 200 objectives)")
    print(f"{'measure':<16} {'person':>10} {'team':>10} {'ratio':>6} {'target':>7}")
    for name, (small, big) in results.items():
        unit, scale = ("MiB", 1) if "memory" in name else ("ms", 1000)
        verdict = "ok" if big / small <= TARGETS[name] else "OVER"
        print(f"{name:<16} {small * scale:>7.1f} {unit:<3}{big * scale:>6.1f} {unit:<3} {big / small:>5.2f}x"
              f" {TARGETS[name]:>5.2f}x {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
