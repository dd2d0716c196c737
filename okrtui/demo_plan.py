"""The demo's story of an honest target: the quarter's plan froze on its first day, and in week
eight Mei Lin lowered the target for new sales from $180,000 to the $150,000 it is now."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from .domain.period import Period
from .store.planlog import backdate_change, freeze_period


def freeze_demo_plan(repo, today: date) -> None:
    """Inside build_demo's transaction, after its objectives are saved."""
    period = Period.containing(today)
    objectives = repo.tables.objectives
    freeze_period(objectives, period.key, period.start)
    sales = next(o for o in repo.objectives(period.key) if o.title.startswith("Grow new-business"))
    when = datetime.combine(min(today, period.start + timedelta(weeks=7, days=1)), time(10, 15))
    backdate_change(objectives, sales.id, 1, "target", 180000, "Mei Lin", when.isoformat())
