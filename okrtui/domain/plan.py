"""The plan as it was frozen, the changes made to it since, and the grade against it.

A period's plan freezes once (store/planlog.py decides when): each key result's start,
target, type, weight, due day and hold, and which key results each objective had. Every later
change to those is a PlanChange. Pure: no store, no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from .models import KeyResult, Objective
from .parsing import exact_text
from .guard import DEFAULT_GUARD_CAP, capped_grade, guard_breaches
from .progress import objective_progress, suggested_grade
from .vocabulary import KR_FIELD



@dataclass(frozen=True)
class FrozenKr:
    start: float = 0.0
    target: float = 1.0
    type: str = "reach"
    weight: float = 1.0
    due: date | None = None
    hold: float = 1.0  # the share of measurements a stay-above/below key result must hold


@dataclass
class FrozenPlan:
    day: date  # the day the plan froze
    key_results: dict[int, FrozenKr] = field(default_factory=dict)  # by key-result number


@dataclass(frozen=True)
class PlanChange:
    record: str  # the key result: "<objective id>.<n>"
    field: str  # one of FROZEN_FIELDS, or KR_FIELD
    before: float | str | None  # "from"
    after: float | str | None  # "to"
    by: str = ""  # "" : nobody known
    at: str = ""  # ISO time, seconds precision

    @property
    def day(self) -> str:
        return self.at[:10]


def kr_number(kr: KeyResult) -> int | None:
    _, _, number = kr.id.rpartition(".")
    return int(number) if number.isdigit() else None


def as_frozen(kr: KeyResult, frozen: FrozenKr) -> KeyResult:
    """The key result measured against the plan it had when the period froze. A reach key result
    that follows a KPI keeps today's start: that start is the KPI's value at the period's start,
    which nobody plans (kr edit --start refuses it) and which planlog does not record."""
    followed = kr.kpi is not None and kr.type == frozen.type == "reach"
    return dataclasses.replace(kr, start=kr.start if followed else frozen.start, target=frozen.target, type=frozen.type, weight=frozen.weight,
                               due=frozen.due, hold=frozen.hold)


def frozen_objective(objective: Objective) -> Objective | None:
    """The objective as planned: only the key results the plan had, with their frozen numbers
    (current values stay as measured). None when its period's plan is not frozen."""
    plan = objective.plan
    if plan is None:
        return None
    krs = [as_frozen(kr, plan.key_results[n]) for kr in objective.key_results
           if (n := kr_number(kr)) is not None and n in plan.key_results]
    return dataclasses.replace(objective, key_results=krs)


def grades(objective: Objective, cap: float = DEFAULT_GUARD_CAP) -> tuple[float, float | None]:
    """The suggested grade against the current plan, and against the frozen one (None: not frozen);
    both capped at `cap` when a guard KPI went critical, as the review and `okrtui close` grade."""
    breached = bool(guard_breaches(objective))
    now = capped_grade(suggested_grade(objective_progress(objective)), breached, cap)
    planned = frozen_objective(objective)
    return now, None if planned is None else capped_grade(suggested_grade(objective_progress(planned)), breached, cap)


def kr_changes(objective: Objective, kr_id: str) -> list[PlanChange]:
    return [change for change in objective.changes if change.record == kr_id]


def _value_words(value: float | str | None, number: Callable[[float], str]) -> str:
    if value is None:
        return "none"
    if isinstance(value, float):
        return number(value)
    return value


LEVEL_FIELDS = ("start", "target")  # written with the key result's unit ($150k); weight and hold are bare


def change_words(change: PlanChange, number: Callable[[float], str] = exact_text, whose: bool = True,
                 level: Callable[[float], str] | None = None) -> str:
    """'target lowered $150k → $120k on 2026-11-02 by Mei' (raw text: the caller sanitises it).
    level: how a start or target is written (with its unit); number: every other number."""
    when = f" on {change.day}" if change.day else ""
    who = f" by {change.by}" if whose and change.by else ""
    if change.field == KR_FIELD:
        what = "key result added" if change.before is None else "key result removed"
        return f"{what}{when}{who}"
    verb = "changed"
    if isinstance(change.before, float) and isinstance(change.after, float):
        verb = "lowered" if change.after < change.before else "raised" if change.after > change.before else "kept"
    elif change.field == "due":
        verb = "moved"
    written = level if level is not None and change.field in LEVEL_FIELDS else number
    return (f"{change.field} {verb} {_value_words(change.before, written)} → {_value_words(change.after, written)}"
            f"{when}{who}")


def grade_words(objective: Objective, cap: float = DEFAULT_GUARD_CAP) -> str | None:
    """'grade 0.4 by today's targets, 0.3 by the plan frozen on 2026-10-01': the suggested grade both
    ways (None: nothing of its frozen plan changed, so there is only the one grade)."""
    now, planned = grades(objective, cap)
    if planned is None or not objective.changes:
        return None
    return f"grade {now:.1f} by today's targets, {planned:.1f} by the plan frozen on {objective.plan.day.isoformat()}"


def period_changes(objectives: list[Objective]) -> list[PlanChange]:
    """Every change to the frozen plans of these objectives, oldest first (stable for equal times)."""
    return sorted((change for o in objectives for change in o.changes), key=lambda change: change.at)


def frozen_day(objectives: list[Objective]) -> date | None:
    """The day these objectives' (one period's) plan froze: the earliest, should merges disagree."""
    return min((o.plan.day for o in objectives if o.plan is not None), default=None)
