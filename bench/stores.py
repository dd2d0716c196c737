"""Synthetic stores for the benchmarks, built through the project's own code.

50 KPIs with N years of daily values, plus 40 objectives with 4 key results
each and weekly check-ins, spread over the quarters of those years. A team's
store (issue 10) is bigger: 100 KPIs over 10 years and 200 objectives.
"""

from __future__ import annotations

import os
import random
import shutil
from datetime import date, datetime, time, timedelta

from okrtui.domain.models import CheckIn, KeyResult, Kpi, Objective, Series
from okrtui.domain.period import Period
from okrtui.store import Store

KPI_COUNT = 50
OBJECTIVE_COUNT = 40


def build(path: str, years: int, today: date | None = None, kpi_count: int = KPI_COUNT,
          objective_count: int = OBJECTIVE_COUNT) -> str:
    """Write the store at `path` (replacing one there) and return the path."""
    today = today or date.today()
    rng = random.Random(years)
    for leftover in (path, path + ".lock", path + ".undo", path + ".redo"):
        if os.path.exists(leftover):
            os.unlink(leftover)
    shutil.rmtree(Store(path).values_folder, ignore_errors=True)
    store = Store(path)
    days = 365 * years
    first = today - timedelta(days=days - 1)
    all_dates = [(first + timedelta(days=i)).isoformat() for i in range(days)]
    with store.transaction() as repo:
        for k in range(kpi_count):
            values = [round(500 + 100 * rng.random(), 2) for _ in range(days)]
            repo.add_kpi(Kpi(f"Synthetic KPI {k:02d}", unit="ms", direction="down" if k % 2 else "up",
                             target=550, warn=520 if k % 2 == 0 else 580, crit=505 if k % 2 == 0 else 595,
                             series=Series(all_dates, values)))
        period = Period.containing(today)
        quarters = max(1, min(4 * years, objective_count))
        for o in range(objective_count):
            p = period.shifted(-(o % quarters))
            objective = Objective(f"Synthetic objective {o:03d}", p.key, status="active", owner="bench")
            for n in range(4):
                kr = KeyResult(f"Synthetic key result {o:02d}.{n}", start=0, target=100, unit="pts")
                week = p.start
                while week <= min(p.end, today):
                    kr.checkins.append(CheckIn(datetime.combine(week, time(9)).isoformat(), rng.uniform(0, 100), 7, ""))
                    week += timedelta(days=7)
                kr.current = kr.checkins[-1].value if kr.checkins else None
                objective.key_results.append(kr)
            repo.save_objective(objective)
    return path
