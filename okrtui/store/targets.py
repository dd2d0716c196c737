"""The stored fields of honest targets (a key result's hold and guard), and what a read adds to
a key result from the KPIs it names: its KPI's cadence and whether its guard went critical."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..domain.guard import first_critical
from ..domain.models import CADENCE_DAYS, Objective
from ..domain.period import Period

if TYPE_CHECKING:
    from ..domain.models import KeyResult
    from .kpirepo import KpiRepo


def kr_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """hold and guard of a stored key result (schema.py checked them); absent: 1.0 and none."""
    return {"hold": float(doc.get("hold", 1.0)), "guard": doc.get("guard")}


def kr_doc(kr: KeyResult) -> dict[str, Any]:
    """Written only when set: older documents stay as they were."""
    return {**({"hold": kr.hold} if kr.hold != 1.0 else {}), **({"guard": kr.guard} if kr.guard is not None else {})}


def annotate(repo: KpiRepo, objective: Objective) -> None:
    """Each key result's measurement cadence (its KPI's) and its guard's state in the period.
    A guard KPI that is gone leaves the key result unguarded in effect (its name stays "")."""
    period = None
    for kr in objective.key_results:
        if kr.kpi is not None:
            kpi = repo.full_kpi(kr.kpi)
            if kpi is not None:
                kr.every_days = CADENCE_DAYS.get(kpi.cadence, 1)
        if kr.guard is None:
            continue
        guard = repo.full_kpi(kr.guard)
        if guard is None:
            continue
        period = period or Period.parse(objective.period)
        kr.guard_name = guard.name
        kr.guard_critical = first_critical(guard, period)


def unguard(objective: Objective, kpi_id: int) -> bool:
    """The key results that a deleted KPI guarded guard nothing now; whether any did."""
    guarded = [kr for kr in objective.key_results if kr.guard == kpi_id]
    for kr in guarded:
        kr.guard = None
    return bool(guarded)
