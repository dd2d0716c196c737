"""Every key of the screen you came from, from the same table as the footer and palette:
the keys and what they do; the ids a config file rebinds them by come last, muted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from ..actions import NOTES, PANES, SCREEN_TITLES, bindings, keys_in_force, listed
from ..widgets.footer import KeyFooter
from .base import OkrModal


class HelpScroll(VerticalScroll, can_focus=True):
    """The keys, scrolled by j/k, the arrows, pgup and pgdn (VerticalScroll's own, and the table's j/k)."""


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
            yield Label("j/k ↑↓ pgup pgdn scroll · esc closes this help", id="help-hint", classes="hint")
            with HelpScroll(id="help-scroll"):
                # two columns: a long description wraps under itself, never under the keys
                with Grid(id="help-keys"):
                    sections = [self.for_screen, *PANES.get(self.for_screen, [])]
                    yield from self._rows(self.for_screen)
                    for pane in sections[1:]:
                        yield Static(Content.assemble((f"{SCREEN_TITLES[pane]} (tab reaches it):", "bold")),
                                     classes="help-wide help-gap")
                        yield from self._rows(pane)
                    for note in NOTES.get(self.for_screen, []):
                        yield Static(Content.assemble((note, "$text-muted")), classes="help-wide help-gap")
                    yield Static(self._ids(sections), classes="help-wide help-gap", id="help-ids")
        yield KeyFooter(show_command_palette=False)

    def _rows(self, section: str):
        for item in listed(section, getattr(self.app, "read_only", False)):
            yield Static(Content.assemble((keys_in_force(self.app, section, item), "bold $accent")), classes="help-key")
            yield Static(Content(item.help))

    def _ids(self, sections: list[str]) -> Content:
        """Last and muted: the id each key is rebound by in config.toml, for those who want to."""
        ids = [f"{item.binding_id(section)} ({keys_in_force(self.app, section, item)})"
               for section in sections for item in listed(section) if item.binding_id(section)]
        return Content.assemble((f'Rebind a key in config.toml as [keys] "ID" = "KEYS" (e.g. "wizard.next_step" = '
                                 f'"ctrl+right"); the ids here: {", ".join(dict.fromkeys(ids))}.', "$text-muted"))

    def help_text(self) -> str:
        """Everything help says, as plain text (for tests and screen readers' copy)."""
        return "\n".join(str(static.render()) for static in self.query("#help-keys Static"))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_up(animate=False)
