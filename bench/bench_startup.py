"""Time to the dashboard's first frame, against a minimal Textual app, two ways.

Usage: python bench/bench_startup.py [--pairs 9] [--only pty|headless]
Run it with the Python of a regular (not editable) install of okrtui: it measures that install.

pty: the way a user starts it. The installed `okrtui --db STORE` console script is exec'd on a
fresh pty of 80x24 (TERM=xterm-256color, HOME and XDG folders in an empty temporary folder, so
no config.toml or theme file of the person running the bench leaks in), and the time is taken
when the terminal first receives a sparkline glyph (one of U+2581..U+2588); the process is then
killed. This covers the console script, argument parsing, config and theme loading, the store's
read and the terminal driver. The minimal app (a Sparkline and a Footer) is run the same way.

headless: `OkrApp` imported and run headless at 80x24 until its Ready event, against the minimal
app doing the same (what this bench measured first; issue 3). It skips the console script, the
parser, config_path's environment and the terminal driver.

Runs alternate between the minimal app and okrtui, on the 1-year and 10-year synthetic stores,
and the medians are compared. Targets (issues 3 and 16): at most 1.3x (1 year) and 1.5x (10 years).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import first_frame_on_pty, installed_okrtui, isolated_env, peak_mib, timed  # noqa: E402
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

# The same app, run as a user runs one: on the terminal, until the bench kills it.
MINIMAL_PTY = """
from textual.app import App
from textual.widgets import Footer, Sparkline
class Minimal(App):
    BINDINGS = [("q", "quit", "Quit")]
    def compose(self):
        yield Sparkline(list(range(30)))
        yield Footer()
Minimal().run()
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


def headless(stores: str, pairs: int) -> None:
    print("headless (OkrApp run in-process until Ready):")
    print(f"{'store':<10} {'minimal app':>12} {'okrtui':>9} {'ratio':>6} {'target':>7}  {'peak memory (ratio)':>20}")
    for years in (1, 10):
        path = build(os.path.join(stores, f"{years}y.json"), years)
        base, ours = [], []
        for _ in range(pairs):
            base.append(timed([sys.executable, "-c", MINIMAL]))
            ours.append(timed([sys.executable, "-c", OKRTUI, path]))
        b, o = statistics.median(base), statistics.median(ours)
        mb, mo = peak_mib(MINIMAL), peak_mib(OKRTUI, [path])
        verdict = "ok" if o / b <= TARGETS[years] else "OVER"
        print(f"{years:>2} year{'s' if years > 1 else ' '}  {b * 1000:>9.0f} ms {o * 1000:>6.0f} ms {o / b:>5.2f}x"
              f" {TARGETS[years]:>5.1f}x {verdict:<4}  {mo:5.1f} MiB ({mo / mb:.2f}x)", flush=True)


def on_pty(stores: str, pairs: int) -> None:
    okrtui = installed_okrtui()
    print("pty (exec of the installed okrtui --db STORE at 80x24, until a sparkline glyph is drawn):")
    print(f"{'store':<10} {'minimal app':>12} {'okrtui':>9} {'ratio':>6} {'target':>7}")
    paths = {years: build(os.path.join(stores, f"{years}y.json"), years) for years in (1, 10)}
    minimal = [sys.executable, "-c", MINIMAL_PTY]
    base: dict[int, list[float]] = {years: [] for years in paths}
    ours: dict[int, list[float]] = {years: [] for years in paths}
    with tempfile.TemporaryDirectory(prefix="okrtui-bench-home-") as home:
        env = isolated_env(home)
        for path in paths.values():  # the store's first check is remembered (as after any start): not timed
            first_frame_on_pty([okrtui, "--db", path], env)
        # Both stores' pairs are interleaved, and which of a pair runs first alternates, so a
        # neighbour's load on the machine falls on both sides of every ratio alike.
        for i in range(pairs):
            for years, path in paths.items():
                pair = [(base[years], minimal), (ours[years], [okrtui, "--db", path])]
                for samples, cmd in (pair if i % 2 == 0 else pair[::-1]):
                    samples.append(first_frame_on_pty(cmd, env))
    for years in paths:
        b, o = statistics.median(base[years]), statistics.median(ours[years])
        verdict = "ok" if o / b <= TARGETS[years] else "OVER"
        print(f"{years:>2} year{'s' if years > 1 else ' '}  {b * 1000:>9.0f} ms {o * 1000:>6.0f} ms {o / b:>5.2f}x"
              f" {TARGETS[years]:>5.1f}x {verdict:<4}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9, help="alternating pairs per store and way (at least 7)")
    parser.add_argument("--only", choices=("pty", "headless"), help="measure one way only")
    args = parser.parse_args()
    stores = os.path.join(HERE, ".stores")
    os.makedirs(stores, exist_ok=True)
    # Run the children away from the checkout: with cwd on sys.path, `python -c` would import the
    # source tree (compiled afresh every run where PYTHONDONTWRITEBYTECODE is set), not the install.
    os.chdir(stores)
    pairs = max(7, args.pairs)
    if args.only != "headless":
        on_pty(stores, pairs)
    if args.only != "pty":
        headless(stores, pairs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
