"""Progress, pace and grading of key results and objectives."""

from __future__ import annotations

import math

from .models import BINARY_KR_KINDS, KeyResult, Objective

# A float tolerance for "reached exactly": check-ins are typed by people.
_EPSILON = 1e-9

ON_TRACK, AT_RISK, OFF_TRACK, ENDED = "on track", "at risk", "off track", "ended"
PACE_GLYPHS = {ON_TRACK: "✓", AT_RISK: "!", OFF_TRACK: "✗", ENDED: "■", None: "·"}

GRADE_BANDS = (("red", 0.3), ("yellow", 0.6), ("green", 1.0))
EXPECTED_GRADE = {"committed": 1.0, "aspirational": 0.7}


def holds(kr: KeyResult, value: float) -> bool:
    """Whether a value is at the target or on its good side (by the key result's direction)."""
    if kr.lower_is_better:
        return value <= kr.target + _EPSILON
    return value >= kr.target - _EPSILON


def kr_progress(kr: KeyResult) -> float:
    """How far along the key result is; may exceed 1.0, never below 0.0.

    reach: the fraction of the way from start to target. Lower-is-better comes
    from the direction (a followed KPI's, or the sign of target - start). With no
    distance to travel in the good direction (start == target, or a start already
    past the target) it is reached or not.
    above / below: the share of the measurements so far (check-ins, or the
    followed KPI's values in the period) that held the level, against the share
    it must hold (kr.hold, 1.0 unless set), capped at 1.0; with none yet,
    whether the current value holds it.
    """
    value = kr.value
    if kr.kind in BINARY_KR_KINDS:
        return 1.0 if value >= 1 - _EPSILON else 0.0
    if kr.type in ("above", "below"):
        measured = [c.value for c in kr.checkins]
        if not measured:
            return 1.0 if holds(kr, value) else 0.0
        return min(1.0, sum(1 for v in measured if holds(kr, v)) / len(measured) / kr.hold)
    span = kr.target - kr.start
    if kr.lower_is_better:
        span = -span
        moved = kr.start - value
    else:
        moved = value - kr.start
    if span < _EPSILON:
        return 1.0 if holds(kr, value) else 0.0
    return max(0.0, moved / span)


def objective_progress(objective: Objective) -> float | None:
    """Weighted mean of its key results, each capped at 100%; None without KRs."""
    weighted = [(min(1.0, kr_progress(kr)), kr.weight) for kr in objective.key_results if kr.weight > 0]
    total = sum(w for _, w in weighted)
    if total <= 0:
        return None
    return sum(p * w for p, w in weighted) / total


def pace(progress: float | None, elapsed: float) -> str | None:
    """Progress against the share of the period gone by.

    The first tenth of a period is always on track: nobody should be at risk
    on day two.
    """
    if progress is None:
        return None
    if progress >= 1.0 - _EPSILON or elapsed <= 0.1:
        return ON_TRACK
    ratio = progress / elapsed
    if ratio >= 0.9:
        return ON_TRACK
    if ratio >= 0.6:
        return AT_RISK
    return OFF_TRACK


def suggested_grade(progress: float | None) -> float:
    """The usual 0.0-1.0 OKR grade: progress cut down to one decimal, never rounded up,
    so 0.95 is 0.9 (a committed objective not met) and 0.65 is 0.6 (short of 0.7)."""
    if progress is None:
        return 0.0
    return math.floor(min(1.0, max(0.0, progress)) * 10 + _EPSILON) / 10


def grade_band(grade: float) -> str:
    """red (0.0-0.3), yellow (0.4-0.6) or green (0.7-1.0)."""
    grade = round(grade, 1)
    for band, upper in GRADE_BANDS:
        if grade <= upper:
            return band
    return "green"


def grade_verdict(grade: float, kind: str) -> str:
    """Committed OKRs should reach 1.0; aspirational ones about 0.7."""
    expected = EXPECTED_GRADE.get(kind, 1.0)
    if grade + _EPSILON >= expected:
        return "met"
    return "fell short" if grade_band(grade) != "red" else "missed"
