"""Using the space: columns as wide as what they hold, the title or name takes the rest, and what
gives way first is one rule (textfmt.squeeze), checked here at 60, 80, 120 and 200 columns."""

from __future__ import annotations

import pytest

from okrtui.domain.health import kpi_status
from okrtui.domain.summary import summarize
from okrtui.store import Store
from okrtui.textfmt import fit_words, squeeze
from okrtui.ui.widgets.rows import (kpi_columns, kpi_row, kr_row, objective_columns, objective_row,
                                    objective_state)
from tui_helpers import FROZEN_TODAY, make_app, make_demo, wait_until


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    repo = Store(str(make_demo(tmp_path_factory.mktemp("layout") / "s.json"))).read()
    summaries = [summarize(o, FROZEN_TODAY) for o in repo.objectives("2026-Q4")]
    kpis = [(kpi, kpi_status(kpi, FROZEN_TODAY)) for kpi in repo.kpis(tail=48)]
    return summaries, kpis


def plain(content) -> str:
    return content.plain


@pytest.mark.parametrize("width, columns, expected", [
    (80, [(11, 0), (10, 2)], (59, [11, 10])),  # room for all: the title takes the rest
    (40, [(11, 0), (10, 2)], (19, [11, 10])),
    (30, [(11, 0), (10, 2)], (12, [8, 10])),  # the bar gives way first
    (20, [(11, 0), (10, 2)], (12, [0, 8])),  # then the status, down to its glyph
    (10, [(11, 0), (10, 2)], (8, [0, 2])),  # never below the minimums
])
def test_squeeze_gives_way_in_order(width, columns, expected):
    assert squeeze(width, 12, columns) == expected


@pytest.mark.parametrize("text, width, shown", [
    ("! at risk", 20, "! at risk"), ("! at risk", 9, "! at risk"), ("! at risk", 8, "!"),
    ("! at risk", 3, "!"), ("◎◷ on target, stale", 14, "◎◷ on target"), ("◎◷ on target, stale", 2, "◎◷"),
    ("◎◷ on target, stale", 10, "◎◷"), ("✓ 3.2", 2, "✓"), ("★ achieved 0.7", 11, "★ achieved"),
    ("○ no data", 5, "○"),
])
def test_status_words_are_dropped_whole_never_split(text, width, shown):
    assert fit_words(text, width).rstrip() == shown


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_rows_at_each_width(demo, width):
    summaries, kpis = demo
    list_width = width - 6  # borders, padding and the scrollbar's gutter
    columns = objective_columns(summaries)
    for summary in summaries:
        row = plain(objective_row(summary, list_width, columns=columns))
        assert len(row) <= list_width
        state = objective_state(summary)[0]
        shown = row.rstrip().rsplit("% ", 1)[1].strip()
        assert state.startswith(shown) and (shown == state or state[len(shown)] == " "), (width, row)
        for kr in summary.objective.key_results:
            kr_text = plain(kr_row(kr, summary.kr_progress[kr.id], list_width, columns=columns))
            if width >= 80:
                assert "/" in kr_text and "…/" not in kr_text  # the value and target are never cut
                assert kr.title[:20] in kr_text or len(kr.title) > 20
    kpi_cols = kpi_columns(kpis)
    for kpi, status in kpis:
        row = plain(kpi_row(kpi, status, list_width, columns=kpi_cols))
        assert row.rstrip().endswith(status.label) or width < 80, (width, row)
        if width >= 80:
            assert "tic…" not in row and "visi…" not in row, (width, row)  # values and targets whole
        if width >= 200:
            assert "…" not in row, row  # nothing is cut at 200 columns


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_a_title_is_cut_only_when_the_row_is_full(demo, width):
    """A long title takes every column the others leave: the row is exactly as wide as the list,
    and the state column exactly as wide as its widest text (no blank columns beside a cut title)."""
    from dataclasses import replace

    from okrtui.textfmt import cell_width

    summaries, _ = demo
    long = replace(summaries[0], objective=replace(summaries[0].objective, title="Grow revenue " * 30))
    rows = [long, *summaries[1:]]
    columns = objective_columns(rows)
    list_width = width - 6
    row = plain(objective_row(long, list_width, columns=columns))
    assert "…" in row and cell_width(row) == list_width, row
    after_percent = row.split("% ", 1)[1]
    assert cell_width(after_percent) == columns.state, row  # as wide as "! at risk", not a fixed 15


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_dashboard_says_how_many_objectives_are_out_of_sight(tmp_path, size):
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        objectives = app.screen.query_one("#objectives")
        subtitle = str(objectives.border_subtitle)
        if objectives.max_scroll_y > 0:
            assert "shown" in subtitle and "↓" in subtitle, subtitle
            await pilot.press("end")
            await wait_until(pilot, lambda: "↑" in str(objectives.border_subtitle))
        else:
            assert subtitle == "4 objectives"


async def test_the_kpi_pane_keeps_the_highlighted_kpi_in_sight(tmp_path):
    """At 80x24 the pane shows five KPIs: moving down past them scrolls, the cursor never hides."""
    from okrtui.domain.models import Kpi
    from okrtui.store import Store
    from textual.widgets import OptionList
    from tui_helpers import make_app, make_demo

    path = make_demo(tmp_path / "many.json")
    with Store(str(path)).transaction() as repo:
        for i in range(6):
            repo.add_kpi(Kpi(f"Extra KPI {i}"))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab")
        kpis = app.screen.query_one("#kpis", OptionList)
        pane = app.screen.query_one("#kpi-pane")
        for _ in range(10):
            await pilot.press("j")
            await pilot.pause()
            row_y = kpis.region.y + kpis.highlighted - round(kpis.scroll_y)
            assert pane.content_region.y <= row_y < pane.content_region.bottom, (kpis.highlighted, kpis.scroll_y)
