"""What a dashboard or status report shows about one objective, computed once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .models import KeyResult, Objective
from .period import Period
from .planning import overdue_checkins
from .progress import ENDED, kr_progress, objective_progress, pace, suggested_grade
from .validation import validate_objective


@dataclass(frozen=True)
class ObjectiveSummary:
    objective: Objective
    progress: float | None
    pace: str | None
    kr_progress: dict[str, float]
    warnings: list[str]
    overdue: list[KeyResult]
    suggested_grade: float


def summarize(objective: Objective, today: date, children: dict[int, list[Objective]] | None = None) -> ObjectiveSummary:
    """children (alignment.children_of of every objective): given, an objective that rolls up its
    aligned children shows that progress; without, its key results' alone."""
    period = Period.parse(objective.period)
    if children is not None and objective.rollup != "krs":
        from .alignment import rolled_progress

        progress = rolled_progress(objective, children)
    else:
        progress = objective_progress(objective)
    show_pace = objective.status == "active"
    if show_pace and today > period.end:  # over: say where it ended, never "on track"
        pace_now = ENDED
    else:
        pace_now = pace(progress, period.elapsed_fraction(today)) if show_pace else None
    return ObjectiveSummary(
        objective=objective,
        progress=progress,
        pace=pace_now,
        kr_progress={kr.id: kr_progress(kr) for kr in objective.key_results},
        warnings=validate_objective(objective).warnings,
        overdue=overdue_checkins(objective, today),
        suggested_grade=suggested_grade(progress),
    )
