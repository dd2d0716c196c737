"""The order of quick entry's rows: fixed for a day, so "the third row is open bugs" holds while
values are logged.

Stale KPIs first, then those due by their cadence, then the rest, each group by name, all
judged as the day began: by the values dated before the day, never by the day's own. A
value logged for the day (or a day after it, when back-filling) moves no row.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, timedelta

from .models import CADENCE_DAYS, Kpi


def _before(kpi: Kpi, day: date) -> list[str]:
    """The KPI's dates before `day` (its series is sorted)."""
    dates = kpi.series.dates
    return dates[: bisect_left(dates, day.isoformat())]


def due_as_day_began(kpi: Kpi, day: date) -> bool:
    """No value in the cadence's window before `day` (a daily KPI is due every day)."""
    window = CADENCE_DAYS.get(kpi.cadence, 1)
    earlier = _before(kpi, day)
    first = (day - timedelta(days=window - 1)).isoformat()
    return not (earlier and earlier[-1] >= first)


def stale_as_day_began(kpi: Kpi, day: date) -> bool:
    """The newest value before `day` is older than the cadence (or there is none)."""
    earlier = _before(kpi, day)
    if not earlier:
        return True
    return (day - date.fromisoformat(earlier[-1])).days > CADENCE_DAYS.get(kpi.cadence, 1)


def entry_rank(kpi: Kpi, day: date) -> tuple[int, str, int]:
    group = 0 if stale_as_day_began(kpi, day) else 1 if due_as_day_began(kpi, day) else 2
    return group, kpi.name.casefold(), kpi.id or 0


def entry_order(kpis: list[Kpi], day: date) -> list[Kpi]:
    """Stale, then due, then the rest, by name: the same all day, whatever is logged for it."""
    return sorted(kpis, key=lambda kpi: entry_rank(kpi, day))
