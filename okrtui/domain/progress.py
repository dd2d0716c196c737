"""Progress, pace and grading of key results and objectives."""

from __future__ import annotations

from .models import BINARY_KR_KINDS, KeyResult, Objective

# A float tolerance for "reached exactly": check-ins are typed by people.
_EPSILON = 1e-9

ON_TRACK, AT_RISK, OFF_TRACK = "on track", "at risk", "off track"
PACE_GLYPHS = {ON_TRACK: "✓", AT_RISK: "!", OFF_TRACK: "✗", None: "·"}

GRADE_BANDS = (("red", 0.3), ("yellow", 0.6), ("green", 1.0))
EXPECTED_GRADE = {"committed": 1.0, "aspirational": 0.7}


def kr_progress(kr: KeyResult) -> float:
    """Fraction of the way from start to target; may exceed 1.0, never below 0.0.

    Lower-is-better falls out of the sign of (target - start). With start ==
    target there is no distance to travel: reached or not.
    """
    value = kr.value
    if kr.kind in BINARY_KR_KINDS:
        return 1.0 if value >= 1 - _EPSILON else 0.0
    span = kr.target - kr.start
    if abs(span) < _EPSILON:
        return 1.0 if abs(value - kr.target) < _EPSILON else 0.0
    return max(0.0, (value - kr.start) / span)


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
    """The usual 0.0-1.0 OKR grade, rounded to one decimal."""
    if progress is None:
        return 0.0
    return round(min(1.0, max(0.0, progress)) + _EPSILON, 1)


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
