"""What every okrtui screen shares: the help key and a name in the action table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList

if TYPE_CHECKING:
    from ..app import OkrApp


class HelpMixin:
    SCREEN_NAME = ""

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen(self.SCREEN_NAME))

    @property
    def okr(self) -> OkrApp:
        return self.app  # type: ignore[return-value]

    def reload(self) -> None:
        """Called when the store changed on disk (another process wrote it)."""

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:  # type: ignore[override]
        # Notices quote titles and paths: plain text unless a caller asks for markup.
        self.app.notify(message, markup=markup, **kwargs)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # A list reached by tab shows its cursor at once, so keys act on something visible.
        widget = event.widget
        if isinstance(widget, OptionList) and widget.highlighted is None and widget.option_count:
            widget.action_first()

    def action_cursor_down(self) -> None:
        self._move_cursor("action_cursor_down")

    def action_cursor_up(self) -> None:
        self._move_cursor("action_cursor_up")

    def _move_cursor(self, method: str) -> None:
        focused = self.focused  # type: ignore[attr-defined]
        if not isinstance(focused, OptionList):
            lists = self.query(OptionList)  # type: ignore[attr-defined]
            if not lists:
                return
            focused = lists.first()
            focused.focus()
        getattr(focused, method)()


class OkrScreen(HelpMixin, Screen):
    pass


class OkrModal(HelpMixin, ModalScreen):
    pass
