"""Is a target reachable? How often a followed KPI has moved that far before, in periods of the
same length.

The definition (the README says it in words):
- Only a key result that follows a KPI whose values reach back at least MIN_HISTORY_DAYS before
  the period's start has one.
- The past windows are the periods of the same length before the key result's own, one after
  the other going back (period.shifted(-1), -2, ...: quarters for a quarter), as long as the
  KPI has a value on or before the window's first day; at most MOST_WINDOWS of them.
- A window counts when the KPI has a value on or before its first day (its start value) and at
  least one value within it after that. A window with a start value of 0 does not count when
  the change is relative.
- reach: the change asked for is the key result's start (the KPI's value at the period's start)
  to its target, relative to the start when the start is not 0 (+20%), absolute otherwise. A
  window reached it when the KPI's last value in the window is as far from its start value,
  in the good direction, as the change asks: graded the way the key result itself is
  (kr_progress of a copy with that start, target and value reaches 1.0).
- stay above / below: a window reached it when its values would have kept the key result whole
  (kr_progress of a copy with the window's values as measurements reaches 1.0).
- Fewer than half of the counted windows reached it: aspirational suits it; else committed.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from datetime import date

from .models import CheckIn, KeyResult, Kpi, Series
from .period import Period, PeriodError
from .planning import follow_kpi
from .progress import kr_progress

MIN_HISTORY_DAYS = 365
MOST_WINDOWS = 400  # a one-day period over decades of daily values stays quick
_REACHED = 1.0 - 1e-9


@dataclass(frozen=True)
class Feasibility:
    periods: int  # past windows that count
    reached: int  # ...of which moved as far as the key result asks
    change: float  # the change asked for: a share of the start (0.2 is +20%) when relative, else absolute
    relative: bool

    @property
    def suggested_kind(self) -> str:
        return "aspirational" if self.reached * 2 < self.periods else "committed"


def feasibility(kr: KeyResult, kpi: Kpi | None, period: Period) -> Feasibility | None:
    """How often the KPI did in the past what the key result asks of it; None without a KPI,
    without a year of history before the period, or without a window that counts."""
    if kpi is None or not kpi.series.dates:
        return None
    series = kpi.series
    try:
        first = date.fromisoformat(series.dates[0])
    except (TypeError, ValueError):
        return None
    if (period.start - first).days < MIN_HISTORY_DAYS:
        return None
    followed = follow_kpi(kr, kpi, period)
    change = followed.target - followed.start
    relative = followed.type == "reach" and followed.start != 0 and math.isfinite(change / abs(followed.start))
    if relative:
        change /= abs(followed.start)
    counted = reached = 0
    window = period
    for _ in range(MOST_WINDOWS):
        try:
            window = window.shifted(-1)
        except PeriodError:
            break
        if window.start < first:
            break
        outcome = window_reached(followed, series, window, change, relative)
        if outcome is not None:
            counted += 1
            reached += outcome
    return Feasibility(counted, reached, change, relative) if counted else None


def window_reached(kr: KeyResult, series: Series, window: Period, change: float, relative: bool) -> bool | None:
    """Whether the KPI did within one past window what the key result asks; None when the window
    does not count (no start value, nothing measured in it, or a start of 0 for a relative change)."""
    dates, values = series.dates, series.values
    after_start = bisect_right(dates, window.start.isoformat())
    if after_start == 0:
        return None
    start_value = values[after_start - 1]
    end = bisect_right(dates, window.end.isoformat())
    if end <= after_start:
        return None
    if kr.type == "reach":
        if relative and start_value == 0:
            return None
        goal = start_value + change * abs(start_value) if relative else start_value + change
        trial = replace(kr, start=start_value, target=goal, current=values[end - 1], checkins=[])
    else:
        within = values[bisect_left(dates, window.start.isoformat()):end]
        trial = replace(kr, current=values[end - 1], checkins=[CheckIn("", v) for v in within])
    return kr_progress(trial) >= _REACHED


def feasibility_json(kr: KeyResult, kpi: Kpi | None, period: Period) -> dict | None:
    found = feasibility(kr, kpi, period)
    return None if found is None else {"periods": found.periods, "reached": found.reached}
