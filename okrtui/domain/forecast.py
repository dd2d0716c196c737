"""Where a key result will land: a robust trend of its measurements, projected to the period's end.

The trend is Theil–Sen: the slope is the median of the slopes between every two measurements
on different days, the intercept the median of value - slope × day. One wild value moves it
little, unlike a least-squares line. With fewer than MIN_POINTS measurements in the period there
is no forecast ("not enough data yet").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from .models import BINARY_KR_KINDS, CheckIn, KeyResult
from .parsing import MAX_MAGNITUDE
from .period import Period
from .progress import kr_progress, suggested_grade

MIN_POINTS = 3
MOST_POINTS = 250  # the latest this many measurements: pairs grow with their square, status stays fast
MOST_PROJECTED = 1000  # a stay-above/below key result's projected measurements, at most


@dataclass(frozen=True)
class Forecast:
    value: float  # the projected value at the period's end
    grade: float  # the grade that value would give (suggested_grade)
    points: int  # how many measurements the trend was drawn from
    end: date  # the day it is projected to (the period's last)
    slope: float  # per day
    intercept: float  # the value on the period's first day


def median(values) -> float:
    """The middle value (the mean of the two middle ones); statistics.median without importing
    statistics, which costs `okrtui status` more than the maths."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def theil_sen(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """(slope, intercept) of the median line; slope 0 when every x is the same (one day)."""
    slopes = [(ys[j] - ys[i]) / (xs[j] - xs[i]) for i in range(len(xs)) for j in range(i + 1, len(xs)) if xs[j] != xs[i]]
    slope = median(slopes) if slopes else 0.0
    if not math.isfinite(slope):
        slope = 0.0
    intercept = median(y - slope * x for x, y in zip(xs, ys))
    return slope, intercept


def measurements(kr: KeyResult, period: Period) -> list[tuple[int, float]]:
    """(day within the period, value) of the check-ins in the period, oldest first (a followed
    key result's check-ins are its KPI's values in the period)."""
    out = []
    for checkin in kr.checkins:
        try:
            day = datetime.fromisoformat(checkin.at).date()
        except (TypeError, ValueError):
            continue
        if period.contains(day) and math.isfinite(checkin.value):
            out.append(((day - period.start).days, float(checkin.value)))
    out.sort(key=lambda pair: pair[0])
    return out[-MOST_POINTS:]


def _clamped(value: float) -> float:
    return max(-MAX_MAGNITUDE, min(MAX_MAGNITUDE, value)) if math.isfinite(value) else 0.0


def forecast(kr: KeyResult, period: Period) -> Forecast | None:
    """The key result's projected value at the period's end and its grade; None when it has
    fewer than MIN_POINTS measurements in the period, or is done-or-not (boolean, milestone).

    reach: the grade of the progress the projected value gives. above / below: the measurements
    still to come (at the pace they came so far) are projected along the trend, and the grade
    is the progress of all of them together, as kr_progress counts them.
    """
    points = measurements(kr, period)
    if kr.kind in BINARY_KR_KINDS or len(points) < MIN_POINTS:
        return None
    xs, ys = [float(x) for x, _ in points], [y for _, y in points]
    slope, intercept = theil_sen(xs, ys)
    last_day = period.days - 1
    value = _clamped(intercept + slope * last_day)
    if kr.type in ("above", "below"):
        progress = kr_progress(replace(kr, current=value, checkins=kr.checkins + _projected(xs, slope, intercept, period)))
    else:
        progress = kr_progress(replace(kr, current=value))
    return Forecast(value, suggested_grade(progress), len(points), period.end, _clamped(slope), _clamped(intercept))


def _projected(xs: list[float], slope: float, intercept: float, period: Period) -> list[CheckIn]:
    """Measurements from the last one to the period's end, spaced as the ones so far were."""
    last, end = xs[-1], period.days - 1
    gap = max(1.0, (last - xs[0]) / (len(xs) - 1), (end - last) / MOST_PROJECTED)
    out = []
    day = last + gap
    while day <= end + 1e-9:
        at = datetime.combine(period.start + timedelta(days=int(day)), time(12))
        out.append(CheckIn(at.isoformat(), _clamped(intercept + slope * day)))
        day += gap
    return out


def forecast_json(kr: KeyResult, period: Period) -> dict | None:
    found = forecast(kr, period)
    return None if found is None else {"value": found.value, "grade": found.grade, "points": found.points}


def trend_line(kr: KeyResult, period: Period) -> tuple[list[str], list[float]] | None:
    """The forecast as a chart draws it: (ISO days, values) from the last measurement to the
    period's end along the trend; None without a forecast."""
    found = forecast(kr, period)
    if found is None:
        return None
    last = measurements(kr, period)[-1][0]
    return ([(period.start + timedelta(days=last)).isoformat(), period.end.isoformat()],
            [_clamped(found.intercept + found.slope * last), found.value])
