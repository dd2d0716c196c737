"""Quick entry on the 10-year synthetic store: enter to the updated row, and its first frame.

Usage: python bench/bench_quick_entry.py [--entries 24] [--pairs 9]
1. In one headless app on the 10-year store: for each of --entries KPIs, a value is
   typed and enter pressed; the time from the key to the row showing the new value
   (the store written, the row redrawn) is taken. Prints the median. Target: 50 ms.
2. First frame of quick entry (`okrtui log` with no arguments) against the
   dashboard's first frame, fresh processes alternating on the same store.
   Target: no slower than the dashboard.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import timed  # noqa: E402
from stores import build  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

FIRST_FRAME = """
import sys
from okrtui.store import Store
from okrtui.ui.app import OkrApp
start = sys.argv[2] if len(sys.argv) > 2 else None
class FirstFrame(OkrApp):
    def on_ready(self):
        self.call_after_refresh(self.exit)
FirstFrame(Store(sys.argv[1]), start=start).run(headless=True, size=(80, 24))
"""


async def enter_times(path: str, entries: int) -> list[float]:
    """Per entry: from the screen taking the entered value (its Entered message handled) to the next refresh
    after the row was redrawn. Pilot's own waits between keys are not counted."""
    from textual.widgets import Input

    from okrtui.store import Store
    from okrtui.ui.app import OkrApp
    from okrtui.ui.screens import quick_entry

    times: list[float] = []
    original = quick_entry.QuickEntryScreen._save

    def timed_save(screen, text):
        start = time.perf_counter()
        original(screen, text)
        screen.app.call_after_refresh(lambda: times.append(time.perf_counter() - start))

    quick_entry.QuickEntryScreen._save = timed_save
    app = OkrApp(Store(path), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        while not (isinstance(app.focused, Input) and app.focused.id == "value-input"):
            await pilot.pause(0.05)
        for n in range(entries):
            index, kpi = app.screen._current()
            for char in str(500 + n):
                await pilot.press(char)
            await pilot.press("enter")
            while len(times) <= n:
                await pilot.pause(0.01)
            assert kpi.series.values[-1] == 500 + n
            if app.screen._current()[0] == index:  # the last row: back to the top
                await pilot.press(*["up"] * len(app.screen.kpis))
    quick_entry.QuickEntryScreen._save = original
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=24)
    parser.add_argument("--pairs", type=int, default=9)
    args = parser.parse_args()
    stores = os.path.join(HERE, ".stores")
    os.makedirs(stores, exist_ok=True)
    path = build(os.path.join(stores, "10y.json"), 10)
    times = asyncio.run(enter_times(path, max(20, args.entries)))
    median = statistics.median(times) * 1000
    print(f"enter to the updated row, 10-year store: median {median:.1f} ms over {len(times)} entries"
          f" (max {max(times) * 1000:.1f} ms); target 50 ms: {'ok' if median <= 50 else 'OVER'}")
    dash, log = [], []
    for _ in range(max(7, args.pairs)):
        dash.append(timed([sys.executable, "-c", FIRST_FRAME, path]))
        log.append(timed([sys.executable, "-c", FIRST_FRAME, path, "log"]))
    d, q = statistics.median(dash), statistics.median(log)
    print(f"first frame, 10-year store: dashboard {d * 1000:.0f} ms, quick entry {q * 1000:.0f} ms,"
          f" ratio {q / d:.2f}x; target at most 1.00x: {'ok' if q <= d * 1.0 else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
