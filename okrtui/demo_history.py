"""The demo's older KPI history: one followed KPI reaches back two years, so its key result has a
feasibility line (domain/feasibility.py) to tell. Drawn with its own random numbers, so the rest
of the demo stays as it was."""

from __future__ import annotations

import random
from datetime import date, timedelta

from .domain.models import KeyResult, Kpi

OLDER_HISTORY = "Average response time"  # the KPI whose history goes back a second year
STEP_DAYS = {"daily": 1, "weekly": 7, "monthly": 30}


def add_older_history(kpi: Kpi, kr: KeyResult, years: int = 1, seed: int = 18) -> None:
    """A year (or `years`) of values before the KPI's first one, around the key result's start
    (where the KPI was before the period): it never moved the way the key result now asks."""
    if not kpi.series.dates:
        return
    rng = random.Random(seed)
    first = date.fromisoformat(kpi.series.dates[0])
    step = timedelta(days=STEP_DAYS.get(kpi.cadence, 1))
    day, dates, values = first - timedelta(days=365 * years), [], []
    noise = abs(kr.target - kr.start) * 0.06
    while day < first:
        dates.append(day.isoformat())
        values.append(round(kr.start + rng.gauss(0, noise), 1))
        day += step
    kpi.series.dates[:0] = dates
    kpi.series.values[:0] = values
