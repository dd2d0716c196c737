"""Time to the dashboard's first frame, against a minimal Textual app reaching Ready.

Usage: python bench/bench_startup.py [--pairs 9]
Each run is a fresh process that starts, renders its first frame (the
Ready event), and exits at once; runs alternate between the minimal app
and okrtui on the 1-year and 10-year synthetic stores, and the medians
are compared. Targets (issue 3): at most 1.3x (1 year) and 1.5x (10 years).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import peak_mib, timed  # noqa: E402
from stores import build  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = {1: 1.3, 10: 1.5}

MINIMAL = """
from textual.app import App
from textual.widgets import Footer, Sparkline
class Minimal(App):
    BINDINGS = [("q", "quit", "Quit")]
    def compose(self):
        yield Sparkline(list(range(30)))
        yield Footer()
    def on_ready(self):
        self.exit()
Minimal().run(headless=True, size=(80, 24))
"""

OKRTUI = """
import sys
from okrtui.store import Store
from okrtui.ui.app import OkrApp
class FirstFrame(OkrApp):
    def on_ready(self):
        assert self.screen.SCREEN_NAME == "dashboard"
        self.exit()
FirstFrame(Store(sys.argv[1])).run(headless=True, size=(80, 24))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9)
    args = parser.parse_args()
    stores = os.path.join(HERE, ".stores")
    os.makedirs(stores, exist_ok=True)
    # Run the children away from the checkout: with cwd on sys.path, `python -c` would import the
    # source tree (compiled afresh every run where PYTHONDONTWRITEBYTECODE is set), not the install.
    os.chdir(stores)
    print(f"{'store':<10} {'minimal app':>12} {'okrtui':>9} {'ratio':>6} {'target':>7}  {'peak memory (ratio)':>20}")
    for years in (1, 10):
        path = os.path.join(stores, f"{years}y.json")
        build(path, years)
        base, ours = [], []
        for _ in range(max(7, args.pairs)):
            base.append(timed([sys.executable, "-c", MINIMAL]))
            ours.append(timed([sys.executable, "-c", OKRTUI, path]))
        b, o = statistics.median(base), statistics.median(ours)
        mb, mo = peak_mib(MINIMAL), peak_mib(OKRTUI, [path])
        verdict = "ok" if o / b <= TARGETS[years] else "OVER"
        print(f"{years:>2} year{'s' if years > 1 else ' '}  {b * 1000:>9.0f} ms {o * 1000:>6.0f} ms {o / b:>5.2f}x"
              f" {TARGETS[years]:>5.1f}x {verdict:<4}  {mo:5.1f} MiB ({mo / mb:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
