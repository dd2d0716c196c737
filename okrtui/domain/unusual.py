"""Is a value just logged far outside the KPI's recent history? (3600 typed as 2 is saved, and said.)

The rule: compare with the KPI's values of the WINDOW_DAYS days before the value's day (the
day's own value, being replaced, does not count; nor does anything after the day). With fewer
than MIN_VALUES of them there is no history to judge by. Otherwise the value is unusual when it
lies outside their range [low, high] by more than a margin: the range itself (high - low), and
at least FLOOR_SHARE of the larger of |low| and |high|, so a flat history of 3600 still takes
3500 without a word. Only a history of zeros has no floor: any other value is unusual there.

Direction does not enter: a slip that looks like a great day is still a slip to check.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta

from .models import Series

WINDOW_DAYS = 90
MIN_VALUES = 5
FLOOR_SHARE = 0.1


@dataclass(frozen=True)
class Unusual:
    value: float
    low: float  # the range of the values compared with
    high: float
    count: int  # how many values
    since: date  # the oldest of them


def unusual_value(series: Series, day: date, value: float, *, window_days: int = WINDOW_DAYS,
                  min_values: int = MIN_VALUES) -> Unusual | None:
    """An Unusual when `value` for `day` is far outside the series' recent range, else None."""
    start = bisect_left(series.dates, (day - timedelta(days=window_days)).isoformat())
    end = bisect_left(series.dates, day.isoformat())
    recent = series.values[start:end]
    if len(recent) < max(1, min_values):
        return None
    low, high = min(recent), max(recent)
    margin = max(high / 2 - low / 2, FLOOR_SHARE / 2 * max(abs(low), abs(high))) * 2  # halves: never inf
    if low - margin <= value <= high + margin:
        return None
    return Unusual(value, low, high, len(recent), date.fromisoformat(series.dates[start]))
