"""The TUI against extreme values, a store that turns bad under it, and the edges of the calendar."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import OptionList

from okrtui.domain.models import CheckIn, KeyResult, Kpi, Objective, Series
from okrtui.domain.parsing import MAX_MAGNITUDE
from okrtui.domain.period import Period
from okrtui.store import Store
from tui_helpers import FROZEN_TODAY, SIZE, make_app, make_demo, option_texts, screen_text, wait_until

EVIL = "x\x1b]52;c;cHduZWQ=\x07\u202eevil"


def extreme_store(path: Path) -> Path:
    """Values at the ends of the range, and names as a foreign store could hold them (escapes, bidi)."""
    period = Period.containing(FROZEN_TODAY)
    with Store(str(path)).transaction() as repo:
        days = [period.start.isoformat(), FROZEN_TODAY.isoformat()]
        repo.add_kpi(Kpi("K", unit="u", target=MAX_MAGNITUDE, warn=-MAX_MAGNITUDE,
                         series=Series(days, [MAX_MAGNITUDE, -MAX_MAGNITUDE])))
        objective = Objective("O", period.key, status="active")
        kr = KeyResult("R", start=-MAX_MAGNITUDE, target=MAX_MAGNITUDE, current=MAX_MAGNITUDE, unit="u")
        kr.checkins = [CheckIn("2026-11-01T09:00:00", -MAX_MAGNITUDE), CheckIn("2026-11-20T09:00:00", MAX_MAGNITUDE)]
        tiny = KeyResult("Tiny span", start=0, target=1e-6, current=MAX_MAGNITUDE)
        objective.key_results += [kr, tiny]
        repo.save_objective(objective)
    data = json.loads(path.read_text())
    data["kpis"]["1"].update(name=EVIL, unit=EVIL)
    data["objectives"]["1"]["title"] = EVIL
    data["objectives"]["1"]["key_results"][0].update(title=EVIL, unit=EVIL)
    path.write_text(json.dumps(data))
    return path


def _no_escapes(text: str) -> bool:
    return not any(c in text for c in "\x1b\x07\u202e")


async def test_extreme_values_render_on_every_screen(tmp_path):
    app = make_app(extreme_store(tmp_path / "s.json"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dashboard = screen_text(app)
        assert "evil" in dashboard and _no_escapes(dashboard)
        assert ">10x" in dashboard  # a KR far past its target, in four columns
        await pilot.press("enter")  # the objective's detail
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "detail")
        assert _no_escapes(screen_text(app))
        await pilot.press("c")  # check in on the huge KR
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "checkin")
        assert _no_escapes(screen_text(app))
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
    assert app.return_code in (0, None)


async def test_a_store_turned_bad_under_the_tui_is_reported_and_saves_refused(tmp_path):
    path = make_demo(tmp_path / "demo.json")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        data = json.loads(path.read_text())
        first = next(iter(data["objectives"]))
        data["objectives"][first]["key_results"][0]["due"] = "next week"
        bad = json.dumps(data).encode()
        path.write_bytes(bad)
        await wait_until(pilot, lambda: any(n.title == "Store unreadable" for n in app._notifications))
        assert any("key_results[0].due" in n.message for n in app._notifications)
        rows = option_texts(app.screen.query_one("#objectives", OptionList))
        assert rows  # the last good view stays on screen
        await pilot.press("down", "c")  # check in on a key result: the save must be refused
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "checkin")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any(n.title == "Not saved" for n in app._notifications))
        assert app.screen.SCREEN_NAME == "checkin"
    assert path.read_bytes() == bad
    assert app.return_code in (0, None)


async def test_stepping_past_the_calendar_says_so(tmp_path):
    path = make_demo(tmp_path / "demo.json")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        app.period = Period.parse("0001-Q1")
        await pilot.press("left_square_bracket")
        await wait_until(pilot, lambda: any("calendar ends" in n.message for n in app._notifications))
        assert app.period.key == "0001-Q1"
        app.period = Period.parse("9999-Q4")
        await pilot.press("right_square_bracket", "left_square_bracket")
        assert app.period.key == "9999-Q3"
