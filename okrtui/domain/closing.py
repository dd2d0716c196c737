"""Closing a quarter: final grades and statuses, carrying a missed objective over, and
turning what was reached into KPIs that keep it. Pure rules; the store applies them."""

from __future__ import annotations

import copy

from .models import Initiative, KeyResult, Kpi, Objective
from .progress import objective_progress, suggested_grade
from .validation import is_measurable

CLOSED_STATUSES = ("achieved", "missed", "dropped")


class ClosingError(ValueError):
    """A closing or carrying request that does not make sense, in words."""


def close(objective: Objective, status: str, grade: float | None = None, note: str | None = None) -> Objective:
    """The objective closed: its final status and grade (the suggested one if none is given)."""
    if status not in CLOSED_STATUSES:
        raise ClosingError(f"status must be one of {', '.join(CLOSED_STATUSES)}, not {status!r}")
    if grade is not None and not 0.0 <= grade <= 1.0:
        raise ClosingError(f"a grade is from 0.0 to 1.0, not {grade:g}")
    closed = copy.deepcopy(objective)
    closed.status = status
    closed.review.grade = suggested_grade(objective_progress(objective)) if grade is None else grade
    if note is not None:
        closed.review.note = note
    return closed


def checkin_refusal(objective: Objective, kr: KeyResult, continuation: Objective | None) -> str | None:
    """Why a check-in on this key result is refused, in words (None: its objective is open).
    A closed (achieved, missed, dropped) or carried objective keeps the numbers it ended with;
    `continuation` is the objective it was carried into, if that still exists."""
    if continuation is not None:
        following = next((k for k in continuation.key_results if k.title == kr.title), None)
        if following is not None:
            return f"{kr.id} is closed: carried into {following.id}; okrtui checkin {following.id} VALUE"
        return (f"{kr.id} is closed: objective {objective.id} was carried into objective {continuation.id},"
                f" which does not keep this key result")
    if objective.status in CLOSED_STATUSES or objective.status == "carried":
        return (f"{kr.id} is closed: objective {objective.id} is {objective.status}; okrtui objective reopen"
                f" {objective.id} opens it again")
    return None


def reopened(objective: Objective, continuation: Objective | None) -> Objective:
    """The objective open again (active, or a draft without a measurable key result): its final
    grade and closing date go, its reflection stays. One carried into an objective that still
    exists is not reopened: its work goes on there."""
    if continuation is not None:
        raise ClosingError(f"objective {objective.id} was carried into objective {continuation.id}: its work goes on"
                           f" there (delete objective {continuation.id} first to reopen this one)")
    if objective.status not in CLOSED_STATUSES and objective.status != "carried":
        raise ClosingError(f"objective {objective.id} is {objective.status}, not closed")
    opened = copy.deepcopy(objective)
    opened.status = "active" if any(is_measurable(kr) for kr in opened.key_results) else "draft"
    opened.review.grade = None
    opened.review.closed = None
    opened.carried_into = None
    return opened


def carried_over(objective: Objective, to_period: str, drop: set[str], targets: dict[str, float]) -> Objective:
    """The next period's objective: the kept key results start from their closing values
    (a key result that follows a KPI keeps following it), with no check-ins; initiatives not
    done come along. `drop` and `targets` name key results by id."""
    known = {kr.id for kr in objective.key_results}
    unknown = sorted((drop | set(targets)) - known)
    if unknown:
        raise ClosingError(f"objective {objective.id} has no key result {', '.join(unknown)}"
                           f" (it has {', '.join(sorted(known)) or 'none'})")
    if drop & set(targets):
        raise ClosingError(f"key result {sorted(drop & set(targets))[0]} is both dropped and given a target")
    kept = []
    for kr in objective.key_results:
        if kr.id in drop:
            continue
        new = KeyResult(kr.title, kind=kr.kind, start=kr.value, target=targets.get(kr.id, kr.target), unit=kr.unit,
                        weight=kr.weight, kpi=kr.kpi, type=kr.type, direction=kr.direction)
        if (new.kpi is None and kr.direction is None and kr.id not in targets
                and kr.lower_is_better != new.lower_is_better):
            new.direction = "down" if kr.lower_is_better else "up"  # a start now past the old target keeps the aim
        kept.append(new)
    status = "active" if any(is_measurable(kr) for kr in kept) else "draft"
    return Objective(
        title=objective.title, period=to_period, why=objective.why, owner=objective.owner, team=objective.team,
        kind=objective.kind, status=status, parent=objective.parent, key_results=kept,
        initiatives=[Initiative(i.title, i.status) for i in objective.initiatives if i.status != "done"],
        carried_from=objective.id,
    )


def kpi_from_key_result(kr: KeyResult, name: str | None = None) -> Kpi:
    """A KPI that keeps the level a key result reached: its unit and direction, target = the
    level reached, warning and critical levels a quarter and a half of the way back to its start."""
    down = kr.lower_is_better
    reached = kr.value
    span = abs(reached - kr.start) or abs(reached) * 0.1 or 1.0
    back = 1 if down else -1  # which way "worse" is
    return Kpi(
        name=name or kr.title,
        unit=kr.unit,
        direction="down" if down else "up",
        target=reached,
        warn=reached + back * span * 0.25,
        crit=reached + back * span * 0.5,
    )
