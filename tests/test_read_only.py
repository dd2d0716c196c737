"""okrtui --read-only (and okrtui serve --read-only): every action that changes data is refused
with a notice, and neither the footer, help nor the palette offers it; the store stays byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.store import Store
from okrtui.ui.actions import ACTIONS, CHANGES_DATA, bare_action, changes_data, listed
from okrtui.ui.app import OkrApp
from tui_helpers import FROZEN_TODAY, SIZE, make_demo, wait_until


def files_of(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path.parent)): p.read_bytes() for p in sorted(path.parent.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return make_demo(tmp_path / "store" / "demo.json")


def read_only_app(path: Path) -> OkrApp:
    return OkrApp(Store(str(path)), today=lambda: FROZEN_TODAY, cursor_blink=False, read_only=True)


@pytest.mark.parametrize("section", CHANGES_DATA)
def test_every_action_marked_as_changing_data_is_in_the_one_table(section):
    actions = {item.action for item in ACTIONS[section]}
    assert set(CHANGES_DATA[section]) <= actions


def test_looking_is_never_refused():
    for section in ("dashboard", "tree", "review", "kpi_detail", "detail", "help"):
        for action in ("cursor_down", "cursor_up", "back", "open", "period(-1)", "help", "quit", "range(30)"):
            assert not changes_data([section], action)
    assert changes_data(["dashboard", "kpis"], "kpi_add") and bare_action("app.undo(True)") == "undo"
    assert {item.action for item in listed("dashboard", read_only=True)}.isdisjoint(CHANGES_DATA["dashboard"])


async def test_read_only_refuses_each_change_with_a_notice_and_offers_none(demo):
    before = files_of(demo)
    app = read_only_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: getattr(app.screen, "SCREEN_NAME", "") == "dashboard")
        assert not {"n", "e", "c", "d", "l", "u"} & set(app.screen.active_bindings)  # the footer shows none of them
        assert any(n.title == "Read-only" for n in app._notifications)
        assert str(app.screen.query_one("TitleBar").render()).startswith("okrtui (read-only) · ")  # on every screen
        for key in ("n", "e", "c", "d", "l", "u", "U", "S"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen.SCREEN_NAME == "dashboard", key
        refusals = [n for n in app._notifications if "changes nothing" in str(n.message)]
        assert refusals
        await pilot.press("tab", "a", "e", "d", "p")  # the KPI pane's own keys
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "dashboard"
        await pilot.press("shift+tab", "enter")  # opening an objective is looking: allowed
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "detail")
        await pilot.press("e", "c", "space", "d", "u")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "detail"
        assert str(app.screen.query_one("TitleBar").render()).startswith("okrtui (read-only) · ")
        assert not {"e", "c", "space", "d", "u"} & set(app.screen.active_bindings)
        assert {"escape", "left_square_bracket"} <= set(app.screen.active_bindings)  # looking stays
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert commands and not any(title.startswith(("Edit", "Check in", "Delete", "Undo")) for title in commands)
        assert "Next objective (])" in commands
        await pilot.press("escape", "r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        await pilot.press("enter", "c", "m", "o", "w", "i")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "review"
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "help")
        assert "Close the highlighted objective" not in app.screen.help_text()
        assert "Review the previous period" in app.screen.help_text()
    assert files_of(demo) == before
    assert not list(Path.cwd().glob("okrtui-report-*.md"))


async def test_the_palette_cannot_run_a_change_either(demo):
    before = files_of(demo)
    app = read_only_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: getattr(app.screen, "SCREEN_NAME", "") == "dashboard")
        await app.screen.run_action("new_objective")  # as the palette's runner calls it
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "dashboard"
        assert any("changes nothing" in str(n.message) for n in app._notifications)
    assert files_of(demo) == before


def test_read_only_is_a_flag_of_okrtui(tmp_path):
    from conftest import run_okrtui

    db = make_demo(tmp_path / "store" / "demo.json")
    result = run_okrtui(db, "--read-only", "status")  # a shell command reads as ever
    assert result.code == 0 and "OBJECTIVES" in result.out
    assert "--read-only" in run_okrtui(db, "--help").out
