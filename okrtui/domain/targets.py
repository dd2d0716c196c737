"""A key result's guard KPI and hold as a form types them: the wizard's fields, checked as
`kr add/edit --guard --hold` check theirs (guard.py, budget.py)."""

from __future__ import annotations

from .budget import check_hold
from .guard import guard_from_name
from .models import KeyResult, Kpi
from .parsing import parse_number


def typed_targets(guard_text: str, hold_text: str, kpis: list[Kpi],
                  editing: KeyResult | None) -> tuple[int | None, float, dict[str, str]]:
    """(guard KPI id, hold, {field: refusal in words}). The guard is a KPI's name (not the one the key
    result follows); the hold is for a key result that stays above or below a level, blank being 1
    (the whole period must hold). A new key result from the form reaches a target, so it takes none."""
    errors: dict[str, str] = {}
    guard, hold = None, 1.0
    try:
        guard = guard_from_name(guard_text, kpis, editing.kpi if editing is not None else None)
    except ValueError as exc:
        errors["kr-guard"] = str(exc)
    typed = hold_text.strip()
    if typed and (editing is None or editing.type not in ("above", "below")):
        errors["kr-hold"] = "a hold is for a key result that stays above or below a level; this one reaches a target"
    elif typed:
        try:
            hold = check_hold(parse_number(typed, "the hold"))
        except ValueError as exc:
            errors["kr-hold"] = str(exc)
    return guard, hold, errors
