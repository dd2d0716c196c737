"""Every key of the screen you came from, from the same table as the footer and palette."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
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
        with Vertical(id="help", classes="dialog"):
            yield Label(f"Keys: {SCREEN_TITLES[self.for_screen]}", id="help-title")
            with VerticalScroll(id="help-scroll"):
                # two columns: a long description wraps under itself, never under the keys
                with Grid(id="help-keys"):
                    yield from self._rows(self.for_screen)
                    for pane in PANES.get(self.for_screen, []):
                        yield Static(Content.assemble((f"{SCREEN_TITLES[pane]} (tab reaches it):", "bold")),
                                     classes="help-wide help-gap")
                        yield from self._rows(pane)
                    for note in NOTES.get(self.for_screen, []):
                        yield Static(Content.assemble((note, "$text-muted")), classes="help-wide help-gap")
                    yield Static(Content.assemble((
                        "Any key can be rebound in config.toml's [keys] table by the id after each action, "
                        'e.g. "wizard.next_step" = "ctrl+right".', "$text-muted")), classes="help-wide help-gap")
            yield Label("↑↓ scroll · esc closes this help", classes="hint")
        yield KeyFooter(show_command_palette=False)

    def _rows(self, section: str):
        for item in listed(section):
            binding_id = item.binding_id(section)
            yield Static(Content.assemble((keys_in_force(self.app, section, item), "bold $accent")), classes="help-key")
            yield Static(Content.assemble(item.help, (f"  {binding_id}" if binding_id else "", "$text-muted")))

    def help_text(self) -> str:
        """Everything help says, as plain text (for tests and screen readers' copy)."""
        return "\n".join(str(static.render()) for static in self.query("#help-keys Static"))

    def action_close(self) -> None:
        self.dismiss(None)
