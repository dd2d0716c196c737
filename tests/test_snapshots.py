"""SVG snapshots at 80x24 of the main screens, on the demo store with the date frozen.

Update after a deliberate change with: pytest tests/test_snapshots.py --snapshot-update
(and look at the report). Textual is pinned exactly, since snapshots move with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_helpers import SIZE, keys_for, make_app, make_demo


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
    press = ["n", *keys_for("Raise NPS by 20%"), "ctrl+n", *keys_for("Lift NPS from 55 to 66"), "tab",
             *keys_for("55"), "tab", *keys_for("66"), "enter"]
    assert snap_compare(make_app(demo), press=press, terminal_size=SIZE)


def test_wizard_step_3(snap_compare, demo):
    press = ["n", *keys_for("Raise NPS by 20%"), "ctrl+n", "ctrl+n", *keys_for("New on-call rota"), "enter"]
    assert snap_compare(make_app(demo), press=press, terminal_size=SIZE)


def test_wizard_step_4_review(snap_compare, demo):
    press = ["n", *keys_for("Raise NPS by 20%"), "ctrl+n", *keys_for("Lift NPS"), "tab", *keys_for("55"), "tab",
             *keys_for("66"), "enter", "ctrl+n", *keys_for("New on-call rota"), "enter", "ctrl+n"]
    assert snap_compare(make_app(demo), press=press, terminal_size=SIZE)


def test_detail(snap_compare, demo):
    assert snap_compare(make_app(demo), press=["enter"], terminal_size=SIZE)


def test_checkin_dialog(snap_compare, demo):
    assert snap_compare(make_app(demo), press=["j", "c"], terminal_size=SIZE)


def test_help(snap_compare, demo):
    assert snap_compare(make_app(demo), press=["question_mark"], terminal_size=SIZE)


def test_dashboard_16_colours(snap_compare, demo):
    app = make_app(demo)

    async def sixteen(pilot) -> None:
        app.theme = "okrtui-16"

    assert snap_compare(app, run_before=sixteen, terminal_size=SIZE)


def test_quick_entry(snap_compare, demo):
    assert snap_compare(make_app(demo), press=["l"], terminal_size=SIZE)


def test_kpi_detail(snap_compare, demo):
    assert snap_compare(make_app(demo), press=["tab", "enter"], terminal_size=SIZE)


def test_review(snap_compare, demo):
    assert snap_compare(make_app(demo), press=["r"], terminal_size=SIZE)
