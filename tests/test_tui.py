"""Pilot tests at 80x24: every flow by keyboard, then what the store holds."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from okrtui.domain.period import Period
from okrtui.store import Store
from okrtui.ui.actions import ACTIONS, PANES, TYPING_SCREENS, listed
from tui_helpers import SIZE, make_app, make_demo, option_texts, screen_text, type_text, wait_until

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return make_demo(tmp_path / "demo.json")


def objectives(path: Path):
    return Store(str(path)).read().objectives()


async def test_dashboard_shows_objectives_krs_and_kpis(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "dashboard"
        assert "2026-Q4" in app.screen.sub_title
        rows = option_texts(app.screen.query_one("#objectives", OptionList))
        assert any("Grow new-business revenue by 50%" in r and "%" in r and "at risk" in r for r in rows)
        assert any("1.1" in r and "$82.5k/$150k" in r and "conf" in r for r in rows)
        assert any("⚠ 1 key result" in r for r in rows)  # the draft with one KR is flagged in words
        assert any("◌ draft" in r for r in rows)
        kpis = option_texts(app.screen.query_one("#kpis", OptionList))
        assert kpis[0].startswith("Customer servic") and "✖ critical" in kpis[0]  # trouble first
        assert any("stale" in k for k in kpis)
        assert any(ch in "".join(kpis) for ch in "▁▂▃▄▅▆▇█")


async def test_wizard_end_to_end_by_keys(demo):
    app = make_app(demo)
    before = len(objectives(demo))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert app.screen.SCREEN_NAME == "wizard"
        assert app.focused.id == "title-input"  # opens with the cursor in the title
        await type_text(pilot, "Raise the customer-experience score by 20%")
        await pilot.press("tab")
        await type_text(pilot, "Customers wait too long")
        await pilot.press("tab", "tab", "tab")  # past period and kind (kept) to owner
        assert app.focused.id == "owner-input"
        await type_text(pilot, "Wang Fang")
        await pilot.press("ctrl+n")
        assert app.focused.id == "kr-title-input"
        for title, start, target, unit in (("Lift NPS from 55 to 66", "55", "66", ""),
                                           ("Cut response time", "240", "120", "min")):
            await type_text(pilot, title)
            await pilot.press("tab")
            await type_text(pilot, start)
            await pilot.press("tab")
            await type_text(pilot, target)
            await pilot.press("tab")
            await type_text(pilot, unit)
            await pilot.press("tab")
            await pilot.press("enter")
        assert len(app.screen.key_results) == 2
        await pilot.press("ctrl+n")
        await type_text(pilot, "New on-call rota")
        await pilot.press("enter")
        await type_text(pilot, "FAQ bot")
        await pilot.press("ctrl+n")
        assert "✓ ready" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "dashboard"
    saved = objectives(demo)
    assert len(saved) == before + 1
    new = saved[-1]
    assert new.title == "Raise the customer-experience score by 20%"
    assert (new.why, new.owner, new.period, new.kind, new.status) == (
        "Customers wait too long", "Wang Fang", "2026-Q4", "committed", "active")
    assert [(k.title, k.start, k.target, k.unit) for k in new.key_results] == [
        ("Lift NPS from 55 to 66", 55, 66, ""), ("Cut response time", 240, 120, "min")]
    assert new.key_results[1].lower_is_better
    assert [(i.title, i.status) for i in new.initiatives] == [("New on-call rota", "todo"), ("FAQ bot", "todo")]


async def test_title_only_saves_as_draft_with_markup_shown_literally(tmp_path):
    db = tmp_path / "empty.json"
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        assert "Press  n  to plan one" in screen_text(app)  # the welcome, not a blank screen
        await pilot.press("n")
        await type_text(pilot, "[bold]x 提高客户体验得分20%")
        await pilot.press("ctrl+s")
        await pilot.pause()
        rows = option_texts(app.screen.query_one("#objectives", OptionList))
        assert any("[bold]x 提高客户体验得分20%" in r for r in rows)
    saved = objectives(db)
    assert [(o.title, o.status) for o in saved] == [("[bold]x 提高客户体验得分20%", "draft")]


async def test_invalid_input_is_kept_out_of_the_store(tmp_path):
    db = tmp_path / "s.json"
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "ctrl+s")  # no title
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "wizard"
        assert "needs a title" in screen_text(app)
        await type_text(pilot, "Ship it")
        await pilot.press("tab", "tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "2026-Q9")
        await pilot.press("ctrl+s")
        assert app.screen.SCREEN_NAME == "wizard" and "not a period" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "Q1 2027")
        await pilot.press("ctrl+n")
        await type_text(pilot, "Deploys per day")
        await pilot.press("tab", "tab")
        await type_text(pilot, "lots")
        await pilot.press("enter")
        assert "must be a number" in screen_text(app)
        assert app.screen.key_results == []
        await pilot.press("ctrl+s")  # the half-typed KR blocks the save, with its message
        assert app.screen.SCREEN_NAME == "wizard"
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "dashboard"
        assert "2027-Q1" in app.screen.sub_title  # the dashboard follows to the planned quarter
    saved = objectives(db)
    assert [(o.title, o.period, o.status, len(o.key_results)) for o in saved] == [("Ship it", "2027-Q1", "active", 1)]


async def test_escape_asks_before_throwing_away_typed_text(tmp_path):
    db = tmp_path / "s.json"
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "escape")  # nothing typed: leaves at once
        assert app.screen.SCREEN_NAME == "dashboard"
        await pilot.press("n")
        await type_text(pilot, "Half a thought")
        await pilot.press("escape")
        assert app.screen.SCREEN_NAME == "confirm"
        await pilot.press("n")  # keep editing
        assert app.screen.SCREEN_NAME == "wizard" and app.screen.query_one("#title-input", Input).value == "Half a thought"
        await pilot.press("escape", "y")
        assert app.screen.SCREEN_NAME == "dashboard"
    assert not db.exists() or objectives(db) == []


async def test_checkin_from_dashboard_prefilled_and_validated(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j")  # onto 1.2 Sign 12 new-business accounts
        await pilot.press("c")
        assert app.screen.SCREEN_NAME == "checkin"
        assert app.screen.query_one("#value-input", Input).value == "6"  # prefilled with the last value
        assert app.screen.query_one("#confidence-input", Input).value == "5"
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "seven")
        await pilot.press("enter")
        assert app.screen.SCREEN_NAME == "checkin" and "must be a number" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "7")
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "11")
        await pilot.press("ctrl+s")
        assert app.screen.SCREEN_NAME == "checkin" and "from 0 to 10" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "8")
        await pilot.press("tab")
        await type_text(pilot, "two more signed")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "dashboard"
    kr = Store(str(demo)).read().objective(1).key_results[1]
    assert (kr.current, kr.confidence, kr.checkins[-1].note) == (7, 8, "two more signed")


async def test_detail_checkin_history_toggle_and_step(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert app.screen.SCREEN_NAME == "detail"
        text = screen_text(app)
        assert "Grow new-business revenue by 50%" in text and "check-ins" in text
        await pilot.press("j", "c")
        assert app.screen.SCREEN_NAME == "checkin" and "1.2" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "9")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "detail" and "9/12 accounts" in screen_text(app)
        await pilot.press("tab", "space")  # initiatives: Weekly pipeline review doing -> done
        await pilot.pause()
        assert "[x] Weekly pipeline review" in screen_text(app)
        await pilot.press("right_square_bracket")
        assert "提高客户体验得分20%" in screen_text(app)
        await pilot.press("left_square_bracket", "escape")
        assert app.screen.SCREEN_NAME == "dashboard"
    objective = Store(str(demo)).read().objective(1)
    assert objective.key_results[1].current == 9
    assert objective.initiatives[0].status == "done"


async def test_edit_from_detail_changes_fields(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "e")
        assert app.screen.SCREEN_NAME == "wizard"
        assert app.screen.query_one("#title-input", Input).value == "Grow new-business revenue by 50%"
        await pilot.press("end")
        await type_text(pilot, " this year")
        await pilot.press("ctrl+n", "shift+tab")  # back onto the list of key results
        assert app.focused.id == "kr-list"
        await pilot.press("delete")  # removes 1.1
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "detail"
    objective = Store(str(demo)).read().objective(1)
    assert objective.title == "Grow new-business revenue by 50% this year"
    assert [kr.id for kr in objective.key_results] == ["1.2", "1.3"]  # ids survive the edit


@pytest.mark.parametrize("answer, remains", [("n", True), ("escape", True), ("y", False)])
async def test_delete_asks_first(demo, answer, remains):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert app.screen.SCREEN_NAME == "confirm"
        assert "Grow new-business revenue" in screen_text(app)
        await pilot.press(answer)
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "dashboard"
    assert (Store(str(demo)).read().objective(1) is not None) is remains


@pytest.mark.parametrize("keys, screen", [((), "dashboard"), (("enter",), "detail"), (("n",), "wizard"), (("c",), "checkin"),
                                         (("r",), "review"), (("l",), "log"), (("tab", "enter"), "kpi_detail"),
                                         (("r", "enter"), "close")])
async def test_help_lists_the_keys_of_the_screen_it_came_from(demo, keys, screen):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == screen)
        # Where the cursor is in a text field, ? is just a character: f1 works there.
        await pilot.press("f1" if screen in TYPING_SCREENS else "question_mark")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "help"
        text = screen_text(app)
        for item in listed(screen):
            assert item.help in text
        own = {i.help for i in listed(screen)} | {i.help for pane in PANES.get(screen, []) for i in listed(pane)}
        others = {item.help for name, items in ACTIONS.items() if name != screen for item in items} - own
        assert not any(help_text in text for help_text in others)
        await pilot.press("escape")
        assert app.screen.SCREEN_NAME == screen


async def test_hidden_keys_are_not_dead(demo):
    """Keys kept out of the footer still do what help says."""
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        await pilot.press("escape", "right_square_bracket")
        await wait_until(pilot, lambda: "2027-Q1" in app.screen.sub_title)
        await pilot.press("slash")
        await wait_until(pilot, lambda: app.focused is not None and app.focused.id == "filter")


async def test_palette_offers_every_action_and_textuals_own(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        commands = [c.title for c in app.get_system_commands(app.screen)]
        for item in listed("dashboard"):
            if item.action != "command_palette":
                assert any(item.palette_title in title for title in commands), item
        assert "Theme" in commands and "Previous period ([)" in commands
        assert len(commands) == len(set(commands)), "each action once"
        assert sum(title.startswith("Quit") for title in commands) == 1
        assert "Keys" not in commands  # help (? f1) shows the keys
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: "CommandPalette" in type(app.screen).__name__)
        await type_text(pilot, "New objective (n)")
        await pilot.pause(0.5)  # the palette searches in the background
        await pilot.press("enter")
        await wait_until(pilot, lambda: getattr(app.screen, "SCREEN_NAME", "") == "wizard")


async def test_period_keys_and_filter(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("left_square_bracket")
        assert "2026-Q3" in app.screen.sub_title
        assert any("Raise production efficiency" in r for r in option_texts(app.screen.query_one("#objectives", OptionList)))
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert "2027-Q1" in app.screen.sub_title and "No objectives for 2027-Q1" in screen_text(app)
        await pilot.press("left_square_bracket", "slash")
        await type_text(pilot, "franchise")
        rows = option_texts(app.screen.query_one("#objectives", OptionList))
        assert rows[0].startswith("3") and not any("Grow new-business" in r for r in rows)
        await pilot.press("enter", "enter")
        assert app.screen.SCREEN_NAME == "detail" and "Select 25 new franchise candidates" in screen_text(app)


async def test_changes_from_a_shell_command_appear(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        proc = subprocess.run([sys.executable, "-m", "okrtui", "--db", str(demo), "log", "Sales revenue", "98765",
                               "--date", "2026-11-27"], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        proc = subprocess.run([sys.executable, "-m", "okrtui", "--db", str(demo), "checkin", "3.3", "5"],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        def shown() -> bool:  # the store is watched once a second
            kpis = option_texts(app.screen.query_one("#kpis", OptionList))
            rows = option_texts(app.screen.query_one("#objectives", OptionList))
            return any(k.startswith("Sales revenue") and "$98765" in k for k in kpis) and any(
                "3.3" in r and "5/25 offers" in r for r in rows)

        await wait_until(pilot, shown)


async def test_unreadable_store_is_reported_not_touched(tmp_path):
    db = tmp_path / "bad.json"
    db.write_bytes(b"[1,2")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("not valid JSON" in n.message for n in app._notifications)
        await pilot.press("n")
        await type_text(pilot, "x")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert db.read_bytes() == b"[1,2"


@pytest.mark.parametrize("theme", ["okrtui-dark", "okrtui-light", "okrtui-16", "okrtui-high-contrast"])
async def test_every_theme_renders(demo, theme):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape", "n")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "wizard"


def test_css_uses_theme_variables_not_hex_colours():
    sources = list((REPO / "okrtui").rglob("*.tcss")) + list((REPO / "okrtui").rglob("*.py"))
    hex_colour = re.compile(r"#[0-9a-fA-F]{3,8}\b")
    for path in sources:
        text = path.read_text(encoding="utf-8")
        css_blocks = [text] if path.suffix == ".tcss" else re.findall(r'DEFAULT_CSS = """(.*?)"""', text, re.S)
        for block in css_blocks:
            colours = [m for m in hex_colour.findall(block) if not re.match(r"#[a-z][\w-]*$", m)]
            assert not colours, (path, colours)


def test_themes_folder_is_what_the_app_loads():
    from okrtui.ui.themes_loader import load_themes

    themes, problems = load_themes()
    names = {t.name for t in themes}
    assert not problems
    files = {json.dumps(p.stem) for p in (REPO / "themes").glob("*.toml")}
    assert {json.dumps(n) for n in names} == files


async def test_user_text_with_markup_shows_literally_everywhere(tmp_path):
    db = tmp_path / "s.json"
    with Store(str(db)).transaction() as repo:
        from okrtui.domain.models import Kpi

        repo.add_kpi(Kpi("[red]latency[/]", warn=1, crit=0))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        assert any("[red]latency[/]" in k for k in option_texts(app.screen.query_one("#kpis", OptionList)))
        assert "Press  [  and  ]" in screen_text(app)
        await pilot.press("n")
        await type_text(pilot, "[b]x")
        await pilot.press("tab", "tab")
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "[bold]")
        await pilot.press("ctrl+n")
        await type_text(pilot, "[red]kr")
        await pilot.press("tab", "tab")
        await type_text(pilot, "5")
        await pilot.press("enter", "ctrl+n")
        await type_text(pilot, "[i]init")
        await pilot.press("enter")
        assert "[i]init" in "\n".join(option_texts(app.screen.query_one("#init-list", OptionList)))
        assert "[red]kr" in "\n".join(option_texts(app.screen.query_one("#kr-list", OptionList)))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not a period: '[bold]'" in screen_text(app)


async def test_edit_a_key_result_keeps_its_id_and_history(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "e", "ctrl+n", "shift+tab")  # the list of key results
        assert app.focused.id == "kr-list"
        await pilot.press("down", "enter")  # 1.2 Sign 12 new-business accounts
        assert app.focused.id == "kr-title-input"
        assert app.screen.query_one("#kr-target-input", Input).value == "12"
        await pilot.press("tab", "tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "15")
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
    kr = Store(str(demo)).read().objective(1).key_results[1]
    assert (kr.id, kr.title, kr.target, len(kr.checkins) > 0) == ("1.2", "Sign 12 new-business accounts", 15, True)


async def test_kpi_needing_attention_becomes_a_key_result(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Fix conversion")
        await pilot.press("ctrl+n", "shift+tab", "shift+tab")  # the KPIs come first on the step, past the list
        assert app.focused.id == "kpi-pick"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert len(app.screen.key_results) == 1
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = objectives(demo)[-1]
    kr = saved.key_results[0]
    calls = next(k for k in Store(str(demo)).read().kpis(tail=None) if k.name.startswith("Customer service call"))
    period_start = Period.parse(saved.period).start.isoformat()
    before = [v for d, v in zip(calls.series.dates, calls.series.values) if d < period_start]
    assert kr.kpi == calls.id and kr.target == 95  # the critical one, first, to reach its target
    assert kr.start == before[-1] and kr.value == calls.series.values[-1]  # follows it: start of period, latest now
    assert kr.unit == "%" and not kr.lower_is_better
    assert saved.status == "active"


@pytest.mark.parametrize("size", [SIZE, (140, 30)])
async def test_rows_are_laid_out_once_for_the_real_width(demo, size):
    """The first render already has the list's real width, so no second render races a screenshot."""
    app = make_app(demo)
    async with app.run_test(size=size) as pilot:
        dashboard = app.screen
        first = dashboard.drawn_width
        await pilot.pause()
        assert first == dashboard.drawn_width == dashboard.query_one("#objectives", OptionList).scrollable_content_region.width
        await pilot.press("enter")
        detail = app.screen
        first = detail.drawn_width
        await pilot.pause()
        assert first == detail.drawn_width == detail.query_one("#krs", OptionList).scrollable_content_region.width


async def test_editing_keeps_a_checkin_made_meanwhile_from_the_shell(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")  # edit objective 1 while...
        assert app.screen.SCREEN_NAME == "wizard"
        proc = subprocess.run([sys.executable, "-m", "okrtui", "--db", str(demo), "checkin", "1.2", "11",
                               "--note", "from the shell"], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        await pilot.press("end")
        await type_text(pilot, "!")
        await pilot.press("ctrl+s")
        await pilot.pause()
    objective = Store(str(demo)).read().objective(1)
    assert objective.title.endswith("50%!")
    kr = objective.key_results[1]
    assert (kr.current, kr.checkins[-1].note) == (11, "from the shell")
