"""SVG snapshots at 80x24 of the main screens, on the demo store with the date frozen.

Update after a deliberate change with: pytest tests/test_snapshots.py --snapshot-update
(and look at the report). Textual is pinned exactly, since snapshots move with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_helpers import FROZEN_TODAY, SIZE, keys_for, make_app, make_demo


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return make_demo(tmp_path / "demo.json")


def test_dashboard(snap_compare, demo):
    assert snap_compare(make_app(demo), terminal_size=SIZE)


def test_dashboard_wide(snap_compare, demo):
    assert snap_compare(make_app(demo), terminal_size=(140, 30))


def test_welcome_on_an_empty_store(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path / "empty.json"), terminal_size=SIZE)


def test_wizard_step_1(snap_compare, demo):
    assert snap_compare(make_app(demo), press=["n", *keys_for("Raise NPS by 20%")], terminal_size=SIZE)


def test_wizard_step_2(snap_compare, demo):
    press = ["n", *keys_for("Raise NPS by 20%"), "pagedown", *keys_for("Lift NPS from 55 to 66"), "tab",
             *keys_for("55"), "tab", *keys_for("66"), "enter"]
    assert snap_compare(make_app(demo), press=press, terminal_size=SIZE)


def test_wizard_step_3(snap_compare, demo):
    press = ["n", *keys_for("Raise NPS by 20%"), "pagedown", "pagedown", *keys_for("New on-call rota"), "enter"]
    assert snap_compare(make_app(demo), press=press, terminal_size=SIZE)


def test_wizard_step_4_review(snap_compare, demo):
    press = ["n", *keys_for("Raise NPS by 20%"), "pagedown", *keys_for("Lift NPS"), "tab", *keys_for("55"), "tab",
             *keys_for("66"), "enter", "pagedown", *keys_for("New on-call rota"), "enter", "pagedown"]
    assert snap_compare(make_app(demo), press=press, terminal_size=SIZE)


def test_detail(snap_compare, demo):
    assert snap_compare(make_app(demo), press=["enter"], terminal_size=SIZE)


def test_checkin_dialog(snap_compare, demo):
    assert snap_compare(make_app(demo), press=["j", "c"], terminal_size=SIZE)


def test_help(snap_compare, demo):
    assert snap_compare(make_app(demo), press=["question_mark"], terminal_size=SIZE)


@pytest.mark.parametrize("theme", ["okrtui-light", "okrtui-16", "okrtui-high-contrast"])  # dark: test_dashboard
def test_dashboard_in_each_theme(snap_compare, demo, theme):
    from okrtui.store import Store
    from okrtui.ui.app import OkrApp

    app = OkrApp(Store(str(demo)), today=lambda: FROZEN_TODAY, cursor_blink=False, theme=theme)  # as --theme does
    assert snap_compare(app, terminal_size=SIZE)


def test_dashboard_60x20(snap_compare, demo):
    assert snap_compare(make_app(demo), terminal_size=(60, 20))


def test_wizard_step_3_60x20(snap_compare, demo):
    press = ["n", *keys_for("Raise NPS by 20%"), "pagedown", "pagedown"]
    assert snap_compare(make_app(demo), press=press, terminal_size=(60, 20))


def test_dashboard_120x40(snap_compare, demo):
    assert snap_compare(make_app(demo), terminal_size=(120, 40))


def test_quick_entry(snap_compare, demo):
    assert snap_compare(make_app(demo), press=["l"], terminal_size=SIZE)


def test_kpi_detail(snap_compare, demo):
    assert snap_compare(make_app(demo), press=["tab", "enter"], terminal_size=SIZE)


def test_review(snap_compare, demo):
    assert snap_compare(make_app(demo), press=["r"], terminal_size=SIZE)
