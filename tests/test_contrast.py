"""Readable in every theme, measured on rendered screens (tests/contrast.py): letters and digits
at least 4.5:1 against their background, information glyphs (bars, sparklines, status glyphs)
at least 3:1, highlighted rows, placeholders, dialogs, footers and notices included."""

from __future__ import annotations

import pytest

from contrast import contrast, failures, minimum_for
from okrtui.store import Store
from tui_helpers import make_app, make_demo

SHIPPED_THEMES = ["okrtui-dark", "okrtui-light", "okrtui-16", "okrtui-high-contrast"]

# (what, keys from the screen before): a walk through every screen and dialog
WALK = [
    ("dashboard, first objective highlighted", []),
    ("dashboard, KPI pane focused", ["tab", "down"]),
    ("add-KPI form", ["a"]),
    ("dashboard again", ["escape", "shift+tab"]),
    ("help", ["question_mark"]),
    ("wizard step 1 (placeholders)", ["escape", "n"]),
    ("wizard step 2", ["pagedown"]),
    ("wizard step 3", ["pagedown"]),
    ("wizard step 4", ["pagedown"]),
    ("objective detail", ["escape", "escape", "enter"]),
    ("check-in dialog", ["c"]),
    ("quick entry", ["escape", "escape", "l"]),
    ("quick entry, a refused value", ["x", "enter"]),
    ("review", ["escape", "r"]),
    ("close dialog", ["enter"]),
    ("KPI detail with chart", ["escape", "escape", "tab", "enter"]),
    ("confirm dialog", ["escape", "shift+tab", "d"]),
    ("merge conflicts", ["escape", "exclamation_mark"]),
    ("alignment tree", ["escape", "t"]),
    ("command palette", ["escape", "ctrl+p"]),
    ("dashboard, under the notices", ["escape"]),  # notices over a dialog would not be measured
]


def test_the_measure_itself():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    assert minimum_for("a") == minimum_for("7") == 4.5
    assert minimum_for("▇") == minimum_for("!") == 3.0
    assert minimum_for(" ") is None and minimum_for("─") is None


@pytest.mark.parametrize("theme, eight_bit", [(theme, False) for theme in SHIPPED_THEMES]
                         + [(theme, True) for theme in SHIPPED_THEMES if theme != "okrtui-16"])
async def test_every_screen_is_readable(tmp_path, theme, eight_bit):
    """In 24-bit colour, and as a 256-colour terminal (tmux, most SSH sessions) rounds each colour."""
    path = make_demo(tmp_path / "s.json")
    with Store(str(path)).transaction() as repo:  # one for the title and the conflicts screen
        repo.tables.conflicts.insert({"kind": "conflict", "where": "objective 1 title", "kept": "A", "other": "B"})
    app = make_app(path)
    found: list[str] = []
    async with app.run_test(size=(80, 24), notifications=True) as pilot:  # run_test hides notices by default
        app.theme = theme
        for where, keys in WALK:
            await pilot.press(*keys)
            await pilot.pause(0.2)
            found += failures(app, where, eight_bit)
        app.notify("A notice", title="Saved")
        app.notify("A warning", title="Config", severity="warning")
        app.notify("An error", title="Not saved", severity="error")
        await pilot.pause(0.2)
        assert len(app.screen.query("Toast")) == 3, "the notices must be on screen to be measured"
        found += failures(app, "notices", eight_bit)
    assert not found, "\n".join(found)


async def test_a_theme_too_faint_is_caught(tmp_path):
    """The measure bites: the same walk's first screen fails when text is near its background."""
    from textual.theme import Theme

    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.register_theme(Theme("faint", primary="#333333", foreground="#3a3a3a", background="#1c1c1c"))
        app.theme = "faint"
        await pilot.pause()
        assert failures(app, "faint")


async def test_no_color_highlights_in_reverse_video(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    from textual.filter import Monochrome, NoColor

    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any(isinstance(f, NoColor) for f in app.get_line_filters())
        assert not any(isinstance(f, Monochrome) for f in app.get_line_filters())
        option_list = app.screen.query_one("#objectives")
        row = option_list.region.y + 1  # below the border: the highlighted first objective
        update = app.screen._compositor.render_update(full=True)
        title = [segment for segment in _segments(update.strips[row]) if "Grow new-business" in segment.text]
        assert title and title[0].style.reverse and title[0].style.bold


def _segments(line):
    from contrast import _strips

    return [segment for strip in _strips(line) for segment in strip]
