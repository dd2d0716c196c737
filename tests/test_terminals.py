"""Every terminal our users SSH from: themes as data, settings that stick, keys, completion."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from okrtui.settings.config import load_settings
from okrtui.ui.actions import ACTIONS, binding_ids, bindings
from tui_helpers import FROZEN_TODAY, make_app, make_demo, wait_until

REPO = Path(__file__).resolve().parent.parent
SHIPPED = {"okrtui-dark", "okrtui-light", "okrtui-16", "okrtui-high-contrast"}


def notices(app) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


# -- themes and the config file ------------------------------------------------------------------

async def test_a_theme_picked_in_the_palette_is_there_after_a_restart(tmp_path, private_config):
    db = make_demo(tmp_path / "s.json")
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "okrtui-dark"
        assert set(app.available_themes) == SHIPPED  # only themes the contrast test has measured
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: "CommandPalette" in type(app.screen).__name__)
        await pilot.press(*"theme", "enter")
        await wait_until(pilot, lambda: "CommandPalette" in type(app.screen).__name__)
        await pilot.press(*"light", "enter")
        await wait_until(pilot, lambda: app.theme == "okrtui-light")
        await wait_until(pilot, lambda: private_config.exists())
    assert load_settings().theme == "okrtui-light"
    again = make_app(db)
    async with again.run_test(size=(80, 24)):
        assert again.theme == "okrtui-light"


async def test_a_broken_config_file_gives_a_notice_naming_it_and_the_defaults(tmp_path, private_config):
    private_config.parent.mkdir(parents=True)
    private_config.write_text('theme = "okrtui-light\n[keys\n', encoding="utf-8")
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "okrtui-dark" and app.screen.SCREEN_NAME == "dashboard"
        assert str(private_config) in notices(app) and "not valid TOML" in notices(app)
    assert private_config.read_text(encoding="utf-8") == 'theme = "okrtui-light\n[keys\n'  # left alone


@pytest.mark.parametrize("content, problem", [
    ('theme = 3', "theme must be"),
    ('theme = "no-such-theme"', "There is no theme 'no-such-theme'"),
    ('ascii = "yes"', "ascii must be true or false"),
    ('keys = "n"', "[keys] must be a table"),
    ('[keys]\n"dashboard.new_objective" = "ctrl+shift+🙂"', "keys.dashboard.new_objective must be key names"),
    ('[keys]\n"nothing.here" = "x"', "'nothing.here' is not a key binding's id"),
])
async def test_each_bad_setting_is_named_and_the_rest_still_applies(tmp_path, private_config, content, problem):
    private_config.parent.mkdir(parents=True)
    private_config.write_text(content + "\n", encoding="utf-8")
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert problem in notices(app)
        assert app.theme == "okrtui-dark"


async def test_user_themes_load_like_shipped_ones_and_a_broken_one_is_named(tmp_path, private_config):
    themes = private_config.parent / "themes"
    themes.mkdir(parents=True)
    (themes / "mine.toml").write_text('name = "mine"\nprimary = "#ff00ff"\ndark = true\n', encoding="utf-8")
    (themes / "broken.toml").write_text('name = "broken"\nprimary = "not a colour"\n', encoding="utf-8")
    (themes / "garbled.toml").write_text('name = \n', encoding="utf-8")
    private_config.write_text('theme = "mine"\n', encoding="utf-8")
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "mine"
        assert "broken" not in app.available_themes
        assert str(themes / "broken.toml") in notices(app) and str(themes / "garbled.toml") in notices(app)


async def test_the_16_colour_theme_is_chosen_on_a_16_colour_terminal_unless_one_was_picked(tmp_path, private_config,
                                                                                          monkeypatch):
    from okrtui.store import Store
    from okrtui.ui.app import OkrApp

    db = make_demo(tmp_path / "s.json")
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.delenv("TEXTUAL_COLOR_SYSTEM", raising=False)
    app = OkrApp(Store(str(db)), today=lambda: FROZEN_TODAY, cursor_blink=False, detect_colours=True)
    assert app.theme == "okrtui-16"
    private_config.parent.mkdir(parents=True)
    private_config.write_text('theme = "okrtui-light"\n', encoding="utf-8")
    app = OkrApp(Store(str(db)), today=lambda: FROZEN_TODAY, cursor_blink=False, detect_colours=True)
    assert app.theme == "okrtui-light"
    monkeypatch.setenv("TERM", "xterm-256color")
    private_config.unlink()
    app = OkrApp(Store(str(db)), today=lambda: FROZEN_TODAY, cursor_blink=False, detect_colours=True)
    assert app.theme == "okrtui-dark"


def test_okrtui_themes_and_the_theme_flag_from_a_shell(cli, demo_db, private_config):
    env = {"OKRTUI_CONFIG": str(private_config), "TERM": "xterm-256color", "COLORTERM": ""}
    listed = cli("themes", env=env)
    assert listed.code == 0
    lines = listed.out.splitlines()
    assert {line[2:] for line in lines} == SHIPPED
    assert "* okrtui-dark" in lines and sum(line.startswith("*") for line in lines) == 1
    assert "* okrtui-16" in cli("themes", env={**env, "TERM": "xterm"}).out.splitlines()  # as the TUI would
    private_config.parent.mkdir(parents=True)
    private_config.write_text('theme = "gone"\n', encoding="utf-8")
    assert "no theme 'gone'" in cli("themes", env=env).err
    marked = cli("--theme", "okrtui-light", "themes", env={"OKRTUI_CONFIG": str(private_config)})
    assert "* okrtui-light" in marked.out.splitlines()
    bad = cli("--theme", "neon", "status", env={"OKRTUI_CONFIG": str(private_config)})
    assert bad.code == 2 and "no theme 'neon'" in bad.err and "okrtui themes" in bad.err


def test_an_installed_okrtui_finds_every_shipped_theme(tmp_path):
    """`pip install .` (not editable) into a fresh virtual environment ships the theme files."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(REPO)],
                   check=True, capture_output=True, cwd=tmp_path)
    # its dependencies from this environment (after its own site-packages, so okrtui is the installed one)
    import sysconfig

    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "parent-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    out = subprocess.run([str(venv / "bin" / "okrtui"), "themes"], capture_output=True, text=True, check=True,
                         cwd=tmp_path, env={**os.environ, "OKRTUI_CONFIG": str(tmp_path / "c.toml")}).stdout
    assert {line[2:] for line in out.splitlines()} == SHIPPED
    where = subprocess.run([str(python), "-c", "import okrtui.themes, os; print(os.path.dirname(okrtui.themes.__file__))"],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout.strip()
    assert str(venv) in where


# -- keys ----------------------------------------------------------------------------------------

def test_no_default_key_is_one_tmux_or_screen_takes():
    for section in ACTIONS:
        for binding in bindings(section):
            assert not {"ctrl+b", "ctrl+a"} & set(binding.key.split(",")), (section, binding)


def test_every_binding_has_a_unique_id():
    seen = {}
    for section in ACTIONS:
        for binding in bindings(section):
            if binding.id and binding.id != "help":
                assert seen.setdefault(binding.id, binding.action) == binding.action, binding.id
    assert "wizard.next_step" in binding_ids() and "dashboard.previous_period" in binding_ids()


async def test_keys_rebound_in_the_config_work_and_show_in_footer_help_and_palette(tmp_path, private_config):
    private_config.parent.mkdir(parents=True)
    private_config.write_text('[keys]\n"dashboard.new_objective" = "N"\n"wizard.next_step" = "ctrl+right"\n',
                              encoding="utf-8")
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer_keys = [key.key_display for key in app.screen.query("FooterKey")]
        assert "N" in footer_keys and "n" not in footer_keys
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "New objective (N)" in titles
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = app.screen.help_text()
        assert "dashboard.new_objective" in help_text
        await pilot.press("escape", "n")
        await pilot.pause()
        assert app.screen.SCREEN_NAME == "dashboard"  # n no longer plans
        await pilot.press("N")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "wizard")
        await pilot.press("ctrl+right")
        await wait_until(pilot, lambda: app.screen.step == 1)


async def test_the_footer_keeps_help_in_sight_at_60_columns(tmp_path):
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        first = app.screen.query("FooterKey").first()
        assert first.description == "Help" and first.region.right <= 60


# -- completion ----------------------------------------------------------------------------------

@pytest.mark.parametrize("shell, marker", [("bash", "complete "), ("zsh", "compdef"), ("fish", "complete ")])
def test_completion_scripts_come_from_the_parser(cli, shell, marker):
    result = cli("completion", shell)
    assert result.code == 0 and marker in result.out and "okrtui" in result.out


def test_completion_completes_commands_and_options(tmp_path, db):
    out = tmp_path / "completions"
    env = {**os.environ, "_ARGCOMPLETE": "1", "_ARGCOMPLETE_SHELL": "bash", "COMP_LINE": "okrtui th",
           "COMP_POINT": "9", "_ARGCOMPLETE_STDOUT_FILENAME": str(out), "_ARGCOMPLETE_IFS": "\n"}
    subprocess.run([sys.executable, "-m", "okrtui"], env=env, capture_output=True, timeout=60)
    assert "themes" in out.read_text().split()
    env.update(COMP_LINE="okrtui kpi add --dir", COMP_POINT="20")
    subprocess.run([sys.executable, "-m", "okrtui"], env=env, capture_output=True, timeout=60)
    assert "--direction" in out.read_text().split()


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_notices_stay_few_and_compact_and_show_all_their_words(tmp_path, size):
    from contrast import _strips

    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=size, notifications=True) as pilot:  # run_test hides notices by default
        for n in range(6):
            app.notify(f"notice {n}")
        app.notify("notice 5")  # again: replaces itself
        await pilot.pause(0.3)
        assert [n.message for n in app._notifications] == ["notice 3", "notice 4", "notice 5"]
        toasts = app.screen.query("Toast")
        assert len(toasts) == 3 and sum(toast.region.height for toast in toasts) <= 6  # a line each, and titles
        app.clear_notifications()
        long = "[keys] r is bound to dashboard.new_objective and dashboard.review; the first wins"
        app.notify(long, title="Config: defaults used for", severity="warning")
        await pilot.pause(0.3)
        update = app.screen._compositor.render_update(full=True)
        screen = " ".join("".join(s.text for strip in _strips(line) for s in strip) for line in update.strips)
        assert "the first" in screen and "wins" in screen, "a notice's last line is shown"


async def test_ascii_draws_every_border_bar_and_sparkline_from_ascii(tmp_path):
    from okrtui.store import Store
    from okrtui.ui.app import OkrApp

    from contrast import _strips

    db = make_demo(tmp_path / "s.json")
    app = OkrApp(Store(str(db)), today=lambda: FROZEN_TODAY, cursor_blink=False, ascii_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        for keys in ([], ["tab", "enter"]):  # the dashboard, then the KPI detail with its chart
            await pilot.press(*keys)
            await pilot.pause(0.3)
            update = app.screen._compositor.render_update(full=True)
            text = "".join(segment.text for line in update.strips for strip in _strips(line) for segment in strip)
            drawn = {char for char in text if not char.isascii() and not char.isalpha() and not char.isdigit()}
            assert not drawn, sorted(drawn)
            assert "+-" in text and ("####" in text or ":" in text)  # a border; a bar or the chart's line


def test_ascii_for_the_shell_too(cli, demo_db):
    result = cli("--ascii", "status")
    assert result.code == 0 and "####" in result.out
    assert not {char for char in result.out if not char.isascii() and not char.isalpha() and not char.isdigit()}


async def test_a_broken_user_theme_with_a_shipped_name_leaves_the_shipped_one(tmp_path, private_config):
    themes = private_config.parent / "themes"
    themes.mkdir(parents=True)
    (themes / "dark.toml").write_text('name = "okrtui-dark"\nprimary = "no colour"\n', encoding="utf-8")
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "okrtui-dark" and app.current_theme.primary == "#6cb6ff"
        assert str(themes / "dark.toml") in notices(app)


async def test_a_rebound_key_is_not_reported_as_clashing_with_itself(tmp_path, private_config):
    private_config.parent.mkdir(parents=True)
    private_config.write_text('[keys]\n"wizard.next_step" = "ctrl+right"\n"help" = "f2"\n', encoding="utf-8")
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "wizard")
        await pilot.press("ctrl+right")
        await wait_until(pilot, lambda: app.screen.step == 1)
        await pilot.press("f2")
        await wait_until(pilot, lambda: app.screen.SCREEN_NAME == "help")
        assert "Key clash" not in notices(app)


def test_saving_the_theme_keeps_the_rest_of_the_config_file(private_config):
    from okrtui.settings.config import save_setting

    private_config.parent.mkdir(parents=True)
    private_config.write_text('# my settings\ntheme = "okrtui-dark"\n\n[pull]\n# bugs\n"Open bugs" = "gh x"\n',
                              encoding="utf-8")
    save_setting("theme", "okrtui-light")
    assert private_config.read_text(encoding="utf-8") == (
        '# my settings\ntheme = "okrtui-light"\n\n[pull]\n# bugs\n"Open bugs" = "gh x"\n')


def test_ascii_never_touches_data_output(cli, demo_db):
    cli("objective", "add", "Cut p95 ↘ below 200 ms — fast…")
    exported = cli("--ascii", "export", "--format", "json")
    listed = cli("--ascii", "kpi", "list", "--json")
    import json

    assert "Cut p95 ↘ below 200 ms — fast…" in json.dumps(json.loads(exported.out), ensure_ascii=False)
    json.loads(listed.out)


def test_keymap_clashes_are_named_from_the_table():
    from okrtui.ui.actions import keymap_clashes

    assert keymap_clashes({"wizard.next_step": "ctrl+right", "help": "f2"}) == []
    assert keymap_clashes({"dashboard.new_objective": "r"}) == [
        "[keys] r is bound to dashboard.new_objective and dashboard.review; the first wins"]
    assert keymap_clashes({"dashboard.edit": "x", "dashboard.delete": "x"}) == [
        "[keys] x is bound to dashboard.edit and dashboard.delete; the first wins"]


async def test_user_themes_with_bad_variables_or_names_are_refused_by_name(tmp_path, private_config):
    themes = private_config.parent / "themes"
    themes.mkdir(parents=True)
    (themes / "vars.toml").write_text('name = "vars"\n[variables]\n"footer-key-foreground" = "???"\n',
                                      encoding="utf-8")
    (themes / "evil.toml").write_text('name = "evil\\u001b]0;pwned\\u0007\\u202e"\n', encoding="utf-8")
    (themes / "zz-twin.toml").write_text('name = "vars"\nprimary = "#ff0000"\n', encoding="utf-8")
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert set(app.available_themes) == SHIPPED
        said = notices(app)
        assert "vars.toml" in said and "evil.toml" in said and "\x1b" not in said
        assert "zz-twin.toml" in said  # a second file naming the same theme


def test_completion_offers_theme_names(tmp_path, db):
    out = tmp_path / "completions"
    env = {**os.environ, "_ARGCOMPLETE": "1", "_ARGCOMPLETE_SHELL": "bash", "COMP_LINE": "okrtui --theme okrtui-h",
           "COMP_POINT": "23", "_ARGCOMPLETE_STDOUT_FILENAME": str(out), "_ARGCOMPLETE_IFS": "\n"}
    subprocess.run([sys.executable, "-m", "okrtui"], env=env, capture_output=True, timeout=60)
    assert out.read_text().split() == ["okrtui-high-contrast"]


async def test_on_a_16_colour_terminal_any_theme_highlights_in_reverse_video(tmp_path, monkeypatch):
    from okrtui.store import Store
    from okrtui.ui.app import OkrApp

    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM", raising=False)
    app = OkrApp(Store(str(make_demo(tmp_path / "s.json"))), today=lambda: FROZEN_TODAY, cursor_blink=False,
                 theme="okrtui-light", detect_colours=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "okrtui-light" and app.has_class("-few-colours")
        objectives = app.screen.query_one("#objectives")
        assert objectives.get_visual_style("option-list--option", "option-list--option-highlighted").reverse


async def test_the_wizard_offers_no_next_step_on_its_last(tmp_path):
    app = make_app(make_demo(tmp_path / "s.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "pagedown", "pagedown", "pagedown")
        await wait_until(pilot, lambda: app.screen.step == 3)
        await pilot.pause(0.2)
        shown = [key.description for key in app.screen.query("FooterKey")]
        assert "Next step" not in shown and "Prev step" in shown
