"""Guard metrics: the KPI that must not suffer while a key result is chased (faster responses
without lower satisfaction). A guard that went critical during the period caps the grade."""

from __future__ import annotations

from dataclasses import dataclass

from .health import CRITICAL, health_level
from .models import KeyResult, Kpi, Objective
from .period import Period

DEFAULT_GUARD_CAP = 0.7  # config.toml [grading] guard_cap


def first_critical(kpi: Kpi, period: Period) -> str | None:
    """The first day within the period on which the KPI's value was at or beyond its critical level
    (by its direction); None if it never was, or it has no critical level."""
    if kpi.crit is None:
        return None
    start, end = period.start.isoformat(), period.end.isoformat()
    for day, value in zip(kpi.series.dates, kpi.series.values):
        if start <= day <= end and health_level(kpi, value) == CRITICAL:
            return day
    return None


@dataclass(frozen=True)
class GuardBreach:
    kr_id: str
    kpi_name: str
    day: str  # the first day the guard went critical

    def words(self, cap: float, bites: bool = True) -> str:
        """bites: the grade would be above the cap without it ("capped at"), else it is at most the cap."""
        return (f"grade {'capped at' if bites else 'at most'} {cap:.1f}: guard {self.kpi_name} went critical on"
                f" {self.day} ({self.kr_id})")


def guard_breaches(objective: Objective) -> list[GuardBreach]:
    """The key results whose guard KPI went critical in the period (as the store read them)."""
    return [GuardBreach(kr.id, kr.guard_name, kr.guard_critical) for kr in objective.key_results
            if kr.guard is not None and kr.guard_critical is not None]


def capped_grade(grade: float, breached: bool, cap: float = DEFAULT_GUARD_CAP) -> float:
    """The suggested grade, no higher than the cap once a guard went critical."""
    return min(grade, cap) if breached else grade


def guard_from_name(text: str, kpis: list[Kpi], followed: int | None = None) -> int | None:
    """The id of the guard KPI a form names ("" : no guard); ValueError in words for an unknown,
    ambiguous or followed KPI."""
    from .matching import MatchError, find_one

    if not text.strip():
        return None
    try:
        kpi = find_one(text, kpis, lambda k: k.name, what="KPI")
    except MatchError as exc:
        raise ValueError(str(exc)) from None
    if kpi.id == followed:
        raise ValueError(f"{kpi.name!r} is the KPI this key result follows: a guard is another KPI")
    return kpi.id


def guard_json(kr: KeyResult) -> dict | None:
    """What status --json says about a key result's guard (None: it has none)."""
    if kr.guard is None:
        return None
    return {"kpi": kr.guard, "name": kr.guard_name or None, "breached": kr.guard_critical is not None,
            "since": kr.guard_critical}
