"""Issue 18, honest targets: forecasts (domain/forecast.py) and feasibility (domain/feasibility.py),
with their words (okrtui/honest.py). Parametrized edge cases and hypothesis properties."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrtui.domain.feasibility import feasibility
from okrtui.domain.forecast import forecast, theil_sen
from okrtui.domain.models import CheckIn, KeyResult, Kpi, Series
from okrtui.domain.period import Period
from okrtui.domain.progress import kr_progress, suggested_grade
from okrtui.honest import feasibility_words, forecast_cell, forecast_words

Q4 = Period.of_quarter(2026, 4)  # 92 days: day 0 is 1 Oct, day 91 is 31 Dec


def checkins(pairs, period=Q4):
    return [CheckIn(f"{period.start + timedelta(days=day)}T09:30:00", value) for day, value in pairs]


def kr_with(pairs, start=0.0, target=100.0, **fields):
    kr = KeyResult("kr", start=start, target=target, checkins=checkins(pairs), **fields)
    kr.current = kr.checkins[-1].value if kr.checkins else None
    return kr


# -- forecast ---------------------------------------------------------------------------------
@pytest.mark.parametrize("slope, intercept", [(1.0, 0.0), (0.5, 10.0), (-2.0, 300.0), (0.0, 42.0), (1e9, -1e12)])
def test_a_forecast_of_linear_data_is_exact(slope, intercept):
    kr = kr_with([(day, intercept + slope * day) for day in (0, 7, 14, 30, 45)], start=intercept, target=intercept + 1)
    found = forecast(kr, Q4)
    assert found.value == pytest.approx(intercept + slope * 91, rel=1e-9, abs=1e-6)
    assert found.points == 5 and found.end == date(2026, 12, 31)


@pytest.mark.parametrize("values, value, grade", [
    ((0, 10, 20), 91 / 3, 0.3),  # 10 every 30 days: 30.3 of 100 by day 91
    ((0, 40, 80), 91 * 4 / 3, 1.0),  # past the target: 1.0, never more
    ((50, 40, 30), 50 - 91 / 3, 0.1),  # going backwards from a start of 0: what the value gives
])
def test_the_grade_is_the_progress_the_projected_value_gives(values, value, grade):
    kr = kr_with(list(zip((0, 30, 60), values)), start=0, target=100)
    found = forecast(kr, Q4)
    assert found.value == pytest.approx(value)
    assert found.grade == grade == suggested_grade(value / 100)


def test_lower_is_better_lands_by_its_direction():
    kr = kr_with([(0, 240), (30, 200), (60, 160)], start=240, target=120)  # 40 down a month: 118.7 by 31 Dec
    found = forecast(kr, Q4)
    assert found.value == pytest.approx(240 - 40 * 91 / 30)
    assert found.grade == 1.0


@pytest.mark.parametrize("pairs", [[], [(0, 1)], [(0, 1), (5, 2)]])
def test_fewer_than_three_measurements_have_no_forecast(pairs):
    kr = kr_with(pairs)
    assert forecast(kr, Q4) is None
    assert "not enough data yet" in forecast_words(kr, Q4)
    assert forecast_cell(kr, Q4) == ""


def test_measurements_outside_the_period_do_not_count():
    kr = kr_with([(-10, 1), (0, 2), (5, 3), (200, 4)])
    assert forecast(kr, Q4) is None


def test_one_day_of_measurements_is_a_flat_line_at_their_median():
    kr = kr_with([(3, 10), (3, 50), (3, 20)])
    found = forecast(kr, Q4)
    assert found.value == 20 and found.slope == 0


def test_a_milestone_has_no_forecast():
    kr = kr_with([(0, 0), (7, 0), (14, 1)], target=1, kind="milestone")
    assert forecast(kr, Q4) is None
    assert "done or not" in forecast_words(kr, Q4)


def test_start_equal_to_target_is_reached_or_not():
    kr = kr_with([(0, 10), (7, 11), (14, 12)], start=10, target=10)
    assert forecast(kr, Q4).grade == 1.0


@pytest.mark.parametrize("kr_type, level, values, grade", [
    ("above", 95, [96, 96, 96, 96], 1.0),  # flat above: every measurement to come holds
    ("above", 95, [99, 98, 97, 96], 0.3),  # falling 1 a week: most of the rest drop below
    ("below", 10, [4, 5, 6, 7], 0.5),  # rising toward the ceiling
])
def test_stay_above_or_below_counts_the_projected_measurements(kr_type, level, values, grade):
    kr = kr_with(list(zip((0, 7, 14, 21), values)), start=level, target=level, type=kr_type)
    found = forecast(kr, Q4)
    assert found.grade == grade
    # the same as kr_progress of every measurement, real and projected, along the line
    days = list(range(0, 92, 7))
    projected = KeyResult("kr", start=level, target=level, type=kr_type,
                          checkins=checkins([(d, found.intercept + found.slope * d) for d in days]))
    assert found.grade == suggested_grade(kr_progress(projected))


def test_one_wild_value_barely_moves_the_trend():
    pairs = [(day, float(day)) for day in range(0, 70, 7)] + [(35, 1e9)]
    assert forecast(kr_with(pairs), Q4).value == pytest.approx(91, abs=2)


def test_the_words_say_the_grade_and_the_day():
    kr = kr_with([(0, 0), (30, 20), (60, 40)], start=0, target=100, unit="%")
    assert forecast_words(kr, Q4).startswith("on course for 0.6 (yellow) by 31 Dec: 60.67% at the trend of 3 ")
    assert forecast_cell(kr, Q4) == "→ 0.6"


FINITE = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False)


@settings(max_examples=150)
@given(slope=st.floats(-1e6, 1e6), intercept=st.floats(-1e6, 1e6),
       days=st.lists(st.integers(0, 91), min_size=3, max_size=30))
def test_property_exact_on_linear_data(slope, intercept, days):
    kr = kr_with([(d, intercept + slope * d) for d in sorted(days)])
    found = forecast(kr, Q4)
    if len(set(days)) == 1:  # one day: no slope to see
        assert found.value == pytest.approx(intercept + slope * days[0], rel=1e-6, abs=1e-6)
    else:
        assert found.value == pytest.approx(intercept + slope * 91, rel=1e-6, abs=1e-3)


@settings(max_examples=100)
@given(pairs=st.lists(st.tuples(st.integers(0, 91), FINITE), min_size=3, max_size=40),
       kr_type=st.sampled_from(["reach", "above", "below"]), start=FINITE, target=FINITE)
def test_property_noisy_data_gives_a_finite_bounded_forecast(pairs, kr_type, start, target):
    kr = kr_with(sorted(pairs), start=start, target=target, type=kr_type)
    found = forecast(kr, Q4)
    assert math.isfinite(found.value) and abs(found.value) <= 1e15
    assert 0.0 <= found.grade <= 1.0 and found.points == len(pairs)
    forecast_words(kr, Q4)


@settings(max_examples=100)
@given(pairs=st.lists(st.tuples(st.integers(0, 91), st.floats(0, 100)), min_size=3, max_size=40))
def test_property_a_noisy_trend_is_within_the_slopes_it_saw(pairs):
    """Theil-Sen's slope is one of the pairwise slopes: never steeper than the steepest."""
    pairs = sorted(pairs)
    xs, ys = [float(x) for x, _ in pairs], [y for _, y in pairs]
    slope, _ = theil_sen(xs, ys)
    slopes = [(ys[j] - ys[i]) / (xs[j] - xs[i]) for i in range(len(xs)) for j in range(i + 1, len(xs)) if xs[j] != xs[i]]
    if slopes:
        assert min(slopes) - 1e-9 <= slope <= max(slopes) + 1e-9
    else:
        assert slope == 0


# -- feasibility -------------------------------------------------------------------------------
def history(first: date, last: date, value_of, every: int = 1) -> Kpi:
    dates, values, day = [], [], first
    while day <= last:
        dates.append(day.isoformat())
        values.append(float(value_of(day)))
        day += timedelta(days=every)
    return Kpi("kpi", series=Series(dates, values))


def followed(kpi: Kpi, target: float, kr_type: str = "reach", direction: str = "up") -> KeyResult:
    kpi.direction = direction
    return KeyResult("kr", start=0, target=target, kpi=1, type=kr_type, direction=direction)


def quarter_sawtooth(day: date) -> float:
    """100 on each quarter's first day, climbing 1 a day: +90% or so by its end."""
    start = Period.containing(day).start
    return 100 + (day - start).days


def test_a_kpi_that_climbs_each_quarter_reached_it_in_every_past_quarter():
    kpi = history(date(2024, 10, 1), date(2026, 10, 5), quarter_sawtooth)
    kr = followed(kpi, 191 * 1.2)  # the start is 30 Sep's 191: +20%
    found = feasibility(kr, kpi, Q4)
    assert (found.periods, found.reached) == (8, 8)  # each quarter went from 100 to 189 or more
    words = feasibility_words(kr, kpi, Q4)
    assert words == "a change of +20% happened in 8 of 8 past quarters: committed suits it"


@pytest.mark.parametrize("direction, target, reached", [
    ("up", 110, 8),  # +10%: every past quarter rose 10% from its start
    ("up", 400, 0),  # +300%: never
    ("down", 90, 8),  # lower is better: -10%, every past quarter fell 10%
    ("down", 20, 0),
])
def test_a_kpi_that_moves_10_percent_a_quarter(direction, target, reached):
    step = 1.105 if direction == "up" else 0.895  # a bit more than 10% each quarter, compounding

    def value_of(day: date) -> float:  # compounding day by day: each quarter moves by about step
        return 100 * step ** ((day - date(2026, 9, 30)).days / 89)

    kpi = history(date(2024, 10, 1), date(2026, 9, 30), value_of)
    found = feasibility(followed(kpi, target, direction=direction), kpi, Q4)
    assert (found.periods, found.reached) == (8, reached)
    assert found.suggested_kind == ("committed" if reached * 2 >= found.periods else "aspirational")


def test_start_equal_to_target_asks_for_no_worse():
    kpi = history(date(2025, 1, 1), date(2026, 9, 30), lambda day: 50)
    found = feasibility(followed(kpi, 50), kpi, Q4)
    assert found.reached == found.periods == 7


def test_a_start_of_zero_asks_an_absolute_change():
    kpi = history(date(2025, 1, 1), date(2026, 9, 30), lambda day: (day - Period.containing(day).start).days)
    kpi.series.values[-1] = 0.0  # the period starts from 0
    found = feasibility(followed(kpi, 80), kpi, Q4)  # +80: every full quarter climbed 89 or more...
    assert not found.relative and (found.periods, found.reached) == (7, 6)  # ...but the last, which ends at 0
    assert feasibility_words(followed(kpi, 80), kpi, Q4).startswith("a change of +80 happened in 6 of 7 past quarters")


@pytest.mark.parametrize("kr_type, level, reached", [("above", 50, 7), ("above", 120, 0), ("below", 100, 7), ("below", 10, 0)])
def test_stay_above_or_below_counts_quarters_that_held_throughout(kr_type, level, reached):
    kpi = history(date(2025, 1, 1), date(2026, 9, 30), lambda day: 60 + (day.day % 7))
    kr = followed(kpi, level, kr_type)
    kr.start = level
    found = feasibility(kr, kpi, Q4)
    assert (found.periods, found.reached) == (7, reached)
    assert "held in" in feasibility_words(kr, kpi, Q4)


@pytest.mark.parametrize("first, dates", [
    (date(2025, 11, 1), None),  # less than a year before the period
    (None, []),  # no values at all
])
def test_less_than_a_year_of_history_says_nothing(first, dates):
    kpi = history(first, date(2026, 9, 30), lambda day: 1) if first else Kpi("kpi")
    assert feasibility(followed(kpi, 2), kpi, Q4) is None
    assert feasibility_words(followed(kpi, 2), kpi, Q4) == ""
    assert feasibility(KeyResult("kr"), None, Q4) is None


def test_sparse_history_skips_windows_without_values():
    kpi = history(date(2024, 1, 1), date(2026, 9, 30), lambda day: 1, every=200)  # a value every 200 days
    found = feasibility(followed(kpi, 2), kpi, Q4)
    assert found is None or found.periods < 11


def test_custom_periods_step_by_their_own_length():
    period = Period.parse("2026-11-01..2026-11-30")  # a month
    kpi = history(date(2025, 1, 1), date(2026, 10, 31), lambda day: 100 + day.day)
    found = feasibility(followed(kpi, 120), kpi, period)
    assert found.periods == 22  # Oct 2026 back to Jan 2025
    assert "past months" in feasibility_words(followed(kpi, 120), kpi, period)


@settings(max_examples=80)
@given(values=st.lists(st.floats(-1e6, 1e6), min_size=10, max_size=120),
       every=st.integers(1, 30), target=FINITE,
       kr_type=st.sampled_from(["reach", "above", "below"]), direction=st.sampled_from(["up", "down"]))
def test_property_feasibility_counts_on_generated_histories(values, every, target, kr_type, direction):
    first = Q4.start - timedelta(days=every * len(values))
    kpi = Kpi("kpi", series=Series([(first + timedelta(days=every * i)).isoformat() for i in range(len(values))], values))
    kr = followed(kpi, target, kr_type, direction)
    found = feasibility(kr, kpi, Q4)
    if (Q4.start - first).days < 365:
        assert found is None
    if found is not None:
        assert 0 <= found.reached <= found.periods <= (Q4.start - first).days // 89
        assert math.isfinite(found.change)
        assert found.suggested_kind == ("aspirational" if found.reached < found.periods / 2 else "committed")
        assert "of" in feasibility_words(kr, kpi, Q4)


# -- the KPI chart's x axis with a forecast line past the newest value ------------------------------
@settings(max_examples=100)
@given(span=st.integers(1, 800), ahead=st.integers(0, 200), columns=st.integers(20, 240))
def test_property_the_chart_names_the_newest_date_and_the_end_only_with_room(span, ahead, columns):
    from okrtui.ui.screens.kpi_detail import TICK_GAP, ticks_beyond

    first = date(2026, 1, 1)
    newest, end = first + timedelta(days=span), first + timedelta(days=span + ahead)
    ticks = ticks_beyond(first.isoformat(), newest.isoformat(), end.isoformat(), columns)
    assert newest.isoformat() in ticks and ticks == sorted(ticks)
    if ahead and end.isoformat() in ticks:  # the forecast's end is named only a label's width past the newest
        assert columns * ahead / (end - first).days >= TICK_GAP - 1, ticks


@given(values=st.lists(FINITE, min_size=1, max_size=50))
def test_property_median_is_statistics_median(values):
    import statistics

    from okrtui.domain.forecast import median

    assert median(values) == pytest.approx(statistics.median(values), rel=1e-12, abs=1e-9)
