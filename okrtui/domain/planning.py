"""How OKRs and KPIs feed each other, and when check-ins are due."""

from __future__ import annotations

from datetime import date, datetime

from .models import KeyResult, Kpi, Objective
from .period import Period

CHECKIN_EVERY_DAYS = 7


def key_result_from_kpi(kpi: Kpi, target: float | None = None) -> KeyResult:
    """A KPI that needs improving becomes a key result: from its latest value to its target."""
    latest = kpi.series.latest
    start = latest[1] if latest else 0.0
    goal = target if target is not None else (kpi.target if kpi.target is not None else start)
    unit = f" {kpi.unit}" if kpi.unit else ""
    return KeyResult(
        title=f"{kpi.name}: {_number(start)} → {_number(goal)}{unit}",
        kind="number",
        start=start,
        target=goal,
        current=start,
        unit=kpi.unit,
        kpi=kpi.id,
    )


def last_checkin_day(kr: KeyResult) -> date | None:
    return datetime.fromisoformat(kr.checkins[-1].at).date() if kr.checkins else None


def overdue_checkins(objective: Objective, today: date) -> list[KeyResult]:
    """Key results of an active objective in a running period with no check-in for a week."""
    if objective.status != "active":
        return []
    period = Period.parse(objective.period)
    if not period.contains(today):
        return []
    overdue = []
    for kr in objective.key_results:
        since = last_checkin_day(kr) or period.start
        if (today - since).days > CHECKIN_EVERY_DAYS:
            overdue.append(kr)
    return overdue


def _number(value: float) -> str:
    return f"{value:g}"
