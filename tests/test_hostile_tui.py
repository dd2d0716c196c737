"""Pilot tests at 80x24 from a hostile-input pass: stored values a hand edit or a teammate's push
may hold, on the screens issue 18 touched. No stored value may make a screen fail."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import OptionList

from okrtui.store import Store
from tui_helpers import SIZE, make_app, make_demo, option_texts, wait_until


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return make_demo(tmp_path / "demo.json")


async def _open_kpi(pilot, app, name_start: str) -> None:
    kpi_list = app.screen.query_one("#kpis", OptionList)
    await pilot.press("tab")
    await wait_until(pilot, lambda: app.focused is kpi_list)
    while not option_texts(kpi_list)[kpi_list.highlighted].startswith(name_start):
        await pilot.press("down")
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_detail")


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1, 1, 2)])
async def test_the_kpi_chart_of_a_value_dated_in_year_1_draws(demo, day, monkeypatch):
    """A value on 0001-01-01 (okrtui log --date takes it; so does a hand edit) made plotext's
    x axis fall in year 0 when the chart showed all values: ValueError, and the app ended.
    0001-01-02 did too in time zones west of Greenwich."""
    monkeypatch.setenv("TZ", "America/New_York")
    import time

    time.tzset()
    try:
        with Store(str(demo)).transaction() as repo:
            kpi = next(k for k in repo.kpis() if k.name == "Average response time")
            repo.log_value(kpi.id, day, 300.0, "")
        app = make_app(demo)
        async with app.run_test(size=SIZE) as pilot:
            await _open_kpi(pilot, app, "Average resp")
            await pilot.press("4")  # all values, back to year 1
            await pilot.pause(0.3)
            await pilot.press("1", "4")
            await pilot.pause(0.3)
            assert app.screen.SCREEN_NAME == "kpi_detail" and app.is_running
            await pilot.press("4")
            await pilot.pause(0.3)
            assert app.is_running and "all ·" in app.screen.query_one("#chart").render().plain  # drawn, not raised
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
