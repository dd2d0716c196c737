from __future__ import annotations

from datetime import date, timedelta

import pytest

from okrtui.domain.health import (
    CRITICAL,
    FLAT,
    IMPROVING,
    NO_DATA,
    OK,
    ON_TARGET,
    WARNING,
    WORSENING,
    health_level,
    is_stale,
    kpi_status,
    trend,
)
from okrtui.domain.matching import MatchError, find_one
from okrtui.domain.models import CheckIn, Initiative, KeyResult, Kpi, Objective, Series
from okrtui.domain.period import Period, PeriodError
from okrtui.domain.planning import key_result_from_kpi, overdue_checkins
from okrtui.domain.progress import (
    AT_RISK,
    OFF_TRACK,
    ON_TRACK,
    grade_band,
    grade_verdict,
    kr_progress,
    objective_progress,
    pace,
    suggested_grade,
)
from okrtui.domain.validation import parse_confidence, parse_number, validate_kpi, validate_objective


# -- periods ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, start, end, key",
    [
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "2026-Q4"),
        ("2026Q4", date(2026, 10, 1), date(2026, 12, 31), "2026-Q4"),
        ("Q4 2026", date(2026, 10, 1), date(2026, 12, 31), "2026-Q4"),
        ("q1-2027", date(2027, 1, 1), date(2027, 3, 31), "2027-Q1"),
        (" 2024-q1 ", date(2024, 1, 1), date(2024, 3, 31), "2024-Q1"),
        ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30), "2026-Q2"),
        ("2026-01-15..2026-02-15", date(2026, 1, 15), date(2026, 2, 15), "2026-01-15..2026-02-15"),
        ("2026-03-01..2026-03-01", date(2026, 3, 1), date(2026, 3, 1), "2026-03-01..2026-03-01"),
    ],
)
def test_period_parse(text, start, end, key):
    period = Period.parse(text)
    assert (period.start, period.end, period.key) == (start, end, key)
    assert Period.parse(period.key) == period


@pytest.mark.parametrize(
    "text", ["", "   ", "2026-Q5", "Q0 2026", "banana", "2026-02-30..2026-03-01", "2026-03-01..2026-01-01", "26-Q1"]
)
def test_period_parse_rejects(text):
    with pytest.raises(PeriodError):
        Period.parse(text)


@pytest.mark.parametrize(
    "today, expected",
    [
        (date(2026, 9, 30), 0.0),
        (date(2026, 10, 1), 1 / 92),
        (date(2026, 11, 15), 46 / 92),
        (date(2026, 12, 31), 1.0),
        (date(2027, 1, 5), 1.0),
    ],
)
def test_elapsed_fraction(today, expected):
    assert Period.parse("2026-Q4").elapsed_fraction(today) == pytest.approx(expected)


@pytest.mark.parametrize(
    "key, steps, expected",
    [("2026-Q4", 1, "2027-Q1"), ("2026-Q1", -1, "2025-Q4"), ("2026-Q2", 0, "2026-Q2"), ("2026-Q3", -7, "2024-Q4")],
)
def test_quarter_shift(key, steps, expected):
    assert Period.parse(key).shifted(steps).key == expected


def test_custom_range_shifts_by_its_length():
    assert Period.parse("2026-01-01..2026-01-10").shifted(1).key == "2026-01-11..2026-01-20"


def test_current_period():
    assert Period.containing(date(2026, 11, 27)).key == "2026-Q4"
    assert Period.containing(date(2026, 1, 1)).key == "2026-Q1"


# -- key result progress ---------------------------------------------------------------------
def kr(start=0.0, target=100.0, current=None, kind="number", weight=1.0):
    return KeyResult(title="kr", kind=kind, start=start, target=target, current=current, weight=weight)


@pytest.mark.parametrize(
    "start, target, current, kind, expected",
    [
        (0, 100, 50, "number", 0.5),
        (55, 66, 66, "number", 1.0),
        (55, 66, None, "number", 0.0),  # nothing measured yet
        (0, 100, 150, "number", 1.5),  # past the target shows over 100%
        (0, 100, -20, "number", 0.0),  # worse than the start is no progress, not negative
        (240, 120, 180, "number", 0.5),  # lower is better: target below start
        (240, 120, 100, "number", pytest.approx(140 / 120)),  # lower is better, past target
        (240, 120, 260, "number", 0.0),  # lower is better, got worse
        (5, 5, 5, "number", 1.0),  # start == target, reached
        (5, 5, 4, "number", 0.0),  # start == target, not reached: no division by zero
        (0, 1, 1, "boolean", 1.0),
        (0, 1, 0, "boolean", 0.0),
        (0, 1, None, "milestone", 0.0),
        (0, 1, 1, "milestone", 1.0),
        (8, 12, 9, "percent", 0.25),
        (0, 150000, 82500, "currency", 0.55),
    ],
)
def test_kr_progress(start, target, current, kind, expected):
    assert kr_progress(kr(start, target, current, kind)) == expected


def test_objective_progress_is_weighted_and_caps_each_kr():
    objective = Objective("o", "2026-Q4", key_results=[kr(current=200, weight=1), kr(current=0, weight=3)])
    assert objective_progress(objective) == pytest.approx(0.25)  # the 200% KR counts as 100%


@pytest.mark.parametrize("krs", [[], [kr(current=50, weight=0)]])
def test_objective_progress_without_measurable_krs_is_none(krs):
    assert objective_progress(Objective("o", "2026-Q4", key_results=krs)) is None


@pytest.mark.parametrize(
    "progress, elapsed, expected",
    [
        (0.0, 0.05, ON_TRACK),  # too early to judge
        (0.5, 0.5, ON_TRACK),
        (0.45, 0.5, ON_TRACK),
        (0.35, 0.5, AT_RISK),
        (0.2, 0.5, OFF_TRACK),
        (1.0, 0.2, ON_TRACK),
        (0.9, 1.0, ON_TRACK),
        (0.5, 1.0, OFF_TRACK),
        (None, 0.5, None),
    ],
)
def test_pace(progress, elapsed, expected):
    assert pace(progress, elapsed) == expected


@pytest.mark.parametrize(
    "progress, grade, band",
    [(0.0, 0.0, "red"), (0.3, 0.3, "red"), (0.35, 0.3, "red"), (0.6, 0.6, "yellow"), (0.7, 0.7, "green"),
     (1.4, 1.0, "green"), (None, 0.0, "red"), (0.95, 0.9, "green"), (0.65, 0.6, "yellow"), (0.999, 0.9, "green"),
     (0.7 - 1e-12, 0.7, "green")],
)
def test_grades(progress, grade, band):
    assert suggested_grade(progress) == grade
    assert grade_band(grade) == band


@pytest.mark.parametrize(
    "grade, kind, verdict",
    [(1.0, "committed", "met"), (0.7, "committed", "fell short"), (0.7, "aspirational", "met"),
     (0.5, "aspirational", "fell short"), (0.2, "committed", "missed")],
)
def test_grade_verdict(grade, kind, verdict):
    assert grade_verdict(grade, kind) == verdict


@pytest.mark.parametrize("progress, kind, verdict", [(0.95, "committed", "fell short"), (0.65, "aspirational", "fell short"),
                                                     (1.0, "committed", "met"), (0.7, "aspirational", "met")])
def test_rounding_never_turns_a_miss_into_met(progress, kind, verdict):
    assert grade_verdict(suggested_grade(progress), kind) == verdict


# -- KPI health --------------------------------------------------------------------------------
TODAY = date(2026, 11, 27)


def kpi(direction="up", values=(), warn=None, crit=None, cadence="daily", last=TODAY):
    dates = [(last - timedelta(days=len(values) - 1 - i)).isoformat() for i in range(len(values))]
    return Kpi("k", direction=direction, warn=warn, crit=crit, cadence=cadence, series=Series(dates, list(values)))


@pytest.mark.parametrize(
    "direction, value, warn, crit, expected",
    [
        ("up", 95, 90, 85, OK),
        ("up", 90, 90, 85, WARNING),
        ("up", 84, 90, 85, CRITICAL),
        ("down", 100, 180, 240, OK),
        ("down", 200, 180, 240, WARNING),
        ("down", 240, 180, 240, CRITICAL),
        ("up", 1, None, None, OK),
        ("down", 500, None, 240, CRITICAL),
        ("up", None, 90, 85, NO_DATA),
    ],
)
def test_health_level(direction, value, warn, crit, expected):
    assert health_level(kpi(direction, warn=warn, crit=crit), value) == expected


@pytest.mark.parametrize(
    "cadence, age, stale",
    [("daily", 0, False), ("daily", 1, False), ("daily", 2, True), ("weekly", 7, False), ("weekly", 8, True),
     ("monthly", 31, False), ("monthly", 40, True)],
)
def test_staleness(cadence, age, stale):
    assert is_stale(kpi(values=[1.0], cadence=cadence, last=TODAY - timedelta(days=age)), TODAY) is stale


def test_kpi_with_no_values_is_stale_and_never_healthy():
    status = kpi_status(kpi(), TODAY)
    assert status.stale and status.level == NO_DATA and status.needs_attention
    old = kpi_status(kpi(values=[100.0], warn=10, last=TODAY - timedelta(days=5)), TODAY)
    assert old.level == OK and old.stale and old.label == "ok, stale" and old.needs_attention


@pytest.mark.parametrize(
    "direction, values, expected",
    [
        ("up", [1, 2, 3, 4, 5, 6], IMPROVING),
        ("up", [6, 5, 4, 3, 2, 1], WORSENING),
        ("down", [6, 5, 4, 3, 2, 1], IMPROVING),
        ("down", [1, 2, 3, 4, 5, 6], WORSENING),
        ("up", [100, 100.5, 99.8, 100.2, 100, 100.1], FLAT),
        ("up", [1, 2], IMPROVING),  # from two values on
        ("up", [2], None),
        ("up", [5, 5], FLAT),
    ],
)
def test_trend(direction, values, expected):
    assert trend(kpi(direction, values)) == expected


def test_attention_order_puts_trouble_first():
    critical = kpi("up", [1.0], warn=10, crit=5)
    warning = kpi("up", [7.0], warn=10, crit=5)
    ok = kpi("up", [20.0], warn=10, crit=5)
    stale = kpi("up", [20.0], warn=10, crit=5, last=TODAY - timedelta(days=9))
    ordered = sorted([ok, stale, warning, critical], key=lambda k: kpi_status(k, TODAY).attention_rank)
    assert ordered == [critical, warning, stale, ok]


# -- matching --------------------------------------------------------------------------------
NAMES = ["Web traffic", "Web traffic (mobile)", "Visitor-to-signup conversion", "Trial-to-customer conversion"]


@pytest.mark.parametrize(
    "query, expected",
    [("web traffic", "Web traffic"), ("WEB TRAFFIC (MOBILE)", "Web traffic (mobile)"), ("visit", "Visitor-to-signup conversion"),
     ("customer", "Trial-to-customer conversion"), ("mobile", "Web traffic (mobile)")],
)
def test_find_one(query, expected):
    assert find_one(query, NAMES, str) == expected


@pytest.mark.parametrize("query, fragment", [("conv", "ambiguous"), ("web t", "ambiguous"), ("nope", "no item"), ("  ", "empty")])
def test_find_one_errors_list_candidates(query, fragment):
    with pytest.raises(MatchError) as info:
        find_one(query, NAMES, str)
    assert fragment in str(info.value)
    assert info.value.candidates


# -- validation ------------------------------------------------------------------------------
def test_draft_with_only_a_title_is_fine():
    found = validate_objective(Objective("Grow revenue", "2026-Q4"))
    assert found.ok and not found.warnings


def test_active_objective_needs_a_measurable_kr():
    found = validate_objective(Objective("Grow revenue", "2026-Q4", status="active"))
    assert "status" in found.errors and "draft" in found.errors["status"]


@pytest.mark.parametrize("count, warned", [(1, True), (2, False), (5, False), (6, True)])
def test_two_to_five_krs_is_a_warning_not_a_refusal(count, warned):
    objective = Objective("o", "2026-Q4", status="active", key_results=[kr(current=1) for _ in range(count)])
    found = validate_objective(objective)
    assert found.ok
    assert bool(found.warnings) is warned


@pytest.mark.parametrize(
    "objective, field",
    [
        (Objective("", "2026-Q4"), "title"),
        (Objective("  ", "2026-Q4"), "title"),
        (Objective("x\x1b[2J", "2026-Q4"), "title"),
        (Objective("x", "2026-Q9"), "period"),
        (Objective("x", "2026-Q4", kind="bold"), "kind"),
        (Objective("x", "2026-Q4", key_results=[KeyResult("")]), "kr0.title"),
        (Objective("x", "2026-Q4", key_results=[KeyResult("k", weight=0)]), "kr0.weight"),
        (Objective("x", "2026-Q4", key_results=[KeyResult("k", confidence=11)]), "kr0.confidence"),
        (Objective("x", "2026-Q4", initiatives=[Initiative(" ")]), "initiative0.title"),
    ],
)
def test_objective_errors_in_words(objective, field):
    found = validate_objective(objective)
    assert field in found.errors and len(found.errors[field]) > 10


@pytest.mark.parametrize(
    "kpi_, field",
    [(Kpi(""), "name"), (Kpi("x", direction="sideways"), "direction"), (Kpi("x", cadence="hourly"), "cadence"),
     (Kpi("x", direction="up", warn=5, crit=10), "crit"), (Kpi("x", direction="down", warn=10, crit=5), "crit"),
     (Kpi("x", target=float("nan")), "target")],
)
def test_kpi_errors(kpi_, field):
    assert field in validate_kpi(kpi_).errors


@pytest.mark.parametrize("text", ["abc", "", "1e999", "nan", "--"])
def test_parse_number_rejects(text):
    with pytest.raises(ValueError):
        parse_number(text, "value")


@pytest.mark.parametrize("text, value", [("12", 12.0), (" -3.5 ", -3.5), ("150,000", 150000.0), ("1_000", 1000.0)])
def test_parse_number(text, value):
    assert parse_number(text, "value") == value


@pytest.mark.parametrize("text", ["11", "-1", "seven", "7.5"])
def test_parse_confidence_rejects(text):
    with pytest.raises(ValueError):
        parse_confidence(text)


# -- planning --------------------------------------------------------------------------------
def test_kpi_becomes_a_key_result():
    response = Kpi("Average response time", unit="min", direction="down", target=120,
                   series=Series(["2026-11-26"], [196.0]), id=4)
    result = key_result_from_kpi(response)
    assert (result.start, result.target, result.kpi, result.unit) == (196.0, 120, 4, "min")
    assert result.lower_is_better and kr_progress(result) == 0.0


def test_overdue_checkins():
    week_old = CheckIn(at="2026-11-10T09:00:00", value=1)
    fresh = CheckIn(at="2026-11-25T09:00:00", value=1)
    objective = Objective("o", "2026-Q4", status="active", key_results=[
        KeyResult("late", checkins=[week_old], id="1.1"), KeyResult("fresh", checkins=[fresh], id="1.2"),
        KeyResult("never", id="1.3")])
    assert [k.id for k in overdue_checkins(objective, TODAY)] == ["1.1", "1.3"]
    objective.status = "draft"
    assert overdue_checkins(objective, TODAY) == []
    objective.status, objective.period = "active", "2026-Q3"
    assert overdue_checkins(objective, TODAY) == []  # a finished period is reviewed, not checked in


def test_trend_is_measured_on_the_kpis_own_scale():
    """Uptime 99.0 -> 99.9 is a real improvement on a 98-99.9 scale, not 1% of 99.9."""
    uptime = Kpi("Uptime", unit="%", direction="up", target=99.9, warn=99.0, crit=98.0,
                 series=Series(["2026-11-26", "2026-11-27"], [99.0, 99.9]))
    assert trend(uptime) == IMPROVING
    noisy = Kpi("Noise", target=100, warn=50, crit=0, series=Series([f"2026-11-{d:02d}" for d in range(1, 7)],
                                                                     [70, 72, 69, 71, 70, 72]))
    assert trend(noisy) == FLAT


@pytest.mark.parametrize("direction, value, level", [("up", 99.95, ON_TARGET), ("up", 99.9, ON_TARGET), ("up", 99.5, OK),
                                                     ("down", 100, ON_TARGET), ("down", 120, OK), ("down", 250, CRITICAL)])
def test_health_says_on_target_at_or_beyond_the_target(direction, value, level):
    targets = {"up": (99.9, 99.0, 98.0), "down": (100, 180, 240)}[direction]
    kpi = Kpi("k", direction=direction, target=targets[0], warn=targets[1], crit=targets[2])
    assert health_level(kpi, value) == level


# -- report --since and its words (issue 15) -------------------------------------------------------
from okrtui.domain.moves import counted, moves_since, since_day  # noqa: E402


@pytest.mark.parametrize("text, expected", [
    ("today", "2026-12-02"), ("yesterday", "2026-12-01"), ("wednesday", "2026-12-02"), ("wed", "2026-12-02"),
    ("monday", "2026-11-30"), ("Tuesday", "2026-12-01"), ("thursday", "2026-11-26"), ("sunday", "2026-11-29"),
    ("7d", "2026-11-25"), ("2w", "2026-11-18"), ("0d", "2026-12-02"), ("2026-11-01", "2026-11-01"),
])
def test_since_day_reads_words_spans_and_dates(text, expected):
    assert since_day(text, date(2026, 12, 2)).isoformat() == expected  # a Wednesday


@pytest.mark.parametrize("text", ["", "last week", "-3d", "5y", "36501d", "2026-02-30", "mon day", "٣d"])
def test_since_day_refuses_anything_else_in_words(text):
    with pytest.raises(ValueError, match="--since"):
        since_day(text, date(2026, 12, 2))


@pytest.mark.parametrize("unit, value, expected", [
    ("offers", 1, "offers"[:-1]), ("offers", 2, "offers"), ("offer", 2, "offers"), ("offer", 1, "offer"),
    ("entries", 1, "entry"), ("entry", 3, "entries"), ("days", 1, "day"), ("day", 0, "days"),
    ("boxes", 1, "box"), ("match", 2, "matches"), ("process", 2, "processes"), ("minutes", -1, "minute"),
    ("ms", 1, "ms"), ("NPS", 2, "NPS"), ("min", 1, "min"), ("访问", 2, "访问"), ("page views", 1, "page views"),
    ("status", 1, "status"), ("uptime", 2, "uptime"), ("mbps", 1, "mbps"), ("deals", 1.5, "deals"),
])
def test_units_that_are_plain_nouns_take_the_number_of_their_value(unit, value, expected):
    assert counted(unit, value) == expected


def test_a_kpi_new_within_the_window_still_shows_its_move():
    kpi = Kpi("Signups", unit="signups", series=Series(["2026-11-28", "2026-11-30"], [1.0, 4.0]))
    words = [m.words for m in moves_since([], [kpi], date(2026, 11, 25))]
    assert words == ["Signups: 1 signup → 4 signups"]
    single = Kpi("Offers", unit="offers", series=Series(["2026-11-30"], [1.0]))
    assert [m.words for m in moves_since([], [single], date(2026, 11, 25))] == ["Offers: first value 1 offer"]
    assert moves_since([], [single], date(2026, 12, 1)) == []


@pytest.mark.parametrize("added, checked_in, today, overdue", [
    (None, None, date(2026, 10, 5), False),  # the period's first week
    (None, None, date(2026, 10, 9), True),
    (date(2026, 11, 20), None, date(2026, 11, 26), False),  # planned mid-quarter: its own first week
    (date(2026, 11, 20), None, date(2026, 11, 28), True),
    (date(2026, 11, 20), date(2026, 11, 27), date(2026, 12, 3), False),
    (date(2026, 9, 1), None, date(2026, 10, 9), True),  # planned before the period: the period's start counts
])
def test_a_new_key_result_is_not_overdue_until_its_first_week_is_out(added, checked_in, today, overdue):
    kr = KeyResult("Deals", target=10, added=added, id="1.1",
                   checkins=[CheckIn(f"{checked_in}T09:00:00", 1, None, "")] if checked_in else [])
    objective = Objective("Grow", "2026-Q4", status="active", key_results=[kr])
    assert bool(overdue_checkins(objective, today)) is overdue
