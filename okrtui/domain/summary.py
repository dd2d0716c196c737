"""What a dashboard or status report shows about one objective, computed once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .budget import Budget, objective_budgets
from .guard import DEFAULT_GUARD_CAP, GuardBreach, capped_grade, guard_breaches
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
    suggested_grade: float  # capped when a guard KPI went critical (guard.py)
    guard_breaches: tuple[GuardBreach, ...] = ()
    guard_cap: float = DEFAULT_GUARD_CAP
    budgets: dict[str, Budget] = field(default_factory=dict)  # stay-above/below key results' error budgets

    def guard_words(self) -> list[str]:
        """Why the suggested grade is capped, a line per key result whose guard went critical."""
        bites = suggested_grade(self.progress) > self.guard_cap
        return [breach.words(self.guard_cap, bites) for breach in self.guard_breaches]

    def target_lines(self) -> list[str]:
        """For the detail screen: each key result's error budget (those with a hold below 1) and why the
        suggested grade is capped; a line that warns starts with ⚠."""
        lines = []
        for kr in self.objective.key_results:
            budget = self.budgets.get(kr.id)
            if budget is not None and kr.hold < 1:
                glyph, runs_out = ("⚠", " · runs out early") if budget.runs_out else ("·", "")
                lines.append(f"{glyph} {kr.id} holds {kr.hold:.0%}: {budget.words()}{runs_out}")
        return lines + [f"⚠ {line}" for line in self.guard_words()]

    def kr_marks(self) -> dict[str, str]:
        """Words for the dashboard's key-result rows, by id: a budget that runs out before the period ends
        at the current burn rate (a hold below 1, as okrtui check says), or a guard gone critical."""
        marks = {b.kr_id: "guard critical" for b in self.guard_breaches}
        for kr_id, budget in self.budgets.items():
            kr = next(k for k in self.objective.key_results if k.id == kr_id)
            if kr.hold < 1 and budget.runs_out and self.pace not in (None, ENDED):
                marks[kr_id] = budget.verdict if kr_id not in marks else f"{budget.verdict}, guard critical"
        return marks


def summarize(objective: Objective, today: date, children: dict[int, list[Objective]] | None = None,
              guard_cap: float = DEFAULT_GUARD_CAP) -> ObjectiveSummary:
    """children (alignment.children_of of every objective): given, an objective that rolls up its
    aligned children shows that progress; without, its key results' alone. guard_cap: the highest
    suggested grade once a guard KPI went critical (config.toml [grading] guard_cap)."""
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
    breaches = guard_breaches(objective)
    return ObjectiveSummary(
        objective=objective,
        progress=progress,
        pace=pace_now,
        kr_progress={kr.id: kr_progress(kr) for kr in objective.key_results},
        warnings=validate_objective(objective).warnings,
        overdue=overdue_checkins(objective, today),
        suggested_grade=capped_grade(suggested_grade(progress), bool(breaches), guard_cap),
        guard_breaches=tuple(breaches),
        guard_cap=guard_cap,
        budgets=objective_budgets(objective, today),
    )
