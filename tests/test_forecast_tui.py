"""Pilot tests at 80x24 for issue 18's forecasts and feasibility lines: the detail screen, the
review, the KPI chart, `p` and the wizard, walked by keyboard on the demo store (whose Average
response time reaches back two years and is followed by key result 2.2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from okrtui.store import Store
from tui_helpers import SIZE, make_app, make_demo, wait_until


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return make_demo(tmp_path / "demo.json")


def text_of(app, selector: str) -> str:
    return app.screen.query_one(selector, Static).render().plain


async def test_the_detail_screen_shows_a_forecast_and_a_feasibility_line(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "detail")
        assert "on course for 0.9 (green) by 31 Dec: $135.6k" in text_of(app, "#history")  # 1.1: short of 1.0
        assert "feasibility" not in text_of(app, "#history")  # it follows no KPI
        await pilot.press("right_square_bracket", "j")  # objective 2, key result 2.2
        await wait_until(pilot, lambda: "2.2" in text_of(app, "#history"))
        history = text_of(app, "#history")
        assert "feasibility: a change of -" in history and "happened in 0 of 7 past quarters: aspirational suits it" in history
    assert Store(str(demo)).read().objective(2).kind == "aspirational"  # looking changed nothing


async def test_the_review_says_where_the_highlighted_key_result_lands(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        assert "on course" not in text_of(app, "#review-note")  # an objective: its grade in words
        await pilot.press("down")
        await wait_until(pilot, lambda: "on course" in text_of(app, "#review-note"))
        assert text_of(app, "#review-note").startswith("1.1 on course for 0.9 (green) by 31 Dec")


async def test_the_chart_of_a_followed_kpi_names_its_forecast_line(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await _to_kpi(pilot, app, "Average resp")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_detail")
        assert "··· 2.2 forecast 107.2 min" in text_of(app, "#kpi-info").splitlines()[0]
        await pilot.press("4", "1")  # every range draws the line without trouble
        await pilot.press("escape")
        await _to_kpi(pilot, app, "Web traffic")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_detail")
        assert "forecast" not in text_of(app, "#kpi-info")  # followed by nothing


async def test_p_on_a_kpi_with_two_years_says_how_often_it_moved_that_far(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _to_kpi(pilot, app, "Average resp")
        await pilot.press("p")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "pick")
        await pilot.press("down", "enter")  # objective 2
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        messages = [n.message for n in app._notifications]
    assert any("follows KPI Average response time" in m and "past quarters:" in m and "suits it" in m for m in messages), messages
    objective = Store(str(demo)).read().objective(2)
    assert objective.key_results[-1].kpi == 1 and len(objective.key_results) == 5  # the demo has 4 (2.4: budgets)


async def test_the_wizard_says_it_when_a_key_result_comes_from_a_kpi(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", *"Faster", "ctrl+n", "shift+tab", "shift+tab")  # the KPIs come first on the step
        assert app.focused.id == "kpi-pick"
        place = [kpi.id for kpi, _ in app.screen._kpis].index(1)  # Average response time, among those needing attention
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*["down"] * (place + 1), "enter")
        await wait_until(pilot, lambda: len(app.screen.key_results) == 1)
        messages = [n.message for n in app._notifications]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME != "wizard")
    assert any("Key result added from KPI 'Average response time'" in m and "In 0 of 7 past quarters" not in m
               and "happened in 0 of 7 past quarters: aspirational suits it." in m for m in messages), messages
    assert Store(str(demo)).read().objectives()[-1].key_results[0].kpi == 1


async def _to_kpi(pilot, app, name_start: str) -> None:
    from tui_helpers import option_texts

    kpi_list = app.screen.query_one("#kpis", OptionList)
    if app.focused is not kpi_list:
        await pilot.press("tab")
    await wait_until(pilot, lambda: app.focused is kpi_list)
    for _ in range(kpi_list.option_count):
        if option_texts(kpi_list)[kpi_list.highlighted].startswith(name_start):
            return
        await pilot.press("down")
    raise AssertionError(f"no KPI row starts with {name_start!r}")

