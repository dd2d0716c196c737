"""Shared helpers for the Pilot and snapshot tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from okrtui.demo import build_demo
from okrtui.store import Store
from okrtui.ui.app import OkrApp

FROZEN_TODAY = date(2026, 11, 27)
SIZE = (80, 24)

KEY_NAMES = {" ": "space", "[": "left_square_bracket", "]": "right_square_bracket", "/": "slash", "?": "question_mark",
             ".": "full_stop", ",": "comma", "-": "minus", "%": "percent_sign", "$": "dollar_sign", ":": "colon"}


def make_demo(path: Path) -> Path:
    with Store(str(path)).transaction() as repo:
        build_demo(repo, FROZEN_TODAY)
    return path


def make_app(path: Path) -> OkrApp:
    return OkrApp(Store(str(path)), today=lambda: FROZEN_TODAY, cursor_blink=False)


def keys_for(text: str) -> list[str]:
    return [KEY_NAMES.get(char, char) for char in text]


async def wait_until(pilot, condition, timeout: float = 10.0) -> None:
    """Pause until condition() holds: for what depends on timers (store polling, palette search)."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await pilot.pause(0.1)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*keys_for(text))


def option_texts(option_list) -> list[str]:
    return [_plain(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


def widget_text(widget) -> str:
    from textual.widgets import OptionList

    if isinstance(widget, OptionList):
        return "\n".join(option_texts(widget))
    return _plain(getattr(widget, "content", ""))


def screen_text(app) -> str:
    """The text of every Static, Label and OptionList on the current screen."""
    from textual.widgets import Label, OptionList, Static

    return "\n".join(widget_text(w) for w in app.screen.query("*") if isinstance(w, (Static, Label, OptionList)))


def _plain(value) -> str:
    return getattr(value, "plain", None) or str(value)


def burst_keys(template: str) -> list[str]:
    """`95000<tab>8<tab>two deals<enter>` as key names: text typed, <name> a named key."""
    import re

    keys: list[str] = []
    for named, text in re.findall(r"<([^<>]+)>|([^<]+)", template):
        keys += [named] if named else keys_for(text)
    return keys


def key_event(key: str):
    """The Key event a terminal's bytes become (as Textual's own Pilot makes it)."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _get_unicode_name_from_key

    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def burst(pilot, template: str) -> None:
    """Every key of `template` posted to the app at once, as one write over a lagging link brings
    them (Pilot.press waits for the app to go idle after each key, so it never sends a burst);
    then wait for the app to have handled them all."""
    app = pilot.app
    for key in burst_keys(template):
        app.post_message(key_event(key))
    await wait_until(pilot, lambda: not app.keys_in_hand)
    await pilot.pause()


def rendered(app) -> str:
    """What a terminal would be sent for the whole screen as it is now: every widget, the notices,
    a dialog over the screens beneath it (the headless driver writes nothing, so render it here)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return update.render_segments(app.console)


def leaks(text: str) -> list[str]:
    """Raw control characters in rendered output that are not Textual's own CSI sequences (ESC [):
    OSC (clipboard, title, links), BEL, C1 controls, bidi overrides and isolates."""
    import re

    found = re.findall(r"\x1b[^\[]|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                       r"\u202a-\u202e\u2066-\u2069]", text)
    return sorted(set(found))


async def to_kpi_row(pilot, app, name_start: str) -> None:
    """Focus the dashboard's KPI pane and move down to the KPI whose row starts with name_start."""
    from textual.widgets import OptionList

    kpi_list = app.screen.query_one("#kpis", OptionList)
    if app.focused is not kpi_list:
        await pilot.press("tab")
    await wait_until(pilot, lambda: app.focused is kpi_list)
    for _ in range(kpi_list.option_count):
        if option_texts(kpi_list)[kpi_list.highlighted].startswith(name_start):
            return
        await pilot.press("down")
    raise AssertionError(f"no KPI row starts with {name_start!r}")
