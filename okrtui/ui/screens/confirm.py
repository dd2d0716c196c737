"""Yes or no, before anything is thrown away."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from ..actions import bindings
from ..widgets.footer import KeyFooter
from .base import OkrModal


class ConfirmScreen(OkrModal):
    SCREEN_NAME = "confirm"
    BINDINGS = bindings("confirm")

    def __init__(self, question: str, yes: str = "y  yes", no: str = "n  no", quitting: bool = False):
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no
        self.quitting = quitting  # the question before quitting: q again quits

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(self.question, id="question", markup=False)
            yield Label(f"{self.yes}    {self.no}", classes="hint", markup=False)
        yield KeyFooter(show_command_palette=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
