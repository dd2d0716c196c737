"""The team's store in the TUI: conflicts to look at and dismiss, sync and the unsynced mark (real git)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import OptionList

from okrtui.domain.models import Kpi
from okrtui.store import Store
from tui_helpers import SIZE, make_app, make_demo, option_texts, wait_until


def _store_with_conflicts(path: Path) -> Path:
    make_demo(path)
    store = Store(str(path))
    with store.transaction() as repo:
        repo.tables.conflicts.insert({"kind": "conflict", "where": "objective 1 title", "kept": "Theirs", "other": "Ours"})
        kpi_id = repo.add_kpi(Kpi("Merged KPI"))
        repo.log_value(kpi_id, date(2026, 11, 20), 5)
    with store.transaction() as repo:
        values = repo.tables.kpi_values.get(doc_id=kpi_id)
        values["conflicts"] = [{"kind": "conflict", "where": "KPI 'Merged KPI' on 2026-11-20", "kept": [5, ""],
                                "other": [7, ""], "date": "2026-11-20"}]
        from okrtui.store.readonly import Doc

        repo.tables.kpi_values.upsert(Doc(values, kpi_id))
    return path


async def test_conflicts_are_shown_until_dismissed(tmp_path):
    path = _store_with_conflicts(tmp_path / "merged.json")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.sub_title == "2026-Q4 · 63% elapsed · ⚠ 2 conflicts (!)"  # fits 80 columns
        await pilot.press("exclamation_mark")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "conflicts")
        rows = option_texts(app.screen.query_one("#conflicts", OptionList))
        assert rows[0].endswith("  objective 1 title: kept \"Theirs\" over \"Ours\"")
        assert "kept 5 over 7" in rows[1]
        await pilot.press("j", "x")
        await pilot.pause()
        [(_, left)] = Store(str(path)).read().conflicts()
        assert left["where"] == "objective 1 title"
        await pilot.press("X")
        await pilot.pause()
        assert Store(str(path)).read().conflicts() == []
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "dashboard")
        assert "conflict" not in app.screen.sub_title


async def test_a_broken_values_file_is_a_notice_not_a_crash(tmp_path):
    path = make_demo(tmp_path / "demo.json")
    store = Store(str(path))
    broken = sorted(Path(store.values_folder).iterdir())[0]
    broken.write_text("{\n\"2026-11-01\":\"oops\"\n}\n", encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "dashboard"
        assert any(broken.name in n.message for n in app._notifications)
        assert option_texts(app.screen.query_one("#kpis", OptionList))  # the other KPIs are still there


@pytest.fixture
def clone(tmp_path, git_env):
    subprocess.run(["git", "init", "-q", "--bare", str(tmp_path / "team.git")], check=True)
    subprocess.run(["git", "clone", "-q", str(tmp_path / "team.git"), str(tmp_path / "work")], check=True,
                   capture_output=True)
    store = make_demo(tmp_path / "work" / "okrs.json")
    from okrtui.cli import main

    assert main(["--db", str(store), "git-setup"]) == 0
    return store


async def test_sync_from_the_palette_key_commits_and_pushes(clone, tmp_path):
    app = make_app(clone)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "● not synced (S)" in app.screen.sub_title)
        await pilot.press("S")
        await wait_until(pilot, lambda: "not synced" not in app.screen.sub_title, timeout=30)
    log = subprocess.run(["git", "log", "--format=%s", "origin/main"], cwd=clone.parent, capture_output=True,
                         text=True).stdout
    assert log.startswith("logged 2358 KPI values, added KPI 1 'Average response time' and 13 more changes")


async def test_a_store_that_only_sits_in_a_work_tree_is_not_marked(tmp_path, git_env):
    """The README's demo made inside a checkout of okrtui: no "not synced", and S says why not."""
    subprocess.run(["git", "init", "-q", str(tmp_path / "checkout")], check=True)
    path = make_demo(tmp_path / "checkout" / "demo.json")
    app = make_app(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause(0.6)
        assert "synced" not in app.screen.sub_title
        await pilot.press("S")
        await wait_until(pilot, lambda: any("not shared" in n.message for n in app._notifications))
    assert subprocess.run(["git", "log"], cwd=tmp_path / "checkout", capture_output=True).returncode != 0  # no commit
