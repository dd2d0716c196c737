"""Every key of the screen you came from, from the same table as the footer and palette."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from ..actions import NOTES, PANES, SCREEN_TITLES, bindings, keys_in_force, listed
from ..widgets.footer import KeyFooter
from .base import OkrModal


class HelpScreen(OkrModal):
    SCREEN_NAME = "help"
    BINDINGS = bindings("help")
    AUTO_FOCUS = "#help-scroll"

    def __init__(self, for_screen: str):
        super().__init__()
        self.for_screen = for_screen

    def compose(self) -> ComposeResult:
        rows = [self._row(self.for_screen, item) for item in listed(self.for_screen)]
        for pane in PANES.get(self.for_screen, []):
            rows += [Content(""), Content.assemble((f"{SCREEN_TITLES[pane]} (tab reaches it):", "bold"))]
            rows += [self._row(pane, item) for item in listed(pane)]
        for note in NOTES.get(self.for_screen, []):
            rows += [Content(""), Content.assemble((note, "$text-muted"))]
        rows += [Content(""), Content.assemble((
            "Any key can be rebound in config.toml's [keys] table by the id after each action, "
            'e.g. "wizard.next_step" = "ctrl+right".', "$text-muted"))]
        with Vertical(id="help", classes="dialog"):
            yield Label(f"Keys: {SCREEN_TITLES[self.for_screen]}", id="help-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(Content("\n").join(rows), id="help-keys")
            yield Label("↑↓ scroll · esc closes this help", classes="hint")
        yield KeyFooter(show_command_palette=False)

    def _row(self, section: str, item) -> Content:
        binding_id = item.binding_id(section)
        return Content.assemble((f"{keys_in_force(self.app, section, item):>9}", "bold $accent"), "  ", item.help,
                                (f"  {binding_id}" if binding_id else "", "$text-muted"))

    def action_close(self) -> None:
        self.dismiss(None)
