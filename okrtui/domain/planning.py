"""How OKRs and KPIs feed each other, and when check-ins are due."""

from __future__ import annotations

from datetime import date, datetime

from dataclasses import replace

from .models import CheckIn, KeyResult, Kpi, Objective
from .period import Period
from .vocabulary import CHECKIN_CADENCES

CHECKIN_EVERY_DAYS = 7


def key_result_from_kpi(kpi: Kpi, target: float | None = None, today: date | None = None) -> KeyResult:
    """A key result that follows a KPI (its unit, direction and values).

    A KPI that needs improving (its latest value short of its target, or no
    target and a warning or worse) becomes "reach": from its latest value to
    its target. A healthy one becomes "stay above" (or "stay below") its
    warning level, so the new level is kept rather than chased.
    """
    from .health import OK, ON_TARGET, kpi_status

    latest = kpi.series.latest
    start = latest[1] if latest else 0.0
    status = kpi_status(kpi, today or date.today())
    healthy = latest is not None and status.level in (OK, ON_TARGET) and (
        kpi.target is None or status.level == ON_TARGET)
    if target is None and healthy and (kpi.warn is not None or kpi.target is not None):
        level = kpi.warn if kpi.warn is not None else kpi.target
        kr_type = "above" if kpi.direction == "up" else "below"
        title = f"{kpi.name}: stay {'at or above' if kr_type == 'above' else 'at or below'} {_number(level)}"
        goal = level
    else:
        kr_type = "reach"
        goal = target if target is not None else kpi.target
        if goal is None:
            raise ValueError(f"KPI {kpi.name!r} has no target to reach: give it one first (or name a target)")
        title = f"{kpi.name}: reach {_number(goal)}"
    unit = f" {kpi.unit}" if kpi.unit else ""
    return KeyResult(
        title=title + unit,
        kind="percent" if kpi.unit == "%" else "number",
        start=start,
        target=goal,
        current=start,
        unit=kpi.unit,
        kpi=kpi.id,
        type=kr_type,
        direction=kpi.direction,
    )


def follow_kpi(kr: KeyResult, kpi: Kpi, period: Period) -> KeyResult:
    """The key result as its KPI moves it: unit and direction from the KPI, start from
    the KPI's value at the period's start (its latest before, else its first in the
    period), current value and history from the KPI's values within the period.

    `kpi.series` must reach back to before the period (the whole history will do).
    The key result's own check-ins are replaced by the KPI's values, as check-ins at noon.
    """
    from bisect import bisect_left, bisect_right

    dates, values = kpi.series.dates, kpi.series.values
    first = bisect_left(dates, period.start.isoformat())
    last = bisect_right(dates, period.end.isoformat())
    within = list(zip(dates[first:last], values[first:last]))
    if first > 0:
        start = values[first - 1]
    elif within:
        start = within[0][1]
    else:
        start = kr.start
    notes = kpi.series.notes
    who = kpi.series.by
    checkins = [CheckIn(f"{day}T12:00:00", value, kr.confidence, notes.get(day, ""), who.get(day, ""))
                for day, value in within]
    return replace(
        kr,
        unit=kpi.unit,
        direction=kpi.direction,
        start=start if kr.type == "reach" else kr.start,
        current=within[-1][1] if within else (start if first > 0 else kr.current),
        checkins=checkins,
    )


def last_checkin_day(kr: KeyResult) -> date | None:
    return datetime.fromisoformat(kr.checkins[-1].at).date() if kr.checkins else None


def overdue_checkins(objective: Objective, today: date) -> list[KeyResult]:
    """Key results of an active objective in a running period with no check-in for its cadence (a week unless set)."""
    if objective.status != "active":
        return []
    period = Period.parse(objective.period)
    if not period.contains(today):
        return []
    overdue = []
    for kr in objective.key_results:
        # never checked in: due a week after the period started, or after the key result was planned
        since = last_checkin_day(kr) or max(period.start, kr.added or period.start)
        if (today - since).days > CHECKIN_CADENCES.get(objective.checkin_every, CHECKIN_EVERY_DAYS):
            overdue.append(kr)
    return overdue


def _number(value: float) -> str:
    return f"{value:g}"
