"""Issue 17 in the TUI: the alignment tree (t), whose objectives the dashboard shows (m), the
parent's id on an aligned objective's row, owners of key results and KPIs, and parents (an
objective or a key result) chosen in the wizard. At 80x24, by keyboard, asserting on what the
screen shows and on what the store holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.domain.models import Objective
from okrtui.store import Store
from tui_helpers import FROZEN_TODAY, SIZE, make_app, make_demo, wait_until

YEAR = "2026-01-01..2026-12-31"


def screen_lines(app) -> list[str]:
    """What the terminal shows, line by line, as text."""
    from textual.strip import Strip

    update = app.screen._compositor.render_update(full=True)
    lines = []
    for line in update.strips:
        strips = [line] if isinstance(line, Strip) else list(line)
        lines.append("".join(segment.text for strip in strips for segment in strip))
    return lines


def shown(app) -> str:
    return "\n".join(screen_lines(app))


def words_shown(app) -> str:
    """The screen's words, lines joined: a notice wraps."""
    return " ".join(shown(app).replace("▌", " ").split())  # a notice has a bar down its left


def make_aligned(path: Path) -> Path:
    """The demo (where 4 serves 1), plus a year objective (6) that objective 1 serves; 2 serves key result
    1.2; 3 serves 1."""
    make_demo(path)
    with Store(str(path)).transaction() as repo:
        year = repo.save_objective(Objective(title="Company year: double revenue", period=YEAR, owner="Mei Lin",
                                             team="Sales", rollup="children"))
        for o in repo.objectives("2026-Q4"):
            if o.id in (1, 2, 3):
                o.parent, o.parent_kr = {1: (year, None), 2: (1, 2), 3: (1, None)}[o.id]
                repo.save_objective(o)
    return path


@pytest.fixture
def aligned(tmp_path) -> Path:
    return make_aligned(tmp_path / "store.json")


def tree_rows(app) -> list[str]:
    """The tree's rows as the terminal shows them, between its borders."""
    return [line[2:-2].rstrip() for line in screen_lines(app)[2:-2] if line[2:-2].strip()]


async def open_tree(pilot, app) -> None:
    await pilot.press("t")
    await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "tree")
    await pilot.pause()


# -- 1. the tree ---------------------------------------------------------------------------------

async def test_t_shows_the_periods_objectives_nested_under_what_they_serve(aligned):
    app = make_app(aligned)
    async with app.run_test(size=SIZE) as pilot:
        await open_tree(pilot, app)
        rows = tree_rows(app)
        assert "alignment · 2026-Q4 · 4 objectives" in screen_lines(app)[0]
        assert rows[0].startswith(f"▼ 6 [{YEAR}] Company")  # the parent from the enclosing year, above
        assert rows[1].startswith("└── ▼ 1 Grow new-business revenue")
        assert "1.2 Sign 12 new-business" in rows[2] and "◆ key result" in rows[2]
        assert rows[3].startswith("    │   └── 2 ")  # objective 2 under key result 1.2
        assert rows[4].startswith("    ├── 3 Select 25 new franchise") and "Sam Okafor" in rows[4]
        assert rows[5].startswith("    └── 4 Train 15 new sales people")
        # progress as a bar and a number, owner and status in words
        assert "42% Mei Lin" in rows[1] and "! at risk" in rows[1] and "█" in rows[1]
        assert "55% Wang Fang" in rows[3]
        # the year rolls up its children: 1 is its one child with progress (42%)
        assert " 42% " in rows[0]


async def test_space_folds_and_keys_expand_and_collapse(aligned):
    app = make_app(aligned)
    async with app.run_test(size=SIZE) as pilot:
        await open_tree(pilot, app)
        await pilot.press("j")  # objective 1
        await pilot.press("space")
        await pilot.pause()
        rows = tree_rows(app)
        assert rows[1].startswith("└── ▶ 1 Grow") and not any("Select 25" in r for r in rows)
        await pilot.press("space")
        await pilot.pause()
        assert any("Select 25" in r for r in tree_rows(app))
        await pilot.press("minus")
        await pilot.pause()
        assert len(tree_rows(app)) == 1 and tree_rows(app)[0].startswith("▶ 6")
        await pilot.press("asterisk")
        await pilot.pause()
        assert len(tree_rows(app)) == 6
        await pilot.press("j", "j", "left")  # on key result 1.2: folds it
        await pilot.pause()
        assert not any(r.lstrip("│ └├─").startswith("2 ") for r in tree_rows(app))
        await pilot.press("left")  # folded already: to its parent, objective 1
        await pilot.pause()
        assert app.screen.query_one("#tree").cursor_node.data == "o:1"
        await pilot.press("down", "right")
        await pilot.pause()
        assert any("2 提高客户体验得分20%" in r for r in tree_rows(app))
        await pilot.press("shift+left")
        assert app.screen.query_one("#tree").cursor_node.data == "o:1"


async def test_folds_survive_a_change_from_elsewhere(aligned):
    app = make_app(aligned)
    async with app.run_test(size=SIZE) as pilot:
        await open_tree(pilot, app)
        await pilot.press("j", "space")
        with Store(str(aligned)).transaction() as repo:  # another process renames objective 4
            o = repo.objective(4)
            o.title = "Train 20 new sales people"
            repo.save_objective(o)
        app.check_store()
        await wait_until(pilot, lambda: "Train 20" in shown(app) or not any("4 Train" in r for r in tree_rows(app)))
        await pilot.press("space")  # unfold: the new title is there, the cursor stayed on objective 1
        await pilot.pause()
        assert app.screen.query_one("#tree").cursor_node.data == "o:1"
        assert any("4 Train 20 new sales people" in r for r in tree_rows(app))


async def test_enter_opens_the_objective_and_esc_comes_back(aligned):
    app = make_app(aligned)
    async with app.run_test(size=SIZE) as pilot:
        await open_tree(pilot, app)
        await pilot.press("j", "j", "j", "enter")  # objective 2, under key result 1.2
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "detail")
        assert app.screen.objective_id == 2
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "tree")
        await pilot.press("k", "enter")  # key result 1.2: its objective, that key result highlighted
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "detail")
        assert app.screen.objective_id == 1 and app.screen.focus_kr == "1.2"
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")


async def test_help_undo_periods_and_quit_on_the_tree(aligned):
    from okrtui.ui.actions import listed

    app = make_app(aligned)
    async with app.run_test(size=SIZE) as pilot:
        await open_tree(pilot, app)
        assert "⏎ Open" in screen_lines(app)[-1] and "spc Fold" in screen_lines(app)[-1]
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "help")
        text = app.screen.help_text()
        for item in listed("tree"):
            assert item.help in text
        await pilot.press("escape", "u")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "tree"  # nothing to undo: said, still here
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: "2027-Q1" in app.screen.sub_title)
        assert "No objectives in 2027-Q1 yet" in shown(app)
        await pilot.press("enter")  # nothing to open: no crash
        await pilot.press("left_square_bracket", "left_square_bracket")
        await wait_until(pilot, lambda: "2026-Q3" in app.screen.sub_title)
        assert any(r.startswith("▼ 6") or "5 " in r for r in tree_rows(app))
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_tree_rows_are_printable_and_numbers_are_never_cut(tmp_path):
    import json

    path = make_aligned(tmp_path / "s.json")
    data = json.loads(path.read_text(encoding="utf-8"))  # a foreign store: what okrtui would refuse to save
    data["objectives"]["3"].update(title="[bold]Evil[/bold] \x1b]52;c;aGk=\x07 " + "very long title " * 8,
                                   owner="\u202eMallory")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_tree(pilot, app)
        text = shown(app)
        assert "\x1b" not in text and "\u202e" not in text
        assert "3 [bold]Evi" in text and "\\u202eMallory" in text  # never markup, escapes shown escaped
        for row in tree_rows(app):
            assert "%" in row, row  # every row keeps its number
        assert "45%" in next(r for r in tree_rows(app) if "[bold]Evi" in r)


async def test_the_demo_tree(tmp_path):
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=SIZE) as pilot:
        await open_tree(pilot, app)
        rows = tree_rows(app)
        assert [r.split()[:2] for r in rows] == [["▼", "1"], ["└──", "4"], ["2", "提高客户体验得分20%"], ["3", "Select"]]


# -- 3. whose: all, mine, my team --------------------------------------------------------------

def name_me(config: Path, name: str) -> None:
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[user]\nname = "{name}"\n', encoding="utf-8")


def objective_ids(app) -> list[int]:
    return [s.objective.id for s in app.screen.objectives_pane.shown()]


async def test_m_cycles_all_mine_and_my_team(tmp_path, private_config):
    path = make_demo(tmp_path / "s.json")
    with Store(str(path)).transaction() as repo:
        o = repo.objective(2)
        o.team = "Sales"  # Wang Fang's, in Mei's team
        repo.save_objective(o)
        kpi = next(k for k in repo.kpis() if k.name.startswith("Equipment"))
        kpi.owner = "mei  lin"  # names compare without case or extra spaces
        repo.update_kpi(kpi)
    name_me(private_config, "Mei Lin")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert objective_ids(app) == [1, 2, 3, 4]
        await pilot.press("m")
        await wait_until(pilot, lambda: app.screen.sub_title.endswith(" · mine"))
        assert objective_ids(app) == [1, 4]
        assert "mine" in screen_lines(app)[0]
        # her own, and the one her key result 1.3 follows
        assert {k.name for k, _ in app.screen.kpis} == {"Equipment downtime", "Trial-to-customer conversion"}
        await pilot.press("m")
        await wait_until(pilot, lambda: app.screen.sub_title.endswith(" · team Sales"))
        assert objective_ids(app) == [1, 2, 4]
        assert "team Sales" in screen_lines(app)[0]
        # those key results of the team's objectives follow (1.3, 2.2, 2.4)
        assert {k.name for k, _ in app.screen.kpis} == {"Trial-to-customer conversion", "Average response time",
                                                        "Customer service call completion rate"}
        await pilot.press("m")
        await wait_until(pilot, lambda: "·" not in app.screen.sub_title.split("elapsed")[-1])
        assert objective_ids(app) == [1, 2, 3, 4] and len(app.screen.kpis) == 9


async def test_mine_with_nothing_of_mine_says_so(tmp_path, private_config):
    name_me(private_config, "Nobody Here")
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await wait_until(pilot, lambda: app.screen.sub_title.endswith(" · mine"))
        assert "4 objectives are planned for 2026-Q4; none is yours (Nobody Here)." in shown(app)
        await pilot.press("n")  # still plans
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "wizard")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        await pilot.press("m")  # no objective of mine names a team: back to all
        await wait_until(pilot, lambda: "mine" not in app.screen.sub_title)
        assert objective_ids(app) == [1, 2, 3, 4]
        assert "team" not in app.screen.sub_title


async def test_whose_is_in_help_and_the_palette(tmp_path):
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Show all / mine / my team's (m)" in titles and "Alignment tree (t)" in titles


# -- 2. the parent's id on the dashboard ---------------------------------------------------------

async def test_an_aligned_objectives_row_names_its_parent(aligned):
    app = make_app(aligned)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        row = {line.split()[1]: line for line in lines if line.startswith("│ ") and line[2:4].strip().isdigit()}
        assert "Grow new-business revenue by 50%          ↑6 ████" in row["1"]
        assert "↑1.2 █████" in row["2"] and "↑1 ████" in row["3"]
        assert " 42% ! at risk" in row["1"]  # the numbers and status stay whole


@pytest.mark.parametrize("width", [40, 52, 60, 80, 120])
def test_the_parent_mark_is_whole_or_absent_and_never_cuts_the_percent(width):
    from okrtui.domain.models import KeyResult
    from okrtui.domain.summary import summarize
    from okrtui.ui.widgets.rows import objective_row

    o = Objective(id=12, title="A rather long objective title that will not fit", period="2026-Q4", parent=345,
                  parent_kr=12, key_results=[KeyResult(title="k", start=0, target=10, current=4, id="12.1")])
    text = objective_row(summarize(o, FROZEN_TODAY), width).plain
    assert "40%" in text
    assert "↑345.12" in text or "↑" not in text
    if width >= 60:
        assert "↑345.12 " in text



# -- 4. owners and parents in the wizard and the KPI form ------------------------------------------

async def pick_parent(pilot, app, parent: str) -> None:
    """On step 1, from the title: tab to the parent box, open it, move down to `parent` ("3", "3.2"), take it."""
    from okrtui.ui.screens.wizard import parent_options

    await pilot.press(*["tab"] * 6)
    assert app.focused.id == "parent"
    others = [o for o in app.screen.okr.read().objectives() if o.id != app.screen.objective.id]
    downs = 1 + [value for _, value in parent_options(others)].index(parent)  # below "none"
    await pilot.press("enter", *["down"] * downs, "enter")
    await pilot.pause()
    assert app.focused.id == "parent" and app.focused.value == parent


async def test_the_wizard_aligns_with_a_key_result_and_takes_key_result_owners(tmp_path):
    from tui_helpers import type_text

    path = make_demo(tmp_path / "s.json")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "wizard")
        await type_text(pilot, "Raise NPS")
        await pick_parent(pilot, app, "1.2")
        assert "1.2 Sign 12 new-business accounts" in shown(app)
        await pilot.press("pagedown")
        await type_text(pilot, "Lift NPS")
        await pilot.press("tab")
        await type_text(pilot, "55")
        await pilot.press("tab")
        await type_text(pilot, "66")
        await pilot.press("tab", "tab", "tab")
        assert app.focused.id == "kr-owner-input"
        await type_text(pilot, "Ana  Silva")
        await pilot.press("enter")
        await pilot.pause()
        assert "· Ana Silva" in shown(app)  # the key result in the list names its owner
        await pilot.press("pagedown", "pagedown")
        assert "serves 1.2" in shown(app) and "· Ana Silva" in shown(app)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
    saved = next(o for o in Store(str(path)).read().objectives() if o.title == "Raise NPS")
    assert (saved.parent, saved.parent_kr) == (1, 2)
    assert [kr.owner for kr in saved.key_results] == ["Ana Silva"]


async def test_the_wizard_refuses_a_cycle_in_the_alignments_words(tmp_path):
    path = make_demo(tmp_path / "s.json")  # the demo's objective 4 serves 1
    app = make_app(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("e")  # objective 1
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "wizard")
        await pick_parent(pilot, app, "4")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "wizard" and app.focused.id == "parent"
        assert "that would make a cycle: 1 → 4 → 1" in words_shown(app)
    assert Store(str(path)).read().objective(1).parent is None


async def test_the_wizard_refuses_a_parent_in_a_later_period(tmp_path):
    from tui_helpers import type_text

    path = make_demo(tmp_path / "s.json")
    app = make_app(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "wizard")
        await type_text(pilot, "Earlier work")
        await pilot.press("tab", "tab")
        assert app.focused.id == "period-input"
        app.focused.value = ""  # the proposed period, cleared
        await type_text(pilot, "2026-Q3")
        await pilot.press("shift+tab", "shift+tab")
        await pick_parent(pilot, app, "1")  # of 2026-Q4
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "wizard"
        assert "objective 1 is in 2026-Q4, which does not include 2026-Q3" in words_shown(app)
    assert not any(o.title == "Earlier work" for o in Store(str(path)).read().objectives())


async def test_the_kpi_form_takes_an_owner(tmp_path):
    from tui_helpers import type_text

    path = make_demo(tmp_path / "s.json")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "e")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_form")
        name = app.screen.query_one("#name-input").value
        await pilot.press(*["tab"] * 8)
        assert app.focused.id == "owner-input"
        await type_text(pilot, "Sam Okafor")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
    kpi = next(k for k in Store(str(path)).read().kpis() if k.name == name)
    assert kpi.owner == "Sam Okafor"


async def test_the_tui_records_who_checks_in_and_logs_and_shows_it(tmp_path):
    """Who recorded what (issue 17): a check-in and a value entered by keys say who, in the store and on screen."""
    from tui_helpers import make_demo as demo_store

    from okrtui.ui.app import OkrApp

    path = demo_store(tmp_path / "okrs.json")
    app = OkrApp(Store(str(path), author=lambda: "Mei"), today=lambda: FROZEN_TODAY, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "c")  # a check-in on 1.2
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "checkin")
        await pilot.press("ctrl+a", "ctrl+k", "9", "enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "detail")
        # the detail opens on 1.2, the key result the dashboard had highlighted: its history
        await wait_until(pilot, lambda: "by Mei" in shown(app))
    kr = Store(str(path)).read().objective(1).key_results[1]
    assert kr.checkins[-1].by == "Mei" and kr.checkins[-1].value == 9
