"""Quick entry keeps the KPI the user is on: another date (ctrl+t) leaves the highlight where it
was, and the rows keep one order all day, so "the third row is open bugs" holds while logging."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, Static

import tui_helpers
from okrtui.domain.entry import due_as_day_began, entry_order, stale_as_day_began
from okrtui.domain.models import Kpi, Series
from okrtui.store import Store
from tui_helpers import SIZE, make_app, make_demo, type_text, wait_until


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return make_demo(tmp_path / "demo.json")


def series_of(path: Path, name: str) -> Series:
    return next(k for k in Store(str(path)).read().kpis(tail=None) if k.name == name).series


async def open_quick_entry(pilot) -> None:
    app = pilot.app
    await pilot.press("l")
    await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "log" and app.focused is not None
                     and app.focused.id == "value-input")


async def highlight(pilot, name: str) -> None:
    app = pilot.app
    while app.screen._current()[1].name != name:
        await pilot.press("down")


def names(app) -> list[str]:
    return [kpi.name for kpi in app.screen.kpis]


def row_ids(app) -> list[str]:
    rows = app.screen.query_one("#log-rows")
    return [rows.get_option_at_index(index).id for index in range(rows.option_count)]


@pytest.mark.parametrize("burst", [False, True])
async def test_another_date_keeps_the_kpi_the_user_is_on(demo, burst):
    """The issue: on Equipment downtime, ctrl+t, a date, then 2 enter logged the value on the FIRST KPI."""
    app = make_app(demo)
    first_before = None
    async with app.run_test(size=SIZE) as pilot:
        await open_quick_entry(pilot)
        first_before = names(app)[0]
        await highlight(pilot, "Equipment downtime")
        if burst:
            await tui_helpers.burst(pilot, "<ctrl+t>2026-11-25<enter>2<enter>")
        else:
            await pilot.press("ctrl+t")
            hint = str(app.screen.query_one("#log-date-kpi", Static).content)
            assert "Equipment downtime" in hint  # the date field says whose value comes next
            assert "Equipment downtime" in str(app.screen.query_one("#log-status", Static).content)
            await type_text(pilot, "2026-11-25")  # the date's text is selected: typing replaces it
            await pilot.press("enter")
            await wait_until(pilot, lambda: "2026-11-25" in app.screen.sub_title)
            assert app.screen._current()[1].name == "Equipment downtime"
            assert str(app.screen.query_one("#log-date-kpi", Static).content) == ""  # back in the value field
            await pilot.press("2", "enter")
        await wait_until(pilot, lambda: "= 2 for 2026-11-25" in str(app.screen.query_one("#log-status").content))
    downtime = series_of(demo, "Equipment downtime")
    assert downtime.values[downtime.dates.index("2026-11-25")] == 2
    assert "2026-11-25" not in series_of(demo, first_before).dates or first_before == "Equipment downtime"


async def test_rows_keep_their_order_while_values_are_logged_and_after(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await open_quick_entry(pilot)
        order = names(app)
        shown = row_ids(app)
        start = app.screen._current()[0]
        for value in ("1", "2", "3"):
            await type_text(pilot, value)
            await pilot.press("enter")
        assert names(app) == order
        assert row_ids(app) == shown
        assert app.screen._current()[0] == start + 3  # the cursor moved on by one row per value, nothing else
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        await open_quick_entry(pilot)
        assert names(app) == order  # the same order all day, whatever was logged
        await pilot.press("ctrl+t")
        await type_text(pilot, "2026-11-27")  # the same day again
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.focused, Input) and app.focused.id == "value-input")
        assert names(app) == order


# -- the order, in the domain ---------------------------------------------------------------------
DAY = date(2026, 11, 27)


def kpi(name: str, cadence: str = "daily", dates: tuple[str, ...] = (), id: int = 1) -> Kpi:
    return Kpi(name=name, cadence=cadence, series=Series(list(dates), [1.0] * len(dates)), id=id)


@pytest.mark.parametrize("cadence, dates, due, stale", [
    ("daily", (), True, True),
    ("daily", ("2026-11-26",), True, False),  # a daily KPI is due every day
    ("daily", ("2026-11-26", "2026-11-27"), True, False),  # logged today: still due as the day began
    ("daily", ("2026-11-25",), True, True),
    ("weekly", ("2026-11-21",), False, False),  # within the 7 days before
    ("weekly", ("2026-11-20",), True, False),
    ("weekly", ("2026-11-19",), True, True),
    ("weekly", ("2026-11-19", "2026-11-27"), True, True),  # today's value changes nothing
    ("weekly", ("2026-11-30",), True, True),  # back-filling: later values do not count
    ("monthly", ("2026-10-28",), False, False),
    ("monthly", ("2026-10-27",), True, False),
])
def test_due_and_stale_as_the_day_began(cadence, dates, due, stale):
    k = kpi("x", cadence, dates)
    assert (due_as_day_began(k, DAY), stale_as_day_began(k, DAY)) == (due, stale)


def test_entry_order_is_stale_then_due_then_the_rest_by_name_and_logging_moves_nothing():
    kpis = [kpi("web", "daily", ("2026-11-26",), 1), kpi("Bugs", "weekly", ("2026-11-24",), 2),
            kpi("apdex", "daily", ("2026-11-20",), 3), kpi("Churn", "weekly", ("2026-11-01",), 4),
            kpi("cost", "weekly", ("2026-11-18",), 5), kpi("NPS", "monthly", ("2026-11-10",), 6)]
    order = [k.name for k in entry_order(kpis, DAY)]
    assert order == ["apdex", "Churn", "cost", "web", "Bugs", "NPS"]
    for k in kpis:  # a value for the day on every KPI
        k.series = Series(k.series.dates + ["2026-11-27"], k.series.values + [2.0])
    assert [k.name for k in entry_order(kpis, DAY)] == order


# -- unusual values --------------------------------------------------------------------------------
async def test_an_unusual_value_is_saved_and_said_at_once_and_ctrl_z_takes_it_back(demo):
    before = series_of(demo, "Web traffic")
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await open_quick_entry(pilot)
        await highlight(pilot, "Web traffic")
        index = app.screen._current()[0]
        await pilot.press("1", "2", "9", "0", "0", "enter")  # usual: nothing said
        status = app.screen.query_one("#log-status", Static)
        assert str(status.content).startswith("✓") and "unusual" not in str(status.content)
        await pilot.press("up")
        await pilot.press("2", "enter")  # the slip
        text = str(status.content)
        assert text.startswith("⚠ replaced Web traffic = 2 for 2026-11-27: unusual: 2 vs ") and "ctrl+z undoes" in text
        low, high = min(before.values[-48:-1]), max(before.values[-48:-1])
        assert f"vs {low:g}–{high:g} in the last " in text
        assert status.has_class("-warning")
        row = tui_helpers.option_texts(app.screen.query_one("#log-rows"))[index]
        assert row.rstrip().endswith("⚠ 2")  # the row says so too
        assert series_of(demo, "Web traffic").values[-1] == 2  # saved all the same
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: series_of(demo, "Web traffic").values[-1] == 12900)
        assert app.screen._current()[1].name == "Web traffic"  # back on its row, to type it again
        assert "ctrl+z undoes" not in str(status.content) and not status.has_class("-warning")  # no longer so
        assert tui_helpers.option_texts(app.screen.query_one("#log-rows"))[index].rstrip().endswith("✓ 12900")
    assert series_of(demo, "Web traffic").values[-1] == 12900


async def test_a_corrected_value_far_outside_its_history_is_said_in_the_notice(demo):
    from textual.widgets import DataTable, OptionList

    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        kpi_list = app.screen.query_one("#kpis", OptionList)
        while not tui_helpers.option_texts(kpi_list)[kpi_list.highlighted].startswith("Web traffic"):
            await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_detail")
        await wait_until(pilot, lambda: app.screen.query_one("#values", DataTable).row_count > 300)
        await pilot.press("c")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "value")
        await type_text(pilot, "2")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_detail")
        notices = [n for n in app._notifications if "unusual: 2 vs " in n.message]
        assert notices and notices[0].severity == "warning" and "in the last 90 days" in notices[0].message
    assert series_of(demo, "Web traffic").values[-1] == 2
