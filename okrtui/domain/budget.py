"""Error budgets for "stay above" and "stay below": how many measurements may miss the level in a
period, how many have, and how fast the rest is burning (the SRE practice, adapted to daily values).

A key result or KPI that must hold its level in a share `hold` of its measurements (0 < hold <= 1)
may miss in the rest: over a period that expects N measurements (one per cadence), it may miss
floor(N x (1 - hold)) of them. That is whole measurements, so the budget agrees with progress
(held share / hold): staying within it is holding the share.

A burn rate over a window is the window's miss rate over the rate the budget allows,
(misses / measurements) / (1 - hold): 1.0 spends the budget exactly by the period's end, 2.0 twice
as fast. The windows end at the newest measurement (a value a day: "the last day" is the newest
value). A window without measurements, or hold 1.0 (no budget to burn), has no burn rate (None).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from .health import CRITICAL, WARNING, health_level
from .models import CADENCE_DAYS, KeyResult, Kpi, Objective
from .period import Period
from .progress import holds
from .vocabulary import CHECKIN_CADENCES

_EPSILON = 1e-9
WINDOWS = (7, 1)  # days: the slow window says the trend, the fast one the latest day


def check_hold(value: float) -> float:
    """A hold share: finite, more than 0 and at most 1; ValueError in words."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"a hold is a share such as 0.95, not {value!r}")
    if not 0 < value <= 1:
        raise ValueError(f"a hold is a share more than 0 and at most 1 (0.95: 95% of measurements), not {value:g}")
    return float(value)


@dataclass(frozen=True)
class Budget:
    expected: int  # measurements the period expects (one per cadence)
    allowed: int  # misses the period allows: floor(expected x (1 - hold))
    used: int  # misses so far in the period
    burn_7d: float | None  # None: no measurements in the window, or hold 1.0
    burn_1d: float | None
    runs_out: bool  # at the current miss rate the budget is spent before the period ends

    @property
    def left(self) -> int:
        """Misses still allowed; negative once the budget is overspent."""
        return self.allowed - self.used

    def as_json(self) -> dict:
        return {"allowed": self.allowed, "used": self.used, "left": self.left,
                "burn_7d": self.burn_7d, "burn_1d": self.burn_1d, "runs_out": self.runs_out}

    @property
    def verdict(self) -> str:
        """"budget spent" once more misses came than it allows, else "budget runs out" (before the period ends)."""
        return "budget spent" if self.left < 0 else "budget runs out"

    def words(self) -> str:
        """Budget left and the burn rates, e.g. "1 of 4 misses left, burn 7d 2.3x, 1d -"."""
        def rate(value: float | None) -> str:
            return "-" if value is None else f"{value:.1f}x"

        left = f"{self.left} of {self.allowed} misses left" if self.left >= 0 else f"{self.used} misses, {self.allowed} allowed"
        return f"{left}, burn 7d {rate(self.burn_7d)}, 1d {rate(self.burn_1d)}"


def expected_measurements(period: Period, every_days: int) -> int:
    """One measurement per cadence over the period, at least one."""
    return max(1, math.ceil(period.days / max(1, every_days)))


def error_budget(measurements: list[tuple[date, bool]], hold: float, period: Period, today: date,
                 every_days: int) -> Budget:
    """The budget of a level held in `hold` of the measurements; measurements: (day, held) pairs.
    Only those within the period and not after today count."""
    within = sorted((day, held) for day, held in measurements if period.start <= day <= min(today, period.end))
    expected = expected_measurements(period, every_days)
    allowed = math.floor(expected * (1 - hold) + _EPSILON)
    used = sum(1 for _, held in within if not held)
    newest = within[-1][0] if within else today
    rates = {}
    for days in WINDOWS:
        recent = [held for day, held in within if day > newest - timedelta(days=days)]
        rates[days] = (sum(1 for held in recent if not held) / len(recent)) if recent else None
    burns = {days: None if rate is None or hold >= 1 - _EPSILON else round(rate / (1 - hold), 6) for days, rate in rates.items()}
    # the miss rate now: the last week's, else the period's so far
    miss_rate = rates[7] if rates[7] is not None else (used / len(within) if within else 0.0)
    remaining = max(0, (period.end - max(today, period.start - timedelta(days=1))).days) / max(1, every_days)
    runs_out = used > allowed or used + miss_rate * remaining > allowed + _EPSILON
    return Budget(expected, allowed, used, burns[7], burns[1], runs_out)


def kr_budget(kr: KeyResult, period: Period, today: date, every_days: int) -> Budget | None:
    """A stay-above/below key result's budget from its measurements (check-ins, or its KPI's values
    in the period); None for a reach key result. every_days: its KPI's cadence, else its objective's
    check-in cadence."""
    if kr.type not in ("above", "below"):
        return None
    measured = [(date.fromisoformat(c.at[:10]), holds(kr, c.value)) for c in kr.checkins]
    return error_budget(measured, kr.hold, period, today, every_days)


def kpi_budget(kpi: Kpi, today: date) -> Budget | None:
    """A KPI's budget in the quarter of today: a value at or beyond its warning level (or its critical
    level, without a warning one) is a miss. None without a hold or a level to hold."""
    if kpi.hold is None or (kpi.warn is None and kpi.crit is None):
        return None
    measured = [(date.fromisoformat(day), health_level(kpi, value) not in (WARNING, CRITICAL))
                for day, value in zip(kpi.series.dates, kpi.series.values)]
    return error_budget(measured, kpi.hold, Period.containing(today), today, CADENCE_DAYS.get(kpi.cadence, 1))


def objective_budgets(objective: Objective, today: date) -> dict[str, Budget]:
    """The budget of each stay-above/below key result, by id: measured at its KPI's cadence when it
    follows one, else at the objective's check-in cadence."""
    period = Period.parse(objective.period)
    every = CHECKIN_CADENCES.get(objective.checkin_every, 7)
    out = {}
    for kr in objective.key_results:
        budget = kr_budget(kr, period, today, kr.every_days or every)
        if budget is not None:
            out[kr.id] = budget
    return out
