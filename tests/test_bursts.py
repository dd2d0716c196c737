"""Keys that arrive in one write (a lagging SSH link, a paste of keystrokes) go where they would go
typed slowly: every form takes a burst with tab, shift+tab and enter in it, then the store says so.

`burst` posts every key event at once; Pilot.press would wait for the app to go idle after each.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList

from okrtui.store import Store
import tui_helpers
from tui_helpers import SIZE, make_app, make_demo, option_texts, wait_until


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return make_demo(tmp_path / "demo.json")


def read(path: Path):
    return Store(str(path)).read()


async def on_screen(pilot, name: str) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: app.screen.SCREEN_NAME == name)
    await pilot.pause()


async def test_checkin_takes_a_burst(demo):
    """The issue's own keys: Value was saved as 950008two deals."""
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "c")  # onto 1.1 Close $150,000 of new sales
        await on_screen(pilot, "checkin")
        await tui_helpers.burst(pilot, "95000<tab>8<tab>two deals<enter>")
        await on_screen(pilot, "dashboard")
    kr = read(demo).objective(1).key_results[0]
    assert (kr.current, kr.confidence, kr.checkins[-1].note) == (95000, 8, "two deals")


async def test_checkin_takes_shift_tab_in_a_burst(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "c")  # 1.2 Sign 12 new-business accounts
        await on_screen(pilot, "checkin")
        await tui_helpers.burst(pilot, "<tab><tab>a note<shift+tab>9<shift+tab>7<ctrl+s>")
        await on_screen(pilot, "dashboard")
    kr = read(demo).objective(1).key_results[1]
    assert (kr.current, kr.confidence, kr.checkins[-1].note) == (7, 9, "a note")


async def test_keys_after_a_burst_that_saves_go_to_the_screen_beneath(demo):
    """enter saves and closes the dialog; the j after it moves the dashboard's cursor, as typed slowly."""
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "c")
        await on_screen(pilot, "checkin")
        await tui_helpers.burst(pilot, "90000<enter>jj")
        await on_screen(pilot, "dashboard")
        await wait_until(pilot, lambda: app.screen.query_one("#objectives", OptionList).highlighted == 3)
    assert read(demo).objective(1).key_results[0].current == 90000


async def test_wizard_step_one_takes_a_burst(demo):
    """The issue's other keys: the title became 'My titleMy why'."""
    app = make_app(demo)
    before = {o.id for o in read(demo).objectives()}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await on_screen(pilot, "wizard")
        await tui_helpers.burst(pilot, "My title<tab>My why<ctrl+s>")
        await on_screen(pilot, "dashboard")
    new = [o for o in read(demo).objectives() if o.id not in before]
    assert [(o.title, o.why, o.status) for o in new] == [("My title", "My why", "draft")]


async def test_a_whole_plan_in_one_burst(demo):
    """Title, why, owner; the next step; two key results by enter; an initiative; save."""
    app = make_app(demo)
    before = {o.id for o in read(demo).objectives()}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await on_screen(pilot, "wizard")
        await tui_helpers.burst(pilot, "Ship it<enter>Because<enter><enter><tab>Wang Fang<pagedown>"
                           "Users<tab>10<tab>50<enter>Churn<enter>9<enter>4<enter>"
                           "<pagedown>On-call rota<enter><ctrl+s>")
        await on_screen(pilot, "dashboard")
    new = [o for o in read(demo).objectives() if o.id not in before]
    assert [(o.title, o.why, o.owner) for o in new] == [("Ship it", "Because", "Wang Fang")]
    assert [(kr.title, kr.start, kr.target) for kr in new[0].key_results] == [("Users", 10, 50), ("Churn", 9, 4)]
    assert [i.title for i in new[0].initiatives] == ["On-call rota"]


async def test_objective_edit_takes_a_burst(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await on_screen(pilot, "wizard")
        assert app.focused.id == "title-input"
        await tui_helpers.burst(pilot, "Grow revenue<tab>It pays<tab><tab><tab>Li Lei<ctrl+s>")
        await on_screen(pilot, "dashboard")
    objective = read(demo).objective(1)
    assert (objective.title, objective.why, objective.owner) == ("Grow revenue", "It pays", "Li Lei")


async def _to_kpi(pilot, name: str) -> None:
    app = pilot.app
    kpi_list = app.screen.query_one("#kpis", OptionList)
    await pilot.press("tab")
    await wait_until(pilot, lambda: app.focused is kpi_list)
    while not option_texts(kpi_list)[kpi_list.highlighted].startswith(name):
        await pilot.press("down")


async def test_kpi_form_takes_a_burst(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await _to_kpi(pilot, "Web traffic")
        await pilot.press("a")
        await on_screen(pilot, "kpi_form")
        await tui_helpers.burst(pilot, "<tab>Signups<tab>users<tab><tab><tab>100<tab>80<tab>50<tab>growth<enter>")
        await on_screen(pilot, "dashboard")
    kpi = next(k for k in read(demo).kpis() if k.name == "Signups")
    assert (kpi.unit, kpi.target, kpi.warn, kpi.crit, kpi.category) == ("users", 100, 80, 50, "growth")


async def test_kpi_edit_takes_a_burst_with_shift_tab(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await _to_kpi(pilot, "Web traffic")
        await pilot.press("e")
        await on_screen(pilot, "kpi_form")
        assert app.focused.id == "name-input"
        await tui_helpers.burst(pilot, "Site visits<tab>hits<tab><tab><tab>15000<shift+tab><shift+tab><shift+tab>"
                           "hits a day<ctrl+s>")
        await on_screen(pilot, "dashboard")
    kpi = next(k for k in read(demo).kpis() if k.name == "Site visits")
    assert (kpi.unit, kpi.target) == ("hits a day", 15000)


async def test_close_takes_a_burst(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await on_screen(pilot, "review")
        await pilot.press("enter")
        await on_screen(pilot, "close")
        await tui_helpers.burst(pilot, "<tab>0.4<tab>pipeline came late<enter>")
        await on_screen(pilot, "review")
    objective = read(demo).objective(1)
    assert (objective.status, objective.review.grade, objective.review.note) == ("missed", 0.4, "pipeline came late")


async def test_carry_takes_a_burst(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await on_screen(pilot, "review")
        listing = app.screen.query_one("#review-list", OptionList)
        while listing.highlighted_option.id != "o:2":
            await pilot.press("j")
        await pilot.press("enter")
        await on_screen(pilot, "close")
        await pilot.press("ctrl+s")
        await on_screen(pilot, "review")
        await pilot.press("c")
        await on_screen(pilot, "carry")
        await tui_helpers.burst(pilot, "t70<enter>jt130<enter>j<space><ctrl+s>")
        await on_screen(pilot, "review")
    repo = read(demo)
    new = repo.objective(repo.objective(2).carried_into)
    assert [kr.target for kr in new.key_results] == [70, 130, 85]  # 2.3 dropped by space (2.4 kept)


async def test_value_correction_takes_a_burst(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await _to_kpi(pilot, "Web traffic")
        await pilot.press("enter")
        await on_screen(pilot, "kpi_detail")
        table = app.screen.query_one("#values", DataTable)
        await wait_until(pilot, lambda: table.row_count > 300)
        await pilot.press("c")
        await on_screen(pilot, "value")
        await tui_helpers.burst(pilot, "12345<tab>a bot<shift+tab><shift+tab>2026-11-20<enter>")
        await on_screen(pilot, "kpi_detail")
    series = next(k for k in read(demo).kpis(tail=None) if k.name == "Web traffic").series
    assert series.values[series.dates.index("2026-11-20")] == 12345
    assert series.notes.get("2026-11-20") == "a bot"


async def test_quick_entry_takes_a_burst_across_rows(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await on_screen(pilot, "log")
        first, second, third = (app.screen.kpis[i] for i in (0, 1, 2))
        await tui_helpers.burst(pilot, "3000<enter><down>1<enter>")
        await wait_until(pilot, lambda: "= 1 for" in str(app.screen.query_one("#log-status").content))
    stored = {k.name: k.series for k in read(demo).kpis()}
    assert stored[first.name].values[-1] == 3000 and stored[first.name].dates[-1] == "2026-11-27"
    assert stored[third.name].values[-1] == 1 and stored[third.name].dates[-1] == "2026-11-27"
    assert stored[second.name].values[-1] == second.series.values[-1]  # skipped


async def test_quick_entry_edits_before_enter_are_not_overtaken(demo):
    """The report of nine keys that vanished 0.8 s after an error: 12ms refused and given back, then
    backspace backspace enter 34 enter 56 enter in one write. The field took enter in its own turn
    while the backspaces (bindings) were still on their way to the app: 12ms was refused again,
    the edits landed after it, and every value after went onto the row above its own."""
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await on_screen(pilot, "log")
        rows = [kpi.name for kpi in app.screen.kpis[:3]]
        await pilot.press("1", "2", "m", "s", "enter")
        assert app.focused.value == "12ms"  # refused, given back
        await pilot.pause(0.8)
        await tui_helpers.burst(pilot, "<backspace><backspace><enter>34<enter>56<enter>")
    stored = {k.name: k.series for k in read(demo).kpis()}
    assert [(stored[name].dates[-1], stored[name].values[-1]) for name in rows] == [
        ("2026-11-27", 12), ("2026-11-27", 34), ("2026-11-27", 56)]
