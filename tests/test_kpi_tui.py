"""Pilot tests at 80x24 for KPIs in the TUI: quick entry, the KPI pane's keys, KPI detail,
key results that follow their KPI. Every flow by keys, then what the store holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList

from conftest import run_okrtui
from okrtui.domain.models import KeyResult, Kpi, Objective, Series
from okrtui.domain.period import Period
from okrtui.domain.progress import kr_progress
from okrtui.store import Store
from tui_helpers import FROZEN_TODAY, SIZE, make_app, make_demo, option_texts, screen_text, to_kpi_row, type_text, wait_until

TODAY = FROZEN_TODAY.isoformat()


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return make_demo(tmp_path / "demo.json")


def kpis(path: Path) -> dict[str, Kpi]:
    return {k.name: k for k in Store(str(path)).read().kpis(tail=None)}


def focused_kpi(app) -> str:
    """The KPI whose value the field takes (the highlighted row)."""
    return app.screen._current()[1].name


async def test_quick_entry_logs_three_kpis_with_digits_and_enter_only(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "log" and isinstance(app.focused, Input))
        typed = {}
        for value in ("42", "17.5", "3"):
            typed[focused_kpi(app)] = float(value)
            await type_text(pilot, value)
            await pilot.press("enter")
        assert "= 3 for 2026-11-27" in str(app.screen.query_one("#log-status").content)  # saved (3 is unusual there: ⚠)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
    stored = kpis(demo)
    for name, value in typed.items():
        series = stored[name].series
        assert series.dates[-1] == TODAY and series.values[-1] == value, name


@pytest.mark.parametrize("text, words", [("", "nothing typed"), ("lots", "must be a number"),
                                         ("12ms", "leave out the unit"), ("1,5", "comma")])
async def test_quick_entry_saves_nothing_for_bad_values_and_says_why(demo, text, words):
    before = demo.read_bytes()
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.focused, Input) and app.focused.id == "value-input")
        first = focused_kpi(app)
        await type_text(pilot, text)
        await pilot.press("enter")
        status = str(app.screen.query_one("#log-status").content)
        assert words in status and "nothing saved" in status
        assert focused_kpi(app) == first  # stays on the row
    assert demo.read_bytes() == before


async def test_a_refused_value_is_given_back_with_the_cursor_after_it(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.focused, Input) and app.focused.id == "value-input")
        await type_text(pilot, "12ms")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("backspace", "backspace")  # delete the unit: the cursor is at the end
        assert app.focused.value == "12"


async def test_quick_entry_skips_and_back_fills_a_date(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.focused, Input) and app.focused.id == "value-input")
        await pilot.press("down")  # skip the first
        second = focused_kpi(app)
        await pilot.press("ctrl+t", "ctrl+a", "ctrl+k")
        await type_text(pilot, "2026-11-20")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "2026-11-20" in app.screen.sub_title)
        await wait_until(pilot, lambda: isinstance(app.focused, Input) and app.focused.id == "value-input")
        name = focused_kpi(app)
        await type_text(pilot, "7")
        await pilot.press("enter")
    series = kpis(demo)[name].series
    assert series.values[series.dates.index("2026-11-20")] == 7.0
    assert second  # a row was reachable by ↓


async def test_okrtui_log_with_no_arguments_opens_quick_entry(demo):
    app = make_app(demo)
    app.start = "log"
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "log")
        await pilot.press("escape")
        await wait_until(pilot, lambda: not app.is_running)



async def test_kpi_pane_shows_its_keys_and_help_names_tab(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        await pilot.pause()
        footer = " ".join(b.binding.description for b in app.screen.active_bindings.values() if b.binding.show)
        assert all(words in footer for words in ("Add KPI", "Edit KPI", "Delete KPI"))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "help")
        text = screen_text(app)
        assert "KPI pane (tab reaches it)" in text and "Move between the objectives and the KPI pane" in text


async def test_kpi_add_from_a_template_edit_and_delete_from_the_pane(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "a")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_form")
        await pilot.press("enter")  # open the template list
        await pilot.pause()
        for _ in range(3):  # past the prompt to the third template: Uptime, %, higher is better
            await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.focused.id == "name-input")  # the template filled the form
        assert app.focused.value == "Uptime" and app.screen.query_one("#unit-input").value == "%"
        await pilot.press("tab", "tab", "tab", "tab")  # past unit, direction and cadence
        assert app.focused.id == "target-input"
        await type_text(pilot, "99.9")
        await pilot.press("enter")
        await type_text(pilot, "99.5")
        await pilot.press("enter")
        await type_text(pilot, "abc")
        await pilot.press("ctrl+s")
        assert app.screen.SCREEN_NAME == "kpi_form" and "must be a number" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "99")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
    uptime = kpis(demo)["Uptime"]
    assert (uptime.unit, uptime.direction, uptime.target, uptime.warn, uptime.crit) == ("%", "up", 99.9, 99.5, 99.0)

    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await to_kpi_row(pilot, app, "Uptime")
        await pilot.press("e")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_form")
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "Service uptime")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        await to_kpi_row(pilot, app, "Service uptime")
        await pilot.press("d")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "confirm")
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
    assert "Service uptime" not in kpis(demo) and "Uptime" not in kpis(demo)


async def test_deleting_a_followed_kpi_names_its_key_results_and_leaves_them_history(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await to_kpi_row(pilot, app, "Average resp")
        await pilot.press("d")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "confirm")
        assert "Key results follow it: 2.2" in screen_text(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
    kr = Store(str(demo)).read().objective(2).key_results[1]
    assert kr.kpi is None and "followed KPI 'Average response time'" in kr.followed
    assert kr.checkins and kr.current == kr.checkins[-1].value


async def test_kpi_detail_charts_and_corrects_and_deletes_a_value(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await to_kpi_row(pilot, app, "Web traffic")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_detail")
        table = app.screen.query_one("#values", DataTable)
        await wait_until(pilot, lambda: table.row_count > 300)
        await pilot.press("1", "4", "2")  # ranges redraw without trouble
        newest = table.coordinate_to_cell_key((0, 0)).row_key.value
        await pilot.press("c")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "value")
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "twelve")
        await pilot.press("enter")
        assert app.screen.SCREEN_NAME == "value" and "must be a number" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "12345")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_detail")
        await pilot.press("down", "x")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "confirm")
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_detail")
    series = kpis(demo)["Web traffic"].series
    assert series.values[series.dates.index(newest)] == 12345.0
    assert len(series.dates) == len(set(series.dates)) and series.dates[-2] != newest


async def test_promote_a_kpi_into_a_key_result_that_follows_it(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await to_kpi_row(pilot, app, "Customer servic")
        await pilot.press("p")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "pick")
        await pilot.press("down", "down", "enter")  # objective 3
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
    objective = Store(str(demo)).read().objective(3)
    kr = objective.key_results[-1]
    calls = kpis(demo)["Customer service call completion rate"]
    assert kr.kpi == calls.id and kr.type == "reach" and kr.target == 95 and kr.unit == "%"  # critical: reach the target
    assert kr.value == calls.series.values[-1]


def _uptime_store(path: Path) -> Path:
    period = Period.containing(FROZEN_TODAY)
    before = (period.start.toordinal() - 1)
    from datetime import date

    with Store(str(path)).transaction() as repo:
        kpi_id = repo.add_kpi(Kpi("Uptime", unit="%", direction="up", target=99.0, warn=98.5, crit=98.0,
                                  series=Series([date.fromordinal(before).isoformat(), "2026-11-20"], [99.5, 99.5])))
        objective = Objective("Keep the service up", period.key, status="active")
        objective.key_results.append(KeyResult("Uptime at least 99", start=99.5, target=99.0, kpi=kpi_id, type="reach",
                                               direction="up"))
        repo.save_objective(objective)
    return path


async def test_a_followed_key_result_moves_with_values_from_the_tui_and_the_shell(tmp_path):
    path = _uptime_store(tmp_path / "uptime.json")
    kr = Store(str(path)).read().objective(1).key_results[0]
    assert not kr.lower_is_better and kr_progress(kr) == 1.0  # at 99.5 with a 99.0 target: reached, not 300%
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.focused, Input) and app.focused.id == "value-input")
        await type_text(pilot, "98")
        await pilot.press("enter", "escape")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        rows = option_texts(app.screen.query_one("#objectives", OptionList))
        assert any("1.1" in row and "98%/99%" in row and "  0%" in row for row in rows), rows
        assert run_okrtui(path, "log", "uptime", "99.2", "--date", "2026-11-21").code == 0
        # the app polls the file: the row follows the shell's value too (98 is still the latest)
        result = run_okrtui(path, "log", "uptime", "99.7")
        assert result.code == 0
        await wait_until(pilot, lambda: any("99.7%/99%" in r for r in option_texts(
            app.screen.query_one("#objectives", OptionList))))
    status = json.loads(run_okrtui(path, "status", "--json", "--period", Period.containing(FROZEN_TODAY).key).out)
    kr_json = status["objectives"][0]["key_results"][0]
    assert kr_json["lower_is_better"] is False and kr_json["current"] == 99.7


def test_the_chart_library_loads_only_with_the_kpi_detail_screen(demo):
    """The dashboard and quick entry never import textual-plotext (a fresh process, first frames)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from okrtui.store import Store\n"
        "from okrtui.ui.app import OkrApp\n"
        "class FirstFrame(OkrApp):\n"
        "    def on_ready(self):\n"
        "        self.call_after_refresh(self.exit)\n"
        "for start in (None, 'log'):\n"
        "    FirstFrame(Store(sys.argv[1]), start=start).run(headless=True, size=(80, 24))\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual_plotext', 'plotext')]\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(demo)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]


async def test_editing_a_kpi_keeps_every_digit_of_its_levels(tmp_path):
    path = tmp_path / "s.json"
    with Store(str(path)).transaction() as repo:
        repo.add_kpi(Kpi("Uptime", unit="%", target=99.995, warn=99.12345))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await to_kpi_row(pilot, app, "Uptime")
        await pilot.press("e")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_form")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
    kpi = kpis(path)["Uptime"]
    assert (kpi.target, kpi.warn) == (99.995, 99.12345)
