"""Space is there to be used (issue 15): at 200x60 the dashboard's panes use their rows and
columns, at 60x20 the keys and lines that matter stay in sight, and --ascii and the KPI chart keep
apart what colour alone would."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import OptionList

from okrtui.domain.health import HEALTH_GLYPHS
from okrtui.domain.models import KeyResult, Kpi, Objective, Series
from okrtui.store import Store
from okrtui.textfmt import ASCII_GLYPHS, SPARK_CHARS
from okrtui.ui.screens.dashboard import CHROME
from okrtui.ui.widgets.rows import SPARK_MOST, objective_columns, objective_list_width
from test_e2e_tmux import start_on_demo, tmux, wait_for  # noqa: F401 (tmux: the fixture)
from tui_helpers import FROZEN_TODAY, make_app, make_demo, option_texts, wait_until


def screen_lines(app) -> list[str]:
    """The screen as drawn, a string a row (wide characters once)."""
    from contrast import _strips

    update = app.screen._compositor.render_update(full=True)
    return ["".join(segment.text for strip in _strips(line) for segment in strip) for line in update.strips]


def spark_length(row: str) -> int:
    return max((len(run) for run in re.findall(f"[{SPARK_CHARS}]+", row)), default=0)


def team_store(path: Path) -> Path:
    """Short titles and names, 120 daily values each: both panes fit side by side at 200 columns."""
    days = [(FROZEN_TODAY - timedelta(days=119 - i)).isoformat() for i in range(120)]
    with Store(str(path)).transaction() as repo:
        for k in range(12):
            repo.add_kpi(Kpi(f"Team KPI {k:02d}", unit="ms", target=550, warn=580, crit=600, direction="down",
                             series=Series(days, [500 + (i * 37 + k * 11) % 100 for i in range(120)])))
        for o in range(15):
            objective = Objective(f"Team objective {o:02d}", "2026-Q4", status="active")
            for n in range(4):
                objective.key_results.append(KeyResult(f"Team key result {o}.{n}", start=0, target=100, unit="pts"))
            repo.save_objective(objective)
    return path


# -- 1. at 200x60 the panes use their rows and columns ------------------------------------------
async def test_at_200x60_nothing_is_cut_and_sparklines_grow(tmp_path):
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        dashboard = app.screen
        objectives = dashboard.query_one("#objectives", OptionList)
        kpis = dashboard.query_one("#kpis", OptionList)
        assert not dashboard.has_class("-wide")  # the demo's rows do not fit side by side: one above the other
        for text in option_texts(objectives) + option_texts(kpis):
            assert "…" not in text, text  # no title or name cut while a pane has blank columns
        longest = max(spark_length(text) for text in option_texts(kpis))
        assert 60 <= longest <= SPARK_MOST, longest  # months of a daily KPI's values, not 8
        assert dashboard.values_read == SPARK_MOST
        # every key result is in sight: the objectives pane has the room
        assert objectives.max_scroll_y == 0 and str(objectives.border_subtitle) == "4 objectives"
        assert all(("…" not in line) for line in screen_lines(app))


async def test_side_by_side_when_both_panes_fit_whole(tmp_path):
    app = make_app(team_store(tmp_path / "team.json"))
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        dashboard = app.screen
        objectives = dashboard.query_one("#objectives", OptionList)
        kpis = dashboard.query_one("#kpis", OptionList)
        assert dashboard.has_class("-wide")
        need = objective_list_width(dashboard.summaries, objective_columns(dashboard.summaries))
        assert dashboard.query_one("#objectives-pane").region.width == need + CHROME
        assert objectives.scrollable_content_region.width == need  # as wide as its widest row, no wider
        for text in option_texts(objectives) + option_texts(kpis):
            assert "…" not in text, text
        assert min(spark_length(text) for text in option_texts(kpis)) >= 60  # the KPI pane takes the rest
        # the objectives pane uses its rows: every line of it holds a row, and the count says the rest
        assert objectives.max_scroll_y > 0 and "shown ↓" in str(objectives.border_subtitle)
        assert objectives.scrollable_content_region.height == 60 - 1 - 1 - 2


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (140, 30), (160, 40), (200, 60), (250, 50)])
@pytest.mark.parametrize("store", ["demo", "team"])
async def test_rows_are_laid_out_for_the_widths_the_panes_get(tmp_path, size, store):
    """The widths worked out before the first frame are the ones the layout gives: one render."""
    path = make_demo(tmp_path / "s.json") if store == "demo" else team_store(tmp_path / "t.json")
    app = make_app(path)
    async with app.run_test(size=size) as pilot:
        dashboard = app.screen
        first = dashboard.drawn_width, dashboard.kpi_pane.drawn_width
        await pilot.pause()
        await pilot.pause()
        objectives = dashboard.query_one("#objectives", OptionList)
        kpis = dashboard.query_one("#kpis", OptionList)
        assert first == (dashboard.drawn_width, dashboard.kpi_pane.drawn_width)
        assert first == (objectives.scrollable_content_region.width, kpis.scrollable_content_region.width)


async def test_the_first_frame_at_80x24_reads_few_values_and_a_wider_screen_reads_more(tmp_path):
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dashboard = app.screen
        assert dashboard.values_read == 48
        assert all(len(kpi.series.values) <= 48 for kpi, _ in dashboard.kpis)
        await pilot.resize_terminal(200, 60)
        await wait_until(pilot, lambda: dashboard.values_read == SPARK_MOST)
        await wait_until(pilot, lambda: max(spark_length(t) for t in option_texts(dashboard.query_one("#kpis"))) > 48)


# -- 2. the KPI pane says how many KPIs are in sight ----------------------------------------------
async def test_the_kpi_pane_says_how_many_kpis_are_shown(tmp_path):
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one("#kpi-pane")
        assert str(pane.border_subtitle) == "3 need attention · 5 of 9 shown ↓"
        await pilot.press("tab", "end")
        await wait_until(pilot, lambda: str(pane.border_subtitle).endswith("of 9 shown ↑"))
        await pilot.resize_terminal(200, 60)
        await wait_until(pilot, lambda: str(pane.border_subtitle) == "3 need attention · 9 KPIs")


# -- 3. at 60x20 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(60, 20), (80, 24), (200, 60)])
async def test_the_dashboard_footer_keeps_log_and_quit(tmp_path, size):
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await wait_until(pilot, lambda: "q Quit" in screen_lines(app)[-1])
        footer = screen_lines(app)[-1]
        assert footer.lstrip().startswith("? Help") and "l Log" in footer and "q Quit" in footer, footer
        assert "[ Per" not in footer.replace("[ Period", "")  # what gives way goes whole


async def test_wizard_step_2_shows_turning_a_kpi_into_a_key_result_at_60x20(tmp_path):
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n", *"Fix", "ctrl+n")
        await pilot.pause()
        pick = app.screen.query_one("#kpi-pick")
        assert app.focused.id == "kr-title-input"
        assert 0 <= pick.region.y and pick.region.bottom <= 20 - 1  # in sight from the start, above the footer
        assert any("Turn a KPI into a key result" in line for line in screen_lines(app))
        await pilot.press("shift+tab", "shift+tab")  # past the list of key results
        assert app.focused.id == "kpi-pick"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert len(app.screen.key_results) == 1 and app.screen.key_results[0].kpi is not None


async def test_kpi_detail_at_60x20_keeps_its_last_date_and_followers(tmp_path):
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("tab")
        kpis = app.screen.query_one("#kpis", OptionList)
        kpis.highlighted = next(i for i, text in enumerate(option_texts(kpis)) if text.startswith("Average respons"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_detail")
        await pilot.pause(0.3)
        lines = screen_lines(app)
        last_day = app.screen.kpi.series.dates[-1]
        axis = next(i for i, line in enumerate(lines) if "└" in line)
        assert last_day in lines[axis + 1], lines[axis + 1]  # the newest value's date is named on the axis
        assert any("followed by key results 2.2" in line for line in lines), "\n".join(lines)
        assert any("target 120 min" in line and "critical 240 min" in line for line in lines)


# -- 4. --ascii and the chart keep apart what colour alone would -------------------------------------
def test_ascii_keeps_every_health_glyph_apart():
    ascii_glyphs = {level: glyph.translate(ASCII_GLYPHS) for level, glyph in HEALTH_GLYPHS.items()}
    assert ascii_glyphs["ok"] != ascii_glyphs["no data"]
    assert len(set(ascii_glyphs.values())) == len(ascii_glyphs), ascii_glyphs


@pytest.mark.parametrize("ascii_only", [False, True])
@pytest.mark.parametrize("size", [(60, 20), (80, 24), (200, 60)])
async def test_chart_levels_differ_by_pattern_and_a_legend_names_them(tmp_path, ascii_only, size):
    from okrtui.ui.app import OkrApp
    from okrtui.ui.screens.kpi_detail import LEVEL_LINES

    app = OkrApp(Store(str(make_demo(tmp_path / "s.json"))), today=lambda: FROZEN_TODAY, cursor_blink=False,
                 ascii_only=ascii_only)
    async with app.run_test(size=size) as pilot:
        await pilot.press("tab")
        kpis = app.screen.query_one("#kpis", OptionList)
        kpis.highlighted = next(i for i, text in enumerate(option_texts(kpis)) if text.startswith("Average respons"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "kpi_detail")
        await pilot.pause(0.3)
        lines = screen_lines(app)
        glyphs = [glyph.translate(ASCII_GLYPHS) if ascii_only else glyph for _, _, glyph in LEVEL_LINES]
        assert len(set(glyphs)) == 3
        top = next(i for i, line in enumerate(lines) if "┌" in line or (ascii_only and "+---" in line))
        bottom = next(i for i, line in enumerate(lines) if "└" in line or (ascii_only and i > top and "++" in line))
        chart = lines[top + 1:bottom]
        levels = {"target": "120", "warning": "180", "critical": "240"}  # Average response time, in min
        for (name, _, _), glyph in zip(LEVEL_LINES, glyphs):  # each level a line of its own pattern
            rows = [line for line in chart if glyph * 10 in line]
            assert rows, (glyph, "\n".join(chart))
            label = re.split("[┤+]", rows[0], maxsplit=1)[0].strip()
            assert label == levels[name], rows[0]  # the y axis names the level on its line's row
        legend = lines[bottom + 2]
        for (name, _, _), glyph in zip(LEVEL_LINES, glyphs):
            assert f"{glyph * 2} {name}" in legend or f"{glyph} {name}" in legend, legend


# -- a real terminal ---------------------------------------------------------------------------------
@pytest.mark.slow
def test_sizes_in_a_real_terminal(tmp_path, tmux):  # noqa: F811 (the fixture imported above)
    session, run = tmux
    start_on_demo(tmp_path, tmux, size=(60, 20))
    screen = wait_for(run, session, "l Log", "q Quit", "of 9 shown")
    assert all(len(line) <= 60 for line in screen.splitlines())
    run("resize-window", "-t", session, "-x", "200", "-y", "60")
    screen = wait_for(run, session, "3 need attention · 9 KPIs", "4 objectives")
    assert "…" not in screen
    assert max(spark_length(line) for line in screen.splitlines()) >= 60
