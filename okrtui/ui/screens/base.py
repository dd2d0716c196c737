"""What every okrtui screen shares: the help key and a name in the action table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import ModalScreen, Screen

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


class OkrScreen(HelpMixin, Screen):
    pass


class OkrModal(HelpMixin, ModalScreen):
    pass
