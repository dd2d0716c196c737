"""`okrtui export --format html` against `--format md` on the same store, and the HTML's size,
as ratios measured in one run; the demo's page size too, and `okrtui publish` on the big store.

Usage: python bench/bench_web.py [--pairs 7]
Builds the 1-year and 10-year synthetic stores in bench/.stores/ (50 KPIs of daily values,
40 objectives) and alternates runs of the installed okrtui's md and html exports of everything.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import installed_okrtui  # noqa: E402
from stores import build  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def timed_output(cmd: list[str], env: dict) -> tuple[float, int]:
    """Seconds taken and bytes written to stdout."""
    start = time.perf_counter()
    out = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE).stdout
    return time.perf_counter() - start, len(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7, help="alternating rounds per store")
    args = parser.parse_args()
    okrtui = installed_okrtui()
    stores = os.path.join(HERE, ".stores")
    os.makedirs(stores, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "OKRTUI_DB"}
    with tempfile.TemporaryDirectory() as scratch:
        demo = os.path.join(scratch, "demo.json")
        subprocess.run([okrtui, "--db", demo, "demo"], env=env, check=True, capture_output=True)
        _, demo_size = timed_output([okrtui, "--db", demo, "export", "--format", "html"], env)
        print(f"demo store: export --format html is {demo_size / 1024:.1f} KiB")
        print(f"{'store':<10} {'md':>10} {'html':>10} {'html/md':>8} {'md size':>10} {'html size':>10} {'publish':>10}")
        for years in (1, 10):
            path = build(os.path.join(stores, f"{years}y.json"), years)
            md, html = [], []
            for _ in range(max(3, args.pairs)):
                seconds, md_size = timed_output([okrtui, "--db", path, "export", "--format", "md"], env)
                md.append(seconds)
                seconds, html_size = timed_output([okrtui, "--db", path, "export", "--format", "html"], env)
                html.append(seconds)
            site = os.path.join(scratch, f"site{years}")
            start = time.perf_counter()
            subprocess.run([okrtui, "--db", path, "publish", site], env=env, check=True, stdout=subprocess.DEVNULL)
            publish = time.perf_counter() - start
            m, h = statistics.median(md), statistics.median(html)
            print(f"{years:>2} year{'s' if years > 1 else ' '}  {m * 1000:>7.0f} ms {h * 1000:>7.0f} ms {h / m:>7.2f}x"
                  f" {md_size / 1024:>7.0f} KiB {html_size / 1024:>7.0f} KiB {publish:>8.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
