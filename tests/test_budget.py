"""Honest targets' maths: error budgets and burn rates (domain/budget.py), the progress of a
stay-above/below key result with a hold, and guard KPIs that cap the suggested grade (domain/guard.py)."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrtui.domain.budget import check_hold, error_budget, expected_measurements, kpi_budget, kr_budget, objective_budgets
from okrtui.domain.guard import DEFAULT_GUARD_CAP, capped_grade, first_critical, guard_breaches, guard_json
from okrtui.domain.models import CheckIn, KeyResult, Kpi, Objective, Series
from okrtui.domain.period import Period
from okrtui.domain.progress import kr_progress
from okrtui.domain.summary import summarize

Q4 = Period.parse("2026-Q4")  # 92 days
DAY1 = Q4.start


def days(*held: bool, start: date = DAY1) -> list[tuple[date, bool]]:
    return [(start + timedelta(days=i), h) for i, h in enumerate(held)]


def stay(kind: str, target: float, values: list[float], hold: float = 1.0) -> KeyResult:
    return KeyResult("Stay", type=kind, start=target, target=target, hold=hold,
                     checkins=[CheckIn(f"{(DAY1 + timedelta(days=i)).isoformat()}T12:00:00", v) for i, v in enumerate(values)])


# -- the hold ------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [0.0, -0.1, 1.0000001, 1.5, math.nan, math.inf, -math.inf, True, "0.9", None])
def test_a_hold_is_a_share_more_than_0_and_at_most_1(value):
    with pytest.raises(ValueError, match="hold"):
        check_hold(value)


@pytest.mark.parametrize("value", [1e-9, 0.5, 0.95, 1, 1.0])
def test_holds_that_are_accepted(value):
    assert check_hold(value) == float(value)


# -- progress ------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind, target, values, hold, expected", [
    ("above", 90, [91, 92, 89, 95], 1.0, 0.75),  # hold 1: the held share, as before
    ("above", 90, [91, 92, 89, 95], 0.75, 1.0),  # the share held is the share required
    ("above", 90, [91, 92, 89, 95], 0.8, 0.75 / 0.8),
    ("above", 90, [91, 92, 93, 95], 0.5, 1.0),  # capped at 1.0
    ("below", 120, [100, 130, 120, 140], 1.0, 0.5),  # lower is better; at the level holds
    ("below", 120, [100, 130, 120, 140], 0.5, 1.0),
    ("above", 90, [80, 80], 0.9, 0.0),
    ("above", 90, [], 0.9, 1.0),  # nothing measured: whether the current value (the start) holds
])
def test_progress_is_the_held_share_against_the_required_share(kind, target, values, hold, expected):
    assert kr_progress(stay(kind, target, values, hold)) == pytest.approx(expected)


@given(st.lists(st.floats(0, 200), max_size=40), st.floats(0.01, 1.0), st.sampled_from(["above", "below"]))
def test_progress_with_a_hold_is_capped_and_never_below_the_held_share(values, hold, kind):
    with_hold, without = kr_progress(stay(kind, 100, values, hold)), kr_progress(stay(kind, 100, values))
    assert 0.0 <= without <= with_hold <= 1.0
    assert with_hold == pytest.approx(min(1.0, without / hold)) if values else with_hold == without


# -- budgets -------------------------------------------------------------------------------------
def test_allowed_misses_are_whole_measurements_over_the_period():
    assert expected_measurements(Q4, 1) == 92 and expected_measurements(Q4, 7) == 14
    assert error_budget([], 0.95, Q4, DAY1, 1).allowed == 4  # floor(92 x 0.05)
    assert error_budget([], 0.9, Q4, DAY1, 7).allowed == 1  # floor(14 x 0.1)
    assert error_budget([], 1.0, Q4, DAY1, 1).allowed == 0


def test_a_budget_counts_misses_and_burns_over_two_windows():
    measured = days(*([True] * 20 + [False, True, True, False, False, True, False]))  # 27 days, 4 misses in the last 7
    budget = error_budget(measured, 0.9, Q4, DAY1 + timedelta(days=26), 1)
    assert (budget.allowed, budget.used, budget.left) == (9, 4, 5)
    assert budget.burn_7d == pytest.approx(4 / 7 / 0.1) and budget.burn_1d == pytest.approx(10.0)
    assert budget.runs_out  # 65 more days at 4 misses a week spends 5 misses long before the end
    assert budget.as_json() == {"allowed": 9, "used": 4, "left": 5, "burn_7d": budget.burn_7d, "burn_1d": 10.0,
                                "runs_out": True}


def test_a_steady_budget_does_not_run_out():
    measured = days(*([True] * 60))
    budget = error_budget(measured, 0.9, Q4, DAY1 + timedelta(days=59), 1)
    assert (budget.used, budget.left, budget.burn_7d, budget.burn_1d, budget.runs_out) == (0, 9, 0.0, 0.0, False)


def test_burning_at_exactly_the_budget_rate_spends_it_by_the_end_without_running_out():
    ten_weeks = Period(DAY1, DAY1 + timedelta(days=69))
    held = [i % 7 != 6 for i in range(49)]  # a miss a week: the rate hold 6/7 allows
    budget = error_budget(days(*held), 6 / 7, ten_weeks, DAY1 + timedelta(days=48), 1)
    assert (budget.allowed, budget.used, budget.burn_7d) == (10, 7, pytest.approx(1.0)) and not budget.runs_out
    held[-2] = False  # one more: at this rate the budget runs out
    assert error_budget(days(*held), 6 / 7, ten_weeks, DAY1 + timedelta(days=48), 1).runs_out


def test_hold_1_has_no_budget_and_no_burn_rates():
    budget = error_budget(days(True, False, True), 1.0, Q4, DAY1 + timedelta(days=2), 1)
    assert (budget.allowed, budget.used, budget.left, budget.burn_7d, budget.burn_1d) == (0, 1, -1, None, None)
    assert budget.runs_out


def test_an_empty_period_and_measurements_outside_it():
    outside = [(DAY1 - timedelta(days=1), False), (Q4.end + timedelta(days=1), False), (DAY1 + timedelta(days=5), False)]
    budget = error_budget(outside, 0.9, Q4, DAY1 + timedelta(days=2), 1)  # the miss on day 6 is still to come
    assert (budget.used, budget.burn_7d, budget.burn_1d, budget.runs_out) == (0, None, None, False)


def test_the_windows_end_at_the_newest_measurement():
    measured = days(False, *([True] * 10))  # the miss is 10 days before the newest value
    budget = error_budget(measured, 0.9, Q4, DAY1 + timedelta(days=30), 1)
    assert budget.burn_7d == 0.0 and budget.burn_1d == 0.0 and budget.used == 1


def test_words_say_the_budget_left_and_the_burn():
    budget = error_budget(days(True, False), 0.9, Q4, DAY1 + timedelta(days=1), 7)
    assert budget.words() == "0 of 1 misses left, burn 7d 5.0x, 1d 10.0x"
    assert error_budget(days(False, False), 0.9, Q4, DAY1 + timedelta(days=1), 7).words().startswith("2 misses, 1 allowed")


measurement_lists = st.lists(st.tuples(st.integers(-10, 100), st.booleans()), max_size=120)


@settings(max_examples=200)
@given(measurement_lists, st.floats(0.01, 1.0), st.integers(-5, 100), st.sampled_from([1, 7, 14, 31]))
def test_budgets_on_generated_series_are_finite_and_add_up(raw, hold, today_offset, every):
    measured = [(DAY1 + timedelta(days=d), h) for d, h in raw]
    today = DAY1 + timedelta(days=today_offset)
    budget = error_budget(measured, hold, Q4, today, every)
    counted = [h for d, h in measured if Q4.start <= d <= min(today, Q4.end)]
    assert 0 <= budget.allowed <= budget.expected and budget.left + budget.used == budget.allowed
    assert budget.used == counted.count(False)
    for burn in (budget.burn_7d, budget.burn_1d):
        assert burn is None or (math.isfinite(burn) and burn >= 0)
    if hold == 1.0 or not counted:
        assert budget.burn_7d is None and budget.burn_1d is None
    if budget.used > budget.allowed:
        assert budget.runs_out
    if budget.used == 0:
        assert not budget.runs_out


def test_a_key_result_budget_follows_its_measurements_and_cadence():
    kr = stay("above", 90, [91, 89, 92], hold=0.9)
    objective = Objective("O", "2026-Q4", key_results=[kr, KeyResult("Reach", target=5)], checkin_every="weekly")
    kr.id, objective.key_results[1].id = "1.1", "1.2"
    budgets = objective_budgets(objective, DAY1 + timedelta(days=2))
    assert list(budgets) == ["1.1"] and budgets["1.1"].allowed == 1 and budgets["1.1"].used == 1
    kr.every_days = 1  # a followed KPI's daily cadence
    assert objective_budgets(objective, DAY1 + timedelta(days=2))["1.1"].allowed == 9
    assert kr_budget(objective.key_results[1], Q4, DAY1, 7) is None


@pytest.mark.parametrize("direction, warn, crit, values, misses", [
    ("up", 90, 85, [91, 90, 86, 84, 95], 3),  # at the warning level is a miss
    ("down", 180, 240, [120, 180, 200, 250, 100], 3),  # lower is better
    ("up", None, 85, [91, 85, 86], 1),  # no warning level: the critical one
])
def test_a_kpi_budget_counts_values_at_or_beyond_its_warning_level(direction, warn, crit, values, misses):
    dates = [(DAY1 + timedelta(days=i)).isoformat() for i in range(len(values))]
    kpi = Kpi("K", direction=direction, warn=warn, crit=crit, hold=0.95, series=Series(dates, values))
    assert kpi_budget(kpi, DAY1 + timedelta(days=10)).used == misses
    kpi.hold = None
    assert kpi_budget(kpi, DAY1 + timedelta(days=10)) is None


# -- guards --------------------------------------------------------------------------------------
@pytest.mark.parametrize("direction, crit, values, first", [
    ("up", 3.5, [4.5, 3.6, 3.5, 3.0], 2),  # at the critical level counts
    ("down", 240, [200, 239, 250], 2),
    ("up", 3.5, [4.0, 4.2], None),
    ("up", None, [0.0], None),  # no critical level: never critical
])
def test_the_first_critical_day_in_the_period(direction, crit, values, first):
    dates = [(DAY1 + timedelta(days=i)).isoformat() for i in range(len(values))]
    kpi = Kpi("Satisfaction", direction=direction, crit=crit, series=Series(dates, values))
    assert first_critical(kpi, Q4) == (None if first is None else dates[first])


def test_a_critical_value_outside_the_period_does_not_count():
    kpi = Kpi("Satisfaction", crit=3.5, series=Series(["2026-09-30", "2027-01-01"], [1.0, 1.0]))
    assert first_critical(kpi, Q4) is None


@given(st.floats(0, 1), st.booleans(), st.floats(0, 1))
def test_the_grade_cap(grade, breached, cap):
    capped = capped_grade(grade, breached, cap)
    assert capped <= grade and (capped <= cap if breached else capped == grade)


def guarded_objective(critical_on: str | None) -> Objective:
    kr = KeyResult("Faster answers", start=0, target=10, current=10, guard=2, id="1.1")
    kr.guard_name, kr.guard_critical = "Satisfaction", critical_on
    return Objective("O", "2026-Q4", status="active", key_results=[kr], id=1)


def test_a_guard_gone_critical_caps_the_suggested_grade_and_says_why():
    summary = summarize(guarded_objective("2026-11-20"), date(2026, 12, 1))
    assert summary.suggested_grade == DEFAULT_GUARD_CAP
    assert summary.guard_words() == ["grade capped at 0.7: guard Satisfaction went critical on 2026-11-20 (1.1)"]
    assert summarize(guarded_objective("2026-11-20"), date(2026, 12, 1), guard_cap=0.4).suggested_grade == 0.4
    short = guarded_objective("2026-11-20")
    short.key_results[0].current = 5  # 0.5: under the cap already, which only says how high it may go
    assert summarize(short, date(2026, 12, 1)).guard_words() == [
        "grade at most 0.7: guard Satisfaction went critical on 2026-11-20 (1.1)"]
    assert guard_json(guarded_objective("2026-11-20").key_results[0])["breached"] is True


def test_a_guard_that_held_or_is_gone_caps_nothing():
    assert summarize(guarded_objective(None), date(2026, 12, 1)).suggested_grade == 1.0
    gone = guarded_objective(None)
    gone.key_results[0].guard_name = ""
    assert guard_breaches(gone) == [] and guard_json(gone.key_results[0]) == {
        "kpi": 2, "name": None, "breached": False, "since": None}
    assert guard_json(KeyResult("Unguarded")) is None


def test_the_words_for_the_dashboard_and_the_detail_screen():
    kr = stay("above", 90, [91, 80, 80], hold=0.9)
    kr.id = "1.2"
    guarded = guarded_objective("2026-10-02")
    guarded.key_results.append(kr)
    summary = summarize(guarded, DAY1 + timedelta(days=2))
    assert summary.kr_marks() == {"1.1": "guard critical", "1.2": "budget spent"}  # 2 misses, 1 allowed
    assert summary.target_lines() == [
        "⚠ 1.2 holds 90%: 2 misses, 1 allowed, burn 7d 6.7x, 1d 10.0x · runs out early",
        "⚠ grade at most 0.7: guard Satisfaction went critical on 2026-10-02 (1.1)"]
    kr.hold = 1.0  # no budget: no mark and no line (its misses show in its progress)
    summary = summarize(guarded, DAY1 + timedelta(days=2))
    assert "1.2" not in summary.kr_marks() and len(summary.target_lines()) == 1


@pytest.mark.parametrize("hold_text, kr_type, editing, hold, refused", [
    ("", "reach", False, 1.0, None), ("", "above", True, 1.0, None), ("0.95", "above", True, 0.95, None),
    ("1", "below", True, 1.0, None), ("0.9", "reach", True, 1.0, "stays above or below"),
    ("0.9", "above", False, 1.0, "stays above or below"),  # a new key result from the form reaches a target
    ("0", "above", True, 1.0, "more than 0"), ("1.5", "above", True, 1.0, "at most 1"),
    ("nan", "above", True, 1.0, ""), ("abc", "below", True, 1.0, ""),
])
def test_a_typed_hold_is_a_share_for_a_stay_key_result_only(hold_text, kr_type, editing, hold, refused):
    from okrtui.domain.targets import typed_targets

    kr = KeyResult("Uptime", start=99, target=99.5, type=kr_type) if editing else None
    guard, got, errors = typed_targets("", hold_text, [], kr)
    assert guard is None and got == hold
    assert (refused is None) == ("kr-hold" not in errors)
    if refused:
        assert refused in errors["kr-hold"]
