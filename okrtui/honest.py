"""Honest targets in words, for the screens and the commands alike: where a key result will land
(domain/forecast.py) and whether its target was ever reachable (domain/feasibility.py)."""

from __future__ import annotations

from datetime import date

from .domain.feasibility import MIN_HISTORY_DAYS, Feasibility, feasibility
from .domain.forecast import MIN_POINTS, forecast
from .domain.models import BINARY_KR_KINDS, KeyResult, Kpi
from .domain.period import Period
from .domain.progress import grade_band
from .domain.safetext import printable
from .textfmt import cell_width, with_unit


def forecast_words(kr: KeyResult, period: Period) -> str:
    """"on course for 0.6 (yellow) by 31 Dec: 118 min at the trend of 12 measurements", or why not."""
    if kr.kind in BINARY_KR_KINDS:
        return "no forecast: it is done or not"
    found = forecast(kr, period)
    if found is None:
        return f"forecast: not enough data yet ({MIN_POINTS} measurements in the period needed)"
    return f"on course for {landing_words(kr, found)} at the trend of {found.points} measurements"


def landing_words(kr: KeyResult, found) -> str:
    """"0.6 (yellow) by 31 Dec: 118 min": the grade a forecast gives, and the value it lands at."""
    return (f"{found.grade:.1f} ({grade_band(found.grade)}) by {found.end:%d %b}: "
            f"{with_unit(found.value, printable(kr.unit), compact=True)}")


def forecast_cell(kr: KeyResult, period: Period) -> str:
    """status's column: "→ 0.6" (the grade it is on course for), "" without a forecast."""
    found = forecast(kr, period)
    return "" if found is None else f"→ {found.grade:.1f}"


def periods_name(period: Period) -> str:
    if period.quarter:
        return "quarters"
    months = period.whole_months
    if months:
        return "months" if months == 1 else f"{months}-month periods"
    return f"{period.days}-day periods"


def asked_words(kr: KeyResult, found: Feasibility) -> str:
    if kr.type in ("above", "below"):
        level = with_unit(kr.target, printable(kr.unit))
        return f"staying {'at or above' if kr.type == 'above' else 'at or below'} {level} held"
    if found.relative:
        return f"a change of {found.change * 100:+.3g}% happened"
    return f"a change of {'+' if found.change >= 0 else '-'}{with_unit(abs(found.change), printable(kr.unit))} happened"


def feasibility_words(kr: KeyResult, kpi: Kpi | None, period: Period) -> str:
    """"a change of +20% happened in 1 of 12 past quarters: aspirational suits it", or "" when the
    key result follows no KPI with a year of history."""
    found = feasibility(kr, kpi, period)
    if found is None:
        return ""
    return (f"{asked_words(kr, found)} in {found.reached} of {found.periods} past {periods_name(period)}: "
            f"{found.suggested_kind} suits it")


def honest_json(kr: KeyResult, period: Period, kpi_of=None) -> dict:
    """`--json`'s "forecast" ({"value", "grade", "points"} or null) and "feasibility"
    ({"periods", "reached"} or null) of a key result; kpi_of(id) gives a followed KPI with its history."""
    from .domain.feasibility import feasibility_json
    from .domain.forecast import forecast_json

    kpi = kpi_of(kr.kpi) if kpi_of is not None and kr.kpi is not None else None
    return {"forecast": forecast_json(kr, period), "feasibility": feasibility_json(kr, kpi, period)}


def forecast_cells(summaries: list) -> dict[str, str]:
    """status's forecast column for every key result of the summaries, by key result id."""
    cells = {}
    for summary in summaries:
        try:
            period = Period.parse(summary.objective.period)
        except ValueError:
            period = None
        for kr in summary.objective.key_results:
            cells[kr.id] = forecast_cell(kr, period) if period is not None else ""
    return cells


def honest_lines(objective, kpi_of) -> dict[str, list[str]]:
    """The detail screen's lines under a key result's check-ins, by key result id: its forecast,
    and its feasibility when it follows a KPI with a year of history (kpi_of: Repo.full_kpi)."""
    try:
        period = Period.parse(objective.period)
    except ValueError:
        return {}
    lines = {}
    for kr in objective.key_results:
        feasible = feasibility_line(objective, kr, kpi_of)
        lines[kr.id] = [forecast_words(kr, period)] + ([feasible] if feasible else [])
    return lines


def feasibility_line(objective, kr: KeyResult, kpi_of) -> str:
    """"feasibility: a change of ... : aspirational suits it" for a key result just made, or ""."""
    if kr.kpi is None:
        return ""
    try:
        period, kpi = Period.parse(objective.period), kpi_of(kr.kpi)
        feasible = feasibility_words(kr, kpi, period)
    except ValueError:
        return ""
    if feasible or kpi is None:
        return f"feasibility: {feasible}" if feasible else ""
    return f"feasibility: not measured: {history_words(kpi, period)}, and it takes a year ({MIN_HISTORY_DAYS} days)"


def history_words(kpi: Kpi, period: Period) -> str:
    """"its KPI has 90 days of values before 2026-Q4": why there is no feasibility yet."""
    try:
        days = (period.start - date.fromisoformat(kpi.series.dates[0])).days if kpi.series.dates else 0
    except ValueError:
        days = 0
    return f"its KPI has {max(0, days)} days of values before {period.key}"


def made_words(kr: KeyResult, kpi: Kpi | None, period_text: str, today) -> str:
    """What the wizard and `p` add when a key result is made from a KPI: " A change of +20% happened
    in 1 of 12 past quarters: aspirational suits it." ("" without a year of history)."""
    try:
        period = Period.parse(period_text)
    except ValueError:
        period = Period.containing(today)
    feasible = feasibility_words(kr, kpi, period)
    return f" {feasible[0].upper()}{feasible[1:]}." if feasible else ""


def followed_forecast(followers: list) -> tuple[KeyResult, tuple[list[str], list[float]]] | None:
    """The KPI chart's forecast line: that of the first active key result following the KPI
    ((objective, key result) pairs, as Repo.following gives them) that has one."""
    from .domain.forecast import trend_line

    for objective, kr in followers:
        try:
            line = trend_line(kr, Period.parse(objective.period)) if objective.status == "active" else None
        except ValueError:
            line = None
        if line is not None:
            return kr, line
    return None


def forecast_width(cells: dict[str, str], room: int) -> int:
    """status's forecast column's width (with its space): only where the other columns leave room,
    never taken from the titles; 0 when it does not fit or nothing has a forecast."""
    wanted = max(map(cell_width, cells.values()), default=0) + 1
    return wanted if wanted > 1 and wanted <= room else 0


def forecast_short(kr: KeyResult, objective, today) -> str | None:
    """The HTML report's forecast cell: "0.7 (green) by 31 Dec: $119.3k"; None without a forecast
    or once the period is over (its grade is then what it is, not a forecast)."""
    period = Period.parse(objective.period)
    if kr.kind in BINARY_KR_KINDS or today > period.end:
        return None
    found = forecast(kr, period)
    return None if found is None else landing_words(kr, found)
