"""What moved since a date: check-ins, KPIs crossing their levels, objectives closed or carried,
biggest first. For `okrtui report --since`."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from .health import health_level, kpi_scale
from .models import Kpi, Objective
from .progress import kr_progress


@dataclass(frozen=True)
class Move:
    kind: str  # "closed", "kpi", "check-in"
    size: float  # how big, to sort by: 1.0 + grade for closings, a share of the way or of the scale
    words: str
    ref: str  # the objective, key result or KPI it is about


def moves_since(objectives: list[Objective], kpis: list[Kpi], since: date) -> list[Move]:
    """Every move since `since` (inclusive), biggest first."""
    day = since.isoformat()
    found: list[Move] = []
    for o in objectives:
        if o.review.closed and o.review.closed >= day:
            grade = f", grade {o.review.grade:.1f}" if o.review.grade is not None else ""
            into = f", carried into {o.carried_into}" if o.carried_into else ""
            found.append(Move("closed", 2.0, f"objective {o.id} {o.title}: {o.status}{grade}{into}", str(o.id)))
        for kr in o.key_results:
            if kr.kpi is not None:
                continue  # its KPI's moves say it
            recent = [c for c in kr.checkins if c.at[:10] >= day]
            if not recent:
                continue
            earlier = [c for c in kr.checkins if c.at[:10] < day]
            was = earlier[-1].value if earlier else kr.start
            then = kr_progress(_at(kr, was))
            now = kr_progress(_at(kr, recent[-1].value))
            found.append(Move("check-in", abs(now - then),
                              f"{kr.id} {kr.title}: {_with(was, kr.unit)} → {_with(recent[-1].value, kr.unit)}"
                              f" ({(now - then) * 100:+.0f} points)", kr.id))
    for kpi in kpis:
        dates, values = kpi.series.dates, kpi.series.values
        cut = bisect_left(dates, day)
        if cut == len(dates) or cut == 0:
            continue  # nothing new, or nothing before to compare with
        was, now = values[cut - 1], values[-1]
        before, after = health_level(kpi, was), health_level(kpi, now)
        scale = kpi_scale(kpi, values[max(0, cut - 14):]) or abs(was) or 1.0
        crossed = before != after
        words = f"{kpi.name}: {_with(was, kpi.unit)} → {_with(now, kpi.unit)}" + (
            f" ({before} → {after})" if crossed else "")
        found.append(Move("kpi", abs(now - was) / scale + (1.0 if crossed else 0.0), words, kpi.name))
    return sorted(found, key=lambda move: -move.size)


def _at(kr, value: float):
    from dataclasses import replace

    return replace(kr, current=value, checkins=[])


def _with(value: float, unit: str) -> str:
    """12 visits, 9.2%, $5162."""
    if unit in ("$", "€", "£", "¥"):
        return f"-{unit}{-value:g}" if value < 0 else f"{unit}{value:g}"
    return f"{value:g} {unit}" if len(unit) > 1 else f"{value:g}{unit}"
