"""Text from a store is data in the TUI too (okrtui-14): rows, dialogs, notices and the fields of
every edit form show escapes (\\x1b, \\u202e) where a foreign store holds an OSC 52 clipboard write,
an OSC 2 title or a bidi override; a field prefilled with such text refuses to save it back
unchanged, and saves what the user typed once they edit it."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList

import tui_helpers
from okrtui.store import Store
from tui_helpers import FROZEN_TODAY, SIZE, leaks, make_app, make_demo, option_texts, rendered, wait_until

OSC52, OSC2, RLO = "\x1b]52;c;aGk=\x07", "\x1b]2;pwned\x07", "\u202e"


def hostile(word: str) -> str:
    return f"{word}{OSC52} {OSC2}{RLO}x"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """The demo, with the three sequences in every kind of text a form shows or prefills."""
    path = make_demo(tmp_path / "store" / "demo.json")
    with Store(str(path)).transaction() as repo:
        web = next(k for k in repo.kpis() if k.name == "Web traffic")
        repo.log_value(web.id, FROZEN_TODAY, 12345, hostile("bot"))  # the newest value's note
    data = json.loads(path.read_text(encoding="utf-8"))
    first, second, third, fourth = (data["objectives"][key] for key in ("1", "2", "3", "4"))
    first.update(title=hostile("Grow"), why=hostile("Because"), owner=hostile("Mei"), team=hostile("Sales"))
    second["key_results"][0].update(title=hostile("NPS"), unit=hostile("pts"))
    third["key_results"][0]["checkins"][-1]["note"] = hostile("Calls")
    third["initiatives"][0]["title"] = hostile("Fairs")
    fourth["review"]["note"] = hostile("Learned")  # its title is clean: the store saves it once the note is
    kpi = next(k for k in data["kpis"].values() if k["name"] == "Web traffic")
    kpi.update(name=hostile("Web"), unit=hostile("hits"), category=hostile("Mkt"))
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def snapshot(path: Path) -> dict[str, bytes]:
    """Every file of the store (its JSON and the KPI values beside it), byte for byte."""
    folder = path.parent
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith((".lock", ".undo", ".redo"))}


def clean(text: str) -> bool:
    return not any(unicodedata.category(char) in ("Cc", "Cf") for char in text)


def inputs(app) -> dict[str, str]:
    return {field.id: field.value for field in app.screen.query(Input)}


async def safe_screen(pilot) -> None:
    """Nothing raw on the terminal, and no Input holds a control character."""
    await pilot.pause()
    app = pilot.app
    assert leaks(rendered(app)) == [], app.screen.SCREEN_NAME
    assert all(clean(value) for value in inputs(app).values()), inputs(app)


def refused(app, field: str) -> str:
    return str(app.screen.query_one(f"#{field} .error").content)


async def test_rows_detail_review_and_dialogs_show_store_text_escaped(store):
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await safe_screen(pilot)
        rows = "\n".join(option_texts(app.screen.query_one("#objectives", OptionList)))
        assert "Grow\\x1b]52;c;aGk=\\x07 \\x1b]2;pwned\\x07\\u202ex" in rows
        for key in ("d",):  # the delete question quotes the title
            await pilot.press(key)
            await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "confirm")
            await safe_screen(pilot)
            await pilot.press("n")
        for down in (0, 4, 4):  # objectives 1, 2 and 3: titles, key results, check-in notes, initiatives
            await pilot.press(*["j"] * down, "enter")
            await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "detail")
            await safe_screen(pilot)
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        objectives = app.screen.query_one("#objectives", OptionList)
        while objectives.highlighted_option.id != "k:2.1":
            await pilot.press("k")
        await pilot.press("c")  # check in on 2.1, whose title and unit hold the sequences
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "checkin")
        await safe_screen(pilot)
        await pilot.press("escape", "l")  # quick entry: the KPI's row, its field's label, the date's hint
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "log")
        while not app.screen._current()[1].name.startswith("Web"):
            await pilot.press("down")
        await safe_screen(pilot)
        await pilot.press("ctrl+t")
        await safe_screen(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        await safe_screen(pilot)
        listing = app.screen.query_one("#review-list", OptionList)
        for objective, key, screen in (("o:3", "i", "pick"), ("o:2", "c", "carry")):
            while listing.highlighted_option.id != objective:
                await pilot.press("j")
            await pilot.press(key)
            await wait_until(pilot, lambda screen=screen: app.screen.SCREEN_NAME == screen)
            await safe_screen(pilot)
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")


async def test_objective_edit_refuses_hidden_text_unchanged_and_saves_it_edited(store):
    before = snapshot(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "wizard")
        await safe_screen(pilot)
        shown = inputs(app)
        assert shown["title-input"] == "Grow\\x1b]52;c;aGk=\\x07 \\x1b]2;pwned\\x07\\u202ex"
        assert shown["why-input"].startswith("Because\\x1b]52") and shown["owner-input"].startswith("Mei\\x1b")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "wizard"
        assert "holds \\x1b, \\x07, \\u202e" in refused(app, "title") and "edit them out" in refused(app, "title")
        assert "holds" in refused(app, "why") and "holds" in refused(app, "team")
        await safe_screen(pilot)  # the notice and the messages quote nothing raw either
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")  # the review step shows what would be saved
        await safe_screen(pilot)
        await pilot.press("escape")  # nothing typed: leaves without asking
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        assert snapshot(store) == before
        await pilot.press("e")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "wizard")
        await tui_helpers.burst(pilot, "Grow revenue<tab>Because<tab><tab><tab>Mei Lin<tab>Sales<ctrl+s>")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        await safe_screen(pilot)
    objective = Store(str(store)).read().objective(1)
    assert (objective.title, objective.why, objective.owner, objective.team) == ("Grow revenue", "Because",
                                                                                "Mei Lin", "Sales")


async def test_a_key_result_loaded_into_the_wizard_is_refused_unchanged(store):
    before = snapshot(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["j"] * 4, "e")  # objective 2
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "wizard")
        await pilot.press("ctrl+n", "shift+tab", "enter")  # step 2, the list, its first key result
        await wait_until(pilot, lambda: app.focused.id == "kr-title-input")
        await safe_screen(pilot)
        assert inputs(app)["kr-title-input"].startswith("NPS\\x1b]52") and inputs(app)["kr-unit-input"].startswith("pts")
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "wizard" and "holds" in refused(app, "kr-title")
        assert "holds" in refused(app, "kr-unit")
        await safe_screen(pilot)
        assert snapshot(store) == before
        await pilot.press("ctrl+a", "ctrl+k")
        await tui_helpers.burst(pilot, "Lift NPS<tab><tab><tab>points<enter><ctrl+s>")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
    kr = Store(str(store)).read().objective(2).key_results[0]
    assert (kr.title, kr.unit) == ("Lift NPS", "points")


async def _to_web(pilot):
    app = pilot.app
    kpi_list = app.screen.query_one("#kpis", OptionList)
    await pilot.press("tab")
    await wait_until(pilot, lambda: app.focused is kpi_list)
    while not option_texts(kpi_list)[kpi_list.highlighted].startswith("Web\\x1b"):
        await pilot.press("down")


async def test_kpi_form_refuses_hidden_text_unchanged_and_saves_it_edited(store):
    before = snapshot(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _to_web(pilot)
        await safe_screen(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_form")
        await safe_screen(pilot)
        assert [inputs(app)[f"{name}-input"][:4] for name in ("name", "unit", "category")] == ["Web\\", "hits", "Mkt\\"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "kpi_form"
        assert all("holds" in refused(app, name) for name in ("name", "unit", "category"))
        await safe_screen(pilot)
        assert snapshot(store) == before
        await tui_helpers.burst(pilot, "<ctrl+a><ctrl+k>Web traffic<tab>visits<tab><tab><tab><tab><tab><tab>"
                                       "Marketing<ctrl+s>")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        await safe_screen(pilot)
    kpi = next(k for k in Store(str(store)).read().kpis() if k.name == "Web traffic")
    assert (kpi.unit, kpi.category) == ("visits", "Marketing")


async def test_value_note_refused_unchanged_and_saved_edited(store):
    before = snapshot(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _to_web(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_detail")
        await wait_until(pilot, lambda: app.screen.query_one("#values", DataTable).row_count > 300)
        await safe_screen(pilot)
        await pilot.press("c")  # the newest value, its note prefilled
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "value")
        await safe_screen(pilot)
        assert inputs(app)["note-input"].startswith("bot\\x1b]52")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "value" and "holds" in refused(app, "note")
        assert snapshot(store) == before
        await tui_helpers.burst(pilot, "a bot, blocked<enter>")  # the refused note has the focus
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_detail")
        await safe_screen(pilot)  # the notice names the KPI
    series = next(k for k in Store(str(store)).read().kpis(tail=None) if k.name.startswith("Web")).series
    assert series.notes[FROZEN_TODAY.isoformat()] == "a bot, blocked" and series.values[-1] == 12345


async def test_close_note_refused_unchanged_and_saved_edited(store):
    before = snapshot(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        listing = app.screen.query_one("#review-list", OptionList)
        while listing.highlighted_option.id != "o:4":
            await pilot.press("j")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "close")
        await safe_screen(pilot)
        assert inputs(app)["note-input"].startswith("Learned\\x1b]52")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "close" and "holds" in refused(app, "note")
        assert snapshot(store) == before
        await tui_helpers.burst(pilot, "pipeline review paid off<ctrl+s>")  # the note has the focus
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "review")
        await safe_screen(pilot)
    assert Store(str(store)).read().objective(4).review.note == "pipeline review paid off"
