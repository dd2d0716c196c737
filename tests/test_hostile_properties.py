"""Hypothesis properties from a hostile-input pass over issue 18 (frozen plans, change records,
forecasts, feasibility): any stored plan/changes document and any KPI series, in any period."""

from __future__ import annotations

import json
import math
import re
from datetime import date, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from okrtui.domain.feasibility import feasibility
from okrtui.domain.forecast import forecast, trend_line
from okrtui.domain.models import CheckIn, KeyResult, Kpi, Series
from okrtui.domain.period import Period
from okrtui.domain.safetext import markdown_text, printable
from okrtui.honest import feasibility_words, forecast_cell, forecast_words
from tui_helpers import leaks

HOSTILE_TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["[bold red]x[/]", "\x1b[31mred", "\x1b]52;c;aGk=\x07", "evil\u202etxt", "a\nb", "=cmd|' /C calc'!A0",
                     "<script>alert(1)</script>", "&rlm;", "", "0001-01-01", "9999-12-31", "reach", "below"]))
NUMBER = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**20, 10**20),
                   st.sampled_from([0, -0.0, 1e-300, 5e-324, 1e15, -1e15, 1e308, True]))
ANY = st.one_of(st.none(), NUMBER, HOSTILE_TEXT, st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
DAY = st.one_of(st.sampled_from(["2026-10-01", "0001-01-01", "9999-12-31", "2026-02-30", ""]), ANY)
TIME = st.one_of(st.sampled_from(["2026-11-20T10:15:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59", "2026-11-20",
                                  "2026-11-20T10:15:00+14:00", "2026-11-20T10:15:00.123456"]), ANY)
FROZEN_KR = st.dictionaries(st.sampled_from(["start", "target", "type", "weight", "due"]),
                            st.one_of(NUMBER, DAY, st.sampled_from(["reach", "above", "below"])), max_size=5)
PLAN = st.one_of(ANY, st.fixed_dictionaries({"day": DAY, "key_results": st.one_of(
    ANY, st.dictionaries(st.sampled_from(["1", "2", "3", "9999999", "01", "x", ""]), st.one_of(FROZEN_KR, ANY), max_size=4))}))
CHANGE = st.fixed_dictionaries(
    {"record": st.one_of(st.sampled_from(["1.1", "1.2", "1.9", "999.7", "1.", ".1", "1.1.1"]), ANY),
     "field": st.one_of(st.sampled_from(["start", "target", "type", "weight", "due", "key result"]), ANY),
     "at": TIME}, optional={"from": st.one_of(NUMBER, HOSTILE_TEXT, st.none()), "to": st.one_of(NUMBER, HOSTILE_TEXT, st.none()),
                            "by": HOSTILE_TEXT})
# Shapes the schema takes, with the extremes it allows: hostile text, ±1e15, 1e-300, -0.0, years 1 and 9999.
IN_RANGE = st.one_of(st.floats(-1e15, 1e15), st.sampled_from([0.0, -0.0, 1e-300, 5e-324, 1e15, -1e15]))
GOOD_DAY = st.sampled_from(["2026-10-01", "0001-01-01", "9999-12-31", "2026-11-20"])
GOOD_PLAN = st.fixed_dictionaries({"day": GOOD_DAY, "key_results": st.dictionaries(
    st.sampled_from(["1", "2", "3", "9999999"]),
    st.fixed_dictionaries({}, optional={"start": IN_RANGE, "target": IN_RANGE, "weight": st.floats(1e-300, 1e15),
                                        "type": st.sampled_from(["reach", "above", "below"]),
                                        "due": st.one_of(st.none(), GOOD_DAY)}), max_size=4)})
GOOD_CHANGE = st.fixed_dictionaries(
    {"record": st.sampled_from(["1.1", "1.2", "1.9", "999.7"]),
     "field": st.sampled_from(["start", "target", "type", "weight", "due", "key result"]),
     "at": st.sampled_from(["2026-11-20T10:15:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59", "2026-11-20",
                            "2026-11-20T10:15:00+14:00"]), "by": HOSTILE_TEXT},
    optional={"from": st.one_of(IN_RANGE, HOSTILE_TEXT, st.none()), "to": st.one_of(IN_RANGE, HOSTILE_TEXT, st.none())})
GOOD_CHANGES = st.one_of(st.lists(GOOD_CHANGE, max_size=6), st.lists(GOOD_CHANGE, min_size=1, max_size=2).map(lambda c: c * 50))
CHANGES = st.one_of(ANY, st.lists(st.one_of(CHANGE, ANY), max_size=5), st.lists(CHANGE, max_size=2).map(lambda c: c * 50))


def objective_doc(plan, changes) -> dict:
    doc = {"title": "Grow", "period": "2026-Q4", "status": "active", "next_kr": 3,
           "key_results": [{"n": 1, "title": "Revenue", "target": 150000.0, "current": 82500.0},
                           {"n": 2, "title": "Accounts", "target": 12.0, "current": 6.0, "type": "above"}]}
    if plan is not ...:
        doc["plan"] = plan
    if changes is not ...:
        doc["changes"] = changes
    return json.loads(json.dumps(doc))  # as a store file gives it back (NaN and inf survive: json writes them)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=st.one_of(st.just(...), GOOD_PLAN, GOOD_PLAN, PLAN), changes=st.one_of(st.just(...), GOOD_CHANGES, GOOD_CHANGES, CHANGES))
def test_any_stored_plan_and_changes_are_refused_in_words_or_shown_safely_at_every_exit(plan, changes):
    from okrtui.cli.plan import change_json, change_line, objective_plan_json
    from okrtui.domain.plan import grade_words
    from okrtui.planwords import kr_change_texts, markdown_lines
    from okrtui.store.errors import SchemaProblem
    from okrtui.store.repo import objective_from_doc
    from okrtui.store.schema import check_objective
    from okrtui.web.report import html_report

    doc = objective_doc(plan, changes)
    try:
        check_objective("1", doc)
    except SchemaProblem as problem:  # refused: in one printable line that names the field
        assert "\n" not in str(problem) and not leaks(str(problem)) and "field" in str(problem)
        return
    event("accepted")
    objective = objective_from_doc(1, doc)
    titles = {kr.id: kr.title for kr in objective.key_results}
    units = {kr.id: kr.unit for kr in objective.key_results}
    terminal = [change_line(c, titles, units) for c in objective.changes] + [printable(grade_words(objective) or "")]
    terminal += [printable(t) for kr in objective.key_results for t in kr_change_texts(objective, kr)]
    assert not any(leaks(line) or "\n" in line for line in terminal)
    json.dumps([change_json(c) for c in objective.changes] + [objective_plan_json(objective, 0.7)], allow_nan=False)
    markdown = "\n".join(markdown_lines([objective], markdown_text))
    assert not leaks(markdown) and not re.search(r"(?<!\\)[<&\[]", markdown)  # markup only escaped
    page = html_report([objective], [], Period.of_quarter(2026, 4), date(2026, 11, 27), everything=[objective])
    assert not leaks(page) and "<script>alert" not in page


VALUE = st.one_of(st.floats(-1e15, 1e15), st.sampled_from([0.0, -0.0, 1e-300, -1e-300, 5e-324, 1e15, -1e15]))


@st.composite
def periods(draw) -> Period:
    """Any period in the calendar: a day, a quarter, odd month ranges, years 1 and 9999."""
    if draw(st.booleans()):
        return Period.of_quarter(draw(st.sampled_from([1, 2, 2026, 9999])), draw(st.integers(1, 4)))
    start = draw(st.one_of(st.dates(), st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2026, 1, 31)])))
    return Period(start, min(date.max, start + timedelta(days=draw(st.integers(0, 800)))) if start.year < 9997 else date.max)


def shifted(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(period=periods(), measured=st.lists(st.tuples(st.integers(0, 800), VALUE), max_size=30),
       history=st.lists(VALUE, max_size=60), every=st.integers(1, 400), start=VALUE, target=VALUE,
       kr_type=st.sampled_from(["reach", "above", "below"]), direction=st.sampled_from(["up", "down"]))
def test_any_series_in_any_period_gives_a_finite_forecast_and_feasibility_in_words(
        period, measured, history, every, start, target, kr_type, direction):
    days = [(day, v) for n, v in sorted(measured, key=lambda p: p[0]) if (day := shifted(period.start, n)) is not None]
    kr = KeyResult("kr", start=start, target=target, type=kr_type, direction=direction,
                   checkins=[CheckIn(f"{d}T09:30:00", v) for d, v in days])
    kr.current = days[-1][1] if days else None
    found = forecast(kr, period)
    if found is not None:
        assert math.isfinite(found.value) and abs(found.value) <= 1e15 and 0.0 <= found.grade <= 1.0
        assert period.contains(date.fromisoformat(trend_line(kr, period)[0][0]))
    for words in (forecast_words(kr, period), forecast_cell(kr, period)):
        assert "nan" not in words and "inf" not in words
    dates = [d for i in range(len(history)) if (d := shifted(period.start, -every * (len(history) - i))) is not None]
    kpi = Kpi("kpi", direction=direction, target=target,
              series=Series([d.isoformat() for d in dates], history[len(history) - len(dates):]))
    followed = KeyResult("kr", start=start, target=target, type=kr_type, kpi=1)
    found_too = feasibility(followed, kpi, period)
    if found_too is not None:
        assert 0 <= found_too.reached <= found_too.periods and math.isfinite(found_too.change)
    words = feasibility_words(followed, kpi, period)
    assert "nan" not in words and "inf" not in words
