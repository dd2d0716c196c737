"""The demo's story of honest targets: the service team cut response times, but call completion
slipped. Its stay-above key result is burning its error budget, and the completion rate, the guard
of the response-time key result, went critical this period, which caps the objective's grade."""

from __future__ import annotations

from .domain.models import KeyResult, Kpi, Objective
from .domain.period import Period

GUARD_KPI = "Customer service call completion rate"


def add_target_stories(plans: list[tuple[Objective, list[float]]], kpis: list[Kpi]) -> None:
    """Add the stay-above key result that follows the completion rate (at or above its critical level
    on at least half the days: hold 0.5), and make that KPI the guard of the response-time key result.
    The KPI's values are the demo's own: nothing random is drawn, so the rest of the demo stays as it was."""
    kpi_id = next(index + 1 for index, kpi in enumerate(kpis) if kpi.name == GUARD_KPI)
    service = next(objective for objective, _ in plans if objective.team == "Service")
    guarded = next(kr for kr in service.key_results if kr.kpi is not None)
    guarded.guard = kpi_id
    level = kpis[kpi_id - 1].crit
    service.key_results.append(KeyResult(
        title=f"Call completion at or above {level:g}% on half the days", kind="percent", start=level, target=level,
        unit="%", kpi=kpi_id, type="above", direction="up", hold=0.5, confidence=5,
        added=Period.parse(service.period).start))
    # a KPI's own error budget: trial conversion may sit at or past its warning level on a fifth of the
    # days; it has already spent more than that this quarter, so the dashboard marks it and check says so
    trials = next(kpi for kpi in kpis if kpi.name == "Trial-to-customer conversion")
    trials.hold = 0.8
