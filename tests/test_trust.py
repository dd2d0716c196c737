"""Trust at the keyboard (issue 15): the same keys on every screen, dialogs that ask before typed
text is thrown away, help that reads like help, notices that never cover what you are reading,
and closed objectives that stay closed in the TUI. Pilot tests at 80x24, by keys, then the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from okrtui.store import Store
from okrtui.ui.actions import TYPING_SCREENS
from tui_helpers import SIZE, make_app, make_demo, option_texts, screen_text, type_text, wait_until


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return make_demo(tmp_path / "demo.json")


def store_bytes(path: Path) -> dict[str, bytes]:
    """The store file and its values folder, byte for byte (what 'nothing changed' means)."""
    folder = path.with_suffix(".values")
    files = {path.name: path.read_bytes()}
    if folder.is_dir():
        files.update({f"values/{f.name}": f.read_bytes() for f in sorted(folder.iterdir())})
    return files


def notices(app) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


# -- the same keys on every screen -----------------------------------------------------------------

# (keys from the dashboard, the screen, where esc goes, whether a text field has the cursor there)
SCREENS = [
    ((), "dashboard", None, False),
    (("enter",), "detail", "dashboard", False),
    (("r",), "review", "dashboard", False),
    (("tab", "enter"), "kpi_detail", "dashboard", False),
    (("exclamation_mark",), "conflicts", "dashboard", False),
    (("n",), "wizard", "dashboard", True),
    (("j", "j", "c"), "checkin", "dashboard", True),
    (("l",), "log", "dashboard", True),
    (("tab", "a"), "kpi_form", "dashboard", False),  # the template list has the focus
    (("tab", "enter", "c"), "value", "kpi_detail", True),
    (("r", "enter"), "close", "review", False),  # the status list has the focus
    (("r", "c"), "carry", "review", False),
    (("r", "i"), "pick", "review", False),
    (("d",), "confirm", "dashboard", False),
    (("question_mark",), "help", "dashboard", False),
]


async def _reach(pilot, app, keys, screen):
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await wait_until(pilot, lambda: getattr(app.screen, "SCREEN_NAME", "") == screen)


@pytest.mark.parametrize("keys, screen, back, typing", SCREENS, ids=[s[1] for s in SCREENS])
async def test_every_screen_answers_help_esc_and_q_the_same_way(demo, keys, screen, back, typing):
    before = store_bytes(demo)
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await _reach(pilot, app, keys, screen)
        if screen != "help":  # ? (f1 where one types) shows this screen's keys; esc comes back
            await pilot.press("f1" if screen in TYPING_SCREENS else "question_mark")
            await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "help")
            assert app.screen.for_screen == screen
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen.SCREEN_NAME == screen)
        if back is not None:  # esc goes back, and nothing typed means nothing asked
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen.SCREEN_NAME == back)
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await _reach(pilot, app, keys, screen)
        field = app.focused
        await pilot.press("q")
        await pilot.pause()
        if typing:  # q is a letter in a text field: typed, nothing quits
            assert app.return_code is None and app.screen.SCREEN_NAME == screen
            assert isinstance(field, Input) and field.value.endswith("q")
        else:
            await wait_until(pilot, lambda: app.return_code == 0)
    assert store_bytes(demo) == before


async def test_ctrl_q_quits_while_typing_but_asks_first_when_typed_text_would_be_lost(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")  # quick entry: nothing typed yet
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "log")
        await pilot.press("escape", "j", "j", "c")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "checkin")
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "7")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "confirm")
        assert "What you typed in Check in is not saved yet" in screen_text(app)
        await pilot.press("n")  # stay: the typed value is still there
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "checkin")
        assert app.screen.query_one("#value-input", Input).value == "7" and app.return_code is None
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "confirm")
        await pilot.press("q")  # q on the question itself: quit
        await wait_until(pilot, lambda: app.return_code == 0)
    assert Store(str(demo)).read().objective(1).key_results[1].current == 6  # nothing saved


async def test_ctrl_q_with_nothing_typed_quits_at_once(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "c")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "checkin")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: app.return_code == 0)


def _footer_keys(app) -> list[str]:
    return [key.key_display for key in app.screen.query("FooterKey") if key.display]


async def test_u_undoes_and_shift_u_redoes_on_every_screen_that_changes_data(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        # the detail screen: space cycles an initiative; u takes it back, shift+u again
        await pilot.press("enter", "tab", "space")
        await wait_until(pilot, lambda: Store(str(demo)).read().objective(1).initiatives[0].status == "done")
        assert "u" in _footer_keys(app)
        await pilot.press("u")
        await wait_until(pilot, lambda: Store(str(demo)).read().objective(1).initiatives[0].status == "doing")
        await pilot.press("U")
        await wait_until(pilot, lambda: Store(str(demo)).read().objective(1).initiatives[0].status == "done")
        await pilot.press("escape")
        # the review: close objective 1, then u opens it again
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        assert "u" in _footer_keys(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "close")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        assert Store(str(demo)).read().objective(1).status == "missed"
        await pilot.press("u")
        await wait_until(pilot, lambda: Store(str(demo)).read().objective(1).status == "active")
        await wait_until(pilot, lambda: "open · active" in option_texts(app.screen.query_one("#review-list"))[0])
        await pilot.press("escape")
        # the KPI detail: x deletes the highlighted value, u brings it back
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_detail")
        assert "u" in _footer_keys(app)
        kpi_id = app.screen.kpi_id
        count = len(Store(str(demo)).read().kpi(kpi_id).series.values)
        await pilot.press("x", "y")
        await wait_until(pilot, lambda: len(Store(str(demo)).read().kpi(kpi_id).series.values) == count - 1)
        await pilot.press("u")
        await wait_until(pilot, lambda: len(Store(str(demo)).read().kpi(kpi_id).series.values) == count)
        assert "Undid: " in notices(app)


# -- dialogs ask before typed text is thrown away ----------------------------------------------------

DIALOGS = [  # (keys to open it, keys that type or choose something, the screen esc returns to)
    (("j", "j", "c"), ("ctrl+a", "ctrl+k", "9"), "dashboard"),
    (("tab", "a"), ("tab", "W", "e", "b"), "dashboard"),
    (("r", "enter"), ("tab", "ctrl+a", "ctrl+k", "0", "full_stop", "5"), "review"),
    (("r", "c"), ("space",), "review"),  # dropping a key result is work too
    (("tab", "enter", "c"), ("tab", "tab", "n", "o", "t", "e"), "kpi_detail"),
]


@pytest.mark.parametrize("opening, typing, back", DIALOGS, ids=["checkin", "kpi_form", "close", "carry", "value"])
async def test_esc_in_a_dialog_with_typed_text_asks_first(demo, opening, typing, back):
    before = store_bytes(demo)
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        for key in opening:
            await pilot.press(key)
            await pilot.pause()
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME != back and app.screen.SCREEN_NAME != "dashboard")
        dialog = app.screen.SCREEN_NAME
        state = app.screen.form_state()
        await pilot.press(*typing)
        await pilot.pause()
        typed = app.screen.form_state()
        assert app.screen.dirty and (typed != state or dialog == "carry")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "confirm")
        assert "Throw away what you typed?" in screen_text(app)
        await pilot.press("n")  # keep editing: all of it is still there
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == dialog)
        assert app.screen.form_state() == typed and app.screen.dirty
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "confirm")
        await pilot.press("escape")  # esc on the question is no: still editing
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == dialog)
        await pilot.press("escape", "y")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == back)
    assert store_bytes(demo) == before


# -- help ----------------------------------------------------------------------------------------------

async def test_help_shows_keys_and_words_and_ends_with_the_ids_muted(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "help")
        rows = [str(s.render()) for s in app.screen.query("#help-keys Static") if s.id != "help-ids"]
        assert "Plan a new objective (the road trip)" in rows
        assert not any("dashboard." in row for row in rows), "ids stay out of the keys and their words"
        ids = str(app.screen.query_one("#help-ids").render())
        assert ids.startswith("Rebind a key in config.toml") and "dashboard.new_objective (n)" in ids
        text = app.screen.help_text()
        for words in ("last = recent values", "now = the latest value", "tgt = target", "♥ = health", "↕ = trend"):
            assert words in text
        # it scrolls by keys, and its hint and title stay in sight
        scroll = app.screen.query_one("#help-scroll")
        assert scroll.max_scroll_y > 0
        hint = app.screen.query_one("#help-hint")
        assert hint.region.bottom <= SIZE[1] - 1 and hint.region.height == 1
        for key, moved in (("j", 1), ("down", 2), ("pagedown", "more"), ("k", "less"), ("pageup", "less")):
            top = scroll.scroll_y
            await pilot.press(key)
            await wait_until(pilot, lambda moved=moved, top=top: scroll.scroll_y == moved if isinstance(moved, int)
                             else scroll.scroll_y > top if moved == "more" else scroll.scroll_y < top)


async def test_short_help_ends_where_its_keys_end(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "question_mark")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "help")
        await pilot.pause()
        box = app.screen.query_one("#help")
        scroll = app.screen.query_one("#help-scroll")
        assert scroll.max_scroll_y == 0
        assert box.region.height <= scroll.virtual_size.height + 8  # title, hint, borders and padding: no blank area


# -- notices -------------------------------------------------------------------------------------------

def _toasts(screen) -> list:
    return [toast for toast in screen.query("Toast") if toast.region.area]


async def test_notices_never_cover_a_dialogs_fields_and_there_is_one_stack(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("Before the dialog", title="Saved")
        await pilot.press("j", "j", "c")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "checkin")
        app.notify("A warning", title="Config", severity="warning")
        app.notify("An error that is long enough to take two lines of the notice, to be sure", title="Not saved",
                   severity="error")
        await pilot.pause(0.3)
        toasts = _toasts(app.screen)
        assert len(toasts) == 3
        fields = [app.screen.query_one(f"#{name}") for name in ("value", "confidence", "note")]
        for toast in toasts:
            for field in fields:
                assert not toast.region.overlaps(field.region), (toast.region, field.region)
            assert not toast.region.overlaps(app.screen.query_one("#checkin").region)
        # the dashboard under the dialog shows none of its own: one stack, not two
        assert not any(rack.display for rack in app.screen_stack[-2].query("ToastRack"))
        bottom = max(t.region.bottom for t in toasts)
        top = min(t.region.y for t in toasts)
        assert bottom - top == sum(t.region.height for t in toasts), "one stack, no gaps"


async def test_a_dialog_squeezed_by_notices_at_60x20_scrolls_to_the_focused_field(demo):
    app = make_app(demo)
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await pilot.press("j", "j", "c")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "checkin")
        for n in range(3):
            app.notify(f"notice {n}", title="Saved")
        await pilot.pause(0.3)
        toasts = _toasts(app.screen)
        for name in ("value", "confidence", "note"):
            if name != "value":
                await pilot.press("tab")
                await pilot.pause()
            field = app.screen.query_one(f"#{name}-input")
            seen = app.screen.find_widget(field).visible_region
            assert app.focused is field and seen.height == 1, name
            assert not any(seen.overlaps(toast.region) for toast in toasts), name


async def test_notices_leave_the_reviews_explanation_in_sight(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        for n in range(4):
            app.notify(f"notice {n}")
        await pilot.pause(0.3)
        note = app.screen.query_one("#review-note")
        assert "expects 1.0" in str(note.render())
        toasts = _toasts(app.screen)
        assert 0 < len(toasts) <= 3
        assert all(not toast.region.overlaps(note.region) for toast in toasts)
        assert note.region.height >= 1


# -- the dashboard's filter ------------------------------------------------------------------------------

async def test_esc_clears_the_filter_and_the_title_no_longer_says_it_searches_all_periods(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        listing = app.screen.query_one("#objectives", OptionList)
        await pilot.press("slash")
        await type_text(pilot, "production")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: "all periods" in str(listing.border_title))
        await pilot.press("escape")
        await wait_until(pilot, lambda: str(listing.border_title) == "Objectives")
        assert not app.screen.filter_all
        assert not any("Raise production" in row for row in option_texts(listing))
        await pilot.press("slash")  # a new filter searches this period again
        await type_text(pilot, "production")
        await pilot.pause()
        assert not any("efficiency" in row for row in option_texts(listing))


# -- the add-KPI form ----------------------------------------------------------------------------------

async def test_add_kpi_form_template_focus_tab_order_and_number_names_refused(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "a")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_form")
        assert "optional" in screen_text(app).split("Target", 1)[1].splitlines()[0]
        order = []
        for _ in range(11):  # every stop of the tab order is a field or a list, never the scrolling box
            order.append(app.focused.id)
            await pilot.press("tab")
        assert app.focused.id == order[0] == "template" and len(set(order)) == 11, order
        assert order[-1] == "hold-input"  # the error budget's field comes last: the older order stays
        assert all(stop.endswith("-input") or stop in ("template", "direction", "cadence") for stop in order), order
        await pilot.press("enter")  # on the template list again: open it
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # Downtime: h, lower is better, weekly
        await wait_until(pilot, lambda: app.focused.id == "name-input")
        form = app.screen
        assert (form.query_one("#name-input").value, form.query_one("#unit-input").value) == ("Downtime", "h")
        assert form.query_one("#direction").value == "down" and form.query_one("#cadence").value == "weekly"
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "42")
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(app)
        assert app.screen.SCREEN_NAME == "kpi_form"
        assert "not a number like '42'" in text and "not a number like '5'" in text
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "h")
        await pilot.press("shift+tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "Line 2 downtime")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
    kpis = {k.name: k for k in Store(str(demo)).read().kpis()}
    assert "42" not in kpis and (kpis["Line 2 downtime"].unit, kpis["Line 2 downtime"].direction) == ("h", "down")


def test_a_number_is_no_kpi_name_or_unit_from_the_shell_either(db):
    from conftest import call_main

    for args, words in ((("kpi", "add", "2024"), "not a number like '2024'"),
                        (("kpi", "add", "Revenue", "--unit", "100"), "not a number like '100'")):
        result = call_main(db, *args)
        assert result.code == 2 and words in result.err, result
    assert call_main(db, "kpi", "add", "Revenue 2024", "--unit", "$").code == 0


# -- closed is closed ------------------------------------------------------------------------------------

def _close(path: Path, objective_id: int, status: str) -> None:
    with Store(str(path)).transaction() as repo:
        repo.close_objective(objective_id, status)


@pytest.mark.parametrize("status", ["achieved", "missed", "dropped"])
async def test_c_on_a_closed_objectives_key_result_is_refused_at_once(demo, status):
    _close(demo, 1, status)
    before = store_bytes(demo)
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "c")  # 1.1, on the dashboard
        await wait_until(pilot, lambda: "Not checked in" in notices(app))
        assert app.screen.SCREEN_NAME == "dashboard"
        assert (f"1.1 is closed: objective 1 is {status}; okrtui objective reopen 1 opens it again"
                " (here: r reviews the period, o reopens it)") in notices(app)
        app.clear_notifications()
        await pilot.press("k", "enter", "c")  # the detail screen too
        await wait_until(pilot, lambda: "Not checked in" in notices(app))
        assert app.screen.SCREEN_NAME == "detail"
    assert store_bytes(demo) == before


async def test_c_on_a_carried_objective_names_the_key_result_that_continues_it(demo):
    with Store(str(demo)).transaction() as repo:
        new = repo.carry_objective(2, "2027-Q1")
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        listing = app.screen.query_one("#objectives", OptionList)
        while listing.highlighted_option.id != "k:2.3":
            await pilot.press("j")
        await pilot.press("c")
        await wait_until(pilot, lambda: f"2.3 is closed: carried into {new.id}.3; okrtui checkin {new.id}.3 VALUE"
                         in notices(app))
        assert app.screen.SCREEN_NAME == "dashboard"


async def test_o_on_the_review_reopens_a_closed_objective_and_u_closes_it_again(demo):
    _close(demo, 1, "missed")
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Reopen objective (o)" in titles
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "help")
        assert "Open the highlighted closed objective again" in app.screen.help_text()
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        listing = app.screen.query_one("#review-list", OptionList)
        while listing.highlighted_option.id != "o:2":
            await pilot.press("j")
        await pilot.press("o")  # objective 2 is open: refused in words
        await wait_until(pilot, lambda: "objective 2 is active, not closed" in notices(app))
        while listing.highlighted_option.id != "k:1.2":  # a key result's row names its objective too
            await pilot.press("k")
        await pilot.press("o")
        await wait_until(pilot, lambda: Store(str(demo)).read().objective(1).status == "active")
        assert "Objective 1 is active again" in notices(app)
        assert Store(str(demo)).read().objective(1).review.grade is None
        await pilot.press("escape", "j", "c")  # check-ins are taken again
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "checkin")
        await pilot.press("escape", "r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        await pilot.press("u")
        await wait_until(pilot, lambda: Store(str(demo)).read().objective(1).status == "missed")


async def test_keeping_a_level_as_a_kpi_skips_followed_key_results_and_keeps_the_value(demo):
    """m on a key result that follows a KPI says why not; closing as achieved offers only the others;
    the KPI saved from the offer is named after what was measured, levels rounded, and has the level
    reached as its first value on the closing day."""
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        await pilot.press("j", "j", "j", "m")  # 1.3 follows the KPI Trial-to-customer conversion
        await wait_until(pilot, lambda: "1.3 follows a KPI already" in notices(app))
        assert app.screen.SCREEN_NAME == "review"
        await pilot.press("k", "k", "k", "enter")  # close objective 1 as achieved
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "close")
        await pilot.press("enter", "up", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "pick")
        offered = option_texts(app.screen.query_one("#choices", OptionList))
        assert [row.split()[0] for row in offered] == ["1.1", "1.2"]
        await pilot.press("down", "enter")  # 1.2 Sign 12 new-business accounts: 6 reached
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_form")
        assert app.screen.query_one("#name-input", Input).value == "New-business accounts"
        assert [app.screen.query_one(f"#{n}-input", Input).value for n in ("target", "warn", "crit")] == ["6", "4", "3"]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
    repo = Store(str(demo)).read()
    closed = repo.objective(1).review.closed
    kpi = next(k for k in repo.kpis(tail=None) if k.name == "New-business accounts")
    assert (kpi.unit, kpi.target, kpi.warn, kpi.crit) == ("accounts", 6, 4, 3)
    assert list(zip(kpi.series.dates, kpi.series.values)) == [(closed, 6)]


async def test_m_on_an_open_objective_keeps_the_level_from_today(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        await pilot.press("j", "m")  # 1.1 Close $150,000 of new sales
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_form")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
    kpi = next(k for k in Store(str(demo)).read().kpis(tail=None) if k.name == "New sales")
    assert list(zip(kpi.series.dates, kpi.series.values)) == [("2026-11-27", 82500)]


async def test_t_on_the_conflicts_screen_takes_the_other_sides_value_of_a_day(demo):
    from okrtui.store.readonly import Doc

    with Store(str(demo)).transaction() as repo:
        kpi = repo.find_kpi("Web traffic")
        repo.log_value(kpi.id, date(2026, 11, 21), 111)
        doc = repo.tables.kpi_values.get(doc_id=kpi.id)
        records = [{"kind": "conflict", "where": f"Web traffic on {day}", "kept": [kept, ""], "other": [999, "mine"],
                    "date": day} for day, kept in (("2026-11-21", 111), ("2026-11-20", 13298))]
        repo.tables.kpi_values.upsert(Doc({**doc, "conflicts": records}, kpi.id))
        repo.tables.conflicts.insert({"kind": "conflict", "where": "objective 1 title", "kept": "A", "other": "B"})

    def day_value():
        series = Store(str(demo)).read().kpi(kpi.id).series
        return series.values[series.dates.index("2026-11-21")], series.notes.get("2026-11-21", "")

    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("exclamation_mark")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "conflicts")
        assert "t" in _footer_keys(app) and "u" in _footer_keys(app)
        listing = app.screen.query_one("#conflicts", OptionList)
        assert "objective 1 title" in option_texts(listing)[0]
        await pilot.press("t")  # a plan's field: refused in words, nothing changes
        await wait_until(pilot, lambda: "is not a KPI's value of a day: change it by hand" in notices(app))
        assert listing.option_count == 3 and day_value() == (111, "")
        await pilot.press("j")
        assert "on 2026-11-21: kept 111 over 999" in option_texts(listing)[1]
        await pilot.press("t")
        await wait_until(pilot, lambda: day_value() == (999, "mine"))
        assert "took the other side's value of 2026-11-21: 999" in notices(app)
        await wait_until(pilot, lambda: listing.option_count == 2)
        await pilot.press("u")
        await wait_until(pilot, lambda: day_value() == (111, ""))
        await wait_until(pilot, lambda: listing.option_count == 3)
    assert len(Store(str(demo)).read().conflicts()) == 3


# -- bursts: the question before throwing text away takes its answer in order ------------------------------

async def test_a_burst_with_esc_and_the_answer_in_it_lands_in_order(demo):
    from tui_helpers import burst

    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "jjc<ctrl+a><ctrl+k>9<escape>n5<ctrl+s>")  # keep editing: 95 is saved
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        assert Store(str(demo)).read().objective(1).key_results[1].current == 95
        before = store_bytes(demo)
        await burst(pilot, "c<ctrl+a><ctrl+k>7<escape>yj")  # discard: nothing saved, j moves the dashboard
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        assert app.screen.query_one("#objectives", OptionList).highlighted_option.id == "k:1.3"
    assert store_bytes(demo) == before
