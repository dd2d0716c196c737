"""The rule for a value far outside a KPI's recent history (okrtui/domain/unusual.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from okrtui.domain.models import Kpi, Series
from okrtui.domain.unusual import Unusual, unusual_value

DAY = date(2026, 11, 27)


def daily(*values: float, last: date = DAY - timedelta(days=1)) -> Series:
    """One value a day, the last on `last` (the day before DAY unless told)."""
    dates = [(last - timedelta(days=len(values) - 1 - n)).isoformat() for n in range(len(values))]
    return Series(dates, list(values))


HISTORY = daily(3600, 3380, 3700, 3550, 3490, 3620)  # range 3380-3700, margin 370 (a tenth of 3700)


@pytest.mark.parametrize("series, value, flagged", [
    (HISTORY, 2, True),  # the slip
    (HISTORY, 3550, False),
    (HISTORY, 3010, False),  # within the margin below
    (HISTORY, 3009, True),
    (HISTORY, 4070, False),
    (HISTORY, 4071, True),
    (HISTORY, 36000, True),  # a slip upwards too
    (daily(100, 100, 100, 100, 100), 91, False),  # flat: the floor is a tenth of 100
    (daily(100, 100, 100, 100, 100), 89.9, True),
    (daily(0, 0, 0, 0, 0), 0, False),  # a history of zeros: only zero is usual
    (daily(0, 0, 0, 0, 0), 1, True),
    (daily(3600, 3600, 3600, 3600), 2, False),  # four values: too few to judge
    (daily(-5, -1, -3, -2, -4), -9, False),  # negative: range -5..-1, margin 4
    (daily(-5, -1, -3, -2, -4), -9.5, True),
    (daily(-5, -1, -3, -2, -4), 3, False),
    (daily(-5, -1, -3, -2, -4), 3.5, True),
    (daily(1e15, -1e15, 0, 5, 7), 1e15, False),  # the widest values: finite arithmetic
])
def test_unusual_values(series, value, flagged):
    assert (unusual_value(series, DAY, value) is not None) == flagged


@pytest.mark.parametrize("direction", ["up", "down"])
def test_direction_does_not_matter(direction):
    """Lower is better (response time): a great-looking 2 is as likely a slip as a terrible 2000."""
    kpi = Kpi(name="Response time", unit="min", direction=direction, target=120,
              series=daily(150, 160, 155, 170, 165))
    assert unusual_value(kpi.series, DAY, 2) is not None
    assert unusual_value(kpi.series, DAY, 2000) is not None
    assert unusual_value(kpi.series, DAY, 130) is None


def test_the_days_own_value_and_later_ones_are_left_out_and_the_window_is_90_days():
    old = Series([(DAY - timedelta(days=91 + n)).isoformat() for n in range(10, 0, -1)],
                 [5.0] * 10)
    assert unusual_value(old, DAY, 5000) is None  # everything older than 90 days: no history
    series = daily(3600, 3380, 3700, 3550, 3490, 3620, last=DAY)  # the last one is the day's own
    assert unusual_value(series, DAY, 3620) is None
    found = unusual_value(series, DAY, 2)
    assert found == Unusual(2, 3380, 3700, 5, DAY - timedelta(days=5))  # the day's own 3620 not counted
    later = Series(series.dates + ["2026-12-01"], series.values + [2.0])
    assert unusual_value(later, DAY, 2) == found  # back-filling: what came after the day does not count


def test_the_window_and_the_minimum_can_be_told():
    assert unusual_value(HISTORY, DAY, 2, min_values=7) is None
    assert unusual_value(HISTORY, DAY, 2, window_days=3) is None  # three values in three days
    assert unusual_value(HISTORY, DAY, 2, window_days=3, min_values=3) is not None
