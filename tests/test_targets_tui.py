"""Honest targets in the TUI: the guard KPI field of the wizard's key-result form (new and edited
key results), walked by keyboard, then the store; the dashboard's and the review's words on the demo."""

from __future__ import annotations

from tui_helpers import SIZE, make_app, make_demo, screen_text, type_text, wait_until

from okrtui.store import Store


async def write_key_result(pilot, app, title: str, target: str, guard: str) -> None:
    await type_text(pilot, title)
    await pilot.press("tab", "tab")  # past the start value
    await type_text(pilot, target)
    await pilot.press("tab", "tab", "tab", "tab")  # past unit, due date and owner
    assert app.focused.id == "kr-guard-input"
    await type_text(pilot, guard)
    await pilot.press("enter")
    await pilot.pause()


async def test_the_wizard_names_a_guard_kpi_and_refuses_an_unknown_one_in_words(tmp_path):
    path = make_demo(tmp_path / "s.json")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "wizard")
        await type_text(pilot, "Faster answers")
        await pilot.press("ctrl+n")
        assert app.focused.id == "kr-title-input"
        await write_key_result(pilot, app, "Answer in an hour", "60", "Nothing like it")
        assert app.screen.key_results == [] and "no KPI matches 'Nothing like it'" in screen_text(app)
        await pilot.press(*["backspace"] * 15)
        await type_text(pilot, "call completion")
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.screen.key_results) == 1
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
    saved = next(o for o in Store(str(path)).read().objectives() if o.title == "Faster answers")
    assert [(kr.title, kr.guard) for kr in saved.key_results] == [("Answer in an hour", 2)]


async def test_editing_a_key_result_shows_its_guard_and_clears_it(tmp_path):
    path = make_demo(tmp_path / "s.json")  # 2.2 is guarded by the call completion rate (KPI 2)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j", "j", "j", "e")  # objective 2 (past 1's rows)
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "wizard")
        assert app.screen.objective.id == 2
        await pilot.press("ctrl+n")
        await pilot.press("shift+tab", "down")  # into the list of key results: 2.2
        await pilot.press("enter")
        await pilot.pause()
        guard = app.screen.query_one("#kr-guard-input")
        assert guard.value == "Customer service call completion rate"
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab")
        assert app.focused is guard
        await pilot.press("ctrl+u")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
    kr = Store(str(path)).read().objectives()[1].key_results[1]
    assert (kr.id, kr.guard) == ("2.2", None)


async def test_the_dashboard_marks_a_kpi_whose_own_budget_is_spent_in_words(tmp_path):
    app = make_app(make_demo(tmp_path / "s.json"))  # the demo's trial conversion: hold 0.8, 6 misses of 2 allowed
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        kpi_list = app.screen.query_one("#kpis")
        rows = [kpi_list.get_option_at_index(i).prompt.plain for i in range(kpi_list.option_count)]
        assert any(row.startswith("⚠ budget spent · Trial-to-customer conversion") for row in rows), rows
        assert [row for row in rows if "⚠" in row] == [row for row in rows if "Trial" in row]  # the others as they were


async def test_the_dashboard_and_the_review_say_what_burns_and_what_is_capped(tmp_path):
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "2.4  ⚠ budget runs out · Call completion…" in text  # on the key result's own row
        assert "2.2  ⚠ guard critical · Cut average resp…" in text
        assert "2.1  Lift NPS from 55 to 66 " in text  # the others as they were
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        await pilot.press("j", "j", "j", "j")
        await pilot.pause()
        assert ("grade at most 0.7: guard Customer service call completion rate went critical on 2026-10-01 (2.2)"
                in screen_text(app))


async def test_the_detail_screen_shows_the_budget_and_why_the_grade_is_capped(tmp_path):
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j", "j", "j", "enter")  # objective 2
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "detail")
        text = screen_text(app)
        assert "⚠ 2.4 holds 50%: 10 of 46 misses left, burn 7d 1.1x, 1d 2.0x · runs out early" in text
        assert "⚠ grade at most 0.7: guard Customer service call completion rate went critical on 2026-10-01" in text
        assert "suggested grade 0.5" in text  # under the cap already: the cap takes nothing away


async def test_the_kpi_form_keeps_sets_and_refuses_a_hold(tmp_path):
    path = make_demo(tmp_path / "s.json")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "e")  # the first KPI: the call completion rate
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_form")
        await pilot.press(*["tab"] * 9)
        assert app.focused.id == "hold-input"
        await type_text(pilot, "1.5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "kpi_form" and "at most 1" in screen_text(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "0.95")
        await pilot.press("enter")  # the last field: enter saves
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        await pilot.press("e")  # edited again without touching the hold: it stays
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_form")
        assert app.screen.query_one("#hold-input").value == "0.95"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
    assert Store(str(path)).read().kpi(2).hold == 0.95


async def test_editing_a_stay_key_result_sets_its_hold_and_a_reach_one_refuses_a_hold_in_words(tmp_path):
    path = make_demo(tmp_path / "s.json")  # 2.4 stays above 85% with a hold of 0.5; 2.2 reaches a target
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j", "j", "j", "e")  # objective 2 (past 1's rows)
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "wizard")
        await pilot.press("ctrl+n")
        await pilot.press("shift+tab", "down")  # 2.2, a reach key result
        await pilot.press("enter")
        await pilot.pause()
        hold = app.screen.query_one("#kr-hold-input")
        assert hold.value == ""
        await pilot.press(*["tab"] * 7)
        assert app.focused is hold
        await type_text(pilot, "0.9")
        await pilot.press("enter")
        await pilot.pause()
        assert "a hold is for a key result that stays above or below a level" in screen_text(app)
        await pilot.press("ctrl+u")
        await pilot.press("enter")  # saved without a hold: the edit goes through
        await pilot.pause()
        await pilot.press("shift+tab")  # from the form's title back to the list of key results
        kr_list = app.screen.query_one("#kr-list")
        assert app.focused is kr_list
        for _ in range(6):  # down to 2.4
            if kr_list.highlighted == 3:
                break
            await pilot.press("down")
        assert kr_list.highlighted == 3
        await pilot.press("enter")
        await pilot.pause()
        assert hold.value == "0.5"
        await pilot.press(*["tab"] * 7)
        assert app.focused is hold
        await pilot.press("ctrl+u")
        await type_text(pilot, "0.8")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
    krs = Store(str(path)).read().objectives()[1].key_results
    assert [(kr.id, kr.hold) for kr in krs if kr.id in ("2.2", "2.4")] == [("2.2", 1.0), ("2.4", 0.8)]


async def test_the_detail_header_is_never_cut_at_60x20_and_shows_again_back_on_the_key_results(tmp_path):
    """Objective 2's header (budget and guard lines) wraps past 8 lines at 60 columns: it used to be
    cut there ("… went critical on …" lost); it scrolls with the page now."""
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("j", "j", "j", "j", "j", "enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "detail")
        await pilot.pause()
        info = app.screen.query_one("#info")
        assert info.size.height > 8  # all of it laid out: a cap of 8 lines cut it here
        assert "(2.2)" in str(info.render()) and info.region.bottom <= app.screen.query_one("#krs").region.y
        await pilot.press("tab")  # down to the initiatives: the page scrolls
        await pilot.pause()
        scroll = app.screen.query_one("#detail")
        assert scroll.scroll_y > 0
        await pilot.press("shift+tab")  # back on the key results: the header shows again
        await pilot.pause()
        assert scroll.scroll_y == 0 and app.focused.id == "krs"
