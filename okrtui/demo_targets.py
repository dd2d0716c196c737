"""The demo's story of honest targets: the service team cut response times, but call completion
slipped. Its stay-above key result is burning its error budget, and the completion rate, the guard
of the response-time key result, went critical, which caps the objective's suggested grade."""

from __future__ import annotations

import random
from datetime import date

from .domain.models import KeyResult, Kpi, Objective
from .domain.period import Period

GUARD_KPI = "Customer service call completion rate"
SLIPPING_DAYS = 6  # the last days below the level: the budget burns fast
CRITICAL_DAYS_AGO = 3  # the day the guard went critical


def add_target_stories(plans: list[tuple[Objective, list[float]]], kpis: list[Kpi], today: date,
                       rng: random.Random) -> None:
    """Shape the completion rate's values in this period, add the stay-above key result that follows it
    (hold 0.9), and make it the guard of the response-time key result."""
    kpi_id = next(index + 1 for index, kpi in enumerate(kpis) if kpi.name == GUARD_KPI)
    kpi = kpis[kpi_id - 1]
    service = next(objective for objective, _ in plans if objective.team == "Service")
    period = Period.parse(service.period)
    for index, day in enumerate(kpi.series.dates):
        current = date.fromisoformat(day)
        if period.start <= current <= today:
            slipping = (today - current).days < SLIPPING_DAYS
            value = rng.uniform(87.5, 89.5) if slipping else rng.uniform(91, 94)
            kpi.series.values[index] = 84.0 if (today - current).days == CRITICAL_DAYS_AGO else round(value, 1)
    guarded = next(kr for kr in service.key_results if kr.kpi is not None)
    guarded.guard = kpi_id
    service.key_results.append(KeyResult(
        title="Call completion stays at or above 90%", kind="percent", start=90, target=90, unit="%",
        kpi=kpi_id, type="above", direction="up", hold=0.9, confidence=6,
        added=period.start))
